"""What-if sequences: plans of treatment lines, each line checked, and the illustrative timeline.

Every therapy node can be planned (the ruleset-2027 ones included); the names are sorted in
the session's language. A name typed for a plan is kept (a name used twice gets a number).
Each step shows the engine's verdict, the rule that set it, its reasons, cautions and
sources (by readable title), and the matched trial as a trial result; the timeline draws
each line's trial median from zero, never added up into a prediction for the patient.

Owns the session-state keys prefixed ``whatif_sequences.``: the plans of each base case (kept
in this session), the form's widgets, and the last refusal.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from netlogic.model.case import Case
from netlogic.model.vocabulary import Therapy
from netlogic.reference.i18n import Translator
from netlogic.reference.sources import source_list
from netlogic.whatif.sequencing import (
    SequenceResult,
    SequenceStep,
    Verdict,
    compare_sequences,
    side_by_side,
)
from netlogic.whatif.timeline import timeline_figure, timeline_rows
from ui.callback_guard import guarded
from ui.plain_text import plain
from ui.words import sort_key

_PLANS = "whatif_sequences.by_case"
_ERROR = "whatif_sequences.error"
_NOTICE = "whatif_sequences.notice"
_NAME = "whatif_sequences.name"
MAX_LINES = 6
VERDICT_ICONS = {
    Verdict.ALLOWED: ":material/check_circle:",
    Verdict.ALLOWED_WITH_CAUTIONS: ":material/warning:",
    Verdict.AGAINST_RULES: ":material/block:",
}
VERDICT_COLOURS = {
    Verdict.ALLOWED: "green",
    Verdict.ALLOWED_WITH_CAUTIONS: "orange",
    Verdict.AGAINST_RULES: "red",
}


def init_state() -> None:
    st.session_state.setdefault(_PLANS, {})
    st.session_state.setdefault(_ERROR, "")
    st.session_state.setdefault(_NOTICE, "")


def plans_of(case_id: str) -> dict[str, list[str]]:
    store: dict[str, dict[str, list[str]]] = st.session_state[_PLANS]
    return store.setdefault(case_id, {})


def _unique_name(name: str, taken: dict[str, list[str]]) -> str:
    if name not in taken:
        return name
    n = 2
    while f"{name} ({n})" in taken:
        n += 1
    return f"{name} ({n})"


def _therapies_by_name(t: Translator) -> list[Therapy]:
    return sorted(Therapy, key=lambda th: sort_key(t(f"whatif.therapy.{th.value}")))


def _check(case_id: str, t: Translator) -> None:
    """Keep the plan under the name typed (or the next default name)."""
    plans = plans_of(case_id)
    lines = [st.session_state.get(f"whatif_sequences.line_{i}") for i in range(MAX_LINES)]
    plan = [line.value for line in lines if isinstance(line, Therapy)]
    if not plan:
        st.session_state[_ERROR] = t("whatif.sequence.empty")
        return
    st.session_state[_ERROR] = ""
    typed = str(st.session_state.get(_NAME) or "").strip()
    name = _unique_name(typed or t("whatif.sequence.default_name", n=len(plans) + 1), plans)
    st.session_state[_NOTICE] = (
        t("whatif.scenario.renamed", name=plain(name)) if typed and name != typed else ""
    )
    plans[name] = plan
    st.session_state[_NAME] = ""


def sequence_form(case: Case, t: Translator) -> None:
    init_state()
    plans = plans_of(case.id)
    with st.form("whatif_sequences.form"):
        st.markdown(f"**{t('whatif.sequence.form')}**")
        st.text_input(
            t("whatif.sequence.name"),
            key=_NAME,
            placeholder=t("whatif.sequence.default_name", n=len(plans) + 1),
            max_chars=60,
        )
        choices: list[Therapy | None] = [None, *_therapies_by_name(t)]
        columns = st.columns(3)
        for i in range(MAX_LINES):
            columns[i % 3].selectbox(
                t("whatif.sequence.line", n=i + 1),
                choices,
                format_func=lambda v: (
                    t("whatif.sequence.empty_choice") if v is None else t(f"whatif.therapy.{v}")
                ),
                key=f"whatif_sequences.line_{i}",
                # An empty line shows the placeholder: in the session's words, not Streamlit's.
                placeholder=t("whatif.sequence.no_line"),
            )
        st.form_submit_button(
            t("whatif.sequence.add"),
            key="whatif_sequences.check",
            type="primary",
            icon=":material/fact_check:",
            on_click=guarded(_check),
            args=(case.id, t),
        )


def _verdict_words(step: SequenceStep, t: Translator) -> str:
    therapy = t(f"whatif.therapy.{step.therapy}")
    return t("whatif.sequence.cell", therapy=therapy, verdict=t(f"whatif.verdict.{step.verdict}"))


def _step_block(result: SequenceResult, t: Translator) -> None:
    for step in result.steps:
        header = t(
            "whatif.sequence.step",
            n=step.index + 1,
            therapy=t(f"whatif.therapy.{step.therapy}"),
            verdict=t(f"whatif.verdict.{step.verdict}"),
        )
        colour = VERDICT_COLOURS[step.verdict]
        st.markdown(f":{colour}[{VERDICT_ICONS[step.verdict]}] **{header}**")
        st.caption(
            t(
                "whatif.sequence.status",
                status=t(f"whatif.status.{step.status}"),
                rule=step.rule_id,
            )
        )
        for reason in step.reasons:
            st.markdown(f"- {plain(reason)}")
        for caution in step.cautions:
            st.warning(plain(caution), icon=":material/warning:")
        if step.sources:
            st.caption(t("whatif.sequence.sources", sources=source_list(step.sources, t.lang)))
        if step.evidence is not None:
            st.caption(
                t(
                    "whatif.sequence.evidence",
                    trial=step.evidence.trial_name,
                    population=step.evidence.population,
                )
            )
        else:
            st.caption(t("whatif.sequence.no_evidence"))


def _timeline_table(result: SequenceResult, t: Translator) -> pd.DataFrame:
    """The timeline's figures as a table (the chart's text alternative)."""
    rows = timeline_rows(result, t)
    return pd.DataFrame(
        {
            t("whatif.timeline.col.line"): [r["line"] for r in rows],
            t("whatif.timeline.col.trial"): [r["label"] for r in rows],
            t("whatif.timeline.col.population"): [r["population"] or "—" for r in rows],
        }
    )


def sequence_results(case: Case, t: Translator, today: date, lang: str) -> None:
    init_state()
    if st.session_state[_ERROR]:
        st.error(st.session_state[_ERROR], icon=":material/error:")
    if st.session_state[_NOTICE]:
        st.info(st.session_state[_NOTICE], icon=":material/info:")
    plans = plans_of(case.id)
    if not plans:
        st.caption(t("whatif.sequence.none_yet"))
        return
    st.caption(t("whatif.sequence.assumption"))
    results = compare_sequences(case, plans, today, lang)
    st.markdown(f"**{t('whatif.sequence.side_by_side')}**")
    table = pd.DataFrame(side_by_side(results, lambda step: _verdict_words(step, t))).rename(
        columns={"line": t("whatif.sequence.line_col")}
    )
    st.dataframe(
        table,
        hide_index=True,
        height="content",
        key="whatif_sequences.side_by_side",
        alt=t("whatif.sequence.table_alt"),
    )
    for name, result in results.items():
        with st.expander(plain(name), expanded=True, icon=":material/route:"):
            _step_block(result, t)
            st.markdown(f"**{t('whatif.timeline.heading')}**")
            st.plotly_chart(
                timeline_figure(result, t),
                key=f"whatif_sequences.timeline.{name}",
                config={"displayModeBar": False},
                alt=t("whatif.timeline.alt"),
            )
            st.dataframe(
                _timeline_table(result, t),
                hide_index=True,
                height="content",
                key=f"whatif_sequences.timeline_table.{name}",
                alt=t("whatif.timeline.table_alt"),
            )
            st.caption(t("whatif.timeline.disclaimer"))
    if st.button(
        t("whatif.sequence.clear"), key="whatif_sequences.clear", icon=":material/delete:"
    ):
        plans.clear()
        st.rerun()
