"""Teaching widgets: case choice, vignette, quiz form and score, projector mode step by step.

Owns the session-state keys prefixed ``quiz_widgets.``. A resident's answers are kept per
teaching case in this session's state and scored on each render, so the score stays on screen
across reruns. The quiz has no default answer (the grade starts empty, the lists empty); every
label is in the session's language and the options are sorted by their names in it.

Projector mode reveals one step at a time, in large type: the vignette, then the question,
then the answer, then the pathway tree. "Next" and "Back" also answer a presenter's clicker
(Page Down / Page Up). The large type comes from a static stylesheet
(``data/teaching/projector.css``) keyed on the projector container; no user text is ever
passed as HTML.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import streamlit as st

from netlogic.clinical.diagram import tree_figure, tree_nodes, tree_summary
from netlogic.clinical.evaluation import Evaluation
from netlogic.clinical.grading import grade_label
from netlogic.model.vocabulary import Status, Therapy
from netlogic.reference.i18n import Translator
from netlogic.reference.sources import source_list
from netlogic.teaching.library import TEACHING_DIR, TeachingCase, teaching_cases
from netlogic.teaching.quiz import GRADE_LABELS, QuizResult, make_answer, score_answer
from ui.callback_guard import guarded
from ui.current_case import set_current_case
from ui.pathway_view import STATUS_ICON, alert_title, status_badge
from ui.words import sort_key

_PICK = "quiz_widgets.case_pick"
_MODE = "quiz_widgets.mode"
_ANSWERS = "quiz_widgets.answers"
_OPENED = "quiz_widgets.opened"
_STEP = "quiz_widgets.step"
PROJECTOR_CSS = TEACHING_DIR / "projector.css"
PROJECTOR_KEY = "quiz_widgets-projector"
STEPS = ("vignette", "question", "answer", "tree")


def init_state() -> None:
    st.session_state.setdefault(_ANSWERS, {})
    st.session_state.setdefault(_OPENED, "")
    st.session_state.setdefault(_STEP, {})


@cache
def _projector_css() -> str:
    """The projector stylesheet (a static file of this project, never user text)."""
    return PROJECTOR_CSS.read_text(encoding="utf-8")


def choose_case(t: Translator) -> tuple[TeachingCase, str]:
    """The teaching case and the mode ("quiz" or "teacher") chosen at the top of the page."""
    cases = {c.id: c for c in teaching_cases()}
    cols = st.columns([3, 2])
    chosen = cols[0].selectbox(
        t("teaching.pick_case"),
        list(cases),
        format_func=lambda i: f"{i} — {cases[i].title.get(t.lang)}",
        key=_PICK,
    )
    mode = cols[1].radio(
        t("teaching.mode"),
        ["quiz", "teacher"],
        format_func=lambda m: t(f"teaching.mode.{m}"),
        horizontal=True,
        key=_MODE,
    )
    return cases[chosen or next(iter(cases))], str(mode)


def vignette(teaching: TeachingCase, t: Translator) -> None:
    st.header(teaching.title.get(t.lang))
    st.markdown(teaching.vignette.get(t.lang))
    st.markdown(f"**{t('teaching.objectives')}**")
    for objective in teaching.learning_objectives.get(t.lang):
        st.markdown(f"- {objective}")


def open_in_pages(teaching: TeachingCase, t: Translator) -> None:
    """Make the teaching case the current case, so the normal pages show it."""
    if st.button(
        t("teaching.open_case"), key="quiz_widgets.open_case", icon=":material/open_in_new:"
    ):
        set_current_case(teaching.case, "demo")
        st.session_state[_OPENED] = teaching.id
    if st.session_state[_OPENED] == teaching.id:
        st.success(t("teaching.opened", case_id=teaching.id), icon=":material/check_circle:")
        st.page_link(
            "pages/2_Pathway.py", label=t("teaching.go_pathway"), icon=":material/account_tree:"
        )


def _therapy(t: Translator, therapy: Therapy | str) -> str:
    return t(f"whatif.therapy.{Therapy(therapy).value}")


def therapies_by_name(t: Translator) -> list[Therapy]:
    """Every therapy node, in the alphabetical order of its name in the session's language."""
    return sorted(Therapy, key=lambda th: sort_key(_therapy(t, th)))


