"""Unit spellings, conversion factors and series splitting (data/units.yaml)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netlogic.model.case import MarkerValue
from netlogic.model.units import (
    UnitTableError,
    canonical_unit,
    conversion,
    display_unit,
    load_unit_table,
    marker_of,
    split_series,
    unit_key,
)
from netlogic.model.vocabulary import MarkerName

# (spelling as typed, expected normalised key)
SPELLINGS = [
    # Micro sign, Greek mu and "u" are the same prefix.
    ("µg/L", "ug/l"),
    ("μg/L", "ug/l"),
    ("mcg/L", "ug/l"),
    # Case and spaces do not matter.
    (" NG / ML ", "ng/ml"),
    # "24 h", "24hr", "24 hours" and "day" are the same collection period.
    ("µmol/24 h", "umol/24h"),
    ("umol/24hrs", "umol/24h"),
    ("mg/24 hours", "mg/24h"),
    ("mg/day", "mg/24h"),
    # /dL is a volume, not a day.
    ("ug/dL", "ug/dl"),
]


@pytest.mark.parametrize(("typed", "key"), SPELLINGS)
def test_unit_key(typed: str, key: str) -> None:
    assert unit_key(typed) == key


# (marker, unit as typed, expected canonical unit and factor or None)
CONVERSIONS: list[tuple[str, str, tuple[str, float] | None]] = [
    # Chromogranin A: ng/mL = ug/L.
    ("chromogranin_a", "ug/L", ("ng/mL", 1.0)),
    # U/L is another assay: never converted.
    ("chromogranin_a", "U/L", None),
    # 5-HIAA: 1 mg = 5.23 umol.
    ("u5hiaa", "mg/24h", ("umol/24h", 5.23)),
    ("u5hiaa", "µmol/24 h", ("umol/24h", 1.0)),
    # NT-proBNP: ng/L = pg/mL, pmol/L x 8.457.
    ("nt_probnp", "ng/L", ("pg/mL", 1.0)),
    ("nt_probnp", "pmol/l", ("pg/mL", 8.457)),
    # No canonical unit for NSE: nothing is converted.
    ("nse", "ng/mL", None),
]


@pytest.mark.parametrize(("name", "unit", "expected"), CONVERSIONS)
def test_conversion(name: str, unit: str, expected: tuple[str, float] | None) -> None:
    got = conversion(name, unit)
    assert (None if got is None else (got.unit, got.factor)) == expected


def test_display_unit_uses_table_spelling() -> None:
    assert display_unit("UG/l") == "ug/L"
    assert display_unit("kU / l") == "kU/l"  # unknown to the table: tidied, case kept


def test_bad_unit_table_reports_every_problem(tmp_path: Path) -> None:
    bad = tmp_path / "units.yaml"
    bad.write_text(
        "review: {written_by: a, changed: 2026-12-02, next_review: 2027-11-01}\n"
        "spellings: [ng/mL]\nmarkers:\n"
        "  chromogranin_a: {canonical: ng/mL, factors: {ng/mL: 2, ug/L: -1},"
        " sources: [s], reason: r}\n",
        encoding="utf-8",
    )
    with pytest.raises(UnitTableError) as caught:
        load_unit_table(bad)
    assert len(caught.value.problems) == 3  # factor != 1, factor <= 0, spelling unknown


def test_production_table_loads() -> None:
    table = load_unit_table()
    assert set(table.markers) == {
        MarkerName.CHROMOGRANIN_A,
        MarkerName.U5HIAA,
        MarkerName.NT_PROBNP,
    }


# Property tests: series splitting never loses, merges or invents a value.
UNITS = st.sampled_from(
    [
        *("ng/mL", "ug/L", "µg/l", "U/L", "u/l", "mg/24h", "umol/24 h", "pmol/L", "pg/mL"),
        *("ng/L", "nmol/L", "", "IU/L", "iu/l", "kU/L"),
    ]
)
NAMES = st.sampled_from(list(MarkerName))
VALUES = st.builds(
    MarkerValue,
    date=st.integers(0, 4000).map(lambda d: date(2014, 1, 1) + timedelta(days=d)),
    name=NAMES,
    value=st.floats(0, 1e5, allow_nan=False),
    unit=UNITS,
    uln=st.none() | st.floats(0.1, 1e4),
)


@given(st.lists(VALUES, max_size=40))
def test_every_value_lands_in_exactly_one_series(values: list[MarkerValue]) -> None:
    series = split_series(values)
    orders = sorted(p.order for points in series.values() for p in points)
    assert orders == list(range(len(values)))


@given(st.lists(VALUES, max_size=40))
def test_a_series_has_one_marker_one_unit_and_is_sorted(values: list[MarkerValue]) -> None:
    for key, points in split_series(values).items():
        assert len({p.unit for p in points}) == 1
        assert all(values[p.order].name is marker_of(key) for p in points)
        assert [(p.date, p.order) for p in points] == sorted((p.date, p.order) for p in points)


@given(st.lists(VALUES, max_size=40))
def test_values_are_converted_only_by_table_factors(values: list[MarkerValue]) -> None:
    for key, points in split_series(values).items():
        marker = marker_of(key)
        for p in points:
            rule = conversion(marker, p.original_unit)
            if "@" not in key and canonical_unit(marker) is not None:
                # Only convertible units join the canonical series (CgA U/L never does).
                assert rule is not None
                assert p.value == pytest.approx(p.original_value * rule.factor)
            else:
                assert rule is None or canonical_unit(marker) is None
                assert p.value == p.original_value


@given(st.lists(VALUES, max_size=40), st.randoms(use_true_random=False))
def test_splitting_ignores_list_order_except_for_ties(
    values: list[MarkerValue], rnd: random.Random
) -> None:
    # Keys depend on dates and units, not on how the list was typed, when dates are distinct.
    by_date = {v.date: v for v in values}
    distinct = list(by_date.values())
    shuffled = distinct[:]
    rnd.shuffle(shuffled)
    assert list(split_series(distinct)) == list(split_series(shuffled))


@given(st.text(max_size=20))
def test_unit_key_is_idempotent(text: str) -> None:
    assert unit_key(unit_key(text)) == unit_key(text)


# (values as (date, unit), expected series keys) for a marker without a canonical unit
SAME_QUANTITY: list[tuple[str, list[tuple[str, str]], list[str]]] = [
    # NSE reported in ng/mL by one laboratory and ug/L by another: the same quantity.
    ("nse", [("2024-01-01", "ng/mL"), ("2024-04-01", "ug/L")], ["nse"]),
    # Insulin in uIU/mL then mU/L: 1 uIU/mL is 1 mU/L, one curve.
    ("insulin", [("2024-01-01", "uIU/mL"), ("2024-04-01", "mU/L")], ["insulin"]),
    # Gastrin in pg/mL then pmol/L: different quantities, kept apart.
    ("gastrin", [("2024-01-01", "pg/mL"), ("2024-04-01", "pmol/L")], ["gastrin", "gastrin@pmol/L"]),
]


@pytest.mark.parametrize(("name", "values", "keys"), SAME_QUANTITY)
def test_spellings_of_one_quantity_share_a_series(
    name: str, values: list[tuple[str, str]], keys: list[str]
) -> None:
    markers = [
        MarkerValue.model_validate({"date": d, "name": name, "value": 10, "unit": u})
        for d, u in values
    ]
    series = split_series(markers)
    assert list(series) == keys
    assert all(p.value == 10 for points in series.values() for p in points)  # factor 1
