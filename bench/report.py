"""docs/benchmarks.md from the benchmark results: machine, versions, one table per section.

Every section is a list of rows ``(measure, median, spread, target, met)`` built from the
``run()`` results of the bench modules (see ``bench/__main__.py``). A section whose
benchmark failed shows the error instead of numbers.
"""

from __future__ import annotations

import os
import platform
import statistics
from collections.abc import Callable
from datetime import datetime
from importlib import metadata
from pathlib import Path
from typing import Any

Row = tuple[str, str, str, str, str]
VERSIONED = ["streamlit", "plotly", "pydantic", "SQLAlchemy", "pandas", "playwright"]


def machine() -> dict[str, str]:
    """Cores, memory, CPU model and the load average, read now (call it at the start)."""
    model = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    memory = "unknown"
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        for line in meminfo.read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return {
        "CPU": model,
        "Cores (logical)": str(os.cpu_count()),
        "Memory": memory,
        "Load average at start (1, 5, 15 min)": load,
        "OS": f"{platform.system()} {platform.release()}",
    }


def versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for name in VERSIONED:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found


def met(flag: bool | None) -> str:
    return "–" if flag is None else ("met" if flag else "**not met**")


def ms(value: float | None) -> str:
    return "–" if value is None else f"{value:,.1f} ms"


def across(runs: list[dict[str, Any]], get: Callable[[dict[str, Any]], float]) -> list[float]:
    return [get(r) for r in runs]


def median_and_range(values: list[float], unit: str = "ms") -> tuple[str, str]:
    """Median of per-run medians, and their min–max over the repeated runs."""
    if len(values) == 1:
        return f"{values[0]:,.1f} {unit}", "1 run"
    return (
        f"{statistics.median(values):,.1f} {unit}",
        f"{min(values):,.1f}–{max(values):,.1f} {unit} over {len(values)} runs",
    )


def table(rows: list[Row]) -> str:
    head = "| Measure | Median | Spread | Target | Target met |\n|---|---:|---|---|---|\n"
    return head + "\n".join(f"| {' | '.join(r)} |" for r in rows) + "\n"


def pages_rows(result: dict[str, Any]) -> list[Row]:
    floor = result["floor"]
    rows: list[Row] = [
        (
            "empty page (floor)",
            ms(floor["median_ms"]),
            f"IQR {floor['q1_ms']}–{floor['q3_ms']} ms",
            "–",
            "–",
        )
    ]
    for page, r in result["pages"].items():
        note = f" ({'; '.join(r['errors'])})" if r["errors"] else ""
        rows.append(
            (
                f"`{page}` rerun (x{r['ratio_to_floor']} floor; first run {r['first_run_ms']} ms)",
                ms(r["median_ms"]),
                f"IQR {r['q1_ms']}–{r['q3_ms']} ms, min–max {r['min_ms']}–{r['max_ms']} ms",
                f"<= {r.get('target_ms', result['target_ms'])} ms",
                met(r["meets_target"]) + note,
            )
        )
    return rows


def cli_rows(result: dict[str, Any]) -> list[Row]:
    heavy = ", ".join(result["heavy_imports"]) or "none"
    return [
        (
            f"`evaluate` cold start ({result['repeats']} runs)",
            f"{result['median_ms']} ms",
            f"min {result['min_ms']} ms, max {result['max_ms']} ms; heavy imports: {heavy}",
            f"median < {result['target_ms']:g} ms, no heavy import",
            met(result["median_ms"] < result["target_ms"] and not result["heavy_imports"]),
        )
    ]


def engine_rows(runs: list[dict[str, Any]]) -> list[Row]:
    last = runs[-1]
    med, spread = median_and_range(across(runs, lambda r: r["median_ms"]))
    return [
        (
            f"evaluate() per case ({last['cases']:,} generated cases, "
            f"{last['cases_per_second']:,} cases/s)",
            med,
            f"p95 {last['p95_ms']} ms; {spread}",
            f"median < {last['target_median_ms']} ms",
            met(all(r["median_ms"] < r["target_median_ms"] for r in runs)),
        )
    ]


def whatif_rows(runs: list[dict[str, Any]]) -> list[Row]:
    rows: list[Row] = []
    target = runs[-1]["target_median_ms"]
    for label, key, p95 in (
        (f"sequence evaluation, {runs[-1]['sequence_lines']}-line plan", "sequence", "p95"),
        ("scenario compare (2 evaluations + diff)", "compare", "p95"),
    ):
        values = across(runs, lambda r, k=key: r[f"{k}_median_ms"])
        med, spread = median_and_range(values)
        rows.append(
            (
                label,
                med,
                f"{p95} {runs[-1][f'{key}_p95_ms']} ms; {spread}",
                f"median < {target} ms",
                met(max(values) < target),
            )
        )
    return rows


def figures_rows(runs: list[dict[str, Any]]) -> list[Row]:
    targets = runs[-1]["targets"]
    rows: list[Row] = []
    for name, last in runs[-1]["figures"].items():
        values = across(runs, lambda r, n=name: r["figures"][n]["build_ms_median"])
        med, spread = median_and_range(values)
        rows.append(
            (
                f"`{name}` build (JSON {last['json_bytes'] / 1000:,.0f} kB)",
                med,
                spread,
                f"< {targets['build_ms']:g} ms and JSON < {targets['json_bytes'] / 1e6:g} MB",
                met(all(r["figures"][name]["meets_target"] for r in runs)),
            )
        )
    return rows


