"""Why an option is not offered, in words a resident can follow (issue 13, item 7).

The engine keeps, for every therapy node, the rules it tried with the parts of their
conditions that did not hold (:class:`netlogic.clinical.results.RuleTrial`), written in the
condition language (``ki67 le 10``, ``failed contains ssa``, ``any(sstr eq positive |
fdg eq negative)``). This module turns those parts into sentences ("Ki-67 at most 10% (this
case: 25%)") in the session's language, keeping the raw text beside them so a reader can
still go from the screen to the rule file.

Anything it cannot read (a fact without words, an operator it does not know) is shown with
the fact's name in plain words rather than hidden, so a new fact of the rule tables fits
without a code change; a test asks for the words of every fact.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from netlogic.clinical.facts import derive_facts
from netlogic.clinical.pathway import marker_facts
from netlogic.clinical.results import Evaluation, OptionResult
from netlogic.clinical.rules import ruleset
from netlogic.model.case import Case
from netlogic.model.vocabulary import OFFERED, Status
from netlogic.reference.i18n import Translator, catalogue, fmt_number
from netlogic.trends.recist import recist_rows

_ATOM = re.compile(
    r"^(?P<fact>[a-z][a-z0-9_]*) "
    r"(?P<op>eq|ne|in|not_in|lt|le|gt|ge|contains|lacks|contains_any|contains_none) "
    r"(?P<value>.*)$"
)
_LIST_OPS = frozenset({"in", "not_in", "contains_any", "contains_none"})
# Where the words of a fact's values live when the fact does not have its own
# ``explain.value.<fact>.<value>`` keys: the case form's words for the same enumeration.
_VALUE_WORDS = {
    "site": "site.{}",
    "sstr": "value.imaging_status.{}",
    "fdg": "value.imaging_status.{}",
    "mgmt": "value.mgmt.{}",
    "burden": "value.burden.{}",
    "progression": "value.progression.{}",
    "progression_entered": "value.progression.{}",
    "stage": "value.stage.{}",
    "nodal": "value.nodal_status.{}",
    "nec_cell_type": "value.nec_cell_type.{}",
    "syndrome_type": "value.functional_syndrome.{}",
    "hereditary_syndrome": "value.hereditary_syndrome.{}",
    "differentiation": "value.differentiation.{}",
    "resectable": "value.{}",
    "metastatic_sites": "value.metastatic_site.{}",
    "recist_latest": "value.response.{}",
    "comorbidities": "value.comorbidity.{}",
}
# Facts whose values are therapy ids (lines received, failed, ongoing...).
_THERAPY_FACTS = frozenset(
    {"received", "ongoing", "failed", "intolerant", "working_line", "therapy", "offered"}
)


def _known(t: Translator, key: str) -> bool:
    return key in catalogue(t.lang) or key in catalogue("en")


def fact_words(fact: str, t: Translator) -> str:
    """'ki67' -> 'Ki-67'; a fact without words reads as its name ('gastric type')."""
    key = f"fact.{fact}"
    return t(key) if _known(t, key) else fact.replace("_", " ")


def value_words(fact: str, value: Any, t: Translator) -> str:
    """One value of a fact in words: 'positive', 'somatostatin analogue', '10%', 'yes'."""
    if value is None or value == "None":
        return t("value.unknown")
    if isinstance(value, bool) or value in ("True", "False"):
        return t("value.yes") if value in (True, "True") else t("value.no")
    if isinstance(value, (set, frozenset, list, tuple)):
        items = sorted(value, key=str)
        return ", ".join(value_words(fact, v, t) for v in items) or t("explain.none")
    if isinstance(value, (int, float)):
        return _number(fact, value, t)
    text = str(getattr(value, "value", value))
    if re.fullmatch(r"-?\d+(\.\d+)?", text) and fact not in ("gastric_type", "grade"):
        return _number(fact, float(text), t)
    own = f"explain.value.{fact}.{text}"
    if _known(t, own):
        return t(own)
    if fact in _THERAPY_FACTS:
        # Lower-case names read better inside a sentence ("lines that failed include PRRT").
        for key in (f"whatif.therapy.{text}", f"therapy.{text}"):
            if _known(t, key):
                return t(key)
    if fact in _VALUE_WORDS and _known(t, _VALUE_WORDS[fact].format(text)):
        return t(_VALUE_WORDS[fact].format(text))
    return text.replace("_", " ")


def _number(fact: str, value: float, t: Translator) -> str:
    shown = fmt_number(value)
    unit = f"explain.unit.{fact}"
    return t(unit, value=shown) if _known(t, unit) else t("explain.number", value=shown)


def _split_top(text: str, separator: str) -> list[str]:
    """Split at ``separator`` outside brackets and parentheses."""
    parts, depth, start, i = [], 0, 0, 0
    while i < len(text):
        char = text[i]
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif depth == 0 and text.startswith(separator, i):
            parts.append(text[start:i])
            i += len(separator)
            start = i
            continue
        i += 1
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


def _list_values(text: str) -> list[str]:
    inner = text.strip()
    if inner.startswith("[") and inner.endswith("]"):
        inner = inner[1:-1]
    return [v.strip() for v in inner.split(",") if v.strip()]


def condition_words(raw: str, t: Translator, facts: Mapping[str, Any] | None = None) -> str:
    """One unmet part of a condition in words, with the case's value when it is known:
    'ki67 le 10' -> 'Ki-67 at most 10% (this case: 25%)'."""
    text = raw.strip()
    for combinator, key in (
        ("any(", "explain.any"),
        ("all(", "explain.all"),
        ("not(", "explain.not"),
    ):
        if text.startswith(combinator) and text.endswith(")"):
            inner = text[len(combinator) : -1]
            if combinator == "not(":
                return t(key, condition=condition_words(inner, t))
            separator = " | " if combinator == "any(" else " & "
            alternatives = [_conjunction(part, t) for part in _split_top(inner, separator)]
            joiner = t("explain.or") if combinator == "any(" else t("explain.and")
            return t(key, conditions=joiner.join(alternatives))
    if " & " in text:
        return _conjunction(text, t)
    match = _ATOM.match(text)
    if match is None:
        return text.replace("_", " ")
    fact, op, value = match["fact"], match["op"], match["value"]
    if op in _LIST_OPS:
        words = t("explain.list_or").join(value_words(fact, v, t) for v in _list_values(value))
    else:
        words = value_words(fact, value, t)
    sentence = t(f"explain.op.{op}", fact=fact_words(fact, t), value=words)
    if facts is not None and fact in facts:
        sentence += t("explain.this_case", value=value_words(fact, facts[fact], t))
    return sentence


def _conjunction(text: str, t: Translator) -> str:
    parts = [condition_words(p, t) for p in _split_top(text, " & ")]
    return parts[0] if len(parts) == 1 else "(" + t("explain.and").join(parts) + ")"


@dataclass(frozen=True)
class UnmetCondition:
    words: str
    raw: str


@dataclass(frozen=True)
class MissedRule:
    """A rule that would have offered the therapy, and what it needed that this case lacks."""

    rule: str
    status: Status
    unmet: tuple[UnmetCondition, ...]


@dataclass(frozen=True)
class WhyNot:
    deciding_rule: str
    status: Status
    missed: tuple[MissedRule, ...]


def why_not(
    option: OptionResult,
    t: Translator,
    facts: Mapping[str, Any] | None = None,
    not_indications: Collection[str] = (),
) -> WhyNot:
    """For an option not offered: the rule that decided, and each rule tried before it that
    would have offered it (recommended or option), with its unmet conditions in words.

    ``not_indications`` names rules of the trace that never offer anything on their own
    (caps, which only lower a status): they are left out.
    """
    missed = tuple(
        MissedRule(
            rule=trial.rule,
            status=trial.status,
            unmet=tuple(UnmetCondition(condition_words(u, t, facts), u) for u in trial.unmet),
        )
        for trial in option.trace
        if trial.status in OFFERED and not trial.fired and trial.rule not in not_indications
    )
    return WhyNot(deciding_rule=option.rule, status=option.status, missed=missed)


def case_facts(case: Case, evaluation: Evaluation) -> dict[str, Any]:
    """The facts the rules read for this case, to say "this case: ..." beside a condition."""
    facts = derive_facts(
        case, evaluation.grade, evaluation.progression, recist_rows(case), marker_facts(case)
    )
    return facts.as_dict()


def cap_rule_ids() -> frozenset[str]:
    """Rules that only lower a status (caps): never "a rule that would have offered it"."""
    rules = ruleset()
    caps = [*rules.common_caps, *(c for table in rules.therapies for c in table.caps)]
    return frozenset(c.id for c in caps)
