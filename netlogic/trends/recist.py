"""RECIST 1.1 response and tumour growth rate, exactly as the contract's "Trend definitions".

Knowledge base section 6 (response and kinetics: RECIST 1.1, tumour growth rate after
Dromain/Lamarca, GREPONET). In short:

- Assessments: CT or MRI entries with a ``sum_diameters_mm``, in date order (same date: order
  in the case).
- Current line: the ongoing line (no ``end``) that started last, else the line that started
  last. Baseline: the last assessment on or before that line's start, else the first.
  Assessments before the baseline get no category.
- Category, first match wins: PD when new lesions or unequivocal non-target progression are
  flagged (this wins over CR: a sum of 0 with a progressing non-target lesion is progression);
  CR when the sum is 0 and no new lesion; PD when the sum is >= 20% above the smallest EARLIER
  sum (baseline up to the previous assessment) and at least 5 mm above it; PR when the sum is
  <= 70% of the baseline; else SD. Comparisons allow 1e-9 mm, so exactly +20% is PD and
  exactly -30% is PR despite floating-point rounding.
- Reappearance after CR (knowledge base 8.14, rule RECIST-REAPPEARANCE-AFTER-CR): once an
  assessment from the baseline on was CR (sum 0, the baseline included), any later sum above
  0 is PD, whatever the 5 mm rule (RECIST 1.1: a lesion that reappears after CR progresses).
- Tumour growth rate of an interval: months = days / 30.4375, TG = 3 ln(D2/D1) / months,
  TGR = 100 (exp(TG) - 1) %/month; null when a sum is 0 or both scans share a date, and null
  with the reason ``too_fast`` in ``null_reasons`` when it is too large to be a finite number
  (2 mm then 9000 mm the next day: netlogic.trends.finite).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from typing import Any

from pydantic import BaseModel

from netlogic.model.case import Case, ImagingStudy, TreatmentLine
from netlogic.model.vocabulary import Modality, Response
from netlogic.reference.limits import limit
from netlogic.trends.finite import exp_percent, percent_change

TOLERANCE = 1e-9
# The RECIST and growth-rate constants come from data/thresholds.yaml (read once at import).
PD_RELATIVE = limit("recist_pd_relative_percent") / 100  # +20% over the smallest earlier sum
PD_ABSOLUTE_MM = limit("recist_pd_absolute_mm")  # and at least +5 mm
PR_FRACTION = 1 - limit("recist_pr_decrease_percent") / 100  # sum <= 70% of baseline (-30%)
DAYS_PER_MONTH = limit("days_per_month")  # 365.25 / 12
MEASURED_MODALITIES = frozenset({Modality.CT, Modality.MRI})


class RecistSummary(BaseModel):
    """The contract's ``trends.recist`` plus the count of assessments (read by progression)."""

    baseline_mm: float | None = None
    nadir_mm: float | None = None
    latest_mm: float | None = None
    latest: Response | None = None
    tgr_percent_per_month: float | None = None
    assessments: int = 0
    baseline_date: date | None = None
    latest_date: date | None = None
    # Figure name -> why it is null although it was computed (netlogic.trends.finite).
    null_reasons: dict[str, str] = {}

    def to_contract(self) -> dict[str, Any]:
        reasons = {"null_reasons": dict(self.null_reasons)} if self.null_reasons else {}
        return reasons | {
            "baseline_mm": self.baseline_mm,
            "nadir_mm": self.nadir_mm,
            "latest_mm": self.latest_mm,
            "latest": self.latest.value if self.latest else None,
            "tgr_percent_per_month": self.tgr_percent_per_month,
            "assessments": self.assessments,
            "baseline_date": self.baseline_date.isoformat() if self.baseline_date else None,
            "latest_date": self.latest_date.isoformat() if self.latest_date else None,
        }


class AssessmentRow(BaseModel):
    """One line of the imaging table shown in the app."""

    date: date
    modality: Modality
    sum_mm: float
    new_lesions: bool
    non_target_progression: bool
    # None before the baseline: those scans are ignored for the response.
    category: Response | None
    is_baseline: bool
    change_from_baseline_percent: float | None
    # Against the smallest earlier sum since the baseline (the PD reference); None at baseline.
    change_from_nadir_percent: float | None
    reference_nadir_mm: float | None
    # Growth rate of the interval from the previous assessment to this one.
    tgr_percent_per_month: float | None
    # Figure name -> why it is null although it was computed (netlogic.trends.finite).
    null_reasons: dict[str, str] = {}


def measured_assessments(case: Case) -> list[ImagingStudy]:
    """CT/MRI studies with a sum of diameters, in date order (stable for equal dates)."""
    scans = [
        s
        for s in case.imaging
        if s.modality in MEASURED_MODALITIES and s.sum_diameters_mm is not None
    ]
    return sorted(scans, key=lambda s: s.date)


def current_line(treatments: Sequence[TreatmentLine]) -> TreatmentLine | None:
    """The ongoing line that started last; if none is ongoing, the line that started last."""
    ongoing = [t for t in treatments if t.ongoing]
    pool = ongoing or list(treatments)
    if not pool:
        return None
    # max() keeps the first of equal starts; the later-listed line is the more recent entry.
    return max(reversed(pool), key=lambda t: t.start)


