"""The condition language shared by pathway rules, cautions and alerts (``when``).

A condition is a mapping from fact names (:class:`netlogic.clinical.facts.Facts`, or for a
sequencing step :class:`netlogic.clinical.facts.StepFacts`) to a test:
a scalar means equality, a list means "one of", and a mapping names operators. ``any: [..]``,
``all: [..]`` and ``not: {..}`` combine tests. Two kinds of names stand for values:
``$therapy`` is the therapy being evaluated, and ``$name`` any clinical limit of
``data/thresholds.yaml`` (``ki67: {le: $ssa_ki67_first_line_max}``).

Operators by kind of fact:

========  ==========================================================
enum      ``eq ne in not_in`` (values exactly as the fact spells them)
bool      ``eq ne in not_in`` (true, false or null, never "yes")
number    ``eq ne lt le gt ge`` (a number or a ``$limit``)
set       ``contains lacks contains_any contains_none``
========  ==========================================================

:func:`condition_problems` checks a condition against the fact types at load, so
``sstr: negatve``, ``grade: g3``, ``syndrome: "yes"`` or ``ki67: {le: "10"}`` never reach an
evaluation. At evaluation, a fact that is unknown (None) never satisfies a comparison, so a
missing Ki-67 cannot qualify for a rule that asks for Ki-67 <= 10.

Example::

    >>> holds({"sstr": "positive", "ki67": {"le": 10}}, {"sstr": "positive", "ki67": 8.5})
    True
"""

from __future__ import annotations

from typing import Any

from netlogic.clinical.facts import FACT_SPECS, FactSpec
from netlogic.reference.limits import Limits, limits
from netlogic.reference.loading import register_rule_cache

THERAPY_PLACEHOLDER = "$therapy"
COMBINATORS = frozenset({"any", "all", "not"})
OPERATORS: dict[str, frozenset[str]] = {
    "enum": frozenset({"eq", "ne", "in", "not_in"}),
    "bool": frozenset({"eq", "ne", "in", "not_in"}),
    "number": frozenset({"eq", "ne", "lt", "le", "gt", "ge"}),
    "set": frozenset({"contains", "lacks", "contains_any", "contains_none"}),
}
_LIST_OPERATORS = frozenset({"in", "not_in", "contains_any", "contains_none"})


# --- checking at load --------------------------------------------------------------------


def condition_problems(
    when: Any,
    where: str = "when",
    known_limits: Limits | None = None,
    specs: dict[str, FactSpec] = FACT_SPECS,
) -> list[str]:
    """Everything wrong with one condition, in words: unknown facts and operators, values of
    the wrong type or spelling, unknown limits. ``specs`` are the facts it may test (a
    pathway rule's, or a sequencing step's)."""
    if not isinstance(when, dict):
        return [f"{where} must be a mapping of facts to tests"]
    known = known_limits if known_limits is not None else limits()
    problems: list[str] = []
    for key, spec in when.items():
        if key in ("any", "all"):
            if not isinstance(spec, list) or not spec:
                problems.append(f"{where}.{key} must be a non-empty list of conditions")
                continue
            for i, sub in enumerate(spec):
                problems += condition_problems(sub, f"{where}.{key}[{i}]", known, specs)
        elif key == "not":
            problems += condition_problems(spec, f"{where}.not", known, specs)
        elif key not in specs:
            problems.append(f"{where} names an unknown fact {key!r}")
        else:
            problems += _test_problems(specs[key], spec, f"{where}.{key}", known)
    return problems


def _test_problems(fact: FactSpec, spec: Any, where: str, known: Limits) -> list[str]:
    if isinstance(spec, dict):
        tests = list(spec.items())
    elif isinstance(spec, list):
        tests = [("in" if fact.kind != "set" else "contains_any", spec)]
    else:
        tests = [("eq" if fact.kind != "set" else "contains", spec)]
    problems: list[str] = []
    for op, value in tests:
        if op not in OPERATORS[fact.kind]:
            allowed = ", ".join(sorted(OPERATORS[fact.kind]))
            problems.append(
                f"{where} uses {op!r}, which a {fact.kind} fact does not take (use {allowed})"
            )
            continue
        if op in _LIST_OPERATORS:
            if not isinstance(value, list) or not value:
                problems.append(f"{where}.{op} needs a non-empty list")
                continue
            problems += [p for v in value for p in _value_problems(fact, v, where, known)]
        else:
            problems += _value_problems(fact, value, where, known)
    return problems


def _value_problems(fact: FactSpec, value: Any, where: str, known: Limits) -> list[str]:
    if value == THERAPY_PLACEHOLDER:
        return [] if fact.takes_therapy else [f"{where}: $therapy is not a value of this fact"]
    if isinstance(value, str) and value.startswith("$"):
        if fact.kind != "number":
            return [f"{where}: a limit ({value}) can only be compared with a number"]
        return [] if value[1:] in known else [f"{where} names an unknown limit {value!r}"]
    if value is None:
        return [] if fact.nullable else [f"{where}: this fact is never unknown (null)"]
    if fact.kind == "bool":
        return (
            [] if isinstance(value, bool) else [f"{where}: expected true or false, got {value!r}"]
        )
    if fact.kind == "number":
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        return [] if ok else [f"{where}: expected a number or a $limit, got {value!r}"]
    allowed = fact.values if fact.kind == "enum" else fact.members
    if allowed is not None and not any(value == a and type(value) is type(a) for a in allowed):
        shown = ", ".join(repr(a) for a in sorted(allowed, key=str))
        return [f"{where}: {value!r} is not one of {shown}"]
    return []


