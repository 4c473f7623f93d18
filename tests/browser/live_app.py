"""The app running for real, driven by headless Debian Chromium (never a downloaded browser).

Shared by the browser tests and ``scripts/screenshots.py``: start ``streamlit run app.py`` on a
free 127.0.0.1 port with a temporary migrated SQLite store, open a browser tab at a size and in
a language, open a demo case through the Case page, move between pages through the sidebar (a
new URL would start a new session and lose the case).
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from netlogic.reference.i18n import translator
from netlogic.store.repository import DATABASE_URL_ENV, migrate

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 30_000
START_SECONDS = 90
BROWSER_LOCALE = {"en": "en-GB", "fr": "fr-FR"}
# (script, translation key of the page name): the pages in the sidebar's order.
PAGE_NAMES = {
    "home": "nav.home",
    "case": "page.case.title",
    "pathway": "page.pathway.title",
    "trends": "page.trends.title",
    "whatif": "page.whatif.title",
    "teaching": "page.teaching.title",
    "export": "page.export.title",
    "meeting": "page.meeting.title",
    "concordance": "page.concordance.title",
}
SIZES = {"laptop": (1024, 768), "desktop": (1440, 900), "phone": (390, 844)}
PHONE_WIDTH = 640  # below this width Streamlit draws the sidebar over the page


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def store_url(folder: Path) -> str:
    """The SQLite store of the app run in ``folder`` (to put cases or meetings in it)."""
    return f"sqlite:///{folder / 'store.sqlite3'}"


@contextmanager
def running_app(folder: Path) -> Iterator[str]:
    """``streamlit run app.py`` with a fresh store in ``folder``; yields the base URL."""
    url = store_url(folder)
    migrate(url)
    port = free_port()
    env = {**os.environ, DATABASE_URL_ENV: url}
    log_path = folder / "streamlit.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "app.py",
                "--server.port",
                str(port),
                "--server.address",
                "127.0.0.1",
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
            _wait_healthy(base, process, log_path)
            yield base
        finally:
            process.terminate()
            process.wait(timeout=20)


def _wait_healthy(base: str, process: subprocess.Popen[bytes], log_path: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    while True:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not start: {log_path.read_text()}") from None
            time.sleep(0.5)


@contextmanager
def chromium() -> Iterator[Any]:
    """A Playwright Chromium browser: Debian's binary through ``executable_path``."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def tab(browser: Any, size: tuple[int, int], lang: str) -> Iterator[Any]:
    """A new browser session (context) at ``size`` whose browser locale gives ``lang``."""
    width, height = size
    context = browser.new_context(
        viewport={"width": width, "height": height},
        locale=BROWSER_LOCALE[lang],
        accept_downloads=True,
    )
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    try:
        yield page
    finally:
        context.close()


def settle(page: Any) -> None:
    """Wait until the script run is over (the status widget disappears) and charts are drawn."""
    page.wait_for_timeout(400)
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=TIMEOUT_MS)
    page.wait_for_timeout(300)


def no_error(page: Any) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0


def sidebar_open(page: Any) -> bool:
    """Whether the sidebar is shown (over the page on a phone)."""
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.wait_for(state="attached")
    return bool(sidebar.get_attribute("data-collapsed") == "false")


def open_sidebar(page: Any) -> None:
    if not sidebar_open(page):
        page.locator('[data-testid="stExpandSidebarButton"]').click()
        page.locator('[data-testid="stSidebar"][data-collapsed="false"]').wait_for()
        page.wait_for_timeout(400)  # the slide-in animation


def go(page: Any, page_key: str, lang: str) -> None:
    """Open a page through the sidebar's own links (opening the sidebar first on a phone)."""
    name = translator(lang)(PAGE_NAMES[page_key])
    open_sidebar(page)
    links = page.locator('[data-testid="stSidebar"] a')
    links.filter(has_text=re.compile(rf"{re.escape(name)}$")).click()
    settle(page)


def start(page: Any, base: str, lang: str) -> None:
    """Load the home page and wait for its heading."""
    page.goto(base)
    page.get_by_role("heading", name=translator(lang)("home.title")).wait_for()
    settle(page)


def open_demo_case(page: Any, case_id: str, lang: str) -> None:
    """Open a demo case from the Case page's demo tab (the session then keeps it)."""
    t = translator(lang)
    go(page, "case", lang)
    # Cases are opened from the Case page's "Open or import a case" panel (ui/case_sources.py).
    page.get_by_role("button", name=re.compile(re.escape(t("case.sources_panel")))).click()
    settle(page)
    page.get_by_role("tab", name=t("case.tab_demo")).click()
    panel = page.get_by_role("tabpanel", name=t("case.tab_demo"))
    panel.get_by_role("combobox", name=t("case.demo_case")).click()
    page.get_by_role("option", name=re.compile(rf"^{re.escape(case_id)}\b")).click()
    # The combobox has its own "Open" toggle: the form button is the one Streamlit draws.
    panel.locator('[data-testid="stButton"]').get_by_role("button", name=t("case.open")).click()
    settle(page)
    page.locator('[data-testid="stSidebar"]').get_by_text(case_id).first.wait_for(state="attached")
