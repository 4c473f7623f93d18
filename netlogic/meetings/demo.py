"""Demo meetings seeded with the demo cases (``cases seed-demo``), so a newcomer sees a filled
agenda, minutes and concordance view (issue "The tumour-board meeting", "Done when").

Two past meetings: a regional RCP with quorum whose decisions fall within the recommended
options, within an option and, once, outside the offered options with a justification; and a
small meeting without quorum whose case is to be presented again. Therapies are chosen from
each case's evaluation on the meeting day (not written here), so the demo stays consistent
when the rule tables change. Idempotent: a meeting, an agenda entry or a decision already
stored is left alone, so a clinician's changes to the demo are never replaced.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from netlogic.meetings.service import (
    add_case,
    options_at_meeting,
    record_decision,
    validated,
)
from netlogic.model.meeting import (
    Concordance,
    DecisionInput,
    DecisionType,
    MeetingDetails,
    Participant,
    Specialty,
)
from netlogic.model.vocabulary import Status, Therapy
from netlogic.store.meetings import MeetingStore
from netlogic.store.repository import CaseStore

DEMO_AUTHOR = "demo"
DEPARTURE_JUSTIFICATION = (
    "Patient informed of the options offered declines active treatment for now; "
    "surveillance with imaging agreed (patient's choice)."
)


@dataclass(frozen=True)
class DemoDecision:
    case_id: str
    aim: Concordance


@dataclass(frozen=True)
class DemoMeeting:
    meeting_id: str
    days_ago: int
    name: str
    participants: tuple[tuple[str, Specialty], ...]
    decisions: tuple[DemoDecision, ...]


DEMO_MEETINGS = (
    DemoMeeting(
        "DEMO-RCP-1",
        21,
        "RCP TNE regionale",
        (
            ("AM", Specialty.ONCOLOGY),
            ("BL", Specialty.GASTROENTEROLOGY),
            ("CR", Specialty.SURGERY),
            ("DN", Specialty.RADIOLOGY),
            ("EP", Specialty.NUCLEAR_MEDICINE),
        ),
        (
            DemoDecision("EX-ILEUM-SYNDROME", Concordance.WITHIN_RECOMMENDED),
            DemoDecision("EX-PANC-PD", Concordance.WITHIN_OPTION),
            DemoDecision("EX-ILEUM-PD-SSA", Concordance.OUTSIDE_OFFERED),
        ),
    ),
    DemoMeeting(
        "DEMO-RCP-2",
        7,
        "RCP TNE locale",
        (("AM", Specialty.ONCOLOGY), ("BL", Specialty.GASTROENTEROLOGY)),
        (DemoDecision("EX-LUNG-AC", Concordance.WITHIN_RECOMMENDED),),
    ),
)


def _choice(options: dict[Therapy, Status], aim: Concordance) -> Therapy | None:
    """A therapy giving the concordance the demo wants to show, from this case's options."""
    wanted = {
        Concordance.WITHIN_RECOMMENDED: (Status.RECOMMENDED,),
        Concordance.WITHIN_OPTION: (Status.OPTION,),
        Concordance.OUTSIDE_OFFERED: (Status.NOT_RECOMMENDED,),
    }[aim]
    if aim is Concordance.OUTSIDE_OFFERED and options.get(Therapy.OBSERVATION) in wanted:
        return Therapy.OBSERVATION  # what the justification above describes
    return next((t for t, s in options.items() if s in wanted), None)


def _decision_type(therapy: Therapy) -> DecisionType:
    if therapy is Therapy.OBSERVATION:
        return DecisionType.SURVEILLANCE
    if therapy is Therapy.SUPPORTIVE_CARE:
        return DecisionType.SUPPORTIVE_CARE
    return DecisionType.TREATMENT


def seed_demo_meetings(store: CaseStore, today: date | None = None) -> int:
    """Store the demo meetings not stored yet (and any missing agenda entry or decision);
    returns how many decisions were recorded. Demo cases missing from the store are skipped."""
    when = today or date.today()
    meetings = MeetingStore(store)
    recorded = 0
    for demo in DEMO_MEETINGS:
        if not meetings.exists(demo.meeting_id):
            details = validated(
                MeetingDetails,
                date=when - timedelta(days=demo.days_ago),
                name=demo.name,
                participants=[Participant(name=n, specialty=s) for n, s in demo.participants],
            )
            meetings.create(details, DEMO_AUTHOR, meeting_id=demo.meeting_id)
        on_agenda = {item.case_id for item in meetings.agenda(demo.meeting_id)}
        decided = {d.case_id for d in meetings.decisions(meeting_id=demo.meeting_id)}
        for planned in demo.decisions:
            if not store.exists(planned.case_id):
                continue
            if planned.case_id not in on_agenda:
                add_case(store, demo.meeting_id, planned.case_id, DEMO_AUTHOR)
            if planned.case_id in decided:
                continue
            options = options_at_meeting(store, demo.meeting_id, planned.case_id).options
            therapy = _choice(options, planned.aim)
            if therapy is None:
                continue
            outside = planned.aim is Concordance.OUTSIDE_OFFERED
            decision = DecisionInput(
                therapies=[therapy],
                type=_decision_type(therapy),
                justification=DEPARTURE_JUSTIFICATION if outside else None,
                next_review=when - timedelta(days=demo.days_ago) + timedelta(days=90),
            )
            record_decision(store, demo.meeting_id, planned.case_id, decision, DEMO_AUTHOR)
            recorded += 1
    return recorded
