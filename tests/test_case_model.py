"""The case contract: valid cases load, bad input names its field, JSON round-trips."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netlogic.model.case_io import CaseValidationError, parse_case, parse_case_text
from tests.conftest import TODAY, example_cases, load_json, minimal_case


def test_minimal_case_defaults_to_unknown_and_empty() -> None:
    case = parse_case(minimal_case(), TODAY)
    assert case.tumour.differentiation.value == "unknown"
    assert case.markers == []
    assert case.treatments == []
    assert case.disease.progression.value == "unknown"


@pytest.mark.parametrize("path", example_cases(), ids=lambda p: p.name)
def test_examples_round_trip(path: Any) -> None:
    original = load_json(path)
    case = parse_case(original, TODAY)
    again = parse_case(json.loads(json.dumps(case.to_contract_json())), TODAY)
    assert again == case
    for key, value in original["tumour"].items():
        assert case.to_contract_json()["tumour"][key] == value


def test_unknown_keys_survive_a_round_trip() -> None:
    data = minimal_case()
    data["tumour"]["site_note"] = "written by another tool"
    assert parse_case(data, TODAY).to_contract_json()["tumour"]["site_note"] == (
        "written by another tool"
    )


def _marker(**over: Any) -> dict[str, Any]:
    return {"date": "2025-01-01", "name": "chromogranin_a", "value": 10, "unit": "ng/mL", **over}


def _line(**over: Any) -> dict[str, Any]:
    return {"therapy": "ssa", "start": "2025-01-01", **over}


# (what to change in a minimal case, the field the message must name)
BAD: list[tuple[str, Any, str]] = [
    # No id: the case cannot be stored or cited.
    ("drop_id", None, "id"),
    # No primary site: nothing can be graded.
    ("drop_site", None, "tumour.primary_site"),
    # An enumeration value the contract does not know.
    ("tumour", {"primary_site": "liver"}, "tumour.primary_site"),
    (
        "tumour",
        {"primary_site": "pancreas", "differentiation": "moderate"},
        "tumour.differentiation",
    ),
    # Ki-67 is a percentage.
    ("tumour", {"primary_site": "pancreas", "ki67_percent": 120}, "tumour.ki67_percent"),
    ("tumour", {"primary_site": "pancreas", "ki67_percent": -1}, "tumour.ki67_percent"),
    # Negative counts and sizes are impossible.
    ("tumour", {"primary_site": "pancreas", "mitotic_count": -2}, "tumour.mitotic_count"),
    ("tumour", {"primary_site": "pancreas", "primary_size_mm": -5}, "tumour.primary_size_mm"),
    ("markers", [_marker(value=-3)], "markers[0].value"),
    # Dates: not parseable, in the future, end before start.
    ("markers", [_marker(date="2025-13-01")], "markers[0].date"),
    ("markers", [_marker(date="15/01/2025")], "markers[0].date"),
    ("markers", [_marker(date="2027-01-01")], "markers[0].date"),
    ("treatments", [_line(end="2024-01-01")], "treatments[0]"),
    # A name-like id with a space is refused: pseudonymous labels only.
    ("id", "Jean Dupont", "id"),
    # true is not a Ki-67 of 1%, and "100" is text, not a measured value.
    ("tumour", {"primary_site": "pancreas", "ki67_percent": True}, "tumour.ki67_percent"),
    ("markers", [_marker(value="100")], "markers[0].value"),
    (
        "imaging",
        [{"date": "2024-01-01", "modality": "ct", "sum_diameters_mm": True}],
        "imaging[0].sum_diameters_mm",
    ),
    # A yes/no answer must be true or false: 1 or "yes" could be a slip of another tool.
    ("disease", {"symptomatic": 1}, "disease.symptomatic"),
    ("on_ppi", "yes", "on_ppi"),
]


@pytest.mark.parametrize(("key", "value", "field"), BAD)
def test_bad_input_names_the_field(key: str, value: Any, field: str) -> None:
    data = minimal_case()
    if key == "drop_id":
        del data["id"]
    elif key == "drop_site":
        del data["tumour"]["primary_site"]
    else:
        data[key] = value
    with pytest.raises(CaseValidationError) as caught:
        parse_case(data, TODAY)
    assert field in [p.field for p in caught.value.problems]


def test_every_problem_is_reported_at_once() -> None:
    data = minimal_case(ki67_percent=150, mitotic_count=-1)
    data["id"] = "bad id!"
    with pytest.raises(CaseValidationError) as caught:
        parse_case(data, TODAY)
    assert {p.field for p in caught.value.problems} == {
        "id",
        "tumour.ki67_percent",
        "tumour.mitotic_count",
    }


def test_messages_use_words() -> None:
    with pytest.raises(CaseValidationError) as caught:
        parse_case(minimal_case(ki67_percent=120), TODAY)
    assert "Ki-67 index (%) must be at most 100" in str(caught.value)


@pytest.mark.parametrize("text", ['{"ki67": NaN}', "not json", "[1, 2]", ""])
def test_not_a_case_object(text: str) -> None:
    with pytest.raises(CaseValidationError):
        parse_case_text(text, TODAY)


def test_nan_and_infinity_are_refused() -> None:
    text = json.dumps(minimal_case()).replace('"pancreas"', '"pancreas", "ki67_percent": NaN')
    with pytest.raises(CaseValidationError) as caught:
        parse_case_text(text, TODAY)
    assert caught.value.problems[0].field == "tumour.ki67_percent"
    assert "finite" in caught.value.problems[0].message


def test_future_is_relative_to_the_evaluation_date() -> None:
    data = minimal_case()
    data["markers"] = [_marker(date="2026-06-01")]
    parse_case(data, date(2026, 11, 22))
    with pytest.raises(CaseValidationError):
        parse_case(data, date(2026, 1, 1))


json_values = st.recursive(
    st.none() | st.booleans() | st.floats() | st.integers() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=20,
)
CONTRACT_KEYS = [
    "schema_version",
    "id",
    "patient",
    "tumour",
    "disease",
    "markers",
    "imaging",
    "treatments",
    "comorbidities",
    "on_ppi",
]


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(st.sampled_from(CONTRACT_KEYS) | st.text(max_size=8), json_values, max_size=8)
)
def test_any_json_object_is_a_case_or_a_named_refusal(data: dict[str, Any]) -> None:
    try:
        parse_case(data, TODAY)
    except CaseValidationError as exc:
        assert exc.problems
        assert all(p.field and p.message for p in exc.problems)


@settings(max_examples=200, deadline=None)
@given(
    ki67=st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True)),
    mitoses=st.one_of(st.none(), st.floats(allow_nan=True), st.integers(-5, 50)),
    site=st.sampled_from(["pancreas", "lung", "colon", "thymus", "nowhere"]),
)
def test_tumour_fields_load_or_name_the_field(ki67: Any, mitoses: Any, site: str) -> None:
    data = minimal_case(ki67_percent=ki67, mitotic_count=mitoses)
    data["tumour"]["primary_site"] = site
    try:
        case = parse_case(data, TODAY)
    except CaseValidationError as exc:
        assert {p.field for p in exc.problems} <= {
            "tumour.ki67_percent",
            "tumour.mitotic_count",
            "tumour.primary_site",
        }
    else:
        assert case.tumour.ki67_percent is None or 0 <= case.tumour.ki67_percent <= 100


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        # The command line speaks English (contract); the app speaks the clinician's language.
        ("en", "Ki-67 index (%) must be at most 100 (got 120)"),
        ("fr", "index Ki-67 (%) doit être au plus 100 (reçu 120)"),
    ],
)
def test_messages_in_the_session_language(lang: str, expected: str) -> None:
    with pytest.raises(CaseValidationError) as caught:
        parse_case(minimal_case(ki67_percent=120), TODAY, lang)
    assert [p.message for p in caught.value.problems] == [expected]


def test_an_empty_table_cell_is_required_not_none() -> None:
    # A half-filled marker row in the app: the missing name is "required", in words.
    data = minimal_case()
    data["markers"] = [{"date": "2024-01-01", "name": None, "value": 12}]
    with pytest.raises(CaseValidationError) as caught:
        parse_case(data, TODAY)
    assert [p.message for p in caught.value.problems] == ["marker 1, marker name is required"]


def test_a_scan_without_a_note_is_a_scan_with_an_empty_note() -> None:
    # An empty note cell arrived as null and was refused ("note must be text (got None)").
    data = minimal_case()
    data["imaging"] = [
        {"date": "2025-01-10", "modality": "ct", "sum_diameters_mm": 84, "note": None}
    ]
    case = parse_case(data, TODAY)
    assert case.imaging[0].note == ""
    assert case.to_contract_json()["imaging"][0]["note"] == ""


@pytest.mark.parametrize(
    ("screen", "field", "message"),
    [
        # A site left "not given": required, said so (a forgotten site gives no pathway).
        ({"tumour": {"primary_site": None}}, "tumour.primary_site", "primary site is required"),
        # Text the entry could not read as a number says why, in words.
        (
            {"tumour": {"primary_site": "colon", "ki67_percent": "1,250"}},
            "tumour.ki67_percent",
            "Ki-67 index (%), '1,250' could be read as 1250 or as 1.250: type 1250 or 1.250",
        ),
        (
            {"patient": {"age_years": "12a"}, "tumour": {"primary_site": "colon"}},
            "patient.age_years",
            "age (years), '12a' is not a number",
        ),
    ],
)
def test_a_case_as_entered_is_checked_with_not_given_fields_left_to_their_default(
    screen: dict[str, Any], field: str, message: str
) -> None:
    from netlogic.model.case_io import check_draft

    case, problems = check_draft({"schema_version": "1", "id": "T-1", **screen}, TODAY)
    assert case is None
    assert [(p.field, p.message) for p in problems] == [(field, message)]


def test_enumerations_left_not_given_take_the_contract_default() -> None:
    from netlogic.model.case_io import check_draft

    screen = minimal_case()
    screen["patient"] = {"sex": None, "ecog": None}
    screen["tumour"]["functional_syndrome"] = None
    case, problems = check_draft(screen, TODAY)
    assert problems == []
    assert case is not None
    assert (case.patient.sex.value, case.tumour.functional_syndrome.value) == ("unknown", "none")
