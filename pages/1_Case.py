"""Case page: open or start a case, enter it section by section, check it, save it."""

import streamlit as st

from ui import case_draft
from ui.case_form import case_form
from ui.case_sources import sources_panel
from ui.case_store import save_panel
from ui.frame import page_frame

frame = page_frame("case")
t = frame.t
case_draft.init_state(frame.today)
case_draft.follow_current_case()

st.title(t("page.case.title"))
st.caption(t("case.privacy"))
sources_panel(t, frame.today)

notice = case_draft.pop_notice()
if notice is not None:
    kind, key, params = notice
    getattr(st, kind)(t(key, **params))

problems = case_draft.problems()
if problems:
    st.error(t("case.problems", count=len(problems)), icon="⚠️")
elif frame.case is not None and frame.evaluation is not None:
    st.success(t("case.valid", case_id=frame.case.id, grade=frame.evaluation.grade.label))

submitted = case_form(case_draft.data(), problems, t, case_draft.rev())
if submitted is not None:
    case_draft.submit(submitted, frame.today, frame.lang)
    st.rerun()

st.divider()
save_panel(t, frame.author, frame.today)
if frame.case is not None:
    st.page_link("pages/2_Pathway.py", label=t("case.see_pathway"), icon="🧭")
