"""The what-if command line as other tools call it: JSON out, exit 2 with words on bad input."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.cli_support import run_cli
from tests.conftest import ROOT

CASES = ROOT / "data" / "demo_cases"
ILEUM_PD_SSA = CASES / "ileum-g2-progressing-on-ssa.case.json"


def write_case(tmp_path: Path, name: str, **tumour: Any) -> Path:
    data = json.loads(ILEUM_PD_SSA.read_text(encoding="utf-8"))
    data["tumour"].update(tumour)
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_compare_prints_grade_and_changed_therapies(tmp_path: Path) -> None:
    a = write_case(tmp_path, "a.json")
    b = write_case(tmp_path, "b.json", ki67_percent=30, sstr_imaging="negative")
    run = run_cli("compare", str(a), str(b), "--today", "2026-11-22")
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert out["grade"] == {"from": "NET G2", "to": "NET G3"}
    for change in out["changed"]:
        assert set(change) >= {"therapy", "from", "to", "reasons"}
        assert change["from"] != change["to"]
    # SSTR-negative: PRRT (recommended after SSA failure in midgut) is no longer offered.
    prrt = [c for c in out["changed"] if c["therapy"] == "prrt"]
    assert prrt
    assert prrt[0]["to"] == "not_recommended"
    assert prrt[0]["reasons"]


def test_compare_same_case_changes_nothing() -> None:
    run = run_cli("compare", str(ILEUM_PD_SSA), str(ILEUM_PD_SSA), "--today", "2026-11-22")
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert out["grade"]["from"] == out["grade"]["to"] == "NET G2"
    assert out["changed"] == []


def test_sequence_prints_steps() -> None:
    run = run_cli(
        "sequence", str(ILEUM_PD_SSA), "ssa", "prrt", "everolimus", "--today", "2026-11-22"
    )
    assert run.returncode == 0, run.stderr
    steps = json.loads(run.stdout)["steps"]
    assert [s["therapy"] for s in steps] == ["ssa", "prrt", "everolimus"]
    for step in steps:
        assert step["verdict"] in {"allowed", "allowed_with_cautions", "against_rules"}
        for key in ("status", "reasons", "cautions", "sources", "median_pfs_months", "evidence"):
            assert key in step
    # Progressing on SSA: SSA again is against the rules; PRRT (midgut, SSTR+) is allowed
    # with the washout caution; its trial is NETTER-1 with a median not reached.
    assert steps[0]["verdict"] == "against_rules"
    assert steps[1]["verdict"] == "allowed_with_cautions"
    assert steps[1]["evidence"] == "NETTER-1"
    assert steps[1]["median_pfs_months"] is None
    assert steps[2]["evidence"] == "RADIANT-4"
    assert steps[2]["median_pfs_months"] == 11


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (
            ["sequence", str(ILEUM_PD_SSA), "ssa", "chemoradiation"],
            "unknown therapy 'chemoradiation'",
        ),
        (["sequence", "missing.json", "ssa"], "cannot read"),
        (["compare", str(ILEUM_PD_SSA), "missing.json"], "cannot read"),
        (["sequence", str(ILEUM_PD_SSA), "ssa", "--today", "22/11/2026"], "--today"),
    ],
)
def test_bad_input_exits_2_with_words(args: list[str], words: str) -> None:
    run = run_cli(*args)
    assert run.returncode == 2
    assert words in run.stderr
    assert "Traceback" not in run.stderr


def test_bad_case_names_the_field(tmp_path: Path) -> None:
    bad = write_case(tmp_path, "bad.json", ki67_percent=140)
    run = run_cli("sequence", str(bad), "ssa", "--today", "2026-11-22")
    assert run.returncode == 2
    assert "tumour.ki67_percent" in run.stderr
    assert "Traceback" not in run.stderr
