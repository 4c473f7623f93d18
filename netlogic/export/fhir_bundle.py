"""A FHIR R4B bundle of the case, aligned with mCODE, built and validated with fhir.resources.

Knowledge base sections 1 and 6 as interchange for a hospital record. Resources:

- ``Patient`` (mCODE cancer patient): the pseudonymous case ID as its only identifier; no
  name, no birth date (the case holds neither).
- ``Condition`` (mCODE primary cancer condition): site, histology (ICD-O-3 morphology in the
  mCODE histology-morphology-behaviour extension) and, in words, the WHO grade; its
  ``evidence`` points to the grade ``Observation`` (LOINC 33732-9, histology grade) that carries
  the grade label and its basis.
- Tumour markers (mCODE tumour marker test): LOINC where one exists (chromogranin A 9811-1,
  urinary 5-HIAA 24 h 1695-6, NSE 15060-7), text-coded otherwise; value and unit as entered,
  the upper limit of normal as ``referenceRange.high``.
- Imaging response (mCODE cancer disease status, LOINC 97509-4): one per scan with a RECIST
  category, valued with the mCODE condition-status-trend SNOMED code and the RECIST category.
- Treatment lines: drugs as ``MedicationStatement``; surgery, endoscopic resection, transplant
  and locoregional treatment as ``Procedure`` (mCODE cancer-related surgical procedure); PRRT
  and external radiotherapy as ``Procedure`` (mCODE radiotherapy course summary); active
  surveillance and best supportive care as a ``CarePlan``. Each carries the therapy id of the
  contract as a coding (``urn:netlogic:therapy``), so every id, the ruleset-2027 ones included,
  is coded the same way.
- Case fields of ruleset 2027, when recorded: pregnancy status (LOINC 82810-3, SNOMED values),
  gastric NET type and FDG-avid lesions without SSTR uptake (text-coded ``Observation``).
- The evaluation: a ``GuidanceResponse`` whose module is the rule set version, pointing to a
  proposed ``CarePlan`` with one activity per node of the tree (status, deciding rule, review),
  and one ``Flag`` per alert (title and message, priority by level). A rule not yet reviewed
  by a clinician says so in the activity or flag text.

Ids are UUID version 5 derived from the case ID and the item's position, so the same case
always gives the same bundle (reproducible exports, stable references).
"""

from __future__ import annotations

import json
import uuid
from datetime import date
from typing import Any

from fhir.resources.R4B.bundle import Bundle

from netlogic.clinical.evaluation import Evaluation
from netlogic.clinical.grading import GradeResult
from netlogic.export.summary import STATUS_ORDER, alert_title, ordered_lines, therapy_label
from netlogic.model.case import Case, MarkerValue, TreatmentLine
from netlogic.model.vocabulary import (
    Differentiation,
    GradeFamily,
    MarkerName,
    NecCellType,
    Response,
    Sex,
    Status,
    Therapy,
)
from netlogic.reference.i18n import Translator
from netlogic.trends.recist import recist_rows

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:netlogic:export:fhir")
CASE_ID_SYSTEM = "urn:netlogic:pseudonymous-case-id"
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
SNOMED = "http://snomed.info/sct"
ICDO3 = "http://terminology.hl7.org/CodeSystem/icd-o-3"
RECIST_SYSTEM = "urn:netlogic:recist-1.1"
GRADE_SYSTEM = "urn:netlogic:who-grade"
THERAPY_SYSTEM = "urn:netlogic:therapy"
STATUS_SYSTEM = "urn:netlogic:option-status"
ALERT_SYSTEM = "urn:netlogic:alert"
GASTRIC_TYPE_SYSTEM = "urn:netlogic:gastric-net-type"
RULESET_MODULE = "urn:netlogic:ruleset:"
PREGNANCY_LOINC = ("82810-3", "Pregnancy status")
PREGNANCY_VALUE = {
    True: ("77386006", "Pregnant"),
    False: ("60001007", "Not pregnant"),
}
FLAG_PRIORITY = "http://hl7.org/fhir/StructureDefinition/flag-priority"
FLAG_PRIORITY_SYSTEM = "http://terminology.hl7.org/CodeSystem/flag-priority-code"
# Alert level 1 = act first, 2 = this meeting, 3 = keep in mind.
FLAG_PRIORITY_CODE = {1: ("PH", "High priority"), 2: ("PM", "Medium priority")}
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
MCODE = "http://hl7.org/fhir/us/mcode/StructureDefinition/"
PROFILE_PATIENT = MCODE + "mcode-cancer-patient"
PROFILE_PRIMARY = MCODE + "mcode-primary-cancer-condition"
PROFILE_MARKER = MCODE + "mcode-tumor-marker-test"
PROFILE_STATUS = MCODE + "mcode-cancer-disease-status"
PROFILE_SURGERY = MCODE + "mcode-cancer-related-surgical-procedure"
PROFILE_RADIOTHERAPY = MCODE + "mcode-radiotherapy-course-summary"
EXT_HISTOLOGY = MCODE + "mcode-histology-morphology-behavior"
EXT_EVIDENCE_TYPE = MCODE + "mcode-cancer-disease-status-evidence-type"

