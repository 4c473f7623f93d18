"""What-if scenarios: the decision inputs, each new scenario from the case, the comparison.

Each new scenario starts from the case; the clinician may instead start from a scenario
already made, by choosing it ("Start from"). Inputs that differ from the case are highlighted
as they change (the inputs rerun on their own, in a fragment), each with the case's value
beside it. Only the inputs that differ from the case become the scenario, which is validated
again as a case (netlogic.whatif.scenarios), so a what-if never builds a case the contract
would refuse. Names typed for scenarios are kept; a name used twice gets a number.

Owns the session-state keys prefixed ``whatif_scenarios.``: the scenarios of each base case
(kept in this session, never in a global cache), the input widgets, the start choice, and the
problems of the last refused scenario.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from netlogic.clinical.grading import grade_label
from netlogic.model.case import Case
from netlogic.model.case_io import CaseValidationError
from netlogic.model.vocabulary import (
    Burden,
    Comorbidity,
    Differentiation,
    ImagingStatus,
    PrimarySite,
    Progression,
)
from netlogic.reference.i18n import Translator, fmt_number
from netlogic.trends.recist import current_line
from netlogic.whatif.scenarios import (
    CURRENT_LINE,
    LineState,
    ScenarioResult,
    apply_changes,
    run_scenarios,
    status_table,
)
from ui.callback_guard import guarded
from ui.current_case import case_hash
from ui.error_boundary import fragment_boundary
from ui.pathway_view import alert_title
from ui.plain_text import plain

_SCENARIOS = "whatif_scenarios.by_case"
_ERRORS = "whatif_scenarios.errors"
_LOADED = "whatif_scenarios.loaded_for"
_START = "whatif_scenarios.start"
_NAME = "whatif_scenarios.name"
_NOTICE = "whatif_scenarios.notice"
_ADDED = "whatif_scenarios.added"
FROM_CASE = ""
CHANGED_STYLE = (
    "{border-left: 4px solid #b45309; background: #fff7ed; "
    "padding: 0.25rem 0.5rem; border-radius: 0.25rem;}"
)


@dataclass(frozen=True)
class Input:
    """One decision input of the form: a case path and how it is asked."""

    path: str
    kind: str  # number, choice, tristate, flag, multi, ecog, line
    label_key: str
    options: tuple[Any, ...] = ()
    words: str = ""  # translation key template of an option ("site.{}")

    @property
    def key(self) -> str:
        return f"whatif_scenarios.in.{self.path}"

    @property
    def slug(self) -> str:
        return self.path.replace(".", "-").replace("_", "-")


_TRISTATE_WORDS = {None: "value.unknown", True: "value.yes", False: "value.no"}
# A selectbox shows None as "nothing chosen": unknown, "not given" and "as recorded" are
# real answers here, so the widgets hold these words and the case holds None.
_TRISTATE_CHOICES = {"unknown": None, "yes": True, "no": False}
_NOT_GIVEN = "not_given"
_AS_RECORDED = "as_recorded"
INPUTS = (
    Input("tumour.ki67_percent", "number", "whatif.scenario.ki67"),
    Input("tumour.mitotic_count", "number", "field.tumour.mitotic_count"),
    Input(
        "tumour.differentiation",
        "choice",
        "field.tumour.differentiation",
        tuple(e.value for e in Differentiation),
        "value.differentiation.{}",
    ),
    Input(
        "tumour.primary_site",
        "choice",
        "field.tumour.primary_site",
        tuple(e.value for e in PrimarySite),
        "site.{}",
    ),
    Input(
        "tumour.sstr_imaging",
        "choice",
        "whatif.scenario.sstr",
        tuple(e.value for e in ImagingStatus),
        "whatif.value.{}",
    ),
    Input("tumour.syndrome_controlled", "tristate", "field.tumour.syndrome_controlled"),
    Input(
        "disease.tumour_burden",
        "choice",
        "field.disease.tumour_burden",
        tuple(e.value for e in Burden),
        "whatif.value.{}",
    ),
    Input(
        "disease.progression",
        "choice",
        "field.disease.progression",
        tuple(e.value for e in Progression),
        "whatif.value.{}",
    ),
    Input(CURRENT_LINE, "line", "whatif.scenario.current_line"),
    Input("disease.liver_involvement_percent", "number", "field.disease.liver_involvement_percent"),
    Input("patient.age_years", "number", "field.patient.age_years"),
    Input("patient.ecog", "ecog", "field.patient.ecog", (_NOT_GIVEN, 0, 1, 2, 3, 4)),
    Input("patient.pregnant", "tristate", "whatif.scenario.pregnant"),
    Input("disease.portal_vein_thrombosis", "flag", "field.disease.portal_vein_thrombosis"),
    Input("disease.biliodigestive_anastomosis", "flag", "field.disease.biliodigestive_anastomosis"),
    Input(
        "comorbidities",
        "multi",
        "whatif.scenario.comorbidities",
        tuple(c.value for c in Comorbidity),
        "value.comorbidity.{}",
    ),
)
_BY_PATH = {i.path: i for i in INPUTS}


def init_state() -> None:
    st.session_state.setdefault(_SCENARIOS, {})
    st.session_state.setdefault(_ERRORS, [])
    st.session_state.setdefault(_LOADED, None)
    st.session_state.setdefault(_START, FROM_CASE)
    st.session_state.setdefault(_NOTICE, "")


def scenarios_of(case_id: str) -> dict[str, dict[str, Any]]:
    store: dict[str, dict[str, dict[str, Any]]] = st.session_state[_SCENARIOS]
    return store.setdefault(case_id, {})


def _case_value(data: dict[str, Any], path: str) -> Any:
    """The value at a dotted path of a contract JSON case; the current line's state is
    "as recorded" (None) in the case itself."""
    if path == CURRENT_LINE:
        return None
    value: Any = data
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    if _BY_PATH[path].kind == "flag":
        return bool(value)
    if _BY_PATH[path].kind == "multi":
        return sorted(value or [])
    return value


def _start_values(case: Case, start: str) -> dict[str, Any]:
    """The inputs as the case has them, with the chosen scenario's changes over them."""
    data = case.to_contract_json()
    values = {i.path: _case_value(data, i.path) for i in INPUTS}
    values.update(scenarios_of(case.id).get(start, {}))
    return values


