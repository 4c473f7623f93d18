"""The case on the Case page, exactly as entered: kept per session, checked on every change,
written to the case store as the user's unsaved draft, never lost.

This module owns the session-state keys prefixed ``case_draft.``. The draft is the case as a
contract JSON dict as typed (also when it does not validate: "12a" stays "12a", a site not
chosen stays None), so a validation error, a page switch, a paste or a browser refresh never
loses what the clinician typed. Every change is checked at once (:func:`problems`); when the
draft validates it becomes the session's current case (``ui.current_case``), so the grade and
the other pages follow the screen.

``rev`` changes only when the whole draft is replaced (a case opened, a new case, a version
restored): the form widgets then start again from the draft. ``table_gen(name)`` changes when
one table is replaced from outside (a paste merged into it), so its editor starts again from
the draft; editing a field or a cell changes neither, so widgets keep their keys.

The origin (:class:`Origin`) says which stored version the draft started from; the draft is
"dirty" when what is on screen differs from it. Replacing a dirty draft (new case, opening
another case) waits for the clinician to confirm (:func:`request_replace`).
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime
from typing import Any

import streamlit as st

from netlogic.model.case import SCHEMA_VERSION, Case
from netlogic.model.case_io import FieldProblem, check_draft, parse_case
from ui import current_case
from ui.current_case import CaseSource

_DATA = "case_draft.data"
_REV = "case_draft.rev"
_TABLE_GEN = "case_draft.table_gen"
_PROBLEMS = "case_draft.problems"
_CHECKED = "case_draft.checked"
_ORIGIN = "case_draft.origin"
_PENDING = "case_draft.pending"
_NOTICE = "case_draft.notice"
_DRAFT_ID = "case_draft.draft_id"
_DIRTY = "case_draft.dirty"
_CONTEXT = "case_draft.context"
_PRODUCED = "case_draft.produced"
_PERSIST_PROBLEM = "case_draft.persist_problem"
_PERSISTED = "case_draft.persisted"
_OFFERED = "case_draft.offered"
TABLES = ("markers", "imaging", "treatments")


@dataclass(frozen=True)
class Origin:
    """Where the draft started: the stored case and version (None: never saved), its stored
    content's hash (``ui.current_case.case_hash``), and the draft's own hash at that moment.
    ``viewing`` is an older version opened for reading (the next save still follows
    ``version``, the latest)."""

    source: CaseSource
    data_hash: str
    case_id: str | None = None
    version: int | None = None
    saved_at: datetime | None = None
    stored_hash: str | None = None
    viewing: int | None = None

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["saved_at"] = self.saved_at.isoformat() if self.saved_at else None
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Origin:
        saved_at = data.get("saved_at")
        return cls(**{**data, "saved_at": datetime.fromisoformat(saved_at) if saved_at else None})


@dataclass(frozen=True)
class PendingReplace:
    """A replacement waiting for the clinician to confirm that unsaved changes may go."""

    what: str  # "new" | "open"
    label: str  # the case it would open (for the question), "" for a new case
    case: Case | None = None
    source: CaseSource = "new"
    version: int | None = None
    saved_at: datetime | None = None
    viewing: int | None = None
    notice: tuple[str, str, dict[str, Any]] | None = None


def data_hash(data: dict[str, Any]) -> str:
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def new_case_data(today: date) -> dict[str, Any]:
    """A blank case with a pseudonymous ID (never a name): every enumeration at "unknown" or
    "not given", the primary site included (it is required: the page says so at once)."""
    case_id = f"CASE-{today:%Y%m%d}-{secrets.token_hex(2).upper()}"
    blank = {
        "schema_version": SCHEMA_VERSION,
        "id": case_id,
        "tumour": {"primary_site": "unknown_primary"},
    }
    data = parse_case(blank, today).to_contract_json()
    data["tumour"]["primary_site"] = None
    # The contract has no "unknown" syndrome; not given here, read as "none" when checked.
    data["tumour"]["functional_syndrome"] = None
    return data


def init_state(today: date, lang: str = "en") -> None:
    if _DATA in st.session_state:
        return
    blank = new_case_data(today)
    st.session_state[_DATA] = blank
    st.session_state[_REV] = 0
    st.session_state[_TABLE_GEN] = dict.fromkeys(TABLES, 0)
    st.session_state[_PROBLEMS] = []
    st.session_state[_CHECKED] = None
    st.session_state[_ORIGIN] = Origin("new", data_hash(blank))
    st.session_state[_PENDING] = None
    st.session_state[_NOTICE] = None
    st.session_state[_DRAFT_ID] = secrets.token_urlsafe(9)
    st.session_state[_DIRTY] = False
    st.session_state[_CONTEXT] = (today, lang)
    st.session_state[_PRODUCED] = None
    st.session_state[_PERSIST_PROBLEM] = None
    _check()


def prepare(today: date, lang: str) -> None:
    """Call at the top of the Case page: the draft exists, its problems are in ``lang``, and
    a case another page made current (teaching, what-if) is offered."""
    init_state(today, lang)
    if st.session_state[_CONTEXT] != (today, lang):
        st.session_state[_CONTEXT] = (today, lang)
        _check()
    follow_current_case()


# --- reading ----------------------------------------------------------------------------------


def data() -> dict[str, Any]:
    value: dict[str, Any] = st.session_state[_DATA]
    return value


def rev() -> int:
    value: int = st.session_state[_REV]
    return value


def table_gen(name: str) -> int:
    value: int = st.session_state[_TABLE_GEN][name]
    return value


def problems() -> list[FieldProblem]:
    value: list[FieldProblem] = st.session_state[_PROBLEMS]
    return value


def checked_case() -> Case | None:
    """The draft as a validated case, or None while it has problems."""
    value: Case | None = st.session_state.get(_CHECKED)
    return value


def origin() -> Origin:
    value: Origin = st.session_state[_ORIGIN]
    return value


def is_dirty() -> bool:
    """True when the screen differs from the version it started from (or was last saved as)."""
    return bool(st.session_state.get(_DIRTY, False))


def draft_id() -> str:
    value: str = st.session_state[_DRAFT_ID]
    return value


def pending() -> PendingReplace | None:
    value: PendingReplace | None = st.session_state.get(_PENDING)
    return value


def persist_problem() -> str | None:
    value: str | None = st.session_state.get(_PERSIST_PROBLEM)
    return value


def pending_problem_count() -> int:
    """Problems of an edited draft that does not validate (0 for a new case nobody has typed
    into yet: the other pages need not warn about a form left blank)."""
    found: list[FieldProblem] = st.session_state.get(_PROBLEMS, [])
    return len(found) if is_dirty() else 0


def set_notice(kind: str, key: str, **params: Any) -> None:
    """A message for the next run of the Case page: kind is success, warning or error."""
    st.session_state[_NOTICE] = (kind, key, params)


def pop_notice() -> tuple[str, str, dict[str, Any]] | None:
    notice: tuple[str, str, dict[str, Any]] | None = st.session_state.get(_NOTICE)
    st.session_state[_NOTICE] = None
    return notice


# --- changes made on the page -----------------------------------------------------------------


def _split_path(path: str) -> tuple[str | None, str]:
    section, _, name = path.rpartition(".")
    return section or None, name


def field_value(path: str) -> Any:
    section, name = _split_path(path)
    holder = data().get(section) if section else data()
    return holder.get(name) if isinstance(holder, dict) else None


def set_field(path: str, value: Any) -> None:
    """One field as entered ("patient.age_years", "id"); nothing happens when it is unchanged."""
    if field_value(path) == value and type(field_value(path)) is type(value):
        return
    section, name = _split_path(path)
    new = dict(data())
    if section:
        new[section] = {**(new.get(section) or {}), name: value}
    else:
        new[name] = value
    st.session_state[_DATA] = new
    _changed()


def set_table(name: str, rows: list[dict[str, Any]]) -> None:
    """A table as edited in its editor (the editor keeps its key)."""
    if data().get(name) == rows:
        return
    st.session_state[_DATA] = {**data(), name: rows}
    _changed()


def merge_tables(new_data: dict[str, Any]) -> None:
    """Tables replaced from outside (a paste merged into them): their editors start again from
    the draft; every other field keeps its value and its widget."""
    gens = dict(st.session_state[_TABLE_GEN])
    current = data()
    for name in TABLES:
        if new_data.get(name) != current.get(name):
            gens[name] += 1
    st.session_state[_TABLE_GEN] = gens
    st.session_state[_DATA] = {**current, **{n: new_data.get(n) or [] for n in TABLES}}
    _changed()


# --- replacing the whole draft ----------------------------------------------------------------


def open_case(
    case: Case,
    source: CaseSource,
    version: int | None = None,
    saved_at: datetime | None = None,
    viewing: int | None = None,
    stored_hash: str | None = None,
) -> None:
    """Show ``case`` on the page (it replaces the draft: confirm first, see request_replace)."""
    new_data = case.to_contract_json()
    stored = stored_hash or (current_case.case_hash(case) if version is not None else None)
    origin = Origin(
        source=source,
        data_hash=data_hash(new_data),
        case_id=case.id if version is not None else None,
        version=version,
        saved_at=saved_at,
        stored_hash=stored,
        viewing=viewing,
    )
    _replace(new_data, origin)


def start_new(today: date) -> None:
    blank = new_case_data(today)
    _replace(blank, Origin("new", data_hash(blank)))


def _replace(new_data: dict[str, Any], origin: Origin) -> None:
    st.session_state[_DATA] = new_data
    st.session_state[_REV] = rev() + 1
    st.session_state[_TABLE_GEN] = {n: g + 1 for n, g in st.session_state[_TABLE_GEN].items()}
    st.session_state[_ORIGIN] = origin
    st.session_state[_PENDING] = None
    st.session_state[_CHECKED] = None
    _changed(replaced=True)


def refresh_widgets() -> None:
    """The draft changed in a way its widgets cannot show by themselves (a new case ID given
    on save): the form draws them anew from the draft."""
    st.session_state[_REV] = rev() + 1


def request_replace(request: PendingReplace) -> None:
    """Replace the draft now, or, when it holds unsaved changes, once the clinician confirms."""
    if is_dirty():
        st.session_state[_PENDING] = request
        return
    _perform(request)


def confirm_pending() -> None:
    request = pending()
    if request is not None:
        _perform(request)


def cancel_pending() -> None:
    """Keep the screen: it stays (or becomes again) the case the other pages show."""
    st.session_state[_PENDING] = None
    _check()


def _perform(request: PendingReplace) -> None:
    today, _lang = st.session_state[_CONTEXT]
    if request.what == "new" or request.case is None:
        start_new(today)
    else:
        open_case(
            request.case,
            request.source,
            version=request.version,
            saved_at=request.saved_at,
            viewing=request.viewing,
        )
    if request.notice is not None:
        kind, key, params = request.notice
        set_notice(kind, key, **params)


def mark_saved(case: Case, version: int, saved_at: datetime) -> None:
    """The screen was saved as ``version``: it is now the stored version, unchanged."""
    st.session_state[_ORIGIN] = Origin(
        source="saved",
        data_hash=data_hash(data()),
        case_id=case.id,
        version=version,
        saved_at=saved_at,
        stored_hash=current_case.case_hash(case),
    )
    _changed()


def adopt_draft_id(token: str) -> None:
    """Keep the draft under the id the page's URL carries (ui.url_state)."""
    st.session_state[_DRAFT_ID] = token


