"""The pathway engine against the knowledge base, one clinical situation per row.

Each row: a short base case, the changes that make the situation, the therapy, and the
expected status (or "offered"/"not_offered"). The comment on each row gives the clinical
reason and its source (knowledge base section; seed file numbers 000-004).
"""

from __future__ import annotations

import copy
from dataclasses import asdict
from datetime import date
from typing import Any

import pytest

from netlogic.clinical.evaluation import evaluate
from netlogic.model.case_io import parse_case
from netlogic.model.vocabulary import OFFERED, Status

TODAY = date(2026, 11, 22)

ILEUM_ADVANCED: dict[str, Any] = {
    "schema_version": "1",
    "id": "S-ILEUM",
    "patient": {"age_years": 60},
    "tumour": {
        "primary_site": "small_intestine",
        "differentiation": "well",
        "ki67_percent": 5,
        "mitotic_count": 1,
        "sstr_imaging": "positive",
    },
    "disease": {
        "stage": "metastatic",
        "metastatic_sites": ["liver"],
        "extrahepatic_disease": False,
        "resectable": "no",
        "primary_resected": True,
        "tumour_burden": "high",
        "progression": "none",
    },
}
PANCREAS_ADVANCED = {
    **ILEUM_ADVANCED,
    "id": "S-PANC",
    "tumour": {**ILEUM_ADVANCED["tumour"], "primary_site": "pancreas", "ki67_percent": 12},
}
LUNG_ADVANCED = {
    **ILEUM_ADVANCED,
    "id": "S-LUNG",
    "tumour": {
        "primary_site": "lung",
        "differentiation": "well",
        "ki67_percent": 4,
        "mitotic_count": 3,
        "necrosis": "absent",
        "sstr_imaging": "positive",
    },
    "disease": {**ILEUM_ADVANCED["disease"], "tumour_burden": "low", "progression": "slow"},
}
NEC = {
    **ILEUM_ADVANCED,
    "id": "S-NEC",
    "tumour": {
        "primary_site": "colon",
        "differentiation": "poor",
        "ki67_percent": 70,
        "nec_cell_type": "large",
    },
}
LOCALISED_PANCREAS = {
    "schema_version": "1",
    "id": "S-LOC",
    "tumour": {
        "primary_site": "pancreas",
        "differentiation": "well",
        "ki67_percent": 2,
        "mitotic_count": 1,
        "primary_size_mm": 35,
        "sstr_imaging": "positive",
    },
    "disease": {"stage": "localized", "resectable": "yes"},
}

SSA_FAILED = [
    {"therapy": "ssa", "start": "2023-01-01", "end": "2024-06-01", "stop_reason": "progression"}
]
EVE_FAILED = [
    {
        "therapy": "everolimus",
        "start": "2024-07-01",
        "end": "2025-06-01",
        "stop_reason": "progression",
    }
]

PRRT_COMPLETED = {
    "therapy": "prrt",
    "start": "2024-07-01",
    "end": "2025-01-15",
    "stop_reason": "completed",
    "cycles": 4,
}
SSA_ONGOING = {"therapy": "ssa", "start": "2025-01-01", "end": None}
TELOTRISTAT_ONGOING = {"therapy": "telotristat", "start": "2025-06-01", "end": None}
TRANSPLANT_CANDIDATE = {
    **ILEUM_ADVANCED,
    "id": "S-LT",
    "patient": {"age_years": 45},
    "tumour": {**ILEUM_ADVANCED["tumour"], "ki67_percent": 2},
    "disease": {
        **ILEUM_ADVANCED["disease"],
        "liver_involvement_percent": 30,
        "stable_months": 12,
    },
}
LOCALISED_NEC = {
    **NEC,
    "id": "S-LOC-NEC",
    "disease": {"stage": "localized", "resectable": "yes", "primary_resected": False},
}


