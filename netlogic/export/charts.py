"""Static marker and imaging charts for the printed summary, drawn with matplotlib.

Knowledge base section 6 (trends) as printed for the tumour board: the same series, the same
treatment bands and the same RECIST categories as the interactive charts on screen, taken from
:func:`netlogic.export.summary.chart_data`. Static PNGs need no browser or kaleido, so a PDF can
be built on a fresh machine. Figures are made with ``matplotlib.figure.Figure`` (never pyplot):
no global state, safe to call from any thread of the app.
"""

from __future__ import annotations

import io
import math
import re
from datetime import date, timedelta
from typing import Any

import matplotlib
from matplotlib.axes import Axes
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, date2num
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from netlogic.export.summary import ChartData, MarkerSeriesData, TreatmentBand
from netlogic.model.vocabulary import Therapy
from netlogic.reference.i18n import DECIMAL_COMMA_LANGUAGES, Translator
from netlogic.trends.figures import CATEGORY_COLOUR, FAMILY_COLOUR, LOG_SCALE_FROM_RATIO, family

# Colours as on screen: bands by therapy family, scans by RECIST category.
CATEGORY_COLOURS = {(k.value if k else ""): v for k, v in CATEGORY_COLOUR.items()}
DPI = 150
WIDTH_IN = 4.2
HEIGHT_IN = 2.4
MAX_HEIGHT_IN = 2.5
MAX_LABELLED_SCANS = 12
LEGEND_COLUMNS = 2


def therapy_colour(therapy: Therapy) -> str:
    return FAMILY_COLOUR[family(therapy)]


def _x(days: list[date]) -> list[float]:
    """Dates as matplotlib's day numbers (typed, and what every Axes method takes)."""
    return [float(date2num(d)) for d in days]  # type: ignore[no-untyped-call]


def _draw_bands(ax: Axes, bands: list[TreatmentBand], seen: set[str], t: Translator) -> None:
    """Bands coloured and named by therapy family, as the legend of the screen charts."""
    for band in bands:
        # A band of zero length (started and stopped the same day) would be invisible.
        end = band.end if band.end > band.start else band.start + timedelta(days=1)
        group = family(band.therapy)
        label = t(f"trends.family.{group}") if group not in seen else None
        seen.add(group)
        x0, x1 = _x([band.start, end])
        ax.axvspan(x0, x1, color=therapy_colour(band.therapy), alpha=0.15, lw=0, label=label)


def _empty(ax: Axes, text: str) -> None:
    ax.text(0.5, 0.5, text, ha="center", va="center", transform=ax.transAxes, fontsize=8)
    ax.set_xticks([])
    ax.set_yticks([])


def _tick_number(lang: str) -> FuncFormatter:
    """Axis numbers as the language writes them (2,5 in French), without needless decimals."""
    comma = lang in DECIMAL_COMMA_LANGUAGES

    def show(value: float, _position: int | None = None) -> str:
        text = f"{value:.6g}"
        return text.replace(".", ",") if comma else text

    return FuncFormatter(show)


def _style(ax: Axes, lang: str = "en") -> None:
    locator = AutoDateLocator(minticks=3, maxticks=6)  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
    ax.yaxis.set_major_formatter(_tick_number(lang))
    ax.tick_params(labelsize=6)
    ax.grid(True, lw=0.3, alpha=0.5)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _x_range(data: ChartData, dates: list[date]) -> tuple[float, float]:
    every = dates + [b.start for b in data.bands] + [b.end for b in data.bands]
    first, last = min(every), max(every)
    pad = max(timedelta(days=15), (last - first) / 40)
    low, high = _x([first - pad, last + pad])
    return low, high


def _png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    # Fixed margins (set by _legend), no "tight" box: each would lay the figure out twice or
    # more, and a long history has hundreds of artists (benchmark: bench/bench_export.py).
    fig.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def _legend(fig: Figure, ax: Axes) -> None:
    """Legend under the plot, two entries a row; margins sized for it, in inches."""
    handles, labels = ax.get_legend_handles_labels()
    rows = math.ceil(len(handles) / LEGEND_COLUMNS)
    height = fig.get_figheight()
    bottom = (0.25 + 0.1 * rows) / height
    fig.subplots_adjust(left=0.1, right=0.98, top=1 - 0.32 / height, bottom=bottom, hspace=0.15)
    if handles:
        fig.legend(
            handles,
            labels,
            loc="lower center",
            bbox_to_anchor=(0.5, 0.0),
            ncol=LEGEND_COLUMNS,
            fontsize=5,
            frameon=False,
        )


def log_axis(series: MarkerSeriesData) -> bool:
    """Log scale as on screen: every value positive and the largest >= 10x the smallest."""
    values = [p.value for p in series.points]
    positive = [v for v in values if v > 0]
    return (
        len(positive) == len(values)
        and len(positive) > 1
        and max(positive) >= LOG_SCALE_FROM_RATIO * min(positive)
    )


