"""Store hardening: an audit trail that cannot be rewritten, and reads recorded.

Revision ID: 0003_hardening
Revises: 0002_case_drafts
Create Date: 2026-12-02

Placeholder reserved for the hardening work (issue 19) so that later migrations can chain on
it; it changes nothing yet.
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0003_hardening"
down_revision: str | None = "0002_case_drafts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
