"""The command line as other tools call it: JSON out, exit 2 with words on bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, example_cases, load_json


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "netlogic", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("path", example_cases(), ids=lambda p: p.name)
def test_examples_grade_and_alerts(path: Path) -> None:
    run = run_cli("evaluate", str(path), "--today", "2026-11-22")
    assert run.returncode == 0, run.stderr
    result: dict[str, Any] = json.loads(run.stdout)
    expected = load_json(path.with_name(path.name.replace(".case.json", ".expected.json")))
    assert result["grade"]["label"] == expected["grade_label"]
    assert result["grade"]["family"] == expected["family"]
    codes = {a["code"] for a in result["alerts"]}
    grade_alerts = {
        "grade_discordance",
        "differentiation_needed",
        "out_of_scope_endocrine_centre",
        "hereditary_assessment",
    }
    assert set(expected.get("alerts", [])) & grade_alerts <= codes


def test_bad_file_exits_2_without_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(
        '{"schema_version": "1", "id": "X", "tumour": {"primary_site": "pancreas",'
        ' "ki67_percent": 140, "mitotic_count": -1}}'
    )
    run = run_cli("evaluate", str(bad))
    assert run.returncode == 2
    assert "Traceback" not in run.stderr
    assert "tumour.ki67_percent" in run.stderr
    assert "tumour.mitotic_count" in run.stderr


@pytest.mark.parametrize("content", ["{not json", "[]"])
def test_not_a_case_exits_2(tmp_path: Path, content: str) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    run = run_cli("evaluate", str(bad))
    assert (run.returncode, "Traceback" in run.stderr) == (2, False)


def test_missing_file_exits_2() -> None:
    run = run_cli("evaluate", "/nonexistent/case.json")
    assert run.returncode == 2
    assert "cannot read" in run.stderr


def test_bad_today_exits_2(tmp_path: Path) -> None:
    run = run_cli("evaluate", str(example_cases()[0]), "--today", "22/11/2026")
    assert run.returncode == 2
    assert "--today" in run.stderr
