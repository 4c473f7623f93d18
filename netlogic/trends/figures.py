"""Plotly figures of a case's history: markers, imaging (RECIST), treatment lines, combined.

Knowledge base section 6 (markers, imaging, response and kinetics). Pure functions: a case and
a :class:`netlogic.reference.i18n.Translator` in, a ``plotly.graph_objects.Figure`` out;
no streamlit. The numbers come from :mod:`netlogic.trends.recist` and
:mod:`netlogic.trends.markers`, so the figures always agree with the tables and the evaluation.

Long histories (a 15-year case has hundreds of marker values): a series with more than
``WEBGL_FROM_POINTS`` points is drawn with ``go.Scattergl`` (WebGL keeps panning and hover
fluid where SVG slows down), and a series with more than ``MAX_POINTS_PER_SERIES`` points is
downsampled for drawing only: the time axis is cut into equal buckets and each bucket keeps
its lowest and highest value (so peaks and nadirs stay visible), plus the first, the last and
the baseline value. The tables and the summary always use every value. Figure JSON stays well
under 1 MB (``bench/bench_figures.py`` checks it).

Treatment lines are shaded bands named after the therapy; an ongoing line runs to the last
dated event of the case (or to ``end`` when given).
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from netlogic.model.case import Case, TreatmentLine
from netlogic.model.units import marker_of
from netlogic.model.vocabulary import THERAPY_FAMILY, Response, Therapy, TherapyFamily
from netlogic.reference.i18n import Translator, fmt_number
from netlogic.trends.markers import CGA_ON_PPI, confounders, marker_rows
from netlogic.trends.recist import (
    PD_ABSOLUTE_MM,
    PD_RELATIVE,
    PR_FRACTION,
    AssessmentRow,
    recist_rows,
)

WEBGL_FROM_POINTS = 200
MAX_POINTS_PER_SERIES = 400
LOG_SCALE_FROM_RATIO = 10.0  # log axis when the largest value is >= 10x the smallest
_AXIS_STYLE = {"showgrid": True, "gridcolor": "#EEEEEE", "zeroline": False}
LIGHT_TEMPLATE: dict[str, Any] = {
    "layout": {
        "plot_bgcolor": "white",
        "paper_bgcolor": "white",
        "xaxis": _AXIS_STYLE,
        "yaxis": _AXIS_STYLE,
    }
}

# Colours per therapy family (the tree's families; Okabe-Ito colour-blind-safe palette).
FAMILY_COLOUR: dict[str, str] = {
    TherapyFamily.SURVEILLANCE: "#999999",
    TherapyFamily.SURGERY: "#000000",
    TherapyFamily.HORMONAL: "#0072B2",
    TherapyFamily.TARGETED: "#009E73",
    TherapyFamily.CHEMOTHERAPY: "#D55E00",
    TherapyFamily.RADIONUCLIDE: "#CC79A7",
    TherapyFamily.LOCOREGIONAL: "#E69F00",
    TherapyFamily.IMMUNOTHERAPY: "#56B4E9",
    TherapyFamily.SUPPORTIVE: "#F0E442",
}
CATEGORY_COLOUR: dict[Response | None, str] = {
    Response.CR: "#009E73",
    Response.PR: "#56B4E9",
    Response.SD: "#666666",
    Response.PD: "#D55E00",
    Response.NE: "#999999",
    None: "#BBBBBB",
}


PLOTLY_LOCALE_DIR = Path(__file__).resolve().parents[2] / "data" / "plotly"
# Chart options that link out (logo, "edit in Chart Studio") are off.
PLOTLY_BASE_CONFIG: dict[str, Any] = {"displaylogo": False, "showSendToCloud": False}


@cache
def _plotly_locale(lang: str) -> dict[str, Any] | None:
    path = PLOTLY_LOCALE_DIR / f"locale-{lang}.json"
    if not path.exists():
        return None
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def plotly_config(lang: str) -> dict[str, Any]:
    """The chart ``config`` for a language: plotly.js's own locale (months, days, decimal
    comma, toolbar words) from ``data/plotly/`` (see its README), registered through
    ``config.locales`` so nothing is fetched; English is plotly's default."""
    config = dict(PLOTLY_BASE_CONFIG)
    locale = _plotly_locale(lang)
    if locale is not None:
        config["locale"] = lang
        config["locales"] = {lang: {"dictionary": locale["dictionary"], "format": locale["format"]}}
    return config


