"""The pathway tree as DOT text (netlogic.clinical.diagram): nodes, colours, preferred path."""

from __future__ import annotations

import re

import pytest

from netlogic.clinical.diagram import PREFERRED_EDGE, STATUS_STYLES, pathway_dot, quote
from netlogic.clinical.evaluation import Evaluation, evaluate
from netlogic.model.case_io import load_case_file
from netlogic.model.vocabulary import Status, Therapy
from netlogic.reference.i18n import translator
from tests.conftest import ROOT, TODAY

DEMO = ROOT / "data" / "demo_cases"


def _evaluation(name: str) -> Evaluation:
    return evaluate(load_case_file(DEMO / name, TODAY), today=TODAY)


def _node_line(dot: str, therapy: Therapy) -> str:
    return next(
        line for line in dot.splitlines() if line.strip().startswith(f'"{therapy.value}" [')
    )


@pytest.mark.parametrize(
    "name",
    [
        # Ileal NET G2 with carcinoid syndrome: SSA recommended.
        "ileum-g2-syndrome.case.json",
        # Small-cell NEC of the colon: platinum-etoposide family.
        "colon-nec-small-cell.case.json",
        # Paraganglioma: out of scope, nothing recommended.
        "paraganglioma-out-of-scope.case.json",
    ],
)
def test_every_therapy_is_a_node_coloured_by_its_status(name: str) -> None:
    evaluation = _evaluation(name)
    dot = pathway_dot(evaluation, translator("en"))
    for option in evaluation.options:
        line = _node_line(dot, option.therapy)
        assert f'fillcolor="{STATUS_STYLES[option.status].fill}"' in line


def test_preferred_path_is_drawn_thick_to_each_recommended_option() -> None:
    evaluation = _evaluation("ileum-g2-syndrome.case.json")
    dot = pathway_dot(evaluation, translator("en"))
    recommended = [o.therapy.value for o in evaluation.options if o.status is Status.RECOMMENDED]
    assert recommended, "the syndrome case has a recommended option"
    thick = re.findall(rf'-> "([a-z_]+)" \[color="{PREFERRED_EDGE}", penwidth=3\]', dot)
    assert sorted(thick) == sorted(recommended)


def test_labels_follow_the_language() -> None:
    evaluation = _evaluation("ileum-g2-syndrome.case.json")
    assert "Somatostatin analogue" in pathway_dot(evaluation, translator("en"))
    assert "Analogues de la somatostatine" in pathway_dot(evaluation, translator("fr"))


def test_dot_is_balanced_and_one_graph() -> None:
    dot = pathway_dot(_evaluation("pancreas-g2-progressive.case.json"), translator("fr"))
    assert dot.startswith("digraph pathway {")
    assert dot.count("{") == dot.count("}")


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ('NET "G2"', '"NET \\"G2\\""'),  # quotes cannot end the label early
        ("a\\b", '"a\\\\b"'),  # a backslash is kept as text
        ("two\nlines", '"two\\nlines"'),  # a newline is a DOT line break
    ],
)
def test_quote_escapes_dot_strings(text: str, quoted: str) -> None:
    assert quote(text) == quoted
