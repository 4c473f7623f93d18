"""Markers, imaging and treatment lines from a CSV file or pasted text, headers in English or
French; merged into a case on screen, never replacing it.

Contract sections "markers", "imaging" and "treatments": a laboratory or radiology export
often arrives as a spreadsheet or as lines copied out of one. The text is one or more blocks,
each starting with a header line that names its columns:

* measurements (``date, name, value, unit[, uln]``): ``name`` a marker (``chromogranin_a``,
  ``CgA``, ``5-HIAA``, ``chromogranine A``...) -> a marker value in ``unit`` with its upper
  limit of normal; or an imaging modality (``ct``, ``TDM``, ``mri``, ``IRM``) -> a scan
  whose ``value`` is the RECIST 1.1 sum of target diameters in mm;
* imaging (``date, modality[, sum_diameters_mm, new_lesions, non_target_progression, note]``);
* treatment lines (``therapy, start[, agent, end, best_response, stop_reason, cycles]``).

Column names are read in English or French (``valeur``, ``unité``, ``LSN``, ``traitement``,
``début``...), and so are the app's own column titles. Commas, semicolons (French
spreadsheets, decimal commas) and tabs (cells copied out of a spreadsheet) all separate cells.
Numbers go through :func:`netlogic.model.entry.parse_decimal` ("8,5" is 8.5, "1,250" in a
comma-separated English line is refused, never guessed); dates are YYYY-MM-DD, or DD/MM/YYYY
in a French session. Every bad line is reported (line number, column, what is wrong); text
with any bad line is refused as a whole, so nothing half-imported reaches a case.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

from pydantic import BaseModel, ValidationError

from netlogic.model.bounds import IMPORT_BYTES, cut, shown, text_problem
from netlogic.model.case import ImagingStudy, MarkerValue, TreatmentLine
from netlogic.model.case_io import (
    CaseValidationError,
    FieldProblem,
    capped,
    problems_from_validation_error,
)
from netlogic.model.entry import EntryError, parse_decimal, parse_entry_date
from netlogic.model.vocabulary import MarkerName, Modality, Response, StopReason, Therapy
from netlogic.reference.i18n import LANGUAGES, Translator, catalogue, translator

COLUMNS = ("date", "name", "value", "unit")
MAX_LINES = 5000

# Column names a header may use, beyond the contract's own and the app's column titles.
_HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "date": ("date", "jour", "date de l'examen", "date du prelevement"),
    "name": ("name", "nom", "marker", "marqueur", "test", "analyte", "dosage", "parametre"),
    "value": ("value", "valeur", "result", "resultat"),
    "unit": ("unit", "units", "unite", "unites"),
    "uln": (
        "uln",
        "upper limit",
        "upper limit of normal",
        "lsn",
        "limite superieure",
        "limite superieure de la normale",
        "normale haute",
    ),
    "modality": ("modality", "modalite", "imaging", "imagerie", "examen"),
    "sum_diameters_mm": (
        "sum_diameters_mm",
        "sum (mm)",
        "sum of target diameters",
        "somme (mm)",
        "somme des diametres",
        "somme des diametres cibles",
    ),
    "new_lesions": ("new lesions", "nouvelles lesions"),
    "non_target_progression": (
        "non-target progression",
        "progression non cible",
        "progression des lesions non cibles",
    ),
    "note": ("note", "notes", "comment", "commentaire", "remarque", "compte rendu"),
    "therapy": ("therapy", "treatment", "traitement", "therapie", "ligne"),
    "agent": ("agent", "drug", "molecule", "schema", "protocole", "agent and schedule"),
    "start": ("start", "start date", "debut", "date de debut"),
    "end": ("end", "end date", "stop", "fin", "date de fin", "arret"),
    "best_response": ("best response", "response", "meilleure reponse", "reponse"),
    "stop_reason": ("stop reason", "reason for stopping", "motif d'arret", "raison de l'arret"),
    "cycles": ("cycles", "cures", "nombre de cycles"),
}
# What a block must name to be read as that kind of record.
_KINDS: dict[str, tuple[str, ...]] = {
    "measurements": ("date", "name", "value"),
    "imaging": ("date", "modality"),
    "treatments": ("therapy", "start"),
}
_NUMBER_COLUMNS = {"value", "uln", "sum_diameters_mm", "cycles"}
_DATE_COLUMNS = {"date", "start", "end"}
_FLAG_COLUMNS = {"new_lesions", "non_target_progression"}
_FLAG_WORDS = {
    "yes": True,
    "y": True,
    "true": True,
    "oui": True,
    "o": True,
    "x": True,
    "1": True,
    "no": False,
    "n": False,
    "false": False,
    "non": False,
    "0": False,
    "": False,
}
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
    "tep fdg": Modality.FDG_PET,
    "pet fdg": Modality.FDG_PET,
    "echographie": Modality.ULTRASOUND,
}
_RESPONSE_ALIASES: dict[str, Response] = {
    "rc": Response.CR,
    "rp": Response.PR,
    "ms": Response.SD,
    "mp": Response.PD,
}


@dataclass(frozen=True)
class MeasurementImport:
    """The records read from one text, oldest first within each list."""

    markers: list[MarkerValue] = field(default_factory=list)
    imaging: list[ImagingStudy] = field(default_factory=list)
    treatments: list[TreatmentLine] = field(default_factory=list)
    # Header cells that name no column this import reads (shown with the preview).
    ignored_columns: list[str] = field(default_factory=list)

    def count(self) -> int:
        return len(self.markers) + len(self.imaging) + len(self.treatments)


def _key(text: str) -> str:
    """Lower case, no accents, '_' as a space, single spaces: 'Unité' -> 'unite'."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return " ".join(plain.strip().lower().replace("_", " ").split())


