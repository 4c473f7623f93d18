"""What-if scenarios: change a few fields of a case and see what the pathway does differently.

Knowledge base sections 1 and 4: the grade follows Ki-67 and the mitotic count, the options
follow the grade, SSTR imaging, burden, pace and comorbidities. A scenario is a named set of
field changes (``{"tumour.ki67_percent": 25}``) applied to a copy of the case; the copy is
validated again, so a what-if can never produce a case the contract would refuse.

:func:`compare_evaluations` reports what changed between two evaluations and, for each
therapy whose status moved, the rule that set the new status with its reasons: the teaching
point of a what-if is *which* rule made the difference.

Besides dotted paths into the case (``patient.ecog``, ``treatments.0.end``), a scenario may
set ``current_line`` to ``working`` or ``failed`` (knowledge base 8.1): the current line (the
contract's definition) is then made ongoing with no progression, or stopped today for
progression; the other changes of the scenario are applied after it, so an explicit pace wins.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from datetime import date
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field

from netlogic.clinical.evaluation import Evaluation, evaluate
from netlogic.model.case import Case
from netlogic.model.case_io import CaseValidationError, FieldProblem, parse_case
from netlogic.model.vocabulary import Progression, Status, StopReason, Therapy
from netlogic.trends.recist import current_line

# Paths a what-if may not touch: they identify the case rather than describe the patient.
PROTECTED_PATHS = frozenset({"schema_version", "id"})
CURRENT_LINE = "current_line"


class LineState(StrEnum):
    """What a what-if may say about the current line (knowledge base 8.1)."""

    WORKING = "working"  # ongoing, and the disease is not progressing
    FAILED = "failed"  # stopped today for progression


class TherapyChange(BaseModel):
    """One therapy whose status differs between two evaluations."""

    therapy: Therapy
    from_status: Status
    to_status: Status
    rule_id: str
    reasons: list[str]
    sources: list[str]
    cautions: list[str] = Field(default_factory=list)

    @property
    def now_offered(self) -> bool:
        return self.to_status in (Status.RECOMMENDED, Status.OPTION)

    def to_contract(self) -> dict[str, Any]:
        return {
            "therapy": self.therapy.value,
            "from": self.from_status.value,
            "to": self.to_status.value,
            "rule_id": self.rule_id,
            "reasons": list(self.reasons),
            "sources": list(self.sources),
        }


class ScenarioDiff(BaseModel):
    """What differs between evaluation ``a`` (before) and ``b`` (after)."""

    grade_from: str
    grade_to: str
    progression_from: str
    progression_to: str
    changed: list[TherapyChange]
    alerts_added: list[str]
    alerts_removed: list[str]

    @property
    def grade_changed(self) -> bool:
        return self.grade_from != self.grade_to

    @property
    def is_empty(self) -> bool:
        return not (
            self.grade_changed
            or self.changed
            or self.alerts_added
            or self.alerts_removed
            or self.progression_from != self.progression_to
        )

    def to_contract(self) -> dict[str, Any]:
        return {
            "grade": {"from": self.grade_from, "to": self.grade_to},
            "changed": [c.to_contract() for c in self.changed],
            "alerts_added": list(self.alerts_added),
            "alerts_removed": list(self.alerts_removed),
        }


def compare_evaluations(a: Evaluation, b: Evaluation) -> ScenarioDiff:
    """The differences from ``a`` to ``b``, therapies in tree order."""
    before = {o.therapy: o for o in a.options}
    changed: list[TherapyChange] = []
    for after in b.options:
        old = before.get(after.therapy)
        if old is None or old.status is after.status:
            continue
        changed.append(
            TherapyChange(
                therapy=after.therapy,
                from_status=old.status,
                to_status=after.status,
                rule_id=after.rule,
                reasons=list(after.reasons),
                sources=list(after.sources),
                cautions=list(after.cautions),
            )
        )
    codes_a = [x.code for x in a.alerts]
    codes_b = [x.code for x in b.alerts]
    return ScenarioDiff(
        grade_from=a.grade.label,
        grade_to=b.grade.label,
        progression_from=a.progression.value.value,
        progression_to=b.progression.value.value,
        changed=changed,
        alerts_added=[c for c in codes_b if c not in codes_a],
        alerts_removed=[c for c in codes_a if c not in codes_b],
    )


def _child(node: Any, part: str) -> Any:
    """One step down a path: a field of a group, or an item of a list ("treatments.0")."""
    if isinstance(node, dict):
        return node.get(part)
    if isinstance(node, list) and part.isdigit() and int(part) < len(node):
        return node[int(part)]
    return None


def _set_path(data: dict[str, Any], path: str, value: Any) -> None:
    parts = path.split(".")
    if not path or any(not p for p in parts):
        raise CaseValidationError([FieldProblem(path or "case", "empty field path", "bad_path")])
    if parts[0] in PROTECTED_PATHS:
        raise CaseValidationError(
            [FieldProblem(path, f"{path} identifies the case and cannot be changed", "bad_path")]
        )
    node: Any = data
    for depth, part in enumerate(parts[:-1]):
        child = _child(node, part)
        if not isinstance(child, (dict, list)):
            where = ".".join(parts[: depth + 1])
            raise CaseValidationError(
                [FieldProblem(path, f"{where} is not a group of fields", "bad_path")]
            )
        node = child
    if not isinstance(node, dict) or parts[-1] not in node:
        raise CaseValidationError([FieldProblem(path, f"{path} is not a case field", "bad_path")])
    node[parts[-1]] = _plain(value)


def current_line_index(case: Case) -> int | None:
    """Position in ``case.treatments`` of the current line (contract definition), or None."""
    line = current_line(case.treatments)
    return None if line is None else next(i for i, x in enumerate(case.treatments) if x is line)


def current_line_changes(case: Case, state: LineState | str, today: date) -> dict[str, Any]:
    """The field changes that make the current line working or failed (knowledge base 8.1).

    Working: ongoing (no end, no stop reason) and no progression. Failed: stopped today for
    progression, and the disease progressing (slow) where the team had recorded no pace.
    """
    index = current_line_index(case)
    if index is None:
        raise CaseValidationError(
            [FieldProblem(CURRENT_LINE, "the case has no treatment line", "no_line")]
        )
    where = f"treatments.{index}"
    if LineState(state) is LineState.WORKING:
        return {
            f"{where}.end": None,
            f"{where}.stop_reason": None,
            "disease.progression": Progression.NONE,
        }
    line = case.treatments[index]
    changes: dict[str, Any] = {
        f"{where}.end": max(today, line.start),
        f"{where}.stop_reason": StopReason.PROGRESSION,
    }
    if case.disease.progression in (Progression.NONE, Progression.UNKNOWN):
        changes["disease.progression"] = Progression.SLOW
    return changes


def expand_changes(
    case: Case, changes: Mapping[str, Any], today: date | None = None
) -> dict[str, Any]:
    """The scenario as plain field paths: ``current_line`` first, then the others over it."""
    expanded: dict[str, Any] = {}
    if CURRENT_LINE in changes:
        expanded.update(current_line_changes(case, changes[CURRENT_LINE], today or date.today()))
    expanded.update({k: v for k, v in changes.items() if k != CURRENT_LINE})
    return expanded


def _plain(value: Any) -> Any:
    """Enums (and lists/sets of them) as their contract spellings, dates as ISO text."""
    if isinstance(value, (set, frozenset, tuple, list)):
        items = [_plain(v) for v in value]
        return sorted(items, key=str) if isinstance(value, (set, frozenset)) else items
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "value") and isinstance(value.value, str):
        return value.value
    return value


def apply_changes(
    case: Case, changes: Mapping[str, Any], today: date | None = None, lang: str = "en"
) -> Case:
    """A copy of ``case`` with each dotted path set to its value, validated again.

    ``{"tumour.ki67_percent": 25, "comorbidities": ["renal_impairment"]}``. An unknown path or
    a value the contract refuses raises :class:`CaseValidationError` naming the field (its
    messages in ``lang``); the original case is never changed.
    """
    data = copy.deepcopy(case.to_contract_json())
    for path, value in expand_changes(case, changes, today).items():
        _set_path(data, path, value)
    return parse_case(data, today, lang)


class ScenarioResult(BaseModel):
    """One named scenario evaluated, with its differences from the base case."""

    name: str
    changes: dict[str, Any]
    evaluation: Evaluation
    diff: ScenarioDiff


def run_scenarios(
    base: Case,
    scenarios: Sequence[tuple[str, Mapping[str, Any]]],
    today: date | None = None,
    lang: str = "en",
) -> tuple[Evaluation, list[ScenarioResult]]:
    """The base evaluation and each named scenario compared with it."""
    base_eval = evaluate(base, today=today, lang=lang)
    results = []
    for name, changes in scenarios:
        changed_case = apply_changes(base, changes, today, lang)
        ev = evaluate(changed_case, today=today, lang=lang)
        results.append(
            ScenarioResult(
                name=name,
                changes=dict(changes),
                evaluation=ev,
                diff=compare_evaluations(base_eval, ev),
            )
        )
    return base_eval, results


def status_table(base: Evaluation, results: Sequence[ScenarioResult]) -> list[dict[str, str]]:
    """Rows: therapies in tree order; columns: the base case then each scenario's status.

    The first row holds the grade labels, so the whole comparison reads as one table.
    """
    rows = [{"therapy": "grade", "base": base.grade.label}]
    for r in results:
        rows[0][r.name] = r.evaluation.grade.label
    for option in base.options:
        row = {"therapy": option.therapy.value, "base": option.status.value}
        for r in results:
            row[r.name] = r.evaluation.option(option.therapy).status.value
        rows.append(row)
    return rows
