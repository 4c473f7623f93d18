"""Marker change over the last interval: the latest value against the one before it.

Knowledge base section 6. The kinetics of :mod:`netlogic.trends.markers` run from the baseline
(the start of the current line), which can hide a recent turn: chromogranin A 310 -> 260 -> 420
reads "+35 % from baseline" while the last interval is +62 %. This module gives that last step
for every series (same series and units as the marker tables), so the Trends page and the
exports can show both.

The previous value is the last one dated before the latest value's date (two values of one day
are one measurement time, not an interval). No previous value, or a previous value of 0 (no
finite change), gives no percentage; nor does a change too large to be a finite number.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from pydantic import BaseModel

from netlogic.model.case import Case
from netlogic.trends.finite import percent_change
from netlogic.trends.markers import MarkerRow, marker_rows


class IntervalChange(BaseModel):
    """The latest value of a series, the value before it and the change between them."""

    latest: float
    latest_date: date
    previous: float | None = None
    previous_date: date | None = None
    change_percent: float | None = None

    @property
    def days(self) -> int | None:
        if self.previous_date is None:
            return None
        return (self.latest_date - self.previous_date).days


def last_interval(rows: Sequence[MarkerRow]) -> IntervalChange | None:
    """The last interval of one series (rows oldest first); None for an empty series."""
    if not rows:
        return None
    latest = rows[-1]
    earlier = [r for r in rows if r.date < latest.date]
    if not earlier:
        return IntervalChange(latest=latest.value, latest_date=latest.date)
    previous = earlier[-1]
    change, _why = percent_change(latest.value, previous.value)
    return IntervalChange(
        latest=latest.value,
        latest_date=latest.date,
        previous=previous.value,
        previous_date=previous.date,
        change_percent=change,
    )


def last_intervals(case: Case) -> dict[str, IntervalChange]:
    """One last interval per marker series (keys as in ``Trends.markers``)."""
    found: dict[str, IntervalChange] = {}
    for series, rows in marker_rows(case).items():
        change = last_interval(rows)
        if change is not None:
            found[series] = change
    return found
