"""The benchmarks still run and still produce what docs/benchmarks.md is built from.

Tiny sizes only, and no assertion on any time (speed goals are checked by ``python -m bench``,
never by tests). The browser and memory benchmarks need a running server and Chromium: only
their pure helpers are checked here.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest
import streamlit as st

from bench import (
    bench_cli,
    bench_engine,
    bench_figures,
    bench_memory,
    bench_pages,
    bench_whatif,
    report,
)
from bench.__main__ import BENCHES
from bench.cases import long_history_case
from netlogic.store.repository import DATABASE_URL_ENV, migrate

ROOT = Path(__file__).resolve().parent.parent


def test_engine_benchmark_keys() -> None:
    result = bench_engine.run(20)
    assert result["cases"] == 20
    assert {"cases_per_second", "median_ms", "p95_ms", "target_median_ms"} <= result.keys()
    assert report.engine_rows([result])[0][4] in ("met", "**not met**")


def test_whatif_benchmark_keys() -> None:
    result = bench_whatif.run(2)
    assert {"sequence_median_ms", "compare_median_ms", "sequence_lines"} <= result.keys()
    assert len(report.whatif_rows([result])) == 2


def test_figures_benchmark_keys() -> None:
    result = bench_figures.run(1)
    assert set(result["figures"]) >= {"marker_figure", "imaging_figure", "timeline_figure"}
    assert all(f["json_bytes"] > 0 for f in result["figures"].values())
    assert len(report.figures_rows([result])) == len(result["figures"])


def test_pages_benchmark_on_a_short_case(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    migrate(url)
    monkeypatch.setenv(DATABASE_URL_ENV, url)
    short = long_history_case(years=2, n_markers=10, n_scans=4, n_lines=2)
    pages = [ROOT / "app.py", ROOT / "pages" / "2_Pathway.py"]
    try:
        result = bench_pages.run(reruns=2, case=short, pages=pages)
    finally:
        st.cache_data.clear()
        st.cache_resource.clear()
    assert set(result["pages"]) == {"app.py", "pages/2_Pathway.py"}
    for row in result["pages"].values():
        assert row["errors"] == []  # the page ran with the case, without an exception
        assert {"median_ms", "q1_ms", "q3_ms", "ratio_to_floor", "meets_target"} <= row.keys()
    assert len(report.pages_rows(result)) == 3


def test_tree_rss_reads_this_process() -> None:
    assert bench_memory.tree_rss_kb(os.getpid()) > 0
    assert bench_memory.tree_rss_kb(2**22 + 1) == 0  # beyond pid_max: no such process


def test_every_benchmark_has_a_report_table() -> None:
    for bench in BENCHES:
        assert callable(getattr(report, bench.rows)), bench.module
        assert bench.quick.keys() == bench.full.keys(), bench.module


def test_report_renders_failures_and_misses() -> None:
    text = report.render(
        started=datetime(2026, 11, 22, 9, 0),
        finished=datetime(2026, 11, 22, 9, 5),
        quick=True,
        host=report.machine(),
        sections=[("Engine", "what", "RuntimeError: boom"), ("Store", "what", [])],
        notes=["- Store: 30 ms against < 20 ms."],
    )
    assert "## Machine" in text
    assert "## Versions" in text
    assert "streamlit" in text
    assert "**Failed:** `RuntimeError: boom`" in text
    assert "## Targets not met" in text


def test_cli_cold_start_bench_runs_and_evaluate_imports_no_heavy_library() -> None:
    result = bench_cli.run(1)
    assert result["median_ms"] > 0
    # evaluate starts without the database, PDF, chart or UI libraries (rule-base issue).
    assert result["heavy_imports"] == []
    assert report.cli_rows(result)[0][0].startswith("`evaluate` cold start")
