"""Meeting page, preparation: choose or create a meeting, who is present (and whether the
quorum is reached), the ordered agenda of saved cases with each question.

A meeting and its agenda live in the case store (``netlogic.meetings``): every change is a new
version or a new row, nothing is overwritten. The quorum is the domain's
(``MeetingView.quorum``: at least three different specialties); this module only shows it,
in words and with an icon (never colour alone).

This module owns the session-state keys prefixed ``meeting_setup.``: the meeting chosen (kept
across page switches in an owned key, its widget copying into it), the last refusal of each
form (shown inline, the entered data kept in the form's widgets).
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from netlogic.meetings import CaseOnAgenda, MeetingSummary, MeetingView, Specialty
from netlogic.model.meeting import (
    MEETING_NAME_LENGTH,
    PARTICIPANT_NAME_LENGTH,
    QUORUM_SPECIALTIES,
)
from netlogic.reference.i18n import Translator
from ui import case_store, meeting_data
from ui.callback_guard import guarded
from ui.meeting_data import Problem
from ui.plain_text import plain

_MEETING = "meeting_setup.meeting_id"
_PICK = "meeting_setup.pick"
_PROBLEMS = "meeting_setup.problems"
_NOTICE = "meeting_setup.notice"
_NEW_DATE = "meeting_setup.new_date"
_NEW_NAME = "meeting_setup.new_name"
_INITIALS = "meeting_setup.initials"
_SPECIALTY = "meeting_setup.specialty"
_CASE = "meeting_setup.case_pick"


def init_state() -> None:
    st.session_state.setdefault(_MEETING, None)
    st.session_state.setdefault(_PROBLEMS, {})
    st.session_state.setdefault(_NOTICE, "")


def _refuse(form: str, problem: Problem | None) -> None:
    problems: dict[str, Problem | None] = st.session_state[_PROBLEMS]
    problems[form] = problem


def _show_problem(form: str) -> None:
    problem = st.session_state[_PROBLEMS].get(form)
    if problem is not None:
        st.error(problem.message, icon=":material/error:")


def specialty_words(specialty: Specialty | str, t: Translator) -> str:
    return t(f"meetings.specialty.{Specialty(specialty).value}")


def quorum_banner(view: MeetingView, t: Translator) -> None:
    """Whether at least three different specialties are present, said in words."""
    names = ", ".join(specialty_words(s, t) for s in view.specialties)
    count = len(view.specialties)
    if view.quorum:
        st.success(
            t("meeting_ui.quorum.reached", count=count, specialties=names),
            icon=":material/how_to_reg:",
        )
    else:
        st.warning(
            t(
                "meeting_ui.quorum.missing",
                count=count,
                needed=QUORUM_SPECIALTIES,
                specialties=names or t("meeting_ui.quorum.nobody"),
            ),
            icon=":material/group_off:",
        )


# --- choosing or creating a meeting ------------------------------------------------------------


def _summary_line(summary: MeetingSummary, t: Translator) -> str:
    return t(
        "meeting_ui.pick_line",
        date=summary.date.isoformat(),
        name=summary.name,
        cases=summary.cases,
        decisions=summary.decisions,
    )


def _keep_pick() -> None:
    st.session_state[_MEETING] = st.session_state[_PICK]


def _create(t: Translator, author: str) -> None:
    name = str(st.session_state.get(_NEW_NAME) or "").strip()
    when = st.session_state.get(_NEW_DATE)
    if not name:
        _refuse("new", Problem("name", t("meeting_ui.error.name")))
        return
    if not isinstance(when, date):
        _refuse("new", Problem("date", t("meeting_ui.error.date")))
        return
    meeting_id, problem = meeting_data.create(t, when, name, author)
    _refuse("new", problem)
    if meeting_id is not None:
        st.session_state[_MEETING] = meeting_id
        st.session_state[_NEW_NAME] = ""
        st.session_state[_NOTICE] = t("meeting_ui.created", name=plain(name), meeting_id=meeting_id)


def _new_meeting_form(t: Translator, author: str, today: date, expanded: bool) -> None:
    with st.expander(t("meeting_ui.new"), icon=":material/add:", expanded=expanded):
        with st.form("meeting_setup.new_form", border=False):
            c1, c2 = st.columns([1, 2])
            st.session_state.setdefault(_NEW_DATE, today)
            c1.date_input(t("meeting_ui.field.date"), key=_NEW_DATE, format="YYYY-MM-DD")
            c2.text_input(
                t("meeting_ui.field.name"),
                key=_NEW_NAME,
                max_chars=MEETING_NAME_LENGTH,
                placeholder=t("meeting_ui.name_placeholder"),
            )
            st.form_submit_button(
                t("meeting_ui.create"),
                type="primary",
                icon=":material/event_available:",
                on_click=guarded(_create),
                args=(t, author),
                key="meeting_setup.create",
            )
        _show_problem("new")


def choose_meeting(t: Translator, author: str, today: date) -> str | None:
    """The meeting chosen (None when there is none yet), or a new one created here."""
    init_state()
    found, problem = meeting_data.meetings(t)
    if problem is not None:
        st.error(problem.message, icon=":material/error:")
        return None
    by_id = {m.meeting_id: m for m in found}
    chosen = st.session_state[_MEETING]
    if chosen not in by_id:
        chosen = found[0].meeting_id if found else None
        st.session_state[_MEETING] = chosen
    if found:
        st.session_state[_PICK] = chosen
        st.selectbox(
            t("meeting_ui.pick"),
            list(by_id),
            format_func=lambda meeting_id: _summary_line(by_id[meeting_id], t),
            key=_PICK,
            on_change=guarded(_keep_pick),
        )
    _new_meeting_form(t, author, today, expanded=not found)
    if st.session_state[_NOTICE]:
        st.success(st.session_state[_NOTICE], icon=":material/check_circle:")
        st.session_state[_NOTICE] = ""
    return chosen


def chosen_meeting() -> str | None:
    """The meeting chosen while preparing (None before one is created)."""
    init_state()
    chosen: str | None = st.session_state[_MEETING]
    return chosen


def meeting_header(view: MeetingView, t: Translator) -> None:
    """The meeting's date and name, who created it, and the quorum."""
    # Typed by a clinician: shown as typed, never as Markdown.
    st.header(t("meeting_ui.heading", date=view.date.isoformat(), name=plain(view.name)))
    st.caption(
        t(
            "meeting_ui.meta",
            meeting_id=view.meeting_id,
            version=view.version,
            author=plain(view.created_by),
            cases=len(view.agenda),
        )
    )
    quorum_banner(view, t)


