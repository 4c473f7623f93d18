"""The pathway engine: every therapy node with status, reasons, sources and cautions.

Knowledge base sections 2-5, encoded in ``data/pathway/*.yaml`` and ``data/alerts.yaml`` (see
:mod:`netlogic.clinical.rules` for the rule language). For each therapy, in tree order, the
common rules and then the therapy's own rules are tried top down; the first that holds decides.
The trace keeps every rule tried with what was unmet, so the app can say why an option is not
offered ("PRRT not offered: SSTR imaging negative").

Nothing is offered without a rule that says so: the last rule of every file is a default
``not_recommended`` with its own reason.
"""

from __future__ import annotations

from typing import Any

from netlogic.clinical.facts import derive_facts
from netlogic.clinical.grading import GradeResult, grading_table
from netlogic.clinical.results import Alert, OptionResult, RuleTrial
from netlogic.clinical.rules import Rule, Ruleset, TherapyRules, holds, ruleset, unmet
from netlogic.model.case import Case
from netlogic.model.units import marker_of, split_series
from netlogic.model.vocabulary import OFFERED, MarkerName, Therapy
from netlogic.reference.i18n import Translator
from netlogic.trends.progression import ProgressionResult
from netlogic.trends.summary import Trends


def marker_facts(case: Case) -> dict[str, Any]:
    """Marker facts for the alerts: 5-HIAA above its ULN, highest NT-proBNP in pg/mL."""
    u5hiaa_high = False
    ntprobnp: float | None = None
    for key, points in split_series(case.markers).items():
        marker = marker_of(key)
        if marker is MarkerName.U5HIAA:
            u5hiaa_high |= any(p.uln is not None and p.value > p.uln for p in points)
        elif marker is MarkerName.NT_PROBNP and key == MarkerName.NT_PROBNP.value:
            ntprobnp = max([p.value for p in points] + ([ntprobnp] if ntprobnp else []))
    return {"u5hiaa_above_uln": u5hiaa_high, "ntprobnp_max_pgml": ntprobnp}


def _candidate_rules(rules: Ruleset, table: TherapyRules) -> list[Rule]:
    common = [r for r in rules.common_rules if r.applies_to(table.therapy)]
    return [*common, *table.rules]


def evaluate_therapy(
    rules: Ruleset, table: TherapyRules, facts: dict[str, Any], lang: str
) -> OptionResult:
    therapy = table.therapy.value
    trace: list[RuleTrial] = []
    chosen: Rule | None = None
    for rule in _candidate_rules(rules, table):
        missing = unmet(rule.when, facts, therapy)
        trace.append(RuleTrial(rule=rule.id, status=rule.status, fired=not missing, unmet=missing))
        if not missing:
            chosen = rule
            break
    if chosen is None:  # unreachable: the loader requires a default rule last
        raise RuntimeError(f"{table.source_file}: no default rule")
    status = chosen.status
    reasons = [r.get(lang) for r in chosen.reasons]
    sources = list(chosen.sources)
    cautions: list[str] = []
    if status in OFFERED:
        for extra in table.extra_reasons:
            if holds(extra.when, facts, therapy):
                reasons.append(extra.text.get(lang))
                sources += [s for s in extra.sources if s not in sources]
        shared = [c for c in rules.common_cautions if c.applies_to(table.therapy)]
        for caution in [*table.cautions, *shared]:
            if holds(caution.when, facts, therapy):
                cautions.append(caution.text.get(lang))
                sources += [s for s in caution.sources if s not in sources]
    return OptionResult(
        therapy=table.therapy,
        status=status,
        reasons=reasons,
        sources=sources,
        cautions=cautions,
        rule=chosen.id,
        trace=trace,
    )


def _alert_params(case: Case, t: Translator) -> dict[str, str]:
    site = case.tumour.primary_site.value
    probability = grading_table()["hereditary_probability"]["by_site"].get(site)
    return {
        "site": t(f"site.{site}"),
        "probability": probability or t("engine.probability_not_quantified"),
    }


def evaluate_alerts(
    rules: Ruleset, facts: dict[str, Any], params: dict[str, str], lang: str
) -> list[Alert]:
    alerts = []
    for rule in rules.alerts:
        if holds(rule.when, facts):
            message = rule.message.get(lang).format(**params)
            alerts.append(
                Alert(code=rule.code, message=message, level=rule.level, sources=rule.sources)
            )
    return sorted(alerts, key=lambda a: a.level)


def evaluate_pathway(
    case: Case, grade: GradeResult, progression: ProgressionResult, trends: Trends, t: Translator
) -> tuple[list[OptionResult], list[Alert], str]:
    """Options for every therapy id in tree order, the alerts that apply, the rules' version."""
    rules = ruleset()
    facts = derive_facts(case, grade, progression, marker_facts(case))
    options = [evaluate_therapy(rules, rules.for_therapy(th), facts, t.lang) for th in Therapy]
    facts["offered"] = {o.therapy.value for o in options if o.status in OFFERED}
    alerts = evaluate_alerts(rules, facts, _alert_params(case, t), t.lang)
    return options, alerts, rules.version
