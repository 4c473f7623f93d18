"""The case: one patient's tumour, disease, history and measurements (contract v1).

Every field, bound and default follows shared/contract/case-format.md. Only
``schema_version``, ``id`` and ``tumour.primary_site`` are required; everything else defaults
to unknown or empty. Keys this version does not know are kept (``extra="allow"``) so a case
written by another tool survives a round trip through ours.

Dates are validated against an evaluation date passed in the validation context
(``{"today": date}``); see :func:`netlogic.model.case_io.parse_case`.

Beyond the contract's own ranges every number, text and list has an upper bound, and text
refuses lone surrogates, NUL and control characters (line breaks only in notes): the values
are in :mod:`netlogic.model.bounds`, documented in docs/limits.md.
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

from netlogic.model.bounds import (
    AGENT_CHARS,
    CYCLES_MAX,
    DATE_MIN,
    IMAGING_MAX,
    MARKER_VALUE_MAX,
    MARKERS_MAX,
    MEETING_QUESTION_CHARS,
    MITOTIC_COUNT_MAX,
    NOTE_CHARS,
    NOTES_CHARS,
    NUMBER_DIGITS,
    PRIMARY_SIZE_MM_MAX,
    SMALL_LIST_MAX,
    STABLE_MONTHS_MAX,
    SUM_DIAMETERS_MM_MAX,
    TREATMENTS_MAX,
    UNIT_CHARS,
    shown,
    text_problem,
)
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


def _within_dates(value: date, info: ValidationInfo) -> date:
    """Not before DATE_MIN (netlogic.model.bounds), not after the evaluation date (contract)."""
    if value < DATE_MIN:
        # Year 0001 is a typing slip, and no export (PDF, zip) can date anything that early.
        raise PydanticCustomError(
            "date_too_early",
            "is before {earliest} (got {value})",
            {"value": value.isoformat(), "earliest": DATE_MIN.isoformat()},
        )
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
            "number", "must be a number (got {given})", {"given": shown(value)}
        )
    if isinstance(value, int) and abs(value) >= 10**NUMBER_DIGITS:
        # A 5000-digit integer cannot even become a float; no bound below would see it.
        raise PydanticCustomError(
            "number_too_long",
            "has more than {digits} digits",
            {"digits": NUMBER_DIGITS},
        )
    return value


def _json_bool(value: Any) -> Any:
    """Refuse numbers and text (``1``, ``"yes"``) where the contract has true or false."""
    if value is not None and not isinstance(value, bool):
        raise PydanticCustomError(
            "bool", "must be true or false (got {given})", {"given": shown(value)}
        )
    return value


def _gastric_type(value: Any) -> Any:
    """1, 2, 3 or "unknown" exactly: ``true`` or ``"1"`` would be a different, silent reading."""
    if value is None or (isinstance(value, str) and value == "unknown"):
        return value
    if isinstance(value, int) and not isinstance(value, bool) and value in (1, 2, 3):
        return value
    raise PydanticCustomError(
        "gastric_type", 'must be 1, 2, 3 or "unknown" (got {given})', {"given": shown(value)}
    )


def _blank_note(value: Any) -> Any:
    """An empty note cell arrives as null (a table, another tool): no note, not an error.
    The contract writes "no note" as "", so that is what is kept."""
    return "" if value is None else value


def _plain_line(value: str) -> str:
    return _clean(value, multiline=False)


def _plain_text(value: str) -> str:
    return _clean(value, multiline=True)


def _clean(value: str, multiline: bool) -> str:
    """Refuse text no store, export or screen can hold (netlogic.model.bounds.text_problem)."""
    problem = text_problem(value, multiline)
    if problem is not None:
        raise PydanticCustomError(f"text_{problem}", "contains a character that is not allowed")
    return value


# Text fields: one line (no control characters) or a note (line breaks allowed), each bounded.
UnitText = Annotated[str, Field(max_length=UNIT_CHARS), AfterValidator(_plain_line)]
AgentText = Annotated[str, Field(max_length=AGENT_CHARS), AfterValidator(_plain_line)]
NoteText = Annotated[str, Field(max_length=NOTE_CHARS), AfterValidator(_plain_text)]
QuestionText = Annotated[str, Field(max_length=MEETING_QUESTION_CHARS), AfterValidator(_plain_text)]
NotesText = Annotated[str, Field(max_length=NOTES_CHARS), AfterValidator(_plain_text)]


GastricType = Annotated[Literal[1, 2, 3, "unknown"], BeforeValidator(_gastric_type)]
IsoDate = Annotated[date, BeforeValidator(_parse_iso_date), AfterValidator(_within_dates)]
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
    mitotic_count: Annotated[float, Number, Field(ge=0, le=MITOTIC_COUNT_MAX)] | None = None
    necrosis: Necrosis = Necrosis.UNKNOWN
    nec_cell_type: NecCellType | None = None
    non_ne_component_percent: Percent | None = None
    primary_size_mm: Annotated[float, Number, Field(gt=0, le=PRIMARY_SIZE_MM_MAX)] | None = None
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
    metastatic_sites: list[MetastaticSite] = Field(default_factory=list, max_length=SMALL_LIST_MAX)
    liver_involvement_percent: Percent | None = None
    extrahepatic_disease: Flag | None = None
    resectable: YesNoUnknown = YesNoUnknown.UNKNOWN
    debulkable_over_70_percent: Flag | None = None
    primary_resected: Flag | None = None
    tumour_burden: Burden = Burden.UNKNOWN
    symptomatic: Flag = False
    progression: Progression = Progression.UNKNOWN
    stable_months: Annotated[float, Number, Field(ge=0, le=STABLE_MONTHS_MAX)] | None = None
    portal_vein_thrombosis: Flag = False
    biliodigestive_anastomosis: Flag = False


class MarkerValue(ContractModel):
    date: IsoDate
    name: MarkerName
    value: Annotated[float, Number, Field(ge=0, le=MARKER_VALUE_MAX)]
    unit: UnitText = ""
    uln: Annotated[float, Number, Field(gt=0, le=MARKER_VALUE_MAX)] | None = None


class ImagingStudy(ContractModel):
    date: IsoDate
    modality: Modality
    sum_diameters_mm: Annotated[float, Number, Field(ge=0, le=SUM_DIAMETERS_MM_MAX)] | None = None
    new_lesions: Flag = False
    non_target_progression: Flag = False
    note: Annotated[NoteText, BeforeValidator(_blank_note)] = ""


class TreatmentLine(ContractModel):
    therapy: Therapy
    agent: AgentText | None = None
    start: IsoDate
    end: IsoDate | None = None
    best_response: Response | None = None
    stop_reason: StopReason | None = None
    cycles: Annotated[int, Number, Field(ge=0, le=CYCLES_MAX)] | None = None

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
    comorbidities: list[Comorbidity] = Field(default_factory=list, max_length=SMALL_LIST_MAX)
    on_ppi: Flag = False
    markers: list[MarkerValue] = Field(default_factory=list, max_length=MARKERS_MAX)
    imaging: list[ImagingStudy] = Field(default_factory=list, max_length=IMAGING_MAX)
    treatments: list[TreatmentLine] = Field(default_factory=list, max_length=TREATMENTS_MAX)
    # Optional additions of this project (the contract allows added optional fields).
    meeting_question: QuestionText | None = Field(
        default=None, description="The question put to the multidisciplinary meeting."
    )
    notes: NotesText | None = Field(default=None, description="Free-text clinical note.")

    def to_contract_json(self) -> dict[str, Any]:
        """The case as a contract JSON object (dates ISO, enums as their values)."""
        return self.model_dump(mode="json", exclude_none=False)
