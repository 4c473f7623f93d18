"""Pathway, What-if and Teaching pages in headless Debian Chromium, at a laptop (1024x768), a
desktop (1440x900) and a phone (390x844), in English and French.

What a clinician sees: the grade and the first option without scrolling, a tree row that
opens its card, the offered-only view, a second scenario that does not inherit the first,
and the projector mode revealing one step at a time. Screenshots go to test-artifacts/; set
NETLOGIC_SCREENSHOTS=docs/screenshots to refresh the README's pictures.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from netlogic.store.repository import DATABASE_URL_ENV, migrate

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
SCREENSHOTS_ENV = "NETLOGIC_SCREENSHOTS"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 30_000
SIZES = {"laptop": (1024, 768), "desktop": (1440, 900), "phone": (390, 844)}
PHONE_WIDTH = 640  # below this Streamlit collapses the sidebar and stacks columns
VIEWS = [(size, lang) for size in SIZES for lang in ("en", "fr")]
WORDS = {
    "en": {
        "Case": "Case",
        "Pathway": "Pathway",
        "What if": "What if",
        "Teaching": "Teaching",
        "demo_tab": "Demo case",
        "grade": "NET G2",
        "top_option": "Somatostatin analogue",
        "offered_only": "Offered options only",
        "add": "Add scenario",
        "teacher": "Teacher (projector)",
        "next": "Next",
        "step": "Step {n} of 4",
        "answer_grade": "Grade: NET G2",
        "question": "What is the grade?",
    },
    "fr": {
        "Case": "Dossier",
        "Pathway": "Parcours",
        "What if": "Et si",
        "Teaching": "Enseignement",
        "demo_tab": "Dossier de démonstration",
        "grade": "TNE G2",
        "top_option": "Analogues de la somatostatine",
        "offered_only": "Options proposées seulement",
        "add": "Ajouter le scénario",
        "teacher": "Enseignant (projection)",
        "next": "Suivant",
        "step": "Étape {n} sur 4",
        "answer_grade": "Grade : TNE G2",
        "question": "Quel est le grade ?",
    },
}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="/usr/bin/chromium is absent: run `bash scripts/ensure_chromium.sh` as root",
    ),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("store")
    url = f"sqlite:///{folder / 'store.sqlite3'}"
    migrate(url)
    port = _free_port()
    env = {**os.environ, DATABASE_URL_ENV: url}
    log = (folder / "streamlit.log").open("w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.port",
            str(port),
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(
                        f"streamlit did not start: {(folder / 'streamlit.log').read_text()}"
                    )
                time.sleep(0.5)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def view(request: pytest.FixtureRequest, browser: Any) -> Iterator[tuple[Any, str, int, int]]:
    """A fresh tab (new session) at one size, in one language (the browser's locale)."""
    size, lang = request.param
    width, height = SIZES[size]
    context = browser.new_context(
        viewport={"width": width, "height": height},
        locale="fr-FR" if lang == "fr" else "en-GB",
    )
    tab = context.new_page()
    tab.set_default_timeout(TIMEOUT_MS)
    yield tab, lang, width, height
    context.close()


def _settle(page: Any) -> None:
    """Wait until the script run is over (the status widget disappears)."""
    page.wait_for_timeout(300)
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=TIMEOUT_MS)
    page.wait_for_timeout(300)


def _no_error(page: Any) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0


def _go(page: Any, name: str, width: int) -> None:
    """Open a page through the sidebar (a new URL would start a new session)."""
    link = page.locator('[data-testid="stSidebar"] a').filter(
        has_text=re.compile(rf"{re.escape(name)}$")
    )
    if width < PHONE_WIDTH:
        opener = page.locator('[data-testid="stExpandSidebarButton"]')
        opener.or_(link).first.wait_for()
        if opener.is_visible():
            opener.click()
        page.wait_for_timeout(500)  # the sidebar slides in
    link.click()
    _settle(page)
    if width < PHONE_WIDTH:
        # On a phone the sidebar may stay open over the page: close it to see the page.
        closer = page.locator('[data-testid="stSidebarCollapseButton"] button')
        if closer.count() and closer.first.is_visible():
            closer.first.click()
            page.wait_for_timeout(400)


