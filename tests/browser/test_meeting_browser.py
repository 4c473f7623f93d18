"""The tumour-board meeting in headless Debian Chromium at a projector's 1280x720: a
coordinator creates the meeting, adds three physicians of three specialties and three saved
cases, presents them one after the other and records three decisions (one refused first for
want of a justification); then the presentation view in French, in large type, passes the
accessibility scan. Screenshots go to test-artifacts/ (and to $NETLOGIC_SCREENSHOTS)."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from netlogic.meetings import Participant, Specialty, add_case, create_meeting, list_meetings
from netlogic.reference.i18n import translator
from netlogic.store.demo import load_demo_cases
from netlogic.store.repository import open_store
from tests.browser.live_app import (
    CHROMIUM,
    ROOT,
    chromium,
    go,
    no_error,
    running_app,
    settle,
    start,
    store_url,
    tab,
)
from tests.browser.test_accessibility import BLOCKING, axe_findings

ARTIFACTS = ROOT / "test-artifacts"
PROJECTOR = (1280, 720)
# (case, question typed on the Case page, therapy and type decided, justification): one
# recommended, one option, one not offered (platinum-etoposide is the pathway for a small-cell
# NEC; a frail patient declining it gets supportive care, which needs saying why).
AGENDA = (
    (
        "EX-ILEUM-SYNDROME",
        "Uncontrolled syndrome: start a somatostatin analogue?",
        "ssa",
        "treatment",
        "",
    ),
    (
        "EX-PANC-PD",
        "Progression on first line: which second line?",
        "everolimus",
        "treatment",
        "",
    ),
    (
        "EX-COLON-NEC",
        "Small-cell NEC, ECOG 3: which first line?",
        "supportive_care",
        "supportive_care",
        "ECOG 3; the patient declines chemotherapy after information.",
    ),
)
SPECIALTIES = (("AM", "oncology"), ("CR", "surgery"), ("DN", "radiology"))

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="/usr/bin/chromium is absent: run `bash scripts/ensure_chromium.sh` as root",
    ),
]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("meeting")


@pytest.fixture(scope="module")
def base(folder: Path) -> Iterator[str]:
    with running_app(folder) as url:
        # The cases saved as the Case page would save them, each with its question.
        with open_store(store_url(folder)) as store:
            questions = {case_id: question for case_id, question, *_ in AGENDA}
            for case in load_demo_cases():
                if case.id in questions:
                    update = {"meeting_question": questions[case.id]}
                    store.save(case.model_copy(update=update), "demo")
        yield url


def _ensure_meeting(folder: Path) -> None:
    """The meeting of the first test, made through the domain when this test runs alone."""
    with open_store(store_url(folder)) as store:
        if list_meetings(store):
            return
        people = [Participant(name=n, specialty=Specialty(s)) for n, s in SPECIALTIES]
        meeting_id = create_meeting(
            store, meeting_date=date.today(), name="RCP TNE", participants=people, author="demo"
        )
        for case_id, *_ in AGENDA:
            add_case(store, meeting_id, case_id, "demo")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    ARTIFACTS.mkdir(exist_ok=True)
    with chromium() as opened:
        yield opened


def _shot(page: Any, name: str) -> None:
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path))
    target = os.environ.get("NETLOGIC_SCREENSHOTS")
    if target:
        folder = ROOT / target
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, folder / Path(path).name)


def _pick(page: Any, label: str, option: Any, search: str = "") -> None:
    """Choose ``option`` (a name or a pattern) in the select box or multiselect ``label``,
    typing ``search`` first (a long list draws only its first rows); a click landing while
    the page still redraws leaves the list shut: open it again."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    if isinstance(option, str):
        wanted = page.get_by_role("option", name=option, exact=True)
    else:
        wanted = page.get_by_role("option", name=option)
    for _ in range(4):
        page.get_by_role("combobox", name=label).click()
        if search:
            page.keyboard.type(search)
        try:
            wanted.first.wait_for(timeout=3000)
            break
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
            settle(page)
    wanted.first.click()
    page.wait_for_timeout(300)
    if page.get_by_role("listbox").count():
        page.keyboard.press("Escape")  # a multiselect keeps its list open


def _click(page: Any, name: str) -> None:
    page.get_by_role("button", name=re.compile("^" + re.escape(name))).click()
    settle(page)


def _charts_drawn(page: Any) -> None:
    charts = page.locator(".st-key-meeting_present-screen [data-testid='stPlotlyChart'] .main-svg")
    charts.first.wait_for()
    page.wait_for_timeout(500)


