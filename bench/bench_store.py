"""Case-store speed on SQLite: saving and opening a 15-year case, listing 10,000 cases.

Targets: median save < 20 ms and median load < 20 ms for a 15-year history; listing 10,000
cases < 200 ms. Run: ``python -m bench.bench_store`` (prints JSON).
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from netlogic.model.case import Case
from netlogic.model.case_io import parse_case
from netlogic.store.repository import CaseStore, migrate, open_store
from netlogic.store.schema import case_events, case_versions, cases

SAVE_LOAD_TARGET_MS = 20.0
LIST_TARGET_MS = 200.0
LIST_CASES = 10_000
REPEATS = 21


def _big_case() -> Case:
    try:
        from bench.cases import long_history_case
    except ImportError:  # the shared generator is not there yet: a plain long history
        markers = [
            {
                "date": f"{2011 + i // 36}-{1 + i % 12:02d}-{1 + (i // 12) % 3 * 9:02d}",
                "name": "chromogranin_a",
                "value": 100 + i,
                "unit": "ng/mL",
            }
            for i in range(500)
        ]
        scans = [
            {
                "date": f"{2011 + i // 4}-{1 + 3 * (i % 4):02d}-15",
                "modality": "ct",
                "sum_diameters_mm": 50 + i,
            }
            for i in range(60)
        ]
        data = {
            "schema_version": "1",
            "id": "BENCH-15Y",
            "tumour": {"primary_site": "small_intestine"},
            "markers": markers,
            "imaging": scans,
        }
        return parse_case(data)
    return long_history_case()


def _median_ms(action: Callable[[int], object], repeats: int) -> float:
    times = []
    for i in range(repeats):
        begin = time.perf_counter()
        action(i)
        times.append((time.perf_counter() - begin) * 1000)
    return statistics.median(times)


def _fill(store: CaseStore, n: int) -> None:
    """n small cases (every tenth with two versions, every fiftieth archived), inserted in
    bulk: the benchmark measures listing, not 10,000 separate saves."""
    now = datetime.now(UTC)
    registry = [
        {"case_id": f"L-{i:05d}", "created_at": now, "created_by": "bench"} for i in range(n)
    ]
    versions = []
    for i in range(n):
        for v in range(1, 3 if i % 10 == 0 else 2):
            doc = {
                "schema_version": "1",
                "id": f"L-{i:05d}",
                "tumour": {"primary_site": "pancreas", "ki67_percent": v},
            }
            versions.append(
                {
                    "case_id": f"L-{i:05d}",
                    "version": v,
                    "case_json": doc,
                    "primary_site": "pancreas",
                    "author": "bench",
                    "saved_at": now,
                    "summary": "created" if v == 1 else "tumour.ki67_percent 1 -> 2",
                }
            )
    events = [
        {"case_id": f"L-{i:05d}", "kind": "archived", "author": "bench", "at": now, "version": 1}
        for i in range(0, n, 50)
    ]
    with store.engine.connect().execution_options(netlogic_write=True) as conn, conn.begin():
        conn.execute(sa.insert(cases), registry)
        conn.execute(sa.insert(case_versions), versions)
        conn.execute(sa.insert(case_events), events)


def run(repeats: int = REPEATS) -> dict[str, Any]:
    big = _big_case()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        migrate(url)
        with open_store(url) as store:
            store.save(big, "bench")

            # Edited copies are made beforehand: the benchmark times the save alone.
            edits = []
            for i in range(repeats):
                edited = big.model_copy(deep=True)
                edited.tumour.ki67_percent = float(i % 50)
                edits.append(edited)

            def save(i: int) -> object:
                return store.save(edits[i], "bench")

            save_ms = _median_ms(save, repeats)
            load_ms = _median_ms(lambda _i: store.load(big.id), repeats)
            _fill(store, LIST_CASES)
            store.list_cases()  # warm the page cache, as a running app would have it
            list_ms = _median_ms(lambda _i: store.list_cases(), 7)
            listed = len(store.list_cases(include_archived=True))
    return {
        "case": big.id,
        "markers": len(big.markers),
        "scans": len(big.imaging),
        "save_ms_median": round(save_ms, 1),
        "load_ms_median": round(load_ms, 1),
        "list_cases": listed,
        "list_ms_median": round(list_ms, 1),
        "targets": {"save_load_ms": SAVE_LOAD_TARGET_MS, "list_ms": LIST_TARGET_MS},
        "meets_target": save_ms < SAVE_LOAD_TARGET_MS
        and load_ms < SAVE_LOAD_TARGET_MS
        and list_ms < LIST_TARGET_MS,
    }


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
