"""Trends page: headline, marker kinetics in words, history on one time axis, tables."""

import streamlit as st

from ui.error_boundary import page_boundary
from ui.frame import page_frame
from ui.trends_view import headline, history_panel, kinetics_summary, marker_panel, recist_panel

with page_boundary("trends"):
    frame = page_frame("trends")
    t = frame.t
    st.title(t("page.trends.title"))

    if frame.case is None or frame.evaluation is None:
        st.warning(t("pathway.no_case"))
        st.page_link("pages/1_Case.py", label=t("pathway.go_case"), icon=":material/edit_note:")
        st.stop()

    headline(frame.evaluation, t)
    kinetics_summary(frame.case, frame.evaluation, t)

    st.header(t("trends.history.title"))
    history_panel(frame.case, t)

    st.header(t("trends.recist_table"))
    recist_panel(frame.case, t)
    st.header(t("trends.kinetics_title"))
    marker_panel(frame.case, frame.evaluation, t)
    st.caption(t("pathway.notice"))
