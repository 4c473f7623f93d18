"""Marker kinetics per series: doubling time, change from baseline, units, ULN, confounders.

Rows are worked examples: marker values (date, value, unit), the expected figure, and why.
"""

from __future__ import annotations

import math
from typing import Any

import pytest

from netlogic.model.case import Case
from netlogic.reference.i18n import Translator
from netlogic.trends.markers import CGA_ON_PPI
from netlogic.trends.summary import compute_trends, marker_tables


def value(day: str, v: float, unit: str = "ng/mL", name: str = "chromogranin_a", **extra: Any):
    return {"date": day, "name": name, "value": v, "unit": unit, **extra}


def make_case(
    markers: list[dict[str, Any]], lines: list[dict[str, Any]] | None = None, **fields: Any
) -> Case:
    return Case.model_validate(
        {
            "schema_version": "1",
            "id": "T-MARKERS",
            "tumour": {"primary_site": "small_intestine"},
            "markers": markers,
            "treatments": lines or [],
            **fields,
        }
    )


# (values, expected doubling time in days or None)
DOUBLING_CASES: list[tuple[list[dict[str, Any]], float | None]] = [
    # Two points, 100 -> 200 in 90 days: doubles in exactly 90 days.
    ([value("2024-01-01", 100), value("2024-03-31", 200)], 90.0),
    # Exact exponential growth over four points (x2 every 60 days): the fit finds 60 days.
    (
        [
            value("2024-01-01", 50),
            value("2024-03-01", 100),
            value("2024-04-30", 200),
            value("2024-06-29", 400),
        ],
        60.0,
    ),
    # A single value: no kinetics.
    ([value("2024-01-01", 100)], None),
    # Flat series: slope 0, never "doubling".
    ([value("2024-01-01", 100), value("2024-06-01", 100)], None),
    # Falling series: halving is not a doubling time; null.
    ([value("2024-01-01", 200), value("2024-06-01", 100)], None),
    # A 0 (not detected) is left out of the log fit: the two positive values still give 90 d.
    ([value("2023-12-01", 0), value("2024-01-01", 100), value("2024-03-31", 200)], 90.0),
    # Two values on the same day: no time elapsed, no slope.
    ([value("2024-01-01", 100), value("2024-01-01", 200)], None),
]


@pytest.mark.parametrize(("markers", "expected"), DOUBLING_CASES)
def test_doubling_time(markers: list[dict[str, Any]], expected: float | None) -> None:
    got = compute_trends(make_case(markers)).markers["chromogranin_a"].doubling_time_days
    if expected is None:
        assert got is None
    else:
        assert got == pytest.approx(expected, rel=1e-9)


def test_doubling_time_regression_over_noisy_values() -> None:
    # Least squares on ln(value): compare with the closed form computed here.
    days = [0, 30, 75, 120]
    values = [100.0, 130.0, 150.0, 260.0]
    markers = [
        value(f"2024-01-{1:02d}", values[0]),
        value("2024-01-31", values[1]),
        value("2024-03-16", values[2]),
        value("2024-04-30", values[3]),
    ]
    logs = [math.log(v) for v in values]
    mx, my = sum(days) / 4, sum(logs) / 4
    slope = sum((x - mx) * (y - my) for x, y in zip(days, logs, strict=True)) / sum(
        (x - mx) ** 2 for x in days
    )
    got = compute_trends(make_case(markers)).markers["chromogranin_a"].doubling_time_days
    assert got == pytest.approx(math.log(2) / slope)


def test_baseline_follows_the_current_line() -> None:
    # Everolimus started on 2024-03-01: the baseline is the last value on or before it (300),
    # so the change is (450 - 300) / 300 = +50%, and the falling values before it do not count
    # in the doubling time.
    markers = [value("2024-01-01", 900), value("2024-02-15", 300), value("2024-05-15", 450)]
    summary = compute_trends(
        make_case(markers, [{"therapy": "everolimus", "start": "2024-03-01"}])
    ).markers["chromogranin_a"]
    assert summary.baseline == 300
    assert summary.change_from_baseline_percent == pytest.approx(50.0)
    assert summary.doubling_time_days is not None
    rows = marker_tables(make_case(markers, [{"therapy": "everolimus", "start": "2024-03-01"}]))
    assert [r.used_for_kinetics for r in rows["chromogranin_a"]] == [False, True, True]


