"""Treatment sequencing: each planned line judged on the case as it would be at that step.

The clinical rows are written from the knowledge base (section 4, "Sequencing principles",
PRRT and oxaliplatin cautions); they pass once the real pathway engine is in place.
"""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

import pytest

from netlogic.model.case import Case
from netlogic.model.case_io import parse_case
from netlogic.model.vocabulary import Progression, StopReason, Therapy
from netlogic.reference.i18n import translator
from netlogic.whatif.sequencing import (
    UnknownTherapyError,
    Verdict,
    case_after,
    evaluate_sequence,
    load_sequencing_rules,
    match_evidence,
    parse_therapies,
    planned_dates,
    sequencing_cautions,
)
from netlogic.whatif.timeline import timeline_figure, timeline_rows
from tests.conftest import TODAY

A = Verdict.ALLOWED
AC = Verdict.ALLOWED_WITH_CAUTIONS
X = Verdict.AGAINST_RULES
OFFERED = {A, AC}


def make_case(site: str, tumour: dict[str, Any] | None = None, **parts: Any) -> Case:
    """A metastatic well-differentiated case; ``tumour`` and ``disease`` keys override."""
    data: dict[str, Any] = {
        "schema_version": "1",
        "id": "SEQ-TEST",
        "patient": {"age_years": 62, "ecog": 1},
        "tumour": {
            "primary_site": site,
            "differentiation": "well",
            "ki67_percent": 5,
            "mitotic_count": 1,
            "necrosis": "absent",
            "sstr_imaging": "positive",
            "functional_syndrome": "none",
            **(tumour or {}),
        },
        "disease": {
            "stage": "metastatic",
            "metastatic_sites": ["liver", "lymph_nodes"],
            "liver_involvement_percent": 20,
            "extrahepatic_disease": False,
            "resectable": "no",
            "primary_resected": True,
            "tumour_burden": "low",
            "progression": "slow",
            **parts.pop("disease", {}),
        },
        **parts,
    }
    return parse_case(data, TODAY)


ILEUM = make_case("small_intestine")
ILEUM_ON_SSA = make_case(
    "small_intestine",
    treatments=[{"therapy": "ssa", "start": "2024-01-10", "end": None}],
)
PANCREAS_KI12 = make_case("pancreas", {"ki67_percent": 12, "mitotic_count": 3})
PANCREAS_MARROW = make_case(
    "pancreas", {"ki67_percent": 12, "mitotic_count": 3}, comorbidities=["marrow_insufficiency"]
)
LUNG_AC = make_case("lung", {"mitotic_count": 3, "necrosis": "punctate", "ki67_percent": 5})
ILEUM_SSTR_NEG = make_case("small_intestine", {"sstr_imaging": "negative"})
NEC = make_case(
    "colon",
    {"differentiation": "poor", "nec_cell_type": "small", "ki67_percent": 70, "mitotic_count": 40},
    disease={"progression": "unknown"},
)

