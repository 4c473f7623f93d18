"""Pathway page widgets: the header band, alerts by urgency, option cards and "why not".

What a clinician needs first sits in the header band, above the fold at 1024x768: the grade
(in the session's words, "TNE G2"), a discordance badge, the pace of the disease and the
options offered, recommended first. Alerts follow, grouped by urgency: level 1 open, levels
2 and 3 one collapsed line each, every message once. Each option card says which rule set its
status; for an option not offered, "why not" gives the deciding rule and what the rules that
would have offered it needed (netlogic.clinical.explain). A status or alert from a rule no
clinician has reviewed yet is marked, never hidden: one line in the band, a small badge each.

Trial figures are shown as trial results for the trial population, never as a prediction for
the patient (knowledge base section 7). Icons are Material icons (no emoji font needed).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

import streamlit as st

from netlogic.clinical.evaluation import Alert, Evaluation, OptionResult
from netlogic.clinical.explain import why_not
from netlogic.clinical.grading import GradeResult, grade_label, system_label
from netlogic.model.vocabulary import Status
from netlogic.reference.i18n import Translator, catalogue
from netlogic.reference.sources import source_list
from ui.evidence_view import sources_block
from ui.plain_text import plain

STATUS_ICON = {
    Status.RECOMMENDED: ":material/check_circle:",
    Status.OPTION: ":material/adjust:",
    Status.NOT_RECOMMENDED: ":material/radio_button_unchecked:",
    Status.CONTRAINDICATED: ":material/block:",
}
STATUS_COLOUR = {
    Status.RECOMMENDED: "green",
    Status.OPTION: "blue",
    Status.NOT_RECOMMENDED: "gray",
    Status.CONTRAINDICATED: "red",
}
ALERT_ICON = {1: ":material/error:", 2: ":material/warning:", 3: ":material/info:"}
UNREVIEWED_ICON = ":material/pending:"
_OFFER_ORDER = {Status.RECOMMENDED: 0, Status.OPTION: 1}


def status_badge(status: Status, t: Translator) -> str:
    """The status as a coloured badge with its icon and its word (never colour alone)."""
    words = t(f"status.{status.value}")
    return f":{STATUS_COLOUR[status]}-badge[{STATUS_ICON[status]} {words}]"


def unreviewed_badge(t: Translator) -> str:
    return f":gray-badge[{UNREVIEWED_ICON} {t('pathway.unreviewed.badge')}]"


def rule_badge(rule: str, t: Translator) -> str:
    return f":gray-badge[{t('pathway.card.rule', rule=rule)}]" if rule else ""


def alert_title(code: str, t: Translator) -> str:
    """An alert's title from the catalogue (``alert.<code>``); a code without one reads as
    words, never as the raw code."""
    key = f"alert.{code}"
    if key in catalogue(t.lang) or key in catalogue("en"):
        return t(key)
    return code.replace("_", " ").capitalize()


def offered_in_order(evaluation: Evaluation) -> list[OptionResult]:
    """Offered options, recommended first, then in tree order."""
    offered = [o for o in evaluation.options if o.offered]
    return sorted(offered, key=lambda o: _OFFER_ORDER[o.status])


# --- header band --------------------------------------------------------------------------


def _progression_words(evaluation: Evaluation, t: Translator) -> tuple[str, str]:
    progression = evaluation.progression
    return t(f"pathway.header.pace.{progression.value.value}"), progression.reason


def _grade_details(grade: GradeResult, t: Translator) -> None:
    colon = t("punct.colon")
    system = system_label(grade.system, t) or t("value.not_given")
    st.markdown(f"**{t('pathway.system')}{colon}** {system}")
    st.markdown(f"**{t('pathway.basis')}{colon}**")
    st.markdown("\n".join(f"- {line}" for line in grade.basis) or "-")


def header_band(case_id: str, evaluation: Evaluation, t: Translator) -> None:
    """Grade, discordance, pace and the offered options: the first screen of the page."""
    colon = t("punct.colon")
    with st.container(border=True, key="pathway_view-header"):
        st.caption(t("pathway.case_line", case_id=case_id, ruleset=evaluation.ruleset_version))
        left, right = st.columns([2, 3], gap="medium")
        with left:
            st.metric(t("pathway.grade"), grade_label(evaluation.grade.label, t))
            if evaluation.grade.discordant:
                st.badge(t("pathway.header.discordant"), icon=":material/warning:", color="orange")
            with st.popover(t("pathway.header.how_graded"), icon=":material/biotech:"):
                _grade_details(evaluation.grade, t)
        with right:
            pace, reason = _progression_words(evaluation, t)
            st.markdown(f"**{t('pathway.header.progression')}{colon}** {pace}")
            if reason:
                st.caption(plain(reason))
            offered = offered_in_order(evaluation)
            st.markdown(f"**{t('pathway.header.offered', count=len(offered))}**")
            if not offered:
                st.markdown(t("pathway.none_offered"))
            lines = [
                f"{status_badge(o.status, t)} **{t(f'therapy.{o.therapy.value}')}**"
                for o in offered
            ]
            if lines:
                st.markdown("  \n".join(lines))
        unreviewed = [o for o in evaluation.options if not o.reviewed]
        unreviewed_alerts = [a for a in evaluation.alerts if not a.reviewed]
        if unreviewed or unreviewed_alerts:
            st.caption(
                t(
                    "pathway.unreviewed.banner",
                    options=len(unreviewed),
                    total=len(evaluation.options),
                    alerts=len(unreviewed_alerts),
                ),
                help=t("pathway.unreviewed.help"),
            )


# --- alerts -------------------------------------------------------------------------------


def _unique(alerts: list[Alert]) -> list[Alert]:
    """Each message once (the same code and words from two rules are one alert)."""
    seen: set[tuple[str, str]] = set()
    out = []
    for alert in alerts:
        if (alert.code, alert.message) not in seen:
            seen.add((alert.code, alert.message))
            out.append(alert)
    return out


def _alert_text(alert: Alert, t: Translator) -> str:
    title = alert_title(alert.code, t)
    badge = f" {unreviewed_badge(t)}" if not alert.reviewed else ""
    # Engine texts may quote a typed value (the agent of the current line).
    text = f"**{title}**{t('punct.colon')} {plain(alert.message)}{badge}"
    if alert.sources:
        text += f"  \n*{t('pathway.sources_line', sources=source_list(alert.sources, t.lang))}*"
    return text


def alerts_panel(alerts: list[Alert], t: Translator) -> None:
    """Level 1 alerts open; levels 2 and 3 each collapsed into one line naming their titles."""
    unique = _unique(sorted(alerts, key=lambda a: a.level))
    for alert in (a for a in unique if a.level <= 1):
        st.error(_alert_text(alert, t), icon=ALERT_ICON[1])
    for level in (2, 3):
        group = [a for a in unique if a.level == level]
        if not group:
            continue
        titles = " · ".join(dict.fromkeys(alert_title(a.code, t) for a in group))
        label = t(f"pathway.alerts.level{level}", count=len(group), titles=titles)
        with st.expander(label, icon=ALERT_ICON[level], key=f"pathway_view.alerts{level}"):
            for alert in group:
                st.markdown(_alert_text(alert, t))


# --- option cards and why not ---------------------------------------------------------------


def card_header(option: OptionResult, t: Translator) -> None:
    badges = [status_badge(option.status, t), rule_badge(option.rule, t)]
    if not option.reviewed:
        badges.append(unreviewed_badge(t))
    st.markdown(" ".join(b for b in badges if b))


def _why_not_block(
    option: OptionResult,
    t: Translator,
    facts: Mapping[str, Any] | None,
    not_indications: Collection[str],
) -> None:
    explained = why_not(option, t, facts, not_indications)
    colon = t("punct.colon")
    st.markdown(f"**{t('pathway.why_not.title')}**")
    st.markdown(t("pathway.why_not.decided", rule=explained.deciding_rule))
    if not explained.missed:
        st.caption(t("pathway.why_not.no_offering_rule"))
        return
    st.markdown(t("pathway.why_not.would_offer"))
    for missed in explained.missed:
        status = t(f"status.{missed.status.value}")
        st.markdown(f"- `{missed.rule}` ({status}){colon}")
        for part in missed.unmet:
            st.markdown(f"    - {part.words}")
        raw = " · ".join(part.raw for part in missed.unmet)
        if raw:
            st.caption(t("pathway.why_not.raw", raw=raw))


def option_body(
    option: OptionResult,
    t: Translator,
    key: str,
    facts: Mapping[str, Any] | None = None,
    not_indications: Collection[str] = (),
) -> None:
    """What a card holds: status and rule, reasons, cautions, sources; "why not" when the
    option is not offered."""
    card_header(option, t)
    st.markdown(f"**{t('pathway.reasons')}**")
    st.markdown("\n".join(f"- {plain(r)}" for r in option.reasons) or "-")
    if option.cautions:
        st.markdown(f"**{t('pathway.cautions')}**")
        st.markdown("\n".join(f"- :orange[:material/warning:] {plain(c)}" for c in option.cautions))
    sources_block(option.sources, t, key)
    if not option.offered:
        _why_not_block(option, t, facts, not_indications)


def option_card(
    option: OptionResult,
    t: Translator,
    facts: Mapping[str, Any] | None = None,
    not_indications: Collection[str] = (),
) -> None:
    name = t(f"therapy.{option.therapy.value}")
    title = t("pathway.card", name=name, status=t(f"status.{option.status.value}"))
    with st.expander(
        title,
        expanded=option.status is Status.RECOMMENDED,
        icon=STATUS_ICON[option.status],
        key=f"pathway_view.card.{option.therapy.value}",
    ):
        option_body(option, t, f"pathway_view.card.{option.therapy.value}", facts, not_indications)


def offered_section(
    evaluation: Evaluation,
    t: Translator,
    facts: Mapping[str, Any] | None,
    not_indications: Collection[str],
) -> None:
    offered = offered_in_order(evaluation)
    st.header(t("pathway.offered", count=len(offered)))
    if not offered:
        st.info(t("pathway.none_offered"), icon=":material/info:")
    for option in offered:
        option_card(option, t, facts, not_indications)


def why_not_section(
    evaluation: Evaluation,
    t: Translator,
    facts: Mapping[str, Any] | None,
    not_indications: Collection[str],
) -> None:
    """Every option not offered, with its status, reasons and why the rules did not offer it."""
    not_offered = [o for o in evaluation.options if not o.offered]
    with st.expander(
        t("pathway.why_not", count=len(not_offered)),
        icon=":material/help:",
        key="pathway_view.why_not",
    ):
        for option in not_offered:
            with st.container(border=True):
                st.markdown(f"**{t(f'therapy.{option.therapy.value}')}**")
                option_body(
                    option,
                    t,
                    f"pathway_view.why_not.{option.therapy.value}",
                    facts,
                    not_indications,
                )


def grade_body(evaluation: Evaluation, t: Translator) -> None:
    """The root node's card: the grade and how it was set."""
    st.metric(t("pathway.grade"), grade_label(evaluation.grade.label, t))
    if evaluation.grade.discordant:
        st.badge(t("pathway.header.discordant"), icon=":material/warning:", color="orange")
    _grade_details(evaluation.grade, t)
