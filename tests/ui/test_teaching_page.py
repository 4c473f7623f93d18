"""Teaching page in AppTest: a quiz with no default answer, scored with reasons; projector
mode reveals the case, the question, the answer and the tree one step at a time."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from netlogic.model.vocabulary import Therapy
from ui.words import sort_key

PAGE = "pages/5_Teaching.py"
EMOJI = re.compile("[\U0001f300-\U0001faff\u2600-\u27bf\ufe0f]")


@pytest.fixture
def page(app: AppTest) -> AppTest:
    """The page in the app's own session (``app`` from tests/ui/conftest.py: the app file
    located from ``Path(__file__)``, a temporary store, cleared caches, timeout 30 s)."""
    app.switch_page(PAGE).run()
    assert not app.exception
    return app


def texts(at: AppTest) -> str:
    parts = [e.value for e in (*at.markdown, *at.caption, *at.title, *at.subheader, *at.header)]
    parts += [str(e.value) for e in (*at.success, *at.error, *at.info)]
    return "\n".join(str(p) for p in parts)


def test_vignette_and_objectives_shown(page: AppTest) -> None:
    shown = texts(page)
    assert "Ileal NET G2 progressing on a somatostatin analogue" in shown
    assert "Learning objectives" in shown


def test_quiz_has_no_default_answer_and_sorted_options(page: AppTest) -> None:
    assert page.selectbox(key="quiz_widgets.grade").value is None
    assert page.multiselect(key="quiz_widgets.offered").value == []
    options = page.multiselect(key="quiz_widgets.offered").options
    assert options == sorted(options, key=str.casefold)
    assert len(options) == len(Therapy)


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


def test_an_unanswered_grade_is_scored_wrong_not_refused(page: AppTest) -> None:
    page.button(key="quiz_widgets.submit").click().run()
    assert not page.exception
    assert any("the answer is NET G2" in e.value for e in page.error)


def test_french_labels_throughout(page: AppTest) -> None:
    page.session_state["frame.lang"] = "fr"
    page.run()
    assert not page.exception
    assert page.title[0].value.startswith("Enseignement")
    assert "TNE iléale G2" in texts(page)
    grade = page.selectbox(key="quiz_widgets.grade")
    assert "TNE G2" in grade.options  # the options as shown
    assert grade.placeholder == "Choisir le grade"
    names = page.multiselect(key="quiz_widgets.offered").options
    assert names == sorted(names, key=sort_key)
    # Accents sort with their letter: "évérolimus" among the e's, not after "t".
    assert names.index("chirurgie") < names.index("évérolimus") < names.index("immunothérapie")


def _projector(page: AppTest) -> AppTest:
    page.radio(key="quiz_widgets.mode").set_value("teacher").run()
    assert not page.exception
    return page


def test_projector_reveals_one_step_at_a_time(page: AppTest) -> None:
    _projector(page)
    # Step 1: the case only, no answer.
    shown = texts(page)
    assert "Step 1 of 4: the case" in shown
    assert "61-year-old woman" in shown
    assert "Grade: NET G2" not in shown
    assert page.button(key="quiz_widgets.back").disabled
    # Step 2: the question (still no answer).
    page.button(key="quiz_widgets.next").click().run()
    shown = texts(page)
    assert "Step 2 of 4: the question" in shown
    assert "What is the grade?" in shown
    assert "Grade: NET G2" not in shown
    # Step 3: the answer, with the teaching points.
    page.button(key="quiz_widgets.next").click().run()
    shown = texts(page)
    assert "Grade: NET G2" in shown
    assert "PRRT" in shown
    assert "Teaching points" in shown
    assert not page.get("plotly_chart")
    # Step 4: the tree.
    page.button(key="quiz_widgets.next").click().run()
    assert "Step 4 of 4: the pathway tree" in texts(page)
    assert page.get("plotly_chart")
    assert page.button(key="quiz_widgets.next").disabled
    # Back goes one step back.
    page.button(key="quiz_widgets.back").click().run()
    assert "Step 3 of 4" in texts(page)
    assert not page.get("form")
    assert page.get("html"), "the static projector stylesheet is applied"


def test_projector_text_has_no_emoji_and_no_raw_codes(page: AppTest) -> None:
    _projector(page)
    for _ in range(3):
        page.button(key="quiz_widgets.next").click().run()
    page.button(key="quiz_widgets.back").click().run()
    shown = texts(page)
    assert not EMOJI.search(shown)
    assert ".txt" not in shown
    assert not re.search(r"\*\*[a-z]+_[a-z_]+\*\*", shown)  # alert titles, never codes


def test_each_case_keeps_its_own_step(page: AppTest) -> None:
    _projector(page)
    page.button(key="quiz_widgets.next").click().run()
    page.selectbox(key="quiz_widgets.case_pick").set_value("TEACH-NEC-01").run()
    assert "Step 1 of 4" in texts(page)


def test_open_in_the_normal_pages_sets_the_current_case(page: AppTest) -> None:
    page.button(key="quiz_widgets.open_case").click().run()
    assert not page.exception
    assert page.session_state["current_case.case"].id == "TEACH-ILEUM-01"
    assert any("TEACH-ILEUM-01" in s.value for s in page.success)
