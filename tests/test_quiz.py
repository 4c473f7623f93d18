"""Quiz scoring against the engine's evaluation of a teaching case."""

from __future__ import annotations

import pytest

from netlogic.model.vocabulary import Status, Therapy
from netlogic.teaching.library import teaching_case
from netlogic.teaching.quiz import make_answer, score_answer


def test_perfect_answer_scores_full_marks() -> None:
    ev = teaching_case("TEACH-NEC-01").evaluate()
    offered = [o.therapy for o in ev.options if o.offered]
    result = score_answer(make_answer("NEC large cell", offered), ev)
    assert result.perfect
    assert result.percent == 100
    assert result.missed == []
    assert result.wrong == []


def test_missed_and_wrong_options_carry_the_engine_reasons() -> None:
    # NEC: a resident who offers an SSA and forgets platinum-etoposide.
    ev = teaching_case("TEACH-NEC-01").evaluate()
    result = score_answer(make_answer("NET G3", ["ssa"]), ev)
    assert not result.grade_correct
    assert result.grade_expected == "NEC large cell"
    assert [m.therapy for m in result.missed] == [Therapy.CHEMO_PLATINUM_ETOPOSIDE]
    assert [w.therapy for w in result.wrong] == [Therapy.SSA]
    assert result.wrong[0].reasons
    assert result.wrong[0].rule_id
    assert result.missed[0].sources
    # One point per therapy node and one for the grade; 2 therapies and the grade wrong.
    nodes = len(Therapy)
    assert (result.points, result.max_points) == (nodes + 1 - 3, nodes + 1)


def test_grade_label_comparison_ignores_case_and_spaces() -> None:
    ev = teaching_case("TEACH-LUNG-AC-01").evaluate()
    assert score_answer(make_answer("  atypical   CARCINOID ", []), ev).grade_correct


def test_why_not_picks_scored_against_the_status() -> None:
    # Lung carcinoid: platinum-etoposide is contraindicated, sunitinib merely not recommended.
    ev = teaching_case("TEACH-LUNG-AC-01").evaluate()
    answer = make_answer(
        "Atypical carcinoid",
        [o.therapy for o in ev.options if o.offered],
        {"chemo_platinum_etoposide": "contraindicated", "sunitinib": "contraindicated"},
    )
    result = score_answer(answer, ev)
    picks = {w.therapy: w for w in result.why_not}
    assert picks[Therapy.CHEMO_PLATINUM_ETOPOSIDE].correct
    assert not picks[Therapy.SUNITINIB].correct
    assert picks[Therapy.SUNITINIB].engine_status is Status.NOT_RECOMMENDED
    assert picks[Therapy.SUNITINIB].reasons
    # One point per node and the grade, plus one per why-not pick; the sunitinib pick is wrong.
    assert (result.points, result.max_points) == (len(Therapy) + 2, len(Therapy) + 3)


def test_why_not_accepts_only_not_offered_statuses() -> None:
    with pytest.raises(ValueError, match="why-not pick"):
        make_answer("NET G1", [], {"ssa": "recommended"})


def test_empty_answer_on_out_of_scope_case_is_right_about_options() -> None:
    ev = teaching_case("TEACH-PARAGANGLIOMA-01").evaluate()
    result = score_answer(make_answer(None, []), ev)
    assert not result.grade_correct
    assert result.missed == []
    assert result.points == len(ev.options)


def test_the_grade_choices_are_every_label_the_engine_gives() -> None:
    # The quiz offers each grade label the grading can produce (their words live in the
    # catalogues as grade.label.<label>), so no right answer is missing from the list.
    from netlogic.reference.i18n import catalogue
    from netlogic.teaching.quiz import GRADE_LABELS

    labelled = {
        k.removeprefix("grade.label.") for k in catalogue("en") if k.startswith("grade.label.")
    }
    assert set(GRADE_LABELS) == labelled
    assert len(GRADE_LABELS) == len(set(GRADE_LABELS))


def test_an_unanswered_grade_scores_no_grade_point() -> None:
    ev = teaching_case("TEACH-NEC-01").evaluate()
    result = score_answer(make_answer(None, []), ev)
    assert not result.grade_correct
    assert result.grade_given is None
