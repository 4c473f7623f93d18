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
from datetime import date, timedelta

from matplotlib.axes import Axes
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, date2num
from matplotlib.figure import Figure

from netlogic.export.summary import ChartData, MarkerSeriesData, TreatmentBand
from netlogic.model.vocabulary import Therapy
from netlogic.reference.i18n import Translator
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


def _style(ax: Axes) -> None:
    locator = AutoDateLocator(minticks=3, maxticks=6)  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
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
        _style(ax)
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
            transform=ax.transAxes,
            va="top",
            fontsize=5.5,
            bbox={"facecolor": "white", "alpha": 0.7, "lw": 0, "pad": 0.5},
        )
        ax.set_xlim(*x_range)
        if log_axis(one):
            ax.set_yscale("log")
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
    _style(ax)
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
