"""The case store: versions, history, compare, restore, archive, stale refusal, demo data,
schema checks and database failures. Each test runs on SQLite, and on PostgreSQL when
NETLOGIC_TEST_DATABASE_URL is set (see tests/test_store_support.py)."""

# Fixtures are imported from the support module and requested by name (F401/F811).
# ruff: noqa: F811

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

import netlogic.store.repository as store_module
from netlogic.model.case import Case, MarkerValue
from netlogic.model.case_io import load_case_file
from netlogic.store.demo import demo_case_paths, load_demo_cases, seed_demo
from netlogic.store.repository import (
    CaseNotFoundError,
    CaseStore,
    SchemaNotReadyError,
    StaleVersionError,
    StoreUnavailableError,
    default_sqlite_url,
    migrate,
    open_store,
    resolve_url,
)
from tests.conftest import TODAY
from tests.test_store_support import (  # noqa: F401  (fixtures used by name)
    HEAD_REVISIONS,
    backend,
    empty_url,
    make_case,
    store,
    store_url,
    with_ki67,
)


def _marker(day: str, value: float) -> MarkerValue:
    return MarkerValue.model_validate(
        {"date": day, "name": "chromogranin_a", "value": value, "unit": "ng/mL"}
    )


# --- versions and history --------------------------------------------------------------------


def test_first_save_is_version_1_and_reads_back(store: CaseStore) -> None:
    case = make_case()
    assert store.save(case, "dr-a") == 1
    stored = store.load("T-1")
    assert (stored.case, stored.version, stored.author, stored.summary) == (
        case,
        1,
        "dr-a",
        "created",
    )
    assert stored.saved_at.tzinfo is not None
    assert abs((datetime.now(UTC) - stored.saved_at).total_seconds()) < 60


def test_each_save_appends_a_version_with_a_summary_of_the_change(store: CaseStore) -> None:
    case = make_case()
    store.save(case, "dr-a")
    edited = with_ki67(case, 12)
    edited.markers = [_marker("2025-01-15", 250), _marker("2025-04-15", 300)]
    assert store.save(edited, "dr-b", base_version=1) == 2
    history = store.history("T-1")
    assert [(v.version, v.author) for v in history] == [(1, "dr-a"), (2, "dr-b")]
    assert history[1].summary == "tumour.ki67_percent 8 -> 12; 2 markers added"
    # The first version is still there, unchanged.
    assert store.load("T-1", 1).case == case
    assert store.load("T-1").case == edited


def test_saving_the_same_content_still_records_a_version(store: CaseStore) -> None:
    case = make_case()
    store.save(case, "a")
    assert store.save(case, "a") == 2
    assert store.history("T-1")[-1].summary == "no changes"


def test_unknown_case_and_unknown_version_are_named(store: CaseStore) -> None:
    with pytest.raises(CaseNotFoundError, match="NOPE"):
        store.load("NOPE")
    store.save(make_case(), "a")
    with pytest.raises(CaseNotFoundError, match="no version 7") as caught:
        store.load("T-1", 7)
    assert caught.value.version == 7
    with pytest.raises(CaseNotFoundError):
        store.history("NOPE")


def test_compare_gives_field_level_changes(store: CaseStore) -> None:
    case = make_case()
    store.save(case, "a")
    store.save(with_ki67(case, 25), "a")
    changes = store.compare("T-1", 1, 2)
    assert [(c.path, c.kind, c.old, c.new) for c in changes] == [
        ("tumour.ki67_percent", "changed", 8.0, 25.0)
    ]
    assert store.compare("T-1", 2, 2) == []


def test_restore_saves_the_old_version_as_the_newest(store: CaseStore) -> None:
    case = make_case()
    store.save(case, "a")
    store.save(with_ki67(case, 30), "b")
    assert store.restore("T-1", 1, "c") == 3
    latest = store.load("T-1")
    assert latest.case == case
    assert latest.author == "c"
    assert latest.summary == "restored version 1: tumour.ki67_percent 30 -> 8"
    assert len(store.history("T-1")) == 3  # nothing rewritten, the bad edit is still on record


# --- listing and archive ---------------------------------------------------------------------


