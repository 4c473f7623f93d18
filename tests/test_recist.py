"""RECIST 1.1 categories, baseline, nadir and tumour growth rate (contract "Trend definitions").

Each row is a worked example: a list of scans (date, sum in mm, flags), the treatment lines,
and the expected category of the latest scan, with the clinical reason.
"""

from __future__ import annotations

import json
import math
from datetime import date
from typing import Any

import pytest

from netlogic.model.case import Case
from netlogic.model.case_io import load_case_file
from netlogic.model.vocabulary import Response
from netlogic.trends.recist import categorise, current_line, tumour_growth_rate
from netlogic.trends.summary import compute_trends, recist_table
from tests.conftest import EXAMPLES, TODAY


def scan(day: str, mm: float, modality: str = "ct", **flags: bool) -> dict[str, Any]:
    return {"date": day, "modality": modality, "sum_diameters_mm": mm, **flags}


def line(start: str, end: str | None = None, therapy: str = "ssa") -> dict[str, Any]:
    return {"therapy": therapy, "start": start, "end": end}


def make_case(scans: list[dict[str, Any]], lines: list[dict[str, Any]] | None = None) -> Case:
    return Case.model_validate(
        {
            "schema_version": "1",
            "id": "T-RECIST",
            "tumour": {"primary_site": "small_intestine"},
            "imaging": scans,
            "treatments": lines or [],
        }
    )


# (scans, treatment lines, expected latest category)
CATEGORY_CASES: list[tuple[list[dict[str, Any]], list[dict[str, Any]], Response]] = [
    # 100 -> 70 mm is exactly -30%: PR (boundary inclusive).
    ([scan("2024-01-01", 100), scan("2024-04-01", 70)], [], Response.PR),
    # 100 -> 70.1 mm is -29.9%: not yet a partial response.
    ([scan("2024-01-01", 100), scan("2024-04-01", 70.1)], [], Response.SD),
    # 20 -> 24 mm is +20% but only +4 mm: below the 5 mm floor, so SD.
    ([scan("2024-01-01", 20), scan("2024-04-01", 24)], [], Response.SD),
    # 25 -> 30 mm is exactly +20% and exactly +5 mm: PD (both boundaries inclusive).
    ([scan("2024-01-01", 25), scan("2024-04-01", 30)], [], Response.PD),
    # 50 -> 59.9 mm is +19.8%: SD even though +9.9 mm.
    ([scan("2024-01-01", 50), scan("2024-04-01", 59.9)], [], Response.SD),
    # 0.1 + 0.2 style rounding: 35 * 1.2 = 42.00000000000001; 42 must still be PD.
    ([scan("2024-01-01", 35), scan("2024-04-01", 42)], [], Response.PD),
    # A new lesion is progression whatever the sum (here shrinking).
    ([scan("2024-01-01", 100), scan("2024-04-01", 60, new_lesions=True)], [], Response.PD),
    # Unequivocal non-target progression is progression with a stable sum.
    (
        [scan("2024-01-01", 100), scan("2024-04-01", 100, non_target_progression=True)],
        [],
        Response.PD,
    ),
    # Every target lesion gone and no new lesion: complete response.
    ([scan("2024-01-01", 40), scan("2024-04-01", 0)], [], Response.CR),
    # Target lesions gone but a new lesion appeared: progression, not CR.
    ([scan("2024-01-01", 40), scan("2024-04-01", 0, new_lesions=True)], [], Response.PD),
    # Growth is measured from the nadir, not the baseline: 100 -> 60 -> 75 is +25% and +15 mm
    # over the nadir although still -25% from baseline.
    (
        [scan("2024-01-01", 100), scan("2024-04-01", 60), scan("2024-07-01", 75)],
        [],
        Response.PD,
    ),
    # The reference is the smallest EARLIER sum: 100 -> 100 -> 119 is +19%: SD.
    (
        [scan("2024-01-01", 100), scan("2024-04-01", 100), scan("2024-07-01", 119)],
        [],
        Response.SD,
    ),
    # MRI counts like CT; a PET with a sum does not (not a RECIST assessment).
    (
        [scan("2024-01-01", 100, "mri"), scan("2024-04-01", 50, "sstr_pet")],
        [],
        Response.SD,
    ),
    # Baseline reset at a new line: 50 mm before line 1, grew to 80 mm, line 2 starts after
    # that scan; 80 -> 82 mm on line 2 is SD against the new baseline (PD against the old one).
    (
        [scan("2023-01-01", 50), scan("2023-07-01", 80), scan("2023-10-01", 82)],
        [line("2022-12-01", "2023-07-15"), line("2023-07-20", None, "everolimus")],
        Response.SD,
    ),
    # Same history but the old line is still the current one (no newer line): PD.
    (
        [scan("2023-01-01", 50), scan("2023-07-01", 80), scan("2023-10-01", 82)],
        [line("2022-12-01")],
        Response.PD,
    ),
]


@pytest.mark.parametrize(("scans", "lines", "expected"), CATEGORY_CASES)
def test_latest_category(
    scans: list[dict[str, Any]], lines: list[dict[str, Any]], expected: Response
) -> None:
    assert compute_trends(make_case(scans, lines)).recist.latest is expected


def test_no_assessment_gives_no_category() -> None:
    summary = compute_trends(make_case([scan("2024-01-01", 50, "ultrasound")])).recist
    assert (summary.latest, summary.assessments, summary.baseline_mm) == (None, 0, None)


