"""The error boundary of every page: no traceback, no red box, always a way out.

Usage on a page (``pages/N_Name.py`` and ``app.py``)::

    with page_boundary("pathway"):
        frame = page_frame("pathway")
        ...                                # the whole page

An exception raised by the page (its evaluation included, see ``Frame.evaluation``) is caught
here: what the page had drawn is taken away (half a pathway without its alerts would mislead),
a message in the session's language says what happened, and the clinician gets a way out:
back to the Case page, or a new case. The failure is logged without patient data
(``ui.failure_log``). Streamlit's own control flow (``st.stop``, ``st.rerun``,
``st.switch_page``) is not an error and passes through.

A fragment reruns on its own, outside the page's ``with``: decorate it with
:func:`fragment_boundary` under ``@st.fragment`` so its failures are caught too.

Widget callbacks run before the page script, outside any boundary: ``ui.callback_guard``
wraps each one.
This module owns the session-state keys prefixed ``error_boundary.``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import ParamSpec

import streamlit as st
from streamlit.runtime.scriptrunner_utils.exceptions import ScriptControlException

from netlogic.reference.i18n import translator
from ui import case_draft
from ui.callback_guard import guarded
from ui.case_draft import PendingReplace
from ui.failure_log import log_failure
from ui.frame import EvaluationFailedError, current_language

P = ParamSpec("P")

_PAGE = "error_boundary.page"
_GO_TO_CASE = "error_boundary.go_to_case"
CASE_PAGE = "pages/1_Case.py"


def _start_new_case(today: date, lang: str) -> None:
    """The way out of a case that breaks a page. Unsaved changes are never dropped here: the
    Case page asks first, as for its own "Start a new case"."""
    case_draft.init_state(today, lang)
    case_draft.request_replace(PendingReplace("new", ""))
    st.session_state[_GO_TO_CASE] = True


def _show_failure(page_key: str, evaluation_failed: bool) -> None:
    lang = current_language()
    t = translator(lang)
    message = "boundary.evaluation_failed" if evaluation_failed else "boundary.page_failed"
    st.error(t(message), icon=":material/error:")
    st.write(t("boundary.way_out"))
    if page_key != "case":
        st.page_link(CASE_PAGE, label=t("boundary.back_to_case"), icon=":material/edit_note:")
    st.button(
        t("boundary.new_case"),
        key="error_boundary.new_case",
        icon=":material/note_add:",
        on_click=guarded(_start_new_case),
        args=(date.today(), lang),
    )


@contextmanager
def page_boundary(page_key: str) -> Iterator[None]:
    """Run a page's body; any exception becomes a message with a way out (see module doc)."""
    st.session_state[_PAGE] = page_key
    if st.session_state.pop(_GO_TO_CASE, False) and page_key != "case":
        st.switch_page(CASE_PAGE)
    page = st.empty()
    try:
        with page.container():
            yield
    except ScriptControlException:
        raise  # st.stop / st.rerun / st.switch_page: Streamlit's control flow, not a failure
    except Exception as exc:  # noqa: BLE001 - the one place a page failure is turned into words
        evaluation_failed = isinstance(exc, EvaluationFailedError)
        if not evaluation_failed:  # the frame has logged the evaluation's own traceback
            log_failure(exc, page_key, "page")
        with page.container():
            _show_failure(page_key, evaluation_failed)


def fragment_boundary(render: Callable[P, None]) -> Callable[P, None]:
    """For a function decorated with ``@st.fragment``: a failure is shown in its place.

    No widget is drawn here: the page's boundary may draw its own in the same run.
    """

    @functools.wraps(render)
    def guarded(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            render(*args, **kwargs)
        except ScriptControlException:
            raise
        except Exception as exc:  # noqa: BLE001 - a fragment rerun has no page boundary around it
            page_key = str(st.session_state.get(_PAGE, "unknown"))
            log_failure(exc, page_key, "fragment")
            t = translator(current_language())
            st.error(t("boundary.part_failed"), icon=":material/error:")
            if page_key != "case":
                st.page_link(
                    CASE_PAGE, label=t("boundary.back_to_case"), icon=":material/edit_note:"
                )

    return guarded
