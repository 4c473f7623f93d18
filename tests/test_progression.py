"""Derived progression (contract "Trend definitions") and how it feeds the pathway engine.

Each row is a worked example: the scans, the pace the team gave (``unknown`` lets the engine
derive it), and the pace the evaluation must report, with the clinical reason.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import pytest

from netlogic.clinical.evaluation import evaluate
from netlogic.model.case import Case
from netlogic.trends.recist import DAYS_PER_MONTH
from tests.conftest import TODAY
from tests.test_recist import scan


def _sum_for_tgr(first_mm: float, days: int, tgr_percent: float) -> float:
    """The second sum that gives exactly ``tgr_percent`` %/month after ``days`` (inverse TGR)."""
    months = days / DAYS_PER_MONTH
    return first_mm * math.exp(math.log(1 + tgr_percent / 100) * months / 3)


# 2024-01-01 -> 2024-07-02 is 183 days; a sum growing at exactly 10 %/month over it is PD.
BOUNDARY_MM = _sum_for_tgr(100, 183, 10.0)


def case_with(scans: list[dict[str, Any]], progression: str = "unknown", **extra: Any) -> Case:
    return Case.model_validate(
        {
            "schema_version": "1",
            "id": "T-PACE",
            "tumour": {
                "primary_site": "small_intestine",
                "differentiation": "well",
                "ki67_percent": 5,
                "sstr_imaging": "positive",
            },
            "disease": {
                "stage": "metastatic",
                "metastatic_sites": ["liver"],
                "tumour_burden": "low",
                "progression": progression,
            },
            "imaging": scans,
            **extra,
        }
    )


# (scans, progression given, expected progression, derived?)
PACE_CASES = [
    # One scan cannot show a pace: unknown, and the engine says it needs two scans.
    ([scan("2024-01-01", 80)], "unknown", "unknown", True),
    # 80 -> 81 mm: SD on the latest scan, so no progression.
    ([scan("2024-01-01", 80), scan("2024-07-01", 81)], "unknown", "none", True),
    # 100 -> 60 mm: PR, no progression.
    ([scan("2024-01-01", 100), scan("2024-07-01", 60)], "unknown", "none", True),
    # 90 -> 110 mm over a year: +22%, +20 mm is PD at about 5.1 %/month: slow.
    ([scan("2024-01-01", 90), scan("2025-01-01", 110)], "unknown", "slow", True),
    # 50 -> 100 mm in three months: PD at about 26 %/month, well above 10: rapid.
    ([scan("2024-01-01", 50), scan("2024-04-01", 100)], "unknown", "rapid", True),
    # Exactly 10 %/month is rapid (boundary inclusive, with the RECIST tolerance).
    ([scan("2024-01-01", 100), scan("2024-07-02", BOUNDARY_MM)], "unknown", "rapid", True),
    # Just below 10 %/month stays slow.
    (
        [scan("2024-01-01", 100), scan("2024-07-02", _sum_for_tgr(100, 183, 9.99))],
        "unknown",
        "slow",
        True,
    ),
    # A new lesion with a shrinking sum is PD; the growth rate is negative: slow.
    ([scan("2024-01-01", 80), scan("2024-07-01", 70, new_lesions=True)], "unknown", "slow", True),
    # The team's judgement wins over the scans: given "none" stays "none" despite PD.
    ([scan("2024-01-01", 50), scan("2024-04-01", 100)], "none", "none", False),
    # Given "slow" stays slow although the scans show a partial response.
    ([scan("2024-01-01", 100), scan("2024-07-01", 60)], "slow", "slow", False),
]


@pytest.mark.parametrize(("scans", "given", "expected", "derived"), PACE_CASES)
def test_progression_is_given_or_derived_from_the_scans(
    scans: list[dict[str, Any]], given: str, expected: str, derived: bool
) -> None:
    result = evaluate(case_with(scans, given), TODAY)
    assert result.progression.value.value == expected
    assert result.progression.derived is derived
    assert result.to_contract()["progression"] == expected
    assert result.progression.reason, "the pace always comes with a reason in words"


def test_boundary_case_really_sits_on_ten_percent_per_month() -> None:
    result = evaluate(case_with([scan("2024-01-01", 100), scan("2024-07-02", BOUNDARY_MM)]), TODAY)
    assert result.trends.recist.latest == "PD"
    assert result.trends.recist.tgr_percent_per_month == pytest.approx(10.0, abs=1e-9)


def test_derived_progression_on_an_ongoing_ssa_makes_it_a_failed_line() -> None:
    # Ileal NET on lanreotide whose scans now show PD: the SSA line has failed (contract), so
    # PRRT after SSA becomes the recommended midgut option (NETTER-1) with the washout alert.
    ssa = {"therapy": "ssa", "start": "2023-06-01", "end": None}
    case = case_with(
        [scan("2023-05-15", 90), scan("2024-01-01", 92), scan("2025-01-01", 112)],
        treatments=[ssa],
    )
    result = evaluate(case, date(2025, 2, 1))
    assert result.progression.value.value == "slow"
    assert result.option("prrt").status.value == "recommended"
    # The failed standard-dose SSA stays open only as CLARINET FORTE escalation (8.9): slow,
    # low-burden progression with Ki-67 <= 10% and SSTR uptake.
    assert result.option("ssa").status.value == "option"
    assert result.option("ssa").rule == "SSA-CLARINET-FORTE"
    assert "ssa_washout_before_prrt" in {a.code for a in result.alerts}
    # Without the PD scan the same line has not failed: PRRT is not yet offered.
    stable = case_with([scan("2023-05-15", 90), scan("2024-01-01", 92)], treatments=[ssa])
    assert evaluate(stable, date(2025, 2, 1)).option("prrt").status.value == "not_recommended"
