"""Treatment sequencing: check a planned order of lines, one step at a time.

Knowledge base section 4 ("a failed line is not offered again", "Sequencing principles":
least toxic first, PRRT after SSA in midgut, PRRT after everolimus in lung carcinoids) and
the PRRT and oxaliplatin cautions. Each planned step is evaluated by the pathway engine on the
case *as it would be* after the steps before it: the earlier planned lines are added to the
history as lines stopped for progression, on plausible consecutive dates ending no later than
the evaluation date, and the disease is made progressive where the team had not recorded a
pace (a new line is only started after progression). The engine then says whether the step is
offered; this module adds only what the *order* implies (``data/sequencing.yaml``: washout
before PRRT, oxaliplatin cycle limit, cumulative marrow toxicity) and never changes a status.

Verdict per step: ``allowed`` (offered, no caution), ``allowed_with_cautions`` (offered, with
a case-specific engine caution or a sequencing caution; the engine's standing notes on dose
and schedule, which come with every offer of the drug, are kept apart as ``notes``) or
``against_rules`` (not offered at that step, with the engine's rule and sources).

The evidence shown for each step (the trial whose population best fits the case's site,
family, Ki-67, syndrome and line setting) uses the facts the table keeps only in free text,
written as data in ``data/sequencing.yaml`` (Ki-67 windows, functional or not, "context only"
trials, "not reached" medians, a prior line the trial required); it is a trial result, never a
prediction for this patient.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from netlogic.clinical.conditions import condition_problems, holds
from netlogic.clinical.evaluation import OptionResult, evaluate
from netlogic.clinical.evidence import Endpoint, Trial, evidence
from netlogic.clinical.facts import STEP_FACT_SPECS, StepFacts
from netlogic.clinical.grading import grade_tumour
from netlogic.clinical.rules import ruleset
from netlogic.model.bounds import SEQUENCE_STEPS_MAX, shown
from netlogic.model.case import Case, TreatmentLine
from netlogic.model.vocabulary import (
    FunctionalSyndrome,
    GradeFamily,
    Progression,
    Status,
    StopReason,
    Therapy,
)
from netlogic.reference.i18n import fill, normalise_language
from netlogic.reference.loading import (
    LocalText,
    ProblemCollector,
    StrictModel,
    check_sources,
    line_of,
    read_yaml,
    rule_cache,
    rules_dir,
    validate_items,
    validate_review,
)

SEQUENCING_FILE_NAME = "sequencing.yaml"
# Planned earlier lines are laid out with this length each (about six months) when the
# history leaves room; shorter when it does not. Dates only need to be plausible and ordered.
PLANNED_LINE_DAYS = 182
PRRT_CYCLES = 4
CHEMOTHERAPIES = frozenset(
    {Therapy.CHEMO_ALKYLATING, Therapy.CHEMO_OXALIPLATIN, Therapy.CHEMO_PLATINUM_ETOPOSIDE}
)


class Verdict(StrEnum):
    ALLOWED = "allowed"
    ALLOWED_WITH_CAUTIONS = "allowed_with_cautions"
    AGAINST_RULES = "against_rules"


class SequencingRule(StrictModel):
    """A caution a planned order of lines adds; ``when`` is in the shared condition language
    over :class:`netlogic.clinical.facts.StepFacts` (therapy, previous_lines, prior_lines,
    prior_chemotherapy_lines)."""

    id: str = Field(pattern=r"^SEQ-[A-Z0-9-]+$")
    when: dict[str, Any] = Field(min_length=1)
    caution: LocalText
    # Engine cautions (data/pathway) that already say this: when one is shown for the step,
    # its text is used instead of ours, so the same advice is never printed twice.
    covered_by: list[str] = Field(default_factory=list)
    sources: list[str]


class EvidenceRefinement(StrictModel):
    """Facts about one trial's population that the evidence table keeps only in words."""

    id: str
    ki67_min: float | None = None
    ki67_max: float | None = None
    functional_only: bool = False
    non_functional_only: bool = False
    context_only: bool = False
    not_reached_beyond_months: float | None = None
    # The trial enrolled only after one of these lines (escalated SSA dosing after an SSA):
    # its figure is not shown for a step without such a line before it.
    after_one_of: list[Therapy] = Field(default_factory=list)
    sources: list[str]


