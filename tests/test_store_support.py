"""Fixtures shared by the case-store tests: one fresh, migrated store per test, on SQLite
always and on PostgreSQL when ``NETLOGIC_TEST_DATABASE_URL`` names a server.

Each PostgreSQL test gets its own schema (selected through ``search_path`` in the URL), so
tests never see each other's cases and the schema is dropped afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory

from netlogic.model.case import Case
from netlogic.model.case_io import parse_case
from netlogic.store.repository import CaseStore, alembic_config, migrate, open_store
from tests.conftest import TODAY

# The newest migration: tests compare against it so that adding a migration needs no test edit.
HEAD_REVISIONS = sorted(ScriptDirectory.from_config(alembic_config()).get_heads())

PG_ENV = "NETLOGIC_TEST_DATABASE_URL"
PG_BASE_URL = os.environ.get(PG_ENV, "")

BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param(
        "postgresql",
        id="postgresql",
        marks=[
            pytest.mark.postgres,
            pytest.mark.skipif(not PG_BASE_URL, reason=f"{PG_ENV} is not set"),
        ],
    ),
]


@contextmanager
def fresh_database_url(backend: str, folder: Path) -> Iterator[str]:
    """An empty (not migrated) database URL, removed afterwards."""
    if backend == "sqlite":
        yield f"sqlite:///{folder / 'cases.sqlite3'}"
        return
    schema = f"test_{uuid.uuid4().hex[:16]}"
    admin = sa.create_engine(PG_BASE_URL)
    try:
        with admin.begin() as conn:
            conn.execute(sa.schema.CreateSchema(schema))
        url = sa.make_url(PG_BASE_URL).update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(sa.schema.DropSchema(schema, cascade=True, if_exists=True))
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def empty_url(backend: str, tmp_path: Path) -> Iterator[str]:
    with fresh_database_url(backend, tmp_path) as url:
        yield url


@pytest.fixture
def store_url(empty_url: str) -> str:
    migrate(empty_url)
    return empty_url


@pytest.fixture
def store(store_url: str) -> Iterator[CaseStore]:
    opened = open_store(store_url)
    yield opened
    opened.close()


def make_case(case_id: str = "T-1", **tumour: Any) -> Case:
    data: dict[str, Any] = {
        "schema_version": "1",
        "id": case_id,
        "tumour": {"primary_site": "small_intestine", "ki67_percent": 8, **tumour},
        "markers": [],
    }
    return parse_case(data, TODAY)


def with_ki67(case: Case, ki67: float) -> Case:
    changed = case.model_copy(deep=True)
    changed.tumour.ki67_percent = ki67
    return changed
