"""The facts the pathway rules are written in: one flat, named view of a case.

Rule files never look at the raw case; they test these facts (``data/pathway/*.yaml``), and
the loader refuses a rule that names an unknown fact. Each fact is derived here once, with
the knowledge-base reading it encodes:

- ``track`` (knowledge base sections 4-5): ``well_differentiated`` for NET G1/G2, NET G3 with
  Ki-67 <= 55% and lung/thymic carcinoids; ``aggressive`` for NEC, MiNEN (managed as its more
  aggressive component, rule TRACK-MINEN) and NET with Ki-67 > 55%; ``indeterminate``;
  ``out_of_scope``.
- ``setting`` (section 3): ``localised`` when the stage is localized or locally advanced and
  the team has not judged it unresectable; everything else is ``advanced`` (a locally advanced
  tumour that cannot be resected is treated as advanced disease). An unstaged case without
  metastatic sites is read as localised (rule SETTING-UNSTAGED, with the alert
  ``staging_needed``).
- ``failed`` (contract, "Trend definitions"): therapies of lines stopped for progression, or
  ongoing while the disease is progressive (given or derived).
- ``intolerant``: therapies of lines stopped for toxicity (intolerance, which the lung PRRT
  rule reads as a contraindication of everolimus).
"""

from __future__ import annotations

from typing import Any

from netlogic.clinical.grading import GradeResult, is_digestive
from netlogic.model.case import Case
from netlogic.model.vocabulary import (
    THORACIC_SITES,
    FunctionalSyndrome,
    GradeFamily,
    MetastaticSite,
    PrimarySite,
    Progression,
    Stage,
    StopReason,
    YesNoUnknown,
)
from netlogic.trends.progression import ProgressionResult

HIGH_KI67_NET_CUT = 55.0
_NON_LIVER_SITES = {
    MetastaticSite.BONE,
    MetastaticSite.LUNG,
    MetastaticSite.PERITONEUM,
    MetastaticSite.BRAIN,
    MetastaticSite.OTHER,
}

# Every fact a rule may name, with its kind (used to check rule files at load).
FACT_KINDS: dict[str, str] = {
    "family": "enum",
    "grade": "enum",
    "track": "enum",
    "site": "enum",
    "digestive": "bool",
    "thoracic": "bool",
    "pancreas": "bool",
    "midgut": "bool",
    "ki67": "number",
    "nec_cell_type": "enum",
    "setting": "enum",
    "stage": "enum",
    "stage_given": "bool",
    "progression": "enum",
    "progressive": "bool",
    "burden": "enum",
    "symptomatic": "bool",
    "syndrome": "bool",
    "syndrome_type": "enum",
    "syndrome_uncontrolled": "bool",
    "carcinoid_syndrome": "bool",
    "sstr": "enum",
    "mgmt": "enum",
    "liver_mets": "bool",
    "liver_predominant": "bool",
    "liver_only": "bool",
    "extrahepatic": "bool",
    "liver_involvement": "number",
    "portal_vein_thrombosis": "bool",
    "biliodigestive_anastomosis": "bool",
    "resectable": "enum",
    "debulkable": "bool",
    "primary_resected": "bool",
    "primary_size_mm": "number",
    "age": "number",
    "stable_months": "number",
    "comorbidities": "set",
    "failed": "set",
    "received": "set",
    "intolerant": "set",
    "ongoing": "set",
    "prrt_completed": "bool",
    "offered": "set",
    "on_ppi": "bool",
    "has_cga": "bool",
    "u5hiaa_above_uln": "bool",
    "ntprobnp_max_pgml": "number",
    "hereditary_syndrome": "enum",
    "discordant": "bool",
    "differentiation_needed": "bool",
    "carcinoid_type": "enum",
}
_CARCINOID_TYPES = {"Typical carcinoid": "typical", "Atypical carcinoid": "atypical"}


def _track(grade: GradeResult) -> str:
    family = grade.family
    if family is GradeFamily.OUT_OF_SCOPE:
        return "out_of_scope"
    if family is GradeFamily.INDETERMINATE:
        return "indeterminate"
    if family in (GradeFamily.NEC, GradeFamily.MINEN):
        return "aggressive"
    return "well_differentiated"


