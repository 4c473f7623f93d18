"""Quorum of the meeting: at least three physicians of different specialties (French RCP rule;
otherwise the opinion is not valid and the case is presented again)."""

from __future__ import annotations

from collections.abc import Iterable

from netlogic.model.meeting import QUORUM_SPECIALTIES, Participant, Specialty


def specialties_present(participants: Iterable[Participant]) -> list[Specialty]:
    """The distinct specialties present, in the order of :class:`Specialty`."""
    present = {p.specialty for p in participants}
    return [s for s in Specialty if s in present]


def has_quorum(participants: Iterable[Participant]) -> bool:
    """At least three different specialties present ("other" counts once: we cannot tell two
    "other" physicians' specialties apart)."""
    return len(specialties_present(participants)) >= QUORUM_SPECIALTIES
