"""Storage of tumour-board meetings in the case store (tables in :mod:`meetings_schema`).

Uses the :class:`CaseStore`'s engine, transactions and error handling, so a meeting is in the
same database as its cases (SQLite or PostgreSQL) and fails the same way (StoreUnavailableError
in words). Everything is appended: a revised meeting is a new version, a case added again to
the agenda a new agenda row, a decision recorded again a new decision row; readers take the
newest row and the older ones stay as history.
"""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from pydantic import BaseModel, ConfigDict
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from netlogic.model.meeting import (
    AgendaItem,
    Concordance,
    Decision,
    DecisionType,
    MeetingDetails,
    Participant,
)
from netlogic.model.vocabulary import Status, Therapy
from netlogic.store.meetings_schema import (
    MEETING_ID_LENGTH,
    meeting_agenda,
    meeting_decisions,
    meeting_versions,
    meetings,
)
from netlogic.store.repository import CaseStore, StoreError, StoreUnavailableError

ID_ATTEMPTS = 5


class MeetingNotFoundError(StoreError):
    def __init__(self, meeting_id: str) -> None:
        self.meeting_id = meeting_id
        super().__init__(f"no meeting has the ID {meeting_id!r}")


class StoredMeeting(BaseModel):
    """The newest version of a meeting's details, with who created it and when."""

    model_config = ConfigDict(frozen=True)

    meeting_id: str
    version: int
    details: MeetingDetails
    created_by: str
    created_at: datetime
    author: str
    saved_at: datetime


def new_meeting_id(meeting_date: date) -> str:
    """``M-2026-12-02-3f9a1c``: sorts by date, readable aloud, unguessable enough to never
    collide between two coordinators creating meetings on the same day."""
    return f"M-{meeting_date.isoformat()}-{secrets.token_hex(3)}"


def _participants_json(details: MeetingDetails) -> list[dict[str, str]]:
    return [p.model_dump(mode="json") for p in details.participants]


