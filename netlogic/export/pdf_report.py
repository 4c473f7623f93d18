"""The tumour-board PDF: one to two A4 pages for the multidisciplinary meeting.

Knowledge base section 8 (tumour board). Content comes from
:func:`netlogic.export.summary.build_summary`; this module only lays it out with fpdf2. Text is
set in DejaVu Sans, embedded from matplotlib's own copy, so French accents and the clinical
symbols (≥, –, µ, ²) print on any machine. User text is written as plain text (no markdown
interpretation), so a note can never change the layout or inject content; the page-count alias
that fpdf2 replaces in every text is one the summary does not contain (:func:`page_total_alias`),
so "Give {nb} cycles" prints as typed. A long note or question is printed up to
``NOTE_MAX_CHARS``/``QUESTION_MAX_CHARS`` with a line saying so: fpdf2 wraps text at about
11 s per MB, and the JSON and HTML exports keep every character.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import matplotlib
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from netlogic.clinical.evaluation import Evaluation
from netlogic.export.charts import imaging_chart_png, marker_chart_png
from netlogic.export.summary import AlertLine, ExportSummary, KeyValue, OptionLine, build_summary
from netlogic.model.case import Case
from netlogic.model.vocabulary import Status
from netlogic.reference.i18n import Translator

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FONT = "DejaVu"
MARGIN_MM = 12
BODY_PT = 7.5
SMALL_PT = 6.5
LINE_MM = 3.6
CELL_PADDING_MM = 0.6
# fpdf2 breaks a word that is wider than its column ("etoposid/e"): every column is at least
# as wide as its longest word (measured in bold, the widest style), plus this slack.
WORD_SLACK_MM = 0.6
MIN_FLEX_MM = 30
LONG_HISTORY_LINES = 6
STATUS_FILL: dict[Status, tuple[int, int, int]] = {
    Status.RECOMMENDED: (214, 239, 214),
    Status.OPTION: (232, 242, 252),
    Status.CONTRAINDICATED: (250, 220, 220),
    Status.NOT_RECOMMENDED: (255, 255, 255),
}
ALERT_FILL = {1: (250, 220, 220), 2: (255, 243, 205), 3: (240, 240, 240)}
# About half a page of notes and a few lines of question: the summary stays short and quick.
NOTE_MAX_CHARS = 5000
QUESTION_MAX_CHARS = 1000
# A cut falls on the last space this close to the limit, so no word is split.
CUT_LOOKBACK_CHARS = 80
# Private-use characters: no keyboard types them and no case field needs them.
_ALIAS_MARK = "\ue000"


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def page_total_alias(summary: ExportSummary) -> str:
    """The text fpdf2 replaces with the page count, chosen to occur in no text of the summary
    (fpdf2's default, ``{nb}``, would turn a typed "{nb}" into a number)."""
    everything = "\n".join(_strings(summary.model_dump(mode="python")))
    n = 0
    while (alias := f"{_ALIAS_MARK}{n}{_ALIAS_MARK}") in everything:
        n += 1
    return alias


def clipped(text: str, limit: int, t: Translator) -> str:
    """``text`` up to ``limit`` characters, then a line saying it was cut and where it is whole."""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", limit - CUT_LOOKBACK_CHARS, limit)
    kept = text[: cut if cut > 0 else limit].rstrip()
    return f"{kept} …\n{t('export.truncated', count=len(kept))}"


class FooterPdf(FPDF):
    """A4 portrait with a footer naming the document and the page (so loose pages stay
    sorted): the tumour-board summary and the meeting minutes."""

    def __init__(self, footer_text: str) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self._footer_text = footer_text

    def footer(self) -> None:
        self.set_y(-9)
        self.set_font(FONT, "", SMALL_PT)
        self.set_text_color(110, 110, 110)
        self.cell(0, 4, self._footer_text.replace("{page}", str(self.page_no())), align="C")
        self.set_text_color(0, 0, 0)


def new_footer_pdf(
    footer: str, alias: str, t: Translator, *, title: str, lang: str, creator: str
) -> FooterPdf:
    """An A4 document with the project's fonts and margins, its first page open; ``footer``
    is followed by "page N of M", M written through ``alias`` (text nobody typed)."""
    page = t("export.page", page="{page}", pages=alias)
    pdf = FooterPdf(f"{footer} · {page}")
    pdf.alias_nb_pages(alias)
    pdf.add_font(FONT, "", FONT_DIR / "DejaVuSans.ttf")
    pdf.add_font(FONT, "B", FONT_DIR / "DejaVuSans-Bold.ttf")
    pdf.add_font(FONT, "I", FONT_DIR / "DejaVuSans-Oblique.ttf")
    pdf.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
    pdf.set_auto_page_break(auto=True, margin=12)
    pdf.set_title(title)
    pdf.set_lang(lang)
    pdf.set_creator(creator)
    pdf.add_page()
    return pdf


def _new_pdf(summary: ExportSummary, t: Translator) -> FooterPdf:
    # The rule set version on every page: a loose page still says which rules produced it.
    rules = t("export.ui.ruleset", version=summary.ruleset_version)
    return new_footer_pdf(
        f"{summary.case_id} · {summary.export_date.isoformat()} · {rules}",
        page_total_alias(summary),
        t,
        title=f"{summary.title} – {summary.case_id}",
        lang=summary.lang,
        creator="netlogic export",
    )


def _heading(pdf: FPDF, text: str) -> None:
    if pdf.get_y() > pdf.h - 30:  # keep a heading with at least a few lines of its section
        pdf.add_page()
    pdf.ln(1)
    pdf.set_font(FONT, "B", 9)
    pdf.set_text_color(8, 48, 107)
    pdf.cell(0, 4.4, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_draw_color(8, 48, 107)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.set_text_color(0, 0, 0)
    pdf.ln(0.8)


def _line_mm(size: float) -> float:
    """Line height for a font size: small print takes less room than body text."""
    return LINE_MM * size / BODY_PT


def _paragraph(pdf: FPDF, text: str, size: float = BODY_PT, style: str = "") -> None:
    pdf.set_font(FONT, style, size)
    pdf.multi_cell(0, _line_mm(size), text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _bullets(pdf: FPDF, lines: list[str], size: float = BODY_PT) -> None:
    pdf.set_font(FONT, "", size)
    for line in lines:
        pdf.set_x(pdf.l_margin + 1)
        pdf.cell(3, _line_mm(size), "•")
        pdf.multi_cell(0, _line_mm(size), line, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


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


def _longest_word_mm(pdf: FPDF, texts: list[str], size: float, whole: bool = False) -> float:
    pdf.set_font(FONT, "B", size)
    if whole:  # every line of the cell on one line ("not recommended"), not only each word
        words = [line for text in texts for line in text.splitlines()]
    else:
        words = [word for text in texts for word in text.split()]
    return max((pdf.get_string_width(word) for word in words), default=0.0)


def fit_widths(
    pdf: FPDF,
    columns: list[list[str]],
    widths: tuple[float, ...],
    flexible: int,
    sizes: tuple[float, ...] | None = None,
    whole: frozenset[int] = frozenset(),
) -> tuple[float, ...]:
    """Column widths (mm, summing to the page width) in which no word has to be broken.

    ``columns`` holds every text of each column (headings included); each column grows to its
    longest word (the columns in ``whole``: to their longest line, so a short status such as
    "not recommended" takes one line, not two); the ``flexible`` column (the long free text)
    gives up the room, down to ``MIN_FLEX_MM``; if that is not enough, every column is scaled
    to the page (words of the narrow columns are short: therapy and status names).
    """
    sizes = sizes or (BODY_PT,) * len(widths)
    needed = [
        max(
            width,
            _longest_word_mm(pdf, texts, size, n in whole) + 2 * CELL_PADDING_MM + WORD_SLACK_MM,
        )
        for n, (width, texts, size) in enumerate(zip(widths, columns, sizes, strict=True))
    ]
    page = pdf.w - pdf.l_margin - pdf.r_margin
    others = sum(w for i, w in enumerate(needed) if i != flexible)
    needed[flexible] = max(page - others, MIN_FLEX_MM)
    total = sum(needed)
    return tuple(w * page / total for w in needed)


def _table(pdf: FPDF, widths: tuple[float, ...], size: float = BODY_PT, **kwargs: Any) -> Any:
    pdf.set_font(FONT, "", size)
    return pdf.table(
        col_widths=widths,
        width=pdf.w - pdf.l_margin - pdf.r_margin,
        text_align="LEFT",
        line_height=_line_mm(size),
        padding=CELL_PADDING_MM,
        borders_layout="HORIZONTAL_LINES",
        headings_style=FontFace(emphasis="BOLD", fill_color=(232, 236, 242)),
        **kwargs,
    )


def _key_values(pdf: FPDF, items: list[KeyValue]) -> None:
    """Label/value pairs three by three: a compact block for patient and tumour facts."""
    per_row = 3
    columns: list[list[str]] = [[] for _ in range(2 * per_row)]
    for n, item in enumerate(items):
        columns[2 * (n % per_row)].append(item.label)
        columns[2 * (n % per_row) + 1].append(item.value)
    widths = fit_widths(pdf, columns, (25, 37) * per_row, flexible=2 * per_row - 1)
    with _table(pdf, widths, first_row_as_headings=False) as table:
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
    columns = [
        list(c) for c in zip(summary.treatments.headings, *summary.treatments.rows, strict=True)
    ]
    # A long history in small print: every line stays listed and the summary on two pages.
    size = SMALL_PT if len(summary.treatments.rows) > LONG_HISTORY_LINES else BODY_PT
    widths = fit_widths(
        pdf, columns, (5, 30, 42, 17, 17, 14, 20), 2, (size,) * 7, whole=frozenset({1, 5})
    )
    with _table(pdf, widths, size, repeat_headings=1) as table:
        table.row(summary.treatments.headings)
        for cells in summary.treatments.rows:
            table.row(cells)


# Beside a status or alert whose rule no clinician has reviewed, explained by a note above the
# table; when nothing is reviewed yet one note says so and no row needs a mark.
REVIEW_MARK = "\u2020"
KEEP_IN_MIND_LEVEL = 3


def _marked(reviewed: bool, summary: ExportSummary, text: str) -> str:
    """``text`` with the review mark when its rule is not reviewed (and others are)."""
    if reviewed or summary.all_unreviewed:
        return text
    return f"{text} {REVIEW_MARK}"


def _status_text(option: OptionLine, summary: ExportSummary, text: str) -> str:
    return _marked(option.reviewed, summary, text)


def _review_note(pdf: FPDF, summary: ExportSummary, t: Translator) -> None:
    if summary.all_unreviewed:
        _paragraph(pdf, t("export.unreviewed_all"), SMALL_PT, "I")
    elif summary.unreviewed:
        _paragraph(pdf, t("export.unreviewed_mark_note", mark=REVIEW_MARK), SMALL_PT, "I")


def _options_table(
    pdf: FPDF,
    options: list[OptionLine],
    summary: ExportSummary,
    t: Translator,
    size: float = BODY_PT,
    status_heading: str | None = None,
) -> None:
    """Therapy, status, main reason, sources. With ``status_heading`` every row has that one
    status: it heads the therapy column instead of filling a column (small print saves room)."""
    with_status = status_heading is None
    names = [o.label if with_status else _status_text(o, summary, o.label) for o in options]
    statuses = [_status_text(o, summary, o.status_label) for o in options]
    sources = [", ".join(o.sources) or t("export.none") for o in options]
    headings = [status_heading or t("export.col.therapy"), t("export.col.status")]
    headings += [t("export.col.main_reason"), t("export.col.sources")]
    columns = [
        [headings[0], *names],
        [headings[1], *statuses],
        [headings[2], *(o.main_reason for o in options)],
        [headings[3], *sources],
    ]
    widths: tuple[float, ...] = (31, 18, 96, 38)
    sizes: tuple[float, ...] = (size, size, size, SMALL_PT)
    if not with_status:
        headings, columns = [headings[0], *headings[2:]], [columns[0], *columns[2:]]
        widths, sizes = (31, 114, 38), (size, size, SMALL_PT)
    flexible = 2 if with_status else 1
    fitted = fit_widths(pdf, columns, widths, flexible, sizes, whole=frozenset({1} - {flexible}))
    with _table(pdf, fitted, size, repeat_headings=1) as table:
        table.row(headings)
        for option, name, status, cited in zip(options, names, statuses, sources, strict=True):
            fill = STATUS_FILL.get(option.status, (255, 255, 255))
            bold = FontFace(emphasis="BOLD" if option.offered else None, fill_color=fill)
            row = table.row()
            row.cell(name, style=bold)
            if with_status:
                row.cell(status, style=bold)
            reason = option.main_reason
            if option.offered and option.cautions:
                reason += "\n" + "\n".join(f"! {c}" for c in option.cautions)
            row.cell(reason, style=FontFace(fill_color=fill))
            row.cell(cited, style=FontFace(size_pt=SMALL_PT, fill_color=fill))


def _options(pdf: FPDF, summary: ExportSummary, t: Translator) -> None:
    """What the meeting chooses between (and must not do) in full; the rest in small print."""
    _heading(pdf, t("export.section.options"))
    main = [o for o in summary.options if o.status is not Status.NOT_RECOMMENDED]
    rest = [o for o in summary.options if o.status is Status.NOT_RECOMMENDED]
    _review_note(pdf, summary, t)
    if main:
        _options_table(pdf, main, summary, t)
    if rest:
        pdf.ln(1)
        heading = rest[0].status_label[:1].upper() + rest[0].status_label[1:]
        _options_table(pdf, _grouped(rest), summary, t, SMALL_PT, status_heading=heading)


def _grouped(options: list[OptionLine]) -> list[OptionLine]:
    """Nodes not offered for the same reason share one row ("Everolimus, Sunitinib: the
    current line controls the disease"): every node is still named, in tree order."""
    groups: dict[tuple[str, tuple[str, ...], bool], list[OptionLine]] = {}
    for option in options:
        key = (option.main_reason, tuple(option.sources), option.reviewed)
        groups.setdefault(key, []).append(option)
    return [
        members[0].model_copy(update={"label": ", ".join(m.label for m in members)})
        for members in groups.values()
    ]


def _alerts(pdf: FPDF, summary: ExportSummary, t: Translator) -> None:
    """Alerts to act on (levels 1-2) in a table; those to keep in mind (level 3) as a short
    list in small print, so the summary keeps to two pages."""
    _heading(pdf, t("export.section.alerts"))
    if not summary.alerts:
        _paragraph(pdf, t("export.no_alerts"))
        return
    act = [a for a in summary.alerts if a.level < KEEP_IN_MIND_LEVEL]
    keep_in_mind = [a for a in summary.alerts if a.level >= KEEP_IN_MIND_LEVEL]
    if act:
        _alerts_table(pdf, act, summary, t)
    if keep_in_mind:
        pdf.ln(1)
        _paragraph(
            pdf,
            keep_in_mind[0].level_label[:1].upper() + keep_in_mind[0].level_label[1:],
            SMALL_PT,
            "B",
        )
        _bullets(
            pdf,
            [
                f"{_marked(a.reviewed, summary, a.title)}{t('punct.colon')} {a.message} "
                f"({', '.join(a.sources)})"
                for a in keep_in_mind
            ],
            SMALL_PT,
        )


def _alerts_table(
    pdf: FPDF, alerts: list[AlertLine], summary: ExportSummary, t: Translator
) -> None:
    headings = [t(f"export.col.{c}") for c in ("level", "alert", "message", "sources")]
    titles = [_marked(a.reviewed, summary, a.title) for a in alerts]
    cited = [", ".join(a.sources) for a in alerts]
    columns = [
        [headings[0], *(a.level_label for a in alerts)],
        [headings[1], *titles],
        [headings[2], *(a.message for a in alerts)],
        [headings[3], *cited],
    ]
    sizes = (BODY_PT, BODY_PT, BODY_PT, SMALL_PT)
    widths = fit_widths(pdf, columns, (20, 34, 96, 36), 2, sizes, whole=frozenset({0}))
    with _table(pdf, widths, repeat_headings=1) as table:
        table.row(headings)
        for alert, title, sources in zip(alerts, titles, cited, strict=True):
            style = FontFace(fill_color=ALERT_FILL.get(alert.level, (255, 255, 255)))
            row = table.row()
            row.cell(alert.level_label, style=style)
            row.cell(title, style=FontFace(emphasis="BOLD", fill_color=style.fill_color))
            row.cell(alert.message, style=style)
            row.cell(sources, style=FontFace(size_pt=SMALL_PT, fill_color=style.fill_color))


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
    question = summary.meeting_question or t("export.no_question")
    _paragraph(pdf, clipped(question, QUESTION_MAX_CHARS, t), 8.5, "B")
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
        _paragraph(pdf, clipped(summary.notes, NOTE_MAX_CHARS, t))
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
