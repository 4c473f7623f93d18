"""Pathway page: alerts by urgency, grade card, pathway tree, one card per option, why not."""

import streamlit as st

from netlogic.clinical.diagram import pathway_dot
from netlogic.export.formats import ExportFormat
from netlogic.model.vocabulary import Status
from ui.downloads import render_export_buttons
from ui.frame import page_frame
from ui.pathway_view import alerts_panel, grade_card, option_card, why_not

frame = page_frame("pathway")
t = frame.t
st.title(t("page.pathway.title"))
st.info(t("pathway.notice"), icon="⚕️")

evaluation = frame.evaluation
if frame.case is None or evaluation is None:
    st.warning(t("pathway.no_case"))
    st.page_link("pages/1_Case.py", label=t("pathway.go_case"), icon="📝")
    st.stop()

st.caption(t("pathway.case_line", case_id=frame.case.id, ruleset=evaluation.ruleset_version))
alerts_panel(evaluation.alerts, t)
grade_card(evaluation.grade, t)

st.subheader(t("pathway.tree"))
st.graphviz_chart(pathway_dot(evaluation, t), width="stretch")

rank = {Status.RECOMMENDED: 0, Status.OPTION: 1}
offered = sorted((o for o in evaluation.options if o.offered), key=lambda o: rank[o.status])
st.subheader(t("pathway.offered", count=len(offered)))
if not offered:
    st.info(t("pathway.none_offered"))
for option in offered:
    option_card(option, t)

not_offered = [o for o in evaluation.options if not o.offered]
with st.expander(t("pathway.why_not", count=len(not_offered))):
    why_not(not_offered, t)

# The tumour-board summary is what a clinician takes from this page; other formats: Export.
with st.expander(t("pathway.export"), icon="📄"):
    render_export_buttons(
        frame.case,
        evaluation,
        t,
        "pathway",
        formats=[ExportFormat.PDF, ExportFormat.HTML],
        today=frame.today,
    )