# --- evaluation --------------------------------------------------------------------------


def _resolve(value: Any, therapy: str) -> Any:
    if isinstance(value, str) and value.startswith("$"):
        if value == THERAPY_PLACEHOLDER:
            return therapy
        return limits().value(value[1:])
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
    if op == "contains_none":
        return fact is None or not any(v in fact for v in value)
    if fact is None:  # an unknown number never satisfies a comparison
        return False
    if op == "lt":
        return bool(fact < value)
    if op == "le":
        return bool(fact <= value)
    if op == "gt":
        return bool(fact > value)
    return bool(fact >= value)  # ge


def _shorthand(spec: Any, kind: str) -> dict[str, Any]:
    if isinstance(spec, dict):
        return spec
    if isinstance(spec, list):
        return {"in" if kind != "set" else "contains_any": spec}
    return {"eq" if kind != "set" else "contains": spec}


class _CompiledConditions:
    """Conditions compiled once per rule and therapy: shorthands expanded, limits resolved,
    every part's words written in advance. Rule tables are static, so an evaluation only
    compares values; cleared with the other rule caches when the tables are read again."""

    def __init__(self) -> None:
        self.entries: dict[tuple[int, str, int], tuple[dict[str, Any], list[Any]]] = {}

    def cache_clear(self) -> None:
        self.entries.clear()

    def get(self, when: dict[str, Any], therapy: str, specs: dict[str, FactSpec]) -> list[Any]:
        key = (id(when), therapy, id(specs))
        found = self.entries.get(key)
        if found is not None and found[0] is when:
            return found[1]
        compiled = _compile(when, therapy, specs)
        self.entries[key] = (when, compiled)
        return compiled


_TEST, _ANY, _NOT = 0, 1, 2
_COMPILED = _CompiledConditions()
register_rule_cache(_COMPILED)


def _compile(when: dict[str, Any], therapy: str, specs: dict[str, FactSpec]) -> list[Any]:
    items: list[Any] = []
    for key, spec in when.items():
        if key == "any":
            parts = " | ".join(describe(sub, therapy, specs) for sub in spec)
            items.append((_ANY, [_compile(sub, therapy, specs) for sub in spec], f"any({parts})"))
        elif key == "all":
            for sub in spec:
                items += _compile(sub, therapy, specs)
        elif key == "not":
            text = "not(" + describe(spec, therapy, specs) + ")"
            items.append((_NOT, _compile(spec, therapy, specs), text))
        else:
            for op, value in _shorthand(spec, specs[key].kind).items():
                resolved = _resolve(value, therapy)
                items.append((_TEST, key, op, resolved, f"{key} {op} {_shown(resolved)}"))
    return items


def _unmet(items: list[Any], facts: dict[str, Any]) -> list[str]:
    missing: list[str] = []
    for item in items:
        if item[0] == _TEST:
            if not _test(facts.get(item[1]), item[2], item[3]):
                missing.append(item[4])
        elif item[0] == _ANY:
            if all(_unmet(sub, facts) for sub in item[1]):
                missing.append(item[2])
        elif not _unmet(item[1], facts):
            missing.append(item[2])
    return missing


def unmet(
    when: dict[str, Any],
    facts: dict[str, Any],
    therapy: str = "",
    specs: dict[str, FactSpec] = FACT_SPECS,
) -> list[str]:
    """The parts of a condition that do not hold (empty list: the condition holds).

    Each part is returned as ``fact op value`` (for example ``ki67 le 10``) so the trace can
    say why a rule did not fire.
    """
    return _unmet(_COMPILED.get(when, therapy, specs), facts)


def holds(
    when: dict[str, Any],
    facts: dict[str, Any],
    therapy: str = "",
    specs: dict[str, FactSpec] = FACT_SPECS,
) -> bool:
    return not unmet(when, facts, therapy, specs)


def describe(
    when: dict[str, Any], therapy: str = "", specs: dict[str, FactSpec] = FACT_SPECS
) -> str:
    """A condition in one line (``ki67 le 10 & sstr eq positive``), limits resolved."""
    parts = []
    for key, spec in when.items():
        if key in ("any", "all"):
            joiner = " | " if key == "any" else " & "
            parts.append(f"{key}(" + joiner.join(describe(s, therapy, specs) for s in spec) + ")")
        elif key == "not":
            parts.append("not(" + describe(spec, therapy, specs) + ")")
        else:
            for op, value in _shorthand(spec, specs[key].kind).items():
                parts.append(f"{key} {op} {_shown(_resolve(value, therapy))}")
    return " & ".join(parts)


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_shown(v) for v in value) + "]"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def limits_named(when: Any) -> set[str]:
    """Every ``$limit`` a condition names (for ``rules show`` and the 55%-cut test)."""
    found: set[str] = set()
    if isinstance(when, dict):
        for value in when.values():
            found |= limits_named(value)
    elif isinstance(when, list):
        for value in when:
            found |= limits_named(value)
    elif isinstance(when, str) and when.startswith("$") and when != THERAPY_PLACEHOLDER:
        found.add(when[1:])
    return found
