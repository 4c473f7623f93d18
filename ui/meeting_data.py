"""The meeting functions of ``netlogic.meetings`` as the Meeting and Concordance pages call
them: on the app's case store, each refusal turned into one sentence in the session's words.

A refusal is a :class:`Problem`: the field to correct (``justification``, ``name``...) and a
message ready to show (translated where the field is known, the domain's own words quoted as
plain text otherwise). No traceback ever reaches the page. This module owns no session state;
the store connection is ``ui.case_store``'s.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from netlogic.meetings import (
    CaseDecision,
    ConcordanceReport,
    DecisionInput,
    MeetingInputError,
    MeetingSummary,
    MeetingView,
    OptionsAtMeeting,
    Participant,
    add_case,
    case_decisions,
    concordance,
    create_meeting,
    list_meetings,
    load_meeting,
    load_minutes,
    options_at_meeting,
    record_decision,
    revise_meeting,
)
from netlogic.meetings.service import validated
from netlogic.model.case import Case
from netlogic.model.meeting import Decision
from netlogic.reference.i18n import Translator
from netlogic.store.repository import StoreError
from ui.case_store import get_store, read_case
from ui.identity import current_user
from ui.plain_text import plain

T = TypeVar("T")
# The fields a refusal may name -> the label of the widget to correct, in the session's words.
FIELD_LABELS = {
    "date": "meeting_ui.field.date",
    "name": "meeting_ui.field.name",
    "participants": "meeting_ui.field.participant",
    "author": "meeting_ui.field.author",
    "therapies": "meeting_ui.field.therapies",
    "type": "meeting_ui.field.type",
    "text": "meeting_ui.field.text",
    "justification": "meeting_ui.field.justification",
    "trial": "meeting_ui.field.trial_name",
    "next_review": "meeting_ui.field.next_review",
    "case_id": "meeting_ui.field.case",
    "from": "meeting_ui.field.from",
    "to": "meeting_ui.field.to",
}


@dataclass(frozen=True)
class Problem:
    """Why an action was refused: ``field`` names what to correct ("" for the store)."""

    field: str
    message: str


def field_of(error: MeetingInputError) -> str:
    """``participants.2.name`` -> ``participants``: the widget the clinician corrects."""
    return error.field.split(".", 1)[0]


# Fields whose only refusal the forms can provoke: said wholly in the session's words.
OWN_WORDS = {"therapies", "next_review"}


def in_words(error: MeetingInputError, t: Translator) -> Problem:
    """The refusal as one sentence: the field's label in the session's words, then the
    domain's reason quoted as typed (plain text: it may repeat what the clinician typed)."""
    field = field_of(error)
    if field in OWN_WORDS:
        return Problem(field, t(f"meeting_ui.error.{field}"))
    label = t(FIELD_LABELS[field]) if field in FIELD_LABELS else field
    return Problem(field, t("meeting_ui.error.field", field=label, reason=plain(error.message)))


def attempt(t: Translator, action: Callable[[], T]) -> tuple[T | None, Problem | None]:
    """Run one meeting action: its result, or the refusal in words (never an exception)."""
    try:
        return action(), None
    except MeetingInputError as exc:
        return None, in_words(exc, t)
    except StoreError as exc:
        return None, Problem("", t("meeting_ui.error.store", message=plain(str(exc))))


def meetings(t: Translator) -> tuple[list[MeetingSummary], Problem | None]:
    found, problem = attempt(t, lambda: list_meetings(get_store()))
    return found or [], problem


def meeting(t: Translator, meeting_id: str) -> tuple[MeetingView | None, Problem | None]:
    return attempt(t, lambda: load_meeting(get_store(), meeting_id))


def create(
    t: Translator, meeting_date: date, name: str, author: str
) -> tuple[str | None, Problem | None]:
    return attempt(
        t,
        lambda: create_meeting(
            get_store(), meeting_date=meeting_date, name=name, participants=[], author=author
        ),
    )


def participant(
    t: Translator, name: str, specialty: str
) -> tuple[Participant | None, Problem | None]:
    """A participant checked as typed (before the meeting is revised with it)."""
    return attempt(t, lambda: validated(Participant, name=name, specialty=specialty))


def revise(
    t: Translator, view: MeetingView, participants: Sequence[Participant], author: str
) -> Problem | None:
    """A new version of the meeting with these participants (nothing is overwritten)."""
    _, problem = attempt(
        t,
        lambda: revise_meeting(
            get_store(),
            view.meeting_id,
            meeting_date=view.date,
            name=view.name,
            participants=participants,
            author=author,
        ),
    )
    return problem


def put_on_agenda(t: Translator, meeting_id: str, case_id: str, author: str) -> Problem | None:
    _, problem = attempt(t, lambda: add_case(get_store(), meeting_id, case_id, author))
    return problem


def options(
    t: Translator, meeting_id: str, case_id: str
) -> tuple[OptionsAtMeeting | None, Problem | None]:
    return attempt(t, lambda: options_at_meeting(get_store(), meeting_id, case_id))


def pinned_case(t: Translator, case_id: str, version: int) -> tuple[Case | None, Problem | None]:
    """The case version the agenda pinned (what the meeting is shown), its reading recorded
    in the audit trail under the session's identity (callers keep it once per session)."""
    return attempt(t, lambda: read_case(case_id, version).case)


def decide(
    t: Translator, meeting_id: str, case_id: str, values: dict[str, object], author: str
) -> tuple[Decision | None, Problem | None]:
    """Record a decision from the form's values (checked by the domain, field by field)."""

    def record() -> Decision:
        entered = validated(DecisionInput, **values)
        return record_decision(get_store(), meeting_id, case_id, entered, author)

    return attempt(t, record)


def decisions_of_case(t: Translator, case_id: str) -> tuple[list[CaseDecision], Problem | None]:
    found, problem = attempt(t, lambda: case_decisions(get_store(), case_id))
    return found or [], problem


def concordance_over(
    t: Translator, start: date | None, end: date | None
) -> tuple[ConcordanceReport | None, Problem | None]:
    return attempt(t, lambda: concordance(get_store(), start, end))


def minutes_builder(
    meeting_id: str, lang: str, case_id: str | None = None, who: str | None = None
) -> Callable[[], bytes]:
    """What a download button calls when clicked: the minutes (or one case's decision sheet)
    read from the store at that moment, so the file holds every decision recorded so far.
    Each case version the file prints is recorded in that case's audit trail as an export by
    ``who`` (taken during the page run: the download thread has no session) before the file
    is built, as ``meetings minutes`` does: no record, no file."""
    user = current_user() if who is None else who

    def build() -> bytes:
        from netlogic.export.minutes_pdf import decision_sheet_pdf, minutes_pdf

        store = get_store()
        data = load_minutes(store, meeting_id)
        for shown in data.cases:
            pinned = shown.entry.item
            if case_id is None or pinned.case_id == case_id:
                store.record_access(pinned.case_id, pinned.case_version, user, "export")
        if case_id is None:
            return minutes_pdf(data, lang)
        return decision_sheet_pdf(data, case_id, lang)

    return build