def test_list_shows_the_latest_version_of_each_case(store: CaseStore) -> None:
    store.save(make_case("B-2", primary_site="pancreas"), "a")
    store.save(make_case("A-1"), "a")
    store.save(with_ki67(make_case("A-1"), 3), "b")
    listed = store.list_cases()
    assert [(s.case_id, s.version, s.primary_site, s.author, s.archived) for s in listed] == [
        ("A-1", 2, "small_intestine", "b", False),
        ("B-2", 1, "pancreas", "a", False),
    ]


def test_archive_hides_without_deleting_and_is_recorded(store: CaseStore) -> None:
    store.save(make_case("A-1"), "a")
    store.save(make_case("B-2"), "a")
    store.archive("A-1", "dr-archivist")
    assert [s.case_id for s in store.list_cases()] == ["B-2"]
    everything = store.list_cases(include_archived=True)
    assert [(s.case_id, s.archived) for s in everything] == [("A-1", True), ("B-2", False)]
    assert store.load("A-1").case == make_case("A-1")  # still whole
    store.unarchive("A-1", "dr-b")
    assert [s.case_id for s in store.list_cases()] == ["A-1", "B-2"]
    events = store.events("A-1")
    assert [(e.kind, e.author, e.version) for e in events] == [
        ("archived", "dr-archivist", 1),
        ("unarchived", "dr-b", 1),
    ]


def test_archiving_an_unknown_case_is_refused(store: CaseStore) -> None:
    with pytest.raises(CaseNotFoundError):
        store.archive("NOPE", "a")


# --- stale edits -----------------------------------------------------------------------------


def test_save_based_on_an_old_version_is_refused_and_saves_nothing(store: CaseStore) -> None:
    case = make_case()
    store.save(case, "a")
    store.save(with_ki67(case, 10), "b", base_version=1)
    with pytest.raises(StaleVersionError) as caught:
        store.save(with_ki67(case, 50), "c", base_version=1)
    assert (caught.value.stale_version, caught.value.latest_version) == (1, 2)
    message = str(caught.value)
    for words in ("version 1", "version 2", "Reload", "new case ID"):
        assert words in message
    assert [v.version for v in store.history("T-1")] == [1, 2]
    assert store.load("T-1").case.tumour.ki67_percent == 10


def test_base_version_0_means_new_case_only(store: CaseStore) -> None:
    assert store.save(make_case(), "a", base_version=0) == 1
    with pytest.raises(StaleVersionError):
        store.save(make_case(), "b", base_version=0)


def test_a_refused_new_case_leaves_no_trace(store: CaseStore) -> None:
    with pytest.raises(StaleVersionError):
        store.save(make_case("GHOST"), "a", base_version=3)
    assert not store.exists("GHOST")
    assert store.list_cases(include_archived=True) == []


def test_rows_cannot_be_changed_or_deleted_behind_the_store(store: CaseStore) -> None:
    store.save(make_case(), "a")
    from netlogic.store.schema import case_versions

    for statement in (
        sa.update(case_versions).values(author="forger"),
        sa.delete(case_versions),
    ):
        with pytest.raises(sa.exc.DatabaseError, match="append-only"), store.engine.begin() as c:
            c.execute(statement)
    assert store.load("T-1").author == "a"


# --- round trip of the demo and teaching cases ------------------------------------------------


@pytest.mark.parametrize("case", load_demo_cases(TODAY), ids=lambda c: c.id)
def test_every_demo_case_reads_back_equal(store: CaseStore, case: Case) -> None:
    store.save(case, "demo")
    back = store.load(case.id).case
    assert back == case
    assert back.to_contract_json() == case.to_contract_json()


def test_demo_files_are_found() -> None:
    assert len(demo_case_paths()) >= 8
    assert len(load_demo_cases(TODAY)) >= len(demo_case_paths())


def test_seed_demo_is_idempotent_and_never_replaces_edits(store: CaseStore) -> None:
    expected = len({c.id for c in load_demo_cases(TODAY)})
    assert seed_demo(store, TODAY) == expected
    first = load_demo_cases(TODAY)[0]
    store.save(with_ki67(first, 55), "dr-a")
    assert seed_demo(store, TODAY) == 0
    assert store.load(first.id).case.tumour.ki67_percent == 55
    assert {s.author for s in store.list_cases()} >= {"demo"}


