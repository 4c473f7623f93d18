"""Trends page: marker, imaging and treatment-line charts, RECIST and marker kinetics tables."""

import streamlit as st

from ui.frame import page_frame
from ui.trends_view import chart_panels, marker_panel, recist_panel

frame = page_frame("trends")
t = frame.t
st.title(t("page.trends.title"))

if frame.case is None or frame.evaluation is None:
    st.warning(t("pathway.no_case"))
    st.page_link("pages/1_Case.py", label=t("pathway.go_case"), icon="📝")
    st.stop()

recist = frame.evaluation.trends.recist
progression = frame.evaluation.progression
c1, c2, c3 = st.columns(3)
c1.metric(t("trends.latest_category"), recist.latest.value if recist.latest else "–")
pace = progression.value.value
c2.metric(
    t("trends.progression"),
    t("trends.pace_unknown" if pace == "unknown" else f"value.progression.{pace}"),
)
c3.metric(
    t("trends.tgr"),
    "–" if recist.tgr_percent_per_month is None else f"{recist.tgr_percent_per_month:.1f}",
)
if progression.reason:
    st.caption(progression.reason)

chart_panels(frame.case, t)

st.subheader(t("trends.recist_table"))
recist_panel(frame.case, t)
st.subheader(t("trends.marker_table"))
marker_panel(frame.case, frame.evaluation.trends.markers, t)
st.caption(t("pathway.notice"))