def _to_widget(spec: Input, value: Any) -> Any:
    if spec.kind == "tristate":
        return next(k for k, v in _TRISTATE_CHOICES.items() if v is value)
    if spec.kind == "ecog":
        return _NOT_GIVEN if value is None else value
    if spec.kind == "line":
        return value or _AS_RECORDED
    return sorted(value) if isinstance(value, list) else value


def _from_widget(spec: Input, value: Any) -> Any:
    if spec.kind == "tristate":
        return _TRISTATE_CHOICES.get(value)
    if spec.kind == "ecog":
        return None if value == _NOT_GIVEN else value
    if spec.kind == "line":
        return None if value == _AS_RECORDED else value
    return sorted(value) if isinstance(value, list) else value


def _load(case: Case, start: str) -> None:
    for path, value in _start_values(case, start).items():
        spec = _BY_PATH[path]
        st.session_state[spec.key] = _to_widget(spec, value)


def _changes(case: Case) -> dict[str, Any]:
    """The inputs that differ from the case: what a new scenario is made of."""
    data = case.to_contract_json()
    out = {}
    for spec in INPUTS:
        value = _from_widget(spec, st.session_state.get(spec.key))
        if value != _case_value(data, spec.path):
            out[spec.path] = value
    return out


def _words(t: Translator, spec: Input, value: Any) -> str:
    if spec.kind in ("choice", "multi") and spec.words:
        if isinstance(value, list):
            return ", ".join(t(spec.words.format(v)) for v in value) or t("value.none")
        return t(spec.words.format(value)) if value is not None else t("value.unknown")
    if spec.kind == "line":
        return t(f"whatif.line.{value}") if value else t("whatif.line.as_recorded")
    if spec.kind in ("tristate", "flag") or isinstance(value, bool) or value is None:
        return t(_TRISTATE_WORDS.get(value, "value.unknown"))
    return t("whatif.scenario.number", value=fmt_number(value))


def change_words(t: Translator, path: str, value: Any) -> str:
    """One change in words, in the session's number format: 'Ki-67 index (%) = 8,5'."""
    spec = _BY_PATH.get(path)
    if spec is None:
        return t("whatif.scenario.change", field=path, value=str(value))
    return t("whatif.scenario.change", field=t(spec.label_key), value=_words(t, spec, value))


def _line_label(case: Case, t: Translator) -> str:
    line = current_line(case.treatments)
    if line is None:
        return t("whatif.scenario.current_line")
    return t(
        "whatif.scenario.current_line_named",
        therapy=t(f"whatif.therapy.{line.therapy.value}"),
        start=line.start.strftime(t("whatif.date_format")),
    )


