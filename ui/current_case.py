"""The case the clinician is working on, shared by every page of one session.

This module owns the session-state keys prefixed ``current_case.`` (engineering notes,
"Streamlit": one owner per key, initialised once). Pages never write those keys directly:
they call :func:`set_current_case` when a case is opened, imported or accepted from the form,
and :func:`mark_saved` after the case store has saved it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

import streamlit as st
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from netlogic.model.case import Case
from netlogic.model.case_io import case_to_json_text

CaseSource = Literal["new", "saved", "demo", "import", "form"]

_CASE = "current_case.case"
_SOURCE = "current_case.source"
_VERSION = "current_case.version"
_SAVED_AT = "current_case.saved_at"
_SAVED_HASH = "current_case.saved_hash"
_HASHED = "current_case.hashed"
# Set by ui.case_draft: the Case page shows something this case does not hold (an edit that
# does not validate yet), so "saved" cannot be claimed even when the last valid case is.
_SCREEN_DIFFERS = "current_case.screen_differs"
_KEPT_HASHES = 4


@dataclass(frozen=True)
class CurrentCase:
    """What the sidebar and the save button need to know about the current case.

    ``version`` is the store version the case was loaded from or last saved as (None: never
    saved); it is the ``base_version`` of the next save. ``saved`` is True when what the
    Case page shows is that version, unchanged.
    """

    case: Case | None
    source: CaseSource | None
    version: int | None
    saved_at: datetime | None
    saved: bool


def init_state() -> None:
    """Create the owned keys once per session (called by ``ui.frame.page_frame``)."""
    for key in (_CASE, _SOURCE, _VERSION, _SAVED_AT, _SAVED_HASH):
        st.session_state.setdefault(key, None)
    st.session_state.setdefault(_SCREEN_DIFFERS, False)


def case_hash(case: Case) -> str:
    """A fingerprint of the case content (its contract JSON): same content, same hash.

    Serialising a 15-year history takes milliseconds and every run asks several times, so
    the last few case objects hashed in this session keep their digest (cases are replaced,
    never edited in place: the form, imports and what-if all build new objects).
    """
    in_session = get_script_run_ctx(suppress_warning=True) is not None
    hashed: list[tuple[Case, str]] = st.session_state.get(_HASHED, []) if in_session else []
    for known, digest in hashed:
        if known is case:
            return digest
    digest = hashlib.sha256(case_to_json_text(case).encode("utf-8")).hexdigest()
    if in_session:
        st.session_state[_HASHED] = [*hashed[-(_KEPT_HASHES - 1) :], (case, digest)]
    return digest


def set_current_case(
    case: Case,
    source: CaseSource,
    version: int | None = None,
    saved_at: datetime | None = None,
) -> None:
    """Make ``case`` the current case of this session.

    Pass ``version``/``saved_at`` when the case comes from the store. A case edited in the
    form keeps the version it was based on, so the next save can detect a concurrent save.
    """
    init_state()
    previous: Case | None = st.session_state[_CASE]
    same_case = previous is not None and previous.id == case.id
    if version is None and source == "form" and same_case:
        version = st.session_state[_VERSION]
        saved_at = st.session_state[_SAVED_AT]
        saved_hash = st.session_state[_SAVED_HASH]
    else:
        saved_hash = case_hash(case) if version is not None else None
    st.session_state[_CASE] = case
    st.session_state[_SOURCE] = source
    st.session_state[_VERSION] = version
    st.session_state[_SAVED_AT] = saved_at
    st.session_state[_SAVED_HASH] = saved_hash
    st.session_state[_SCREEN_DIFFERS] = False


def follow_screen(
    case: Case | None,
    version: int | None,
    saved_at: datetime | None,
    stored_hash: str | None,
    screen_differs: bool,
) -> None:
    """What the Case page shows, as the session's current case (ui.case_draft calls this on
    every change): ``case`` is the screen when it validates (None: keep the last valid case);
    ``version``/``saved_at``/``stored_hash`` describe the stored version it started from."""
    init_state()
    if case is not None:
        st.session_state[_CASE] = case
        st.session_state[_SOURCE] = "form"
    st.session_state[_VERSION] = version
    st.session_state[_SAVED_AT] = saved_at
    st.session_state[_SAVED_HASH] = stored_hash
    st.session_state[_SCREEN_DIFFERS] = screen_differs


def mark_saved(version: int, saved_at: datetime | None = None) -> None:
    """Record that the current case was saved to the store as ``version``."""
    init_state()
    case: Case | None = st.session_state[_CASE]
    st.session_state[_VERSION] = version
    st.session_state[_SAVED_AT] = saved_at or datetime.now().astimezone()
    st.session_state[_SAVED_HASH] = case_hash(case) if case is not None else None


def forget_saved_version() -> None:
    """The current case will be saved as a new case (new ID): no base version any more."""
    init_state()
    st.session_state[_VERSION] = None
    st.session_state[_SAVED_AT] = None
    st.session_state[_SAVED_HASH] = None


def clear_current_case() -> None:
    init_state()
    for key in (_CASE, _SOURCE, _VERSION, _SAVED_AT, _SAVED_HASH):
        st.session_state[key] = None
    st.session_state[_SCREEN_DIFFERS] = False


def get_current_case() -> Case | None:
    """The current case, or None when no case has been opened in this session."""
    init_state()
    case: Case | None = st.session_state[_CASE]
    return case


def get_current_info() -> CurrentCase:
    init_state()
    case: Case | None = st.session_state[_CASE]
    saved_hash = st.session_state[_SAVED_HASH]
    return CurrentCase(
        case=case,
        source=st.session_state[_SOURCE],
        version=st.session_state[_VERSION],
        saved_at=st.session_state[_SAVED_AT],
        saved=(
            case is not None
            and saved_hash is not None
            and not st.session_state[_SCREEN_DIFFERS]
            and saved_hash == case_hash(case)
        ),
    )
