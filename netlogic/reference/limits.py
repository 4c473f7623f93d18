"""Every clinical limit, once: data/thresholds.yaml (name, value, unit, sources, meaning).

Grading bands, the 55% Ki-67 cut, SSA Ki-67 limits, transplant criteria, marker cut-offs,
RECIST and growth-rate constants, sizes and intervals live in one file. Code reads them with
:func:`limit`; rule conditions name them as ``$name`` (``ki67: {le: $ssa_ki67_first_line_max}``);
rule texts and translation templates write ``{name}`` ("Ki-67 up to {high_ki67_net_cut}%"),
filled in by the translator in the reader's number format. Changing a value here therefore
changes every place that uses it, and a rule file can never carry a stale copy of a limit.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pydantic import Field

from netlogic.reference.loading import (
    ProblemCollector,
    StrictModel,
    line_of,
    read_yaml,
    rule_cache,
    rules_dir,
    validate_entries,
    validate_review,
)

THRESHOLDS_FILE_NAME = "thresholds.yaml"
LIMIT_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


class Limit(StrictModel):
    name: str = Field(pattern=LIMIT_NAME.pattern)
    value: float
    unit: str
    about: str = Field(min_length=1)
    sources: list[str] = Field(min_length=1)


class Limits(StrictModel):
    entries: dict[str, Limit]

    def __contains__(self, name: object) -> bool:
        return name in self.entries

    def value(self, name: str) -> float:
        return self.entries[name].value


def load_limits(path: Path | None = None, problems: ProblemCollector | None = None) -> Limits:
    """Read and check data/thresholds.yaml (every source must be in the registry)."""
    from netlogic.reference.loading import check_sources

    own = problems is None
    collector = problems if problems is not None else ProblemCollector()
    path = path or rules_dir() / THRESHOLDS_FILE_NAME
    raw = read_yaml(path, collector)
    validate_review(path, raw, collector)
    entries: dict[str, Limit] = {}
    for entry, body in validate_entries(path, raw, "limits", Limit, collector, "name"):
        if isinstance(body.get("value"), bool | str):
            collector.add(path, entry.name, "value must be a number", line_of(body))
        check_sources(path, entry.name, entry.sources, collector, line_of(body))
        entries[entry.name] = entry
    if own:
        collector.raise_if_any()
    return Limits(entries=entries)


@rule_cache
def limits() -> Limits:
    """The production limits (static reference data: read once per process)."""
    return load_limits()


def limit(name: str) -> float:
    """One limit's value, for code that applies it (grading bands, RECIST constants)."""
    return limits().value(name)


def template_values() -> dict[str, Any]:
    """Every limit as a template parameter, written as a clinician writes it ("55", "0.8";
    the French translator turns the decimal point into a comma)."""
    from netlogic.reference.i18n import fmt_number

    return {name: fmt_number(entry.value, 4) for name, entry in limits().entries.items()}
