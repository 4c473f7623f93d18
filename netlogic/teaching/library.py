"""Teaching cases: vignettes written from the knowledge base, with answer keys pinned by hand.

Each file in ``data/teaching/`` holds a title, a vignette, learning objectives and teaching
points (English and French, each point with its sources), a contract ``case`` and an
``answer_key`` (grade label, status per therapy, alert codes). The key is written by hand from
the knowledge base, never generated from the engine, and a test checks that the engine still
gives it: a rule change that moves an answer fails that test, and a person then decides
whether the rule or the key is wrong.

Cases are evaluated on a fixed date (:data:`TEACHING_TODAY`) so the keys do not age.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError

from netlogic.clinical.evaluation import Evaluation, evaluate
from netlogic.model.case import Case
from netlogic.model.case_io import CaseValidationError, parse_case
from netlogic.model.vocabulary import Status, Therapy
from netlogic.reference.i18n import normalise_language
from netlogic.reference.loading import (
    DATA_DIR,
    LocalText,
    ProblemCollector,
    StrictModel,
    check_sources,
    read_yaml,
)

TEACHING_DIR = DATA_DIR / "teaching"
TEACHING_TODAY = date(2026, 11, 22)
TEACHING_ID = r"^TEACH-[A-Z0-9]+(-[A-Z0-9]+)*$"


class LocalList(StrictModel):
    en: list[str] = Field(min_length=1)
    fr: list[str] = Field(min_length=1)

    def get(self, lang: str) -> list[str]:
        return self.fr if normalise_language(lang) == "fr" else self.en


class TeachingPoint(StrictModel):
    text: LocalText
    sources: list[str] = Field(min_length=1)


class AnswerKey(StrictModel):
    grade: str
    options: dict[Therapy, Status]
    alerts: list[str]

    def offered(self) -> set[Therapy]:
        return {t for t, s in self.options.items() if s in (Status.RECOMMENDED, Status.OPTION)}


class TeachingCase(BaseModel):
    """One teaching file; ``case`` is the validated contract case."""

    id: str = Field(pattern=TEACHING_ID)
    title: LocalText
    vignette: LocalText
    learning_objectives: LocalList
    teaching_points: list[TeachingPoint] = Field(min_length=1)
    case: Case
    answer_key: AnswerKey | None = None
    path: Path

    def evaluate(self, lang: str = "en") -> Evaluation:
        return evaluate(self.case, today=TEACHING_TODAY, lang=lang)


def answer_key_from(evaluation: Evaluation) -> AnswerKey:
    return AnswerKey(
        grade=evaluation.grade.label,
        options={o.therapy: o.status for o in evaluation.options},
        alerts=sorted({a.code for a in evaluation.alerts}),
    )


def _read_one(path: Path, problems: ProblemCollector) -> TeachingCase | None:
    raw = read_yaml(path, problems)
    if not isinstance(raw, dict):
        if raw is not None:
            problems.add(path, "-", "expected a mapping of teaching-case fields")
        return None
    item_id = str(raw.get("id", "-"))
    try:
        case = parse_case(raw.get("case"), TEACHING_TODAY)
    except CaseValidationError as exc:
        for p in exc.problems:
            problems.add(path, item_id, f"case: {p}")
        return None
    if case.id != item_id:
        problems.add(path, item_id, f"case id {case.id!r} differs from the file id")
    try:
        # An empty key ({}) marks a new case whose key has not been generated yet.
        key = raw.get("answer_key") or None
        teaching = TeachingCase.model_validate(
            {**raw, "case": case, "answer_key": key, "path": path}
        )
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            where = ".".join(str(p) for p in err["loc"])
            problems.add(path, item_id, f"{where}: {err['msg']}")
        return None
    for n, point in enumerate(teaching.teaching_points, start=1):
        check_sources(path, f"{item_id} point {n}", point.sources, problems)
    return teaching


def load_teaching_cases(directory: Path = TEACHING_DIR) -> list[TeachingCase]:
    """Every teaching case, in file-name order; all problems reported together with file/id."""
    problems = ProblemCollector()
    cases = [c for p in sorted(directory.glob("*.yaml")) if (c := _read_one(p, problems))]
    seen: set[str] = set()
    for c in cases:
        if c.id in seen:
            problems.add(c.path, c.id, "duplicate id")
        seen.add(c.id)
    problems.raise_if_any()
    return cases


@cache
def teaching_cases() -> tuple[TeachingCase, ...]:
    """The teaching cases, read once per process (static teaching data, pseudonymous)."""
    return tuple(load_teaching_cases())


def teaching_case(case_id: str) -> TeachingCase:
    return next(c for c in teaching_cases() if c.id == case_id)