MARKER_LOINC: dict[MarkerName, tuple[str, str]] = {
    MarkerName.CHROMOGRANIN_A: ("9811-1", "Chromogranin A [Mass/volume] in Serum or Plasma"),
    MarkerName.U5HIAA: ("1695-6", "5-Hydroxyindoleacetate [Mass/time] in 24 hour Urine"),
    MarkerName.NSE: ("15060-7", "Neuron-specific enolase [Mass/volume] in Serum or Plasma"),
}
GRADE_LOINC = ("33732-9", "Histology grade [Identifier] in Cancer specimen")
DISEASE_STATUS_LOINC = ("97509-4", "Cancer disease progression")
# mCODE ConditionStatusTrendVS (SNOMED CT) for each RECIST 1.1 category.
RECIST_TREND: dict[Response, tuple[str, str]] = {
    Response.CR: ("550991000124107", "Malignant neoplasm in full remission"),
    Response.PR: ("268910001", "Patient's condition improved"),
    Response.SD: ("359746009", "Patient's condition stable"),
    Response.PD: ("271299001", "Patient's condition worsened"),
    Response.NE: ("709137006", "Patient condition undetermined"),
}
IMAGING_EVIDENCE = ("363679005", "Imaging (procedure)")
SURGICAL = frozenset(
    {
        Therapy.SURGERY,
        Therapy.ENDOSCOPIC_RESECTION,
        Therapy.DEBULKING_SURGERY,
        Therapy.LIVER_TRANSPLANT,
        Therapy.LOCOREGIONAL,
    }
)
RADIATION = frozenset({Therapy.PRRT, Therapy.RADIOTHERAPY})
# Not a drug nor a procedure: a plan of care over time.
CARE_PLANS = frozenset({Therapy.OBSERVATION, Therapy.SUPPORTIVE_CARE})
GENDER = {Sex.FEMALE: "female", Sex.MALE: "male", Sex.OTHER: "other", Sex.UNKNOWN: "unknown"}


def resource_id(case_id: str, kind: str, index: int = 0) -> str:
    """A stable UUID for one resource of one case (same input, same id)."""
    return str(uuid.uuid5(NAMESPACE, f"{case_id}/{kind}/{index}"))


def _ref(uid: str) -> dict[str, str]:
    return {"reference": f"urn:uuid:{uid}"}


def _coding(system: str, code: str, display: str) -> dict[str, str]:
    return {"system": system, "code": code, "display": display}


def histology(grade: GradeResult, case: Case) -> tuple[str, str] | None:
    """ICD-O-3 morphology of the tumour (WHO 2019/2021 classification), when the grade says it."""
    tumour = case.tumour
    if grade.family is GradeFamily.MINEN:
        return ("8154/3", "Mixed neuroendocrine non-neuroendocrine neoplasm")
    if grade.family is GradeFamily.NEC:
        if tumour.nec_cell_type is NecCellType.SMALL:
            return ("8041/3", "Small cell neuroendocrine carcinoma")
        if tumour.nec_cell_type is NecCellType.LARGE:
            return ("8013/3", "Large cell neuroendocrine carcinoma")
        return ("8246/3", "Neuroendocrine carcinoma, NOS")
    if grade.family is GradeFamily.LUNG_CARCINOID:
        if grade.label == "Atypical carcinoid":
            return ("8249/3", "Atypical carcinoid tumour")
        return ("8240/3", "Carcinoid tumour, NOS")
    if grade.family is GradeFamily.NET and grade.grade is not None:
        code = "8240/3" if grade.grade.value == "G1" else "8249/3"
        return (code, f"Neuroendocrine tumour, grade {grade.grade.value[-1]}")
    if tumour.differentiation is Differentiation.WELL:
        return ("8240/3", "Neuroendocrine tumour, NOS")
    return None


