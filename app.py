"""NET pathway dashboard: home page (the pages live in pages/, discovered by Streamlit)."""

import streamlit as st

from netlogic.clinical.grading import grade_label
from ui.error_boundary import page_boundary
from ui.frame import page_frame
from ui.identity import home_note

with page_boundary("home"):
    frame = page_frame("home")
    t = frame.t

    st.title(t("home.title"))
    st.write(t("home.intro"))
    st.markdown(t("home.steps"))
    if frame.case is not None and frame.evaluation is not None:
        grade = grade_label(frame.evaluation.grade.label, t)
        st.success(t("home.current", case_id=frame.case.id, grade=grade))
    st.page_link("pages/1_Case.py", label=t("home.start"), icon=":material/edit_note:")
    home_note(t)
    st.info(t("frame.notice"), icon=":material/medical_information:")
