"""The tumour-board PDF: content present in both languages, Unicode intact, one to two pages."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from netlogic.clinical.evaluation import Evaluation, evaluate
from netlogic.clinical.grading import grade_label
from netlogic.export.pdf_report import REVIEW_MARK, build_pdf
from netlogic.model.case import Case
from netlogic.model.case_io import load_case_file
from netlogic.model.vocabulary import Status
from netlogic.reference.i18n import translator
from tests.conftest import TODAY
from tests.test_export_support import (
    DEMO_CASES,
    SYMBOLS,
    demo_case,
    flat,
    mixed_evaluation,
)


def pdf_text(data: bytes) -> str:
    return flat(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


def pages(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


def render(case: Case, evaluation: Evaluation, lang: str) -> str:
    return pdf_text(build_pdf(case, evaluation, translator(lang), TODAY))


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("path", DEMO_CASES, ids=lambda p: p.name.split(".")[0])
def test_every_offered_option_and_alert_is_printed(path: Path, lang: str) -> None:
    case = load_case_file(path, TODAY)
    evaluation = mixed_evaluation(case, lang)
    text = render(case, evaluation, lang)
    t = translator(lang)
    assert case.id in text
    assert grade_label(evaluation.grade.label, t) in text  # "TNE G2" in French
    assert t("export.title") in text
    for option in evaluation.options:
        if option.offered:
            assert flat(option.reasons[0]) in text
    for alert in evaluation.alerts:
        assert flat(alert.message) in text
        assert flat(t(f"alert.{alert.code}")) in text  # the title, not only the urgency


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("path", DEMO_CASES, ids=lambda p: p.name.split(".")[0])
def test_real_engine_output_is_printed_on_one_or_two_pages(path: Path, lang: str) -> None:
    case = load_case_file(path, TODAY)
    evaluation = evaluate(case, today=TODAY, lang=lang)
    data = build_pdf(case, evaluation, translator(lang), TODAY)
    text = pdf_text(data)
    assert 1 <= pages(data) <= 2
    assert grade_label(evaluation.grade.label, translator(lang)) in text
    assert evaluation.ruleset_version in text
    for option in evaluation.options:
        if option.offered and option.reasons:
            assert flat(option.reasons[0]) in text
    for alert in evaluation.alerts:
        assert flat(alert.message) in text


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        # French accents in the fixed texts: headings must not lose them.
        ("fr", ["Synthèse pour la RCP", "Historique des traitements", "Éléments du grade"]),
        # English headings of the same sections.
        ("en", ["Tumour board summary", "Treatment history", "Basis of the grade"]),
    ],
)
def test_headings_follow_the_language(lang: str, words: list[str]) -> None:
    case = demo_case()
    text = render(case, mixed_evaluation(case, lang), lang)
    for word in words:
        assert word in text


def test_accents_and_clinical_symbols_survive_from_user_text() -> None:
    question = "Hépatectomie ou RIV ? Ki-67 ≥ 20 % – CgA 5 µg/L, intervalle 3–6 mois"
    note = "Patiente âgée, très fatiguée ; œdème ; ≥ – µ"
    case = demo_case().model_copy(update={"meeting_question": question, "notes": note})
    text = render(case, mixed_evaluation(case, "fr"), "fr")
    assert question in text
    assert note in text
    for symbol in SYMBOLS.split():
        assert symbol in text


def test_markers_are_printed_with_micro_sign_and_kinetics() -> None:
    case = demo_case("ileum-g2-syndrome")  # 5-HIAA in umol/24h
    text = render(case, mixed_evaluation(case, "en"), "en")
    assert "µmol/24h" in text
    assert "Urinary 5-HIAA" in text


def test_a_script_in_the_notes_is_printed_as_text() -> None:
    note = '<script>alert("x")</script> **bold?**'
    case = demo_case().model_copy(update={"notes": note})
    text = render(case, mixed_evaluation(case, "en"), "en")
    assert note in text  # markdown is off: the asterisks are printed, nothing is interpreted


def test_fonts_are_embedded() -> None:
    case = demo_case()
    data = build_pdf(case, mixed_evaluation(case, "en"), translator("en"), TODAY)
    fonts = PdfReader(io.BytesIO(data)).pages[0]["/Resources"]["/Font"]
    names = [str(font.get_object()["/BaseFont"]) for font in fonts.values()]
    assert any("DejaVu" in name for name in names)
    assert data.startswith(b"%PDF-")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_fifteen_year_history_still_fits_on_two_pages(lang: str) -> None:
    from bench.cases import long_history_case

    case = long_history_case()
    evaluation = evaluate(case, today=TODAY, lang=lang)
    data = build_pdf(case, evaluation, translator(lang), TODAY)
    assert pages(data) <= 2
    text = pdf_text(data)
    for line in case.treatments:  # every line is listed: nothing dropped to save space
        assert flat(line.agent or "") in text
    for alert in evaluation.alerts:
        assert flat(alert.message) in text


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("path", DEMO_CASES, ids=lambda p: p.name.split(".")[0])
def test_no_therapy_or_status_word_is_broken_across_lines(path: Path, lang: str) -> None:
    # Twenty nodes in narrow columns: fpdf2 breaks a word wider than its column
    # ("Platinum-etoposid / e", "recommende / d"). Every name and status must come out whole.
    case = load_case_file(path, TODAY)
    evaluation = mixed_evaluation(case, lang)
    text = render(case, evaluation, lang)
    t = translator(lang)
    words = {w for o in evaluation.options for w in t(f"export.therapy.{o.therapy.value}").split()}
    words |= {w for s in Status for w in t(f"export.option_status.{s.value}").split()}
    broken = [w for w in words if w.lower() not in text.lower()]
    assert broken == []
    for option in evaluation.options:
        assert flat(t(f"export.therapy.{option.therapy.value}")) in text


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_unreviewed_options_and_alerts_are_marked(lang: str) -> None:
    # Some rules reviewed, others not: each unreviewed status and alert carries the mark, which
    # a note above the table explains; nothing unreviewed is left unmarked.
    case = demo_case()
    t = translator(lang)
    evaluation = mixed_evaluation(case, lang)
    options = [o.model_copy(update={"reviewed": i != 0}) for i, o in enumerate(evaluation.options)]
    alerts = [a.model_copy(update={"reviewed": False}) for a in evaluation.alerts]
    mixed = evaluation.model_copy(update={"options": options, "alerts": alerts})
    text = render(case, mixed, lang)
    note = flat(t("export.unreviewed_mark_note", mark=REVIEW_MARK))
    assert note in text
    assert text.replace(note, "").count(REVIEW_MARK) == 1 + len(alerts)
    # Nothing reviewed yet (today's rule set): one note says so for every row, no marks.
    none_reviewed = evaluation.model_copy(
        update={
            "options": [o.model_copy(update={"reviewed": False}) for o in evaluation.options],
            "alerts": alerts,
        }
    )
    text = render(case, none_reviewed, lang)
    assert flat(t("export.unreviewed_all")) in text
    assert REVIEW_MARK not in text
    # Everything reviewed: neither note nor mark.
    reviewed = render(case, mixed_evaluation(case, lang), lang)
    assert REVIEW_MARK not in reviewed
    assert flat(t("export.unreviewed_all")) not in reviewed
