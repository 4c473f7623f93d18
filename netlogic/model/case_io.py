"""Reading a case from JSON text or a dict, with every problem reported in words.

Bad input never escapes as a traceback: :func:`parse_case` raises
:class:`CaseValidationError`, which lists each problem with the field's path, its name in
words and what is wrong (contract, "Bad input"). The CLI prints them and exits 2; the app
shows them next to the fields and keeps what the clinician typed.
"""

from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from netlogic.model.bounds import CASE_FILE_BYTES, PROBLEMS_SHOWN, shown
from netlogic.model.case import Case
from netlogic.model.entry import EntryError, parse_decimal
from netlogic.model.strict_json import JsonRefusal, decode
from netlogic.model.unknown_fields import unknown_field_refusals
from netlogic.reference.i18n import Translator, translator

# Field names in words and the messages live in data/i18n/validation.<lang>.yaml: the CLI
# speaks English (contract), the app the clinician's language.
_CUSTOM_CODES = frozenset(
    {
        "date_format",
        "date_not_real",
        "date_in_future",
        "date_too_early",
        "end_before_start",
        "number",
        "number_too_long",
        "bool",
        "gastric_type",
        "text_surrogate",
        "text_nul",
        "text_control",
    }
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
    """A case that cannot be accepted; ``problems`` lists every reason, not only the first
    (up to :data:`~netlogic.model.bounds.PROBLEMS_SHOWN`, then a count: see :func:`capped`)."""

    def __init__(self, problems: list[FieldProblem]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


def capped(
    problems: list[FieldProblem], t: Translator, total: int | None = None
) -> list[FieldProblem]:
    """The first PROBLEMS_SHOWN problems and one line counting the rest: 100,000 bad markers
    give 21 lines, not 300,000. ``total``: the count when ``problems`` is already cut."""
    count = len(problems) if total is None else total
    if count <= PROBLEMS_SHOWN:
        return problems
    rest = count - PROBLEMS_SHOWN
    more = FieldProblem("case", t("validation.more_problems", count=rest), "more_problems")
    return [*problems[:PROBLEMS_SHOWN], more]


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
    return shown(value)


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
    if kind == "too_long" and "max_length" in ctx:
        return t("validation.list_too_long", bound=ctx["max_length"])
    if kind == "string_unicode":  # a lone surrogate, refused by pydantic before our check
        return t("validation.text_surrogate")
    if kind == "string_too_long":
        return t("validation.text_too_long", bound=ctx.get("max_length", ""))
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
    # Only the problems that will be shown are worded (capped() counts the rest).
    for error in exc.errors(include_url=False)[: PROBLEMS_SHOWN + 1]:
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
    unknown = [
        FieldProblem(field_path(loc), f"{field_words(loc, t)}{_join(_worded(code, ctx, t))}", code)
        for loc, code, ctx in unknown_field_refusals(data)
    ]
    try:
        case = Case.model_validate(data, context={"today": today or date.today()})
    except ValidationError as exc:
        found = unknown + problems_from_validation_error(exc, t)
        raise CaseValidationError(capped(found, t, len(unknown) + exc.error_count())) from None
    except RecursionError:
        raise CaseValidationError(
            [FieldProblem("case", t("validation.too_deep"), "too_deep")]
        ) from None
    if unknown:
        raise CaseValidationError(capped(unknown, t))
    return case


def _worded(code: str, params: dict[str, Any], t: Translator) -> str:
    return t(f"validation.{code}", **{k: str(v) for k, v in params.items()})


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
    if len(text) > CASE_FILE_BYTES:
        # An upload in the app arrives as bytes, not as a path: the same cap as a file.
        message = t("validation.case_too_big", bytes=CASE_FILE_BYTES)
        raise CaseValidationError([FieldProblem("file", message, "file_too_big")])
    try:
        data = decode(text)
    except JsonRefusal as exc:
        message = _worded(f"json_{exc.code}", exc.params, t)
        raise CaseValidationError([FieldProblem("file", message, f"json_{exc.code}")]) from None
    except json.JSONDecodeError as exc:
        message = t("validation.json_error", line=exc.lineno, column=exc.colno, msg=exc.msg)
        raise CaseValidationError([FieldProblem("file", message, "json_invalid")]) from None
    except (UnicodeDecodeError, RecursionError):
        raise CaseValidationError(
            [FieldProblem("file", t("validation.json_invalid"), "json_invalid")]
        ) from None
    return parse_case(data, today, lang)


def read_input_file(path: str | Path, cap: int = CASE_FILE_BYTES, lang: str = "en") -> bytes:
    """The bytes of a regular file of at most ``cap`` bytes, else CaseValidationError.

    Opened without blocking (a FIFO would otherwise wait forever for a writer) and checked
    with fstat on the open descriptor (no race between the check and the read): directories,
    FIFOs, devices and sockets are refused, and so is a symlink to /dev/zero. At most
    ``cap + 1`` bytes are read, so a file that grows while read cannot exhaust memory either.
    """
    t = translator(lang)

    def refusal(key: str, **params: Any) -> CaseValidationError:
        message = t(f"validation.{key}", path=shown(str(path)), **params)
        return CaseValidationError([FieldProblem("file", message, key)])

    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else str(exc)
        raise refusal("file_unreadable", reason=reason) from None
    chunks: list[bytes] = []
    size = 0
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise refusal("file_not_regular")
        if info.st_size > cap:
            raise refusal("file_too_big", bytes=cap)
        while size <= cap:
            chunk = os.read(fd, min(1 << 16, cap + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise refusal("file_unreadable", reason=exc.strerror) from None
    finally:
        os.close(fd)
    if size > cap:
        raise refusal("file_too_big", bytes=cap)
    return b"".join(chunks)


def load_case_file(path: str | Path, today: date | None = None) -> Case:
    """Read and validate a case file; an unreadable file is reported like bad content."""
    return parse_case_text(read_input_file(path), today)


def case_to_json_text(case: Case) -> str:
    """The case as pretty JSON text in the contract format."""
    text = json.dumps(case.to_contract_json(), indent=2, ensure_ascii=False, allow_nan=False)
    return text + "\n"
