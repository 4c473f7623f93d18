"""What a clinician types (netlogic.model.entry): a number has one reading or is refused, in
English and in French; a typed date is YYYY-MM-DD (or DD/MM/YYYY in French), never moved."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netlogic.model.entry import EntryError, format_decimal, parse_decimal, parse_entry_date


@pytest.mark.parametrize(
    ("typed", "lang", "read"),
    [
        # Decimal point, as English writes it.
        ("8.5", "en", 8.5),
        # Decimal comma in an English session: the same 8.5, never 85.
        ("8,5", "en", 8.5),
        # French writes the comma...
        ("8,5", "fr", 8.5),
        # ... and sometimes the point.
        ("8.5", "fr", 8.5),
        # A whole number, spaces around it.
        (" 64 ", "en", 64.0),
        # Spaces grouping thousands (French and spreadsheet habit).
        ("1 250", "fr", 1250.0),
        ("1\u202f250,5", "fr", 1250.5),
        # "0,125": no thousands reading is possible.
        ("0,125", "en", 0.125),
        # Three decimals after a comma are a decimal in French.
        ("1,250", "fr", 1.25),
        # Three decimals after a point are a decimal in English.
        ("1.250", "en", 1.25),
        # Spreadsheet scientific notation.
        ("1,05E-3", "fr", 0.00105),
        # A leading separator.
        (",5", "en", 0.5),
        # Blank: not given.
        ("", "en", None),
    ],
)
def test_numbers_with_one_reading_are_read(typed: str, lang: str, read: float | None) -> None:
    assert parse_decimal(typed, lang) == read


@pytest.mark.parametrize(
    ("typed", "lang", "key"),
    [
        # Letters: "12a" was silently read as 12.
        ("12a", "en", "not_a_number"),
        ("12a", "fr", "not_a_number"),
        # A unit typed in the field.
        ("8.5%", "en", "not_a_number"),
        # 1250 or 1.25? An English comma may group thousands.
        ("1,250", "en", "ambiguous_separator"),
        # 1250 or 1,25? A point groups thousands next door to France.
        ("1.250", "fr", "ambiguous_separator"),
        # Two separators.
        ("1,250.5", "en", "mixed_separators"),
        # Spaces that do not group thousands.
        ("12 5", "fr", "not_a_number"),
        # Two signs, a lone separator.
        ("+-3", "en", "not_a_number"),
        (".", "en", "not_a_number"),
    ],
)
def test_numbers_without_one_reading_are_refused(typed: str, lang: str, key: str) -> None:
    with pytest.raises(EntryError) as caught:
        parse_decimal(typed, lang)
    assert caught.value.key == key


def test_a_comma_from_a_semicolon_file_is_a_decimal() -> None:
    # A French spreadsheet (semicolons) can only mean a decimal comma, even in English.
    assert parse_decimal("1,250", "en", comma_is_decimal=True) == 1.25


def test_the_refusal_names_both_readings() -> None:
    from netlogic.reference.i18n import translator

    with pytest.raises(EntryError) as caught:
        parse_decimal("1,250", "en")
    assert caught.value.message(translator("en")) == (
        "'1,250' could be read as 1250 or as 1.250: type 1250 or 1.250"
    )


@pytest.mark.parametrize(
    ("value", "lang", "shown"),
    [
        (8.5, "en", "8.5"),
        (8.5, "fr", "8,5"),
        (64.0, "en", "64"),
        (None, "fr", ""),
        (1e-07, "en", "0.0000001"),
    ],
)
def test_numbers_are_shown_as_a_clinician_types_them(
    value: float | None, lang: str, shown: str
) -> None:
    assert format_decimal(value, lang) == shown


@given(
    value=st.floats(min_value=0, max_value=1e9, allow_nan=False, allow_infinity=False),
    lang=st.sampled_from(["en", "fr"]),
)
def test_a_shown_number_reads_back_as_the_same_number(value: float, lang: str) -> None:
    assert parse_decimal(format_decimal(value, lang), lang) == value


@given(
    text=st.one_of(
        st.text(max_size=20),
        st.text(alphabet="0123456789,. -+eE\u00a0", max_size=12),
    ),
    lang=st.sampled_from(["en", "fr"]),
)
def test_any_text_is_read_as_typed_or_refused(text: str, lang: str) -> None:
    try:
        read = parse_decimal(text, lang)
    except EntryError as exc:
        assert exc.key  # refused, with a reason to show
        return
    # Whatever is accepted is the typed digits with its one separator as the decimal point:
    # "8,5" is 8.5, never 85.
    typed = "".join(text.split()).replace(",", ".")
    assert read == (float(typed) if typed else None)


@pytest.mark.parametrize(
    ("typed", "lang", "read"),
    [
        # ISO, in both languages.
        ("2025-01-10", "en", date(2025, 1, 10)),
        ("2025-01-10", "fr", date(2025, 1, 10)),
        # Day first, as French reports write it.
        ("10/01/2025", "fr", date(2025, 1, 10)),
        ("10.01.2025", "fr", date(2025, 1, 10)),
        ("", "en", None),
    ],
)
def test_dates_are_read_as_written(typed: str, lang: str, read: date | None) -> None:
    assert parse_entry_date(typed, lang) == read


@pytest.mark.parametrize(
    ("typed", "lang", "key"),
    [
        # 03/04/2025 is April in London and March in Boston: refused in English.
        ("03/04/2025", "en", "date_format"),
        # Not on the calendar: refused, never moved to 2 March.
        ("2025-02-30", "en", "date_not_real"),
        ("30/02/2025", "fr", "date_not_real"),
        # What the browser's date editor made of 2025-01-10.
        ("50110-01-10", "en", "date_format"),
        # Two-digit years are not guessed.
        ("10/01/25", "fr", "date_format"),
    ],
)
def test_dates_without_one_reading_are_refused(typed: str, lang: str, key: str) -> None:
    with pytest.raises(EntryError) as caught:
        parse_entry_date(typed, lang)
    assert caught.value.key == key
