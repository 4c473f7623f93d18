"""User text in the exports is printed as typed and can neither change the file nor stop it.

fpdf2 replaced its page-count alias ``{nb}`` inside user text; a marker unit written as HTML or
Markdown must stay text in the HTML summary; a ``$`` in a unit started matplotlib's maths; a
lone surrogate stopped every format but JSON; a very long note took the PDF 11 s per MB.
"""

from __future__ import annotations

import html
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pypdf import PdfReader

from netlogic.clinical.evaluation import evaluate
from netlogic.export.fhir_bundle import build_fhir_bundle, build_fhir_json
from netlogic.export.formats import ExportFormat, build_export
from netlogic.export.pdf_report import NOTE_MAX_CHARS, QUESTION_MAX_CHARS
from netlogic.model.case import Case
from netlogic.model.case_io import load_case_file, parse_case
from netlogic.reference.i18n import translator
from tests.conftest import TODAY, example_cases
from tests.test_export_support import DEMO_CASES, flat

# Within the input bounds (a unit holds at most 32 characters).
LINK_UNIT = '<a href="//evil.example">u</a>'
IMAGE_UNIT = "![x](//evil.example/p.png)"


def case_with(
    unit: str = "ng/mL",
    notes: str | None = None,
    question: str | None = None,
    agent: str | None = None,
) -> Case:
    data = {
        "schema_version": "1",
        "id": "UT-1",
        "tumour": {"primary_site": "pancreas", "ki67_percent": 5},
        "markers": [
            {"date": "2026-01-05", "name": "chromogranin_a", "value": 90, "unit": unit, "uln": 100},
            {"date": "2026-06-05", "name": "chromogranin_a", "value": 180, "unit": unit},
        ],
        "treatments": [{"therapy": "ssa", "agent": agent, "start": "2026-01-10"}],
        "notes": notes,
        "meeting_question": question,
    }
    return parse_case(data, TODAY)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: set[tuple[str, tuple[str, ...]]] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.add((tag, tuple(sorted(name for name, _ in attrs))))


def tags(document: str) -> set[tuple[str, tuple[str, ...]]]:
    parser = _Tags()
    parser.feed(document)
    return parser.found


def export(case: Case, fmt: str, lang: str = "en") -> bytes:
    evaluation = evaluate(case, today=TODAY, lang=lang)
    return build_export(fmt, case, evaluation, translator(lang), TODAY).data


def pdf_text(data: bytes) -> str:
    return flat(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_nb_in_user_text_is_printed_as_typed_and_pages_are_still_counted(lang: str) -> None:
    case = case_with(
        notes="Give {nb} cycles, then review",
        question="After {nb} cycles?",
        agent="lanreotide {nb} mg",
    )
    text = pdf_text(export(case, "pdf", lang))
    assert "Give {nb} cycles" in text
    assert "After {nb} cycles?" in text
    assert "lanreotide {nb} mg" in text
    pages = len(PdfReader(io.BytesIO(export(case, "pdf", lang))).pages)
    assert f"1/{pages}" in text  # the footer still counts the pages


def test_a_private_use_alias_typed_in_a_note_does_not_become_the_page_count() -> None:
    # The alias is chosen so that no text of the summary contains it: typing it changes nothing.
    typed = "\ue0000\ue000 and \ue0001\ue000"
    text = pdf_text(export(case_with(notes=f"marker {typed} end"), "pdf"))
    assert re.search(r"marker \S* and \S* end", text)
    assert "Page 1/" in text


@pytest.mark.parametrize(
    ("field", "limit"),
    [
        ("notes", NOTE_MAX_CHARS),  # pages of notes: the summary must stay short and quick
        ("question", QUESTION_MAX_CHARS),  # a pasted letter instead of a question
    ],
)
def test_a_very_long_text_is_cut_in_the_pdf_saying_so_and_kept_whole_elsewhere(
    field: str, limit: int
) -> None:
    # About 1.5 x the limit: over what the PDF prints, within what a case may hold.
    long_text = " ".join(f"w{n:05d}" for n in range(limit * 3 // 14))
    case = case_with(**{field: long_text})
    text = pdf_text(export(case, "pdf"))
    assert "truncated after" in text
    assert "full text is in the JSON and HTML exports" in text
    assert "w00010 " in text
    assert long_text.split()[-1] not in text
    assert long_text in export(case, "html").decode("utf-8")
    key = "notes" if field == "notes" else "meeting_question"
    assert json.loads(export(case, "json"))[key] == long_text


def test_a_text_under_the_limit_is_printed_whole() -> None:
    note = "x" * 50 + " end-of-note"
    text = pdf_text(export(case_with(notes=note), "pdf"))
    assert "end-of-note" in text
    assert "truncated" not in text


@pytest.mark.parametrize(
    "unit",
    [
        LINK_UNIT,  # an HTML link: must not become a link in the summary or its chart
        IMAGE_UNIT,  # a Markdown image: must not make anything fetch an outside image
        "<b onclick=alert(1)>U/L</b>",  # markup with a handler
        '"><svg onload=alert(1)>',  # breaking out of an attribute
    ],
)
def test_markup_in_a_unit_is_text_in_the_html_summary(unit: str) -> None:
    document = export(case_with(unit=unit), "html").decode("utf-8")
    plain_document = export(case_with(unit="ng/mL"), "html").decode("utf-8")
    assert "<a" not in document
    assert "<img" not in document
    # The unit adds no element and no attribute: the same tags as with a plain unit.
    assert tags(document) == tags(plain_document)
    assert unit in html.unescape(document)  # shown as typed


@pytest.mark.parametrize(
    "unit",
    [
        "$x^2$",  # maths markup: printed as typed
        "$\\frac{$",  # broken maths markup: used to stop the PDF and HTML with a ValueError
        "a_b^c",  # sub/superscript markers outside maths
    ],
)
@pytest.mark.parametrize("fmt", ["pdf", "html"])
def test_a_dollar_in_a_unit_never_starts_chart_maths(unit: str, fmt: str) -> None:
    data = export(case_with(unit=unit), fmt)
    assert len(data) > 1000


@pytest.mark.parametrize("fmt", [f.value for f in ExportFormat])
def test_a_lone_surrogate_never_stops_an_export(fmt: str) -> None:
    # "\ud800" in a case file (a JSON escape) is a lone surrogate UTF-8 cannot encode; older
    # versions stored it. Put in past validation, as a store written then would hand it over.
    case = case_with(agent="octreotide")
    odd_line = case.treatments[0].model_copy(update={"agent": "octreotide \udc00"})
    case = case.model_copy(update={"notes": "note \ud800 end", "treatments": [odd_line]})
    data = export(case, fmt)
    assert data
    if fmt == "json":
        assert "\\ud800" in data.decode("utf-8")  # kept as its escape: nothing lost
        assert json.loads(data)["notes"] == "note \ud800 end"


@pytest.mark.parametrize(
    "path",
    [*example_cases(), *DEMO_CASES],
    ids=lambda p: Path(p).name,
)
def test_fhir_text_is_the_validated_bundle(path: Path) -> None:
    # The JSON is written from the data that passed validation; it must say what the model says.
    case = load_case_file(path, TODAY)
    evaluation = evaluate(case, today=TODAY, lang="fr")
    t = translator("fr")
    written = json.loads(build_fhir_json(case, evaluation, t, TODAY))
    assert written == json.loads(build_fhir_bundle(case, evaluation, t, TODAY).model_dump_json())
