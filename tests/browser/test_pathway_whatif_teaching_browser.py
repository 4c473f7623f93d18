"""Pathway, What-if and Teaching pages in headless Debian Chromium, at a laptop (1024x768), a
desktop (1440x900) and a phone (390x844), in English and French.

What a clinician sees: the grade and the first option without scrolling, a tree row that
opens its card, the offered-only view, a second scenario that does not inherit the first,
and the projector mode revealing one step at a time; the card and the projector pass the
accessibility scan too. Screenshots go to test-artifacts/; with
NETLOGIC_SCREENSHOTS=docs/screenshots the story shots of the README (a what-if with two
scenarios, the projector's answer, the whole pathway page) are refreshed there.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import time
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from netlogic.reference.i18n import translator
from tests.browser.live_app import (
    CHROMIUM,
    PHONE_WIDTH,
    ROOT,
    SIZES,
    TIMEOUT_MS,
    chromium,
    go,
    no_error,
    open_demo_case,
    running_app,
    settle,
    start,
    tab,
)
from tests.browser.test_accessibility import BLOCKING, axe_findings

ARTIFACTS = ROOT / "test-artifacts"
SCREENSHOTS_ENV = "NETLOGIC_SCREENSHOTS"
VIEWS = [(size, lang) for size in SIZES for lang in ("en", "fr")]
VIEW_IDS = [f"{size}-{lang}" for size, lang in VIEWS]
CASE_ID = "EX-ILEUM-SYNDROME"  # ileal NET G2, uncontrolled carcinoid syndrome: SSA first

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="/usr/bin/chromium is absent: run `bash scripts/ensure_chromium.sh` as root",
    ),
]


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_app(tmp_path_factory.mktemp("pages")) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    ARTIFACTS.mkdir(exist_ok=True)
    with chromium() as opened:
        yield opened


@pytest.fixture
def view(request: pytest.FixtureRequest, browser: Any) -> Iterator[tuple[Any, str, int, int]]:
    """A fresh tab (new session) at one size, in one language (the browser's locale)."""
    size, lang = request.param
    width, height = SIZES[size]
    with tab(browser, (width, height), lang) as page:
        yield page, lang, width, height


def _close_phone_sidebar(page: Any, width: int) -> None:
    """On a phone the sidebar slides over the page: make sure it is out of the way."""
    if width >= PHONE_WIDTH:
        return
    sidebar = page.locator('[data-testid="stSidebar"]')
    if sidebar.get_attribute("data-collapsed") != "false":
        return
    # The frame closes the phone sidebar itself after a page switch: the button may be gone
    # before the click lands (seen on a loaded machine), which is the same outcome.
    with contextlib.suppress(PlaywrightTimeoutError):
        page.locator('[data-testid="stSidebarCollapseButton"] button').click(timeout=5000)
    page.locator('[data-testid="stSidebar"][data-collapsed="false"]').wait_for(state="detached")
    page.wait_for_timeout(400)


def _open(page: Any, key: str, lang: str, width: int) -> None:
    go(page, key, lang)
    _close_phone_sidebar(page, width)
    no_error(page)


def _shot(page: Any, name: str, full: bool = False) -> None:
    """A screenshot to test-artifacts/ (and to $NETLOGIC_SCREENSHOTS when set)."""
    path = ARTIFACTS / f"{name}.png"
    if full:
        # Streamlit scrolls inside its main block: grow the window to the page's height.
        viewport = page.viewport_size
        height = page.evaluate(
            "() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight"
        )
        page.set_viewport_size({"width": viewport["width"], "height": min(int(height), 9000)})
        page.wait_for_timeout(800)
        page.screenshot(path=str(path))
        page.set_viewport_size(viewport)
        page.wait_for_timeout(300)
    else:
        page.screenshot(path=str(path))
    target = os.environ.get(SCREENSHOTS_ENV)
    if target:
        folder = ROOT / target
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, folder / path.name)


