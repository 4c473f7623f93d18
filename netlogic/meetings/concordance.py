"""Concordance of the meeting's decisions with the guideline pathway (a quality indicator
cancer networks audit): how often the decision was a recommended option, an option, or
outside what was offered, and why."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from pydantic import BaseModel, ConfigDict

from netlogic.meetings.views import CaseDecision


class TherapyConcordance(BaseModel):
    model_config = ConfigDict(frozen=True)

    decisions: int
    recommended: int
    option: int
    not_offered: int


class JustificationGroup(BaseModel):
    """Decisions outside the offered options that gave the same justification."""

    model_config = ConfigDict(frozen=True)

    justification: str
    count: int
    therapies: list[str]
    cases: list[dict[str, str]]


class ConcordanceReport(BaseModel):
    model_config = ConfigDict(frozen=True)

    start: date | None
    end: date | None
    decisions: int
    within_recommended: int
    within_option: int
    outside_offered: int
    without_quorum: int
    by_therapy: dict[str, TherapyConcordance]
    justifications: list[JustificationGroup]

    def shares(self) -> dict[str, float | None]:
        """Each count as a fraction of the decisions (None when there is no decision)."""
        raise NotImplementedError

    def to_json(self) -> dict[str, object]:
        """The ``meetings concordance`` document (stable names: other tools read them)."""
        raise NotImplementedError


def concordance_report(
    decisions: Iterable[CaseDecision], start: date | None = None, end: date | None = None
) -> ConcordanceReport:
    """The report over the newest decision of each case at each meeting dated in
    [start, end] (either bound open when None)."""
    raise NotImplementedError
