"""Teaching page: a vignette and a quiz scored against the engine, or the projector mode."""

import streamlit as st

from ui.error_boundary import page_boundary
from ui.frame import page_frame
from ui.quiz_widgets import (
    choose_case,
    init_state,
    open_in_pages,
    quiz_form,
    quiz_result,
    teacher_view,
    vignette,
)

with page_boundary("teaching"):
    frame = page_frame("teaching")
    t = frame.t
    init_state()
    st.title(t("teaching.title"))
    st.caption(t("teaching.intro"))

    teaching, mode = choose_case(t)
    evaluation = teaching.evaluate(frame.lang)

    if mode == "teacher":
        # The projector reveals the vignette itself, one step at a time.
        teacher_view(teaching, evaluation, t)
    else:
        vignette(teaching, t)
        open_in_pages(teaching, t)
        quiz_form(teaching, t)
        quiz_result(teaching, evaluation, t)
