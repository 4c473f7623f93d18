"""What-if widgets: base-case choice, scenario form and diff, sequence form, flags and timeline.

Owns the session-state keys prefixed ``whatif_widgets.``. Scenarios and plans are kept per
base case id in this session's state (never in a global cache), so the results stay on screen
across reruns and page switches; they are recomputed from the stored changes on each render.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from netlogic.model.case import Case
from netlogic.model.case_io import CaseValidationError
from netlogic.model.vocabulary import (
    Burden,
    Comorbidity,
    Differentiation,
    ImagingStatus,
    PrimarySite,
    Progression,
    Therapy,
)
from netlogic.reference.i18n import Translator, fmt_number
from netlogic.teaching.library import teaching_cases
from netlogic.whatif.scenarios import ScenarioResult, apply_changes, run_scenarios, status_table
from netlogic.whatif.sequencing import (
    SequenceResult,
    SequenceStep,
    Verdict,
    compare_sequences,
    side_by_side,
)
from netlogic.whatif.timeline import timeline_figure

_PICK = "whatif_widgets.teaching_pick"
_SCENARIOS = "whatif_widgets.scenarios"
_SCENARIO_ERRORS = "whatif_widgets.scenario_errors"
_PLANS = "whatif_widgets.plans"
_PLAN_ERROR = "whatif_widgets.plan_error"
MAX_LINES = 6
VERDICT_ICONS = {
    Verdict.ALLOWED: "✅",
    Verdict.ALLOWED_WITH_CAUTIONS: "⚠️",
    Verdict.AGAINST_RULES: "⛔",
}


def init_state() -> None:
    st.session_state.setdefault(_SCENARIOS, {})
    st.session_state.setdefault(_SCENARIO_ERRORS, [])
    st.session_state.setdefault(_PLANS, {})
    st.session_state.setdefault(_PLAN_ERROR, "")


def base_case(current: Case | None, t: Translator) -> Case:
    """The current case, or (none open) a teaching case chosen here."""
    if current is not None:
        return current
    st.info(t("whatif.no_case"))
    cases = {c.id: c for c in teaching_cases()}
    chosen = st.selectbox(t("whatif.pick_case"), options=list(cases), key=_PICK)
    return cases[chosen or next(iter(cases))].case


def _scenarios(case_id: str) -> dict[str, dict[str, Any]]:
    store: dict[str, dict[str, dict[str, Any]]] = st.session_state[_SCENARIOS]
    return store.setdefault(case_id, {})


def _plans(case_id: str) -> dict[str, list[str]]:
    store: dict[str, dict[str, list[str]]] = st.session_state[_PLANS]
    return store.setdefault(case_id, {})


# The decision inputs a clinician asks "what if" about: Ki-67, mitoses, differentiation,
# primary site, SSTR imaging, syndrome control, burden, pace, liver involvement,
# contraindications, age. Choices: dotted path -> (values, translation key of a value).
_CHOICE_WORDS = {
    "tumour.differentiation": (Differentiation, "value.differentiation.{}"),
    "tumour.primary_site": (PrimarySite, "site.{}"),
    "tumour.sstr_imaging": (ImagingStatus, "whatif.value.{}"),
    "disease.tumour_burden": (Burden, "whatif.value.{}"),
    "disease.progression": (Progression, "whatif.value.{}"),
}
_FLAGS = ("disease.portal_vein_thrombosis", "disease.biliodigestive_anastomosis")
_LABELS = {
    "tumour.ki67_percent": "whatif.scenario.ki67",
    "tumour.sstr_imaging": "whatif.scenario.sstr",
    "comorbidities": "whatif.scenario.comorbidities",
}
_TRISTATE_WORDS = {None: "value.unknown", True: "value.yes", False: "value.no"}


def _label(t: Translator, path: str) -> str:
    return t(_LABELS.get(path, f"field.{path}"))


def _current(data: dict[str, Any], path: str) -> Any:
    """The value at a dotted path of a contract JSON case ('tumour.ki67_percent')."""
    value: Any = data
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _number(box: DeltaGenerator, t: Translator, current: Any, path: str) -> float | None:
    # No upper bound here: the case model refuses Ki-67 150 in words (shown above the form).
    value: float | None = box.number_input(_label(t, path), min_value=0.0, value=current)
    return value


def _shown(t: Translator, path: str, value: Any) -> str:
    """A scenario change in words: 'SSTR imaging = negative'."""
    if path in _CHOICE_WORDS:
        words = t(_CHOICE_WORDS[path][1].format(value))
    elif isinstance(value, bool) or value is None:
        words = t(_TRISTATE_WORDS[value])
    elif isinstance(value, list):
        words = ", ".join(t(f"value.comorbidity.{v}") for v in value) or t("value.none")
    else:
        words = fmt_number(value)
    return f"{_label(t, path)} = {words}"


def _scenario_inputs(data: dict[str, Any], t: Translator) -> dict[str, Any]:
    """One widget per decision input, starting from the case's value; returns path -> value."""
    values: dict[str, Any] = {}
    cols = iter(st.columns(4) * 4)
    for path in ("tumour.ki67_percent", "tumour.mitotic_count"):
        values[path] = _number(next(cols), t, _current(data, path), path)
    for path, (enum, words) in _CHOICE_WORDS.items():
        options = [e.value for e in enum]
        values[path] = next(cols).selectbox(
            _label(t, path),
            options,
            index=options.index(_current(data, path)),
            format_func=lambda v, w=words: t(w.format(v)),
        )
    controlled = [None, True, False]
    values["tumour.syndrome_controlled"] = next(cols).selectbox(
        _label(t, "tumour.syndrome_controlled"),
        controlled,
        index=controlled.index(_current(data, "tumour.syndrome_controlled")),
        format_func=lambda v: t(_TRISTATE_WORDS[v]),
    )
    for path in ("disease.liver_involvement_percent", "patient.age_years"):
        values[path] = _number(next(cols), t, _current(data, path), path)
    for path in _FLAGS:
        values[path] = next(cols).checkbox(_label(t, path), value=bool(_current(data, path)))
    values["comorbidities"] = st.multiselect(
        _label(t, "comorbidities"),
        [c.value for c in Comorbidity],
        default=_current(data, "comorbidities"),
        format_func=lambda v: t(f"value.comorbidity.{v}"),
    )
    return values


