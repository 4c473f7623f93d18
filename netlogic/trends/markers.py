"""Marker kinetics per series: change from baseline and nadir, doubling time, ULN, confounders.

Knowledge base section 6 and the contract's "Trend definitions". Series come from
:func:`netlogic.model.units.split_series` (canonical units, unconvertible units kept apart).
For each series:

- Baseline: the same rule as for imaging, on the series' dates (last value on or before the
  current line's start, else the first). Values before it are shown but not used.
- ``change_from_baseline_percent`` = 100 (latest - baseline) / baseline; None when the
  baseline is 0 (no finite change).
- ``change_from_nadir_percent``: against the smallest value from the baseline to the latest.
- ``doubling_time_days`` = ln 2 / slope of the least-squares fit of ln(value) against days,
  over the values from the baseline on. Values of 0 are left out of the fit (ln 0 is undefined;
  a 0 means "not detected", which carries no growth rate). None with fewer than two positive
  values, when they all share one date (no slope), or when the slope is <= 0 (not rising).
- A figure that would not be a finite number (a change against a baseline of 1e-320) is None
  and named in ``null_reasons`` (netlogic.trends.finite).
- ``above_uln``: only when the latest value carries a ULN (never guessed from another value).
- Confounders: chromogranin A while on a proton-pump inhibitor (code ``cga_on_ppi``); the
  words come from the translator.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from typing import Any

from pydantic import BaseModel, Field

from netlogic.model.case import Case
from netlogic.model.units import SeriesPoint, marker_of, split_series
from netlogic.model.vocabulary import Comorbidity, MarkerName, PrimarySite
from netlogic.reference.i18n import Translator
from netlogic.trends.finite import NOT_FINITE, finite, percent_change
from netlogic.trends.recist import baseline_position, current_line

CGA_ON_PPI = "cga_on_ppi"
CGA_RENAL = "cga_renal_impairment"
CGA_ATROPHIC_GASTRITIS = "cga_atrophic_gastritis"


class MarkerSummary(BaseModel):
    """The contract's ``trends.markers.<series>`` plus a few keys for the app."""

    latest: float | None = None
    unit: str = ""
    change_from_baseline_percent: float | None = None
    doubling_time_days: float | None = None
    marker: MarkerName | None = None
    latest_date: date | None = None
    baseline: float | None = None
    baseline_date: date | None = None
    nadir: float | None = None
    change_from_nadir_percent: float | None = None
    uln: float | None = None
    above_uln: bool | None = None
    values: int = 0
    confounders: list[str] = Field(default_factory=list)
    confounder_notes: list[str] = Field(default_factory=list)
    # Figure name -> why it is null although it was computed (netlogic.trends.finite).
    null_reasons: dict[str, str] = Field(default_factory=dict)

    def to_contract(self) -> dict[str, Any]:
        return self.model_dump(
            mode="json", exclude={"null_reasons"} if not self.null_reasons else None
        )


class MarkerRow(BaseModel):
    """One line of a marker table in the app (value and ULN in the series' unit)."""

    date: date
    value: float
    unit: str
    uln: float | None
    above_uln: bool | None
    original_value: float
    original_unit: str
    is_baseline: bool
    used_for_kinetics: bool  # from the baseline on
    change_from_baseline_percent: float | None


def log_slope(points: Sequence[tuple[date, float]]) -> float | None:
    """Least-squares slope of ln(value) per day over the positive values; None with fewer
    than two of them or when they share one date."""
    # Days counted from the first point: small numbers keep the fit precise.
    origin = min((d for d, _ in points), default=date.min)
    positive = [(float((d - origin).days), math.log(v)) for d, v in points if v > 0]
    if len(positive) < 2:
        return None
    mean_x = sum(x for x, _ in positive) / len(positive)
    mean_y = sum(y for _, y in positive) / len(positive)
    sxx = sum((x - mean_x) ** 2 for x, _ in positive)
    if sxx == 0:
        return None
    return sum((x - mean_x) * (y - mean_y) for x, y in positive) / sxx


