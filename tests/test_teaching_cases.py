"""Teaching cases: every file loads, its case validates, and its answer key is the engine's.

Keys are pinned by hand from the knowledge base. A key that differs means the rules moved:
re-read the case against the knowledge base and decide whether the rule or the key is wrong.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from netlogic.model.case_io import parse_case
from netlogic.model.vocabulary import PrimarySite, Therapy
from netlogic.reference.loading import RuleFileError
from netlogic.teaching.library import (
    TEACHING_TODAY,
    TeachingCase,
    answer_key_from,
    load_teaching_cases,
)

CASES = load_teaching_cases()


def test_enough_cases_covering_the_curriculum() -> None:
    assert len(CASES) >= 12
    ids = {c.id for c in CASES}
    for wanted in (
        "TEACH-ILEUM-01",
        "TEACH-PANCREAS-01",
        "TEACH-LUNG-TC-01",
        "TEACH-LUNG-AC-01",
        "TEACH-STOMACH-01",
        "TEACH-RECTUM-01",
        "TEACH-NEC-01",
        "TEACH-G3NET-01",
        "TEACH-MINEN-01",
        "TEACH-INSULINOMA-01",
        "TEACH-TRANSPLANT-01",
        "TEACH-SSTRNEG-01",
        "TEACH-PARAGANGLIOMA-01",
        # Ruleset 2027 (8.7-8.9): VHL pancreatic NET, type 1 gastric NET, a late pancreatic line.
        "TEACH-VHL-PANCREAS-01",
        "TEACH-GASTRIC-TYPE1-01",
        "TEACH-PANCREAS-LATE-01",
    ):
        assert wanted in ids


@pytest.mark.parametrize("teaching", CASES, ids=lambda c: c.id)
def test_case_validates_and_is_pseudonymous(teaching: TeachingCase) -> None:
    case = parse_case(teaching.case.to_contract_json(), TEACHING_TODAY)
    assert case.id == teaching.id
    assert case.id.startswith("TEACH-")
    dates = [m.date for m in case.markers] + [i.date for i in case.imaging]
    dates += [t.start for t in case.treatments]
    assert all(d < TEACHING_TODAY for d in dates)
    for lang in ("en", "fr"):
        assert teaching.title.get(lang)
        assert teaching.vignette.get(lang)
        assert teaching.learning_objectives.get(lang)
    assert all(p.sources for p in teaching.teaching_points)


@pytest.mark.parametrize("teaching", CASES, ids=lambda c: c.id)
def test_answer_key_equals_the_engine(teaching: TeachingCase) -> None:
    assert teaching.answer_key is not None, "write the answer key by hand"
    assert teaching.answer_key == answer_key_from(teaching.evaluate())


# Anchors from the knowledge base, so a key cannot silently become clinically wrong.
KB_ANCHORS = [
    # Slow, low-burden progression on a standard-dose SSA, SSTR-positive midgut: PRRT
    # recommended (NETTER-1); the SSA only as CLARINET FORTE escalation, an option (8.9).
    ("TEACH-ILEUM-01", "NET G2", {Therapy.PRRT: "recommended", Therapy.SSA: "option"}),
    # Lung carcinoids: platinum-etoposide contraindicated; everolimus recommended when
    # widely disseminated; sunitinib not outside the pancreas; PRRT not before everolimus.
    (
        "TEACH-LUNG-AC-01",
        "Atypical carcinoid",
        {
            Therapy.CHEMO_PLATINUM_ETOPOSIDE: "contraindicated",
            Therapy.EVEROLIMUS: "recommended",
            Therapy.SUNITINIB: "not_recommended",
            Therapy.PRRT: "not_recommended",
        },
    ),
    ("TEACH-LUNG-TC-01", "Typical carcinoid", {Therapy.SURGERY: "recommended"}),
    ("TEACH-NEC-01", "NEC large cell", {Therapy.CHEMO_PLATINUM_ETOPOSIDE: "recommended"}),
    ("TEACH-MINEN-01", "MiNEN", {Therapy.CHEMO_PLATINUM_ETOPOSIDE: "recommended"}),
    # NET G3 <= 55%: SSA not above Ki-67 20%; sunitinib not for G3.
    (
        "TEACH-G3NET-01",
        "NET G3",
        {Therapy.SSA: "not_recommended", Therapy.SUNITINIB: "not_recommended"},
    ),
    ("TEACH-TRANSPLANT-01", "NET G1", {Therapy.LIVER_TRANSPLANT: "option"}),
    ("TEACH-SSTRNEG-01", "NET G2", {Therapy.PRRT: "not_recommended"}),
    ("TEACH-RECTUM-01", "NET G2", {Therapy.OBSERVATION: "recommended"}),
    ("TEACH-ILEUM-02", "NET G1", {Therapy.TELOTRISTAT: "option"}),
    # VHL pancreatic NET G1 of 28 mm: watched below 30 mm; belzutifan an option (8.8, 8.15).
    (
        "TEACH-VHL-PANCREAS-01",
        "NET G1",
        {
            Therapy.OBSERVATION: "recommended",
            Therapy.SURGERY: "option",
            Therapy.BELZUTIFAN: "option",
        },
    ),
    # Type 1 gastric NET G1 of 8 mm: endoscopic surveillance, no operation (8.7).
    (
        "TEACH-GASTRIC-TYPE1-01",
        "NET G1",
        {
            Therapy.OBSERVATION: "recommended",
            Therapy.ENDOSCOPIC_RESECTION: "option",
            Therapy.SURGERY: "not_recommended",
        },
    ),
    # After everolimus and PRRT: cabozantinib an option; PRRT again too early (about 14 months
    # after the course); sunitinib after toxicity at most an option (8.1, 8.9, 8.15).
    (
        "TEACH-PANCREAS-LATE-01",
        "NET G2",
        {
            Therapy.CABOZANTINIB: "option",
            Therapy.PRRT: "not_recommended",
            Therapy.SUNITINIB: "option",
            Therapy.EVEROLIMUS: "not_recommended",
        },
    ),
]


@pytest.mark.parametrize(("case_id", "grade", "statuses"), KB_ANCHORS)
def test_keys_agree_with_the_knowledge_base(
    case_id: str, grade: str, statuses: dict[Therapy, str]
) -> None:
    teaching = next(c for c in CASES if c.id == case_id)
    assert teaching.answer_key is not None
    assert teaching.answer_key.grade == grade
    for therapy, status in statuses.items():
        assert teaching.answer_key.options[therapy].value == status


def test_out_of_scope_case_offers_nothing() -> None:
    teaching = next(
        c for c in CASES if c.case.tumour.primary_site is PrimarySite.ADRENAL_OR_PARAGANGLIA
    )
    assert teaching.answer_key is not None
    assert teaching.answer_key.offered() == set()
    assert "out_of_scope_endocrine_centre" in teaching.answer_key.alerts


def test_bad_teaching_file_is_reported_with_file_and_id(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text(
        "id: TEACH-BAD-01\ncase: {schema_version: '1', id: TEACH-BAD-01,"
        " tumour: {primary_site: pancreas, ki67_percent: 140}}\n",
        encoding="utf-8",
    )
    with pytest.raises(RuleFileError) as caught:
        load_teaching_cases(tmp_path)
    text = str(caught.value)
    assert "bad.yaml [TEACH-BAD-01]" in text
    assert "ki67_percent" in text
