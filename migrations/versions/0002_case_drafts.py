"""Case drafts: the unsaved case on each user's screen, so a refresh loses nothing.

Revision ID: 0002_case_drafts
Revises: 0001_case_store
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision: str = "0002_case_drafts"
down_revision: str | None = "0001_case_store"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Not append-only (no triggers): a draft is rewritten on every change and deleted when
    # its owner discards it; saved versions stay in case_versions.
    op.create_table(
        "case_drafts",
        sa.Column("owner", sa.String(200), nullable=False),
        sa.Column("draft_id", sa.String(64), nullable=False),
        sa.Column("case_id", sa.String(64), nullable=True),
        sa.Column("base_version", sa.Integer(), nullable=True),
        sa.Column("payload", sa.JSON().with_variant(JSONB(), "postgresql"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("owner", "draft_id", name="pk_case_drafts"),
    )
    op.create_index("ix_case_drafts_owner_updated_at", "case_drafts", ["owner", "updated_at"])


def downgrade() -> None:
    # Only unsaved drafts go; every saved version is in case_versions, untouched.
    op.drop_index("ix_case_drafts_owner_updated_at", table_name="case_drafts")
    op.drop_table("case_drafts")