@cache
def _words(prefix: str) -> dict[str, str]:
    """Every translation under ``prefix`` (both languages), as key -> the id after the prefix:
    the names the app shows ('TDM', 'Évérolimus') are read back as what they name."""
    found: dict[str, str] = {}
    for lang in LANGUAGES:
        for key, text in catalogue(lang).items():
            if key.startswith(prefix):
                found.setdefault(_key(text), key.removeprefix(prefix))
                # "RC (réponse complète)" is also written "RC".
                found.setdefault(_key(text.split(" (")[0]), key.removeprefix(prefix))
    return found


@cache
def _header_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for column, aliases in _HEADER_ALIASES.items():
        names[_key(column)] = column
        for alias in aliases:
            names[_key(alias)] = column
    titles = {**_words("field."), **_words("case.column.")}
    for title, column in titles.items():
        # "Sum of target diameters (mm)" -> sum_diameters_mm; "Marker" -> name.
        column = {"marker": "name"}.get(column, column)
        if column in _HEADER_ALIASES:
            names.setdefault(title, column)
    return names


def marker_name(text: str) -> MarkerName | None:
    """'CgA', 'chromogranin_a', 'Chromogranine A' -> MarkerName.CHROMOGRANIN_A; else None."""
    key = _key(text)
    for name in MarkerName:
        if key == _key(name.value):
            return name
    known = _words("value.marker.").get(key)
    if known is not None and known != MarkerName.OTHER.value:
        return MarkerName(known)
    return _MARKER_ALIASES.get(key)


def modality_name(text: str) -> Modality | None:
    key = _key(text)
    for modality in Modality:
        if key == _key(modality.value):
            return modality
    known = _words("value.modality.").get(key)
    if known is not None and known != Modality.OTHER.value:
        return Modality(known)
    return _MODALITY_ALIASES.get(key)


def therapy_name(text: str) -> Therapy | None:
    key = _key(text)
    for therapy in Therapy:
        if key == _key(therapy.value):
            return therapy
    known = _words("therapy.").get(key)
    return Therapy(known) if known is not None else None