def restore_payload(payload: dict[str, Any]) -> bool:
    """A draft read back from the store after a refresh: the screen as it was left. False
    when the payload is not one this module wrote (then nothing changes)."""
    saved = payload.get("data")
    saved_origin = payload.get("origin")
    if not isinstance(saved, dict) or not isinstance(saved_origin, dict):
        return False
    try:
        origin = Origin.from_json(saved_origin)
    except (TypeError, ValueError):
        return False
    st.session_state[_PERSISTED] = True  # it came from the store: discarded once saved
    _replace(saved, origin)
    return True


def follow_current_case() -> None:
    """Offer a case another page made current (teaching, what-if): opened at once when the
    draft holds no unsaved change, else after the clinician confirms."""
    case = current_case.get_current_case()
    if case is None or pending() is not None:
        return
    if case is st.session_state.get(_PRODUCED) or case is st.session_state.get(_OFFERED):
        return
    # Asked once: "keep my changes" is not asked again on every run.
    st.session_state[_OFFERED] = case
    info = current_case.get_current_info()
    request = PendingReplace(
        "open",
        case.id,
        case=case,
        source=info.source or "demo",
        version=info.version,
        saved_at=info.saved_at,
    )
    request_replace(request)


# --- checking and keeping ---------------------------------------------------------------------


