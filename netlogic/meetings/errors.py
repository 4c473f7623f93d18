"""Refusals of the meeting functions, each naming the field in words (CLI exit 2)."""

from __future__ import annotations


class MeetingInputError(ValueError):
    """Bad input for a meeting or a decision; ``field`` names what to correct
    (``justification``, ``therapies``, ``next_review``, ``case_id``, ...)."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")