def _open_demo(page: Any, server: str, lang: str, case_id: str) -> None:
    page.goto(f"{server}/Case")
    _settle(page)
    words = WORDS[lang]
    page.get_by_role("tab", name=words["demo_tab"]).click()
    page.get_by_role("combobox", name=words["demo_tab"]).click()
    page.get_by_role("option", name=re.compile("^" + re.escape(case_id) + " ")).click()
    page.keyboard.press("Escape")
    _settle(page)
    page.get_by_role("tabpanel", name=words["demo_tab"]).get_by_test_id(
        "stBaseButton-secondary"
    ).click()
    _settle(page)
    _no_error(page)


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


def _wait_value(locator: Any, value: str) -> str:
    """The input's value once it reads ``value`` (a fragment rerun may come before the page's
    own); the last value read when it never does."""
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    current = locator.input_value()
    while current != value and time.monotonic() < deadline:
        time.sleep(0.2)
        current = locator.input_value()
    return str(current)


def _on_first_screen(page: Any, locator: Any, height: int) -> bool:
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height


def _pathway(page: Any, server: str, lang: str, width: int) -> None:
    _open_demo(page, server, lang, "EX-ILEUM-SYNDROME")
    _go(page, WORDS[lang]["Pathway"], width)
    page.get_by_role("heading", name=WORDS[lang]["Pathway"], exact=True).wait_for()
    page.locator('[data-testid="stPlotlyChart"]').first.wait_for()
    _no_error(page)


@pytest.mark.parametrize("view", VIEWS, indirect=True, ids=[f"{s}-{lang}" for s, lang in VIEWS])
def test_grade_and_top_option_on_the_first_screen(
    view: tuple[Any, str, int, int], server: str
) -> None:
    page, lang, width, height = view
    _pathway(page, server, lang, width)
    words = WORDS[lang]
    header = page.locator(".st-key-pathway_view-header")
    grade = header.locator('[data-testid="stMetricValue"]').filter(has_text=words["grade"])
    top = header.get_by_text(words["top_option"], exact=True)
    assert _on_first_screen(page, grade, height), "the grade is above the fold"
    assert _on_first_screen(page, top, height), "the first offered option is above the fold"
    if width in (1024, 390):
        _shot(page, f"pathway-{lang}-{width}")
        if width == 1024:
            _shot(page, f"pathway-full-{lang}-{width}", full=True)


@pytest.mark.parametrize("view", VIEWS, indirect=True, ids=[f"{s}-{lang}" for s, lang in VIEWS])
def test_a_tree_row_opens_its_card(view: tuple[Any, str, int, int], server: str) -> None:
    page, lang, width, _ = view
    _pathway(page, server, lang, width)
    chart = page.locator('[data-testid="stPlotlyChart"]').first
    label = chart.locator("g.textpoint text").filter(has_text="177Lu-DOTATATE").first
    label.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    box = label.bounding_box()
    assert box is not None
    # The whole row is the target: point at the label, right of the marker, then click (Plotly
    # reads the row under the pointer when it moves there).
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y - 6)
    page.mouse.move(x, y, steps=4)
    page.wait_for_timeout(300)
    page.mouse.click(x, y)
    dialog = page.get_by_role("dialog")
    dialog.wait_for()
    assert re.search(r"(rule|règle) PRRT-", dialog.inner_text())
    _no_error(page)


@pytest.mark.parametrize("view", VIEWS, indirect=True, ids=[f"{s}-{lang}" for s, lang in VIEWS])
def test_offered_only_hides_the_branches_not_offered(
    view: tuple[Any, str, int, int], server: str
) -> None:
    page, lang, width, _ = view
    _pathway(page, server, lang, width)
    chart = page.locator('[data-testid="stPlotlyChart"]').first
    cabozantinib = chart.locator("g.textpoint text").filter(has_text="Cabozantinib")
    assert cabozantinib.count() == 1
    page.get_by_text(WORDS[lang]["offered_only"]).click()
    _settle(page)
    chart = page.locator('[data-testid="stPlotlyChart"]').first
    chart.locator("g.textpoint text").first.wait_for()
    assert chart.locator("g.textpoint text").filter(has_text="Cabozantinib").count() == 0
    assert chart.locator("g.textpoint text").filter(has_text=WORDS[lang]["top_option"]).count()
    assert page.locator(".st-key-pathway_tree-list-therapy-cabozantinib").count() == 0
    _no_error(page)