def _patient(case: Case, uid: str) -> dict[str, Any]:
    return {
        "resourceType": "Patient",
        "id": uid,
        "meta": {"profile": [PROFILE_PATIENT]},
        "identifier": [{"system": CASE_ID_SYSTEM, "value": case.id}],
        "gender": GENDER[case.patient.sex],
    }


def _grade_observation(
    case: Case, grade: GradeResult, uid: str, patient: str, condition: str, t: Translator
) -> dict[str, Any]:
    value: dict[str, Any] = {"text": grade.label}
    if grade.grade is not None:
        value["coding"] = [_coding(GRADE_SYSTEM, grade.grade.value, grade.label)]
    return {
        "resourceType": "Observation",
        "id": uid,
        "status": "final",
        "category": [
            {
                "coding": [
                    _coding(
                        "http://terminology.hl7.org/CodeSystem/observation-category",
                        "laboratory",
                        "Laboratory",
                    )
                ]
            }
        ],
        "code": {"coding": [_coding(LOINC, *GRADE_LOINC)], "text": t("export.tumour.grade")},
        "subject": _ref(patient),
        "focus": [_ref(condition)],
        "valueCodeableConcept": value,
        "method": {"text": grade.system or grade.label},
        "note": [{"text": basis} for basis in grade.basis],
        **_grade_measures(case, t),
    }


def _grade_measures(case: Case, t: Translator) -> dict[str, Any]:
    """Ki-67 and mitotic count, the measures the grade rests on, as components (text-coded:
    no LOINC code is asserted for them here)."""
    components = []
    tumour = case.tumour
    if tumour.ki67_percent is not None:
        components.append(
            {
                "code": {"text": t("export.fhir.ki67")},
                "valueQuantity": {
                    "value": tumour.ki67_percent,
                    "unit": "%",
                    "system": UCUM,
                    "code": "%",
                },
            }
        )
    if tumour.mitotic_count is not None:
        components.append(
            {
                "code": {"text": t("export.fhir.mitoses")},
                "valueQuantity": {"value": tumour.mitotic_count, "unit": "/2 mm2"},
            }
        )
    return {"component": components} if components else {}


def _condition(
    case: Case, grade: GradeResult, uid: str, patient: str, grade_obs: str, t: Translator
) -> dict[str, Any]:
    site = t(f"site.{case.tumour.primary_site.value}")
    words = f"{t('export.fhir.primary_cancer')} – {site} – {grade.label}"
    resource: dict[str, Any] = {
        "resourceType": "Condition",
        "id": uid,
        "meta": {"profile": [PROFILE_PRIMARY]},
        "clinicalStatus": {
            "coding": [
                _coding(
                    "http://terminology.hl7.org/CodeSystem/condition-clinical", "active", "Active"
                )
            ]
        },
        "verificationStatus": {
            "coding": [
                _coding(
                    "http://terminology.hl7.org/CodeSystem/condition-ver-status",
                    "confirmed",
                    "Confirmed",
                )
            ]
        },
        "category": [
            {
                "coding": [
                    _coding(
                        "http://terminology.hl7.org/CodeSystem/condition-category",
                        "problem-list-item",
                        "Problem List Item",
                    )
                ]
            }
        ],
        "code": {"text": words},
        "bodySite": [{"text": site}],
        "subject": _ref(patient),
        "evidence": [{"detail": [_ref(grade_obs)]}],
    }
    morphology = histology(grade, case)
    if morphology is not None:
        resource["extension"] = [
            {
                "url": EXT_HISTOLOGY,
                "valueCodeableConcept": {
                    "coding": [_coding(ICDO3, *morphology)],
                    "text": morphology[1],
                },
            }
        ]
    return resource


