"""Export page: tumour-board PDF, HTML summary, case JSON, CSV tables, FHIR bundle, evaluation.

One click per format (``ui.downloads``): the file is built when its button is clicked and
contains the pseudonymous case ID only.
"""

import streamlit as st

from ui.downloads import render_export_buttons
from ui.error_boundary import page_boundary
from ui.frame import page_frame

with page_boundary("export"):
    frame = page_frame("export")
    t = frame.t
    st.title(t("export.ui.title"))

    if frame.case is None or frame.evaluation is None:
        st.info(t("export.ui.no_case"))
        st.page_link("pages/1_Case.py", label=t("pathway.go_case"), icon=":material/edit_note:")
        st.stop()

    colon = t("punct.colon")
    st.caption(
        f"{t('export.case_id')}{colon} `{frame.case.id}` · {t('export.date')}{colon} {frame.today}"
        f" · {t('export.ui.ruleset', version=frame.evaluation.ruleset_version)}"
    )
    st.write(t("export.ui.intro"))
    render_export_buttons(
        frame.case,
        frame.evaluation,
        t,
        "export_page",
        today=frame.today,
        saved_version=frame.info.version,
    )
    st.caption(t("export.ui.privacy"))
    st.caption(t("export.notice"))
