"""The case entry form: sections that mirror the case contract, tables for measurements.

``case_form`` draws one ``st.form`` from a draft (contract JSON dict) and returns the edited
draft when the clinician presses the button, else None. Bounds are NOT enforced by the widgets:
the case model checks them, so an out-of-range value (Ki-67 150%) reaches validation and its
message appears in words next to the field, with everything else kept.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable, Sequence
from datetime import date, datetime
from enum import StrEnum
from typing import Any

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from netlogic.model.case_io import FieldProblem
from netlogic.model.units import unit_table
from netlogic.model.vocabulary import (
    Burden,
    Comorbidity,
    Differentiation,
    FunctionalSyndrome,
    HereditarySyndrome,
    ImagingStatus,
    MarkerName,
    MetastaticSite,
    Mgmt,
    Modality,
    NecCellType,
    Necrosis,
    NodalStatus,
    PrimarySite,
    Progression,
    Response,
    Sex,
    Stage,
    StopReason,
    Therapy,
    YesNoUnknown,
)
from netlogic.reference.i18n import Translator
from ui import session_memo

FORM_KEY = "case_form"
TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "markers": ("date", "name", "value", "unit", "uln"),
    "imaging": (
        "date",
        "modality",
        "sum_diameters_mm",
        "new_lesions",
        "non_target_progression",
        "note",
    ),
    "treatments": ("therapy", "agent", "start", "end", "best_response", "stop_reason", "cycles"),
}
DATE_COLUMNS = {"date", "start", "end"}
BOOL_COLUMNS = {"new_lesions", "non_target_progression"}


class _Section:
    """Widgets of one section, with the problems of its fields shown under each widget."""

    def __init__(self, t: Translator, problems: list[FieldProblem], rev: int) -> None:
        self.t = t
        self.problems = problems
        self.rev = rev

    def key(self, path: str) -> str:
        return f"{FORM_KEY}.{self.rev}.{path}"

    def show_problems(self, box: DeltaGenerator, path: str) -> None:
        for problem in self.problems:
            if problem.field == path or problem.field.startswith((f"{path}.", f"{path}[")):
                box.error(problem.message, icon="⚠️")

    def select(
        self,
        box: DeltaGenerator,
        path: str,
        options: Sequence[Any],
        current: Any,
        label: Callable[[Any], str],
    ) -> Any:
        values = list(options)
        index = values.index(current) if current in values else 0
        chosen = box.selectbox(
            self.t(f"field.{path}"), values, index=index, format_func=label, key=self.key(path)
        )
        self.show_problems(box, path)
        return chosen

    def enum(
        self, box: DeltaGenerator, path: str, enum: type[StrEnum], current: Any, group: str
    ) -> Any:
        return self.select(
            box, path, [e.value for e in enum], current, lambda v: self.t(f"value.{group}.{v}")
        )

    def optional_enum(
        self, box: DeltaGenerator, path: str, enum: type[StrEnum], current: Any, group: str
    ) -> Any:
        options = [None, *(e.value for e in enum)]
        return self.select(
            box,
            path,
            options,
            current,
            lambda v: self.t("value.not_given") if v is None else self.t(f"value.{group}.{v}"),
        )

    def tristate(self, box: DeltaGenerator, path: str, current: Any) -> Any:
        words = {None: "value.unknown", True: "value.yes", False: "value.no"}
        return self.select(box, path, [None, True, False], current, lambda v: self.t(words[v]))

    def number(self, box: DeltaGenerator, path: str, current: Any, step: float = 1.0) -> Any:
        value = float(current) if isinstance(current, int | float) else None
        entered = box.number_input(
            self.t(f"field.{path}"), value=value, step=step, format="%.1f", key=self.key(path)
        )
        self.show_problems(box, path)
        return entered

    def multi(
        self, box: DeltaGenerator, path: str, enum: type[StrEnum], current: Any, group: str
    ) -> list[str]:
        options = [e.value for e in enum]
        chosen = box.multiselect(
            self.t(f"field.{path}"),
            options,
            default=[v for v in (current or []) if v in options],
            format_func=lambda v: self.t(f"value.{group}.{v}"),
            key=self.key(path),
        )
        self.show_problems(box, path)
        return list(chosen)

    def text(self, box: DeltaGenerator, path: str, current: Any) -> str | None:
        """Free text for the meeting (pseudonymous: the help text says no names)."""
        typed = box.text_area(
            self.t(f"field.{path}"),
            value=current or "",
            max_chars=2000,
            help=self.t("help.free_text"),
            key=self.key(path),
        )
        self.show_problems(box, path)
        return typed.strip() or None

    def checkbox(self, box: DeltaGenerator, path: str, current: Any) -> bool:
        ticked = box.checkbox(self.t(f"field.{path}"), value=bool(current), key=self.key(path))
        self.show_problems(box, path)
        return bool(ticked)


def _table_frame(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> pd.DataFrame:
    frame = pd.DataFrame(
        [{c: row.get(c) for c in columns} for row in rows if isinstance(row, dict)],
        columns=list(columns),
    )
    for column in columns:
        if column in DATE_COLUMNS:
            frame[column] = pd.to_datetime(frame[column], errors="coerce").dt.date
        elif column in BOOL_COLUMNS:
            frame[column] = frame[column].fillna(False).astype(bool)
    return frame


def _cell(value: Any, column: str) -> Any:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return False if column in BOOL_COLUMNS else None
    if isinstance(value, pd.Timestamp | datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalars -> Python numbers
        return value.item()
    if isinstance(value, str) and not value.strip() and column not in ("unit", "note"):
        return None
    return value


def table_rows(frame: pd.DataFrame, columns: tuple[str, ...]) -> list[dict[str, Any]]:
    """Edited table -> contract rows; rows left completely empty are dropped."""
    rows = []
    for record in frame.to_dict("records"):
        row = {c: _cell(record.get(c), c) for c in columns}
        meaningful = [v for c, v in row.items() if c not in BOOL_COLUMNS and v not in (None, "")]
        if meaningful:
            rows.append({k: v for k, v in row.items() if not (k == "unit" and v is None)})
    return rows


def _table(
    section: _Section, box: DeltaGenerator, name: str, rows: list[dict[str, Any]]
) -> pd.DataFrame:
    t = section.t
    units = list(dict.fromkeys([*unit_table().spellings, *(r.get("unit") or "" for r in rows)]))
    config: dict[str, Any] = {
        "date": st.column_config.DateColumn(t("field.date"), format="YYYY-MM-DD"),
        "start": st.column_config.DateColumn(t("field.start"), format="YYYY-MM-DD"),
        "end": st.column_config.DateColumn(t("field.end"), format="YYYY-MM-DD"),
        "name": st.column_config.SelectboxColumn(
            t("field.marker"),
            options=[m.value for m in MarkerName],
            format_func=lambda v: t(f"value.marker.{v}"),
        ),
        "value": st.column_config.NumberColumn(t("field.value")),
        "unit": st.column_config.SelectboxColumn(t("field.unit"), options=[u for u in units if u]),
        "uln": st.column_config.NumberColumn(t("field.uln")),
        "modality": st.column_config.SelectboxColumn(
            t("field.modality"),
            options=[m.value for m in Modality],
            format_func=lambda v: t(f"value.modality.{v}"),
        ),
        "sum_diameters_mm": st.column_config.NumberColumn(t("field.sum_diameters_mm")),
        "new_lesions": st.column_config.CheckboxColumn(t("field.new_lesions"), default=False),
        "non_target_progression": st.column_config.CheckboxColumn(
            t("field.non_target_progression"), default=False
        ),
        "note": st.column_config.TextColumn(t("field.note")),
        "therapy": st.column_config.SelectboxColumn(
            t("field.therapy"),
            options=[x.value for x in Therapy],
            format_func=lambda v: t(f"therapy.{v}"),
        ),
        "agent": st.column_config.TextColumn(t("field.agent")),
        "best_response": st.column_config.SelectboxColumn(
            t("field.best_response"),
            options=[r.value for r in Response],
            format_func=lambda v: t(f"value.response.{v}"),
        ),
        "stop_reason": st.column_config.SelectboxColumn(
            t("field.stop_reason"),
            options=[s.value for s in StopReason],
            format_func=lambda v: t(f"value.stop_reason.{v}"),
        ),
        "cycles": st.column_config.NumberColumn(t("field.cycles"), step=1),
    }
    columns = TABLE_COLUMNS[name]
    box.markdown(f"**{t(f'section.{name}')}**")
    # One draft per rev (ui.case_draft): its table frames are built once, not on every run.
    start = session_memo.memo(
        "case_form.tables", (section.rev, name), lambda: _table_frame(rows, columns)
    )
    edited = box.data_editor(
        start,
        column_config={c: config[c] for c in columns},
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        key=section.key(name),
    )
    section.show_problems(box, name)
    return edited


def case_form(
    data: dict[str, Any], problems: list[FieldProblem], t: Translator, rev: int
) -> dict[str, Any] | None:
    """Draw the form for ``data``; return the edited copy when submitted, else None."""
    # The measurement lists are replaced from the tables on submit: no need to copy them.
    out = {k: v if k in TABLE_COLUMNS else copy.deepcopy(v) for k, v in data.items()}
    patient = out.setdefault("patient", {})
    tumour = out.setdefault("tumour", {})
    disease = out.setdefault("disease", {})
    s = _Section(t, problems, rev)
    with st.form(f"{FORM_KEY}.{rev}", border=True):
        st.subheader(t("section.patient"))
        c1, c2, c3, c4 = st.columns(4)
        out["id"] = c1.text_input(
            t("field.id"), value=out.get("id") or "", key=s.key("id"), help=t("help.id")
        )
        s.show_problems(c1, "id")
        patient["age_years"] = s.number(c2, "patient.age_years", patient.get("age_years"))
        patient["sex"] = s.enum(c3, "patient.sex", Sex, patient.get("sex"), "sex")
        patient["ecog"] = s.select(
            c4,
            "patient.ecog",
            [None, 0, 1, 2, 3, 4],
            patient.get("ecog"),
            lambda v: t("value.not_given") if v is None else str(v),
        )

        st.subheader(t("section.pathology"))
        c1, c2, c3, c4 = st.columns(4)
        tumour["primary_site"] = s.select(
            c1,
            "tumour.primary_site",
            [p.value for p in PrimarySite],
            tumour.get("primary_site"),
            lambda v: t(f"site.{v}"),
        )
        tumour["differentiation"] = s.enum(
            c2,
            "tumour.differentiation",
            Differentiation,
            tumour.get("differentiation"),
            "differentiation",
        )
        tumour["ki67_percent"] = s.number(
            c3, "tumour.ki67_percent", tumour.get("ki67_percent"), 0.1
        )
        tumour["mitotic_count"] = s.number(c4, "tumour.mitotic_count", tumour.get("mitotic_count"))
        c1, c2, c3, c4 = st.columns(4)
        tumour["necrosis"] = s.enum(
            c1, "tumour.necrosis", Necrosis, tumour.get("necrosis"), "necrosis"
        )
        tumour["nec_cell_type"] = s.optional_enum(
            c2, "tumour.nec_cell_type", NecCellType, tumour.get("nec_cell_type"), "nec_cell_type"
        )
        tumour["non_ne_component_percent"] = s.number(
            c3, "tumour.non_ne_component_percent", tumour.get("non_ne_component_percent")
        )
        tumour["primary_size_mm"] = s.number(
            c4, "tumour.primary_size_mm", tumour.get("primary_size_mm")
        )
        c1, c2, c3, c4 = st.columns(4)
        tumour["mgmt"] = s.enum(c1, "tumour.mgmt", Mgmt, tumour.get("mgmt"), "mgmt")
        tumour["pdl1_percent"] = s.number(c2, "tumour.pdl1_percent", tumour.get("pdl1_percent"))
        tumour["hereditary_syndrome"] = s.enum(
            c3,
            "tumour.hereditary_syndrome",
            HereditarySyndrome,
            tumour.get("hereditary_syndrome"),
            "hereditary_syndrome",
        )
        tumour["family_history"] = s.tristate(
            c4, "tumour.family_history", tumour.get("family_history")
        )

        st.subheader(t("section.disease"))
        c1, c2, c3, c4 = st.columns(4)
        disease["stage"] = s.optional_enum(
            c1, "disease.stage", Stage, disease.get("stage"), "stage"
        )
        disease["nodal_status"] = s.enum(
            c2, "disease.nodal_status", NodalStatus, disease.get("nodal_status"), "nodal_status"
        )
        disease["progression"] = s.enum(
            c3, "disease.progression", Progression, disease.get("progression"), "progression"
        )
        disease["tumour_burden"] = s.enum(
            c4, "disease.tumour_burden", Burden, disease.get("tumour_burden"), "burden"
        )
        disease["metastatic_sites"] = s.multi(
            st,
            "disease.metastatic_sites",
            MetastaticSite,
            disease.get("metastatic_sites"),
            "metastatic_site",
        )
        c1, c2, c3, c4 = st.columns(4)
        disease["liver_involvement_percent"] = s.number(
            c1, "disease.liver_involvement_percent", disease.get("liver_involvement_percent")
        )
        disease["resectable"] = s.select(
            c2,
            "disease.resectable",
            [v.value for v in YesNoUnknown],
            disease.get("resectable"),
            lambda v: t(f"value.{v}"),
        )
        disease["extrahepatic_disease"] = s.tristate(
            c3, "disease.extrahepatic_disease", disease.get("extrahepatic_disease")
        )
        disease["primary_resected"] = s.tristate(
            c4, "disease.primary_resected", disease.get("primary_resected")
        )
        c1, c2, c3, c4 = st.columns(4)
        disease["debulkable_over_70_percent"] = s.tristate(
            c1, "disease.debulkable_over_70_percent", disease.get("debulkable_over_70_percent")
        )
        disease["stable_months"] = s.number(
            c2, "disease.stable_months", disease.get("stable_months")
        )
        disease["symptomatic"] = s.checkbox(c3, "disease.symptomatic", disease.get("symptomatic"))
        disease["portal_vein_thrombosis"] = s.checkbox(
            c4, "disease.portal_vein_thrombosis", disease.get("portal_vein_thrombosis")
        )
        disease["biliodigestive_anastomosis"] = s.checkbox(
            c4, "disease.biliodigestive_anastomosis", disease.get("biliodigestive_anastomosis")
        )

        st.subheader(t("section.syndrome_imaging"))
        c1, c2, c3, c4 = st.columns(4)
        tumour["functional_syndrome"] = s.enum(
            c1,
            "tumour.functional_syndrome",
            FunctionalSyndrome,
            tumour.get("functional_syndrome"),
            "functional_syndrome",
        )
        tumour["syndrome_controlled"] = s.tristate(
            c2, "tumour.syndrome_controlled", tumour.get("syndrome_controlled")
        )
        tumour["sstr_imaging"] = s.enum(
            c3, "tumour.sstr_imaging", ImagingStatus, tumour.get("sstr_imaging"), "imaging_status"
        )
        tumour["fdg_pet"] = s.enum(
            c4, "tumour.fdg_pet", ImagingStatus, tumour.get("fdg_pet"), "imaging_status"
        )

        st.subheader(t("section.comorbidities"))
        c1, c2 = st.columns([3, 1])
        out["comorbidities"] = s.multi(
            c1, "comorbidities", Comorbidity, out.get("comorbidities"), "comorbidity"
        )
        out["on_ppi"] = s.checkbox(c2, "on_ppi", out.get("on_ppi"))

        st.subheader(t("section.measurements"))
        edited = {
            name: _table(s, st, name, data.get(name) or [])
            for name in ("markers", "imaging", "treatments")
        }

        st.subheader(t("section.meeting"))
        c1, c2 = st.columns(2)
        out["meeting_question"] = s.text(c1, "meeting_question", out.get("meeting_question"))
        out["notes"] = s.text(c2, "notes", out.get("notes"))
        submitted = st.form_submit_button(t("case.check"), type="primary")
    if not submitted:
        return None
    for name, frame in edited.items():
        out[name] = table_rows(frame, TABLE_COLUMNS[name])
    return out
