"""The evidence table: every figure added for ruleset 2027 is the knowledge base's, in both
languages, and an overall-survival figure is never read as a progression-free one."""

from __future__ import annotations

import re

import pytest

from netlogic.clinical.evidence import (
    ArmMedians,
    Endpoint,
    evidence,
    load_evidence,
    result_text,
    trial_results,
)
from netlogic.model.vocabulary import Therapy
from netlogic.reference.i18n import translator
from tests.conftest import SHARED

KNOWLEDGE_BASE = SHARED / "clinical" / "knowledge-base.md"

# (row, what is checked, the value in data/evidence.yaml, the knowledge base's words, 8.9)
KB_FIGURES = [
    # CABINET, pancreatic cohort: PFS 13.8 vs 4.4 months, HR 0.23.
    ("CABINET-PANCREAS", "medians", (13.8, 4.4), "pancreatic PFS 13.8 vs 4.4 months, HR 0.23"),
    ("CABINET-PANCREAS", "hazard_ratio", 0.23, "pancreatic PFS 13.8 vs 4.4 months, HR 0.23"),
    # CABINET, extra-pancreatic cohort: 8.4 vs 3.9, HR 0.38.
    ("CABINET-EXTRAPANCREATIC", "medians", (8.4, 3.9), "extra-pancreatic 8.4 vs\n  3.9, HR 0.38"),
    ("CABINET-EXTRAPANCREATIC", "hazard_ratio", 0.38, "extra-pancreatic 8.4 vs\n  3.9, HR 0.38"),
    # COMPETE: 177Lu-edotreotide vs everolimus, PFS 23.9 vs 14.1 months, HR 0.67.
    ("COMPETE", "medians", (23.9, 14.1), "PFS 23.9 vs 14.1 months, HR 0.67"),
    ("COMPETE", "hazard_ratio", 0.67, "PFS 23.9 vs 14.1 months, HR 0.67"),
    # CLARINET FORTE, single arm: 8.3 months midgut, 5.6 months pancreas.
    ("CLARINET-FORTE-MIDGUT", "medians", (8.3, None), "median PFS 8.3 months midgut"),
    ("CLARINET-FORTE-PANCREAS", "medians", (5.6, None), "5.6 months pancreas"),
    # NETTER-1 final overall survival: 48.0 vs 36.3 months, HR 0.84, not significant.
    (
        "NETTER-1",
        "os",
        (48.0, 36.3, 0.84, False),
        "(48.0 vs 36.3 months, HR 0.84, not significant)",
    ),
    # E2211 overall survival: 58.7 vs 53.8 months, not significant.
    ("E2211", "os", (58.7, 53.8, None, False), "E2211 overall survival 58.7 vs 53.8 months (not"),
    # SPINET final: lanreotide 16.6 months vs placebo 13.6.
    (
        "SPINET",
        "medians",
        (16.6, 13.6),
        "lanreotide PFS 16.6 months overall (typical 21.9, atypical 13.8) vs placebo 13.6",
    ),
    # ADRIATIC: overall survival 55.9 vs 33.4 months, HR 0.73.
    ("ADRIATIC", "medians", (55.9, 33.4), "survival 55.9 vs 33.4 months, HR 0.73"),
    ("ADRIATIC", "hazard_ratio", 0.73, "survival 55.9 vs 33.4 months, HR 0.73"),
    # DeLLphi-304: overall survival 13.6 vs 8.3 months, HR 0.60.
    ("DELLPHI-304", "medians", (13.6, 8.3), "overall survival 13.6 vs 8.3 months, HR 0.60"),
    ("DELLPHI-304", "hazard_ratio", 0.60, "overall survival 13.6 vs 8.3 months, HR 0.60"),
    # LITESPARK-004: the knowledge base quotes no figure, so the row has none.
    ("LITESPARK-004", "medians", (None, None), "(FDA 2021; LITESPARK-004)"),
]


@pytest.mark.parametrize(("row", "what", "value", "words"), KB_FIGURES)
def test_each_new_figure_is_the_knowledge_base_figure(
    row: str, what: str, value: object, words: str
) -> None:
    trial = evidence().trial(row)
    assert trial is not None, row
    if what == "medians":
        got: object = (trial.medians_months.experimental, trial.medians_months.control)
    elif what == "hazard_ratio":
        got = trial.hazard_ratio
    else:
        os_row = next(r for r in trial.other_results if r.endpoint is Endpoint.OVERALL_SURVIVAL)
        got = (
            os_row.medians_months.experimental,
            os_row.medians_months.control,
            os_row.hazard_ratio,
            os_row.significant,
        )
    assert got == value
    # Every number of the value is written in the knowledge base's words quoted above.
    numbers = [v for v in (value if isinstance(value, tuple) else (value,)) if v]
    for number in numbers:
        if isinstance(number, float):
            assert f"{number:.2f}".rstrip("0") in words or f"{number:.1f}" in words, number


