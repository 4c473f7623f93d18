"""Reading a case from JSON text or a dict, with every problem reported in words.

Bad input never escapes as a traceback: :func:`parse_case` raises
:class:`CaseValidationError`, which lists each problem with the field's path, its name in
words and what is wrong (contract, "Bad input"). The CLI prints them and exits 2; the app
shows them next to the fields and keeps what the clinician typed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from netlogic.case import Case

FIELD_WORDS: dict[str, str] = {
    "schema_version": "schema version",
    "id": "case ID",
    "patient": "patient",
    "age_years": "age (years)",
    "sex": "sex",
    "ecog": "ECOG performance status",
    "tumour": "tumour",
    "primary_site": "primary site",
    "differentiation": "differentiation",
    "ki67_percent": "Ki-67 index (%)",
    "mitotic_count": "mitotic count (per 2 mm²)",
    "necrosis": "necrosis",
    "nec_cell_type": "NEC cell type",
    "non_ne_component_percent": "non-neuroendocrine component (%)",
    "primary_size_mm": "primary tumour size (mm)",
    "functional_syndrome": "functional syndrome",
    "syndrome_controlled": "syndrome controlled",
    "sstr_imaging": "SSTR imaging",
    "fdg_pet": "FDG PET",
    "mgmt": "MGMT status",
    "pdl1_percent": "PD-L1 (%)",
    "hereditary_syndrome": "hereditary syndrome",
    "family_history": "family history",
    "disease": "disease",
    "stage": "stage",
    "nodal_status": "nodal status",
    "metastatic_sites": "metastatic sites",
    "liver_involvement_percent": "liver involvement (%)",
    "extrahepatic_disease": "extrahepatic disease",
    "resectable": "resectable",
    "debulkable_over_70_percent": "debulkable over 70%",
    "primary_resected": "primary resected",
    "tumour_burden": "tumour burden",
    "symptomatic": "symptomatic",
    "progression": "progression",
    "stable_months": "months stable",
    "portal_vein_thrombosis": "portal vein thrombosis",
    "biliodigestive_anastomosis": "biliodigestive anastomosis",
    "comorbidities": "comorbidities",
    "on_ppi": "on a proton-pump inhibitor",
    "markers": "marker",
    "imaging": "imaging study",
    "treatments": "treatment line",
    "date": "date",
    "name": "marker name",
    "value": "value",
    "unit": "unit",
    "uln": "upper limit of normal",
    "modality": "modality",
    "sum_diameters_mm": "sum of target diameters (mm)",
    "new_lesions": "new lesions",
    "non_target_progression": "non-target progression",
    "note": "note",
    "therapy": "therapy",
    "agent": "agent",
    "start": "start date",
    "end": "end date",
    "best_response": "best response",
    "stop_reason": "stop reason",
    "cycles": "cycles",
    "meeting_question": "question for the meeting",
    "notes": "notes",
}


@dataclass(frozen=True)
class FieldProblem:
    """One problem with one field: ``field`` is the dotted path, ``message`` says it in words."""

    field: str
    message: str
    code: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class CaseValidationError(ValueError):
    """A case that cannot be accepted; ``problems`` lists every reason, not only the first."""

    def __init__(self, problems: list[FieldProblem]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


def field_path(loc: tuple[int | str, ...]) -> str:
    """('markers', 0, 'value') -> 'markers[0].value'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "case"


def field_words(loc: tuple[int | str, ...]) -> str:
    """('markers', 0, 'value') -> 'marker 1, value' (what a clinician calls the field)."""
    words: list[str] = []
    for part in loc:
        if isinstance(part, int):
            if words:
                words[-1] = f"{words[-1]} {part + 1}"
        elif part in ("tumour", "disease", "patient") and len(loc) > 1:
            continue
        else:
            words.append(FIELD_WORDS.get(part, part.replace("_", " ")))
    return ", ".join(words) or "case"


def _describe(error: ErrorDetails) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    given = error.get("input")
    if kind == "missing":
        return "is required"
    if kind == "enum":
        return f"{given!r} is not one of the allowed values ({ctx.get('expected', '')})"
    if kind == "literal_error":
        return f"must be {ctx.get('expected', '')} (got {given!r})"
    if kind in ("less_than_equal", "less_than"):
        bound = ctx.get("le", ctx.get("lt"))
        word = "at most" if kind == "less_than_equal" else "below"
        return f"must be {word} {bound} (got {given!r})"
    if kind in ("greater_than_equal", "greater_than"):
        bound = ctx.get("ge", ctx.get("gt"))
        if bound == 0 and kind == "greater_than_equal":
            return f"cannot be negative (got {given!r})"
        word = "at least" if kind == "greater_than_equal" else "greater than"
        return f"must be {word} {bound} (got {given!r})"
    if kind == "finite_number":
        return "must be a finite number (NaN and infinity are refused)"
    if kind == "string_pattern_mismatch":
        return (
            "may contain only letters, digits, '.', '_' and '-' (1 to 64 characters); "
            "use a pseudonymous label, never a name"
        )
    if kind in ("float_parsing", "float_type", "int_parsing", "int_type", "int_from_float"):
        return f"must be a number (got {given!r})"
    if kind in ("bool_parsing", "bool_type"):
        return f"must be true or false (got {given!r})"
    if kind in ("string_type",):
        return f"must be text (got {given!r})"
    if kind in ("list_type",):
        return "must be a list"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return "must be an object"
    if kind == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    return str(error["msg"])


def problems_from_validation_error(exc: ValidationError) -> list[FieldProblem]:
    problems = []
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        # Pydantic adds the enum/literal class name as a loc part for tagged unions; drop it.
        loc = tuple(p for p in loc if not (isinstance(p, str) and p.startswith("function-")))
        words = field_words(loc)
        problems.append(
            FieldProblem(
                field=field_path(loc),
                message=f"{words} {_describe(error)}",
                code=str(error["type"]),
            )
        )
    return problems


def parse_case(data: Any, today: date | None = None) -> Case:
    """Validate a decoded JSON value as a case; raise CaseValidationError listing all problems."""
    if not isinstance(data, dict):
        raise CaseValidationError(
            [FieldProblem("case", "the case must be a JSON object ({...})", "model_type")]
        )
    try:
        return Case.model_validate(data, context={"today": today or date.today()})
    except ValidationError as exc:
        raise CaseValidationError(problems_from_validation_error(exc)) from None
    except RecursionError:
        raise CaseValidationError(
            [FieldProblem("case", "the case is nested too deeply to read", "too_deep")]
        ) from None


def parse_case_text(text: str | bytes, today: date | None = None) -> Case:
    """Decode JSON text and validate it; a file that is not JSON is a problem like any other."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CaseValidationError(
            [
                FieldProblem(
                    "file",
                    f"the file is not valid JSON (line {exc.lineno}, column {exc.colno}: "
                    f"{exc.msg})",
                    "json_invalid",
                )
            ]
        ) from None
    except (UnicodeDecodeError, RecursionError):
        raise CaseValidationError(
            [FieldProblem("file", "the file is not readable JSON text", "json_invalid")]
        ) from None
    return parse_case(data, today)


def load_case_file(path: str | Path, today: date | None = None) -> Case:
    """Read and validate a case file; an unreadable file is reported like bad content."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise CaseValidationError(
            [FieldProblem("file", f"cannot read {path}: {exc.strerror}", "file_unreadable")]
        ) from None
    return parse_case_text(raw, today)


def case_to_json_text(case: Case) -> str:
    """The case as pretty JSON text in the contract format."""
    return json.dumps(case.to_contract_json(), indent=2, ensure_ascii=False) + "\n"
