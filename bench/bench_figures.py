"""Build time and JSON size of every trend figure for a 15-year history.

Targets: median build < 150 ms and JSON < 1 MB per figure (see netlogic/figures.py for the
WebGL and downsampling thresholds that keep them). Run: ``python -m bench.bench_figures``.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from typing import Any

import plotly.graph_objects as go

from bench.cases import long_history_case
from netlogic.model.case import Case
from netlogic.reference.i18n import Translator
from netlogic.trends.figures import combined_figure, imaging_figure, marker_figure, timeline_figure

TARGET_MS = 150.0
TARGET_BYTES = 1_000_000
REPEATS = 7


def run(repeats: int = REPEATS) -> dict[str, Any]:
    case: Case = long_history_case()
    t = Translator("en")
    builders: dict[str, Callable[[Case, Translator], go.Figure]] = {
        "marker_figure": lambda c, tr: marker_figure(c, tr),
        "imaging_figure": lambda c, tr: imaging_figure(c, tr),
        "timeline_figure": timeline_figure,
        "combined_figure": combined_figure,
    }
    builders["marker_figure"](case, t)  # warm-up: first plotly call imports validators
    results: dict[str, Any] = {}
    for name, build in builders.items():
        times = []
        fig = None
        for _ in range(repeats):
            begin = time.perf_counter()
            fig = build(case, t)
            times.append((time.perf_counter() - begin) * 1000)
        assert fig is not None
        size = len(fig.to_json().encode("utf-8"))
        median = statistics.median(times)
        results[name] = {
            "build_ms_median": round(median, 1),
            "json_bytes": size,
            "meets_target": median < TARGET_MS and size < TARGET_BYTES,
        }
    return {
        "case": case.id,
        "markers": len(case.markers),
        "scans": len(case.imaging),
        "lines": len(case.treatments),
        "targets": {"build_ms": TARGET_MS, "json_bytes": TARGET_BYTES},
        "figures": results,
    }


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
