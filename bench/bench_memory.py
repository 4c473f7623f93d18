"""Server memory with 1 and with many concurrent browser sessions, each on its own 15-year case.

The app is served as in ``bench.bench_browser`` (temporary SQLite store holding ``sessions``
different 15-year cases). Each session is a Chromium context (one browser) that opens its own
saved case on the Case page, then visits Pathway and Trends, so its evaluation, figures and
tables are in its session state. Resident memory is the sum of ``VmRSS`` in
``/proc/<pid>/status`` over the server process and all its descendants (psutil is not
installed), read after the runs settle: at start (no session), with 1 and with ``sessions``.

Target (ours): the server stays under 1 GiB with 20 sessions open, so one small VM serves a
tumour board. Run: ``python -m bench.bench_memory``.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from bench.bench_browser import (
    chromium,
    go,
    long_case_id,
    new_tab,
    open_saved_case,
    served_app,
    settle,
    wait_pathway,
)

SESSIONS = 20
TARGET_MB = 1024.0
SETTLE_SECONDS = 3.0


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        text = (task / "children").read_text() if (task / "children").exists() else ""
        found += [int(p) for p in text.split()]
    return found


def tree_rss_kb(pid: int) -> int:
    """VmRSS of ``pid`` and all its descendants, in kB (0 for a process that is gone)."""
    total, seen, todo = 0, set(), [pid]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        try:
            status = Path(f"/proc/{current}/status").read_text()
            todo += _children(current)
        except (FileNotFoundError, ProcessLookupError):
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total


def _rss_mb(pid: int) -> float:
    time.sleep(SETTLE_SECONDS)
    return round(tree_rss_kb(pid) / 1024, 1)


def _open_session(browser: Any, base: str, seed: int) -> Any:
    context, tab = new_tab(browser)
    open_saved_case(tab, base, long_case_id(seed))
    go(tab, "Pathway")
    wait_pathway(tab, "NET G")
    settle(tab)
    go(tab, "Trends")
    tab.locator('[data-testid="stPlotlyChart"]').first.wait_for()
    settle(tab)
    return context


def run(sessions: int = SESSIONS) -> dict[str, Any]:
    sessions = max(sessions, 1)
    with served_app(long_cases=sessions) as (base, process), chromium() as browser:
        idle_mb = _rss_mb(process.pid)
        contexts = [_open_session(browser, base, 0)]
        one_mb = _rss_mb(process.pid)
        try:
            for seed in range(1, sessions):
                contexts.append(_open_session(browser, base, seed))
            many_mb = _rss_mb(process.pid)
        finally:
            for context in contexts:
                context.close()
    per_session = (many_mb - one_mb) / (sessions - 1) if sessions > 1 else 0.0
    return {
        "sessions": sessions,
        "idle_mb": idle_mb,
        "one_session_mb": one_mb,
        "many_sessions_mb": many_mb,
        "per_extra_session_mb": round(per_session, 1),
        "target_mb": TARGET_MB,
        "meets_target": many_mb <= TARGET_MB,
    }


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