def marker_chart_png(data: ChartData, t: Translator) -> bytes:
    """One panel per marker series (their units differ), value line, ULN dashed, bands."""
    series = data.markers
    rows = max(1, len(series))
    # Thinner panels rather than a taller chart: the summary must stay on two pages.
    height = min(MAX_HEIGHT_IN, HEIGHT_IN + 0.25 * max(0, rows - 2))
    fig = Figure(figsize=(WIDTH_IN, height))
    axes = fig.subplots(rows, 1, sharex=True, squeeze=False)[:, 0]
    fig.suptitle(t("export.chart.markers"), fontsize=8)
    if not series:
        _empty(axes[0], t("export.chart.no_markers"))
        return _png(fig)
    x_range = _x_range(data, [p.date for s in series for p in s.points])
    seen: set[str] = set()
    for ax, one in zip(axes, series, strict=True):
        _style(ax, t.lang)
        _draw_bands(ax, data.bands, seen, t)
        ax.plot(
            _x([p.date for p in one.points]),
            [p.value for p in one.points],
            marker="o",
            ms=2.5 if len(one.points) <= 40 else 1.2,
            lw=1,
            color="#08306b",
        )
        with_uln = [p for p in one.points if p.uln is not None]
        if with_uln:
            # A step line: a laboratory may change its reference range over the years.
            ax.step(
                _x([p.date for p in with_uln] + [one.points[-1].date]),
                [float(p.uln or 0) for p in with_uln] + [float(with_uln[-1].uln or 0)],
                where="post",
                ls="--",
                lw=0.7,
                color="#D55E00",
                label=t("export.chart.uln") if ax is axes[0] else None,
            )
        # The series name inside its panel: y labels of thin panels would overlap.
        ax.text(
            0.01,
            0.96,
            one.label if not one.unit or one.unit in one.label else f"{one.label} ({one.unit})",
            parse_math=False,  # a typed unit is text: "$" never starts maths
            transform=ax.transAxes,
            va="top",
            fontsize=5.5,
            bbox={"facecolor": "white", "alpha": 0.7, "lw": 0, "pad": 0.5},
        )
        ax.set_xlim(*x_range)
        if log_axis(one):
            ax.set_yscale("log")
            ax.yaxis.set_major_formatter(_tick_number(t.lang))  # the log scale set its own
        else:
            ax.set_ylim(bottom=0)
    _legend(fig, axes[0])
    return _png(fig)


def imaging_chart_png(data: ChartData, t: Translator) -> bytes:
    """Sum of target diameters over time with the RECIST category of each scan, and bands."""
    fig = Figure(figsize=(WIDTH_IN, HEIGHT_IN))
    ax = fig.subplots()
    fig.suptitle(t("export.chart.imaging"), fontsize=8)
    points = data.imaging
    if not points:
        _empty(ax, t("export.chart.no_imaging"))
        return _png(fig)
    _style(ax, t.lang)
    _draw_bands(ax, data.bands, set(), t)
    dates = [p.date for p in points]
    ax.plot(_x(dates), [p.sum_mm for p in points], lw=1, color="#08306b")
    # On a long history only the scans that matter are named: baseline, PD and the latest.
    crowded = len(points) > MAX_LABELLED_SCANS
    xs = _x(dates)
    colours = [CATEGORY_COLOURS.get(p.category or "", "#bdbdbd") for p in points]
    ax.scatter(xs, [p.sum_mm for p in points], s=6, c=colours, zorder=3)
    base = [(x, p.sum_mm) for x, p in zip(xs, points, strict=True) if p.is_baseline]
    if base:
        ax.scatter([base[0][0]], [base[0][1]], s=10, marker="s", c="#4d4d4d", zorder=4)
    for n, (x, p, colour) in enumerate(zip(xs, points, colours, strict=True)):
        text = t("export.chart.baseline") if p.is_baseline else (p.category or "")
        named = p.is_baseline or p.category == "PD" or n == len(points) - 1
        if text and (named or not crowded):
            ax.annotate(
                text,
                (x, p.sum_mm),
                textcoords="offset points",
                xytext=(0, 4),
                ha="center",
                fontsize=5,
                color=colour,
            )
    ax.set_ylabel(t("export.chart.sum_axis"), fontsize=6)
    ax.set_xlim(*_x_range(data, dates))
    ax.set_ylim(bottom=0, top=max(p.sum_mm for p in points) * 1.2 or 1)
    _legend(fig, ax)
    return _png(fig)


# The HTML summary's chart: SVG with its words kept as text (selectable, read by a screen
# reader's "find"), fixed ids (the same case gives the same file) and no creation date.
SVG_RC: dict[str, Any] = {
    "svg.fonttype": "none",
    "svg.hashsalt": "netlogic-export",
    "font.family": "DejaVu Sans",
}
HISTORY_WIDTH_IN = 7.2
LANE_IN = 0.22
MARKER_PANEL_IN = 1.25
IMAGING_PANEL_IN = 1.7
_SVG_PROLOGUE = re.compile(r"^.*?(?=<svg)", re.DOTALL)
_SVG_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.DOTALL)


def _lane_label(n: int, band: TreatmentBand) -> str:
    return f"{n} · {band.label}"


