"""'Why not' in words: the unmet parts of a rule's condition read as a resident would say them,
in English and French, with the case's value; the raw text stays available."""

from __future__ import annotations

import re
from typing import Any

import pytest

from netlogic.clinical.evaluation import evaluate
from netlogic.clinical.explain import case_facts, condition_words, fact_words, why_not
from netlogic.clinical.facts import FACT_SPECS
from netlogic.clinical.results import OptionResult, RuleTrial
from netlogic.model.case_io import load_case_file
from netlogic.model.vocabulary import Status, Therapy
from netlogic.reference.i18n import catalogue, translator
from tests.conftest import ROOT, TODAY

FACTS: dict[str, Any] = {
    "ki67": 25.0,
    "sstr": "negative",
    "failed": frozenset(),
    "pancreas": False,
    "primary_size_mm": None,
    "family": "NET",
}

CONDITIONS = [
    # A number with its unit and this case's value.
    ("ki67 le 10", "en", "Ki-67 at most 10% (this case: 25%)"),
    ("ki67 le 10", "fr", "Ki-67 au plus 10 % (ce cas : 25 %)"),
    # French writes decimal commas, English points.
    ("ki67 ge 8.5", "fr", "Ki-67 au moins 8,5 % (ce cas : 25 %)"),
    ("ki67 ge 8.5", "en", "Ki-67 at least 8.5% (this case: 25%)"),
    # An enumeration value in words.
    ("sstr eq positive", "en", "SSTR imaging: positive (this case: negative)"),
    ("sstr eq positive", "fr", "imagerie SSTR : positive (ce cas : négative)"),
    # A set of therapies: lower-case names inside the sentence; an empty set is "none".
    (
        "failed contains ssa",
        "en",
        "lines that failed include somatostatin analogue (this case: none)",
    ),
    (
        "failed contains ssa",
        "fr",
        "lignes en échec : dont analogue de la somatostatine (ce cas : aucune)",
    ),
    # Yes/no facts.
    ("pancreas eq True", "en", "pancreatic primary: yes (this case: no)"),
    # An unknown value of the case says "unknown".
    ("primary_size_mm le 20", "en", "primary tumour size at most 20 mm (this case: unknown)"),
    # A list of values reads "A or B".
    ("family in [NEC, MiNEN]", "en", "grade family: NEC or MiNEN (this case: NET)"),
    ("family in [NEC, MiNEN]", "fr", "famille de grade : CNE ou MiNEN (ce cas : TNE)"),
    # "any" of several alternatives, each possibly a conjunction.
    (
        "any(burden eq high | extrahepatic eq True)",
        "en",
        "one of: tumour burden: high or extrahepatic disease: yes",
    ),
    (
        "any(thoracic eq True & progression eq rapid | ki67 gt 55)",
        "en",
        "one of: (thoracic primary (lung, thymus): yes and progression (as recorded, else "
        "derived from imaging): rapid) or Ki-67 above 55%",
    ),
    # "not" of a condition.
    ("not(sstr eq negative)", "fr", "pas : imagerie SSTR : négative"),
    # A fact the catalogues do not know reads as its name, never as code.
    ("new_fact eq some_value", "en", "new fact: some value"),
    # Text that is not a condition at all is shown as it is (in plain words).
    ("something_else", "en", "something else"),
]


@pytest.mark.parametrize(("raw", "lang", "words"), CONDITIONS)
def test_condition_in_words(raw: str, lang: str, words: str) -> None:
    assert condition_words(raw, translator(lang), FACTS) == words


def test_every_fact_has_words_in_both_languages() -> None:
    # A rule author adding a fact adds its words (data/i18n/pathway.*.yaml): "why not" must
    # never print a fact's code name to a clinician.
    for lang in ("en", "fr"):
        words = catalogue(lang)
        assert [f for f in FACT_SPECS if f"fact.{f}" not in words] == [], lang
    assert fact_words("ki67", translator("fr")) == "Ki-67"


def _option(trace: list[RuleTrial]) -> OptionResult:
    return OptionResult(
        therapy=Therapy.PRRT,
        status=Status.NOT_RECOMMENDED,
        reasons=["not indicated"],
        sources=[],
        rule=trace[-1].rule,
        trace=trace,
    )


def test_why_not_lists_the_rules_that_would_have_offered_it() -> None:
    trace = [
        # A contraindication that did not hold: not a rule that offers.
        RuleTrial(rule="PRRT-CI", status=Status.CONTRAINDICATED, fired=False, unmet=["x eq 1"]),
        # Two rules that would have offered PRRT.
        RuleTrial(rule="PRRT-A", status=Status.RECOMMENDED, fired=False, unmet=["ki67 le 10"]),
        RuleTrial(rule="PRRT-B", status=Status.OPTION, fired=False, unmet=["sstr eq positive"]),
        # The default that decided.
        RuleTrial(rule="PRRT-DEFAULT", status=Status.NOT_RECOMMENDED, fired=True, unmet=[]),
        # A cap tried after (caps only lower a status): left out.
        RuleTrial(rule="CAP-ECOG", status=Status.OPTION, fired=False, unmet=["ecog ge 3"]),
    ]
    explained = why_not(_option(trace), translator("en"), FACTS, not_indications={"CAP-ECOG"})
    assert explained.deciding_rule == "CAP-ECOG"
    assert [m.rule for m in explained.missed] == ["PRRT-A", "PRRT-B"]
    assert explained.missed[0].unmet[0].words == "Ki-67 at most 10% (this case: 25%)"
    assert explained.missed[0].unmet[0].raw == "ki67 le 10"


def test_why_not_on_a_real_case_names_the_failed_ssa_condition() -> None:
    # The ileal NET with a carcinoid syndrome has not had an SSA: PRRT after SSA is not met.
    case = load_case_file(ROOT / "data" / "demo_cases" / "ileum-g2-syndrome.case.json", TODAY)
    evaluation = evaluate(case, TODAY)
    prrt = evaluation.option(Therapy.PRRT)
    assert not prrt.offered
    explained = why_not(prrt, translator("en"), case_facts(case, evaluation))
    needs = {m.rule: [u.words for u in m.unmet] for m in explained.missed}
    every_part = [words for parts in needs.values() for words in parts]
    assert any("lines that failed include somatostatin analogue" in w for w in every_part)
    # Every unmet part is in words: no fact's code name, no operator left in the sentence.
    for words in every_part:
        assert not re.search(r"\b[a-z]+_[a-z_]+\b", words), words
        assert not re.search(r"\b(eq|ne|le|ge|lt|gt|not_in|contains_any)\b", words), words
