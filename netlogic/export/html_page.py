"""The HTML summary: one self-contained, printable file, light enough to open at once.

Knowledge base section 8 (tumour board). Same content as the PDF
(:func:`netlogic.export.summary.build_summary`) in the same words, plus the history chart:
treatment lines, markers and imaging on one shared time axis, drawn once as an inline SVG
(:func:`netlogic.export.charts.history_chart_svg`). No script at all: the file fetches nothing,
runs nothing, and opens in a fraction of a second (an embedded plotly.js made it 4.8 MB and
3.4 s). Every chart has a text alternative: a sentence per panel and the data as tables, in a
``<details>`` block. Every piece of text is escaped with :func:`html.escape`, so a note
containing ``<script>`` is shown as text and never runs.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from datetime import date

from netlogic.clinical.evaluation import Evaluation
from netlogic.export.charts import history_chart_svg
from netlogic.export.summary import ChartData, ExportSummary, KeyValue, build_summary
from netlogic.model.case import Case
from netlogic.reference.i18n import Translator, fmt_number

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
.chart svg { width: 100%; height: auto; display: block; }
td.date { white-space: nowrap; }
.review { font-style: italic; color: #8a4b00; }
caption { text-align: left; font-weight: bold; padding: 0.3rem 0; }
details { margin: 0.4rem 0; }
summary { cursor: pointer; color: var(--accent); }
@page { size: A4; margin: 12mm; }
@media print {
  body { max-width: none; margin: 0; font-size: 10pt; }
  .hint, details { display: none; }
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


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _cell(text: str) -> str:
    # A date broken at its hyphens ("2021-03-/15") reads as two values.
    css = ' class="date"' if _ISO_DATE.match(text) else ""
    return f"<td{css}>{_e(text)}</td>"


def _table(
    headings: list[str], rows: Iterable[tuple[str, list[str]]], caption: str | None = None
) -> str:
    head = "".join(f'<th scope="col">{_e(h)}</th>' for h in headings)
    body = "".join(
        f'<tr class="{_e(css)}">' + "".join(_cell(c) for c in cells) + "</tr>"
        for css, cells in rows
    )
    title = f"<caption>{_e(caption)}</caption>" if caption else ""
    return f"<table>{title}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _chart_sentences(charts: ChartData, t: Translator) -> list[str]:
    """What each panel shows, in one sentence: the chart's text alternative."""
    sentences = []
    if charts.bands:
        sentences.append(
            t(
                "export.chart.alt_lines",
                count=len(charts.bands),
                first=charts.bands[0].start.isoformat(),
                last=max(b.end for b in charts.bands).isoformat(),
            )
        )
    for series in charts.markers:
        sentences.append(
            t(
                "export.chart.alt_markers",
                marker=series.label,
                count=len(series.points),
                first=series.points[0].date.isoformat(),
                last=series.points[-1].date.isoformat(),
                latest=fmt_number(series.points[-1].value, 2),
                unit=series.unit,
            )
        )
    if charts.imaging:
        latest = charts.imaging[-1]
        sentences.append(
            t(
                "export.chart.alt_imaging",
                count=len(charts.imaging),
                first=charts.imaging[0].date.isoformat(),
                last=latest.date.isoformat(),
                latest=fmt_number(latest.sum_mm),
                category=latest.category or t("export.chart.before_baseline"),
            )
        )
    return sentences


