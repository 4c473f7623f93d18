"""``python -m netlogic export`` as a user runs it: every format, exit 2 on bad input."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT, TODAY

DEMO = ROOT / "data" / "demo_cases" / "ileum-g2-syndrome.case.json"


def run(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "netlogic", "export", *args],
        cwd=ROOT,
        capture_output=True,
        timeout=180,
        check=False,
    )


@pytest.mark.parametrize(
    ("fmt", "check"),
    [
        ("pdf", lambda data: data.startswith(b"%PDF-")),
        ("html", lambda data: data.startswith(b"<!DOCTYPE html>") and b"Synth\xc3\xa8se" in data),
        ("json", lambda data: json.loads(data)["id"] == "EX-ILEUM-SYNDROME"),
        ("csv", lambda data: data.startswith(b"PK")),
        ("fhir", lambda data: json.loads(data)["resourceType"] == "Bundle"),
    ],
)
def test_each_format_is_written(tmp_path: Path, fmt: str, check: object) -> None:
    out = tmp_path / f"out.{fmt}"
    done = run(str(DEMO), "--format", fmt, "-o", str(out), "--lang", "fr", "--today", str(TODAY))
    assert done.returncode == 0, done.stderr
    assert check(out.read_bytes())  # type: ignore[operator]


def test_csv_zip_holds_the_case_tables_and_the_evaluation_tables(tmp_path: Path) -> None:
    out = tmp_path / "tables.zip"
    assert run(str(DEMO), "--format", "csv", "-o", str(out), "--today", str(TODAY)).returncode == 0
    assert sorted(zipfile.ZipFile(out).namelist()) == [
        "about.csv",  # case id, date, rule set version
        "alerts.csv",
        "imaging.csv",
        "markers.csv",
        "options.csv",
        "treatments.csv",
    ]


def test_standard_output(tmp_path: Path) -> None:
    done = run(str(DEMO), "--format", "json", "-o", "-", "--today", str(TODAY))
    assert done.returncode == 0
    assert json.loads(done.stdout)["id"] == "EX-ILEUM-SYNDROME"


def _bad_case(tmp_path: Path, text: str) -> str:
    path = tmp_path / "bad.case.json"
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    ("make_args", "words"),
    [
        # A file that is not JSON.
        (lambda p: [_bad_case(p, "{not json"), "--format", "pdf"], "not valid JSON"),
        # Ki-67 above 100: the field is named.
        (
            lambda p: [
                _bad_case(
                    p,
                    '{"schema_version": "1", "id": "X", '
                    '"tumour": {"primary_site": "pancreas", "ki67_percent": 140}}',
                ),
                "--format",
                "html",
            ],
            "ki67_percent",
        ),
        # A case ID with a space (a name-like label) is refused.
        (
            lambda p: [
                _bad_case(
                    p,
                    '{"schema_version": "1", "id": "Jane Doe", "tumour": {"primary_site": "lung"}}',
                ),
                "--format",
                "fhir",
            ],
            "id",
        ),
        # A file that does not exist.
        (lambda p: [str(p / "missing.json"), "--format", "json"], "cannot read"),
        # A date that is not a date.
        (lambda p: [str(DEMO), "--format", "csv", "--today", "22/11/2026"], "--today"),
        # A marker dated after the evaluation date (in the future).
        (lambda p: [str(DEMO), "--format", "pdf", "--today", "2020-01-01"], "future"),
        # An unknown format.
        (lambda p: [str(DEMO), "--format", "docx"], "invalid choice"),
    ],
)
def test_bad_input_exits_2_without_traceback(tmp_path: Path, make_args: object, words: str) -> None:
    out = tmp_path / "out.bin"
    done = run(*make_args(tmp_path), "-o", str(out))  # type: ignore[operator]
    stderr = done.stderr.decode("utf-8")
    assert done.returncode == 2
    assert words in stderr
    assert "Traceback" not in stderr
    assert not out.exists()  # nothing written on bad input


def test_unwritable_output_exits_2(tmp_path: Path) -> None:
    out = tmp_path / "no-such-dir" / "out.pdf"
    done = run(str(DEMO), "--format", "json", "-o", str(out), "--today", str(TODAY))
    assert done.returncode == 2
    assert b"cannot write" in done.stderr
    assert b"Traceback" not in done.stderr
