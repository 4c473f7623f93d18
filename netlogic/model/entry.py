"""What a clinician types: numbers with a decimal comma or point, dates, in either language.

Engineering notes, "A clinician's data is sacred": "8,5" is 8.5 or a clear refusal, never 85;
"12a" is refused, never read as 12. A typed number is read only when it has one reading:

* one decimal separator, a point or a comma, in both languages ("8.5" and "8,5" are 8.5);
* spaces between groups of three digits are thousands separators ("1 250" is 1250);
* "1,250" in English could be one thousand two hundred and fifty or 1.25 (and "1.250" in
  French, where a point groups thousands in some neighbouring countries): refused, with the
  two readings named, so the clinician writes the one meant;
* a comma and a point together ("1,250.5") are refused for the same reason;
* scientific notation as spreadsheets write it ("1.05E-15") is read as written;
* anything else (letters, units, two separators) is refused: nothing is guessed.

Dates are written YYYY-MM-DD everywhere on screen. A pasted French lab report may also write
DD/MM/YYYY (a day first is the only French reading); in English that spelling is refused,
since 03/04/2025 is the 3rd of April in London and the 4th of March in Boston.

Refusals are :class:`EntryError` with a message key and parameters
(``data/i18n/case.<lang>.yaml``), so each caller words them in the session's language.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from netlogic.model.bounds import TYPED_NUMBER_CHARS, shown
from netlogic.reference.i18n import DECIMAL_COMMA_LANGUAGES, Translator

# Spaces that spreadsheets and French typing put between digit groups.
_SPACES = str.maketrans("", "", " \u00a0\u202f\u2009")
_GROUPED = re.compile(r"^[+-]?\d{1,3}([ \u00a0\u202f\u2009]\d{3})+([.,]\d+)?$")
_NUMBER = re.compile(r"^([+-]?)(\d*)([.,]?)(\d*)$")
# Spreadsheets write very small or large values as 1.05E-15: one reading, kept.
_EXPONENT = re.compile(r"^([+-]?\d+)(?:([.,])(\d+))?[eE]([+-]?\d{1,3})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_DAY_FIRST = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")


class EntryError(ValueError):
    """A typed value that has no single reading; ``key``/``params`` word it (entry.*)."""

    def __init__(self, key: str, **params: Any) -> None:
        self.key = key
        self.params = params
        super().__init__(f"{key} {params}")

    def message(self, t: Translator) -> str:
        return t(f"entry.{self.key}", **self.params)


def parse_decimal(text: str, lang: str = "en", comma_is_decimal: bool = False) -> float | None:
    """The number typed in ``text`` (None when blank), or EntryError when it is not one number.

    ``comma_is_decimal``: the text comes from a file whose commas can only be decimal
    separators (a semicolon-separated French spreadsheet), so "1,250" is 1.25 there.
    """
    raw = text.strip()
    if not raw:
        return None
    if len(raw) > TYPED_NUMBER_CHARS:
        # No measurement needs more digits; a pasted page must not be echoed or parsed.
        raise EntryError("not_a_number", given=shown(raw))
    compact = raw
    if any(s in raw for s in " \u00a0\u202f\u2009"):
        if not _GROUPED.match(raw):
            raise EntryError("not_a_number", given=shown(raw))
        compact = raw.translate(_SPACES)
    exponent = _EXPONENT.match(compact)
    if exponent is not None:
        whole, _separator, fraction, power = exponent.groups()
        return float(f"{whole}.{fraction or '0'}e{power}")
    if "," in compact and "." in compact:
        raise EntryError("mixed_separators", given=shown(raw))
    match = _NUMBER.match(compact)
    if match is None or not (match.group(2) or match.group(4)):
        raise EntryError("not_a_number", given=shown(raw))
    sign, whole, separator, fraction = match.groups()
    if separator and not fraction and not whole:
        raise EntryError("not_a_number", given=shown(raw))
    if separator and len(fraction) == 3 and whole.strip("0") and compact == raw:
        # "1,250" / "1.250": a thousands separator or a decimal one, depending on who wrote it.
        french = lang in DECIMAL_COMMA_LANGUAGES
        point = "." if lang not in DECIMAL_COMMA_LANGUAGES else ","
        decimal_here = (separator == "," and (french or comma_is_decimal)) or (
            separator == "." and not french and not comma_is_decimal
        )
        if not decimal_here:
            raise EntryError(
                "ambiguous_separator",
                given=shown(raw),
                thousands=f"{sign}{whole}{fraction}",
                decimal=f"{sign}{whole}{point}{fraction}",
            )
    return float(f"{sign}{whole or '0'}.{fraction or '0'}")


def format_decimal(value: float | int | None, lang: str = "en") -> str:
    """A stored number as the clinician would type it back: 8.5 -> '8.5' ('8,5' in French);
    64.0 -> '64' (no trailing '.0'); None -> ''. Every digit kept (repr), nothing rounded."""
    if value is None:
        return ""
    # repr is the shortest text that reads back as the same float; Decimal writes it out
    # without an exponent (1e-07 -> 0.0000001).
    text = format(Decimal(repr(value)), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",") if lang in DECIMAL_COMMA_LANGUAGES else text


def parse_entry_date(text: str, lang: str = "en") -> date | None:
    """A typed date: YYYY-MM-DD in both languages, and DD/MM/YYYY in French (None if blank).

    A date that is not on the calendar (2025-02-30) is refused, never moved to another day.
    """
    raw = text.strip()
    if not raw:
        return None
    iso = _ISO_DATE.match(raw)
    day_first = _DAY_FIRST.match(raw) if lang in DECIMAL_COMMA_LANGUAGES else None
    if iso is not None:
        year, month, day = (int(g) for g in iso.groups())
    elif day_first is not None:
        day, month, year = (int(g) for g in day_first.groups())
    else:
        raise EntryError("date_format", given=shown(raw))
    try:
        return date(year, month, day)
    except ValueError:
        raise EntryError("date_not_real", given=shown(raw)) from None
