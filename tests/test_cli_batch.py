"""``cases export-all`` and ``cases import-all`` report case by case and file by file.

export-all writes each case all or nothing, skips a case it cannot write (a link planted in the
folder, a folder in the way, text UTF-8 cannot hold) and says which, exiting 2 after writing all
the others. import-all refuses a folder holding two files of one case ID, naming both, and
reports every file.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from netlogic.model.case_io import case_to_json_text, parse_case
from netlogic.store.repository import (
    CaseStore,
    StoreError,
    StoreUnavailableError,
    migrate,
    open_store,
)
from tests.cli_support import CliRun, run_cli
from tests.conftest import TODAY, minimal_case


@pytest.fixture
def store_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    migrate(url)
    store = open_store(url)
    try:
        for case_id in ("A-1", "B-2", "C-3"):
            store.save(parse_case(minimal_case() | {"id": case_id}, TODAY), "test")
    finally:
        store.close()
    return url


def cases(url: str, *args: str) -> CliRun:
    done = run_cli("cases", *args, "--database-url", url)
    assert "Traceback" not in done.stderr
    return done


def report(done: CliRun) -> Any:
    return json.loads(done.stdout)


def test_every_case_is_exported_to_a_private_file(store_url: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = cases(store_url, "export-all", str(out))
    assert done.returncode == 0, done.stderr
    assert report(done)["skipped"] == []
    names = sorted(p.name for p in out.iterdir())
    assert names == ["A-1.case.json", "B-2.case.json", "C-3.case.json"]  # no temporary file
    assert {stat.S_IMODE((out / n).stat().st_mode) for n in names} == {0o600}
    # The file names are case IDs: a folder the command makes is private as well.
    assert stat.S_IMODE(out.stat().st_mode) == 0o700


def _link_to_victim(folder: Path) -> None:
    (folder.parent / "victim.txt").write_text("keep", encoding="utf-8")
    (folder / "B-2.case.json").symlink_to(folder.parent / "victim.txt")


@pytest.mark.parametrize(
    ("plant", "words"),
    [
        # A link planted where B-2's file goes: following it would overwrite another file.
        (_link_to_victim, "symbolic link"),
        # A folder in the way of B-2's file.
        (lambda folder: (folder / "B-2.case.json").mkdir(), "folder"),
    ],
)
def test_a_case_that_cannot_be_written_is_skipped_and_reported(
    store_url: str, tmp_path: Path, plant: Callable[[Path], None], words: str
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    plant(out)
    done = cases(store_url, "export-all", str(out))
    assert done.returncode == 2
    result = report(done)
    assert [s["case_id"] for s in result["skipped"]] == ["B-2"]
    assert words in result["skipped"][0]["problem"]
    assert result["exported"] == 2  # the others were still written
    assert (out / "A-1.case.json").stat().st_size > 0
    assert (out / "C-3.case.json").stat().st_size > 0
    assert "B-2" in done.stderr
    assert words in done.stderr
    if (tmp_path / "victim.txt").exists():
        assert (tmp_path / "victim.txt").read_text(encoding="utf-8") == "keep"


def test_a_lone_surrogate_saved_on_sqlite_never_leaves_an_empty_file(
    store_url: str, tmp_path: Path
) -> None:
    # An older version could save "\ud800" (a JSON escape, valid for SQLite): UTF-8 cannot
    # encode it, and export-all used to stop there leaving a 0-byte file and no report.
    case = parse_case(minimal_case() | {"id": "D-4"}, TODAY)
    odd = case.model_copy(update={"notes": "before \ud800 after"})
    store = open_store(store_url)
    try:
        store.save(odd, "test")
    finally:
        store.close()
    out = tmp_path / "out"
    done = cases(store_url, "export-all", str(out))
    result = report(done)
    assert all((out / f"{c}.case.json").stat().st_size > 0 for c in ("A-1", "B-2", "C-3"))
    written = out / "D-4.case.json"
    if written.exists():
        # Exported whole: valid UTF-8, the same escape, the same text read back.
        assert done.returncode == 0, done.stderr
        text = written.read_bytes().decode("utf-8")
        assert "\\ud800" in text
        assert json.loads(text)["notes"] == "before \ud800 after"
    else:
        # A model that refuses lone surrogates cannot load the old version: named, skipped.
        assert done.returncode == 2
        assert [s["case_id"] for s in result["skipped"]] == ["D-4"]
        assert "D-4" in done.stderr
    assert sorted(p.name for p in out.iterdir() if not p.name.endswith(".case.json")) == []


def test_import_all_reports_every_file(store_url: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert cases(store_url, "export-all", str(out)).returncode == 0
    other = f"sqlite:///{tmp_path / 'other.sqlite3'}"
    migrate(other)
    done = cases(other, "import-all", str(out))
    assert done.returncode == 0, done.stderr
    files = report(done)["files"]
    assert [(f["file"], f["result"]) for f in files] == [
        ("A-1.case.json", "imported"),
        ("B-2.case.json", "imported"),
        ("C-3.case.json", "imported"),
    ]
    again = report(cases(other, "import-all", str(out)))["files"]
    assert {f["result"] for f in again} == {"unchanged"}


def _write_case(folder: Path, name: str, case_id: str, ki67: float) -> None:
    case = parse_case(minimal_case(ki67_percent=ki67) | {"id": case_id}, TODAY)
    (folder / name).write_text(case_to_json_text(case), encoding="utf-8")


@pytest.mark.parametrize(
    ("files", "refused"),
    [
        # Two versions of one case under two names: which one is right cannot be guessed.
        (
            [("A-1.case.json", "A-1", 5.0), ("A-1-copy.case.json", "A-1", 25.0)],
            {"A-1.case.json", "A-1-copy.case.json"},
        ),
        # Even identical copies are refused: the folder is not what the user thinks it is.
        (
            [("x.case.json", "X-9", 5.0), ("y.case.json", "X-9", 5.0), ("z.case.json", "Z-1", 2.0)],
            {"x.case.json", "y.case.json"},
        ),
    ],
)
def test_import_all_refuses_two_files_of_one_case_id_naming_both(
    store_url: str, tmp_path: Path, files: list[tuple[str, str, float]], refused: set[str]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, case_id, ki67 in files:
        _write_case(folder, name, case_id, ki67)
    before = report(cases(store_url, "list"))
    done = cases(store_url, "import-all", str(folder))
    assert done.returncode == 2
    result = report(done)
    assert result["imported"] == []
    assert {f["file"] for f in result["files"] if f["result"] == "refused"} == refused
    for name in refused:  # each refused file is named with the other one
        line = next(line for line in done.stderr.splitlines() if line.startswith(f"error: {name}"))
        assert (refused - {name}).pop() in line
    assert report(cases(store_url, "list")) == before  # nothing saved


def test_import_all_reports_a_bad_file_by_name_and_saves_nothing(
    store_url: str, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    _write_case(folder, "good.case.json", "G-1", 5.0)
    (folder / "bad.case.json").write_text('{"schema_version": "1"}', encoding="utf-8")
    done = cases(store_url, "import-all", str(folder))
    assert done.returncode == 2
    results = {f["file"]: f["result"] for f in report(done)["files"]}
    assert results == {"bad.case.json": "refused", "good.case.json": "valid"}
    assert "bad.case.json" in done.stderr
    assert "G-1" not in {c["case_id"] for c in report(cases(store_url, "list"))}


def test_export_all_into_a_folder_that_cannot_be_made_exits_2(
    store_url: str, tmp_path: Path
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    done = cases(store_url, "export-all", str(blocker / "sub"))
    assert done.returncode == 2
    assert "cannot write" in done.stderr
    assert os.listdir(tmp_path) == sorted(os.listdir(tmp_path))  # nothing else created


@pytest.mark.parametrize(
    ("failure", "code", "written"),
    [
        # One stored version the store cannot hand over (saved before today's limits): that
        # case is skipped and named, the others are written.
        (lambda: StoreError("case 'B-2' version 1 no longer passes the input limits"), 2, 2),
        # The store itself is gone: no case can be read, exit 4 as for any command.
        (lambda: StoreUnavailableError("the database is unreachable"), 4, 1),
    ],
)
def test_a_store_error_on_one_case_skips_it_and_a_lost_store_stops(
    store_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    failure: Callable[[], Exception],
    code: int,
    written: int,
) -> None:
    real_load = CaseStore.load

    def load(self: CaseStore, case_id: str, version: int | None = None) -> Any:
        if case_id == "B-2":
            raise failure()
        return real_load(self, case_id, version)

    monkeypatch.setattr(CaseStore, "load", load)
    out = tmp_path / "out"
    done = cases(store_url, "export-all", str(out))
    assert done.returncode == code
    assert len(list(out.glob("*.case.json"))) == written
    assert "B-2" in done.stderr or "unreachable" in done.stderr
