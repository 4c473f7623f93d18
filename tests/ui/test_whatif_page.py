"""What-if page in AppTest: change a parameter and see the diff; build a sequence, see flags."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from netlogic.model.vocabulary import ImagingStatus, Therapy

PAGE = "pages/4_What_if.py"


@pytest.fixture
def page(app: AppTest) -> AppTest:
    """The page in the app's own session (``app`` from tests/ui/conftest.py: the app file
    located from ``Path(__file__)``, a temporary store, cleared caches, timeout 30 s)."""
    app.switch_page(PAGE).run()
    assert not app.exception
    return app


def texts(at: AppTest) -> str:
    parts = [e.value for e in (*at.markdown, *at.caption, *at.title)]
    parts += [str(e.value) for e in (*at.warning, *at.error, *at.info)]
    parts += [e.label for e in at.expander]
    return "\n".join(str(p) for p in parts)


def test_renders_with_a_teaching_case_when_none_is_open(page: AppTest) -> None:
    assert page.title[0].value.startswith("What if")
    assert page.selectbox(key="whatif_widgets.teaching_pick").value == "TEACH-ILEUM-01"
    assert "No scenario yet" in texts(page)


def test_sstr_negative_scenario_shows_prrt_change_with_its_rule(page: AppTest) -> None:
    # TEACH-ILEUM-01: PRRT recommended after SSA failure; without SSTR uptake it is not.
    form_select = next(s for s in page.selectbox if s.label == "SSTR imaging")
    form_select.set_value(ImagingStatus.NEGATIVE)
    page.text_input[0].set_value("No uptake")
    page.button(key="whatif_widgets.add").click().run()
    assert not page.exception
    shown = texts(page)
    assert "No uptake" in shown
    assert "PRRT: recommended → not recommended" in shown
    assert "PRRT-SSTR-REQUIRED" in shown
    table = page.dataframe[0].value
    assert "No uptake" in table.columns
    # The result stays after an unrelated rerun (kept in session state, not under a button).
    page.run()
    assert "PRRT: recommended → not recommended" in texts(page)


def test_grade_change_with_ki67(page: AppTest) -> None:
    next(n for n in page.number_input if n.label == "Ki-67 index (%)").set_value(30.0)
    page.button(key="whatif_widgets.add").click().run()
    assert not page.exception
    assert "Grade: NET G2 → NET G3" in texts(page)


def test_sequence_flags(page: AppTest) -> None:
    page.selectbox(key="whatif_widgets.line_0").set_value(Therapy.SSA)
    page.selectbox(key="whatif_widgets.line_1").set_value(Therapy.PRRT)
    page.selectbox(key="whatif_widgets.line_2").set_value(Therapy.SUNITINIB)
    page.button(key="whatif_widgets.check").click().run()
    assert not page.exception
    shown = texts(page)
    # Slow progression on a standard-dose SSA: SSA again only as CLARINET FORTE escalation (an
    # option, with cautions); PRRT allowed with the washout caution; sunitinib outside the
    # pancreas against the rules.
    assert "Line 1: somatostatin analogue — allowed with cautions" in shown
    assert "Line 2: PRRT — allowed with cautions" in shown
    assert "Line 3: sunitinib — against the rules" in shown
    assert any("6 weeks" in w.value for w in page.warning)
    assert page.get("plotly_chart")
    assert "not this patient" in shown


def test_empty_plan_is_refused_in_words(page: AppTest) -> None:
    page.button(key="whatif_widgets.check").click().run()
    assert not page.exception
    assert any("at least one therapy" in e.value for e in page.error)


def test_primary_site_scenario_in_words(page: AppTest) -> None:
    # TEACH-ILEUM-01 progresses on SSA: were it pancreatic, sunitinib would become an option
    # (only pancreatic NET has sunitinib data, seed 004).
    site = next(s for s in page.selectbox if s.label == "Primary site")
    site.set_value("pancreas")
    page.button(key="whatif_widgets.add").click().run()
    assert not page.exception
    shown = texts(page)
    assert "Primary site = pancreas" in shown
    assert "sunitinib: not recommended → option" in shown.lower()
    table = page.dataframe[0].value
    # The table is in words: no internal codes such as not_recommended or chemo_alkylating.
    cells = " ".join(str(v) for v in table.to_numpy().ravel())
    assert "not_recommended" not in cells
    assert "chemo_alkylating" not in cells


def test_contraindication_scenario(page: AppTest) -> None:
    # Portal vein thrombosis forbids liver embolisation (seed 004).
    next(c for c in page.checkbox if c.label == "Portal vein thrombosis").check()
    page.button(key="whatif_widgets.add").click().run()
    assert not page.exception
    assert "contraindicated" in texts(page)
