"""AppTest helpers: the app from its own path, a temporary migrated store, clean caches."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from netlogic.store.repository import DATABASE_URL_ENV, migrate

APP = Path(__file__).resolve().parents[2] / "app.py"
PAGES = ("app.py", "pages/1_Case.py", "pages/2_Pathway.py", "pages/3_Trends.py")


@pytest.fixture
def store_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    migrate(url)
    monkeypatch.setenv(DATABASE_URL_ENV, url)
    st.cache_data.clear()
    st.cache_resource.clear()
    yield url
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def app(store_url: str) -> AppTest:
    """The home page, run once; switch pages with ``app.switch_page(...)`` (same session)."""
    at = AppTest.from_file(str(APP), default_timeout=30)
    at.run()
    assert not at.exception
    return at


def open_demo(at: AppTest, case_id: str) -> AppTest:
    at.switch_page("pages/1_Case.py").run()
    # The sources panel and its tabs are lazy (only what is open runs): open "Demo case".
    at.session_state["case_sources.panel"] = True
    at.session_state["case_sources.tab"] = "Demo case"
    at.run()
    at.selectbox(key="case_sources.demo").set_value(case_id)
    at.button(key="case_sources.open_demo").click().run()
    assert not at.exception
    return at


def number_input(at: AppTest, label: str):  # type: ignore[no-untyped-def]
    return next(n for n in at.number_input if n.label == label)


def button(at: AppTest, label: str):  # type: ignore[no-untyped-def]
    return next(b for b in at.button if label in b.label)


def page_text(at: AppTest) -> str:
    parts = [e.value for e in (*at.title, *at.subheader, *at.markdown, *at.caption)]
    parts += [str(e.value) for e in (*at.info, *at.warning, *at.error, *at.success)]
    parts += [str(e.label) for e in (*at.button, *at.expander)]
    return "\n".join(str(p) for p in parts)
