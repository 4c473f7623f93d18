"""Loading rule files from ``data/``: YAML validated against a pydantic schema at load.

Every rule file goes through :func:`read_yaml` and :func:`validate_items`. Problems are
gathered across all files and reported together, each naming its file, line and rule id (the
openprescribing habit), then raised once as :class:`RuleFileError`, so an author fixes every
mistake in one pass. The YAML reader refuses a key written twice in one mapping (PyYAML would
silently keep the last one) and remembers the line of every mapping, so a problem can point
at the rule an author has to open.

The data folder is ``data/`` beside the package, or ``$NETLOGIC_RULES_DIR`` when set (a copy
of the rule tables being edited or tested); it is read when a loader runs, not at import.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

PACKAGED_DATA_DIR = Path(__file__).resolve().parents[2] / "data"
RULES_DIR_ENV = "NETLOGIC_RULES_DIR"
# Kept for modules that only read static, non-rule data (demo cases, teaching cases).
DATA_DIR = PACKAGED_DATA_DIR
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
F = TypeVar("F", bound=Callable[..., Any])
_RULE_CACHES: list[Any] = []


def rule_cache(fn: F) -> F:
    """Cache a loader of rule data for the process, and register it for :func:`reload_rules`.

    Rule tables are static reference data (no patient data), so a process-wide cache is
    right; tests and ``rules check`` on an edited copy clear them all at once.
    """
    cached = functools.cache(fn)
    _RULE_CACHES.append(cached)
    return cached  # type: ignore[return-value]


def register_rule_cache(cache: Any) -> None:
    """Have :func:`reload_rules` clear ``cache`` too (anything with ``cache_clear()``)."""
    _RULE_CACHES.append(cache)


def reload_rules() -> None:
    """Forget every cached rule table (after ``$NETLOGIC_RULES_DIR`` changed)."""
    for cached in _RULE_CACHES:
        cached.cache_clear()


def rules_dir() -> Path:
    """The folder the rule tables are read from (``$NETLOGIC_RULES_DIR`` or ``data/``)."""
    override = os.environ.get(RULES_DIR_ENV)
    return Path(override).resolve() if override else PACKAGED_DATA_DIR


class StrictModel(BaseModel):
    """Rule files are written by people: an unknown key is a typo, so it is refused."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class LocalText(StrictModel):
    """A text written in both languages of the product (every rule text, title and note)."""

    en: str = Field(min_length=1)
    fr: str = Field(min_length=1)

    def get(self, lang: str) -> str:
        return self.fr if lang.lower().startswith("fr") else self.en


class ClinicalReview(StrictModel):
    by: str = Field(min_length=1)
    dated: date


class Review(StrictModel):
    """Provenance of a rule file (or of one rule that overrides its file's block).

    ``changed`` is the date of the last edit to the clinical content; ``clinical_review`` stays
    null until a clinician has checked the rules, and every status or alert they set is then
    shown as "not yet reviewed by a clinician".
    """

    written_by: str = Field(min_length=1)
    changed: date
    clinical_review: ClinicalReview | None = None
    next_review: date

    @property
    def reviewed(self) -> bool:
        return self.clinical_review is not None


@dataclass
class RuleProblem:
    file: str
    rule_id: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where} [{self.rule_id}]: {self.message}"


class RuleFileError(ValueError):
    """The rule tables cannot be used; ``problems`` lists every fault found, in one go."""

    def __init__(self, problems: list[RuleProblem]) -> None:
        self.problems = problems
        count = len(problems)
        header = f"The rule tables have {count} problem{'s' if count != 1 else ''}:"
        super().__init__("\n".join([header, *(f"  {p}" for p in problems)]))


@dataclass
class ProblemCollector:
    problems: list[RuleProblem] = field(default_factory=list)

    def add(self, file: Path | str, rule_id: str, message: str, line: int | None = None) -> None:
        self.problems.append(RuleProblem(Path(file).name, rule_id, message, line))

    def raise_if_any(self) -> None:
        if self.problems:
            raise RuleFileError(self.problems)


class LineDict(dict[str, Any]):
    """A YAML mapping that remembers the line it starts on (1-based)."""

    line: int | None = None


def line_of(item: Any) -> int | None:
    return item.line if isinstance(item, LineDict) else None


# libyaml's parser when it is there (several times faster on the rule files); same safe
# constructors either way.
_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _CheckedLoader(_BaseLoader):  # type: ignore[misc]
    """SafeLoader that refuses duplicate keys and keeps line numbers of mappings."""

    duplicate_keys: list[tuple[str, int]]


