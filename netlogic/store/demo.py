"""Demo and teaching cases loaded into a fresh case store (README "Quick start": ``make run``
seeds them; issue "Case store ...", demo data).

Demo cases are contract case files in ``data/demo_cases/*.case.json``; teaching cases are
YAML files ``data/teaching/*.yaml`` whose ``case`` key holds a contract case. Seeding is
idempotent: a case whose ID is already stored is left alone, so a clinician's edits to a demo
case are never replaced by the original.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import yaml

from netlogic.model.case import Case
from netlogic.model.case_io import CaseValidationError, FieldProblem, load_case_file, parse_case
from netlogic.store.repository import CaseStore, StaleVersionError

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
DEMO_DIR = DATA_DIR / "demo_cases"
TEACHING_DIR = DATA_DIR / "teaching"
DEMO_AUTHOR = "demo"


def demo_case_paths() -> list[Path]:
    return sorted(DEMO_DIR.glob("*.case.json"))


def teaching_case_paths() -> list[Path]:
    return sorted(TEACHING_DIR.glob("*.yaml"))


def _teaching_case(path: Path, today: date) -> Case:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CaseValidationError(
            [FieldProblem("file", f"cannot read {path.name}: {exc}", "file_unreadable")]
        ) from None
    if not isinstance(data, dict) or "case" not in data:
        raise CaseValidationError(
            [FieldProblem("case", f"{path.name} has no 'case' mapping", "missing")]
        )
    return parse_case(data["case"], today)


def load_demo_cases(today: date | None = None) -> list[Case]:
    """Every demo case, then every teaching case; all problems of all files are reported."""
    when = today or date.today()
    loaded: list[Case] = []
    problems: list[FieldProblem] = []
    for path in [*demo_case_paths(), *teaching_case_paths()]:
        try:
            if path.suffix == ".json":
                loaded.append(load_case_file(path, when))
            else:
                loaded.append(_teaching_case(path, when))
        except CaseValidationError as exc:
            problems.extend(
                FieldProblem(f"{path.name}: {p.field}", p.message, p.code) for p in exc.problems
            )
    if problems:
        raise CaseValidationError(problems)
    return loaded


def seed_demo(store: CaseStore, today: date | None = None) -> int:
    """Save each demo/teaching case whose ID is not stored yet; returns how many were saved."""
    saved = 0
    for case in load_demo_cases(today):
        if store.exists(case.id):
            continue
        # base_version 0: if another process seeds the same case at the same moment, the
        # second save is refused as stale instead of adding a duplicate version.
        try:
            store.save(case, DEMO_AUTHOR, base_version=0)
        except StaleVersionError:
            continue
        saved += 1
    return saved
