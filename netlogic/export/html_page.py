"""The HTML summary: one self-contained, printable file with interactive charts.

Knowledge base section 8 (tumour board). Same content as the PDF
(:func:`netlogic.export.summary.build_summary`) plus the interactive Plotly charts of the app
(:mod:`netlogic.trends.figures`). The file works offline and fetches nothing: plotly.js is embedded
inline once, there are no links to stylesheets, fonts or images, and the Plotly logo link is
switched off. Every piece of text is escaped with :func:`html.escape`, so a note containing
``<script>`` is shown as text and never runs.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from datetime import date

import plotly.graph_objects as go

from netlogic.clinical.evaluation import Evaluation
from netlogic.export.summary import ExportSummary, KeyValue, build_summary
from netlogic.model.case import Case
from netlogic.reference.i18n import Translator
from netlogic.trends.figures import imaging_figure, marker_figure, timeline_figure
from netlogic.trends.recist import measured_assessments

# Plotly options that link out (logo, "edit in Chart Studio") are off.
PLOTLY_CONFIG = {"displaylogo": False, "showSendToCloud": False}

STYLE = """
:root { --ink: #1a1a1a; --accent: #08306b; --muted: #666; }
body { font-family: "DejaVu Sans", "Segoe UI", Arial, sans-serif; color: var(--ink);
       max-width: 1100px; margin: 1.5rem auto; padding: 0 1rem; font-size: 14px; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.1rem; color: var(--accent); border-bottom: 1px solid var(--accent);
     margin-top: 1.4rem; }
.subtitle, .hint { color: var(--muted); font-style: italic; }
.header span { margin-right: 1.5rem; }
table { border-collapse: collapse; width: 100%; margin: 0.4rem 0; }
th, td { border-bottom: 1px solid #ddd; padding: 0.25rem 0.4rem; text-align: left;
         vertical-align: top; }
th { background: #e8ecf2; }
td.label { font-weight: bold; width: 18%; }
tr.recommended { background: #d6efd6; } tr.option { background: #e8f2fc; }
tr.contraindicated { background: #fadcdc; }
tr.recommended td:first-child, tr.option td:first-child { font-weight: bold; }
tr.alert-1 { background: #fadcdc; } tr.alert-2 { background: #fff3cd; }
.question { font-weight: bold; font-size: 1.05rem; border-left: 4px solid var(--accent);
            padding: 0.4rem 0.8rem; background: #f4f6fa; white-space: pre-wrap; }
.notes { white-space: pre-wrap; }
.notice { font-style: italic; color: var(--muted); }
.chart { margin: 0.6rem 0; }
@page { size: A4; margin: 12mm; }
@media print {
  body { max-width: none; margin: 0; font-size: 10pt; }
  .hint { display: none; }
  h2 { break-after: avoid; }
  tr, .chart, .question { break-inside: avoid; }
}
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _key_value_table(items: Iterable[KeyValue]) -> str:
    rows = "".join(
        f'<tr><td class="label">{_e(i.label)}</td><td>{_e(i.value)}</td></tr>' for i in items
    )
    return f"<table>{rows}</table>"


def _list(lines: Iterable[str]) -> str:
    return "<ul>" + "".join(f"<li>{_e(line)}</li>" for line in lines) + "</ul>"


def _table(headings: list[str], rows: Iterable[tuple[str, list[str]]]) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in headings)
    body = "".join(
        f'<tr class="{_e(css)}">' + "".join(f"<td>{_e(c)}</td>" for c in cells) + "</tr>"
        for css, cells in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _charts_html(figures: list[go.Figure]) -> str:
    parts = []
    for n, fig in enumerate(figures):
        # plotly.js goes in once, inline, with the first chart; fixed ids keep the file stable.
        chart = fig.to_html(
            full_html=False,
            include_plotlyjs=n == 0,
            config=PLOTLY_CONFIG,
            div_id=f"chart-{n}",
        )
        parts.append(f'<div class="chart">{chart}</div>')
    return "".join(parts)


def _options_html(summary: ExportSummary, t: Translator) -> str:
    headings = [t(f"export.col.{c}") for c in ("therapy", "status", "main_reason", "sources")]
    rows = []
    for o in summary.options:
        reason = " ".join([o.main_reason, *(f"⚠ {c}" for c in o.cautions if o.offered)])
        rows.append((o.status.value, [o.label, o.status_label, reason, ", ".join(o.sources)]))
    return _table(headings, rows)


def _alerts_html(summary: ExportSummary, t: Translator) -> str:
    if not summary.alerts:
        return f"<p>{_e(t('export.no_alerts'))}</p>"
    headings = [t(f"export.col.{c}") for c in ("level", "alert", "sources")]
    rows = [
        (f"alert-{a.level}", [a.level_label, a.message, ", ".join(a.sources)])
        for a in summary.alerts
    ]
    return _table(headings, rows)


def render_html(summary: ExportSummary, figures: list[go.Figure], t: Translator) -> str:
    """The summary and its charts as one HTML document (text)."""
    header = "".join(
        f"<span><strong>{_e(i.label)}:</strong> {_e(i.value)}</span>" for i in summary.header
    )
    treatments = (
        _table(summary.treatments.headings, (("", r) for r in summary.treatments.rows))
        if summary.treatments.rows
        else f"<p>{_e(t('export.no_treatments'))}</p>"
    )
    question = summary.meeting_question or t("export.no_question")
    notes = (
        f'<h2>{_e(t("export.section.notes"))}</h2><p class="notes">{_e(summary.notes)}</p>'
        if summary.notes
        else ""
    )
    sections = [
        f"<h1>{_e(summary.title)}</h1>",
        f'<p class="subtitle">{_e(summary.subtitle)}</p>',
        f'<p class="header">{header}</p>',
        f'<p class="hint">{_e(t("export.html.print_hint"))}</p>',
        f"<h2>{_e(t('export.section.question'))}</h2>",
        f'<p class="question">{_e(question)}</p>',
        f"<h2>{_e(t('export.section.patient'))} · {_e(t('export.section.tumour'))}</h2>",
        _key_value_table(summary.patient + summary.tumour),
        f"<p><strong>{_e(t('export.tumour.basis'))}:</strong></p>",
        _list(summary.grade_basis),
        f"<h2>{_e(t('export.section.status'))}</h2>",
        _list(summary.status_lines),
        f"<h2>{_e(t('export.section.options'))}</h2>",
        _options_html(summary, t),
        f"<h2>{_e(t('export.section.alerts'))}</h2>",
        _alerts_html(summary, t),
        f"<h2>{_e(t('export.section.treatments'))}</h2>",
        treatments,
        f"<h2>{_e(t('export.section.charts'))}</h2>",
        _charts_html(figures),
        notes,
        f"<h2>{_e(t('export.section.notice'))}</h2>",
        f'<p class="notice">{_e(summary.notice)}</p>',
    ]
    title = f"{summary.title} – {summary.case_id}"
    return (
        f'<!DOCTYPE html>\n<html lang="{_e(summary.lang)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        + "\n".join(sections)
        + "\n</body>\n</html>\n"
    )


def build_html(case: Case, evaluation: Evaluation, t: Translator, today: date | None = None) -> str:
    """The self-contained HTML summary of one case, in the translator's language."""
    summary = build_summary(case, evaluation, t, today)
    # Only charts with something to draw: empty axes in a summary read as data.
    figures = []
    if case.markers:
        figures.append(marker_figure(case, t))
    if measured_assessments(case):
        figures.append(imaging_figure(case, t))
    if case.treatments:
        figures.append(timeline_figure(case, t))
    return render_html(summary, figures, t)
