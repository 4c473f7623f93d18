"""Concordance of the meeting's decisions with the guideline pathway (a quality indicator
cancer networks audit): how often the decision was a recommended option, an option, or
outside what was offered, and why."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date

from pydantic import BaseModel, ConfigDict

from netlogic.meetings.views import CaseDecision
from netlogic.model.meeting import Concordance
from netlogic.model.vocabulary import OFFERED, Status, Therapy


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
        counts = {
            "within_recommended": self.within_recommended,
            "within_option": self.within_option,
            "outside_offered": self.outside_offered,
            "without_quorum": self.without_quorum,
        }
        if self.decisions == 0:
            return dict.fromkeys(counts)
        return {k: round(v / self.decisions, 4) for k, v in counts.items()}

    def to_json(self) -> dict[str, object]:
        """The ``meetings concordance`` document (stable names: other tools read them)."""
        return {
            "from": None if self.start is None else self.start.isoformat(),
            "to": None if self.end is None else self.end.isoformat(),
            "decisions": self.decisions,
            "within_recommended": self.within_recommended,
            "within_option": self.within_option,
            "outside_offered": self.outside_offered,
            "without_quorum": self.without_quorum,
            "shares": self.shares(),
            "by_therapy": {k: v.model_dump() for k, v in self.by_therapy.items()},
            "justifications": [g.model_dump() for g in self.justifications],
        }


def _group_key(text: str) -> str:
    # "Patient declined PRRT." and "patient declined  PRRT" are the same reason.
    return " ".join(text.split()).rstrip(".").casefold()


def concordance_report(
    decisions: Iterable[CaseDecision], start: date | None = None, end: date | None = None
) -> ConcordanceReport:
    """The report over the newest decision of each case at each meeting dated in
    [start, end] (either bound open when None). Justifications are those of the decisions
    outside the offered options, grouped by their words (case and spacing ignored), most
    frequent first."""
    counted = [
        d
        for d in decisions
        if not d.superseded
        and (start is None or d.meeting_date >= start)
        and (end is None or d.meeting_date <= end)
    ]
    by_class = Counter(d.decision.concordance for d in counted)
    per_therapy: dict[Therapy, Counter[str]] = {}
    groups: dict[str, list[CaseDecision]] = {}
    for d in counted:
        for therapy, status in d.decision.status_at_decision.items():
            tally = per_therapy.setdefault(therapy, Counter())
            tally["decisions"] += 1
            tally[status.value if status in OFFERED else "not_offered"] += 1
        if d.decision.concordance is Concordance.OUTSIDE_OFFERED and d.decision.justification:
            groups.setdefault(_group_key(d.decision.justification), []).append(d)
    justifications = [
        JustificationGroup(
            justification=members[0].decision.justification or "",
            count=len(members),
            therapies=sorted(
                {
                    t.value
                    for m in members
                    for t, s in m.decision.status_at_decision.items()
                    if s not in OFFERED
                }
            ),
            cases=[{"meeting_id": m.meeting_id, "case_id": m.decision.case_id} for m in members],
        )
        for members in sorted(
            groups.values(), key=lambda g: (-len(g), _group_key(g[0].decision.justification or ""))
        )
    ]
    return ConcordanceReport(
        start=start,
        end=end,
        decisions=len(counted),
        within_recommended=by_class[Concordance.WITHIN_RECOMMENDED],
        within_option=by_class[Concordance.WITHIN_OPTION],
        outside_offered=by_class[Concordance.OUTSIDE_OFFERED],
        without_quorum=sum(1 for d in counted if not d.decision.quorum),
        by_therapy={
            t.value: TherapyConcordance(
                decisions=c["decisions"],
                recommended=c[Status.RECOMMENDED.value],
                option=c[Status.OPTION.value],
                not_offered=c["not_offered"],
            )
            for t in Therapy
            if (c := per_therapy.get(t)) is not None
        },
        justifications=justifications,
    )
