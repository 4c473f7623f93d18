"""Pathway page: the answer first (grade, pace, options), alerts by urgency, the tree, cards."""

import streamlit as st

from netlogic.clinical.explain import cap_rule_ids, case_facts
from netlogic.export.formats import ExportFormat
from ui.current_case import case_hash
from ui.downloads import render_export_buttons
from ui.error_boundary import page_boundary
from ui.frame import page_frame
from ui.pathway_tree import pathway_tree
from ui.pathway_view import alerts_panel, header_band, offered_section, why_not_section
from ui.session_memo import memo

with page_boundary("pathway"):
    frame = page_frame("pathway")
    t = frame.t
    st.title(t("page.pathway.title"))
    st.caption(t("pathway.disclaimer"))

    evaluation = frame.evaluation
    if frame.case is None or evaluation is None:
        st.warning(t("pathway.no_case"), icon=":material/folder_off:")
        st.page_link("pages/1_Case.py", label=t("pathway.go_case"), icon=":material/edit_note:")
        st.stop()

    case = frame.case
    header_band(case.id, evaluation, t)
    alerts_panel(evaluation.alerts, t)

    # What each unmet condition of "why not" is compared with: this case's facts.
    facts = memo("pathway", (case_hash(case), frame.today), lambda: case_facts(case, evaluation))
    caps = cap_rule_ids()

    st.header(t("pathway.tree"))
    pathway_tree(evaluation, t, facts, caps)
    offered_section(evaluation, t, facts, caps)
    why_not_section(evaluation, t, facts, caps)

    # The tumour-board summary is what a clinician takes from this page; other formats: Export.
    with st.expander(t("pathway.export"), icon=":material/description:"):
        render_export_buttons(
            case,
            evaluation,
            t,
            "pathway",
            formats=[ExportFormat.PDF, ExportFormat.HTML],
            today=frame.today,
            saved_version=frame.info.version,
        )