def test_baseline_is_the_last_scan_on_or_before_the_current_line() -> None:
    # Three scans; the ongoing line began on the day of the second: it is the baseline, and the
    # first scan gets no category (before the baseline).
    case = make_case(
        [scan("2024-01-01", 90), scan("2024-03-01", 100), scan("2024-06-01", 65)],
        [line("2023-01-01", "2023-12-01", "everolimus"), line("2024-03-01")],
    )
    rows = recist_table(case)
    assert [r.is_baseline for r in rows] == [False, True, False]
    assert [r.category for r in rows] == [None, Response.SD, Response.PR]
    summary = compute_trends(case).recist
    assert (summary.baseline_mm, summary.nadir_mm, summary.latest_mm) == (100, 65, 65)


def test_ongoing_line_wins_over_a_later_finished_one() -> None:
    # An ongoing SSA and a PRRT course that started later but ended: the SSA is current.
    case = make_case(
        [],
        [line("2022-01-01"), line("2023-01-01", "2023-06-01", "prrt")],
    )
    current = current_line(case.treatments)
    assert current is not None
    assert current.therapy.value == "ssa"


def test_nadir_is_the_smallest_sum_from_baseline_to_latest() -> None:
    # Pre-baseline 40 mm is ignored; from the baseline on the smallest sum is 70.
    case = make_case(
        [
            scan("2022-01-01", 40),
            scan("2023-01-01", 90),
            scan("2023-06-01", 70),
            scan("2023-12-01", 95),
        ],
        [line("2023-01-10")],
    )
    summary = compute_trends(case).recist
    assert summary.nadir_mm == 70
    assert summary.latest is Response.PD  # 95 is +35.7% and +25 mm over 70
    rows = recist_table(case)
    assert rows[-1].change_from_nadir_percent == pytest.approx(100 * 25 / 70)
    assert rows[-1].change_from_baseline_percent == pytest.approx(100 * 5 / 90)


# (first date, first mm, second date, second mm, expected TGR %/month or None)
TGR_CASES: list[tuple[str, float, str, float, float | None]] = [
    # Unchanged size: growth rate 0.
    ("2024-01-01", 50, "2024-07-01", 50, 0.0),
    # 80 -> 68 mm over 91 days (the public example): about -15.05 %/month.
    ("2024-04-01", 80, "2024-07-01", 68, -15.0474),
    # 90 -> 104 mm over 180 days (ileal NET on SSA): about 7.61 %/month, "slow" (< 10).
    ("2024-01-10", 90, "2024-07-08", 104, 7.6102),
    # A sum of 0 has no logarithm: null.
    ("2024-01-01", 0, "2024-04-01", 20, None),
    ("2024-01-01", 20, "2024-04-01", 0, None),
    # Two scans on the same day: no interval, null.
    ("2024-01-01", 20, "2024-01-01", 25, None),
]


@pytest.mark.parametrize(("d1", "s1", "d2", "s2", "expected"), TGR_CASES)
def test_tumour_growth_rate(d1: str, s1: float, d2: str, s2: float, expected: float | None) -> None:
    got = tumour_growth_rate(date.fromisoformat(d1), s1, date.fromisoformat(d2), s2)
    days = (date.fromisoformat(d2) - date.fromisoformat(d1)).days
    if s1 > 0 and s2 > 0 and days > 0:
        formula = 100 * (math.exp(3 * math.log(s2 / s1) / (days / 30.4375)) - 1)
        assert got == pytest.approx(formula)
        if expected is not None:
            assert got == pytest.approx(expected, abs=1e-3)
    else:
        assert got is None


def test_tgr_is_that_of_the_last_interval() -> None:
    # 80 -> 68 mm in 91 days: 3 ln(0.85) / (91/30.4375) -> about -15.05 %/month.
    case = make_case([scan("2024-01-01", 100), scan("2024-04-01", 80), scan("2024-07-01", 68)])
    assert compute_trends(case).recist.tgr_percent_per_month == pytest.approx(-15.0474, abs=1e-3)


def test_direct_categorise_boundaries() -> None:
    # The function itself, at the exact boundaries the contract names.
    assert categorise(70, 100, 100) is Response.PR
    assert categorise(30, 30, 25) is Response.PD  # +20% and +5 mm exactly
    assert categorise(29.999, 30, 25) is Response.SD  # +4.999 mm: under the floor
    # Non-target progression wins over a zero sum.
    assert categorise(0, 40, 40, non_target_progression=True) is Response.PD


# (example name, expected trend figures from its .expected.json)
EXAMPLE_CASES = [
    # Shrinking liver metastases on no treatment: PR at -32%, TGR about -15 %/month.
    ("trends-recist-and-cga", {"latest": "PR", "baseline_mm": 100, "nadir_mm": 68}),
    # Ileal NET growing on octreotide: +30% over the 80 mm nadir, TGR about 7.6 %/month.
    (
        "ileum-g2-progressing-on-ssa",
        {"latest": "PD", "baseline_mm": 80, "nadir_mm": 80, "latest_mm": 104},
    ),
]


@pytest.mark.parametrize(("name", "wanted"), EXAMPLE_CASES)
def test_public_examples(name: str, wanted: dict[str, Any]) -> None:
    case = load_case_file(EXAMPLES / f"{name}.case.json", TODAY)
    got = compute_trends(case).to_contract()["recist"]
    assert {k: got[k] for k in wanted} == wanted
    expected = json.loads((EXAMPLES / f"{name}.expected.json").read_text())
    low, high = expected["trends"]["recist.tgr_percent_per_month"]
    assert low <= got["tgr_percent_per_month"] <= high
