"""The input bounds of netlogic/model/bounds.py: refused values are echoed short, problems are
capped with a count, special files are refused at once, near-miss keys are named, and
docs/limits.md says what the table says."""

from __future__ import annotations

import json
import os
import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from netlogic.model.bounds import (
    ECHO_CHARS,
    INPUT_BOUNDS,
    PROBLEMS_SHOWN,
    shown,
    text_problem,
)
from netlogic.model.case import Case, Tumour
from netlogic.model.case_io import CaseValidationError, load_case_file, parse_case, parse_case_text
from netlogic.model.csv_import import parse_measurements_csv
from netlogic.model.strict_json import JsonRefusal, decode
from netlogic.model.unknown_fields import near_miss
from tests.cli_support import run_cli
from tests.conftest import ROOT, TODAY, minimal_case

# --- echo: a value is never sent back longer than 80 characters --------------------------------


def test_shown_cuts_a_long_value_and_says_how_long_it_was() -> None:
    echoed = shown("x" * 10_000_000)
    assert len(echoed) < ECHO_CHARS + 30
    assert "10000002 characters" in echoed


def test_a_10_mb_enumeration_value_is_not_echoed_back() -> None:
    data = minimal_case()
    data["tumour"]["primary_site"] = "y" * 10_000_000
    with pytest.raises(CaseValidationError) as caught:
        parse_case(data, TODAY)
    message = caught.value.problems[0].message
    assert "primary site" in message
    assert max(len(run) for run in re.findall("y+", message)) < ECHO_CHARS


def test_csv_cells_are_echoed_short_too() -> None:
    text = "date,name,value,unit\n2025-01-10,chromogranin_a," + "9" * 5000 + "z,ng/mL\n"
    with pytest.raises(CaseValidationError) as caught:
        parse_measurements_csv(text, TODAY)
    assert max(len(run) for run in re.findall("9+", str(caught.value))) < ECHO_CHARS


# --- problems: the first 20 and a count -----------------------------------------------------


def test_a_case_with_hundreds_of_problems_lists_20_and_counts_the_rest() -> None:
    data = minimal_case()
    # 100 markers, each wrong three ways: 300 problems.
    data["markers"] = [{"date": "someday", "name": "nothing", "value": -1}] * 100
    with pytest.raises(CaseValidationError) as caught:
        parse_case(data, TODAY)
    problems = caught.value.problems
    assert len(problems) == PROBLEMS_SHOWN + 1
    assert "280 more problems" in problems[-1].message


def test_the_command_line_prints_21_lines_for_300_problems(tmp_path: Path) -> None:
    data = minimal_case()
    data["markers"] = [{"date": "someday", "name": "nothing", "value": -1}] * 100
    path = tmp_path / "many.json"
    path.write_text(json.dumps(data))
    run = run_cli("evaluate", str(path), "--today", TODAY.isoformat())
    assert run.returncode == 2
    assert len(run.stderr.splitlines()) == PROBLEMS_SHOWN + 1


def test_a_csv_with_100_bad_lines_lists_20_and_counts_the_rest() -> None:
    text = "date,name,value,unit\n" + "2025-01-10,chromogranin_a,-1,ng/mL\n" * 100
    with pytest.raises(CaseValidationError) as caught:
        parse_measurements_csv(text, TODAY)
    assert len(caught.value.problems) == PROBLEMS_SHOWN + 1
    assert "80 more problems" in caught.value.problems[-1].message


# --- files: regular files under the cap, refused at once otherwise ---------------------------


def _finishes(call: Callable[[], Any], seconds: float = 20) -> Any:
    """Run ``call`` in a thread; fail (instead of hanging the suite) if it does not return."""
    outcome: list[Any] = []

    def target() -> None:
        try:
            outcome.append(call())
        except BaseException as exc:  # noqa: BLE001 - handed back to the test
            outcome.append(exc)

    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), "reading the file did not return"
    return outcome[0]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "case.json"
    os.mkfifo(fifo)
    result = _finishes(lambda: load_case_file(fifo, TODAY))
    assert isinstance(result, CaseValidationError)
    assert result.problems[0].code == "file_not_regular"


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero on this system")
def test_a_symlink_to_dev_zero_is_refused_without_reading_it(tmp_path: Path) -> None:
    link = tmp_path / "case.json"
    link.symlink_to("/dev/zero")
    result = _finishes(lambda: load_case_file(link, TODAY))
    assert isinstance(result, CaseValidationError)
    assert result.problems[0].code == "file_not_regular"


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CaseValidationError) as caught:
        load_case_file(tmp_path, TODAY)
    assert caught.value.problems[0].field == "file"


