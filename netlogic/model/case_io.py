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

from netlogic.model.case import Case
from netlogic.model.entry import EntryError, parse_decimal
from netlogic.reference.i18n import Translator, translator

# Field names in words and the messages live in data/i18n/validation.<lang>.yaml: the CLI
# speaks English (contract), the app the clinician's language.
_CUSTOM_CODES = frozenset(
    {"date_format", "date_not_real", "date_in_future", "end_before_start", "number", "bool"}
)


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


def field_words(loc: tuple[int | str, ...], t: Translator | None = None) -> str:
    """('markers', 0, 'value') -> 'marker 1, value' (what a clinician calls the field)."""
    t = t or Translator()
    words: list[str] = []
    for part in loc:
        if isinstance(part, int):
            if words:
                words[-1] = f"{words[-1]} {part + 1}"
        elif part in ("tumour", "disease", "patient") and len(loc) > 1:
            continue
        else:
            key = f"validation.field.{part}"
            known = t(key)
            words.append(part.replace("_", " ") if known == key else known)
    return ", ".join(words) or t("validation.field.case")


def _join(message: str) -> str:
    return message if message.startswith(",") else f" {message}"


def _shown(value: Any) -> str:
    # 150.0 typed as 150 is shown as 150; text keeps its quotes ('12a').
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def _describe(error: ErrorDetails, t: Translator) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    given = error.get("input")
    if kind == "number" and isinstance(given, str):
        # Text in a number field is what the clinician typed and could not be read as one
        # number (netlogic.model.entry): say why ("could be read as 1250 or as 1.25").
        try:
            parse_decimal(given, t.lang)
        except EntryError as exc:
            return f", {exc.message(t)}"
    if kind in _CUSTOM_CODES:
        return t(f"validation.{kind}", **{k: str(v) for k, v in ctx.items()})
    if kind == "missing" or (kind == "enum" and given is None):
        # An empty table cell reaches the model as None: "required", not "None is not allowed".
        return t("validation.missing")
    if kind == "enum":
        return t("validation.enum", given=_shown(given), expected=ctx.get("expected", ""))
    if kind == "literal_error":
        return t("validation.literal_error", given=_shown(given), expected=ctx.get("expected", ""))
    if kind in ("less_than_equal", "less_than"):
        bound = ctx.get("le", ctx.get("lt"))
        key = "validation.at_most" if kind == "less_than_equal" else "validation.below"
        return t(key, bound=bound, given=_shown(given))
    if kind in ("greater_than_equal", "greater_than"):
        bound = ctx.get("ge", ctx.get("gt"))
        if bound == 0 and kind == "greater_than_equal":
            return t("validation.not_negative", given=_shown(given))
        key = "validation.at_least" if kind == "greater_than_equal" else "validation.greater_than"
        return t(key, bound=bound, given=_shown(given))
    if kind == "finite_number":
        return t("validation.finite_number")
    if kind == "string_pattern_mismatch":
        return t("validation.id_pattern")
    if kind == "int_from_float":
        return t("validation.whole_number", given=_shown(given))
    if kind in ("float_parsing", "float_type", "int_parsing", "int_type"):
        return t("validation.number", given=_shown(given))
    if kind in ("bool_parsing", "bool_type"):
        return t("validation.bool", given=_shown(given))
    if kind == "string_type":
        return t("validation.text", given=_shown(given))
    if kind == "list_type":
        return t("validation.list")
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return t("validation.object")
    if kind == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    return str(error["msg"])


def problems_from_validation_error(
    exc: ValidationError, t: Translator | None = None
) -> list[FieldProblem]:
    t = t or Translator()
    problems = []
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        # Pydantic adds the enum/literal class name as a loc part for tagged unions; drop it.
        loc = tuple(p for p in loc if not (isinstance(p, str) and p.startswith("function-")))
        words = field_words(loc, t)
        problems.append(
            FieldProblem(
                field=field_path(loc),
                # "marker 1, date lies in the future"; a message may start with its own comma.
                message=f"{words}{_join(_describe(error, t))}",
                code=str(error["type"]),
            )
        )
    return problems


def parse_case(data: Any, today: date | None = None, lang: str = "en") -> Case:
    """Validate a decoded JSON value as a case; raise CaseValidationError listing all problems
    (messages in ``lang``: English for the command line, the session's language in the app)."""
    t = translator(lang)
    if not isinstance(data, dict):
        raise CaseValidationError([FieldProblem("case", t("validation.case_object"), "model_type")])
    try:
        return Case.model_validate(data, context={"today": today or date.today()})
    except ValidationError as exc:
        raise CaseValidationError(problems_from_validation_error(exc, t)) from None
    except RecursionError:
        raise CaseValidationError(
            [FieldProblem("case", t("validation.too_deep"), "too_deep")]
        ) from None


# The sections of a case whose fields a form shows one widget each.
_FIELD_SECTIONS = ("patient", "tumour", "disease")


def drop_not_given(data: dict[str, Any]) -> dict[str, Any]:
    """A case as entered on screen -> the JSON to validate: a field left "not given" (None)
    takes the contract's default (``unknown``, ``false``, empty) instead of being refused;
    a required field left empty (``tumour.primary_site``) is then reported as required."""
    out = {k: v for k, v in data.items() if v is not None or k not in ("id", "schema_version")}
    for section in _FIELD_SECTIONS:
        fields = data.get(section)
        if isinstance(fields, dict):
            out[section] = {k: v for k, v in fields.items() if v is not None}
    return out


def check_draft(
    data: dict[str, Any], today: date | None = None, lang: str = "en"
) -> tuple[Case | None, list[FieldProblem]]:
    """Validate a case as entered on screen: (the case, []) or (None, every problem)."""
    try:
        return parse_case(drop_not_given(data), today, lang), []
    except CaseValidationError as exc:
        return None, exc.problems


def parse_case_text(text: str | bytes, today: date | None = None, lang: str = "en") -> Case:
    """Decode JSON text and validate it; a file that is not JSON is a problem like any other."""
    t = translator(lang)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        message = t("validation.json_error", line=exc.lineno, column=exc.colno, msg=exc.msg)
        raise CaseValidationError([FieldProblem("file", message, "json_invalid")]) from None
    except (UnicodeDecodeError, RecursionError):
        raise CaseValidationError(
            [FieldProblem("file", t("validation.json_invalid"), "json_invalid")]
        ) from None
    return parse_case(data, today, lang)


def load_case_file(path: str | Path, today: date | None = None) -> Case:
    """Read and validate a case file; an unreadable file is reported like bad content."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise CaseValidationError(
            [
                FieldProblem(
                    "file",
                    Translator()("validation.file_unreadable", path=path, reason=exc.strerror),
                    "file_unreadable",
                )
            ]
        ) from None
    return parse_case_text(raw, today)


def case_to_json_text(case: Case) -> str:
    """The case as pretty JSON text in the contract format."""
    return json.dumps(case.to_contract_json(), indent=2, ensure_ascii=False) + "\n"
