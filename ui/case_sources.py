"""Where a case comes from: a new case; saved cases (patient cases apart from demo and
teaching ones, and the user's unsaved drafts), demo files, an imported case file; and values
pasted or read from a CSV file, merged into the case on screen after a preview.

Every action is a widget callback, so nothing is nested under ``if st.button(...)``. Opening
another case asks first when the screen holds unsaved changes (``case_draft.request_replace``).
The panel and its tabs are lazy: only what is open runs (the saved-case list is a store
query), and the panel closes once a case is opened. This module owns the session-state keys
prefixed ``case_sources.``.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from netlogic.model.case import Case
from netlogic.model.case_io import CaseValidationError, parse_case_text
from netlogic.model.csv_import import MeasurementImport, merge_into, parse_measurements_csv
from netlogic.model.entry import format_decimal
from netlogic.reference.i18n import Translator
from netlogic.store.demo import load_demo_cases
from netlogic.store.repository import CaseSummary
from ui import case_draft, case_store, draft_persistence
from ui.callback_guard import guarded
from ui.case_draft import PendingReplace
from ui.plain_text import plain

if TYPE_CHECKING:
    from streamlit.delta_generator import DeltaGenerator

PANEL = "case_sources.panel"
_TAB = "case_sources.tab"
_DEMO = "case_sources.demo"
_SAVED = "case_sources.saved"
_SAVED_KIND = "case_sources.saved_kind"
_DRAFT = "case_sources.draft"
_JSON = "case_sources.json"
_CSV = "case_sources.csv"
_PASTE = "case_sources.paste"
_PREVIEW = "case_sources.preview"
_REFUSED = "case_sources.refused"


@st.cache_data(show_spinner=False)
def demo_cases(today: date) -> list[Case]:
    """The demo and teaching cases shipped in data/ (static files, not patient data)."""
    return load_demo_cases(today)


def _problem_lines(exc: CaseValidationError) -> str:
    return "\n".join(f"- {plain(p.message)}" for p in exc.problems)


def _open_demo(today: date) -> None:
    wanted = st.session_state[_DEMO]
    case = next(c for c in demo_cases(today) if c.id == wanted)
    close_panel()
    notice = ("success", "case.opened_demo", {"case_id": plain(case.id)})
    case_draft.request_replace(
        PendingReplace("open", case.id, case=case, source="demo", notice=notice)
    )


def _start_new() -> None:
    case_draft.request_replace(PendingReplace("new", ""))


def _import_json(today: date, lang: str) -> None:
    upload = st.session_state.get(_JSON)
    if upload is None:
        return
    try:
        case = parse_case_text(upload.getvalue(), today, lang)
    except CaseValidationError as exc:
        case_draft.set_notice("error", "case.import_refused", problems=_problem_lines(exc))
        return
    close_panel()
    notice = ("success", "case.imported", {"case_id": plain(case.id)})
    case_draft.request_replace(
        PendingReplace("open", case.id, case=case, source="import", notice=notice)
    )


def _read_values(raw: str | bytes, today: date, lang: str) -> None:
    """Parse pasted or uploaded values into a preview; nothing is added yet."""
    try:
        found = parse_measurements_csv(raw, today, lang)
    except CaseValidationError as exc:
        st.session_state[_PREVIEW] = None
        st.session_state[_REFUSED] = _problem_lines(exc)
        return
    st.session_state[_REFUSED] = None
    st.session_state[_PREVIEW] = found


def _read_csv(today: date, lang: str) -> None:
    upload = st.session_state.get(_CSV)
    if upload is not None:
        _read_values(upload.getvalue(), today, lang)


def _read_pasted(today: date, lang: str) -> None:
    text = st.session_state.get(_PASTE) or ""
    if text.strip():
        _read_values(text, today, lang)


def _add_preview() -> None:
    found: MeasurementImport | None = st.session_state.get(_PREVIEW)
    if found is None:
        return
    close_panel()
    result = merge_into(case_draft.data(), found)
    case_draft.merge_tables(result.data)
    st.session_state[_PREVIEW] = None
    st.session_state[_PASTE] = ""
    case_draft.set_notice(
        "success",
        "case.values_added",
        markers=result.added["markers"],
        imaging=result.added["imaging"],
        treatments=result.added["treatments"],
        already=result.already_there,
    )


def _drop_preview() -> None:
    st.session_state[_PREVIEW] = None


def _preview(box: DeltaGenerator, t: Translator, lang: str) -> None:
    refused = st.session_state.get(_REFUSED)
    if refused:
        box.error(t("case.values_refused", problems=refused), icon=":material/error:")
    found: MeasurementImport | None = st.session_state.get(_PREVIEW)
    if found is None:
        return
    panel = box.container(border=True, key="case_sources.preview_box")
    panel.markdown(
        t(
            "case.preview_title",
            markers=len(found.markers),
            imaging=len(found.imaging),
            treatments=len(found.treatments),
        )
    )
    if found.markers:
        panel.dataframe(
            pd.DataFrame(
                [
                    (
                        m.date.isoformat(),
                        t(f"value.marker.{m.name.value}"),
                        format_decimal(m.value, lang),
                        m.unit,
                        format_decimal(m.uln, lang),
                    )
                    for m in found.markers
                ],
                columns=[
                    t("field.date"),
                    t("field.marker"),
                    t("field.value"),
                    t("field.unit"),
                    t("field.uln"),
                ],
            ),
            hide_index=True,
            width="stretch",
        )
    if found.imaging:
        panel.dataframe(
            pd.DataFrame(
                [
                    (
                        s.date.isoformat(),
                        t(f"value.modality.{s.modality.value}"),
                        format_decimal(s.sum_diameters_mm, lang),
                        t("value.yes") if s.new_lesions else t("value.no"),
                        s.note,
                    )
                    for s in found.imaging
                ],
                columns=[
                    t("field.date"),
                    t("field.modality"),
                    t("field.sum_diameters_mm"),
                    t("field.new_lesions"),
                    t("field.note"),
                ],
            ),
            hide_index=True,
            width="stretch",
        )
    if found.treatments:
        panel.dataframe(
            pd.DataFrame(
                [
                    (
                        t(f"therapy.{x.therapy.value}"),
                        x.agent or "",
                        x.start.isoformat(),
                        x.end.isoformat() if x.end else "",
                        t(f"value.response.{x.best_response.value}") if x.best_response else "",
                    )
                    for x in found.treatments
                ],
                columns=[
                    t("field.therapy"),
                    t("field.agent"),
                    t("field.start"),
                    t("field.end"),
                    t("field.best_response"),
                ],
            ),
            hide_index=True,
            width="stretch",
        )
    if found.ignored_columns:
        panel.caption(t("case.preview_ignored", columns=plain(", ".join(found.ignored_columns))))
    c1, c2 = panel.columns(2)
    c1.button(
        t("case.preview_add", count=found.count()),
        on_click=guarded(_add_preview),
        key="case_sources.add",
        type="primary",
        disabled=found.count() == 0,
    )
    c2.button(t("case.preview_cancel"), on_click=guarded(_drop_preview), key="case_sources.drop")


def _saved_tab(box: DeltaGenerator, t: Translator, today: date) -> None:
    demo_ids = {c.id for c in demo_cases(today)}
    patients, demos, problem = case_store.saved_cases(demo_ids)
    if problem is not None:
        box.warning(t("case.store_unavailable", message=plain(problem)), icon=":material/error:")
        return
    kinds = {"patients": patients, "demos": demos}
    kind = box.segmented_control(
        t("case.saved_kind"),
        list(kinds),
        format_func=lambda k: t(f"case.saved_kind.{k}", count=len(kinds[k])),
        key=_SAVED_KIND,
        default="patients",
        required=True,
        label_visibility="collapsed",
    )
    listed: list[CaseSummary] = kinds[kind or "patients"]
    if not listed:
        box.caption(t("case.no_saved_cases"))
    else:
        by_id = {s.case_id: s for s in listed}
        if st.session_state.get(_SAVED) not in by_id:
            st.session_state[_SAVED] = next(iter(by_id))
        box.selectbox(
            t("case.saved_case"),
            list(by_id),
            format_func=lambda i: t(
                "case.saved_label",
                case_id=i,
                version=by_id[i].version,
                site=t(f"site.{by_id[i].primary_site}"),
                when=f"{by_id[i].saved_at.astimezone():%Y-%m-%d}",
            ),
            key=_SAVED,
        )
        box.button(t("case.open"), on_click=guarded(_open_saved), key="case_sources.open_saved")
    drafts = draft_persistence.others(case_draft.draft_id())
    if drafts:
        by_draft = {d.draft_id: d for d in drafts}
        box.selectbox(
            t("case.drafts"),
            list(by_draft),
            format_func=lambda d: t(
                "case.draft_label",
                case_id=str(by_draft[d].payload.get("data", {}).get("id") or "—"),
                when=f"{by_draft[d].updated_at.astimezone():%Y-%m-%d %H:%M}",
            ),
            key=_DRAFT,
        )
        row = box.container(horizontal=True)
        row.button(
            t("case.resume_draft"),
            on_click=guarded(_resume_draft),
            key="case_sources.resume",
            disabled=case_draft.is_dirty(),
            help=t("case.resume_needs_clean") if case_draft.is_dirty() else None,
        )
        row.button(
            t("case.discard_draft"), on_click=guarded(_discard_draft), key="case_sources.discard"
        )


def _open_saved() -> None:
    close_panel()
    case_store.open_saved(st.session_state[_SAVED])


def _discard_draft() -> None:
    wanted = st.session_state.get(_DRAFT)
    if wanted:
        draft_persistence.discard(str(wanted))


def _resume_draft() -> None:
    wanted = st.session_state.get(_DRAFT)
    record = draft_persistence.read(str(wanted)) if wanted else None
    if record is None or case_draft.is_dirty():
        return
    close_panel()
    draft_persistence.discard(case_draft.draft_id())
    case_draft.adopt_draft_id(record.draft_id)
    case_draft.restore_payload(record.payload)


def close_panel() -> None:
    """After a case is opened or values are added, the panel gives the page back."""
    st.session_state[PANEL] = False


def start_new_button(box: DeltaGenerator, t: Translator) -> None:
    box.button(
        t("case.start_new"),
        on_click=guarded(_start_new),
        key="case_sources.new",
        icon=":material/note_add:",
    )


def sources_panel(t: Translator, today: date, lang: str) -> None:
    """Where a case comes from, in a panel that runs only while it is open (the saved-case
    list is a store query): saved cases and drafts, demo cases, a case file or values."""
    panel = st.popover(
        t("case.sources_panel"),
        icon=":material/folder_open:",
        key=PANEL,
        on_change="rerun",
        width="content",
    )
    if not panel.open:
        return
    saved, demo, imported = panel.tabs(
        [t("case.tab_saved"), t("case.tab_demo"), t("case.tab_import")],
        key=_TAB,
        on_change="rerun",
    )
    if saved.open:
        _saved_tab(saved, t, today)
    if demo.open:
        cases = demo_cases(today)
        sites = {c.id: c.tumour.primary_site.value for c in cases}
        demo.selectbox(
            t("case.demo_case"),
            list(sites),
            format_func=lambda i: f"{i} ({t('site.' + sites[i])})",
            key=_DEMO,
        )
        demo.button(
            t("case.open"),
            on_click=guarded(_open_demo),
            args=(today,),
            key="case_sources.open_demo",
        )
    if imported.open:
        imported.file_uploader(
            t("case.import_json"),
            type=["json"],
            key=_JSON,
            on_change=guarded(_import_json),
            args=(today, lang),
        )
        imported.file_uploader(
            t("case.import_values"),
            type=["csv", "txt", "tsv"],
            key=_CSV,
            on_change=guarded(_read_csv),
            args=(today, lang),
            help=t("case.values_help"),
        )
        with imported.form("case_sources.paste_form", border=False):
            st.text_area(
                t("case.paste_values"),
                key=_PASTE,
                placeholder=t("case.paste_values_placeholder"),
                height=140,
            )
            st.form_submit_button(
                t("case.paste_preview"), on_click=guarded(_read_pasted), args=(today, lang)
            )
        _preview(imported, t, lang)
