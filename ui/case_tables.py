"""Markers, imaging studies and treatment lines: one data editor each, in its own fragment.

A 15-year history has hundreds of marker rows: editing one cell reruns only the table's
fragment (the page reruns when the edit changes what the rest of the page shows: a problem
appears or goes, the first unsaved change, a row count). Every committed edit goes into the
draft (``ui.case_draft``) at once, so switching section, page or refreshing loses nothing.

Cells are typed as text where the browser's own editors misread them: numbers ("8,5" is 8.5,
never 85; see :func:`netlogic.model.entry.parse_decimal`) and dates (YYYY-MM-DD, shown in the
column title; the browser's date editor asked mm/dd/yyyy while showing ISO dates). Empty
cells are blank, not "None". A row's unknown keys (written by another tool) are kept.

The editor starts from the draft when it is first drawn, and keeps its key (and the
clinician's place in the grid) until the table is replaced from outside
(``case_draft.table_gen``) or the language changes. This module owns the session-state keys
prefixed ``case_tables.``.
"""

from __future__ import annotations

import json
from typing import Any

import pandas as pd
import streamlit as st

from netlogic.model.entry import EntryError, format_decimal, parse_decimal
from netlogic.model.units import unit_table
from netlogic.model.vocabulary import MarkerName, Modality, Response, StopReason, Therapy
from netlogic.reference.i18n import Translator
from ui import case_draft
from ui.callback_guard import guarded
from ui.error_boundary import fragment_boundary
from ui.plain_text import plain

COLUMNS: dict[str, tuple[str, ...]] = {
    "markers": ("date", "name", "value", "unit", "uln"),
    "imaging": (
        "date",
        "modality",
        "sum_diameters_mm",
        "new_lesions",
        "non_target_progression",
        "note",
    ),
    "treatments": ("therapy", "agent", "start", "end", "best_response", "stop_reason", "cycles"),
}
NUMBER_COLUMNS = {"value", "uln", "sum_diameters_mm", "cycles"}
DATE_COLUMNS = {"date", "start", "end"}
BOOL_COLUMNS = {"new_lesions", "non_target_progression"}
_BASE = "case_tables.base"
_APPLIED = "case_tables.applied"
_SHOWN = "case_tables.shown_status"
_PREFIX = "case_tables.editor."


def editor_key(name: str, lang: str) -> str:
    return f"{_PREFIX}{name}.{case_draft.table_gen(name)}.{lang}"


def _editor_cell(column: str, value: Any, lang: str) -> Any:
    """A draft value as the editor shows it (numbers as the clinician types them)."""
    if column in BOOL_COLUMNS:
        return bool(value)
    if column in NUMBER_COLUMNS and isinstance(value, int | float) and not isinstance(value, bool):
        return format_decimal(value, lang)
    if value is None or value == "":
        return None
    return str(value) if column in DATE_COLUMNS or column in NUMBER_COLUMNS else value


def _draft_cell(column: str, value: Any, lang: str) -> Any:
    """An editor cell as the draft keeps it: numbers read, anything unreadable kept as typed."""
    if column in BOOL_COLUMNS:
        return bool(value) if value is not None else False
    if isinstance(value, str):
        value = value.strip()
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "" if column == "note" else None
    if column in NUMBER_COLUMNS:
        try:
            number = parse_decimal(str(value), lang)
        except EntryError:
            return str(value)  # the draft check says why it is refused
        if column == "cycles" and number is not None and number.is_integer():
            return int(number)
        return number
    if value == "" and column != "note":
        return None
    return value


def _frame(name: str, rows: list[dict[str, Any]], lang: str) -> pd.DataFrame:
    columns = COLUMNS[name]
    records = [{c: _editor_cell(c, row.get(c), lang) for c in columns} for row in rows]
    # Every column object-typed: a cell may be left empty (None) and a row added by the
    # clinician may hold nothing yet, in a checkbox column too.
    return pd.DataFrame(records, columns=list(columns), dtype=object)


def _base(name: str, lang: str) -> tuple[str, list[dict[str, Any]], pd.DataFrame]:
    """The rows the editor started from, built from the draft when it is (re)mounted."""
    key = editor_key(name, lang)
    kept: dict[str, tuple[str, list[dict[str, Any]], pd.DataFrame]] = st.session_state.setdefault(
        _BASE, {}
    )
    entry = kept.get(name)
    if entry is None or entry[0] != key or key not in st.session_state:
        rows = [dict(r) if isinstance(r, dict) else {} for r in case_draft.data().get(name) or []]
        entry = (key, rows, _frame(name, rows, lang))
        kept[name] = entry
        st.session_state.setdefault(_APPLIED, {})[name] = None
    return entry


