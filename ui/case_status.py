"""The top of the Case page, where the eye is: which case, whether the screen is saved, the
Save button (disabled while the draft has problems), every problem with a link to its
section, and the questions an action asks (discard unsaved changes? reload or branch after a
stale save?). This module owns the session-state keys prefixed ``case_status.``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime

import streamlit as st

from netlogic.model.case import CASE_ID_PATTERN
from netlogic.model.case_io import case_to_json_text
from netlogic.reference.i18n import Translator
from ui import case_draft, case_form, case_sources, case_store
from ui.callback_guard import guarded
from ui.plain_text import plain

_NEW_ID = "case_status.new_id"
CASE_ID = re.compile(CASE_ID_PATTERN)


def _save(author: str, today: date, lang: str) -> None:
    # Values typed and not yet left, and table edits, first: what is on screen is what is saved.
    case_form.sync_all(lang)
    case_store.save_screen(author, today)


def _save_as_new(author: str, today: date, lang: str) -> None:
    case_form.sync_all(lang)
    new_id = str(st.session_state.get(_NEW_ID) or "").strip()
    saved = case_store.save_screen(author, today, new_id=new_id)
    if saved is not None:
        # The screen now shows the new case, saved as its version 1 (fresh widgets show it).
        case_draft.set_field("id", saved.id)
        case_draft.refresh_widgets()
        outcome = case_store.outcome()
        version = outcome.version if outcome and outcome.version else 1
        case_draft.mark_saved(saved, version, datetime.now().astimezone())


def _state_line(t: Translator) -> str:
    origin = case_draft.origin()
    shown_id = str(case_draft.data().get("id") or "—")
    # An ID that passes the check has no Markdown in it; anything else is shown escaped.
    shown = f"`{shown_id}`" if CASE_ID.match(shown_id) else plain(shown_id)
    parts = [f"**{t('frame.case_id')}{t('punct.colon')}** {shown}"]
    same_case = origin.case_id is not None and origin.case_id == shown_id
    if same_case and origin.version is not None:
        when = origin.saved_at.astimezone().strftime("%Y-%m-%d %H:%M") if origin.saved_at else ""
        parts.append(t("case.state.version", version=origin.version, when=when))
        parts.append(t("case.state.unsaved") if case_draft.is_dirty() else t("case.state.saved"))
    else:
        parts.append(t("case.state.never_saved"))
        if case_draft.is_dirty():
            parts.append(t("case.state.unsaved"))
    return " · ".join(parts)


def _pending(t: Translator) -> None:
    request = case_draft.pending()
    if request is None:
        return
    box = st.container(border=True, key="case_status.pending")
    what = (
        t("case.confirm.new")
        if request.what == "new"
        else t("case.confirm.open", case_id=plain(request.label))
    )
    box.warning(
        t(
            "case.confirm.question",
            case_id=plain(str(case_draft.data().get("id") or "")),
            what=what,
        ),
        icon=":material/warning:",
    )
    c1, c2 = box.columns(2)
    c1.button(
        t("case.confirm.discard"),
        on_click=guarded(case_draft.confirm_pending),
        key="case_status.confirm",
        type="primary",
    )
    c2.button(
        t("case.confirm.keep"), on_click=guarded(case_draft.cancel_pending), key="case_status.keep"
    )


def _problems(t: Translator) -> None:
    found = case_draft.problems()
    if not found:
        return
    box = st.container(border=True, key="case_status.problems")
    if case_draft.is_dirty():
        box.error(t("case.problems_summary", count=len(found)), icon=":material/error:")
    else:
        # Nothing typed yet (a new case): what is needed, not an alarm.
        box.info(t("case.problems_to_start", count=len(found)), icon=":material/info:")
    for index, problem in enumerate(found[:12]):
        section = case_form.section_of(problem.field)
        box.button(
            f"{t(f'case.section.{section}')}{t('punct.colon')} {plain(problem.message)}",
            on_click=guarded(case_form.show_section),
            args=(section,),
            key=f"case_status.go.{index}",
            type="tertiary",
            icon=":material/arrow_forward:",
        )
    if len(found) > 12:
        box.caption(t("case.more_problems", count=len(found) - 12))


def _outcome(t: Translator, author: str, today: date, lang: str) -> None:
    outcome = case_store.outcome()
    if outcome is None:
        return
    if outcome.kind == "saved":
        if case_draft.is_dirty():
            return  # changed since: the state line above says so
        st.success(
            t(
                "case.saved",
                case_id=plain(outcome.case_id),
                version=outcome.version,
                author=plain(author),
            ),
            icon=":material/check_circle:",
        )
    elif outcome.kind == "refused":
        reasons = "\n".join(f"- {plain(line)}" for line in outcome.message.splitlines())
        st.error(t("case.save_refused", problems=reasons), icon=":material/error:")
    elif outcome.kind in ("stale", "invalid_id"):
        st.warning(plain(outcome.message), icon=":material/warning:")
        c1, c2 = st.columns(2)
        if outcome.kind == "stale":
            c1.button(
                t("case.reload", version=outcome.version),
                on_click=guarded(case_store.reload_latest),
                args=(outcome.case_id,),
                key="case_store.reload",
            )
        if _NEW_ID not in st.session_state:
            st.session_state[_NEW_ID] = f"{outcome.case_id}-B"
        c2.text_input(t("case.new_id"), key=_NEW_ID)
        c2.button(
            t("case.save_as_new"),
            on_click=guarded(_save_as_new),
            args=(author, today, lang),
            key="case_store.save_as_new",
        )
    else:
        st.error(
            t("case.store_unavailable", message=plain(outcome.message)), icon=":material/error:"
        )
        case = case_draft.checked_case()
        if case is not None:
            st.download_button(
                t("case.download_json"),
                data=case_to_json_text(case),
                file_name=f"{case.id}.case.json",
                mime="application/json",
                key="case_store.download",
            )


def status_panel(
    t: Translator, author: str, today: date, lang: str, sources: Callable[[], None]
) -> None:
    """The case on screen, its save state, Save, where cases come from (``sources`` draws
    that panel), then pending questions, notices and problems."""
    # One row: the state line, then the actions (they wrap below it on a phone).
    row = st.container(border=True, horizontal=True, vertical_alignment="center")
    row.markdown(_state_line(t), width="stretch")
    problems = case_draft.problems()
    shown_id = str(case_draft.data().get("id") or "")
    row.button(
        t("case.save_short"),
        on_click=guarded(_save),
        args=(author, today, lang),
        key="case_store.save",
        type="primary",
        disabled=bool(problems),
        help=t("case.save_disabled") if problems else t("case.save", case_id=plain(shown_id)),
        icon=":material/save:",
    )
    case_sources.start_new_button(row, t)
    with row:
        sources()
    if case_draft.origin().viewing is not None:
        st.caption(t("case.viewing_caption", version=case_draft.origin().viewing))
    problem = case_draft.persist_problem()
    if problem is not None:
        st.caption(t("case.draft_not_kept"))
    _pending(t)
    notice = case_draft.pop_notice()
    if notice is not None:
        kind, key, params = notice
        # Parameters are escaped where they are made (case IDs, messages quoting typed text).
        getattr(st, kind)(t(key, **params))
    _outcome(t, author, today, lang)
    _problems(t)
