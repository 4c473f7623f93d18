"""End to end in headless Debian Chromium: a clinician enters the ileal NET G2 case with
carcinoid syndrome through the form, sees grade, pathway and marker trend, in English and
French. Screenshots of each page go to test-artifacts/ (gitignored)."""

from __future__ import annotations

import os
import re
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
def page(server: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-GB")
        tab = context.new_page()
        tab.set_default_timeout(TIMEOUT_MS)
        yield tab
        context.close()
        browser.close()


def _settle(page: Any) -> None:
    """Wait until the script run is over (the status widget disappears)."""
    page.wait_for_timeout(300)
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=TIMEOUT_MS)


def _no_error(page: Any) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0


def _choose(page: Any, label: str, option: str) -> None:
    box = page.get_by_role("combobox", name=label, exact=True)
    box.scroll_into_view_if_needed()  # Streamlit scrolls its own container: settle first
    page.wait_for_timeout(300)
    box.click()
    page.get_by_role("option", name=option, exact=True).click()
    _settle(page)


def _multi(page: Any, label: str, option: str) -> None:
    box = page.get_by_role("combobox", name=label, exact=True)
    box.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    box.click()
    box.press_sequentially(option)
    page.get_by_role("option", name=option, exact=True).click()
    page.keyboard.press("Escape")


def _number(page: Any, label: str, value: str) -> None:
    field = page.get_by_label(label, exact=True)
    field.fill(value)
    field.press("Tab")
    _settle(page)


def _section(page: Any, name: str) -> None:
    """One section of the Case page at a time (every field is checked as it is left)."""
    page.get_by_role("radio", name=re.compile(rf"^{re.escape(name)}( · ⚠ \d+)?$")).click()
    _settle(page)


def _go(page: Any, name: str) -> None:
    """Open a page through the sidebar (a new URL would start a new session)."""
    # Page links of the frame's own navigation; the name ends the link text (after its icon).
    links = page.locator('[data-testid="stSidebar"] a')
    links.filter(has_text=re.compile(rf"{re.escape(name)}$")).click()
    _settle(page)


def _shot(page: Any, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_enter_the_ileal_case_and_see_grade_pathway_and_trend(
    page: Any, server: str, tmp_path: Path
) -> None:
    page.goto(server)
    page.get_by_role("heading", name="NET pathway dashboard").wait_for()
    _no_error(page)
    _shot(page, "home-en")

    _go(page, "Case")
    page.get_by_role("heading", name="Case", exact=True).wait_for()
    _settle(page)
    _choose(page, "Primary site", "small intestine")
    _choose(page, "Differentiation", "well differentiated")
    _number(page, "Ki-67 (%)", "8.5")
    _number(page, "Mitotic count (per 2 mm²)", "1")
    page.locator('[data-testid="stMetricValue"]').filter(has_text="NET G2").wait_for()
    _section(page, "Patient")
    _number(page, "Age (years)", "60")
    _section(page, "Disease")
    _choose(page, "Stage", "metastatic")
    _multi(page, "Metastatic sites", "liver")
    _section(page, "Syndrome, imaging, comorbidities")
    _choose(page, "Functional syndrome", "carcinoid syndrome")
    _choose(page, "Syndrome controlled", "no")
    _choose(page, "SSTR imaging", "positive")
    _no_error(page)

    csv = tmp_path / "markers.csv"
    csv.write_text(
        "date,name,value,unit\n2025-01-10,chromogranin_a,180,ng/mL\n"
        "2025-04-10,chromogranin_a,240,ng/mL\n2025-07-10,chromogranin_a,310,ng/mL\n"
        "2025-07-10,u5hiaa,180,umol/24h\n",
        encoding="utf-8",
    )
    page.get_by_role("button", name=re.compile("Open or import a case")).click()
    _settle(page)
    page.get_by_role("tab", name="Import a file").click()
    _settle(page)
    uploader = page.locator('[data-testid="stFileUploader"]').filter(has_text="CSV")
    uploader.locator('input[type="file"]').set_input_files(str(csv))
    page.get_by_role("button", name=re.compile(r"^Add these 4 values")).click()
    page.get_by_text("Added 4 marker value(s)").wait_for()
    _settle(page)
    _no_error(page)
    _shot(page, "case-en")

    _go(page, "Pathway")
    page.get_by_role("heading", name="Pathway", exact=True).wait_for()
    page.locator('[data-testid="stMetricValue"]').filter(has_text="NET G2").wait_for()
    page.get_by_text("Control the syndrome first").wait_for()
    page.locator('[data-testid="stPlotlyChart"]').first.wait_for()
    assert page.get_by_text("Somatostatin analogue: recommended").count() >= 1
    _no_error(page)
    _shot(page, "pathway-en")

    _go(page, "Trends")
    page.get_by_role("heading", name="Trends", exact=True).wait_for()
    page.locator('[data-testid="stPlotlyChart"]').first.wait_for()
    page.get_by_text("Marker kinetics").wait_for()
    _settle(page)
    _no_error(page)
    _shot(page, "trends-en")

    _go(page, "Pathway")
    page.get_by_role("heading", name="Pathway", exact=True).wait_for()
    page.locator('[data-testid="stSidebar"]').get_by_text("Français").click()
    page.get_by_role("heading", name="Parcours", exact=True).wait_for()
    page.get_by_text("Analogues de la somatostatine : recommandé").first.wait_for()
    _settle(page)
    _no_error(page)
    _shot(page, "pathway-fr")

    # The sidebar's page names are translated too.
    for link, heading, name in (
        ("Évolution", "Évolution", "trends-fr"),
        ("Dossier", "Dossier", "case-fr"),
    ):
        _go(page, link)
        page.get_by_role("heading", name=heading, exact=True).wait_for()
        _settle(page)
        _no_error(page)
        _shot(page, name)
