"""The facts the rules are written in: one typed, flat view of a case (:class:`Facts`).

Rule files never look at the raw case; they test these facts, and the loader checks every
condition against the type of the fact it names (:data:`FACT_SPECS`): an unknown fact, a
mis-spelt or mis-cased value, text where a number or true/false is expected are refused at
load. Each fact is derived here once, with the knowledge-base reading it encodes:

- ``track`` (sections 4, 5, 8.5): ``well_differentiated`` for NET G1/G2, NET G3 with Ki-67 up
  to the high-Ki-67 cut and lung/thymic carcinoids; ``aggressive`` for NEC, NET above that cut
  and a MiNEN whose neuroendocrine part is poorly differentiated or above the cut;
  ``minen_adenocarcinoma`` for a MiNEN whose neuroendocrine part is well differentiated
  (stated, or unknown with every measure <= the differentiation cut, as section 1 grades it)
  with Ki-67 up to the cut (rule TRACK-MINEN-BY-AGGRESSIVE-PART: driven by its adenocarcinoma);
  ``indeterminate``; ``out_of_scope``.
- ``setting`` (section 3): ``localised`` when the stage is localized or locally advanced and
  the team has not judged it unresectable; everything else is ``advanced``. An unstaged case
  without metastatic sites is read as localised (rule SETTING-UNSTAGED, alert
  ``staging_needed``).
- ``failed`` (contract "Trend definitions"): therapies of lines stopped for progression, or
  ongoing while the disease is progressive (given or derived). ``intolerant``: lines stopped
  for toxicity.
- ``working_line`` (8.1): the therapy of the current line (the contract's definition, among
  the lines that control disease: not observation, supportive care, telotristat, radiotherapy
  or a one-off procedure) when it is ongoing and the pace (given, else derived) is ``none``;
  ``anti_tumour_line_working`` when there is one.
- ``prrt_in_progress`` (8.15): a PRRT line ongoing, or ended with no stop reason and fewer
  cycles than a full course. ``prrt_interval_months`` / ``pe_interval_months`` (8.15): from
  the end of the last completed course to the earlier of the next anti-tumour line and the
  first PD assessment (rule INTERVAL-TO-PROGRESSION).
- ``standard_ssa_failed`` / ``escalated_ssa_failed`` (8.9, 8.15): an SSA line that failed at
  the standard 28-day dose, or at the escalated dose (agent "every 14 days", "every 2 weeks").
"""

from __future__ import annotations

import re
import types
import typing
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from netlogic.clinical.grading import GradeResult, is_digestive
from netlogic.model.case import Case, TreatmentLine
from netlogic.model.vocabulary import (
    THORACIC_SITES,
    Burden,
    Comorbidity,
    Differentiation,
    FunctionalSyndrome,
    GradeFamily,
    HereditarySyndrome,
    ImagingStatus,
    MetastaticSite,
    Mgmt,
    NecCellType,
    NodalStatus,
    PrimarySite,
    Progression,
    Response,
    Stage,
    StopReason,
    Therapy,
    YesNoUnknown,
)
from netlogic.reference.limits import limit
from netlogic.trends.progression import ProgressionResult
from netlogic.trends.recist import AssessmentRow, current_line

Track = Literal[
    "well_differentiated", "aggressive", "minen_adenocarcinoma", "indeterminate", "out_of_scope"
]
Setting = Literal["localised", "advanced"]
CarcinoidType = Literal["typical", "atypical"]
GastricType = Literal[1, 2, 3, "unknown"]
KNOWN_HEREDITARY = frozenset(
    {
        HereditarySyndrome.MEN1,
        HereditarySyndrome.MEN2,
        HereditarySyndrome.VHL,
        HereditarySyndrome.NF1,
        HereditarySyndrome.TSC,
    }
)
# Lines that are not the "next anti-tumour line" after a course (8.15).
NOT_A_NEXT_LINE = frozenset(
    {Therapy.RADIOTHERAPY, Therapy.SUPPORTIVE_CARE, Therapy.TELOTRISTAT, Therapy.OBSERVATION}
)
# Lines that do not "control the disease" in the sense of 8.1 (symptom control, procedures done
# once): the working line is the last-started ongoing line among the others
# (rule WORKING-LINE-SKIPS-SUPPORTIVE: an SSA stays the working line when telotristat is added).
NOT_A_WORKING_TREATMENT = frozenset(
    {
        Therapy.OBSERVATION,
        Therapy.SUPPORTIVE_CARE,
        Therapy.TELOTRISTAT,
        Therapy.RADIOTHERAPY,
        Therapy.SURGERY,
        Therapy.ENDOSCOPIC_RESECTION,
        Therapy.DEBULKING_SURGERY,
        Therapy.LIVER_TRANSPLANT,
    }
)
# CLARINET FORTE dosing written in an agent's text (English or French).
_ESCALATED_SSA = re.compile(
    r"14\s*(days|jours|d\b)|every\s*(2|two)\s*weeks|toutes\s*les\s*(2|deux)\s*semaines|q14d|q2w",
    re.IGNORECASE,
)
_NON_LIVER_SITES = {
    MetastaticSite.BONE,
    MetastaticSite.LUNG,
    MetastaticSite.PERITONEUM,
    MetastaticSite.BRAIN,
    MetastaticSite.OTHER,
}


