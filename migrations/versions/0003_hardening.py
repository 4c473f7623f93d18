"""Store hardening: an audit trail that cannot be rewritten, and reads recorded.

Revision ID: 0003_hardening
Revises: 0002_case_drafts
Create Date: 2026-12-02

* ``case_access``: who read or exported which version of a case, and when; append-only
  (UPDATE and DELETE refused by triggers, like the history tables of 0001).
* PostgreSQL: a statement-level trigger refuses TRUNCATE on every history table (0001's row
  triggers do not fire on TRUNCATE, which emptied the whole history in one statement).
  SQLite has no TRUNCATE (its ``DELETE FROM t`` fires the row triggers).

The tables belong to the role that runs ``python -m netlogic cases migrate``; the app should
connect as another role with SELECT/INSERT only (``cases grant-app-role``, README "Running for
a team"), since a table's owner can always disable its triggers.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_hardening"
down_revision: str | None = "0002_case_drafts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

HISTORY = ("cases", "case_versions", "case_events", "case_access")


def upgrade() -> None:
    op.create_table(
        "case_access",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("case_id", sa.String(64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("who", sa.String(200), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_case_access"),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.case_id"], name="fk_case_access_case_id_cases"
        ),
        sa.CheckConstraint("action IN ('read', 'export')", name="ck_case_access_action_known"),
        sa.CheckConstraint("version >= 1", name="ck_case_access_version_positive"),
    )
    op.create_index("ix_case_access_case_id_id", "case_access", ["case_id", "id"])
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER case_access_no_{action.lower()} BEFORE {action} ON case_access "
                "BEGIN SELECT RAISE(ABORT, 'the case store is append-only: "
                "case_access rows are never changed or deleted'); END"
            )
    elif dialect == "postgresql":
        # netlogic_append_only() comes from 0001; it names the table and raises.
        op.execute(
            "CREATE TRIGGER case_access_append_only BEFORE UPDATE OR DELETE ON case_access "
            "FOR EACH ROW EXECUTE FUNCTION netlogic_append_only()"
        )
        for table in HISTORY:
            op.execute(
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION netlogic_append_only()"
            )


def downgrade() -> None:
    # Dropping case_access would erase who read which case: refuse rather than lose the trail.
    raise RuntimeError("the hardening migration cannot be undone without losing the read audit")