def _chart_tables(charts: ChartData, t: Translator) -> str:
    """The chart's data as plain tables (what a screen reader reads instead of the drawing)."""
    parts = []
    if charts.bands:
        parts.append(
            _table(
                [
                    t("export.col.line"),
                    t("export.col.therapy"),
                    t("export.col.start"),
                    t("export.col.end"),
                ],
                (
                    (
                        "",
                        [
                            str(n),
                            b.label,
                            b.start.isoformat(),
                            t("export.ongoing") if b.ongoing else b.end.isoformat(),
                        ],
                    )
                    for n, b in enumerate(charts.bands, start=1)
                ),
                caption=t("export.chart.lines"),
            )
        )
    for series in charts.markers:
        parts.append(
            _table(
                [t("export.col.date"), t("export.col.value"), t("export.col.uln")],
                (
                    ("", [p.date.isoformat(), _number(p.value, t), _number(p.uln, t)])
                    for p in series.points
                ),
                caption=f"{series.label} ({series.unit})"
                if series.unit and series.unit not in series.label
                else series.label,
            )
        )
    if charts.imaging:
        parts.append(
            _table(
                [t("export.col.date"), t("export.col.sum_mm"), t("export.col.category")],
                (
                    (
                        "",
                        [
                            p.date.isoformat(),
                            _number(p.sum_mm, t),
                            p.category or t("export.chart.before_baseline"),
                        ],
                    )
                    for p in charts.imaging
                ),
                caption=t("export.chart.imaging"),
            )
        )
    return "".join(parts)


def _number(value: float | None, t: Translator) -> str:
    """A number in a table cell as the language writes it (8,5 in French)."""
    if value is None:
        return t("export.none")
    return t("export.number", value=fmt_number(value, 2))


def _charts_html(summary: ExportSummary, t: Translator) -> str:
    charts = summary.charts
    svg = history_chart_svg(charts, t)
    if not svg:
        return f"<p>{_e(t('trends.figure.no_data'))}</p>"
    title = t("export.chart.history")
    sentences = _chart_sentences(charts, t)
    # The drawing is labelled by its title and described by the sentences; its data follow.
    labelled = svg.replace(
        "<svg ",
        '<svg role="img" aria-labelledby="history-title" aria-describedby="history-summary" ',
        1,
    )
    return (
        '<figure class="chart">'
        f'<figcaption id="history-title"><strong>{_e(title)}</strong></figcaption>'
        f"{labelled}"
        f'<div id="history-summary">{_list(sentences)}</div>'
        f"<details><summary>{_e(t('export.chart.data'))}</summary>"
        f"{_chart_tables(charts, t)}</details>"
        "</figure>"
    )


def _options_html(summary: ExportSummary, t: Translator) -> str:
    headings = [
        t(f"export.col.{c}") for c in ("therapy", "status", "main_reason", "sources", "rule")
    ]
    rows = []
    for o in summary.options:
        reason = " ".join([o.main_reason, *(f"⚠ {c}" for c in o.cautions if o.offered)])
        status = o.status_label if o.reviewed else f"{o.status_label} ({summary.not_reviewed})"
        rows.append((o.status.value, [o.label, status, reason, ", ".join(o.sources), o.rule]))
    return _table(headings, rows)


def _alerts_html(summary: ExportSummary, t: Translator) -> str:
    if not summary.alerts:
        return f"<p>{_e(t('export.no_alerts'))}</p>"
    headings = [t(f"export.col.{c}") for c in ("level", "alert", "message", "sources")]
    rows = [
        (
            f"alert-{a.level}",
            [
                a.level_label,
                a.title if a.reviewed else f"{a.title} ({summary.not_reviewed})",
                a.message,
                ", ".join(a.sources),
            ],
        )
        for a in summary.alerts
    ]
    return _table(headings, rows)


def render_html(summary: ExportSummary, t: Translator) -> str:
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
        f'<p class="review">{_e(t("export.unreviewed_note"))}</p>' if summary.unreviewed else "",
        _options_html(summary, t),
        f"<h2>{_e(t('export.section.alerts'))}</h2>",
        _alerts_html(summary, t),
        f"<h2>{_e(t('export.section.treatments'))}</h2>",
        treatments,
        f"<h2>{_e(t('export.section.charts'))}</h2>",
        _charts_html(summary, t),
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
    return render_html(build_summary(case, evaluation, t, today), t)
