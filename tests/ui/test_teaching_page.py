"""Teaching page in AppTest: answer a quiz and see the score; teacher view; open the case."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from netlogic.model.vocabulary import Therapy

PAGE = "pages/5_Teaching.py"


@pytest.fixture
def page(app: AppTest) -> AppTest:
    """The page in the app's own session (``app`` from tests/ui/conftest.py: the app file
    located from ``Path(__file__)``, a temporary store, cleared caches, timeout 30 s)."""
    app.switch_page(PAGE).run()
    assert not app.exception
    return app


def texts(at: AppTest) -> str:
    parts = [e.value for e in (*at.markdown, *at.caption, *at.title, *at.subheader)]
    parts += [str(e.value) for e in (*at.success, *at.error, *at.info)]
    return "\n".join(str(p) for p in parts)


def test_vignette_and_objectives_shown(page: AppTest) -> None:
    shown = texts(page)
    assert "Ileal NET G2 progressing on a somatostatin analogue" in shown
    assert "Learning objectives" in shown


def test_quiz_answer_is_scored_with_reasons(page: AppTest) -> None:
    page.selectbox(key="quiz_widgets.case_pick").set_value("TEACH-NEC-01").run()
    page.selectbox(key="quiz_widgets.grade").set_value("NEC large cell")
    page.multiselect(key="quiz_widgets.offered").set_value([Therapy.SSA])
    page.button(key="quiz_widgets.submit").click().run()
    assert not page.exception
    metric = page.metric[0]
    # Grade right, SSA wrongly offered, platinum-etoposide missed: 2 points lost of nodes + 1.
    points = len(Therapy) + 1
    assert metric.value == f"{points - 2}/{points}"
    shown = texts(page)
    assert "Grade correct: NEC large cell" in shown
    assert "Missed (offered by the rules)" in shown
    assert "platinum-etoposide: recommended" in shown
    assert "somatostatin analogue: not recommended" in shown
    # The score stays after a rerun (kept in session state).
    page.run()
    assert page.metric[0].value == f"{points - 2}/{points}"


def test_teacher_mode_shows_every_answer_without_the_sidebar(page: AppTest) -> None:
    page.radio(key="quiz_widgets.mode").set_value("teacher").run()
    assert not page.exception
    shown = texts(page)
    assert "Grade: NET G2" in shown
    assert "PRRT" in shown
    assert "Teaching points" in shown
    assert not page.get("form")
    assert page.get("html"), "the static projector stylesheet is applied"


def test_open_in_the_normal_pages_sets_the_current_case(page: AppTest) -> None:
    page.button(key="quiz_widgets.open_case").click().run()
    assert not page.exception
    assert page.session_state["current_case.case"].id == "TEACH-ILEUM-01"
    assert any("TEACH-ILEUM-01" in s.value for s in page.success)


def test_french(page: AppTest) -> None:
    page.session_state["frame.lang"] = "fr"
    page.run()
    assert not page.exception
    assert page.title[0].value.startswith("Enseignement")
    assert "TNE iléale G2" in texts(page)