class Facts(BaseModel):
    """Every fact a rule may name, with its type: the schema rule conditions are checked
    against. None means unknown (a comparison with an unknown value never holds)."""

    model_config = ConfigDict(frozen=True)

    # grade and tumour
    family: GradeFamily
    grade: Literal["G1", "G2", "G3"] | None
    track: Track
    carcinoid_type: CarcinoidType | None
    discordant: bool
    differentiation_needed: bool
    differentiation: Differentiation
    site: PrimarySite
    digestive: bool
    thoracic: bool
    pancreas: bool
    midgut: bool
    ki67: float | None
    nec_cell_type: NecCellType | None
    primary_size_mm: float | None
    gastric_type: GastricType
    sstr: ImagingStatus
    fdg: ImagingStatus
    sstr_fdg_mismatch: bool | None
    mgmt: Mgmt
    hereditary_syndrome: HereditarySyndrome
    known_hereditary_syndrome: bool
    # functional syndrome
    syndrome: bool
    syndrome_type: FunctionalSyndrome
    syndrome_uncontrolled: bool
    carcinoid_syndrome: bool
    # disease
    setting: Setting
    stage: Stage | None
    stage_given: bool
    nodal: NodalStatus
    metastatic_sites: frozenset[MetastaticSite]
    liver_mets: bool
    liver_predominant: bool
    liver_only: bool
    extrahepatic: bool
    liver_involvement: float | None
    portal_vein_thrombosis: bool
    biliodigestive_anastomosis: bool
    resectable: YesNoUnknown
    debulkable: bool | None
    primary_resected: bool | None
    burden: Burden
    symptomatic: bool
    stable_months: float | None
    # pace
    progression: Progression
    progression_entered: Progression
    progressive: bool
    recist_latest: Response | None
    # patient
    age: float | None
    ecog: int | None
    pregnant: bool | None
    comorbidities: frozenset[Comorbidity]
    # treatment history
    received: frozenset[Therapy]
    ongoing: frozenset[Therapy]
    failed: frozenset[Therapy]
    intolerant: frozenset[Therapy]
    working_line: Therapy | None
    anti_tumour_line_working: bool
    prrt_completed: bool
    prrt_in_progress: bool
    prrt_interval_months: float | None
    pe_completed: bool
    pe_interval_months: float | None
    chemoradiation_done: bool
    standard_ssa_failed: bool
    escalated_ssa_failed: bool
    # markers
    on_ppi: bool
    has_cga: bool
    u5hiaa_above_uln: bool
    ntprobnp_max_pgml: float | None
    # the therapy node being evaluated (set per node: lets a shared rule name its scope)
    therapy: Therapy | None = None
    # the options of this evaluation (set after the therapies are evaluated; for alerts)
    offered: frozenset[Therapy] = frozenset()

    def as_dict(self) -> dict[str, Any]:
        """The facts as the condition evaluator reads them (enums compare equal to text)."""
        return dict(self)


@dataclass(frozen=True)
class FactSpec:
    """What the loader knows of one fact: its kind and the values a rule may compare it to."""

    kind: Literal["enum", "bool", "number", "set"]
    nullable: bool = False
    values: frozenset[Any] | None = None  # enum facts
    members: frozenset[Any] | None = None  # set facts
    takes_therapy: bool = False  # ``$therapy`` is a value of it


def _allowed(annotation: Any) -> frozenset[Any] | None:
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return frozenset(str(m.value) for m in annotation)
    if typing.get_origin(annotation) is Literal:
        return frozenset(typing.get_args(annotation))
    return None


def _spec(annotation: Any) -> FactSpec:
    args = typing.get_args(annotation)
    nullable = (
        typing.get_origin(annotation) in (typing.Union, types.UnionType) and type(None) in args
    )
    if nullable:
        (annotation,) = [a for a in args if a is not type(None)]
    origin = typing.get_origin(annotation)
    if annotation is bool:
        return FactSpec("bool", nullable)
    if annotation in (int, float):
        return FactSpec("number", nullable)
    if origin is frozenset:
        (member,) = typing.get_args(annotation)
        return FactSpec("set", nullable, members=_allowed(member), takes_therapy=member is Therapy)
    return FactSpec(
        "enum", nullable, values=_allowed(annotation), takes_therapy=annotation is Therapy
    )


