"""The tumour-board PDF: one to two A4 pages for the multidisciplinary meeting.

Knowledge base section 8 (tumour board). Content comes from
:func:`netlogic.export.summary.build_summary`; this module only lays it out with fpdf2. Text is
set in DejaVu Sans, embedded from matplotlib's own copy, so French accents and the clinical
symbols (≥, –, µ, ²) print on any machine. User text is written as plain text (no markdown
interpretation), so a note can never change the layout or inject content.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import matplotlib
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from netlogic.clinical.evaluation import Evaluation
from netlogic.export.charts import imaging_chart_png, marker_chart_png
from netlogic.export.summary import ExportSummary, KeyValue, OptionLine, build_summary
from netlogic.model.case import Case
from netlogic.model.vocabulary import Status
from netlogic.reference.i18n import Translator

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FONT = "DejaVu"
MARGIN_MM = 12
BODY_PT = 7.5
SMALL_PT = 6.5
LINE_MM = 3.6
STATUS_FILL: dict[Status, tuple[int, int, int]] = {
    Status.RECOMMENDED: (214, 239, 214),
    Status.OPTION: (232, 242, 252),
    Status.CONTRAINDICATED: (250, 220, 220),
    Status.NOT_RECOMMENDED: (255, 255, 255),
}
ALERT_FILL = {1: (250, 220, 220), 2: (255, 243, 205), 3: (240, 240, 240)}


class _SummaryPdf(FPDF):
    """A4 portrait with a footer naming the case and the page (so loose pages stay sorted)."""

    def __init__(self, footer_text: str) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self._footer_text = footer_text

    def footer(self) -> None:
        self.set_y(-9)
        self.set_font(FONT, "", SMALL_PT)
        self.set_text_color(110, 110, 110)
        self.cell(0, 4, self._footer_text.replace("{page}", str(self.page_no())), align="C")
        self.set_text_color(0, 0, 0)


def _new_pdf(summary: ExportSummary, t: Translator) -> _SummaryPdf:
    page = t("export.page", page="{page}", pages="{nb}")
    pdf = _SummaryPdf(f"{summary.case_id} · {summary.export_date.isoformat()} · {page}")
    pdf.add_font(FONT, "", FONT_DIR / "DejaVuSans.ttf")
    pdf.add_font(FONT, "B", FONT_DIR / "DejaVuSans-Bold.ttf")
    pdf.add_font(FONT, "I", FONT_DIR / "DejaVuSans-Oblique.ttf")
    pdf.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
    pdf.set_auto_page_break(auto=True, margin=12)
    pdf.set_title(f"{summary.title} – {summary.case_id}")
    pdf.set_lang(summary.lang)
    pdf.set_creator("netlogic export")
    pdf.add_page()
    return pdf


def _heading(pdf: FPDF, text: str) -> None:
    if pdf.get_y() > pdf.h - 24:  # keep a heading with at least a few lines of its section
        pdf.add_page()
    pdf.ln(1)
    pdf.set_font(FONT, "B", 9)
    pdf.set_text_color(8, 48, 107)
    pdf.cell(0, 4.4, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_draw_color(8, 48, 107)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.set_text_color(0, 0, 0)
    pdf.ln(0.8)


def _paragraph(pdf: FPDF, text: str, size: float = BODY_PT, style: str = "") -> None:
    pdf.set_font(FONT, style, size)
    pdf.multi_cell(0, LINE_MM, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _bullets(pdf: FPDF, lines: list[str], size: float = BODY_PT) -> None:
    pdf.set_font(FONT, "", size)
    for line in lines:
        pdf.set_x(pdf.l_margin + 1)
        pdf.cell(3, LINE_MM, "•")
        pdf.multi_cell(0, LINE_MM, line, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _header(pdf: FPDF, summary: ExportSummary) -> None:
    pdf.set_font(FONT, "B", 14)
    pdf.cell(0, 7, summary.title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    _paragraph(pdf, summary.subtitle, SMALL_PT, "I")
    pdf.ln(0.5)
    pdf.set_font(FONT, "", BODY_PT)
    for item in summary.header:
        pdf.set_font(FONT, "B", BODY_PT)
        pdf.write(LINE_MM, f"{item.label}: ")
        pdf.set_font(FONT, "", BODY_PT)
        pdf.write(LINE_MM, f"{item.value}     ")
    pdf.ln(LINE_MM + 1)


def _table(pdf: FPDF, widths: tuple[float, ...], size: float = BODY_PT, **kwargs: Any) -> Any:
    pdf.set_font(FONT, "", size)
    return pdf.table(
        col_widths=widths,
        text_align="LEFT",
        line_height=LINE_MM * size / BODY_PT,
        padding=0.8,
        borders_layout="HORIZONTAL_LINES",
        headings_style=FontFace(emphasis="BOLD", fill_color=(232, 236, 242)),
        **kwargs,
    )


def _key_values(pdf: FPDF, items: list[KeyValue]) -> None:
    """Label/value pairs three by three: a compact block for patient and tumour facts."""
    per_row = 3
    with _table(pdf, (25, 37) * per_row, first_row_as_headings=False) as table:
        for i in range(0, len(items), per_row):
            row = table.row()
            chunk = items[i : i + per_row]
            for item in chunk:
                row.cell(item.label, style=FontFace(emphasis="BOLD"))
                row.cell(item.value)
            if len(chunk) < per_row:
                row.cell("", colspan=2 * (per_row - len(chunk)))


def _treatments(pdf: FPDF, summary: ExportSummary, t: Translator) -> None:
    _heading(pdf, t("export.section.treatments"))
    if not summary.treatments.rows:
        _paragraph(pdf, t("export.no_treatments"))
        return
    widths = (5, 30, 42, 17, 17, 14, 20)
    with _table(pdf, widths, repeat_headings=1) as table:
        table.row(summary.treatments.headings)
        for cells in summary.treatments.rows:
            table.row(cells)


def _options_table(
    pdf: FPDF, options: list[OptionLine], t: Translator, size: float = BODY_PT
) -> None:
    headings = [t(f"export.col.{c}") for c in ("therapy", "status", "main_reason", "sources")]
    with _table(pdf, (31, 21, 96, 38), size, repeat_headings=1) as table:
        table.row(headings)
        for option in options:
            fill = STATUS_FILL.get(option.status, (255, 255, 255))
            bold = FontFace(emphasis="BOLD" if option.offered else None, fill_color=fill)
            row = table.row()
            row.cell(option.label, style=bold)
            row.cell(option.status_label, style=bold)
            reason = option.main_reason
            if option.offered and option.cautions:
                reason += "\n" + "\n".join(f"! {c}" for c in option.cautions)
            row.cell(reason, style=FontFace(fill_color=fill))
            sources = ", ".join(option.sources) or t("export.none")
            row.cell(sources, style=FontFace(size_pt=SMALL_PT, fill_color=fill))


def _options(pdf: FPDF, summary: ExportSummary, t: Translator) -> None:
    """What the meeting chooses between (and must not do) in full; the rest in small print."""
    _heading(pdf, t("export.section.options"))
    main = [o for o in summary.options if o.status is not Status.NOT_RECOMMENDED]
    rest = [o for o in summary.options if o.status is Status.NOT_RECOMMENDED]
    if main:
        _options_table(pdf, main, t)
    if rest:
        pdf.ln(1)
        _options_table(pdf, rest, t, SMALL_PT)


def _alerts(pdf: FPDF, summary: ExportSummary, t: Translator) -> None:
    _heading(pdf, t("export.section.alerts"))
    if not summary.alerts:
        _paragraph(pdf, t("export.no_alerts"))
        return
    with _table(pdf, (24, 120, 42), first_row_as_headings=False) as table:
        for alert in summary.alerts:
            style = FontFace(fill_color=ALERT_FILL.get(alert.level, (255, 255, 255)))
            row = table.row()
            row.cell(alert.level_label, style=style)
            row.cell(alert.message, style=style)
            sources = FontFace(size_pt=SMALL_PT, fill_color=style.fill_color)
            row.cell(", ".join(alert.sources), style=sources)


def _charts(pdf: FPDF, summary: ExportSummary, t: Translator) -> None:
    markers = marker_chart_png(summary.charts, t)
    imaging = imaging_chart_png(summary.charts, t)
    width = (pdf.w - 2 * MARGIN_MM - 4) / 2
    _heading(pdf, t("export.section.charts"))
    if pdf.get_y() > pdf.h - 75:  # the charts are about 60 mm tall: never split them
        pdf.add_page()
    top = pdf.get_y()
    # Both images keep their aspect ratio; continue below the taller one.
    tallest = 0.0
    for i, png in enumerate((markers, imaging)):
        x = MARGIN_MM + i * (width + 4)
        info = pdf.image(png, x=x, y=top, w=width)
        tallest = max(tallest, float(info.rendered_height))
    pdf.set_y(top + tallest + 1)


def render_pdf(summary: ExportSummary, t: Translator) -> bytes:
    """Lay out a built summary as an A4 PDF (bytes)."""
    pdf = _new_pdf(summary, t)
    _header(pdf, summary)
    _heading(pdf, t("export.section.question"))
    _paragraph(pdf, summary.meeting_question or t("export.no_question"), 8.5, "B")
    _heading(pdf, f"{t('export.section.patient')} · {t('export.section.tumour')}")
    _key_values(pdf, summary.patient + summary.tumour)
    pdf.ln(0.5)
    _paragraph(pdf, f"{t('export.tumour.basis')}:", SMALL_PT, "B")
    _bullets(pdf, summary.grade_basis, SMALL_PT)
    _heading(pdf, t("export.section.status"))
    _bullets(pdf, summary.status_lines)
    _charts(pdf, summary, t)
    _treatments(pdf, summary, t)
    _options(pdf, summary, t)
    _alerts(pdf, summary, t)
    if summary.notes:
        _heading(pdf, t("export.section.notes"))
        _paragraph(pdf, summary.notes)
    # The notice closes the summary under a thin rule, in small print but never left out.
    pdf.ln(1.5)
    pdf.set_draw_color(150, 150, 150)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.ln(0.8)
    _paragraph(pdf, f"{t('export.section.notice')}: {summary.notice}", SMALL_PT, "I")
    return bytes(pdf.output())


def build_pdf(
    case: Case, evaluation: Evaluation, t: Translator, today: date | None = None
) -> bytes:
    """The tumour-board PDF of one case, in the translator's language."""
    return render_pdf(build_summary(case, evaluation, t, today), t)
