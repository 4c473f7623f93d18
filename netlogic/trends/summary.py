"""Trend summary of a case: RECIST 1.1 response and marker kinetics (contract "Trend definitions").

Knowledge base section 6. The computations live in :mod:`netlogic.trends.recist` (imaging) and
:mod:`netlogic.trends.markers` (marker series, units from :mod:`netlogic.model.units`);
this module gathers them into the shapes the evaluation, the progression rule and the app read.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from netlogic.model.case import Case
from netlogic.reference.i18n import Translator
from netlogic.trends.markers import MarkerRow, MarkerSummary, marker_rows, summarise_markers
from netlogic.trends.recist import AssessmentRow, RecistSummary, recist_rows, summarise_rows

__all__ = [
    "AssessmentRow",
    "MarkerRow",
    "MarkerSummary",
    "RecistSummary",
    "Trends",
    "compute_trends",
    "marker_tables",
    "recist_table",
]


class Trends(BaseModel):
    recist: RecistSummary = Field(default_factory=RecistSummary)
    markers: dict[str, MarkerSummary] = Field(default_factory=dict)

    def to_contract(self) -> dict[str, Any]:
        return {
            "recist": self.recist.to_contract(),
            "markers": {k: v.to_contract() for k, v in self.markers.items()},
        }


def compute_trends(case: Case, t: Translator | None = None) -> Trends:
    """RECIST summary and one summary per marker series (confounder words in ``t``'s language)."""
    return Trends(
        recist=summarise_rows(recist_rows(case)),
        markers=summarise_markers(case, t),
    )


def recist_table(case: Case) -> list[AssessmentRow]:
    """Every CT/MRI assessment with category, changes and interval growth rate (oldest first)."""
    return recist_rows(case)


def marker_tables(case: Case) -> dict[str, list[MarkerRow]]:
    """One table per marker series (keys as in ``Trends.markers``), oldest value first."""
    return marker_rows(case)
