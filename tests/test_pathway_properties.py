"""Properties of the engine over many generated cases (knowledge base, "Explain everything")."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import given, settings

from netlogic.clinical.evaluation import evaluate
from netlogic.model.case_io import parse_case
from netlogic.model.vocabulary import OFFERED, Therapy
from tests.strategies import cases

TODAY = date(2026, 11, 22)


@settings(max_examples=400, deadline=None)
@given(cases())
def test_every_offered_option_has_a_reason_and_a_source(data: dict[str, Any]) -> None:
    result = evaluate(parse_case(data, TODAY), TODAY)
    assert [o.therapy for o in result.options] == list(Therapy)
    for option in result.options:
        assert option.reasons, option.therapy
        assert option.sources, option.therapy
        if option.status in OFFERED:
            assert option.rule
    codes = {a.code for a in result.alerts}
    assert {"mdt_discussion", "clinical_trial", "hereditary_assessment"} <= codes


@settings(max_examples=200, deadline=None)
@given(cases())
def test_out_of_scope_offers_nothing_and_nec_never_gets_prrt(data: dict[str, Any]) -> None:
    result = evaluate(parse_case(data, TODAY), TODAY)
    offered = {o.therapy.value for o in result.options if o.status in OFFERED}
    if result.grade.family.value == "out_of_scope":
        assert offered == set()
    if result.grade.family.value == "NEC":
        # 8.1 wins over section 5: a line that is ongoing and controlling the disease is
        # continued, even a NET drug in a NEC; no NET drug is started.
        pace = result.progression.value.value
        treatments = parse_case(data, TODAY).treatments
        working = {line.therapy.value for line in treatments if line.end is None and pace == "none"}
        # 8.15 (PRRT-COURSE-IN-PROGRESS): a PRRT course already started is completed unless
        # the disease grows fast, whatever the family.
        if pace != "rapid" and any(
            line.therapy.value == "prrt" and line.end is None for line in treatments
        ):
            working.add("prrt")
        assert not offered & ({"prrt", "everolimus", "sunitinib", "observation"} - working)


@settings(max_examples=200, deadline=None)
@given(cases())
def test_a_failed_line_is_never_offered_again(data: dict[str, Any]) -> None:
    case = parse_case(data, TODAY)
    result = evaluate(case, TODAY)
    progressive = result.progression.value.value in ("slow", "rapid")
    # 8.1: a line that is ongoing and working is continued, even if an earlier line of the
    # same therapy failed (a re-challenge that works).
    working = {
        line.therapy.value
        for line in case.treatments
        if line.end is None and result.progression.value.value == "none"
    }
    for line in case.treatments:
        failed = line.stop_reason is not None and line.stop_reason.value == "progression"
        failed = failed or (line.end is None and progressive)
        therapy = line.therapy.value
        if therapy in working:
            continue
        # 8.15: a PRRT course under way is completed unless rapid; tarlatamab (immunotherapy)
        # stays open after a failed checkpoint line in extensive small-cell carcinoma.
        if (therapy == "prrt" and line.end is None) or therapy == "immunotherapy":
            continue
        if failed and therapy not in {
            "observation",
            "surgery",
            "debulking_surgery",
            "liver_transplant",
            "telotristat",
            "ssa",
            "radiotherapy",
            "supportive_care",
            "endoscopic_resection",
        }:
            assert result.option(therapy).status not in OFFERED, therapy
        if failed and therapy == "ssa" and case.tumour.functional_syndrome.value == "none":
            assert result.option("ssa").status not in OFFERED