class SequencingRules(StrictModel):
    rules: tuple[SequencingRule, ...]
    evidence: tuple[EvidenceRefinement, ...]

    def refinement(self, trial_id: str) -> EvidenceRefinement | None:
        return next((r for r in self.evidence if r.id == trial_id), None)


def load_sequencing_rules(path: Path | None = None) -> SequencingRules:
    path = path or rules_dir() / SEQUENCING_FILE_NAME
    problems = ProblemCollector()
    raw = read_yaml(path, problems) or {}
    rules = validate_items(path, raw.get("rules"), SequencingRule, problems)
    refinements = validate_items(path, raw.get("evidence"), EvidenceRefinement, problems)
    validate_review(path, raw, problems)
    seen: set[str] = set()
    known_trials = {t.id for t in evidence().trials}
    lines = {
        item.get("id"): line_of(item) for item in raw.get("rules") or [] if isinstance(item, dict)
    }
    for rule in rules:
        for text in condition_problems(rule.when, specs=STEP_FACT_SPECS):
            problems.add(path, rule.id, text, lines.get(rule.id))
    for rule_id, sources in [(r.id, r.sources) for r in rules] + [
        (e.id, e.sources) for e in refinements
    ]:
        if rule_id in seen:
            problems.add(path, rule_id, "duplicate id")
        seen.add(rule_id)
        check_sources(path, rule_id, sources, problems)
    for e in refinements:
        if e.id not in known_trials:
            problems.add(path, e.id, "refines a trial that is not in evidence.yaml")
    problems.raise_if_any()
    return SequencingRules(rules=tuple(rules), evidence=tuple(refinements))


@rule_cache
def sequencing_rules() -> SequencingRules:
    """The sequencing rule file, read once per process (static rule data, no patient data)."""
    return load_sequencing_rules()


class UnknownTherapyError(ValueError):
    """A planned therapy id that is not one of the pathway's nodes."""


def parse_therapies(names: Sequence[str | Therapy]) -> list[Therapy]:
    """Therapy ids as typed (``ssa``, ``PRRT``) -> Therapy; unknown ids are named in the error."""
    if not names:
        raise UnknownTherapyError("the plan is empty: name at least one therapy")
    if len(names) > SEQUENCE_STEPS_MAX:
        # Each step is a full evaluation: a plan of 2000 lines ran for minutes.
        raise UnknownTherapyError(
            f"the plan has {len(names)} therapies; at most {SEQUENCE_STEPS_MAX} can be checked"
        )
    out: list[Therapy] = []
    for name in names:
        if isinstance(name, Therapy):
            out.append(name)
            continue
        try:
            out.append(Therapy(name.strip().lower()))
        except ValueError:
            known = ", ".join(t.value for t in Therapy)
            raise UnknownTherapyError(
                f"unknown therapy {shown(name)}; known therapy ids: {known}"
            ) from None
    return out


# ---------------------------------------------------------------------------------------------
# Evidence matching


class EvidenceMatch(BaseModel):
    """The trial shown for one step: its figures are for its population, not this patient."""

    trial_id: str
    # The trial's name as a reader knows it ("CABINET" for the row CABINET-PANCREAS).
    trial_name: str
    population: str
    endpoint: Endpoint
    arm: str
    median_pfs_months: float | None
    not_reached: bool
    # How far the bar of a "not reached" median may be drawn: the follow-up it was not reached
    # at; None when the table gives no such figure.
    not_reached_beyond_months: float | None
    control_median_months: float | None
    note: str | None
    sources: list[str]

    @property
    def bar_months(self) -> float | None:
        return self.median_pfs_months if not self.not_reached else self.not_reached_beyond_months


def _setting_for(prior: Sequence[Therapy]) -> str:
    if not prior:
        return "first_line"
    return "after_ssa" if Therapy.SSA in prior else "after_progression"


def _setting_score(trial_setting: str, wanted: str) -> int:
    if trial_setting == wanted:
        return 2
    if trial_setting == "any_line":
        return 1
    if {trial_setting, wanted} == {"after_ssa", "after_progression"}:
        return 1
    return 0


