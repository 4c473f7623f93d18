"""Readable names of the cited sources: seed files by short title, trials by their name.

Rules and the contract's ``sources`` cite a seed document by its file name
(``004_17c00554060b0654.txt``), which means nothing to a clinician; ``data/sources.yaml``
gives each seed a short title per language. Anything else (a trial, a guideline) is already
a name and is shown as it is.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from netlogic.reference.loading import DATA_DIR, SEEDS, ProblemCollector, Review, read_yaml

SOURCES_FILE = DATA_DIR / "sources.yaml"


@cache
def seed_titles() -> dict[str, dict[str, str]]:
    """The production titles (static data: read once per process)."""
    return load_seed_titles()


def load_seed_titles(path: Path = SOURCES_FILE) -> dict[str, dict[str, str]]:
    """Seed file name -> {language: title}; raise RuleFileError listing every fault."""
    problems = ProblemCollector()
    loaded = read_yaml(path, problems)
    raw: dict[str, Any] = loaded if isinstance(loaded, dict) else {}
    try:
        Review.model_validate(raw.get("review"))
    except ValueError:
        problems.add(path, "review", "needs author, checked_by and review_by")
    seeds: dict[str, Any] = raw["seeds"] if isinstance(raw.get("seeds"), dict) else {}
    for seed in sorted(SEEDS):
        titles = seeds.get(seed)
        if not isinstance(titles, dict) or not {"en", "fr", "short"} <= set(titles):
            problems.add(path, seed, "needs an English (en), a French (fr) and a short title")
    for name in seeds:
        if name not in SEEDS:
            problems.add(path, str(name), "is not one of the five seed files")
    problems.raise_if_any()
    return {name: {str(k): str(v) for k, v in titles.items()} for name, titles in seeds.items()}


def source_label(source: str, lang: str = "en", short: bool = False) -> str:
    """'004_17c00554060b0654.txt' -> 'RENATEN bronchial carcinoid guideline (seed 004)', or
    with ``short`` 'RENATEN (004)'."""
    titles = seed_titles().get(source)
    if titles is None:
        return source
    return titles["short"] if short else titles.get(lang) or titles["en"]


def source_labels(sources: Iterable[str], lang: str = "en", short: bool = False) -> list[str]:
    return [source_label(s, lang, short) for s in sources]


def source_list(sources: Iterable[str], lang: str = "en") -> str:
    """The sources as one line of readable titles, as the app shows them."""
    return ", ".join(source_labels(sources, lang))
