"""Minutes of the tumour-board meeting as PDF: one decision sheet per case, and the meeting's
minutes (every case of the agenda in one document), in English or French (issue "The
tumour-board meeting": "Minutes").

Each case prints the meeting, its participants and quorum, the case summary, the options as
shown at the meeting (the statuses stored with the decision, never re-evaluated), the decision
and its justification. Laid out with the helpers and the embedded DejaVu fonts of
:mod:`netlogic.export.pdf_report`; every user text is written as plain text.
"""

from __future__ import annotations

import secrets

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from netlogic.clinical.evaluation import evaluate
from netlogic.export.pdf_report import (
    BODY_PT,
    FONT,
    LINE_MM,
    SMALL_PT,
    STATUS_FILL,
    FooterPdf,
    _bullets,
    _heading,
    _key_values,
    _paragraph,
    _table,
    fit_widths,
    new_footer_pdf,
)
from netlogic.export.summary import KeyValue, build_summary, therapy_label
from netlogic.meetings.views import MeetingView, MinutesCase, MinutesData
from netlogic.model.meeting import QUORUM_SPECIALTIES, Decision
from netlogic.model.vocabulary import Status, Therapy
from netlogic.reference.i18n import Translator, translator


def _new_pdf(meeting: MeetingView, title: str, t: Translator) -> FooterPdf:
    # fpdf2 replaces its page-count alias anywhere in the text, typed text included: an alias
    # nobody can type keeps a justification reading "{nb}" as written.
    alias = "{pages-" + secrets.token_hex(8) + "}"
    return new_footer_pdf(
        f"{meeting.meeting_id} · {meeting.date.isoformat()}",
        alias,
        t,
        title=f"{title} – {meeting.meeting_id}",
        lang=t.lang,
        creator="netlogic minutes",
    )


def _labelled(pdf: FPDF, t: Translator, label: str, value: str) -> None:
    """``label: value`` on its own line(s), the label in bold."""
    pdf.set_font(FONT, "B", BODY_PT)
    pdf.write(LINE_MM, f"{label}{t('punct.colon')} ")
    pdf.set_font(FONT, "", BODY_PT)
    pdf.write(LINE_MM, value)
    pdf.ln(LINE_MM + 0.4)


def specialty_label(value: str, t: Translator) -> str:
    return t(f"meetings.specialty.{value}")


def quorum_text(meeting: MeetingView, t: Translator) -> str:
    names = ", ".join(specialty_label(s.value, t) for s in meeting.specialties)
    names = names or t("meetings.no_specialty")
    key = "meetings.quorum.reached" if meeting.quorum else "meetings.quorum.missing"
    return t(key, count=len(meeting.specialties), specialties=names, needed=QUORUM_SPECIALTIES)