def match_evidence(
    case: Case,
    therapy: Therapy,
    prior: Sequence[Therapy],
    family: GradeFamily | None = None,
    lang: str = "en",
) -> EvidenceMatch | None:
    """The trial whose population best fits this step, or None when no trial has a figure.

    Candidates must include the case's site and grade family (family indeterminate: site
    only), fit its Ki-67 window and functional status, not be "context only", and report a
    median or a "not reached" follow-up. Score: family 2, line setting 2 (any line 1); ties go
    to the table's order.
    """
    rules = sequencing_rules()
    fam = family if family is not None else grade_tumour(case.tumour).family
    site = case.tumour.primary_site
    ki67 = case.tumour.ki67_percent
    functional = case.tumour.functional_syndrome is not FunctionalSyndrome.NONE
    wanted = _setting_for(prior)
    best: tuple[int, Trial] | None = None
    for trial in evidence().for_therapy(therapy):
        ref = rules.refinement(trial.id)
        if ref is not None:
            if ref.context_only:
                continue
            if ki67 is not None and ref.ki67_min is not None and ki67 < ref.ki67_min:
                continue
            if ki67 is not None and ref.ki67_max is not None and ki67 > ref.ki67_max:
                continue
            if ref.functional_only and not functional:
                continue
            if ref.non_functional_only and functional:
                continue
            if ref.after_one_of and not set(ref.after_one_of) & set(prior):
                continue
        has_figure = trial.median_pfs_months.experimental is not None or (
            ref is not None and ref.not_reached_beyond_months is not None
        )
        if not has_figure:
            continue
        site_ok = site in trial.sites
        family_ok = fam in trial.families
        # A trial in another organ is not evidence for this one (sunitinib: pancreas only).
        if not site_ok or not (family_ok or fam is GradeFamily.INDETERMINATE):
            continue
        score = 2 * family_ok + _setting_score(trial.setting, wanted)
        if best is None or score > best[0]:
            best = (score, trial)
    if best is None:
        return None
    trial = best[1]
    ref = rules.refinement(trial.id)
    median = trial.median_pfs_months.experimental
    return EvidenceMatch(
        trial_id=trial.id,
        trial_name=trial.display_name,
        population=trial.population.get(lang),
        endpoint=trial.endpoint,
        arm=trial.arms[0].get(lang),
        median_pfs_months=median,
        not_reached=median is None,
        not_reached_beyond_months=ref.not_reached_beyond_months if ref else None,
        control_median_months=trial.median_pfs_months.control,
        note=trial.note.get(lang) if trial.note else None,
        sources=list(trial.sources),
    )


# ---------------------------------------------------------------------------------------------
# The plan, step by step


class SequenceStep(BaseModel):
    index: int
    therapy: Therapy
    verdict: Verdict
    status: Status
    rule_id: str
    reasons: list[str]
    # Cautions for this case at this step (the engine's conditional ones and the plan's).
    cautions: list[str]
    # Standing notes the engine gives whenever the therapy is offered (dose, schedule).
    notes: list[str] = Field(default_factory=list)
    sources: list[str]
    sequencing_rules: list[str]
    evidence: EvidenceMatch | None
    # The dates this step was given as an earlier line for the later steps (None for the last).
    planned_start: date | None = None
    planned_end: date | None = None

    def to_contract(self) -> dict[str, Any]:
        ev = self.evidence
        return {
            "therapy": self.therapy.value,
            "verdict": self.verdict.value,
            "status": self.status.value,
            "rule_id": self.rule_id,
            "reasons": list(self.reasons),
            "cautions": list(self.cautions),
            "notes": list(self.notes),
            "sources": list(self.sources),
            "sequencing_rules": list(self.sequencing_rules),
            "median_pfs_months": ev.median_pfs_months if ev else None,
            "median_not_reached": ev.not_reached if ev else False,
            "evidence": ev.trial_id if ev else None,
        }


