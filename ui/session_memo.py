"""Per-session memo of pure computations over a case (figures, tables, data frames).

Every interaction reruns the whole page, so anything computed from the case alone is computed
once per case content and kept for the next runs. Engineering notes ("Streamlit"): per-session
caches live in ``st.session_state``, never in ``st.cache_data`` (patient data). This module
owns the session-state keys prefixed ``session_memo.``; each caller names its own ``area``
(its module name) so areas never collide, and an area keeps its last few results only.

The key must contain everything the result depends on: the case fingerprint
(:func:`ui.current_case.case_hash`, cheap after the first call for one case object), the
language, the options chosen. A cached value is shared by every later run: callers must not
mutate it.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

import streamlit as st

_MEMO = "session_memo.areas"
KEPT_PER_AREA = 6

T = TypeVar("T")


def memo(area: str, key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()`` once per ``(area, key)`` in this session; the kept value after that."""
    areas: dict[str, dict[Hashable, Any]] = st.session_state.setdefault(_MEMO, {})
    kept = areas.setdefault(area, {})
    if key in kept:
        value: T = kept[key]
        return value
    value = compute()
    while len(kept) >= KEPT_PER_AREA:
        kept.pop(next(iter(kept)))
    kept[key] = value
    return value


def clear() -> None:
    """Forget every memo of this session."""
    st.session_state[_MEMO] = {}
