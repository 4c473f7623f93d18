"""Concordance page widgets: the period, then how the meeting's decisions stood against the
pathway offered at the time (``netlogic.meetings.concordance``): within the recommended
options, within the options, outside them (with the justifications given, grouped), per
therapy, and how many were taken without quorum.

The numbers are the domain's (``ConcordanceReport``); this module lays them out as metrics,
plain tables (``st.table``: real HTML a screen reader walks, cells as typed) and one bar
chart whose text alternative is the table above it. Shares are written the session's way
(38,5 % in French).

This module owns the session-state keys prefixed ``concordance_view.``: the period chosen
(kept across page switches) and the form's date widgets.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from netlogic.meetings import ConcordanceReport
from netlogic.model.vocabulary import Therapy
from netlogic.reference.i18n import Translator, fmt_number
from ui import meeting_data
from ui.callback_guard import guarded

_PERIOD = "concordance_view.period"
_FROM = "concordance_view.from"
_TO = "concordance_view.to"
CLASSES = ("within_recommended", "within_option", "outside_offered")
# Status colours of the pathway (recommended green, option blue), outside in orange; every bar
# also carries its words and its number, never colour alone.
COLOURS = {
    "within_recommended": "#1b7f3b",
    "within_option": "#1f5f8b",
    "outside_offered": "#b45309",
    "without_quorum": "#6b7280",
}


def init_state() -> None:
    st.session_state.setdefault(_PERIOD, (None, None))


def _apply() -> None:
    start, end = st.session_state.get(_FROM), st.session_state.get(_TO)
    st.session_state[_PERIOD] = (start, end)


def period_form(t: Translator) -> tuple[date | None, date | None]:
    """The period (either end may be left empty: from the first, or up to the last meeting)."""
    init_state()
    start, end = st.session_state[_PERIOD]
    with st.form("concordance_view.period_form"):
        c1, c2 = st.columns(2)
        st.session_state.setdefault(_FROM, start)
        st.session_state.setdefault(_TO, end)
        c1.date_input(
            t("meeting_ui.field.from"),
            key=_FROM,
            format="YYYY-MM-DD",
            help=t("concordance_ui.from_help"),
        )
        c2.date_input(
            t("meeting_ui.field.to"),
            key=_TO,
            format="YYYY-MM-DD",
            help=t("concordance_ui.to_help"),
        )
        st.form_submit_button(
            t("concordance_ui.apply"),
            icon=":material/date_range:",
            on_click=guarded(_apply),
            key="concordance_view.apply",
        )
    chosen: tuple[date | None, date | None] = st.session_state[_PERIOD]
    return chosen


def period_words(start: date | None, end: date | None, t: Translator) -> str:
    if start is None and end is None:
        return t("concordance_ui.period.all")
    return t(
        "concordance_ui.period",
        start=start.isoformat() if start else t("concordance_ui.period.first"),
        end=end.isoformat() if end else t("concordance_ui.period.last"),
    )


def report(t: Translator, start: date | None, end: date | None) -> ConcordanceReport | None:
    """The domain's report over the period, or its refusal shown inline (None)."""
    found, problem = meeting_data.concordance_over(t, start, end)
    if problem is not None:
        st.error(problem.message, icon=":material/error:")
    return found


def _share(found: ConcordanceReport, name: str, t: Translator) -> str:
    """The domain's share of ``name`` as a percentage in the session's words ("–" when there
    is no decision to share)."""
    share = found.shares()[name]
    if share is None:
        return "–"
    return t("concordance_ui.percent", value=fmt_number(100 * share, 1))


def _counts(found: ConcordanceReport) -> dict[str, int]:
    return {
        "within_recommended": found.within_recommended,
        "within_option": found.within_option,
        "outside_offered": found.outside_offered,
        "without_quorum": found.without_quorum,
    }


def _class_words(name: str, t: Translator) -> str:
    if name == "without_quorum":
        return t("concordance_ui.without_quorum")
    return t(f"meetings.concordance.{name}")


