"""The content of the tumour-board summary, built once and rendered as PDF or HTML.

Knowledge base section 8 (tumour board): what the multidisciplinary meeting needs on one to
two pages. :func:`build_summary` turns a case, its evaluation and a translator into plain texts,
tables and chart data, so the PDF (:mod:`netlogic.export.pdf_report`) and the HTML summary
(:mod:`netlogic.export.html_page`) show the same content in the same words. Nothing here is
formatted for one medium: renderers escape and lay out.

The evaluation is taken as given (its reasons and alerts are already in its language); the
options are listed with every status the pathway engine may return, offered ones first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from pydantic import BaseModel, Field

from netlogic.clinical.evaluation import Evaluation, OptionResult
from netlogic.clinical.grading import grade_label, system_label
from netlogic.model.case import Case, TreatmentLine
from netlogic.model.units import SERIES_SEPARATOR, marker_of
from netlogic.model.vocabulary import Status, Therapy
from netlogic.reference.i18n import Translator, catalogue, fmt_number
from netlogic.reference.sources import source_labels
from netlogic.trends.figures import last_event
from netlogic.trends.interval import IntervalChange, last_intervals
from netlogic.trends.summary import marker_tables, recist_table

# Offered first (what the meeting chooses between), then what must not be done, then the rest.
STATUS_ORDER: dict[Status, int] = {
    Status.RECOMMENDED: 0,
    Status.OPTION: 1,
    Status.CONTRAINDICATED: 2,
    Status.NOT_RECOMMENDED: 3,
}

# Units are stored in ASCII ("umol/24h"); readers of a printed summary expect the micro sign.
_MICRO = re.compile(r"(?<![A-Za-z])u(?=(mol|g|IU|L)\b)")


class KeyValue(BaseModel):
    label: str
    value: str


class TextTable(BaseModel):
    headings: list[str]
    rows: list[list[str]]


class OptionLine(BaseModel):
    therapy: Therapy
    label: str
    status: Status
    status_label: str
    main_reason: str
    reasons: list[str]
    sources: list[str]
    cautions: list[str]
    rule: str = ""
    # False when the deciding rule is not yet clinically reviewed: printed, never hidden.
    reviewed: bool = True

    @property
    def offered(self) -> bool:
        return self.status in (Status.RECOMMENDED, Status.OPTION)


class AlertLine(BaseModel):
    code: str
    level: int
    level_label: str
    title: str
    message: str
    sources: list[str]
    reviewed: bool = True


class ChartPoint(BaseModel):
    date: date
    value: float
    uln: float | None = None


class MarkerSeriesData(BaseModel):
    key: str
    label: str
    unit: str
    points: list[ChartPoint]
    uln: float | None = None
    baseline_date: date | None = None


class ImagingPointData(BaseModel):
    date: date
    sum_mm: float
    category: str | None
    is_baseline: bool


class TreatmentBand(BaseModel):
    therapy: Therapy
    label: str
    start: date
    end: date
    ongoing: bool


class ChartData(BaseModel):
    markers: list[MarkerSeriesData] = Field(default_factory=list)
    imaging: list[ImagingPointData] = Field(default_factory=list)
    bands: list[TreatmentBand] = Field(default_factory=list)
    end_date: date


class ExportSummary(BaseModel):
    lang: str
    title: str
    subtitle: str
    case_id: str
    export_date: date
    ruleset_version: str
    header: list[KeyValue]
    patient: list[KeyValue]
    tumour: list[KeyValue]
    grade_label: str
    grade_basis: list[str]
    status_lines: list[str]
    treatments: TextTable
    options: list[OptionLine]
    alerts: list[AlertLine]
    meeting_question: str | None
    notes: str | None
    notice: str
    charts: ChartData
    # "not yet reviewed by a clinician" in the export's language, printed beside every option
    # and alert whose rule no clinician has reviewed yet.
    not_reviewed: str = ""

    @property
    def unreviewed(self) -> bool:
        return any(not o.reviewed for o in self.options) or any(not a.reviewed for a in self.alerts)

    @property
    def all_unreviewed(self) -> bool:
        """No status or alert comes from a reviewed rule: one note says so for all of them."""
        return all(not o.reviewed for o in self.options) and all(
            not a.reviewed for a in self.alerts
        )


def pretty_unit(unit: str) -> str:
    """'umol/24h' -> 'µmol/24h', 'ug/L' -> 'µg/L'; other units unchanged."""
    return _MICRO.sub("µ", unit)


def therapy_label(therapy: Therapy | str, t: Translator) -> str:
    return t(f"export.therapy.{Therapy(therapy).value}")


def series_label(series: str, t: Translator) -> str:
    """'chromogranin_a' -> 'Chromogranin A'; 'chromogranin_a@U/L' -> 'Chromogranin A (U/L)'."""
    name = t(f"export.marker.{marker_of(series).value}")
    _, _, unit = series.partition(SERIES_SEPARATOR)
    return f"{name} ({pretty_unit(unit)})" if unit else name


def alert_title(code: str, t: Translator) -> str:
    """The alert's title in words; a code without a title yet reads as words, never raw."""
    key = f"alert.{code}"
    if key in catalogue(t.lang) or key in catalogue("en"):
        return t(key)
    return code.replace("_", " ").capitalize()


