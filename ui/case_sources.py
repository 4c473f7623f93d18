"""Where a case comes from: new, saved (case store), demo, or an imported file.

Every action is a widget callback that replaces the draft (ui.case_draft) and leaves a notice
for the page, so nothing is nested under ``if st.button(...)``. This module owns the
session-state keys prefixed ``case_sources.`` (its widget keys).
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from netlogic.model.case import Case
from netlogic.model.case_io import CaseValidationError, parse_case_text
from netlogic.model.csv_import import parse_measurements_csv
from netlogic.reference.i18n import Translator
from netlogic.store.demo import load_demo_cases
from ui import case_draft, case_store
from ui.frame import current_language

_DEMO = "case_sources.demo"
_SAVED = "case_sources.saved"
_JSON = "case_sources.json"
_CSV = "case_sources.csv"
_PASTE = "case_sources.paste"


@st.cache_data(show_spinner=False)
def demo_cases(today: date) -> list[Case]:
    """The demo and teaching cases shipped in data/ (static files, not patient data)."""
    return load_demo_cases(today)


def _report(exc: CaseValidationError, key: str) -> None:
    case_draft.set_notice("error", key, problems="\n".join(f"- {p.message}" for p in exc.problems))


def _open_demo(today: date) -> None:
    wanted = st.session_state[_DEMO]
    case = next(c for c in demo_cases(today) if c.id == wanted)
    case_draft.open_case(case, "demo")
    case_draft.set_notice("success", "case.opened_demo", case_id=case.id)


def _import_json(today: date) -> None:
    upload = st.session_state.get(_JSON)
    if upload is None:
        return
    try:
        case = parse_case_text(upload.getvalue(), today, current_language())
    except CaseValidationError as exc:
        _report(exc, "case.import_refused")
        return
    case_draft.open_case(case, "import")
    case_draft.set_notice("success", "case.imported", case_id=case.id)


def _import_csv(today: date) -> None:
    upload = st.session_state.get(_CSV)
    if upload is not None:
        _add_measurements(upload.getvalue(), today)


def _import_pasted(today: date) -> None:
    # Typing values from a lab report is faster as text than row by row in the table.
    text = st.session_state.get(_PASTE) or ""
    if text.strip():
        _add_measurements(text, today)


def _add_measurements(raw: str | bytes, today: date) -> None:
    try:
        found = parse_measurements_csv(raw, today, current_language())
    except CaseValidationError as exc:
        _report(exc, "case.csv_refused")
        return
    data = dict(case_draft.data())
    data["markers"] = [
        *(data.get("markers") or []),
        *(m.model_dump(mode="json") for m in found.markers),
    ]
    data["imaging"] = [
        *(data.get("imaging") or []),
        *(s.model_dump(mode="json") for s in found.imaging),
    ]
    case_draft.submit(data, today, current_language())
    case_draft.set_notice(
        "success", "case.csv_imported", markers=len(found.markers), imaging=len(found.imaging)
    )


def sources_panel(t: Translator, today: date) -> None:
    """Tabs: new case, saved case, demo case, import a case file or a CSV of measurements."""
    new, saved, demo, imported = st.tabs(
        [t("case.tab_new"), t("case.tab_saved"), t("case.tab_demo"), t("case.tab_import")]
    )
    new.button(
        t("case.start_new"), on_click=case_draft.start_new, args=(today,), key="case_sources.new"
    )
    summaries, problem = case_store.saved_cases()
    if problem is not None:
        saved.warning(t("case.store_unavailable", message=problem), icon=":material/error:")
    elif not summaries:
        saved.caption(t("case.no_saved_cases"))
    else:
        by_id = {s.case_id: s for s in summaries}
        saved.selectbox(
            t("case.saved_case"),
            list(by_id),
            format_func=lambda i: t(
                "case.saved_label",
                case_id=i,
                version=by_id[i].version,
                site=t(f"site.{by_id[i].primary_site}"),
                when=f"{by_id[i].saved_at:%Y-%m-%d}",
            ),
            key=_SAVED,
        )
        saved.button(
            t("case.open"),
            on_click=lambda: case_store.open_saved(st.session_state[_SAVED]),
            key="case_sources.open_saved",
        )
    cases = demo_cases(today)
    demo.selectbox(
        t("case.demo_case"),
        [c.id for c in cases],
        format_func=lambda i: (
            f"{i} ({t('site.' + next(c for c in cases if c.id == i).tumour.primary_site.value)})"
        ),
        key=_DEMO,
    )
    demo.button(t("case.open"), on_click=_open_demo, args=(today,), key="case_sources.open_demo")
    imported.file_uploader(
        t("case.import_json"), type=["json"], key=_JSON, on_change=_import_json, args=(today,)
    )
    imported.file_uploader(
        t("case.import_csv"),
        type=["csv"],
        key=_CSV,
        on_change=_import_csv,
        args=(today,),
        help=t("help.csv"),
    )
    with imported.form("case_sources.paste_form", border=False):
        st.text_area(
            t("case.paste_csv"), key=_PASTE, placeholder=t("case.paste_placeholder"), height=120
        )
        st.form_submit_button(t("case.paste_add"), on_click=_import_pasted, args=(today,))
