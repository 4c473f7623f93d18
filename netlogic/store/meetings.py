"""Storage of tumour-board meetings in the case store (tables in ``meetings_schema``)."""

from __future__ import annotations

from netlogic.store.repository import StoreError


class MeetingNotFoundError(StoreError):
    def __init__(self, meeting_id: str) -> None:
        self.meeting_id = meeting_id
        super().__init__(f"no meeting has the ID {meeting_id!r}")