# --- opening, configuration and schema --------------------------------------------------------


def test_opening_an_unmigrated_store_says_to_run_migrate(empty_url: str) -> None:
    with pytest.raises(SchemaNotReadyError, match="python -m netlogic cases migrate"):
        open_store(empty_url)
    assert migrate(empty_url) == HEAD_REVISIONS
    assert migrate(empty_url) == HEAD_REVISIONS  # running it again changes nothing
    open_store(empty_url).close()


def test_default_url_is_sqlite_in_the_data_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("NETLOGIC_DATABASE_URL", raising=False)
    monkeypatch.delenv("NETLOGIC_DATA_DIR", raising=False)
    assert default_sqlite_url().endswith("/var/netlogic.sqlite3")
    monkeypatch.setenv("NETLOGIC_DATA_DIR", str(tmp_path / "data"))
    assert resolve_url() == f"sqlite:///{tmp_path / 'data' / 'netlogic.sqlite3'}"
    monkeypatch.setenv("NETLOGIC_DATABASE_URL", "postgresql+psycopg://u@h/db")
    assert resolve_url() == "postgresql+psycopg://u@h/db"
    assert resolve_url("sqlite:///x.db") == "sqlite:///x.db"


def test_sqlite_connections_use_wal_foreign_keys_and_busy_timeout(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    migrate(url)
    with open_store(url) as opened, opened.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000


# --- failures: clear errors, nothing half-written -------------------------------------------


def test_closed_server_port_is_reported_as_unavailable() -> None:
    with pytest.raises(StoreUnavailableError, match="cannot be reached") as caught:
        open_store("postgresql+psycopg://postgres@127.0.0.1:9/test")
    assert "Nothing was changed" in str(caught.value)


def test_read_only_sqlite_file_refuses_the_save_and_keeps_history(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    migrate(f"sqlite:///{path}")
    with open_store(f"sqlite:///{path}") as writable:
        writable.save(make_case(), "a")
    # Opened read-only (as on a read-only share); works the same whether or not tests run as root.
    with open_store(f"sqlite:///file:{path}?mode=ro&uri=true") as read_only:
        assert read_only.load("T-1").version == 1
        with pytest.raises(StoreUnavailableError, match="read-only"):
            read_only.save(with_ki67(make_case(), 20), "b")
    with open_store(f"sqlite:///{path}") as again:
        assert [v.version for v in again.history("T-1")] == [1]


def test_full_disk_refuses_the_save_and_writes_no_partial_version(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    migrate(url)
    with open_store(url) as opened:
        opened.save(make_case(), "a")

        @sa.event.listens_for(opened.engine, "connect")
        def _cap_size(dbapi_connection: object, _record: object) -> None:
            cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
            pages = cursor.execute("PRAGMA page_count").fetchone()[0]
            cursor.execute(f"PRAGMA max_page_count = {pages}")
            cursor.close()

        opened.engine.dispose()  # new connections get the cap
        big = make_case()
        big.notes = "x" * 200_000
        with pytest.raises(StoreUnavailableError, match="disk is full"):
            opened.save(big, "b")
    with open_store(url) as again:
        assert [v.version for v in again.history("T-1")] == [1]


def test_a_failure_inside_the_save_rolls_everything_back(
    store: CaseStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object) -> str:
        raise sa.exc.OperationalError("INSERT", {}, Exception("connection lost"))

    monkeypatch.setattr(store_module, "summarise_diff", broken)
    with pytest.raises(StoreUnavailableError):
        store.save(make_case("HALF"), "a")
    monkeypatch.undo()
    assert not store.exists("HALF")  # the registry row written first was rolled back too
    assert store.list_cases(include_archived=True) == []


def test_store_errors_are_all_store_error_subclasses() -> None:
    for cls in (StaleVersionError, CaseNotFoundError, StoreUnavailableError, SchemaNotReadyError):
        assert issubclass(cls, store_module.StoreError)


def test_load_of_a_demo_file_matches_the_file(store: CaseStore) -> None:
    path = demo_case_paths()[0]
    case = load_case_file(path, TODAY)
    store.save(case, "a")
    assert store.load(case.id).case.to_contract_json() == case.to_contract_json()