def baseline_position(dates: Sequence[date], line: TreatmentLine | None) -> int | None:
    """Index of the baseline among date-sorted measurements (contract rule); None if empty."""
    if not dates:
        return None
    if line is not None:
        on_or_before = [i for i, d in enumerate(dates) if d <= line.start]
        if on_or_before:
            return on_or_before[-1]
    return 0


def categorise(
    sum_mm: float,
    baseline_mm: float,
    smallest_earlier_mm: float | None,
    new_lesions: bool = False,
    non_target_progression: bool = False,
) -> Response:
    """The RECIST 1.1 category of one assessment (rules and order in the module docstring)."""
    if new_lesions or non_target_progression:
        return Response.PD
    if sum_mm == 0:
        return Response.CR
    if smallest_earlier_mm is not None:
        grew_relative = sum_mm >= smallest_earlier_mm * (1 + PD_RELATIVE) - TOLERANCE
        grew_absolute = sum_mm - smallest_earlier_mm >= PD_ABSOLUTE_MM - TOLERANCE
        if grew_relative and grew_absolute:
            return Response.PD
    if sum_mm <= baseline_mm * PR_FRACTION + TOLERANCE:
        return Response.PR
    return Response.SD


def growth_rate(
    first_date: date, first_mm: float, second_date: date, second_mm: float
) -> tuple[float | None, str | None]:
    """TGR in %/month between two sums and, when it is None for overflow, the reason
    (``too_fast``); (None, None) when a sum is 0 or no time has passed."""
    days = (second_date - first_date).days
    if first_mm <= 0 or second_mm <= 0 or days == 0:
        return None, None
    months = days / DAYS_PER_MONTH
    # ln(D2/D1) as a difference of logarithms: the ratio itself can overflow to infinity
    # (2000 / 1e-320) or underflow to 0 (1e-320 / 2000), the difference never does.
    growth = 3 * (math.log(second_mm) - math.log(first_mm)) / months
    return exp_percent(growth)


def tumour_growth_rate(
    first_date: date, first_mm: float, second_date: date, second_mm: float
) -> float | None:
    """TGR in %/month between two sums; None when a sum is 0, no time has passed or the rate
    is too large to be a finite number."""
    return growth_rate(first_date, first_mm, second_date, second_mm)[0]


def recist_rows(case: Case) -> list[AssessmentRow]:
    """Every assessment with its category, changes and interval growth rate."""
    scans = measured_assessments(case)
    base = baseline_position([s.date for s in scans], current_line(case.treatments))
    rows: list[AssessmentRow] = []
    smallest: float | None = None  # smallest sum from the baseline to the previous scan
    complete_response_seen = False  # a CR from the baseline up to the previous scan
    for i, scan in enumerate(scans):
        total = float(scan.sum_diameters_mm or 0.0)
        tgr = None
        reasons: dict[str, str] = {}
        if i > 0:
            previous = scans[i - 1]
            tgr, why = growth_rate(
                previous.date, float(previous.sum_diameters_mm or 0.0), scan.date, total
            )
            if why:
                reasons["tgr_percent_per_month"] = why
        counted = base is not None and i >= base
        baseline_mm = float(scans[base].sum_diameters_mm or 0.0) if base is not None else None
        category = None
        if counted and baseline_mm is not None:
            category = categorise(
                total, baseline_mm, smallest, scan.new_lesions, scan.non_target_progression
            )
            if complete_response_seen and total > 0:
                category = Response.PD
        from_baseline, why = percent_change(total, baseline_mm) if counted else (None, None)
        if why:
            reasons["change_from_baseline_percent"] = why
        from_nadir, why = percent_change(total, smallest) if counted else (None, None)
        if why:
            reasons["change_from_nadir_percent"] = why
        rows.append(
            AssessmentRow(
                date=scan.date,
                modality=scan.modality,
                sum_mm=total,
                new_lesions=scan.new_lesions,
                non_target_progression=scan.non_target_progression,
                category=category,
                is_baseline=i == base,
                change_from_baseline_percent=from_baseline,
                change_from_nadir_percent=from_nadir,
                reference_nadir_mm=smallest if counted else None,
                tgr_percent_per_month=tgr,
                null_reasons=reasons,
            )
        )
        if counted:
            smallest = total if smallest is None else min(smallest, total)
            complete_response_seen |= category is Response.CR
    return rows


def summarise_rows(rows: Sequence[AssessmentRow]) -> RecistSummary:
    """The contract summary from the table (so the table and the summary never disagree)."""
    if not rows:
        return RecistSummary()
    base = next(i for i, r in enumerate(rows) if r.is_baseline)
    latest = rows[-1]
    return RecistSummary(
        baseline_mm=rows[base].sum_mm,
        nadir_mm=min(r.sum_mm for r in rows[base:]),
        latest_mm=latest.sum_mm,
        latest=latest.category,
        tgr_percent_per_month=latest.tgr_percent_per_month,
        null_reasons={k: v for k, v in latest.null_reasons.items() if k == "tgr_percent_per_month"},
        assessments=len(rows),
        baseline_date=rows[base].date,
        latest_date=latest.date,
    )


def summarise_recist(case: Case) -> RecistSummary:
    return summarise_rows(recist_rows(case))
