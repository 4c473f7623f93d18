"""The pathway tree as a Graphviz DOT diagram (knowledge base section 4, the pathway tree).

Root: the grade; branches: families of treatment; leaves: every therapy node of the
evaluation, coloured by status. The preferred path (root -> family -> each ``recommended``
option) is drawn thick; offered options (``option``) keep a normal edge, options not offered a
dotted one. Pure function of the evaluation and the translator, so it is tested on its text.
"""

from __future__ import annotations

from dataclasses import dataclass

from netlogic.clinical.evaluation import Evaluation, OptionResult
from netlogic.model.vocabulary import THERAPY_FAMILY, Status, Therapy, TherapyFamily
from netlogic.reference.i18n import Translator


@dataclass(frozen=True)
class StatusStyle:
    border: str
    fill: str
    font: str
    edge_style: str


STATUS_STYLES: dict[Status, StatusStyle] = {
    Status.RECOMMENDED: StatusStyle("#1a7f37", "#d4f5dd", "#0b3d1a", "solid"),
    Status.OPTION: StatusStyle("#1f5f8b", "#dbeafe", "#0c2d48", "solid"),
    Status.NOT_RECOMMENDED: StatusStyle("#9ca3af", "#f3f4f6", "#4b5563", "dotted"),
    Status.CONTRAINDICATED: StatusStyle("#b91c1c", "#fde2e2", "#7f1d1d", "dotted"),
}
PREFERRED_EDGE = "#1a7f37"

# Families of treatment, in the order the tree is drawn, each with its members in tree order.
BRANCHES: tuple[tuple[str, tuple[Therapy, ...]], ...] = tuple(
    (family.value, tuple(th for th in Therapy if THERAPY_FAMILY[th] is family))
    for family in TherapyFamily
)


def quote(text: str) -> str:
    """A DOT double-quoted string: backslashes and quotes escaped, line breaks as \\n."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    escaped = escaped.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return f'"{escaped}"'


def branch_of(therapy: Therapy) -> str:
    return THERAPY_FAMILY[therapy].value


def _node(option: OptionResult, t: Translator) -> str:
    style = STATUS_STYLES[option.status]
    label = f"{t(f'therapy.{option.therapy.value}')}\n{t(f'status.{option.status.value}')}"
    width = "2.5" if option.status is Status.RECOMMENDED else "1.2"
    return (
        f"  {quote(option.therapy.value)} [label={quote(label)}, color={quote(style.border)}, "
        f"fillcolor={quote(style.fill)}, fontcolor={quote(style.font)}, penwidth={width}];"
    )


def pathway_dot(evaluation: Evaluation, t: Translator, legend: bool = True) -> str:
    """The DOT text of the pathway tree for one evaluation (labels in ``t``'s language)."""
    by_branch: dict[str, list[OptionResult]] = {}
    for option in evaluation.options:
        by_branch.setdefault(branch_of(option.therapy), []).append(option)
    order = [name for name, _ in BRANCHES if name in by_branch]

    lines = [
        "digraph pathway {",
        '  graph [rankdir=LR, bgcolor="transparent", nodesep=0.15, ranksep=0.5];',
        '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=11];',
        '  edge [arrowhead=none, color="#9ca3af"];',
        f'  root [label={quote(evaluation.grade.label)}, shape=ellipse, fillcolor="#ffffff", '
        'color="#1a1a1a", penwidth=1.5];',
    ]
    for name in order:
        options = by_branch[name]
        preferred = any(o.status is Status.RECOMMENDED for o in options)
        offered = any(o.offered for o in options)
        branch_id = quote(f"branch:{name}")
        lines.append(
            f"  {branch_id} [label={quote(t(f'pathway.branch.{name}'))}, "
            f'fillcolor="{"#eef6ee" if preferred else "#ffffff"}", '
            f'color="{PREFERRED_EDGE if preferred else "#6b7280"}"];'
        )
        lines.append(_edge("root", branch_id, preferred, offered))
        for option in options:
            lines.append(_node(option, t))
            lines.append(
                _edge(
                    branch_id,
                    quote(option.therapy.value),
                    option.status is Status.RECOMMENDED,
                    option.offered,
                )
            )
    if legend:
        lines += _legend(t)
    lines.append("}")
    return "\n".join(lines) + "\n"


def _edge(source: str, target: str, preferred: bool, offered: bool) -> str:
    if preferred:
        return f'  {source} -> {target} [color="{PREFERRED_EDGE}", penwidth=3];'
    if offered:
        return f'  {source} -> {target} [color="#1f5f8b", penwidth=1.2];'
    return f"  {source} -> {target} [style=dotted];"


def _legend(t: Translator) -> list[str]:
    lines = [
        "  subgraph cluster_legend {",
        f'    label={quote(t("pathway.legend"))}; fontname="Helvetica"; fontsize=10; '
        'color="#d1d5db";',
    ]
    previous = ""
    for status, style in STATUS_STYLES.items():
        node_id = quote(f"legend:{status.value}")
        lines.append(
            f"    {node_id} [label={quote(t(f'status.{status.value}'))}, "
            f"color={quote(style.border)}, fillcolor={quote(style.fill)}, "
            f"fontcolor={quote(style.font)}, fontsize=9];"
        )
        if previous:
            lines.append(f"    {previous} -> {node_id} [style=invis];")
        previous = node_id
    lines.append("  }")
    return lines
