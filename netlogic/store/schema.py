"""Tables of the case store (issue "Case store: ... versioned history, nothing ever lost").

Every table of saved cases is append-only: a case is a registry row written once, each save
adds a row to ``case_versions`` and each archive/unarchive adds a row to ``case_events``. The
current state of a case (latest version, archived or not) is derived from the newest rows;
nothing is ever updated or deleted in place (the migration also installs triggers that refuse
it). The one exception is ``case_drafts``, the unsaved work of each user (see its comment).

The schema itself is created and changed only by the Alembic migrations in ``migrations/``
(``python -m netlogic cases migrate``); this module is their model and the store's query
vocabulary.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect

from netlogic.store.arguments import AUTHOR_LENGTH

CASE_ID_LENGTH = 64
DRAFT_ID_LENGTH = 64


class UTCDateTime(sa.TypeDecorator[datetime]):
    """Timestamps stored in UTC and always read back timezone-aware.

    SQLite keeps no time zone; PostgreSQL ``timestamptz`` does. Either way the store hands
    out aware UTC datetimes so versions from both back ends compare and print the same.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("case store timestamps must be timezone-aware")
        utc = value.astimezone(UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


# JSON text on SQLite, JSONB on PostgreSQL (queryable by a team later on).
CaseJSON: sa.types.TypeEngine[Any] = sa.JSON().with_variant(JSONB(), "postgresql")

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

cases = sa.Table(
    "cases",
    metadata,
    sa.Column("case_id", sa.String(CASE_ID_LENGTH), primary_key=True),
    sa.Column("created_at", UTCDateTime(), nullable=False),
    sa.Column("created_by", sa.String(AUTHOR_LENGTH), nullable=False),
)

case_versions = sa.Table(
    "case_versions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "case_id",
        sa.String(CASE_ID_LENGTH),
        sa.ForeignKey("cases.case_id"),
        nullable=False,
    ),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("case_json", CaseJSON, nullable=False),
    # Copied out of the JSON so listing thousands of cases never decodes case documents.
    sa.Column("primary_site", sa.String(64), nullable=False),
    sa.Column("author", sa.String(AUTHOR_LENGTH), nullable=False),
    sa.Column("saved_at", UTCDateTime(), nullable=False),
    sa.Column("summary", sa.Text, nullable=False),
    # Two saves racing for the same number: one of them fails here, never both land.
    sa.UniqueConstraint("case_id", "version"),
    sa.CheckConstraint("version >= 1", name="version_positive"),
)

case_events = sa.Table(
    "case_events",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "case_id",
        sa.String(CASE_ID_LENGTH),
        sa.ForeignKey("cases.case_id"),
        nullable=False,
    ),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("author", sa.String(AUTHOR_LENGTH), nullable=False),
    sa.Column("at", UTCDateTime(), nullable=False),
    # The latest version when the event happened, so the record reads on its own.
    sa.Column("version", sa.Integer, nullable=False),
    sa.CheckConstraint("kind IN ('archived', 'unarchived')", name="kind_known"),
    sa.Index(None, "case_id", "id"),
)

# Who read or exported which version of a case, and when (issue "hardening": reads are part of
# the audit trail). Append-only like the history it watches over (migration 0003).
ACCESS_ACTIONS = ("read", "export")
case_access = sa.Table(
    "case_access",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "case_id",
        sa.String(CASE_ID_LENGTH),
        sa.ForeignKey("cases.case_id"),
        nullable=False,
    ),
    sa.Column("version", sa.Integer, nullable=False),
    # "user" is a reserved word in PostgreSQL.
    sa.Column("who", sa.String(AUTHOR_LENGTH), nullable=False),
    sa.Column("action", sa.String(16), nullable=False),
    sa.Column("at", UTCDateTime(), nullable=False),
    sa.CheckConstraint("action IN ('read', 'export')", name="action_known"),
    sa.CheckConstraint("version >= 1", name="version_positive"),
    sa.Index(None, "case_id", "id"),
)

# Unsaved work (issue "Case entry that never loses ... a value"): the case as it stands on one
# user's screen, written on every change so a browser refresh or a closed tab loses nothing.
# A draft is scratch, not history: it is replaced in place and deleted once discarded, so
# this table is NOT append-only. Drafts are keyed by their owner and an id the browser keeps
# (the ``draft`` query parameter); the case ID is not a key (a new case has none saved yet).
case_drafts = sa.Table(
    "case_drafts",
    metadata,
    sa.Column("owner", sa.String(AUTHOR_LENGTH), primary_key=True),
    sa.Column("draft_id", sa.String(DRAFT_ID_LENGTH), primary_key=True),
    sa.Column("case_id", sa.String(CASE_ID_LENGTH), nullable=True),
    sa.Column("base_version", sa.Integer, nullable=True),
    sa.Column("payload", CaseJSON, nullable=False),
    sa.Column("updated_at", UTCDateTime(), nullable=False),
    sa.Index(None, "owner", "updated_at"),
)

# History: the app's database role may only read and add rows to these (README, "Running for a
# team"); the migrations refuse UPDATE, DELETE and (PostgreSQL) TRUNCATE on them.
APPEND_ONLY_TABLES = ("cases", "case_versions", "case_events", "case_access")
