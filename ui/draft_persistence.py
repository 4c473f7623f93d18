"""The draft on screen, kept in the case store as the user's unsaved work.

Issue "Case entry that never loses or corrupts a value": a browser refresh or a closed tab
starts a new Streamlit session, and a session's state dies with it. So every change of the
draft (``ui.case_draft``) is written to the store's ``case_drafts`` table under the user's
name and the draft id the page's URL carries (``ui.url_state``), and read back when a new
session starts on that URL. A draft is scratch, replaced on every change; saved versions are
never touched. When the store cannot be written the draft stays in the session and the page
says so. This module owns no session state.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from netlogic.store.repository import DraftRecord, StoreError
from ui import case_store

if TYPE_CHECKING:
    from ui.case_draft import Origin


def _owner() -> str:
    # Imported here: ui.frame imports ui.case_draft, which writes through this module.
    from ui.frame import current_author

    return current_author()


def write(draft_id: str, payload: dict[str, Any], origin: Origin) -> str | None:
    """Keep the draft; None when kept, else why it could not be (the store's words)."""
    try:
        case_store.get_store().save_draft(
            _owner(), draft_id, payload, case_id=origin.case_id, base_version=origin.version
        )
    except StoreError as exc:
        return str(exc)
    return None


def read(draft_id: str) -> DraftRecord | None:
    """This user's draft ``draft_id`` (None when there is none, or the store is down)."""
    try:
        return case_store.get_store().load_draft(_owner(), draft_id)
    except StoreError:
        return None


def others(draft_id: str) -> list[DraftRecord]:
    """This user's other drafts holding unsaved changes, most recent first."""
    try:
        drafts = case_store.get_store().list_drafts(_owner())
    except StoreError:
        return []
    return [d for d in drafts if d.draft_id != draft_id and d.payload.get("dirty")]


def discard(draft_id: str) -> None:
    try:
        case_store.get_store().discard_draft(_owner(), draft_id)
    except StoreError:
        return
