"""Trends page widgets: the headline, marker kinetics in words, the history on one time axis
(a fragment, so moving the window redraws only it), the RECIST 1.1 and marker tables.

Knowledge base section 6. Marker kinetics are read two ways, as a clinician reads them: from
the baseline of the current line (the evaluation's figures) and over the last interval
(:mod:`netlogic.trends.interval`), so chromogranin A 310 -> 260 -> 420 shows the recent rise.
Every chart has a text alternative: a sentence per row and its data as plain tables
(``st.table`` is real HTML a screen reader walks, unlike the canvas of ``st.dataframe``).
Numbers are written the session's way (8,5 in French). Units and agents are typed by the user:
every Markdown element and ``st.table`` cell shows them through :func:`ui.plain_text.plain`.

Figures and tables are built once per case content, language and choice and kept in this
session (``ui.session_memo``): a rerun that changes none of them redraws without rebuilding.
This module owns the widget keys prefixed ``trends_view.``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from netlogic.clinical.evaluation import Evaluation
from netlogic.model.case import Case
from netlogic.reference.i18n import Translator, fmt_number
from netlogic.trends.figures import history_figure, last_event, plotly_config, series_label
from netlogic.trends.interval import IntervalChange, last_intervals
from netlogic.trends.recist import measured_assessments
from netlogic.trends.summary import MarkerSummary, marker_tables, recist_table
from ui import session_memo
from ui.current_case import case_hash
from ui.error_boundary import fragment_boundary
from ui.plain_text import plain


def number(value: float | None, t: Translator, digits: int = 1) -> str:
    """A number as the session's language writes it; a dash when there is none."""
    if value is None:
        return "–"
    return t("trends.number", value=fmt_number(value, digits))


def signed(value: float | None, t: Translator) -> str:
    if value is None:
        return "–"
    return ("+" if value > 0 else "") + number(value, t)


def _words(value: Any, t: Translator) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return t("value.yes") if value else t("value.no")
    if isinstance(value, float | int):
        return number(value, t)
    return str(value)


def headline(evaluation: Evaluation, t: Translator) -> None:
    """Latest RECIST category, pace of disease and growth rate, then why."""
    recist, progression = evaluation.trends.recist, evaluation.progression
    c1, c2, c3 = st.columns(3)
    latest = recist.latest.value if recist.latest else "–"
    when = recist.latest_date.isoformat() if recist.latest_date else None
    c1.metric(
        t("trends.latest_category"),
        latest,
        help=t("trends.headline.latest_on", date=when) if when else None,
    )
    pace = progression.value.value
    c2.metric(
        t("trends.progression"),
        t("trends.pace_unknown" if pace == "unknown" else f"value.progression.{pace}"),
    )
    c3.metric(t("trends.headline.tgr"), number(recist.tgr_percent_per_month, t))
    if progression.reason:
        st.caption(plain(progression.reason))


def _kinetics_sentence(
    series: str, summary: MarkerSummary, interval: IntervalChange | None, t: Translator
) -> str:
    parts = [
        t(
            "trends.kinetics.line",
            marker=series_label(series, "", t),
            latest=number(summary.latest, t, 2),
            unit=plain(summary.unit),  # the sentence is shown as Markdown
            date=summary.latest_date.isoformat() if summary.latest_date else "",
        )
    ]
    if interval is not None and interval.previous_date is not None:
        parts.append(
            t(
                "trends.kinetics.last_interval",
                change=signed(interval.change_percent, t),
                previous=number(interval.previous, t, 2),
                date=interval.previous_date.isoformat(),
                days=interval.days,
            )
        )
    else:
        parts.append(t("trends.kinetics.single"))
    if summary.change_from_baseline_percent is not None and summary.baseline_date is not None:
        parts.append(
            t(
                "trends.kinetics.from_baseline",
                change=signed(summary.change_from_baseline_percent, t),
                baseline=number(summary.baseline, t, 2),
                date=summary.baseline_date.isoformat(),
            )
        )
    if summary.doubling_time_days is not None:
        parts.append(t("trends.kinetics.doubling", days=fmt_number(summary.doubling_time_days, 0)))
    elif summary.values > 1:
        parts.append(t("trends.kinetics.not_rising"))
    parts.extend(summary.confounder_notes)
    return t("trends.kinetics.separator").join(parts)


