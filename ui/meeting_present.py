"""Meeting page, presentation: one agenda case at a time on the room's screen, in large type.

For each case: its place on the agenda, the question put to the meeting, the grade, the pace
of the disease and the options offered (recommended first), the alerts, the pathway tree of
the offered options, and the history chart (lines, markers, imaging on one time axis); then
the decision. "Previous" and "Next" also answer a presenter's clicker (Page Up / Page Down).
What is shown is the case version the agenda pinned, evaluated on the meeting day: what the
decision will be measured against.

Built for a projector at 1280x720: the sidebar is hidden (the mode switch above brings it
back), text and figures are enlarged by a static stylesheet (``ui/meeting.css``, a file of
this project, never user text) keyed on this module's containers.

This module owns the session-state keys prefixed ``meeting_present.``: the mode (prepare or
present, kept across page switches in an owned key) and the case shown, per meeting.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

import plotly.graph_objects as go
import streamlit as st

from netlogic.clinical.diagram import tree_figure, tree_nodes, tree_summary
from netlogic.clinical.evaluation import Evaluation, evaluate
from netlogic.clinical.grading import grade_label
from netlogic.meetings import CaseOnAgenda, MeetingView
from netlogic.model.case import Case
from netlogic.reference.i18n import Translator
from netlogic.trends.figures import history_figure, plotly_config
from ui import meeting_data, session_memo
from ui.callback_guard import guarded
from ui.pathway_view import ALERT_ICON, alert_title, offered_in_order, status_badge
from ui.plain_text import plain

_MODE = "meeting_present.mode"
_MODE_WIDGET = "meeting_present.mode_choice"
_SHOWN = "meeting_present.shown"
MODES = ("prepare", "present")
STYLESHEET = Path(__file__).with_name("meeting.css")
SCREEN_KEY = "meeting_present-screen"
PROJECTOR_FONT = 18


@cache
def _stylesheet() -> str:
    return STYLESHEET.read_text(encoding="utf-8")


def init_state() -> None:
    st.session_state.setdefault(_MODE, "prepare")
    st.session_state.setdefault(_SHOWN, {})


def _keep_mode() -> None:
    st.session_state[_MODE] = st.session_state[_MODE_WIDGET]


def current_mode() -> str:
    """ "prepare" or "present" (the page lays itself out before the switch is drawn)."""
    init_state()
    mode: str = st.session_state[_MODE]
    return mode


def mode_switch(t: Translator) -> None:
    """Prepare (participants, agenda, minutes) or present and decide."""
    init_state()
    st.session_state[_MODE_WIDGET] = st.session_state[_MODE]
    st.segmented_control(
        t("meeting_ui.mode"),
        list(MODES),
        format_func=lambda m: t(f"meeting_ui.mode.{m}"),
        key=_MODE_WIDGET,
        on_change=guarded(_keep_mode),
        required=True,
        # On the room's screen the two choices say enough; the label stays for screen readers.
        label_visibility="collapsed" if current_mode() == "present" else "visible",
    )


def style() -> None:
    """The presentation's stylesheet: large type, the sidebar hidden (injected only while
    presenting)."""
    st.html(f"<style>{_stylesheet()}</style>")


def shown_position(view: MeetingView) -> int:
    """The index of the agenda case on screen (kept per meeting, within the agenda)."""
    shown: dict[str, int] = st.session_state[_SHOWN]
    index = shown.get(view.meeting_id, 0)
    return min(max(index, 0), max(len(view.agenda) - 1, 0))


def _move(meeting_id: str, to: int) -> None:
    st.session_state[_SHOWN][meeting_id] = to


def navigation(view: MeetingView, t: Translator) -> None:
    """The mode switch, Previous and Next on one line above the case, so a long case never
    pushes them off the screen."""
    index = shown_position(view)
    mode, back, where, forward = st.columns([3, 2, 2, 2], vertical_alignment="center")
    with mode:
        mode_switch(t)
    back.button(
        t("meeting_ui.previous"),
        key="meeting_present.previous",
        icon=":material/arrow_back:",
        on_click=guarded(_move),
        args=(view.meeting_id, index - 1),
        disabled=index == 0,
        shortcut="PageUp",
        width="stretch",
    )
    with where.container(key="meeting_present-where"):
        st.markdown(
            f"**{t('meeting_ui.position', n=index + 1, total=len(view.agenda))}**",
            text_alignment="center",
        )
    forward.button(
        t("meeting_ui.next"),
        key="meeting_present.next",
        icon=":material/arrow_forward:",
        icon_position="right",
        type="primary",
        on_click=guarded(_move),
        args=(view.meeting_id, index + 1),
        disabled=index >= len(view.agenda) - 1,
        shortcut="PageDown",
        width="stretch",
    )


def pinned_evaluation(
    t: Translator, entry: CaseOnAgenda, meeting_day: date
) -> tuple[Case, Evaluation] | None:
    """The pinned case version and its evaluation on the meeting day (once per session)."""
    key = (entry.case_id, entry.item.case_version, meeting_day, t.lang)

    def load() -> tuple[Case, Evaluation] | None:
        case, problem = meeting_data.pinned_case(t, entry.case_id, entry.item.case_version)
        if case is None:
            st.error(problem.message if problem else "", icon=":material/error:")
            return None
        return case, evaluate(case, today=meeting_day, lang=t.lang)

    return session_memo.memo("meeting_present.cases", key, load)


def _answer(evaluation: Evaluation, t: Translator) -> None:
    """Grade, pace and the offered options: what the room reads first."""
    colon = t("punct.colon")
    st.metric(t("pathway.grade"), grade_label(evaluation.grade.label, t))
    pace = t(f"pathway.header.pace.{evaluation.progression.value.value}")
    st.markdown(f"**{t('pathway.header.progression')}{colon}** {pace}")
    offered = offered_in_order(evaluation)
    st.markdown(f"**{t('pathway.header.offered', count=len(offered))}**")
    lines = [f"{status_badge(o.status, t)} **{t(f'therapy.{o.therapy.value}')}**" for o in offered]
    st.markdown("  \n".join(lines) or t("pathway.none_offered"))


def _alerts(evaluation: Evaluation, t: Translator) -> None:
    """Every alert title once, the most urgent first (the Pathway page has the details)."""
    seen: dict[str, int] = {}
    for alert in sorted(evaluation.alerts, key=lambda a: a.level):
        seen.setdefault(alert_title(alert.code, t), alert.level)
    if not seen:
        return
    st.markdown(f"**{t('meeting_ui.alerts', count=len(seen))}**")
    st.markdown("  \n".join(f"{ALERT_ICON[level]} {title}" for title, level in seen.items()))


def _tree(evaluation: Evaluation, t: Translator) -> None:
    nodes = tree_nodes(evaluation, t, offered_only=True)
    figure = tree_figure(nodes, t, font_size=PROJECTOR_FONT)
    figure.update_layout(legend={"font": {"size": 16}})
    st.plotly_chart(
        figure,
        key="meeting_present.tree",
        config={"displayModeBar": False, "staticPlot": True},
        alt=t("pathway.tree.alt", summary=tree_summary(nodes, t)),
    )
    st.caption(t("meeting_ui.tree_offered_only"))


def _history(case: Case, version: int, t: Translator) -> None:
    if not (case.treatments or case.markers or case.imaging):
        st.caption(t("meeting_ui.no_history"))
        return

    def build() -> go.Figure:
        figure = history_figure(case, t)
        # The room reads it from the back: larger axis and legend text than on a laptop.
        # Dates under the bottom row only: the upper rows' dates (day, then year on a second
        # line) touch the next row's title, and the room reads one shared axis anyway.
        axes = sorted(name for name in figure.layout if name.startswith("xaxis"))
        bottom = max(axes, key=lambda name: int(name.removeprefix("xaxis") or 1))
        for name in axes:
            figure.layout[name].showticklabels = name == bottom
        figure.update_layout(legend={"font": {"size": 16}})
        figure.update_traces(marker={"size": 11}, selector={"type": "scatter"})
        figure.update_yaxes(tickfont={"size": 15})
        figure.update_annotations(font={"size": 17})
        return figure

    # A pinned case version never changes: its id and version name the figure.
    figure = session_memo.memo("meeting_present.history", (case.id, version, t.lang), build)
    st.plotly_chart(
        figure,
        width="stretch",
        config=plotly_config(t.lang),
        alt=t("meeting_ui.history_alt"),
        key="meeting_present.history",
    )


def case_screen(view: MeetingView, entry: CaseOnAgenda, t: Translator) -> Evaluation | None:
    """The case on the room's screen; returns its evaluation (None when it cannot be read)."""
    loaded = pinned_evaluation(t, entry, view.date)
    with st.container(key=SCREEN_KEY):
        st.markdown(f"## {plain(entry.case_id)}")
        st.caption(
            t(
                "meeting_ui.screen_line",
                version=entry.item.case_version,
                date=view.date.isoformat(),
            )
        )
        question = entry.item.question
        with st.container(key="meeting_present-question", border=True):
            if question:
                st.markdown(
                    f"**{t('meetings.section.question')}{t('punct.colon')}** {plain(question)}"
                )
            else:
                st.caption(t("meetings.no_question"))
        if loaded is None:
            return None
        case, evaluation = loaded
        left, right = st.columns([2, 3], gap="large")
        with left:
            _answer(evaluation, t)
            _alerts(evaluation, t)
        with right:
            _tree(evaluation, t)
        st.markdown(f"### {t('meeting_ui.history')}")
        _history(case, entry.item.case_version, t)
    return evaluation
