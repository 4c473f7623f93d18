"""The HTML summary: one self-contained file that fetches nothing and never runs user text."""

from __future__ import annotations

import html
from html.parser import HTMLParser

import plotly.offline
import pytest

from netlogic.export.html_page import build_html
from netlogic.model.case import Case
from netlogic.reference.i18n import translator
from tests.conftest import TODAY
from tests.test_export_support import demo_case, mixed_evaluation

ATTACK = '<script>alert("pwned")</script>'
CLOSE_SCRIPT = "</script><script>alert(1)</script>"


class _Resources(HTMLParser):
    """Every tag and every attribute that can make a browser load something."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.urls: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name in ("src", "href", "srcset", "data", "poster", "action") and value:
                self.urls.append((tag, value))


def render(case: Case, lang: str = "en") -> str:
    return build_html(case, mixed_evaluation(case, lang), translator(lang), TODAY)


@pytest.fixture(scope="module")
def document() -> str:
    case = demo_case("ileum-g2-progressing-on-ssa").model_copy(
        update={"notes": ATTACK, "meeting_question": f"PRRT? {ATTACK}"}
    )
    case.treatments[0].agent = CLOSE_SCRIPT
    return render(case)


def without_plotly_library(doc: str) -> str:
    """The document minus the embedded plotly.js bundle (which must be there exactly once)."""
    library = plotly.offline.get_plotlyjs()
    assert doc.count(library) == 1
    return doc.replace(library, "")


def test_plotly_is_inline_and_nothing_is_loaded_from_outside(document: str) -> None:
    parser = _Resources()
    parser.feed(document)
    # No element that loads a resource by address at all: scripts and styles are inline.
    assert parser.urls == []
    assert "link" not in parser.tags
    assert "img" not in parser.tags
    assert "iframe" not in parser.tags


@pytest.mark.parametrize(
    "needle",
    [
        'src="http',  # a script or image from a server
        "src='http",  # same with single quotes
        'href="http',  # a stylesheet or link to a server
        "@import url(http",  # a stylesheet imported by CSS
        "url(http",  # a font or image referenced by CSS
        "fetch(",  # a script fetching data
        "cdn.",  # a CDN address anywhere in our part of the page
    ],
)
def test_our_markup_and_chart_data_reference_no_address(document: str, needle: str) -> None:
    # plotly.js itself contains such strings for features we never use (map tiles, the logo
    # link that is switched off), so its exact bundle is taken out before looking.
    assert needle not in without_plotly_library(document)


def test_script_in_notes_and_question_stays_text(document: str) -> None:
    assert ATTACK not in document
    assert html.escape(ATTACK) in document
    assert f"PRRT? {html.escape(ATTACK)}" in document


def test_script_closing_tag_in_a_treatment_agent_cannot_leave_the_chart_data(
    document: str,
) -> None:
    # Shown escaped in the table, and JSON-escaped in the chart's hover text.
    assert CLOSE_SCRIPT not in document
    assert html.escape(CLOSE_SCRIPT) in document
    own = without_plotly_library(document)
    assert own.count("<script") == own.count("</script>")


def test_printable_and_complete(document: str) -> None:
    assert "@media print" in document
    assert "@page" in document
    assert document.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in document


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_content_follows_the_language(lang: str) -> None:
    case = demo_case()
    evaluation = mixed_evaluation(case, lang)
    doc = build_html(case, evaluation, translator(lang), TODAY)
    text = html.unescape(without_plotly_library(doc))
    t = translator(lang)
    assert f'<html lang="{lang}">' in doc
    assert t("export.title") in text
    assert case.id in text
    assert evaluation.grade.label in text
    for option in evaluation.options:
        if option.offered:
            assert option.reasons[0] in text
    for alert in evaluation.alerts:
        assert alert.message in text


def test_same_case_gives_the_same_file() -> None:
    case = demo_case()
    assert render(case) == render(case)  # fixed chart ids: exports are reproducible