def family(therapy: Therapy) -> str:
    return THERAPY_FAMILY[therapy].value


def _iso(day: date) -> str:
    return day.isoformat()


def last_event(case: Case) -> date | None:
    """The last dated event of the case (where an ongoing line's band stops)."""
    days = [m.date for m in case.markers] + [s.date for s in case.imaging]
    for line in case.treatments:
        days.append(line.end or line.start)
    return max(days, default=None)


def _in_range(day: date, start: date | None, end: date | None) -> bool:
    return (start is None or day >= start) and (end is None or day <= end)


def _line_end(line: TreatmentLine, case: Case, end: date | None) -> date:
    if line.end is not None:
        return line.end
    return end or last_event(case) or line.start


def _line_name(line: TreatmentLine, t: Translator) -> str:
    return t(f"trends.therapy.{line.therapy.value}")


def _add_bands(
    fig: go.Figure, case: Case, t: Translator, start: date | None, end: date | None
) -> None:
    """Treatment lines as shaded bands across every panel, each named at the top.

    Shapes and labels are set in one layout update: plotly re-validates the whole list on
    every ``add_shape``/``add_annotation``, which is quadratic for a long history.
    """
    shapes: list[dict[str, Any]] = []
    labels: list[dict[str, Any]] = []
    lines = sorted(case.treatments, key=lambda line: line.start)
    for n, line in enumerate(lines):
        x0, x1 = line.start, _line_end(line, case, end)
        if (end is not None and x0 > end) or (start is not None and x1 < start):
            continue
        colour = FAMILY_COLOUR[family(line.therapy)]
        shapes.append(
            {
                "type": "rect",
                "xref": "x",
                "yref": "paper",
                "x0": _iso(x0),
                "x1": _iso(x1),
                "y0": 0,
                "y1": 1,
                "fillcolor": colour,
                "opacity": 0.12,
                "line": {"width": 0},
                "layer": "below",
                "name": f"band:{line.therapy.value}:{_iso(line.start)}",
            }
        )
        labels.append(
            {
                "xref": "x",
                "yref": "paper",
                "x": _iso(x0),
                "y": 1.0 + 0.03 * (n % 3),  # staggered so close lines stay legible
                "text": _line_name(line, t),
                "showarrow": False,
                "xanchor": "left",
                "yanchor": "bottom",
                "font": {"size": 10, "color": colour},
            }
        )
    # Plain dicts in one assignment: validated once (existing titles kept as dicts too).
    fig.layout.shapes = [*(s.to_plotly_json() for s in fig.layout.shapes), *shapes]
    fig.layout.annotations = [*(a.to_plotly_json() for a in fig.layout.annotations), *labels]


@dataclass(frozen=True)
class _Drawn:
    x: list[str]
    y: list[float]
    indices: list[int]  # positions of the drawn points in the full series