# --- participants -----------------------------------------------------------------------------


def _add_participant(t: Translator, view: MeetingView, author: str) -> None:
    initials = str(st.session_state.get(_INITIALS) or "").strip()
    specialty = st.session_state.get(_SPECIALTY)
    if not initials:
        _refuse("participant", Problem("participants", t("meeting_ui.error.initials")))
        return
    if specialty is None:
        _refuse("participant", Problem("participants", t("meeting_ui.error.specialty")))
        return
    person, problem = meeting_data.participant(t, initials, str(specialty))
    if person is None:
        _refuse("participant", problem)
        return
    problem = meeting_data.revise(t, view, [*view.participants, person], author)
    _refuse("participant", problem)
    if problem is None:
        st.session_state[_INITIALS] = ""
        st.session_state[_SPECIALTY] = None


def _remove_participant(t: Translator, view: MeetingView, index: int, author: str) -> None:
    kept = [p for n, p in enumerate(view.participants) if n != index]
    _refuse("participant", meeting_data.revise(t, view, kept, author))


def participants_panel(view: MeetingView, t: Translator, author: str) -> None:
    """Who is present (initials and specialty), one added at a time, any removed."""
    st.subheader(t("meetings.participants"))
    if not view.participants:
        st.caption(t("meetings.no_participants"))
    for index, person in enumerate(view.participants):
        c1, c2 = st.columns([3, 1], vertical_alignment="center")
        c1.markdown(f"**{plain(person.name)}** · {specialty_words(person.specialty, t)}")
        c2.button(
            t("meeting_ui.remove"),
            key=f"meeting_setup.remove.{index}",
            icon=":material/person_remove:",
            on_click=guarded(_remove_participant),
            args=(t, view, index, author),
            help=t("meeting_ui.remove_help", name=plain(person.name)),
        )
    with st.form("meeting_setup.participant_form"):
        c1, c2 = st.columns([1, 2])
        c1.text_input(
            t("meeting_ui.field.initials"),
            key=_INITIALS,
            max_chars=PARTICIPANT_NAME_LENGTH,
            placeholder=t("meeting_ui.initials_placeholder"),
        )
        c2.selectbox(
            t("meeting_ui.field.specialty"),
            list(Specialty),
            index=None,
            format_func=lambda s: specialty_words(s, t),
            placeholder=t("meeting_ui.specialty_placeholder"),
            key=_SPECIALTY,
        )
        st.form_submit_button(
            t("meeting_ui.add_participant"),
            icon=":material/person_add:",
            on_click=guarded(_add_participant),
            args=(t, view, author),
            key="meeting_setup.add_participant",
        )
    _show_problem("participant")


