"""Synthetic long patient histories for benchmarks (deterministic, valid contract cases).

:func:`long_history_case` builds a 15-year metastatic small-intestine NET history by default:
resection, then a somatostatin analogue, then later lines (everolimus, PRRT, chemotherapy,
sunitinib, locoregional...), scans every few months whose sums shrink on a working line and
grow before a switch, and marker values (chromogranin A in ng/mL with some ug/L and a U/L
assay run, 5-HIAA in umol/24h and mg/24h, NT-proBNP in pg/mL and pmol/L, NSE) that follow
the disease with noise. Same arguments, same case. Every date is on or before
``HISTORY_END`` (before the reference evaluation date 2026-11-22).
"""

from __future__ import annotations

import math
import random
from datetime import date, timedelta
from typing import Any

from netlogic.model.case import Case

HISTORY_END = date(2026, 10, 31)
LINE_SEQUENCE = [
    ("surgery", "resection of the ileal primary and mesenteric nodes"),
    ("ssa", "lanreotide 120 mg every 28 days"),
    ("everolimus", "everolimus 10 mg daily"),
    ("prrt", "177Lu-DOTATATE 4 x 7.4 GBq"),
    ("ssa", "octreotide LAR 30 mg every 28 days"),
    ("chemo_alkylating", "capecitabine-temozolomide"),
    ("locoregional", "transarterial embolisation of liver metastases"),
    ("sunitinib", "sunitinib 37.5 mg daily"),
    ("chemo_oxaliplatin", "FOLFOX"),
    ("prrt", "177Lu-DOTATATE re-treatment 2 x 7.4 GBq"),
    ("immunotherapy", "checkpoint inhibitor within a trial"),
    ("everolimus", "everolimus 5 mg daily"),
]
# (marker name, unit, share of the values, scale relative to the tumour burden, ULN)
MARKER_MIX: list[tuple[str, str, float, float, float | None]] = [
    ("chromogranin_a", "ng/mL", 0.34, 3.0, 100.0),
    ("chromogranin_a", "ug/L", 0.08, 3.0, 100.0),
    ("chromogranin_a", "U/L", 0.06, 0.4, 18.0),
    ("u5hiaa", "umol/24h", 0.16, 0.2, 40.0),
    ("u5hiaa", "mg/24h", 0.06, 0.2 / 5.23, 8.0),
    ("nt_probnp", "pg/mL", 0.12, 2.0, 125.0),
    ("nt_probnp", "pmol/L", 0.04, 0.24, 14.8),
    ("nse", "ng/mL", 0.14, 0.03, 16.3),
]


def _burden(day: float, switches: list[float]) -> float:
    """Sum of diameters (mm) over time: each line shrinks the disease for its first 30%, then
    it regrows until the switch (net about +10% per line), kept within 10-220 mm."""
    size = 60.0
    previous = 0.0
    for switch in [*switches, math.inf]:
        span = min(day, switch) - previous
        if span <= 0:
            break
        length = switch - previous if switch != math.inf else max(day - previous, 1.0)
        response_days = 0.3 * length
        size *= math.exp(-0.25 * min(span, response_days) / response_days)
        size *= math.exp(0.35 * max(span - response_days, 0.0) / (length - response_days))
        size = min(max(size, 10.0), 220.0)
        previous = switch
        if day <= switch:
            break
    return size


def long_history_case(
    years: int = 15, n_markers: int = 500, n_scans: int = 60, n_lines: int = 10, seed: int = 0
) -> Case:
    """A long, valid, deterministic history (see the module docstring)."""
    rnd = random.Random(seed)
    total_days = int(years * 365.25)
    first = HISTORY_END - timedelta(days=total_days)

    def on(day: float) -> date:
        return first + timedelta(days=int(day))

    # Line boundaries: the first line (surgery) lasts a day; the others share the time.
    n_lines = max(n_lines, 1)
    cuts = sorted(rnd.uniform(0.05, 0.97) * total_days for _ in range(n_lines - 1))
    starts = [10.0, *cuts]
    treatments: list[dict[str, Any]] = []
    for i, begin in enumerate(starts):
        therapy, agent = LINE_SEQUENCE[i % len(LINE_SEQUENCE)]
        last = i == n_lines - 1
        # Stops the day before the next line (never before its own start when lines crowd).
        stop = max(begin, starts[i + 1] - 1) if not last else None
        if therapy == "surgery":
            stop = begin
        treatments.append(
            {
                "therapy": therapy,
                "agent": agent,
                "start": on(begin).isoformat(),
                "end": on(stop).isoformat() if stop is not None else None,
                "best_response": rnd.choice(["PR", "SD", "SD", "SD"]) if not last else None,
                "stop_reason": None
                if last
                else ("completed" if therapy in ("surgery", "prrt") else "progression"),
                "cycles": 4 if therapy == "prrt" else None,
            }
        )
    switches = starts[1:]

    imaging = []
    for k in range(n_scans):
        day = total_days * (k + 0.5) / n_scans + rnd.uniform(-10, 10)
        size = _burden(day, switches) * rnd.uniform(0.97, 1.03)
        near_switch = any(0 < s - day < 60 for s in switches)
        imaging.append(
            {
                "date": on(day).isoformat(),
                "modality": "mri" if k % 4 == 3 else "ct",
                "sum_diameters_mm": round(size, 1),
                "new_lesions": near_switch and rnd.random() < 0.3,
                "non_target_progression": False,
                "note": "",
            }
        )

    markers = []
    shares = [m[2] for m in MARKER_MIX]
    for k in range(n_markers):
        name, unit, _, scale, uln = rnd.choices(MARKER_MIX, weights=shares)[0]
        day = total_days * (k + 0.5) / n_markers
        value = scale * _burden(day, switches) ** 1.3 * rnd.lognormvariate(0, 0.12)
        markers.append(
            {
                "date": on(day).isoformat(),
                "name": name,
                "value": round(value, 2),
                "unit": unit,
                "uln": uln,
            }
        )

    return Case.model_validate(
        {
            "schema_version": "1",
            "id": f"BENCH-LONG-{years}y-{seed}",
            "patient": {"age_years": 44 + years, "sex": "female", "ecog": 1},
            "tumour": {
                "primary_site": "small_intestine",
                "differentiation": "well",
                "ki67_percent": 6,
                "mitotic_count": 1,
                "functional_syndrome": "carcinoid",
                "syndrome_controlled": True,
                "sstr_imaging": "positive",
            },
            "disease": {
                "stage": "metastatic",
                "metastatic_sites": ["liver", "lymph_nodes", "bone"],
                "primary_resected": True,
                "tumour_burden": "high",
            },
            "on_ppi": True,
            "markers": markers,
            "imaging": imaging,
            "treatments": treatments,
        }
    )
