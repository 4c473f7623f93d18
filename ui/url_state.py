"""What the page's URL keeps, so a refresh (F5) or a bookmark finds the same screen again:
``?lang=fr&case=EX-ILEUM-SYNDROME&draft=<id>``.

A refresh starts a new Streamlit session with empty state. At the first run of a session
(:func:`restore_session`, called by ``ui.frame.page_frame``) the language comes back from
``lang``, the unsaved draft from the store by ``draft`` (``ui.draft_persistence``, only the
user's own), or else the saved case named by ``case`` is opened. Every run writes the three
back (:func:`sync_url`) when they changed. This module owns the session-state keys prefixed
``url_state.``.
"""

from __future__ import annotations

import re
from datetime import date

import streamlit as st

from netlogic.reference.i18n import LANGUAGES
from netlogic.store.repository import StoreError
from ui import case_draft, case_sources, case_store, draft_persistence

_RESTORED = "url_state.restored"
LANG, CASE, DRAFT = "lang", "case", "draft"
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
_CASE_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def language_from_url() -> str | None:
    wanted = st.query_params.get(LANG)
    return wanted if wanted in LANGUAGES else None


def restore_session(today: date, lang: str) -> None:
    """Once per session: the draft or the case the URL names, before anything is drawn."""
    if st.session_state.get(_RESTORED):
        return
    st.session_state[_RESTORED] = True
    case_draft.init_state(today, lang)
    token = st.query_params.get(DRAFT) or ""
    if _TOKEN.match(token):
        case_draft.adopt_draft_id(token)
        record = draft_persistence.read(token)
        if record is not None and case_draft.restore_payload(record.payload):
            return
    case_id = st.query_params.get(CASE) or ""
    if _CASE_ID.match(case_id):
        try:
            stored = case_store.read_case(case_id)
        except StoreError:
            # Not saved: a demo or teaching case opened from its file, or nothing to reopen.
            demo = next((c for c in case_sources.demo_cases(today) if c.id == case_id), None)
            if demo is not None:
                case_draft.open_case(demo, "demo")
            return
        case_draft.open_case(stored.case, "saved", version=stored.version, saved_at=stored.saved_at)


def sync_url(lang: str) -> None:
    """Write the language, the case on screen and the draft id into the URL (when changed)."""
    if not st.session_state.get(_RESTORED):
        return
    wanted = {LANG: lang, DRAFT: case_draft.draft_id()}
    case_id = case_draft.data().get("id")
    if isinstance(case_id, str) and _CASE_ID.match(case_id):
        wanted[CASE] = case_id
    for key, value in wanted.items():
        if st.query_params.get(key) != value:
            st.query_params[key] = value
