"""The meeting operations the pages and the CLI call: each one reads or appends to the store
and, for a decision, evaluates the pinned case version at the meeting date."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from netlogic.meetings.concordance import ConcordanceReport, concordance_report
from netlogic.meetings.errors import MeetingInputError
from netlogic.meetings.quorum import has_quorum, specialties_present
from netlogic.meetings.status import classify, refusal_without_justification
from netlogic.meetings.views import (
    CaseDecision,
    CaseOnAgenda,
    MeetingSummary,
    MeetingView,
    MinutesCase,
    MinutesData,
    OptionsAtMeeting,
)
from netlogic.model.case import Case
from netlogic.model.case_io import CaseValidationError, parse_case
from netlogic.model.meeting import (
    AgendaItem,
    Decision,
    DecisionInput,
    MeetingDetails,
    Participant,
)
from netlogic.model.vocabulary import Status, Therapy
from netlogic.store.arguments import ArgumentProblem, check_person
from netlogic.store.meetings import MeetingStore, StoredMeeting
from netlogic.store.repository import CaseStore

Model = TypeVar("Model", bound=BaseModel)


def validated(model: type[Model], **values: Any) -> Model:
    """Build a record, turning pydantic's refusal into MeetingInputError naming the field."""
    try:
        return model.model_validate(values)
    except ValidationError as exc:
        error = exc.errors()[0]
        field = ".".join(str(part) for part in error["loc"]) or model.__name__
        raise MeetingInputError(field, _in_words(error)) from None


def _in_words(error: Any) -> str:
    """pydantic's message, reworded where it speaks of Python rather than of the form."""
    kind = error["type"]
    context = error.get("ctx") or {}
    if kind in ("string_too_short", "too_short"):
        return "must not be empty" if context.get("min_length") == 1 else str(error["msg"])
    if kind in ("string_too_long", "too_long"):
        limit = context.get("max_length")
        unit = "characters" if isinstance(error.get("input"), str) else "entries"
        return f"is too long (at most {limit} {unit})"
    if kind == "enum":
        return f"{error.get('input')!r} is not one of {context.get('expected', '')}"
    if kind == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    return str(error["msg"])


def _author(author: str) -> str:
    """The same rule as every name in the audit trail (netlogic.store.arguments)."""
    try:
        return check_person(author, "author")
    except ArgumentProblem as exc:
        raise MeetingInputError("author", exc.problem) from None


def create_meeting(
    store: CaseStore,
    *,
    meeting_date: date,
    name: str,
    participants: Sequence[Participant],
    author: str,
) -> str:
    """Record a new meeting; returns its id."""
    details = validated(
        MeetingDetails, date=meeting_date, name=name, participants=list(participants)
    )
    return MeetingStore(store).create(details, _author(author))


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
    details = validated(
        MeetingDetails, date=meeting_date, name=name, participants=list(participants)
    )
    return MeetingStore(store).revise(meeting_id, details, _author(author))


def add_case(store: CaseStore, meeting_id: str, case_id: str, author: str) -> AgendaItem:
    """Put a saved case on the agenda, pinning its latest version. Adding a case already on
    the agenda pins its newest version again (keeping its place in the order)."""
    name = _author(author)
    meetings = MeetingStore(store)
    meeting = meetings.get(meeting_id)  # an unknown meeting is named before the case is read
    latest = store.load(case_id)
    decided = meetings.decisions(meeting_id=meeting_id, case_id=case_id)
    if decided and decided[-1].case_version != latest.version:
        # REPIN-ONLY-BEFORE-DECISION: a decision stands with the version and question it was
        # taken on; a newer version is presented again at a later meeting, never slipped
        # under a decision taken on an earlier one.
        raise MeetingInputError(
            "case_id",
            f"case {case_id!r} was decided at this meeting on version "
            f"{decided[-1].case_version}; version {latest.version} is presented at a later "
            "meeting (add it to that meeting's agenda)",
        )
    _check_case_dates(latest.case, meeting.details.date, case_id)
    return meetings.add_to_agenda(
        meeting_id, case_id, latest.version, latest.case.meeting_question, name
    )


def _check_case_dates(case: Case, meeting_day: date, case_id: str) -> None:
    """A case is presented with what was known on the meeting day: a version holding a date
    after it (a scan, a marker, a line) cannot be that meeting's case."""
    try:
        parse_case(case.to_contract_json(), today=meeting_day)
    except CaseValidationError as exc:
        future = [p for p in exc.problems if p.code == "date_in_future"]
        if future:
            raise MeetingInputError(
                "case_id",
                f"case {case_id!r} holds data dated after the meeting day "
                f"{meeting_day.isoformat()} ({future[0].message})",
            ) from None


