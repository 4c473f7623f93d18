"""One evaluation of a case: grade, trends, progression, options and alerts (contract).

:func:`evaluate` is the single entry point the CLI, the app, the exports and the what-if tools
call. It is pure: the same case, date and language give the same result.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, Field

from netlogic.clinical.grading import GradeResult, grade_tumour
from netlogic.model.case import Case
from netlogic.model.vocabulary import Status, Therapy
from netlogic.reference.i18n import Translator, translator
from netlogic.trends.progression import ProgressionResult


class OptionResult(BaseModel):
    """One node of the pathway tree for this case."""

    therapy: Therapy
    status: Status
    reasons: list[str]
    sources: list[str]
    cautions: list[str] = Field(default_factory=list)
    # Which rule set the status; the trace of every rule tried (for "why not").
    rule_id: str = ""
    trace: list[dict[str, Any]] = Field(default_factory=list)

    @property
    def offered(self) -> bool:
        return self.status in (Status.RECOMMENDED, Status.OPTION)

    def to_contract(self) -> dict[str, Any]:
        return {
            "therapy": self.therapy.value,
            "status": self.status.value,
            "reasons": list(self.reasons),
            "sources": list(self.sources),
            "cautions": list(self.cautions),
            "rule_id": self.rule_id,
        }


class Alert(BaseModel):
    code: str
    message: str
    level: int = 2  # 1 = act before anything else, 2 = act at this meeting, 3 = keep in mind
    sources: list[str] = Field(default_factory=list)

    def to_contract(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "message": self.message,
            "level": self.level,
            "sources": list(self.sources),
        }


class Evaluation(BaseModel):
    case_id: str
    ruleset_version: str
    grade: GradeResult
    trends: dict[str, Any]
    progression: ProgressionResult
    options: list[OptionResult]
    alerts: list[Alert]
    lang: str = "en"

    def option(self, therapy: Therapy | str) -> OptionResult:
        wanted = Therapy(therapy)
        return next(o for o in self.options if o.therapy is wanted)

    def to_contract(self) -> dict[str, Any]:
        """The evaluation object of the contract (with a few added keys, which it allows)."""
        return {
            "case_id": self.case_id,
            "ruleset_version": self.ruleset_version,
            "grade": self.grade.to_contract(),
            "trends": self.trends,
            "progression": self.progression.value.value,
            "progression_derived": self.progression.derived,
            "progression_reason": self.progression.reason,
            "options": [o.to_contract() for o in self.options],
            "alerts": [a.to_contract() for a in self.alerts],
        }


def evaluate(case: Case, today: date | None = None, lang: str = "en") -> Evaluation:
    """Evaluate one case on the current rule tables (knowledge base sections 1-6)."""
    from netlogic.clinical.pathway import evaluate_pathway
    from netlogic.trends.progression import derive_progression
    from netlogic.trends.summary import compute_trends

    t: Translator = translator(lang)
    grade = grade_tumour(case.tumour, t)
    trends = compute_trends(case)
    progression = derive_progression(case, trends, t)
    options, alerts, version = evaluate_pathway(case, grade, progression, trends, t)
    return Evaluation(
        case_id=case.id,
        ruleset_version=version,
        grade=grade,
        trends=trends.to_contract(),
        progression=progression,
        options=options,
        alerts=alerts,
        lang=t.lang,
    )
