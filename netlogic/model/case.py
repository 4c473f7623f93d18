"""The case: one patient's tumour, disease, history and measurements (contract v1).

Every field, bound and default follows shared/contract/case-format.md. Only
``schema_version``, ``id`` and ``tumour.primary_site`` are required; everything else defaults
to unknown or empty. Keys this version does not know are kept (``extra="allow"``) so a case
written by another tool survives a round trip through ours.

Dates are validated against an evaluation date passed in the validation context
(``{"today": date}``); see :func:`netlogic.model.case_io.parse_case`.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    model_validator,
)
from pydantic_core import PydanticCustomError

from netlogic.model.vocabulary import (
    Burden,
    Comorbidity,
    Differentiation,
    FunctionalSyndrome,
    HereditarySyndrome,
    ImagingStatus,
    MarkerName,
    MetastaticSite,
    Mgmt,
    Modality,
    NecCellType,
    Necrosis,
    NodalStatus,
    PrimarySite,
    Progression,
    Response,
    Sex,
    Stage,
    StopReason,
    Therapy,
    YesNoUnknown,
)

SCHEMA_VERSION = "1"
CASE_ID_PATTERN = r"^[A-Za-z0-9._-]{1,64}$"
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _parse_iso_date(value: Any) -> Any:
    """Accept only calendar dates written YYYY-MM-DD (or date objects from the app).

    Pydantic's lax mode would also take Unix timestamps and other spellings; a clinical
    record must not silently turn a number into a date.
    """
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _ISO_DATE.match(value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            raise PydanticCustomError(
                "date_not_real", "is not a real calendar date (expected YYYY-MM-DD)"
            ) from None
    raise PydanticCustomError("date_format", "must be a date written YYYY-MM-DD")


def _not_in_future(value: date, info: ValidationInfo) -> date:
    today = (info.context or {}).get("today") if isinstance(info.context, dict) else None
    if isinstance(today, date) and value > today:
        raise PydanticCustomError(
            "date_in_future",
            "lies in the future ({value} is after {today})",
            {"value": value.isoformat(), "today": today.isoformat()},
        )
    return value


def _json_number(value: Any) -> Any:
    """Refuse true/false and text where the contract has a number.

    Pydantic's lax mode reads ``true`` as 1 and ``"100"`` as 100: a Ki-67 of ``true`` would
    be graded as 1%, and a sum of diameters of ``true`` would read as a 1 mm scan.
    """
    if isinstance(value, bool | str):
        raise PydanticCustomError(
            "number", "must be a number (got {given})", {"given": repr(value)}
        )
    return value


def _json_bool(value: Any) -> Any:
    """Refuse numbers and text (``1``, ``"yes"``) where the contract has true or false."""
    if value is not None and not isinstance(value, bool):
        raise PydanticCustomError(
            "bool", "must be true or false (got {given})", {"given": repr(value)}
        )
    return value


def _gastric_type(value: Any) -> Any:
    """1, 2, 3 or "unknown" exactly: ``true`` or ``"1"`` would be a different, silent reading."""
    if value is None or (isinstance(value, str) and value == "unknown"):
        return value
    if isinstance(value, int) and not isinstance(value, bool) and value in (1, 2, 3):
        return value
    raise PydanticCustomError(
        "gastric_type", 'must be 1, 2, 3 or "unknown" (got {given})', {"given": repr(value)}
    )


def _blank_note(value: Any) -> Any:
    """An empty note cell arrives as null (a table, another tool): no note, not an error.
    The contract writes "no note" as "", so that is what is kept."""
    return "" if value is None else value


GastricType = Annotated[Literal[1, 2, 3, "unknown"], BeforeValidator(_gastric_type)]
IsoDate = Annotated[date, BeforeValidator(_parse_iso_date), AfterValidator(_not_in_future)]
Number = BeforeValidator(_json_number)
Flag = Annotated[bool, BeforeValidator(_json_bool)]
Percent = Annotated[float, Number, Field(ge=0, le=100)]


class ContractModel(BaseModel):
    """Shared settings: NaN and infinity are refused; unknown keys are kept, not dropped."""

    model_config = ConfigDict(
        extra="allow", allow_inf_nan=False, validate_assignment=False, use_enum_values=False
    )


class Patient(ContractModel):
    age_years: Annotated[float, Number, Field(ge=0, le=120)] | None = None
    sex: Sex = Sex.UNKNOWN
    ecog: Annotated[int, Number, Field(ge=0, le=4)] | None = None
    # Ruleset 2027 (contract "Additions"): pregnancy now.
    pregnant: Flag | None = None


class Tumour(ContractModel):
    primary_site: PrimarySite
    differentiation: Differentiation = Differentiation.UNKNOWN
    ki67_percent: Percent | None = None
    mitotic_count: Annotated[float, Number, Field(ge=0)] | None = None
    necrosis: Necrosis = Necrosis.UNKNOWN
    nec_cell_type: NecCellType | None = None
    non_ne_component_percent: Percent | None = None
    primary_size_mm: Annotated[float, Number, Field(gt=0)] | None = None
    functional_syndrome: FunctionalSyndrome = FunctionalSyndrome.NONE
    syndrome_controlled: Flag | None = None
    sstr_imaging: ImagingStatus = ImagingStatus.UNKNOWN
    fdg_pet: ImagingStatus = ImagingStatus.UNKNOWN
    mgmt: Mgmt = Mgmt.UNKNOWN
    pdl1_percent: Percent | None = None
    hereditary_syndrome: HereditarySyndrome = HereditarySyndrome.UNKNOWN
    family_history: Flag | None = None
    # Ruleset 2027 (contract "Additions"): gastric NET type; FDG-avid lesions without SSTR uptake.
    gastric_type: GastricType | None = None
    sstr_fdg_mismatch: Flag | None = None


class Disease(ContractModel):
    # The contract gives no "unknown" stage; None means the team has not staged the case.
    stage: Stage | None = None
    nodal_status: NodalStatus = NodalStatus.UNKNOWN
    metastatic_sites: list[MetastaticSite] = Field(default_factory=list)
    liver_involvement_percent: Percent | None = None
    extrahepatic_disease: Flag | None = None
    resectable: YesNoUnknown = YesNoUnknown.UNKNOWN
    debulkable_over_70_percent: Flag | None = None
    primary_resected: Flag | None = None
    tumour_burden: Burden = Burden.UNKNOWN
    symptomatic: Flag = False
    progression: Progression = Progression.UNKNOWN
    stable_months: Annotated[float, Number, Field(ge=0)] | None = None
    portal_vein_thrombosis: Flag = False
    biliodigestive_anastomosis: Flag = False


class MarkerValue(ContractModel):
    date: IsoDate
    name: MarkerName
    value: Annotated[float, Number, Field(ge=0)]
    unit: str = ""
    uln: Annotated[float, Number, Field(gt=0)] | None = None


class ImagingStudy(ContractModel):
    date: IsoDate
    modality: Modality
    sum_diameters_mm: Annotated[float, Number, Field(ge=0)] | None = None
    new_lesions: Flag = False
    non_target_progression: Flag = False
    note: Annotated[str, BeforeValidator(_blank_note)] = ""


class TreatmentLine(ContractModel):
    therapy: Therapy
    agent: str | None = None
    start: IsoDate
    end: IsoDate | None = None
    best_response: Response | None = None
    stop_reason: StopReason | None = None
    cycles: Annotated[int, Number, Field(ge=0)] | None = None

    @model_validator(mode="after")
    def _end_not_before_start(self) -> TreatmentLine:
        if self.end is not None and self.end < self.start:
            raise PydanticCustomError(
                "end_before_start",
                ", end date {end} is before start date {start}",
                {"end": self.end.isoformat(), "start": self.start.isoformat()},
            )
        return self

    @property
    def ongoing(self) -> bool:
        return self.end is None


class Case(ContractModel):
    schema_version: Literal["1"]
    id: Annotated[str, Field(pattern=CASE_ID_PATTERN)]
    patient: Patient = Field(default_factory=Patient)
    tumour: Tumour
    disease: Disease = Field(default_factory=Disease)
    comorbidities: list[Comorbidity] = Field(default_factory=list)
    on_ppi: Flag = False
    markers: list[MarkerValue] = Field(default_factory=list)
    imaging: list[ImagingStudy] = Field(default_factory=list)
    treatments: list[TreatmentLine] = Field(default_factory=list)
    # Optional additions of this project (the contract allows added optional fields).
    meeting_question: str | None = Field(
        default=None, description="The question put to the multidisciplinary meeting."
    )
    notes: str | None = Field(default=None, description="Free-text clinical note.")

    def to_contract_json(self) -> dict[str, Any]:
        """The case as a contract JSON object (dates ISO, enums as their values)."""
        return self.model_dump(mode="json", exclude_none=False)
