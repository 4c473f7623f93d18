"""The command line as other tools call it: JSON out, exit 2 with words on bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.cli_support import run_cli
from tests.conftest import ROOT, example_cases, load_json

OFFERED = {"recommended", "option"}


def _dig(obj: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        obj = obj[part]
    return obj


@pytest.mark.parametrize("path", example_cases(), ids=lambda p: p.name)
def test_contract_examples_hold_in_full(path: Path) -> None:
    # Every part of NAME.expected.json: grade, family, offered and not offered options,
    # exact statuses, alerts present and absent, trend figures (ranges are inclusive).
    run = run_cli("evaluate", str(path), "--today", "2026-11-22")
    assert run.returncode == 0, run.stderr
    result: dict[str, Any] = json.loads(run.stdout)
    expected = load_json(path.with_name(path.name.replace(".case.json", ".expected.json")))
    status = {o["therapy"]: o["status"] for o in result["options"]}
    codes = {a["code"] for a in result["alerts"]}
    assert result["grade"]["label"] == expected["grade_label"]
    assert result["grade"]["family"] == expected["family"]
    assert {t: status[t] in OFFERED for t in expected.get("offered", [])} == dict.fromkeys(
        expected.get("offered", []), True
    )
    assert {t: status[t] in OFFERED for t in expected.get("not_offered", [])} == dict.fromkeys(
        expected.get("not_offered", []), False
    )
    assert {t: status[t] for t in expected.get("status", {})} == expected.get("status", {})
    assert set(expected.get("alerts", [])) <= codes
    assert not set(expected.get("absent_alerts", [])) & codes
    for dotted, want in expected.get("trends", {}).items():
        got = _dig(result["trends"], dotted)
        if isinstance(want, list):
            assert want[0] <= got <= want[1], dotted
        else:
            assert got == pytest.approx(want) if isinstance(want, float | int) else got == want
    # Every option names the rule that set its status (contract "Additions (ruleset 2027)").
    assert all(o["rule"] for o in result["options"])


def test_the_real_entry_point_prints_json_and_no_traceback(tmp_path: Path) -> None:
    # One run through `python -m netlogic`, as other tools call it.
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema_version": "1", "id": "X", "tumour": {"primary_site": "lung!"}}')
    run = subprocess.run(
        [sys.executable, "-m", "netlogic", "evaluate", str(bad)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (run.returncode, "Traceback" in run.stderr) == (2, False)
    assert "primary site" in run.stderr or "primary_site" in run.stderr


def test_main_runs_twice_in_one_process() -> None:
    # The parser is built per call: a second run does not register its commands twice.
    first = run_cli("evaluate", str(example_cases()[0]), "--today", "2026-11-22")
    second = run_cli("evaluate", str(example_cases()[0]), "--today", "2026-11-22")
    assert (first.returncode, second.returncode) == (0, 0)
    assert first.stdout == second.stdout


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


def test_export_formats_offered_by_the_cli_are_the_export_formats() -> None:
    # The CLI lists them without importing the PDF stack; they must not drift apart.
    from netlogic.cli.export import FORMATS
    from netlogic.export.formats import ExportFormat

    assert set(FORMATS) == {f.value for f in ExportFormat}
