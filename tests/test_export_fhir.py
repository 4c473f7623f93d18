"""The FHIR R4B bundle: valid for fhir.resources, mCODE-shaped, LOINC where it exists, stable."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle

from netlogic.clinical.evaluation import evaluate
from netlogic.export.fhir_bundle import (
    ALERT_SYSTEM,
    PROFILE_PRIMARY,
    PROFILE_RADIOTHERAPY,
    PROFILE_SURGERY,
    RULESET_MODULE,
    THERAPY_SYSTEM,
    build_fhir_bundle,
    build_fhir_json,
)
from netlogic.model.case import Case
from netlogic.model.case_io import load_case_file, parse_case
from netlogic.reference.i18n import translator
from tests.conftest import TODAY
from tests.test_export_support import DEMO_CASES, demo_case


def bundle_json(case: Case, lang: str = "en") -> dict[str, Any]:
    text = build_fhir_json(case, evaluate(case, TODAY, lang), translator(lang), TODAY)
    Bundle.model_validate_json(text)  # the text itself validates, not only the model
    data: dict[str, Any] = json.loads(text)
    return data


def resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def rich_case() -> Case:
    data = demo_case("ileum-g2-progressing-on-ssa").to_contract_json()
    data["markers"] = [
        {"date": "2024-01-10", "name": "chromogranin_a", "value": 250, "unit": "ng/mL", "uln": 100},
        {"date": "2024-01-10", "name": "u5hiaa", "value": 120, "unit": "umol/24h", "uln": 50},
        {"date": "2024-01-10", "name": "nse", "value": 14, "unit": "ug/L"},
        {"date": "2024-01-10", "name": "gastrin", "value": 80, "unit": "pg/mL"},
    ]
    data["treatments"] = [
        {
            "therapy": "surgery",
            "agent": "ileal resection",
            "start": "2022-05-01",
            "end": "2022-05-01",
        },
        {
            "therapy": "ssa",
            "agent": "lanreotide 120 mg",
            "start": "2022-06-01",
            "end": "2023-12-01",
            "stop_reason": "progression",
            "best_response": "SD",
        },
        {"therapy": "prrt", "start": "2024-02-01", "end": "2024-08-01", "cycles": 4},
        {"therapy": "observation", "start": "2024-09-01"},
    ]
    return parse_case(data, TODAY)


@pytest.mark.parametrize("path", DEMO_CASES, ids=lambda p: p.name.split(".")[0])
def test_every_demo_case_gives_a_valid_bundle_with_resolvable_references(path: Path) -> None:
    case = load_case_file(path, TODAY)
    bundle = bundle_json(case)
    assert bundle["type"] == "collection"
    urls = {e["fullUrl"] for e in bundle["entry"]}
    text = json.dumps(bundle)
    for part in text.split('"reference": "')[1:]:
        assert part.split('"')[0] in urls  # every reference points inside the bundle
    (patient,) = resources(bundle, "Patient")
    assert "name" not in patient  # pseudonymous: no name, ever
    assert patient["identifier"][0]["value"] == case.id


def test_primary_cancer_condition_carries_histology_and_grade() -> None:
    case = demo_case("ileum-g2-progressing-on-ssa")
    bundle = bundle_json(case)
    grade = evaluate(case, TODAY).grade
    (condition,) = resources(bundle, "Condition")
    assert PROFILE_PRIMARY in condition["meta"]["profile"]
    assert grade.label in condition["code"]["text"]
    histology = condition["extension"][0]["valueCodeableConcept"]["coding"][0]
    assert histology["code"] == "8249/3"  # NET G2: ICD-O-3 8249/3
    observations = {o["code"]["coding"][0]["code"]: o for o in resources(bundle, "Observation")}
    grade_obs = observations["33732-9"]
    assert grade_obs["valueCodeableConcept"]["text"] == "NET G2"
    assert grade_obs["valueCodeableConcept"]["coding"][0]["code"] == "G2"


@pytest.mark.parametrize(
    ("marker", "loinc"),
    [
        ("Chromogranin A", "9811-1"),  # serum chromogranin A
        ("Urinary 5-HIAA (24 h)", "1695-6"),  # 24-hour urine 5-HIAA
        ("NSE", "15060-7"),  # neuron-specific enolase
        ("Gastrin", None),  # no code chosen: text only, never a guessed code
    ],
)
def test_tumour_markers_use_loinc_where_it_exists(marker: str, loinc: str | None) -> None:
    bundle = bundle_json(rich_case())
    found = [o for o in resources(bundle, "Observation") if o["code"]["text"] == marker]
    assert len(found) == 1
    codes = [c["code"] for c in found[0]["code"].get("coding", [])]
    assert codes == ([loinc] if loinc else [])
    assert "valueQuantity" in found[0]


def test_imaging_response_is_a_disease_status_with_the_recist_category() -> None:
    bundle = bundle_json(demo_case("ileum-g2-progressing-on-ssa"))
    statuses = [
        o for o in resources(bundle, "Observation") if o["code"]["coding"][0]["code"] == "97509-4"
    ]
    assert statuses
    latest = max(statuses, key=lambda o: o["effectiveDateTime"])
    codes = {c["code"] for c in latest["valueCodeableConcept"]["coding"]}
    assert {"PD", "271299001"} <= codes  # RECIST PD = condition worsened (SNOMED)


def test_treatment_lines_map_to_the_right_resources() -> None:
    bundle = bundle_json(rich_case(), "fr")
    procedures = resources(bundle, "Procedure")
    medications = resources(bundle, "MedicationStatement")
    assert len(procedures) == 2  # surgery and PRRT
    assert any(PROFILE_RADIOTHERAPY in p["meta"]["profile"] for p in procedures)
    (ssa,) = medications
    assert ssa["status"] == "completed"
    assert ssa["statusReason"][0]["text"] == "progression"
    assert "lanreotide" in ssa["medicationCodeableConcept"]["text"]
    (surveillance,) = [c for c in resources(bundle, "CarePlan") if c["intent"] == "plan"]
    assert surveillance["status"] == "active"  # ongoing surveillance
    assert bundle["language"] == "fr"


def test_ids_are_reproducible_and_differ_between_cases() -> None:
    case = rich_case()
    first = build_fhir_bundle(case, evaluate(case, TODAY), translator("en"), TODAY)
    second = build_fhir_bundle(case, evaluate(case, TODAY), translator("en"), TODAY)
    assert first.model_dump_json() == second.model_dump_json()
    other = case.model_copy(update={"id": "OTHER-1"})
    third = build_fhir_bundle(other, evaluate(other, TODAY), translator("en"), TODAY)
    assert {e.fullUrl for e in first.entry}.isdisjoint({e.fullUrl for e in third.entry})


def test_grade_observation_carries_ki67_and_mitotic_count() -> None:
    # The grade rests on these two measures; the receiving team needs them, not only "G2".
    from netlogic.export.fhir_bundle import resource_id
    from netlogic.model.case_io import parse_case
    from tests.conftest import minimal_case

    case = parse_case(minimal_case(ki67_percent=8.5, mitotic_count=1, differentiation="well"))
    bundle = build_fhir_bundle(case, evaluate(case, TODAY), translator("en"), TODAY)
    wanted = resource_id(case.id, "grade")
    (grade,) = [e.resource for e in bundle.entry if e.resource.id == wanted]  # type: ignore[union-attr]
    values = {c.code.text: c.valueQuantity.value for c in grade.component}
    assert values == {"Ki-67 index": 8.5, "Mitotic count per 2 mm²": 1}


def _with(case: Case, **changes: Any) -> Case:
    data = case.to_contract_json()
    for path, value in changes.items():
        section, field = path.split("__")
        data[section][field] = value
    return parse_case(data, TODAY)


@pytest.mark.parametrize(
    ("therapy", "kind", "profile"),
    [
        # Each ruleset-2027 id is coded like the others: contract id as a coding, and the
        # resource type of its nature.
        ("endoscopic_resection", "Procedure", PROFILE_SURGERY),  # a resection, endoscopic
        ("radiotherapy", "Procedure", PROFILE_RADIOTHERAPY),  # external beam, like PRRT's course
        ("cabozantinib", "MedicationStatement", None),  # oral tyrosine-kinase inhibitor
        ("belzutifan", "MedicationStatement", None),  # oral HIF-2 alpha inhibitor
        ("supportive_care", "CarePlan", None),  # a plan of care, not a drug or procedure
        ("ssa", "MedicationStatement", None),  # an older id, coded the same way
    ],
)
def test_every_therapy_id_is_coded_with_its_resource_type(
    therapy: str, kind: str, profile: str | None
) -> None:
    data = demo_case("ileum-g2-progressing-on-ssa").to_contract_json()
    data["treatments"] = [{"therapy": therapy, "start": "2024-01-01", "end": "2024-06-01"}]
    bundle = bundle_json(parse_case(data, TODAY))
    coded = [
        r
        for r in resources(bundle, kind)
        if THERAPY_SYSTEM in json.dumps(r) and r.get("intent") != "proposal"
    ]
    assert len(coded) == 1
    text = json.dumps(coded[0])
    assert f'"code": "{therapy}"' in text
    if profile:
        assert coded[0]["meta"]["profile"] == [profile]


@pytest.mark.parametrize(
    ("changes", "code_text", "value"),
    [
        # Pregnancy status: LOINC question, SNOMED answer.
        ({"patient__pregnant": True}, "Pregnancy status", "77386006"),
        ({"patient__pregnant": False}, "Pregnancy status", "60001007"),
        # Gastric NET type 1 (atrophic gastritis), coded in our own system.
        ({"tumour__gastric_type": 1}, "Gastric neuroendocrine tumour type", "1"),
        # FDG-avid lesions without SSTR uptake: a yes/no observation.
        (
            {"tumour__sstr_fdg_mismatch": True},
            "FDG-avid lesions without somatostatin receptor uptake",
            True,
        ),
    ],
)
def test_ruleset_2027_case_fields_are_coded_when_recorded(
    changes: dict[str, Any], code_text: str, value: object
) -> None:
    case = _with(demo_case("ileum-g2-progressing-on-ssa"), **changes)
    found = [
        o for o in resources(bundle_json(case), "Observation") if o["code"]["text"] == code_text
    ]
    assert len(found) == 1
    observed = found[0].get("valueBoolean")
    if observed is None:
        observed = found[0]["valueCodeableConcept"]["coding"][0]["code"]
    assert observed == value
    # Not recorded: nothing is said (no guessed "not pregnant").
    plain = bundle_json(demo_case("ileum-g2-progressing-on-ssa"))
    assert not [o for o in resources(plain, "Observation") if o["code"]["text"] == code_text]


def test_the_evaluation_travels_with_its_rule_set_every_node_and_every_alert() -> None:
    case = demo_case("ileum-g2-syndrome")
    evaluation = evaluate(case, TODAY, "fr")
    # One alert from a rule no clinician has reviewed yet, the others reviewed.
    alerts = [a.model_copy(update={"reviewed": i != 0}) for i, a in enumerate(evaluation.alerts)]
    evaluation = evaluation.model_copy(update={"alerts": alerts})
    text = build_fhir_json(case, evaluation, translator("fr"), TODAY)
    bundle = json.loads(text)
    (guidance,) = resources(bundle, "GuidanceResponse")
    assert guidance["moduleUri"] == RULESET_MODULE + evaluation.ruleset_version
    (plan,) = [c for c in resources(bundle, "CarePlan") if c["intent"] == "proposal"]
    codes = [a["detail"]["code"]["coding"][0]["code"] for a in plan["activity"]]
    assert sorted(codes) == sorted(o.therapy.value for o in evaluation.options)
    flags = resources(bundle, "Flag")
    assert [f["code"]["coding"][0]["system"] for f in flags] == [ALERT_SYSTEM] * len(flags)
    assert {f["code"]["coding"][0]["code"] for f in flags} == {a.code for a in evaluation.alerts}
    assert sum("pas encore relu par un clinicien" in f["code"]["text"] for f in flags) == 1