SEQUENCE_TABLE = [
    # PRRT after a failed SSA in an SSTR-positive midgut NET is recommended (NETTER-1); the
    # SSA ongoing just before it must be stopped 6 weeks before PRRT: washout caution.
    (ILEUM_ON_SSA, ["prrt"], [AC], "SEQ-PRRT-SSA-WASHOUT"),
    # SSA first line (Ki-67 <= 10%, SSTR+), then PRRT after SSA failure with the washout.
    (ILEUM, ["ssa", "prrt"], [A, AC], "SEQ-PRRT-SSA-WASHOUT"),
    # Slow, low-burden progression on a standard-dose SSA (Ki-67 <= 10%, SSTR+): the SSA is
    # offered again only as CLARINET FORTE escalation (8.9), an option.
    (ILEUM_ON_SSA, ["ssa"], [AC], None),
    # Sunitinib has no data outside the pancreas (seed 004): against the rules in the lung.
    (LUNG_AC, ["sunitinib"], [X], None),
    # Everolimus again after progression on everolimus: a failed line is not offered again.
    (PANCREAS_KI12, ["everolimus", "everolimus"], [A, X], None),
    # Lung carcinoid: PRRT only after failure (or contraindication) of everolimus.
    (LUNG_AC, ["prrt"], [X], None),
    (LUNG_AC, ["ssa", "everolimus", "prrt"], [A, A, A], None),
    # Oxaliplatin after SSA and everolimus in a lung carcinoid: option, 8 cycles at most.
    (LUNG_AC, ["ssa", "everolimus", "chemo_oxaliplatin"], [A, A, AC], "SEQ-OXALIPLATIN-CYCLES"),
    # Pancreatic NET: PRRT after a failed SSA line is an option; after CAPTEM it carries the
    # cumulative marrow toxicity caution.
    (
        PANCREAS_KI12,
        ["ssa", "chemo_alkylating", "prrt"],
        [A, A, AC],
        "SEQ-MARROW-PRRT-AFTER-ALKYLATING",
    ),
    # Two chemotherapy lines before PRRT: cumulative marrow toxicity caution.
    (
        PANCREAS_KI12,
        ["ssa", "chemo_alkylating", "chemo_oxaliplatin", "prrt"],
        [A, A, AC, AC],
        "SEQ-MARROW-SEVERAL-CHEMO",
    ),
    # Marrow insufficiency forbids every chemotherapy.
    (PANCREAS_MARROW, ["chemo_alkylating"], [X], None),
    # SSTR-negative: neither anti-tumour SSA nor PRRT (uptake required); everolimus remains.
    (ILEUM_SSTR_NEG, ["ssa", "prrt"], [X, X], None),
    # NEC: platinum-etoposide first, then an oxaliplatin doublet (8 cycles at most).
    (
        NEC,
        ["chemo_platinum_etoposide", "chemo_oxaliplatin"],
        [A, AC],
        "SEQ-OXALIPLATIN-CYCLES",
    ),
    # NEC: no anti-tumour SSA.
    (NEC, ["ssa"], [X], None),
]


def _verdict_class(v: Verdict) -> str:
    return "offered" if v in OFFERED else "against"


@pytest.mark.parametrize(("case", "plan", "verdicts", "seq_rule"), SEQUENCE_TABLE)
def test_sequence_verdicts(
    case: Case, plan: list[str], verdicts: list[Verdict], seq_rule: str | None
) -> None:
    result = evaluate_sequence(case, plan, TODAY)
    got = [s.verdict for s in result.steps]
    # Offered vs not is the rule; whether an offered line carries an engine caution can vary.
    assert [_verdict_class(v) for v in got] == [_verdict_class(v) for v in verdicts], [
        (s.therapy, s.status, s.rule_id, s.reasons) for s in result.steps
    ]
    for step, want in zip(result.steps, verdicts, strict=True):
        if want is AC:
            assert step.verdict is AC
        if step.verdict is X:
            assert step.rule_id
            assert step.reasons
    if seq_rule is not None:
        assert seq_rule in result.steps[-1].sequencing_rules
        assert result.steps[-1].cautions


def test_unknown_therapy_named() -> None:
    with pytest.raises(UnknownTherapyError, match="'chemoradiation'"):
        parse_therapies(["ssa", "chemoradiation"])
    with pytest.raises(UnknownTherapyError):
        parse_therapies([])
    assert parse_therapies(["SSA", " prrt "]) == [Therapy.SSA, Therapy.PRRT]


@pytest.mark.parametrize("count", [1, 2, 5])
def test_planned_dates_consecutive_after_history_and_not_after_today(count: int) -> None:
    dates = planned_dates(ILEUM_ON_SSA, count, TODAY)
    assert len(dates) == count
    assert dates[-1][1] == TODAY
    assert dates[0][0] >= date(2024, 1, 10)
    for (s1, e1), (s2, _) in itertools.pairwise(dates):
        assert s1 <= e1 == s2


def test_planned_dates_squeeze_into_a_recent_history() -> None:
    recent = make_case(
        "small_intestine", treatments=[{"therapy": "ssa", "start": "2026-11-01", "end": None}]
    )
    dates = planned_dates(recent, 6, TODAY)
    assert all(date(2026, 11, 1) <= s <= e <= TODAY for s, e in dates)


