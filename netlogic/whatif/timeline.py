"""Illustrative timeline of a planned sequence: one bar per line, the trial's median PFS.

Knowledge base section 7: median PFS per trial arm is shown for display, never as a prediction
for one patient. Each line has its own row and every bar starts at zero: stacking the medians
end to end would add up figures from different populations into something that reads like this
patient's expected course, which no trial supports. A "not reached" median is drawn as an open
bar up to the follow-up at which it was not reached, labelled so; a line whose trial reports
no median gets a label and no bar. The title and a note on the figure say that the medians
describe trial populations, not this patient.
"""

from __future__ import annotations

import textwrap
from typing import Any

import plotly.graph_objects as go

from netlogic.clinical.evidence import Endpoint
from netlogic.reference.i18n import Translator, fmt_number
from netlogic.whatif.sequencing import SequenceResult, SequenceStep, Verdict

VERDICT_COLOURS = {
    Verdict.ALLOWED: "#2e7d32",
    Verdict.ALLOWED_WITH_CAUTIONS: "#ef6c00",
    Verdict.AGAINST_RULES: "#9e9e9e",
}


def _row_label(step: SequenceStep, t: Translator) -> str:
    return t("whatif.timeline.row", n=step.index + 1, therapy=t(f"whatif.therapy.{step.therapy}"))


def _bar_text(step: SequenceStep, t: Translator) -> str:
    ev = step.evidence
    if ev is None:
        return t("whatif.timeline.no_trial")
    if ev.not_reached:
        if ev.not_reached_beyond_months is not None:
            return t(
                "whatif.timeline.not_reached_at",
                trial=ev.trial_name,
                months=fmt_number(ev.not_reached_beyond_months),
            )
        return t("whatif.timeline.not_reached", trial=ev.trial_name)
    # PROMID measured time to progression, not PFS: the bar says which figure it is.
    key = (
        "whatif.timeline.median_ttp"
        if ev.endpoint is Endpoint.TIME_TO_PROGRESSION
        else "whatif.timeline.median"
    )
    return t(key, trial=ev.trial_name, months=fmt_number(ev.median_pfs_months))


def timeline_rows(result: SequenceResult, t: Translator) -> list[dict[str, Any]]:
    """The figure's data as plain rows (also what the page shows as an accessible table)."""
    rows = []
    for step in result.steps:
        ev = step.evidence
        rows.append(
            {
                "line": _row_label(step, t),
                "verdict": t(f"whatif.verdict.{step.verdict}"),
                "trial": ev.trial_name if ev else None,
                "population": ev.population if ev else None,
                "months": ev.bar_months if ev else None,
                "not_reached": bool(ev and ev.not_reached),
                "label": _bar_text(step, t),
            }
        )
    return rows


def timeline_figure(result: SequenceResult, t: Translator) -> go.Figure:
    """One horizontal bar per planned line, from the matched trial's median PFS (pure)."""
    fig = go.Figure()
    rows = timeline_rows(result, t)
    labels = [r["line"] for r in rows]
    for step, row in zip(result.steps, rows, strict=True):
        months = row["months"]
        colour = VERDICT_COLOURS[step.verdict]
        if months is None:
            fig.add_annotation(
                x=0, y=row["line"], text=row["label"], showarrow=False, xanchor="left"
            )
            continue
        open_end = row["not_reached"]
        fig.add_trace(
            go.Bar(
                x=[months],
                y=[row["line"]],
                orientation="h",
                name=row["line"],
                marker={
                    "color": "rgba(0,0,0,0)" if open_end else colour,
                    "line": {"color": colour, "width": 2},
                    "pattern": {"shape": "/" if open_end else ""},
                },
                # An open bar: the median lies beyond its end, which the label's arrow says.
                text=[row["label"]],
                textposition="inside" if not open_end else "outside",
                hovertext=[f"{row['trial']}: {row['population']}"],
                hoverinfo="text",
                showlegend=False,
            )
        )
    # Room on the right for the "not reached" labels written past the open bars' ends.
    longest = max((r["months"] or 0 for r in rows), default=0)
    fig.update_layout(
        title={"text": t("whatif.timeline.title"), "y": 0.98, "yanchor": "top"},
        xaxis={
            "title": {"text": t("whatif.timeline.x_axis")},
            "range": [0, longest * 1.6 + 6],
        },
        yaxis={"categoryorder": "array", "categoryarray": list(reversed(labels))},
        barmode="overlay",
        height=200 + 60 * len(rows),
        margin={"l": 10, "r": 10, "t": 120, "b": 60},
    )
    # Above the bars, wrapped: below the axis it collided with the axis title and was cut off.
    fig.add_annotation(
        text="<br>".join(textwrap.wrap(t("whatif.timeline.disclaimer"), 100)),
        xref="paper",
        yref="paper",
        x=0,
        y=1.02,
        yanchor="bottom",
        align="left",
        showarrow=False,
        xanchor="left",
        font={"size": 13, "color": "#b71c1c"},
    )
    return fig