def _check() -> None:
    today, lang = st.session_state[_CONTEXT]
    case, found = check_draft(data(), today, lang)
    st.session_state[_CHECKED] = case
    st.session_state[_PROBLEMS] = found
    org = origin()
    same = data_hash(data()) == org.data_hash or (
        case is not None
        and org.stored_hash is not None
        and current_case.case_hash(case) == org.stored_hash
    )
    st.session_state[_DIRTY] = not same
    # The stored version describes the screen only while the screen keeps its case ID.
    stored = case is None or (org.case_id is not None and case.id == org.case_id)
    current_case.follow_screen(
        case,
        version=org.version if stored else None,
        saved_at=org.saved_at if stored else None,
        stored_hash=org.stored_hash if stored else None,
        screen_differs=case is None or not same,
    )
    if case is not None:
        st.session_state[_PRODUCED] = case


def _changed(replaced: bool = False) -> None:
    if replaced:
        # Until the new draft validates, no other page may show the case it replaced.
        current_case.clear_current_case()
        st.session_state[_PRODUCED] = None
    _check()
    _persist()


def _persist() -> None:
    """Keep unsaved work in the store as this user's draft (ui.draft_persistence); a screen
    that holds nothing unsaved needs no draft (the URL's case ID reopens the saved case)."""
    # Imported here: draft_persistence reads the store through ui.case_store, which opens
    # cases through this module.
    from ui import draft_persistence

    if is_dirty():
        payload = {"data": data(), "origin": origin().to_json(), "dirty": True}
        problem = draft_persistence.write(draft_id(), payload, origin())
        st.session_state[_PERSIST_PROBLEM] = problem
        st.session_state[_PERSISTED] = problem is None
    elif st.session_state.get(_PERSISTED):
        draft_persistence.discard(draft_id())
        st.session_state[_PERSISTED] = False
        st.session_state[_PERSIST_PROBLEM] = None


def with_viewing(viewing: int | None) -> None:
    st.session_state[_ORIGIN] = replace(origin(), viewing=viewing)
