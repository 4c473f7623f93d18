"""One evaluation of a case: grade, trends, progression, options and alerts (contract).

:func:`evaluate` is the single entry point the CLI, the app, the exports and the what-if tools
call. It is pure: the same case, date and language give the same result. The result types live
in :mod:`netlogic.clinical.results` (re-exported here for callers).
"""

from __future__ import annotations

from datetime import date

from netlogic.clinical.grading import grade_tumour
from netlogic.clinical.pathway import evaluate_pathway
from netlogic.clinical.results import Alert, Evaluation, OptionResult, RuleTrial
from netlogic.model.case import Case
from netlogic.reference.i18n import Translator, translator
from netlogic.trends.progression import derive_progression
from netlogic.trends.summary import compute_trends

__all__ = ["Alert", "Evaluation", "OptionResult", "RuleTrial", "evaluate"]


def evaluate(case: Case, today: date | None = None, lang: str = "en") -> Evaluation:
    """Evaluate one case on the current rule tables (knowledge base sections 1-8)."""
    t: Translator = translator(lang)
    grade = grade_tumour(case.tumour, t)
    trends = compute_trends(case, t)
    progression = derive_progression(case, trends, t)
    options, alerts, version = evaluate_pathway(case, grade, progression, trends, t)
    return Evaluation(
        case_id=case.id,
        ruleset_version=version,
        grade=grade,
        trends=trends,
        progression=progression,
        options=options,
        alerts=alerts,
        lang=t.lang,
    )
