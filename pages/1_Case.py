"""Case page: open or start a case, enter it section by section (each field checked as it is
left), see its grade beside the pathology, save exactly what is on screen, read its versions."""

import streamlit as st

from ui import case_draft, case_tables
from ui.case_form import case_form
from ui.case_history import history_section
from ui.case_sources import sources_panel
from ui.case_status import status_panel
from ui.error_boundary import page_boundary
from ui.frame import page_frame

with page_boundary("case"):
    frame = page_frame("case")
    t = frame.t
    case_draft.prepare(frame.today, frame.lang)
    case_tables.remember_status()

    st.title(t("page.case.title"))
    st.caption(t("case.privacy"))
    status = st.container()
    # Drawn in the order that matters after a change (the section the clinician is typing in,
    # then the save state and problems above it); shown in reading order.
    case_form(t, frame.lang, lambda: history_section(t, frame.author))
    if case_draft.checked_case() is not None:
        st.page_link(
            "pages/2_Pathway.py", label=t("case.see_pathway"), icon=":material/account_tree:"
        )
    with status:
        status_panel(
            t,
            frame.author,
            frame.today,
            frame.lang,
            lambda: sources_panel(t, frame.today, frame.lang),
        )
