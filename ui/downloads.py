"""Export downloads: a format chooser and "prepare, then download" buttons for any page.

Exports are built only when asked: the "Prepare" button's callback builds the file once and
keeps it in this session's state, then the page shows a download button for those bytes. A
prepared file belongs to one case content, language and day; when any of them changes the
old file is dropped, so a download never carries stale data. Patient data stay in this
session (never ``st.cache_data``).

This module owns the session-state keys prefixed ``downloads.``. Callers give a
``key_prefix`` naming where the buttons sit (``"export_page"``, ``"pathway"``...), so two
pages can show the buttons without key clashes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import streamlit as st

from netlogic.clinical.evaluation import Evaluation
from netlogic.export.formats import ExportFile, ExportFormat, build_export, format_label
from netlogic.model.case import Case
from netlogic.reference.i18n import Translator
from ui import current_case

_FILES = "downloads.files"
_ICONS = {
    ExportFormat.PDF: "📄",
    ExportFormat.HTML: "🌐",
    ExportFormat.JSON: "🗂️",
    ExportFormat.CSV: "📊",
    ExportFormat.FHIR: "🏥",
}

Fingerprint = tuple[str, str, str, str]


def _init_state() -> None:
    st.session_state.setdefault(_FILES, {})


def _fingerprint(case: Case, evaluation: Evaluation, t: Translator, today: date) -> Fingerprint:
    return (current_case.case_hash(case), t.lang, today.isoformat(), evaluation.ruleset_version)


def _slot(key_prefix: str, fmt: ExportFormat) -> str:
    return f"{key_prefix}.{fmt.value}"


def prepared_file(
    key_prefix: str, fmt: ExportFormat, fingerprint: Fingerprint
) -> ExportFile | None:
    """The file prepared for this place, format and case state, or None."""
    _init_state()
    kept: tuple[Fingerprint, ExportFile] | None = st.session_state[_FILES].get(
        _slot(key_prefix, fmt)
    )
    if kept is None or kept[0] != fingerprint:
        return None
    return kept[1]


def _prepare(
    key_prefix: str,
    fmt: ExportFormat,
    case: Case,
    evaluation: Evaluation,
    t: Translator,
    today: date,
) -> None:
    _init_state()
    export = build_export(fmt, case, evaluation, t, today)
    st.session_state[_FILES][_slot(key_prefix, fmt)] = (
        _fingerprint(case, evaluation, t, today),
        export,
    )


def format_chooser(t: Translator, key_prefix: str) -> ExportFormat:
    """A format radio whose choice survives page switches (kept in an owned key)."""
    _init_state()
    owned, widget = f"downloads.{key_prefix}.format", f"downloads.{key_prefix}.format_choice"
    st.session_state.setdefault(owned, ExportFormat.PDF.value)
    st.session_state[widget] = st.session_state[owned]

    def _keep() -> None:
        st.session_state[owned] = st.session_state[widget]

    choice = st.radio(
        t("export.ui.choose"),
        options=[f.value for f in ExportFormat],
        format_func=lambda v: f"{_ICONS[ExportFormat(v)]} {format_label(ExportFormat(v), t)}",
        key=widget,
        on_change=_keep,
    )
    return ExportFormat(choice)


def render_export_buttons(
    case: Case,
    evaluation: Evaluation,
    t: Translator,
    key_prefix: str,
    formats: Sequence[ExportFormat] = tuple(ExportFormat),
    today: date | None = None,
) -> None:
    """One "prepare" button per format; once prepared, its download button and size."""
    _init_state()
    day = today or date.today()
    fingerprint = _fingerprint(case, evaluation, t, day)
    for fmt in formats:
        label = format_label(fmt, t)
        export = prepared_file(key_prefix, fmt, fingerprint)
        if export is None:
            st.button(
                t("export.ui.prepare", format=label),
                key=f"downloads.{key_prefix}.prepare.{fmt.value}",
                icon=_ICONS[fmt],
                on_click=_prepare,
                args=(key_prefix, fmt, case, evaluation, t, day),
            )
            continue
        st.download_button(
            t("export.ui.download", format=label),
            data=export.data,
            file_name=export.filename,
            mime=export.mime,
            key=f"downloads.{key_prefix}.download.{fmt.value}",
            icon=_ICONS[fmt],
            type="primary",
            on_click="ignore",
        )
        size = max(1, round(len(export.data) / 1024))
        st.caption(t("export.ui.ready", name=export.filename, size=size))