class MeetingStore:
    """Meetings, agendas and decisions over one :class:`CaseStore`."""

    def __init__(self, store: CaseStore) -> None:
        self.store = store

    # -- meetings

    def create(self, details: MeetingDetails, author: str, meeting_id: str | None = None) -> str:
        """Record a new meeting (version 1); returns its id (``meeting_id`` only for fixed
        demo ids: an id already taken is refused)."""
        taken = f"a meeting with the ID {meeting_id!r} exists"
        with self.store._errors():
            for _attempt in range(ID_ATTEMPTS):
                chosen = meeting_id or new_meeting_id(details.date)
                if len(chosen) > MEETING_ID_LENGTH:
                    raise StoreError(f"a meeting id has at most {MEETING_ID_LENGTH} characters")
                try:
                    with self.store._write() as conn:
                        now = datetime.now(UTC)
                        conn.execute(
                            sa.insert(meetings).values(
                                meeting_id=chosen, created_at=now, created_by=author
                            )
                        )
                        self._insert_version(conn, chosen, 1, details, author, now)
                    return chosen
                except IntegrityError:
                    # The id was taken (rolled back whole): a fixed id is refused, a drawn
                    # one is drawn again.
                    if meeting_id is not None:
                        raise StoreError(taken) from None
        raise StoreUnavailableError("no free meeting id could be found; nothing was saved")

    @staticmethod
    def _insert_version(
        conn: Connection,
        meeting_id: str,
        version: int,
        details: MeetingDetails,
        author: str,
        now: datetime,
    ) -> None:
        conn.execute(
            sa.insert(meeting_versions).values(
                meeting_id=meeting_id,
                version=version,
                meeting_date=details.date,
                name=details.name,
                participants=_participants_json(details),
                author=author,
                saved_at=now,
            )
        )

    def revise(self, meeting_id: str, details: MeetingDetails, author: str) -> int:
        """Append a new version of the meeting's details; returns its number."""
        with self.store._errors(), self.store._write() as conn:
            self._lock(conn, meeting_id)
            latest = conn.execute(
                sa.select(sa.func.max(meeting_versions.c.version)).where(
                    meeting_versions.c.meeting_id == meeting_id
                )
            ).scalar_one()
            version = int(latest or 0) + 1
            self._insert_version(conn, meeting_id, version, details, author, datetime.now(UTC))
        return version

    @staticmethod
    def _lock(conn: Connection, meeting_id: str) -> None:
        """The meeting must exist; on PostgreSQL its row stays locked until commit so two
        revisions or agenda additions queue up (SQLite's BEGIN IMMEDIATE already does)."""
        found = conn.execute(
            sa.select(meetings.c.meeting_id)
            .where(meetings.c.meeting_id == meeting_id)
            .with_for_update()
        ).first()
        if found is None:
            raise MeetingNotFoundError(meeting_id)

    def _latest_versions(self) -> Any:
        newest = (
            sa.select(
                meeting_versions.c.meeting_id,
                sa.func.max(meeting_versions.c.version).label("version"),
            )
            .group_by(meeting_versions.c.meeting_id)
            .subquery("newest")
        )
        return (
            sa.select(meeting_versions, meetings.c.created_by, meetings.c.created_at)
            .join(
                newest,
                sa.and_(
                    newest.c.meeting_id == meeting_versions.c.meeting_id,
                    newest.c.version == meeting_versions.c.version,
                ),
            )
            .join(meetings, meetings.c.meeting_id == meeting_versions.c.meeting_id)
        )

    @staticmethod
    def _stored(row: Any) -> StoredMeeting:
        return StoredMeeting(
            meeting_id=row.meeting_id,
            version=row.version,
            details=MeetingDetails(
                date=row.meeting_date,
                name=row.name,
                participants=[Participant.model_validate(p) for p in row.participants],
            ),
            created_by=row.created_by,
            created_at=row.created_at,
            author=row.author,
            saved_at=row.saved_at,
        )

    def get(self, meeting_id: str) -> StoredMeeting:
        query = self._latest_versions().where(meeting_versions.c.meeting_id == meeting_id)
        with self.store._errors(), self.store._read() as conn:
            row = conn.execute(query).first()
        if row is None:
            raise MeetingNotFoundError(meeting_id)
        return self._stored(row)

    def exists(self, meeting_id: str) -> bool:
        with self.store._errors(), self.store._read() as conn:
            found = conn.execute(
                sa.select(meetings.c.meeting_id).where(meetings.c.meeting_id == meeting_id)
            ).first()
        return found is not None

    def all(self) -> list[StoredMeeting]:
        """Every meeting's newest details, newest meeting date first."""
        query = self._latest_versions().order_by(
            meeting_versions.c.meeting_date.desc(), meeting_versions.c.meeting_id
        )
        with self.store._errors(), self.store._read() as conn:
            rows = conn.execute(query).all()
        return [self._stored(row) for row in rows]

    def versions(self, meeting_id: str) -> list[StoredMeeting]:
        """Every version of a meeting's details, oldest first (its history)."""
        query = (
            sa.select(meeting_versions, meetings.c.created_by, meetings.c.created_at)
            .join(meetings, meetings.c.meeting_id == meeting_versions.c.meeting_id)
            .where(meeting_versions.c.meeting_id == meeting_id)
            .order_by(meeting_versions.c.version)
        )
        with self.store._errors(), self.store._read() as conn:
            rows = conn.execute(query).all()
        if not rows:
            raise MeetingNotFoundError(meeting_id)
        return [self._stored(row) for row in rows]

    # -- agenda

    def add_to_agenda(
        self,
        meeting_id: str,
        case_id: str,
        case_version: int,
        question: str | None,
        author: str,
    ) -> AgendaItem:
        with self.store._errors(), self.store._write() as conn:
            self._lock(conn, meeting_id)
            conn.execute(
                sa.insert(meeting_agenda).values(
                    meeting_id=meeting_id,
                    case_id=case_id,
                    case_version=case_version,
                    question=question,
                    added_by=author,
                    added_at=datetime.now(UTC),
                )
            )
            items = self._agenda(conn, meeting_id)
        return next(item for item in items if item.case_id == case_id)

    @staticmethod
    def _agenda(conn: Connection, meeting_id: str) -> list[AgendaItem]:
        rows = conn.execute(
            sa.select(meeting_agenda)
            .where(meeting_agenda.c.meeting_id == meeting_id)
            .order_by(meeting_agenda.c.id)
        ).all()
        # A case keeps the place of its first entry; its newest entry says which version.
        newest: dict[str, Any] = {}
        for row in rows:
            newest[row.case_id] = row
        return [
            AgendaItem(
                position=n,
                case_id=row.case_id,
                case_version=row.case_version,
                question=row.question,
                added_by=row.added_by,
                added_at=row.added_at,
            )
            for n, row in enumerate(newest.values(), start=1)
        ]

    def agenda(self, meeting_id: str) -> list[AgendaItem]:
        """The cases of the meeting in the order they were put on it, each at its pinned
        version (the newest entry of a case added twice)."""
        with self.store._errors(), self.store._read() as conn:
            return self._agenda(conn, meeting_id)

    def agenda_sizes(self) -> dict[str, int]:
        """Meeting id -> number of distinct cases on its agenda."""
        query = sa.select(
            meeting_agenda.c.meeting_id, sa.func.count(sa.distinct(meeting_agenda.c.case_id))
        ).group_by(meeting_agenda.c.meeting_id)
        with self.store._errors(), self.store._read() as conn:
            return {row[0]: int(row[1]) for row in conn.execute(query).all()}

    # -- decisions

    def append_decision(self, decision: Decision) -> None:
        with self.store._errors(), self.store._write() as conn:
            self._lock(conn, decision.meeting_id)
            conn.execute(
                sa.insert(meeting_decisions).values(
                    meeting_id=decision.meeting_id,
                    case_id=decision.case_id,
                    case_version=decision.case_version,
                    ruleset_version=decision.ruleset_version,
                    therapies=[t.value for t in decision.therapies],
                    statuses={t.value: s.value for t, s in decision.status_at_decision.items()},
                    options={t.value: s.value for t, s in decision.options.items()},
                    concordance=decision.concordance.value,
                    decision_type=decision.type.value,
                    text=decision.text,
                    justification=decision.justification,
                    trial=decision.trial,
                    next_review=decision.next_review,
                    quorum=decision.quorum,
                    recorded_by=decision.recorded_by,
                    recorded_at=decision.recorded_at,
                )
            )

    @staticmethod
    def _decision(row: Any) -> Decision:
        return Decision(
            meeting_id=row.meeting_id,
            case_id=row.case_id,
            case_version=row.case_version,
            ruleset_version=row.ruleset_version,
            therapies=[Therapy(t) for t in row.therapies],
            type=DecisionType(row.decision_type),
            text=row.text,
            status_at_decision={Therapy(t): Status(s) for t, s in row.statuses.items()},
            options={Therapy(t): Status(s) for t, s in row.options.items()},
            concordance=Concordance(row.concordance),
            justification=row.justification,
            trial=row.trial,
            next_review=row.next_review,
            quorum=bool(row.quorum),
            recorded_by=row.recorded_by,
            recorded_at=row.recorded_at,
        )

    def decisions(
        self, *, meeting_id: str | None = None, case_id: str | None = None
    ) -> list[Decision]:
        """Every decision row (re-recorded ones included), oldest first."""
        query = sa.select(meeting_decisions).order_by(meeting_decisions.c.id)
        if meeting_id is not None:
            query = query.where(meeting_decisions.c.meeting_id == meeting_id)
        if case_id is not None:
            query = query.where(meeting_decisions.c.case_id == case_id)
        with self.store._errors(), self.store._read() as conn:
            rows = conn.execute(query).all()
        return [self._decision(row) for row in rows]


__all__ = ["MeetingNotFoundError", "MeetingStore", "StoredMeeting", "new_meeting_id"]
