"""The multidisciplinary tumour-board meeting (RCP): agenda, quorum, the decision recorded
against the pathway, and the concordance of decisions with the guideline (issue "The
tumour-board meeting").

Depends on ``model``, ``clinical`` (a decision's status comes from evaluating the pinned case
version at the meeting date) and ``store`` (meetings are kept in the case store, append-only).

API for the pages and the CLI (``store`` is an open :class:`netlogic.store.repository.CaseStore`;
every function raises :class:`MeetingInputError` (``.field``, ``.message``) for bad input,
:class:`MeetingNotFoundError` / ``CaseNotFoundError`` for an unknown id
(both are ``StoreError``), and ``StoreUnavailableError`` when the database cannot be used)::

    create_meeting(store, *, meeting_date, name, participants: Sequence[Participant], author)
        -> str                                    # the new meeting id
    revise_meeting(store, meeting_id, *, meeting_date, name, participants, author) -> int
    add_case(store, meeting_id, case_id, author) -> AgendaItem   # pins the latest version
    options_at_meeting(store, meeting_id, case_id) -> OptionsAtMeeting  # for the decision form
    record_decision(store, meeting_id, case_id, DecisionInput(...), author) -> Decision
    load_meeting(store, meeting_id) -> MeetingView   # .quorum, .agenda[i].decision, .to_json()
    list_meetings(store) -> list[MeetingSummary]     # newest first
    case_decisions(store, case_id) -> list[CaseDecision]  # the case history's decisions
    to_present_again(store) -> list[CaseDecision]   # latest decision taken without quorum
    concordance(store, start=None, end=None) -> ConcordanceReport  # .to_json(), .shares()
    load_minutes(store, meeting_id) -> MinutesData   # then netlogic.export.minutes_pdf

    has_quorum(participants) -> bool; specialties_present(participants) -> list[Specialty]
    decision_json(decision) -> dict                 # one decision as ``meetings show`` prints it
    validated(DecisionInput, therapies=[...], type=..., ...) -> DecisionInput
        # builds any record from form values; pydantic's refusal becomes MeetingInputError
        # naming the field (``therapies``, ``justification``, ``participants.0.name``, ...)

Texts: ``data/i18n/meetings.<lang>.yaml`` (``meetings.specialty.<value>``,
``meetings.type.<value>``, ``meetings.concordance.<value>``, ``meetings.quorum.*``,
``meetings.present_again``, ``meetings.pending``). Minutes: ``netlogic.export.minutes_pdf.
minutes_pdf(load_minutes(store, id), lang) -> bytes`` and ``decision_sheet_pdf(data, case_id,
lang) -> bytes``.

Records (pydantic, from :mod:`netlogic.model.meeting`): Participant(name, specialty),
Specialty, DecisionType, DecisionInput(therapies, type, text, justification, trial,
next_review), AgendaItem, Decision (``status_at_decision``, ``options``, ``concordance``,
``quorum``, ``present_again``, ``ruleset_version``, ``case_version``), Concordance.
"""

from netlogic.meetings.concordance import (
    ConcordanceReport,
    JustificationGroup,
    TherapyConcordance,
    concordance_report,
)
from netlogic.meetings.errors import MeetingInputError
from netlogic.meetings.quorum import has_quorum, specialties_present
from netlogic.meetings.service import (
    add_case,
    case_decisions,
    concordance,
    create_meeting,
    list_meetings,
    load_meeting,
    load_minutes,
    options_at_meeting,
    record_decision,
    revise_meeting,
    to_present_again,
    validated,
)
from netlogic.meetings.views import (
    CaseDecision,
    CaseOnAgenda,
    MeetingSummary,
    MeetingView,
    MinutesCase,
    MinutesData,
    OptionsAtMeeting,
    decision_json,
)
from netlogic.model.meeting import (
    AgendaItem,
    Concordance,
    Decision,
    DecisionInput,
    DecisionType,
    MeetingDetails,
    Participant,
    Specialty,
)
from netlogic.store.meetings import MeetingNotFoundError

__all__ = [
    "AgendaItem",
    "CaseDecision",
    "CaseOnAgenda",
    "Concordance",
    "ConcordanceReport",
    "Decision",
    "DecisionInput",
    "DecisionType",
    "JustificationGroup",
    "MeetingDetails",
    "MeetingInputError",
    "MeetingNotFoundError",
    "MeetingSummary",
    "MeetingView",
    "MinutesCase",
    "MinutesData",
    "OptionsAtMeeting",
    "Participant",
    "Specialty",
    "TherapyConcordance",
    "add_case",
    "case_decisions",
    "concordance",
    "concordance_report",
    "create_meeting",
    "decision_json",
    "has_quorum",
    "list_meetings",
    "load_meeting",
    "load_minutes",
    "options_at_meeting",
    "record_decision",
    "revise_meeting",
    "specialties_present",
    "to_present_again",
    "validated",
]
