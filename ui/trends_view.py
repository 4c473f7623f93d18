"""Trends page widgets: chart panels (a fragment, so moving the window redraws only them),
the RECIST 1.1 table and the marker kinetics table (knowledge base section 6).

Figures and tables are built once per case content, language and choice and kept in this
session (``ui.session_memo``): a rerun that changes none of them redraws without rebuilding.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from netlogic.model.case import Case
from netlogic.reference.i18n import Translator, fmt_number
from netlogic.trends.figures import (
    imaging_figure,
    last_event,
    marker_figure,
    series_label,
    timeline_figure,
)
from netlogic.trends.recist import measured_assessments
from netlogic.trends.summary import MarkerSummary, marker_tables, recist_table
from ui import session_memo
from ui.current_case import case_hash


def _first_event(case: Case) -> date | None:
    days = [m.date for m in case.markers] + [s.date for s in case.imaging]
    days += [line.start for line in case.treatments]
    return min(days, default=None)


def _marker_tables(case: Case) -> dict[str, Any]:
    return session_memo.memo("trends_view.tables", case_hash(case), lambda: marker_tables(case))


@st.fragment
def chart_panels(case: Case, t: Translator) -> None:
    """Time window and marker choice, then the marker, imaging and treatment-line charts."""
    first, last = _first_event(case), last_event(case)
    start = end = None
    c1, c2 = st.columns([2, 3])
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
        key="trends_view.markers",
    )
    key = (case_hash(case), t.lang, start, end)
    markers = session_memo.memo(
        "trends_view.marker_figure",
        (*key, tuple(chosen)),
        lambda: marker_figure(case, t, markers=chosen, start=start, end=end),
    )
    imaging = session_memo.memo(
        "trends_view.imaging_figure", key, lambda: imaging_figure(case, t, start=start, end=end)
    )
    timeline = session_memo.memo(
        "trends_view.timeline_figure", key[:2], lambda: timeline_figure(case, t)
    )
    # An empty chart with meaningless axes reads as data: say what is missing instead.
    shown = [
        (markers, bool(case.markers and chosen), "trends.no_markers"),
        (imaging, bool(measured_assessments(case)), "trends.no_scans"),
        (timeline, bool(case.treatments), "trends.no_lines"),
    ]
    for figure, has_data, missing in shown:
        if has_data:
            st.plotly_chart(figure, width="stretch")
        else:
            st.caption(t(missing))


def _words(value: Any, t: Translator) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return t("value.yes") if value else t("value.no")
    if isinstance(value, float | int):
        return fmt_number(value)
    return str(value)


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
    st.dataframe(table, hide_index=True, width="stretch")


def _series_frame(rows: list[Any], t: Translator) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("field.date"): [r.date.isoformat() for r in rows],
            t("field.value"): [_words(r.value, t) for r in rows],
            t("field.unit"): [r.unit for r in rows],
            t("field.uln"): [_words(r.uln, t) for r in rows],
            t("trends.baseline"): ["✓" if r.is_baseline else "" for r in rows],
            t("trends.vs_baseline"): [_words(r.change_from_baseline_percent, t) for r in rows],
        }
    )


def marker_panel(case: Case, summary: dict[str, MarkerSummary], t: Translator) -> None:
    """One line per marker series (kinetics), then each series' values in an expander."""
    tables = _marker_tables(case)
    if not tables:
        st.caption(t("trends.no_markers"))
        return
    kinetics = pd.DataFrame(
        {
            t("field.marker"): [series_label(k, s.unit, t) for k, s in summary.items()],
            t("trends.latest"): [_words(s.latest, t) for s in summary.values()],
            t("trends.vs_baseline"): [
                _words(s.change_from_baseline_percent, t) for s in summary.values()
            ],
            t("trends.doubling_days"): [_words(s.doubling_time_days, t) for s in summary.values()],
            t("trends.above_uln"): [_words(s.above_uln, t) for s in summary.values()],
            t("trends.confounders"): ["; ".join(s.confounder_notes) for s in summary.values()],
        }
    )
    st.dataframe(kinetics, hide_index=True, width="stretch")
    frames = session_memo.memo(
        "trends_view.series_frames",
        (case_hash(case), t.lang),
        lambda: {key: _series_frame(rows, t) for key, rows in tables.items()},
    )
    for key, rows in tables.items():
        with st.expander(series_label(key, rows[0].unit if rows else "", t)):
            st.dataframe(frames[key], hide_index=True, width="stretch")
