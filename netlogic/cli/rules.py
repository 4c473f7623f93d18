"""``python -m netlogic rules ...``: check, show and list the rule tables of ``data/``.

- ``rules check [--data DIR]``: load every rule file (pathway, alerts, thresholds, sources,
  grading, evidence, sequencing, units) and print ``{"ok": true, "ruleset_version": ...}``;
  with problems, print every one (file, line, rule id, what is wrong) on standard error and
  exit 2, never a traceback. ``--data`` checks an edited copy of the folder.
- ``rules show RULE-ID [--today D]``: the rule as written, its condition in one line, the
  limits it names with their values, its sources with titles, its review, and which demo,
  teaching and contract-example cases it decides or adds to.
- ``rules list [--therapy ID]``: every rule, cap, caution and alert with its file and status.
- ``rules facts``: the facts a condition may test (kind, allowed values) and every limit.
"""

from __future__ import annotations

import argparse
import os
from datetime import date
from pathlib import Path
from typing import Any

from netlogic.cli.main import EXIT_OK, UsageError, parse_today, print_json
from netlogic.reference.loading import (
    PACKAGED_DATA_DIR,
    RULES_DIR_ENV,
    IdRegistry,
    ProblemCollector,
    RuleFileError,
    RuleProblem,
    reload_rules,
    rules_dir,
)

EXAMPLES_DIR = PACKAGED_DATA_DIR.parent.parent / "shared" / "contract" / "examples"


def check_rule_tables(data_dir: Path | None = None) -> list[RuleProblem]:
    """Every problem of every rule file of ``data_dir`` (default: the rules folder), at once."""
    from netlogic.clinical.evidence import load_evidence
    from netlogic.clinical.grading import load_grading_table
    from netlogic.clinical.rules import load_ruleset
    from netlogic.model.units import load_unit_table
    from netlogic.whatif.sequencing import load_sequencing_rules

    folder = data_dir or rules_dir()
    problems = ProblemCollector()
    ids = IdRegistry()
    load_ruleset(folder, problems, ids)
    load_grading_table(folder / "grading.yaml", problems)
    loaders: list[tuple[Any, str]] = [
        (load_evidence, "evidence.yaml"),
        (load_sequencing_rules, "sequencing.yaml"),
        (load_unit_table, "units.yaml"),
    ]
    for loader, name in loaders:
        try:
            loaded = loader(folder / name)
        except RuleFileError as exc:
            problems.problems += exc.problems
            continue
        for rule in getattr(loaded, "rules", ()):
            ids.claim(folder / name, rule.id, problems)
    return problems.problems


def _use_data_dir(folder: str | None) -> None:
    if folder is None:
        return
    path = Path(folder)
    if not path.is_dir():
        raise UsageError(f"--data: {folder} is not a folder")
    os.environ[RULES_DIR_ENV] = str(path.resolve())
    reload_rules()


def _check(args: argparse.Namespace) -> int:
    _use_data_dir(args.data)
    found = check_rule_tables()
    if found:
        raise RuleFileError(found)
    from netlogic.clinical.rules import ruleset_version

    print_json({"ok": True, "ruleset_version": ruleset_version(), "data": str(rules_dir())})
    return EXIT_OK


def _cases_to_try(examples: Path) -> list[tuple[str, dict[str, Any]]]:
    """(label, case JSON) of every demo case, teaching case and contract example."""
    import json

    from netlogic.teaching.library import teaching_cases

    found: list[tuple[str, dict[str, Any]]] = []
    for path in sorted((PACKAGED_DATA_DIR / "demo_cases").glob("*.case.json")):
        found.append((f"data/demo_cases/{path.name}", json.loads(path.read_text("utf-8"))))
    for teaching in teaching_cases():
        found.append((f"teaching {teaching.id}", teaching.case.to_contract_json()))
    for path in sorted(examples.glob("*.case.json")):
        found.append((f"contract example {path.name}", json.loads(path.read_text("utf-8"))))
    return found


def _fired_by(rule_id: str, today: date, examples: Path) -> list[dict[str, str]]:
    from netlogic.clinical.evaluation import evaluate
    from netlogic.model.case_io import CaseValidationError, parse_case

    hits: list[dict[str, str]] = []
    for label, data in _cases_to_try(examples):
        try:
            evaluation = evaluate(parse_case(data, today), today)
        except CaseValidationError:
            continue
        for option in evaluation.options:
            if option.rule == rule_id:
                hits.append({"case": label, "therapy": option.therapy.value, "as": "status"})
            elif rule_id in option.addenda:
                hits.append({"case": label, "therapy": option.therapy.value, "as": "caution"})
        for alert in evaluation.alerts:
            if alert.rule == rule_id:
                hits.append({"case": label, "alert": alert.code, "as": "alert"})
    return hits