def kinetics_summary(case: Case, evaluation: Evaluation, t: Translator) -> None:
    """One sentence per marker: the last interval first, then the change from baseline."""
    intervals = session_memo.memo(
        "trends_view.intervals", case_hash(case), lambda: last_intervals(case)
    )
    lines = [
        _kinetics_sentence(series, summary, intervals.get(series), t)
        for series, summary in evaluation.trends.markers.items()
        if summary.latest is not None
    ]
    if lines:
        st.markdown("\n".join(f"- {line}" for line in lines))


def _first_event(case: Case) -> date | None:
    days = [m.date for m in case.markers] + [s.date for s in case.imaging]
    days += [line.start for line in case.treatments]
    return min(days, default=None)


def _marker_tables(case: Case) -> dict[str, Any]:
    return session_memo.memo("trends_view.tables", case_hash(case), lambda: marker_tables(case))


def _history_sentences(
    case: Case, chosen: list[str], t: Translator, shown: Callable[[str], str] = str
) -> list[str]:
    """The chart's text alternative: what each row shows, in one sentence. ``shown`` writes a
    typed unit (``plain`` where the sentences are Markdown; as typed in the chart's alt)."""
    sentences = []
    lines = sorted(case.treatments, key=lambda line: line.start)
    if lines:
        sentences.append(
            t(
                "trends.history.summary_lines",
                count=len(lines),
                first=lines[0].start.isoformat(),
                last=(last_event(case) or lines[-1].start).isoformat(),
                latest=t(f"trends.therapy.{lines[-1].therapy.value}"),
            )
        )
    tables = _marker_tables(case)
    for series in chosen:
        rows = tables.get(series) or []
        if rows:
            sentences.append(
                t(
                    "trends.history.summary_marker",
                    marker=series_label(series, "", t),
                    count=len(rows),
                    first=rows[0].date.isoformat(),
                    last=rows[-1].date.isoformat(),
                    latest=number(rows[-1].value, t, 2),
                    unit=shown(rows[-1].unit),
                )
            )
    scans = recist_table(case)
    if scans:
        sentences.append(
            t(
                "trends.history.summary_imaging",
                count=len(scans),
                first=scans[0].date.isoformat(),
                last=scans[-1].date.isoformat(),
                latest=number(scans[-1].sum_mm, t),
                category=scans[-1].category.value
                if scans[-1].category
                else t("trends.before_baseline"),
            )
        )
    return sentences


def _lines_frame(case: Case, t: Translator) -> pd.DataFrame:
    lines = sorted(case.treatments, key=lambda line: line.start)
    return pd.DataFrame(
        {
            "#": [str(n) for n in range(1, len(lines) + 1)],
            t("export.col.therapy"): [t(f"trends.therapy.{x.therapy.value}") for x in lines],
            t("export.col.agent"): [plain(x.agent) if x.agent else "–" for x in lines],
            t("export.col.start"): [x.start.isoformat() for x in lines],
            t("export.col.end"): [
                x.end.isoformat() if x.end else t("trends.figure.ongoing") for x in lines
            ],
            t("export.col.best_response"): [
                x.best_response.value if x.best_response else "–" for x in lines
            ],
            t("export.col.stop_reason"): [
                t(f"trends.stop.{x.stop_reason.value}") if x.stop_reason else "–" for x in lines
            ],
        }
    )


@st.fragment
@fragment_boundary
def history_panel(case: Case, t: Translator) -> None:
    """Time window and marker choice, then lines, markers and imaging on one time axis."""
    first, last = _first_event(case), last_event(case)
    start = end = None
    # Full width each: side by side, the chosen markers' names were cut at 1024 px.
    c1 = c2 = st.container()
    if first is not None and last is not None and first < last:
        start, end = c1.slider(
            t("trends.window"),
            min_value=first,
            max_value=last,
            value=(first, last),
            format="YYYY-MM-DD",
            key="trends_view.window",
        )
    tables = _marker_tables(case)
    series = list(tables)
    units = {key: rows[0].unit for key, rows in tables.items() if rows}
    chosen = c2.multiselect(
        t("trends.markers_shown"),
        series,
        default=series,
        format_func=lambda s: series_label(s, units.get(s, ""), t),
        placeholder=t("trends.markers_placeholder"),
        key="trends_view.markers",
    )
    # Say what is missing rather than draw empty axes, which read as data.
    present = {
        "trends.no_lines": bool(case.treatments),
        "trends.no_markers": bool(case.markers and chosen),
        "trends.no_scans": bool(measured_assessments(case)),
    }
    for missing in (key for key, shown in present.items() if not shown):
        st.caption(t(missing))
    if not any(present.values()):
        return
    figure = session_memo.memo(
        "trends_view.history_figure",
        (case_hash(case), t.lang, start, end, tuple(chosen)),
        lambda: history_figure(case, t, markers=chosen, start=start, end=end),
    )
    sentences = _history_sentences(case, chosen, t)
    st.plotly_chart(
        figure,
        width="stretch",
        config=plotly_config(t.lang),
        alt=" ".join(sentences),
        key="trends_view.history_chart",
    )
    st.caption(t("trends.history.help"))
    with st.expander(t("trends.history.data")):
        shown = _history_sentences(case, chosen, t, plain)
        st.markdown("\n".join(f"- {s}" for s in shown))
        if case.treatments:
            st.markdown(f"**{t('trends.history.lines_table')}**")
            st.table(_lines_frame(case, t), hide_index=True)
        for key in chosen:
            rows = tables.get(key) or []
            if rows:
                st.markdown(f"**{series_label(key, plain(rows[0].unit), t)}**")
                st.table(_series_frame(case, key, t), hide_index=True)