def response_name(text: str) -> Response | None:
    key = _key(text)
    for response in Response:
        if key == _key(response.value):
            return response
    known = _words("value.response.").get(key)
    return Response(known) if known is not None else _RESPONSE_ALIASES.get(key)


def stop_reason_name(text: str) -> StopReason | None:
    key = _key(text)
    for reason in StopReason:
        if key == _key(reason.value):
            return reason
    known = _words("value.stop_reason.").get(key)
    return StopReason(known) if known is not None else None


def _delimiter(line: str) -> str:
    """Tabs (copied spreadsheet cells), else semicolons (French spreadsheets), else commas."""
    if "\t" in line:
        return "\t"
    return ";" if line.count(";") > line.count(",") else ","


def _header(cells: list[str]) -> list[str | None] | None:
    """The column id of each cell of a header line (None: a column this import does not
    read), or None when the line is not a header of any kind of record."""
    names = _header_names()
    columns = [names.get(_key(cell)) for cell in cells]
    known = [c for c in columns if c is not None]
    if len(set(known)) != len(known) or _kind(known) is None:
        return None
    return columns


def _kind(columns: list[str]) -> str | None:
    for kind, needed in _KINDS.items():
        if all(c in columns for c in needed):
            return kind
    return None


@dataclass
class _Reader:
    today: date
    lang: str
    t: Translator
    out: MeasurementImport = field(default_factory=MeasurementImport)
    ignored: list[str] = field(default_factory=list)
    problems: list[FieldProblem] = field(default_factory=list)

    def refuse(self, line: int, column: str, problem: str) -> None:
        message = self.t("csv.line_problem", line=line, problem=problem)
        self.problems.append(FieldProblem(f"line {line}.{column}", message, "csv"))

    def cell(self, line: int, column: str, text: str, comma_is_decimal: bool) -> Any:
        """One cell read as its column's type; EntryError words a refusal."""
        if column in _NUMBER_COLUMNS:
            return parse_decimal(text, self.lang, comma_is_decimal)
        if column in _DATE_COLUMNS:
            found = parse_entry_date(text, self.lang)
            return found.isoformat() if found is not None else None
        if column in _FLAG_COLUMNS:
            if _key(text) not in _FLAG_WORDS:
                raise EntryError("not_yes_no", given=shown(text.strip()))
            return _FLAG_WORDS[_key(text)]
        return text.strip()

    def record(
        self, line: int, model: type[BaseModel], data: dict[str, Any], into: list[Any]
    ) -> None:
        try:
            into.append(model.model_validate(data, context={"today": self.today}))
        except ValidationError as exc:
            for p in problems_from_validation_error(exc, self.t):
                if p.field == "case":
                    # A check of the whole record (an end before its start): name the record.
                    whole = self.t("validation.field.case")
                    kind = {TreatmentLine: "treatments", ImagingStudy: "imaging"}.get(
                        model, "markers"
                    )
                    words = self.t(f"validation.field.{kind}")
                    column = "end" if model is TreatmentLine else "line"
                    self.refuse(line, column, p.message.replace(whole, words, 1))
                else:
                    self.refuse(line, p.field, p.message)


def _named(
    text: str, lookup: Callable[[str], Any], reader: _Reader, line: int, column: str, what: str
) -> Any:
    found = lookup(text)
    if found is None and text.strip():
        reader.refuse(line, column, reader.t(f"csv.unknown_{what}", name=shown(text.strip())))
    return found


def _looks_numeric(text: str) -> bool:
    try:
        return parse_decimal(text, "en", comma_is_decimal=True) is not None
    except EntryError:
        return False


