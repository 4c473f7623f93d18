"""Rerun cost per page: what one interaction costs the server on each page of the dashboard.

Every Streamlit interaction reruns the whole page script, so the script run time is the
floor of the app's reaction time. Each page (app.py and every file in pages/) is run with
AppTest and a 15-year case (``bench.cases.long_history_case``) as the session's current case,
set through the keys ``ui.current_case`` documents. The first run of a session (evaluation,
figure building) is reported apart; the median is over the reruns after it, which is the
interactive loop. An empty page script run the same way in the same process gives the
framework's floor.

Target: every page within 3x the floor plus 50 ms (``page_ms <= 3 * floor_ms + 50``); the
Case page, where a clinician types, within 5x the floor (``page_ms <= 5 * floor_ms``, issue
"Case entry that never loses or corrupts a value ... answers within half a second").
Run: ``python -m bench.bench_pages`` (prints JSON).
"""

from __future__ import annotations

import json
import logging
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from streamlit import config
from streamlit.testing.v1 import AppTest

from bench.cases import long_history_case
from netlogic.model.case import Case

ROOT = Path(__file__).resolve().parent.parent
FLOOR_FACTOR = 3.0
FLOOR_SLACK_MS = 50.0
# Pages with their own target: (factor, slack in ms) over the floor.
PAGE_TARGETS = {"pages/1_Case.py": (5.0, 0.0)}
RERUNS = 15
EMPTY_PAGE = "import streamlit as st\n"
# The session-state keys of ui.current_case (its module docstring: pages never write them;
# a benchmark preparing a session before the first run has to).
_CASE_KEYS = {
    "current_case.case": None,
    "current_case.source": "demo",
    "current_case.version": None,
    "current_case.saved_at": None,
    "current_case.saved_hash": None,
}


def page_files(root: Path = ROOT) -> list[Path]:
    return [root / "app.py", *sorted((root / "pages").glob("*.py"))]


def _spread(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    q = statistics.quantiles(ordered, n=4) if len(ordered) >= 2 else [ordered[0]] * 3
    return {
        "median_ms": round(statistics.median(ordered), 1),
        "q1_ms": round(q[0], 1),
        "q3_ms": round(q[2], 1),
        "min_ms": round(ordered[0], 1),
        "max_ms": round(ordered[-1], 1),
    }


def time_script(
    path: Path, case: Case | None, reruns: int, page: str | None = None
) -> dict[str, Any]:
    """First run and ``reruns`` further runs of one page in one AppTest session.

    ``page`` (relative to ``path``'s folder) is opened with ``switch_page`` from the
    entry-point script ``path``, as page links resolve against the entry point.
    """
    at = AppTest.from_file(str(path), default_timeout=120)
    if page is not None:
        at.switch_page(page)
    if case is not None:
        for key, value in _CASE_KEYS.items():
            at.session_state[key] = case if key == "current_case.case" else value
    begin = time.perf_counter()
    at.run()
    first_ms = (time.perf_counter() - begin) * 1000
    errors = [str(e.value) for e in at.exception]
    times = []
    for _ in range(reruns):
        begin = time.perf_counter()
        at.run()
        times.append((time.perf_counter() - begin) * 1000)
        errors += [str(e.value) for e in at.exception]
    return {"first_run_ms": round(first_ms, 1), **_spread(times), "errors": errors[:3]}


def run(
    reruns: int = RERUNS, case: Case | None = None, pages: list[Path] | None = None
) -> dict[str, Any]:
    # Setting session state before the first run logs a harmless warning per key and run;
    # error texts go in the report instead of the app's redacted message. Both are restored.
    logger = logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context")
    level, details = logger.level, config.get_option("client.showErrorDetails")
    logger.setLevel(logging.ERROR)
    config.set_option("client.showErrorDetails", "full")
    try:
        return _run(reruns, case, pages)
    finally:
        logger.setLevel(level)
        config.set_option("client.showErrorDetails", details)


def _run(reruns: int, case: Case | None, pages: list[Path] | None) -> dict[str, Any]:
    case = case if case is not None else long_history_case()
    pages = pages if pages is not None else page_files()
    with tempfile.TemporaryDirectory() as folder:
        empty = Path(folder) / "empty_page.py"
        empty.write_text(EMPTY_PAGE, encoding="utf-8")
        time_script(empty, None, 2)  # warm-up: the first AppTest of a process imports a lot
        floor = time_script(empty, None, reruns)
    floor_ms = floor["median_ms"]
    limit_ms = FLOOR_FACTOR * floor_ms + FLOOR_SLACK_MS
    results: dict[str, Any] = {}
    for path in pages:
        entry = path.parent.parent / "app.py" if path.parent.name == "pages" else path
        page = f"pages/{path.name}" if entry != path else None
        timing = time_script(entry, case, reruns, page)
        name = str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else path.name
        factor, slack = PAGE_TARGETS.get(name, (FLOOR_FACTOR, FLOOR_SLACK_MS))
        timing["target_ms"] = round(factor * floor_ms + slack, 1)
        timing["ratio_to_floor"] = round(timing["median_ms"] / max(floor_ms, 0.1), 1)
        timing["meets_target"] = timing["median_ms"] <= timing["target_ms"] and not timing["errors"]
        results[name] = timing
    return {
        "case": case.id,
        "markers": len(case.markers),
        "scans": len(case.imaging),
        "lines": len(case.treatments),
        "reruns": reruns,
        "floor": floor,
        "target_ms": round(limit_ms, 1),
        "target": f"page_ms <= {FLOOR_FACTOR:g} * floor_ms + {FLOOR_SLACK_MS:g}",
        "pages": results,
        "meets_target": all(r["meets_target"] for r in results.values()),
    }


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
