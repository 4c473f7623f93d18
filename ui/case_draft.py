"""The case being typed on the Case page: kept in session state, never lost.

This module owns the session-state keys prefixed ``case_draft.``. The draft is the case as a
contract JSON dict, exactly as entered (also when it does not validate), so a validation
error or a page switch never loses what the clinician typed. ``rev`` changes whenever the
draft is replaced, which gives the form widgets fresh keys that start from the draft.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime
from typing import Any

import streamlit as st

from netlogic.model.case import SCHEMA_VERSION, Case
from netlogic.model.case_io import CaseValidationError, FieldProblem, parse_case
from ui import current_case
from ui.current_case import CaseSource

_DATA = "case_draft.data"
_REV = "case_draft.rev"
_PROBLEMS = "case_draft.problems"
_FROM_HASH = "case_draft.from_hash"
_NOTICE = "case_draft.notice"


def new_case_data(today: date) -> dict[str, Any]:
    """A blank case with a pseudonymous ID (never a name) and every field at its default."""
    case_id = f"CASE-{today:%Y%m%d}-{secrets.token_hex(2).upper()}"
    blank = {
        "schema_version": SCHEMA_VERSION,
        "id": case_id,
        "tumour": {"primary_site": "pancreas"},
    }
    return parse_case(blank, today).to_contract_json()


def init_state(today: date) -> None:
    if _DATA not in st.session_state:
        st.session_state[_DATA] = new_case_data(today)
    st.session_state.setdefault(_REV, 0)
    st.session_state.setdefault(_PROBLEMS, [])
    st.session_state.setdefault(_FROM_HASH, None)
    st.session_state.setdefault(_NOTICE, None)


def data() -> dict[str, Any]:
    value: dict[str, Any] = st.session_state[_DATA]
    return value


def rev() -> int:
    value: int = st.session_state[_REV]
    return value


def problems() -> list[FieldProblem]:
    value: list[FieldProblem] = st.session_state[_PROBLEMS]
    return value


def pending_problem_count() -> int:
    """Problems of a draft that did not validate (0 before the Case page has run)."""
    found: list[FieldProblem] = st.session_state.get(_PROBLEMS, [])
    return len(found)


def set_notice(kind: str, key: str, **params: Any) -> None:
    """A message for the next run of the Case page: kind is success, warning or error."""
    st.session_state[_NOTICE] = (kind, key, params)


def pop_notice() -> tuple[str, str, dict[str, Any]] | None:
    notice: tuple[str, str, dict[str, Any]] | None = st.session_state.get(_NOTICE)
    st.session_state[_NOTICE] = None
    return notice


def _replace(new_data: dict[str, Any], found: list[FieldProblem]) -> None:
    st.session_state[_DATA] = new_data
    st.session_state[_REV] = rev() + 1
    st.session_state[_PROBLEMS] = found


def open_case(
    case: Case,
    source: CaseSource,
    version: int | None = None,
    saved_at: datetime | None = None,
) -> None:
    """Make ``case`` current and show it in the form."""
    current_case.set_current_case(case, source, version=version, saved_at=saved_at)
    _replace(case.to_contract_json(), [])
    st.session_state[_FROM_HASH] = current_case.case_hash(case)


def start_new(today: date) -> None:
    current_case.clear_current_case()
    _replace(new_case_data(today), [])
    st.session_state[_FROM_HASH] = None


def submit(new_data: dict[str, Any], today: date, lang: str = "en") -> Case | None:
    """Keep what was entered; make it the current case when it validates, else list problems."""
    try:
        case = parse_case(new_data, today, lang)
    except CaseValidationError as exc:
        _replace(new_data, exc.problems)
        return None
    current_case.set_current_case(case, "form")
    _replace(new_data, [])
    st.session_state[_FROM_HASH] = current_case.case_hash(case)
    return case


def follow_current_case() -> None:
    """Show a case another page made current (what-if, teaching...) unless an edit is pending."""
    case = current_case.get_current_case()
    if case is None or problems():
        return
    digest = current_case.case_hash(case)
    if digest != st.session_state[_FROM_HASH]:
        _replace(case.to_contract_json(), [])
        st.session_state[_FROM_HASH] = digest
