"""Export page: tumour-board PDF, HTML summary, case JSON, CSV tables and FHIR bundle.

Files are built only when asked (``ui.downloads``) and contain the pseudonymous case ID only.
"""

import streamlit as st

from ui.downloads import format_chooser, render_export_buttons
from ui.frame import page_frame

frame = page_frame("export")
t = frame.t
st.title(t("export.ui.title"))

if frame.case is None or frame.evaluation is None:
    st.info(t("export.ui.no_case"))
    st.page_link("pages/1_Case.py", label=t("pathway.go_case"), icon="📝")
    st.stop()

st.caption(f"{t('export.case_id')}: `{frame.case.id}` · {t('export.date')}: {frame.today}")
chosen = format_chooser(t, "export_page")
render_export_buttons(
    frame.case, frame.evaluation, t, "export_page", formats=[chosen], today=frame.today
)
st.caption(t("export.ui.privacy"))
st.caption(t("export.notice"))
