"""CSV tables of a case, zipped, safe to open in a spreadsheet.

Knowledge base section 6 (the data behind the trends), for teams that keep their own
spreadsheets: markers, imaging and treatment lines; with the evaluation, also every option of
the tree (status, deciding rule, clinical review), every alert (title, message, review) and
``about.csv`` (case id, date, rule set version, language). Options and alerts are written
generically: a node or alert code added to the rules appears without a change here.

Spreadsheet programs run a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula,
some also after leading tabs, carriage returns or line feeds: "CSV injection" (OWASP). Every
text cell starting with one of these characters is neutralised by a leading single quote (a
cell starting with a line feed too, whatever follows it); numbers are written as numbers, so a
negative value stays a negative value. Headers and labels follow the
translator's language; dates are ISO; files are UTF-8 with a byte-order mark so that accents
open correctly in common spreadsheet programs.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date

from netlogic.clinical.evaluation import Evaluation
from netlogic.export.summary import (
    STATUS_ORDER,
    alert_title,
    ordered_lines,
    series_label,
    therapy_label,
)
from netlogic.export.unicode_text import text_bytes
from netlogic.model.case import Case, ImagingStudy
from netlogic.reference.i18n import Translator
from netlogic.reference.sources import source_labels
from netlogic.trends.recist import measured_assessments, recist_rows
from netlogic.trends.summary import marker_tables

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
LEADING_BLANKS = " \u00a0"
# Text that a spreadsheet reads as a plain number is harmless: "-5" is minus five, not a formula.
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
# UTF-8 with a byte-order mark ("utf-8-sig"), written by text_bytes so that a lone surrogate
# prints as U+FFFD instead of stopping the export.
BYTE_ORDER_MARK = "\ufeff"
CSV_FILES = ("markers.csv", "imaging.csv", "treatments.csv")
EVALUATION_CSV_FILES = ("options.csv", "alerts.csv", "about.csv")

Cell = str | int | float | bool | date | None


def neutralise_text(text: str) -> str:
    """Prefix a single quote to text a spreadsheet would run as a formula.

    NUL characters are dropped: CSV readers refuse them and they carry no meaning in a note.
    """
    text = text.replace("\x00", "")
    # Leading spaces are skipped by some programs before they look for a formula.
    start = text.lstrip(LEADING_BLANKS)
    if start.startswith(FORMULA_TRIGGERS) and not _PLAIN_NUMBER.match(start):
        return "'" + text
    return text


def cell_text(value: Cell) -> str:
    """How one value is written: numbers as numbers, dates ISO, text neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        raise TypeError("booleans are written as translated yes/no text")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, date):
        return value.isoformat()
    return neutralise_text(value)


def csv_text(headings: Sequence[str], rows: Iterable[Sequence[Cell]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise_text(h) for h in headings])
    for row in rows:
        writer.writerow([cell_text(c) for c in row])
    return buffer.getvalue()


def _yes_no(value: bool, t: Translator) -> str:
    return t("export.yes") if value else t("export.no")


def markers_csv(case: Case, t: Translator) -> str:
    """One row per marker value, in its series (converted) and as entered."""
    headings = [
        t(f"export.col.{c}")
        for c in (
            "date",
            "marker",
            "series",
            "value",
            "unit",
            "uln",
            "original_value",
            "original_unit",
        )
    ]
    rows: list[list[Cell]] = []
    for series, table in marker_tables(case).items():
        for r in table:
            rows.append(
                [
                    r.date,
                    series_label(series, t),
                    series,
                    r.value,
                    r.unit,
                    r.uln,
                    r.original_value,
                    r.original_unit,
                ]
            )
    rows.sort(key=lambda row: str(row[0]))  # by date; stable keeps series order on a date
    return csv_text(headings, rows)


