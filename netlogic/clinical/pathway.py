"""The pathway engine: every therapy node with status, reasons, sources and cautions.

Knowledge base sections 2-8, encoded in ``data/pathway/*.yaml`` and ``data/alerts.yaml`` (see
:mod:`netlogic.clinical.rules`). For each therapy, in tree order, in four steps (the order of
knowledge base 8.15):

1. **Final rules** (out of scope): the first that holds decides, nothing else is tried.
2. **Contraindications**: every rule whose status is ``contraindicated`` (shared or the
   therapy's own) is tried; any that holds makes the node contraindicated, even when the
   therapy would not be indicated anyway, and its reasons are all shown.
3. **Indication**: the shared rules, then the therapy's own, top down; the first that holds
   sets the status. The last rule of every file is a default, so nothing is offered without
   a rule that says so.
4. **Caps**: ceilings such as ECOG 3 ("at most an option") or a re-challenge after toxicity
   lower an offered status; the cap that lowered it becomes the node's deciding rule.

The trace keeps every rule tried with the parts of its condition that were unmet, so the app
can say why an option is not offered ("PRRT not offered: SSTR imaging negative").
"""

from __future__ import annotations

from typing import Any

from netlogic.clinical.conditions import holds, unmet
from netlogic.clinical.facts import Facts, derive_facts
from netlogic.clinical.grading import GradeResult, hereditary_probability, site_title
from netlogic.clinical.results import Alert, OptionResult, RuleTrial
from netlogic.clinical.rules import Cap, Rule, Ruleset, Text, TherapyPlan, TherapyRules, ruleset
from netlogic.model.case import Case
from netlogic.model.units import marker_of, split_series
from netlogic.model.vocabulary import OFFERED, MarkerName, Status, Therapy
from netlogic.reference.i18n import Translator, fill, fmt_number
from netlogic.trends.progression import ProgressionResult
from netlogic.trends.recist import recist_rows
from netlogic.trends.summary import Trends

_RANK = {Status.RECOMMENDED: 2, Status.OPTION: 1, Status.NOT_RECOMMENDED: 0}


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


class _Node:
    """What one therapy node accumulates while its rules are tried."""

    def __init__(self, therapy: Therapy, params: dict[str, Any], lang: str) -> None:
        self.therapy = therapy
        self.params = params
        self.lang = lang
        self.trace: list[RuleTrial] = []
        self.sources: list[str] = []
        self.reasons: list[str] = []
        self.cautions: list[str] = []
        self.addenda: list[str] = []
        self.reviewed = True

    def text(self, text: Text) -> str:
        return fill(text.get(self.lang), self.lang, **self.params)

    def cite(self, sources: list[str]) -> None:
        self.sources += [s for s in sources if s not in self.sources]

    def tried(self, rule: Rule | Cap, status: Status, missing: list[str]) -> None:
        self.trace.append(RuleTrial(rule.id, status, not missing, missing))


def evaluate_therapy(
    rules: Ruleset, table: TherapyRules, facts: dict[str, Any], lang: str, params: dict[str, Any]
) -> OptionResult:
    therapy = table.therapy
    name = therapy.value
    plan = rules.plan(therapy)
    facts = {**facts, "therapy": therapy}
    node = _Node(therapy, params, lang)

    def decide(rule: Rule) -> None:
        node.reasons += [node.text(r) for r in rule.reasons]
        node.cite(rule.sources)
        node.reviewed &= plan.reviewed[rule.id]

    # 1. final rules (out of scope)
    for rule in plan.final:
        missing = unmet(rule.when, facts, name)
        node.tried(rule, rule.status, missing)
        if not missing:
            decide(rule)
            return _result(node, rule.status, rule.id)
    # 2. contraindications: every one that holds is shown
    contraindicating = []
    for rule in plan.contraindications:
        missing = unmet(rule.when, facts, name)
        node.tried(rule, rule.status, missing)
        if not missing:
            contraindicating.append(rule)
            decide(rule)
    if contraindicating:
        _addenda(plan, facts, node, offered=False)
        return _result(node, Status.CONTRAINDICATED, contraindicating[0].id)
    # 3. indication: first match
    chosen: Rule | None = None
    for rule in plan.indications:
        missing = unmet(rule.when, facts, name)
        node.tried(rule, rule.status, missing)
        if not missing:
            chosen = rule
            break
    if chosen is None:  # unreachable: the loader requires a default rule last
        raise RuntimeError(f"{table.source_file}: no default rule")
    decide(chosen)
    status, deciding = chosen.status, chosen.id
    # 4. caps lower an offered status
    for cap in plan.caps:
        missing = unmet(cap.when, facts, name)
        node.tried(cap, cap.at_most, missing)
        if not missing and _RANK[status] > _RANK[cap.at_most]:
            status, deciding = cap.at_most, cap.id
            capped = [node.text(r) for r in cap.reasons]
            # Lowered to "not recommended", the reasons that argued for it no longer apply;
            # lowered to an option, they still explain why it is offered at all.
            node.reasons = capped if status is Status.NOT_RECOMMENDED else capped + node.reasons
            node.cite(cap.sources)
            node.reviewed &= plan.reviewed[cap.id]
    _addenda(plan, facts, node, offered=status in OFFERED)
    return _result(node, status, deciding)


