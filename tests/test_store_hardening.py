"""The case store hardened (issue "hardening"): arguments refused in words before the
database is touched, misconfiguration named, no driver internals in messages, an audit trail
that cannot be rewritten (TRUNCATE included), reads recorded, archive events in the history,
a save into an archived case unarchiving it, private SQLite files, the app's database role.
SQLite always; PostgreSQL too when NETLOGIC_TEST_DATABASE_URL is set."""

# Fixtures are imported from the support module and requested by name (F401/F811).
# ruff: noqa: F811

from __future__ import annotations

import stat
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from netlogic.meetings import Participant, Specialty, add_case, create_meeting, load_meeting
from netlogic.store.repository import (
    CaseNotFoundError,
    CaseStore,
    StoreConfigError,
    StoredVersionUnreadableError,
    StoreError,
    StoreInputError,
    StoreUnavailableError,
    migrate,
    open_store,
)
from netlogic.store.schema import case_versions
from tests.cli_support import run_cli
from tests.conftest import TODAY
from tests.test_store_support import (  # noqa: F401
    PG_BASE_URL,
    backend,
    empty_url,
    fresh_database_url,
    make_case,
    store,
    store_url,
    with_ki67,
)

HISTORY_TABLES = ("cases", "case_versions", "case_events", "case_access")
postgres_only = pytest.mark.skipif(not PG_BASE_URL, reason="NETLOGIC_TEST_DATABASE_URL is not set")

# --- arguments refused before the database is touched ---------------------------------------


@pytest.mark.parametrize(
    ("call", "field"),
    [
        # A blank author would make a save nobody can be asked about.
        (lambda s: s.save(make_case(), "   "), "author"),
        # Longer than the column: refused in words, never cut.
        (lambda s: s.save(make_case(), "a" * 201), "author"),
        # NUL: PostgreSQL cannot store it, SQLite would cut the name at it.
        (lambda s: s.save(make_case(), "dr\x00a"), "author"),
        # A newline could forge a second line in a printed audit trail.
        (lambda s: s.save(make_case(), "dr-a\nsaved by dr-b"), "author"),
        # A right-to-left override makes a name read backwards.
        (lambda s: s.save(make_case(), "dr-\u202ea"), "author"),
        # A negative base version is no version (it used to read as "stale", exit 3).
        (lambda s: s.save(make_case(), "a", base_version=-1), "base version"),
        # 2^63 overflowed SQLite's integer and raised a bare OverflowError.
        (lambda s: s.load("T-1", 2**63), "version"),
        # Version 0 does not exist: versions start at 1.
        (lambda s: s.load("T-1", 0), "version"),
        # A case ID with a line break or NUL is no case ID (PostgreSQL refused NUL itself).
        (lambda s: s.load("T-1\x00"), "case ID"),
        (lambda s: s.history("T-1\nT-2"), "case ID"),
        # Restoring by an impossible version number.
        (lambda s: s.restore("T-1", 2**31, "a"), "version"),
        # The reader of a read is named like an author.
        (lambda s: s.record_access("T-1", 1, "", "read"), "user"),
        # Only reads and exports are recorded.
        (lambda s: s.record_access("T-1", 1, "a", "delete"), "action"),
        # Drafts belong to someone.
        (lambda s: s.save_draft("\t", "tab-1", {}), "owner"),
    ],
)
def test_misuse_is_refused_naming_the_argument(
    store: CaseStore, call: Callable[[CaseStore], Any], field: str
) -> None:
    store.save(make_case(), "a")
    with pytest.raises(StoreInputError) as caught:
        call(store)
    assert caught.value.field == field
    assert [v.version for v in store.history("T-1")] == [1]  # nothing written


def test_an_author_is_trimmed(store: CaseStore) -> None:
    store.save(make_case(), "  dr-a  ")
    assert store.load("T-1").author == "dr-a"
    store.save(with_ki67(make_case(), 20), "é" * 200)  # 200 characters is the limit, not bytes
    assert store.load("T-1").author == "é" * 200


# --- misconfiguration: one line naming the variable -------------------------------------------


