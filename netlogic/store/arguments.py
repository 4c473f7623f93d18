"""What the case store accepts from its callers: author and reader names, version numbers,
case IDs (issue "hardening": an audit trail that cannot be forged by a strange name).

Kept free of the database layer so the command line can check its flags before opening a
store. Each check returns the cleaned value or raises :class:`ArgumentProblem`, whose
``field`` names the argument in words ("author", "version", ...) for the caller to map onto
its own vocabulary (``--author`` on the command line).
"""

from __future__ import annotations

import re
import unicodedata

from netlogic.model.case import CASE_ID_PATTERN

AUTHOR_LENGTH = 200
# PostgreSQL and SQLite both store 32-bit version numbers; anything larger is no version.
MAX_VERSION = 2**31 - 1
# Newlines, tabs, NUL, and invisible format characters (bidirectional overrides, zero-width
# joiners) could make one audit line pass for another: a name never contains them.
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"})
_CASE_ID = re.compile(CASE_ID_PATTERN)


class ArgumentProblem(ValueError):
    """A value the store refuses before touching the database; the message is in words."""

    def __init__(self, field: str, problem: str) -> None:
        self.field = field
        self.problem = problem
        super().__init__(f"{field}: {problem}")


def check_person(name: object, field: str = "author") -> str:
    """A name recorded in the audit trail: trimmed, 1 to 200 visible characters on one line."""
    if not isinstance(name, str):
        raise ArgumentProblem(field, "a name is needed (text)")
    cleaned = name.strip()
    if not cleaned:
        raise ArgumentProblem(field, "a name is needed; it cannot be blank")
    if any(unicodedata.category(ch) in _HIDDEN_CATEGORIES for ch in cleaned):
        raise ArgumentProblem(
            field,
            "the name contains a control or invisible character (a line break, tab or NUL, "
            "for instance); write it on one line with visible characters only",
        )
    if len(cleaned) > AUTHOR_LENGTH:
        raise ArgumentProblem(
            field, f"a name has at most {AUTHOR_LENGTH} characters (this one has {len(cleaned)})"
        )
    return cleaned


def check_version(version: object, field: str = "version", *, allow_zero: bool = False) -> int:
    """A version number from 1 (or 0, "a new case", when ``allow_zero``) to 2^31 - 1."""
    low = 0 if allow_zero else 1
    if isinstance(version, bool) or not isinstance(version, int):
        raise ArgumentProblem(field, f"a version is a whole number from {low} to {MAX_VERSION}")
    if not low <= version <= MAX_VERSION:
        raise ArgumentProblem(
            field, f"a version is a whole number from {low} to {MAX_VERSION}, not {version}"
        )
    return version


def check_case_id(case_id: object) -> str:
    """A case ID as the case format defines it (1 to 64 letters, digits, '.', '_', '-')."""
    if not isinstance(case_id, str) or not _CASE_ID.fullmatch(case_id):
        raise ArgumentProblem(
            "case ID",
            f"{case_id!r} is not a case ID (1 to 64 letters, digits, '.', '_' or '-')",
        )
    return case_id
