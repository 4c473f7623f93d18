"""The frame every page calls first: page config, language, current case, evaluation, sidebar.

Usage on a page (``pages/N_Name.py``)::

    from ui.error_boundary import page_boundary
    from ui.frame import page_frame

    with page_boundary("pathway"):             # failures shown in words (ui.error_boundary)
        frame = page_frame("pathway")          # first Streamlit call of the page
        t = frame.t                            # the session's netlogic.reference.i18n.Translator
        st.title(t("page.pathway.title"))
        if frame.case is None: ...             # no case opened yet
        frame.evaluation                       # netlogic.clinical.evaluation.Evaluation (or None)

Nothing here raises when the current case cannot be evaluated: the failure is logged without
patient data (``ui.failure_log``), the sidebar says so, and ``frame.evaluation`` raises
:class:`EvaluationFailedError` on the pages that need it, which the page boundary
(``ui.error_boundary``) shows in words with a way out.

This module owns the session-state keys prefixed ``frame.``. The language is per session
(never process-wide): its default comes from the browser locale (``st.context.locale``) and
the sidebar switch changes it. The evaluation is computed once per case content, language and
day, and kept in this session's state (patient data never go into ``st.cache_data``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import streamlit as st

from netlogic.clinical.evaluation import Evaluation, evaluate
from netlogic.clinical.grading import grade_label
from netlogic.clinical.rules import ruleset
from netlogic.model.case import Case
from netlogic.reference.i18n import LANGUAGES, Translator, normalise_language, translator
from netlogic.reference.loading import RuleFileError
from ui import callback_guard, case_draft, current_case, identity, url_state
from ui.callback_guard import guarded
from ui.current_case import CurrentCase
from ui.failure_log import log_failure

_LANG = "frame.lang"
_LANG_WIDGET = "frame.lang_choice"
_EVALUATIONS = "frame.evaluations"
_KEPT_EVALUATIONS = 8
LANGUAGE_NAMES = {"en": "English", "fr": "Français"}
# (script, translation key of its name, icon): the pages in the order a consultation runs.
# Material icons ship with Streamlit's own font; emoji need a system emoji font.
PAGES = (
    ("app.py", "nav.home", ":material/home:"),
    ("pages/1_Case.py", "page.case.title", ":material/edit_note:"),
    ("pages/2_Pathway.py", "page.pathway.title", ":material/account_tree:"),
    ("pages/3_Trends.py", "page.trends.title", ":material/monitoring:"),
    ("pages/4_What_if.py", "page.whatif.title", ":material/alt_route:"),
    ("pages/5_Teaching.py", "page.teaching.title", ":material/school:"),
    ("pages/6_Export.py", "page.export.title", ":material/download:"),
    ("pages/7_Meeting.py", "page.meeting.title", ":material/groups:"),
    ("pages/8_Concordance.py", "page.concordance.title", ":material/fact_check:"),
)
LOCAL_AUTHOR = "local"
_STATIC = Path(__file__).resolve().parent / "static"
# Trusted, fixed code (no user text): document language, phone sidebar, focus outline,
# labels that wrap. Registered once per process; mounted on every page by page_frame.
_BEHAVIOUR = st.components.v2.component(
    "netlogic.frame_behaviour",
    js=(_STATIC / "frame_behaviour.js").read_text(encoding="utf-8"),
    css=(_STATIC / "frame_behaviour.css").read_text(encoding="utf-8"),
    isolate_styles=False,
)


class EvaluationFailedError(Exception):
    """The current case could not be evaluated (already logged by the frame)."""


@dataclass(frozen=True)
class Frame:
    """What a page gets from :func:`page_frame`.

    ``t``: translator for the session language; ``lang``: "en" or "fr"; ``case``: the current
    case or None; ``evaluation``: ``evaluate(case, today, lang)`` or None without a case (it
    raises :class:`EvaluationFailedError` when the evaluation failed); ``info``: source, store
    version and save state of the current case; ``today``: the evaluation date; ``author``:
    the name saves are recorded under.
    """

    page_key: str
    t: Translator
    lang: str
    case: Case | None
    evaluated: Evaluation | None
    info: CurrentCase
    today: date
    author: str
    evaluation_failed: bool = False

    @property
    def evaluation(self) -> Evaluation | None:
        if self.evaluation_failed:
            raise EvaluationFailedError
        return self.evaluated


def browser_language() -> str:
    """The session's default language from the browser locale ('fr-FR' -> 'fr')."""
    return normalise_language(st.context.locale)


def current_language() -> str:
    _init_state()
    lang: str = st.session_state[_LANG]
    return lang


def current_author() -> str:
    """Who saves and reads: the identity provider's login in team mode, else 'local'
    (ui.identity)."""
    return identity.current_user()


def session_evaluation(case: Case, lang: str, today: date) -> Evaluation:
    """The evaluation of ``case``, computed once per content, language and day per session."""
    _init_state()
    key = (current_case.case_hash(case), lang, today.isoformat())
    cache: dict[tuple[str, str, str], Evaluation] = st.session_state[_EVALUATIONS]
    if key not in cache:
        if len(cache) >= _KEPT_EVALUATIONS:
            cache.pop(next(iter(cache)))
        cache[key] = evaluate(case, today=today, lang=lang)
    return cache[key]


