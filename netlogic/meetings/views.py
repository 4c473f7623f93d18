"""What the meeting functions hand to the pages, the CLI and the minutes: read-only views."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

from netlogic.model.case import Case
from netlogic.model.meeting import AgendaItem, Decision, Participant, Specialty
from netlogic.model.vocabulary import Status, Therapy


class View(BaseModel):
    model_config = ConfigDict(frozen=True)


class MeetingSummary(View):
    """One line of the meeting list."""

    meeting_id: str
    date: date
    name: str
    participants: list[Participant]
    quorum: bool
    cases: int
    decisions: int
    version: int
    created_by: str
    saved_at: datetime


class CaseOnAgenda(View):
    """A case of the agenda with its newest decision (None until one is recorded) and every
    earlier decision for it at this meeting (re-recorded decisions are kept, oldest first)."""

    item: AgendaItem
    decision: Decision | None
    earlier_decisions: list[Decision]

    @property
    def case_id(self) -> str:
        return self.item.case_id

    @property
    def present_again(self) -> bool:
        """Decided without quorum: the case goes on a later agenda (no decision yet is
        "pending", not "present again")."""
        return self.decision is not None and self.decision.present_again


class MeetingView(View):
    """A whole meeting: details, quorum, the ordered agenda with decisions."""

    meeting_id: str
    date: date
    name: str
    participants: list[Participant]
    specialties: list[Specialty]
    quorum: bool
    version: int
    created_by: str
    saved_at: datetime
    # The rule set in force now: what a decision recorded today would be measured against
    # (each recorded decision keeps its own).
    ruleset_version: str
    agenda: list[CaseOnAgenda]

    def to_json(self) -> dict[str, Any]:
        """The ``meetings show`` document (stable names: other tools read them)."""
        return {
            "meeting_id": self.meeting_id,
            "date": self.date.isoformat(),
            "name": self.name,
            "participants": [p.model_dump(mode="json") for p in self.participants],
            "specialties": [s.value for s in self.specialties],
            "quorum": self.quorum,
            "version": self.version,
            "created_by": self.created_by,
            "cases": [_entry_json(entry, self.ruleset_version) for entry in self.agenda],
        }


def decision_json(decision: Decision) -> dict[str, Any]:
    """One decision as JSON (``meetings show`` and the case history)."""
    return {
        "therapies": [t.value for t in decision.therapies],
        "type": decision.type.value,
        "text": decision.text,
        "status_at_decision": {t.value: s.value for t, s in decision.status_at_decision.items()},
        "concordance": decision.concordance.value,
        "justification": decision.justification,
        "trial": decision.trial,
        "trial_proposed": decision.trial is not None,
        "next_review": None if decision.next_review is None else decision.next_review.isoformat(),
        "quorum": decision.quorum,
        "present_again": decision.present_again,
        "case_version": decision.case_version,
        "ruleset_version": decision.ruleset_version,
        "options": {t.value: s.value for t, s in decision.options.items()},
        "recorded_by": decision.recorded_by,
        "recorded_at": decision.recorded_at.isoformat(),
    }


def _entry_json(entry: CaseOnAgenda, ruleset_now: str) -> dict[str, Any]:
    decision = entry.decision
    return {
        "position": entry.item.position,
        "case_id": entry.item.case_id,
        # A decision pins the case version and rule set it was taken on; before one, the
        # agenda's pinned version and the rules in force.
        "case_version": decision.case_version if decision else entry.item.case_version,
        "ruleset_version": decision.ruleset_version if decision else ruleset_now,
        "question": entry.item.question,
        "present_again": entry.present_again,
        "decision": None if decision is None else decision_json(decision),
        "earlier_decisions": [decision_json(d) for d in entry.earlier_decisions],
    }


class CaseDecision(View):
    """A decision seen from the case history: which meeting, when, and the decision."""

    meeting_id: str
    meeting_name: str
    meeting_date: date
    decision: Decision
    # Recorded again later at the same meeting: kept as history, no longer the decision.
    superseded: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "meeting_id": self.meeting_id,
            "meeting_name": self.meeting_name,
            "meeting_date": self.meeting_date.isoformat(),
            "superseded": self.superseded,
            "decision": decision_json(self.decision),
        }


class OptionsAtMeeting(View):
    """The pathway options of the pinned case version, evaluated at the meeting date: what the
    decision form offers and what a decision is measured against."""

    meeting_id: str
    case_id: str
    case_version: int
    ruleset_version: str
    options: dict[Therapy, Status]

    @property
    def offered(self) -> list[Therapy]:
        return [t for t, s in self.options.items() if s in (Status.RECOMMENDED, Status.OPTION)]


class MinutesCase(View):
    """One case for the minutes: the agenda entry, its pinned case version, the decision."""

    entry: CaseOnAgenda
    case: Case


class MinutesData(View):
    """Everything the minutes PDF prints, read once from the store."""

    meeting: MeetingView
    cases: list[MinutesCase]