def _marker(
    marker: MarkerValue, uid: str, patient: str, condition: str, t: Translator
) -> dict[str, Any]:
    label = t(f"export.marker.{marker.name.value}")
    code: dict[str, Any] = {"text": label}
    if marker.name in MARKER_LOINC:
        code["coding"] = [_coding(LOINC, *MARKER_LOINC[marker.name])]
    quantity: dict[str, Any] = {"value": marker.value}
    if marker.unit:
        quantity["unit"] = marker.unit
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "id": uid,
        "meta": {"profile": [PROFILE_MARKER]},
        "status": "final",
        "category": [
            {
                "coding": [
                    _coding(
                        "http://terminology.hl7.org/CodeSystem/observation-category",
                        "laboratory",
                        "Laboratory",
                    )
                ]
            }
        ],
        "code": code,
        "subject": _ref(patient),
        "focus": [_ref(condition)],
        "effectiveDateTime": marker.date.isoformat(),
        "valueQuantity": quantity,
    }
    if marker.uln is not None:
        high: dict[str, Any] = {"value": marker.uln}
        if marker.unit:
            high["unit"] = marker.unit
        resource["referenceRange"] = [{"high": high}]
    return resource


def _disease_status(
    when: date,
    category: Response,
    sum_mm: float,
    uid: str,
    patient: str,
    condition: str,
    t: Translator,
) -> dict[str, Any]:
    trend_code, trend_display = RECIST_TREND[category]
    return {
        "resourceType": "Observation",
        "id": uid,
        "meta": {"profile": [PROFILE_STATUS]},
        "extension": [
            {
                "url": EXT_EVIDENCE_TYPE,
                "valueCodeableConcept": {"coding": [_coding(SNOMED, *IMAGING_EVIDENCE)]},
            }
        ],
        "status": "final",
        "category": [
            {
                "coding": [
                    _coding(
                        "http://terminology.hl7.org/CodeSystem/observation-category",
                        "imaging",
                        "Imaging",
                    )
                ]
            }
        ],
        "code": {
            "coding": [_coding(LOINC, *DISEASE_STATUS_LOINC)],
            "text": t("export.fhir.disease_status"),
        },
        "subject": _ref(patient),
        "focus": [_ref(condition)],
        "effectiveDateTime": when.isoformat(),
        "valueCodeableConcept": {
            "coding": [
                _coding(SNOMED, trend_code, trend_display),
                _coding(RECIST_SYSTEM, category.value, f"RECIST 1.1 {category.value}"),
            ],
            "text": f"RECIST 1.1 {category.value}",
        },
        "method": {"text": "RECIST 1.1"},
        "note": [{"text": f"{t('export.col.sum_mm')}: {sum_mm:g}"}],
    }


def _line_notes(line: TreatmentLine, t: Translator) -> list[dict[str, str]]:
    notes = []
    if line.best_response is not None:
        notes.append({"text": f"{t('export.col.best_response')}: {line.best_response.value}"})
    if line.cycles is not None:
        notes.append({"text": f"{t('export.col.cycles')}: {line.cycles}"})
    return notes


def _period(line: TreatmentLine) -> dict[str, str]:
    period = {"start": line.start.isoformat()}
    if line.end is not None:
        period["end"] = line.end.isoformat()
    return period


def _treatment(
    line: TreatmentLine, uid: str, patient: str, condition: str, t: Translator
) -> dict[str, Any]:
    label = therapy_label(line.therapy, t)
    what = {
        "coding": [_coding(THERAPY_SYSTEM, line.therapy.value, label)],
        "text": f"{label} – {line.agent}" if line.agent else label,
    }
    notes = _line_notes(line, t)
    stop = t(f"export.stop_reason.{line.stop_reason.value}") if line.stop_reason else None
    common: dict[str, Any] = {"id": uid, "subject": _ref(patient)}
    if notes:
        common["note"] = notes
    if line.therapy in CARE_PLANS:
        resource = {
            "resourceType": "CarePlan",
            **common,
            "status": "active" if line.ongoing else "completed",
            "intent": "plan",
            "category": [{"coding": what["coding"], "text": label}],
            "title": label,
            "description": what["text"],
            "period": _period(line),
            "addresses": [_ref(condition)],
        }
    elif line.therapy in SURGICAL or line.therapy in RADIATION:
        profile = PROFILE_RADIOTHERAPY if line.therapy in RADIATION else PROFILE_SURGERY
        resource = {
            "resourceType": "Procedure",
            **common,
            "meta": {"profile": [profile]},
            "status": "in-progress" if line.ongoing else "completed",
            "code": what,
            "performedPeriod": _period(line),
            "reasonReference": [_ref(condition)],
        }
        if stop:
            resource["statusReason"] = {"text": stop}
    else:
        resource = {
            "resourceType": "MedicationStatement",
            **common,
            "status": "active" if line.ongoing else "completed",
            "medicationCodeableConcept": what,
            "effectivePeriod": _period(line),
            "reasonReference": [_ref(condition)],
        }
        if stop:
            resource["statusReason"] = [{"text": stop}]
    return resource


