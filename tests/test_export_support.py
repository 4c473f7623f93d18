"""Shared helpers of the export tests, and tests of the summary content they all render.

``mixed_evaluation`` replaces the engine's options by every status in turn (and alerts with
accents and clinical symbols), so the renderers are checked with any status the pathway
engine may return, whatever the current rule tables say about one demo case.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from netlogic.clinical.evaluation import Alert, Evaluation, OptionResult, evaluate
from netlogic.export.summary import STATUS_ORDER, build_summary, pretty_unit
from netlogic.model.case import Case
from netlogic.model.case_io import load_case_file
from netlogic.model.vocabulary import Status, Therapy
from netlogic.reference.i18n import translator
from tests.conftest import ROOT, TODAY

DEMO_DIR = ROOT / "data" / "demo_cases"
DEMO_CASES = sorted(DEMO_DIR.glob("*.case.json"))
SYMBOLS = "≥ – µ"
REASON = {
    "en": "Ki-67 ≥ 20 % – chromogranin A 5 µg/L: {therapy} fits this situation",
    "fr": "Ki-67 ≥ 20 % – chromogranine A 5 µg/L : {therapy} répond à la situation (âgée)",
}
ALERTS = {
    "en": ["Decide at the multidisciplinary meeting (≥ 2 specialists)", "Screen for a trial"],
    "fr": ["Décision en RCP (≥ 2 spécialistes) – dossier complet", "Rechercher un essai"],
}


def demo_case(name: str = "ileum-g2-syndrome") -> Case:
    return load_case_file(DEMO_DIR / f"{name}.case.json", TODAY)


def mixed_evaluation(case: Case, lang: str) -> Evaluation:
    """The real evaluation with options cycling through every status, reasons with symbols."""
    evaluation = evaluate(case, today=TODAY, lang=lang)
    statuses = list(Status)
    options = [
        OptionResult(
            therapy=therapy,
            status=statuses[i % len(statuses)],
            reasons=[REASON[lang].format(therapy=therapy.value), "second reason"],
            sources=["003_415bea0888277d88.txt", "CLARINET"],
            cautions=["control the syndrome first"] if i % 4 == 0 else [],
        )
        for i, therapy in enumerate(Therapy)
    ]
    alerts = [
        Alert(code="mdt_discussion", message=ALERTS[lang][0], level=1, sources=["ENETS 2023"]),
        Alert(code="clinical_trial", message=ALERTS[lang][1], level=3),
    ]
    return evaluation.model_copy(update={"options": options, "alerts": alerts})


def flat(text: str) -> str:
    """Text with every run of white space made one space (PDF lines wrap anywhere)."""
    return re.sub(r"\s+", " ", text)


def test_demo_cases_are_there() -> None:
    assert len(DEMO_CASES) >= 5


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_options_are_listed_offered_first_in_tree_order(lang: str) -> None:
    case = demo_case()
    summary = build_summary(case, mixed_evaluation(case, lang), translator(lang), TODAY)
    ranks = [STATUS_ORDER[o.status] for o in summary.options]
    assert ranks == sorted(ranks)
    assert len(summary.options) == len(Therapy)
    recommended = [o.therapy for o in summary.options if o.status is Status.RECOMMENDED]
    assert recommended == sorted(recommended, key=list(Therapy).index)


@pytest.mark.parametrize(
    ("unit", "shown"),
    [
        ("umol/24h", "µmol/24h"),  # 5-HIAA canonical unit
        ("ug/L", "µg/L"),  # chromogranin A, other spelling
        ("uIU/mL", "µIU/mL"),  # insulin
        ("ng/mL", "ng/mL"),  # nothing to change
        ("U/L", "U/L"),  # a capital U is an enzyme unit, never micro
        ("mU/L", "mU/L"),  # milli-units stay as written
    ],
)
def test_units_are_printed_with_the_micro_sign(unit: str, shown: str) -> None:
    assert pretty_unit(unit) == shown


def test_summary_keeps_meeting_question_and_notes_as_given() -> None:
    case = demo_case().model_copy(
        update={"meeting_question": "  PRRT or everolimus?  ", "notes": "   "}
    )
    summary = build_summary(case, mixed_evaluation(case, "en"), translator("en"), TODAY)
    assert summary.meeting_question == "PRRT or everolimus?"
    assert summary.notes is None  # blank notes are left out, not printed empty


def test_path_helpers_are_built_from_this_file() -> None:
    assert Path(__file__).resolve().parent.parent == ROOT