def _draw_lines_lane(ax: Axes, bands: list[TreatmentBand], t: Translator) -> None:
    """One lane per treatment line (oldest on top), a bar from start to end, named on the axis."""
    seen: set[str] = set()
    for n, band in enumerate(bands):
        end = band.end if band.end > band.start else band.start + timedelta(days=1)
        x0, x1 = _x([band.start, end])
        group = family(band.therapy)
        label = t(f"trends.family.{group}") if group not in seen else None
        seen.add(group)
        ax.barh(n, x1 - x0, left=x0, height=0.6, color=therapy_colour(band.therapy), label=label)
    ax.set_yticks(range(len(bands)), [_lane_label(n, b) for n, b in enumerate(bands, 1)])
    ax.set_ylim(len(bands) - 0.5, -0.5)  # first line on top, as read
    ax.tick_params(axis="y", labelsize=6, length=0)
    ax.set_title(t("export.chart.lines"), fontsize=7, loc="left")


def _history_rows(data: ChartData) -> list[tuple[str, float]]:
    rows: list[tuple[str, float]] = []
    if data.bands:
        rows.append(("lines", 0.35 + LANE_IN * len(data.bands)))
    rows += [(f"marker:{n}", MARKER_PANEL_IN) for n in range(len(data.markers))]
    if data.imaging:
        rows.append(("imaging", IMAGING_PANEL_IN))
    return rows


def history_chart_svg(data: ChartData, t: Translator) -> str:
    """Lines, markers and imaging on one shared time axis, as an inline SVG element (text)."""
    rows = _history_rows(data)
    if not rows:
        return ""
    heights = [h for _, h in rows]
    with matplotlib.rc_context(SVG_RC):  # type: ignore[arg-type]
        fig = Figure(figsize=(HISTORY_WIDTH_IN, sum(heights) + 0.9))
        axes = fig.subplots(
            len(rows), 1, sharex=True, squeeze=False, gridspec_kw={"height_ratios": heights}
        )[:, 0]
        dates = [p.date for s in data.markers for p in s.points] + [p.date for p in data.imaging]
        dates += [b.start for b in data.bands]
        x_range = _x_range(data, dates)
        for (kind, _), ax in zip(rows, axes, strict=True):
            _style(ax, t.lang)
            if kind == "lines":
                _draw_lines_lane(ax, data.bands, t)
            elif kind == "imaging":
                _draw_imaging_panel(ax, data, t)
            else:
                _draw_marker_panel(ax, data, data.markers[int(kind.split(":")[1])], t)
            ax.set_xlim(*x_range)
        fig.subplots_adjust(
            left=0.24,
            right=0.98,
            top=1 - 0.3 / fig.get_figheight(),
            bottom=0.5 / fig.get_figheight(),
            hspace=0.45,
        )
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    text = _SVG_PROLOGUE.sub("", buffer.getvalue(), count=1)
    return _SVG_METADATA.sub("", text, count=1).strip()


def _draw_marker_panel(ax: Axes, data: ChartData, one: MarkerSeriesData, t: Translator) -> None:
    _draw_bands(ax, data.bands, set(data_families(data)), t)
    ax.plot(
        _x([p.date for p in one.points]),
        [p.value for p in one.points],
        marker="o",
        ms=2.5 if len(one.points) <= 40 else 1.2,
        lw=1,
        color="#08306b",
    )
    with_uln = [p for p in one.points if p.uln is not None]
    if with_uln:
        ax.step(
            _x([p.date for p in with_uln] + [one.points[-1].date]),
            [float(p.uln or 0) for p in with_uln] + [float(with_uln[-1].uln or 0)],
            where="post",
            ls="--",
            lw=0.7,
            color="#D55E00",
        )
    unit = "" if not one.unit or one.unit in one.label else f" ({one.unit})"
    # A typed unit is text: "$\\frac{$" would start maths and stop the export.
    ax.set_title(one.label + unit, fontsize=7, loc="left", parse_math=False)
    if log_axis(one):
        ax.set_yscale("log")
        ax.yaxis.set_major_formatter(_tick_number(t.lang))
    else:
        ax.set_ylim(bottom=0)


def data_families(data: ChartData) -> list[str]:
    return [family(b.therapy) for b in data.bands]


def _draw_imaging_panel(ax: Axes, data: ChartData, t: Translator) -> None:
    points = data.imaging
    _draw_bands(ax, data.bands, set(data_families(data)), t)
    xs = _x([p.date for p in points])
    ax.plot(xs, [p.sum_mm for p in points], lw=1, color="#08306b")
    colours = [CATEGORY_COLOURS.get(p.category or "", "#bdbdbd") for p in points]
    ax.scatter(xs, [p.sum_mm for p in points], s=9, c=colours, zorder=3)
    ax.set_title(t("export.chart.imaging"), fontsize=7, loc="left")
    ax.set_ylabel("mm", fontsize=6)
    ax.set_ylim(bottom=0, top=max(p.sum_mm for p in points) * 1.15 or 1)