def _ki67(page: Any) -> Any:
    """The Ki-67 input of the scenario form."""
    return page.locator(".st-key-whatif_scenarios-field-tumour-ki67-percent input")


@pytest.mark.parametrize("view", VIEWS, indirect=True, ids=[f"{s}-{lang}" for s, lang in VIEWS])
def test_scenario_two_does_not_inherit_scenario_one(
    view: tuple[Any, str, int, int], server: str
) -> None:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page, lang, width, _ = view
    # No case open: the page explores the first teaching case (Ki-67 8%).
    page.goto(server)
    _settle(page)
    _go(page, WORDS[lang]["What if"], width)
    _ki67(page).wait_for()
    assert _ki67(page).input_value() == "8"
    _ki67(page).fill("30")
    _ki67(page).press("Tab")
    _settle(page)
    # The changed input is highlighted.
    highlight = page.locator(".st-key-whatif_scenarios-field-tumour-ki67-percent")
    assert highlight.evaluate("e => getComputedStyle(e).borderLeftColor") == "rgb(180, 83, 9)"
    page.get_by_role("button", name=WORDS[lang]["add"]).click()
    _settle(page)
    # The next scenario starts from the case again.
    assert _wait_value(_ki67(page), "8") == "8"
    _settle(page)
    sstr = page.locator(".st-key-whatif_scenarios-field-tumour-sstr-imaging")
    negative = page.get_by_role("option", name=re.compile("^(negative|négative)$"))
    for _ in range(3):  # a rerun ending just then closes the list: open it again
        sstr.get_by_role("combobox").click()
        try:
            negative.wait_for(timeout=3000)
            break
        except PlaywrightTimeout:
            _settle(page)
    negative.click()
    _settle(page)
    page.get_by_role("button", name=WORDS[lang]["add"]).click()
    _settle(page)
    second = page.get_by_text(re.compile(r"^(Scenario|Scénario) 2 ?: "))
    second.wait_for()
    assert "Ki-67" not in second.inner_text()
    _no_error(page)
    if width in (1024, 390):
        _shot(page, f"whatif-{lang}-{width}", full=True)


@pytest.mark.parametrize("view", VIEWS, indirect=True, ids=[f"{s}-{lang}" for s, lang in VIEWS])
def test_projector_reveals_one_step_at_a_time(view: tuple[Any, str, int, int], server: str) -> None:
    page, lang, width, _ = view
    words = WORDS[lang]
    page.goto(server)
    _settle(page)
    _go(page, words["Teaching"], width)
    if width in (1024, 390):
        _shot(page, f"teaching-{lang}-{width}")
    page.get_by_text(words["teacher"]).click()
    _settle(page)
    projector = page.locator(".st-key-quiz_widgets-projector")
    projector.get_by_text(words["step"].format(n=1)).wait_for()
    assert words["answer_grade"] not in projector.inner_text()
    # The vignette is in large type.
    size = projector.locator("p").nth(1).evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert size >= 24
    next_button = page.get_by_role("button", name=re.compile("^" + words["next"]))
    next_button.click()
    _settle(page)
    projector.get_by_text(words["question"]).wait_for()
    assert words["answer_grade"] not in projector.inner_text()
    next_button.click()
    _settle(page)
    projector.get_by_text(words["answer_grade"]).wait_for()
    if width in (1024, 390):
        _shot(page, f"teaching-projector-{lang}-{width}")
    next_button.click()
    _settle(page)
    projector.get_by_text(words["step"].format(n=4)).wait_for()
    projector.locator('[data-testid="stPlotlyChart"]').wait_for()
    _no_error(page)