# --- agenda -----------------------------------------------------------------------------------


def decision_words(entry: CaseOnAgenda, t: Translator) -> str:
    """A case's decision in one cell: the therapies, where it stood, "present again"."""
    decision = entry.decision
    if decision is None:
        return t("meetings.pending")
    therapies = ", ".join(t(f"therapy.{th.value}") for th in decision.therapies)
    words = f"{therapies} · {t(f'meetings.concordance.{decision.concordance.value}')}"
    return f"{words} · {t('meetings.present_again')}" if entry.present_again else words


def _agenda_table(view: MeetingView, t: Translator) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("meeting_ui.col.position"): [str(e.item.position) for e in view.agenda],
            t("meeting_ui.col.case"): [e.case_id for e in view.agenda],
            t("meeting_ui.col.version"): [str(e.item.case_version) for e in view.agenda],
            t("meeting_ui.col.question"): [
                e.item.question or t("meetings.no_question") for e in view.agenda
            ],
            t("meeting_ui.col.decision"): [decision_words(e, t) for e in view.agenda],
        }
    )


def _add_case(t: Translator, meeting_id: str, author: str) -> None:
    case_id = st.session_state.get(_CASE)
    if not case_id:
        _refuse("agenda", Problem("case_id", t("meeting_ui.error.case")))
        return
    problem = meeting_data.put_on_agenda(t, meeting_id, str(case_id), author)
    _refuse("agenda", problem)
    if problem is None:
        st.session_state[_CASE] = None


def agenda_panel(view: MeetingView, t: Translator, author: str) -> None:
    """The agenda in order, then a saved case added to its end (its latest version pinned)."""
    st.subheader(t("meetings.agenda"))
    if view.agenda:
        # st.table is real HTML a screen reader walks; cells are plain text (questions as typed).
        st.table(_agenda_table(view, t), hide_index=True)
        st.caption(t("meeting_ui.question_hint"))
    else:
        st.caption(t("meetings.agenda_empty"))
    patients, demos, problem = case_store.saved_cases(set())
    if problem is not None:
        st.error(t("meeting_ui.error.store", message=plain(problem)), icon=":material/error:")
        return
    on_agenda = {e.case_id for e in view.agenda}
    summaries = {s.case_id: s for s in [*patients, *demos]}

    def label(case_id: str) -> str:
        key = "meeting_ui.case_on_agenda" if case_id in on_agenda else "meeting_ui.case_line"
        return t(key, case_id=case_id, version=summaries[case_id].version)

    with st.form("meeting_setup.agenda_form"):
        st.selectbox(
            t("meeting_ui.field.case"),
            list(summaries),
            index=None,
            format_func=label,
            placeholder=t("meeting_ui.case_placeholder"),
            key=_CASE,
            help=t("meeting_ui.case_help"),
        )
        st.form_submit_button(
            t("meeting_ui.add_case"),
            icon=":material/playlist_add:",
            on_click=guarded(_add_case),
            args=(t, view.meeting_id, author),
            key="meeting_setup.add_case",
        )
    _show_problem("agenda")
    if not summaries:
        st.caption(t("meeting_ui.no_saved_cases"))
