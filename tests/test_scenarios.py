"""What-if scenarios: field changes applied to a copy of the case, and the evaluation diff.

Clinical rows are written from the knowledge base (sections 1 and 4); they pass once the real
pathway engine is in place. The mechanics (paths, validation, the diff) do not need it.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netlogic.clinical.evaluation import evaluate
from netlogic.model.case import Case
from netlogic.model.case_io import CaseValidationError, parse_case
from netlogic.model.vocabulary import (
    Burden,
    Comorbidity,
    ImagingStatus,
    Progression,
    Status,
    Therapy,
)
from netlogic.whatif.scenarios import (
    apply_changes,
    compare_evaluations,
    run_scenarios,
    status_table,
)
from tests.conftest import TODAY


def base_case(site: str = "small_intestine", **tumour: Any) -> Case:
    return parse_case(
        {
            "schema_version": "1",
            "id": "WHATIF-1",
            "patient": {"age_years": 60},
            "tumour": {
                "primary_site": site,
                "differentiation": "well",
                "ki67_percent": 5,
                "mitotic_count": 1,
                "sstr_imaging": "positive",
                **tumour,
            },
            "disease": {
                "stage": "metastatic",
                "metastatic_sites": ["liver"],
                "resectable": "no",
                "primary_resected": True,
                "tumour_burden": "low",
                "progression": "slow",
                "extrahepatic_disease": False,
            },
            "treatments": [{"therapy": "ssa", "start": "2024-02-01", "end": None}],
        },
        TODAY,
    )


ON_SSA = base_case()

DIFF_TABLE: list[tuple[dict[str, Any], str, str, dict[Therapy, Status | str]]] = [
    # Ki-67 25%: a NET G3; still well differentiated with Ki-67 <= 55%, so the advanced-NET
    # rules apply, but anti-tumour SSA is not recommended above 20%.
    ({"tumour.ki67_percent": 25}, "NET G2", "NET G3", {}),
    # SSTR imaging negative: PRRT needs uptake (recommended after SSA failure in midgut ->
    # not recommended).
    (
        {"tumour.sstr_imaging": "negative"},
        "NET G2",
        "NET G2",
        {Therapy.PRRT: Status.NOT_RECOMMENDED},
    ),
    # Renal impairment makes PRRT contraindicated.
    ({"comorbidities": ["renal_impairment"]}, "NET G2", "NET G2", {Therapy.PRRT: "contra"}),
    # Marrow insufficiency: PRRT and all chemotherapy contraindicated.
    (
        {"comorbidities": [Comorbidity.MARROW_INSUFFICIENCY]},
        "NET G2",
        "NET G2",
        {Therapy.PRRT: "contra"},
    ),
    # Poorly differentiated: NEC, platinum-etoposide recommended first line.
    (
        {"tumour.differentiation": "poor", "tumour.ki67_percent": 70},
        "NET G2",
        "NEC",
        {Therapy.CHEMO_PLATINUM_ETOPOSIDE: Status.RECOMMENDED},
    ),
]


@pytest.mark.parametrize(("changes", "grade_from", "grade_to", "expected"), DIFF_TABLE)
def test_scenario_diff(
    changes: dict[str, Any],
    grade_from: str,
    grade_to: str,
    expected: dict[Therapy, Status | str],
) -> None:
    # The base case: Ki-67 5% is in 3-20% -> NET G2, progressing on an ongoing SSA.
    before = evaluate(ON_SSA, TODAY)
    after = evaluate(apply_changes(ON_SSA, changes, TODAY), TODAY)
    diff = compare_evaluations(before, after)
    assert (diff.grade_from, diff.grade_to) == (grade_from, grade_to)
    changed = {c.therapy: c for c in diff.changed}
    for therapy, status in expected.items():
        assert therapy in changed, [(c.therapy, c.from_status, c.to_status) for c in diff.changed]
        if status == "contra":
            assert changed[therapy].to_status is Status.CONTRAINDICATED
        else:
            assert changed[therapy].to_status is status
        # The diff names the rule that set the new status, with its reasons.
        assert changed[therapy].rule_id
        assert changed[therapy].reasons


def test_ki67_above_20_makes_anti_tumour_ssa_not_recommended() -> None:
    # Knowledge base section 4: SSA recommended for Ki-67 <= 10%, not recommended above 20%.
    naive = base_case().model_copy(update={"treatments": []})
    before = evaluate(naive, TODAY)
    after = evaluate(apply_changes(naive, {"tumour.ki67_percent": 30}, TODAY), TODAY)
    diff = compare_evaluations(before, after)
    ssa = next(c for c in diff.changed if c.therapy is Therapy.SSA)
    assert ssa.from_status is Status.RECOMMENDED
    assert ssa.to_status is Status.NOT_RECOMMENDED


def test_diff_of_identical_evaluations_is_empty() -> None:
    ev = evaluate(ON_SSA, TODAY)
    diff = compare_evaluations(ev, ev)
    assert diff.is_empty
    assert diff.to_contract()["changed"] == []


def test_diff_lists_only_changed_therapies_with_the_new_rule() -> None:
    a = evaluate(ON_SSA, TODAY)
    b = a.model_copy(deep=True)
    option = b.option(Therapy.SUNITINIB)
    option.status = Status.CONTRAINDICATED
    option.rule = "SUNITINIB-HEART"
    option.reasons = ["heart failure"]
    diff = compare_evaluations(a, b)
    assert [c.therapy for c in diff.changed] == [Therapy.SUNITINIB]
    assert diff.changed[0].rule_id == "SUNITINIB-HEART"
    assert diff.to_contract()["changed"][0]["to"] == "contraindicated"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"tumour.ki67_percent": 140}, "tumour.ki67_percent"),  # outside 0-100
        ({"tumour.sstr_imaging": "maybe"}, "tumour.sstr_imaging"),  # not an allowed value
        ({"tumour.colour": "red"}, "tumour.colour"),  # not a case field
        ({"disease.tumour_burden.x": 1}, "disease.tumour_burden.x"),  # not a group
        ({"id": "OTHER"}, "id"),  # identifies the case
        ({"comorbidities": ["gout"]}, "comorbidities[0]"),
    ],
)
def test_bad_changes_name_the_field(changes: dict[str, Any], field: str) -> None:
    with pytest.raises(CaseValidationError) as caught:
        apply_changes(ON_SSA, changes, TODAY)
    assert caught.value.problems[0].field == field


def test_apply_changes_leaves_the_original_alone() -> None:
    changed = apply_changes(
        ON_SSA, {"disease.tumour_burden": Burden.HIGH, "tumour.ki67_percent": 12}, TODAY
    )
    assert changed.disease.tumour_burden is Burden.HIGH
    assert changed.tumour.ki67_percent == 12
    assert ON_SSA.disease.tumour_burden is Burden.LOW
    assert ON_SSA.tumour.ki67_percent == 5


def test_named_scenarios_table() -> None:
    base, results = run_scenarios(
        ON_SSA,
        [("Ki-67 25", {"tumour.ki67_percent": 25}), ("SSTR-", {"tumour.sstr_imaging": "negative"})],
        TODAY,
    )
    rows = status_table(base, results)
    assert rows[0] == {
        "therapy": "grade",
        "base": "NET G2",
        "Ki-67 25": "NET G3",
        "SSTR-": "NET G2",
    }
    assert [r["therapy"] for r in rows[1:]] == [t.value for t in Therapy]


@settings(max_examples=60, deadline=None)
@given(
    ki67=st.none() | st.floats(min_value=0, max_value=100, allow_nan=False),
    sstr=st.sampled_from(list(ImagingStatus)),
    burden=st.sampled_from(list(Burden)),
    progression=st.sampled_from(list(Progression)),
    comorbidities=st.sets(st.sampled_from(list(Comorbidity))),
)
def test_apply_changes_property(
    ki67: float | None,
    sstr: ImagingStatus,
    burden: Burden,
    progression: Progression,
    comorbidities: set[Comorbidity],
) -> None:
    changes = {
        "tumour.ki67_percent": ki67,
        "tumour.sstr_imaging": sstr,
        "disease.tumour_burden": burden,
        "disease.progression": progression,
        "comorbidities": comorbidities,
    }
    changed = apply_changes(ON_SSA, changes, TODAY)
    assert changed.tumour.ki67_percent == ki67
    assert changed.tumour.sstr_imaging is sstr
    assert changed.disease.tumour_burden is burden
    assert changed.disease.progression is progression
    assert set(changed.comorbidities) == comorbidities
    # Everything else is as it was, and the result round-trips through the contract.
    assert changed.id == ON_SSA.id
    assert changed.treatments == ON_SSA.treatments
    assert parse_case(changed.to_contract_json(), TODAY) == changed
    # Applying no change is the identity.
    assert apply_changes(changed, {}, TODAY) == changed


# --- ruleset 2027 inputs: ECOG, pregnancy, the current line's state (issue 14 needs them) ---

PANCREAS_ON_EVEROLIMUS = parse_case(
    {
        "schema_version": "1",
        "id": "WHATIF-EVE",
        "patient": {"age_years": 58, "ecog": 1},
        "tumour": {
            "primary_site": "pancreas",
            "differentiation": "well",
            "ki67_percent": 12,
            "sstr_imaging": "positive",
        },
        "disease": {
            "stage": "metastatic",
            "metastatic_sites": ["liver"],
            "progression": "none",
        },
        "treatments": [
            {
                "therapy": "ssa",
                "start": "2023-01-10",
                "end": "2024-01-10",
                "stop_reason": "progression",
            },
            {"therapy": "everolimus", "start": "2024-02-01", "end": None},
        ],
    },
    TODAY,
)


@pytest.mark.parametrize(
    ("state", "end", "stop_reason", "progression"),
    [
        # Failed: the current line (everolimus, ongoing) stops today for progression, and the
        # recorded pace "none" becomes slow (a line does not fail without progression).
        ("failed", TODAY, "progression", Progression.SLOW),
        # Working: ongoing with no progression (knowledge base 8.1).
        ("working", None, None, Progression.NONE),
    ],
)
def test_current_line_state(
    state: str, end: object, stop_reason: str | None, progression: Progression
) -> None:
    changed = apply_changes(PANCREAS_ON_EVEROLIMUS, {"current_line": state}, TODAY)
    line = changed.treatments[1]
    assert line.therapy is Therapy.EVEROLIMUS
    assert line.end == end
    assert (line.stop_reason.value if line.stop_reason else None) == stop_reason
    assert changed.disease.progression is progression
    # The earlier line is untouched.
    assert changed.treatments[0] == PANCREAS_ON_EVEROLIMUS.treatments[0]


def test_an_explicit_pace_wins_over_the_line_state() -> None:
    changed = apply_changes(
        PANCREAS_ON_EVEROLIMUS,
        {"current_line": "failed", "disease.progression": "rapid"},
        TODAY,
    )
    assert changed.disease.progression is Progression.RAPID


def test_current_line_without_lines_is_refused_in_words() -> None:
    no_lines = parse_case({"schema_version": "1", "id": "X", "tumour": {"primary_site": "colon"}})
    with pytest.raises(CaseValidationError, match="no treatment line"):
        apply_changes(no_lines, {"current_line": "working"}, TODAY)


@pytest.mark.parametrize(
    ("changes", "check"),
    [
        # ECOG 3 and pregnancy are case fields a scenario may change.
        ({"patient.ecog": 3}, lambda c: c.patient.ecog == 3),
        ({"patient.pregnant": True}, lambda c: c.patient.pregnant is True),
        # A list item by its position.
        (
            {"treatments.0.stop_reason": "toxicity"},
            lambda c: c.treatments[0].stop_reason.value == "toxicity",
        ),
    ],
)
def test_new_inputs_apply(changes: dict[str, Any], check: Any) -> None:
    assert check(apply_changes(PANCREAS_ON_EVEROLIMUS, changes, TODAY))


@pytest.mark.parametrize(
    "changes",
    [
        {"patient.ecog": 5},  # ECOG is 0-4
        {"treatments.7.end": None},  # no such line
        {"treatments.x.end": None},  # not a position
    ],
)
def test_bad_new_inputs_are_refused(changes: dict[str, Any]) -> None:
    with pytest.raises(CaseValidationError):
        apply_changes(PANCREAS_ON_EVEROLIMUS, changes, TODAY)
