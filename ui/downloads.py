"""Export downloads: one button per format, one click from the page to the file.

Each button is a Streamlit download button whose data is a callable: the file is built when
the button is clicked (in Streamlit's download thread, not on every page run) and handed to
the browser at once. The callable holds the case, its evaluation, the translator and the day
of this run, so a file never carries data from another case, language or day. Patient data
stay in this session (never ``st.cache_data``); nothing is kept after the download.

Callers give a ``key_prefix`` naming where the buttons sit (``"export_page"``, ``"pathway"``...),
so two pages can show the buttons without key clashes. This module owns the widget keys
prefixed ``downloads.``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

import streamlit as st

from netlogic.clinical.evaluation import Evaluation
from netlogic.export.formats import (
    MIME_TYPES,
    ExportFormat,
    build_export_bytes,
    export_filename,
    format_label,
)
from netlogic.model.case import Case
from netlogic.reference.i18n import Translator
from ui.case_store import record_export
from ui.failure_log import log_failure
from ui.identity import current_user

# Material icons ship with Streamlit's own font; emoji need a system emoji font.
ICONS = {
    ExportFormat.PDF: ":material/picture_as_pdf:",
    ExportFormat.HTML: ":material/html:",
    ExportFormat.JSON: ":material/data_object:",
    ExportFormat.CSV: ":material/table_view:",
    ExportFormat.FHIR: ":material/local_hospital:",
    ExportFormat.EVALUATION: ":material/rule:",
}


class ExportFailedError(Exception):
    """A file could not be built; the cause is in the app's log, never in this exception
    (Streamlit logs a failed download with its message and traceback)."""


def file_builder(
    fmt: ExportFormat,
    case: Case,
    evaluation: Evaluation,
    t: Translator,
    today: date,
    where: str = "export",
    audit: tuple[int, str] | None = None,
) -> Callable[[], bytes]:
    """What the download button calls when clicked: the file's bytes for this case state.

    It runs in Streamlit's download thread, outside any page boundary: a failure is logged
    without patient data (``ui.failure_log``) and raised again with no message and no cause,
    so Streamlit's own log of it holds no value of the case either.

    ``audit``: (saved version, who) of a case that is in the store; the export is recorded in
    its audit trail before the file is built, and a record that cannot be written means no
    file (nothing leaves without a trace).
    """

    def build() -> bytes:
        try:
            if audit is not None:
                record_export(case.id, *audit)
            return build_export_bytes(fmt, case, evaluation, t, today)
        except Exception as exc:  # noqa: BLE001 - replaced by a failure that carries no data
            log_failure(exc, where, f"export.{fmt.value}")
        raise ExportFailedError

    return build


def render_export_buttons(
    case: Case,
    evaluation: Evaluation,
    t: Translator,
    key_prefix: str,
    formats: Sequence[ExportFormat] = tuple(ExportFormat),
    today: date | None = None,
    saved_version: int | None = None,
) -> None:
    """One download button per format; a click builds the file and downloads it.

    ``saved_version``: the store version the screen comes from (None: never saved); a click
    is then recorded in the case's audit trail under the session's identity, taken now
    because the download thread has no session."""
    day = today or date.today()
    audit = None if saved_version is None else (saved_version, current_user())
    for fmt in formats:
        name = export_filename(case.id, fmt, day)
        st.download_button(
            t("export.ui.download", format=format_label(fmt, t)),
            data=file_builder(fmt, case, evaluation, t, day, key_prefix, audit),
            file_name=name,
            mime=MIME_TYPES[fmt],
            key=f"downloads.{key_prefix}.{fmt.value}",
            help=name,
            icon=ICONS[fmt],
            type="primary" if fmt is ExportFormat.PDF else "secondary",
            # The page need not run again after a download: nothing on it changed.
            on_click="ignore",
        )
