"""What one evaluation returns: typed results the pages, exports and CLI read (contract).

Kept apart from :mod:`netlogic.clinical.evaluation` (which runs the engine) so that the pathway
module can build these results without importing the evaluation entry point.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, Field

from netlogic.clinical.grading import GradeResult
from netlogic.model.vocabulary import OFFERED, Status, Therapy
from netlogic.trends.progression import ProgressionResult
from netlogic.trends.summary import Trends


@dataclass(frozen=True, slots=True)
class RuleTrial:
    """One rule tried for a therapy: did it fire, and if not, which parts did not hold.

    A plain dataclass: an evaluation tries about 150 rules, and these are built from values
    the engine has already checked."""

    rule: str
    status: Status
    fired: bool
    unmet: list[str] = field(default_factory=list)


class OptionResult(BaseModel):
    """One node of the pathway tree for this case."""

    therapy: Therapy
    status: Status
    reasons: list[str]
    sources: list[str]
    cautions: list[str] = Field(default_factory=list)
    # The rule that set the status, whether a clinician has reviewed it, and every rule tried
    # before it (what feeds "why not": the rules that would have offered it and what failed).
    rule: str = ""
    reviewed: bool = True
    trace: list[RuleTrial] = Field(default_factory=list)
    # Ids of the cautions and extra reasons that were added (for "rules show" and the screen).
    addenda: list[str] = Field(default_factory=list)

    @property
    def offered(self) -> bool:
        return self.status in OFFERED

    def to_contract(self) -> dict[str, Any]:
        return {
            "therapy": self.therapy.value,
            "status": self.status.value,
            "reasons": list(self.reasons),
            "sources": list(self.sources),
            "cautions": list(self.cautions),
            "rule": self.rule,
            "reviewed": self.reviewed,
        }


class Alert(BaseModel):
    code: str
    message: str
    level: int = 2  # 1 = act before anything else, 2 = act at this meeting, 3 = keep in mind
    sources: list[str] = Field(default_factory=list)
    rule: str = ""
    reviewed: bool = True

    def to_contract(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "message": self.message,
            "level": self.level,
            "sources": list(self.sources),
            "rule": self.rule,
            "reviewed": self.reviewed,
        }


class Evaluation(BaseModel):
    case_id: str
    ruleset_version: str
    grade: GradeResult
    trends: Trends
    progression: ProgressionResult
    options: list[OptionResult]
    alerts: list[Alert]
    lang: str = "en"

    def option(self, therapy: Therapy | str) -> OptionResult:
        wanted = Therapy(therapy)
        return next(o for o in self.options if o.therapy is wanted)

    def alert(self, code: str) -> Alert | None:
        return next((a for a in self.alerts if a.code == code), None)

    @property
    def unreviewed(self) -> bool:
        """True when any status or alert comes from a rule no clinician has reviewed yet."""
        return any(not o.reviewed for o in self.options) or any(not a.reviewed for a in self.alerts)

    def to_contract(self) -> dict[str, Any]:
        """The evaluation object of the contract (with a few added keys, which it allows)."""
        return {
            "case_id": self.case_id,
            "ruleset_version": self.ruleset_version,
            "grade": self.grade.to_contract(),
            "trends": self.trends.to_contract(),
            "progression": self.progression.value.value,
            "progression_derived": self.progression.derived,
            "progression_reason": self.progression.reason,
            "options": [o.to_contract() for o in self.options],
            "alerts": [a.to_contract() for a in self.alerts],
        }