def _story_shot(page: Any, name: str, lang: str, width: int, height: int, full: bool) -> None:
    """The README's story shots, at the laptop and phone sizes only."""
    if width in (1024, 390):
        _shot(page, f"{name}-{lang}-{width}x{height}", full=full)


def _wait_value(locator: Any, value: str) -> str:
    """The input's value once it reads ``value`` (a fragment's rerun may end before the
    page's own); the last value read when it never does."""
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    current = locator.input_value()
    while current != value and time.monotonic() < deadline:
        time.sleep(0.2)
        current = locator.input_value()
    return str(current)


def _on_first_screen(locator: Any, height: int) -> bool:
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height


def _no_blocking_finding(page: Any) -> None:
    serious = [f for f in axe_findings(page) if f["impact"] in BLOCKING]
    assert serious == []


def _pathway(page: Any, base: str, lang: str, width: int) -> None:
    start(page, base, lang)
    open_demo_case(page, CASE_ID, lang)
    _open(page, "pathway", lang, width)
    page.get_by_role("heading", name=translator(lang)("page.pathway.title"), exact=True).wait_for()
    page.locator('[data-testid="stPlotlyChart"]').first.wait_for()


def _tree_labels(page: Any) -> Any:
    return page.locator('[data-testid="stPlotlyChart"]').first.locator("g.textpoint text")


@pytest.mark.parametrize("view", VIEWS, indirect=True, ids=VIEW_IDS)
def test_grade_and_top_option_on_the_first_screen(
    view: tuple[Any, str, int, int], base: str
) -> None:
    page, lang, width, height = view
    t = translator(lang)
    _pathway(page, base, lang, width)
    header = page.locator(".st-key-pathway_view-header")
    grade = header.locator('[data-testid="stMetricValue"]').filter(has_text=t("grade.label.NET G2"))
    top = header.get_by_text(t("therapy.ssa"), exact=True)
    assert _on_first_screen(grade, height), "the grade is above the fold"
    assert _on_first_screen(top, height), "the first offered option is above the fold"
    if width > PHONE_WIDTH:
        _story_shot(page, "pathway-full", lang, width, height, full=True)


@pytest.mark.parametrize("view", VIEWS, indirect=True, ids=VIEW_IDS)
def test_a_tree_row_opens_its_card(view: tuple[Any, str, int, int], base: str) -> None:
    page, lang, width, _ = view
    _pathway(page, base, lang, width)
    label = _tree_labels(page).filter(has_text="177Lu-DOTATATE").first
    label.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    box = label.bounding_box()
    assert box is not None
    # The whole row is the target: point at the label, right of the marker, then click
    # (Plotly reads the row under the pointer when it moves there).
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y - 6)
    page.mouse.move(x, y, steps=4)
    page.wait_for_timeout(300)
    page.mouse.click(x, y)
    dialog = page.get_by_role("dialog")
    dialog.wait_for()
    why_not = translator(lang)("pathway.why_not.title")
    # The card fills in over a few frames (a slow phone run read it half drawn): wait for
    # its last section before reading it.
    dialog.get_by_text(why_not).first.wait_for()
    text = dialog.inner_text()
    assert re.search(r"(rule|règle) PRRT-", text)
    assert why_not in text
    if width == 1024:
        _no_blocking_finding(page)
    no_error(page)


@pytest.mark.parametrize("view", VIEWS, indirect=True, ids=VIEW_IDS)
def test_offered_only_hides_the_branches_not_offered(
    view: tuple[Any, str, int, int], base: str
) -> None:
    page, lang, width, _ = view
    t = translator(lang)
    _pathway(page, base, lang, width)
    assert _tree_labels(page).filter(has_text="Cabozantinib").count() == 1
    page.get_by_text(t("pathway.tree.offered_only")).click()
    settle(page)
    _tree_labels(page).first.wait_for()
    assert _tree_labels(page).filter(has_text="Cabozantinib").count() == 0
    assert _tree_labels(page).filter(has_text=t("therapy.ssa")).count() == 1
    assert page.locator(".st-key-pathway_tree-list-therapy-cabozantinib").count() == 0
    no_error(page)


