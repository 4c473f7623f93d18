"""Export build times for a 15-year history: tumour-board PDF, HTML summary, FHIR bundle.

Targets: PDF < 2 s, HTML < 1 s (median of a few runs, after a warm-up that pays the one-off
imports of matplotlib, fpdf2, plotly and fhir.resources). The evaluation is computed once and
shared, as the app does. Run: ``python -m bench.bench_export``.
"""

from __future__ import annotations

import io
import json
import statistics
import time
from collections.abc import Callable
from datetime import date
from typing import Any

from pypdf import PdfReader

from bench.cases import long_history_case
from netlogic.clinical.evaluation import evaluate
from netlogic.export.csv_bundle import build_csv_zip
from netlogic.export.fhir_bundle import build_fhir_json
from netlogic.export.html_page import build_html
from netlogic.export.pdf_report import build_pdf
from netlogic.reference.i18n import Translator

TODAY = date(2026, 11, 22)
TARGET_SECONDS = {"pdf": 2.0, "html": 1.0}
REPEATS = 3


def run(repeats: int = REPEATS) -> dict[str, Any]:
    case = long_history_case()
    t = Translator("fr")  # French: the longer texts of the two languages
    evaluation = evaluate(case, today=TODAY, lang=t.lang)
    builders: dict[str, Callable[[], bytes]] = {
        "pdf": lambda: build_pdf(case, evaluation, t, TODAY),
        "html": lambda: build_html(case, evaluation, t, TODAY).encode("utf-8"),
        "fhir": lambda: build_fhir_json(case, evaluation, t, TODAY).encode("utf-8"),
        "csv": lambda: build_csv_zip(case, t, TODAY),
    }
    results: dict[str, Any] = {}
    for name, build in builders.items():
        build()  # warm-up
        times, data = [], b""
        for _ in range(repeats):
            begin = time.perf_counter()
            data = build()
            times.append(time.perf_counter() - begin)
        median = statistics.median(times)
        row: dict[str, Any] = {"seconds_median": round(median, 3), "bytes": len(data)}
        if name in TARGET_SECONDS:
            row["target_seconds"] = TARGET_SECONDS[name]
            row["meets_target"] = median < TARGET_SECONDS[name]
        if name == "pdf":
            row["pages"] = len(PdfReader(io.BytesIO(data)).pages)
        results[name] = row
    return {
        "case": case.id,
        "markers": len(case.markers),
        "scans": len(case.imaging),
        "lines": len(case.treatments),
        "exports": results,
    }


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
