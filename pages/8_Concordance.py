"""Concordance page: over a period, how the tumour board's decisions stood against the
pathway offered at the time (within the recommended options, within the options, outside
them and why), per therapy, and how many were taken without quorum."""

import streamlit as st

from ui.concordance_view import period_form, period_words, report, report_sections
from ui.error_boundary import page_boundary
from ui.frame import page_frame

with page_boundary("concordance"):
    frame = page_frame("concordance")
    t = frame.t
    st.title(t("page.concordance.title"))
    st.caption(t("concordance_ui.intro"))

    start, end = period_form(t)
    found = report(t, start, end)
    if found is None:
        st.stop()
    st.caption(period_words(start, end, t))
    report_sections(found, t)
    st.caption(t("meetings.notice"))