def fact_specs(model: type[BaseModel]) -> dict[str, FactSpec]:
    """What a condition may test, read off a facts model's field types."""
    return {name: _spec(field.annotation) for name, field in model.model_fields.items()}


FACT_SPECS: dict[str, FactSpec] = fact_specs(Facts)


class StepFacts(BaseModel):
    """The facts of one planned step of a treatment sequence (data/sequencing.yaml): the
    therapy planned, the line just before it, every earlier line, and how many of those were
    chemotherapy lines (cumulative marrow toxicity counts lines, not drugs)."""

    model_config = ConfigDict(frozen=True)

    therapy: Therapy
    previous_lines: frozenset[Therapy]
    prior_lines: frozenset[Therapy]
    prior_chemotherapy_lines: int


STEP_FACT_SPECS: dict[str, FactSpec] = fact_specs(StepFacts)


# --- derivation --------------------------------------------------------------------------


def _track(case: Case, grade: GradeResult) -> Track:
    family = grade.family
    ki67 = case.tumour.ki67_percent
    above_cut = ki67 is not None and ki67 > limit("high_ki67_net_cut")
    if family is GradeFamily.OUT_OF_SCOPE:
        return "out_of_scope"
    if family is GradeFamily.INDETERMINATE:
        return "indeterminate"
    if family is GradeFamily.NEC:
        return "aggressive"
    if family is GradeFamily.MINEN:
        return (
            "minen_adenocarcinoma" if _minen_ne_part_well(case) and not above_cut else "aggressive"
        )
    return "aggressive" if above_cut else "well_differentiated"


def _minen_ne_part_well(case: Case) -> bool:
    """8.5 with section 1's reading of an unstated differentiation (TRACK-MINEN-...)."""
    tumour = case.tumour
    if tumour.differentiation is Differentiation.WELL:
        return True
    if tumour.differentiation is Differentiation.POOR:
        return False
    measures = [v for v in (tumour.ki67_percent, tumour.mitotic_count) if v is not None]
    return bool(measures) and all(v <= limit("differentiation_cut") for v in measures)


def _setting(case: Case) -> Setting:
    disease = case.disease
    if disease.stage is None:
        return "advanced" if disease.metastatic_sites else "localised"
    if disease.stage is Stage.METASTATIC or disease.resectable is YesNoUnknown.NO:
        return "advanced"
    return "localised"


def _escalated(line: TreatmentLine) -> bool:
    return bool(line.agent and _ESCALATED_SSA.search(line.agent))


def _failed(line: TreatmentLine, progressive: bool) -> bool:
    return line.stop_reason is StopReason.PROGRESSION or (line.end is None and progressive)


def months_to_progression(
    case: Case, course: TreatmentLine, rows: list[AssessmentRow]
) -> float | None:
    """INTERVAL-TO-PROGRESSION (8.15): from the course's end to the earlier of the start of
    the next anti-tumour line and the first PD assessment after that end; None if neither."""
    end = course.end
    if end is None:
        return None
    ssa_through_course = any(
        line.therapy is Therapy.SSA and line.start <= end for line in case.treatments
    )
    next_starts = [
        line.start
        for line in case.treatments
        if line.start > end
        and line.therapy not in NOT_A_NEXT_LINE
        and not (line.therapy is Therapy.SSA and ssa_through_course)
    ]
    pd_dates = [r.date for r in rows if r.date > end and r.category is Response.PD]
    events: list[date] = [*next_starts, *pd_dates]
    if not events:
        return None
    return (min(events) - end).days / limit("days_per_month")


def _last(lines: list[TreatmentLine]) -> TreatmentLine | None:
    return max(reversed(lines), key=lambda line: line.end or line.start) if lines else None


