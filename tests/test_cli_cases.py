"""``python -m netlogic cases ...`` as other tools and the Makefile call it: JSON on stdout,
exit 0 done, 2 bad input, 3 stale base version, 4 store unavailable; never a traceback."""

# Fixtures are imported from the support module and requested by name (F401/F811).
# ruff: noqa: F811

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from netlogic.meetings.demo import DEMO_MEETINGS
from netlogic.model.case_io import load_case_file
from netlogic.store.demo import load_demo_cases
from tests.conftest import ROOT, TODAY, load_json
from tests.test_store_support import (  # noqa: F401
    HEAD_REVISIONS,
    backend,
    empty_url,
    store_url,
)

DEMO = ROOT / "data" / "demo_cases" / "ileum-g2-syndrome.case.json"


def cases(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NETLOGIC_DATABASE_URL": url}
    run = subprocess.run(
        [sys.executable, "-m", "netlogic", "cases", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "Traceback" not in run.stderr
    return run


def ok(run: subprocess.CompletedProcess[str]) -> Any:
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def test_migrate_then_save_show_history_list(empty_url: str, tmp_path: Path) -> None:
    unmigrated = cases(empty_url, "list")
    assert unmigrated.returncode == 4
    assert "python -m netlogic cases migrate" in unmigrated.stderr

    assert ok(cases(empty_url, "migrate"))["revisions"] == HEAD_REVISIONS
    case_id = load_json(DEMO)["id"]
    assert ok(cases(empty_url, "save", str(DEMO), "--author", "dr-a")) == {
        "case_id": case_id,
        "version": 1,
    }
    edited = load_json(DEMO)
    edited["tumour"]["ki67_percent"] = 12
    edited_path = tmp_path / "edited.case.json"
    edited_path.write_text(json.dumps(edited), encoding="utf-8")
    assert ok(cases(empty_url, "save", str(edited_path), "--base-version", "1"))["version"] == 2

    shown = ok(cases(empty_url, "show", case_id))
    assert shown["tumour"]["ki67_percent"] == 12
    first = ok(cases(empty_url, "show", case_id, "--version", "1"))
    assert first == load_case_file(DEMO, TODAY).to_contract_json()

    history = ok(cases(empty_url, "history", case_id))
    assert [(h["version"], h["author"]) for h in history] == [(1, "dr-a"), (2, "local")]
    assert "ki67_percent" in history[1]["summary"]
    listed = ok(cases(empty_url, "list"))
    assert [(c["case_id"], c["version"], c["archived"]) for c in listed] == [(case_id, 2, False)]


def test_stale_base_version_exits_3_naming_the_version(store_url: str) -> None:
    ok(cases(store_url, "save", str(DEMO)))
    ok(cases(store_url, "save", str(DEMO), "--base-version", "1"))
    stale = cases(store_url, "save", str(DEMO), "--base-version", "1")
    assert stale.returncode == 3
    assert "version 1" in stale.stderr
    assert "version 2" in stale.stderr
    assert len(ok(cases(store_url, "history", load_json(DEMO)["id"]))) == 2


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("not json", "not valid JSON"),  # a file that is not JSON at all
        (
            '{"schema_version": "1", "id": "X", "tumour": {"primary_site": "pancreas", '
            '"ki67_percent": 140}}',
            "Ki-67",
        ),  # an impossible Ki-67 is refused by name
    ],
)
def test_bad_case_file_exits_2_and_saves_nothing(
    store_url: str, tmp_path: Path, content: str, words: str
) -> None:
    path = tmp_path / "bad.case.json"
    path.write_text(content, encoding="utf-8")
    run = cases(store_url, "save", str(path))
    assert run.returncode == 2
    assert words in run.stderr
    assert ok(cases(store_url, "list", "--all")) == []


def test_unknown_case_exits_2(store_url: str) -> None:
    run = cases(store_url, "show", "NOPE")
    assert run.returncode == 2
    assert "NOPE" in run.stderr


def test_unreachable_database_exits_4_with_words() -> None:
    run = cases("postgresql+psycopg://postgres@127.0.0.1:9/test", "list")
    assert run.returncode == 4
    assert "cannot be reached" in run.stderr


def test_seed_demo_is_idempotent(store_url: str) -> None:
    expected = len({c.id for c in load_demo_cases()})
    decisions = sum(len(m.decisions) for m in DEMO_MEETINGS)  # the demo meetings come along
    assert ok(cases(store_url, "seed-demo")) == {"seeded": expected, "meeting_decisions": decisions}
    assert ok(cases(store_url, "seed-demo")) == {"seeded": 0, "meeting_decisions": 0}
    assert len(ok(cases(store_url, "list"))) == expected


def test_archive_restore_compare_commands(store_url: str, tmp_path: Path) -> None:
    case_id = load_json(DEMO)["id"]
    ok(cases(store_url, "save", str(DEMO)))
    edited = load_json(DEMO)
    edited["tumour"]["ki67_percent"] = 30
    (tmp_path / "e.json").write_text(json.dumps(edited), encoding="utf-8")
    ok(cases(store_url, "save", str(tmp_path / "e.json")))
    changes = ok(cases(store_url, "compare", case_id, "1", "2"))
    assert [c["path"] for c in changes] == ["tumour.ki67_percent"]
    assert ok(cases(store_url, "restore", case_id, "1"))["version"] == 3
    ok(cases(store_url, "archive", case_id))
    assert ok(cases(store_url, "list")) == []
    assert ok(cases(store_url, "list", "--all"))[0]["archived"] is True
    ok(cases(store_url, "unarchive", case_id))
    assert len(ok(cases(store_url, "list"))) == 1


def test_export_all_then_import_all_into_another_store(store_url: str, tmp_path: Path) -> None:
    ok(cases(store_url, "seed-demo"))
    exported = ok(cases(store_url, "export-all", str(tmp_path / "out")))
    files = sorted((tmp_path / "out").glob("*.case.json"))
    assert exported["exported"] == len(files) == len(ok(cases(store_url, "list")))

    other = f"sqlite:///{tmp_path / 'other.sqlite3'}"
    ok(cases(other, "migrate"))
    imported = ok(cases(other, "import-all", str(tmp_path / "out")))
    assert len(imported["imported"]) == len(files)
    again = ok(cases(other, "import-all", str(tmp_path / "out")))
    assert (again["imported"], len(again["unchanged"])) == ([], len(files))
    for path in files:
        case_id = load_json(path)["id"]
        assert ok(cases(other, "show", case_id)) == load_json(path)