def quiz_form(teaching: TeachingCase, t: Translator) -> None:
    """The questions, with no answer chosen in advance."""
    with st.form("quiz_widgets.form"):
        grade = st.selectbox(
            t("teaching.quiz.grade"),
            list(GRADE_LABELS),
            index=None,
            format_func=lambda label: grade_label(label, t),
            placeholder=t("teaching.quiz.grade_placeholder"),
            key="quiz_widgets.grade",
        )
        offered = st.multiselect(
            t("teaching.quiz.offer"),
            therapies_by_name(t),
            format_func=lambda v: _therapy(t, v),
            placeholder=t("teaching.quiz.pick_placeholder"),
            key="quiz_widgets.offered",
        )
        contraindicated = st.multiselect(
            t("teaching.quiz.why_not"),
            therapies_by_name(t),
            format_func=lambda v: _therapy(t, v),
            placeholder=t("teaching.quiz.pick_placeholder"),
            key="quiz_widgets.contraindicated",
        )
        submitted = st.form_submit_button(
            t("teaching.quiz.submit"),
            key="quiz_widgets.submit",
            type="primary",
            icon=":material/fact_check:",
        )
    if submitted:
        answers: dict[str, dict[str, Any]] = st.session_state[_ANSWERS]
        answers[teaching.id] = {
            "grade": grade,
            "offered": [v.value for v in offered],
            "why_not": {v.value: Status.CONTRAINDICATED.value for v in contraindicated},
        }


def _feedback_list(title: str, items: list[Any], t: Translator) -> None:
    if not items:
        return
    st.markdown(f"**{title}**")
    for item in items:
        status = t(f"whatif.status.{item.engine_status}")
        rule = t("teaching.quiz.rule", rule=item.rule_id) if item.rule_id else ""
        st.markdown(f"- {_therapy(t, item.therapy)}: {status} {rule}".rstrip())
        for reason in item.reasons:
            st.caption(reason)
        st.caption(t("teaching.sources", sources=source_list(item.sources, t.lang)))


def quiz_result(teaching: TeachingCase, evaluation: Evaluation, t: Translator) -> None:
    stored = st.session_state[_ANSWERS].get(teaching.id)
    if stored is None:
        st.caption(t("teaching.quiz.not_yet"))
        return
    answer = make_answer(stored["grade"], stored["offered"], stored["why_not"])
    result: QuizResult = score_answer(answer, evaluation)
    st.metric(
        t("teaching.quiz.score"),
        f"{result.points}/{result.max_points}",
        delta=t("teaching.quiz.percent", percent=f"{result.percent:g}"),
        delta_color="off",
    )
    expected = grade_label(result.grade_expected, t)
    if result.grade_correct:
        st.success(t("teaching.quiz.grade_right", grade=expected), icon=":material/check_circle:")
    else:
        st.error(t("teaching.quiz.grade_wrong", grade=expected), icon=":material/cancel:")
    if result.perfect:
        st.success(t("teaching.quiz.perfect"), icon=":material/workspace_premium:")
    _feedback_list(t("teaching.quiz.missed"), result.missed, t)
    _feedback_list(t("teaching.quiz.wrong"), result.wrong, t)
    wrong_picks = [w for w in result.why_not if not w.correct]
    if wrong_picks:
        st.markdown(f"**{t('teaching.quiz.why_not_wrong')}**")
        for pick in wrong_picks:
            status = t(f"whatif.status.{pick.engine_status}")
            st.markdown(f"- {_therapy(t, pick.therapy)}: {status}")
            for reason in pick.reasons:
                st.caption(reason)


# --- projector mode, one step at a time ------------------------------------------------------


def _step_of(teaching: TeachingCase) -> int:
    steps: dict[str, int] = st.session_state[_STEP]
    return steps.get(teaching.id, 0)


def _move(teaching_id: str, by: int) -> None:
    steps: dict[str, int] = st.session_state[_STEP]
    steps[teaching_id] = min(max(steps.get(teaching_id, 0) + by, 0), len(STEPS) - 1)


def _show_vignette(teaching: TeachingCase, t: Translator) -> None:
    st.markdown(f"## {teaching.title.get(t.lang)}")
    st.markdown(teaching.vignette.get(t.lang))