def test_a_file_over_the_cap_is_refused_before_it_is_read(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    with big.open("wb") as out:
        out.truncate(int(INPUT_BOUNDS["case_file_bytes"].value) + 1)  # type: ignore[arg-type]
    with pytest.raises(CaseValidationError) as caught:
        load_case_file(big, TODAY)
    assert caught.value.problems[0].code == "file_too_big"


# --- the command line: --today and the plan length -------------------------------------------

EXAMPLE = ROOT / "data" / "demo_cases" / "ileum-g2-syndrome.case.json"


@pytest.mark.parametrize(
    "today",
    [
        "2108-01-01",  # a zip cannot be dated after 2107: the CSV export crashed on it
        "1979-12-31",  # nor before 1980
        "0001-01-01",  # year 1
        "2026-02-30",  # not a calendar date
    ],
)
def test_today_outside_its_range_exits_2(today: str) -> None:
    run = run_cli("evaluate", str(EXAMPLE), "--today", today)
    assert run.returncode == 2
    assert "--today" in run.stderr


def test_a_plan_of_2000_therapies_is_refused_at_once() -> None:
    run = run_cli("sequence", str(EXAMPLE), *(["ssa"] * 2000), "--today", TODAY.isoformat())
    assert run.returncode == 2
    assert "at most 20" in run.stderr


def test_an_unknown_therapy_of_a_megabyte_is_echoed_short() -> None:
    run = run_cli("sequence", str(EXAMPLE), "z" * 1_000_000, "--today", TODAY.isoformat())
    assert run.returncode == 2
    assert len(run.stderr) < 1000


# --- keys: near-misses refused, other tools' keys kept ----------------------------------------


@pytest.mark.parametrize(
    ("key", "model", "meant"),
    [
        ("ki67", Tumour, "ki67_percent"),  # the misspelling: graded G1 before
        ("Ki67_Percent", Tumour, "ki67_percent"),  # the right name in other case
        ("ki-67 percent", Tumour, "ki67_percent"),  # punctuation and spaces
        ("ki67_precent", Tumour, "ki67_percent"),  # a typing slip
        ("mitotic_cuont", Tumour, "mitotic_count"),  # a typing slip
        ("ki67_percent", Case, "tumour.ki67_percent"),  # a tumour field at the top
        ("stage", Case, "disease.stage"),  # a disease field at the top
        ("sex", Tumour, "patient.sex"),  # a patient field in the tumour
        ("tumour_board_date", Case, None),  # another tool's field: kept
        ("source", Case, None),  # another tool's field: kept
        ("comment", Tumour, None),  # free text of another tool: kept
        ("id", Tumour, None),  # two letters: too short to be a short form of anything
    ],
)
def test_near_miss(key: str, model: type, meant: str | None) -> None:
    assert near_miss(key, model) == meant


def test_a_misspelt_ki67_is_refused_with_did_you_mean() -> None:
    with pytest.raises(CaseValidationError) as caught:
        parse_case(minimal_case(ki67=80), TODAY)
    problem = caught.value.problems[0]
    assert problem.field == "tumour.ki67"
    assert "did you mean ki67_percent?" in problem.message


def test_another_tools_field_is_kept_through_a_round_trip() -> None:
    data = minimal_case()
    data["source_system"] = {"name": "lab", "rows": [1, 2, 3]}
    case = parse_case(data, TODAY)
    assert case.to_contract_json()["source_system"] == {"name": "lab", "rows": [1, 2, 3]}


# --- JSON read strictly ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ('{"a": 1, "a": 2}', "duplicate_key"),  # the last value won before
        ('{"a": {"b": 1, "b": 1}}', "duplicate_key"),  # even when both say the same, nested
        ('{"a": ' + "1" * 31 + "}", "number_too_long"),  # a 31-digit integer
        ('{"a": ' + "1" * 5000 + "}", "number_too_long"),  # json's own ValueError before
    ],
)
def test_strict_json_refuses(text: str, code: str) -> None:
    with pytest.raises(JsonRefusal) as caught:
        decode(text)
    assert caught.value.code == code


