"""Cold start of the command line: ``python -m netlogic evaluate CASE.json`` wall time.

Target (rule-base issue): under 0.5 s median on this machine, from a fresh interpreter, so
other tools can call the engine per case. ``evaluate`` must not import the database layer,
Alembic, the PDF or chart libraries; the import list is checked too.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CASE = ROOT / "data" / "demo_cases" / "ileum-g2-progressing-on-ssa.case.json"
HEAVY = ("sqlalchemy", "alembic", "fpdf", "matplotlib", "plotly", "pandas", "streamlit")
TARGET_MS = 500.0


# Runs the command in-process, then prints which heavy top-level packages were imported.
_PROBE = """
import contextlib, io, runpy, sys
case, heavy = sys.argv[1], set(sys.argv[2].split(","))
sys.argv = ["netlogic", "evaluate", case, "--today", "2026-11-22"]
with contextlib.redirect_stdout(io.StringIO()):
    try:
        runpy.run_module("netlogic", run_name="__main__")
    except SystemExit:
        pass
print(",".join(sorted({name.split(".")[0] for name in sys.modules} & heavy)))
"""


def _heavy_imports() -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, str(CASE), ",".join(HEAVY)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return [m for m in done.stdout.strip().split(",") if m]


def run(repeats: int = 15) -> dict[str, Any]:
    command = [sys.executable, "-m", "netlogic", "evaluate", str(CASE), "--today", "2026-11-22"]
    timings = []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, capture_output=True, check=True)
        timings.append(time.perf_counter() - start)
    return {
        "repeats": repeats,
        "median_ms": round(statistics.median(timings) * 1000, 1),
        "min_ms": round(min(timings) * 1000, 1),
        "max_ms": round(max(timings) * 1000, 1),
        "heavy_imports": _heavy_imports(),
        "target_ms": TARGET_MS,
    }


if __name__ == "__main__":
    print(run())