def _or_dash(value: str | None, t: Translator) -> str:
    return value if value else t("export.none")


def _patient(case: Case, t: Translator) -> list[KeyValue]:
    p = case.patient
    age = t("export.patient.age_value", age=fmt_number(p.age_years)) if p.age_years else None
    items = [
        KeyValue(label=t("export.patient.age"), value=_or_dash(age, t)),
        KeyValue(label=t("export.patient.sex"), value=t(f"export.sex.{p.sex.value}")),
        KeyValue(
            label=t("export.patient.ecog"),
            value=_or_dash(str(p.ecog) if p.ecog is not None else None, t),
        ),
    ]
    if p.pregnant is not None:  # printed only when recorded: it changes the options
        items.append(KeyValue(label=t("export.patient.pregnant"), value=_yes_no(p.pregnant, t)))
    return items


def _yes_no(value: bool, t: Translator) -> str:
    return t("export.yes") if value else t("export.no")


def _ruleset_2027_fields(case: Case, t: Translator) -> list[KeyValue]:
    """Gastric NET type and SSTR/FDG mismatch, printed when recorded (knowledge base 8.7, 8.11)."""
    tu = case.tumour
    items = []
    if tu.gastric_type is not None:
        items.append(
            KeyValue(
                label=t("export.tumour.gastric_type"),
                value=t(f"export.gastric_type.{tu.gastric_type}"),
            )
        )
    if tu.sstr_fdg_mismatch is not None:
        items.append(
            KeyValue(
                label=t("export.tumour.sstr_fdg_mismatch"), value=_yes_no(tu.sstr_fdg_mismatch, t)
            )
        )
    return items


def _tumour(case: Case, evaluation: Evaluation, t: Translator) -> list[KeyValue]:
    tu, di = case.tumour, case.disease
    grade = grade_label(evaluation.grade.label, t)
    if evaluation.grade.system:
        grade = f"{grade} ({system_label(evaluation.grade.system, t)})"
    syndrome = t(f"export.syndrome.{tu.functional_syndrome.value}")
    if tu.functional_syndrome.value != "none" and tu.syndrome_controlled is not None:
        word = "controlled" if tu.syndrome_controlled else "uncontrolled"
        syndrome = f"{syndrome}, {t(f'export.tumour.syndrome_{word}')}"
    mitoses = (
        t("export.tumour.mitoses_value", mitoses=fmt_number(tu.mitotic_count))
        if tu.mitotic_count is not None
        else None
    )
    ki67 = f"{fmt_number(tu.ki67_percent)} %" if tu.ki67_percent is not None else None
    sites = ", ".join(t(f"export.met_site.{s.value}") for s in di.metastatic_sites)
    if di.liver_involvement_percent is not None:
        liver = f"{t('export.tumour.liver')} {fmt_number(di.liver_involvement_percent)} %"
        sites = f"{sites} ({liver})" if sites else liver
    stage = t(f"export.stage.{di.stage.value}") if di.stage else t("export.stage.none")
    return [
        KeyValue(label=t("export.tumour.site"), value=t(f"site.{tu.primary_site.value}")),
        KeyValue(
            label=t("export.tumour.differentiation"),
            value=t(f"export.differentiation.{tu.differentiation.value}"),
        ),
        KeyValue(label=t("export.tumour.ki67"), value=_or_dash(ki67, t)),
        KeyValue(label=t("export.tumour.mitoses"), value=_or_dash(mitoses, t)),
        KeyValue(label=t("export.tumour.grade"), value=grade),
        KeyValue(label=t("export.tumour.syndrome"), value=syndrome),
        KeyValue(
            label=t("export.tumour.sstr"),
            value=t(f"export.imaging_status.{tu.sstr_imaging.value}"),
        ),
        KeyValue(
            label=t("export.tumour.fdg"), value=t(f"export.imaging_status.{tu.fdg_pet.value}")
        ),
        *_ruleset_2027_fields(case, t),
        KeyValue(label=t("export.tumour.stage"), value=stage),
        KeyValue(label=t("export.tumour.sites"), value=_or_dash(sites, t)),
    ]


