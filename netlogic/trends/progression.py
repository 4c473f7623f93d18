"""The pace of the disease: as given by the team, else derived from imaging (contract).

Derived progression (when ``disease.progression`` is ``unknown``): fewer than two assessments
-> unknown; latest RECIST category PD -> ``rapid`` when the last-interval tumour growth rate is
>= 10 %/month (about +20% in diameter within 6 months, with the 1e-9 tolerance of the
RECIST comparisons), else ``slow``; CR, PR, SD -> ``none``. A growth rate too large to be a
finite number (null, reason ``too_fast``) is rapid.
"""

from __future__ import annotations

from pydantic import BaseModel

from netlogic.model.case import Case
from netlogic.model.vocabulary import Progression, Response
from netlogic.reference.i18n import Translator, fmt_number
from netlogic.reference.limits import limit
from netlogic.trends.finite import TOO_FAST
from netlogic.trends.recist import TOLERANCE
from netlogic.trends.summary import Trends


class ProgressionResult(BaseModel):
    value: Progression
    derived: bool = False
    reason: str = ""


def derive_progression(case: Case, trends: Trends, t: Translator) -> ProgressionResult:
    given = case.disease.progression
    if given is not Progression.UNKNOWN:
        return ProgressionResult(value=given, derived=False, reason=t("progression.given"))
    recist = trends.recist
    if recist.assessments < 2 or recist.latest is None:
        return ProgressionResult(
            value=Progression.UNKNOWN, derived=True, reason=t("progression.too_few_scans")
        )
    if recist.latest is Response.PD:
        tgr = recist.tgr_percent_per_month
        cut = limit("tgr_rapid_percent_per_month")
        # Same tolerance as the RECIST comparisons: a growth rate of exactly 10 %/month computed
        # as 9.999999999 in floating point is still rapid.
        rapid = tgr is not None and tgr >= cut - TOLERANCE
        key = "progression.derived_rapid" if rapid else "progression.derived_slow"
        if tgr is None and recist.null_reasons.get("tgr_percent_per_month") == TOO_FAST:
            # Growth too fast to write as a number (2 mm to 9000 mm in a day) is rapid.
            rapid, key = True, "progression.derived_rapid_too_fast"
        elif tgr is None:  # 8.15: a PD from a sum of 0 has no growth rate; counted as slow
            key = "progression.derived_slow_no_rate"
        return ProgressionResult(
            value=Progression.RAPID if rapid else Progression.SLOW,
            derived=True,
            reason=t(key, tgr=fmt_number(tgr), cut=fmt_number(cut)),
        )
    return ProgressionResult(
        value=Progression.NONE,
        derived=True,
        reason=t("progression.derived_none", category=recist.latest.value),
    )
