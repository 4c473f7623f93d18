"""Widget callbacks run before the page script, outside the page's error boundary: each is
wrapped by ``ui.callback_guard.guarded`` so a failure is logged without patient data and
said on the page, never shown as Streamlit's red box."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
# A callback argument is either a word Streamlit knows ("rerun", "ignore") or guarded(...).
CALLBACK = re.compile(r"\bon_(?:click|change)=(?!\"(?:rerun|ignore)\"|guarded\()")


def _failing_button_script() -> None:
    import streamlit as st

    from ui.callback_guard import guarded, take_failure

    def save_case() -> None:
        raise ValueError("case T-SECRET-7 ki67 8.5")

    st.button("Save", on_click=guarded(save_case), key="save")
    st.write("action failed" if take_failure() else "no failure")


def test_a_failing_callback_is_said_and_logged_without_patient_data(
    caplog: pytest.LogCaptureFixture,
) -> None:
    at = AppTest.from_function(_failing_button_script, default_timeout=30)
    at.run()
    assert [m.value for m in at.markdown] == ["no failure"]
    with caplog.at_level(logging.ERROR):
        at.button(key="save").click().run()
    assert not at.exception  # no red box
    assert [m.value for m in at.markdown] == ["action failed"]
    logged = caplog.text
    assert "ValueError" in logged
    assert "save_case" in logged
    assert "T-SECRET-7" not in logged
    assert "8.5" not in logged
    at.run()  # said once: the next run is quiet again
    assert [m.value for m in at.markdown] == ["no failure"]


@pytest.mark.parametrize("page", ["app.py", "pages/2_Pathway.py", "pages/5_Teaching.py"])
def test_a_failed_action_is_said_at_the_top_of_the_next_page(app: AppTest, page: str) -> None:
    app.session_state["callback_guard.failed"] = True
    app.switch_page(page).run()
    assert not app.exception
    assert any("That action could not be completed" in e.value for e in app.error)
    app.run()  # said once
    assert not any("That action could not be completed" in e.value for e in app.error)


@pytest.mark.parametrize(
    "path",
    sorted(
        p.relative_to(ROOT).as_posix() for p in [*ROOT.glob("ui/*.py"), *ROOT.glob("pages/*.py")]
    ),
)
def test_every_widget_callback_is_guarded(path: str) -> None:
    text = (ROOT / path).read_text(encoding="utf-8")
    unguarded = [m.group(0) for m in CALLBACK.finditer(text)]
    assert not unguarded, f"{path}: wrap the callback with ui.callback_guard.guarded"
