"""The pathway tree (knowledge base section 4): its layout and its interactive figure.

Root: the grade; branches: the families of treatment (``THERAPY_FAMILY``); leaves: every
therapy node of the evaluation, each in its family, coloured and shaped by its status. The
tree is drawn as an indented outline, one node per row (root, then each family followed by
its therapies), with elbow connectors: it reads top-down on a phone as on a laptop, labels
never overlap, and a row is a tap target (the page opens the node's card when a row is
clicked). The preferred path (root -> family -> each ``recommended`` option) is drawn thick;
offered options (``option``) keep a normal connector, options not offered a dotted one.

:func:`tree_nodes` is the layout as data (also the text list the page shows beside the
figure); :func:`tree_figure` draws it with Plotly. Both are pure functions of the evaluation
and the translator, so they are tested on their data.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import Literal

import plotly.graph_objects as go

from netlogic.clinical.grading import grade_label
from netlogic.clinical.results import Evaluation, OptionResult
from netlogic.model.vocabulary import THERAPY_FAMILY, Status, Therapy, TherapyFamily
from netlogic.reference.i18n import Translator

NodeKind = Literal["root", "family", "therapy"]
ROOT_ID = "root"
ROW_HEIGHT_PX = 27
INDENT = {"root": 0.0, "family": 0.45, "therapy": 0.9}
LABEL_GAP = 0.22
X_RANGE = (-0.25, 8.0)
# Longer labels wrap onto a second row: a 390 px phone shows about 32 characters of a label.
WRAP_CHARS = 30
FONT = "Source Sans Pro, Helvetica, Arial, sans-serif"


@dataclass(frozen=True)
class StatusStyle:
    colour: str  # marker fill and connector colour
    border: str
    symbol: str  # the shape says the status too (not colour alone)
    font: str


# Colours pass WCAG AA contrast for text on white; shapes differ per status.
STATUS_STYLES: dict[Status, StatusStyle] = {
    Status.RECOMMENDED: StatusStyle("#1a7f37", "#0b3d1a", "circle", "#0b3d1a"),
    Status.OPTION: StatusStyle("#1f5f8b", "#0c2d48", "diamond", "#0c2d48"),
    # An open symbol is drawn in its colour: the grey ring of a node not offered.
    Status.NOT_RECOMMENDED: StatusStyle("#6b7280", "#6b7280", "circle-open", "#4b5563"),
    Status.CONTRAINDICATED: StatusStyle("#b91c1c", "#7f1d1d", "x", "#7f1d1d"),
}
PREFERRED_EDGE = "#1a7f37"
OFFERED_EDGE = "#1f5f8b"
OTHER_EDGE = "#9ca3af"


@dataclass(frozen=True)
class TreeNode:
    """One row of the tree: what it is, its words, its status and its parent."""

    id: str  # "root", "family:hormonal", "therapy:ssa"
    kind: NodeKind
    label: str
    parent: str | None
    status: Status | None  # therapies; families carry the best status of their members
    preferred: bool  # on the path to a recommended option
    offered: bool
    depth: int
    row: int  # the first row it occupies
    lines: int = 1  # rows it occupies (a long label wraps)

    @property
    def y(self) -> float:
        """Vertical centre of the node (rows grow downwards)."""
        return -(self.row + (self.lines - 1) / 2)

    @property
    def wrapped(self) -> list[str]:
        return textwrap.wrap(self.label, WRAP_CHARS) or [self.label]

    @property
    def therapy(self) -> Therapy | None:
        return Therapy(self.id.split(":", 1)[1]) if self.kind == "therapy" else None

    @property
    def family(self) -> TherapyFamily | None:
        return TherapyFamily(self.id.split(":", 1)[1]) if self.kind == "family" else None


def family_id(family: TherapyFamily) -> str:
    return f"family:{family.value}"


def therapy_id(therapy: Therapy) -> str:
    return f"therapy:{therapy.value}"


_RANK = {Status.RECOMMENDED: 0, Status.OPTION: 1, Status.CONTRAINDICATED: 2}


def _best(options: list[OptionResult]) -> Status:
    return min((o.status for o in options), key=lambda s: _RANK.get(s, 3))


def tree_nodes(evaluation: Evaluation, t: Translator, offered_only: bool = False) -> list[TreeNode]:
    """The rows of the tree in drawing order: root, then each family and its therapies.

    Every therapy node of the evaluation sits under its family (``THERAPY_FAMILY``), families
    in tree order. ``offered_only`` keeps only the offered options and their families.
    """
    by_family: dict[TherapyFamily, list[OptionResult]] = {}
    for option in evaluation.options:
        if offered_only and not option.offered:
            continue
        by_family.setdefault(THERAPY_FAMILY[option.therapy], []).append(option)
    nodes: list[TreeNode] = []

    def next_row() -> int:
        return nodes[-1].row + nodes[-1].lines if nodes else 0

    nodes.append(
        TreeNode(
            id=ROOT_ID,
            kind="root",
            label=grade_label(evaluation.grade.label, t),
            parent=None,
            status=None,
            preferred=any(o.status is Status.RECOMMENDED for o in evaluation.options),
            offered=any(o.offered for o in evaluation.options),
            depth=0,
            row=0,
        )
    )
    for family in TherapyFamily:
        members = by_family.get(family)
        if not members:
            continue
        fid = family_id(family)
        label = t(f"pathway.branch.{family.value}")
        nodes.append(
            TreeNode(
                id=fid,
                kind="family",
                label=label,
                parent=ROOT_ID,
                status=_best(members),
                preferred=any(o.status is Status.RECOMMENDED for o in members),
                offered=any(o.offered for o in members),
                depth=1,
                row=next_row(),
                lines=len(textwrap.wrap(label, WRAP_CHARS)) or 1,
            )
        )
        for option in members:
            label = t(f"therapy.{option.therapy.value}")
            nodes.append(
                TreeNode(
                    id=therapy_id(option.therapy),
                    kind="therapy",
                    label=label,
                    parent=fid,
                    status=option.status,
                    preferred=option.status is Status.RECOMMENDED,
                    offered=option.offered,
                    depth=2,
                    row=next_row(),
                    lines=len(textwrap.wrap(label, WRAP_CHARS)) or 1,
                )
            )
    return nodes


def _edge_style(child: TreeNode) -> tuple[str, float, str]:
    if child.preferred:
        return PREFERRED_EDGE, 3.0, "solid"
    if child.offered:
        return OFFERED_EDGE, 1.6, "solid"
    return OTHER_EDGE, 1.2, "dot"


def _connectors(nodes: list[TreeNode]) -> list[go.Scatter]:
    """Elbow connectors (down from the parent, then across to the child), one trace per
    style; they take no hover or click, so a click always lands on a node."""
    by_id = {n.id: n for n in nodes}
    groups: dict[tuple[str, float, str], tuple[list[float | None], list[float | None]]] = {}
    for child in nodes:
        if child.parent is None:
            continue
        parent = by_id[child.parent]
        xs, ys = groups.setdefault(_edge_style(child), ([], []))
        px = INDENT[parent.kind]
        xs += [px, px, INDENT[child.kind], None]
        ys += [parent.y, child.y, child.y, None]
    return [
        go.Scatter(
            x=xs,
            y=ys,
            mode="lines",
            line={"color": colour, "width": width, "dash": dash},
            hoverinfo="skip",
            showlegend=False,
        )
        for (colour, width, dash), (xs, ys) in groups.items()
    ]


def _marker(node: TreeNode) -> tuple[str, str, str, int]:
    """(fill, border, symbol, size) of a node's marker."""
    if node.kind == "root":
        return "#1a1a1a", "#1a1a1a", "circle", 14
    style = STATUS_STYLES[node.status or Status.NOT_RECOMMENDED]
    if node.kind == "family":
        return style.colour, style.border, "square", 11
    return style.colour, style.border, style.symbol, 14


