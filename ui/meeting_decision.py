"""Meeting page, the decision for one case of the agenda: the form, and the record as it was.

The form offers every node of the pathway tree with its status for the pinned case version on
the meeting day (``netlogic.meetings.options_at_meeting``), the offered options first, so the
room sees while choosing whether each therapy was recommended, an option or not offered. A
choice outside the offered options needs a justification: the refusal is shown inline, the
entered data stay in the form. The record pins the case version and rule set; it is shown
with the statuses of that moment (``Decision.status_at_decision``), not recomputed.

This module owns the session-state keys prefixed ``meeting_decision.``: one set of form
widgets per meeting and case (so moving between cases never mixes their entries) and the last
refusal of each form.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from netlogic.meetings import MeetingView, OptionsAtMeeting
from netlogic.meetings.status import not_offered
from netlogic.model.meeting import (
    LONG_TEXT_LENGTH,
    TRIAL_NAME_LENGTH,
    Decision,
    DecisionType,
)
from netlogic.model.vocabulary import OFFERED, Status, Therapy
from netlogic.reference.i18n import Translator
from ui import meeting_data
from ui.callback_guard import guarded
from ui.meeting_data import Problem
from ui.pathway_view import status_badge
from ui.plain_text import plain

_PROBLEMS = "meeting_decision.problems"
_FIELDS = ("therapies", "type", "text", "justification", "trial", "trial_name", "next_review")
_ORDER = {Status.RECOMMENDED: 0, Status.OPTION: 1, Status.NOT_RECOMMENDED: 2}


def init_state() -> None:
    st.session_state.setdefault(_PROBLEMS, {})


def widget_key(field: str, meeting_id: str, case_id: str) -> str:
    return f"meeting_decision.{field}.{meeting_id}.{case_id}"


def therapy_words(therapy: Therapy | str, t: Translator) -> str:
    return t(f"therapy.{Therapy(therapy).value}")


def in_offer_order(options: dict[Therapy, Status]) -> list[Therapy]:
    """Recommended first, then options, then the rest; tree order within each."""
    tree = list(options)
    return sorted(tree, key=lambda th: (_ORDER.get(options[th], 3), tree.index(th)))


def _choice_label(therapy: Therapy, options: dict[Therapy, Status], t: Translator) -> str:
    return t(
        "meeting_ui.therapy_choice",
        therapy=therapy_words(therapy, t),
        status=t(f"status.{options[therapy].value}"),
    )


def _record(t: Translator, view: MeetingView, offer: OptionsAtMeeting, author: str) -> None:
    """The form's submit: check what the form alone can tell, then ask the domain."""
    meeting_id, case_id = view.meeting_id, offer.case_id

    def value(field: str) -> object:
        return st.session_state.get(widget_key(field, meeting_id, case_id))

    problems: dict[tuple[str, str], Problem | None] = st.session_state[_PROBLEMS]
    therapies = [Therapy(x) for x in (value("therapies") or [])]  # type: ignore[attr-defined]
    justification = str(value("justification") or "").strip()
    trial_proposed = bool(value("trial"))
    trial_name = str(value("trial_name") or "").strip()
    problem: Problem | None = None
    if not therapies:
        problem = Problem("therapies", t("meeting_ui.error.therapies"))
    elif value("type") is None:
        problem = Problem("type", t("meeting_ui.error.type"))
    elif trial_proposed and not trial_name:
        problem = Problem("trial", t("meeting_ui.error.trial_name"))
    elif trial_name and not trial_proposed:
        # A typed name is never dropped silently: the clinician says which answer holds.
        problem = Problem("trial", t("meeting_ui.error.trial_no"))
    else:
        departures = not_offered({th: offer.options[th] for th in therapies})
        if departures and not justification:
            named = ", ".join(_choice_label(th, offer.options, t) for th in departures)
            problem = Problem("justification", t("meeting_ui.error.justification", therapies=named))
    if problem is None:
        next_review = value("next_review")
        _, problem = meeting_data.decide(
            t,
            meeting_id,
            case_id,
            {
                "therapies": therapies,
                "type": value("type"),
                "text": str(value("text") or ""),
                "justification": justification,
                "trial": trial_name if trial_proposed else None,
                "next_review": next_review if isinstance(next_review, date) else None,
            },
            author,
        )
    problems[(meeting_id, case_id)] = problem


