"""The version history of the case on screen: who saved each version and when, what changed
between any two of them (or between a version and the screen), and opening or restoring an
old version (a restore saves it again as the newest version: nothing is overwritten).

The store keeps every version (``netlogic.store.repository``); the differences come from
``netlogic.model.case_diff`` in the session's words. This module owns the session-state keys
prefixed ``case_history.``.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from netlogic.model.case_diff import diff_cases, readable_changes
from netlogic.reference.i18n import Translator
from ui import case_draft, case_store, meeting_history, session_memo
from ui.callback_guard import guarded
from ui.plain_text import plain

_FROM = "case_history.from"
_TO = "case_history.to"
_PICK = "case_history.pick"
SCREEN = "screen"


def _version_json(case_id: str, version: int | str) -> dict[str, Any] | None:
    if version == SCREEN:
        case = case_draft.checked_case()
        return case.to_contract_json() if case is not None else None

    def load() -> dict[str, Any] | None:
        stored = case_store.load_version(case_id, int(version))
        return stored.case.to_contract_json() if stored is not None else None

    # Saved versions never change: read once per session.
    return session_memo.memo("case_history.versions", (case_id, version), load)


def _compare(
    t: Translator, case_id: str, versions: list[int], options: list[int | str], label: Any
) -> None:
    c1, c2 = st.columns(2)
    # By default: what the latest save changed.
    st.session_state.setdefault(_FROM, versions[-2] if len(versions) > 1 else versions[0])
    st.session_state.setdefault(_TO, versions[-1])
    for key in (_FROM, _TO):
        if st.session_state[key] not in options:
            st.session_state[key] = options[-1]
    older = c1.selectbox(t("case.history.from"), options, format_func=label, key=_FROM)
    newer = c2.selectbox(t("case.history.to"), options, format_func=label, key=_TO)
    old = _version_json(case_id, older)
    new = _version_json(case_id, newer)
    if old is None or new is None:
        st.caption(t("case.history.unreadable"))
        return
    changes = readable_changes(diff_cases(old, new), t)
    if not changes:
        st.caption(t("case.history.no_difference"))
        return
    table = pd.DataFrame(
        [(c.field, c.before, c.after) for c in changes],
        columns=[t("case.history.field"), t("case.history.before"), t("case.history.after")],
    )
    st.dataframe(table, hide_index=True, width="stretch")


def history_section(t: Translator, author: str) -> None:
    st.subheader(t("case.section.history"))
    case_id = str(case_draft.data().get("id") or "")
    versions, problem = case_store.history(case_id) if case_id else ([], None)
    if not versions:
        quiet = problem is None or "no saved case" in problem
        st.caption(t("case.history.none") if quiet else plain(str(problem)))
        return
    listing = pd.DataFrame(
        [
            (
                v.version,
                v.saved_at.astimezone().strftime("%Y-%m-%d %H:%M"),
                v.author,
                v.summary,
            )
            for v in reversed(versions)
        ],
        columns=[
            t("case.history.version"),
            t("case.history.when"),
            t("case.history.author"),
            t("case.history.summary"),
        ],
    )
    st.dataframe(listing, hide_index=True, width="stretch", key="case_history.listing")
    # The tumour board's decisions belong to the case's history, beside its versions.
    meeting_history.decisions_section(t, case_id)

    st.markdown(f"**{t('case.history.compare')}**")
    numbers: list[int | str] = [v.version for v in versions]
    if case_draft.checked_case() is not None:
        numbers.append(SCREEN)

    def label(v: int | str) -> str:
        return t("case.history.screen") if v == SCREEN else t("case.history.version_n", version=v)

    _compare(t, case_id, [v.version for v in versions], numbers, label)

    st.markdown(f"**{t('case.history.open_or_restore')}**")
    latest = versions[-1].version
    older = [v.version for v in versions]
    st.session_state.setdefault(_PICK, latest)
    if st.session_state[_PICK] not in older:
        st.session_state[_PICK] = latest
    c1, c2, c3 = st.columns([2, 1, 1], vertical_alignment="bottom")
    pick = c1.selectbox(
        t("case.history.pick"),
        older,
        format_func=lambda v: t("case.history.version_n", version=v),
        key=_PICK,
    )
    c2.button(
        t("case.history.open", version=pick),
        on_click=guarded(case_store.open_saved),
        args=(case_id, pick),
        key="case_history.open",
        width="stretch",
    )
    dirty = case_draft.is_dirty()
    c3.button(
        t("case.history.restore", version=pick, new=latest + 1),
        on_click=guarded(case_store.restore_version),
        args=(case_id, pick, author),
        key="case_history.restore",
        disabled=dirty or pick == latest,
        width="stretch",
    )
    if dirty:
        st.caption(t("case.history.restore_needs_clean"))
