"""Drafts in the case store: one user's unsaved screen survives a refresh, is never shown to
another user, is replaced in place, and an older store gains the table by `cases migrate`
without losing a saved case. SQLite always; PostgreSQL when NETLOGIC_TEST_DATABASE_URL is set."""

# Fixtures are imported from the support module and requested by name (F401/F811).
# ruff: noqa: F811

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic import command

from netlogic.store.repository import CaseStore, StoreError, alembic_config, migrate, open_store
from tests.test_store_support import (  # noqa: F401  (fixtures used by name)
    HEAD_REVISIONS,
    backend,
    empty_url,
    make_case,
    store,
    store_url,
)

# A draft holds the screen as typed, problems included: "12a" stays "12a".
TYPED = {"data": {"id": "T-1", "tumour": {"primary_site": None, "ki67_percent": "12a"}}}


def test_a_draft_reads_back_as_written_and_is_replaced_in_place(store: CaseStore) -> None:
    store.save_draft("dr-a", "tab-1", TYPED, case_id="T-1", base_version=3)
    found = store.load_draft("dr-a", "tab-1")
    assert found is not None
    assert (found.payload, found.case_id, found.base_version) == (TYPED, "T-1", 3)
    store.save_draft("dr-a", "tab-1", {"data": {"id": "T-1"}}, case_id="T-1", base_version=4)
    again = store.load_draft("dr-a", "tab-1")
    assert again is not None
    assert (again.payload, again.base_version) == ({"data": {"id": "T-1"}}, 4)
    assert len(store.list_drafts("dr-a")) == 1


def test_a_draft_belongs_to_its_owner(store: CaseStore) -> None:
    store.save_draft("dr-a", "tab-1", TYPED)
    assert store.load_draft("dr-b", "tab-1") is None
    assert store.list_drafts("dr-b") == []


def test_discarding_a_draft_leaves_saved_versions_alone(store: CaseStore) -> None:
    store.save(make_case(), "dr-a")
    store.save_draft("dr-a", "tab-1", TYPED, case_id="T-1", base_version=1)
    store.discard_draft("dr-a", "tab-1")
    assert store.load_draft("dr-a", "tab-1") is None
    assert store.load("T-1").version == 1


@pytest.mark.parametrize(
    ("owner", "draft_id"),
    [
        # Nobody to own it: a draft is never shared by accident.
        ("  ", "tab-1"),
        # No id: the browser could never find it again.
        ("dr-a", ""),
        # Longer than the column: refused in words, not cut.
        ("dr-a", "x" * 65),
    ],
)
def test_a_draft_needs_an_owner_and_a_short_id(store: CaseStore, owner: str, draft_id: str) -> None:
    with pytest.raises(StoreError):
        store.save_draft(owner, draft_id, TYPED)


def test_a_store_at_the_first_schema_gains_drafts_and_keeps_its_cases(empty_url: str) -> None:
    config = alembic_config()
    engine = sa.create_engine(empty_url)
    with engine.connect() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001_case_store")
        conn.commit()
    engine.dispose()
    with CaseStore(empty_url) as old:
        old.save(make_case(), "dr-a")
    assert migrate(empty_url) == HEAD_REVISIONS
    with open_store(empty_url) as upgraded:
        assert upgraded.load("T-1").version == 1
        upgraded.save_draft("dr-a", "tab-1", TYPED)
        assert upgraded.load_draft("dr-a", "tab-1") is not None
