"""The HTML summary: one small self-contained file that fetches nothing and runs no script."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pytest

from bench.cases import long_history_case
from netlogic.clinical.evaluation import evaluate
from netlogic.clinical.grading import grade_label
from netlogic.export.html_page import build_html
from netlogic.model.case import Case
from netlogic.reference.i18n import translator
from tests.conftest import TODAY
from tests.test_export_support import demo_case, mixed_evaluation

MAX_BYTES = 1_000_000

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
            loads = name in ("src", "href", "xlink:href", "srcset", "data", "poster", "action")
            # "#id" points inside the document (the chart's own shapes): nothing is fetched.
            if loads and value and not value.startswith("#"):
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


def test_nothing_is_loaded_from_outside_and_nothing_runs(document: str) -> None:
    parser = _Resources()
    parser.feed(document)
    # No element that loads a resource by address, and no script at all: the chart is SVG.
    assert parser.urls == []
    for tag in ("link", "img", "iframe", "script", "object", "embed"):
        assert tag not in parser.tags
    assert "svg" in parser.tags


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
    assert needle not in document


def test_script_in_notes_and_question_stays_text(document: str) -> None:
    assert ATTACK not in document
    assert html.escape(ATTACK) in document
    assert f"PRRT? {html.escape(ATTACK)}" in document


def test_script_closing_tag_in_a_treatment_agent_stays_text(document: str) -> None:
    assert CLOSE_SCRIPT not in document
    assert html.escape(CLOSE_SCRIPT) in document
    assert "<script" not in document


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
    text = html.unescape(doc)
    t = translator(lang)
    assert f'<html lang="{lang}">' in doc
    assert t("export.title") in text
    assert case.id in text
    assert evaluation.ruleset_version in text
    assert grade_label(evaluation.grade.label, t) in text
    for option in evaluation.options:
        assert t(f"export.therapy.{option.therapy.value}") in text  # all 20 nodes, new ones too
        if option.offered:
            assert option.reasons[0] in text
    for alert in evaluation.alerts:
        assert alert.message in text
        assert t(f"alert.{alert.code}") in text


def test_same_case_gives_the_same_file() -> None:
    case = demo_case()
    assert render(case) == render(case)  # fixed chart ids: exports are reproducible


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_fifteen_year_history_stays_under_one_megabyte(lang: str) -> None:
    # The plotly.js bundle made every summary 4.8 MB: a static SVG chart keeps it small.
    case = long_history_case()
    doc = build_html(case, evaluate(case, TODAY, lang), translator(lang), TODAY)
    assert len(doc.encode("utf-8")) < MAX_BYTES


def test_the_chart_has_a_text_alternative_and_its_data() -> None:
    case = demo_case("trends-recist-and-cga")
    doc = render(case, "fr")
    # The drawing is an image labelled by its title and described by one sentence per panel.
    assert re.search(r'<svg role="img" aria-labelledby="history-title"', doc)
    assert 'id="history-summary"' in doc
    # The data follow as tables a screen reader can walk, numbers written the French way.
    assert "<details><summary>Données du graphique</summary>" in doc
    assert "<caption>" in doc
    assert "<td>100</td>" in doc


@pytest.mark.parametrize(
    ("lang", "mark"),
    [
        ("en", "not yet reviewed by a clinician"),  # shown beside the status, never hidden
        ("fr", "pas encore relu par un clinicien"),
    ],
)
def test_unreviewed_rules_are_marked(lang: str, mark: str) -> None:
    case = demo_case()
    evaluation = mixed_evaluation(case, lang)
    options = [o.model_copy(update={"reviewed": False}) for o in evaluation.options[:2]]
    evaluation = evaluation.model_copy(update={"options": options + evaluation.options[2:]})
    doc = html.unescape(build_html(case, evaluation, translator(lang), TODAY))
    assert doc.count(f"({mark})") == 2
    assert html.unescape(render(case, lang)).count(f"({mark})") == 0
