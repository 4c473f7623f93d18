"""The interactive pathway tree: the figure, the same tree as a list beside it, node cards.

Clicking a row of the figure (or a name in the list) opens that node's card in a dialog: a
therapy's card (status, rule, reasons, cautions, sources, why not), a family's members, or
the grade and how it was set. "Offered options only" hides the branches the rules do not
offer. The list is the figure's text alternative and the way in for a keyboard or a screen
reader; the figure also carries a one-sentence description (``alt``).

This module owns the session-state keys prefixed ``pathway_tree.``: the "offered only"
choice (kept across page switches in an owned key), the node to open on this run, and a
revision number that gives the chart a fresh key after each click, so the clicked row is not
left selected (a second click on it opens the card again).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import streamlit as st

from netlogic.clinical.diagram import ROOT_ID, TreeNode, tree_figure, tree_nodes, tree_summary
from netlogic.clinical.evaluation import Evaluation
from netlogic.model.vocabulary import THERAPY_FAMILY
from netlogic.reference.i18n import Translator
from ui.callback_guard import guarded
from ui.pathway_view import STATUS_ICON, grade_body, option_body, status_badge
from ui.plain_text import plain

_OFFERED_ONLY = "pathway_tree.offered_only"
_OFFERED_ONLY_WIDGET = "pathway_tree.offered_only_choice"
_OPEN = "pathway_tree.open"
_REVISION = "pathway_tree.revision"
CHART_CONFIG = {"displayModeBar": False, "scrollZoom": False, "responsive": True}
STYLESHEET = Path(__file__).with_name("pathway.css")


@cache
def _stylesheet() -> str:
    """The page's static stylesheet (a file of this project, never user text)."""
    return STYLESHEET.read_text(encoding="utf-8")


def init_state() -> None:
    st.session_state.setdefault(_OFFERED_ONLY, False)
    st.session_state.setdefault(_OPEN, None)
    st.session_state.setdefault(_REVISION, 0)


def _chart_key() -> str:
    return f"pathway_tree.chart.{st.session_state[_REVISION]}"


def _open(node_id: str) -> None:
    st.session_state[_OPEN] = node_id


def _on_chart_select() -> None:
    event = st.session_state.get(_chart_key())
    points = event.selection.points if event is not None else []
    if points:
        picked = points[0].get("customdata")
        if isinstance(picked, list):
            picked = picked[0] if picked else None
        if isinstance(picked, str):
            st.session_state[_OPEN] = picked
    st.session_state[_REVISION] += 1


def _keep_offered_only() -> None:
    st.session_state[_OFFERED_ONLY] = st.session_state[_OFFERED_ONLY_WIDGET]


def _node_list(nodes: list[TreeNode], evaluation: Evaluation, t: Translator) -> None:
    """The tree as a list of buttons: root, each family, its therapies with their status."""
    st.markdown(f"**{t('pathway.tree.list')}**")
    for node in nodes:
        if node.kind == "root":
            label = t("pathway.tree.grade_card", grade=node.label)
            icon = ":material/biotech:"
        elif node.kind == "family":
            label = f"**{node.label}**"
            icon = ":material/folder_open:"
        else:
            status = node.status
            assert status is not None  # a therapy node always has a status
            label = t("pathway.tree.open_node", name=node.label, status=t(f"status.{status.value}"))
            icon = STATUS_ICON[status]
        st.button(
            label,
            key=f"pathway_tree.list.{node.id}",
            icon=icon,
            type="tertiary",
            on_click=guarded(_open),
            args=(node.id,),
            wrap=True,
        )


def _card(
    node_id: str,
    evaluation: Evaluation,
    t: Translator,
    facts: Mapping[str, Any] | None,
    not_indications: Collection[str],
) -> None:
    """The dialog of one node (called only on the run after a click, so it opens once)."""
    if node_id == ROOT_ID:
        title = t("pathway.grade")
        icon = ":material/biotech:"

        def body() -> None:
            grade_body(evaluation, t)

    elif node_id.startswith("family:"):
        family = node_id.split(":", 1)[1]
        title = t("pathway.tree.family_card", family=t(f"pathway.branch.{family}"))
        icon = ":material/folder_open:"
        members = [o for o in evaluation.options if THERAPY_FAMILY[o.therapy].value == family]

        def body() -> None:
            for option in members:
                name = t(f"therapy.{option.therapy.value}")
                st.markdown(f"{status_badge(option.status, t)} **{name}**")
                if option.reasons:
                    st.caption(plain(option.reasons[0]))

    else:
        therapy = node_id.split(":", 1)[1]
        option = next((o for o in evaluation.options if o.therapy.value == therapy), None)
        if option is None:
            return
        title = t(f"therapy.{option.therapy.value}")
        icon = STATUS_ICON[option.status]

        def body() -> None:
            option_body(
                option, t, f"pathway_tree.card.{option.therapy.value}", facts, not_indications
            )

    st.dialog(title, width="large", icon=icon)(body)()


def pathway_tree(
    evaluation: Evaluation,
    t: Translator,
    facts: Mapping[str, Any] | None = None,
    not_indications: Collection[str] = (),
) -> None:
    """The tree section: the "offered only" switch, the figure, the list, and a node's card."""
    init_state()
    st.html(f"<style>{_stylesheet()}</style>")
    st.session_state[_OFFERED_ONLY_WIDGET] = st.session_state[_OFFERED_ONLY]
    st.toggle(
        t("pathway.tree.offered_only"),
        key=_OFFERED_ONLY_WIDGET,
        on_change=guarded(_keep_offered_only),
        help=t("pathway.tree.offered_only_help"),
    )
    nodes = tree_nodes(evaluation, t, offered_only=st.session_state[_OFFERED_ONLY])
    st.caption(t("pathway.tree.click_hint"))
    figure_column, list_column = st.columns([1, 1], gap="small")
    with figure_column:
        st.plotly_chart(
            tree_figure(nodes, t),
            key=_chart_key(),
            on_select=_on_chart_select,
            selection_mode="points",
            config=CHART_CONFIG,
            alt=t("pathway.tree.alt", summary=tree_summary(nodes, t)),
        )
    with list_column, st.container(key="pathway_tree-list"):
        _node_list(nodes, evaluation, t)
    opened = st.session_state[_OPEN]
    if opened is not None:
        st.session_state[_OPEN] = None
        _card(opened, evaluation, t, facts, not_indications)
