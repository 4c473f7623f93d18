"""Every page in AppTest: smoke with no case and with each demo case, then behaviour."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from netlogic.model.case_io import load_case_file
from netlogic.store.demo import demo_case_paths, load_demo_cases
from netlogic.store.repository import open_store
from tests.conftest import ROOT
from tests.ui.case_entry import (
    case_page,
    choose,
    draft,
    errors,
    field,
    grade,
    save,
    section,
    sources_tab,
    type_in,
    widget_key,
)
from tests.ui.conftest import PAGES, open_demo, page_text

DEMO_IDS = [case.id for case in load_demo_cases()]
ILEUM = ROOT / "data" / "demo_cases" / "ileum-g2-syndrome.case.json"


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_without_a_case(app: AppTest, page: str) -> None:
    app.switch_page(page).run()
    assert not app.exception
    assert app.title, "every page has a title"
    assert any("supports" in i.value or "support" in i.value for i in app.sidebar.info)


@pytest.mark.parametrize("case_id", DEMO_IDS)
def test_every_page_renders_each_demo_case_and_keeps_it_across_pages(
    app: AppTest, case_id: str
) -> None:
    open_demo(app, case_id)
    for page in ("pages/2_Pathway.py", "pages/3_Trends.py", "app.py", "pages/1_Case.py"):
        app.switch_page(page).run()
        assert not app.exception, page
        assert any(case_id in m.value for m in app.sidebar.markdown), page
    app.switch_page("pages/2_Pathway.py").run()
    assert app.get("plotly_chart"), "the pathway tree is drawn"


def test_invalid_ki67_is_shown_next_to_the_field_and_other_fields_are_kept(app: AppTest) -> None:
    case_page(app)
    type_in(app, "patient.age_years", "61")
    type_in(app, "tumour.mitotic_count", "3")
    type_in(app, "tumour.ki67_percent", "150")
    assert any("Ki-67" in e and "100" in e for e in errors(app))
    assert field(app, "patient.age_years").value == "61"
    assert field(app, "tumour.mitotic_count").value == "3"
    assert field(app, "tumour.ki67_percent").value == "150"
    # The draft survives a page switch too.
    app.switch_page("pages/2_Pathway.py").run()
    case_page(app)
    assert field(app, "patient.age_years").value == "61"
    assert field(app, "tumour.ki67_percent").value == "150"


def test_correcting_the_error_makes_the_case_current(app: AppTest) -> None:
    case_page(app)
    choose(app, "tumour.primary_site", "small_intestine")
    type_in(app, "tumour.ki67_percent", "150")
    assert app.session_state["current_case.case"].tumour.ki67_percent is None
    type_in(app, "tumour.ki67_percent", "8.5")
    assert not errors(app)
    assert grade(app) == "NET G2"
    assert app.session_state["current_case.case"].tumour.ki67_percent == 8.5


def test_importing_a_case_file_fills_the_form(app: AppTest) -> None:
    sources_tab(case_page(app), "Import a file")
    app.file_uploader(key="case_sources.json").upload(
        "case.json", ILEUM.read_bytes(), "application/json"
    ).run()
    assert not app.exception
    assert field(app, "id").value == "EX-ILEUM-SYNDROME"
    assert field(app, "tumour.ki67_percent").value == "5"
    assert field(app, "patient.age_years").value == "60"


def test_a_bad_case_file_is_refused_in_words(app: AppTest) -> None:
    sources_tab(case_page(app), "Import a file")
    bad = json.loads(ILEUM.read_text())
    bad["tumour"]["ki67_percent"] = 150
    app.file_uploader(key="case_sources.json").upload(
        "bad.json", json.dumps(bad).encode(), "application/json"
    ).run()
    assert not app.exception
    assert any("not imported" in e and "Ki-67" in e for e in errors(app))


def test_csv_values_are_previewed_then_added_to_the_case(app: AppTest) -> None:
    open_demo(app, "EX-ILEUM-SYNDROME")
    before = len(draft(app)["markers"])
    sources_tab(app, "Import a file")
    csv_text = b"date,name,value,unit\n2025-06-01,chromogranin_a,400,ng/mL\n2025-06-02,ct,70,mm\n"
    app.file_uploader(key="case_sources.csv").upload("m.csv", csv_text, "text/csv").run()
    assert not app.exception
    assert len(draft(app)["markers"]) == before, "nothing is added before the preview is accepted"
    assert any("Ready to add" in m.value for m in app.markdown)
    app.button(key="case_sources.add").click().run()
    assert any("Added 1 marker value(s), 1 imaging" in s.value for s in app.success)
    assert len(draft(app)["markers"]) == before + 1
    app.switch_page("pages/3_Trends.py").run()
    assert not app.exception


def test_language_switch_changes_the_page_text(app: AppTest) -> None:
    open_demo(app, "EX-ILEUM-SYNDROME")
    app.switch_page("pages/2_Pathway.py").run()
    assert "Pathway" in app.title[0].value
    app.sidebar.radio(key="frame.lang_choice").set_value("fr").run()
    assert not app.exception
    assert app.title[0].value == "Parcours"
    assert "RCP" in page_text(app)
    # The choice holds on every page of the session.
    app.switch_page("pages/1_Case.py").run()
    assert app.title[0].value == "Dossier"


def test_pathway_lists_alerts_most_urgent_first_and_the_grade(app: AppTest) -> None:
    open_demo(app, "EX-ILEUM-SYNDROME")
    app.switch_page("pages/2_Pathway.py").run()
    assert app.metric[0].value == "NET G2"
    assert "Control the syndrome first" in app.error[0].value  # level 1 alert first
    assert any("Somatostatin analogue" in e.label for e in app.expander)


def test_save_then_a_stale_save_offers_reload_or_new_id(app: AppTest, store_url: str) -> None:
    open_demo(app, "EX-ILEUM-SYNDROME")
    save(app)
    assert any("version 1" in s.value for s in app.success)
    # Someone else saves version 2 meanwhile.
    with open_store(store_url) as other:
        other.save(load_case_file(ILEUM), "colleague")
    type_in(app, "tumour.ki67_percent", "6")
    save(app)
    assert any("Nothing was saved" in w.value for w in app.warning)
    assert app.button(key="case_store.reload")
    app.text_input(key="case_status.new_id").set_value("EX-ILEUM-BRANCH")
    app.button(key="case_store.save_as_new").click().run()
    assert not app.exception
    assert any("EX-ILEUM-BRANCH" in s.value for s in app.success)
    with open_store(store_url) as store:
        assert store.load("EX-ILEUM-BRANCH").case.tumour.ki67_percent == 6
    assert field(app, "id").value == "EX-ILEUM-BRANCH"


def test_store_unavailable_says_so_and_offers_the_json(
    app: AppTest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NETLOGIC_DATABASE_URL", f"sqlite:///{tmp_path / 'not-migrated.sqlite3'}")
    open_demo(app, "EX-ILEUM-SYNDROME")
    save(app)
    assert any("unavailable" in e for e in errors(app))
    assert app.get("download_button")


def test_demo_cases_on_disk_are_all_offered(app: AppTest) -> None:
    sources_tab(case_page(app), "Demo case")
    offered = app.selectbox(key="case_sources.demo").options
    assert len(offered) >= len(demo_case_paths())


def test_question_for_the_meeting_is_entered_on_the_case_page(app: AppTest) -> None:
    # The tumour-board summary prints this question; it travels with the case.
    case_page(app)
    choose(app, "tumour.primary_site", "pancreas")
    section(app, "meeting")
    question = app.text_area(key=widget_key(app, "meeting_question"))
    question.input("PRRT now, or everolimus first?").run()
    assert not app.exception
    current = app.session_state["current_case.case"]
    assert current.meeting_question == "PRRT now, or everolimus first?"


def test_other_pages_say_when_the_case_page_holds_an_invalid_draft(app: AppTest) -> None:
    # Ki-67 150% was refused: the Pathway page still shows the last valid case, and says so.
    case_page(app)
    choose(app, "tumour.primary_site", "pancreas")
    type_in(app, "tumour.ki67_percent", "150")
    app.switch_page("pages/2_Pathway.py").run()
    assert any("unresolved problem" in w.value for w in app.sidebar.warning)
    case_page(app)
    type_in(app, "tumour.ki67_percent", "8,5")
    app.switch_page("pages/2_Pathway.py").run()
    assert not [w for w in app.sidebar.warning if "unresolved problem" in w.value]


def test_trends_page_draws_one_history_and_plain_tables_of_a_followed_case(app: AppTest) -> None:
    # EX-TRENDS has CT sums and chromogranin A but no treatment line: one chart on one time
    # axis, a sentence where the treatment lines would be, tables a screen reader can read.
    open_demo(app, "EX-TRENDS")
    app.switch_page("pages/3_Trends.py").run()
    assert not app.exception
    assert len(app.get("plotly_chart")) == 1
    assert any("No treatment lines" in c.value for c in app.caption)
    assert len(app.table) >= 2  # RECIST assessments and marker kinetics, as HTML tables
    assert not app.dataframe  # no canvas-only grid for key data
    assert app.multiselect(key="trends_view.markers").value  # every series shown by default


def test_trends_page_shows_the_recent_rise_not_only_the_change_from_baseline(
    app: AppTest,
) -> None:
    # EX-PANC-HISTORY: chromogranin A 310 -> 260 -> 420 ng/mL on the current line.
    open_demo(app, "EX-PANC-HISTORY")
    app.switch_page("pages/3_Trends.py").run()
    assert not app.exception
    text = " ".join(m.value for m in app.markdown)
    assert "+61.5 % since the previous value (260" in text
    assert "from the baseline" in text
    app.sidebar.radio(key="frame.lang_choice").set_value("fr").run()
    text = " ".join(m.value for m in app.markdown)
    assert "+61,5 % depuis la valeur précédente (260" in text  # decimal comma in French
    assert [m.value for m in app.metric][2] == "7"  # growth rate 7.03 %/month, rounded


def test_trends_page_says_what_is_missing_instead_of_empty_charts(app: AppTest) -> None:
    # The paraganglioma example has no markers, scans or lines: no empty axes, a sentence each.
    open_demo(app, "EX-PGL")
    app.switch_page("pages/3_Trends.py").run()
    assert not app.exception
    assert not app.get("plotly_chart")
    captions = " ".join(c.value for c in app.caption)
    assert "No marker values" in captions
    assert "No measured scans" in captions
    assert "No treatment lines" in captions


def test_inline_error_in_french(app: AppTest) -> None:
    case_page(app)
    app.sidebar.radio(key="frame.lang_choice").set_value("fr").run()
    type_in(app, "tumour.ki67_percent", "150")
    assert any("doit être au plus 100" in e for e in errors(app))


def test_pasted_values_are_added_to_the_case(app: AppTest) -> None:
    # Values read off a lab report, pasted as text: same columns as the CSV file.
    open_demo(app, "EX-ILEUM-SYNDROME")
    sources_tab(app, "Import a file")
    pasted = "date,name,value,unit\n2025-06-01,chromogranin_a,400,ng/mL\n2025-07-01,CgA,450,ng/mL"
    app.text_area(key="case_sources.paste").input(pasted)
    app.button(key="FormSubmitter:case_sources.paste_form-Preview the pasted values").click().run()
    assert not app.exception
    app.button(key="case_sources.add").click().run()
    assert any("2 marker value(s)" in s.value for s in app.success)
    current = app.session_state["current_case.case"]
    assert [m.value for m in current.markers][-2:] == [400, 450]
