"""Widget callbacks without a red box.

Streamlit runs an ``on_click``/``on_change`` callback before the page script, so the page's
error boundary (``ui.error_boundary``) does not surround it. Every callback given to a widget
is wrapped with :func:`guarded`: a failure is logged without patient data
(``ui.failure_log``: class and code locations only) and noted here, and the next page run
says, at the top, that the action could not be completed (``ui.frame`` shows it). The rest of
the page is drawn as usual: the action failed, the case did not. Streamlit's own control flow
(``st.rerun``, ``st.stop``, ``st.switch_page``) passes through.

This module owns the session-state key ``callback_guard.failed``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec

import streamlit as st
from streamlit.runtime.scriptrunner_utils.exceptions import ScriptControlException

from ui.failure_log import log_failure

P = ParamSpec("P")

_FAILED = "callback_guard.failed"


def guarded(callback: Callable[P, None]) -> Callable[P, None]:
    """``callback`` with its failures caught, logged and reported on the next page run."""

    @functools.wraps(callback)
    def run(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            callback(*args, **kwargs)
        except ScriptControlException:
            raise
        except Exception as exc:  # noqa: BLE001 - the boundary of a callback: logged, said
            log_failure(exc, "callback", f"{callback.__module__}.{callback.__qualname__}")
            st.session_state[_FAILED] = True

    return run


def take_failure() -> bool:
    """True once after a guarded callback failed (the page says so, then forgets it)."""
    return bool(st.session_state.pop(_FAILED, False))