def _ki67(page: Any) -> Any:
    """The Ki-67 input of the scenario form."""
    return page.locator(".st-key-whatif_scenarios-field-tumour-ki67-percent input")


def _choose(page: Any, field: Any, option: str) -> None:
    """Pick an option of a selectbox; a rerun ending just then closes the list: reopen it."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    wanted = page.get_by_role("option", name=option, exact=True)
    for _ in range(3):
        field.get_by_role("combobox").click()
        try:
            wanted.wait_for(timeout=3000)
            break
        except PlaywrightTimeout:
            settle(page)
    wanted.click()


@pytest.mark.parametrize("view", VIEWS, indirect=True, ids=VIEW_IDS)
def test_scenario_two_does_not_inherit_scenario_one(
    view: tuple[Any, str, int, int], base: str
) -> None:
    page, lang, width, height = view
    t = translator(lang)
    # No case open: the page explores the first teaching case (Ki-67 8%).
    start(page, base, lang)
    _open(page, "whatif", lang, width)
    _ki67(page).wait_for()
    assert _ki67(page).input_value() == "8"
    _ki67(page).fill("30")
    _ki67(page).press("Tab")
    settle(page)
    # The changed input is highlighted.
    field = page.locator(".st-key-whatif_scenarios-field-tumour-ki67-percent")
    assert field.evaluate("e => getComputedStyle(e).borderLeftColor") == "rgb(180, 83, 9)"
    page.get_by_role("button", name=t("whatif.scenario.add")).click()
    settle(page)
    # The next scenario starts from the case again.
    assert _wait_value(_ki67(page), "8") == "8"
    settle(page)
    sstr = page.locator(".st-key-whatif_scenarios-field-tumour-sstr-imaging")
    _choose(page, sstr, t("whatif.value.negative"))
    settle(page)
    page.get_by_role("button", name=t("whatif.scenario.add")).click()
    settle(page)
    second = page.get_by_text(re.compile(r"^(Scenario|Scénario) 2 ?: "))
    second.wait_for()
    assert "Ki-67" not in second.inner_text()
    no_error(page)
    _story_shot(page, "whatif-scenarios", lang, width, height, full=True)


@pytest.mark.parametrize("view", VIEWS, indirect=True, ids=VIEW_IDS)
def test_projector_reveals_one_step_at_a_time(view: tuple[Any, str, int, int], base: str) -> None:
    page, lang, width, height = view
    t = translator(lang)
    start(page, base, lang)
    _open(page, "teaching", lang, width)
    page.get_by_text(t("teaching.mode.teacher")).click()
    settle(page)
    projector = page.locator(".st-key-quiz_widgets-projector")

    def step(n: int) -> None:
        name = t(f"teaching.teacher.step.{('vignette', 'question', 'answer', 'tree')[n - 1]}")
        projector.get_by_text(t("teaching.teacher.step", n=n, total=4, name=name)).wait_for()

    answer = t("teaching.teacher.grade", grade=t("grade.label.NET G2"))
    step(1)
    assert answer not in projector.inner_text()
    # The vignette is in large type.
    size = projector.locator("p").nth(1).evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert size >= 24
    next_button = page.get_by_role("button", name=re.compile("^" + t("teaching.teacher.next")))
    next_button.click()
    settle(page)
    step(2)
    assert t("teaching.teacher.ask.grade") in projector.inner_text()
    assert answer not in projector.inner_text()
    next_button.click()
    settle(page)
    step(3)
    projector.get_by_text(answer).wait_for()
    _story_shot(page, "teaching-projector", lang, width, height, full=False)
    if width == 1024:
        _no_blocking_finding(page)
    next_button.click()
    settle(page)
    step(4)
    projector.locator('[data-testid="stPlotlyChart"]').wait_for()
    no_error(page)