def imaging_csv(case: Case, t: Translator) -> str:
    """Every imaging study in date order, with its RECIST category when it was measured."""
    categories: dict[int, str] = {}
    for scan, row in zip(measured_assessments(case), recist_rows(case), strict=True):
        if row.category is not None:
            categories[id(scan)] = row.category.value
    headings = [
        t(f"export.col.{c}")
        for c in (
            "date",
            "modality",
            "sum_mm",
            "new_lesions",
            "non_target_progression",
            "category",
            "note",
        )
    ]
    studies: list[ImagingStudy] = sorted(case.imaging, key=lambda s: s.date)
    rows: list[list[Cell]] = [
        [
            s.date,
            t(f"export.modality.{s.modality.value}"),
            s.sum_diameters_mm,
            _yes_no(s.new_lesions, t),
            _yes_no(s.non_target_progression, t),
            categories.get(id(s), ""),
            s.note,
        ]
        for s in studies
    ]
    return csv_text(headings, rows)


def treatments_csv(case: Case, t: Translator) -> str:
    headings = [
        t(f"export.col.{c}")
        for c in (
            "line",
            "therapy",
            "agent",
            "start",
            "end",
            "best_response",
            "stop_reason",
            "cycles",
        )
    ]
    rows: list[list[Cell]] = [
        [
            n,
            therapy_label(line.therapy, t),
            line.agent,
            line.start,
            line.end if line.end else t("export.ongoing"),
            line.best_response.value if line.best_response else None,
            t(f"export.stop_reason.{line.stop_reason.value}") if line.stop_reason else None,
            line.cycles,
        ]
        for n, line in enumerate(ordered_lines(case.treatments), start=1)
    ]
    return csv_text(headings, rows)


def _review(reviewed: bool, t: Translator) -> str:
    return t("export.reviewed") if reviewed else t("export.not_reviewed")


def options_csv(evaluation: Evaluation, t: Translator) -> str:
    """Every node of the tree, offered first: status, deciding rule, review, reasons, sources."""
    headings = [
        t(f"export.col.{c}")
        for c in ("therapy", "status", "rule", "reviewed", "reasons", "cautions", "sources")
    ]
    ranked = sorted(evaluation.options, key=lambda o: STATUS_ORDER.get(o.status, 9))
    rows: list[list[Cell]] = [
        [
            therapy_label(o.therapy, t),
            t(f"export.option_status.{o.status.value}"),
            o.rule,
            _review(o.reviewed, t),
            " | ".join(o.reasons),
            " | ".join(o.cautions),
            ", ".join(source_labels(o.sources, t.lang, short=True)),
        ]
        for o in ranked
    ]
    return csv_text(headings, rows)


def alerts_csv(evaluation: Evaluation, t: Translator) -> str:
    headings = [
        t(f"export.col.{c}") for c in ("level", "code", "title", "message", "reviewed", "sources")
    ]
    rows: list[list[Cell]] = [
        [
            t(f"export.alert_level.{a.level}"),
            a.code,
            alert_title(a.code, t),
            a.message,
            _review(a.reviewed, t),
            ", ".join(source_labels(a.sources, t.lang, short=True)),
        ]
        for a in sorted(evaluation.alerts, key=lambda a: a.level)
    ]
    return csv_text(headings, rows)


def about_csv(case: Case, evaluation: Evaluation, t: Translator, stamp: date) -> str:
    """Which case, which day and which rules these tables come from."""
    rows: list[list[Cell]] = [
        [t("export.about.case_id"), case.id],
        [t("export.about.export_date"), stamp],
        [t("export.about.ruleset_version"), evaluation.ruleset_version],
        [t("export.about.language"), t.lang],
    ]
    return csv_text([t("export.col.field"), t("export.col.value")], rows)


def build_csv_zip(
    case: Case, t: Translator, today: date | None = None, evaluation: Evaluation | None = None
) -> bytes:
    """A zip with markers.csv, imaging.csv and treatments.csv, and with an evaluation also
    options.csv, alerts.csv and about.csv (same bytes for the same input)."""
    stamp = today or date.today()
    files = {
        "markers.csv": markers_csv(case, t),
        "imaging.csv": imaging_csv(case, t),
        "treatments.csv": treatments_csv(case, t),
    }
    if evaluation is not None:
        files["options.csv"] = options_csv(evaluation, t)
        files["alerts.csv"] = alerts_csv(evaluation, t)
        files["about.csv"] = about_csv(case, evaluation, t, stamp)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            # A fixed timestamp (the export date): the same case gives the same archive.
            info = zipfile.ZipInfo(name, date_time=(stamp.year, stamp.month, stamp.day, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text_bytes(BYTE_ORDER_MARK + text))
    return buffer.getvalue()
