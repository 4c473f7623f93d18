"""Differences between case versions and their one-line summaries."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netlogic.model.case_diff import diff_cases, readable_changes, summarise, summarise_diff
from netlogic.reference.i18n import translator
from tests.conftest import minimal_case


def _marker(day: str, value: float = 100, name: str = "chromogranin_a") -> dict[str, Any]:
    return {"date": day, "name": name, "value": value, "unit": "ng/mL", "uln": None}


BASE: dict[str, Any] = {
    **minimal_case(ki67_percent=8),
    "disease": {"metastatic_sites": ["liver"]},
    "markers": [_marker("2025-01-15")],
    "treatments": [{"therapy": "ssa", "start": "2023-03-01", "end": None}],
}


def _edit(**changes: Any) -> dict[str, Any]:
    edited = copy.deepcopy(BASE)
    for path, value in changes.items():
        target = edited
        *parents, leaf = path.split("__")
        for part in parents:
            target = target[part]
        target[leaf] = value
    return edited


@pytest.mark.parametrize(
    ("new", "summary"),
    [
        # Ki-67 crossing 3% -> 12%: the grading input a reviewer looks for first.
        (_edit(tumour__ki67_percent=12), "tumour.ki67_percent 8 -> 12"),
        # Two new chromogranin A results: counted, not listed value by value.
        (
            _edit(markers=[_marker("2025-01-15"), _marker("2025-04-01"), _marker("2025-07-01")]),
            "2 markers added",
        ),
        # An older result inserted first is one addition, not a change to every row.
        (_edit(markers=[_marker("2024-10-01"), _marker("2025-01-15")]), "1 marker added"),
        # A corrected marker value is shown on that marker.
        (
            _edit(markers=[_marker("2025-01-15", 250)]),
            "markers[chromogranin_a 2025-01-15].value 100 -> 250",
        ),
        # Stopping SSA (end date entered) after progression.
        (
            _edit(treatments=[{"therapy": "ssa", "start": "2023-03-01", "end": "2025-02-01"}]),
            "treatments[ssa 2023-03-01].end (empty) -> 2025-02-01",
        ),
        # New bone metastases, liver still involved.
        (_edit(disease__metastatic_sites=["liver", "bone"]), "disease.metastatic_sites +bone"),
        # Nothing edited.
        (copy.deepcopy(BASE), "no changes"),
    ],
)
def test_summary_names_what_changed(new: dict[str, Any], summary: str) -> None:
    assert summarise(diff_cases(BASE, new)) == summary


def test_first_version_is_created() -> None:
    assert summarise_diff(None, BASE) == "created"


def test_combined_summary_and_truncation() -> None:
    new = _edit(tumour__ki67_percent=12, markers=[*BASE["markers"], _marker("2025-05-01")])
    assert summarise(diff_cases(BASE, new)) == "tumour.ki67_percent 8 -> 12; 1 marker added"
    many = _edit(tumour={f"field_{i}": i for i in range(10)} | {"primary_site": "lung"})
    assert summarise(diff_cases(BASE, many)).endswith("more changes")


# --- properties ------------------------------------------------------------------------------

days = st.dates().map(lambda d: d.isoformat())
markers = st.lists(
    st.builds(_marker, days, st.floats(0, 1e5, allow_nan=False)),
    max_size=6,
    unique_by=lambda m: m["date"],
)
ki67 = st.one_of(st.none(), st.floats(0, 100, allow_nan=False), st.integers(0, 100))
sites = st.lists(st.sampled_from(["liver", "bone", "lung", "peritoneum"]), unique=True)


@st.composite
def cases(draw: st.DrawFn) -> dict[str, Any]:
    return {
        **minimal_case(ki67_percent=draw(ki67)),
        "disease": {"metastatic_sites": draw(sites)},
        "markers": draw(markers),
    }


@given(cases())
def test_a_case_compared_with_itself_has_no_changes(case: dict[str, Any]) -> None:
    assert diff_cases(case, copy.deepcopy(case)) == []
    assert summarise_diff(case, case) == "no changes"


@given(cases(), cases())
def test_changes_found_exactly_when_the_cases_differ(a: dict[str, Any], b: dict[str, Any]) -> None:
    changes = diff_cases(a, b)
    same_markers = sorted(a["markers"], key=str) == sorted(b["markers"], key=str)
    equal = (
        a["tumour"]["ki67_percent"] == b["tumour"]["ki67_percent"]
        and set(a["disease"]["metastatic_sites"]) == set(b["disease"]["metastatic_sites"])
        and same_markers
    )
    assert (changes == []) == equal
    summary = summarise(changes)
    assert "\n" not in summary
    assert summary


@given(cases(), cases())
def test_marker_counts_in_the_summary_match_the_lists(a: dict[str, Any], b: dict[str, Any]) -> None:
    # Only marker lists differ here, so nothing is cut from the summary.
    b = {**a, "markers": b["markers"]}
    old_days = {m["date"] for m in a["markers"]}
    new_days = {m["date"] for m in b["markers"]}
    summary = summarise(diff_cases(a, b))
    added, removed = len(new_days - old_days), len(old_days - new_days)
    if added:
        assert f"{added} marker{'s' if added > 1 else ''} added" in summary
    if removed:
        assert f"{removed} marker{'s' if removed > 1 else ''} removed" in summary
    if not added and not removed:
        assert "added" not in summary
        assert "removed" not in summary


@given(cases(), cases())
def test_every_change_path_names_a_field(a: dict[str, Any], b: dict[str, Any]) -> None:
    for change in diff_cases(a, b):
        assert change.path.split(".")[0].split("[")[0] in a.keys() | b.keys()
        assert change.kind in ("changed", "added", "removed")


# --- in words, for the version history on screen ------------------------------------------


def test_changes_read_in_the_words_of_the_case_page() -> None:
    old = {
        "tumour": {"ki67_percent": 8.0, "differentiation": "unknown"},
        "disease": {"metastatic_sites": ["liver"]},
        "markers": [{"date": "2025-01-15", "name": "chromogranin_a", "value": 250.0}],
    }
    new = {
        "tumour": {"ki67_percent": 12.5, "differentiation": "well"},
        "disease": {"metastatic_sites": ["liver", "bone"]},
        "markers": [
            {"date": "2025-01-15", "name": "chromogranin_a", "value": 260.0},
            {"date": "2025-04-15", "name": "u5hiaa", "value": 30.0, "unit": "umol/24h"},
        ],
    }
    rows = {
        (c.field, c.before, c.after)
        for c in readable_changes(diff_cases(old, new), translator("en"))
    }
    assert ("Ki-67 (%)", "8", "12.5") in rows
    assert ("Differentiation", "unknown", "well differentiated") in rows
    assert ("Metastatic sites", "—", "+ bone") in rows
    assert ("Marker chromogranin A, 2025-01-15, Value", "250", "260") in rows
    assert ("Marker added", "—", "urinary 5-HIAA, 2025-04-15: 30 umol/24h") in rows
    french = {
        (c.field, c.before, c.after)
        for c in readable_changes(diff_cases(old, new), translator("fr"))
    }
    assert ("Ki-67 (%)", "8", "12,5") in french