def _construct_mapping(loader: _CheckedLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    mapping = LineDict()
    mapping.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            loader.duplicate_keys.append((str(key), key_node.start_mark.line + 1))
        mapping[key] = loader.construct_object(value_node, deep=True)
    return mapping


_CheckedLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _construct_mapping,
)


def read_yaml(path: Path, problems: ProblemCollector) -> Any:
    """The YAML document of ``path``; a parse error or a repeated key is a problem."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        problems.add(path, "-", f"cannot be read: {exc.strerror or exc}")
        return None
    loader = _CheckedLoader(text)
    loader.duplicate_keys = []
    try:
        data = loader.get_single_data()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problems.add(path, "-", f"cannot be read as YAML: {exc}".splitlines()[0], line)
        return None
    finally:
        loader.dispose()
    for key, line in loader.duplicate_keys:
        problems.add(path, "-", f"the key {key!r} is written twice in one mapping", line)
    return data


def validate_items(
    path: Path,
    items: Any,
    model: type[M],
    problems: ProblemCollector,
    id_of: Callable[[Any, int], str] = lambda item, i: str(
        item.get("id", f"#{i + 1}") if isinstance(item, dict) else f"#{i + 1}"
    ),
    context: dict[str, Any] | None = None,
) -> list[M]:
    """Validate each item on its own so one bad rule does not hide the others."""
    if not isinstance(items, list):
        problems.add(path, "-", "expected a list of rules", line_of(items))
        return []
    good: list[M] = []
    for i, item in enumerate(items):
        try:
            good.append(model.model_validate(item, context=context))
        except ValidationError as exc:
            for err in exc.errors(include_url=False):
                where = ".".join(str(p) for p in err["loc"])
                line = line_of(item) or (item.get("line") if isinstance(item, dict) else None)
                problems.add(path, id_of(item, i), f"{where}: {err['msg']}", line)
    return good


def validate_review(path: Path, raw: Any, problems: ProblemCollector) -> Review | None:
    """The file's ``review`` block, or None (and a problem) when it is missing or malformed."""
    block = raw.get("review") if isinstance(raw, dict) else None
    try:
        return Review.model_validate(block)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            where = ".".join(str(p) for p in err["loc"]) or "review"
            problems.add(path, "review", f"review.{where}: {err['msg']}", line_of(block))
        return None


def validate_entries(
    path: Path,
    raw: Any,
    key: str,
    model: type[M],
    problems: ProblemCollector,
    name_field: str,
) -> list[tuple[M, LineDict]]:
    """Each entry of the mapping ``raw[key]`` (name -> fields) validated on its own, the name
    going into ``name_field``; returns the good ones with the mapping they were read from."""
    listed = raw.get(key) if isinstance(raw, dict) else None
    if not isinstance(listed, dict):
        problems.add(path, key, f"expected a mapping of {key}: name -> fields")
        return []
    good: list[tuple[M, LineDict]] = []
    for name, body in listed.items():
        if not isinstance(body, dict):
            problems.add(path, str(name), "expected a mapping of fields")
            continue
        try:
            entry = model.model_validate({name_field: str(name), **body})
        except ValidationError as exc:
            for err in exc.errors(include_url=False):
                where = ".".join(str(p) for p in err["loc"])
                problems.add(path, str(name), f"{where}: {err['msg']}", line_of(body))
            continue
        fields = body if isinstance(body, LineDict) else LineDict(body)
        good.append((entry, fields))
    return good


def check_sources(
    path: Path,
    rule_id: str,
    sources: list[str],
    problems: ProblemCollector,
    line: int | None = None,
) -> None:
    """Every rule cites something, and every source it names is in the source registry."""
    from netlogic.reference.sources import source_registry

    if not sources:
        problems.add(path, rule_id, "has no sources", line)
    registry = source_registry()
    for source in sources:
        if source not in registry:
            hint = registry.closest(source)
            problems.add(
                path,
                rule_id,
                f"cites {source!r}, which is not in data/sources.yaml"
                + (f" (did you mean {hint!r}?)" if hint else ""),
                line,
            )


@dataclass
class IdRegistry:
    """Rule ids across every file of ``data/``: an id used twice anywhere is a problem."""

    seen: dict[str, str] = field(default_factory=dict)

    def claim(
        self, path: Path, rule_id: str, problems: ProblemCollector, line: int | None = None
    ) -> None:
        first = self.seen.get(rule_id)
        here = Path(path).name
        if first is None:
            self.seen[rule_id] = here
        else:
            problems.add(path, rule_id, f"rule id already used in {first}", line)
