"""A rule set that does not load: every page says so in words and stops, no exception box."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from netlogic.reference.loading import PACKAGED_DATA_DIR, RULES_DIR_ENV, reload_rules
from tests.ui.conftest import APP


@pytest.fixture
def broken_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    folder = tmp_path / "data"
    shutil.copytree(PACKAGED_DATA_DIR, folder, ignore=shutil.ignore_patterns("demo_cases"))
    ssa = folder / "pathway" / "05_ssa.yaml"
    # A clinician-editor's typo: "negatve" is not an SSTR imaging result.
    ssa.write_text(ssa.read_text(encoding="utf-8").replace("sstr: negative}", "sstr: negatve}"))
    monkeypatch.setenv(RULES_DIR_ENV, str(folder))
    reload_rules()
    yield
    monkeypatch.delenv(RULES_DIR_ENV)
    reload_rules()


@pytest.mark.parametrize("page", ["app.py", "pages/2_Pathway.py"])
def test_a_bad_rule_set_stops_the_page_with_the_loader_message(
    store_url: str, broken_rules: None, page: str
) -> None:
    at = AppTest.from_file(str(APP), default_timeout=30)
    at.run()
    if page != "app.py":
        at.switch_page(page).run()
    assert not at.exception
    assert at.error, "the page says the rule tables cannot be loaded"
    shown = "\n".join(str(c.value) for c in at.code)
    assert "05_ssa.yaml" in shown
    assert "'negatve'" in shown