def test_three_cases_presented_and_decided(base: str, browser: Any) -> None:
    t = translator("en")
    with tab(browser, PROJECTOR, "en") as page:
        start(page, base, "en")
        go(page, "meeting", "en")
        page.get_by_label(t("meeting_ui.field.name")).fill("RCP TNE regionale")
        _click(page, t("meeting_ui.create"))
        page.get_by_role("heading", name=re.compile("RCP TNE regionale")).wait_for()
        for initials, specialty in SPECIALTIES:
            page.get_by_label(t("meeting_ui.field.initials")).fill(initials)
            _pick(page, t("meeting_ui.field.specialty"), t(f"meetings.specialty.{specialty}"))
            _click(page, t("meeting_ui.add_participant"))
        page.get_by_text(re.compile("^Quorum reached: 3 different specialties")).wait_for()
        for case_id, *_ in AGENDA:
            _pick(
                page,
                t("meeting_ui.field.case"),
                t("meeting_ui.case_line", case_id=case_id, version=1),
            )
            _click(page, t("meeting_ui.add_case"))
        table = page.locator('[data-testid="stTable"]')
        for case_id, question, *_ in AGENDA:
            table.get_by_text(question).wait_for()
            assert case_id in table.inner_text()
        no_error(page)

        page.get_by_text(t("meeting_ui.mode.present"), exact=True).click()
        settle(page)
        screen = page.locator(".st-key-meeting_present-screen")
        for n, (case_id, question, therapy, kind, justification) in enumerate(AGENDA, start=1):
            page.get_by_text(t("meeting_ui.position", n=n, total=3)).wait_for()
            screen.get_by_role("heading", name=case_id).wait_for()
            screen.get_by_text(question).wait_for()
            _charts_drawn(page)
            if n == 1:
                _shot(page, "meeting-present-en-1280x720")
            offered = page.get_by_role("combobox", name=t("meeting_ui.field.therapies"))
            name = re.compile("^" + re.escape(t(f"therapy.{therapy}")) + r" \(")
            _pick(page, t("meeting_ui.field.therapies"), name, search=t(f"therapy.{therapy}"))
            _pick(page, t("meeting_ui.field.type"), t(f"meetings.type.{kind}"))
            _click(page, t("meeting_ui.record"))
            if justification:
                # Not offered: refused in words, the choice kept; recorded once justified.
                page.get_by_text(re.compile("^Justification needed")).wait_for()
                assert t(f"therapy.{therapy}") in offered.locator("..").inner_text()
                page.get_by_role("textbox", name=t("meeting_ui.field.justification")).fill(
                    justification
                )
                _click(page, t("meeting_ui.record"))
            record = page.locator(".st-key-meeting_decision-record")
            record.get_by_text(t(f"therapy.{therapy}"), exact=True).wait_for()
            assert "Recorded by local" in record.inner_text()
            no_error(page)
            if n < len(AGENDA):
                _click(page, t("meeting_ui.next"))

        page.get_by_text(t("meeting_ui.mode.prepare"), exact=True).click(force=True)
        settle(page)
        cells = page.locator('[data-testid="stTable"]').inner_text()
        assert "Within the recommended options" in cells
        assert "Within the options offered" in cells
        assert "Outside the options offered" in cells
        no_error(page)
        # The filled pages pass the accessibility scan too (the suite's scan sees them empty).
        assert [f for f in axe_findings(page) if f["impact"] in BLOCKING] == []
        go(page, "concordance", "en")
        page.locator(".stMetric").first.wait_for()
        assert [f for f in axe_findings(page) if f["impact"] in BLOCKING] == []
        no_error(page)


def test_the_presentation_in_french_in_large_type(base: str, browser: Any, folder: Path) -> None:
    _ensure_meeting(folder)
    t = translator("fr")
    with tab(browser, PROJECTOR, "fr") as page:
        start(page, base, "fr")
        go(page, "meeting", "fr")
        page.get_by_text(t("meeting_ui.mode.present"), exact=True).click()
        settle(page)
        page.get_by_text(t("meeting_ui.position", n=1, total=3)).wait_for()
        screen = page.locator(".st-key-meeting_present-screen")
        screen.get_by_text(t("meetings.section.question") + t("punct.colon")).wait_for()
        assert screen.get_by_text("TNE G2", exact=True).count() >= 1
        _charts_drawn(page)
        question = page.locator(".st-key-meeting_present-question p").first
        size = question.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
        assert size >= 28, "the question reads from the back of the room"
        assert page.locator('[data-testid="stSidebar"]').is_hidden()
        _shot(page, "meeting-present-fr-1280x720")
        serious = [f for f in axe_findings(page) if f["impact"] in BLOCKING]
        assert serious == []
        no_error(page)
