"""The evidence table (data/evidence.yaml): trials and series named in the knowledge base.

Used for the ``sources`` click-through in the app, the tumour-board export and the what-if
timeline. Every figure is a trial result for a trial population, never a prediction for one
patient (knowledge base section 7).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pydantic import Field

from netlogic.model.vocabulary import GradeFamily, PrimarySite, Therapy
from netlogic.reference.loading import (
    DATA_DIR,
    ProblemCollector,
    Review,
    StrictModel,
    check_sources,
    read_yaml,
    validate_items,
)

EVIDENCE_FILE = DATA_DIR / "evidence.yaml"


class ArmMedians(StrictModel):
    experimental: float | None = None
    control: float | None = None


class Trial(StrictModel):
    id: str
    therapy: Therapy
    population: str
    sites: list[PrimarySite]
    families: list[GradeFamily]
    setting: str = Field(pattern="^(first_line|after_progression|after_ssa|any_line)$")
    arms: list[str]
    endpoint: str
    median_pfs_months: ArmMedians
    hazard_ratio: float | None = None
    response_rate_percent: float | None = None
    note: str | None = None
    sources: list[str]


class PrognosisRow(StrictModel):
    id: str
    population: str
    figures: list[str]
    sources: list[str]


class EvidenceTable(StrictModel):
    version: str
    trials: tuple[Trial, ...]
    prognosis: tuple[PrognosisRow, ...]

    def trial(self, trial_id: str) -> Trial | None:
        return next((t for t in self.trials if t.id == trial_id), None)

    def for_therapy(self, therapy: Therapy) -> list[Trial]:
        return [t for t in self.trials if t.therapy is therapy]

    def best_match(
        self, therapy: Therapy, site: PrimarySite, family: GradeFamily | None
    ) -> Trial | None:
        """The trial whose population fits the case best: site and family, then site, then any.

        Only trials with a median PFS/TTP figure for the experimental arm are candidates, as
        this feeds the illustrative timeline.
        """
        with_median = [
            t for t in self.for_therapy(therapy) if t.median_pfs_months.experimental is not None
        ]
        tiers = [
            [
                t
                for t in with_median
                if site in t.sites and (family is None or family in t.families)
            ],
            [t for t in with_median if site in t.sites],
            [t for t in with_median if family is not None and family in t.families],
        ]
        for tier in tiers:
            if tier:
                return tier[0]
        return None


def load_evidence(path: Path = EVIDENCE_FILE) -> EvidenceTable:
    problems = ProblemCollector()
    raw = read_yaml(path, problems) or {}
    trials = validate_items(path, raw.get("trials"), Trial, problems)
    prognosis = validate_items(path, raw.get("prognosis"), PrognosisRow, problems)
    Review.model_validate(raw.get("review"))
    seen: set[str] = set()
    cited: list[tuple[str, list[str]]] = [(t.id, t.sources) for t in trials]
    cited += [(p.id, p.sources) for p in prognosis]
    for row_id, sources in cited:
        if row_id in seen:
            problems.add(path, row_id, "duplicate id")
        seen.add(row_id)
        check_sources(path, row_id, sources, problems)
    problems.raise_if_any()
    return EvidenceTable(
        version=str(raw["version"]), trials=tuple(trials), prognosis=tuple(prognosis)
    )


@cache
def evidence() -> EvidenceTable:
    """The evidence table, read once per process (static reference data, no patient data)."""
    return load_evidence()
