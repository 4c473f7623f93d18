"""Input bounds: the largest number, text, list, file and unknown field a case may carry.

One table, :data:`INPUT_BOUNDS`, documented in docs/limits.md (a test keeps the two equal).
These are engineering bounds, not clinical thresholds (those live in data/thresholds.yaml with
their sources): each is far above anything a real case holds, and low enough that every
figure computed from an accepted case stays finite and every store, export and page can hold
it. The contract's own ranges (Ki-67 0-100, age 0-120, ECOG 0-4) are applied as written; the
contract examples sit well inside every bound here.

Also here, because every reader of user input needs them: what makes a text unacceptable
(:func:`text_problem`) and how a refused value is echoed back (:func:`shown`, never longer than
:data:`ECHO_CHARS`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True)
class InputBound:
    value: float | int | date
    unit: str
    why: str


INPUT_BOUNDS: dict[str, InputBound] = {
    # Numbers (the contract's own ranges are in netlogic.model.case).
    "sum_diameters_mm_max": InputBound(2000, "mm", "RECIST sum of target lesions: 2 m"),
    "primary_size_mm_max": InputBound(2000, "mm", "size of the primary: 2 m"),
    "marker_value_max": InputBound(10**9, "unit of the marker", "marker value and its ULN"),
    "mitotic_count_max": InputBound(1000, "per 2 mm2", "mitoses per 2 mm2"),
    "cycles_max": InputBound(1000, "cycles", "cycles of one treatment line"),
    "stable_months_max": InputBound(1440, "months", "months without progression (120 years)"),
    # Dates (the contract refuses dates after the evaluation date).
    "date_min": InputBound(date(1900, 1, 1), "date", "earliest date in a case"),
    "today_min": InputBound(date(1980, 1, 1), "date", "earliest evaluation date (--today)"),
    "today_max": InputBound(date(2099, 12, 31), "date", "latest evaluation date (--today)"),
    # Text (characters). Only free-text notes may hold line breaks.
    "unit_chars": InputBound(64, "characters", "marker unit (with a method or laboratory note)"),
    "agent_chars": InputBound(200, "characters", "agent and schedule of a treatment line"),
    "note_chars": InputBound(2000, "characters", "note of an imaging study"),
    "meeting_question_chars": InputBound(2000, "characters", "question for the meeting"),
    "notes_chars": InputBound(20000, "characters", "free-text clinical notes"),
    # Lists.
    "markers_max": InputBound(5000, "values", "marker values in one case"),
    "imaging_max": InputBound(1000, "studies", "imaging studies in one case"),
    "treatments_max": InputBound(200, "lines", "treatment lines in one case"),
    "small_list_max": InputBound(50, "entries", "metastatic sites, comorbidities"),
    "sequence_steps_max": InputBound(20, "therapies", "lines in one planned sequence"),
    # Unknown keys (the contract lets other tools add fields; they are kept, within bounds).
    "unknown_keys_max": InputBound(50, "keys", "unknown keys in one object"),
    "unknown_depth_max": InputBound(8, "levels", "nesting of one unknown field's value"),
    "unknown_items_max": InputBound(1000, "values", "values inside one unknown field"),
    "unknown_text_chars": InputBound(2000, "characters", "one text or key in an unknown field"),
    # Files and messages.
    "case_file_bytes": InputBound(2_000_000, "bytes", "case file (JSON)"),
    "import_bytes": InputBound(2_000_000, "bytes", "CSV file or pasted text"),
    "number_digits": InputBound(30, "digits", "digits of one integer written in a JSON file"),
    # Every float, written out without an exponent (0.000...5e-324), fits in 400 characters.
    "typed_number_chars": InputBound(400, "characters", "one number typed or in a CSV cell"),
    "problems_shown": InputBound(20, "problems", "problems listed before '... and N more'"),
    "echo_chars": InputBound(80, "characters", "a refused value echoed in a message"),
}


def _int(name: str) -> int:
    value = INPUT_BOUNDS[name].value
    assert isinstance(value, int)
    return value


def _date(name: str) -> date:
    value = INPUT_BOUNDS[name].value
    assert isinstance(value, date)
    return value


SUM_DIAMETERS_MM_MAX = _int("sum_diameters_mm_max")
PRIMARY_SIZE_MM_MAX = _int("primary_size_mm_max")
MARKER_VALUE_MAX = _int("marker_value_max")
MITOTIC_COUNT_MAX = _int("mitotic_count_max")
CYCLES_MAX = _int("cycles_max")
STABLE_MONTHS_MAX = _int("stable_months_max")
DATE_MIN = _date("date_min")
TODAY_MIN = _date("today_min")
TODAY_MAX = _date("today_max")
UNIT_CHARS = _int("unit_chars")
AGENT_CHARS = _int("agent_chars")
NOTE_CHARS = _int("note_chars")
MEETING_QUESTION_CHARS = _int("meeting_question_chars")
NOTES_CHARS = _int("notes_chars")
MARKERS_MAX = _int("markers_max")
IMAGING_MAX = _int("imaging_max")
TREATMENTS_MAX = _int("treatments_max")
SMALL_LIST_MAX = _int("small_list_max")
SEQUENCE_STEPS_MAX = _int("sequence_steps_max")
UNKNOWN_KEYS_MAX = _int("unknown_keys_max")
UNKNOWN_DEPTH_MAX = _int("unknown_depth_max")
UNKNOWN_ITEMS_MAX = _int("unknown_items_max")
UNKNOWN_TEXT_CHARS = _int("unknown_text_chars")
CASE_FILE_BYTES = _int("case_file_bytes")
IMPORT_BYTES = _int("import_bytes")
NUMBER_DIGITS = _int("number_digits")
TYPED_NUMBER_CHARS = _int("typed_number_chars")
PROBLEMS_SHOWN = _int("problems_shown")
ECHO_CHARS = _int("echo_chars")

# Unicode category Cc is exactly U+0000-U+001F and U+007F-U+009F; a note may hold line breaks.
_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_CONTROL_BUT_LINE_BREAKS = re.compile("[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def text_problem(text: str, multiline: bool = False) -> str | None:
    """Why ``text`` cannot be stored, as a code, or None when it can.

    ``surrogate``: a lone UTF-16 half (``\\ud800``) is not a character; it cannot be written
    as UTF-8, so a store or a terminal fails on it later. ``nul``: PostgreSQL text cannot hold
    U+0000. ``control``: other control characters (and line breaks outside notes) corrupt
    tables and one-line displays; a tab is refused too (it is a cell separator in a paste).
    """
    if _SURROGATE.search(text):
        return "surrogate"
    if "\x00" in text:
        return "nul"
    if (_CONTROL_BUT_LINE_BREAKS if multiline else _CONTROL).search(text):
        return "control"
    return None


def shown(value: Any, limit: int | None = None) -> str:
    """``value`` as echoed in a message: its repr, cut to ``limit`` characters with an
    ellipsis and the full length, so a 10 MB value is never sent back to the user."""
    cap = limit or ECHO_CHARS
    text = repr(value)
    if len(text) <= cap:
        return text
    return f"{text[: cap - 1]}… ({len(text)} characters)"


def cut(text: str, limit: int | None = None) -> str:
    """``text`` shown as a name (no quotes), cut to ``limit`` characters with an ellipsis."""
    cap = limit or ECHO_CHARS
    return text if len(text) <= cap else f"{text[: cap - 1]}…"
