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
        """No decision yet, or one taken without quorum: the case goes to a later meeting."""
        return self.decision is None or self.decision.present_again


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
    agenda: list[CaseOnAgenda]

    def to_json(self) -> dict[str, Any]:
        """The ``meetings show`` document (stable names: other tools read them)."""
        raise NotImplementedError


class CaseDecision(View):
    """A decision seen from the case history: which meeting, when, and the decision."""

    meeting_id: str
    meeting_name: str
    meeting_date: date
    decision: Decision


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