def _recist_lines(case: Case, evaluation: Evaluation, t: Translator) -> list[str]:
    recist = evaluation.trends.recist
    rows = recist_table(case)
    if not rows:
        return [t("export.status.recist_none")]
    latest = rows[-1]
    if recist.latest is None:
        line = t(
            "export.status.recist_not_assessed",
            date=latest.date.isoformat(),
            latest=fmt_number(latest.sum_mm),
        )
    else:
        line = t(
            "export.status.recist",
            category=recist.latest.value,
            date=latest.date.isoformat(),
            latest=fmt_number(recist.latest_mm),
            baseline=fmt_number(recist.baseline_mm),
            nadir=fmt_number(recist.nadir_mm),
        )
    tgr = recist.tgr_percent_per_month
    tgr_line = (
        t("export.status.tgr", tgr=fmt_number(tgr))
        if tgr is not None
        else t("export.status.tgr_none")
    )
    return [line, tgr_line]


def _signed(change: float) -> str:
    return ("+" if change > 0 else "") + fmt_number(change)


def _interval_part(interval: IntervalChange | None, t: Translator) -> str | None:
    """The last interval first: a recent rise must not hide behind the change from baseline."""
    if interval is None or interval.previous is None or interval.previous_date is None:
        return None
    if interval.change_percent is None:
        return None
    return t(
        "export.status.marker_last_interval",
        change=_signed(interval.change_percent),
        previous=fmt_number(interval.previous, 2),
        date=interval.previous_date.isoformat(),
    )


def _marker_lines(case: Case, evaluation: Evaluation, t: Translator) -> list[str]:
    lines: list[str] = []
    intervals = last_intervals(case)
    for series, summary in evaluation.trends.markers.items():
        if summary.latest is None:
            continue
        parts = [
            t(
                "export.status.marker",
                marker=series_label(series, t),
                latest=fmt_number(summary.latest, 2),
                unit=pretty_unit(summary.unit),
                date=summary.latest_date.isoformat() if summary.latest_date else "",
            ).replace("  ", " ")
        ]
        recent = _interval_part(intervals.get(series), t)
        if recent is not None:
            parts.append(recent)
        change = summary.change_from_baseline_percent
        if change is not None:
            parts.append(t("export.status.marker_change", change=_signed(change)))
        doubling = summary.doubling_time_days
        parts.append(
            t("export.status.marker_doubling", days=fmt_number(doubling, 0))
            if doubling is not None
            else t("export.status.marker_not_rising")
        )
        if summary.above_uln is not None:
            key = (
                "export.status.marker_above_uln"
                if summary.above_uln
                else "export.status.marker_within_uln"
            )
            parts.append(t(key))
        # Confounders by code, in this export's language (the notes carry the evaluation's).
        parts.extend(t(f"trends.confounder.{code}") for code in summary.confounders)
        lines.append("; ".join(parts))
    return lines or [t("export.status.no_markers")]


def _status_lines(case: Case, evaluation: Evaluation, t: Translator) -> list[str]:
    progression = t(
        "export.status.progression",
        value=t(f"export.progression.{evaluation.progression.value.value}"),
        reason=evaluation.progression.reason,
    )
    return [*_recist_lines(case, evaluation, t), progression, *_marker_lines(case, evaluation, t)]


def ordered_lines(treatments: Sequence[TreatmentLine]) -> list[TreatmentLine]:
    """Treatment lines oldest first (same start: order in the case)."""
    return sorted(treatments, key=lambda line: line.start)


def _treatments(case: Case, t: Translator) -> TextTable:
    headings = [
        t(f"export.col.{c}")
        for c in ("line", "therapy", "agent", "start", "end", "best_response", "stop_reason")
    ]
    rows = []
    for number, line in enumerate(ordered_lines(case.treatments), start=1):
        rows.append(
            [
                str(number),
                therapy_label(line.therapy, t),
                _or_dash(line.agent, t),
                line.start.isoformat(),
                line.end.isoformat() if line.end else t("export.ongoing"),
                line.best_response.value if line.best_response else t("export.none"),
                t(f"export.stop_reason.{line.stop_reason.value}")
                if line.stop_reason
                else t("export.none"),
            ]
        )
    return TextTable(headings=headings, rows=rows)


