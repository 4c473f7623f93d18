"""Marker and imaging values from a CSV file (columns date, name, value, unit).

Contract sections "markers" and "imaging": a laboratory or radiology export often arrives as
a spreadsheet. Each line is one measurement:

* ``name`` a marker (``chromogranin_a``, ``u5hiaa``, ... or a usual spelling such as
  ``CgA``, ``5-HIAA``, ``NT-proBNP``) -> a marker value in ``unit``;
* ``name`` an imaging modality (``ct``, ``mri``) -> an imaging study whose ``value`` is the
  RECIST 1.1 sum of target diameters in mm.

Both the comma file of English spreadsheets and the semicolon file with decimal commas of
French ones are read. Every bad line is reported (line number, column, what is wrong); a file
with any bad line is refused as a whole, so nothing half-imported reaches a case.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date

from pydantic import ValidationError

from netlogic.model.case import ImagingStudy, MarkerValue
from netlogic.model.case_io import CaseValidationError, FieldProblem, problems_from_validation_error
from netlogic.model.vocabulary import MarkerName, Modality
from netlogic.reference.i18n import Translator, translator

COLUMNS = ("date", "name", "value", "unit")
MAX_LINES = 5000

_MARKER_ALIASES: dict[str, MarkerName] = {
    "cga": MarkerName.CHROMOGRANIN_A,
    "chromogranin a": MarkerName.CHROMOGRANIN_A,
    "chromogranine a": MarkerName.CHROMOGRANIN_A,
    "5-hiaa": MarkerName.U5HIAA,
    "5hiaa": MarkerName.U5HIAA,
    "u-5-hiaa": MarkerName.U5HIAA,
    "5-hia": MarkerName.U5HIAA,
    "nt-probnp": MarkerName.NT_PROBNP,
    "ntprobnp": MarkerName.NT_PROBNP,
}
_MODALITY_ALIASES: dict[str, Modality] = {
    "scanner": Modality.CT,
    "tdm": Modality.CT,
    "irm": Modality.MRI,
}


@dataclass(frozen=True)
class MeasurementImport:
    """The values read from one CSV file, oldest first within each list."""

    markers: list[MarkerValue] = field(default_factory=list)
    imaging: list[ImagingStudy] = field(default_factory=list)


def _key(text: str) -> str:
    return " ".join(text.strip().lower().replace("_", " ").split())


def marker_name(text: str) -> MarkerName | None:
    """'CgA', 'chromogranin_a', 'Chromogranine A' -> MarkerName.CHROMOGRANIN_A; else None."""
    key = _key(text)
    for name in MarkerName:
        if key == _key(name.value):
            return name
    return _MARKER_ALIASES.get(key)


def modality_name(text: str) -> Modality | None:
    key = _key(text)
    for modality in Modality:
        if key == _key(modality.value):
            return modality
    return _MODALITY_ALIASES.get(key)


def _dialect(text: str) -> tuple[str, bool]:
    """The delimiter, and whether numbers use a decimal comma (semicolon files)."""
    first = text.lstrip("\ufeff").splitlines()[0] if text.strip() else ""
    if first.count(";") > first.count(","):
        return ";", True
    return ",", False


def _number(text: str, decimal_comma: bool) -> float:
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "")
    if decimal_comma:
        cleaned = cleaned.replace(",", ".")
    return float(cleaned)


def parse_measurements_csv(
    text: str | bytes, today: date | None = None, lang: str = "en"
) -> MeasurementImport:
    """Read a CSV of measurements; raise CaseValidationError listing every bad line (in
    ``lang``)."""
    when = today or date.today()
    t = translator(lang)
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise CaseValidationError([FieldProblem("file", t("csv.not_utf8"), "csv")]) from None
    text = text.lstrip("\ufeff")
    delimiter, decimal_comma = _dialect(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = [row for row in reader if any(cell.strip() for cell in row)]
    except csv.Error as exc:
        raise CaseValidationError(
            [FieldProblem("file", t("csv.unreadable", error=exc), "csv")]
        ) from None
    if not rows:
        raise CaseValidationError([FieldProblem("file", t("csv.empty"), "csv")])
    header = [_key(cell) for cell in rows[0]]
    missing = [c for c in COLUMNS[:3] if c not in header]
    if missing:
        raise CaseValidationError(
            [
                FieldProblem(
                    "file",
                    t("csv.header", missing=", ".join(missing)),
                    "csv",
                )
            ]
        )
    if len(rows) - 1 > MAX_LINES:
        raise CaseValidationError([FieldProblem("file", t("csv.too_long", lines=MAX_LINES), "csv")])
    where = {c: header.index(c) for c in COLUMNS if c in header}
    result = MeasurementImport()
    problems: list[FieldProblem] = []
    for line_no, row in enumerate(rows[1:], start=2):
        cells = {c: (row[i].strip() if i < len(row) else "") for c, i in where.items()}
        problems.extend(_read_line(line_no, cells, decimal_comma, when, result, t))
    if problems:
        raise CaseValidationError(problems)
    result.markers.sort(key=lambda m: m.date)
    result.imaging.sort(key=lambda s: s.date)
    return result


def _read_line(
    line_no: int,
    cells: dict[str, str],
    decimal_comma: bool,
    today: date,
    out: MeasurementImport,
    t: Translator,
) -> list[FieldProblem]:
    where = f"line {line_no}"

    def shown(problem: str) -> str:
        return t("csv.line_problem", line=line_no, problem=problem)

    try:
        value = _number(cells["value"], decimal_comma)
    except ValueError:
        return [
            FieldProblem(
                f"{where}.value",
                shown(t("csv.not_a_number", value=repr(cells["value"]))),
                "csv",
            )
        ]
    marker = marker_name(cells["name"])
    modality = modality_name(cells["name"]) if marker is None else None
    if marker is None and modality is None:
        return [
            FieldProblem(
                f"{where}.name",
                shown(
                    t(
                        "csv.unknown_name",
                        name=repr(cells["name"]),
                        markers=", ".join(m.value for m in MarkerName),
                        modalities=", ".join(m.value for m in Modality),
                    )
                ),
                "csv",
            )
        ]
    unit = cells.get("unit", "")
    try:
        if marker is not None:
            data = {"date": cells["date"], "name": marker, "value": value, "unit": unit}
            out.markers.append(MarkerValue.model_validate(data, context={"today": today}))
        else:
            if unit and unit.strip().lower() not in ("mm", "millimetres", "millimeters"):
                return [
                    FieldProblem(
                        f"{where}.unit",
                        shown(t("csv.imaging_unit", unit=repr(unit))),
                        "csv",
                    )
                ]
            data = {"date": cells["date"], "modality": modality, "sum_diameters_mm": value}
            out.imaging.append(ImagingStudy.model_validate(data, context={"today": today}))
    except ValidationError as exc:
        return [
            FieldProblem(f"{where}.{p.field}", shown(p.message), p.code)
            for p in problems_from_validation_error(exc, t)
        ]
    return []