def _meeting_block(pdf: FPDF, meeting: MeetingView, title: str, t: Translator) -> None:
    pdf.set_font(FONT, "B", 14)
    pdf.multi_cell(0, 7, title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    _paragraph(pdf, t("meetings.minutes.subtitle"), SMALL_PT, "I")
    pdf.ln(0.8)
    _labelled(pdf, t, t("meetings.meeting"), meeting.name)
    _labelled(pdf, t, t("meetings.date"), meeting.date.isoformat())
    _labelled(pdf, t, t("meetings.meeting_id"), meeting.meeting_id)
    _heading(pdf, t("meetings.participants"))
    if meeting.participants:
        _bullets(
            pdf,
            [f"{p.name} – {specialty_label(p.specialty.value, t)}" for p in meeting.participants],
        )
    else:
        _paragraph(pdf, t("meetings.no_participants"))
    pdf.ln(0.5)
    _paragraph(pdf, quorum_text(meeting, t), BODY_PT, "B")


def _options_table(
    pdf: FPDF, options: dict[Therapy, Status], decided: list[Therapy], t: Translator
) -> None:
    """The offered and contraindicated nodes, and the ones decided, in tree order; the other
    nodes (not recommended) named on one line below."""
    shown = [th for th in Therapy if th in options and (options[th] is not Status.NOT_RECOMMENDED)]
    shown += [th for th in Therapy if th in decided and th not in shown]
    shown.sort(key=list(Therapy).index)
    headings = [t("meetings.col.therapy"), t("meetings.col.status"), t("meetings.col.decided")]
    names = [therapy_label(th, t) for th in shown]
    statuses = [t(f"export.option_status.{options[th].value}") for th in shown]
    marks = [t("meetings.decided_mark") if th in decided else "" for th in shown]
    columns = [[headings[0], *names], [headings[1], *statuses], [headings[2], *marks]]
    widths = fit_widths(pdf, columns, (110, 40, 30), 0, whole=frozenset({1, 2}))
    if shown:
        with _table(pdf, widths, repeat_headings=1) as table:
            table.row(headings)
            for th, name, status, mark in zip(shown, names, statuses, marks, strict=True):
                fill = STATUS_FILL.get(options[th], (255, 255, 255))
                bold = FontFace(emphasis="BOLD" if th in decided else None, fill_color=fill)
                row = table.row()
                row.cell(name, style=bold)
                row.cell(status, style=FontFace(fill_color=fill))
                row.cell(mark, style=bold)
    rest = [
        therapy_label(th, t)
        for th in Therapy
        if th not in shown and options.get(th) is Status.NOT_RECOMMENDED
    ]
    if rest:
        pdf.ln(0.6)
        _paragraph(pdf, t("meetings.options.others", therapies=", ".join(rest)), SMALL_PT)


def _decision_block(pdf: FPDF, decision: Decision, earlier: int, t: Translator) -> None:
    chosen = ", ".join(
        f"{therapy_label(th, t)} ({t(f'export.option_status.{decision.status_at_decision[th]}')})"
        for th in decision.therapies
    )
    _labelled(pdf, t, t("meetings.decision.therapies"), chosen)
    _labelled(pdf, t, t("meetings.decision.type"), t(f"meetings.type.{decision.type.value}"))
    _labelled(
        pdf,
        t,
        t("meetings.decision.concordance"),
        t(f"meetings.concordance.{decision.concordance.value}"),
    )
    if decision.text:
        _labelled(pdf, t, t("meetings.decision.text"), decision.text)
    if decision.justification:
        _labelled(pdf, t, t("meetings.decision.justification"), decision.justification)
    _labelled(
        pdf, t, t("meetings.decision.trial"), decision.trial or t("meetings.decision.no_trial")
    )
    review = decision.next_review.isoformat() if decision.next_review else None
    _labelled(
        pdf, t, t("meetings.decision.next_review"), review or t("meetings.decision.no_next_review")
    )
    at = decision.recorded_at.strftime("%Y-%m-%d %H:%M")
    _labelled(pdf, t, t("meetings.decision.recorded_by"), f"{decision.recorded_by} · {at} UTC")
    if earlier:
        _paragraph(pdf, t("meetings.decision.earlier", count=earlier + 1), SMALL_PT, "I")
    if decision.present_again:
        pdf.set_text_color(160, 0, 0)
        _paragraph(pdf, t("meetings.present_again"), BODY_PT, "B")
        pdf.set_text_color(0, 0, 0)


def _case_block(pdf: FPDF, meeting: MeetingView, item: MinutesCase, t: Translator) -> None:
    entry, case = item.entry, item.case
    decision = entry.decision
    version = decision.case_version if decision else entry.item.case_version
    heading = (
        f"{t('meetings.case_heading', position=entry.item.position)}{t('punct.colon')} "
        f"{entry.case_id} "
        f"({t('meetings.case_version', version=version)})"
    )
    if pdf.get_y() > pdf.h - 60:
        pdf.add_page()
    pdf.ln(2)
    pdf.set_font(FONT, "B", 11)
    pdf.multi_cell(0, 5.5, heading, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    _heading(pdf, t("meetings.section.question"))
    _paragraph(pdf, entry.item.question or t("meetings.no_question"), 8.5, "B")
    # The summary of the case as it was pinned, evaluated on the meeting day.
    evaluation = evaluate(case, today=meeting.date, lang=t.lang)
    summary = build_summary(case, evaluation, t, meeting.date)
    _heading(pdf, t("meetings.section.summary"))
    items: list[KeyValue] = [*summary.patient, *summary.tumour]
    _key_values(pdf, items)
    _heading(pdf, t("meetings.section.options"))
    if decision is not None:
        options, ruleset = decision.options, decision.ruleset_version
    else:
        options = {o.therapy: o.status for o in evaluation.options}
        ruleset = evaluation.ruleset_version
    basis = t(
        "meetings.options.basis",
        version=version,
        date=meeting.date.isoformat(),
        ruleset=ruleset,
    )
    _paragraph(pdf, basis, SMALL_PT, "I")
    _options_table(pdf, options, decision.therapies if decision else [], t)
    _heading(pdf, t("meetings.section.decision"))
    if decision is None:
        _paragraph(pdf, t("meetings.pending"), BODY_PT, "I")
    else:
        _decision_block(pdf, decision, len(entry.earlier_decisions), t)


def _notice(pdf: FPDF, t: Translator) -> None:
    pdf.ln(1.5)
    pdf.set_draw_color(150, 150, 150)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.ln(0.8)
    _paragraph(pdf, t("meetings.notice"), SMALL_PT, "I")


def decision_sheet_pdf(data: MinutesData, case_id: str, lang: str = "en") -> bytes:
    """The decision sheet of one case: meeting, participants and quorum, case summary, the
    options as shown at the meeting, the decision and its justification."""
    t = translator(lang)
    chosen = [c for c in data.cases if c.entry.case_id == case_id]
    if not chosen:
        raise ValueError(f"case {case_id!r} is not on the agenda of {data.meeting.meeting_id!r}")
    title = t("meetings.sheet.title")
    pdf = _new_pdf(data.meeting, title, t)
    _meeting_block(pdf, data.meeting, title, t)
    _case_block(pdf, data.meeting, chosen[0], t)
    _notice(pdf, t)
    return bytes(pdf.output())


def minutes_pdf(data: MinutesData, lang: str = "en") -> bytes:
    """The minutes of the whole meeting: every case of the agenda, in order."""
    t = translator(lang)
    title = t("meetings.minutes.title")
    pdf = _new_pdf(data.meeting, title, t)
    _meeting_block(pdf, data.meeting, title, t)
    _heading(pdf, t("meetings.agenda"))
    if not data.cases:
        _paragraph(pdf, t("meetings.agenda_empty"))
    for item in data.cases:
        _case_block(pdf, data.meeting, item, t)
    _notice(pdf, t)
    return bytes(pdf.output())
