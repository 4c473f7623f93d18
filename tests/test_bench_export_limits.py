"""The export-at-the-bounds benchmark still runs and still feeds docs/benchmarks.md.

Tiny sizes and no assertion on any time (speed goals are checked by ``python -m bench``).
"""

from __future__ import annotations

from bench import bench_export_limits, report


def test_export_limits_benchmark_keys_and_rows() -> None:
    result = bench_export_limits.run(repeats=1, note_chars=[500, 9_000], marker_counts=[20, 40])
    assert [p["note_chars"] for p in result["pdf"]] == [500, 9_000]
    assert [f["markers"] for f in result["fhir"]] == [20, 40]
    assert {"pdf_meets_target", "fhir_meets_target", "fhir_linear"} <= result.keys()
    rows = report.export_limits_rows(result)
    assert len(rows) == 2 + 2 + 1  # one per note, one per marker count, the linearity row
    assert all(row[4] in ("met", "**not met**", "–") for row in rows)