def _recist_frame(case: Case, t: Translator) -> pd.DataFrame | None:
    rows = recist_table(case)
    if not rows:
        return None
    return pd.DataFrame(
        {
            t("field.date"): [r.date.isoformat() for r in rows],
            t("field.modality"): [t(f"value.modality.{r.modality.value}") for r in rows],
            t("trends.sum_mm"): [_words(r.sum_mm, t) for r in rows],
            t("trends.category"): [
                r.category.value if r.category else t("trends.before_baseline") for r in rows
            ],
            t("trends.baseline"): ["✓" if r.is_baseline else "" for r in rows],
            t("trends.vs_baseline"): [_words(r.change_from_baseline_percent, t) for r in rows],
            t("trends.vs_nadir"): [_words(r.change_from_nadir_percent, t) for r in rows],
            t("trends.tgr"): [_words(r.tgr_percent_per_month, t) for r in rows],
            t("field.new_lesions"): [_words(r.new_lesions, t) for r in rows],
        }
    )


def recist_panel(case: Case, t: Translator) -> None:
    table = session_memo.memo(
        "trends_view.recist_frame", (case_hash(case), t.lang), lambda: _recist_frame(case, t)
    )
    if table is None:
        st.caption(t("trends.no_assessments"))
        return
    st.table(table, hide_index=True)


def _series_frame(case: Case, series: str, t: Translator) -> pd.DataFrame:
    def build() -> pd.DataFrame:
        rows = _marker_tables(case)[series]
        return pd.DataFrame(
            {
                t("field.date"): [r.date.isoformat() for r in rows],
                t("field.value"): [number(r.value, t, 2) for r in rows],
                t("field.unit"): [plain(r.unit) for r in rows],
                t("field.uln"): [number(r.uln, t, 2) for r in rows],
                t("trends.baseline"): ["✓" if r.is_baseline else "" for r in rows],
                t("trends.vs_baseline"): [_words(r.change_from_baseline_percent, t) for r in rows],
            }
        )

    frame: pd.DataFrame = session_memo.memo(
        "trends_view.series_frames", (case_hash(case), t.lang, series), build
    )
    return frame


def marker_panel(case: Case, evaluation: Evaluation, t: Translator) -> None:
    """One line per marker series (both kinetics), then each series' values in an expander."""
    summary = evaluation.trends.markers
    tables = _marker_tables(case)
    if not tables:
        st.caption(t("trends.no_markers"))
        return
    intervals = last_intervals(case)
    kinetics = pd.DataFrame(
        {
            t("field.marker"): [series_label(k, plain(s.unit), t) for k, s in summary.items()],
            t("trends.col.latest"): [number(s.latest, t, 2) for s in summary.values()],
            t("trends.col.last_interval"): [
                signed(intervals[k].change_percent, t) if k in intervals else "–" for k in summary
            ],
            t("trends.col.from_baseline"): [
                signed(s.change_from_baseline_percent, t) for s in summary.values()
            ],
            t("trends.col.doubling"): [
                fmt_number(s.doubling_time_days, 0) if s.doubling_time_days else "–"
                for s in summary.values()
            ],
            t("trends.col.above_uln"): [_words(s.above_uln, t) for s in summary.values()],
            t("trends.col.caveats"): ["; ".join(s.confounder_notes) for s in summary.values()],
        }
    )
    st.table(kinetics, hide_index=True)
    for key, rows in tables.items():
        with st.expander(series_label(key, plain(rows[0].unit) if rows else "", t)):
            st.table(_series_frame(case, key, t), hide_index=True)