def downsample(days: Sequence[date], values: Sequence[float], keep: Sequence[int] = ()) -> _Drawn:
    """Bucketed min/max thinning for drawing (module docstring); keeps first, last and ``keep``."""
    n = len(values)
    if n <= MAX_POINTS_PER_SERIES:
        chosen = list(range(n))
    else:
        buckets = MAX_POINTS_PER_SERIES // 2
        t0, t1 = days[0].toordinal(), days[-1].toordinal()
        span = max(t1 - t0, 1)
        groups: dict[int, list[int]] = {}
        for i, day in enumerate(days):
            groups.setdefault(
                min((day.toordinal() - t0) * buckets // span, buckets - 1), []
            ).append(i)
        picked = {0, n - 1, *keep}
        for members in groups.values():
            picked.add(min(members, key=lambda i: values[i]))
            picked.add(max(members, key=lambda i: values[i]))
        chosen = sorted(picked)
    return _Drawn(x=[_iso(days[i]) for i in chosen], y=[values[i] for i in chosen], indices=chosen)


def _scatter(n_points: int, **kwargs: Any) -> go.Scatter | go.Scattergl:
    if n_points > WEBGL_FROM_POINTS:
        return go.Scattergl(**kwargs)
    return go.Scatter(**kwargs)


def plotly_text(text: str) -> str:
    """Typed text (a unit, an agent) as Plotly shows it: as typed.

    Plotly reads trace names, titles, hover and bar texts as a subset of HTML (``<a href>``
    is a live link, ``<b>`` bold), fills ``%{...}`` in hover templates and hands ``$...$`` to
    MathJax; entities are shown as their character, so each of these is written as one.
    """
    return html.escape(text, quote=False).replace("%", "&#37;").replace("$", "&#36;")


def series_label(series: str, unit: str, t: Translator) -> str:
    base = t(f"trends.marker.{marker_of(series).value}")
    return f"{base} ({unit})" if unit else base


@dataclass(frozen=True)
class _Panel:
    series: str
    title: str
    traces: list[go.BaseTraceType]
    log_axis: bool
    on_ppi: bool


def _marker_panels(
    case: Case,
    t: Translator,
    markers: Sequence[str] | None,
    start: date | None,
    end: date | None,
) -> list[_Panel]:
    """One panel per marker series to draw, in the order of ``Trends.markers``."""
    tables = marker_rows(case)
    wanted = list(markers) if markers is not None else list(tables)
    panels: list[_Panel] = []
    for series in wanted:
        rows = [r for r in tables.get(series, []) if _in_range(r.date, start, end)]
        if not rows:
            continue
        unit = plotly_text(rows[0].unit)  # in the legend, the titles and the hover
        label = series_label(series, unit, t)
        base = [i for i, r in enumerate(rows) if r.is_baseline]
        drawn = downsample([r.date for r in rows], [r.value for r in rows], base)
        # Plotly's %{...} placeholders are added here, never in catalogues (str.format).
        hover = t("trends.figure.date") + ": %{x|%Y-%m-%d}<br>%{y:.4g} " + unit
        traces: list[go.BaseTraceType] = [
            _scatter(
                len(drawn.x),
                x=drawn.x,
                y=drawn.y,
                mode="lines+markers",
                name=label,
                legendgroup=series,
                marker={"size": 5},
                hovertemplate=hover + f"<extra>{label}</extra>",
            )
        ]
        if any(r.uln is not None for r in rows):
            uln_rows = [r for r in rows if r.uln is not None]
            traces.append(
                go.Scatter(
                    x=[_iso(r.date) for r in uln_rows] + [_iso(rows[-1].date)],
                    y=[r.uln for r in uln_rows] + [uln_rows[-1].uln],
                    mode="lines",
                    line={"dash": "dash", "color": "#D55E00", "width": 1, "shape": "hv"},
                    name=t("trends.figure.uln"),
                    legendgroup=series,
                    showlegend=False,
                    hovertemplate=t("trends.figure.uln") + f" %{{y:.4g}} {unit}<extra></extra>",
                    meta={"role": "uln", "series": series},
                )
            )
        positive = [r.value for r in rows if r.value > 0]
        log_axis = (
            len(positive) == len(rows)
            and len(positive) > 1
            and max(positive) >= LOG_SCALE_FROM_RATIO * min(positive)
        )
        on_ppi = CGA_ON_PPI in confounders(series, case)
        title = f"{label} ⚠ {t('trends.figure.ppi_short')}" if on_ppi else label
        panels.append(_Panel(series, title, traces, log_axis, on_ppi))
    return panels


def _draw_rows(fig: go.Figure, rows: Sequence[tuple[list[go.BaseTraceType], bool]]) -> None:
    """Add every row's traces in one call (each plotly call re-validates the figure)."""
    traces = [trace for row_traces, _ in rows for trace in row_traces]
    numbers = [n for n, (row_traces, _) in enumerate(rows, start=1) for _ in row_traces]
    if traces:
        fig.add_traces(traces, rows=numbers, cols=[1] * len(numbers))
    log_axes = {
        f"yaxis{n if n > 1 else ''}": {"type": "log"} for n, (_, log) in enumerate(rows, 1) if log
    }
    if log_axes:
        fig.update_layout(log_axes)


def _draw_marker_panels(fig: go.Figure, panels: Sequence[_Panel]) -> None:
    _draw_rows(fig, [(p.traces, p.log_axis) for p in panels])


def _ppi_note(fig: go.Figure, panels: Sequence[_Panel], t: Translator) -> None:
    """The proton-pump inhibitor warning in words under the figure (CgA falsely raised)."""
    if any(p.on_ppi for p in panels):
        fig.add_annotation(
            text="⚠ " + t("trends.confounder.cga_on_ppi"),
            xref="paper",
            yref="paper",
            x=0,
            y=-0.06,
            showarrow=False,
            xanchor="left",
            font={"size": 11, "color": "#D55E00"},
            name="ppi_note",
        )


def _layout_common(fig: go.Figure, t: Translator, title: str, height: int) -> None:
    fig.update_layout(
        title={"text": title},
        height=height,
        # The named "plotly_white" template costs ~40 ms to validate per figure; this small
        # one (white background, light grids on every axis) looks the same for a fraction.
        template=LIGHT_TEMPLATE,
        hovermode="closest",
        margin={"t": 90, "l": 60, "r": 20, "b": 40},
        legend={"orientation": "h", "y": -0.08},
    )


def _x_range(fig: go.Figure, start: date | None, end: date | None) -> None:
    if start is not None or end is not None:
        fig.update_xaxes(range=[_iso(start) if start else None, _iso(end) if end else None])


def marker_figure(
    case: Case,
    t: Translator,
    markers: Sequence[str] | None = None,
    start: date | None = None,
    end: date | None = None,
) -> go.Figure:
    """One panel per marker series (keys as in ``Trends.markers``), ULN dashed, lines shaded."""
    panels = _marker_panels(case, t, markers, start, end)
    if not panels:
        fig = go.Figure()
        fig.add_annotation(text=t("trends.figure.no_markers"), showarrow=False)
        _layout_common(fig, t, t("trends.figure.markers_title"), 300)
        return fig
    fig = make_subplots(
        rows=len(panels),
        cols=1,
        shared_xaxes=True,
        vertical_spacing=min(0.08, 0.3 / len(panels)),
        subplot_titles=[p.title for p in panels],
    )
    _draw_marker_panels(fig, panels)
    _ppi_note(fig, panels, t)
    _add_bands(fig, case, t, start, end)
    _x_range(fig, start, end)
    _layout_common(fig, t, t("trends.figure.markers_title"), 220 * len(panels) + 120)
    return fig


def recist_reference_lines(rows: Sequence[AssessmentRow]) -> dict[str, float]:
    """Baseline, nadir, PR threshold (-30% of baseline), PD threshold (max of +20%, +5 mm)."""
    counted = [r for r in rows if r.category is not None]
    if not counted:
        return {}
    baseline = next(r.sum_mm for r in rows if r.is_baseline)
    nadir = min(r.sum_mm for r in counted)
    return {
        "baseline": baseline,
        "nadir": nadir,
        "pr_threshold": baseline * PR_FRACTION,
        "pd_threshold": max(nadir * (1 + PD_RELATIVE), nadir + PD_ABSOLUTE_MM),
    }


def _point_label(row: AssessmentRow, t: Translator) -> str:
    category = row.category.value if row.category else t("trends.figure.pre_baseline")
    if row.tgr_percent_per_month is None:
        return category
    return t(
        "trends.figure.point_label", category=category, tgr=fmt_number(row.tgr_percent_per_month)
    )


def _imaging_traces(
    case: Case, t: Translator, start: date | None, end: date | None
) -> list[go.BaseTraceType]:
    all_rows = recist_rows(case)
    rows = [r for r in all_rows if _in_range(r.date, start, end)]
    if not rows:
        return []
    traces: list[go.BaseTraceType] = [
        go.Scatter(
            x=[_iso(r.date) for r in rows],
            y=[r.sum_mm for r in rows],
            # The category and growth rate of each scan are in the hover and the table, not
            # written on the chart, where labels of close scans overlapped and were clipped.
            mode="lines+markers",
            text=[_point_label(r, t) for r in rows],
            marker={"size": 9, "color": [CATEGORY_COLOUR[r.category] for r in rows]},
            line={"color": "#333333"},
            name=t("trends.figure.sum_diameters"),
            customdata=[
                [
                    r.category.value if r.category else "",
                    fmt_number(r.tgr_percent_per_month),
                    fmt_number(r.change_from_baseline_percent),
                ]
                for r in rows
            ],
            hovertemplate=(
                t("trends.figure.date")
                + ": %{x|%Y-%m-%d}<br>%{y:.4g} mm<br>"
                + t("trends.figure.category")
                + ": %{customdata[0]}<br>TGR: %{customdata[1]} %/"
                + t("trends.figure.month")
                + "<br>"
                + t("trends.figure.change_from_baseline")
                + ": %{customdata[2]} %<extra></extra>"
            ),
            meta={"role": "sum_diameters"},
        )
    ]
    x0, x1 = _iso(rows[0].date), _iso(rows[-1].date)
    styles = {
        "baseline": ("#0072B2", "solid"),
        "nadir": ("#009E73", "dot"),
        "pr_threshold": ("#56B4E9", "dash"),
        "pd_threshold": ("#D55E00", "dash"),
    }
    for role, level in recist_reference_lines(all_rows).items():
        colour, dash = styles[role]
        name = t(f"trends.figure.{role}", mm=fmt_number(level))
        traces.append(
            go.Scatter(
                x=[x0, x1],
                y=[level, level],
                mode="lines",
                line={"color": colour, "dash": dash, "width": 1},
                name=name,
                hovertemplate=name + "<extra></extra>",
                meta={"role": role, "mm": level},
            )
        )
    return traces


def imaging_figure(
    case: Case, t: Translator, start: date | None = None, end: date | None = None
) -> go.Figure:
    """Sum of target diameters, baseline, nadir, PR and PD thresholds; category and TGR per scan."""
    fig = go.Figure()
    traces = _imaging_traces(case, t, start, end)
    if traces:
        fig.add_traces(traces)
    else:
        fig.add_annotation(text=t("trends.figure.no_imaging"), showarrow=False)
    fig.update_yaxes(title_text=t("trends.figure.sum_axis"), rangemode="tozero")
    _add_bands(fig, case, t, start, end)
    _x_range(fig, start, end)
    _layout_common(fig, t, t("trends.figure.imaging_title"), 450)
    return fig


def _timeline_traces(case: Case, t: Translator) -> list[go.BaseTraceType]:
    """Swimmer lanes: one horizontal bar per line, one trace per therapy family (legend)."""
    lines = sorted(case.treatments, key=lambda line: line.start)
    by_family: dict[str, list[tuple[str, TreatmentLine]]] = {}
    for n, line in enumerate(lines, start=1):
        lane = t("trends.figure.lane", n=n, therapy=_line_name(line, t))
        by_family.setdefault(family(line.therapy), []).append((lane, line))
    traces: list[go.BaseTraceType] = []
    for fam, members in by_family.items():
        texts, hovers = [], []
        for _, line in members:
            response = line.best_response.value if line.best_response else "-"
            stop = (
                t(f"trends.stop.{line.stop_reason.value}")
                if line.stop_reason
                else (t("trends.figure.ongoing") if line.ongoing else "-")
            )
            texts.append(lane_text(line, t))
            hovers.append(
                t(
                    "trends.figure.hover_line",
                    agent=plotly_text(line.agent) if line.agent else _line_name(line, t),
                    start=_iso(line.start),
                    end=_iso(line.end) if line.end else t("trends.figure.ongoing"),
                    response=response,
                    stop=stop,
                )
            )
        traces.append(
            go.Bar(
                orientation="h",
                y=[lane for lane, _ in members],
                base=[_iso(line.start) for _, line in members],
                x=[
                    max((_line_end(line, case, None) - line.start).days, 1) * 86_400_000
                    for _, line in members
                ],
                text=texts,
                textposition="inside",
                insidetextanchor="start",
                marker={"color": FAMILY_COLOUR[fam]},
                name=t(f"trends.family.{fam}"),
                hovertext=hovers,
                hoverinfo="text",
                meta={"role": "lines", "family": fam},
            )
        )
    return traces


def lane_text(line: TreatmentLine, t: Translator) -> str:
    """What a line's bar says: the parts that are known ("best PR · progression", "ongoing"),
    never placeholders ("best - - ongoing")."""
    parts = []
    if line.best_response is not None:
        parts.append(t("trends.figure.best", response=line.best_response.value))
    if line.stop_reason is not None:
        parts.append(t(f"trends.stop.{line.stop_reason.value}"))
    elif line.ongoing:
        parts.append(t("trends.figure.ongoing"))
    return " · ".join(parts)


def timeline_figure(case: Case, t: Translator) -> go.Figure:
    """Treatment lines as swimmer lanes coloured by therapy family, best response, stop reason."""
    fig = go.Figure()
    traces = _timeline_traces(case, t)
    if traces:
        fig.add_traces(traces)
    else:
        fig.add_annotation(text=t("trends.figure.no_lines"), showarrow=False)
    fig.update_xaxes(type="date")
    fig.update_yaxes(autorange="reversed")
    _layout_common(
        fig, t, t("trends.figure.timeline_title"), 120 + 40 * max(len(case.treatments), 1)
    )
    fig.update_layout(barmode="overlay")
    return fig


# Heights of the rows of the history figure, in pixels (the figure's height is their sum).
LANE_PX = 26
MARKER_ROW_PX = 190
IMAGING_ROW_PX = 240
ROW_GAP_PX = 56  # room for the row title above each row: titles never touch the row above
TOP_PX, BOTTOM_PX = 40, 60
LEGEND_GAP_PX = 34


def _lines_lane(case: Case, t: Translator) -> tuple[list[go.BaseTraceType], list[str]]:
    """One lane per line, in start order (a lane never moves with its family), coloured by
    family (one legend entry per family); the lane's name is on the axis, its details in the
    bar when they fit (hidden, not clipped, when they do not) and in the hover."""
    lines = sorted(case.treatments, key=lambda line: line.start)
    lanes = [f"{n} · {_line_name(line, t)}" for n, line in enumerate(lines, start=1)]
    by_family: dict[str, list[tuple[str, TreatmentLine]]] = {}
    for lane, line in zip(lanes, lines, strict=True):
        by_family.setdefault(family(line.therapy), []).append((lane, line))
    traces: list[go.BaseTraceType] = []
    for fam, members in by_family.items():
        hovers = [
            t(
                "trends.figure.hover_line",
                agent=plotly_text(line.agent) if line.agent else _line_name(line, t),
                start=_iso(line.start),
                end=_iso(line.end) if line.end else t("trends.figure.ongoing"),
                response=line.best_response.value if line.best_response else "–",
                stop=t(f"trends.stop.{line.stop_reason.value}") if line.stop_reason else "–",
            )
            for _, line in members
        ]
        traces.append(
            go.Bar(
                orientation="h",
                y=[lane for lane, _ in members],
                base=[_iso(line.start) for _, line in members],
                x=[
                    max((_line_end(line, case, None) - line.start).days, 1) * 86_400_000
                    for _, line in members
                ],
                text=[lane_text(line, t) for _, line in members],
                textposition="inside",
                insidetextanchor="start",
                marker={"color": FAMILY_COLOUR[fam]},
                name=t(f"trends.family.{fam}"),
                legendgroup=f"family:{fam}",
                hovertext=hovers,
                hoverinfo="text",
                meta={"role": "lines", "family": fam},
            )
        )
    return traces, lanes


def _panel_bands(
    case: Case, axes: Sequence[str], start: date | None, end: date | None
) -> list[dict[str, Any]]:
    """Each line shaded behind the marker and imaging rows (named in the lines lane above)."""
    shapes = []
    for line in sorted(case.treatments, key=lambda line: line.start):
        x0, x1 = line.start, _line_end(line, case, end)
        if (end is not None and x0 > end) or (start is not None and x1 < start):
            continue
        for axis in axes:
            shapes.append(
                {
                    "type": "rect",
                    "xref": "x",
                    "yref": f"{axis} domain",
                    "x0": _iso(x0),
                    "x1": _iso(x1),
                    "y0": 0,
                    "y1": 1,
                    "fillcolor": FAMILY_COLOUR[family(line.therapy)],
                    "opacity": 0.12,
                    "line": {"width": 0},
                    "layer": "below",
                    "name": f"band:{line.therapy.value}:{_iso(line.start)}",
                }
            )
    return shapes


def history_figure(
    case: Case,
    t: Translator,
    markers: Sequence[str] | None = None,
    start: date | None = None,
    end: date | None = None,
) -> go.Figure:
    """Treatment lines, markers and imaging on one shared time axis (zoom one, all follow).

    Rows from the top: the lines lane, one row per marker series, the RECIST row. The only
    text on the plot is each row's title above it; everything else is in the axes, the legend
    and the hover, so nothing can overlap or be cut at any width.
    """
    lines, lanes = _lines_lane(case, t)
    panels = _marker_panels(case, t, markers, start, end)
    imaging = _imaging_traces(case, t, start, end)
    rows: list[tuple[str, list[go.BaseTraceType], bool, int]] = []
    if lines:
        rows.append((t("trends.figure.timeline_title"), lines, False, LANE_PX * len(lanes) + 30))
    rows += [(p.title, p.traces, p.log_axis, MARKER_ROW_PX) for p in panels]
    if imaging:
        # A short title: on a phone the row is about 160 px wide.
        rows.append((t("trends.figure.imaging_row"), imaging, False, IMAGING_ROW_PX))
    if not rows:
        fig = go.Figure()
        fig.add_annotation(text=t("trends.figure.no_data"), showarrow=False)
        _layout_common(fig, t, t("trends.figure.combined_title"), 300)
        return fig
    plot_px = sum(h for *_, h in rows)
    height = plot_px + ROW_GAP_PX * len(rows) + TOP_PX + BOTTOM_PX
    fig = make_subplots(
        rows=len(rows),
        cols=1,
        shared_xaxes=True,
        vertical_spacing=ROW_GAP_PX / (height - TOP_PX - BOTTOM_PX),
        subplot_titles=[title for title, *_ in rows],
        row_heights=[h for *_, h in rows],
    )
    _draw_rows(fig, [(traces, log) for _, traces, log, _ in rows])
    for annotation in fig.layout.annotations:  # row titles: left-aligned, above their row
        annotation.update(x=0, xanchor="left", font={"size": 13})
    axes = [f"y{n if n > 1 else ''}" for n in range(1, len(rows) + 1)]
    if lines:
        fig.update_yaxes(
            categoryorder="array", categoryarray=lanes, autorange="reversed", row=1, col=1
        )
        fig.update_layout(uniformtext={"minsize": 10, "mode": "hide"}, barmode="overlay")
    if imaging:
        fig.update_yaxes(title_text="mm", rangemode="tozero", row=len(rows), col=1)
    fig.layout.shapes = _panel_bands(case, axes[1:] if lines else axes, start, end)
    fig.update_xaxes(type="date", automargin=True)
    fig.update_yaxes(automargin=True)
    # Dates on the top and bottom axes: a long history is read from either end.
    fig.update_xaxes(showticklabels=True, row=1, col=1)
    _padded_range(fig, case, start, end)
    _layout_common(fig, t, "", height)
    fig.update_layout(
        title=None,
        margin={"t": TOP_PX, "l": 10, "r": 10, "b": BOTTOM_PX},
        # Under the bottom axis's dates (in pixels, so at any height), never over them.
        legend={
            "orientation": "h",
            "yanchor": "top",
            "y": -LEGEND_GAP_PX / (height - TOP_PX - BOTTOM_PX),
            "x": 0,
        },
        hovermode="closest",
    )
    return fig


def _padded_range(fig: go.Figure, case: Case, start: date | None, end: date | None) -> None:
    """The window (or the whole history) with a margin: the first and last points are drawn
    whole, not cut in half by the edge of the plot."""
    days = [m.date for m in case.markers] + [s.date for s in case.imaging]
    days += [line.start for line in case.treatments]
    first = start or min(days, default=None)
    last = end or last_event(case)
    if first is None or last is None:
        return
    pad = max(timedelta(days=20), (last - first) / 40)
    fig.update_xaxes(range=[_iso(first - pad), _iso(last + pad)])


def combined_figure(case: Case, t: Translator) -> go.Figure:
    """The history figure of the whole case (the tumour-board view, benchmarks)."""
    return history_figure(case, t)
