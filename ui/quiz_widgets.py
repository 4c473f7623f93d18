"""Teaching widgets: case choice, vignette, quiz form and score, teacher (projector) view.

Owns the session-state keys prefixed ``quiz_widgets.``. A resident's answers are kept per
teaching case in this session's state and scored on each render, so the score stays on screen
across reruns. Teacher mode enlarges the answer container through a static stylesheet
(``data/teaching/projector.css``) keyed on the container; no user text is ever passed as HTML.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from netlogic.clinical.evaluation import Evaluation
from netlogic.model.vocabulary import Status, Therapy
from netlogic.reference.i18n import Translator
from netlogic.reference.sources import source_list
from netlogic.teaching.library import TEACHING_DIR, TeachingCase, teaching_cases
from netlogic.teaching.quiz import QuizResult, make_answer, score_answer
from ui.current_case import set_current_case

_PICK = "quiz_widgets.case_pick"
_MODE = "quiz_widgets.mode"
_ANSWERS = "quiz_widgets.answers"
_OPENED = "quiz_widgets.opened"
PROJECTOR_CSS = TEACHING_DIR / "projector.css"
PROJECTOR_KEY = "quiz_widgets-projector"
GRADE_LABELS = (
    "NET G1",
    "NET G2",
    "NET G3",
    "NEC small cell",
    "NEC large cell",
    "NEC",
    "MiNEN",
    "Typical carcinoid",
    "Atypical carcinoid",
    "Indeterminate",
    "Out of scope",
)
STATUS_ICONS = {
    Status.RECOMMENDED: "🟢",
    Status.OPTION: "🔵",
    Status.NOT_RECOMMENDED: "⚪",
    Status.CONTRAINDICATED: "⛔",
}


def init_state() -> None:
    st.session_state.setdefault(_ANSWERS, {})
    st.session_state.setdefault(_OPENED, "")


@st.cache_data
def _projector_css() -> str:
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
    st.subheader(teaching.title.get(t.lang))
    st.markdown(teaching.vignette.get(t.lang))
    st.markdown(f"**{t('teaching.objectives')}**")
    for objective in teaching.learning_objectives.get(t.lang):
        st.markdown(f"- {objective}")


def open_in_pages(teaching: TeachingCase, t: Translator) -> None:
    """Make the teaching case the current case, so the normal pages show it."""
    if st.button(t("teaching.open_case"), key="quiz_widgets.open_case"):
        set_current_case(teaching.case, "demo")
        st.session_state[_OPENED] = teaching.id
    if st.session_state[_OPENED] == teaching.id:
        st.success(t("teaching.opened", case_id=teaching.id))
        st.page_link("pages/2_Pathway.py", label=t("teaching.go_pathway"), icon="🧭")


def _therapy(t: Translator, therapy: Therapy) -> str:
    return t(f"whatif.therapy.{therapy}")


def quiz_form(teaching: TeachingCase, t: Translator) -> None:
    with st.form("quiz_widgets.form"):
        grade = st.selectbox(
            t("teaching.quiz.grade"), [None, *GRADE_LABELS], key="quiz_widgets.grade"
        )
        offered = st.multiselect(
            t("teaching.quiz.offer"),
            list(Therapy),
            format_func=lambda v: _therapy(t, v),
            key="quiz_widgets.offered",
        )
        contraindicated = st.multiselect(
            t("teaching.quiz.why_not"),
            list(Therapy),
            format_func=lambda v: _therapy(t, v),
            key="quiz_widgets.contraindicated",
        )
        submitted = st.form_submit_button(t("teaching.quiz.submit"), key="quiz_widgets.submit")
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
        st.markdown(f"- {_therapy(t, item.therapy)}: {status} ({item.rule_id})")
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
        delta=f"{result.percent:g}%",
        delta_color="off",
    )
    if result.grade_correct:
        st.success(t("teaching.quiz.grade_right", grade=result.grade_expected))
    else:
        st.error(t("teaching.quiz.grade_wrong", grade=result.grade_expected))
    if result.perfect:
        st.success(t("teaching.quiz.perfect"))
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


def teacher_view(teaching: TeachingCase, evaluation: Evaluation, t: Translator) -> None:
    """Every answer at once, in large type for a projector."""
    st.html(f"<style>{_projector_css()}</style>")
    # The sidebar (navigation, language) is hidden for the projector: say how to get it back.
    st.caption(t("teaching.teacher.sidebar_hidden"))
    with st.container(key=PROJECTOR_KEY):
        st.markdown(f"## {t('teaching.teacher.grade', grade=evaluation.grade.label)}")
        offered = [o for o in evaluation.options if o.offered]
        st.markdown(f"### {t('teaching.teacher.offered')}")
        if not offered:
            st.markdown(t("teaching.teacher.none_offered"))
        for option in offered:
            status = t(f"whatif.status.{option.status}")
            st.markdown(
                f"{STATUS_ICONS[option.status]} **{_therapy(t, option.therapy)}** — {status}"
            )
            for reason in option.reasons:
                st.markdown(f"- {reason}")
        contraindicated = [o for o in evaluation.options if o.status is Status.CONTRAINDICATED]
        if contraindicated:
            st.markdown(f"### {t('teaching.teacher.contraindicated')}")
            for option in contraindicated:
                st.markdown(f"⛔ **{_therapy(t, option.therapy)}** — {' '.join(option.reasons)}")
        st.markdown(f"### {t('teaching.teacher.points')}")
        for point in teaching.teaching_points:
            st.markdown(f"- {point.text.get(t.lang)}")
            st.caption(t("teaching.sources", sources=source_list(point.sources, t.lang)))
        st.markdown(f"### {t('teaching.teacher.alerts')}")
        for alert in evaluation.alerts:
            st.markdown(f"- **{t(f'alert.{alert.code}')}**{t('punct.colon')} {alert.message}")
