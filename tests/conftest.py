"""Shared test helpers: paths built from this file, never from the working directory."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

# Property tests check what holds, not how fast: under a loaded CI machine (two cores shared with
# browser tests) the 200 ms default deadline flaked, so no deadline anywhere.
settings.register_profile("netlogic", deadline=None)
settings.load_profile("netlogic")

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
EXAMPLES = SHARED / "contract" / "examples"
TODAY = date(2026, 11, 22)


def example_cases() -> list[Path]:
    return sorted(EXAMPLES.glob("*.case.json"))


def minimal_case(**tumour: Any) -> dict[str, Any]:
    """The smallest valid case: only the required fields plus the tumour fields given."""
    return {"schema_version": "1", "id": "T-1", "tumour": {"primary_site": "pancreas", **tumour}}


def load_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture
def today() -> date:
    return TODAY
