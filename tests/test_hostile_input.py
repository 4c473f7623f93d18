"""Every hostile file of tests/hostile/make_cases.py through every command that reads a case:
exit 0 with strict JSON (no NaN, no Infinity), or exit 2 naming the field; never a traceback.

The table (one row per attack, each with what it attacks) lives in the generator; the small
files are committed under tests/hostile/cases/, the large ones (over 64 kB) are written here.
Commands run in this process (tests/cli_support.py): an exception would fail the test.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from netlogic.model.bounds import PROBLEMS_SHOWN
from netlogic.store.repository import migrate
from tests.cli_support import CliRun, run_cli
from tests.hostile.make_cases import CASES, COMMITTED_BYTES, Hostile, table, write
from tests.test_store_support import BACKENDS, fresh_database_url

TODAY = "2026-11-22"
ROWS = table()


def _refuse_constant(name: str) -> Any:
    raise AssertionError(f"{name} is not JSON")


def strict_json(text: str | bytes) -> Any:
    """JSON as any strict reader parses it: NaN and Infinity make the test fail."""
    return json.loads(text, parse_constant=_refuse_constant)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    write(folder, include_large=True)
    return folder


@pytest.fixture(scope="module", params=BACKENDS)
def store_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A migrated store on SQLite, and on PostgreSQL when NETLOGIC_TEST_DATABASE_URL is set
    (NUL characters passed SQLite and failed there)."""
    with fresh_database_url(str(request.param), tmp_path_factory.mktemp("store")) as url:
        migrate(url)
        yield url


def _answered_in_words(run: CliRun, row: Hostile) -> None:
    assert "Traceback" not in run.stderr
    if row.expect == "ok":
        assert run.returncode == 0, run.stderr
        return
    assert run.returncode == 2, (run.returncode, run.stdout[:200])
    assert row.expect in run.stderr, run.stderr[:500]
    assert run.stdout == ""
    lines = run.stderr.splitlines()
    assert len(lines) <= PROBLEMS_SHOWN + 1
    # A refused value is echoed cut (80 characters); a line may still list allowed values.
    assert max(len(line) for line in lines) < 600


def test_the_table_has_at_least_60_attacks_and_the_committed_files_match_it() -> None:
    assert len(ROWS) >= 60
    assert len({r.name for r in ROWS}) == len(ROWS)
    for row in ROWS:
        committed = CASES / f"{row.name}.json"
        if len(row.content) <= COMMITTED_BYTES:
            # Regenerate with: python tests/hostile/make_cases.py
            assert committed.read_bytes() == row.content, row.name
        else:
            assert not committed.exists(), f"{row.name} is too large to commit"


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r.name)
def test_evaluate(row: Hostile, hostile: Path) -> None:
    run = run_cli("evaluate", str(hostile / f"{row.name}.json"), "--today", TODAY)
    _answered_in_words(run, row)
    if row.expect == "ok":
        evaluation = strict_json(run.stdout)
        assert evaluation["case_id"] == "HOSTILE-1"


# The export formats of netlogic/cli/export.py, and how a good output is recognised.
_EXPORTS = {
    "pdf": lambda data: data.startswith(b"%PDF"),
    "html": lambda data: b"<html" in data[:2000].lower(),
    "json": lambda data: strict_json(data)["id"] == "HOSTILE-1",
    "evaluation": lambda data: strict_json(data)["case_id"] == "HOSTILE-1",
    "fhir": lambda data: strict_json(data)["resourceType"] == "Bundle",
    "csv": lambda data: zipfile.ZipFile(io.BytesIO(data)).testzip() is None,
}
# A few accepted rows cover each export (the PDF and HTML exports take about a second each);
# every refused row goes through every format, since refusing must not depend on the format.
_EXPORTED_OK = {
    "ok-baseline",
    "ok-growth-overflow",
    "ok-tiny-baseline-marker",
    "ok-flat-rising-marker",
    "ok-date-1900",
    "ok-unicode-text",
    "ok-html-in-text",
    "ok-same-day-scans",
}
_EXPORT_ROWS = [r for r in ROWS if r.expect != "ok" or r.name in _EXPORTED_OK]


@pytest.mark.parametrize("fmt", sorted(_EXPORTS))
@pytest.mark.parametrize("row", _EXPORT_ROWS, ids=lambda r: r.name)
def test_export(row: Hostile, fmt: str, hostile: Path, tmp_path: Path) -> None:
    out = tmp_path / f"out.{fmt}"
    run = run_cli(
        "export",
        str(hostile / f"{row.name}.json"),
        "--format",
        fmt,
        "-o",
        str(out),
        "--today",
        TODAY,
    )
    _answered_in_words(run, row)
    if row.expect == "ok":
        assert _EXPORTS[fmt](out.read_bytes())
    else:
        assert not out.exists(), "nothing is written for refused input"


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r.name)
def test_cases_save_then_show(row: Hostile, hostile: Path, store_url: str) -> None:
    run = run_cli(
        "cases", "save", str(hostile / f"{row.name}.json"), "--database-url", store_url,
        "--today", TODAY,
    )  # fmt: skip
    _answered_in_words(run, row)
    if row.expect == "ok":
        saved = strict_json(run.stdout)
        shown = run_cli("cases", "show", "HOSTILE-1", "--database-url", store_url)
        assert shown.returncode == 0, shown.stderr
        assert strict_json(shown.stdout)["id"] == "HOSTILE-1"
        assert saved


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r.name)
def test_sequence(row: Hostile, hostile: Path) -> None:
    run = run_cli(
        "sequence", str(hostile / f"{row.name}.json"), "ssa", "prrt", "everolimus", "--today", TODAY
    )
    _answered_in_words(run, row)
    if row.expect == "ok":
        assert strict_json(run.stdout)


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r.name)
def test_compare(row: Hostile, hostile: Path) -> None:
    run = run_cli(
        "compare", str(hostile / "ok-baseline.json"), str(hostile / f"{row.name}.json"),
        "--today", TODAY,
    )  # fmt: skip
    _answered_in_words(run, row)
    if row.expect == "ok":
        assert strict_json(run.stdout)


def test_growth_too_fast_to_compute_is_null_with_a_reason_and_rapid(hostile: Path) -> None:
    # 0.001 mm then 2000 mm a day later: exp() overflows; the figure is null, never Infinity,
    # and the derived progression is rapid (a growth beyond any number is not slow).
    run = run_cli("evaluate", str(hostile / "ok-growth-overflow.json"), "--today", TODAY)
    out = strict_json(run.stdout)
    recist = out["trends"]["recist"]
    assert recist["tgr_percent_per_month"] is None
    assert recist["null_reasons"] == {"tgr_percent_per_month": "too_fast"}
    assert recist["latest"] == "PD"
    assert out["progression"] == "rapid"


def test_a_change_against_a_vanishing_baseline_is_null_with_a_reason(hostile: Path) -> None:
    run = run_cli("evaluate", str(hostile / "ok-tiny-baseline-marker.json"), "--today", TODAY)
    cga = strict_json(run.stdout)["trends"]["markers"]["chromogranin_a"]
    assert cga["change_from_baseline_percent"] is None
    assert cga["null_reasons"]["change_from_baseline_percent"] == "not_finite"