def scenario_form(case: Case, t: Translator, today: date) -> None:
    """Form: the decision inputs; only the changed ones become the scenario."""
    with st.form("whatif_widgets.scenario_form"):
        st.markdown(f"**{t('whatif.scenario.form')}**")
        n = len(_scenarios(case.id)) + 1
        name = st.text_input(
            t("whatif.scenario.name"), value=t("whatif.scenario.default_name", n=n)
        )
        data = case.to_contract_json()
        wanted = _scenario_inputs(data, t)
        submitted = st.form_submit_button(t("whatif.scenario.add"), key="whatif_widgets.add")
    if not submitted:
        return
    changes = {k: v for k, v in wanted.items() if v != _current(data, k)}
    try:
        apply_changes(case, changes, today)
    except CaseValidationError as exc:
        st.session_state[_SCENARIO_ERRORS] = [str(p) for p in exc.problems]
        return
    st.session_state[_SCENARIO_ERRORS] = []
    _scenarios(case.id)[name.strip() or t("whatif.scenario.default_name", n=n)] = changes


def _diff_block(result: ScenarioResult, t: Translator) -> None:
    diff = result.diff
    changes = "; ".join(_shown(t, k, v) for k, v in result.changes.items()) or "—"
    st.markdown(f"**{t('whatif.scenario.header', name=result.name, changes=changes)}**")
    if diff.grade_changed:
        st.markdown(t("whatif.scenario.grade_change", before=diff.grade_from, after=diff.grade_to))
    else:
        st.caption(t("whatif.scenario.grade_same", grade=diff.grade_to))
    if not diff.changed:
        st.caption(t("whatif.scenario.no_change"))
    for change in diff.changed:
        line = t(
            "whatif.scenario.changed",
            therapy=t(f"whatif.therapy.{change.therapy}"),
            before=t(f"whatif.status.{change.from_status}"),
            after=t(f"whatif.status.{change.to_status}"),
        )
        st.markdown(f"- {line} — {t('whatif.scenario.rule', rule=change.rule_id)}")
        for reason in change.reasons:
            st.caption(reason)
    if diff.alerts_added:
        st.caption(t("whatif.scenario.alerts_added", codes=", ".join(diff.alerts_added)))
    if diff.alerts_removed:
        st.caption(t("whatif.scenario.alerts_removed", codes=", ".join(diff.alerts_removed)))


def _status_rows(rows: list[dict[str, str]], t: Translator) -> list[dict[str, str]]:
    """The status table in words: therapy names and statuses translated, grade row first."""
    out = []
    for row in rows:
        grade_row = row["therapy"] == "grade"
        out.append(
            {
                k: (
                    (t("whatif.scenario.grade_row") if grade_row else t(f"whatif.therapy.{v}"))
                    if k == "therapy"
                    else v
                    if grade_row
                    else t(f"whatif.status.{v}")
                )
                for k, v in row.items()
            }
        )
    return out