def _category(code: str, display: str) -> list[dict[str, Any]]:
    return [{"coding": [_coding(OBSERVATION_CATEGORY, code, display)]}]


def _case_field_observations(
    case: Case, patient: str, condition: str, t: Translator
) -> list[dict[str, Any]]:
    """Pregnancy, gastric NET type and SSTR/FDG mismatch, each only when recorded."""
    cid = case.id
    found: list[dict[str, Any]] = []
    pregnant = case.patient.pregnant
    if pregnant is not None:
        code, display = PREGNANCY_VALUE[pregnant]
        words = t("export.fhir.pregnant") if pregnant else t("export.fhir.not_pregnant")
        found.append(
            {
                "resourceType": "Observation",
                "id": resource_id(cid, "pregnancy"),
                "status": "final",
                "category": _category("social-history", "Social History"),
                "code": {
                    "coding": [_coding(LOINC, *PREGNANCY_LOINC)],
                    "text": t("export.fhir.pregnancy"),
                },
                "subject": _ref(patient),
                "valueCodeableConcept": {
                    "coding": [_coding(SNOMED, code, display)],
                    "text": words,
                },
            }
        )
    gastric = case.tumour.gastric_type
    if gastric is not None:
        words = t(f"export.gastric_type.{gastric}")
        found.append(
            {
                "resourceType": "Observation",
                "id": resource_id(cid, "gastric-type"),
                "status": "final",
                "category": _category("exam", "Exam"),
                "code": {"text": t("export.fhir.gastric_type")},
                "subject": _ref(patient),
                "focus": [_ref(condition)],
                "valueCodeableConcept": {
                    "coding": [_coding(GASTRIC_TYPE_SYSTEM, str(gastric), words)],
                    "text": words,
                },
            }
        )
    mismatch = case.tumour.sstr_fdg_mismatch
    if mismatch is not None:
        found.append(
            {
                "resourceType": "Observation",
                "id": resource_id(cid, "sstr-fdg-mismatch"),
                "status": "final",
                "category": _category("imaging", "Imaging"),
                "code": {"text": t("export.fhir.sstr_fdg_mismatch")},
                "subject": _ref(patient),
                "focus": [_ref(condition)],
                "valueBoolean": mismatch,
            }
        )
    return found


def _reviewed_text(text: str, reviewed: bool, t: Translator) -> str:
    return text if reviewed else f"{text} ({t('export.not_reviewed')})"


def _options_plan(
    case: Case, evaluation: Evaluation, uid: str, patient: str, condition: str, t: Translator
) -> dict[str, Any]:
    """Every node of the tree as a proposed activity, offered first (what the meeting weighs)."""
    ranked = sorted(evaluation.options, key=lambda o: STATUS_ORDER.get(o.status, 9))
    activities = []
    for option in ranked:
        label = therapy_label(option.therapy, t)
        status = t(f"export.option_status.{option.status.value}")
        reason = option.reasons[0] if option.reasons else ""
        rule = f" [{option.rule}]" if option.rule else ""
        detail: dict[str, Any] = {
            "code": {
                "coding": [_coding(THERAPY_SYSTEM, option.therapy.value, label)],
                "text": label,
            },
            "status": "not-started",
            "doNotPerform": option.status is Status.CONTRAINDICATED,
            "description": _reviewed_text(f"{status}{rule}: {reason}", option.reviewed, t),
            "reasonCode": [
                {"coding": [_coding(STATUS_SYSTEM, option.status.value, status)], "text": status}
            ],
        }
        activities.append({"detail": detail})
    return {
        "resourceType": "CarePlan",
        "id": uid,
        "status": "draft",
        "intent": "proposal",
        "title": t("export.fhir.options"),
        "subject": _ref(patient),
        "addresses": [_ref(condition)],
        "activity": activities,
    }


