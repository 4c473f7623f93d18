"""Rule tables for the pathway tree and the alerts: schema, loading, checking, version.

A therapy file (``data/pathway/NN_<therapy>.yaml``) lists rules in order; the FIRST rule whose
``when`` holds sets the therapy's status, reasons and sources (a resident reads the file top
down, as the engine does). ``cautions`` and ``extra_reasons`` add text whenever their ``when``
holds and the therapy is offered (a caution may also ask to be shown when it is not:
``also_when_not_offered``). ``data/pathway/_common.yaml`` holds rules tried before every
therapy's own (out of scope, indeterminate grade, pregnancy, a failed line not offered again)
and cautions shared by several therapies. ``data/alerts.yaml`` holds the alerts.

Conditions use the language of :mod:`netlogic.clinical.conditions`, checked against the fact
types of :mod:`netlogic.clinical.facts` at load; texts may name clinical limits (``{name}``,
data/thresholds.yaml) and case values (``{site}``, ``{current_line}``...). Every problem of
every file is gathered and raised once (:class:`~netlogic.reference.loading.RuleFileError`),
each with its file, line and rule id. A rule id is unique across ``data/``.

The ruleset version (:func:`ruleset_version`) is computed, never typed: the newest ``changed``
date of the rule files' review blocks, then a short hash of their content, so the version on
a tumour-board PDF identifies the exact rules that produced it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, PrivateAttr

from netlogic.clinical.conditions import condition_problems
from netlogic.model.vocabulary import Status, Therapy
from netlogic.reference.limits import Limits, load_limits
from netlogic.reference.loading import (
    IdRegistry,
    LocalText,
    ProblemCollector,
    Review,
    StrictModel,
    check_sources,
    line_of,
    read_yaml,
    rule_cache,
    rules_dir,
    validate_items,
    validate_review,
)
from netlogic.reference.sources import load_source_registry

Text = LocalText
RULE_ID = r"^[A-Z0-9][A-Z0-9-]*$"
_CHANGED = re.compile(r"\bchanged:\s*['\"]?(\d{4}-\d{2}-\d{2})")
# The files whose content the ruleset version identifies (relative to the data folder).
VERSIONED_FILES = (
    "pathway/*.yaml",
    "alerts.yaml",
    "thresholds.yaml",
    "grading.yaml",
    "sources.yaml",
    "units.yaml",
    "evidence.yaml",
    "sequencing.yaml",
    "i18n/engine.*.yaml",
    "i18n/grading.*.yaml",
    "i18n/progression.*.yaml",
)


class RuleItem(StrictModel):
    """What every rule-like entry has: an id, a condition, sources, where it was read, and
    optionally its own review block (else its file's)."""

    id: str = Field(pattern=RULE_ID)
    when: dict[str, Any] = Field(default_factory=dict)
    sources: list[str] = Field(min_length=1)
    review: Review | None = None
    line: int | None = Field(default=None, exclude=True)


class ScopedItem(RuleItem):
    """A shared entry names the therapies it applies to (default all) and those it skips."""

    therapies: list[Therapy] | None = None
    except_therapies: list[Therapy] = Field(default_factory=list)

    def applies_to(self, therapy: Therapy) -> bool:
        if therapy in self.except_therapies:
            return False
        return self.therapies is None or therapy in self.therapies


class Rule(ScopedItem):
    status: Status
    reasons: list[Text] = Field(min_length=1)
    # A final rule decides before the contraindications (out of scope: nothing is offered,
    # nothing is shown as contraindicated either).
    final: bool = False


class Cap(ScopedItem):
    """A ceiling on the status the rules gave: "at most an option" (ECOG 3, a re-challenge
    after toxicity) or "not recommended" (ECOG 4). It never raises a status, and never touches
    a contraindication."""

    at_most: Literal[Status.OPTION, Status.NOT_RECOMMENDED]
    reasons: list[Text] = Field(min_length=1)


class Addendum(ScopedItem):
    """A caution or an extra reason, added when it holds (and, by default, the therapy is
    offered)."""

    text: Text
    also_when_not_offered: bool = False
    # A standing note about the drug (its dose, schedule, usual toxicity), shown with every
    # offer, as opposed to a caution about this case; a caution without a condition is one too.
    note: bool = False


class TherapyRules(StrictModel):
    therapy: Therapy
    label: Text
    review: Review
    rules: tuple[Rule, ...]
    caps: tuple[Cap, ...] = ()
    cautions: tuple[Addendum, ...] = ()
    extra_reasons: tuple[Addendum, ...] = ()
    source_file: str = ""


class AlertRule(RuleItem):
    code: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    level: int = Field(ge=1, le=3)
    message: Text
    # Within one code, the first alert entry that holds is the one shown (a more specific
    # wording first, the general one last); entries of different codes are independent. A
    # silent entry that holds raises nothing for its code (a named exception to it).
    silent: bool = False


AnyRule = RuleItem


@dataclass(frozen=True)
class TherapyPlan:
    """A therapy's rules in the order the engine tries them (knowledge base 8.15), with
    whether a clinician has reviewed each: worked out once per rule set, not per case."""

    final: tuple[Rule, ...]
    contraindications: tuple[Rule, ...]
    indications: tuple[Rule, ...]
    caps: tuple[Cap, ...]
    extra_reasons: tuple[Addendum, ...]
    cautions: tuple[Addendum, ...]
    reviewed: dict[str, bool]


class Ruleset(StrictModel):
    version: str
    common_review: Review
    alerts_review: Review
    common_rules: tuple[Rule, ...]
    common_caps: tuple[Cap, ...]
    common_cautions: tuple[Addendum, ...]
    therapies: tuple[TherapyRules, ...]
    alerts: tuple[AlertRule, ...]
    limits: Limits

    _plans: dict[Therapy, TherapyPlan] = PrivateAttr(default_factory=dict)

    def for_therapy(self, therapy: Therapy) -> TherapyRules:
        return next(t for t in self.therapies if t.therapy is therapy)

    def plan(self, therapy: Therapy) -> TherapyPlan:
        """The rules the engine tries for ``therapy``, in order (cached per rule set)."""
        found = self._plans.get(therapy)
        if found is None:
            found = self._plans[therapy] = self._make_plan(therapy)
        return found

    def _make_plan(self, therapy: Therapy) -> TherapyPlan:
        table = self.for_therapy(therapy)
        shared = [r for r in self.common_rules if r.applies_to(therapy)]
        candidates = [*shared, *table.rules]
        caps = [*(c for c in self.common_caps if c.applies_to(therapy)), *table.caps]
        cautions = [*table.cautions, *(c for c in self.common_cautions if c.applies_to(therapy))]
        shared_ids = {x.id for x in (*self.common_rules, *self.common_caps, *self.common_cautions)}
        reviewed = {
            item.id: self.review_of(
                item, "_common.yaml" if item.id in shared_ids else table.source_file
            ).reviewed
            for item in [*candidates, *caps, *cautions, *table.extra_reasons]
        }
        return TherapyPlan(
            final=tuple(r for r in candidates if r.final),
            contraindications=tuple(
                r for r in candidates if r.status is Status.CONTRAINDICATED and not r.final
            ),
            indications=tuple(
                r for r in candidates if r.status is not Status.CONTRAINDICATED and not r.final
            ),
            caps=tuple(caps),
            extra_reasons=table.extra_reasons,
            cautions=tuple(cautions),
            reviewed=reviewed,
        )

    def rule(self, rule_id: str) -> tuple[AnyRule, str] | None:
        """A rule, cap, caution or alert by id, with the file that holds it."""
        common: tuple[AnyRule, ...] = (
            *self.common_rules,
            *self.common_caps,
            *self.common_cautions,
        )
        for item in common:
            if item.id == rule_id:
                return item, "_common.yaml"
        for table in self.therapies:
            own: tuple[AnyRule, ...] = (
                *table.rules,
                *table.caps,
                *table.cautions,
                *table.extra_reasons,
            )
            for item in own:
                if item.id == rule_id:
                    return item, table.source_file
        for alert in self.alerts:
            if alert.id == rule_id:
                return alert, "alerts.yaml"
        return None

    def review_of(self, item: AnyRule, file: str) -> Review:
        if item.review is not None:
            return item.review
        if file == "alerts.yaml":
            return self.alerts_review
        if file == "_common.yaml":
            return self.common_review
        return next(t.review for t in self.therapies if t.source_file == file)


# --- loading ------------------------------------------------------------------------------


def _with_line(items: Any) -> Any:
    """Copy each rule mapping's YAML line into the item, so a model knows where it was read."""
    if not isinstance(items, list):
        return items
    return [{**item, "line": line_of(item)} if isinstance(item, dict) else item for item in items]


def _check_items(
    path: Path,
    items: Sequence[AnyRule],
    problems: ProblemCollector,
    ids: IdRegistry,
    known: Limits,
) -> None:
    for item in items:
        ids.claim(path, item.id, problems, item.line)
        for text in condition_problems(item.when, known_limits=known):
            problems.add(path, item.id, text, item.line)
        check_sources(path, item.id, item.sources, problems, item.line)


def load_ruleset(
    data_dir: Path | None = None,
    problems: ProblemCollector | None = None,
    ids: IdRegistry | None = None,
) -> Ruleset:
    """Load and check the pathway and alert files of ``data_dir`` (default: the rules folder).

    Raises RuleFileError listing every problem found, or adds them to ``problems`` when a
    caller (``rules check``) gathers the problems of every file of ``data/`` at once.
    """
    own = problems is None
    collector = problems if problems is not None else ProblemCollector()
    ids = ids if ids is not None else IdRegistry()
    data_dir = data_dir or rules_dir()
    directory = data_dir / "pathway"
    load_source_registry(data_dir / "sources.yaml", collector)
    known = load_limits(data_dir / "thresholds.yaml", collector)

    common_path = directory / "_common.yaml"
    common = read_yaml(common_path, collector) or {}
    common_review = validate_review(common_path, common, collector)
    common_rules = validate_items(common_path, _with_line(common.get("rules")), Rule, collector)
    common_caps = validate_items(common_path, _with_line(common.get("caps", [])), Cap, collector)
    common_cautions = validate_items(
        common_path, _with_line(common.get("cautions", [])), Addendum, collector
    )
    for common_group in (common_rules, common_caps, common_cautions):
        _check_items(common_path, common_group, collector, ids, known)

    therapies: list[TherapyRules] = []
    for path in sorted(directory.glob("[0-9]*.yaml")):
        raw = read_yaml(path, collector)
        if not isinstance(raw, dict):
            collector.add(path, "-", "expected a mapping with therapy, label, review, rules")
            continue
        review = validate_review(path, raw, collector)
        rules = validate_items(path, _with_line(raw.get("rules")), Rule, collector)
        caps = validate_items(path, _with_line(raw.get("caps", [])), Cap, collector)
        cautions = validate_items(path, _with_line(raw.get("cautions", [])), Addendum, collector)
        extra = validate_items(path, _with_line(raw.get("extra_reasons", [])), Addendum, collector)
        for group in (rules, caps, cautions, extra):
            _check_items(path, group, collector, ids, known)
        if rules and rules[-1].when:
            collector.add(
                path, rules[-1].id, "the last rule must be a default with no 'when'", rules[-1].line
            )
        try:
            therapy = Therapy(str(raw.get("therapy")))
        except ValueError:
            collector.add(path, "therapy", f"unknown therapy id {raw.get('therapy')!r}")
            continue
        label = validate_items(path, [raw.get("label")], Text, collector, lambda *_: "label")
        if review is None or not label:
            continue
        therapies.append(
            TherapyRules(
                therapy=therapy,
                label=label[0],
                review=review,
                rules=tuple(rules),
                caps=tuple(caps),
                cautions=tuple(cautions),
                extra_reasons=tuple(extra),
                source_file=path.name,
            )
        )
    covered = [t.therapy for t in therapies]
    for therapy in Therapy:
        if covered.count(therapy) != 1:
            collector.add(
                directory,
                therapy.value,
                f"needs exactly one rule file, has {covered.count(therapy)}",
            )

    alerts_path = data_dir / "alerts.yaml"
    alerts_raw = read_yaml(alerts_path, collector) or {}
    alerts_review = validate_review(alerts_path, alerts_raw, collector)
    alerts = validate_items(alerts_path, _with_line(alerts_raw.get("alerts")), AlertRule, collector)
    _check_items(alerts_path, alerts, collector, ids, known)
    if own:
        collector.raise_if_any()
    if common_review is None or alerts_review is None:  # only reached with a caller's collector
        return _empty_ruleset(known)
    order = {t: i for i, t in enumerate(Therapy)}
    return Ruleset(
        version=ruleset_version(data_dir),
        common_review=common_review,
        alerts_review=alerts_review,
        common_rules=tuple(common_rules),
        common_caps=tuple(common_caps),
        common_cautions=tuple(common_cautions),
        therapies=tuple(sorted(therapies, key=lambda t: order[t.therapy])),
        alerts=tuple(alerts),
        limits=known,
    )


def _empty_ruleset(known: Limits) -> Ruleset:
    placeholder = Review.model_validate(
        {"written_by": "-", "changed": "1970-01-01", "next_review": "1970-01-01"}
    )
    return Ruleset(
        version="invalid",
        common_review=placeholder,
        alerts_review=placeholder,
        common_rules=(),
        common_caps=(),
        common_cautions=(),
        therapies=(),
        alerts=(),
        limits=known,
    )


def versioned_files(data_dir: Path) -> list[Path]:
    return sorted({p for pattern in VERSIONED_FILES for p in data_dir.glob(pattern)})


def ruleset_version(data_dir: Path | None = None) -> str:
    """``<newest review date>-<8 hex digits of the content hash>``, e.g. ``2026.12.02-3f9a1c2e``.

    The date is the newest ``review.changed`` among the versioned files (what a reader
    recognises); the hash covers every byte of them (what identifies the rules exactly, even
    when an edit forgot to move the date).
    """
    data_dir = data_dir or rules_dir()
    digest = hashlib.sha256()
    newest = ""
    for path in versioned_files(data_dir):
        content = path.read_bytes()
        digest.update(path.relative_to(data_dir).as_posix().encode() + b"\0" + content + b"\0")
        for found in _CHANGED.findall(content.decode("utf-8", "replace")):
            newest = max(newest, found)
    return f"{newest.replace('-', '.') or 'undated'}-{digest.hexdigest()[:8]}"


@rule_cache
def ruleset() -> Ruleset:
    """The production rule tables, read once per process (static reference data)."""
    return load_ruleset()