def test_strict_json_reads_ordinary_documents_as_json_does() -> None:
    text = '{"a": [1, 2.5, -3e-7, "x"], "b": {"c": null, "d": true}}'
    assert decode(text) == json.loads(text)


# --- text ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "multiline", "problem"),
    [
        ("lanréotide 120 mg", False, None),  # accents are text
        ("😀 שלום", False, None),  # emoji and right-to-left text are text
        ("a\ud800b", False, "surrogate"),  # half a UTF-16 pair: no encoder can write it
        ("a\x00b", True, "nul"),  # PostgreSQL cannot store U+0000, even in a note
        ("a\x07b", True, "control"),  # a bell character
        ("a\tb", False, "control"),  # a tab is a cell separator in a paste
        ("line\nline", False, "control"),  # a line break outside a note
        ("line\nline\r\nline", True, None),  # ... allowed in a note
    ],
)
def test_text_problem(text: str, multiline: bool, problem: str | None) -> None:
    assert text_problem(text, multiline) == problem


@pytest.mark.parametrize(
    "text",
    [
        "date,name,value,unit\n2025-01-10,chromogranin_a,8,ng/\x00mL\n",  # NUL in a cell
        "date,name,value,unit\n2025-01-10,chromogranin_a,8,ng/mL\x1b[31m\n",  # terminal escape
        "date,name,value,unit\n2025-01-10,chromogranin_a,8,ng/mL\ud800\n",  # lone surrogate
    ],
)
def test_csv_and_paste_refuse_unstorable_characters_naming_the_line(text: str) -> None:
    with pytest.raises(CaseValidationError) as caught:
        parse_measurements_csv(text, TODAY)
    assert caught.value.problems[0].field == "line 2"


def test_csv_text_over_the_cap_is_refused() -> None:
    with pytest.raises(CaseValidationError) as caught:
        parse_measurements_csv(b"x" * 3_000_000, TODAY)
    assert "bytes" in caught.value.problems[0].message


def test_a_csv_agent_with_nul_is_refused_in_the_treatment_block() -> None:
    text = "therapy,start,agent\nssa,2025-01-01,lan\x00reotide\n"
    with pytest.raises(CaseValidationError):
        parse_measurements_csv(text, TODAY)


# --- the table and its documentation ------------------------------------------------------


def test_docs_limits_lists_every_bound_with_its_value() -> None:
    doc = (ROOT / "docs" / "limits.md").read_text(encoding="utf-8")
    for name, bound in INPUT_BOUNDS.items():
        row = next((line for line in doc.splitlines() if f"`{name}`" in line), None)
        assert row is not None, f"{name} is not in docs/limits.md"
        assert str(bound.value) in row.replace(",", "").replace(" ", ""), (name, row)


def test_the_contract_examples_sit_inside_every_bound() -> None:
    for path in sorted((ROOT.parent / "shared" / "contract" / "examples").glob("*.case.json")):
        parse_case_text(path.read_bytes(), TODAY)


def test_an_upload_over_the_cap_is_refused_like_a_file() -> None:
    # The app hands the upload's bytes to parse_case_text, without a path to check.
    with pytest.raises(CaseValidationError) as caught:
        parse_case_text(b" " * 2_000_001, TODAY)
    assert caught.value.problems[0].code == "file_too_big"


def test_an_ignored_header_cell_is_shown_cut() -> None:
    text = "date,name,value,unit," + "h" * 5000 + "\n2025-01-10,chromogranin_a,8,ng/mL,x\n"
    found = parse_measurements_csv(text, TODAY)
    assert [len(c) for c in found.ignored_columns] == [ECHO_CHARS]