def _show(args: argparse.Namespace) -> int:
    from netlogic.clinical.conditions import describe, limits_named
    from netlogic.clinical.rules import ruleset
    from netlogic.reference.limits import limits
    from netlogic.reference.sources import source_registry

    _use_data_dir(args.data)
    rules = ruleset()
    found = rules.rule(args.rule_id)
    if found is None:
        raise UsageError(f"no rule, cap, caution or alert has the id {args.rule_id!r}")
    item, file = found
    review = rules.review_of(item, file)
    registry = source_registry()
    named = sorted(limits_named(item.when))
    print_json(
        {
            "id": item.id,
            "file": f"data/pathway/{file}" if file != "alerts.yaml" else "data/alerts.yaml",
            "line": item.line,
            "kind": type(item).__name__,
            "rule": item.model_dump(mode="json", exclude={"line"}, exclude_none=True),
            "condition": describe(item.when) or "always",
            "limits": [
                {"name": n, "value": limits().value(n), "unit": limits().entries[n].unit}
                for n in named
            ],
            "sources": [
                (entry.model_dump(mode="json") if (entry := registry.get(s)) else {"id": s})
                for s in item.sources
            ],
            "review": review.model_dump(mode="json"),
            "reviewed_by_a_clinician": review.reviewed,
            "fired_by": _fired_by(item.id, parse_today(args.today), Path(args.examples)),
        }
    )
    return EXIT_OK


def _list(args: argparse.Namespace) -> int:
    from netlogic.clinical.rules import ruleset
    from netlogic.model.vocabulary import Therapy

    _use_data_dir(args.data)
    rules = ruleset()
    wanted: Therapy | None = None
    if args.therapy:
        try:
            wanted = Therapy(args.therapy)
        except ValueError:
            raise UsageError(f"--therapy: unknown therapy id {args.therapy!r}") from None
    rows: list[dict[str, Any]] = []

    def add(kind: str, file: str, item: Any, therapy: str | None, status: str) -> None:
        rows.append(
            {"id": item.id, "kind": kind, "file": file, "therapy": therapy, "status": status}
        )

    for therapy in Therapy:
        if wanted is not None and therapy is not wanted:
            continue
        table = rules.for_therapy(therapy)
        for rule in rules.common_rules:
            if rule.applies_to(therapy):
                add("shared rule", "_common.yaml", rule, therapy.value, rule.status.value)
        for rule in table.rules:
            add("rule", table.source_file, rule, therapy.value, rule.status.value)
        for cap in (*(c for c in rules.common_caps if c.applies_to(therapy)), *table.caps):
            add("cap", "-", cap, therapy.value, f"at most {cap.at_most.value}")
        for caution in table.cautions:
            add("caution", table.source_file, caution, therapy.value, "-")
    if wanted is None:
        for alert in rules.alerts:
            add("alert", "alerts.yaml", alert, None, alert.code)
    print_json(rows)
    return EXIT_OK


def _facts(args: argparse.Namespace) -> int:
    from netlogic.clinical.facts import FACT_SPECS
    from netlogic.reference.limits import limits

    print_json(
        {
            "facts": {
                name: {
                    "kind": spec.kind,
                    "may_be_unknown": spec.nullable,
                    "values": sorted(map(str, spec.values or spec.members or [])) or None,
                }
                for name, spec in FACT_SPECS.items()
            },
            "limits": {
                name: {"value": entry.value, "unit": entry.unit, "about": entry.about}
                for name, entry in limits().entries.items()
            },
        }
    )
    return EXIT_OK


def register(sub: Any) -> None:
    p = sub.add_parser("rules", help="check, show and list the rule tables")
    rules_sub = p.add_subparsers(dest="rules_command", required=True, parser_class=type(p))
    data_help = "check a copy of the data folder instead of data/"

    check = rules_sub.add_parser("check", help="load every rule file; list every problem")
    check.add_argument("--data", help=data_help)
    check.set_defaults(run=_check)

    show = rules_sub.add_parser("show", help="one rule: its text, sources and the cases it fires")
    show.add_argument(
        "rule_id", help="a rule, cap, caution or alert id, e.g. PRRT-MIDGUT-AFTER-SSA"
    )
    show.add_argument("--today", help="evaluation date YYYY-MM-DD for the cases (default: today)")
    show.add_argument("--examples", default=str(EXAMPLES_DIR), help="folder of contract examples")
    show.add_argument("--data", help=data_help)
    show.set_defaults(run=_show)

    listing = rules_sub.add_parser("list", help="every rule with its file and status")
    listing.add_argument("--therapy", help="only this therapy id")
    listing.add_argument("--data", help=data_help)
    listing.set_defaults(run=_list)

    facts = rules_sub.add_parser("facts", help="the facts a rule may test and every limit")
    facts.set_defaults(run=_facts)
