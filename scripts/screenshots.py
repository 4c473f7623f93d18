"""Screenshots of every page with a demo case open, at laptop and phone sizes, in both languages.

Usage (from the repository root, after ``make`` has built ``.venv``)::

    .venv/bin/python scripts/screenshots.py                       # everything -> docs/screenshots/
    .venv/bin/python scripts/screenshots.py --pages trends export --sizes 1024x768
    .venv/bin/python scripts/screenshots.py --langs fr --out /tmp/shots --full-page

One browser session per size and language: the app is loaded in that language (browser
locale), the demo case is opened from the Case page, then each page is reached through the
sidebar, as a clinician would. Files are named ``<page>-<lang>-<width>x<height>.png``. The
browser is Debian's Chromium through Playwright's ``executable_path`` (never downloaded).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.live_app import (  # noqa: E402  (the path is set just above)
    PAGE_NAMES,
    chromium,
    go,
    no_error,
    open_demo_case,
    running_app,
    settle,
    start,
    tab,
)

DEFAULT_CASE = "EX-PANC-HISTORY"  # a pancreatic NET G2 with five years of lines, CgA and CT
DEFAULT_SIZES = ("1024x768", "390x844")


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
