"""No red box, ever: a page that fails shows a message in words with a way out, and the log
holds what the maintainers need without patient data (ui/error_boundary.py, ui/failure_log.py).
"""

from __future__ import annotations

import ast
import logging
from pathlib import Path
from typing import NoReturn

import pytest
from streamlit.testing.v1 import AppTest

from netlogic.export.formats import ExportFormat
from netlogic.reference.i18n import translator
from netlogic.store.demo import load_demo_cases
from tests.conftest import ROOT, TODAY
from tests.ui.case_entry import field, type_in
from tests.ui.conftest import open_demo
from ui.downloads import ExportFailedError, file_builder
from ui.failure_log import describe_failure

CASE_ID = "EX-ILEUM-SYNDROME"
# What a failing engine might quote in its message: a value and the case ID.
SECRET_VALUE = "Ki-67 8.5 %"
PAGE_FILES = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py"))]


def boom(*_args: object, **_kwargs: object) -> NoReturn:
    raise ValueError(f"cannot read {SECRET_VALUE} of case {CASE_ID}")


def errors(at: AppTest) -> list[str]:
    return [str(e.value) for e in at.error]


def app_log(caplog: pytest.LogCaptureFixture) -> str:
    return "\n".join(r.getMessage() for r in caplog.records if r.name == "netlogic.app")


@pytest.mark.parametrize(
    "page",
    [
        "pages/2_Pathway.py",  # the answer page: grade, options and alerts all come from it
        "pages/3_Trends.py",  # the headline and kinetics read the evaluation
        "pages/6_Export.py",  # an export without an evaluation would be an empty summary
        "app.py",  # the home page shows the grade of the current case
    ],
)
def test_a_case_the_engine_cannot_evaluate_gets_words_and_a_way_out(
    app: AppTest, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, page: str
) -> None:
    monkeypatch.setattr("ui.frame.evaluate", boom)
    caplog.set_level(logging.ERROR, logger="netlogic.app")
    open_demo(app, CASE_ID)  # the Case page itself needs no evaluation: it still works
    app.switch_page(page).run()
    assert not app.exception
    assert any("could not be evaluated" in e for e in errors(app))
    assert [link.value for link in app.page_link if link.value == "Back to the Case page"]
    assert app.button(key="error_boundary.new_case").label == "Start a new case"
    # The sidebar says it too, and still names the case being worked on.
    assert any("could not be evaluated" in str(w.value) for w in app.sidebar.warning)
    assert any(CASE_ID in m.value for m in app.sidebar.markdown)
    log = app_log(caplog)
    assert "stage=evaluation" in log
    assert "error=ValueError" in log
    assert CASE_ID not in log
    assert "8.5" not in log