class SequenceResult(BaseModel):
    case_id: str
    therapies: list[Therapy]
    steps: list[SequenceStep]

    @property
    def first_against_rules(self) -> SequenceStep | None:
        return next((s for s in self.steps if s.verdict is Verdict.AGAINST_RULES), None)

    @property
    def all_allowed(self) -> bool:
        return self.first_against_rules is None

    def to_contract(self) -> dict[str, Any]:
        return {"steps": [s.to_contract() for s in self.steps]}


def planned_dates(case: Case, count: int, today: date) -> list[tuple[date, date]]:
    """Consecutive (start, end) dates for ``count`` earlier planned lines, the last ending today.

    They start after every recorded treatment date, so the history stays in order; when the
    history leaves less room than six months a line, the lines are shortened to fit.
    """
    if count <= 0:
        return []
    recorded = [d for t in case.treatments for d in (t.start, t.end) if d is not None]
    earliest = today - timedelta(days=PLANNED_LINE_DAYS * count)
    first = max([earliest, *recorded]) if recorded else earliest
    first = min(first, today)
    step_days = (today - first).days // count
    out = []
    for j in range(count):
        start = first + timedelta(days=step_days * j)
        end = today if j == count - 1 else start + timedelta(days=step_days)
        out.append((start, end))
    return out


def case_after(case: Case, planned: Sequence[Therapy], today: date) -> Case:
    """The case as it would be after the ``planned`` lines, each stopped for progression."""
    if not planned:
        return case
    dates = planned_dates(case, len(planned), today)
    first_start = dates[0][0]
    history: list[TreatmentLine] = []
    continued = False
    for line in case.treatments:
        if line.ongoing:
            # Starting the next planned line means the current one has failed. A plan that
            # begins with the ongoing therapy continues it rather than starting it again.
            same = line.therapy is planned[0] and not continued
            continued = continued or same
            end = dates[0][1] if same else max(first_start, line.start)
            line = line.model_copy(update={"end": end, "stop_reason": StopReason.PROGRESSION})
        history.append(line)
    for j, therapy in enumerate(planned):
        if j == 0 and continued:
            continue
        start, end = dates[j]
        history.append(
            TreatmentLine(
                therapy=therapy,
                agent="planned (what-if)",
                start=start,
                end=end,
                best_response=None,
                stop_reason=StopReason.PROGRESSION,
                cycles=PRRT_CYCLES if therapy is Therapy.PRRT else None,
            )
        )
    progression = case.disease.progression
    if progression not in (Progression.SLOW, Progression.RAPID):
        progression = Progression.SLOW
    disease = case.disease.model_copy(update={"progression": progression, "stable_months": None})
    return case.model_copy(update={"treatments": history, "disease": disease})


def _previous_therapies(case: Case, planned: Sequence[Therapy]) -> list[Therapy]:
    """What was given just before this step: the last planned line, else the recorded
    ongoing lines, else the recorded line that ended last."""
    if planned:
        return [planned[-1]]
    ongoing = [t.therapy for t in case.treatments if t.ongoing]
    if ongoing:
        return ongoing
    ended = [t for t in case.treatments if t.end is not None]
    if not ended:
        return []
    return [max(ended, key=lambda t: t.end or t.start).therapy]


def sequencing_cautions(
    case: Case, planned: Sequence[Therapy], therapy: Therapy, lang: str = "en"
) -> list[tuple[SequencingRule, str]]:
    """(rule, caution text) for each sequencing rule this step triggers."""
    prior = [t.therapy for t in case.treatments] + list(planned)
    step = StepFacts(
        therapy=therapy,
        previous_lines=frozenset(_previous_therapies(case, planned)),
        prior_lines=frozenset(prior),
        prior_chemotherapy_lines=sum(p in CHEMOTHERAPIES for p in prior),
    )
    facts = dict(step)
    return [
        (rule, rule.caution.get(lang))
        for rule in sequencing_rules().rules
        if holds(rule.when, facts, therapy.value, STEP_FACT_SPECS)
    ]


