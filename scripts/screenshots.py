"""Screenshots of every page with a demo case open, at laptop and phone sizes, in both languages.

Usage (from the repository root, after ``make`` has built ``.venv``)::

    .venv/bin/python scripts/screenshots.py                       # everything -> docs/screenshots/
    .venv/bin/python scripts/screenshots.py --pages trends export --sizes 1024x768
    .venv/bin/python scripts/screenshots.py --langs fr --out /tmp/shots --full-page
    .venv/bin/python scripts/screenshots.py --pages meeting concordance \
        --sizes 1280x720 1024x768 390x844                        # the tumour-board pages

One browser session per size and language: the app is loaded in that language (browser
locale), the demo case is opened from the Case page, then each page is reached through the
sidebar, as a clinician would. Files are named ``<page>-<lang>-<width>x<height>.png``. The
browser is Debian's Chromium through Playwright's ``executable_path`` (never downloaded).

For the Meeting and Concordance pages the store first receives the demo cases and the demo
meetings of ``cases seed-demo``; the three cases of the regional meeting carry a question for
the meeting, as a coordinator would have typed it. The Meeting page is shot while preparing
the regional meeting and, as ``meeting-present-...``, presenting its first case (the room's
screen: take it at 1280x720).
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from netlogic.meetings.demo import seed_demo_meetings  # noqa: E402
from netlogic.reference.i18n import translator  # noqa: E402
from netlogic.store.demo import load_demo_cases, seed_demo  # noqa: E402
from netlogic.store.repository import open_store  # noqa: E402
from tests.browser.live_app import (  # noqa: E402  (the path is set just above)
    PAGE_NAMES,
    chromium,
    go,
    no_error,
    open_demo_case,
    running_app,
    settle,
    start,
    store_url,
    tab,
)

DEFAULT_CASE = "EX-PANC-HISTORY"  # a pancreatic NET G2 with five years of lines, CgA and CT
DEFAULT_SIZES = ("1024x768", "390x844")
MEETING_PAGES = {"meeting", "concordance"}
DEMO_MEETING = "RCP TNE regionale"
# The questions of the demo regional meeting's cases (the demo case files carry none).
QUESTIONS = {
    "EX-ILEUM-SYNDROME": "Uncontrolled carcinoid syndrome with liver metastases: start a "
    "somatostatin analogue, and is resection of the primary worthwhile?",
    "EX-PANC-PD": "Progression on first-line treatment: which second line?",
    "EX-ILEUM-PD-SSA": "Progression on lanreotide: PRRT now, or everolimus?",
}


def _size(text: str) -> tuple[int, int]:
    width, _, height = text.partition("x")
    return int(width), int(height)


def _whole_page(page: object, size: tuple[int, int], path: Path) -> None:
    """Streamlit scrolls inside its main block, not the document: grow the window to it."""
    height = page.evaluate(  # type: ignore[attr-defined]
        "() => Math.max(...[...document.querySelectorAll('[data-testid=stMain], section')]"
        ".map(e => e.scrollHeight))"
    )
    page.set_viewport_size({"width": size[0], "height": max(size[1], int(height))})  # type: ignore[attr-defined]
    settle(page)
    page.screenshot(path=str(path))  # type: ignore[attr-defined]
    page.set_viewport_size({"width": size[0], "height": size[1]})  # type: ignore[attr-defined]


def seed_meetings(folder: Path) -> None:
    """The demo cases (the regional meeting's with their question) and the demo meetings."""
    with open_store(store_url(folder)) as store:
        for case in load_demo_cases():
            if case.id in QUESTIONS and not store.exists(case.id):
                update = {"meeting_question": QUESTIONS[case.id]}
                store.save(case.model_copy(update=update), "demo")
        seed_demo(store)
        seed_demo_meetings(store)


def _meeting_shots(page: object, lang: str, size: tuple[int, int], out: Path) -> list[Path]:
    """The regional meeting being prepared, then its first case on the room's screen."""
    t = translator(lang)
    page.get_by_role("combobox", name=t("meeting_ui.pick")).click()  # type: ignore[attr-defined]
    page.get_by_role("option", name=re.compile(DEMO_MEETING)).click()  # type: ignore[attr-defined]
    settle(page)
    prepare = out / f"meeting-{lang}-{size[0]}x{size[1]}.png"
    page.screenshot(path=str(prepare))  # type: ignore[attr-defined]
    page.get_by_text(t("meeting_ui.mode.present"), exact=True).click()  # type: ignore[attr-defined]
    settle(page)
    screen = page.locator(".st-key-meeting_present-screen .main-svg")  # type: ignore[attr-defined]
    screen.first.wait_for()
    page.wait_for_timeout(800)  # type: ignore[attr-defined]
    present = out / f"meeting-present-{lang}-{size[0]}x{size[1]}.png"
    page.screenshot(path=str(present))  # type: ignore[attr-defined]
    # Back to preparing: the sidebar (hidden while presenting) leads to the next page.
    mode = page.get_by_text(t("meeting_ui.mode.prepare"), exact=True)  # type: ignore[attr-defined]
    mode.click(force=True)
    settle(page)
    return [prepare, present]


def take(
    out: Path,
    pages: list[str],
    sizes: list[tuple[int, int]],
    langs: list[str],
    case_id: str,
    full_page: bool,
) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with (
        tempfile.TemporaryDirectory() as folder,
        running_app(Path(folder)) as base,
        chromium() as browser,
    ):
        if MEETING_PAGES & set(pages):
            seed_meetings(Path(folder))
        for lang in langs:
            for size in sizes:
                with tab(browser, size, lang) as page:
                    start(page, base, lang)
                    open_demo_case(page, case_id, lang)
                    for key in pages:
                        go(page, key, lang)
                        settle(page)
                        no_error(page)
                        path = out / f"{key}-{lang}-{size[0]}x{size[1]}.png"
                        if key == "meeting":
                            shots = _meeting_shots(page, lang, size, out)
                            written += shots
                            for shot in shots:
                                print(shot.relative_to(ROOT) if shot.is_relative_to(ROOT) else shot)
                            continue
                        if full_page:
                            _whole_page(page, size, path)
                        else:
                            page.screenshot(path=str(path))
                        written.append(path)
                        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", nargs="+", choices=list(PAGE_NAMES), default=list(PAGE_NAMES))
    parser.add_argument("--sizes", nargs="+", default=list(DEFAULT_SIZES), help="WIDTHxHEIGHT")
    parser.add_argument("--langs", nargs="+", choices=["en", "fr"], default=["en", "fr"])
    parser.add_argument("--case", default=DEFAULT_CASE, help="demo case id to open")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument(
        "--full-page", action="store_true", help="the whole page, not only the first screen"
    )
    args = parser.parse_args(argv)
    take(
        args.out,
        args.pages,
        [_size(s) for s in args.sizes],
        args.langs,
        args.case,
        args.full_page,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
