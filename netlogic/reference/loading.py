"""Loading rule files from ``data/``: YAML validated against a pydantic schema at load.

Every rule file goes through :func:`load_rule_file`. Problems are gathered across all files
and reported together, each naming its file and rule id (the openprescribing habit), then
raised once as :class:`RuleFileError`, so an author fixes every mistake in one pass.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
SEEDS = frozenset(
    {
        "000_0a82ed424a2b906d.txt",
        "001_9d9a45a694daef79.txt",
        "002_259dc39077a0ad7b.txt",
        "003_415bea0888277d88.txt",
        "004_17c00554060b0654.txt",
    }
)

M = TypeVar("M", bound=BaseModel)


class StrictModel(BaseModel):
    """Rule files are written by people: an unknown key is a typo, so it is refused."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Review(StrictModel):
    author: str
    checked_by: str
    review_by: str


@dataclass
class RuleProblem:
    file: str
    rule_id: str
    message: str

    def __str__(self) -> str:
        return f"{self.file} [{self.rule_id}]: {self.message}"


class RuleFileError(ValueError):
    def __init__(self, problems: list[RuleProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class ProblemCollector:
    problems: list[RuleProblem] = field(default_factory=list)

    def add(self, file: Path | str, rule_id: str, message: str) -> None:
        self.problems.append(RuleProblem(Path(file).name, rule_id, message))

    def raise_if_any(self) -> None:
        if self.problems:
            raise RuleFileError(self.problems)


def read_yaml(path: Path, problems: ProblemCollector) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        problems.add(path, "-", f"cannot be read as YAML: {exc}")
        return None


def validate_items(
    path: Path,
    items: Any,
    model: type[M],
    problems: ProblemCollector,
    id_of: Callable[[Any, int], str] = lambda item, i: str(
        item.get("id", f"#{i + 1}") if isinstance(item, dict) else f"#{i + 1}"
    ),
) -> list[M]:
    """Validate each item on its own so one bad rule does not hide the others."""
    if not isinstance(items, list):
        problems.add(path, "-", "expected a list of rules")
        return []
    good: list[M] = []
    for i, item in enumerate(items):
        try:
            good.append(model.model_validate(item))
        except ValidationError as exc:
            for err in exc.errors(include_url=False):
                where = ".".join(str(p) for p in err["loc"])
                problems.add(path, id_of(item, i), f"{where}: {err['msg']}")
    return good


def check_sources(path: Path, rule_id: str, sources: list[str], problems: ProblemCollector) -> None:
    """Every rule cites something; a cited seed file must be one of the five seeds."""
    if not sources:
        problems.add(path, rule_id, "has no sources")
    for source in sources:
        if source.endswith(".txt") and source not in SEEDS:
            problems.add(path, rule_id, f"cites an unknown seed file {source!r}")