def _alert_flags(case: Case, evaluation: Evaluation, patient: str, t: Translator) -> list[Any]:
    flags = []
    for i, alert in enumerate(sorted(evaluation.alerts, key=lambda a: a.level)):
        title = alert_title(alert.code, t)
        flag: dict[str, Any] = {
            "resourceType": "Flag",
            "id": resource_id(case.id, "alert", i),
            "status": "active",
            "code": {
                "coding": [_coding(ALERT_SYSTEM, alert.code, title)],
                "text": _reviewed_text(f"{title}: {alert.message}", alert.reviewed, t),
            },
            "subject": _ref(patient),
        }
        if alert.level in FLAG_PRIORITY_CODE:
            flag["extension"] = [
                {
                    "url": FLAG_PRIORITY,
                    "valueCodeableConcept": {
                        "coding": [_coding(FLAG_PRIORITY_SYSTEM, *FLAG_PRIORITY_CODE[alert.level])]
                    },
                }
            ]
        flags.append(flag)
    return flags


def _guidance(
    evaluation: Evaluation, uid: str, patient: str, plan: str, stamp: date, t: Translator
) -> dict[str, Any]:
    """The decision-support result: which rule set, when, the notice and the review state."""
    notes = [{"text": t("export.notice")}]
    if evaluation.unreviewed:
        notes.append({"text": t("export.unreviewed_note")})
    return {
        "resourceType": "GuidanceResponse",
        "id": uid,
        "moduleUri": RULESET_MODULE + evaluation.ruleset_version,
        "status": "success",
        "subject": _ref(patient),
        "occurrenceDateTime": f"{stamp.isoformat()}T00:00:00Z",
        "reasonCode": [{"text": t("export.fhir.guidance")}],
        "note": notes,
        "result": _ref(plan),
    }


def _entry(resource: dict[str, Any]) -> dict[str, Any]:
    return {"fullUrl": f"urn:uuid:{resource['id']}", "resource": resource}


def bundle_data(
    case: Case, evaluation: Evaluation, t: Translator, today: date | None = None
) -> dict[str, Any]:
    """The bundle as plain JSON data (not validated yet: see :func:`build_fhir_bundle`)."""
    cid = case.id
    patient = resource_id(cid, "patient")
    condition = resource_id(cid, "primary-cancer-condition")
    grade_obs = resource_id(cid, "grade")
    grade = evaluation.grade
    resources: list[dict[str, Any]] = [
        _patient(case, patient),
        _condition(case, grade, condition, patient, grade_obs, t),
        _grade_observation(case, grade, grade_obs, patient, condition, t),
    ]
    for i, marker in enumerate(case.markers):
        resources.append(_marker(marker, resource_id(cid, "marker", i), patient, condition, t))
    for i, row in enumerate(recist_rows(case)):
        if row.category is not None:
            uid = resource_id(cid, "disease-status", i)
            resources.append(
                _disease_status(row.date, row.category, row.sum_mm, uid, patient, condition, t)
            )
    for i, line in enumerate(ordered_lines(case.treatments)):
        resources.append(_treatment(line, resource_id(cid, "treatment", i), patient, condition, t))
    resources += _case_field_observations(case, patient, condition, t)
    stamp = today or date.today()
    plan = resource_id(cid, "options")
    resources.append(_options_plan(case, evaluation, plan, patient, condition, t))
    resources += _alert_flags(case, evaluation, patient, t)
    resources.append(_guidance(evaluation, resource_id(cid, "guidance"), patient, plan, stamp, t))
    return {
        "resourceType": "Bundle",
        "id": resource_id(cid, "bundle"),
        "language": t.lang,
        "identifier": {"system": CASE_ID_SYSTEM, "value": cid},
        "type": "collection",
        "timestamp": f"{stamp.isoformat()}T00:00:00Z",
        "entry": [_entry(r) for r in resources],
    }


def build_fhir_bundle(
    case: Case, evaluation: Evaluation, t: Translator, today: date | None = None
) -> Bundle:
    """The case as a validated FHIR R4B collection bundle (fhir.resources model)."""
    return Bundle.model_validate(bundle_data(case, evaluation, t, today))


def build_fhir_json(
    case: Case, evaluation: Evaluation, t: Translator, today: date | None = None
) -> str:
    """The bundle as FHIR JSON text, validated by fhir.resources.

    The text is the data that passed validation, written by :func:`json.dumps`: the same JSON
    as the model's own serialiser (a test compares them) in well under half the time, which
    matters for a case with thousands of marker values (benchmark: bench/bench_export_limits.py).
    Validation stays: a bundle that fhir.resources refuses is never written.
    """
    data = bundle_data(case, evaluation, t, today)
    Bundle.model_validate(data)
    return json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