def export_rows(runs: list[dict[str, Any]]) -> list[Row]:
    rows: list[Row] = []
    for name, last in runs[-1]["exports"].items():
        values = across(runs, lambda r, n=name: r["exports"][n]["seconds_median"] * 1000)
        med, spread = median_and_range(values)
        target = last.get("target_seconds")
        pages = f", {last['pages']} pages" if "pages" in last else ""
        rows.append(
            (
                f"{name.upper()} ({last['bytes'] / 1000:,.0f} kB{pages})",
                med,
                spread,
                "–" if target is None else f"< {target:g} s",
                met(all(r["exports"][name].get("meets_target") for r in runs))
                if target is not None
                else "–",
            )
        )
    return rows


def export_limits_rows(result: dict[str, Any]) -> list[Row]:
    """PDF time per note length, FHIR time per marker count (one run, medians of repeats)."""
    rows: list[Row] = []
    for pdf in result["pdf"]:
        rows.append(
            (
                f"PDF, note of {pdf['note_chars']:,} characters",
                f"{pdf['seconds'] * 1000:,.1f} ms",
                "median of repeats",
                f"< {result['pdf_target_seconds']:g} s",
                met(pdf["seconds"] < result["pdf_target_seconds"]),
            )
        )
    last = result["fhir"][-1]
    for fhir in result["fhir"]:
        is_last = fhir is last
        rows.append(
            (
                f"FHIR, {fhir['markers']:,} marker values",
                f"{fhir['seconds'] * 1000:,.1f} ms",
                f"{fhir['ms_per_marker']:.2f} ms per value",
                f"< {result['fhir_target_seconds']:g} s" if is_last else "–",
                met(result["fhir_meets_target"]) if is_last else "–",
            )
        )
    rows.append(
        (
            "FHIR, time per value at the largest size / at the smallest",
            f"{result['fhir_per_marker_growth']:.2f}",
            "–",
            "<= 1.5 (linear)",
            met(result["fhir_linear"]),
        )
    )
    return rows


def store_rows(runs: list[dict[str, Any]]) -> list[Row]:
    targets = runs[-1]["targets"]
    rows: list[Row] = []
    for label, key, target in (
        ("save a 15-year case (new version)", "save_ms_median", targets["save_load_ms"]),
        ("load a 15-year case", "load_ms_median", targets["save_load_ms"]),
        (f"list {runs[-1]['list_cases']:,} cases", "list_ms_median", targets["list_ms"]),
    ):
        values = across(runs, lambda r, k=key: r[k])
        med, spread = median_and_range(values)
        rows.append((label, med, spread, f"< {target:g} ms", met(max(values) < target)))
    return rows


def browser_rows(result: dict[str, Any]) -> list[Row]:
    rows: list[Row] = []
    for label, key in (
        ("sidebar click -> pathway page fully rendered", "pathway_navigation"),
        ("Ki-67 changed (field left) -> new grade shown beside it", "ki67_to_grade"),
    ):
        r = result[key]
        rows.append(
            (
                f"{label} ({r['tries']} tries)",
                ms(r["median_ms"]),
                f"IQR {r['q1_ms']}–{r['q3_ms']} ms, min–max {r['min_ms']}–{r['max_ms']} ms",
                f"<= {r['target_ms']:g} ms",
                met(r["meets_target"]),
            )
        )
    return rows


def memory_rows(result: dict[str, Any]) -> list[Row]:
    n = result["sessions"]
    return [
        ("server idle (no session)", f"{result['idle_mb']:,.1f} MB", "one reading", "–", "–"),
        ("1 session", f"{result['one_session_mb']:,.1f} MB", "one reading", "–", "–"),
        (
            f"{n} concurrent sessions, each on its own case "
            f"(+{result['per_extra_session_mb']} MB per extra session)",
            f"{result['many_sessions_mb']:,.1f} MB",
            "one reading",
            f"<= {result['target_mb']:g} MB",
            met(result["meets_target"]),
        ),
    ]


def render(
    *,
    started: datetime,
    finished: datetime,
    quick: bool,
    host: dict[str, str],
    sections: list[tuple[str, str, list[Row] | str]],
    notes: list[str],
) -> str:
    """The whole document; ``sections`` is (title, what it measures, rows or an error)."""
    out = [
        "# Benchmarks",
        "",
        f"Generated by `python -m bench{' --quick' if quick else ''}` "
        f"({'quick run: smaller sizes, fewer repeats' if quick else 'full run'}), "
        f"{started:%Y-%m-%d %H:%M} to {finished:%H:%M} local time. "
        "Regenerate with `make bench`; numbers depend on the machine and its load.",
        "",
        "## Machine",
        "",
        *(f"- {k}: {v}" for k, v in host.items()),
        "",
        "## Versions",
        "",
        ", ".join(f"{k} {v}" for k, v in versions().items()),
        "",
    ]
    for title, what, rows in sections:
        out += [f"## {title}", "", what, ""]
        out += [table(rows) if isinstance(rows, list) else f"**Failed:** `{rows}`\n"]
    if notes:
        out += ["## Targets not met", "", *notes, ""]
    return "\n".join(out)
