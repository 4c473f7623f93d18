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

# Characters per line of the figure's texts: a 390 px phone shows about 48 at 13 px.
WRAP_CHARS = 46
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


def _wrapped(text: str, width: int) -> str:
    """Plotly does not wrap text: break it into lines a phone can show whole."""
    return "<br>".join(textwrap.wrap(text, width)) or text


def timeline_figure(result: SequenceResult, t: Translator) -> go.Figure:
    """One horizontal bar per planned line, from the matched trial's median PFS (pure).

    Each line's words ("Line 2: everolimus — RADIANT-4: median 11 months") sit above its bar,
    starting at zero: nothing is written past a bar's end or in a tick label, so a narrow
    screen never cuts a label. Every text is wrapped for a phone's width.
    """
    fig = go.Figure()
    rows = timeline_rows(result, t)
    positions = {row["line"]: -i for i, row in enumerate(rows)}
    for step, row in zip(result.steps, rows, strict=True):
        y = positions[row["line"]]
        words = t("whatif.timeline.bar_label", line=row["line"], label=row["label"])
        fig.add_annotation(
            x=0,
            y=y + 0.28,
            text=_wrapped(words, WRAP_CHARS),
            showarrow=False,
            xanchor="left",
            yanchor="bottom",
            align="left",
            font={"size": 13},
        )
        months = row["months"]
        if months is None:
            continue
        colour = VERDICT_COLOURS[step.verdict]
        open_end = row["not_reached"]
        fig.add_trace(
            go.Bar(
                x=[months],
                y=[y],
                width=[0.45],
                orientation="h",
                name=row["line"],
                marker={
                    # An open bar: the median lies beyond its end (the label's arrow says so).
                    "color": "rgba(0,0,0,0)" if open_end else colour,
                    "line": {"color": colour, "width": 2},
                    "pattern": {"shape": "/" if open_end else ""},
                },
                hovertext=[f"{row['trial']}: {row['population']}"],
                hoverinfo="text",
                showlegend=False,
            )
        )
    longest = max((r["months"] or 0 for r in rows), default=0)
    fig.update_layout(
        title={
            "text": _wrapped(t("whatif.timeline.title"), WRAP_CHARS),
            "y": 0.99,
            "yanchor": "top",
            "font": {"size": 15},
        },
        xaxis={
            "title": {"text": _wrapped(t("whatif.timeline.x_axis"), WRAP_CHARS)},
            "range": [0, max(longest * 1.1, 12)],
            "fixedrange": True,
        },
        yaxis={
            "showticklabels": False,
            "range": [-len(rows) + 0.5, 0.85],
            "fixedrange": True,
        },
        barmode="overlay",
        height=230 + 75 * len(rows),
        margin={"l": 10, "r": 10, "t": 150, "b": 80},
        dragmode=False,
    )
    # Above the bars, wrapped: below the axis it collided with the axis title and was cut off.
    fig.add_annotation(
        text=_wrapped(t("whatif.timeline.disclaimer"), WRAP_CHARS + 5),
        xref="paper",
        yref="paper",
        x=0,
        y=1.0,
        yshift=8,
        yanchor="bottom",
        align="left",
        showarrow=False,
        xanchor="left",
        font={"size": 13, "color": "#b71c1c"},
    )
    return fig