def build(base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    case = copy.deepcopy(base)
    for path, value in changes.items():
        target = case
        *parents, leaf = path.split(".")
        for part in parents:
            target = target.setdefault(part, {})
        target[leaf] = value
    return case


ROWS: list[tuple[dict[str, Any], dict[str, Any], str, str]] = [
    # --- observation (section 4; seeds 001, 004) ---
    # Low burden, stable, no symptoms, no syndrome: watch even with liver metastases.
    (ILEUM_ADVANCED, {"disease.tumour_burden": "low"}, "observation", "recommended"),
    # High burden: observation is not enough.
    (ILEUM_ADVANCED, {}, "observation", "not_recommended"),
    # Progressing disease: not observation.
    (
        ILEUM_ADVANCED,
        {"disease.tumour_burden": "low", "disease.progression": "slow"},
        "observation",
        "not_recommended",
    ),
    # A functional syndrome needs treatment.
    (
        ILEUM_ADVANCED,
        {"disease.tumour_burden": "low", "tumour.functional_syndrome": "carcinoid"},
        "observation",
        "not_recommended",
    ),
    # Small (<= 20 mm) non-functional pancreatic NET G1: may be watched (seed 003, ENETS 2023).
    (LOCALISED_PANCREAS, {"tumour.primary_size_mm": 18}, "observation", "option"),
    # The same tumour at 35 mm: resect, do not watch.
    (LOCALISED_PANCREAS, {}, "observation", "not_recommended"),
    # NEC: never observation (section 5).
    (NEC, {"disease.tumour_burden": "low"}, "observation", "not_recommended"),
    # --- surgery (sections 3-4; seeds 003, 004) ---
    # Localised resectable: surgery is the reference and the only cure.
    (LOCALISED_PANCREAS, {}, "surgery", "recommended"),
    # Advanced but judged completely resectable by the team.
    (ILEUM_ADVANCED, {"disease.resectable": "yes"}, "surgery", "recommended"),
    # Small-intestine primary still in place: resect it to prevent mesenteric fibrosis.
    (ILEUM_ADVANCED, {"disease.primary_resected": False}, "surgery", "option"),
    # Unresectable pancreatic metastases, primary in place: no surgery.
    (PANCREAS_ADVANCED, {"disease.primary_resected": False}, "surgery", "not_recommended"),
    # --- no adjuvant therapy after complete resection (section 3) ---
    (LOCALISED_PANCREAS, {}, "ssa", "not_recommended"),
    (LOCALISED_PANCREAS, {}, "everolimus", "not_recommended"),
    (LOCALISED_PANCREAS, {}, "prrt", "not_recommended"),
    # ...except SSA for a functional syndrome, in every setting (section 2): recommended for a
    # carcinoid syndrome; for a gastrinoma only an adjunct to the proton-pump inhibitor (8.3).
    (LOCALISED_PANCREAS, {"tumour.functional_syndrome": "carcinoid"}, "ssa", "recommended"),
    (LOCALISED_PANCREAS, {"tumour.functional_syndrome": "gastrinoma"}, "ssa", "option"),
    # --- somatostatin analogues (section 4; PROMID, CLARINET) ---
    # Advanced G1/G2, Ki-67 <= 10%, SSTR-positive: first line.
    (ILEUM_ADVANCED, {}, "ssa", "recommended"),
    # Ki-67 12%: an option only (CLARINET enrolled < 10%).
    (PANCREAS_ADVANCED, {}, "ssa", "option"),
    # SSTR imaging negative: no anti-tumour SSA.
    (ILEUM_ADVANCED, {"tumour.sstr_imaging": "negative"}, "ssa", "not_recommended"),
    # SSTR imaging not done: option pending imaging.
    (ILEUM_ADVANCED, {"tumour.sstr_imaging": "unknown"}, "ssa", "option"),
    # Progressed on SSA: not offered again as anti-tumour treatment.
    (
        ILEUM_ADVANCED,
        {"treatments": SSA_FAILED, "disease.progression": "slow"},
        "ssa",
        "not_recommended",
    ),
    # ...but continued for an uncontrolled carcinoid syndrome.
    (
        ILEUM_ADVANCED,
        {"treatments": SSA_FAILED, "tumour.functional_syndrome": "carcinoid"},
        "ssa",
        "recommended",
    ),
    # NEC: no anti-tumour SSA (section 5).
    (NEC, {}, "ssa", "not_recommended"),
    # --- telotristat ---
    # Carcinoid syndrome uncontrolled despite SSA: telotristat option.
    (
        ILEUM_ADVANCED,
        {
            "tumour.functional_syndrome": "carcinoid",
            "tumour.syndrome_controlled": False,
            "treatments": [{"therapy": "ssa", "start": "2024-01-01"}],
        },
        "telotristat",
        "option",
    ),
    # Never given an SSA: telotristat not yet.
    (ILEUM_ADVANCED, {"tumour.functional_syndrome": "carcinoid"}, "telotristat", "not_recommended"),
    # --- everolimus (RADIANT-2/3/4) ---
    # Progressive pancreatic NET: option (RADIANT-3).
    (PANCREAS_ADVANCED, {"disease.progression": "slow"}, "everolimus", "option"),
    # Not progressing: not offered.
    (PANCREAS_ADVANCED, {}, "everolimus", "not_recommended"),
    # Lung carcinoid widely disseminated: recommended even before progression (seed 004).
    (
        LUNG_ADVANCED,
        {"disease.tumour_burden": "high", "disease.progression": "none"},
        "everolimus",
        "recommended",
    ),
    # Lung carcinoid slowly progressive, low burden, low Ki-67: SSA first, everolimus option.
    (LUNG_ADVANCED, {}, "everolimus", "option"),
    # Interstitial lung disease: everolimus contraindicated.
    (
        PANCREAS_ADVANCED,
        {"disease.progression": "slow", "comorbidities": ["interstitial_lung_disease"]},
        "everolimus",
        "contraindicated",
    ),
    # Everolimus again after progression on everolimus: not offered (failed line).
    (
        PANCREAS_ADVANCED,
        {"disease.progression": "slow", "treatments": EVE_FAILED},
        "everolimus",
        "not_recommended",
    ),
    # --- sunitinib ---
    # Progressive pancreatic NET G2: option.
    (PANCREAS_ADVANCED, {"disease.progression": "slow"}, "sunitinib", "option"),
    # Lung carcinoid: no data (seed 004).
    (LUNG_ADVANCED, {}, "sunitinib", "not_recommended"),
    # Heart failure: contraindicated.
    (
        PANCREAS_ADVANCED,
        {"disease.progression": "slow", "comorbidities": ["heart_failure"]},
        "sunitinib",
        "contraindicated",
    ),
    # --- chemotherapy ---
    # Rapidly progressive pancreatic NET: alkylating chemotherapy recommended (E2211).
    (PANCREAS_ADVANCED, {"disease.progression": "rapid"}, "chemo_alkylating", "recommended"),
    # Slowly progressive ileal NET without prior failure: no alkylating chemotherapy.
    (ILEUM_ADVANCED, {"disease.progression": "slow"}, "chemo_alkylating", "not_recommended"),
    # Marrow insufficiency: every chemotherapy contraindicated.
    (
        PANCREAS_ADVANCED,
        {"disease.progression": "rapid", "comorbidities": ["marrow_insufficiency"]},
        "chemo_alkylating",
        "contraindicated",
    ),
    # Lung carcinoid after everolimus: oxaliplatin doublet option (seed 004).
    (LUNG_ADVANCED, {"treatments": EVE_FAILED}, "chemo_oxaliplatin", "option"),
    # GEP NET after alkylating chemotherapy: oxaliplatin as second-line chemotherapy.
    (
        PANCREAS_ADVANCED,
        {
            "disease.progression": "slow",
            "treatments": [
                {
                    "therapy": "chemo_alkylating",
                    "start": "2024-01-01",
                    "end": "2025-01-01",
                    "stop_reason": "progression",
                }
            ],
        },
        "chemo_oxaliplatin",
        "option",
    ),
    # NEC: platinum-etoposide first line.
    (NEC, {}, "chemo_platinum_etoposide", "recommended"),
    # NEC after platinum-etoposide: oxaliplatin/irinotecan doublet.
    (
        NEC,
        {
            "treatments": [
                {
                    "therapy": "chemo_platinum_etoposide",
                    "start": "2025-01-01",
                    "end": "2025-06-01",
                    "stop_reason": "progression",
                }
            ]
        },
        "chemo_oxaliplatin",
        "option",
    ),
    # NET G3 with Ki-67 60%: platinum-etoposide debated (option).
    (PANCREAS_ADVANCED, {"tumour.ki67_percent": 60}, "chemo_platinum_etoposide", "option"),
    # Lung carcinoid: platinum-etoposide contraindicated (8% response).
    (LUNG_ADVANCED, {}, "chemo_platinum_etoposide", "contraindicated"),
    # NET G2: platinum-etoposide not recommended (Ki-67 <= 55%).
    (ILEUM_ADVANCED, {}, "chemo_platinum_etoposide", "not_recommended"),
    # --- PRRT (NETTER-1, NETTER-2, seed 004) ---
    # Midgut G1/G2 progressing on SSA, SSTR-positive: recommended.
    (
        ILEUM_ADVANCED,
        {"treatments": SSA_FAILED, "disease.progression": "slow"},
        "prrt",
        "recommended",
    ),
    # The same with negative SSTR imaging: not offered (uptake required).
    (
        ILEUM_ADVANCED,
        {
            "treatments": SSA_FAILED,
            "disease.progression": "slow",
            "tumour.sstr_imaging": "negative",
        },
        "prrt",
        "not_recommended",
    ),
    # Pancreatic G2 after SSA: option.
    (
        PANCREAS_ADVANCED,
        {"treatments": SSA_FAILED, "disease.progression": "slow", "tumour.ki67_percent": 8},
        "prrt",
        "option",
    ),
    # First line, Ki-67 12% (NETTER-2 population 10-55%): option.
    (PANCREAS_ADVANCED, {}, "prrt", "option"),
    # First line, Ki-67 5%, no SSA yet: not recommended (PRRT after SSA).
    (ILEUM_ADVANCED, {}, "prrt", "not_recommended"),
    # Lung carcinoid before everolimus: not recommended.
    (LUNG_ADVANCED, {}, "prrt", "not_recommended"),
    # Lung carcinoid after everolimus failure: option (compassionate use via RCP).
    (LUNG_ADVANCED, {"treatments": EVE_FAILED}, "prrt", "option"),
    # Renal impairment: PRRT contraindicated.
    (
        ILEUM_ADVANCED,
        {"treatments": SSA_FAILED, "comorbidities": ["renal_impairment"]},
        "prrt",
        "contraindicated",
    ),
    # Completed PRRT course, progression again: re-treatment option.
    (
        ILEUM_ADVANCED,
        {
            "disease.progression": "slow",
            "treatments": [
                *SSA_FAILED,
                {
                    "therapy": "prrt",
                    "start": "2024-07-01",
                    "end": "2025-01-01",
                    "stop_reason": "completed",
                },
            ],
        },
        "prrt",
        "option",
    ),
    # --- locoregional (seeds 003, 004) ---
    # Liver-predominant, progressive: option.
    (ILEUM_ADVANCED, {"disease.progression": "slow"}, "locoregional", "option"),
    # Portal vein thrombosis: contraindicated.
    (
        ILEUM_ADVANCED,
        {"disease.progression": "slow", "disease.portal_vein_thrombosis": True},
        "locoregional",
        "contraindicated",
    ),
    # Biliodigestive anastomosis: contraindicated.
    (
        ILEUM_ADVANCED,
        {"disease.progression": "slow", "disease.biliodigestive_anastomosis": True},
        "locoregional",
        "contraindicated",
    ),
    # No liver disease: nothing to treat in the liver.
    (
        ILEUM_ADVANCED,
        {"disease.metastatic_sites": ["bone"], "disease.extrahepatic_disease": True},
        "locoregional",
        "not_recommended",
    ),
    # --- debulking, transplant, interferon, immunotherapy ---
    # > 70% removable with an uncontrolled syndrome: debulking option.
    (
        ILEUM_ADVANCED,
        {"disease.debulkable_over_70_percent": True, "tumour.functional_syndrome": "carcinoid"},
        "debulking_surgery",
        "option",
    ),
    # Every transplant criterion met (age 50, stable 12 months, liver 30%, Ki-67 3%).
    (
        ILEUM_ADVANCED,
        {
            "patient.age_years": 50,
            "disease.stable_months": 12,
            "disease.liver_involvement_percent": 30,
            "tumour.ki67_percent": 3,
        },
        "liver_transplant",
        "option",
    ),
    # One criterion missing (age 60): transplant not recommended.
    (
        ILEUM_ADVANCED,
        {
            "disease.stable_months": 12,
            "disease.liver_involvement_percent": 30,
            "tumour.ki67_percent": 3,
        },
        "liver_transplant",
        "not_recommended",
    ),
    # Syndrome refractory to SSA and telotristat: interferon option.
    (
        ILEUM_ADVANCED,
        {
            "tumour.functional_syndrome": "carcinoid",
            "treatments": [
                {"therapy": "ssa", "start": "2024-01-01"},
                {"therapy": "telotristat", "start": "2025-01-01"},
            ],
        },
        "interferon",
        "option",
    ),
    # Immunotherapy: trial only in NET (seed 004).
    (PANCREAS_ADVANCED, {"disease.progression": "rapid"}, "immunotherapy", "not_recommended"),
    # Extensive small-cell lung carcinoma: checkpoint inhibitor with chemotherapy (option).
    (
        NEC,
        {"tumour.primary_site": "lung", "tumour.nec_cell_type": "small"},
        "immunotherapy",
        "option",
    ),
    # --- out of scope and indeterminate ---
    # Paraganglioma: nothing offered, endocrine centre.
    (ILEUM_ADVANCED, {"tumour.primary_site": "adrenal_or_paraganglia"}, "ssa", "not_recommended"),
    # Grade unknown (no Ki-67, no mitoses): no anti-tumour drug before the pathology is complete.
    (
        ILEUM_ADVANCED,
        {"tumour.ki67_percent": None, "tumour.mitotic_count": None, "disease.progression": "slow"},
        "everolimus",
        "not_recommended",
    ),
    # --- rules settled in the December 2026 review (named in the closing note) ---
    # A completed PRRT course with the disease controlled is not repeated; re-treatment is
    # discussed only at a new progression (section 4).
    (
        ILEUM_ADVANCED,
        {"treatments": [*SSA_FAILED, PRRT_COMPLETED]},
        "prrt",
        "not_recommended",
    ),
    # The same course followed by progression: re-treatment is an option (section 4).
    (
        ILEUM_ADVANCED,
        {"treatments": [*SSA_FAILED, PRRT_COMPLETED], "disease.progression": "slow"},
        "prrt",
        "option",
    ),
    # NETTER-2 is first line: with an SSA ongoing and working, PRRT is not yet offered.
    (
        PANCREAS_ADVANCED,
        {"treatments": [SSA_ONGOING]},
        "prrt",
        "not_recommended",
    ),
    # Pancreatic NET G3 (Ki-67 30%) progressing on SSA: PRRT stays an option (NETTER-2 range).
    (
        PANCREAS_ADVANCED,
        {"tumour.ki67_percent": 30, "treatments": SSA_FAILED, "disease.progression": "slow"},
        "prrt",
        "option",
    ),
    # Lung carcinoid that stopped everolimus for toxicity: intolerance counts as the
    # contraindication after which PRRT is an option through the RCP (seed 004).
    (
        LUNG_ADVANCED,
        {"treatments": [{**EVE_FAILED[0], "stop_reason": "toxicity"}]},
        "prrt",
        "option",
    ),
    # The candidate below meets every transplant criterion (age 45, Ki-67 2%, liver 30%)...
    (TRANSPLANT_CANDIDATE, {}, "liver_transplant", "option"),
    # ...but a resected digestive primary is one of them: an unknown primary cannot be.
    (
        TRANSPLANT_CANDIDATE,
        {"tumour.primary_site": "unknown_primary"},
        "liver_transplant",
        "not_recommended",
    ),
    # Localised well-differentiated NET G3 with Ki-67 60%: still a NET, resection is the
    # reference (section 3); the multimodal NEC wording does not apply.
    (
        LOCALISED_PANCREAS,
        {"tumour.ki67_percent": 60, "tumour.mitotic_count": 25},
        "surgery",
        "recommended",
    ),
    # Localised NEC not yet resected: platinum-etoposide within the multimodal plan (section 5).
    (
        LOCALISED_NEC,
        {},
        "chemo_platinum_etoposide",
        "option",
    ),
    # The same NEC once completely resected: no adjuvant treatment is validated (section 3).
    (
        LOCALISED_NEC,
        {"disease.primary_resected": True},
        "chemo_platinum_etoposide",
        "not_recommended",
    ),
    # Interferon for a refractory carcinoid syndrome needs SSA and telotristat both given.
    (
        ILEUM_ADVANCED,
        {
            "tumour.functional_syndrome": "carcinoid",
            "tumour.syndrome_controlled": False,
            "treatments": [TELOTRISTAT_ONGOING],
        },
        "interferon",
        "not_recommended",
    ),
    (
        ILEUM_ADVANCED,
        {
            "tumour.functional_syndrome": "carcinoid",
            "tumour.syndrome_controlled": False,
            "treatments": [SSA_ONGOING, TELOTRISTAT_ONGOING],
        },
        "interferon",
        "option",
    ),
]


@pytest.mark.parametrize(("base", "changes", "therapy", "expected"), ROWS)
def test_scenario(
    base: dict[str, Any], changes: dict[str, Any], therapy: str, expected: str
) -> None:
    case = parse_case(build(base, changes), TODAY)
    option = evaluate(case, TODAY).option(therapy)
    assert option.status.value == expected, (option.rule, option.reasons)
    assert option.reasons
    assert option.sources


def _codes(base: dict[str, Any], changes: dict[str, Any]) -> set[str]:
    return {a.code for a in evaluate(parse_case(build(base, changes), TODAY), TODAY).alerts}


ALERT_ROWS: list[tuple[dict[str, Any], dict[str, Any], str, bool]] = [
    # Always: MDT, trial screening, hereditary assessment (seeds 000, 001, 004).
    (ILEUM_ADVANCED, {}, "mdt_discussion", True),
    (ILEUM_ADVANCED, {}, "clinical_trial", True),
    (NEC, {}, "hereditary_assessment", True),
    # Uncontrolled syndrome: control it first (seed 004).
    (ILEUM_ADVANCED, {"tumour.functional_syndrome": "insulinoma"}, "control_syndrome_first", True),
    (
        ILEUM_ADVANCED,
        {"tumour.functional_syndrome": "insulinoma", "tumour.syndrome_controlled": True},
        "control_syndrome_first",
        False,
    ),
    # Carcinoid heart: NT-proBNP 40 pmol/L = 338 pg/mL is above 260 pg/mL (seed 003).
    (
        ILEUM_ADVANCED,
        {"markers": [{"date": "2025-01-01", "name": "nt_probnp", "value": 40, "unit": "pmol/L"}]},
        "carcinoid_heart_screening",
        True,
    ),
    # NT-proBNP 200 pg/mL, no syndrome, no 5-HIAA: no screening alert.
    (
        ILEUM_ADVANCED,
        {"markers": [{"date": "2025-01-01", "name": "nt_probnp", "value": 200, "unit": "pg/mL"}]},
        "carcinoid_heart_screening",
        False,
    ),
    # 5-HIAA above its ULN.
    (
        ILEUM_ADVANCED,
        {
            "markers": [
                {"date": "2025-01-01", "name": "u5hiaa", "value": 90, "unit": "umol/24h", "uln": 50}
            ]
        },
        "carcinoid_heart_screening",
        True,
    ),
    # Chromogranin A on a PPI: unreliable.
    (
        ILEUM_ADVANCED,
        {
            "on_ppi": True,
            "markers": [
                {"date": "2025-01-01", "name": "chromogranin_a", "value": 300, "unit": "ng/mL"}
            ],
        },
        "cga_unreliable_ppi",
        True,
    ),
    # PRRT offered while lanreotide is ongoing: washout 6 weeks (seed 004).
    (
        ILEUM_ADVANCED,
        {"disease.progression": "slow", "treatments": [{"therapy": "ssa", "start": "2024-01-01"}]},
        "ssa_washout_before_prrt",
        True,
    ),
    # Localised disease: radiation-sparing follow-up (seeds 002, 004).
    (LOCALISED_PANCREAS, {}, "radiation_sparing_follow_up", True),
    # Advanced high-burden progressing disease: no observation, not localised.
    (ILEUM_ADVANCED, {"disease.progression": "slow"}, "radiation_sparing_follow_up", False),
    # Differentiation unknown with Ki-67 30%: ask the pathologist.
    (
        ILEUM_ADVANCED,
        {"tumour.differentiation": "unknown", "tumour.ki67_percent": 30},
        "differentiation_needed",
        True,
    ),
    # Paraganglioma: expert endocrine centre.
    (
        ILEUM_ADVANCED,
        {"tumour.primary_site": "adrenal_or_paraganglia"},
        "out_of_scope_endocrine_centre",
        True,
    ),
]


@pytest.mark.parametrize(("base", "changes", "code", "present"), ALERT_ROWS)
def test_alert(base: dict[str, Any], changes: dict[str, Any], code: str, present: bool) -> None:
    assert (code in _codes(base, changes)) is present


def test_hereditary_message_gives_the_site_probability() -> None:
    lung = evaluate(parse_case(LUNG_ADVANCED, TODAY), TODAY)
    message = next(a.message for a in lung.alerts if a.code == "hereditary_assessment")
    assert "25%" in message


def test_why_not_is_traceable() -> None:
    case = parse_case(
        build(ILEUM_ADVANCED, {"treatments": SSA_FAILED, "tumour.sstr_imaging": "negative"}), TODAY
    )
    prrt = evaluate(case, TODAY).option("prrt")
    assert prrt.rule == "PRRT-SSTR-REQUIRED"
    assert "SSTR" in prrt.reasons[0]
    deciding = next(step for step in prrt.trace if step.fired)
    assert asdict(deciding) == {
        "rule": "PRRT-SSTR-REQUIRED",
        "status": Status.NOT_RECOMMENDED,
        "fired": True,
        "unmet": [],
    }
    # The rules tried before it say what was missing; the caps tried after it did not hold.
    before = prrt.trace[: prrt.trace.index(deciding)]
    assert any(step.unmet for step in before)


def test_french_reasons() -> None:
    result = evaluate(parse_case(ILEUM_ADVANCED, TODAY), TODAY, lang="fr")
    assert "analogue de la somatostatine" in result.option("ssa").reasons[0]


def test_options_in_tree_order_and_offered_have_reasons() -> None:
    result = evaluate(parse_case(PANCREAS_ADVANCED, TODAY), TODAY)
    assert [o.therapy.value for o in result.options][:4] == [
        "observation",
        "surgery",
        "endoscopic_resection",
        "debulking_surgery",
    ]
    assert result.options[-1].therapy.value == "supportive_care"
    for option in result.options:
        if option.status in OFFERED:
            assert option.reasons
            assert option.sources
    ileum = evaluate(parse_case(ILEUM_ADVANCED, TODAY), TODAY)
    assert Status.RECOMMENDED in {o.status for o in ileum.options}


def test_uncontrolled_syndrome_outside_the_pathway_is_not_told_to_start_an_ssa() -> None:
    # A secreting paraganglioma still gets the contract's alert, but its control belongs to the
    # endocrine centre (alpha-blockade for a pheochromocytoma): no "start an SSA" advice.
    changes = {
        "tumour.primary_site": "adrenal_or_paraganglia",
        "tumour.functional_syndrome": "other",
        "tumour.syndrome_controlled": False,
    }
    result = evaluate(parse_case(build(ILEUM_ADVANCED, changes), TODAY), TODAY)
    (alert,) = [a for a in result.alerts if a.code == "control_syndrome_first"]
    assert "alpha-blockade" in alert.message
    assert "start a somatostatin analogue" not in alert.message
    assert result.option("ssa").status is Status.NOT_RECOMMENDED


@pytest.mark.parametrize(
    "changes",
    [
        # GEP NET after alkylating chemotherapy: oxaliplatin offered, renal caution shown.
        {
            "treatments": [
                {
                    "therapy": "chemo_alkylating",
                    "start": "2024-01-01",
                    "end": "2025-06-01",
                    "stop_reason": "progression",
                }
            ],
            "disease.progression": "slow",
        },
    ],
)
def test_renal_impairment_is_a_caution_on_oxaliplatin(changes: dict[str, Any]) -> None:
    # Oxaliplatin is a platinum salt: renal impairment is a caution on it (section 4).
    case = build(PANCREAS_ADVANCED, {**changes, "comorbidities": ["renal_impairment"]})
    option = evaluate(parse_case(case, TODAY), TODAY).option("chemo_oxaliplatin")
    assert option.status is Status.OPTION
    assert any("Renal impairment" in c for c in option.cautions)


def test_a_line_stopped_for_toxicity_is_flagged_when_offered_again() -> None:
    toxic = {**EVE_FAILED[0], "stop_reason": "toxicity"}
    case = build(PANCREAS_ADVANCED, {"treatments": [toxic], "disease.progression": "slow"})
    everolimus = evaluate(parse_case(case, TODAY), TODAY).option("everolimus")
    assert everolimus.status is Status.OPTION
    assert any(
        "Re-challenge only after the toxicity has resolved" in c for c in everolimus.cautions
    )


def test_mostly_non_neuroendocrine_tumour_says_so_in_the_basis() -> None:
    case = build(NEC, {"tumour.differentiation": "well", "tumour.ki67_percent": 8})
    case["tumour"]["non_ne_component_percent"] = 80
    grade = evaluate(parse_case(case, TODAY), TODAY).grade
    assert grade.label == "NET G2"
    assert any("above 70%" in line for line in grade.basis)
