"""Every misuse of ``python -m netlogic cases`` ends with its documented exit code and one
line in words (issue "hardening"): 2 for a bad argument, naming the flag; 4 when the store
cannot be used, naming the variable to fix; never a traceback, never the driver's internals
(host, port, role, SQL). In-process (tests/cli_support.py), on SQLite and PostgreSQL."""

# Fixtures are imported from the support module and requested by name (F401/F811).
# ruff: noqa: F811

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli_support import CliRun, run_cli
from tests.conftest import ROOT
from tests.test_store_support import backend, empty_url, store_url  # noqa: F401

DEMO = ROOT / "data" / "demo_cases" / "ileum-g2-syndrome.case.json"
CASE_ID = "EX-ILEUM-SYNDROME"


def one_line_error(run: CliRun) -> str:
    assert "Traceback" not in run.stderr
    lines = run.stderr.splitlines()
    assert len(lines) == 1, run.stderr
    assert lines[0].startswith("error: ")
    return lines[0]


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        # 2^63 used to overflow SQLite with a traceback.
        (("show", CASE_ID, "--version", str(2**63)), 2, "--version"),
        # Versions start at 1.
        (("show", CASE_ID, "--version", "0"), 2, "--version"),
        # A negative base version used to read as "stale" (exit 3).
        (("save", str(DEMO), "--base-version", "-1"), 2, "--base-version"),
        # 2^31 does not fit the column on either back end.
        (("save", str(DEMO), "--base-version", str(2**31)), 2, "--base-version"),
        # An empty author used to be exit 4 "database unavailable".
        (("save", str(DEMO), "--author", ""), 2, "--author"),
        # 201 characters: one more than the column holds.
        (("save", str(DEMO), "--author", "a" * 201), 2, "--author"),
        # A NUL in the author.
        (("save", str(DEMO), "--author", "dr\x01a"), 2, "--author"),
        # A line break would forge a second audit line.
        (("archive", CASE_ID, "--author", "dr-a\ndr-b"), 2, "--author"),
        # Restoring version 2^40.
        (("restore", CASE_ID, str(2**40)), 2, "version"),
        # Comparing with version -3.
        (("compare", CASE_ID, "1", "-3"), 2, "V2"),
        # A reader with a tab.
        (("show", CASE_ID, "--user", "a\tb"), 2, "--user"),
        # A case ID with a line break is no case ID.
        (("history", "X\nY"), 2, "case ID"),
        # An unknown case stays exit 2.
        (("show", "NOPE"), 2, "NOPE"),
    ],
)
def test_bad_arguments_exit_2_naming_the_flag(
    store_url: str, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], code: int, words: str
) -> None:
    monkeypatch.setenv("NETLOGIC_DATABASE_URL", store_url)
    assert run_cli("cases", "save", str(DEMO)).returncode == 0
    run = run_cli("cases", *args)
    assert run.returncode == code
    assert words in one_line_error(run)
    history = json.loads(run_cli("cases", "history", CASE_ID).stdout)
    assert [e["event"] for e in history] == ["saved"]  # nothing was written


@pytest.mark.parametrize(
    ("env", "words"),
    [
        # Not a URL.
        ({"NETLOGIC_DATABASE_URL": "my database"}, "NETLOGIC_DATABASE_URL: not a database URL"),
        # A driver that is not installed.
        (
            {"NETLOGIC_DATABASE_URL": "mysql+pymysql://u@h/db"},
            "NETLOGIC_DATABASE_URL: the database",
        ),
        # A data folder that is not a folder.
        ({"NETLOGIC_DATA_DIR": "/dev/null"}, "NETLOGIC_DATA_DIR: the folder /dev/null"),
        # A server that does not answer: no host, port or role in the message.
        (
            {"NETLOGIC_DATABASE_URL": "postgresql+psycopg://hidden_role@127.0.0.1:9/hidden_db"},
            "cannot be reached",
        ),
    ],
)
@pytest.mark.parametrize("command", [("list",), ("migrate",), ("save", str(DEMO))])
def test_unusable_store_exits_4_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], words: str, command: tuple[str, ...]
) -> None:
    monkeypatch.delenv("NETLOGIC_DATABASE_URL", raising=False)
    monkeypatch.delenv("NETLOGIC_DATA_DIR", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    run = run_cli("cases", *command)
    assert run.returncode == 4
    line = one_line_error(run)
    assert words in line
    for internal in ("hidden_role", "127.0.0.1", "hidden_db", "psycopg.", "SELECT"):
        assert internal not in line


def test_show_and_export_are_recorded_and_history_shows_archives(
    store_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("NETLOGIC_DATABASE_URL", store_url)
    assert run_cli("cases", "save", str(DEMO), "--author", "dr-a").returncode == 0
    assert run_cli("cases", "archive", CASE_ID, "--author", "dr-b").returncode == 0
    saved = json.loads(run_cli("cases", "save", str(DEMO), "--author", "dr-c").stdout)
    assert saved == {"case_id": CASE_ID, "version": 2, "unarchived": True}
    assert run_cli("cases", "restore", CASE_ID, "1", "--author", "dr-d").returncode == 0
    # A restore into an archived case unarchives it and says so, as a save does.
    assert run_cli("cases", "archive", CASE_ID, "--author", "dr-b").returncode == 0
    restored = json.loads(run_cli("cases", "restore", CASE_ID, "1", "--author", "dr-d").stdout)
    assert restored["unarchived"] is True
    history = json.loads(run_cli("cases", "history", CASE_ID).stdout)
    assert [(e["event"], e["author"]) for e in history] == [
        ("saved", "dr-a"),
        ("archived", "dr-b"),
        ("saved", "dr-c"),
        ("unarchived", "dr-c"),
        ("restored", "dr-d"),
        ("archived", "dr-b"),
        ("restored", "dr-d"),
        ("unarchived", "dr-d"),
    ]
    assert run_cli("cases", "show", CASE_ID, "--version", "1", "--user", "dr-e").returncode == 0
    assert run_cli("cases", "export-all", str(tmp_path / "out"), "--user", "dr-f").returncode == 0
    log = json.loads(run_cli("cases", "access-log", CASE_ID).stdout)
    assert [(a["who"], a["action"], a["version"]) for a in log] == [
        ("dr-e", "read", 1),
        ("dr-f", "export", 4),
    ]


def test_grant_app_role_on_sqlite_exits_2_in_words(
    store_url: str, backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if backend != "sqlite":
        pytest.skip("the PostgreSQL grants are tested in tests/test_store_hardening.py")
    monkeypatch.setenv("NETLOGIC_DATABASE_URL", store_url)
    run = run_cli("cases", "grant-app-role", "netlogic_app")
    assert run.returncode == 2
    assert "only on PostgreSQL" in one_line_error(run)
