"""Records of the multidisciplinary tumour-board meeting (RCP): participants, agenda, decisions.

Plain data, like :mod:`netlogic.model.case`: the store persists these records and the
``netlogic.meetings`` package computes over them (quorum, status of a decision against the
pathway, concordance). They live in ``model`` so that the store can keep them without
importing the clinical engine.

Every text a clinician types here is plain text with a bounded length and no control
characters (a newline is allowed in the long texts only): it is printed in the minutes PDF
and shown in the app as entered, never interpreted.
"""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from netlogic.model.bounds import TODAY_MAX, TODAY_MIN
from netlogic.model.vocabulary import Status, Therapy

MEETING_NAME_LENGTH = 200
PARTICIPANT_NAME_LENGTH = 80
TRIAL_NAME_LENGTH = 200
LONG_TEXT_LENGTH = 2000
MAX_PARTICIPANTS = 60
QUORUM_SPECIALTIES = 3


class Specialty(StrEnum):
    """Specialties of the physicians at the meeting (the CLI's ``INITIALS:SPECIALTY``)."""

    ONCOLOGY = "oncology"
    GASTROENTEROLOGY = "gastroenterology"
    SURGERY = "surgery"
    RADIOLOGY = "radiology"
    NUCLEAR_MEDICINE = "nuclear_medicine"
    PATHOLOGY = "pathology"
    ENDOCRINOLOGY = "endocrinology"
    OTHER = "other"


class DecisionType(StrEnum):
    TREATMENT = "treatment"
    SURVEILLANCE = "surveillance"
    TESTS = "tests"
    TRIAL = "trial"
    SUPPORTIVE_CARE = "supportive_care"


class Concordance(StrEnum):
    """Where a decision stands against the options the pathway offered at the meeting."""

    WITHIN_RECOMMENDED = "within_recommended"  # every therapy decided was recommended
    WITHIN_OPTION = "within_option"  # every therapy was offered, at least one as an option
    OUTSIDE_OFFERED = "outside_offered"  # at least one therapy was not offered


def _plain(text: str, *, multiline: bool) -> str:
    """Refuse control characters (a newline or tab only in long texts); strip the ends."""
    allowed = {"\n", "\t", "\r"} if multiline else set()
    for ch in text:
        if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co") and ch not in allowed:
            raise ValueError(f"contains a control character (U+{ord(ch):04X}); use plain text")
    return text.strip()


def _single_line(text: str) -> str:
    return _plain(text, multiline=False)


def _multi_line(text: str) -> str:
    return _plain(text, multiline=True)


Line = Annotated[str, AfterValidator(_single_line)]
LongText = Annotated[str, AfterValidator(_multi_line)]


# ``date`` is also a field name of MeetingDetails: its validator names the type this way.
Day = date


class MeetingModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Participant(MeetingModel):
    """One physician present: initials or a name (the app stores what is typed), specialty."""

    name: Annotated[Line, Field(min_length=1, max_length=PARTICIPANT_NAME_LENGTH)]
    specialty: Specialty

    @field_validator("name")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value:
            raise ValueError("a participant needs a name or initials")
        return value


class MeetingDetails(MeetingModel):
    """What a meeting is: its date, name and who is present (one version of the meeting)."""

    date: date
    name: Annotated[Line, Field(min_length=1, max_length=MEETING_NAME_LENGTH)]
    participants: Annotated[list[Participant], Field(max_length=MAX_PARTICIPANTS)]

    @field_validator("name")
    @classmethod
    def _name_not_blank(cls, value: str) -> str:
        if not value:
            raise ValueError("a meeting needs a name, for example 'RCP TNE regionale'")
        return value

    @field_validator("date")
    @classmethod
    def _date_in_range(cls, value: Day) -> Day:
        # The pinned case is evaluated on this day: the same range as an evaluation date.
        if not TODAY_MIN <= value <= TODAY_MAX:
            raise ValueError(
                f"a meeting date lies between {TODAY_MIN.isoformat()} and {TODAY_MAX.isoformat()}"
            )
        return value

    @field_validator("participants")
    @classmethod
    def _each_person_once(cls, value: list[Participant]) -> list[Participant]:
        # QUORUM-DISTINCT-PEOPLE: one person listed under three specialties is still one
        # physician; the quorum needs three people of three specialties.
        seen: set[str] = set()
        for person in value:
            key = " ".join(person.name.casefold().split())
            if key in seen:
                raise ValueError(
                    f"{person.name} is listed twice: give each participant once, with the "
                    "specialty they represent at this meeting"
                )
            seen.add(key)
        return value


class DecisionInput(MeetingModel):
    """The decision as entered at the meeting for one case on its agenda."""

    therapies: Annotated[list[Therapy], Field(min_length=1)]
    type: DecisionType
    text: Annotated[LongText, Field(max_length=LONG_TEXT_LENGTH)] | None = None
    justification: Annotated[LongText, Field(max_length=LONG_TEXT_LENGTH)] | None = None
    trial: Annotated[Line, Field(max_length=TRIAL_NAME_LENGTH)] | None = None
    next_review: date | None = None

    @field_validator("therapies")
    @classmethod
    def _distinct(cls, value: list[Therapy]) -> list[Therapy]:
        # Kept in the order entered, each therapy once (the order says what comes first).
        return list(dict.fromkeys(value))

    @field_validator("text", "justification", "trial")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        return value or None


class AgendaItem(MeetingModel):
    """A case on the agenda, pinned to the version that is presented."""

    position: int
    case_id: str
    case_version: int
    question: str | None
    added_by: str
    added_at: datetime


class Decision(MeetingModel):
    """A recorded decision, as it was: statuses and rule set are those of the meeting day.

    ``options`` is every node of the pathway tree with its status for the pinned case version
    (what the meeting was shown); ``status_at_decision`` is the status of each therapy decided.
    """

    meeting_id: str
    case_id: str
    case_version: int
    ruleset_version: str
    therapies: list[Therapy]
    type: DecisionType
    text: str | None
    status_at_decision: dict[Therapy, Status]
    options: dict[Therapy, Status]
    concordance: Concordance
    justification: str | None
    trial: str | None
    next_review: date | None
    quorum: bool
    recorded_by: str
    recorded_at: datetime

    @property
    def present_again(self) -> bool:
        """Taken without quorum: the case goes back on a later agenda."""
        return not self.quorum


__all__ = [
    "LONG_TEXT_LENGTH",
    "MEETING_NAME_LENGTH",
    "PARTICIPANT_NAME_LENGTH",
    "QUORUM_SPECIALTIES",
    "TRIAL_NAME_LENGTH",
    "AgendaItem",
    "Concordance",
    "Decision",
    "DecisionInput",
    "DecisionType",
    "MeetingDetails",
    "Participant",
    "Specialty",
]
