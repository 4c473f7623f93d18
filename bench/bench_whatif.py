"""What-if speed: a 6-line sequence evaluation and a scenario compare, medians over repeats.

A sequence of n lines is n engine evaluations on n modified copies of the case, plus evidence
matching; a compare is two evaluations and a diff. Target: both well under the ~100 ms a page
interaction can spend on logic (the 6-line plan is the largest the page offers).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

from netlogic.clinical.evaluation import evaluate
from netlogic.teaching.library import TEACHING_TODAY, teaching_case
from netlogic.whatif.scenarios import apply_changes, compare_evaluations
from netlogic.whatif.sequencing import evaluate_sequence

PLAN = ["ssa", "prrt", "everolimus", "chemo_alkylating", "chemo_oxaliplatin", "locoregional"]


def _median_ms(fn: Callable[[], object], repeats: int) -> tuple[float, float]:
    timings = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        timings.append(time.perf_counter() - start)
    timings.sort()
    return (
        round(statistics.median(timings) * 1000, 3),
        round(timings[int(len(timings) * 0.95) - 1] * 1000, 3),
    )


def run(repeats: int = 50) -> dict[str, Any]:
    case = teaching_case("TEACH-ILEUM-01").case
    changed = apply_changes(
        case, {"tumour.ki67_percent": 25, "tumour.sstr_imaging": "negative"}, TEACHING_TODAY
    )
    # Warm-up: rule files, evidence table and sequencing rules are read outside the timing.
    evaluate_sequence(case, PLAN, TEACHING_TODAY)

    def sequence() -> object:
        return evaluate_sequence(case, PLAN, TEACHING_TODAY)

    def compare() -> object:
        return compare_evaluations(
            evaluate(case, TEACHING_TODAY), evaluate(changed, TEACHING_TODAY)
        )

    seq_median, seq_p95 = _median_ms(sequence, repeats)
    cmp_median, cmp_p95 = _median_ms(compare, repeats)
    return {
        "repeats": repeats,
        "sequence_lines": len(PLAN),
        "sequence_median_ms": seq_median,
        "sequence_p95_ms": seq_p95,
        "compare_median_ms": cmp_median,
        "compare_p95_ms": cmp_p95,
        "target_median_ms": 100.0,
    }


if __name__ == "__main__":
    print(run())
