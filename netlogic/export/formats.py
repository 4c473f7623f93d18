"""The export formats in one table: what each is called, its file name, type and builder.

Knowledge base section 8 (tumour board). The CLI (``python -m netlogic export``) and the Export
page both go through :func:`build_export`, so a file downloaded from the app and one written on
the command line are the same bytes for the same case, language and date.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from netlogic.clinical.evaluation import Evaluation
from netlogic.export.unicode_text import json_bytes, printable_case, text_bytes
from netlogic.model.case import Case
from netlogic.model.case_io import case_to_json_text
from netlogic.reference.i18n import Translator


class ExportFormat(StrEnum):
    PDF = "pdf"
    HTML = "html"
    JSON = "json"
    CSV = "csv"
    FHIR = "fhir"
    EVALUATION = "evaluation"


MIME_TYPES: dict[ExportFormat, str] = {
    ExportFormat.PDF: "application/pdf",
    ExportFormat.HTML: "text/html",
    ExportFormat.JSON: "application/json",
    ExportFormat.CSV: "application/zip",
    ExportFormat.FHIR: "application/fhir+json",
    ExportFormat.EVALUATION: "application/json",
}
SUFFIXES: dict[ExportFormat, str] = {
    ExportFormat.PDF: "tumour-board.pdf",
    ExportFormat.HTML: "summary.html",
    ExportFormat.JSON: "case.json",
    ExportFormat.CSV: "tables.zip",
    ExportFormat.FHIR: "fhir-bundle.json",
    ExportFormat.EVALUATION: "evaluation.json",
}


@dataclass(frozen=True)
class ExportFile:
    filename: str
    mime: str
    data: bytes


def export_filename(case_id: str, fmt: ExportFormat, today: date) -> str:
    """'EX-1_2026-11-22_tumour-board.pdf': the pseudonymous ID only, never a name."""
    return f"{case_id}_{today.isoformat()}_{SUFFIXES[fmt]}"


def format_label(fmt: ExportFormat, t: Translator) -> str:
    return t(f"export.format.{fmt.value}")


def build_export_bytes(
    fmt: ExportFormat, case: Case, evaluation: Evaluation, t: Translator, today: date
) -> bytes:
    # Builders are imported when asked for: matplotlib, fpdf2, plotly and fhir.resources are
    # slow to import and most requests need only one of them.
    if fmt is ExportFormat.JSON:
        # A lone surrogate kept by an older store stays a \uXXXX escape (the text survives).
        return json_bytes(case_to_json_text(case))
    if fmt is ExportFormat.EVALUATION:
        # The contract's evaluation (rule set version, rule ids, review flags) in the
        # export's language: the audit trail of what the screen showed.
        text = json.dumps(evaluation.to_contract(), ensure_ascii=False, indent=2, allow_nan=False)
        return json_bytes(text + "\n")
    # The printed and tabular formats cannot carry a lone surrogate: it shows as U+FFFD.
    case = printable_case(case)
    if fmt is ExportFormat.PDF:
        from netlogic.export.pdf_report import build_pdf

        return build_pdf(case, evaluation, t, today)
    if fmt is ExportFormat.HTML:
        from netlogic.export.html_page import build_html

        return text_bytes(build_html(case, evaluation, t, today))
    if fmt is ExportFormat.CSV:
        from netlogic.export.csv_bundle import build_csv_zip

        return build_csv_zip(case, t, today, evaluation)
    from netlogic.export.fhir_bundle import build_fhir_json

    return json_bytes(build_fhir_json(case, evaluation, t, today))


def build_export(
    fmt: ExportFormat | str,
    case: Case,
    evaluation: Evaluation,
    t: Translator,
    today: date | None = None,
) -> ExportFile:
    """One export of one case: file name, MIME type and bytes."""
    chosen = ExportFormat(fmt)
    day = today or date.today()
    return ExportFile(
        filename=export_filename(case.id, chosen, day),
        mime=MIME_TYPES[chosen],
        data=build_export_bytes(chosen, case, evaluation, t, day),
    )
