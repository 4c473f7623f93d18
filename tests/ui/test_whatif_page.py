"""What-if page in AppTest: scenarios start from the case, changed inputs stand out, names are
kept, alerts by title; the new inputs (ECOG, pregnancy, current line); plans with the new
therapy nodes and their timeline."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from netlogic.model.vocabulary import ImagingStatus, Therapy

PAGE = "pages/4_What_if.py"
KI67 = "whatif_scenarios.in.tumour.ki67_percent"
SSTR = "whatif_scenarios.in.tumour.sstr_imaging"
EMOJI = re.compile("[\U0001f300-\U0001faff\u2600-\u27bf\ufe0f]")


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


def add(at: AppTest, name: str = "") -> AppTest:
    if name:
        at.text_input(key="whatif_scenarios.name").set_value(name)
    at.button(key="whatif_scenarios.add").click().run()
    assert not at.exception
    return at


def scenarios(at: AppTest) -> dict[str, dict[str, object]]:
    by_case: dict[str, dict[str, dict[str, object]]] = at.session_state["whatif_scenarios.by_case"]
    return by_case["TEACH-ILEUM-01"]


def test_renders_with_a_teaching_case_when_none_is_open(page: AppTest) -> None:
    assert page.title[0].value.startswith("What if")
    assert page.selectbox(key="whatif_widgets.teaching_pick").value == "TEACH-ILEUM-01"
    assert "No scenario yet" in texts(page)
    assert page.number_input(key=KI67).value == 8.0  # the case's own value


def test_sstr_negative_scenario_shows_prrt_change_with_its_rule(page: AppTest) -> None:
    # TEACH-ILEUM-01: PRRT recommended after SSA failure; without SSTR uptake it is not.
    page.selectbox(key=SSTR).set_value(ImagingStatus.NEGATIVE)
    add(page, "No uptake")
    shown = texts(page)
    assert "No uptake" in shown
    assert "PRRT: recommended → not recommended" in shown
    assert "PRRT-" in shown
    table = page.dataframe[0].value
    assert "No uptake" in table.columns
    # The result stays after an unrelated rerun (kept in session state, not under a button).
    page.run()
    assert "PRRT: recommended → not recommended" in texts(page)


def test_grade_change_with_ki67(page: AppTest) -> None:
    page.number_input(key=KI67).set_value(30.0).run()
    add(page)
    assert "Grade: NET G2 → NET G3" in texts(page)


def test_scenario_two_does_not_inherit_scenario_one(page: AppTest) -> None:
    page.number_input(key=KI67).set_value(30.0).run()
    add(page, "High Ki-67")
    # The form is back to the case for the next scenario.
    assert page.number_input(key=KI67).value == 8.0
    assert page.text_input(key="whatif_scenarios.name").value == ""
    page.selectbox(key=SSTR).set_value(ImagingStatus.NEGATIVE).run()
    add(page, "No uptake")
    assert scenarios(page) == {
        "High Ki-67": {"tumour.ki67_percent": 30.0},
        "No uptake": {"tumour.sstr_imaging": "negative"},
    }


def test_a_scenario_can_start_from_the_previous_one_by_choice(page: AppTest) -> None:
    page.number_input(key=KI67).set_value(30.0).run()
    add(page, "High Ki-67")
    page.radio(key="whatif_scenarios.start").set_value("High Ki-67").run()
    assert page.number_input(key=KI67).value == 30.0
    page.selectbox(key=SSTR).set_value(ImagingStatus.NEGATIVE).run()
    add(page, "Both")
    assert scenarios(page)["Both"] == {
        "tumour.ki67_percent": 30.0,
        "tumour.sstr_imaging": "negative",
    }


def test_changed_inputs_are_highlighted_with_the_case_value(page: AppTest) -> None:
    page.number_input(key=KI67).set_value(30.0).run()
    assert any(c.value == "case: 8" for c in page.caption)
    styles = "\n".join(h.value for h in page.get("html"))
    assert "st-key-whatif_scenarios-field-tumour-ki67-percent" in styles
    assert "st-key-whatif_scenarios-field-tumour-sstr-imaging {" not in styles
    assert any("1 input(s) differ from the case" in c.value for c in page.caption)


def test_names_are_kept_and_a_repeated_name_is_numbered(page: AppTest) -> None:
    page.number_input(key=KI67).set_value(30.0).run()
    add(page, "Plan A")
    page.number_input(key=KI67).set_value(40.0).run()
    add(page, "Plan A")
    assert list(scenarios(page)) == ["Plan A", "Plan A (2)"]
    assert any("Plan A (2)" in i.value for i in page.info)


def test_alerts_are_named_by_title_never_by_code(page: AppTest) -> None:
    # SSTR imaging unknown brings the "SSTR imaging needed" alert.
    page.selectbox(key=SSTR).set_value(ImagingStatus.UNKNOWN).run()
    add(page)
    shown = texts(page)
    assert "Alerts added: SSTR imaging needed" in shown
    assert "sstr_imaging_needed" not in shown


def test_ecog_pregnancy_and_the_current_line_can_change(page: AppTest) -> None:
    page.selectbox(key="whatif_scenarios.in.patient.ecog").set_value(3)
    page.selectbox(key="whatif_scenarios.in.patient.pregnant").set_value("yes")
    page.selectbox(key="whatif_scenarios.in.current_line").set_value("working").run()
    add(page, "Context")
    assert scenarios(page)["Context"] == {
        "patient.ecog": 3,
        "patient.pregnant": True,
        "current_line": "working",
    }
    header = texts(page)
    assert "ECOG performance status = 3" in header
    assert "Pregnancy = yes" in header
    assert "working (ongoing, no progression)" in header


def test_french_numbers_and_words(page: AppTest) -> None:
    page.session_state["frame.lang"] = "fr"
    page.run()
    page.number_input(key=KI67).set_value(8.5).run()
    add(page)
    shown = texts(page)
    assert "Index Ki-67 (%) = 8,5" in shown
    assert "8.5" not in shown


def test_sequence_flags(page: AppTest) -> None:
    page.selectbox(key="whatif_sequences.line_0").set_value(Therapy.SSA)
    page.selectbox(key="whatif_sequences.line_1").set_value(Therapy.PRRT)
    page.selectbox(key="whatif_sequences.line_2").set_value(Therapy.SUNITINIB)
    page.button(key="whatif_sequences.check").click().run()
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
    # Sources by their titles, never file names; Material icons, never emoji.
    assert ".txt" not in shown
    assert not EMOJI.search(shown)


def test_plan_names_are_kept(page: AppTest) -> None:
    for name, therapy in (("PRRT first", Therapy.PRRT), ("Everolimus first", Therapy.EVEROLIMUS)):
        page.text_input(key="whatif_sequences.name").set_value(name)
        page.selectbox(key="whatif_sequences.line_0").set_value(therapy)
        page.button(key="whatif_sequences.check").click().run()
        assert not page.exception
    plans = page.session_state["whatif_sequences.by_case"]["TEACH-ILEUM-01"]
    assert plans == {"PRRT first": ["prrt"], "Everolimus first": ["everolimus"]}
    assert {"PRRT first", "Everolimus first"} <= {e.label for e in page.expander}


def test_new_therapy_nodes_can_be_planned_with_cabinet_on_the_timeline(page: AppTest) -> None:
    page.selectbox(key="whatif_widgets.teaching_pick").set_value("TEACH-PANCREAS-01").run()
    page.selectbox(key="whatif_sequences.line_0").set_value(Therapy.EVEROLIMUS)
    page.selectbox(key="whatif_sequences.line_1").set_value(Therapy.CABOZANTINIB)
    page.selectbox(key="whatif_sequences.line_2").set_value(Therapy.RADIOTHERAPY)
    page.button(key="whatif_sequences.check").click().run()
    assert not page.exception
    assert "Line 2: cabozantinib" in texts(page)
    timeline = next(d.value for d in page.dataframe if "Trial figure" in d.value.columns)
    assert "CABINET: median 13.8 months" in list(timeline["Trial figure"])


def test_empty_plan_is_refused_in_words(page: AppTest) -> None:
    page.button(key="whatif_sequences.check").click().run()
    assert not page.exception
    assert any("at least one therapy" in e.value for e in page.error)


def test_primary_site_scenario_in_words(page: AppTest) -> None:
    # TEACH-ILEUM-01 progresses on SSA: were it pancreatic, sunitinib would become an option
    # (only pancreatic NET has sunitinib data, seed 004).
    page.selectbox(key="whatif_scenarios.in.tumour.primary_site").set_value("pancreas").run()
    add(page)
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
    page.checkbox(key="whatif_scenarios.in.disease.portal_vein_thrombosis").check().run()
    add(page)
    assert "contraindicated" in texts(page)


def test_an_invalid_scenario_is_refused_in_words(page: AppTest) -> None:
    page.number_input(key=KI67).set_value(150.0).run()
    add(page)
    assert any("Ki-67" in e.value for e in page.error)
    assert scenarios(page) == {}


def test_a_scenario_without_a_change_is_not_added(page: AppTest) -> None:
    add(page)
    assert scenarios(page) == {}
    assert any("No input differs from the case" in i.value for i in page.info)
