"""Quiz: score a resident's answer to a teaching case against the engine's evaluation.

The resident gives the grade label, the set of options they would offer and, optionally,
"why not" picks: for an option they would not offer, whether its indication is simply not
met (``not_recommended``) or it must not be used (``contraindicated``). The reference is the
engine's evaluation of the case (knowledge base sections 1-5), never a hand-written key, so the
feedback carries the engine's own reasons and sources.

Scoring: one point for the grade, one point per therapy classified correctly as offered or not
offered, one point per correct "why not" pick. ``percent`` is the share of points earned.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from pydantic import BaseModel, Field

from netlogic.clinical.evaluation import Evaluation, OptionResult
from netlogic.model.vocabulary import Status, Therapy

WHY_NOT_CHOICES = (Status.NOT_RECOMMENDED, Status.CONTRAINDICATED)
# The grade labels a resident chooses from (the contract's spellings, shown in the session's
# words by the page), in the order a pathologist reads them: digestive, then thoracic.
GRADE_LABELS = (
    "NET G1",
    "NET G2",
    "NET G3",
    "NEC small cell",
    "NEC large cell",
    "NEC",
    "MiNEN",
    "Typical carcinoid",
    "Atypical carcinoid",
    "Indeterminate",
    "Out of scope",
)


class QuizAnswer(BaseModel):
    grade_label: str | None = None
    offered: set[Therapy] = Field(default_factory=set)
    why_not: dict[Therapy, Status] = Field(default_factory=dict)


class OptionFeedback(BaseModel):
    """One therapy the resident got wrong, with the engine's answer and why."""

    therapy: Therapy
    engine_status: Status
    rule_id: str
    reasons: list[str]
    sources: list[str]

    @classmethod
    def of(cls, option: OptionResult) -> OptionFeedback:
        return cls(
            therapy=option.therapy,
            engine_status=option.status,
            rule_id=option.rule,
            reasons=list(option.reasons),
            sources=list(option.sources),
        )


class WhyNotFeedback(BaseModel):
    therapy: Therapy
    picked: Status
    engine_status: Status
    correct: bool
    reasons: list[str]
    sources: list[str]


class QuizResult(BaseModel):
    grade_given: str | None
    grade_expected: str
    grade_correct: bool
    # Offered by the engine, not by the resident.
    missed: list[OptionFeedback]
    # Offered by the resident, not by the engine.
    wrong: list[OptionFeedback]
    why_not: list[WhyNotFeedback]
    points: int
    max_points: int

    @property
    def percent(self) -> float:
        return round(100 * self.points / self.max_points, 1) if self.max_points else 0.0

    @property
    def perfect(self) -> bool:
        return self.points == self.max_points


def _normalise_label(label: str | None) -> str:
    return " ".join((label or "").split()).casefold()


def make_answer(
    grade_label: str | None,
    offered: Iterable[str | Therapy],
    why_not: Mapping[str | Therapy, str | Status] | None = None,
) -> QuizAnswer:
    """A QuizAnswer from plain values (what a form or a test has at hand)."""
    picks = {Therapy(t): Status(s) for t, s in (why_not or {}).items()}
    for therapy, status in picks.items():
        if status not in WHY_NOT_CHOICES:
            raise ValueError(
                f"why-not pick for {therapy.value} must be not_recommended or "
                f"contraindicated, not {status.value}"
            )
    return QuizAnswer(grade_label=grade_label, offered={Therapy(t) for t in offered}, why_not=picks)


def score_answer(answer: QuizAnswer, evaluation: Evaluation) -> QuizResult:
    """Compare the resident's answer with the engine's evaluation of the same case."""
    grade_correct = _normalise_label(answer.grade_label) == _normalise_label(evaluation.grade.label)
    missed: list[OptionFeedback] = []
    wrong: list[OptionFeedback] = []
    right = 0
    for option in evaluation.options:
        said = option.therapy in answer.offered
        if said == option.offered:
            right += 1
        elif option.offered:
            missed.append(OptionFeedback.of(option))
        else:
            wrong.append(OptionFeedback.of(option))
    why_not: list[WhyNotFeedback] = []
    for option in evaluation.options:
        picked = answer.why_not.get(option.therapy)
        if picked is None:
            continue
        why_not.append(
            WhyNotFeedback(
                therapy=option.therapy,
                picked=picked,
                engine_status=option.status,
                correct=picked is option.status,
                reasons=list(option.reasons),
                sources=list(option.sources),
            )
        )
    points = int(grade_correct) + right + sum(w.correct for w in why_not)
    return QuizResult(
        grade_given=answer.grade_label,
        grade_expected=evaluation.grade.label,
        grade_correct=grade_correct,
        missed=missed,
        wrong=wrong,
        why_not=why_not,
        points=points,
        max_points=1 + len(evaluation.options) + len(why_not),
    )