def _agenda_item(meetings: MeetingStore, meeting: StoredMeeting, case_id: str) -> AgendaItem:
    for item in meetings.agenda(meeting.meeting_id):
        if item.case_id == case_id:
            return item
    raise MeetingInputError(
        "case_id",
        f"case {case_id!r} is not on the agenda of meeting {meeting.meeting_id!r}; "
        "add it first (meetings add-case)",
    )


def _options(
    store: CaseStore, meeting: StoredMeeting, item: AgendaItem
) -> tuple[str, dict[Therapy, Status]]:
    # Imported here: the engine loads the rule tables, which listing meetings never needs.
    from netlogic.clinical.evaluation import evaluate

    pinned = store.load(item.case_id, item.case_version).case
    evaluation = evaluate(pinned, today=meeting.details.date)
    return evaluation.ruleset_version, {o.therapy: o.status for o in evaluation.options}


def options_at_meeting(store: CaseStore, meeting_id: str, case_id: str) -> OptionsAtMeeting:
    """The pathway options for the pinned version of a case on the agenda, at the meeting
    date, with the rule set in force (what the decision form offers)."""
    meetings = MeetingStore(store)
    meeting = meetings.get(meeting_id)
    item = _agenda_item(meetings, meeting, case_id)
    version, options = _options(store, meeting, item)
    return OptionsAtMeeting(
        meeting_id=meeting_id,
        case_id=case_id,
        case_version=item.case_version,
        ruleset_version=version,
        options=options,
    )


def record_decision(
    store: CaseStore, meeting_id: str, case_id: str, decision: DecisionInput, author: str
) -> Decision:
    """Record the decision for a case on the agenda (a new row; the newest wins, earlier
    ones stay in the history). Raises MeetingInputError naming ``justification`` when a
    therapy is not offered and no justification is given."""
    name = _author(author)
    meetings = MeetingStore(store)
    meeting = meetings.get(meeting_id)
    item = _agenda_item(meetings, meeting, case_id)
    recorded_on = date.today()  # the clinic's day, not UTC
    if meeting.details.date > recorded_on:
        # A decision is taken at the meeting: none is recorded before its day.
        raise MeetingInputError(
            "date",
            f"the meeting is on {meeting.details.date.isoformat()}: its decisions are recorded "
            "on or after that day",
        )
    if decision.next_review is not None and decision.next_review < meeting.details.date:
        raise MeetingInputError(
            "next_review",
            f"{decision.next_review.isoformat()} is before the meeting "
            f"({meeting.details.date.isoformat()}); give a later date",
        )
    ruleset_version, options = _options(store, meeting, item)
    missing = [t.value for t in decision.therapies if t not in options]
    if missing:  # every therapy is a node of the tree; a rule table without it is a bug
        raise MeetingInputError("therapies", f"not in this case's pathway tree: {missing}")
    statuses = {t: options[t] for t in decision.therapies}
    refusal = refusal_without_justification(case_id, statuses, decision.justification)
    if refusal is not None:
        raise refusal
    recorded = Decision(
        meeting_id=meeting_id,
        case_id=case_id,
        case_version=item.case_version,
        ruleset_version=ruleset_version,
        therapies=list(decision.therapies),
        type=decision.type,
        text=decision.text,
        status_at_decision=statuses,
        options=options,
        concordance=classify(statuses),
        justification=decision.justification,
        trial=decision.trial,
        next_review=decision.next_review,
        quorum=has_quorum(meeting.details.participants),
        recorded_by=name,
        recorded_at=datetime.now(UTC),
    )
    meetings.append_decision(recorded)
    return recorded


def _current_ruleset_version() -> str:
    from netlogic.clinical.rules import ruleset

    return ruleset().version


