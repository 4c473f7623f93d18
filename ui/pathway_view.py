"""Pathway page widgets: alerts by urgency, grade card, option cards with sources, why-not.

Trial figures are shown as trial results for the trial population, never as a prediction
for the patient (knowledge base section 7).
"""

from __future__ import annotations

import streamlit as st

from netlogic.clinical.evaluation import Alert, OptionResult
from netlogic.clinical.evidence import Trial, evidence
from netlogic.clinical.grading import GradeResult, system_label
from netlogic.model.vocabulary import Status
from netlogic.reference.i18n import Translator, catalogue, fmt_number
from netlogic.reference.sources import source_list

_ALERT_BOX = {1: st.error, 2: st.warning, 3: st.info}
_ALERT_ICON = {1: ":material/error:", 2: ":material/warning:", 3: ":material/info:"}
_STATUS_ICON = {
    Status.RECOMMENDED: "🟢",
    Status.OPTION: "🔵",
    Status.NOT_RECOMMENDED: "⚪",
    Status.CONTRAINDICATED: "🔴",
}


def _known(t: Translator, key: str, fallback: str) -> str:
    return t(key) if key in catalogue(t.lang) or key in catalogue("en") else fallback


def alerts_panel(alerts: list[Alert], t: Translator) -> None:
    """Every alert, most urgent first (level 1 = act before anything else)."""
    for alert in sorted(alerts, key=lambda a: a.level):
        title = _known(t, f"alert.{alert.code}", alert.code.replace("_", " "))
        show = _ALERT_BOX.get(alert.level, st.info)
        cited = source_list(alert.sources, t.lang)
        sources = f"  \n*{t('pathway.sources_line', sources=cited)}*" if alert.sources else ""
        show(
            f"**{title}**{t('punct.colon')} {alert.message}{sources}",
            icon=_ALERT_ICON.get(alert.level, ":material/info:"),
        )


def grade_card(grade: GradeResult, t: Translator) -> None:
    with st.container(border=True):
        c1, c2 = st.columns([1, 3])
        c1.metric(t("pathway.grade"), grade.label)
        system = system_label(grade.system, t) or t("value.not_given")
        c2.markdown(f"**{t('pathway.system')}{t('punct.colon')}** {system}")
        c2.markdown(f"**{t('pathway.basis')}{t('punct.colon')}**")
        c2.markdown("\n".join(f"- {line}" for line in grade.basis) or "-")
        if grade.discordant:
            c2.warning(t("pathway.discordance"), icon="⚠️")


def _trial_row(trial: Trial, t: Translator) -> None:
    medians = trial.median_pfs_months
    st.markdown(f"**{trial.id}**{t('punct.colon')} {trial.population}")
    st.markdown(f"{t('pathway.arms')}: {' / '.join(trial.arms)}")
    st.markdown(
        t(
            "pathway.trial_figures",
            endpoint=trial.endpoint,
            experimental=fmt_number(medians.experimental),
            control=fmt_number(medians.control),
            hr=fmt_number(trial.hazard_ratio, 2),
        )
    )
    if trial.note:
        st.caption(trial.note)
    st.caption(t("pathway.trial_caveat"))


def sources_line(sources: list[str], t: Translator) -> None:
    """Sources as text; a trial of the evidence table opens its row (arms, PFS, HR)."""
    if not sources:
        return
    st.markdown(f"**{t('pathway.sources')}**")
    table = evidence()
    plain = [s for s in sources if table.trial(s) is None]
    trials = [trial for s in sources if (trial := table.trial(s)) is not None]
    if plain:
        st.caption(source_list(plain, t.lang))
    for column, trial in zip(st.columns(max(len(trials), 1)), trials, strict=False):
        with column.popover(f"📊 {trial.id}", width="stretch"):
            _trial_row(trial, t)


def option_card(option: OptionResult, t: Translator) -> None:
    name = t(f"therapy.{option.therapy.value}")
    status = t(f"status.{option.status.value}")
    expanded = option.status is Status.RECOMMENDED
    title = t("pathway.card", name=name, status=status)
    with st.expander(f"{_STATUS_ICON[option.status]} {title}", expanded=expanded):
        st.markdown(f"**{t('pathway.reasons')}**")
        st.markdown("\n".join(f"- {r}" for r in option.reasons) or "-")
        if option.cautions:
            st.markdown(f"**{t('pathway.cautions')}**")
            st.markdown("\n".join(f"- ⚠️ {c}" for c in option.cautions))
        sources_line(option.sources, t)


def why_not(options: list[OptionResult], t: Translator) -> None:
    """Options not offered, each with its status and the reasons it is not offered."""
    for option in options:
        name = t(f"therapy.{option.therapy.value}")
        status = t(f"status.{option.status.value}")
        st.markdown(f"{_STATUS_ICON[option.status]} **{name}** ({status})")
        st.markdown("\n".join(f"  - {r}" for r in option.reasons) or "  -")
        if option.sources:
            st.caption(t("pathway.sources_line", sources=source_list(option.sources, t.lang)))
