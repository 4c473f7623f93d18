"""The case store in the app: one connection per process, the open and save widgets.

The store is opened with ``st.cache_resource`` keyed by its URL (a connection, not patient
data; ``NETLOGIC_DATABASE_URL`` picks the database, tests point it at a temporary SQLite
file). This module owns the session-state keys prefixed ``case_store.``: the outcome of the
last save (saved, refused as stale, store unavailable), kept so the choices it offers survive
the rerun that a button causes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import streamlit as st

from netlogic.model.case_io import CaseValidationError, case_to_json_text, parse_case
from netlogic.reference.i18n import Translator
from netlogic.store.repository import (
    CaseStore,
    CaseSummary,
    StaleVersionError,
    StoreError,
    open_store,
    resolve_url,
)
from ui import case_draft, current_case

_OUTCOME = "case_store.outcome"
_NEW_ID = "case_store.new_id"


@dataclass(frozen=True)
class SaveOutcome:
    kind: str  # "saved" | "stale" | "unavailable" | "invalid_id"
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


def saved_cases() -> tuple[list[CaseSummary], str | None]:
    """The saved cases, or an empty list and the reason the store cannot be read."""
    try:
        return get_store().list_cases(), None
    except StoreError as exc:
        return [], str(exc)


def open_saved(case_id: str) -> None:
    """Load the latest version of a saved case into the form (a button callback)."""
    try:
        stored = get_store().load(case_id)
    except StoreError as exc:
        case_draft.set_notice("error", "case.store_error", message=str(exc))
        return
    case_draft.open_case(stored.case, "saved", version=stored.version, saved_at=stored.saved_at)
    st.session_state[_OUTCOME] = None
    case_draft.set_notice("success", "case.opened_saved", case_id=case_id, version=stored.version)


def save_current(author: str, new_id: str | None = None, today: date | None = None) -> None:
    """Save the current case (a button callback); with ``new_id``, save it as a new case."""
    case = current_case.get_current_case()
    if case is None:
        return
    base = current_case.get_current_info().version or 0
    if new_id is not None:
        try:
            case = parse_case({**case.to_contract_json(), "id": new_id.strip()}, today)
        except CaseValidationError as exc:
            message = "; ".join(p.message for p in exc.problems)
            st.session_state[_OUTCOME] = SaveOutcome("invalid_id", message, case.id)
            return
        base = 0
    try:
        version = get_store().save(case, author, base_version=base)
    except StaleVersionError as exc:
        st.session_state[_OUTCOME] = SaveOutcome("stale", str(exc), case.id, exc.latest_version)
        return
    except StoreError as exc:
        st.session_state[_OUTCOME] = SaveOutcome("unavailable", str(exc), case.id)
        return
    if new_id is not None:
        case_draft.open_case(case, "saved", version=version)
    current_case.mark_saved(version)
    st.session_state[_OUTCOME] = SaveOutcome("saved", "", case.id, version)


def _save_as_new(author: str, today: date) -> None:
    # Read the ID typed in this run (button args are fixed when the button is drawn).
    save_current(author, new_id=str(st.session_state.get(_NEW_ID) or ""), today=today)


def save_panel(t: Translator, author: str, today: date) -> None:
    """Save button and the outcome of the last save with the choices it calls for."""
    case = current_case.get_current_case()
    if case is None:
        st.caption(t("case.save_needs_valid"))
        return
    st.button(
        t("case.save", case_id=case.id),
        on_click=save_current,
        args=(author,),
        kwargs={"today": today},
        key="case_store.save",
    )
    outcome: SaveOutcome | None = st.session_state.get(_OUTCOME)
    if outcome is None or outcome.case_id not in (case.id, None):
        return
    if outcome.kind == "saved":
        st.success(t("case.saved", case_id=outcome.case_id, version=outcome.version, author=author))
    elif outcome.kind in ("stale", "invalid_id"):
        st.warning(outcome.message, icon="⚠️")
        c1, c2 = st.columns(2)
        if outcome.kind == "stale":
            c1.button(
                t("case.reload", version=outcome.version),
                on_click=open_saved,
                args=(outcome.case_id,),
                key="case_store.reload",
            )
        c2.text_input(t("case.new_id"), value=f"{case.id}-B", key=_NEW_ID)
        c2.button(
            t("case.save_as_new"),
            on_click=_save_as_new,
            args=(author, today),
            key="case_store.save_as_new",
        )
    else:
        st.error(t("case.store_unavailable", message=outcome.message), icon=":material/error:")
        st.download_button(
            t("case.download_json"),
            data=case_to_json_text(case),
            file_name=f"{case.id}.case.json",
            mime="application/json",
            key="case_store.download",
        )