def _widget(spec: Input, case: Case, t: Translator) -> Any:
    label = t(spec.label_key)
    if spec.kind == "number":
        return st.number_input(label, min_value=0.0, step=0.5, format="%g", key=spec.key)
    if spec.kind == "choice":
        return st.selectbox(
            label,
            list(spec.options),
            format_func=lambda v, w=spec.words: t(w.format(v)),
            key=spec.key,
        )
    if spec.kind == "tristate":
        return st.selectbox(
            label,
            list(_TRISTATE_CHOICES),
            format_func=lambda v: t(f"value.{v}"),
            key=spec.key,
        )
    if spec.kind == "ecog":
        return st.selectbox(
            label,
            list(spec.options),
            format_func=lambda v: t("value.not_given") if v == _NOT_GIVEN else str(v),
            key=spec.key,
        )
    if spec.kind == "line":
        return st.selectbox(
            _line_label(case, t),
            [_AS_RECORDED, *(s.value for s in LineState)],
            format_func=lambda v: _words(t, spec, _from_widget(spec, v)),
            key=spec.key,
        )
    if spec.kind == "flag":
        return st.checkbox(label, key=spec.key)
    return st.multiselect(
        label,
        list(spec.options),
        format_func=lambda v: t(spec.words.format(v)),
        key=spec.key,
        placeholder=t("whatif.scenario.none_chosen"),
    )


def _on_start_change(case: Case) -> None:
    _load(case, st.session_state[_START])


def _unique_name(name: str, taken: dict[str, Any]) -> str:
    if name not in taken:
        return name
    n = 2
    while f"{name} ({n})" in taken:
        n += 1
    return f"{name} ({n})"


def _add(case: Case, t: Translator, today: date) -> None:
    """Keep the inputs that differ from the case as a named scenario, then start afresh."""
    named = scenarios_of(case.id)
    changes = _changes(case)
    if not changes:
        st.session_state[_ERRORS] = []
        st.session_state[_NOTICE] = t("whatif.scenario.nothing_changed")
        st.session_state[_ADDED] = True
        return
    try:
        apply_changes(case, changes, today, t.lang)
    except CaseValidationError as exc:
        st.session_state[_ERRORS] = [p.message for p in exc.problems]
        st.session_state[_ADDED] = True
        return
    st.session_state[_ERRORS] = []
    typed = str(st.session_state.get(_NAME) or "").strip()
    name = _unique_name(typed or t("whatif.scenario.default_name", n=len(named) + 1), named)
    st.session_state[_NOTICE] = (
        t("whatif.scenario.renamed", name=plain(name)) if typed and name != typed else ""
    )
    named[name] = changes
    st.session_state[_ADDED] = True
    # The next scenario starts from the case again, with an empty name.
    st.session_state[_START] = FROM_CASE
    st.session_state[_NAME] = ""
    _load(case, FROM_CASE)


@st.fragment
@fragment_boundary
def scenario_builder(case: Case, t: Translator, today: date) -> None:
    """Start point, name, the inputs (changed ones highlighted), and the add button.

    A fragment: changing an input reruns only this part, so the highlight follows the typing
    without evaluating the scenarios again.
    """
    init_state()
    fingerprint = case_hash(case)
    # Widget values are dropped on a page switch: load the inputs again when they are gone.
    gone = any(spec.key not in st.session_state for spec in INPUTS)
    if st.session_state[_LOADED] != fingerprint or gone:
        st.session_state[_START] = FROM_CASE
        _load(case, FROM_CASE)
        st.session_state[_LOADED] = fingerprint
    named = scenarios_of(case.id)
    st.markdown(f"**{t('whatif.scenario.form')}**")
    top = st.columns([1, 1])
    top[0].radio(
        t("whatif.scenario.start"),
        [FROM_CASE, *named],
        # Radio labels are Markdown: a typed name is shown as typed.
        format_func=lambda s: t("whatif.scenario.start_case") if s == FROM_CASE else plain(s),
        key=_START,
        on_change=guarded(_on_start_change),
        args=(case,),
        horizontal=True,
    )
    top[1].text_input(
        t("whatif.scenario.name"),
        key=_NAME,
        placeholder=t("whatif.scenario.default_name", n=len(named) + 1),
        max_chars=60,
    )
    changed = _changes(case)
    data = case.to_contract_json()
    # The highlight is built from this module's own input names, never from user text.
    css = "".join(
        f".st-key-whatif_scenarios-field-{_BY_PATH[p].slug} {CHANGED_STYLE}" for p in changed
    )
    st.html(f"<style>{css}</style>")
    # Three per row: at 1024 px four columns cut the values ("well differ...").
    columns = st.columns(3)
    for i, spec in enumerate(INPUTS):
        box = columns[i % 3] if spec.kind != "multi" else st.container()
        with box, st.container(key=f"whatif_scenarios-field-{spec.slug}"):
            if spec.kind == "line" and not case.treatments:
                # No line to change: say so rather than show a greyed-out, unreadable control.
                st.markdown(f"**{t(spec.label_key)}**")
                st.caption(t("whatif.scenario.no_line"))
                continue
            _widget(spec, case, t)
            if spec.path in changed:
                was = _words(t, spec, _case_value(data, spec.path))
                st.caption(t("whatif.scenario.was", value=was))
    st.caption(t("whatif.scenario.changed_count", count=len(changed)))
    st.button(
        t("whatif.scenario.add"),
        key="whatif_scenarios.add",
        type="primary",
        icon=":material/add:",
        on_click=guarded(_add),
        args=(case, t, today),
    )
    if st.session_state.pop(_ADDED, False):
        # The comparison below the fragment shows the new scenario: rerun the whole page.
        st.rerun()


