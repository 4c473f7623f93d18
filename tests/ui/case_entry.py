"""AppTest helpers for the Case page: fields by their contract path, sections, source tabs.

Field widgets are keyed ``case_form.f.<rev>.<lang>.<path>`` (ui.case_form); numbers are text
inputs, so a test types exactly what a clinician types ("8,5")."""

from __future__ import annotations

from typing import Any

from streamlit.testing.v1 import AppTest

from netlogic.store.repository import open_store
from ui.case_form import section_of


def case_page(at: AppTest) -> AppTest:
    at.switch_page("pages/1_Case.py").run()
    assert not at.exception
    return at


def widget_key(at: AppTest, path: str) -> str:
    """The current key of a field's widget (``case_form.f.<rev>.<lang>.<path>``)."""
    rev = at.session_state["case_draft.rev"]
    lang = at.session_state["frame.lang"]
    return f"case_form.f.{rev}.{lang}.{path}"


def show(at: AppTest, path: str) -> AppTest:
    """Open the section that holds the field ``path`` (only the chosen section is drawn)."""
    wanted = section_of(path)
    if at.segmented_control(key="case_form.section").value != wanted:
        section(at, wanted)
    return at


def field(at: AppTest, path: str) -> Any:
    show(at, path)
    return at.text_input(key=widget_key(at, path))


def type_in(at: AppTest, path: str, text: str) -> AppTest:
    field(at, path).input(text).run()
    assert not at.exception
    return at


def selectbox(at: AppTest, path: str) -> Any:
    show(at, path)
    return at.selectbox(key=widget_key(at, path))


def choose(at: AppTest, path: str, value: Any) -> AppTest:
    selectbox(at, path).set_value(value).run()
    assert not at.exception
    return at


def section(at: AppTest, name: str) -> AppTest:
    at.segmented_control(key="case_form.section").set_value(name).run()
    assert not at.exception
    return at


def sources_tab(at: AppTest, label: str) -> AppTest:
    # The panel and its tabs are lazy (only what is open runs): opened through their state.
    at.session_state["case_sources.panel"] = True
    at.session_state["case_sources.tab"] = label
    at.run()
    assert not at.exception
    return at


def draft(at: AppTest) -> dict[str, Any]:
    value: dict[str, Any] = at.session_state["case_draft.data"]
    return value


def errors(at: AppTest) -> list[str]:
    return [str(e.value) for e in at.error]


def grade(at: AppTest) -> str:
    return str(next(m.value for m in at.metric if m.label == "Grade"))


def save(at: AppTest) -> AppTest:
    at.button(key="case_store.save").click().run()
    assert not at.exception
    return at


def stored_versions(url: str, case_id: str) -> list[int]:
    with open_store(url) as store:
        return [v.version for v in store.history(case_id)]
