"""The source registry: every source a rule may cite, with a readable title (data/sources.yaml).

Rules and the contract's ``sources`` cite a seed document by its file name
(``004_17c00554060b0654.txt``), a trial by its name (``NETTER-1``) and a guideline by its
usual short name (``ENETS 2023``). Each must resolve to an entry here, so a misspelt source
(``CLARINNET``) is a load error rather than a citation nobody can follow. An entry gives the
kind (seed, trial, guideline, regulatory, classification, contract), a title per language, a
short title for cramped export cells, the year, and for trials the figure the rules quote
(a trial result, never a prediction for one patient).

Example::

    >>> source_label("004_17c00554060b0654.txt", "en", short=True)
    'RENATEN (004)'
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from pydantic import Field

from netlogic.reference.loading import (
    SEEDS,
    LocalText,
    ProblemCollector,
    StrictModel,
    line_of,
    read_yaml,
    rule_cache,
    rules_dir,
    validate_entries,
    validate_review,
)

SOURCES_FILE_NAME = "sources.yaml"
SourceKind = Literal[
    "seed", "trial", "study", "guideline", "regulatory", "classification", "contract"
]


class Source(StrictModel):
    id: str
    kind: SourceKind
    title: LocalText
    short: str = Field(min_length=1)
    year: int | None = Field(default=None, ge=1950, le=2100)
    # For trials: the figures the rules quote, as reported for the trial population.
    figure: LocalText | None = None

    def label(self, lang: str = "en", short: bool = False) -> str:
        return self.short if short else self.title.get(lang)


class SourceRegistry(StrictModel):
    entries: dict[str, Source]

    def __contains__(self, source_id: object) -> bool:
        return source_id in self.entries

    def get(self, source_id: str) -> Source | None:
        return self.entries.get(source_id)

    def closest(self, source_id: str) -> str | None:
        """The registered id nearest a misspelt one (for the load error's hint)."""
        matches = difflib.get_close_matches(source_id, list(self.entries), n=1, cutoff=0.75)
        return matches[0] if matches else None


def load_source_registry(
    path: Path | None = None, problems: ProblemCollector | None = None
) -> SourceRegistry:
    """Read and check the registry; raise RuleFileError listing every fault (or add to
    ``problems`` when a caller gathers the problems of several files)."""
    own = problems is None
    collector = problems if problems is not None else ProblemCollector()
    path = path or rules_dir() / SOURCES_FILE_NAME
    raw = read_yaml(path, collector)
    validate_review(path, raw, collector)
    entries: dict[str, Source] = {}
    for entry, body in validate_entries(path, raw, "sources", Source, collector, "id"):
        if entry.kind == "seed" and entry.id not in SEEDS:
            collector.add(path, entry.id, "is not one of the five seed files", line_of(body))
        if entry.kind == "trial" and entry.year is None:
            collector.add(path, entry.id, "a trial needs its year", line_of(body))
        entries[entry.id] = entry
    for seed in sorted(SEEDS - set(entries)):
        collector.add(path, seed, "every seed file needs an entry (title in en and fr)")
    if own:
        collector.raise_if_any()
    return SourceRegistry(entries=entries)


@rule_cache
def source_registry() -> SourceRegistry:
    """The production registry (static reference data: read once per process)."""
    return load_source_registry()


def source_label(source: str, lang: str = "en", short: bool = False) -> str:
    """'004_17c00554060b0654.txt' -> 'RENATEN bronchial carcinoid guideline (seed 004)', or
    with ``short`` 'RENATEN (004)'; an id missing from the registry is shown as it is."""
    entry = source_registry().get(source)
    return entry.label(lang, short) if entry else source


def source_labels(sources: Iterable[str], lang: str = "en", short: bool = False) -> list[str]:
    return [source_label(s, lang, short) for s in sources]


def source_list(sources: Iterable[str], lang: str = "en") -> str:
    """The sources as one line of readable titles, as the app shows them."""
    return ", ".join(source_labels(sources, lang))


def seed_titles() -> dict[str, dict[str, str]]:
    """Seed file name -> {"en", "fr", "short"} titles (kept for callers of the old API)."""
    return {
        s.id: {"en": s.title.en, "fr": s.title.fr, "short": s.short}
        for s in source_registry().entries.values()
        if s.kind == "seed"
    }