def _label(node: TreeNode) -> str:
    # Plotly text takes a few tags; labels come from the catalogues, never from user text.
    # The leading en space keeps the label clear of its marker.
    lines = [f"\u2002{line}" for line in node.wrapped]
    text = "<br>".join(lines)
    return f"<b>{text}</b>" if node.kind != "therapy" or node.preferred else text


def tree_figure(nodes: list[TreeNode], t: Translator, font_size: int = 14) -> go.Figure:
    """The tree as a Plotly figure: one marker and label per row, clickable rows.

    Each node's id is its point's ``customdata``; ``hovermode="y"`` makes the whole row the
    node's hover and click target (a finger on a phone need not hit the marker).
    ``font_size`` scales the labels and rows (a projector wants larger type).
    """
    scale = font_size / 14
    fig = go.Figure(_connectors(nodes))
    hover = []
    for node in nodes:
        status = (
            f" — {t(f'status.{node.status.value}')}"
            if node.kind == "therapy" and node.status
            else ""
        )
        hover.append(f"{node.label}{status}<br>{t('pathway.tree.hover')}")
    fills, borders, symbols, sizes = zip(*(_marker(n) for n in nodes), strict=True)
    fig.add_trace(
        go.Scatter(
            x=[INDENT[n.kind] for n in nodes],
            y=[n.y for n in nodes],
            mode="markers+text",
            marker={
                "color": list(fills),
                "symbol": list(symbols),
                "size": [round(size * scale) for size in sizes],
                "opacity": 1,
                "line": {"color": list(borders), "width": 2},
            },
            text=[_label(n) for n in nodes],
            textposition="middle right",
            textfont={
                "size": [font_size + 1 if n.kind == "root" else font_size for n in nodes],
                "color": [
                    STATUS_STYLES[n.status].font if n.kind == "therapy" and n.status else "#1a1a1a"
                    for n in nodes
                ],
                "family": FONT,
            },
            customdata=[n.id for n in nodes],
            hovertext=hover,
            hoverinfo="text",
            cliponaxis=False,
            showlegend=False,
            # A clicked row keeps its look: the page opens the card instead.
            selected={"marker": {"opacity": 1}},
            unselected={"marker": {"opacity": 1}},
        )
    )
    for status, style in STATUS_STYLES.items():
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                marker={
                    "color": style.colour,
                    "symbol": style.symbol,
                    "size": 12,
                    "line": {"color": style.border, "width": 2},
                },
                name=t(f"status.{status.value}"),
                hoverinfo="skip",
            )
        )
    rows = nodes[-1].row + nodes[-1].lines
    fig.update_layout(
        height=round(ROW_HEIGHT_PX * scale) * rows + 70,
        margin={"l": 8, "r": 8, "t": 48, "b": 8},
        xaxis={"range": list(X_RANGE), "visible": False, "fixedrange": True},
        yaxis={"range": [-rows + 0.4, 0.6], "visible": False, "fixedrange": True},
        hovermode="y",
        dragmode=False,
        clickmode="event+select",
        plot_bgcolor="rgba(0,0,0,0)",
        paper_bgcolor="rgba(0,0,0,0)",
        font={"family": FONT, "size": 13, "color": "#1a1a1a"},
        legend={
            "orientation": "h",
            "x": 0,
            "y": 1,
            "yanchor": "bottom",
            "itemclick": False,
            "itemdoubleclick": False,
            "font": {"size": 12},
        },
        showlegend=True,
    )
    return fig


def tree_summary(nodes: list[TreeNode], t: Translator) -> str:
    """One sentence saying what the figure shows (its text alternative's first line)."""
    therapies = [n for n in nodes if n.kind == "therapy"]
    offered = [n for n in therapies if n.offered]
    listed = ", ".join(
        t("pathway.tree.summary_item", name=n.label, status=t(f"status.{n.status.value}"))
        for n in offered
        if n.status is not None
    )
    return t(
        "pathway.tree.summary",
        grade=nodes[0].label,
        shown=len(therapies),
        offered=len(offered),
        options=listed or t("pathway.tree.none_offered"),
    )