@pytest.mark.parametrize(
    ("env", "variable", "words"),
    [
        # Not a URL at all.
        ({"NETLOGIC_DATABASE_URL": "my database"}, "NETLOGIC_DATABASE_URL", "not a database URL"),
        # A port that is not a number.
        (
            {"NETLOGIC_DATABASE_URL": "postgresql+psycopg://u@h:port/db"},
            "NETLOGIC_DATABASE_URL",
            "not a database URL",
        ),
        # A driver this installation does not have.
        ({"NETLOGIC_DATABASE_URL": "mysql+pymysql://u@h/db"}, "NETLOGIC_DATABASE_URL", "driver"),
        # A dialect SQLAlchemy does not know.
        ({"NETLOGIC_DATABASE_URL": "nosuchdb://u@h/db"}, "NETLOGIC_DATABASE_URL", "driver"),
        # A data folder that is a device, not a folder.
        ({"NETLOGIC_DATA_DIR": "/dev/null"}, "NETLOGIC_DATA_DIR", "cannot hold the case store"),
    ],
)
def test_misconfiguration_names_the_variable(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], variable: str, words: str
) -> None:
    monkeypatch.delenv("NETLOGIC_DATABASE_URL", raising=False)
    monkeypatch.delenv("NETLOGIC_DATA_DIR", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(StoreConfigError) as caught:
        open_store()
    assert caught.value.variable == variable
    assert str(caught.value).startswith(f"{variable}: ")
    assert words in str(caught.value)
    assert isinstance(caught.value, StoreUnavailableError)  # the CLI's exit 4


def test_server_failures_never_show_host_port_or_role() -> None:
    with pytest.raises(StoreUnavailableError) as caught:
        open_store("postgresql+psycopg://secret_role:pw@127.0.0.1:9/secret_db")
    message = str(caught.value)
    assert "cannot be reached" in message
    for internal in ("secret_role", "127.0.0.1", ":9", "secret_db", "pw", "psycopg"):
        assert internal not in message
    assert "\n" not in message


def test_a_refused_rewrite_says_append_only_without_sql(store: CaseStore) -> None:
    store.save(make_case(), "a")
    with pytest.raises(StoreError) as caught, store._errors(), store._write() as conn:
        conn.execute(sa.text("DELETE FROM case_versions"))
    assert "append-only" in str(caught.value)
    assert "DELETE" not in str(caught.value)


# --- the audit trail ------------------------------------------------------------------------


def test_history_shows_archive_unarchive_and_restore_in_order(store: CaseStore) -> None:
    store.save(make_case(), "dr-a")
    store.save(with_ki67(make_case(), 20), "dr-b")
    store.archive("T-1", "dr-c")
    store.unarchive("T-1", "dr-d")
    store.restore("T-1", 1, "dr-e")
    timeline = [(e.event, e.version, e.author, e.restored_from) for e in store.timeline("T-1")]
    assert timeline == [
        ("saved", 1, "dr-a", None),
        ("saved", 2, "dr-b", None),
        ("archived", 2, "dr-c", None),
        ("unarchived", 2, "dr-d", None),
        ("restored", 3, "dr-e", 1),
    ]


def test_saving_into_an_archived_case_unarchives_it_with_an_event(store: CaseStore) -> None:
    store.save(make_case(), "dr-a")
    store.archive("T-1", "dr-a")
    assert store.list_cases() == []
    assert store.save(with_ki67(make_case(), 20), "dr-b") == 2
    # The new version is in the default list again, and the history says who brought it back.
    assert [(c.case_id, c.version, c.archived) for c in store.list_cases()] == [("T-1", 2, False)]
    assert [(e.event, e.version, e.author) for e in store.timeline("T-1")][-2:] == [
        ("saved", 2, "dr-b"),
        ("unarchived", 2, "dr-b"),
    ]


def test_reads_and_exports_are_recorded_in_order(store: CaseStore) -> None:
    store.save(make_case(), "dr-a")
    store.record_access("T-1", 1, "dr-b", "read")
    store.record_access("T-1", 1, " dr-c ", "export")
    assert [(a.who, a.action, a.version) for a in store.access_log("T-1")] == [
        ("dr-b", "read", 1),
        ("dr-c", "export", 1),
    ]
    with pytest.raises(CaseNotFoundError):
        store.record_access("NOPE", 1, "dr-b", "read")


@pytest.mark.parametrize(
    "statement",
    [
        # Forging who read a case.
        "UPDATE case_access SET who = 'someone else'",
        # Erasing that a case was read.
        "DELETE FROM case_access",
    ],
)
def test_the_read_audit_cannot_be_rewritten(store: CaseStore, statement: str) -> None:
    store.save(make_case(), "dr-a")
    store.record_access("T-1", 1, "dr-b", "read")
    with pytest.raises(sa.exc.DatabaseError, match="append-only"), store.engine.begin() as conn:
        conn.execute(sa.text(statement))
    assert [a.who for a in store.access_log("T-1")] == ["dr-b"]


@postgres_only
@pytest.mark.postgres
@pytest.mark.parametrize("table", HISTORY_TABLES)
def test_truncate_is_refused_on_postgresql(tmp_path: Path, table: str) -> None:
    with fresh_database_url("postgresql", tmp_path) as url:
        migrate(url)
        with open_store(url) as opened:
            opened.save(make_case(), "dr-a")
            opened.archive("T-1", "dr-a")
            opened.record_access("T-1", 1, "dr-b", "read")
            with (
                pytest.raises(sa.exc.DatabaseError, match="append-only"),
                opened.engine.begin() as conn,
            ):
                conn.execute(sa.text(f"TRUNCATE {table} CASCADE"))
            assert [e.event for e in opened.timeline("T-1")] == ["saved", "archived"]
            assert len(opened.access_log("T-1")) == 1


# --- the app's database role (PostgreSQL) -----------------------------------------------------


@pytest.fixture
def app_role() -> Iterator[str]:
    role = f"netlogic_app_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(PG_BASE_URL)
    with admin.begin() as conn:
        conn.exec_driver_sql(f"CREATE ROLE {role} LOGIN")
    yield role
    with admin.begin() as conn:
        conn.exec_driver_sql(f"DROP OWNED BY {role}")
        conn.exec_driver_sql(f"DROP ROLE {role}")
    admin.dispose()


@postgres_only
@pytest.mark.postgres
def test_the_app_role_can_save_and_read_but_never_rewrite_history(
    tmp_path: Path, app_role: str
) -> None:
    with fresh_database_url("postgresql", tmp_path) as owner_url:
        migrate(owner_url)
        with open_store(owner_url) as owner:
            granted = owner.grant_app_role(app_role)
        assert any("GRANT SELECT, INSERT" in g for g in granted)
        app_url = sa.make_url(owner_url).set(username=app_role, password=None)
        with open_store(app_url.render_as_string(hide_password=False)) as app:
            # Everything the app does works...
            app.save(make_case(), "dr-a")
            app.save(with_ki67(make_case(), 20), "dr-a", base_version=1)
            app.archive("T-1", "dr-a")
            app.record_access("T-1", 2, "dr-b", "read")
            app.save_draft("dr-a", "tab-1", {"x": 1})
            app.save_draft("dr-a", "tab-1", {"x": 2})
            app.discard_draft("dr-a", "tab-1")
            meeting_id = create_meeting(
                app,
                meeting_date=TODAY,
                name="RCP TNE",
                participants=[Participant(name="AB", specialty=Specialty.ONCOLOGY)],
                author="dr-a",
            )
            add_case(app, meeting_id, "T-1", "dr-a")
            assert load_meeting(app, meeting_id).agenda[0].item.case_id == "T-1"
            # ...and nothing that rewrites history does: refused by privileges, not triggers.
            for statement in (
                *(f"TRUNCATE {t} CASCADE" for t in HISTORY_TABLES),
                *(f"DELETE FROM {t}" for t in HISTORY_TABLES),
                "UPDATE case_versions SET author = 'someone else'",
                "UPDATE meetings SET created_by = 'someone else'",
                "DELETE FROM meeting_agenda",
                "ALTER TABLE case_versions DISABLE TRIGGER ALL",
            ):
                with pytest.raises(sa.exc.DatabaseError) as refused, app.engine.begin() as conn:
                    conn.execute(sa.text(statement))
                assert "permission denied" in str(refused.value) or "must be owner" in str(
                    refused.value
                ), statement
            assert [v.version for v in app.history("T-1")] == [1, 2]


def test_app_roles_are_a_postgresql_matter(store: CaseStore, backend: str) -> None:
    if backend == "sqlite":
        with pytest.raises(StoreInputError, match="only on PostgreSQL"):
            store.grant_app_role("netlogic_app")
    # A role name that is not a plain identifier is refused on both before any SQL runs.
    with pytest.raises(StoreInputError) as caught:
        store.grant_app_role('x"; DROP TABLE cases; --')
    assert caught.value.field == "role"


# --- SQLite files are private ---------------------------------------------------------------


def test_a_new_sqlite_store_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    folder = tmp_path / "new" / "data"
    url = f"sqlite:///{folder / 'netlogic.sqlite3'}"
    migrate(url)
    with open_store(url) as opened:
        opened.save(make_case(), "dr-a")
        files = sorted(folder.iterdir())
        assert {p.name for p in files} >= {"netlogic.sqlite3", "netlogic.sqlite3-wal"}
        for path in files:
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


# --- versions saved before today's input limits -------------------------------------------


def test_a_version_saved_before_the_input_limits_is_reported_not_crashed(
    store: CaseStore, store_url: str
) -> None:
    """A 9000 mm sum was accepted before the limits existed: loading it names the case,
    version and field in words, and the row itself stays in the store untouched."""
    store.save(make_case(), "dr-a")
    with store.engine.begin() as conn:
        row = conn.execute(sa.select(case_versions).where(case_versions.c.version == 1)).one()
        old = dict(row._mapping)
        old.pop("id")
        bad = dict(old["case_json"])
        bad["imaging"] = [{"date": "2026-01-01", "modality": "ct", "sum_diameters_mm": 9000}]
        conn.execute(sa.insert(case_versions).values({**old, "version": 2, "case_json": bad}))
    with pytest.raises(
        StoredVersionUnreadableError,
        match=r"version 2 .*sum of target diameters \(mm\) must be at most 2000",
    ):
        store.load("T-1")
    assert store.load("T-1", 1).version == 1
    result = run_cli("cases", "show", "T-1", "--database-url", store_url)
    assert result.returncode == 4
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr
