"""The hostile-input table: case files that attack the reader, each with what it attacks.

``python tests/hostile/make_cases.py`` writes every small file to tests/hostile/cases/ (the
committed copies); tests/test_hostile_input.py writes all of them, the large ones included, to
a temporary folder and runs every command on each. A row is ``Hostile(name, attack, expect,
content)``: ``expect`` is ``"ok"`` (exit 0 with strict JSON) or the text the refusal must name
on standard error (the field, or ``file``), exit 2; never a traceback.
"""

from __future__ import annotations

import copy
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
CASES = HERE / "cases"
# Files larger than this are written only by the test (not committed).
COMMITTED_BYTES = 64_000

BASE: dict[str, Any] = {
    "schema_version": "1",
    "id": "HOSTILE-1",
    "patient": {"age_years": 60, "sex": "female", "ecog": 1},
    "tumour": {
        "primary_site": "small_intestine",
        "differentiation": "well",
        "ki67_percent": 8,
        "functional_syndrome": "carcinoid",
        "sstr_imaging": "positive",
    },
    "disease": {"stage": "metastatic", "metastatic_sites": ["liver"]},
    "markers": [
        {"date": "2026-01-10", "name": "chromogranin_a", "value": 250, "unit": "ng/mL", "uln": 100},
        {"date": "2026-06-10", "name": "chromogranin_a", "value": 400, "unit": "ng/mL", "uln": 100},
    ],
    "imaging": [
        {"date": "2026-01-05", "modality": "ct", "sum_diameters_mm": 80},
        {"date": "2026-06-05", "modality": "ct", "sum_diameters_mm": 100},
    ],
    "treatments": [{"therapy": "ssa", "agent": "lanreotide", "start": "2026-01-15", "end": None}],
}


@dataclass(frozen=True)
class Hostile:
    name: str
    attack: str
    expect: str  # "ok", or what the refusal must name
    content: bytes


def _case(change: Callable[[dict[str, Any]], Any]) -> bytes:
    data = copy.deepcopy(BASE)
    change(data)
    return json.dumps(data, ensure_ascii=True, allow_nan=True).encode()


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    """'tumour.ki67_percent' or 'markers.0.value' -> a change setting it."""

    def change(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = data
        for part in parents:
            node = node[int(part)] if part.isdigit() else node[part]
        if last.isdigit():
            node[int(last)] = value
        else:
            node[last] = value

    return change


def _raw(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def _nested(depth: int) -> Any:
    value: Any = "bottom"
    for _ in range(depth):
        value = {"x": value}
    return value


def _scans(first: float, second: float, days: int = 1) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        # After the line's start (2026-01-15): the first scan is the baseline.
        data["imaging"] = [
            {"date": "2026-02-01", "modality": "ct", "sum_diameters_mm": first},
            {"date": f"2026-02-{1 + days:02d}", "modality": "ct", "sum_diameters_mm": second},
        ]

    return change


def _markers(*values: float) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        data["markers"] = [
            {"date": f"2026-0{i + 1}-10", "name": "chromogranin_a", "value": v, "unit": "ng/mL"}
            for i, v in enumerate(values)
        ]

    return change


def _many_markers(count: int, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        data["markers"] = [
            {"date": "2026-01-10", "name": "chromogranin_a", "value": value, "unit": "ng/mL"}
        ] * count

    return change


BASE_TEXT = json.dumps(BASE)


def table() -> list[Hostile]:
    rows: list[Hostile] = []

    def add(name: str, attack: str, expect: str, content: bytes) -> None:
        rows.append(Hostile(name, attack, expect, content))

    # Accepted: exit 0 and strict JSON from every command.
    add(
        "ok-baseline", "nothing: the reference every other row changes", "ok", _case(lambda d: None)
    )
    add(
        "ok-growth-overflow",
        "0.001 mm then 2000 mm a day later: exp() overflows the TGR",
        "ok",
        _case(_scans(0.001, 2000)),
    )
    add(
        "ok-shrink-to-tiny",
        "2000 mm then 0.001 mm a day later: TGR near -100, never NaN",
        "ok",
        _case(_scans(2000, 0.001)),
    )
    add(
        "ok-same-day-scans",
        "two scans on one day: zero months, no division by zero",
        "ok",
        _case(_scans(50, 90, days=0)),
    )
    add(
        "ok-reappearance-after-cr",
        "sum 0 then 10 mm: growth from 0 has no rate",
        "ok",
        _case(_scans(0, 10, days=20)),
    )
    add(
        "ok-tiny-baseline-marker",
        "a marker baseline of 1e-320: percentage change overflows",
        "ok",
        _case(_markers(1e-320, 1e9)),
    )
    add(
        "ok-flat-rising-marker",
        "a marker rising by 1e-12: doubling time astronomically long",
        "ok",
        _case(_markers(100, 100.000000000001, 100.000000000002)),
    )
    add(
        "ok-marker-at-bound",
        "marker value and ULN at the 1e9 bound",
        "ok",
        _case(lambda d: d["markers"][0].update(value=1e9, uln=1e9)),
    )
    add(
        "ok-underflow-to-zero",
        "1e-400 is read as 0: a marker of 0 is allowed",
        "ok",
        _raw(BASE_TEXT.replace('"value": 250', '"value": 1e-400')),
    )
    add(
        "ok-sum-at-bound",
        "sum of diameters at the 2000 mm bound",
        "ok",
        _case(_set("imaging.1.sum_diameters_mm", 2000)),
    )
    add(
        "ok-cycles-at-bound",
        "cycles at the 1000 bound",
        "ok",
        _case(_set("treatments.0.cycles", 1000)),
    )
    add(
        "ok-date-1900",
        "dates on the earliest allowed day",
        "ok",
        _case(lambda d: d["markers"][0].update(date="1900-01-01")),
    )
    add(
        "ok-age-120-ki67-100",
        "the contract's upper ends: age 120, Ki-67 100, ECOG 4",
        "ok",
        _case(
            lambda d: (
                d["patient"].update(age_years=120, ecog=4),
                d["tumour"].update(ki67_percent=100, mitotic_count=1000),
            )
        ),
    )
    add(
        "ok-unicode-text",
        "accents, emoji (an escaped surrogate pair), right-to-left text",
        "ok",
        _raw(BASE_TEXT.replace('"lanreotide"', '"lanr\\u00e9otide \\ud83d\\ude00 \\u05e9\\u05dc"')),
    )
    add(
        "ok-notes-with-line-breaks",
        "line breaks are allowed in notes",
        "ok",
        _case(_set("notes", "line one\nline two\r\nline three")),
    )
    add(
        "ok-html-in-text",
        "markup in notes and agent is kept as plain text",
        "ok",
        _case(
            lambda d: (
                d.update(notes="<script>alert(1)</script> **bold** [x](javascript:1)"),
                d["treatments"][0].update(agent="<b>lanreotide</b>"),
            )
        ),
    )
    add(
        "ok-unknown-field-kept",
        "another tool's field: kept, not refused",
        "ok",
        _case(_set("source_system", {"name": "lab-export", "version": [1, 2, 3]})),
    )
    add(
        "ok-unknown-depth-at-bound",
        "an unknown field nested 8 levels",
        "ok",
        _case(_set("source_system", _nested(7))),
    )
    add(
        "ok-utf8-bom",
        "a UTF-8 byte-order mark before the JSON",
        "ok",
        b"\xef\xbb\xbf" + _raw(BASE_TEXT),
    )
    add("ok-300-markers", "a long but allowed marker series", "ok", _case(_many_markers(300, 120)))

    # Numbers out of bounds.
    add(
        "sum-9000",
        "the issue's 2 mm then 9000 mm",
        "imaging[1].sum_diameters_mm",
        _case(_scans(2, 9000)),
    )
    add(
        "marker-1e308",
        "a marker near the float maximum (printed Infinity before)",
        "markers[0].value",
        _case(_set("markers.0.value", 1e308)),
    )
    add(
        "marker-1e400",
        "a marker that overflows to infinity when read",
        "markers[0].value",
        _raw(BASE_TEXT.replace('"value": 250', '"value": 1e400')),
    )
    add(
        "marker-nan",
        "NaN, which JSON does not have",
        "markers[0].value",
        _raw(BASE_TEXT.replace('"value": 250', '"value": NaN')),
    )
    add(
        "ki67-infinity",
        "Infinity in Ki-67",
        "tumour.ki67_percent",
        _raw(BASE_TEXT.replace('"ki67_percent": 8', '"ki67_percent": Infinity')),
    )
    add(
        "uln-zero",
        "a ULN of 0 (a ratio to it would divide by zero)",
        "markers[0].uln",
        _case(_set("markers.0.uln", 0)),
    )
    add(
        "uln-huge",
        "a ULN above the marker bound",
        "markers[0].uln",
        _case(_set("markers.0.uln", 1e12)),
    )
    add(
        "cycles-5000-digits",
        "a 5000-digit integer (json raises ValueError)",
        "file",
        _raw(BASE_TEXT.replace('"end": null', '"end": null, "cycles": ' + "9" * 5000)),
    )
    add(
        "cycles-31-digits",
        "an integer longer than any measurement",
        "file",
        _raw(BASE_TEXT.replace('"end": null', '"end": null, "cycles": ' + "9" * 31)),
    )
    add(
        "cycles-30-digits",
        "a 30-digit cycle count (red box in the app before)",
        "treatments[0].cycles",
        _case(_set("treatments.0.cycles", 10**29)),
    )
    add(
        "cycles-1001",
        "one cycle above the bound",
        "treatments[0].cycles",
        _case(_set("treatments.0.cycles", 1001)),
    )
    add(
        "cycles-fraction",
        "2.5 cycles",
        "treatments[0].cycles",
        _case(_set("treatments.0.cycles", 2.5)),
    )
    add(
        "age-121",
        "age above the contract's 120",
        "patient.age_years",
        _case(_set("patient.age_years", 121)),
    )
    add("ecog-5", "ECOG above 4", "patient.ecog", _case(_set("patient.ecog", 5)))
    add(
        "ki67-101",
        "Ki-67 above 100",
        "tumour.ki67_percent",
        _case(_set("tumour.ki67_percent", 101)),
    )
    add(
        "primary-size-2001",
        "a primary larger than 2 m",
        "tumour.primary_size_mm",
        _case(_set("tumour.primary_size_mm", 2001)),
    )
    add(
        "mitoses-1e6",
        "a million mitoses per 2 mm2",
        "tumour.mitotic_count",
        _case(_set("tumour.mitotic_count", 1e6)),
    )
    add(
        "stable-months-1e5",
        "stable for 8000 years",
        "disease.stable_months",
        _case(_set("disease.stable_months", 1e5)),
    )
    add(
        "ki67-as-text",
        "a number written as text",
        "tumour.ki67_percent",
        _case(_set("tumour.ki67_percent", "8")),
    )

    # Dates.
    add(
        "date-year-1",
        "year 0001 (crashed the PDF before)",
        "markers[0].date",
        _case(_set("markers.0.date", "0001-01-01")),
    )
    add(
        "date-1899",
        "the day before the earliest allowed",
        "imaging[0].date",
        _case(_set("imaging.0.date", "1899-12-31")),
    )
    add(
        "date-9999",
        "the far future",
        "treatments[0].start",
        _case(_set("treatments.0.start", "9999-12-31")),
    )
    add(
        "end-before-start",
        "a line ending before it starts",
        "treatments[0]",
        _case(_set("treatments.0.end", "2025-01-01")),
    )

    # Text that must never be stored.
    add(
        "surrogate-in-notes",
        "a lone surrogate (saved on SQLite, then crashed cases show)",
        "notes",
        _raw(BASE_TEXT[:-1] + ', "notes": "bad \\ud800 text"}'),
    )
    add(
        "surrogate-in-unknown-value",
        "a lone surrogate inside another tool's field",
        "source",
        _raw(BASE_TEXT[:-1] + ', "source": {"a": "\\udfff"}}'),
    )
    add(
        "surrogate-in-unknown-key",
        "a lone surrogate as a key (echoed escaped)",
        "ud800",
        _raw(BASE_TEXT[:-1] + ', "\\ud800": 1}'),
    )
    add(
        "nul-in-agent",
        "NUL (PostgreSQL text cannot hold it)",
        "treatments[0].agent",
        _case(_set("treatments.0.agent", "lan\x00reotide")),
    )
    add(
        "nul-in-unit",
        "NUL in a marker unit",
        "markers[0].unit",
        _case(_set("markers.0.unit", "ng\x00/mL")),
    )
    add(
        "bell-in-agent",
        "a control character (BEL)",
        "treatments[0].agent",
        _case(_set("treatments.0.agent", "lanreotide\x07")),
    )
    add(
        "newline-in-agent",
        "a line break outside the notes",
        "treatments[0].agent",
        _case(_set("treatments.0.agent", "lanreotide\n120 mg")),
    )
    add(
        "nul-in-enum",
        "NUL appended to an enumeration value",
        "tumour.primary_site",
        _case(_set("tumour.primary_site", "pancreas\x00")),
    )
    add("newline-in-id", "a line break in the case ID", "id", _case(_set("id", "HOSTILE\n1")))
    add("id-65-chars", "an ID one character too long", "id", _case(_set("id", "A" * 65)))
    add(
        "unit-65-chars",
        "a unit over 64 characters",
        "markers[0].unit",
        _case(_set("markers.0.unit", "u" * 65)),
    )
    add(
        "agent-201-chars",
        "an agent over 200 characters",
        "treatments[0].agent",
        _case(_set("treatments.0.agent", "a" * 201)),
    )
    add(
        "notes-20001-chars",
        "notes over 20000 characters",
        "notes",
        _case(_set("notes", "n" * 20001)),
    )

    # Keys: misspelt, duplicated, misplaced, unbounded.
    add(
        "ki67-misspelt",
        'the issue\'s "ki67": 80, graded NET G1 before',
        "tumour.ki67",
        _raw(BASE_TEXT.replace('"ki67_percent": 8', '"ki67": 80')),
    )
    add(
        "ki67-capitalised",
        "Ki67_Percent: a known field in other case",
        "tumour.Ki67_Percent",
        _raw(BASE_TEXT.replace('"ki67_percent": 8', '"Ki67_Percent": 80')),
    )
    add("age-short-form", '"age" for age_years', "patient.age", _case(_set("patient.age", 50)))
    add(
        "ki67-at-top",
        "a tumour field written at the top level",
        "tumour.ki67_percent",
        _case(_set("ki67_percent", 90)),
    )
    add(
        "imaging-notes",
        '"notes" in an imaging study, whose field is "note"',
        "imaging[0].notes",
        _case(_set("imaging.0.notes", "liver lesion")),
    )
    add(
        "duplicate-ki67",
        "the issue's duplicate key: the last value won before",
        "ki67_percent",
        _raw(BASE_TEXT.replace('"ki67_percent": 8', '"ki67_percent": 90, "ki67_percent": 1')),
    )
    add(
        "duplicate-id",
        "the case ID written twice",
        "id",
        _raw(BASE_TEXT.replace('"id": "HOSTILE-1"', '"id": "HOSTILE-1", "id": "OTHER"')),
    )
    add(
        "unknown-500-deep",
        "an unknown field nested 500 deep (failed cases save before)",
        "deep",
        _case(_set("deep", _nested(500))),
    )
    add(
        "unknown-100000-deep",
        "nesting beyond the JSON reader's recursion",
        "file",
        _raw(BASE_TEXT[:-1] + ', "deep": ' + "[" * 100_000 + "]" * 100_000 + "}"),
    )
    add(
        "unknown-too-big",
        "an unknown list of 5000 values",
        "blob",
        _case(_set("blob", list(range(5000)))),
    )
    add(
        "unknown-60-keys",
        "60 unknown keys in one object",
        "case",
        _case(lambda d: d.update({f"extra_{i:02d}": i for i in range(60)})),
    )
    add(
        "unknown-long-key",
        "a 3000-character key (echoed cut)",
        "characters",
        _case(_set("k" * 3000, 1)),
    )
    add(
        "unknown-long-key-deep",
        "a 1500-character key holding a deep value (the key is echoed cut)",
        "characters",
        _case(_set("k" * 1500, _nested(20))),
    )
    add(
        "unknown-nan",
        "NaN inside another tool's field",
        "source",
        _raw(BASE_TEXT[:-1] + ', "source": [1, NaN]}'),
    )

    # Lists and sizes.
    add(
        "markers-5001",
        "more marker values than the bound",
        "markers",
        _case(_many_markers(5001, 1)),
    )
    add(
        "markers-20000-invalid",
        "20,000 invalid markers: 20 problems and a count, not 60,000 lines",
        "markers",
        _case(_many_markers(20_000, -1)),
    )
    add(
        "sites-51",
        "51 metastatic sites",
        "disease.metastatic_sites",
        _case(_set("disease.metastatic_sites", ["liver"] * 51)),
    )
    add(
        "enum-1mb",
        "a 1 MB enumeration value (echoed whole before)",
        "tumour.primary_site",
        _case(_set("tumour.primary_site", "x" * 1_000_000)),
    )
    add(
        "file-over-cap",
        "a 2.5 MB file",
        "file",
        _case(_set("notes_elsewhere", ["y" * 1000] * 2500)),
    )

    # Not a case at all.
    add("not-json", "text that is not JSON", "file", b"this is not json {")
    add("empty-file", "an empty file", "file", b"")
    add("top-level-list", "a JSON list instead of an object", "case", b"[1, 2, 3]")
    add(
        "invalid-utf8",
        "bytes that are not UTF-8",
        "file",
        b'{"schema_version": "1", "id": "\xff\xfe"}',
    )
    add(
        "missing-primary-site",
        "the required primary site left out",
        "tumour.primary_site",
        _case(lambda d: d["tumour"].pop("primary_site")),
    )
    add(
        "markers-not-a-list",
        "markers given as an object",
        "markers",
        _case(_set("markers", {"a": 1})),
    )
    return rows


def write(folder: Path, include_large: bool) -> list[Hostile]:
    """Write the table's files to ``folder`` (``NAME.json``); returns the rows written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for row in table():
        if len(row.content) > COMMITTED_BYTES and not include_large:
            continue
        (folder / f"{row.name}.json").write_bytes(row.content)
        written.append(row)
    return written


if __name__ == "__main__":
    rows = write(CASES, include_large=False)
    sys.stdout.write(f"{len(rows)} files in {CASES}\n")
