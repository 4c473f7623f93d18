"""Run every benchmark and write docs/benchmarks.md: ``python -m bench [--quick]``.

Each benchmark runs in its own Python process (a fresh interpreter: one benchmark's imports,
caches and garbage never slow the next one down, and a failing one is reported, not fatal).
The cheap ones run several times and the report gives the median of their medians with the
range over runs; the others report the spread inside their own run (IQR, min-max, p95).
Every process shares one temporary SQLite store (migrated, demo cases seeded), so nothing
touches the real case store. ``--quick`` uses small sizes for a run of a few minutes.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from bench import report
from bench.bench_browser import prepare_store
from netlogic.store.repository import DATABASE_URL_ENV

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "docs" / "benchmarks.md"
RUN_TIMEOUT_SECONDS = 3600


@dataclass(frozen=True)
class Bench:
    module: str
    title: str
    what: str
    full: dict[str, Any]
    quick: dict[str, Any]
    runs: int = 1
    rows: str = ""
    single: bool = False  # rows are built from one result (spread inside the run)


BENCHES = [
    Bench(
        "bench_pages",
        "Rerun cost per page",
        "Median script run time of each page in AppTest with a 15-year case (500 marker "
        "values, 60 scans, 10 lines) as the current case, reruns after the first run of the "
        "session; the floor is an empty page script run the same way in the same process. "
        "Target: page_ms <= 3 x floor_ms + 50 ms; the Case page, where a clinician types: "
        "page_ms <= 5 x floor_ms.",
        {"reruns": 15},
        {"reruns": 5},
        rows="pages_rows",
        single=True,
    ),
    Bench(
        "bench_cli",
        "Command line cold start",
        "Wall time of `python -m netlogic evaluate CASE.json` from a fresh interpreter (demo "
        "case), and the heavy libraries it imports (none expected).",
        {"repeats": 15},
        {"repeats": 5},
        rows="cli_rows",
        single=True,
    ),
    Bench(
        "bench_engine",
        "Engine",
        "evaluate() over generated cases (hypothesis strategy, fixed seed), one process.",
        {"n": 10_000},
        {"n": 300},
        rows="engine_rows",
    ),
    Bench(
        "bench_whatif",
        "What-if: sequence and compare",
        "Sequence evaluation of a 6-line plan and a two-scenario compare on a teaching case.",
        {"repeats": 50},
        {"repeats": 10},
        runs=3,
        rows="whatif_rows",
    ),
    Bench(
        "bench_figures",
        "Figures",
        "Build time (median of repeats) and JSON size of each trend figure, 15-year case.",
        {"repeats": 7},
        {"repeats": 3},
        runs=3,
        rows="figures_rows",
    ),
    Bench(
        "bench_export",
        "Export",
        "Tumour-board PDF, HTML summary, FHIR bundle and CSV zip of a 15-year case (French).",
        {"repeats": 3},
        {"repeats": 1},
        runs=3,
        rows="export_rows",
    ),
    Bench(
        "bench_export_limits",
        "Export at the input bounds",
        "Tumour-board PDF of a 3-year case with a note of 2,000 characters, 20,000 (the bound "
        "of the notes) and 1,000,000 (a pasted file in an old store: the PDF prints the first "
        "part and says so); FHIR bundle of a 15-year case with 1,000 and 5,000 marker values "
        "(the bound of one case). Targets: PDF < 2 s whatever the note; FHIR < 5 s at 5,000 "
        "values and linear (time per value at 5,000 within 1.5x the one at 1,000).",
        {"repeats": 3, "note_chars": [2_000, 20_000, 1_000_000], "marker_counts": [1_000, 5_000]},
        {"repeats": 1, "note_chars": [2_000, 200_000], "marker_counts": [250, 500]},
        rows="export_limits_rows",
        single=True,
    ),
    Bench(
        "bench_store",
        "Case store (SQLite)",
        "Save (new version) and load of a 15-year case; listing 10,000 stored cases.",
        {"repeats": 21},
        {"repeats": 5},
        runs=3,
        rows="store_rows",
    ),
    Bench(
        "bench_browser",
        "Browser",
        "`streamlit run app.py` on 127.0.0.1 with a temporary store, driven by Playwright "
        "and Debian Chromium (headless) in one session on the 15-year case. Targets: one "
        "second for a page (ours, the limit for an uninterrupted flow of thought); half a "
        "second from a Ki-67 typed to its grade shown (issue 16).",
        {"tries": 10},
        {"tries": 3},
        rows="browser_rows",
        single=True,
    ),
    Bench(
        "bench_memory",
        "Memory",
        "Resident memory (VmRSS) of the server process and its children; sessions are "
        "Chromium contexts of one browser, each on its own 15-year case, having visited "
        "Case, Pathway and Trends. Target is ours.",
        {"sessions": 20},
        {"sessions": 3},
        rows="memory_rows",
        single=True,
    ),
]

# Why a target is missed and what would be needed, by section and measure (checked against
# the numbers of the run that wrote docs/benchmarks.md; see the issue report).
EXPLANATIONS: dict[str, str] = {
    "ki67_to_grade": (
        "The server part is small (the Case page checks the draft and reruns in about 10-40 "
        "ms for the 15-year case, AppTest); the rest is the browser redrawing the page. Only "
        "the chosen section is drawn and the grade card is sent first; what remains is the "
        "machine's load (two cores shared with Chromium and other test runs)."
    ),
    "pages/1_Case.py": (
        "Only the chosen section is drawn (the tumour section: 12 fields and the grade card; "
        "the tables are in their own fragments), and the sources panel runs only while "
        "open. What remains is Streamlit's own cost per widget, which AppTest measures: each "
        "widget call scans the whole session state (about 0.3 ms per field), and the frame "
        "with its sidebar is already about 3x the floor. Meeting 5x would mean fewer than "
        "about eight fields on the first screen of the Case page."
    ),
}


def run_one(module: str, kwargs: dict[str, Any], env: dict[str, str]) -> dict[str, Any] | str:
    """``bench.<module>.run(**kwargs)`` in a fresh interpreter: its result, or the error."""
    with tempfile.NamedTemporaryFile("r", suffix=".json") as out:
        command = [sys.executable, "-m", "bench", "--one", module, json.dumps(kwargs), out.name]
        done = subprocess.run(
            command,
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=RUN_TIMEOUT_SECONDS,
        )
        if done.returncode != 0:
            lines = [line for line in done.stderr.splitlines() if line.strip()]
            return lines[-1] if lines else f"exit code {done.returncode}"
        result: dict[str, Any] = json.loads(Path(out.name).read_text())
        return result


def _one(module: str, kwargs_json: str, output: str) -> None:
    from importlib import import_module

    result = import_module(f"bench.{module}").run(**json.loads(kwargs_json))
    Path(output).write_text(json.dumps(result, default=str))


def _misses(module: str, result: dict[str, Any] | list[dict[str, Any]]) -> list[str]:
    """One line per target not met, with the measurement and the explanation if known."""
    notes = []
    if module == "bench_pages" and isinstance(result, dict):
        for page, r in result["pages"].items():
            if not r["meets_target"]:
                notes.append(
                    f"- Rerun cost, `{page}`: {r['median_ms']} ms median against "
                    f"{r.get('target_ms', result['target_ms'])} ms. "
                    + EXPLANATIONS.get(page, "See the issue report for the analysis.")
                )
    if module == "bench_browser" and isinstance(result, dict):
        for key in ("pathway_navigation", "ki67_to_grade"):
            r = result[key]
            if not r["meets_target"]:
                notes.append(
                    f"- Browser, {key}: {r['median_ms']} ms median against {r['target_ms']:g} "
                    f"ms. " + EXPLANATIONS.get(key, "")
                )
    if module == "bench_memory" and isinstance(result, dict) and not result["meets_target"]:
        notes.append(
            f"- Memory: {result['many_sessions_mb']} MB with {result['sessions']} sessions "
            f"against {result['target_mb']:g} MB."
        )
    return notes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes, a few minutes")
    parser.add_argument("--only", help="comma-separated modules (e.g. bench_pages,bench_store)")
    parser.add_argument("--output", type=Path, default=OUTPUT, help="report file")
    parser.add_argument("--one", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        _one(*args.one)
        return 0

    host = report.machine()
    started = datetime.now()
    wanted = set(args.only.split(",")) if args.only else None
    sections: list[tuple[str, str, list[report.Row] | str]] = []
    notes: list[str] = []
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, DATABASE_URL_ENV: prepare_store(Path(folder), 0)}
        for bench in BENCHES:
            if wanted is not None and bench.module not in wanted:
                continue
            kwargs = bench.quick if args.quick else bench.full
            runs = 1 if args.quick else bench.runs
            print(f"{bench.module} {kwargs} x{runs} ...", file=sys.stderr, flush=True)
            results = [run_one(bench.module, kwargs, env) for _ in range(runs)]
            errors = [r for r in results if isinstance(r, str)]
            if errors:
                sections.append((bench.title, bench.what, errors[0]))
                notes.append(f"- {bench.title}: the benchmark failed (`{errors[0]}`).")
                continue
            done = [r for r in results if isinstance(r, dict)]
            shaped: Any = done[0] if bench.single else done
            rows = getattr(report, bench.rows)(shaped)
            sections.append((bench.title, bench.what, rows))
            notes += _misses(bench.module, shaped)
            for row in rows:
                if "not met" in row[4] and not bench.single:
                    notes.append(f"- {bench.title}, {row[0]}: {row[1]} against {row[3]}.")
    text = report.render(
        started=started,
        finished=datetime.now(),
        quick=args.quick,
        host=host,
        sections=sections,
        notes=notes,
    )
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
