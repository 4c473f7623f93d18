"""Tumour-board meetings: registry, versions, agenda and decisions, all append-only.

Revision ID: 0004_meetings
Revises: 0003_hardening
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision: str = "0004_meetings"
down_revision: str | None = "0003_hardening"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APPEND_ONLY = ("meetings", "meeting_versions", "meeting_agenda", "meeting_decisions")
JSON = sa.JSON().with_variant(JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "meetings",
        sa.Column("meeting_id", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.PrimaryKeyConstraint("meeting_id", name="pk_meetings"),
    )
    op.create_table(
        "meeting_versions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("meeting_id", sa.String(64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("meeting_date", sa.Date(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("participants", JSON, nullable=False),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_meeting_versions"),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.meeting_id"], name="fk_meeting_versions_meeting_id_meetings"
        ),
        sa.UniqueConstraint("meeting_id", "version", name="uq_meeting_versions_meeting_id_version"),
        sa.CheckConstraint("version >= 1", name="ck_meeting_versions_version_positive"),
    )
    op.create_table(
        "meeting_agenda",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("meeting_id", sa.String(64), nullable=False),
        sa.Column("case_id", sa.String(64), nullable=False),
        sa.Column("case_version", sa.Integer(), nullable=False),
        sa.Column("question", sa.Text(), nullable=True),
        sa.Column("added_by", sa.String(200), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_meeting_agenda"),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.meeting_id"], name="fk_meeting_agenda_meeting_id_meetings"
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.case_id"], name="fk_meeting_agenda_case_id_cases"
        ),
    )
    op.create_index("ix_meeting_agenda_meeting_id_id", "meeting_agenda", ["meeting_id", "id"])
    op.create_table(
        "meeting_decisions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("meeting_id", sa.String(64), nullable=False),
        sa.Column("case_id", sa.String(64), nullable=False),
        sa.Column("case_version", sa.Integer(), nullable=False),
        sa.Column("ruleset_version", sa.String(64), nullable=False),
        sa.Column("therapies", JSON, nullable=False),
        sa.Column("statuses", JSON, nullable=False),
        sa.Column("options", JSON, nullable=False),
        sa.Column("concordance", sa.String(32), nullable=False),
        sa.Column("decision_type", sa.String(32), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("justification", sa.Text(), nullable=True),
        sa.Column("trial", sa.String(200), nullable=True),
        sa.Column("next_review", sa.Date(), nullable=True),
        sa.Column("quorum", sa.Boolean(), nullable=False),
        sa.Column("recorded_by", sa.String(200), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_meeting_decisions"),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.meeting_id"],
            name="fk_meeting_decisions_meeting_id_meetings",
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.case_id"], name="fk_meeting_decisions_case_id_cases"
        ),
        sa.CheckConstraint(
            "concordance IN ('within_recommended', 'within_option', 'outside_offered')",
            name="ck_meeting_decisions_concordance_known",
        ),
    )
    op.create_index(
        "ix_meeting_decisions_meeting_id_case_id_id",
        "meeting_decisions",
        ["meeting_id", "case_id", "id"],
    )
    op.create_index("ix_meeting_decisions_case_id_id", "meeting_decisions", ["case_id", "id"])
    _refuse_updates_and_deletes()


def _refuse_updates_and_deletes() -> None:
    """A decision is evidence, like a saved case: the database refuses to rewrite or drop it
    (UPDATE and DELETE on both back ends; TRUNCATE too on PostgreSQL; SQLite has none).

    Its own PostgreSQL function (not 0001's), so later changes to the case tables' trigger
    function cannot loosen the meeting tables by accident."""
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for table in APPEND_ONLY:
            for action in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, 'the meeting record is append-only: "
                    f"{table} rows are never changed or deleted'); END"
                )
    elif dialect == "postgresql":
        op.execute(
            "CREATE FUNCTION netlogic_meetings_append_only() RETURNS trigger LANGUAGE plpgsql "
            "AS $$ BEGIN RAISE EXCEPTION 'the meeting record is append-only: % rows are never "
            "changed or deleted', TG_TABLE_NAME; END $$"
        )
        for table in APPEND_ONLY:
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION netlogic_meetings_append_only()"
            )
            # Row triggers do not fire on TRUNCATE, which would empty a table in one statement.
            op.execute(
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION netlogic_meetings_append_only()"
            )


def downgrade() -> None:
    # Dropping these tables would delete every recorded decision: refuse rather than lose them.
    raise RuntimeError("the meetings migration cannot be undone without losing decisions")
