"""The Case page against each problem of issue 16 ("Case entry that never loses or corrupts a
value"), in AppTest. Each test reproduces one problem the issue found in the browser; the
browser itself is in tests/browser/test_case_entry.py."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from netlogic.store.demo import seed_demo
from netlogic.store.repository import open_store
from tests.ui.case_entry import (
    case_page,
    choose,
    draft,
    errors,
    field,
    grade,
    save,
    section,
    selectbox,
    sources_tab,
    stored_versions,
    type_in,
    widget_key,
)
from tests.ui.conftest import APP, open_demo


def _french(at: AppTest) -> AppTest:
    at.sidebar.radio(key="frame.lang_choice").set_value("fr").run()
    assert not at.exception
    return at


def _save_disabled(at: AppTest) -> bool:
    return bool(at.button(key="case_store.save").disabled)


def _sidebar_text(at: AppTest) -> str:
    return " ".join(str(c.value) for c in at.sidebar.caption)


# --- numbers: "8,5" stored 85, "12a" silently 12 --------------------------------------------


@pytest.mark.parametrize(
    ("lang", "typed", "grade_shown"),
    [
        # A decimal comma in an English session: 8.5, never 85 (which would read NET G3).
        ("en", "8,5", "NET G2"),
        # The point, as before.
        ("en", "8.5", "NET G2"),
        # A French clinician writes decimal commas.
        ("fr", "8,5", "TNE G2"),
        # ... and sometimes a point: the same 8.5.
        ("fr", "8.5", "TNE G2"),
    ],
)
def test_ki67_with_a_decimal_comma_or_point_is_8_5(
    app: AppTest, lang: str, typed: str, grade_shown: str
) -> None:
    case_page(app)
    if lang == "fr":
        _french(app)
    choose(app, "tumour.primary_site", "small_intestine")
    type_in(app, "tumour.ki67_percent", typed)
    assert draft(app)["tumour"]["ki67_percent"] == 8.5
    assert app.session_state["current_case.case"].tumour.ki67_percent == 8.5
    assert grade(app) == grade_shown
    assert not [e for e in errors(app) if "Ki" in e]


@pytest.mark.parametrize(
    ("lang", "typed", "words"),
    [
        # Letters in a number: refused, never read as 12.
        ("en", "12a", "'12a' is not a number"),
        ("fr", "12a", "'12a' n'est pas un nombre"),
        # One thousand two hundred and fifty, or 1.25? Refused with both readings.
        ("en", "1,250", "could be read as 1250 or as 1.250"),
        # In French the point is the ambiguous one.
        ("fr", "1.250", "peut se lire 1250 ou 1,250"),
        # Two separators: a thousands separator and a decimal one.
        ("en", "1,250.5", "has both a comma and a point"),
    ],
)
def test_a_number_with_no_single_reading_is_refused_beside_the_field_and_kept(
    app: AppTest, lang: str, typed: str, words: str
) -> None:
    case_page(app)
    if lang == "fr":
        _french(app)
    choose(app, "tumour.primary_site", "small_intestine")
    type_in(app, "tumour.ki67_percent", typed)
    assert any(words in e for e in errors(app)), errors(app)
    assert field(app, "tumour.ki67_percent").value == typed  # what was typed stays on screen
    assert draft(app)["tumour"]["ki67_percent"] == typed
    assert _save_disabled(app)
    current = app.session_state["current_case.case"]
    assert current is None or current.tumour.ki67_percent is None  # no guessed value is used


def test_french_fields_show_decimal_commas(app: AppTest) -> None:
    open_demo(app, "EX-PANC-SMALL")  # Ki-67 1.5
    assert field(app, "tumour.ki67_percent").value == "1.5"
    _french(app)
    assert field(app, "tumour.ki67_percent").value == "1,5"
    assert draft(app)["tumour"]["ki67_percent"] == 1.5


def test_age_shows_as_typed_not_as_a_float(app: AppTest) -> None:
    open_demo(app, "EX-ILEUM-SYNDROME")
    assert field(app, "patient.age_years").value == "60"


# --- a new case: primary site "pancreas" by default ------------------------------------------


def test_a_new_case_assumes_nothing_and_says_the_site_is_required(app: AppTest) -> None:
    case_page(app)
    assert selectbox(app, "tumour.primary_site").value is None
    assert "primary site is required" in errors(app)
    assert _save_disabled(app)
    for path in ("patient.sex", "tumour.differentiation", "tumour.necrosis", "tumour.mgmt"):
        assert selectbox(app, path).value == "unknown", path
    for path in ("patient.ecog", "patient.pregnant", "tumour.nec_cell_type"):
        assert selectbox(app, path).value == "not_given", path
    assert field(app, "patient.age_years").value == ""
    assert field(app, "tumour.ki67_percent").value == ""
    assert app.session_state["current_case.case"] is None  # no pathway for a forgotten site
    section(app, "syndrome_imaging")
    assert selectbox(app, "tumour.functional_syndrome").value == "not_given"
    assert selectbox(app, "tumour.sstr_imaging").value == "unknown"
    section(app, "disease")
    assert selectbox(app, "disease.stage").value == "not_given"
    assert selectbox(app, "disease.progression").value == "unknown"


def test_gastric_type_is_asked_for_a_stomach_primary_only(app: AppTest) -> None:
    case_page(app)
    choose(app, "tumour.primary_site", "pancreas")
    assert not [s for s in app.selectbox if s.key == widget_key(app, "tumour.gastric_type")]
    choose(app, "tumour.primary_site", "stomach")
    choose(app, "tumour.gastric_type", 1)
    assert app.session_state["current_case.case"].tumour.gastric_type == 1
    choose(app, "patient.pregnant", True)
    assert app.session_state["current_case.case"].patient.pregnant is True
    section(app, "syndrome_imaging")
    choose(app, "tumour.sstr_fdg_mismatch", False)
    assert app.session_state["current_case.case"].tumour.sstr_fdg_mismatch is False


# --- paste after typing: every typed field reset ----------------------------------------------

PASTED_FR = (
    "date;nom;valeur;unité;LSN\n"
    "2025-01-10;Chromogranine A;180,5;ng/mL;100\n"
    "10/04/2025;5-HIAA urinaire;42;umol/24h;40\n"
    "\n"
    "date;modalité;somme (mm);nouvelles lésions;commentaire\n"
    "2025-01-12;TDM;84;non;\n"
    "\n"
    "traitement;molécule;début;fin;meilleure réponse\n"
    "Analogues de la somatostatine;lanréotide 120 mg;2024-03-01;;MS\n"
)


def test_pasting_values_after_typing_keeps_every_typed_field(app: AppTest) -> None:
    case_page(app)
    _french(app)
    case_id = field(app, "id").value
    type_in(app, "patient.age_years", "61")
    choose(app, "tumour.primary_site", "small_intestine")
    type_in(app, "tumour.ki67_percent", "8,5")
    sources_tab(app, "Importer un fichier")
    app.text_area(key="case_sources.paste").input(PASTED_FR)
    next(b for b in app.button if b.label == "Aperçu des valeurs collées").click().run()
    assert not app.exception
    assert draft(app)["markers"] == [], "a preview first, nothing added yet"
    app.button(key="case_sources.add").click().run()
    assert not app.exception
    assert field(app, "id").value == case_id
    assert field(app, "patient.age_years").value == "61"
    assert field(app, "tumour.ki67_percent").value == "8,5"
    assert selectbox(app, "tumour.primary_site").value == "small_intestine"
    case = app.session_state["current_case.case"]
    assert (case.id, case.patient.age_years, case.tumour.ki67_percent) == (case_id, 61, 8.5)
    assert [(m.value, m.uln) for m in case.markers] == [(180.5, 100), (42, 40)]
    assert str(case.markers[1].date) == "2025-04-10"  # 10/04/2025 in a French session
    assert [s.sum_diameters_mm for s in case.imaging] == [84]
    assert [(x.therapy.value, x.best_response.value) for x in case.treatments] == [("ssa", "SD")]


def test_a_paste_that_cannot_be_read_adds_nothing_and_says_why(app: AppTest) -> None:
    # "8,5" in a comma-separated line would be the value 8 and the unit "5": refused.
    open_demo(app, "EX-ILEUM-SYNDROME")
    before = draft(app)["markers"]
    sources_tab(app, "Import a file")
    app.text_area(key="case_sources.paste").input("date,name,value,unit\n2025-01-10,CgA,8,5,ng/mL")
    next(b for b in app.button if b.label == "Preview the pasted values").click().run()
    assert any("Nothing was added" in e and "line 2" in e for e in errors(app))
    assert draft(app)["markers"] == before


# --- Save stores the last checked case, not what is on screen -----------------------------


def test_save_stores_what_is_on_screen_even_a_field_not_left_yet(
    app: AppTest, store_url: str
) -> None:
    open_demo(app, "EX-ILEUM-SYNDROME")
    save(app)
    assert "(saved)" in _sidebar_text(app)
    # Typed, and Save pressed before leaving the field: one run carries both.
    field(app, "tumour.ki67_percent").input("30")
    save(app)
    assert any("version 2" in s.value for s in app.success)
    with open_store(store_url) as store:
        assert store.load("EX-ILEUM-SYNDROME").case.tumour.ki67_percent == 30
    assert "(saved)" in _sidebar_text(app)
    type_in(app, "tumour.ki67_percent", "31")
    assert "(unsaved changes)" in _sidebar_text(app)


def test_save_is_disabled_and_refuses_while_the_screen_has_problems(
    app: AppTest, store_url: str
) -> None:
    open_demo(app, "EX-ILEUM-SYNDROME")
    save(app)
    type_in(app, "tumour.ki67_percent", "150")
    assert _save_disabled(app)
    assert "(unsaved changes)" in _sidebar_text(app)
    assert any("Ki-67" in e and "at most 100" in e for e in errors(app))
    assert stored_versions(store_url, "EX-ILEUM-SYNDROME") == [1]


def test_problems_are_listed_at_the_top_with_a_link_to_their_section(app: AppTest) -> None:
    open_demo(app, "EX-ILEUM-SYNDROME")
    section(app, "markers")
    editor = app.data_editor[0].key
    app.session_state[editor] = {
        "edited_rows": {0: {"date": "15/01/2025"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    app.run()
    section(app, "tumour")
    type_in(app, "tumour.ki67_percent", "150")
    links = [b for b in app.button if str(b.key).startswith("case_status.go.")]
    assert [b.label.split(":")[0] for b in links] == ["Tumour", "Markers"]
    links[1].click().run()
    assert app.segmented_control(key="case_form.section").value == "markers"


# --- tables: CT without a note, dates, empty cells --------------------------------------------


def _edit_table(app: AppTest, name: str, edits: dict[str, Any]) -> AppTest:
    section(app, name)
    editor = app.data_editor[0].key
    app.session_state[editor] = {"edited_rows": {}, "added_rows": [], "deleted_rows": [], **edits}
    app.run()
    assert not app.exception
    return app


def test_a_ct_row_without_a_note_is_accepted(app: AppTest, store_url: str) -> None:
    open_demo(app, "EX-ILEUM-SYNDROME")
    _edit_table(
        app,
        "imaging",
        {"added_rows": [{"date": "2025-01-10", "modality": "ct", "sum_diameters_mm": "84,5"}]},
    )
    assert not errors(app)
    save(app)
    with open_store(store_url) as store:
        (scan,) = store.load("EX-ILEUM-SYNDROME").case.imaging
    assert (scan.sum_diameters_mm, scan.note) == (84.5, "")


@pytest.mark.parametrize(
    ("typed", "stored", "problem"),
    [
        # ISO, as the column title says.
        ("2025-01-10", "2025-01-10", None),
        # Day first: refused, never read as another day or year.
        ("10/01/2025", "10/01/2025", "must be a date written YYYY-MM-DD"),
        # Not on the calendar: refused, never moved to 2 March.
        ("2025-02-30", "2025-02-30", "is not a real calendar date"),
        # What became year 50110 in the browser's date editor.
        ("50110-01-10", "50110-01-10", "must be a date written YYYY-MM-DD"),
    ],
)
def test_dates_are_typed_as_shown_and_never_reread(
    app: AppTest, typed: str, stored: str, problem: str | None
) -> None:
    open_demo(app, "EX-ILEUM-SYNDROME")
    _edit_table(app, "markers", {"edited_rows": {0: {"date": typed}}})
    assert draft(app)["markers"][0]["date"] == stored
    found = [e for e in errors(app) if "marker 1, date" in e]
    assert (problem is None and not found) or (problem is not None and problem in found[0])


def test_a_marker_value_typed_in_the_table_is_kept_at_once(app: AppTest) -> None:
    open_demo(app, "EX-ILEUM-SYNDROME")
    _edit_table(app, "markers", {"edited_rows": {0: {"value": "8,5", "uln": None}}})
    assert draft(app)["markers"][0]["value"] == 8.5
    assert draft(app)["markers"][0]["uln"] is None
    # While the table is on screen its editor keeps the edit; drawn again, it starts from
    # the draft, with blanks where nothing is given (not "None").
    section(app, "tumour")
    section(app, "markers")
    shown = app.data_editor[0].value
    assert shown["value"][0] == "8.5"
    assert pd.isna(shown["uln"][0])
    assert app.data_editor[0].proto.placeholder == ""


# --- switching page, refresh, "Start a new case": unchecked edits dropped ---------------------


def test_page_switch_keeps_edits_that_do_not_validate(app: AppTest) -> None:
    case_page(app)
    type_in(app, "patient.age_years", "12a")
    for page in ("pages/2_Pathway.py", "pages/3_Trends.py", "app.py"):
        app.switch_page(page).run()
        assert not app.exception
    case_page(app)
    assert field(app, "patient.age_years").value == "12a"
    assert any("'12a' is not a number" in e for e in errors(app))


def _refresh(app: AppTest) -> AppTest:
    """A browser refresh: a new session on the same URL (query parameters)."""
    again = AppTest.from_file(str(APP), default_timeout=30)
    for key, value in app.query_params.items():
        again.query_params[key] = value[0] if isinstance(value, list) else value
    again.switch_page("pages/1_Case.py")
    again.run()
    assert not again.exception
    return again


def test_refresh_restores_the_draft_and_the_language(app: AppTest) -> None:
    case_page(app)
    _french(app)
    type_in(app, "patient.age_years", "61")
    choose(app, "tumour.primary_site", "small_intestine")
    type_in(app, "tumour.ki67_percent", "150")  # not valid: kept all the same
    section(app, "disease")
    refreshed = _refresh(app)
    assert refreshed.title[0].value == "Dossier"
    section(refreshed, "tumour")
    assert field(refreshed, "patient.age_years").value == "61"
    assert field(refreshed, "tumour.ki67_percent").value == "150"
    assert any("au plus 100" in e for e in errors(refreshed))


def test_refresh_reopens_the_saved_case_named_in_the_url(app: AppTest) -> None:
    open_demo(app, "EX-ILEUM-SYNDROME")
    save(app)
    assert app.query_params["case"] in ("EX-ILEUM-SYNDROME", ["EX-ILEUM-SYNDROME"])
    refreshed = _refresh(app)
    assert field(refreshed, "id").value == "EX-ILEUM-SYNDROME"
    assert "(saved)" in _sidebar_text(refreshed)


def test_start_a_new_case_asks_first_when_there_are_unsaved_changes(app: AppTest) -> None:
    open_demo(app, "EX-ILEUM-SYNDROME")
    type_in(app, "tumour.ki67_percent", "9")
    app.button(key="case_sources.new").click().run()
    assert any("unsaved changes" in w.value for w in app.warning)
    assert field(app, "tumour.ki67_percent").value == "9"  # nothing replaced yet
    app.button(key="case_status.keep").click().run()
    assert field(app, "tumour.ki67_percent").value == "9"
    app.button(key="case_sources.new").click().run()
    app.button(key="case_status.confirm").click().run()
    assert field(app, "tumour.ki67_percent").value == ""
    assert selectbox(app, "tumour.primary_site").value is None


def test_opening_a_case_without_unsaved_changes_does_not_ask(app: AppTest) -> None:
    open_demo(app, "EX-ILEUM-SYNDROME")
    open_demo(app, "EX-PANC-PD")
    assert not [w for w in app.warning if "unsaved changes" in w.value]
    assert field(app, "id").value == "EX-PANC-PD"


# --- version history ---------------------------------------------------------------------------


def test_history_compares_two_versions_in_words_and_restores_one(
    app: AppTest, store_url: str
) -> None:
    open_demo(app, "EX-ILEUM-SYNDROME")
    save(app)
    type_in(app, "tumour.ki67_percent", "12")
    save(app)
    section(app, "history")
    listing = app.dataframe[0].value
    assert list(listing.iloc[:, 0]) == [2, 1]
    assert set(listing.iloc[:, 2]) == {"local"}
    changes = app.dataframe[1].value
    assert ["Ki-67 (%)", "5", "12"] in changes.values.tolist()
    app.selectbox(key="case_history.pick").set_value(1).run()
    app.button(key="case_history.restore").click().run()
    assert not app.exception
    assert stored_versions(store_url, "EX-ILEUM-SYNDROME") == [1, 2, 3]
    with open_store(store_url) as store:
        assert store.load("EX-ILEUM-SYNDROME").case.tumour.ki67_percent == 5
        assert store.history("EX-ILEUM-SYNDROME")[-1].summary.startswith("restored version 1")
    section(app, "tumour")
    assert field(app, "tumour.ki67_percent").value == "5"


def test_an_old_version_opens_for_reading_and_saving_makes_it_the_newest(
    app: AppTest, store_url: str
) -> None:
    open_demo(app, "EX-ILEUM-SYNDROME")
    save(app)
    type_in(app, "tumour.ki67_percent", "12")
    save(app)
    section(app, "history")
    app.selectbox(key="case_history.pick").set_value(1).run()
    app.button(key="case_history.open").click().run()
    assert any("Showing version 1" in w.value for w in app.warning)
    save(app)
    assert stored_versions(store_url, "EX-ILEUM-SYNDROME") == [1, 2, 3]


def test_patient_cases_are_listed_apart_from_demo_and_teaching_cases(
    app: AppTest, store_url: str
) -> None:
    with open_store(store_url) as store:
        seed_demo(store)
    case_page(app)
    choose(app, "tumour.primary_site", "rectum")
    type_in(app, "id", "PT-0001")
    save(app)
    sources_tab(app, "Saved case")
    assert app.selectbox(key="case_sources.saved").options == [
        f"PT-0001, version 1 (rectum, {date.today():%Y-%m-%d})"
    ]
    app.segmented_control(key="case_sources.saved_kind").set_value("demos").run()
    demos = app.selectbox(key="case_sources.saved").options
    assert len(demos) >= 8
    assert not any(o.startswith("PT-0001") for o in demos)


def test_the_store_keeps_the_draft_under_the_user(app: AppTest, store_url: str) -> None:
    case_page(app)
    type_in(app, "patient.age_years", "12a")
    with open_store(store_url) as store:
        (kept,) = store.list_drafts("local")
    assert kept.payload["data"]["patient"]["age_years"] == "12a"
    assert kept.draft_id == app.session_state["case_draft.draft_id"]


def test_refresh_reopens_a_demo_case_opened_from_its_file(app: AppTest) -> None:
    # Nothing unsaved, nothing stored: the URL's case ID finds the demo file again.
    open_demo(app, "EX-PANC-PD")
    refreshed = _refresh(app)
    assert field(refreshed, "id").value == "EX-PANC-PD"
    assert not refreshed.session_state["case_draft.dirty"]


def test_a_blank_new_case_raises_no_warning_on_the_other_pages(app: AppTest) -> None:
    case_page(app)
    app.switch_page("pages/2_Pathway.py").run()
    assert not [w for w in app.sidebar.warning if "unresolved" in w.value]


def test_a_case_opened_on_another_page_waits_for_unsaved_changes(app: AppTest) -> None:
    # The teaching page opens its case for the other pages; the Case page holds an edit.
    open_demo(app, "EX-ILEUM-SYNDROME")
    type_in(app, "tumour.ki67_percent", "9")
    app.switch_page("pages/5_Teaching.py").run()
    app.button(key="quiz_widgets.open_case").click().run()
    case_page(app)
    assert any("Open TEACH-ILEUM-01" in w.value for w in app.warning)
    app.button(key="case_status.keep").click().run()
    assert field(app, "tumour.ki67_percent").value == "9"
    app.run()
    assert not [w for w in app.warning if "Open TEACH-ILEUM-01" in w.value], "asked once"
    assert app.session_state["current_case.case"].id == "EX-ILEUM-SYNDROME"
