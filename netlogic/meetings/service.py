"""The meeting operations the pages and the CLI call: each one reads or appends to the store
and, for a decision, evaluates the pinned case version at the meeting date."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from netlogic.meetings.concordance import ConcordanceReport
from netlogic.meetings.views import (
    CaseDecision,
    MeetingSummary,
    MeetingView,
    MinutesData,
    OptionsAtMeeting,
)
from netlogic.model.meeting import AgendaItem, Decision, DecisionInput, Participant
from netlogic.store.repository import CaseStore


def create_meeting(
    store: CaseStore,
    *,
    meeting_date: date,
    name: str,
    participants: Sequence[Participant],
    author: str,
) -> str:
    """Record a new meeting; returns its id."""
    raise NotImplementedError


def revise_meeting(
    store: CaseStore,
    meeting_id: str,
    *,
    meeting_date: date,
    name: str,
    participants: Sequence[Participant],
    author: str,
) -> int:
    """Append a new version of the meeting's details (someone joined late, a typo in the
    name); returns the version number. Decisions already recorded keep their quorum."""
    raise NotImplementedError


def add_case(store: CaseStore, meeting_id: str, case_id: str, author: str) -> AgendaItem:
    """Put a saved case on the agenda, pinning its latest version. Adding a case already on
    the agenda pins its newest version again (keeping its place in the order)."""
    raise NotImplementedError


def options_at_meeting(store: CaseStore, meeting_id: str, case_id: str) -> OptionsAtMeeting:
    """The pathway options for the pinned version of a case on the agenda, at the meeting
    date, with the rule set in force (what the decision form offers)."""
    raise NotImplementedError


def record_decision(
    store: CaseStore, meeting_id: str, case_id: str, decision: DecisionInput, author: str
) -> Decision:
    """Record the decision for a case on the agenda (a new row; the newest wins, earlier
    ones stay in the history). Raises MeetingInputError naming ``justification`` when a
    therapy is not offered and no justification is given."""
    raise NotImplementedError


def load_meeting(store: CaseStore, meeting_id: str) -> MeetingView:
    raise NotImplementedError


def list_meetings(store: CaseStore) -> list[MeetingSummary]:
    """Every meeting, newest date first."""
    raise NotImplementedError


def case_decisions(store: CaseStore, case_id: str) -> list[CaseDecision]:
    """Every decision recorded for a case (re-recorded ones too), oldest first."""
    raise NotImplementedError


def concordance(
    store: CaseStore, start: date | None = None, end: date | None = None
) -> ConcordanceReport:
    """The concordance report over the meetings dated in [start, end]."""
    raise NotImplementedError


def load_minutes(store: CaseStore, meeting_id: str) -> MinutesData:
    """The meeting with each agenda case's pinned version, for the minutes PDF."""
    raise NotImplementedError
