"""The case store in the app: one connection per process; saving exactly what is on screen,
opening saved cases and their versions, restoring a version.

The store is opened with ``st.cache_resource`` keyed by its URL (a connection, not patient
data; ``NETLOGIC_DATABASE_URL`` picks the database, tests point it at a temporary SQLite
file). This module owns the session-state keys prefixed ``case_store.``: the outcome of the
last save (saved, refused with its reasons, refused as stale, store unavailable), kept so the
choices it offers survive the rerun that a button causes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import streamlit as st

from netlogic.model.case import Case
from netlogic.model.case_io import CaseValidationError, parse_case
from netlogic.store.repository import (
    CaseStore,
    CaseSummary,
    StaleVersionError,
    StoredCase,
    StoreError,
    VersionInfo,
    open_store,
    resolve_url,
)
from ui import case_draft
from ui.case_draft import PendingReplace
from ui.identity import current_user
from ui.plain_text import plain

_OUTCOME = "case_store.outcome"


@dataclass(frozen=True)
class SaveOutcome:
    kind: str  # "saved" | "refused" | "stale" | "unavailable" | "invalid_id"
    message: str
    case_id: str
    version: int | None = None


@st.cache_resource(show_spinner=False)
def _store_at(url: str) -> CaseStore:
    # An exception is not cached: a store that was down is tried again on the next run.
    return open_store(url)


def get_store() -> CaseStore:
    """The process-wide store for the configured URL; raises StoreError (message in words)."""
    return _store_at(resolve_url())


def read_case(case_id: str, version: int | None = None) -> StoredCase:
    """A saved case (latest or ``version``), its reading recorded in the audit trail under
    the session's identity first: a read that cannot be recorded is not shown (StoreError)."""
    store = get_store()
    stored = store.load(case_id, version)
    store.record_access(stored.case_id, stored.version, current_user(), "read")
    return stored


def record_export(case_id: str, version: int | None, who: str) -> None:
    """Record in the audit trail that ``who`` exported the case (saved version ``version``,
    the one the screen came from). For the Export page's download builders: take ``who``
    (``ui.identity.current_user()``) during the page run, since the download thread has no
    session. A case never saved (``version`` None) has no stored history to record against.
    Raises StoreError when the record cannot be written, so the file is not handed out."""
    if version is not None:
        get_store().record_access(case_id, version, who, "export")


def saved_cases(
    demo_ids: set[str],
) -> tuple[list[CaseSummary], list[CaseSummary], str | None]:
    """(patient cases, demo and teaching cases, the reason the store cannot be read)."""
    try:
        found = get_store().list_cases()
    except StoreError as exc:
        return [], [], str(exc)
    patients = [s for s in found if s.case_id not in demo_ids and s.author != "demo"]
    demos = [s for s in found if s.case_id in demo_ids or s.author == "demo"]
    return patients, demos, None


def open_request(case_id: str, version: int | None = None) -> PendingReplace | None:
    """Opening a saved case (its latest version, or an older one to read or restore)."""
    try:
        if version is None:
            latest = stored = read_case(case_id)
        else:
            latest = get_store().load(case_id)
            stored = read_case(case_id, version)
    except StoreError as exc:
        case_draft.set_notice("error", "case.store_error", message=plain(str(exc)))
        return None
    viewing = None if stored.version == latest.version else stored.version
    notice = (
        ("success", "case.opened_saved", {"case_id": plain(case_id), "version": stored.version})
        if viewing is None
        else ("warning", "case.viewing_old", {"version": viewing, "latest": latest.version})
    )
    return PendingReplace(
        "open",
        case_id,
        case=stored.case,
        source="saved",
        version=latest.version,
        saved_at=latest.saved_at,
        viewing=viewing,
        notice=notice,
    )


def open_saved(case_id: str, version: int | None = None) -> None:
    """A button callback: open a saved case (asks first when the screen has unsaved changes)."""
    request = open_request(case_id, version)
    if request is not None:
        st.session_state[_OUTCOME] = None
        case_draft.request_replace(request)


def reload_latest(case_id: str) -> None:
    """After a stale save: the clinician chose to drop the edit and take the latest version."""
    request = open_request(case_id)
    if request is not None:
        st.session_state[_OUTCOME] = None
        case_draft.cancel_pending()
        case_draft.open_case(
            request.case,  # type: ignore[arg-type]
            "saved",
            version=request.version,
            saved_at=request.saved_at,
        )


def outcome() -> SaveOutcome | None:
    value: SaveOutcome | None = st.session_state.get(_OUTCOME)
    return value


def clear_outcome() -> None:
    st.session_state[_OUTCOME] = None


def save_screen(author: str, today: date, new_id: str | None = None) -> Case | None:
    """Save exactly what the screen holds (call ``case_form.sync_all`` first), or refuse with
    the reasons; with ``new_id``, save it under that new case ID. Returns the case saved."""
    case = case_draft.checked_case()
    shown_id = str(case_draft.data().get("id") or "")
    if case is None:
        reasons = "\n".join(p.message for p in case_draft.problems())
        st.session_state[_OUTCOME] = SaveOutcome("refused", reasons, shown_id)
        return None
    origin = case_draft.origin()
    base = origin.version if origin.version is not None and origin.case_id == case.id else 0
    if new_id is not None:
        try:
            case = parse_case({**case.to_contract_json(), "id": new_id.strip()}, today)
        except CaseValidationError as exc:
            message = "; ".join(p.message for p in exc.problems)
            st.session_state[_OUTCOME] = SaveOutcome("invalid_id", message, case.id)
            return None
        base = 0
    try:
        version = get_store().save(case, author, base_version=base)
    except StaleVersionError as exc:
        st.session_state[_OUTCOME] = SaveOutcome("stale", str(exc), case.id, exc.latest_version)
        return None
    except StoreError as exc:
        st.session_state[_OUTCOME] = SaveOutcome("unavailable", str(exc), case.id)
        return None
    if new_id is None:
        case_draft.mark_saved(case, version, datetime.now().astimezone())
    st.session_state[_OUTCOME] = SaveOutcome("saved", "", case.id, version)
    return case


def history(case_id: str) -> tuple[list[VersionInfo], str | None]:
    """Every version of a saved case, oldest first, or the reason they cannot be read."""
    try:
        return get_store().history(case_id), None
    except StoreError as exc:
        return [], str(exc)


def load_version(case_id: str, version: int) -> StoredCase | None:
    try:
        return read_case(case_id, version)
    except StoreError:
        return None


def restore_version(case_id: str, version: int, author: str) -> None:
    """Save an old version again as the newest (a button callback; nothing is overwritten)."""
    try:
        new_version = get_store().restore(case_id, version, author)
        stored = read_case(case_id)
    except StoreError as exc:
        case_draft.set_notice("error", "case.store_error", message=plain(str(exc)))
        return
    case_draft.request_replace(
        PendingReplace(
            "open",
            case_id,
            case=stored.case,
            source="saved",
            version=stored.version,
            saved_at=stored.saved_at,
            notice=("success", "case.restored", {"version": version, "new": new_version}),
        )
    )