def _option_line(option: OptionResult, t: Translator) -> OptionLine:
    return OptionLine(
        therapy=option.therapy,
        label=therapy_label(option.therapy, t),
        status=option.status,
        status_label=t(f"export.option_status.{option.status.value}"),
        main_reason=option.reasons[0] if option.reasons else t("export.none"),
        reasons=list(option.reasons),
        sources=source_labels(option.sources, t.lang, short=True),
        cautions=list(option.cautions),
        rule=option.rule,
        reviewed=option.reviewed,
    )


def _options(evaluation: Evaluation, t: Translator) -> list[OptionLine]:
    # sorted() is stable: within one status the pathway's tree order is kept.
    ranked = sorted(evaluation.options, key=lambda o: STATUS_ORDER.get(o.status, 9))
    return [_option_line(o, t) for o in ranked]


def _alerts(evaluation: Evaluation, t: Translator) -> list[AlertLine]:
    ranked = sorted(evaluation.alerts, key=lambda a: a.level)
    return [
        AlertLine(
            code=a.code,
            level=a.level,
            level_label=t(f"export.alert_level.{a.level}"),
            title=alert_title(a.code, t),
            message=a.message,
            sources=source_labels(a.sources, t.lang, short=True),
            reviewed=a.reviewed,
        )
        for a in ranked
    ]


def chart_data(case: Case, t: Translator, end_date: date) -> ChartData:
    """The series of the on-screen charts: marker tables, RECIST table, treatment bands.

    An ongoing line's band runs to the last dated event of the case, as on screen
    (:func:`netlogic.trends.figures.last_event`).
    """
    last = last_event(case)
    markers = [
        MarkerSeriesData(
            key=series,
            label=series_label(series, t),
            unit=pretty_unit(rows[-1].unit),
            points=[ChartPoint(date=r.date, value=r.value, uln=r.uln) for r in rows],
            uln=rows[-1].uln,
            baseline_date=next((r.date for r in rows if r.is_baseline), None),
        )
        for series, rows in marker_tables(case).items()
        if rows
    ]
    imaging = [
        ImagingPointData(
            date=r.date,
            sum_mm=r.sum_mm,
            category=r.category.value if r.category else None,
            is_baseline=r.is_baseline,
        )
        for r in recist_table(case)
    ]
    bands = [
        TreatmentBand(
            therapy=line.therapy,
            label=therapy_label(line.therapy, t),
            start=line.start,
            end=line.end or max(last or line.start, line.start),
            ongoing=line.ongoing,
        )
        for line in ordered_lines(case.treatments)
    ]
    return ChartData(markers=markers, imaging=imaging, bands=bands, end_date=end_date)


def build_summary(
    case: Case, evaluation: Evaluation, t: Translator, today: date | None = None
) -> ExportSummary:
    """Everything the tumour-board summary shows, in the translator's language."""
    export_date = today or date.today()
    return ExportSummary(
        lang=t.lang,
        title=t("export.title"),
        subtitle=t("export.subtitle"),
        case_id=case.id,
        export_date=export_date,
        ruleset_version=evaluation.ruleset_version,
        header=[
            KeyValue(label=t("export.case_id"), value=case.id),
            KeyValue(label=t("export.date"), value=export_date.isoformat()),
            KeyValue(label=t("export.ruleset"), value=evaluation.ruleset_version),
        ],
        patient=_patient(case, t),
        tumour=_tumour(case, evaluation, t),
        grade_label=grade_label(evaluation.grade.label, t),
        grade_basis=list(evaluation.grade.basis),
        status_lines=_status_lines(case, evaluation, t),
        treatments=_treatments(case, t),
        options=_options(evaluation, t),
        alerts=_alerts(evaluation, t),
        meeting_question=(case.meeting_question or "").strip() or None,
        notes=(case.notes or "").strip() or None,
        notice=t("export.notice"),
        charts=chart_data(case, t, export_date),
        not_reviewed=t("export.not_reviewed"),
    )


__all__ = [
    "AlertLine",
    "ChartData",
    "ExportSummary",
    "KeyValue",
    "MarkerSeriesData",
    "OptionLine",
    "TextTable",
    "alert_title",
    "build_summary",
    "chart_data",
    "pretty_unit",
    "series_label",
    "therapy_label",
]