def _show_question(teaching: TeachingCase, t: Translator) -> None:
    _show_vignette(teaching, t)
    st.markdown(f"### {t('teaching.teacher.question')}")
    for question in ("grade", "offer", "contraindicated"):
        st.markdown(f"- {t(f'teaching.teacher.ask.{question}')}")
    st.markdown(f"### {t('teaching.objectives')}")
    for objective in teaching.learning_objectives.get(t.lang):
        st.markdown(f"- {objective}")


def _show_answer(teaching: TeachingCase, evaluation: Evaluation, t: Translator) -> None:
    colon = t("punct.colon")
    grade = grade_label(evaluation.grade.label, t)
    st.markdown(f"## {t('teaching.teacher.grade', grade=grade)}")
    offered = [o for o in evaluation.options if o.offered]
    offered.sort(
        key=lambda o: (o.status is not Status.RECOMMENDED, sort_key(_therapy(t, o.therapy)))
    )
    st.markdown(f"### {t('teaching.teacher.offered')}")
    if not offered:
        st.markdown(t("teaching.teacher.none_offered"))
    for option in offered:
        st.markdown(f"{status_badge(option.status, t)} **{_therapy(t, option.therapy)}**")
        for reason in option.reasons:
            st.markdown(f"- {reason}")
    contraindicated = [o for o in evaluation.options if o.status is Status.CONTRAINDICATED]
    if contraindicated:
        st.markdown(f"### {t('teaching.teacher.contraindicated')}")
        for option in contraindicated:
            icon = STATUS_ICON[Status.CONTRAINDICATED]
            reasons = " ".join(option.reasons)
            st.markdown(f":red[{icon}] **{_therapy(t, option.therapy)}**{colon} {reasons}")
    st.markdown(f"### {t('teaching.teacher.points')}")
    for point in teaching.teaching_points:
        st.markdown(f"- {point.text.get(t.lang)}")
        st.caption(t("teaching.sources", sources=source_list(point.sources, t.lang)))
    if evaluation.alerts:
        st.markdown(f"### {t('teaching.teacher.alerts')}")
        for alert in evaluation.alerts:
            st.markdown(f"- **{alert_title(alert.code, t)}**{colon} {alert.message}")


def _show_tree(evaluation: Evaluation, t: Translator) -> None:
    st.markdown(f"## {t('teaching.teacher.tree')}")
    nodes = tree_nodes(evaluation, t)
    st.plotly_chart(
        tree_figure(nodes, t, font_size=19),
        key="quiz_widgets.tree",
        config={"displayModeBar": False, "staticPlot": True},
        alt=t("pathway.tree.alt", summary=tree_summary(nodes, t)),
    )


def teacher_view(teaching: TeachingCase, evaluation: Evaluation, t: Translator) -> None:
    """Projector mode: one step at a time, large type, no sidebar."""
    st.html(f"<style>{_projector_css()}</style>")
    # The sidebar (navigation, language) is hidden for the projector: say how to get it back.
    st.caption(t("teaching.teacher.sidebar_hidden"))
    step = _step_of(teaching)
    # The controls sit above the step, so a long answer never pushes them off the screen.
    back, forward = st.columns(2)
    back.button(
        t("teaching.teacher.back"),
        key="quiz_widgets.back",
        icon=":material/arrow_back:",
        on_click=guarded(_move),
        args=(teaching.id, -1),
        disabled=step == 0,
        shortcut="PageUp",
        width="stretch",
    )
    forward.button(
        t("teaching.teacher.next"),
        key="quiz_widgets.next",
        icon=":material/arrow_forward:",
        icon_position="right",
        type="primary",
        on_click=guarded(_move),
        args=(teaching.id, 1),
        disabled=step == len(STEPS) - 1,
        shortcut="PageDown",
        width="stretch",
    )
    with st.container(key=PROJECTOR_KEY):
        st.caption(
            t(
                "teaching.teacher.step",
                n=step + 1,
                total=len(STEPS),
                name=t(f"teaching.teacher.step.{STEPS[step]}"),
            )
        )
        if STEPS[step] == "vignette":
            _show_vignette(teaching, t)
        elif STEPS[step] == "question":
            _show_question(teaching, t)
        elif STEPS[step] == "answer":
            _show_answer(teaching, evaluation, t)
        else:
            _show_tree(evaluation, t)
