"""Hostile files fed to the Case page's imports (JSON file, CSV file, pasted values): a clear
message, no exception, nothing of the case on screen changed. The same bounds as the command
line (netlogic/model/bounds.py); the full table is tests/test_hostile_input.py."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.hostile.make_cases import CASES
from tests.ui.case_entry import draft, errors, sources_tab
from tests.ui.conftest import open_demo


@pytest.mark.parametrize(
    ("hostile_file", "said"),
    [
        # The last of two Ki-67 values silently won before.
        ("duplicate-ki67", "written twice"),
        # "ki67": 80 was kept and ignored: graded NET G1.
        ("ki67-misspelt", "did you mean ki67_percent?"),
        # A lone surrogate was saved, then crashed every later read.
        ("surrogate-in-notes", "broken character"),
        # A 30-digit cycle count gave a red box.
        ("cycles-30-digits", "at most 1000"),
    ],
)
def test_a_hostile_case_file_is_refused_in_words(
    app: AppTest, hostile_file: str, said: str
) -> None:
    open_demo(app, "EX-ILEUM-SYNDROME")
    before = draft(app)
    sources_tab(app, "Import a file")
    content = (CASES / f"{hostile_file}.json").read_bytes()
    app.file_uploader(key="case_sources.json").upload("case.json", content, "application/json")
    app.run()
    assert not app.exception
    # Messages are escaped for markdown (ui.plain_text): "ki67\\_percent" shows as ki67_percent.
    shown = [e.replace("\\", "") for e in errors(app)]
    assert any("not imported" in e and said in e for e in shown), shown
    assert draft(app) == before


@pytest.mark.parametrize(
    ("how", "text", "said"),
    [
        # NUL in a CSV file passed the import, then failed on PostgreSQL.
        ("csv", "date,name,value,unit\n2025-01-10,CgA,80,ng/\x00mL\n", "NUL"),
        # A terminal escape pasted from a lab system.
        ("paste", "date,name,value,unit\n2025-01-10,CgA,80,ng/mL\x1b[0m\n", "control character"),
        # A pasted page where a value should be: refused, and echoed short.
        ("paste", "date,name,value,unit\n2025-01-10,CgA," + "9" * 5000 + "x,ng/mL\n", "line 2"),
    ],
)
def test_hostile_values_are_refused_and_nothing_is_added(
    app: AppTest, how: str, text: str, said: str
) -> None:
    open_demo(app, "EX-ILEUM-SYNDROME")
    before = draft(app)["markers"]
    sources_tab(app, "Import a file")
    if how == "csv":
        app.file_uploader(key="case_sources.csv").upload("m.csv", text.encode(), "text/csv")
        app.run()
    else:
        app.text_area(key="case_sources.paste").input(text)
        next(b for b in app.button if b.label == "Preview the pasted values").click().run()
    assert not app.exception
    shown = [e for e in errors(app) if "Nothing was added" in e]
    assert shown, errors(app)
    assert said in shown[0]
    assert max(len(line) for line in shown[0].splitlines()) < 300
    assert draft(app)["markers"] == before
