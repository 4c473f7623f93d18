"""PLACEHOLDER pathway engine: replaced by the rules-as-data engine (pathway issue)."""

from __future__ import annotations

from netlogic.case import Case
from netlogic.evaluation import Alert, OptionResult
from netlogic.grading import GradeResult, grading_table
from netlogic.i18n import Translator
from netlogic.progression import ProgressionResult
from netlogic.trends import Trends
from netlogic.vocabulary import GradeFamily, Status, Therapy


def evaluate_pathway(
    case: Case, grade: GradeResult, progression: ProgressionResult, trends: Trends, t: Translator
) -> tuple[list[OptionResult], list[Alert], str]:
    options = [
        OptionResult(
            therapy=th, status=Status.NOT_RECOMMENDED, reasons=["engine pending"], sources=[]
        )
        for th in Therapy
    ]
    alerts = [
        Alert(code="mdt_discussion", message="MDT"),
        Alert(code="clinical_trial", message="trial"),
    ]
    prob = grading_table()["hereditary_probability"]["by_site"].get(case.tumour.primary_site.value)
    alerts.append(Alert(code="hereditary_assessment", message=f"probability {prob}"))
    if grade.discordant:
        alerts.append(Alert(code="grade_discordance", message="discordance"))
    if grade.differentiation_needed:
        alerts.append(Alert(code="differentiation_needed", message="differentiation"))
    if grade.family is GradeFamily.OUT_OF_SCOPE:
        alerts.append(Alert(code="out_of_scope_endocrine_centre", message="out of scope"))
    return options, alerts, "placeholder"