def _step_words(step: SequenceStep, t: Translator) -> str:
    therapy, verdict = t(f"whatif.therapy.{step.therapy}"), t(f"whatif.verdict.{step.verdict}")
    return f"{VERDICT_ICONS[step.verdict]} {therapy}: {verdict}"


def scenario_results(case: Case, t: Translator, today: date, lang: str) -> None:
    errors: list[str] = st.session_state[_SCENARIO_ERRORS]
    if errors:
        st.error(t("whatif.scenario.invalid") + "\n\n" + "\n".join(f"- {e}" for e in errors))
    named = _scenarios(case.id)
    if not named:
        st.caption(t("whatif.scenario.none_yet"))
        return
    if st.button(t("whatif.scenario.clear"), key="whatif_widgets.clear_scenarios"):
        named.clear()
        st.rerun()
    base, results = run_scenarios(case, list(named.items()), today, lang)
    st.markdown(f"**{t('whatif.scenario.table')}**")
    table = pd.DataFrame(_status_rows(status_table(base, results), t)).rename(
        columns={"therapy": t("whatif.scenario.therapy_col"), "base": t("whatif.scenario.base")}
    )
    st.dataframe(table, hide_index=True, key="whatif_widgets.status_table")
    for result in results:
        with st.container(border=True):
            _diff_block(result, t)


def sequence_form(case: Case, t: Translator) -> None:
    with st.form("whatif_widgets.sequence_form"):
        st.markdown(f"**{t('whatif.sequence.form')}**")
        n = len(_plans(case.id)) + 1
        name = st.text_input(
            t("whatif.sequence.name"), value=t("whatif.sequence.default_name", n=n)
        )
        choices: list[Therapy | None] = [None, *Therapy]
        cols = st.columns(3)
        lines = [
            cols[i % 3].selectbox(
                t("whatif.sequence.line", n=i + 1),
                choices,
                format_func=lambda v: (
                    t("whatif.sequence.empty_choice") if v is None else t(f"whatif.therapy.{v}")
                ),
                key=f"whatif_widgets.line_{i}",
            )
            for i in range(MAX_LINES)
        ]
        submitted = st.form_submit_button(t("whatif.sequence.add"), key="whatif_widgets.check")
    if not submitted:
        return
    plan = [line.value for line in lines if line is not None]
    if not plan:
        st.session_state[_PLAN_ERROR] = t("whatif.sequence.empty")
        return
    st.session_state[_PLAN_ERROR] = ""
    _plans(case.id)[name.strip() or t("whatif.sequence.default_name", n=n)] = plan


def _step_block(result: SequenceResult, t: Translator) -> None:
    for step in result.steps:
        header = t(
            "whatif.sequence.step",
            n=step.index + 1,
            therapy=t(f"whatif.therapy.{step.therapy}"),
            verdict=t(f"whatif.verdict.{step.verdict}"),
        )
        st.markdown(f"{VERDICT_ICONS[step.verdict]} **{header}**")
        st.caption(
            t(
                "whatif.sequence.status",
                status=t(f"whatif.status.{step.status}"),
                rule=step.rule_id,
            )
        )
        for reason in step.reasons:
            st.markdown(f"- {reason}")
        for caution in step.cautions:
            st.warning(caution, icon="⚠️")
        if step.sources:
            st.caption(t("whatif.sequence.sources", sources=", ".join(step.sources)))
        if step.evidence is not None:
            st.caption(
                t(
                    "whatif.sequence.evidence",
                    trial=step.evidence.trial_id,
                    population=step.evidence.population,
                )
            )
        else:
            st.caption(t("whatif.sequence.no_evidence"))


def sequence_results(case: Case, t: Translator, today: date, lang: str) -> None:
    if st.session_state[_PLAN_ERROR]:
        st.error(st.session_state[_PLAN_ERROR])
    plans = _plans(case.id)
    if not plans:
        st.caption(t("whatif.sequence.none_yet"))
        return
    if st.button(t("whatif.sequence.clear"), key="whatif_widgets.clear_plans"):
        plans.clear()
        st.rerun()
    st.caption(t("whatif.sequence.assumption"))
    results = compare_sequences(case, plans, today, lang)
    st.markdown(f"**{t('whatif.sequence.side_by_side')}**")
    table = pd.DataFrame(side_by_side(results, lambda step: _step_words(step, t))).rename(
        columns={"line": t("whatif.sequence.line_col")}
    )
    st.dataframe(table, hide_index=True, key="whatif_widgets.side_by_side")
    for name, result in results.items():
        with st.expander(name, expanded=True):
            _step_block(result, t)
            st.markdown(f"**{t('whatif.timeline.heading')}**")
            st.plotly_chart(timeline_figure(result, t), key=f"whatif_widgets.timeline.{name}")
            st.caption(t("whatif.timeline.disclaimer"))
