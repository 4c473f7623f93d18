"""Findings of the clinical review of ruleset 2027 (a NET oncologist's 69 tumour-board
vignettes), each kept as a case that would mislead the meeting if it came back."""

from __future__ import annotations

from typing import Any

import pytest

from netlogic.clinical.evaluation import evaluate
from netlogic.model.case_io import parse_case
from tests.conftest import TODAY


def case(tumour: dict[str, Any], disease: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"schema_version": "1", "id": "REVIEW", "tumour": tumour, "disease": disease, **extra}


THYMIC_TC = case(
    {"primary_site": "thymus", "differentiation": "well", "mitotic_count": 1, "necrosis": "absent"},
    {"stage": "localized", "nodal_status": "n0", "resectable": "yes"},
)
LUNG_AC_N1 = case(
    {"primary_site": "lung", "differentiation": "well", "mitotic_count": 4, "necrosis": "punctate"},
    {"stage": "locally_advanced", "nodal_status": "n_positive", "resectable": "yes"},
)
JEJUNAL_G3 = case(
    {"primary_site": "small_intestine", "differentiation": "well", "ki67_percent": 70},
    {"stage": "metastatic", "metastatic_sites": ["liver"], "progression": "rapid"},
)
RECTAL_LCNEC = case(
    {
        "primary_site": "rectum",
        "differentiation": "poor",
        "nec_cell_type": "large",
        "ki67_percent": 80,
        "primary_size_mm": 30,
    },
    {"stage": "localized", "nodal_status": "n_positive", "resectable": "yes"},
)
SCLC_EXTENSIVE_AFTER_PE = case(
    {
        "primary_site": "lung",
        "differentiation": "poor",
        "nec_cell_type": "small",
        "ki67_percent": 90,
    },
    {"stage": "metastatic", "metastatic_sites": ["liver"], "progression": "rapid"},
    treatments=[
        {
            "therapy": "chemo_platinum_etoposide",
            "start": "2026-01-05",
            "end": "2026-04-20",
            "stop_reason": "completed",
        }
    ],
)
PREGNANT_ILEAL_ON_SSA = case(
    {
        "primary_site": "small_intestine",
        "differentiation": "well",
        "ki67_percent": 4,
        "sstr_imaging": "positive",
    },
    {"stage": "metastatic", "metastatic_sites": ["liver"], "progression": "slow"},
    patient={"sex": "female", "pregnant": True},
    treatments=[{"therapy": "ssa", "start": "2025-01-10", "end": None}],
)
CAPTEM_WORKING_ECOG_3 = case(
    {"primary_site": "pancreas", "differentiation": "well", "ki67_percent": 15},
    {"stage": "metastatic", "metastatic_sites": ["liver"], "progression": "none"},
    patient={"ecog": 3},
    treatments=[{"therapy": "chemo_alkylating", "start": "2026-03-01", "end": None}],
)

# (case, therapy, expected status, text that must appear, text that must not), language en.
FINDINGS = [
    # A thymic carcinoid is not given the lung's segmentectomy advice.
    (THYMIC_TC, "surgery", "recommended", "", "segmentectomy"),
    # Platinum-etoposide for a thymic carcinoid: the reason names thoracic carcinoids.
    (THYMIC_TC, "chemo_platinum_etoposide", "contraindicated", "Thoracic carcinoids", ""),
    # A well-differentiated NET G3 (Ki-67 70%) is never called a neuroendocrine carcinoma.
    (JEJUNAL_G3, "surgery", "not_recommended", "Ki-67 above 55%", "NEC"),
    (JEJUNAL_G3, "locoregional", "not_recommended", "Ki-67 above 55%", ""),
    # ...and temozolomide-based chemotherapy is an option there (ENETS 2023).
    (JEJUNAL_G3, "chemo_alkylating", "option", "temozolomide", ""),
    # A localised rectal NEC: surgery within a multimodal plan (section 5), not the NET site rule.
    (RECTAL_LCNEC, "surgery", "option", "multimodal", "mesorectal"),
    (RECTAL_LCNEC, "radiotherapy", "option", "multimodal", ""),
    # Small-cell lung carcinoma is not given the digestive NEC second line.
    (SCLC_EXTENSIVE_AFTER_PE, "chemo_oxaliplatin", "not_recommended", "thoracic oncology", ""),
    # Pregnancy: no chemo- or radio-embolisation.
    (PREGNANT_ILEAL_ON_SSA, "locoregional", "contraindicated", "Pregnancy", ""),
    # ECOG 3 on a working chemotherapy: paused, never "continue it" beside "not fit".
    (CAPTEM_WORKING_ECOG_3, "chemo_alkylating", "not_recommended", "paused", "continue it"),
]


@pytest.mark.parametrize(("data", "therapy", "status", "has", "lacks"), FINDINGS)
def test_review_finding_stays_fixed(
    data: dict[str, Any], therapy: str, status: str, has: str, lacks: str
) -> None:
    option = evaluate(parse_case(data, TODAY), TODAY).option(therapy)
    words = " ".join([*option.reasons, *option.cautions])
    assert option.status.value == status, (option.rule, option.reasons)
    assert has in words
    if lacks:
        assert lacks not in words


def test_atypical_carcinoid_follow_up_is_ct_not_non_irradiating_imaging() -> None:
    # Section 3: AC and TC N+ get CT of the thorax and abdomen at 4 months, then yearly.
    alert = evaluate(parse_case(LUNG_AC_N1, TODAY), TODAY).alert("radiation_sparing_follow_up")
    assert alert is not None
    assert "4 months" in alert.message
    assert "non-irradiating" not in alert.message


def test_small_cell_lung_carcinoma_is_decided_at_the_thoracic_meeting() -> None:
    alert = evaluate(parse_case(SCLC_EXTENSIVE_AFTER_PE, TODAY), TODAY).alert("mdt_discussion")
    assert alert is not None
    assert "thoracic oncology" in alert.message


def test_french_has_no_nested_brackets_and_translated_confounders() -> None:
    data = case(
        {
            "primary_site": "pancreas",
            "differentiation": "well",
            "ki67_percent": 5,
            "functional_syndrome": "gastrinoma",
            "syndrome_controlled": True,
        },
        {"stage": "metastatic", "metastatic_sites": ["liver"], "progression": "none"},
        on_ppi=True,
        patient={"ecog": 4},
        markers=[{"date": "2026-06-01", "name": "chromogranin_a", "value": 300, "unit": "ng/mL"}],
    )
    result = evaluate(parse_case(data, TODAY), TODAY, lang="fr")
    words = " ".join(r for o in result.options for r in [*o.reasons, *o.cautions])
    assert "((" not in words
    assert "))" not in words
    notes = result.trends.markers["chromogranin_a"].confounder_notes
    assert notes
    assert "chromogranine" in notes[0]