def headline(found: ConcordanceReport, t: Translator) -> None:
    """The number of decisions and how many without quorum, then the share of each class
    (two rows: five metrics side by side cut their labels on a laptop)."""
    counts = _counts(found)
    first = st.columns(2)
    first[0].metric(t("concordance_ui.decisions"), str(found.decisions))
    rows = [("without_quorum", first[1])]
    rows += list(zip(CLASSES, st.columns(len(CLASSES)), strict=True))
    for name, column in rows:
        column.metric(
            _class_words(name, t),
            _share(found, name, t),
            help=t("concordance_ui.count", count=counts[name], total=found.decisions),
        )


def summary_table(found: ConcordanceReport, t: Translator) -> pd.DataFrame:
    counts = _counts(found)
    return pd.DataFrame(
        {
            t("concordance_ui.col.class"): [_class_words(n, t) for n in counts],
            t("concordance_ui.col.decisions"): [str(c) for c in counts.values()],
            t("concordance_ui.col.share"): [_share(found, n, t) for n in counts],
        }
    )


def concordance_figure(found: ConcordanceReport, t: Translator) -> go.Figure:
    """One horizontal bar per class: its share, labelled with the share and the count."""
    counts = _counts(found)
    names = list(counts)
    shares = [100 * (found.shares()[n] or 0.0) for n in names]
    figure = go.Figure(
        go.Bar(
            x=shares,
            # Short names: the long ones are in the table; a phone leaves the axis 100 px.
            y=[t(f"concordance_ui.short.{n}") for n in names],
            orientation="h",
            marker={"color": [COLOURS[n] for n in names]},
            text=[
                t("concordance_ui.bar", share=_share(found, n, t), count=counts[n]) for n in names
            ],
            textposition="outside",
            cliponaxis=False,
            hoverinfo="skip",
        )
    )
    figure.update_layout(
        height=300,
        margin={"l": 10, "r": 90, "t": 10, "b": 40},
        xaxis={"range": [0, 100], "ticksuffix": " %", "fixedrange": True},
        yaxis={"autorange": "reversed", "automargin": True, "fixedrange": True},
        font={"size": 14, "color": "#1a1a1a"},
        plot_bgcolor="#ffffff",
        paper_bgcolor="#ffffff",
        showlegend=False,
    )
    return figure


def therapy_table(found: ConcordanceReport, t: Translator) -> pd.DataFrame:
    rows = found.by_therapy
    return pd.DataFrame(
        {
            t("meetings.col.therapy"): [t(f"therapy.{Therapy(k).value}") for k in rows],
            t("concordance_ui.col.decisions"): [str(v.decisions) for v in rows.values()],
            t("status.recommended"): [str(v.recommended) for v in rows.values()],
            t("status.option"): [str(v.option) for v in rows.values()],
            t("concordance_ui.col.not_offered"): [str(v.not_offered) for v in rows.values()],
        }
    )


def justification_table(found: ConcordanceReport, t: Translator) -> pd.DataFrame:
    groups = found.justifications
    return pd.DataFrame(
        {
            t("meetings.decision.justification"): [g.justification for g in groups],
            t("concordance_ui.col.decisions"): [str(g.count) for g in groups],
            t("concordance_ui.col.therapies"): [
                ", ".join(t(f"therapy.{Therapy(x).value}") for x in g.therapies) for g in groups
            ],
            t("concordance_ui.col.cases"): [
                ", ".join(f"{c['case_id']} ({c['meeting_id']})" for c in g.cases) for g in groups
            ],
        }
    )


def report_sections(found: ConcordanceReport, t: Translator) -> None:
    """Headline, the classes as a table and a chart, per therapy, the justifications."""
    headline(found, t)
    if found.decisions == 0:
        st.info(t("concordance_ui.none"), icon=":material/info:")
        return
    st.subheader(t("concordance_ui.by_class"))
    st.table(summary_table(found, t), hide_index=True)
    st.plotly_chart(
        concordance_figure(found, t),
        config={"displayModeBar": False, "staticPlot": True},
        alt=t("concordance_ui.chart_alt"),
        key="concordance_view.chart",
    )
    st.caption(t("concordance_ui.class_help"))
    st.subheader(t("concordance_ui.by_therapy"))
    st.table(therapy_table(found, t), hide_index=True)
    st.caption(t("concordance_ui.therapy_help"))
    st.subheader(t("concordance_ui.justifications"))
    if found.justifications:
        st.table(justification_table(found, t), hide_index=True)
    else:
        st.caption(t("concordance_ui.no_justification"))
