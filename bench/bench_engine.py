"""Engine speed: evaluations per second over 10,000 generated cases in one process.

Target (pathway issue): the median evaluation stays under 1 ms on one core. Cases are made
by the project's hypothesis strategy (a fixed seed), validated once; only evaluate() is timed.
"""

from __future__ import annotations

import statistics
import time
from datetime import date
from typing import Any

from hypothesis import HealthCheck, given, seed, settings

from netlogic.clinical.evaluation import evaluate
from netlogic.model.case import Case
from netlogic.model.case_io import parse_case
from tests.strategies import cases

TODAY = date(2026, 11, 22)


def generated_cases(n: int) -> list[Case]:
    found: list[Case] = []

    @seed(20261122)
    @settings(max_examples=n, database=None, deadline=None, suppress_health_check=list(HealthCheck))
    @given(cases())
    def collect(data: dict[str, Any]) -> None:
        found.append(parse_case(data, TODAY))

    collect()
    return found


def run(n: int = 10_000) -> dict[str, Any]:
    batch = generated_cases(n)
    evaluate(batch[0], TODAY)  # load the rule files outside the timing
    timings = []
    start_all = time.perf_counter()
    for case in batch:
        start = time.perf_counter()
        evaluate(case, TODAY)
        timings.append(time.perf_counter() - start)
    total = time.perf_counter() - start_all
    return {
        "cases": len(batch),
        "cases_per_second": round(len(batch) / total, 1),
        "median_ms": round(statistics.median(timings) * 1000, 3),
        "p95_ms": round(sorted(timings)[int(len(timings) * 0.95)] * 1000, 3),
        "target_median_ms": 1.0,
    }


if __name__ == "__main__":
    print(run())
