"""In headless Chromium at laptop, desktop and phone sizes, in English and French: the phone
sidebar closes after a page change, the Trends rows share one time axis, an export is one
click, the document's language follows the session."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from netlogic.reference.i18n import translator
from tests.browser.live_app import (
    CHROMIUM,
    PHONE_WIDTH,
    SIZES,
    chromium,
    go,
    no_error,
    open_demo_case,
    running_app,
    sidebar_open,
    start,
    tab,
)

CASE_ID = "EX-PANC-HISTORY"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is absent"),
]


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_app(tmp_path_factory.mktemp("frame")) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as opened:
        yield opened


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("size", list(SIZES), ids=str)
def test_pages_with_the_trends_axis_and_the_sidebar(
    base: str, browser: Any, size: str, lang: str
) -> None:
    width, height = SIZES[size]
    with tab(browser, (width, height), lang) as page:
        start(page, base, lang)
        assert page.evaluate("document.documentElement.lang") == lang
        open_demo_case(page, CASE_ID, lang)
        go(page, "trends", lang)
        no_error(page)
        if width < PHONE_WIDTH:
            # The page is shown, not hidden under the sidebar the link was clicked in.
            assert not sidebar_open(page)
        heading = translator(lang)("page.trends.title")
        page.get_by_role("heading", name=heading, exact=True).wait_for()
        chart = page.locator('[data-testid="stPlotlyChart"] .js-plotly-plot').first
        chart.wait_for()
        axes = chart.evaluate(
            """el => Object.keys(el.layout).filter(k => k.startsWith('xaxis'))
                 .map(k => [k, el.layout[k].matches || null])"""
        )
        # Lines lane, two marker rows, RECIST: all follow one x axis (zoom one, all move).
        assert len(axes) == 4
        bottom = "x" + str(len(axes))
        assert [m for _, m in axes[:-1]] == [bottom] * 3
        if lang == "fr":
            ticks = chart.evaluate("el => el._fullLayout.xaxis4._vals.map(v => v.text).join(' ')")
            assert "2024" in ticks
            assert chart.evaluate("el => el._context.locale") == "fr"
        # Zooming the bottom axis moves the top one too.
        chart.evaluate("el => Plotly.relayout(el, {'xaxis4.range': ['2024-01-01', '2025-01-01']})")
        page.wait_for_timeout(300)
        top = chart.evaluate("el => el._fullLayout.xaxis.range.map(String)")
        assert top[0].startswith("2024-01-01")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_an_export_is_one_click(base: str, browser: Any, lang: str) -> None:
    with tab(browser, SIZES["laptop"], lang) as page:
        start(page, base, lang)
        open_demo_case(page, CASE_ID, lang)
        go(page, "export", lang)
        t = translator(lang)
        label = t("export.ui.download", format=t("export.format.pdf"))
        with page.expect_download() as download:
            page.get_by_role("button", name=label).click()
        saved = download.value
        assert saved.suggested_filename.endswith("_tumour-board.pdf")
        assert CASE_ID in saved.suggested_filename
        with open(saved.path(), "rb") as data:
            assert data.read(5) == b"%PDF-"
