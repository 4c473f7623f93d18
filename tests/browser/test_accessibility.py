"""Accessibility scan of every page with axe-core, in English and French, a demo case open.

axe-core is vendored (``tests/browser/vendor/axe-core``, MPL-2.0) and injected into the page:
nothing is fetched. Every finding of impact "serious" or "critical" fails the test on the
pages and the frame this suite guards (Home, Trends, Export and the sidebar). The Case,
Pathway, What-if and Teaching pages are scanned too and their findings written to
``test-artifacts/axe-<page>-<lang>.json`` for their owners; ``AXE_STRICT_PAGES`` lists the
pages held to zero.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.live_app import (
    CHROMIUM,
    ROOT,
    chromium,
    go,
    no_error,
    open_demo_case,
    running_app,
    settle,
    start,
    tab,
)

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts"
CASE_ID = "EX-PANC-HISTORY"
BLOCKING = ("serious", "critical")
AXE_STRICT_PAGES = (
    "home",
    "case",
    "pathway",
    "trends",
    "whatif",
    "teaching",
    "export",
    "meeting",
    "concordance",
)
ALL_PAGES = AXE_STRICT_PAGES

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is absent"),
]


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_app(tmp_path_factory.mktemp("a11y")) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as opened:
        yield opened


def axe_findings(page: Any) -> list[dict[str, Any]]:
    """Run axe-core on the page as it is (WCAG 2.x A and AA rules, plus best practices)."""
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result: dict[str, Any] = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa",
                                              "best-practice"]},
            resultTypes: ["violations"],
        })"""
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
    ]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_no_serious_or_critical_finding_on_any_page(base: str, browser: Any, lang: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    blocking: dict[str, list[dict[str, Any]]] = {}
    with tab(browser, (1024, 768), lang) as page:
        start(page, base, lang)
        open_demo_case(page, CASE_ID, lang)
        for key in ALL_PAGES:
            go(page, key, lang)
            settle(page)
            no_error(page)
            assert page.evaluate("document.documentElement.lang") == lang
            findings = axe_findings(page)
            (ARTIFACTS / f"axe-{key}-{lang}.json").write_text(
                json.dumps(findings, indent=2, ensure_ascii=False), encoding="utf-8"
            )
            serious = [f for f in findings if f["impact"] in BLOCKING]
            if key in AXE_STRICT_PAGES and serious:
                blocking[key] = serious
    assert blocking == {}
