"""Trend arithmetic that never yields NaN or infinity: a figure that cannot be a finite number
becomes None, and the reason is recorded beside it.

Engineering rule "every number computed is finite or null". Within the input bounds
(netlogic.model.bounds) overflow is still possible: a scan of 2 mm then 9000 mm the next day
gives a growth rate of exp(768), and a baseline of 1e-320 makes any percentage change
infinite. Such a figure is left out (JSON ``null``); its reason code tells the reader why:

* ``too_fast``: the growth is too fast to write as a number (the tumour grew by orders of
  magnitude between two close dates);
* ``not_finite``: any other figure that is not a finite number (a percentage against a
  vanishingly small reference, a doubling time of more than 1e308 days).
"""

from __future__ import annotations

import math

TOO_FAST = "too_fast"
NOT_FINITE = "not_finite"


def finite(value: float) -> float | None:
    """``value`` when it is a finite number, else None."""
    return value if math.isfinite(value) else None


def percent_change(value: float, reference: float | None) -> tuple[float | None, str | None]:
    """100 (value - reference) / reference, and the reason when it is None for overflow.

    A reference of 0 or None gives (None, None): no change is defined, which is not an overflow.
    """
    if reference is None or reference == 0:
        return None, None
    change = finite(100 * (value - reference) / reference)
    return change, (NOT_FINITE if change is None else None)


def exp_percent(growth: float) -> tuple[float | None, str | None]:
    """100 (exp(growth) - 1): the contract's tumour growth rate from TG, or (None, too_fast)."""
    try:
        rate = finite(100 * (math.exp(growth) - 1))
    except OverflowError:
        rate = None
    return rate, (TOO_FAST if rate is None else None)