def _setting(case: Case) -> str:
    disease = case.disease
    stage = disease.stage
    if stage is None:
        return "advanced" if disease.metastatic_sites else "localised"
    if stage is Stage.METASTATIC or disease.resectable is YesNoUnknown.NO:
        return "advanced"
    return "localised"


def derive_facts(
    case: Case,
    grade: GradeResult,
    progression: ProgressionResult,
    marker_facts: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """All facts of one case (knowledge base sections 2-5); pure and cheap (< 0.1 ms)."""
    tumour, disease = case.tumour, case.disease
    site = tumour.primary_site
    ki67 = tumour.ki67_percent
    track = _track(grade)
    if track == "well_differentiated" and ki67 is not None and ki67 > HIGH_KI67_NET_CUT:
        track = "aggressive"
    pace = progression.value
    progressive = pace in (Progression.SLOW, Progression.RAPID)
    sites = set(disease.metastatic_sites)
    liver = MetastaticSite.LIVER in sites
    extrahepatic = disease.extrahepatic_disease is True or bool(sites & _NON_LIVER_SITES)
    syndrome = tumour.functional_syndrome is not FunctionalSyndrome.NONE

    failed: set[str] = set()
    received: set[str] = set()
    intolerant: set[str] = set()
    ongoing: set[str] = set()
    prrt_completed = False
    for line in case.treatments:
        therapy = line.therapy.value
        received.add(therapy)
        if line.end is None:
            ongoing.add(therapy)
            if progressive:
                failed.add(therapy)
        if line.stop_reason is StopReason.PROGRESSION:
            failed.add(therapy)
        elif line.stop_reason is StopReason.TOXICITY:
            intolerant.add(therapy)
        if line.therapy.value == "prrt" and line.stop_reason is StopReason.COMPLETED:
            prrt_completed = True

    facts: dict[str, Any] = {
        "family": grade.family.value,
        "grade": grade.grade.value if grade.grade else None,
        "track": track,
        "site": site.value,
        "digestive": is_digestive(site),
        "thoracic": site in THORACIC_SITES,
        "pancreas": site is PrimarySite.PANCREAS,
        "midgut": site is PrimarySite.SMALL_INTESTINE,
        "ki67": ki67,
        "nec_cell_type": tumour.nec_cell_type.value if tumour.nec_cell_type else None,
        "setting": _setting(case),
        "stage": disease.stage.value if disease.stage else None,
        "stage_given": disease.stage is not None,
        "progression": pace.value,
        "progressive": progressive,
        "burden": disease.tumour_burden.value,
        "symptomatic": disease.symptomatic,
        "syndrome": syndrome,
        "syndrome_type": tumour.functional_syndrome.value,
        "syndrome_uncontrolled": syndrome and tumour.syndrome_controlled is not True,
        "carcinoid_syndrome": tumour.functional_syndrome is FunctionalSyndrome.CARCINOID,
        "sstr": tumour.sstr_imaging.value,
        "mgmt": tumour.mgmt.value,
        "liver_mets": liver,
        "liver_predominant": liver and not extrahepatic,
        "liver_only": liver and sites <= {MetastaticSite.LIVER},
        "extrahepatic": extrahepatic,
        "liver_involvement": disease.liver_involvement_percent,
        "portal_vein_thrombosis": disease.portal_vein_thrombosis,
        "biliodigestive_anastomosis": disease.biliodigestive_anastomosis,
        "resectable": disease.resectable.value,
        "debulkable": disease.debulkable_over_70_percent,
        "primary_resected": disease.primary_resected,
        "primary_size_mm": tumour.primary_size_mm,
        "age": case.patient.age_years,
        "stable_months": disease.stable_months,
        "comorbidities": {c.value for c in case.comorbidities},
        "failed": failed,
        "received": received,
        "intolerant": intolerant,
        "ongoing": ongoing,
        "prrt_completed": prrt_completed,
        "offered": set(),
        "on_ppi": case.on_ppi,
        "has_cga": any(m.name.value == "chromogranin_a" for m in case.markers),
        "u5hiaa_above_uln": False,
        "ntprobnp_max_pgml": None,
        "hereditary_syndrome": tumour.hereditary_syndrome.value,
        "discordant": grade.discordant,
        "differentiation_needed": grade.differentiation_needed,
        "carcinoid_type": _CARCINOID_TYPES.get(grade.label),
    }
    if marker_facts:
        facts.update(marker_facts)
    return facts
