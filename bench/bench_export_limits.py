"""Export time at the input bounds: the PDF with a long note, FHIR with many marker values.

fpdf2 wraps text at about 11 s per MB, so the PDF prints at most
``netlogic.export.pdf_report.NOTE_MAX_CHARS`` of a note (saying so): its time must not grow
with the note. The FHIR bundle is validated resource by resource with fhir.resources: its time
must grow linearly with the marker values (the time per value at the largest size at most
``LINEAR_SLACK`` times the one at the smallest). Targets: PDF < 2 s whatever the note; FHIR at
5,000 marker values (the bound of one case) < 5 s. Run: ``python -m bench.bench_export_limits``.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from bench.cases import long_history_case
from netlogic.clinical.evaluation import evaluate
from netlogic.export.fhir_bundle import build_fhir_json
from netlogic.export.pdf_report import build_pdf
from netlogic.reference.i18n import Translator

TODAY = date(2026, 11, 22)
NOTE_CHARS = (2_000, 20_000, 1_000_000)  # a letter, the bound of the notes, a pasted file
MARKER_COUNTS = (1_000, 2_500, 5_000)
PDF_TARGET_SECONDS = 2.0
FHIR_TARGET_SECONDS = 5.0
LINEAR_SLACK = 1.5


def _median_seconds(build: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        begin = time.perf_counter()
        build()
        times.append(time.perf_counter() - begin)
    return statistics.median(times)


def _note(chars: int) -> str:
    words = "Discussed at the RCP; patient prefers oral treatment, {nb} cycles planned. "
    return (words * (chars // len(words) + 1))[:chars]


def run(
    repeats: int = 3,
    note_chars: Sequence[int] = NOTE_CHARS,
    marker_counts: Sequence[int] = MARKER_COUNTS,
) -> dict[str, Any]:
    t = Translator("fr")
    short = long_history_case(years=3, n_markers=40, n_scans=8, n_lines=3)
    evaluation = evaluate(short, today=TODAY, lang=t.lang)
    build_pdf(short, evaluation, t, TODAY)  # warm-up: fonts, matplotlib
    pdf = []
    for chars in note_chars:
        case = short.model_copy(update={"notes": _note(chars)})
        seconds = _median_seconds(lambda c=case: build_pdf(c, evaluation, t, TODAY), repeats)
        pdf.append({"note_chars": chars, "seconds": round(seconds, 3)})
    fhir = []
    for count in marker_counts:
        case = long_history_case(years=15, n_markers=count, n_scans=60, n_lines=10)
        case_evaluation = evaluate(case, today=TODAY, lang=t.lang)
        build = lambda c=case, e=case_evaluation: build_fhir_json(c, e, t, TODAY)  # noqa: E731
        build()
        seconds = _median_seconds(build, repeats)
        per_marker = 1000 * seconds / count
        fhir.append({"markers": count, "seconds": round(seconds, 3), "ms_per_marker": per_marker})
    growth = fhir[-1]["ms_per_marker"] / fhir[0]["ms_per_marker"]
    return {
        "pdf": pdf,
        "pdf_target_seconds": PDF_TARGET_SECONDS,
        "pdf_meets_target": all(p["seconds"] < PDF_TARGET_SECONDS for p in pdf),
        "fhir": fhir,
        "fhir_target_seconds": FHIR_TARGET_SECONDS,
        "fhir_meets_target": fhir[-1]["seconds"] < FHIR_TARGET_SECONDS,
        "fhir_per_marker_growth": round(growth, 2),
        "fhir_linear": growth <= LINEAR_SLACK,
    }


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