def decision_form(
    view: MeetingView, offer: OptionsAtMeeting, t: Translator, author: str, again: bool
) -> None:
    """The decision form of one case (``again``: a decision exists; this one replaces it as
    the newest, the earlier stays in the history)."""
    init_state()
    meeting_id, case_id = view.meeting_id, offer.case_id

    def key(field: str) -> str:
        return widget_key(field, meeting_id, case_id)

    with st.form(f"meeting_decision.form.{meeting_id}.{case_id}"):
        st.multiselect(
            t("meeting_ui.field.therapies"),
            in_offer_order(offer.options),
            format_func=lambda th: _choice_label(Therapy(th), offer.options, t),
            placeholder=t("meeting_ui.therapies_placeholder"),
            key=key("therapies"),
            help=t("meeting_ui.therapies_help"),
        )
        c1, c2 = st.columns(2)
        c1.selectbox(
            t("meeting_ui.field.type"),
            list(DecisionType),
            index=None,
            format_func=lambda dt: t(f"meetings.type.{DecisionType(dt).value}"),
            placeholder=t("meeting_ui.type_placeholder"),
            key=key("type"),
        )
        c2.date_input(
            t("meeting_ui.field.next_review"),
            value=None,
            min_value=view.date,
            format="YYYY-MM-DD",
            key=key("next_review"),
        )
        st.text_area(t("meeting_ui.field.text"), max_chars=LONG_TEXT_LENGTH, key=key("text"))
        st.text_area(
            t("meeting_ui.field.justification"),
            max_chars=LONG_TEXT_LENGTH,
            key=key("justification"),
            help=t("meeting_ui.justification_help"),
        )
        c1, c2 = st.columns([1, 2])
        c1.radio(
            t("meeting_ui.field.trial"),
            [False, True],
            format_func=lambda yes: t("value.yes") if yes else t("value.no"),
            horizontal=True,
            key=key("trial"),
        )
        c2.text_input(
            t("meeting_ui.field.trial_name"), max_chars=TRIAL_NAME_LENGTH, key=key("trial_name")
        )
        st.caption(t("meeting_ui.recorded_as", author=author))
        st.form_submit_button(
            t("meeting_ui.record_again" if again else "meeting_ui.record"),
            type="primary",
            icon=":material/gavel:",
            on_click=guarded(_record),
            args=(t, view, offer, author),
            key=key("submit"),
        )
    problem = st.session_state[_PROBLEMS].get((meeting_id, case_id))
    if problem is not None:
        st.error(problem.message, icon=":material/error:")


def decision_record(decision: Decision, t: Translator) -> None:
    """The recorded decision as it was: therapies with their status at that moment, the type,
    the words, the justification, the trial, the next review, the quorum, who and when."""
    colon = t("punct.colon")
    with st.container(border=True, key="meeting_decision-record"):
        st.markdown(f"**{t('meeting_ui.recorded_title')}**")
        departs = f" · {t('meeting_ui.departs')}"
        lines = [
            f"{status_badge(status, t)} **{therapy_words(th, t)}**"
            + ("" if status in OFFERED else departs)
            for th, status in ((th, decision.status_at_decision[th]) for th in decision.therapies)
        ]
        st.markdown("  \n".join(lines))
        st.markdown(
            f"**{t('meetings.decision.concordance')}{colon}** "
            f"{t(f'meetings.concordance.{decision.concordance.value}')}  \n"
            f"**{t('meetings.decision.type')}{colon}** {t(f'meetings.type.{decision.type.value}')}"
        )
        for label, text in (
            ("meetings.decision.text", decision.text),
            ("meetings.decision.justification", decision.justification),
        ):
            if text:
                st.markdown(f"**{t(label)}{colon}** {plain(text)}")
        trial = plain(decision.trial) if decision.trial else t("meetings.decision.no_trial")
        review = (
            decision.next_review.isoformat()
            if decision.next_review
            else t("meetings.decision.no_next_review")
        )
        st.markdown(
            f"**{t('meetings.decision.trial')}{colon}** {trial}  \n"
            f"**{t('meetings.decision.next_review')}{colon}** {review}"
        )
        if decision.present_again:
            st.warning(t("meetings.present_again"), icon=":material/group_off:")
        st.caption(
            t(
                "meeting_ui.pinned",
                version=decision.case_version,
                ruleset=decision.ruleset_version,
            )
        )
        at = decision.recorded_at.strftime("%Y-%m-%d %H:%M")
        st.caption(t("meeting_ui.recorded_line", author=plain(decision.recorded_by), at=at))
