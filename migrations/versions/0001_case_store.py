"""Case store: case registry, append-only versions and archive events.

Revision ID: 0001_case_store
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision: str = "0001_case_store"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APPEND_ONLY = ("cases", "case_versions", "case_events")


def upgrade() -> None:
    op.create_table(
        "cases",
        sa.Column("case_id", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.PrimaryKeyConstraint("case_id", name="pk_cases"),
    )
    op.create_table(
        "case_versions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("case_id", sa.String(64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("case_json", sa.JSON().with_variant(JSONB(), "postgresql"), nullable=False),
        sa.Column("primary_site", sa.String(64), nullable=False),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_case_versions"),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.case_id"], name="fk_case_versions_case_id_cases"
        ),
        sa.UniqueConstraint("case_id", "version", name="uq_case_versions_case_id_version"),
        sa.CheckConstraint("version >= 1", name="ck_case_versions_version_positive"),
    )
    op.create_table(
        "case_events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("case_id", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_case_events"),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.case_id"], name="fk_case_events_case_id_cases"
        ),
        sa.CheckConstraint("kind IN ('archived', 'unarchived')", name="ck_case_events_kind_known"),
    )
    op.create_index("ix_case_events_case_id_id", "case_events", ["case_id", "id"])
    _refuse_updates_and_deletes()


def _refuse_updates_and_deletes() -> None:
    """History is evidence: the database itself refuses to rewrite or drop a saved row."""
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for table in APPEND_ONLY:
            for action in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, 'the case store is append-only: "
                    f"{table} rows are never changed or deleted'); END"
                )
    elif dialect == "postgresql":
        op.execute(
            "CREATE FUNCTION netlogic_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN RAISE EXCEPTION 'the case store is append-only: % rows are never changed "
            "or deleted', TG_TABLE_NAME; END $$"
        )
        for table in APPEND_ONLY:
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION netlogic_append_only()"
            )


def downgrade() -> None:
    # Dropping these tables would delete every saved case: refuse rather than lose history.
    raise RuntimeError("the first case-store migration cannot be undone without losing cases")