def engine_cautions(therapy: Therapy, lang: str) -> tuple[dict[str, str], set[str]]:
    """The engine's caution texts for a therapy by id, and the ids that always apply.

    A caution with no condition (a dose, a schedule, the drug's usual toxicity) is a standing
    note about the drug, not a caution about this case at this step.
    """
    rules = ruleset()
    table = rules.for_therapy(therapy)
    addenda = [*table.cautions, *(c for c in rules.common_cautions if c.applies_to(therapy))]
    language = normalise_language(lang)
    texts = {a.id: fill(a.text.get(language), language) for a in addenda}
    return texts, {a.id for a in addenda if a.note or not a.when}


def _split_cautions(
    option: OptionResult,
    triggered: Sequence[tuple[SequencingRule, str]],
    lang: str,
) -> tuple[list[str], list[str]]:
    """(cautions, notes) for an offered step: case-specific cautions first, then the plan's."""
    texts, standing = engine_cautions(option.therapy, lang)
    standing_texts = {texts[i] for i in standing}
    cautions = [c for c in option.cautions if c not in standing_texts]
    notes = [c for c in option.cautions if c in standing_texts]
    for rule, text in triggered:
        covering = [texts[i] for i in rule.covered_by if texts.get(i) in option.cautions]
        if covering:
            notes = [n for n in notes if n not in covering]
            cautions += [c for c in covering if c not in cautions]
        elif text not in cautions:
            cautions.append(text)
    return cautions, notes


def _unique(items: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(items))


def evaluate_sequence(
    case: Case, therapies: Sequence[str | Therapy], today: date | None = None, lang: str = "en"
) -> SequenceResult:
    """Evaluate each planned line on the case as it would be after the lines before it."""
    plan = parse_therapies(therapies)
    day = today or date.today()
    dates = planned_dates(case, len(plan) - 1, day)
    steps: list[SequenceStep] = []
    for i, therapy in enumerate(plan):
        earlier = plan[:i]
        step_case = case_after(case, earlier, day)
        ev = evaluate(step_case, today=day, lang=lang)
        option = ev.option(therapy)
        seq = sequencing_cautions(case, earlier, therapy, lang)
        if option.offered:
            cautions, notes = _split_cautions(option, seq, lang)
        else:
            # Cautions of a line that should not be given would only distract from the reason.
            cautions, notes, seq = list(option.cautions), [], []
        if not option.offered:
            verdict = Verdict.AGAINST_RULES
        elif cautions:
            verdict = Verdict.ALLOWED_WITH_CAUTIONS
        else:
            verdict = Verdict.ALLOWED
        prior = [t.therapy for t in case.treatments] + earlier
        start, end = dates[i] if i < len(dates) else (None, None)
        steps.append(
            SequenceStep(
                index=i,
                therapy=therapy,
                verdict=verdict,
                status=option.status,
                rule_id=option.rule,
                reasons=list(option.reasons),
                cautions=cautions,
                notes=notes,
                sources=_unique([*option.sources, *(s for rule, _ in seq for s in rule.sources)]),
                sequencing_rules=[rule.id for rule, _ in seq],
                evidence=match_evidence(step_case, therapy, prior, ev.grade.family, lang),
                planned_start=start,
                planned_end=end,
            )
        )
    return SequenceResult(case_id=case.id, therapies=plan, steps=steps)


def compare_sequences(
    case: Case,
    plans: Mapping[str, Sequence[str | Therapy]],
    today: date | None = None,
    lang: str = "en",
) -> dict[str, SequenceResult]:
    """Several alternative plans for the same case, evaluated independently."""
    return {name: evaluate_sequence(case, plan, today, lang) for name, plan in plans.items()}


def _step_codes(step: SequenceStep) -> str:
    return f"{step.therapy.value}: {step.verdict.value}"


def side_by_side(
    results: Mapping[str, SequenceResult],
    describe: Callable[[SequenceStep], str] = _step_codes,
) -> list[dict[str, str]]:
    """One row per line number; one column per plan: ``describe(step)`` (codes by default,
    ``therapy: verdict``; the app passes one in words)."""
    depth = max((len(r.steps) for r in results.values()), default=0)
    rows = []
    for i in range(depth):
        row = {"line": str(i + 1)}
        for name, result in results.items():
            step = result.steps[i] if i < len(result.steps) else None
            row[name] = describe(step) if step else ""
        rows.append(row)
    return rows
