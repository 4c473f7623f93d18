"""Trend summary of a case: RECIST 1.1 response and marker kinetics (contract "Trend definitions").

PLACEHOLDER: the trends issue replaces this with the real computations (netlogic/recist.py,
netlogic/markers.py). The shapes below are the interface the evaluation relies on.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from netlogic.case import Case
from netlogic.vocabulary import Response


class RecistSummary(BaseModel):
    baseline_mm: float | None = None
    nadir_mm: float | None = None
    latest_mm: float | None = None
    latest: Response | None = None
    tgr_percent_per_month: float | None = None
    assessments: int = 0

    def to_contract(self) -> dict[str, Any]:
        return {
            "baseline_mm": self.baseline_mm,
            "nadir_mm": self.nadir_mm,
            "latest_mm": self.latest_mm,
            "latest": self.latest.value if self.latest else None,
            "tgr_percent_per_month": self.tgr_percent_per_month,
        }


class MarkerSummary(BaseModel):
    latest: float | None = None
    unit: str = ""
    change_from_baseline_percent: float | None = None
    doubling_time_days: float | None = None

    def to_contract(self) -> dict[str, Any]:
        return self.model_dump()


class Trends(BaseModel):
    recist: RecistSummary = Field(default_factory=RecistSummary)
    markers: dict[str, MarkerSummary] = Field(default_factory=dict)

    def to_contract(self) -> dict[str, Any]:
        return {
            "recist": self.recist.to_contract(),
            "markers": {k: v.to_contract() for k, v in self.markers.items()},
        }


def compute_trends(case: Case) -> Trends:
    return Trends()
