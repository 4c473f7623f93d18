"""What-if page: which case is explored (the current one, or a teaching case when none is open).

Owns the session-state keys prefixed ``whatif_widgets.``. The scenario and sequence parts of
the page live in :mod:`ui.whatif_scenarios` and :mod:`ui.whatif_sequences`.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import streamlit as st

from netlogic.model.case import Case
from netlogic.reference.i18n import Translator
from netlogic.teaching.library import teaching_cases

_PICK = "whatif_widgets.teaching_pick"
STYLESHEET = Path(__file__).with_name("whatif.css")


@cache
def _stylesheet() -> str:
    """The page's static stylesheet (a file of this project, never user text)."""
    return STYLESHEET.read_text(encoding="utf-8")


def page_style() -> None:
    st.html(f"<style>{_stylesheet()}</style>")


def base_case(current: Case | None, t: Translator) -> Case:
    """The current case, or (none open) a teaching case chosen here."""
    if current is not None:
        return current
    st.info(t("whatif.no_case"), icon=":material/info:")
    cases = {c.id: c for c in teaching_cases()}
    chosen = st.selectbox(
        t("whatif.pick_case"),
        options=list(cases),
        format_func=lambda i: f"{i} — {cases[i].title.get(t.lang)}",
        key=_PICK,
    )
    return cases[chosen or next(iter(cases))].case
