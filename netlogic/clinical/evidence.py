"""The evidence table (data/evidence.yaml): trials and series named in the knowledge base.

Used for the ``sources`` click-through in the app and the what-if timeline. Every figure is a
trial result for a trial population, never a prediction for one patient (knowledge base
section 7). Populations, arms and notes are written in English and French; endpoints are
codes whose words live in the translation catalogues, so a French page reads French
("13,8 mois", never "13.8 months").
"""

from __future__ import annotations

import re
from enum import StrEnum
from pathlib import Path

from pydantic import Field

from netlogic.model.vocabulary import GradeFamily, PrimarySite, Therapy
from netlogic.reference.i18n import Translator, fmt_number
from netlogic.reference.loading import (
    LocalText,
    ProblemCollector,
    StrictModel,
    check_sources,
    read_yaml,
    rule_cache,
    rules_dir,
    validate_items,
    validate_review,
)

EVIDENCE_FILE_NAME = "evidence.yaml"


class Endpoint(StrEnum):
    PROGRESSION_FREE_SURVIVAL = "progression_free_survival"
    TIME_TO_PROGRESSION = "time_to_progression"
    OVERALL_SURVIVAL = "overall_survival"
    OBJECTIVE_RESPONSE = "objective_response"
    PROGRESSION_FREE_RATE_9_MONTHS = "progression_free_rate_9_months"


# Endpoints a "time until progression" bar may be drawn from (the what-if timeline); an
# overall-survival median on the same axis would read as a progression figure.
PROGRESSION_ENDPOINTS = frozenset(
    {Endpoint.PROGRESSION_FREE_SURVIVAL, Endpoint.TIME_TO_PROGRESSION}
)


class ArmMedians(StrictModel):
    experimental: float | None = None
    control: float | None = None


class TrialResult(StrictModel):
    """A further endpoint of a trial (the final overall survival, for example)."""

    endpoint: Endpoint
    medians_months: ArmMedians = ArmMedians()
    hazard_ratio: float | None = None
    # False: the trial reports no significant difference (say so beside the figures).
    significant: bool | None = None
    note: LocalText | None = None


class Trial(StrictModel):
    id: str
    # The trial's name as rules cite it, when several rows (cohorts) share it; else the id.
    name: str | None = None
    therapy: Therapy
    population: LocalText
    sites: list[PrimarySite]
    families: list[GradeFamily]
    setting: str = Field(pattern="^(first_line|after_progression|after_ssa|any_line)$")
    arms: list[LocalText] = Field(min_length=1)
    endpoint: Endpoint
    medians_months: ArmMedians
    hazard_ratio: float | None = None
    response_rate_percent: float | None = None
    note: LocalText | None = None
    other_results: list[TrialResult] = Field(default_factory=list)
    sources: list[str]

    @property
    def display_name(self) -> str:
        return self.name or self.id

    @property
    def median_pfs_months(self) -> ArmMedians:
        """The medians when the primary endpoint is progression-free survival or time to
        progression; empty otherwise (an overall-survival median is not a PFS figure)."""
        return self.medians_months if self.endpoint in PROGRESSION_ENDPOINTS else ArmMedians()

    @property
    def single_arm(self) -> bool:
        return len(self.arms) == 1


class PrognosisRow(StrictModel):
    id: str
    population: LocalText
    figures: list[LocalText]
    sources: list[str]


def _source_key(name: str) -> str:
    """'CLARINET FORTE', 'clarinet-forte' and 'CLARINET_FORTE' name the same trial."""
    return re.sub(r"[^0-9a-z]", "", name.casefold())


class EvidenceTable(StrictModel):
    trials: tuple[Trial, ...]
    prognosis: tuple[PrognosisRow, ...]

    def trial(self, trial_id: str) -> Trial | None:
        return next((t for t in self.trials if t.id == trial_id), None)

    def trials_cited_as(self, source: str) -> list[Trial]:
        """Every row of the trial a rule cites by name ('CABINET': both its cohorts)."""
        key = _source_key(source)
        return [t for t in self.trials if key in (_source_key(t.id), _source_key(t.display_name))]

    def for_therapy(self, therapy: Therapy) -> list[Trial]:
        return [t for t in self.trials if t.therapy is therapy]