def _measurement(reader: _Reader, line: int, cells: dict[str, Any], raw: dict[str, str]) -> None:
    t = reader.t
    marker = marker_name(raw["name"])
    modality = modality_name(raw["name"]) if marker is None else None
    if marker is None and modality is None:
        reader.refuse(
            line,
            "name",
            t(
                "csv.unknown_name",
                name=shown(raw["name"]),
                markers=", ".join(m.value for m in MarkerName),
                modalities=", ".join(m.value for m in Modality),
            ),
        )
        return
    if cells.get("value") is None:
        reader.refuse(line, "value", t("csv.not_a_number", value=shown(raw.get("value", ""))))
        return
    unit = cells.get("unit") or ""
    if unit and _looks_numeric(unit):
        # A unit cell holding "5" is the tail of a decimal comma ("8,5") split into two cells.
        reader.refuse(line, "unit", t("csv.unit_is_a_number", unit=shown(unit)))
        return
    if marker is not None:
        data = {"date": cells.get("date"), "name": marker, "value": cells["value"], "unit": unit}
        data["uln"] = cells.get("uln")
        reader.record(line, MarkerValue, data, reader.out.markers)
    else:
        if unit and _key(unit) not in ("mm", "millimetres", "millimeters", "millimetre"):
            reader.refuse(line, "unit", t("csv.imaging_unit", unit=shown(unit)))
            return
        data = {"date": cells.get("date"), "modality": modality, "sum_diameters_mm": cells["value"]}
        reader.record(line, ImagingStudy, data, reader.out.imaging)


def _imaging(reader: _Reader, line: int, cells: dict[str, Any], raw: dict[str, str]) -> None:
    modality = _named(raw["modality"], modality_name, reader, line, "modality", "modality")
    if modality is None and raw["modality"].strip():
        return
    data = {k: v for k, v in cells.items() if k in ImagingStudy.model_fields and v is not None}
    data["modality"] = modality
    data.setdefault("date", None)
    reader.record(line, ImagingStudy, data, reader.out.imaging)


def _treatment(reader: _Reader, line: int, cells: dict[str, Any], raw: dict[str, str]) -> None:
    data = {k: v for k, v in cells.items() if k in TreatmentLine.model_fields}
    data["therapy"] = _named(raw["therapy"], therapy_name, reader, line, "therapy", "therapy")
    if data["therapy"] is None and raw["therapy"].strip():
        return
    for column, lookup, what in (
        ("best_response", response_name, "response"),
        ("stop_reason", stop_reason_name, "stop_reason"),
    ):
        if column in raw:
            data[column] = _named(raw[column], lookup, reader, line, column, what)
            if data[column] is None and raw[column].strip():
                return
    data["agent"] = cells.get("agent") or None
    data.setdefault("start", None)
    reader.record(line, TreatmentLine, data, reader.out.treatments)


_READERS = {"measurements": _measurement, "imaging": _imaging, "treatments": _treatment}


def _lines(text: str) -> list[tuple[int, str]]:
    return [(n, line) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]