def test_case_after_adds_failed_lines_and_makes_disease_progressive() -> None:
    stable = make_case("small_intestine", disease={"progression": "none", "stable_months": 12})
    after = case_after(stable, [Therapy.SSA, Therapy.PRRT], TODAY)
    assert [t.therapy for t in after.treatments] == [Therapy.SSA, Therapy.PRRT]
    assert all(t.stop_reason is StopReason.PROGRESSION and t.end for t in after.treatments)
    assert after.disease.progression is Progression.SLOW
    assert after.disease.stable_months is None
    # The original case is untouched.
    assert stable.treatments == []
    assert stable.disease.progression is Progression.NONE
    # Rapid progression recorded by the team is kept.
    rapid = make_case("pancreas", disease={"progression": "rapid"})
    assert case_after(rapid, [Therapy.SSA], TODAY).disease.progression is Progression.RAPID


def test_case_after_continues_the_ongoing_line_instead_of_repeating_it() -> None:
    after = case_after(ILEUM_ON_SSA, [Therapy.SSA, Therapy.PRRT], TODAY)
    assert [t.therapy for t in after.treatments] == [Therapy.SSA, Therapy.PRRT]
    assert all(not t.ongoing for t in after.treatments)
    # The recorded line closes where the plan's first line ends.
    assert after.treatments[0].end == after.treatments[1].start
    # Valid against the contract.
    parse_case(after.to_contract_json(), TODAY)


def test_sequencing_cautions_from_the_plan() -> None:
    codes = [r.id for r, _ in sequencing_cautions(ILEUM_ON_SSA, [], Therapy.PRRT)]
    assert codes == ["SEQ-PRRT-SSA-WASHOUT"]  # SSA ongoing just before PRRT
    codes = [
        r.id for r, _ in sequencing_cautions(ILEUM, [Therapy.SSA, Therapy.EVEROLIMUS], Therapy.PRRT)
    ]
    assert "SEQ-PRRT-SSA-WASHOUT" not in codes  # everolimus came in between
    fr = sequencing_cautions(ILEUM, [], Therapy.CHEMO_OXALIPLATIN, "fr")
    assert "8 cycles" in fr[0][1]
    assert "Oxaliplatine" in fr[0][1]


def test_standing_notes_are_not_cautions_and_engine_text_is_not_repeated() -> None:
    # The dose of an SSA comes with every offer: a note, so first-line SSA is plainly allowed.
    ssa = evaluate_sequence(ILEUM, ["ssa"], TODAY).steps[0]
    assert ssa.verdict is A
    assert ssa.notes
    # SSA ongoing before PRRT: the engine already says "stop 6 weeks before"; said once.
    prrt = evaluate_sequence(ILEUM_ON_SSA, ["prrt"], TODAY).steps[0]
    assert sum("6 weeks" in c for c in prrt.cautions) == 1
    assert "SEQ-PRRT-SSA-WASHOUT" in prrt.sequencing_rules
    assert not set(prrt.notes) & set(prrt.cautions)


def test_rule_file_loads_with_sources() -> None:
    rules = load_sequencing_rules()
    assert rules.rules
    assert all(r.sources for r in rules.rules)


