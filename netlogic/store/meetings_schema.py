"""Tables of the tumour-board meetings (issue "The tumour-board meeting"), in the case store.

Append-only like the case tables (migration 0004 installs the triggers): a meeting is a
registry row written once; each change of its date, name or participants adds a row to
``meeting_versions``; putting a case on the agenda adds a row to ``meeting_agenda`` (adding it
again pins a newer case version, the newest row wins); each decision recorded adds a row to
``meeting_decisions`` (a decision recorded again is a new row, the newest wins). Decision rows
carry the statuses and the rule set version of the day, so a decision always reads as it was
taken, whatever happens to the case or the rules afterwards.
"""

from __future__ import annotations

import sqlalchemy as sa

from netlogic.store.arguments import AUTHOR_LENGTH
from netlogic.store.schema import (
    CASE_ID_LENGTH,
    CaseJSON,
    UTCDateTime,
    metadata,
)

MEETING_ID_LENGTH = 64
MEETING_NAME_LENGTH = 200
RULESET_VERSION_LENGTH = 64
TRIAL_NAME_LENGTH = 200
LABEL_LENGTH = 32

meetings = sa.Table(
    "meetings",
    metadata,
    sa.Column("meeting_id", sa.String(MEETING_ID_LENGTH), primary_key=True),
    sa.Column("created_at", UTCDateTime(), nullable=False),
    sa.Column("created_by", sa.String(AUTHOR_LENGTH), nullable=False),
)

meeting_versions = sa.Table(
    "meeting_versions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "meeting_id",
        sa.String(MEETING_ID_LENGTH),
        sa.ForeignKey("meetings.meeting_id"),
        nullable=False,
    ),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("meeting_date", sa.Date, nullable=False),
    sa.Column("name", sa.String(MEETING_NAME_LENGTH), nullable=False),
    # [{"name": ..., "specialty": ...}, ...] in the order entered.
    sa.Column("participants", CaseJSON, nullable=False),
    sa.Column("author", sa.String(AUTHOR_LENGTH), nullable=False),
    sa.Column("saved_at", UTCDateTime(), nullable=False),
    sa.UniqueConstraint("meeting_id", "version"),
    sa.CheckConstraint("version >= 1", name="version_positive"),
)

meeting_agenda = sa.Table(
    "meeting_agenda",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "meeting_id",
        sa.String(MEETING_ID_LENGTH),
        sa.ForeignKey("meetings.meeting_id"),
        nullable=False,
    ),
    sa.Column("case_id", sa.String(CASE_ID_LENGTH), sa.ForeignKey("cases.case_id"), nullable=False),
    sa.Column("case_version", sa.Integer, nullable=False),
    # The question of the pinned version, copied so the agenda lists without decoding cases.
    sa.Column("question", sa.Text, nullable=True),
    sa.Column("added_by", sa.String(AUTHOR_LENGTH), nullable=False),
    sa.Column("added_at", UTCDateTime(), nullable=False),
    sa.Index(None, "meeting_id", "id"),
)

meeting_decisions = sa.Table(
    "meeting_decisions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "meeting_id",
        sa.String(MEETING_ID_LENGTH),
        sa.ForeignKey("meetings.meeting_id"),
        nullable=False,
    ),
    sa.Column("case_id", sa.String(CASE_ID_LENGTH), sa.ForeignKey("cases.case_id"), nullable=False),
    sa.Column("case_version", sa.Integer, nullable=False),
    sa.Column("ruleset_version", sa.String(RULESET_VERSION_LENGTH), nullable=False),
    # ["ssa", ...] in the order decided; {"ssa": "recommended", ...} for those therapies;
    # every node of the tree with its status (the options as shown at the meeting).
    sa.Column("therapies", CaseJSON, nullable=False),
    sa.Column("statuses", CaseJSON, nullable=False),
    sa.Column("options", CaseJSON, nullable=False),
    sa.Column("concordance", sa.String(LABEL_LENGTH), nullable=False),
    sa.Column("decision_type", sa.String(LABEL_LENGTH), nullable=False),
    sa.Column("text", sa.Text, nullable=True),
    sa.Column("justification", sa.Text, nullable=True),
    sa.Column("trial", sa.String(TRIAL_NAME_LENGTH), nullable=True),
    sa.Column("next_review", sa.Date, nullable=True),
    sa.Column("quorum", sa.Boolean, nullable=False),
    sa.Column("recorded_by", sa.String(AUTHOR_LENGTH), nullable=False),
    sa.Column("recorded_at", UTCDateTime(), nullable=False),
    sa.CheckConstraint(
        "concordance IN ('within_recommended', 'within_option', 'outside_offered')",
        name="concordance_known",
    ),
    sa.Index(None, "meeting_id", "case_id", "id"),
    sa.Index(None, "case_id", "id"),
)

MEETING_APPEND_ONLY_TABLES = ("meetings", "meeting_versions", "meeting_agenda", "meeting_decisions")
