"""Meeting page in AppTest: create a meeting, who is present and the quorum (both ways), the
agenda of saved cases, presentation one case at a time, a decision recorded with each
therapy's status, a departure from the offered options refused without a justification (the
entered data kept), a decision without quorum marked "to present again", the decisions on the
Case page; the Concordance page over a meeting's decisions."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from streamlit.testing.v1 import AppTest

from netlogic.meetings.demo import DEPARTURE_JUSTIFICATION, seed_demo_meetings
from netlogic.model.meeting import DecisionType, Specialty
from netlogic.model.vocabulary import Therapy
from netlogic.store.demo import load_demo_cases, seed_demo
from netlogic.store.repository import CaseStore, open_store
from tests.ui.case_entry import section
from tests.ui.conftest import APP, open_demo, page_text

PAGE = "pages/7_Meeting.py"
CONCORDANCE = "pages/8_Concordance.py"
MEETING_DAY = date(2026, 11, 26)
# Three cases a regional NET meeting would discuss, each with its question.
AGENDA = {
    "EX-ILEUM-SYNDROME": "Uncontrolled carcinoid syndrome: start a somatostatin analogue?",
    "EX-PANC-PD": "Progression on first line: which second line?",
    "EX-COLON-NEC": "Poorly differentiated NEC: first-line chemotherapy?",
}


@pytest.fixture
def store(store_url: str) -> Iterator[CaseStore]:
    """The app's temporary store holding the agenda's cases, each with its question."""
    opened = open_store(store_url)
    for case in load_demo_cases():
        if case.id in AGENDA:
            opened.save(case.model_copy(update={"meeting_question": AGENDA[case.id]}), "demo")
    yield opened
    opened.close()


@pytest.fixture
def page(store: CaseStore) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=30)
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception
    return at


def create(at: AppTest, name: str = "RCP TNE regionale", day: date = MEETING_DAY) -> None:
    at.date_input(key="meeting_setup.new_date").set_value(day)
    at.text_input(key="meeting_setup.new_name").input(name)
    at.button(key="meeting_setup.create").click().run()
    assert not at.exception


def add_participant(at: AppTest, initials: str, specialty: Specialty) -> None:
    at.text_input(key="meeting_setup.initials").input(initials)
    at.selectbox(key="meeting_setup.specialty").set_value(specialty)
    at.button(key="meeting_setup.add_participant").click().run()
    assert not at.exception


def add_to_agenda(at: AppTest, case_id: str) -> None:
    at.selectbox(key="meeting_setup.case_pick").set_value(case_id)
    at.button(key="meeting_setup.add_case").click().run()
    assert not at.exception


def present(at: AppTest) -> None:
    at.segmented_control(key="meeting_present.mode_choice").set_value("present").run()
    assert not at.exception


def meeting_id(at: AppTest) -> str:
    chosen: str = at.session_state["meeting_setup.meeting_id"]
    return chosen


def field(at: AppTest, kind: str, name: str, case_id: str):  # type: ignore[no-untyped-def]
    return getattr(at, kind)(key=f"meeting_decision.{name}.{meeting_id(at)}.{case_id}")


def decide(
    at: AppTest,
    case_id: str,
    therapies: list[Therapy],
    kind: DecisionType = DecisionType.TREATMENT,
    justification: str = "",
) -> None:
    field(at, "multiselect", "therapies", case_id).set_value(therapies)
    field(at, "selectbox", "type", case_id).set_value(kind)
    field(at, "text_area", "text", case_id).input("Agreed by the meeting.")
    field(at, "text_area", "justification", case_id).input(justification)
    field(at, "button", "submit", case_id).click().run()
    assert not at.exception


def prepared(at: AppTest, specialties: list[Specialty]) -> None:
    """A meeting with these participants and the three cases on its agenda."""
    create(at)
    for n, specialty in enumerate(specialties):
        add_participant(at, f"P{n}", specialty)
    for case_id in AGENDA:
        add_to_agenda(at, case_id)


QUORUM = [Specialty.ONCOLOGY, Specialty.SURGERY, Specialty.RADIOLOGY]


def test_page_renders_with_no_meeting_and_offers_to_create_one(page: AppTest) -> None:
    assert page.title[0].value == "Meeting"
    assert any("No meeting yet" in i.value for i in page.info)
    assert page.text_input(key="meeting_setup.new_name").value == ""


def test_a_meeting_is_created_with_its_date_and_name(page: AppTest) -> None:
    create(page)
    assert any("RCP TNE regionale" in h.value and "2026-11-26" in h.value for h in page.header)
    assert "No participant recorded" in page_text(page)


def test_a_meeting_without_a_name_is_refused_and_the_date_kept(page: AppTest) -> None:
    create(page, name="   ")
    assert any("Give the meeting a name" in e.value for e in page.error)
    assert page.date_input(key="meeting_setup.new_date").value == MEETING_DAY
    assert page.session_state["meeting_setup.meeting_id"] is None


@pytest.mark.parametrize(
    ("specialties", "reached"),
    [
        # Two physicians of one specialty and one other: two specialties, no valid opinion.
        ([Specialty.ONCOLOGY, Specialty.ONCOLOGY, Specialty.SURGERY], False),
        # Oncology, surgery, radiology: the French RCP minimum of three specialties.
        (QUORUM, True),
    ],
)
def test_quorum_is_shown_both_ways(
    page: AppTest, specialties: list[Specialty], reached: bool
) -> None:
    create(page)
    for n, specialty in enumerate(specialties):
        add_participant(page, f"P{n}", specialty)
    assert "**P0** · Oncology" in page_text(page)
    if reached:
        assert any("Quorum reached: 3 different specialties" in s.value for s in page.success)
        assert not page.warning
    else:
        assert any("Quorum not reached: 2 of the 3" in w.value for w in page.warning)


def test_a_participant_without_initials_is_refused_and_the_specialty_kept(page: AppTest) -> None:
    create(page)
    page.selectbox(key="meeting_setup.specialty").set_value(Specialty.PATHOLOGY)
    page.button(key="meeting_setup.add_participant").click().run()
    assert any("initials" in e.value for e in page.error)
    assert page.selectbox(key="meeting_setup.specialty").value == Specialty.PATHOLOGY


def test_saved_cases_are_put_on_the_agenda_in_order_with_their_question(page: AppTest) -> None:
    prepared(page, QUORUM)
    table = page.table[0].value
    assert list(table.iloc[:, 1]) == list(AGENDA)
    assert list(table.iloc[:, 3]) == list(AGENDA.values())
    assert set(table.iloc[:, 4]) == {"No decision recorded"}


def test_presentation_shows_each_case_in_turn(page: AppTest) -> None:
    prepared(page, QUORUM)
    present(page)
    shown = page_text(page)
    assert "Case 1 of 3" in shown
    assert AGENDA["EX-ILEUM-SYNDROME"] in shown
    assert page.metric[0].value == "NET G2"
    assert len(page.get("plotly_chart")) == 2, "the tree and the history chart"
    page.button(key="meeting_present.next").click().run()
    assert "Case 2 of 3" in page_text(page)
    assert AGENDA["EX-PANC-PD"] in page_text(page)
    page.button(key="meeting_present.previous").click().run()
    assert "Case 1 of 3" in page_text(page)


def test_presenting_a_case_is_recorded_once_as_a_read(page: AppTest, store: CaseStore) -> None:
    """The room sees the pinned version: a read in the case's audit trail, once per session
    however often the page reruns."""
    prepared(page, QUORUM)
    present(page)
    page.button(key="meeting_present.next").click().run()
    page.button(key="meeting_present.previous").click().run()
    reads = [(a.who, a.action) for a in store.access_log("EX-ILEUM-SYNDROME")]
    assert reads == [("local", "read")]


def test_a_decision_is_recorded_with_each_therapy_status(page: AppTest) -> None:
    prepared(page, QUORUM)
    present(page)
    decide(page, "EX-ILEUM-SYNDROME", [Therapy.SSA])
    assert not page.error
    shown = page_text(page)
    assert "Within the recommended options" in shown
    # The therapy with its status at that moment, as a badge with its word.
    assert ":green-badge[:material/check_circle: recommended] **Somatostatin analogue**" in shown
    assert "Recorded by local on" in shown
    assert "Case version 1 · rule set" in shown


def test_outside_the_offered_options_without_justification_is_refused_and_kept(
    page: AppTest,
) -> None:
    prepared(page, QUORUM)
    present(page)
    # Cabozantinib is not offered for an ileal NET G2 with an uncontrolled syndrome.
    decide(page, "EX-ILEUM-SYNDROME", [Therapy.CABOZANTINIB])
    assert any("Justification needed" in e.value and "Cabozantinib" in e.value for e in page.error)
    assert field(page, "multiselect", "therapies", "EX-ILEUM-SYNDROME").value == [
        Therapy.CABOZANTINIB
    ]
    assert field(page, "text_area", "text", "EX-ILEUM-SYNDROME").value == "Agreed by the meeting."
    assert "Outside the options offered" not in page_text(page), "nothing recorded"
    field(page, "text_area", "justification", "EX-ILEUM-SYNDROME").input(
        "Patient enrolled in a cabozantinib study."
    )
    field(page, "button", "submit", "EX-ILEUM-SYNDROME").click().run()
    assert not page.error
    shown = page_text(page)
    assert "Outside the options offered" in shown
    assert "not offered: departs from the pathway" in shown


def test_a_trial_name_without_yes_is_refused_not_dropped(page: AppTest) -> None:
    prepared(page, QUORUM)
    present(page)
    field(page, "text_input", "trial_name", "EX-ILEUM-SYNDROME").input("COMPETE")
    decide(page, "EX-ILEUM-SYNDROME", [Therapy.SSA])
    assert any("Trial proposed" in e.value for e in page.error)
    assert field(page, "text_input", "trial_name", "EX-ILEUM-SYNDROME").value == "COMPETE"


def test_a_decision_without_quorum_is_to_present_again(page: AppTest) -> None:
    prepared(page, [Specialty.ONCOLOGY, Specialty.SURGERY])
    present(page)
    decide(page, "EX-ILEUM-SYNDROME", [Therapy.SSA])
    assert any("to present again" in w.value for w in page.warning)
    page.segmented_control(key="meeting_present.mode_choice").set_value("prepare").run()
    cell = page.table[0].value.iloc[0, 4]
    assert cell == (
        "Somatostatin analogue · Within the recommended options"
        " · Decided without quorum: to present again"
    )


def test_the_presentation_in_french(page: AppTest) -> None:
    prepared(page, QUORUM)
    page.session_state["frame.lang"] = "fr"
    present(page)
    shown = page_text(page)
    assert "Dossier 1 sur 3" in shown
    assert page.metric[0].value == "TNE G2"
    assert field(page, "button", "submit", "EX-ILEUM-SYNDROME").label == "Enregistrer la décision"


def test_the_case_page_lists_the_meeting_decisions(page: AppTest) -> None:
    prepared(page, QUORUM)
    present(page)
    decide(page, "EX-ILEUM-SYNDROME", [Therapy.SSA])
    open_demo(page, "EX-ILEUM-SYNDROME")
    section(page, "history")
    assert "Tumour-board decisions" in page_text(page)
    decisions = next(d.value for d in page.dataframe if "Meeting" in d.value.columns)
    assert decisions.iloc[0]["Meeting"] == "RCP TNE regionale"
    assert decisions.iloc[0]["Therapies decided"] == "Somatostatin analogue (recommended)"
    assert decisions.iloc[0]["Case version"] == "1"


@pytest.fixture
def demo(store: CaseStore) -> int:
    """The demo cases and the demo meetings of ``cases seed-demo``: a regional RCP with
    quorum (within the recommended options, within an option, outside them with a
    justification) and a small one without quorum (within the recommended options)."""
    seed_demo(store)
    return seed_demo_meetings(store)


def test_concordance_page_shows_the_demo_meetings_figures(demo: int) -> None:
    assert demo == 4
    at = AppTest.from_file(str(APP), default_timeout=30)
    at.run()
    at.switch_page(CONCORDANCE).run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Decisions"] == "4"
    assert metrics["Within the recommended options"] == "50 %"
    assert metrics["Within the options offered"] == "25 %"
    assert metrics["Outside the options offered"] == "25 %"
    assert metrics["Taken without quorum"] == "25 %"
    assert at.get("plotly_chart"), "the chart is drawn"
    justifications = at.table[-1].value
    assert list(justifications.iloc[:, 0]) == [DEPARTURE_JUSTIFICATION]
    assert "EX-ILEUM-PD-SSA (DEMO-RCP-1)" in justifications.iloc[0, 3]


def test_concordance_in_french_writes_decimal_commas(demo: int) -> None:
    at = AppTest.from_file(str(APP), default_timeout=30)
    at.run()
    at.session_state["frame.lang"] = "fr"
    at.switch_page(CONCORDANCE).run()
    assert not at.exception
    assert at.title[0].value == "Concordance"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Dans les options recommandées"] == "50 %"


def test_concordance_over_an_empty_period_says_so(demo: int) -> None:
    at = AppTest.from_file(str(APP), default_timeout=30)
    at.run()
    at.switch_page(CONCORDANCE).run()
    at.date_input(key="concordance_view.from").set_value(date.today() + timedelta(days=1))
    at.button(key="concordance_view.apply").click().run()
    assert not at.exception
    assert any("No decision" in i.value for i in at.info)
    # An end before the start is refused in words.
    at.date_input(key="concordance_view.to").set_value(date.today() - timedelta(days=1))
    at.button(key="concordance_view.apply").click().run()
    assert any("To" in e.value and "before" in e.value for e in at.error)


def test_every_text_key_of_the_meeting_pages_exists_in_both_languages() -> None:
    # The pages reuse the domain's meetings.* words: a key renamed there would show the raw
    # key ("meetings.decision.recorded") on the room's screen.
    import re

    from netlogic.reference.i18n import catalogue
    from tests.conftest import ROOT

    sources = [*(ROOT / "ui").glob("meeting*.py"), ROOT / "ui" / "concordance_view.py"]
    sources += [ROOT / PAGE, ROOT / CONCORDANCE]
    literal = re.compile(
        r'"((?:meeting_ui|concordance_ui|meetings|page|pathway|status)\.[a-z_.]+)"'
    )
    used = {key for path in sources for key in literal.findall(path.read_text(encoding="utf-8"))}
    assert "meeting_ui.quorum.reached" in used
    catalogue.cache_clear()
    for lang in ("en", "fr"):
        words = catalogue(lang)
        assert sorted(k for k in used if not k.endswith(".") and k not in words) == [], lang


def test_minutes_and_decision_sheets_download_in_both_languages(page: AppTest) -> None:
    prepared(page, QUORUM)
    present(page)
    decide(page, "EX-ILEUM-SYNDROME", [Therapy.SSA])
    sheets = [b.label for b in page.get("download_button")]
    assert sheets == ["Decision sheet (PDF, English)", "Decision sheet (PDF, Français)"]
    page.segmented_control(key="meeting_present.mode_choice").set_value("prepare").run()
    labels = [b.label for b in page.get("download_button")]
    assert labels[:2] == ["Minutes (PDF, English)", "Minutes (PDF, Français)"]
    # What a click builds: the PDF read from the store at that moment.
    from ui.meeting_data import minutes_builder

    for lang in ("en", "fr"):
        assert minutes_builder(meeting_id(page), lang)().startswith(b"%PDF")
        sheet = minutes_builder(meeting_id(page), lang, "EX-ILEUM-SYNDROME")()
        assert sheet.startswith(b"%PDF")


def test_typed_names_are_shown_as_typed_never_as_markdown(page: AppTest) -> None:
    from ui.plain_text import plain

    name = "RCP *TNE* [site](http://example.org)"
    create(page, name=name)
    # Escaped: Streamlit draws the characters, not emphasis or a link.
    assert any(plain(name) in s.value for s in page.success)
    add_participant(page, "**JD**", Specialty.ONCOLOGY)
    assert any(plain(name) in h.value for h in page.header)
    assert f"**{plain('**JD**')}** · Oncology" in page_text(page)