def _view(meeting: StoredMeeting, agenda: list[AgendaItem], rows: list[Decision]) -> MeetingView:
    by_case: dict[str, list[Decision]] = {}
    for row in rows:
        by_case.setdefault(row.case_id, []).append(row)
    entries = []
    for item in agenda:
        decided = by_case.get(item.case_id, [])
        entries.append(
            CaseOnAgenda(
                item=item,
                decision=decided[-1] if decided else None,
                earlier_decisions=decided[:-1],
            )
        )
    participants = list(meeting.details.participants)
    return MeetingView(
        meeting_id=meeting.meeting_id,
        date=meeting.details.date,
        name=meeting.details.name,
        participants=participants,
        specialties=specialties_present(participants),
        quorum=has_quorum(participants),
        version=meeting.version,
        created_by=meeting.created_by,
        saved_at=meeting.saved_at,
        ruleset_version=_current_ruleset_version(),
        agenda=entries,
    )


def load_meeting(store: CaseStore, meeting_id: str) -> MeetingView:
    """The meeting's newest details, quorum and ordered agenda with each case's decision."""
    meetings = MeetingStore(store)
    meeting = meetings.get(meeting_id)
    return _view(meeting, meetings.agenda(meeting_id), meetings.decisions(meeting_id=meeting_id))


def list_meetings(store: CaseStore) -> list[MeetingSummary]:
    """Every meeting, newest date first."""
    meetings = MeetingStore(store)
    sizes = meetings.agenda_sizes()
    decided: dict[str, set[str]] = {}
    for row in meetings.decisions():
        decided.setdefault(row.meeting_id, set()).add(row.case_id)
    return [
        MeetingSummary(
            meeting_id=m.meeting_id,
            date=m.details.date,
            name=m.details.name,
            participants=list(m.details.participants),
            quorum=has_quorum(m.details.participants),
            cases=sizes.get(m.meeting_id, 0),
            decisions=len(decided.get(m.meeting_id, set())),
            version=m.version,
            created_by=m.created_by,
            saved_at=m.saved_at,
        )
        for m in meetings.all()
    ]


def _with_meetings(meetings: MeetingStore, rows: list[Decision]) -> list[CaseDecision]:
    details = {m.meeting_id: m.details for m in meetings.all()}
    newest: dict[tuple[str, str], int] = {}
    for n, row in enumerate(rows):
        newest[(row.meeting_id, row.case_id)] = n
    return [
        CaseDecision(
            meeting_id=row.meeting_id,
            meeting_name=details[row.meeting_id].name,
            meeting_date=details[row.meeting_id].date,
            decision=row,
            superseded=newest[(row.meeting_id, row.case_id)] != n,
        )
        for n, row in enumerate(rows)
    ]


def case_decisions(store: CaseStore, case_id: str) -> list[CaseDecision]:
    """Every decision recorded for a case (re-recorded ones too, marked ``superseded``),
    oldest first: the meetings part of the case's history."""
    meetings = MeetingStore(store)
    return _with_meetings(meetings, meetings.decisions(case_id=case_id))


def to_present_again(store: CaseStore) -> list[CaseDecision]:
    """Cases whose latest decision (over every meeting) was taken without quorum, oldest
    first: what the coordinator puts on a coming agenda. A later decision with quorum, at any
    meeting, takes the case off this list."""
    meetings = MeetingStore(store)
    latest: dict[str, CaseDecision] = {}
    for row in _with_meetings(meetings, meetings.decisions()):
        if not row.superseded:
            current = latest.get(row.decision.case_id)
            if current is None or (row.meeting_date, row.decision.recorded_at) >= (
                current.meeting_date,
                current.decision.recorded_at,
            ):
                latest[row.decision.case_id] = row
    return sorted(
        (row for row in latest.values() if row.decision.present_again),
        key=lambda row: (row.meeting_date, row.decision.case_id),
    )


def concordance(
    store: CaseStore, start: date | None = None, end: date | None = None
) -> ConcordanceReport:
    """The concordance report over the meetings dated in [start, end]."""
    if start is not None and end is not None and end < start:
        raise MeetingInputError("to", f"{end.isoformat()} is before {start.isoformat()}")
    meetings = MeetingStore(store)
    return concordance_report(_with_meetings(meetings, meetings.decisions()), start, end)


def _shown_version(entry: CaseOnAgenda) -> int:
    # The version the decision was taken on (the agenda may pin a newer one since).
    return entry.decision.case_version if entry.decision else entry.item.case_version


def load_minutes(store: CaseStore, meeting_id: str) -> MinutesData:
    """The meeting with each agenda case's pinned version, for the minutes PDF."""
    view = load_meeting(store, meeting_id)
    cases = [
        MinutesCase(entry=entry, case=store.load(entry.case_id, _shown_version(entry)).case)
        for entry in view.agenda
    ]
    return MinutesData(meeting=view, cases=cases)