def _evaluate_safely(
    page_key: str, case: Case | None, lang: str, today: date
) -> tuple[Evaluation | None, bool]:
    """(evaluation, failed): a case the engine cannot evaluate must not take the frame down."""
    if case is None:
        return None, False
    try:
        return session_evaluation(case, lang, today), False
    except Exception as exc:  # noqa: BLE001 - any engine failure is logged and shown in words
        log_failure(exc, page_key, "evaluation")
        return None, True


def _init_state() -> None:
    if _LANG not in st.session_state:
        # A refreshed page keeps its language in the URL (ui.url_state).
        st.session_state[_LANG] = url_state.language_from_url() or browser_language()
    st.session_state.setdefault(_EVALUATIONS, {})
    current_case.init_state()


def _on_language_change() -> None:
    st.session_state[_LANG] = st.session_state[_LANG_WIDGET]


def _language_switch(t: Translator, lang: str) -> None:
    # The widget's own state is dropped on a page switch; the owned key keeps the choice.
    st.session_state[_LANG_WIDGET] = lang
    st.sidebar.radio(
        t("frame.language"),
        options=list(LANGUAGES),
        format_func=LANGUAGE_NAMES.__getitem__,
        horizontal=True,
        key=_LANG_WIDGET,
        on_change=guarded(_on_language_change),
    )


def _case_panel(
    t: Translator, info: CurrentCase, evaluation: Evaluation | None, failed: bool = False
) -> None:
    box = st.sidebar.container(border=True)
    if info.case is None or (evaluation is None and not failed):
        box.caption(t("frame.no_case"))
        return
    box.markdown(f"**{t('frame.case_id')}{t('punct.colon')}** `{info.case.id}`")
    if evaluation is None:
        box.warning(t("boundary.sidebar_not_evaluated"), icon=":material/error:")
        return
    grade = grade_label(evaluation.grade.label, t)
    box.markdown(f"**{t('frame.grade')}{t('punct.colon')}** {grade}")
    if info.saved_at is None:
        box.caption(t("frame.never_saved"))
    else:
        when = info.saved_at.astimezone().strftime("%Y-%m-%d %H:%M")
        state = t("frame.saved") if info.saved else t("frame.unsaved_changes")
        box.caption(t("frame.last_save", version=info.version, when=when, state=state))


def _page_behaviour(page_key: str, lang: str) -> None:
    """The document's ``lang``, the phone sidebar closing after navigation, focus outlines."""
    with st.sidebar:
        _BEHAVIOUR(data={"lang": lang, "page": page_key}, key="frame.behaviour")


def _ruleset_caption(t: Translator, evaluation: Evaluation | None) -> None:
    """Which rules produced what the page shows, on every page."""
    version = evaluation.ruleset_version if evaluation is not None else _loaded_ruleset_version()
    if version:
        st.sidebar.caption(t("frame.ruleset", version=version))


def _loaded_ruleset_version() -> str | None:
    from netlogic.clinical.rules import ruleset

    try:
        return ruleset().version
    except Exception:  # noqa: BLE001 - a bad rule set is reported by the pages, not here
        return None


def _stop_on_bad_rule_tables(t: Translator) -> None:
    """A rule set that does not load stops every page with the loader's own words (the same
    message as `python -m netlogic rules check`), never a bare exception."""
    try:
        ruleset()
    except RuleFileError as exc:
        st.error(t("frame.bad_rules"), icon=":material/error:")
        st.code(str(exc), language=None)
        st.stop()


def page_frame(page_key: str) -> Frame:
    """Call first on every page: config, owned state, sidebar; returns the page's Frame.

    ``page_key`` names the page ("home", "case", "pathway", "trends", "whatif", ...); the
    browser tab title is the translation of ``page.<page_key>.title`` (falls back to the key).
    """
    _init_state()
    lang = current_language()
    identity.require_login(lang)  # team mode: nothing below runs for an anonymous session
    url_state.restore_session(date.today(), lang)
    t = translator(lang)
    st.set_page_config(page_title=f"{t(f'page.{page_key}.title')} · NET", layout="wide")
    _stop_on_bad_rule_tables(t)
    if callback_guard.take_failure():
        st.error(t("boundary.action_failed"), icon=":material/error:")
    for script, name, icon in PAGES:
        st.sidebar.page_link(script, label=t(name), icon=icon)
    _language_switch(t, lang)
    info = current_case.get_current_info()
    today = date.today()
    evaluation, failed = _evaluate_safely(page_key, info.case, lang, today)
    _case_panel(t, info, evaluation, failed)
    pending = case_draft.pending_problem_count()
    if pending and page_key != "case":
        # The other pages show the last valid case: say so, or a what-if reads stale data.
        st.sidebar.warning(t("frame.draft_invalid", count=pending), icon=":material/warning:")
    st.sidebar.info(t("frame.notice"), icon=":material/medical_information:")
    _ruleset_caption(t, evaluation)
    _page_behaviour(page_key, lang)
    url_state.sync_url(lang)
    return Frame(
        page_key=page_key,
        t=t,
        lang=lang,
        case=info.case,
        evaluated=evaluation,
        info=info,
        today=today,
        author=current_author(),
        evaluation_failed=failed,
    )