def _months(value: float | None, digits: int) -> str:
    return "?" if value is None else f"{value:.{digits}f}" if digits else fmt_number(value)


def _median_pair(medians: ArmMedians) -> tuple[str | None, str | None]:
    """Both arms with the same precision: '48.0' beside '36.3', '14' beside '6'."""
    values = [v for v in (medians.experimental, medians.control) if v is not None]
    digits = 1 if any(not float(v).is_integer() for v in values) else 0
    return (
        None if medians.experimental is None else _months(medians.experimental, digits),
        None if medians.control is None else _months(medians.control, digits),
    )


def result_text(
    endpoint: Endpoint,
    medians: ArmMedians,
    t: Translator,
    hazard_ratio: float | None = None,
    significant: bool | None = None,
    single_arm: bool = False,
) -> str:
    """One trial result in words: 'progression-free survival: median 13.8 vs 4.4 months;
    hazard ratio 0.23' (French: '13,8 contre 4,4 mois')."""
    experimental, control = _median_pair(medians)
    words = t(f"evidence.endpoint.{endpoint.value}")
    if experimental is not None and control is not None:
        text = t("evidence.result.both", endpoint=words, experimental=experimental, control=control)
    elif experimental is not None:
        key = "evidence.result.single_arm" if single_arm else "evidence.result.experimental"
        text = t(key, endpoint=words, experimental=experimental)
    elif control is not None:
        text = t("evidence.result.not_reached", endpoint=words, control=control)
    else:
        text = t("evidence.result.no_median", endpoint=words)
    if hazard_ratio is not None:
        text += t("evidence.result.hazard_ratio", hr=f"{hazard_ratio:.2f}")
    if significant is False:
        text += t("evidence.result.not_significant")
    return text


def trial_results(trial: Trial, t: Translator) -> list[str]:
    """The trial's results in words, primary endpoint first (trial results, not predictions)."""
    lines = []
    rate = trial.response_rate_percent
    if not (trial.endpoint is Endpoint.OBJECTIVE_RESPONSE and rate is not None):
        lines.append(
            result_text(
                trial.endpoint,
                trial.medians_months,
                t,
                trial.hazard_ratio,
                single_arm=trial.single_arm,
            )
        )
    if rate is not None:
        lines.append(t("evidence.result.response_rate", percent=fmt_number(rate)))
    for other in trial.other_results:
        medians = other.medians_months
        note = other.note.get(t.lang) if other.note is not None else None
        if medians.experimental is None and medians.control is None and note:
            # "overall survival: not different between the arms" says it all.
            words = t(f"evidence.endpoint.{other.endpoint.value}")
            lines.append(t("evidence.result.in_words", endpoint=words, words=note))
            continue
        line = result_text(other.endpoint, medians, t, other.hazard_ratio, other.significant)
        lines.append(f"{line} ({note})" if note else line)
    return lines


def load_evidence(path: Path | None = None) -> EvidenceTable:
    path = path or rules_dir() / EVIDENCE_FILE_NAME
    problems = ProblemCollector()
    raw = read_yaml(path, problems) or {}
    trials = validate_items(path, raw.get("trials"), Trial, problems)
    prognosis = validate_items(path, raw.get("prognosis"), PrognosisRow, problems)
    validate_review(path, raw, problems)
    seen: set[str] = set()
    cited: list[tuple[str, list[str]]] = [(t.id, t.sources) for t in trials]
    cited += [(p.id, p.sources) for p in prognosis]
    for row_id, sources in cited:
        if row_id in seen:
            problems.add(path, row_id, "duplicate id")
        seen.add(row_id)
        check_sources(path, row_id, sources, problems)
    problems.raise_if_any()
    return EvidenceTable(trials=tuple(trials), prognosis=tuple(prognosis))


@rule_cache
def evidence() -> EvidenceTable:
    """The evidence table, read once per process (static reference data, no patient data)."""
    return load_evidence()