def _diff_block(result: ScenarioResult, t: Translator) -> None:
    diff = result.diff
    changes = "; ".join(change_words(t, k, v) for k, v in result.changes.items()) or "—"
    header = t("whatif.scenario.header", name=plain(result.name), changes=changes)
    st.markdown(f"**{header}**")
    before, after = grade_label(diff.grade_from, t), grade_label(diff.grade_to, t)
    if diff.grade_changed:
        st.markdown(t("whatif.scenario.grade_change", before=before, after=after))
    else:
        st.caption(t("whatif.scenario.grade_same", grade=after))
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
            st.caption(plain(reason))

    def titles(codes: list[str]) -> str:
        return ", ".join(alert_title(code, t) for code in codes)

    if diff.alerts_added:
        st.caption(t("whatif.scenario.alerts_added", codes=titles(diff.alerts_added)))
    if diff.alerts_removed:
        st.caption(t("whatif.scenario.alerts_removed", codes=titles(diff.alerts_removed)))


def _status_frame(rows: list[dict[str, str]], t: Translator) -> pd.DataFrame:
    """The status table in words (therapy names, statuses, grades in the session's words)."""
    out = []
    for row in rows:
        grade_row = row["therapy"] == "grade"
        words = {}
        for column, value in row.items():
            if column == "therapy":
                words[column] = (
                    t("whatif.scenario.grade_row") if grade_row else t(f"whatif.therapy.{value}")
                )
            else:
                words[column] = grade_label(value, t) if grade_row else t(f"whatif.status.{value}")
        out.append(words)
    return pd.DataFrame(out)


def _highlight_changes(frame: pd.DataFrame) -> pd.DataFrame:
    """A style per cell: scenario cells that differ from the case's column stand out."""
    styles = pd.DataFrame("", index=frame.index, columns=frame.columns)
    base = frame.columns[1]
    for column in frame.columns[2:]:
        differs = frame[column] != frame[base]
        styles.loc[differs, column] = "background-color: #fff7ed; font-weight: 700; color: #7c2d12"
    return styles


def scenario_results(case: Case, t: Translator, today: date, lang: str) -> None:
    init_state()
    errors: list[str] = st.session_state[_ERRORS]
    if errors:
        st.error(
            t("whatif.scenario.invalid") + "\n\n" + "\n".join(f"- {plain(e)}" for e in errors),
            icon=":material/error:",
        )
    if st.session_state[_NOTICE]:
        st.info(st.session_state[_NOTICE], icon=":material/info:")
    named = scenarios_of(case.id)
    if not named:
        st.caption(t("whatif.scenario.none_yet"))
        return
    base, results = run_scenarios(case, list(named.items()), today, lang)
    st.markdown(f"**{t('whatif.scenario.table')}**")
    frame = _status_frame(status_table(base, results), t)
    frame = frame.rename(
        columns={"therapy": t("whatif.scenario.therapy_col"), "base": t("whatif.scenario.base")}
    )
    st.dataframe(
        frame.style.apply(_highlight_changes, axis=None),
        hide_index=True,
        height="content",
        key="whatif_scenarios.status_table",
        alt=t("whatif.scenario.table_alt"),
    )
    st.caption(t("whatif.scenario.table_legend"))
    for result in results:
        with st.container(border=True):
            _diff_block(result, t)
    if st.button(
        t("whatif.scenario.clear"), key="whatif_scenarios.clear", icon=":material/delete:"
    ):
        named.clear()
        st.session_state[_START] = FROM_CASE
        st.rerun()