def doubling_time_days(points: Sequence[tuple[date, float]]) -> float | None:
    """ln 2 / least-squares slope of ln(value) per day; None when not rising (rules above) or
    when the slope is so close to 0 that the doubling time is not a finite number."""
    slope = log_slope(points)
    if slope is None or slope <= 0:
        return None
    return finite(math.log(2) / slope)


def _percent_change(value: float, reference: float | None) -> float | None:
    return percent_change(value, reference)[0]


def _above(value: float, uln: float | None) -> bool | None:
    return None if uln is None else value > uln


def _baseline(points: Sequence[SeriesPoint], case: Case) -> int:
    position = baseline_position([p.date for p in points], current_line(case.treatments))
    return position or 0


def confounders(series: str, case: Case) -> list[str]:
    """Codes of what makes this series unreliable for this patient: chromogranin A is raised
    falsely by proton-pump inhibitors, renal failure and atrophic gastritis (knowledge base
    section 6); a type 1 gastric NET means atrophic gastritis."""
    if marker_of(series) is not MarkerName.CHROMOGRANIN_A:
        return []
    codes = []
    if case.on_ppi:
        codes.append(CGA_ON_PPI)
    if Comorbidity.RENAL_IMPAIRMENT in case.comorbidities:
        codes.append(CGA_RENAL)
    if case.tumour.primary_site is PrimarySite.STOMACH and case.tumour.gastric_type == 1:
        codes.append(CGA_ATROPHIC_GASTRITIS)
    return codes


def summarise_series(
    series: str, points: Sequence[SeriesPoint], case: Case, t: Translator | None = None
) -> MarkerSummary:
    t = t or Translator("en")
    codes = confounders(series, case)
    if not points:
        return MarkerSummary(marker=marker_of(series), confounders=codes)
    base = _baseline(points, case)
    tail = points[base:]
    latest = points[-1]
    nadir = min(p.value for p in tail)
    kinetics = [(p.date, p.value) for p in tail]
    from_baseline, why_baseline = percent_change(latest.value, points[base].value)
    from_nadir, why_nadir = percent_change(latest.value, nadir)
    doubling = doubling_time_days(kinetics)
    slope = log_slope(kinetics)
    overflowed = doubling is None and slope is not None and slope > 0
    reasons = {
        name: why
        for name, why in (
            ("change_from_baseline_percent", why_baseline),
            ("change_from_nadir_percent", why_nadir),
            ("doubling_time_days", NOT_FINITE if overflowed else None),
        )
        if why
    }
    return MarkerSummary(
        latest=latest.value,
        unit=latest.unit,
        change_from_baseline_percent=from_baseline,
        doubling_time_days=doubling,
        marker=marker_of(series),
        latest_date=latest.date,
        baseline=points[base].value,
        baseline_date=points[base].date,
        nadir=nadir,
        change_from_nadir_percent=from_nadir,
        uln=latest.uln,
        above_uln=_above(latest.value, latest.uln),
        values=len(points),
        confounders=codes,
        confounder_notes=[t(f"trends.confounder.{c}") for c in codes],
        null_reasons=reasons,
    )


def summarise_markers(case: Case, t: Translator | None = None) -> dict[str, MarkerSummary]:
    return {
        series: summarise_series(series, points, case, t)
        for series, points in split_series(case.markers).items()
    }


def marker_rows(case: Case) -> dict[str, list[MarkerRow]]:
    """A table per series, oldest first."""
    tables: dict[str, list[MarkerRow]] = {}
    for series, points in split_series(case.markers).items():
        base = _baseline(points, case)
        tables[series] = [
            MarkerRow(
                date=p.date,
                value=p.value,
                unit=p.unit,
                uln=p.uln,
                above_uln=_above(p.value, p.uln),
                original_value=p.original_value,
                original_unit=p.original_unit,
                is_baseline=i == base,
                used_for_kinetics=i >= base,
                change_from_baseline_percent=_percent_change(p.value, points[base].value)
                if i >= base
                else None,
            )
            for i, p in enumerate(points)
        ]
    return tables