# (values, expected series keys with (latest, unit))
UNIT_CASES: list[tuple[list[dict[str, Any]], dict[str, tuple[float, str]]]] = [
    # ug/L and µg/L are ng/mL: one chromogranin A series.
    (
        [value("2024-01-01", 100, "ug/L"), value("2024-02-01", 120, "µg/l")],
        {"chromogranin_a": (120, "ng/mL")},
    ),
    # CgA in U/L is another assay: its own series, never converted or merged.
    (
        [value("2024-01-01", 100, "ng/mL"), value("2024-02-01", 40, "U/L")],
        {"chromogranin_a": (100, "ng/mL"), "chromogranin_a@U/L": (40, "U/L")},
    ),
    # CgA only in U/L: still kept apart under NAME@UNIT (the contract's example key).
    ([value("2024-02-01", 40, "u/l")], {"chromogranin_a@U/L": (40, "U/L")}),
    # 5-HIAA 10 mg/24h = 52.3 umol/24h: merged with the umol values in umol/24h.
    (
        [
            value("2024-01-01", 40, "umol/24h", "u5hiaa"),
            value("2024-02-01", 10, "mg/24 h", "u5hiaa"),
        ],
        {"u5hiaa": (52.3, "umol/24h")},
    ),
    # NT-proBNP 100 pmol/L = 845.7 pg/mL (well above the 260 pg/mL heart screening cut).
    (
        [
            value("2024-01-01", 200, "ng/L", "nt_probnp"),
            value("2024-02-01", 100, "pmol/L", "nt_probnp"),
        ],
        {"nt_probnp": (845.7, "pg/mL")},
    ),
    # NSE has no canonical unit, but ug/L is ng/mL written another way (same quantity): one
    # series, in the spelling of the earliest value.
    (
        [
            value("2024-01-01", 12, "ng/mL", "nse"),
            value("2024-02-01", 14, "ug/L", "nse"),
            value("2024-03-01", 15, "ng/ml", "nse"),
        ],
        {"nse": (15, "ng/mL")},
    ),
    # NSE in nmol/L is another quantity: the earliest unit keeps the plain name, the later
    # run is kept apart, never converted.
    (
        [
            value("2024-01-01", 12, "ng/mL", "nse"),
            value("2024-02-01", 0.3, "nmol/L", "nse"),
        ],
        {"nse": (12, "ng/mL"), "nse@nmol/L": (0.3, "nmol/L")},
    ),
]


@pytest.mark.parametrize(("markers", "expected"), UNIT_CASES)
def test_units_and_series(
    markers: list[dict[str, Any]], expected: dict[str, tuple[float, str]]
) -> None:
    got = compute_trends(make_case(markers)).markers
    assert {k: (pytest.approx(v.latest), v.unit) for k, v in got.items()} == expected


def test_mg_values_are_converted_before_the_change_is_computed() -> None:
    # 10 mg/24h (52.3 umol/24h) -> 104.6 umol/24h is +100%, not +946%.
    markers = [
        value("2024-01-01", 10, "mg/24h", "u5hiaa"),
        value("2024-04-01", 104.6, "µmol/24h", "u5hiaa"),
    ]
    summary = compute_trends(make_case(markers)).markers["u5hiaa"]
    assert summary.change_from_baseline_percent == pytest.approx(100.0)


# (values, expected change from baseline %, expected change from nadir %)
CHANGE_CASES: list[tuple[list[dict[str, Any]], float | None, float | None]] = [
    # 100 -> 140: +40% (the contract's example figure).
    ([value("2024-01-01", 100), value("2024-06-01", 140)], 40.0, 40.0),
    # 200 -> 80 -> 120: -40% from baseline but +50% from the nadir of 80.
    ([value("2024-01-01", 200), value("2024-03-01", 80), value("2024-06-01", 120)], -40.0, 50.0),
    # A baseline of 0 has no finite percent change.
    ([value("2024-01-01", 0), value("2024-06-01", 50)], None, None),
]


@pytest.mark.parametrize(("markers", "from_baseline", "from_nadir"), CHANGE_CASES)
def test_change_from_baseline_and_nadir(
    markers: list[dict[str, Any]], from_baseline: float | None, from_nadir: float | None
) -> None:
    summary = compute_trends(make_case(markers)).markers["chromogranin_a"]
    assert summary.change_from_baseline_percent == (
        pytest.approx(from_baseline) if from_baseline is not None else None
    )
    assert summary.change_from_nadir_percent == (
        pytest.approx(from_nadir) if from_nadir is not None else None
    )


# (latest value, ULN given on it, expected above_uln)
ULN_CASES: list[tuple[dict[str, Any], bool | None]] = [
    # 250 ng/mL with ULN 100: above.
    (value("2024-01-01", 250, uln=100), True),
    # Exactly at the ULN is not above it.
    (value("2024-01-01", 100, uln=100), False),
    # No ULN given: never guessed.
    (value("2024-01-01", 250), None),
    # ULN is converted with its value: 5 mg/24h (26.15) vs ULN 8 mg/24h (41.84): not above.
    (value("2024-01-01", 5, "mg/24h", "u5hiaa", uln=8), False),
]


@pytest.mark.parametrize(("marker", "expected"), ULN_CASES)
def test_uln_flag(marker: dict[str, Any], expected: bool | None) -> None:
    summary = next(iter(compute_trends(make_case([marker])).markers.values()))
    assert summary.above_uln is expected
    if marker.get("uln") is not None and marker["unit"] == "mg/24h":
        assert summary.uln == pytest.approx(8 * 5.23)


def test_chromogranin_on_ppi_is_flagged_with_words() -> None:
    # A proton-pump inhibitor raises CgA falsely: the series says so, in the chosen language.
    case = make_case(
        [value("2024-01-01", 250), value("2024-01-01", 5, "ng/mL", "nse")], on_ppi=True
    )
    trends = compute_trends(case, Translator("fr"))
    assert trends.markers["chromogranin_a"].confounders == [CGA_ON_PPI]
    assert "pompe à protons" in trends.markers["chromogranin_a"].confounder_notes[0]
    assert trends.markers["nse"].confounders == []


def test_contract_keys_present() -> None:
    out = compute_trends(make_case([value("2024-01-01", 250)])).to_contract()
    keys = {"latest", "unit", "change_from_baseline_percent", "doubling_time_days"}
    assert keys <= set(out["markers"]["chromogranin_a"])
