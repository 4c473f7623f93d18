"""Rule tables for the pathway tree: schema, loading, and the condition language.

A therapy file (``data/pathway/NN_<therapy>.yaml``) lists rules in order; the FIRST rule whose
``when`` holds sets the therapy's status, reasons and sources (a resident reads the file top
down, as the engine does). ``cautions`` and ``extra_reasons`` add text whenever their ``when``
holds and the therapy is offered. ``data/pathway/_common.yaml`` holds rules tried before
every therapy's own (out of scope, indeterminate grade, a failed line not offered again), and
cautions shared by several therapies. ``data/alerts.yaml`` holds the alerts.

The condition language (``when``) is a mapping from fact names (netlogic.clinical.facts.FACT_KINDS)
to a test: a scalar means equality, a list means "one of", and a mapping names operators:
``eq ne in not_in lt le gt ge contains contains_any lacks``. ``any: [..]``, ``all: [..]``
and ``not: {..}`` combine tests. ``$therapy`` stands for the therapy being evaluated. A fact
that is unknown (None) never satisfies a comparison, so a missing Ki-67 cannot qualify for a
rule that asks for Ki-67 <= 10.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from pydantic import Field, field_validator

from netlogic.clinical.facts import FACT_KINDS
from netlogic.model.vocabulary import Status, Therapy
from netlogic.reference.loading import (
    DATA_DIR,
    ProblemCollector,
    Review,
    StrictModel,
    check_sources,
    read_yaml,
    validate_items,
)

PATHWAY_DIR = DATA_DIR / "pathway"
ALERTS_FILE = DATA_DIR / "alerts.yaml"
OPERATORS = frozenset(
    {"eq", "ne", "in", "not_in", "lt", "le", "gt", "ge", "contains", "contains_any", "lacks"}
)
COMBINATORS = frozenset({"any", "all", "not"})


class Text(StrictModel):
    en: str
    fr: str

    def get(self, lang: str) -> str:
        return self.fr if lang == "fr" else self.en


class Rule(StrictModel):
    id: str = Field(pattern=r"^[A-Z0-9][A-Z0-9-]*$")
    when: dict[str, Any] = Field(default_factory=dict)
    status: Status
    reasons: list[Text] = Field(min_length=1)
    sources: list[str] = Field(min_length=1)
    # Common rules: which therapies they apply to (default all) and which they skip.
    therapies: list[Therapy] | None = None
    except_therapies: list[Therapy] = Field(default_factory=list)

    def applies_to(self, therapy: Therapy) -> bool:
        if therapy in self.except_therapies:
            return False
        return self.therapies is None or therapy in self.therapies


class Addendum(StrictModel):
    """A caution or an extra reason, added when it holds and the therapy is offered."""

    id: str = Field(pattern=r"^[A-Z0-9][A-Z0-9-]*$")
    when: dict[str, Any] = Field(default_factory=dict)
    text: Text
    sources: list[str] = Field(min_length=1)
    therapies: list[Therapy] | None = None

    def applies_to(self, therapy: Therapy) -> bool:
        return self.therapies is None or therapy in self.therapies


class TherapyRules(StrictModel):
    therapy: Therapy
    label: Text
    review: Review
    rules: tuple[Rule, ...]
    cautions: tuple[Addendum, ...] = ()
    extra_reasons: tuple[Addendum, ...] = ()
    source_file: str = ""


class AlertRule(StrictModel):
    code: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    level: int = Field(ge=1, le=3)
    when: dict[str, Any] = Field(default_factory=dict)
    message: Text
    sources: list[str] = Field(min_length=1)

    @field_validator("when")
    @classmethod
    def _mapping(cls, value: dict[str, Any]) -> dict[str, Any]:
        return value


class Ruleset(StrictModel):
    version: str
    common_rules: tuple[Rule, ...]
    common_cautions: tuple[Addendum, ...]
    therapies: tuple[TherapyRules, ...]
    alerts: tuple[AlertRule, ...]

    def for_therapy(self, therapy: Therapy) -> TherapyRules:
        return next(t for t in self.therapies if t.therapy is therapy)


# --- the condition language ------------------------------------------------------------


def condition_problems(when: Any, where: str = "when") -> list[str]:
    """Everything wrong with one condition, in words (unknown facts, operators, shapes)."""
    if not isinstance(when, dict):
        return [f"{where} must be a mapping"]
    problems: list[str] = []
    for key, spec in when.items():
        if key in ("any", "all"):
            if not isinstance(spec, list) or not spec:
                problems.append(f"{where}.{key} must be a non-empty list of conditions")
                continue
            for i, sub in enumerate(spec):
                problems += condition_problems(sub, f"{where}.{key}[{i}]")
        elif key == "not":
            problems += condition_problems(spec, f"{where}.not")
        elif key not in FACT_KINDS:
            problems.append(f"{where} names an unknown fact {key!r}")
        elif isinstance(spec, dict):
            for op in spec:
                if op not in OPERATORS:
                    problems.append(f"{where}.{key} uses an unknown operator {op!r}")
    return problems


def _resolve(value: Any, therapy: str) -> Any:
    if value == "$therapy":
        return therapy
    if isinstance(value, list):
        return [_resolve(v, therapy) for v in value]
    return value


def _test(fact: Any, op: str, value: Any) -> bool:
    if op == "eq":
        return bool(fact == value)
    if op == "ne":
        return bool(fact != value)
    if op == "in":
        return fact in value
    if op == "not_in":
        return fact not in value
    if op in ("contains", "lacks"):
        present = fact is not None and value in fact
        return present if op == "contains" else not present
    if op == "contains_any":
        return fact is not None and any(v in fact for v in value)
    if fact is None:  # an unknown number never satisfies a comparison
        return False
    if op == "lt":
        return bool(fact < value)
    if op == "le":
        return bool(fact <= value)
    if op == "gt":
        return bool(fact > value)
    return bool(fact >= value)  # ge


def unmet(when: dict[str, Any], facts: dict[str, Any], therapy: str = "") -> list[str]:
    """The parts of a condition that do not hold (empty list: the condition holds).

    Each part is returned as ``fact op value`` (for example ``ki67 le 10``) so the trace can
    say in words why a rule did not fire.
    """
    missing: list[str] = []
    for key, spec in when.items():
        if key == "any":
            if all(unmet(sub, facts, therapy) for sub in spec):
                missing.append("any(" + " | ".join(_describe_all(sub) for sub in spec) + ")")
        elif key == "all":
            for sub in spec:
                missing += unmet(sub, facts, therapy)
        elif key == "not":
            if not unmet(spec, facts, therapy):
                missing.append("not(" + _describe_all(spec) + ")")
        else:
            fact = facts.get(key)
            if isinstance(spec, dict):
                for op, value in spec.items():
                    if not _test(fact, op, _resolve(value, therapy)):
                        missing.append(f"{key} {op} {_resolve(value, therapy)}")
            elif isinstance(spec, list):
                if fact not in spec:
                    missing.append(f"{key} in {spec}")
            elif fact != spec:
                missing.append(f"{key} eq {spec}")
    return missing


def holds(when: dict[str, Any], facts: dict[str, Any], therapy: str = "") -> bool:
    return not unmet(when, facts, therapy)


def _describe_all(when: dict[str, Any]) -> str:
    parts = []
    for key, spec in when.items():
        if isinstance(spec, dict) and key not in ("any", "all", "not"):
            parts += [f"{key} {op} {value}" for op, value in spec.items()]
        else:
            parts.append(f"{key} {spec}")
    return " & ".join(parts)


# --- loading ------------------------------------------------------------------------------


def _check_rule_set(
    path: Path, items: list[Rule] | list[Addendum], problems: ProblemCollector
) -> None:
    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            problems.add(path, item.id, "duplicate rule id in this file")
        seen.add(item.id)
        for text in condition_problems(item.when):
            problems.add(path, item.id, text)
        check_sources(path, item.id, item.sources, problems)


def load_ruleset(directory: Path = PATHWAY_DIR, alerts_file: Path = ALERTS_FILE) -> Ruleset:
    """Load and check every rule file; raise RuleFileError listing every problem found."""
    problems = ProblemCollector()
    common_path = directory / "_common.yaml"
    common = read_yaml(common_path, problems) or {}
    common_rules = validate_items(common_path, common.get("rules"), Rule, problems)
    common_cautions = validate_items(common_path, common.get("cautions"), Addendum, problems)
    _check_rule_set(common_path, common_rules, problems)
    _check_rule_set(common_path, common_cautions, problems)
    version = str(common.get("version", "unversioned"))

    therapies: list[TherapyRules] = []
    for path in sorted(directory.glob("[0-9]*.yaml")):
        raw = read_yaml(path, problems)
        if not isinstance(raw, dict):
            problems.add(path, "-", "expected a mapping with therapy, label, review, rules")
            continue
        rules = validate_items(path, raw.get("rules"), Rule, problems)
        cautions = validate_items(path, raw.get("cautions", []), Addendum, problems)
        extra = validate_items(path, raw.get("extra_reasons", []), Addendum, problems)
        for group in (rules, cautions, extra):
            _check_rule_set(path, group, problems)
        if rules and rules[-1].when:
            problems.add(path, rules[-1].id, "the last rule must be a default with no 'when'")
        try:
            therapies.append(
                TherapyRules.model_validate(
                    {
                        "therapy": raw.get("therapy"),
                        "label": raw.get("label"),
                        "review": raw.get("review"),
                        "rules": rules,
                        "cautions": cautions,
                        "extra_reasons": extra,
                        "source_file": path.name,
                    }
                )
            )
        except ValueError as exc:
            problems.add(path, "-", str(exc).splitlines()[0])
    covered = [t.therapy for t in therapies]
    for therapy in Therapy:
        if covered.count(therapy) != 1:
            problems.add(
                directory,
                therapy.value,
                f"needs exactly one rule file, has {covered.count(therapy)}",
            )

    alerts_raw = read_yaml(alerts_file, problems) or {}
    alerts = validate_items(
        alerts_file,
        alerts_raw.get("alerts"),
        AlertRule,
        problems,
        id_of=lambda a, i: str(a.get("code", i)) if isinstance(a, dict) else str(i),
    )
    for alert in alerts:
        for text in condition_problems(alert.when):
            problems.add(alerts_file, alert.code, text)
        check_sources(alerts_file, alert.code, alert.sources, problems)
    problems.raise_if_any()
    order = {t: i for i, t in enumerate(Therapy)}
    return Ruleset(
        version=version,
        common_rules=tuple(common_rules),
        common_cautions=tuple(common_cautions),
        therapies=tuple(sorted(therapies, key=lambda t: order[t.therapy])),
        alerts=tuple(alerts),
    )


@cache
def ruleset() -> Ruleset:
    """The production rule tables, read once per process (static reference data)."""
    return load_ruleset()
