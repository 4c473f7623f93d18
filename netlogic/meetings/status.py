"""Where a decision stands against the pathway: each therapy's status at the meeting, and
the rule that a departure from the offered options is justified."""

from __future__ import annotations

from collections.abc import Mapping

from netlogic.meetings.errors import MeetingInputError
from netlogic.model.meeting import Concordance
from netlogic.model.vocabulary import OFFERED, Status, Therapy


def classify(statuses: Mapping[Therapy, Status]) -> Concordance:
    """Within ``recommended`` when every therapy decided was recommended; within ``option``
    when every one was offered; otherwise outside the offered options (one therapy not
    offered is enough: the decision as a whole departs from the pathway)."""
    if not statuses:
        raise ValueError("a decision names at least one therapy")
    if any(s not in OFFERED for s in statuses.values()):
        return Concordance.OUTSIDE_OFFERED
    if all(s is Status.RECOMMENDED for s in statuses.values()):
        return Concordance.WITHIN_RECOMMENDED
    return Concordance.WITHIN_OPTION


def not_offered(statuses: Mapping[Therapy, Status]) -> list[Therapy]:
    return [t for t, s in statuses.items() if s not in OFFERED]


def refusal_without_justification(
    case_id: str, statuses: Mapping[Therapy, Status], justification: str | None
) -> MeetingInputError | None:
    """The refusal to record a departure from the offered options without saying why."""
    departures = not_offered(statuses)
    if not departures or justification:
        return None
    named = ", ".join(f"{t.value} ({statuses[t].value})" for t in departures)
    return MeetingInputError(
        "justification",
        f"not offered for case {case_id!r} at this meeting: {named}; a decision outside the "
        "offered options needs a justification",
    )
