"""Minutes of the tumour-board meeting as PDF: one decision sheet per case, and the meeting's
minutes (every case of the agenda in one document), in English or French."""

from __future__ import annotations

from netlogic.meetings.views import MinutesData


def decision_sheet_pdf(data: MinutesData, case_id: str, lang: str = "en") -> bytes:
    """The decision sheet of one case: meeting, participants and quorum, case summary, the
    options as shown at the meeting, the decision and its justification."""
    raise NotImplementedError


def minutes_pdf(data: MinutesData, lang: str = "en") -> bytes:
    """The minutes of the whole meeting: every case of the agenda, in order."""
    raise NotImplementedError