def derive_facts(
    case: Case,
    grade: GradeResult,
    progression: ProgressionResult,
    rows: list[AssessmentRow],
    marker_facts: dict[str, Any] | None = None,
) -> Facts:
    """All facts of one case (knowledge base sections 2-8); pure and cheap."""
    tumour, disease, patient = case.tumour, case.disease, case.patient
    site = tumour.primary_site
    pace = progression.value
    progressive = pace in (Progression.SLOW, Progression.RAPID)
    sites = frozenset(disease.metastatic_sites)
    liver = MetastaticSite.LIVER in sites
    extrahepatic = disease.extrahepatic_disease is True or bool(sites & _NON_LIVER_SITES)
    syndrome = tumour.functional_syndrome is not FunctionalSyndrome.NONE
    lines = case.treatments

    running = current_line([x for x in lines if x.therapy not in NOT_A_WORKING_TREATMENT])
    working = running.therapy if running and running.ongoing and pace is Progression.NONE else None
    prrt_lines = [line for line in lines if line.therapy is Therapy.PRRT]
    full_course = limit("prrt_course_cycles")
    prrt_in_progress = any(
        line.ongoing
        or (line.stop_reason is None and line.cycles is not None and line.cycles < full_course)
        for line in prrt_lines
    )
    completed_prrt = _last([p for p in prrt_lines if p.stop_reason is StopReason.COMPLETED])
    pe_done = _last(
        [
            line
            for line in lines
            if line.therapy is Therapy.CHEMO_PLATINUM_ETOPOSIDE
            and line.end is not None
            and line.stop_reason in (StopReason.COMPLETED, None)
        ]
    )
    ssa_lines = [line for line in lines if line.therapy is Therapy.SSA]
    escalated_failed = any(_failed(s, progressive) and _escalated(s) for s in ssa_lines)
    standard_failed = not escalated_failed and any(
        _failed(s, progressive) and not _escalated(s) for s in ssa_lines
    )
    markers = {"u5hiaa_above_uln": False, "ntprobnp_max_pgml": None, **(marker_facts or {})}
    latest = rows[-1].category if rows else None
    gastric = tumour.gastric_type if tumour.gastric_type is not None else "unknown"

    return Facts(
        family=grade.family,
        grade=grade.grade.value if grade.grade else None,
        track=_track(case, grade),
        carcinoid_type={"Typical carcinoid": "typical", "Atypical carcinoid": "atypical"}.get(
            grade.label
        ),
        discordant=grade.discordant,
        differentiation_needed=grade.differentiation_needed,
        differentiation=tumour.differentiation,
        site=site,
        digestive=is_digestive(site),
        thoracic=site in THORACIC_SITES,
        pancreas=site is PrimarySite.PANCREAS,
        midgut=site is PrimarySite.SMALL_INTESTINE,
        ki67=tumour.ki67_percent,
        nec_cell_type=tumour.nec_cell_type,
        primary_size_mm=tumour.primary_size_mm,
        gastric_type=gastric,
        sstr=tumour.sstr_imaging,
        fdg=tumour.fdg_pet,
        sstr_fdg_mismatch=tumour.sstr_fdg_mismatch,
        mgmt=tumour.mgmt,
        hereditary_syndrome=tumour.hereditary_syndrome,
        known_hereditary_syndrome=tumour.hereditary_syndrome in KNOWN_HEREDITARY,
        syndrome=syndrome,
        syndrome_type=tumour.functional_syndrome,
        syndrome_uncontrolled=syndrome and tumour.syndrome_controlled is not True,
        carcinoid_syndrome=tumour.functional_syndrome is FunctionalSyndrome.CARCINOID,
        setting=_setting(case),
        stage=disease.stage,
        stage_given=disease.stage is not None,
        nodal=disease.nodal_status,
        metastatic_sites=sites,
        liver_mets=liver,
        liver_predominant=liver and not extrahepatic,
        liver_only=liver and sites <= {MetastaticSite.LIVER},
        extrahepatic=extrahepatic,
        liver_involvement=disease.liver_involvement_percent,
        portal_vein_thrombosis=disease.portal_vein_thrombosis,
        biliodigestive_anastomosis=disease.biliodigestive_anastomosis,
        resectable=disease.resectable,
        debulkable=disease.debulkable_over_70_percent,
        primary_resected=disease.primary_resected,
        burden=disease.tumour_burden,
        symptomatic=disease.symptomatic,
        stable_months=disease.stable_months,
        progression=pace,
        progression_entered=disease.progression,
        progressive=progressive,
        recist_latest=latest,
        age=patient.age_years,
        ecog=patient.ecog,
        pregnant=patient.pregnant,
        comorbidities=frozenset(case.comorbidities),
        received=frozenset(line.therapy for line in lines),
        ongoing=frozenset(line.therapy for line in lines if line.ongoing),
        failed=frozenset(line.therapy for line in lines if _failed(line, progressive)),
        intolerant=frozenset(
            line.therapy for line in lines if line.stop_reason is StopReason.TOXICITY
        ),
        working_line=working,
        anti_tumour_line_working=working is not None,
        prrt_completed=completed_prrt is not None,
        prrt_in_progress=prrt_in_progress,
        prrt_interval_months=months_to_progression(case, completed_prrt, rows)
        if completed_prrt
        else None,
        pe_completed=pe_done is not None,
        pe_interval_months=months_to_progression(case, pe_done, rows) if pe_done else None,
        chemoradiation_done=pe_done is not None
        and any(line.therapy is Therapy.RADIOTHERAPY for line in lines),
        standard_ssa_failed=standard_failed,
        escalated_ssa_failed=escalated_failed,
        on_ppi=case.on_ppi,
        has_cga=any(m.name.value == "chromogranin_a" for m in case.markers),
        u5hiaa_above_uln=bool(markers["u5hiaa_above_uln"]),
        ntprobnp_max_pgml=markers["ntprobnp_max_pgml"],
    )