def apply_edits(
    name: str, rows: list[dict[str, Any]], frame: pd.DataFrame, edits: dict[str, Any], lang: str
) -> list[dict[str, Any]]:
    """The draft rows after the editor's pending edits (edited, deleted and added rows)."""
    columns = COLUMNS[name]
    shown = frame.to_dict("records")
    pairs = [(dict(row), dict(cells)) for row, cells in zip(rows, shown, strict=True)]
    for index, changes in (edits.get("edited_rows") or {}).items():
        position = int(index)
        if 0 <= position < len(pairs):
            pairs[position][1].update(changes)
    deleted = {int(i) for i in edits.get("deleted_rows") or []}
    pairs = [pair for i, pair in enumerate(pairs) if i not in deleted]
    pairs += [({}, dict(added)) for added in edits.get("added_rows") or []]
    out = []
    for original, cells in pairs:
        row = {**original, **{c: _draft_cell(c, cells.get(c), lang) for c in columns}}
        typed = [row[c] for c in columns if c not in BOOL_COLUMNS and row[c] not in (None, "")]
        if typed or original:
            out.append(row)  # a row added and left empty is not a record
    return out


def sync(name: str, lang: str) -> None:
    """The editor's pending edits into the draft (its on_change callback; idempotent)."""
    key = editor_key(name, lang)
    edits = st.session_state.get(key)
    kept = st.session_state.get(_BASE, {}).get(name)
    if edits is None or kept is None or kept[0] != key:
        return
    fingerprint = json.dumps(dict(edits), sort_keys=True, default=str)
    applied: dict[str, str | None] = st.session_state.setdefault(_APPLIED, {})
    if applied.get(name) == fingerprint:
        return
    applied[name] = fingerprint
    case_draft.set_table(name, apply_edits(name, kept[1], kept[2], dict(edits), lang))


def sync_all(lang: str) -> None:
    for name in COLUMNS:
        sync(name, lang)


def _config(name: str, t: Translator) -> dict[str, Any]:
    units = list(
        dict.fromkeys(
            [*unit_table().spellings, *(r.get("unit") or "" for r in case_draft.data()["markers"])]
        )
    )
    date_help = t("case.date_help")
    number = {"alignment": "right", "help": t("case.number_help")}
    config: dict[str, Any] = {
        "date": st.column_config.TextColumn(t("case.column.date"), help=date_help),
        "start": st.column_config.TextColumn(t("case.column.start"), help=date_help),
        "end": st.column_config.TextColumn(t("case.column.end"), help=date_help),
        "name": st.column_config.SelectboxColumn(
            t("field.marker"),
            options=[m.value for m in MarkerName],
            format_func=lambda v: t(f"value.marker.{v}"),
        ),
        "value": st.column_config.TextColumn(t("field.value"), **number),
        "unit": st.column_config.SelectboxColumn(t("field.unit"), options=[u for u in units if u]),
        "uln": st.column_config.TextColumn(t("field.uln"), **number),
        "modality": st.column_config.SelectboxColumn(
            t("field.modality"),
            options=[m.value for m in Modality],
            format_func=lambda v: t(f"value.modality.{v}"),
        ),
        "sum_diameters_mm": st.column_config.TextColumn(t("field.sum_diameters_mm"), **number),
        "new_lesions": st.column_config.CheckboxColumn(t("field.new_lesions"), default=False),
        "non_target_progression": st.column_config.CheckboxColumn(
            t("field.non_target_progression"), default=False
        ),
        "note": st.column_config.TextColumn(t("field.note")),
        "therapy": st.column_config.SelectboxColumn(
            t("field.therapy"),
            options=[x.value for x in Therapy],
            format_func=lambda v: t(f"therapy.{v}"),
        ),
        "agent": st.column_config.TextColumn(t("field.agent")),
        "best_response": st.column_config.SelectboxColumn(
            t("field.best_response"),
            options=[r.value for r in Response],
            format_func=lambda v: t(f"value.response.{v}"),
        ),
        "stop_reason": st.column_config.SelectboxColumn(
            t("field.stop_reason"),
            options=[s.value for s in StopReason],
            format_func=lambda v: t(f"value.stop_reason.{v}"),
        ),
        "cycles": st.column_config.TextColumn(t("field.cycles"), **number),
    }
    return {c: config[c] for c in COLUMNS[name]}


def status_signature() -> tuple[Any, ...]:
    """What the rest of the page shows about the draft: when a table edit changes it, the
    whole page reruns; otherwise the table's fragment alone does."""
    counts: dict[str, int] = {}
    for problem in case_draft.problems():
        head = problem.field.split("[", 1)[0]
        counts[head] = counts.get(head, 0) + 1
    rows = tuple(len(case_draft.data().get(n) or []) for n in COLUMNS)
    return (tuple(sorted(counts.items())), case_draft.is_dirty(), rows)


def remember_status() -> None:
    """Called by the page in each full run, before it draws anything about the draft."""
    st.session_state[_SHOWN] = status_signature()


@st.fragment
@fragment_boundary
def table_section(name: str, t: Translator, lang: str) -> None:
    sync(name, lang)  # edits seeded from outside a callback (AppTest) are taken too
    if st.session_state.get(_SHOWN) not in (None, status_signature()):
        st.rerun(scope="app")
    st.subheader(t(f"section.{name}"))
    st.caption(t(f"case.table_help.{name}"))
    key, _rows, frame = _base(name, lang)
    st.data_editor(
        frame,
        column_config=_config(name, t),
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        placeholder="",
        key=key,
        on_change=guarded(sync),
        args=(name, lang),
        alt=t(f"section.{name}"),
    )
    for problem in case_draft.problems():
        if problem.field == name or problem.field.startswith(f"{name}["):
            st.error(plain(problem.message), icon=":material/error:")