@pytest.mark.skipif(not KNOWLEDGE_BASE.exists(), reason="shared/clinical is not beside the repo")
@pytest.mark.parametrize("words", sorted({row[3] for row in KB_FIGURES}))
def test_the_quoted_words_are_in_the_knowledge_base(words: str) -> None:
    # Sections 8.8 (LITESPARK-004) and 8.9 (every other figure).
    text = KNOWLEDGE_BASE.read_text(encoding="utf-8")
    section = text[text.index("### 8.8") : text.index("### 8.10")]
    assert " ".join(words.split()) in " ".join(section.split())


def test_every_row_reads_in_english_and_french() -> None:
    for trial in evidence().trials:
        texts = [trial.population, *trial.arms, *([trial.note] if trial.note else [])]
        assert all(text.en and text.fr for text in texts), trial.id
    for row in evidence().prognosis:
        assert row.population.fr, row.id
        assert all(f.fr for f in row.figures), row.id


def test_french_results_write_decimal_commas() -> None:
    fr = translator("fr")
    for trial in evidence().trials:
        for line in trial_results(trial, fr):
            assert not re.search(r"\d\.\d", line), (trial.id, line)
    cabinet = evidence().trial("CABINET-PANCREAS")
    assert cabinet is not None
    assert "13,8 contre 4,4 mois" in trial_results(cabinet, fr)[0]
    assert "0,23" in trial_results(cabinet, fr)[0]


@pytest.mark.parametrize(
    ("medians", "hr", "significant", "single", "expected"),
    [
        # Both arms: "median E vs C months"; hazard ratios keep two decimals (0.60, not 0.6).
        (
            ArmMedians(experimental=13.6, control=8.3),
            0.6,
            None,
            False,
            "13.6 vs 8.3 months; hazard ratio 0.60",
        ),
        # Same precision for both arms: 48.0 beside 36.3.
        (
            ArmMedians(experimental=48.0, control=36.3),
            None,
            False,
            False,
            "48.0 vs 36.3 months; difference not",
        ),
        # Integer medians stay integers.
        (ArmMedians(experimental=14, control=6), None, None, False, "median 14 vs 6 months"),
        # Not reached in the experimental arm.
        (
            ArmMedians(experimental=None, control=18),
            None,
            None,
            False,
            "median not reached vs 18 months",
        ),
        # A single-arm study says it has no control group.
        (
            ArmMedians(experimental=8.3),
            None,
            None,
            True,
            "8.3 months (single arm, no control group)",
        ),
        # No figure at all is said, not left blank.
        (ArmMedians(), None, None, False, "no figure quoted"),
    ],
)
def test_result_text(
    medians: ArmMedians, hr: float | None, significant: bool | None, single: bool, expected: str
) -> None:
    text = result_text(
        Endpoint.PROGRESSION_FREE_SURVIVAL, medians, translator("en"), hr, significant, single
    )
    assert expected in text


def test_a_trial_cited_by_name_opens_all_its_rows() -> None:
    rows = evidence().trials_cited_as("CABINET")
    assert {r.id for r in rows} == {"CABINET-PANCREAS", "CABINET-EXTRAPANCREATIC"}
    assert [r.id for r in evidence().trials_cited_as("clarinet forte")] == [
        "CLARINET-FORTE-MIDGUT",
        "CLARINET-FORTE-PANCREAS",
    ]
    assert evidence().trials_cited_as("DeLLphi-304")[0].id == "DELLPHI-304"
    assert evidence().trials_cited_as("003_415bea0888277d88.txt") == []


def test_overall_survival_is_never_a_progression_free_figure() -> None:
    # ADRIATIC and DeLLphi-304 report overall survival: the timeline must not draw it as PFS.
    for row in ("ADRIATIC", "DELLPHI-304", "NEC-PLATINUM-ETOPOSIDE"):
        trial = evidence().trial(row)
        assert trial is not None
        assert trial.median_pfs_months == ArmMedians()
    netter = evidence().trial("NETTER-1")
    assert netter is not None
    assert netter.median_pfs_months.control == 8.4


def test_every_new_therapy_with_trial_data_has_a_row() -> None:
    therapies = {t.therapy for t in load_evidence().trials}
    assert {Therapy.CABOZANTINIB, Therapy.BELZUTIFAN, Therapy.IMMUNOTHERAPY} <= therapies