def parse_measurements_csv(
    text: str | bytes, today: date | None = None, lang: str = "en"
) -> MeasurementImport:
    """Read CSV or pasted text (see the module docstring); raise CaseValidationError listing
    every bad line, in ``lang``."""
    when = today or date.today()
    t = translator(lang)
    if len(text) > IMPORT_BYTES:
        # Characters are at most as many as bytes: one check bounds both kinds of input.
        raise CaseValidationError(
            [FieldProblem("file", t("csv.too_big", bytes=IMPORT_BYTES), "csv")]
        )
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise CaseValidationError([FieldProblem("file", t("csv.not_utf8"), "csv")]) from None
    text = text.lstrip("\ufeff")
    unstorable = _unstorable_lines(text, t)
    if unstorable:
        raise CaseValidationError(capped(unstorable, t))
    lines = _lines(text)
    if not lines:
        raise CaseValidationError([FieldProblem("file", t("csv.empty"), "csv")])
    if len(lines) - 1 > MAX_LINES:
        raise CaseValidationError([FieldProblem("file", t("csv.too_long", lines=MAX_LINES), "csv")])
    reader = _Reader(when, t.lang, t)
    columns: list[str | None] | None = None
    kind: str | None = None
    delimiter = ","
    for number, line in lines:
        header = _header(_split(line, _delimiter(line), t))
        if header is not None:
            columns, delimiter = header, _delimiter(line)
            kind = _kind([c for c in header if c is not None])
            header_cells = _split(line, delimiter, t)
            # Shown with the preview: a header cell is echoed cut like any value.
            reader.ignored += [
                cut(cell.strip()) for cell, c in zip(header_cells, header, strict=True) if c is None
            ]
            continue
        if columns is None or kind is None:
            missing = ", ".join(COLUMNS[:3])
            raise CaseValidationError(
                [FieldProblem("file", t("csv.header", missing=missing), "csv")]
            )
        cells = _split(line, delimiter, t)
        extra = cells[len(columns) :]
        if any(c.strip() for c in extra):
            # "8,5" in a comma-separated line is two cells, 8 and 5: never read as 8 and a unit.
            reader.refuse(
                number, "line", t("csv.extra_cells", cells=len(cells), columns=len(columns))
            )
            continue
        raw = {c: (cells[i] if i < len(cells) else "") for i, c in enumerate(columns) if c}
        parsed: dict[str, Any] = {}
        bad = False
        for column, value in raw.items():
            try:
                parsed[column] = reader.cell(number, column, value, delimiter == ";")
            except EntryError as exc:
                reader.refuse(number, column, _cell_problem(column, exc, t))
                bad = True
        if not bad:
            _READERS[kind](reader, number, parsed, raw)
    if reader.problems:
        raise CaseValidationError(capped(reader.problems, t))
    out = reader.out
    out.markers.sort(key=lambda m: m.date)
    out.imaging.sort(key=lambda s: s.date)
    out.treatments.sort(key=lambda line: line.start)
    out.ignored_columns.extend(dict.fromkeys(c for c in reader.ignored if c))
    return out


def _unstorable_lines(text: str, t: Translator) -> list[FieldProblem]:
    """Lines holding a character no case may store (NUL, a lone surrogate, a control
    character other than the tab between cells): named by number, the text refused whole."""
    problems = []
    for number, line in enumerate(text.split("\n"), start=1):
        problem = text_problem(line.replace("\t", "").replace("\r", ""))
        if problem is not None:
            message = t("csv.line_problem", line=number, problem=t(f"validation.text_{problem}"))
            problems.append(FieldProblem(f"line {number}", message, f"text_{problem}"))
    return problems


def _cell_problem(column: str, exc: EntryError, t: Translator) -> str:
    if column == "value" and exc.key == "not_a_number":
        return t("csv.not_a_number", value=exc.params["given"])
    return t("csv.cell_problem", column=t(f"validation.field.{column}"), problem=exc.message(t))


def _split(line: str, delimiter: str, t: Translator) -> list[str]:
    try:
        return next(csv.reader(io.StringIO(line), delimiter=delimiter))
    except (csv.Error, StopIteration) as exc:
        raise CaseValidationError(
            [FieldProblem("file", t("csv.unreadable", error=exc), "csv")]
        ) from None


def _fingerprint(record: Any) -> str:
    return json.dumps(record, sort_keys=True, default=str)


@dataclass(frozen=True)
class MergeResult:
    """The case data with the new records appended, and what was added or already there."""

    data: dict[str, Any]
    added: dict[str, int]
    already_there: int


def merge_into(data: dict[str, Any], found: MeasurementImport) -> MergeResult:
    """Append the records of ``found`` to the lists of ``data`` (a case as entered, valid or
    not); every other field is left as it is. A record already present, identical, is not
    added twice (the same lab report pasted again)."""
    merged = dict(data)
    added: dict[str, int] = {}
    skipped = 0
    for name, records in (
        ("markers", found.markers),
        ("imaging", found.imaging),
        ("treatments", found.treatments),
    ):
        current = list(merged.get(name) or [])
        seen = {_fingerprint(r) for r in current}
        count = 0
        for record in records:
            row = record.model_dump(mode="json")
            if _fingerprint(row) in seen:
                skipped += 1
                continue
            seen.add(_fingerprint(row))
            current.append(row)
            count += 1
        merged[name] = current
        added[name] = count
    return MergeResult(merged, added, skipped)