def _addenda(plan: TherapyPlan, facts: dict[str, Any], node: _Node, offered: bool) -> None:
    """Extra reasons and cautions that hold (only for an offered node, unless one asks)."""
    name = node.therapy.value
    for extra in plan.extra_reasons:
        if (offered or extra.also_when_not_offered) and holds(extra.when, facts, name):
            node.reasons.append(node.text(extra.text))
            node.addenda.append(extra.id)
            node.cite(extra.sources)
    for caution in plan.cautions:
        if (offered or caution.also_when_not_offered) and holds(caution.when, facts, name):
            text = node.text(caution.text)
            if text not in node.cautions:
                node.cautions.append(text)
            node.addenda.append(caution.id)
            node.cite(caution.sources)


def _result(node: _Node, status: Status, rule_id: str) -> OptionResult:
    return OptionResult(
        therapy=node.therapy,
        status=status,
        reasons=node.reasons,
        sources=node.sources,
        cautions=node.cautions,
        rule=rule_id,
        reviewed=node.reviewed,
        trace=node.trace,
        addenda=node.addenda,
    )


def text_params(case: Case, facts: Facts, t: Translator) -> dict[str, Any]:
    """Case values that rule texts may name: ``{site}``, ``{site_adjective}``,
    ``{probability}``, ``{current_line}``, ``{ssa_agent}``, ``{ecog}``, the intervals."""
    site = case.tumour.primary_site.value
    ssa_lines = [x for x in case.treatments if x.therapy is Therapy.SSA and x.ongoing]
    syndrome = t(f"value.functional_syndrome.{case.tumour.functional_syndrome.value}")
    months = {
        "prrt_interval": facts.prrt_interval_months,
        "pe_interval": facts.pe_interval_months,
    }
    return {
        "site": t(f"site.{site}"),
        "site_title": site_title(case.tumour.primary_site, t),
        "carcinoid": t(f"engine.carcinoid.{site}") if facts.thoracic else "",
        "carcinoid_lc": t(f"engine.carcinoid_lc.{site}") if facts.thoracic else "",
        "site_adjective": t(f"site_adjective.{site}"),
        "probability": _probability(case, t),
        "current_line": t(f"whatif.therapy.{facts.working_line.value}")
        if facts.working_line
        else "",
        "ssa_agent": (ssa_lines[-1].agent or t("therapy.ssa")) if ssa_lines else "",
        "ecog": "" if case.patient.ecog is None else str(case.patient.ecog),
        "syndrome_name": syndrome,
        "syndrome_title": syndrome[:1].upper() + syndrome[1:],
        "prrt_cycles_given": _cycles_given(case),
        "hereditary_name": t(f"value.hereditary_syndrome.{case.tumour.hereditary_syndrome.value}"),
        "ssa_advice": t("engine.ssa_advice.optimise" if ssa_lines else "engine.ssa_advice.start"),
        "progression_entered": t(f"value.progression.{case.disease.progression.value}"),
        "recist_latest": facts.recist_latest.value if facts.recist_latest else "",
        **{k: fmt_number(v) if v is not None else "?" for k, v in months.items()},
    }


def _cycles_given(case: Case) -> str:
    """Cycles of the PRRT course under way, as recorded ("?" when not recorded)."""
    courses = [x for x in case.treatments if x.therapy is Therapy.PRRT and x.stop_reason is None]
    cycles = courses[-1].cycles if courses else None
    return "?" if cycles is None else str(cycles)


def _probability(case: Case, t: Translator) -> str:
    """The site's figure as the reader writes it ("25%", French "25 %", 8.13)."""
    figure = hereditary_probability(case.tumour.primary_site)
    if figure is None:
        return t("engine.probability_not_quantified")
    return figure.replace("%", " %").replace("  %", " %") if t.lang == "fr" else figure


def evaluate_alerts(
    rules: Ruleset, facts: dict[str, Any], params: dict[str, Any], lang: str
) -> list[Alert]:
    """Every alert code that applies, with the first of its entries that holds (a specific
    wording is written before the general one)."""
    alerts: list[Alert] = []
    shown: set[str] = set()
    for rule in rules.alerts:
        if rule.code in shown or not holds(rule.when, facts):
            continue
        shown.add(rule.code)
        if rule.silent:
            continue
        alerts.append(
            Alert(
                code=rule.code,
                message=fill(rule.message.get(lang), lang, **params),
                level=rule.level,
                sources=list(rule.sources),
                rule=rule.id,
                reviewed=rules.review_of(rule, "alerts.yaml").reviewed,
            )
        )
    return sorted(alerts, key=lambda a: a.level)


def evaluate_pathway(
    case: Case, grade: GradeResult, progression: ProgressionResult, trends: Trends, t: Translator
) -> tuple[list[OptionResult], list[Alert], str]:
    """Options for every therapy id in tree order, the alerts that apply, the rules' version."""
    rules = ruleset()
    facts = derive_facts(case, grade, progression, recist_rows(case), marker_facts(case))
    params = text_params(case, facts, t)
    seen = facts.as_dict()
    options = [
        evaluate_therapy(
            rules,
            rules.for_therapy(th),
            seen,
            t.lang,
            {**params, "therapy_name": t(f"whatif.therapy.{th.value}")},
        )
        for th in Therapy
    ]
    seen["offered"] = frozenset(o.therapy for o in options if o.status in OFFERED)
    alerts = evaluate_alerts(rules, seen, params, t.lang)
    return options, alerts, rules.version