def test_start_a_new_case_leaves_the_failing_case_for_a_blank_case_page(
    app: AppTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("ui.frame.evaluate", boom)
    open_demo(app, CASE_ID)
    app.switch_page("pages/2_Pathway.py").run()
    app.button(key="error_boundary.new_case").click().run()
    assert not app.exception
    assert app.title[0].value == "Case"
    assert app.session_state["current_case.case"] is None
    assert not [e for e in errors(app) if "could not" in e], "the blank case page works"


def test_start_a_new_case_asks_first_when_the_screen_holds_unsaved_changes(
    app: AppTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The way out never drops what the clinician typed: the Case page asks, as for its own
    # "Start a new case".
    monkeypatch.setattr("ui.frame.evaluate", boom)
    open_demo(app, CASE_ID)
    type_in(app, "tumour.ki67_percent", "6")
    app.switch_page("pages/2_Pathway.py").run()
    app.button(key="error_boundary.new_case").click().run()
    assert not app.exception
    assert app.title[0].value == "Case"
    assert field(app, "tumour.ki67_percent").value == "6"
    assert app.button(key="case_status.confirm"), "the question is asked"
    assert app.button(key="case_status.keep")


def test_a_page_that_fails_while_drawing_is_replaced_by_the_message(
    app: AppTest, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR, logger="netlogic.app")
    open_demo(app, CASE_ID)
    monkeypatch.setattr("ui.pathway_view.header_band", boom)
    app.switch_page("pages/2_Pathway.py").run()
    assert not app.exception
    assert any("could not be shown" in e for e in errors(app))
    # What was drawn before the failure is gone: half a pathway would mislead.
    assert not app.main.title
    assert not app.main.caption
    assert app.button(key="error_boundary.new_case")
    log = app_log(caplog)
    assert "page=pathway stage=page error=ValueError" in log
    assert "pages/2_Pathway.py:" in log, "the log says where it failed"
    assert CASE_ID not in log
    assert "8.5" not in log
    # The message follows the session's language.
    app.sidebar.radio(key="frame.lang_choice").set_value("fr").run()
    assert not app.exception
    assert any("n'a pas pu être affichée" in e for e in errors(app))
    assert app.button(key="error_boundary.new_case").label == "Commencer un nouveau dossier"


def test_a_failing_fragment_shows_words_in_its_place_and_the_page_stays(
    app: AppTest, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR, logger="netlogic.app")
    open_demo(app, CASE_ID)
    monkeypatch.setattr("ui.trends_view._first_event", boom)
    app.switch_page("pages/3_Trends.py").run()
    assert not app.exception
    assert any("This part of the page could not be shown" in e for e in errors(app))
    assert app.title[0].value == "Trends", "the rest of the page is still there"
    log = app_log(caplog)
    assert "page=trends stage=fragment error=ValueError" in log
    assert CASE_ID not in log


def test_st_stop_is_not_a_failure(app: AppTest, caplog: pytest.LogCaptureFixture) -> None:
    # Pathway without a case stops early on purpose (st.stop): the boundary lets it through.
    caplog.set_level(logging.ERROR, logger="netlogic.app")
    app.switch_page("pages/2_Pathway.py").run()
    assert not app.exception
    assert not errors(app)
    assert app.main.warning, "the page's own 'no case' warning"
    assert app_log(caplog) == ""


def test_the_log_line_has_classes_and_code_locations_never_the_message() -> None:
    try:
        try:
            boom()
        except ValueError as inner:
            raise KeyError(CASE_ID) from inner
    except KeyError as exc:
        line = describe_failure(exc, "pathway", "page")
    assert line.startswith("page=pathway stage=page error=KeyError")
    assert "caused by ValueError" in line
    assert "tests/ui/test_error_boundary.py:" in line
    assert "in boom" in line
    assert CASE_ID not in line
    assert SECRET_VALUE not in line


def test_a_failing_download_is_logged_without_data_and_raised_without_it(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # A download is built in Streamlit's download thread, which logs a failure with its
    # message and traceback: what reaches Streamlit must carry nothing of the case.
    caplog.set_level(logging.ERROR, logger="netlogic.app")
    monkeypatch.setattr("ui.downloads.build_export_bytes", boom)
    case = next(c for c in load_demo_cases() if c.id == CASE_ID)
    build = file_builder(ExportFormat.PDF, case, None, translator("en"), TODAY, "pathway")  # type: ignore[arg-type]
    with pytest.raises(ExportFailedError) as raised:
        build()
    assert str(raised.value) == ""
    assert raised.value.__cause__ is None
    assert raised.value.__context__ is None
    log = app_log(caplog)
    assert "page=pathway stage=export.pdf error=ValueError" in log
    assert CASE_ID not in log
    assert "8.5" not in log


def _page_key(call: ast.expr, name: str) -> str | None:
    """The string argument of ``name("...")``, or None when ``call`` is not that call."""
    if (
        isinstance(call, ast.Call)
        and isinstance(call.func, ast.Name)
        and call.func.id == name
        and len(call.args) == 1
        and isinstance(call.args[0], ast.Constant)
    ):
        return str(call.args[0].value)
    return None


@pytest.mark.parametrize("path", PAGE_FILES, ids=lambda p: p.name)
def test_every_page_runs_inside_the_boundary(path: Path) -> None:
    """After its imports a page is one ``with page_boundary(key):`` whose first statement is
    ``frame = page_frame(key)``: nothing a page draws can escape the boundary."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    body = [
        node
        for node in tree.body
        if not isinstance(node, ast.Import | ast.ImportFrom)
        and not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant))
    ]
    assert len(body) == 1, "everything after the imports is inside the boundary"
    block = body[0]
    assert isinstance(block, ast.With)
    key = _page_key(block.items[0].context_expr, "page_boundary")
    assert key is not None
    first = block.body[0]
    assert isinstance(first, ast.Assign)
    assert _page_key(first.value, "page_frame") == key, "the frame runs first, same page key"


def test_every_fragment_has_its_own_boundary() -> None:
    """A fragment reruns alone, outside its page's boundary."""
    fragments: list[str] = []
    for path in sorted((ROOT / "ui").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.FunctionDef):
                continue
            names = [ast.unparse(d) for d in node.decorator_list]
            if "st.fragment" in names or any(n.startswith("st.fragment(") for n in names):
                fragments.append(node.name)
                assert "fragment_boundary" in names, f"{path.name}: {node.name}"
    assert fragments, "the check found the fragments"
