"""Property tests: any JSON value put anywhere in a case is accepted or refused in words, and an
accepted case gives an evaluation that is strict JSON and valid UTF-8 (no NaN, no Infinity,
no lone surrogate to crash a terminal or a store later)."""

from __future__ import annotations

import copy
import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from netlogic.clinical.evaluation import evaluate
from netlogic.model.bounds import ECHO_CHARS, PROBLEMS_SHOWN
from netlogic.model.case_io import CaseValidationError, parse_case, parse_case_text
from netlogic.model.csv_import import parse_measurements_csv
from tests.conftest import TODAY
from tests.hostile.make_cases import BASE

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=40)
    | st.sampled_from(["pancreas", "2026-01-01", "ct", "ssa", "\x00", "\ud800", "x" * 500]),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)
# Where the value goes: known fields of every kind, and a key nobody knows.
places = st.sampled_from(
    [
        ("id",),
        ("notes",),
        ("patient", "age_years"),
        ("tumour", "ki67_percent"),
        ("tumour", "primary_site"),
        ("tumour", "gastric_type"),
        ("disease", "metastatic_sites"),
        ("markers", 0, "value"),
        ("markers", 0, "date"),
        ("markers", 0, "unit"),
        ("imaging", 1, "sum_diameters_mm"),
        ("imaging", 0, "note"),
        ("treatments", 0, "cycles"),
        ("treatments", 0, "agent"),
        ("treatments", 0, "end"),
        ("tumour", "from_another_tool"),
        ("from_another_tool",),
    ]
)


def _put(data: dict[str, Any], place: tuple[Any, ...], value: Any) -> dict[str, Any]:
    out = copy.deepcopy(data)
    node: Any = out
    for part in place[:-1]:
        node = node[part]
    node[place[-1]] = value
    return out


def _strict_utf8(obj: Any) -> None:
    json.dumps(obj, allow_nan=False, ensure_ascii=False).encode("utf-8")


@given(place=places, value=json_values)
def test_any_value_anywhere_is_accepted_or_refused_in_words(
    place: tuple[Any, ...], value: Any
) -> None:
    data = _put(BASE, place, value)
    try:
        case = parse_case(data, TODAY)
    except CaseValidationError as exc:
        assert 0 < len(exc.problems) <= PROBLEMS_SHOWN + 1
        for problem in exc.problems:
            # Printable on any terminal, and no refused value echoed whole.
            str(problem).encode("utf-8")
            assert len(problem.message) < 600
        return
    _strict_utf8(case.to_contract_json())
    _strict_utf8(evaluate(case, today=TODAY).to_contract())


@given(text=st.binary(max_size=400))
def test_any_bytes_as_a_case_file_are_read_or_refused_in_words(text: bytes) -> None:
    try:
        parse_case_text(text, TODAY)
    except CaseValidationError as exc:
        assert exc.problems
        str(exc).encode("utf-8")


@given(cell=st.text(max_size=200))
def test_any_cell_in_a_csv_line_is_read_or_refused_with_a_short_echo(cell: str) -> None:
    text = "date,name,value,unit,uln\n2025-01-10,chromogranin_a,8,ng/mL," + cell + "\n"
    try:
        found = parse_measurements_csv(text, TODAY)
    except CaseValidationError as exc:
        for problem in exc.problems:
            str(problem).encode("utf-8")
            assert len(problem.message) < 300 + ECHO_CHARS
        return
    _strict_utf8([m.model_dump(mode="json") for m in found.markers])
