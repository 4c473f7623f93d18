"""The pathway tree (netlogic.clinical.diagram): every node in its family, the offered-only
view, rows that never overlap, status by shape and colour, the preferred path, words."""

from __future__ import annotations

import itertools

import pytest

from netlogic.clinical.diagram import (
    PREFERRED_EDGE,
    ROOT_ID,
    STATUS_STYLES,
    tree_figure,
    tree_nodes,
    tree_summary,
)
from netlogic.clinical.evaluation import Evaluation, evaluate
from netlogic.model.case_io import load_case_file
from netlogic.model.vocabulary import THERAPY_FAMILY, Status, Therapy, TherapyFamily
from netlogic.reference.i18n import translator
from tests.conftest import ROOT, TODAY

DEMO = ROOT / "data" / "demo_cases"
EN = translator("en")


def _evaluation(name: str) -> Evaluation:
    return evaluate(load_case_file(DEMO / name, TODAY), today=TODAY)


DEMOS = [
    # Ileal NET G2 with carcinoid syndrome: SSA recommended.
    "ileum-g2-syndrome.case.json",
    # Small-cell NEC of the colon: platinum-etoposide family.
    "colon-nec-small-cell.case.json",
    # Paraganglioma: out of scope, nothing offered.
    "paraganglioma-out-of-scope.case.json",
]


@pytest.mark.parametrize("name", DEMOS)
def test_every_therapy_is_a_node_under_its_family(name: str) -> None:
    nodes = tree_nodes(_evaluation(name), EN)
    by_id = {n.id: n for n in nodes}
    therapies = [n for n in nodes if n.kind == "therapy"]
    # All 20 nodes, the ruleset-2027 ones included, once each; tree order within a family.
    drawn = [n.therapy for n in therapies]
    assert sorted(drawn) == sorted(Therapy)
    assert len(drawn) == len(Therapy)
    for family in TherapyFamily:
        members = [th for th in drawn if th is not None and THERAPY_FAMILY[th] is family]
        assert members == [th for th in Therapy if THERAPY_FAMILY[th] is family]
    for node in therapies:
        assert node.therapy is not None
        parent = by_id[node.parent or ""]
        assert parent.family is THERAPY_FAMILY[node.therapy]
        assert parent.parent == ROOT_ID
    families = [n.family for n in nodes if n.kind == "family"]
    assert families == [f for f in TherapyFamily if f in set(THERAPY_FAMILY.values())]


@pytest.mark.parametrize(
    ("therapy", "family"),
    [
        (Therapy.ENDOSCOPIC_RESECTION, TherapyFamily.SURGERY),
        (Therapy.CABOZANTINIB, TherapyFamily.TARGETED),
        (Therapy.BELZUTIFAN, TherapyFamily.TARGETED),
        (Therapy.RADIOTHERAPY, TherapyFamily.LOCOREGIONAL),
        (Therapy.SUPPORTIVE_CARE, TherapyFamily.SUPPORTIVE),
    ],
)
def test_ruleset_2027_nodes_are_drawn_in_their_family(
    therapy: Therapy, family: TherapyFamily
) -> None:
    nodes = {n.id: n for n in tree_nodes(_evaluation("ileum-g2-syndrome.case.json"), EN)}
    assert nodes[f"therapy:{therapy.value}"].parent == f"family:{family.value}"


def test_offered_only_hides_the_branches_not_offered() -> None:
    evaluation = _evaluation("ileum-g2-syndrome.case.json")
    offered = {o.therapy for o in evaluation.options if o.offered}
    nodes = tree_nodes(evaluation, EN, offered_only=True)
    assert {n.therapy for n in nodes if n.kind == "therapy"} == offered
    # No empty family is left: each family shown has at least one offered member.
    families = {n.id for n in nodes if n.kind == "family"}
    assert families == {n.parent for n in nodes if n.kind == "therapy"}
    assert nodes[0].id == ROOT_ID


def test_rows_never_overlap_and_long_labels_wrap() -> None:
    nodes = tree_nodes(_evaluation("ileum-g2-syndrome.case.json"), translator("fr"))
    for above, below in itertools.pairwise(nodes):
        assert above.row + above.lines == below.row
    endoscopic = next(n for n in nodes if n.therapy is Therapy.ENDOSCOPIC_RESECTION)
    assert endoscopic.lines > 1  # "Résection endoscopique (mucosectomie/...)" is long
    assert all(len(line) <= 30 for n in nodes for line in n.wrapped)


def test_status_is_drawn_by_shape_and_colour() -> None:
    evaluation = _evaluation("ileum-g2-syndrome.case.json")
    nodes = tree_nodes(evaluation, EN)
    fig = tree_figure(nodes, EN)
    points = next(tr for tr in fig.data if tr.customdata is not None)
    ids = list(points.customdata)
    assert ids == [n.id for n in nodes]  # each row's click names its node
    for option in evaluation.options:
        i = ids.index(f"therapy:{option.therapy.value}")
        style = STATUS_STYLES[option.status]
        assert points.marker.symbol[i] == style.symbol
        assert points.marker.color[i] == style.colour
    # One legend entry per status, in words.
    legend = [tr.name for tr in fig.data if tr.name]
    assert legend == ["recommended", "option", "not recommended", "contraindicated"]
    # A whole row is the click target, and the figure neither zooms nor pans.
    assert fig.layout.hovermode == "y"
    assert fig.layout.dragmode is False


def test_preferred_path_is_drawn_thick_to_each_recommended_option() -> None:
    evaluation = _evaluation("ileum-g2-syndrome.case.json")
    recommended = [o for o in evaluation.options if o.status is Status.RECOMMENDED]
    assert recommended, "the syndrome case has a recommended option"
    nodes = tree_nodes(evaluation, EN)
    fig = tree_figure(nodes, EN)
    thick = next(tr for tr in fig.data if tr.mode == "lines" and tr.line.color == PREFERRED_EDGE)
    ends = {round(y, 3) for y in thick.y[2::4]}  # elbow ends: the children's rows
    preferred_rows = {round(n.y, 3) for n in nodes if n.preferred and n.kind != "root"}
    assert ends == preferred_rows


def test_labels_and_summary_follow_the_language() -> None:
    evaluation = _evaluation("ileum-g2-syndrome.case.json")
    fr = translator("fr")
    nodes = tree_nodes(evaluation, fr)
    assert nodes[0].label == "TNE G2"
    assert "Analogues de la somatostatine" in [n.label for n in nodes]
    summary = tree_summary(nodes, fr)
    assert "TNE G2" in summary
    assert "recommandé" in summary
    assert "Somatostatin analogue (recommended)" in tree_summary(tree_nodes(evaluation, EN), EN)


def test_nothing_offered_says_so() -> None:
    nodes = tree_nodes(_evaluation("paraganglioma-out-of-scope.case.json"), EN, offered_only=True)
    assert [n.kind for n in nodes] == ["root"]
    assert "0 offered: none" in tree_summary(nodes, EN)