EVIDENCE_TABLE = [
    # Midgut PRRT after SSA: NETTER-1, whose median was not reached at 20 months.
    (ILEUM, Therapy.PRRT, [Therapy.SSA], "NETTER-1", None),
    # First-line PRRT with Ki-67 in 10-55%: NETTER-2, 22.8 months.
    (make_case("small_intestine", {"ki67_percent": 15}), Therapy.PRRT, [], "NETTER-2", 22.8),
    # Pancreatic everolimus: RADIANT-3, 11.0 months.
    (PANCREAS_KI12, Therapy.EVEROLIMUS, [Therapy.SSA], "RADIANT-3", 11.0),
    # Non-functional ileal everolimus: RADIANT-4, not the functional RADIANT-2.
    (ILEUM, Therapy.EVEROLIMUS, [Therapy.SSA], "RADIANT-4", 11.0),
    (
        make_case("small_intestine", {"functional_syndrome": "carcinoid"}),
        Therapy.EVEROLIMUS,
        [Therapy.SSA],
        "RADIANT-2",
        16.4,
    ),
    # Midgut SSA first line: PROMID (14 months).
    (ILEUM, Therapy.SSA, [], "PROMID", 14.0),
    # Colon SSA, Ki-67 < 10%, non-functional: CLARINET, not reached.
    (make_case("colon"), Therapy.SSA, [], "CLARINET", None),
    # Sunitinib in the lung: only other TKIs' trials exist, context only -> no figure.
    (LUNG_AC, Therapy.SUNITINIB, [], None, None),
    # Lung SSA: SPINET's final analysis, lanreotide 16.6 months (knowledge base 8.9).
    (LUNG_AC, Therapy.SSA, [], "SPINET", 16.6),
    # Pancreatic cabozantinib after everolimus: CABINET's pancreatic cohort, 13.8 months.
    (PANCREAS_KI12, Therapy.CABOZANTINIB, [Therapy.EVEROLIMUS], "CABINET-PANCREAS", 13.8),
    # Ileal cabozantinib: CABINET's extra-pancreatic cohort, 8.4 months.
    (
        ILEUM,
        Therapy.CABOZANTINIB,
        [Therapy.SSA, Therapy.EVEROLIMUS],
        "CABINET-EXTRAPANCREATIC",
        8.4,
    ),
    # Lung carcinoid cabozantinib: the extra-pancreatic cohort included lung primaries.
    (LUNG_AC, Therapy.CABOZANTINIB, [Therapy.EVEROLIMUS], "CABINET-EXTRAPANCREATIC", 8.4),
    # Pancreatic PRRT after an SSA: COMPETE (177Lu-edotreotide), 23.9 months.
    (PANCREAS_KI12, Therapy.PRRT, [Therapy.SSA], "COMPETE", 23.9),
    # Ileal SSA after a failed SSA: escalated lanreotide, CLARINET FORTE midgut, 8.3 months.
    (ILEUM, Therapy.SSA, [Therapy.SSA], "CLARINET-FORTE-MIDGUT", 8.3),
    # Pancreatic SSA first line with Ki-67 12%: CLARINET excluded (Ki-67 < 10%), and the
    # escalated-dose study only counts after an SSA: no figure.
    (PANCREAS_KI12, Therapy.SSA, [], None, None),
    # Belzutifan: LITESPARK-004 has no figure in the knowledge base, so no bar.
    (make_case("pancreas", {"hereditary_syndrome": "vhl"}), Therapy.BELZUTIFAN, [], None, None),
    # Small-cell lung immunotherapy: ADRIATIC and DeLLphi-304 report overall survival, which
    # is never drawn as a progression-free bar.
    (
        make_case(
            "lung", {"differentiation": "poor", "ki67_percent": 80, "nec_cell_type": "small"}
        ),
        Therapy.IMMUNOTHERAPY,
        [Therapy.CHEMO_PLATINUM_ETOPOSIDE],
        None,
        None,
    ),
]


@pytest.mark.parametrize(("case", "therapy", "prior", "trial", "median"), EVIDENCE_TABLE)
def test_evidence_match(
    case: Case, therapy: Therapy, prior: list[Therapy], trial: str | None, median: float | None
) -> None:
    match = match_evidence(case, therapy, prior)
    assert (match.trial_id if match else None) == trial
    if match is not None:
        assert match.median_pfs_months == median
        assert match.not_reached is (median is None)
        assert match.bar_months is not None


def test_timeline_says_population_not_patient_and_keeps_not_reached_open() -> None:
    t = translator("en")
    result = evaluate_sequence(ILEUM, ["ssa", "prrt", "sunitinib"], TODAY)
    fig = timeline_figure(result, t)
    assert "NOT this patient" in fig.layout.title.text.replace("<br>", " ")
    texts = [(a.text or "").replace("<br>", " ") for a in fig.layout.annotations]
    assert any("not this patient" in (x or "") for x in texts)
    rows = timeline_rows(result, t)
    assert rows[0]["trial"] == "PROMID"
    assert rows[0]["months"] == 14
    assert rows[1]["not_reached"]
    assert "not reached at 20 months" in rows[1]["label"]
    assert rows[2]["months"] is None
    assert any("no trial median" in (x or "") for x in texts)
    bars = [tr for tr in fig.data if tr.type == "bar"]
    assert [b.x[0] for b in bars] == [14, 20]
    # Every bar starts at zero: medians are never added up into a patient's course.
    assert all(b.base is None for b in bars)


def test_timeline_in_french() -> None:
    result = evaluate_sequence(ILEUM, ["prrt"], TODAY, lang="fr")
    fig = timeline_figure(result, translator("fr"))
    assert "PAS ce patient" in fig.layout.title.text.replace("<br>", " ")
