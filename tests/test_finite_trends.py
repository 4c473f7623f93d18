"""Property tests: no finite input gives a non-finite trend figure (engineering rule "every
number computed is finite or null"), from the arithmetic up to the evaluation JSON."""

from __future__ import annotations

import json
import math
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netlogic.clinical.evaluation import evaluate
from netlogic.model.bounds import MARKER_VALUE_MAX, SUM_DIAMETERS_MM_MAX
from netlogic.model.case_io import parse_case
from netlogic.reference.i18n import fmt_number
from netlogic.trends.finite import exp_percent, percent_change
from netlogic.trends.interval import last_intervals
from netlogic.trends.markers import doubling_time_days
from netlogic.trends.recist import recist_rows, tumour_growth_rate
from netlogic.trends.summary import compute_trends
from tests.conftest import TODAY

# Every finite float, subnormals and the largest included: the arithmetic must not care.
any_finite = st.floats(allow_nan=False, allow_infinity=False)
positive = st.floats(min_value=0, allow_nan=False, allow_infinity=False, exclude_min=True)
first_day = date(2000, 1, 1)
days = st.integers(min_value=0, max_value=9000)


def _finite_or_none(value: float | None) -> bool:
    return value is None or math.isfinite(value)


@given(value=any_finite, reference=any_finite)
def test_percent_change_is_finite_or_null_with_a_reason(value: float, reference: float) -> None:
    change, why = percent_change(value, reference)
    assert _finite_or_none(change)
    assert (why is not None) == (change is None and reference != 0)


@given(growth=any_finite)
def test_exp_percent_is_finite_or_too_fast(growth: float) -> None:
    rate, why = exp_percent(growth)
    assert _finite_or_none(rate)
    assert (rate is None) == (why == "too_fast")


@given(first=positive, second=positive, gap=days)
def test_tumour_growth_rate_is_finite_or_null(first: float, second: float, gap: int) -> None:
    rate = tumour_growth_rate(first_day, first, first_day + timedelta(gap), second)
    assert _finite_or_none(rate)
    if rate is not None:
        assert rate >= -100


@given(points=st.lists(st.tuples(days, positive), min_size=2, max_size=8))
def test_doubling_time_is_finite_or_null(points: list[tuple[int, float]]) -> None:
    doubling = doubling_time_days([(first_day + timedelta(d), v) for d, v in points])
    assert _finite_or_none(doubling)
    assert doubling is None or doubling > 0


def _scan(day: int, total: float) -> dict[str, Any]:
    return {"date": (first_day + timedelta(day)).isoformat(), "modality": "ct",
            "sum_diameters_mm": total}  # fmt: skip


def _marker(day: int, value: float) -> dict[str, Any]:
    return {"date": (first_day + timedelta(day)).isoformat(), "name": "chromogranin_a",
            "value": value, "unit": "ng/mL"}  # fmt: skip


# Accepted values: from 0 (subnormals included) to the input bounds.
sums = st.floats(min_value=0, max_value=SUM_DIAMETERS_MM_MAX, allow_nan=False)
marker_values = st.floats(min_value=0, max_value=MARKER_VALUE_MAX, allow_nan=False)


def _floats(value: Any) -> list[float]:
    if isinstance(value, float):
        return [value]
    if isinstance(value, dict):
        return [f for v in value.values() for f in _floats(v)]
    if isinstance(value, list):
        return [f for v in value for f in _floats(v)]
    return []


@given(
    scans=st.lists(st.tuples(days, sums), max_size=6),
    markers=st.lists(st.tuples(days, marker_values), max_size=6),
)
def test_every_trend_figure_of_an_accepted_case_is_finite(
    scans: list[tuple[int, float]], markers: list[tuple[int, float]]
) -> None:
    data = {
        "schema_version": "1",
        "id": "PROP-1",
        "tumour": {"primary_site": "small_intestine", "differentiation": "well"},
        "imaging": [_scan(d, s) for d, s in scans],
        "markers": [_marker(d, v) for d, v in markers],
    }
    case = parse_case(data, TODAY)
    trends = compute_trends(case)
    assert all(math.isfinite(f) for f in _floats(trends.to_contract()))
    rows = recist_rows(case)
    assert all(math.isfinite(f) for f in _floats([r.model_dump() for r in rows]))
    assert all(_finite_or_none(r.tgr_percent_per_month) for r in rows)
    intervals = last_intervals(case)
    assert all(_finite_or_none(i.change_percent) for i in intervals.values())
    # RECIST sums as reported: the baseline, nadir and latest are the entered sums.
    recist = trends.recist
    if rows:
        assert recist.latest_mm in {s for _, s in scans}


@given(
    scans=st.lists(st.tuples(days, sums), min_size=2, max_size=4),
    markers=st.lists(st.tuples(days, marker_values), min_size=2, max_size=4),
)
def test_the_evaluation_json_is_strict(
    scans: list[tuple[int, float]], markers: list[tuple[int, float]]
) -> None:
    data = {
        "schema_version": "1",
        "id": "PROP-2",
        "tumour": {"primary_site": "pancreas", "differentiation": "well", "ki67_percent": 5},
        "imaging": [_scan(d, s) for d, s in scans],
        "markers": [_marker(d, v) for d, v in markers],
    }
    evaluation = evaluate(parse_case(data, TODAY), today=TODAY).to_contract()
    json.dumps(evaluation, allow_nan=False)  # raises on NaN or infinity anywhere


@pytest.mark.parametrize(
    ("value", "printed"),
    [
        (8.0, "8"),  # as a clinician writes it
        (8.55, "8.6"),  # one decimal
        (1e9, "1000000000"),  # the largest marker value allowed, in full
        (8.66e275, "8.66e+275"),  # a growth rate after a 1 mm baseline: not 276 digits
        (None, "?"),
    ],
)
def test_numbers_are_printed_short_even_when_huge(value: float | None, printed: str) -> None:
    assert fmt_number(value) == printed
