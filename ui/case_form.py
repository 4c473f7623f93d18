"""The case entry form: one section at a time, each field checked as soon as it is left.

Sections mirror the case contract (patient, tumour, disease, syndrome and imaging,
markers, imaging, treatment lines, the question for the meeting, the version history). Only
the chosen section is drawn, so a change reruns a short page. There is no "check" button:
every widget writes its value into the draft (``ui.case_draft``) from its ``on_change``
callback, the draft is checked at once, and each problem is shown beside its field and in
the summary at the top of the page (``ui.case_status``). The grade card beside the pathology
fields follows every change.

Numbers are typed as text and read by :func:`netlogic.model.entry.parse_decimal`: "8,5" and
"8.5" are 8.5, "12a" is kept as typed and refused in words, never read as 12; French shows
"8,5". Widget keys are stable while the clinician edits
(``case_form.f.<rev>.<lang>.<path>``), so a change reruns the page without rebuilding its
widgets; they change only when the whole draft is replaced (``case_draft.rev``: another case
opened) or the language changes. This module owns the session-state keys prefixed
``case_form.``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import Any

import streamlit as st
from pydantic import ValidationError
from streamlit.delta_generator import DeltaGenerator

from netlogic.clinical.grading import grade_label, grade_tumour, system_label
from netlogic.model.case import Tumour
from netlogic.model.case_io import FieldProblem
from netlogic.model.entry import EntryError, format_decimal, parse_decimal
from netlogic.model.vocabulary import (
    Burden,
    Comorbidity,
    Differentiation,
    FunctionalSyndrome,
    HereditarySyndrome,
    ImagingStatus,
    MetastaticSite,
    Mgmt,
    NecCellType,
    Necrosis,
    NodalStatus,
    PrimarySite,
    Progression,
    Sex,
    Stage,
    YesNoUnknown,
)
from netlogic.reference.i18n import Translator
from ui import case_draft, case_tables, session_memo
from ui.callback_guard import guarded
from ui.plain_text import plain

FIELD_KEY = "case_form.f."
SECTION_KEY = "case_form.section"
_SECTION_KEPT = "case_form.section_kept"
SECTIONS = (
    "patient",
    "tumour",
    "disease",
    "syndrome_imaging",
    "markers",
    "imaging",
    "treatments",
    "meeting",
    "history",
)
# Fields of the syndrome and imaging section (the other tumour fields are pathology).
_SYNDROME_FIELDS = (
    "tumour.functional_syndrome",
    "tumour.syndrome_controlled",
    "tumour.sstr_imaging",
    "tumour.fdg_pet",
    "tumour.sstr_fdg_mismatch",
    "comorbidities",
    "on_ppi",
)
# Fields typed as numbers: what the widget holds is text (see the module docstring).
NUMBER_FIELDS = (
    "patient.age_years",
    "tumour.ki67_percent",
    "tumour.mitotic_count",
    "tumour.non_ne_component_percent",
    "tumour.primary_size_mm",
    "tumour.pdl1_percent",
    "disease.liver_involvement_percent",
    "disease.stable_months",
)
TEXT_FIELDS = ("meeting_question", "notes")
# A selectbox shows None as "nothing chosen" (its placeholder); "not given" is a real choice.
NOT_GIVEN = "not_given"


def section_of(path: str) -> str:
    """The section that shows the field of a problem ('markers[2].date' -> 'markers')."""
    head = path.split("[", 1)[0].split(".", 1)[0]
    if head in case_draft.TABLES:
        return head
    if head == "disease":
        return "disease"
    if head in TEXT_FIELDS:
        return "meeting"
    if path in _SYNDROME_FIELDS or head in ("comorbidities", "on_ppi"):
        return "syndrome_imaging"
    if head == "tumour":
        return "tumour"
    return "patient"


def _generation(lang: str) -> str:
    return f"{FIELD_KEY}{case_draft.rev()}.{lang}."


def widget_key(path: str, lang: str) -> str:
    """The key of a field's widget: stable while the clinician edits; new when the whole draft
    is replaced (another case opened) or the language changes, so the new widgets start from
    the draft and no value the browser still holds for the old ones can come back."""
    return f"{_generation(lang)}{path}"


def _seed_value(path: str, lang: str) -> Any:
    value = case_draft.field_value(path)
    if path in NUMBER_FIELDS or path == "id":
        if isinstance(value, int | float) and not isinstance(value, bool):
            return format_decimal(value, lang)
        return value if isinstance(value, str) else ""
    if path in TEXT_FIELDS:
        return value or ""
    if path in ("comorbidities", "disease.metastatic_sites"):
        return list(value or [])
    if path in ("on_ppi", "disease.symptomatic", "disease.portal_vein_thrombosis") or path == (
        "disease.biliodigestive_anastomosis"
    ):
        return bool(value)
    if value is None and path != "tumour.primary_site":
        return NOT_GIVEN
    return value


def entered_value(path: str, lang: str) -> Any:
    """The draft value of what the widget of ``path`` holds now."""
    typed = st.session_state[widget_key(path, lang)]
    if path in NUMBER_FIELDS:
        try:
            return parse_decimal(str(typed or ""), lang)
        except EntryError:
            return str(typed).strip()  # kept as typed; the draft check says why it is refused
    if path == "id":
        return str(typed or "").strip()
    if path in TEXT_FIELDS:
        return str(typed or "").strip() or None
    if isinstance(typed, list):
        return list(typed)
    return None if typed == NOT_GIVEN else typed


def _on_change(path: str, lang: str) -> None:
    case_draft.set_field(path, entered_value(path, lang))


def sync_all(lang: str) -> None:
    """Every field widget's value into the draft (the Save button calls it first, so a value
    typed and not yet left is saved too, whatever order Streamlit runs callbacks in)."""
    current = _generation(lang)
    for key in [str(k) for k in st.session_state if str(k).startswith(current)]:
        path = key.removeprefix(current)
        case_draft.set_field(path, entered_value(path, lang))
    case_tables.sync_all(lang)


class _Fields:
    """Widgets of one section, each with its problems shown beneath it."""

    def __init__(self, t: Translator, lang: str, problems: list[FieldProblem]) -> None:
        self.t = t
        self.lang = lang
        self.problems = problems

    def _prepare(self, path: str) -> tuple[str, Any]:
        """The widget's key and its starting value: the draft's. The starting value goes to
        the widget itself (never written into session state first), so a widget drawn anew
        (another section opened) shows the draft from its first paint; once drawn, the
        widget keeps what the clinician typed."""
        return widget_key(path, self.lang), _seed_value(path, self.lang)

    def _callback(self, path: str) -> dict[str, Any]:
        return {"on_change": _on_change, "args": (path, self.lang)}

    def problems_of(self, box: DeltaGenerator, path: str) -> None:
        for problem in self.problems:
            if problem.field == path or problem.field.startswith((f"{path}.", f"{path}[")):
                box.error(plain(problem.message), icon=":material/error:")

    def number(self, box: DeltaGenerator, path: str) -> None:
        key, value = self._prepare(path)
        box.text_input(
            self.t(f"field.{path}"),
            value=value,
            key=key,
            placeholder=self.t("case.number_placeholder"),
            **self._callback(path),
        )
        self.problems_of(box, path)

    def text(self, box: DeltaGenerator, path: str, help_key: str | None = None) -> None:
        key, value = self._prepare(path)
        box.text_input(
            self.t(f"field.{path}"),
            value=value,
            key=key,
            max_chars=64,
            help=self.t(help_key) if help_key else None,
            **self._callback(path),
        )
        self.problems_of(box, path)

    def area(self, box: DeltaGenerator, path: str) -> None:
        key, value = self._prepare(path)
        box.text_area(
            self.t(f"field.{path}"),
            value=value,
            key=key,
            max_chars=2000,
            help=self.t("help.free_text"),
            **self._callback(path),
        )
        self.problems_of(box, path)

    def select(
        self,
        box: DeltaGenerator,
        path: str,
        options: Sequence[Any],
        label: Callable[[Any], str],
        placeholder: str | None = None,
    ) -> None:
        key, value = self._prepare(path)
        index = list(options).index(value) if value in options else None
        box.selectbox(
            self.t(f"field.{path}"),
            list(options),
            index=index if index is not None or placeholder else 0,
            format_func=label,
            key=key,
            placeholder=placeholder,
            **self._callback(path),
        )
        self.problems_of(box, path)

    def enum(self, box: DeltaGenerator, path: str, enum: type[StrEnum], group: str) -> None:
        self.select(box, path, [e.value for e in enum], lambda v: self.t(f"value.{group}.{v}"))

    def optional_enum(
        self, box: DeltaGenerator, path: str, enum: type[StrEnum], group: str
    ) -> None:
        words = self.t

        def label(v: Any) -> str:
            return words("value.not_given") if v == NOT_GIVEN else words(f"value.{group}.{v}")

        self.select(box, path, [NOT_GIVEN, *(e.value for e in enum)], label)

    def tristate(self, box: DeltaGenerator, path: str) -> None:
        words = {NOT_GIVEN: "value.unknown", True: "value.yes", False: "value.no"}
        self.select(box, path, [NOT_GIVEN, True, False], lambda v: self.t(words[v]))

    def multi(self, box: DeltaGenerator, path: str, enum: type[StrEnum], group: str) -> None:
        key, value = self._prepare(path)
        options = [e.value for e in enum]
        box.multiselect(
            self.t(f"field.{path}"),
            options,
            default=[v for v in value if v in options],
            format_func=lambda v: self.t(f"value.{group}.{v}"),
            key=key,
            placeholder=self.t("value.none_chosen"),
            **self._callback(path),
        )
        self.problems_of(box, path)

    def checkbox(self, box: DeltaGenerator, path: str) -> None:
        key, value = self._prepare(path)
        box.checkbox(self.t(f"field.{path}"), value=value, key=key, **self._callback(path))
        self.problems_of(box, path)


def _grade_now(lang: str, t: Translator) -> tuple[str, str | None, list[str]]:
    """The grade of the tumour fields on screen (checked alone: a bad marker date elsewhere
    does not hide the grade), or a dash when the pathology fields do not validate yet."""
    tumour = {k: v for k, v in (case_draft.data().get("tumour") or {}).items() if v is not None}

    def compute() -> tuple[str, str | None, list[str]]:
        try:
            result = grade_tumour(Tumour.model_validate(tumour), t)
        except ValidationError:
            waits = "case.grade_waits_short" if "primary_site" not in tumour else "case.grade_waits"
            return "—", t(waits), []
        return grade_label(result.label, t), system_label(result.system, t), result.basis

    key = (case_draft.data_hash(tumour), lang)
    return session_memo.memo("case_form.grade", key, compute)


def _grade_card(box: DeltaGenerator, t: Translator, lang: str) -> None:
    label, system, basis = _grade_now(lang, t)
    # One element (it is redrawn on every change); the basis sits behind its "?".
    box.metric(
        t("case.grade_now"),
        label,
        # The classification (or what the grade waits for) under the value, in grey.
        delta=system,
        delta_color="off",
        delta_arrow="off",
        help="\n\n".join(plain(b) for b in basis) or None,
        border=True,
    )


def _patient(f: _Fields, t: Translator) -> None:
    st.subheader(t("section.patient"))
    c1, c2, c3 = st.columns(3)
    f.text(c1, "id", "help.id")
    f.number(c2, "patient.age_years")
    f.enum(c3, "patient.sex", Sex, "sex")
    f.select(
        c1,
        "patient.ecog",
        [NOT_GIVEN, 0, 1, 2, 3, 4],
        lambda v: t("value.not_given") if v == NOT_GIVEN else str(v),
    )
    f.tristate(c2, "patient.pregnant")


def _tumour(f: _Fields, t: Translator, lang: str) -> None:
    # Fields fill columns top to bottom, one theme per column: fewer layout blocks to draw on
    # every change, and the order a pathology report is read in.
    st.subheader(t("section.pathology"))
    grading, morphology, molecular = st.columns(3)
    # The grade card first, above the fields it reads: after a Ki-67 change it is what the
    # clinician looks for, and it reaches the browser before the rest of the section.
    _grade_card(grading, t, lang)
    f.select(
        grading,
        "tumour.primary_site",
        [p.value for p in PrimarySite],
        lambda v: t(f"site.{v}"),
        placeholder=t("case.site_required"),
    )
    f.enum(grading, "tumour.differentiation", Differentiation, "differentiation")
    f.number(grading, "tumour.ki67_percent")
    f.number(grading, "tumour.mitotic_count")
    f.enum(morphology, "tumour.necrosis", Necrosis, "necrosis")
    f.optional_enum(morphology, "tumour.nec_cell_type", NecCellType, "nec_cell_type")
    f.number(morphology, "tumour.non_ne_component_percent")
    f.number(morphology, "tumour.primary_size_mm")
    if case_draft.field_value("tumour.primary_site") == PrimarySite.STOMACH.value or (
        case_draft.field_value("tumour.gastric_type") is not None
    ):
        # Only a gastric NET has a type; kept visible while a value would otherwise hide.
        f.select(
            morphology,
            "tumour.gastric_type",
            [NOT_GIVEN, 1, 2, 3, "unknown"],
            lambda v: t("value.not_given") if v == NOT_GIVEN else t(f"value.gastric_type.{v}"),
        )
    f.enum(molecular, "tumour.mgmt", Mgmt, "mgmt")
    f.number(molecular, "tumour.pdl1_percent")
    f.enum(molecular, "tumour.hereditary_syndrome", HereditarySyndrome, "hereditary_syndrome")
    f.tristate(molecular, "tumour.family_history")


def _disease(f: _Fields, t: Translator) -> None:
    st.subheader(t("section.disease"))
    extent, course, surgery = st.columns(3)
    f.optional_enum(extent, "disease.stage", Stage, "stage")
    f.enum(extent, "disease.nodal_status", NodalStatus, "nodal_status")
    f.number(extent, "disease.liver_involvement_percent")
    f.tristate(extent, "disease.extrahepatic_disease")
    f.enum(course, "disease.progression", Progression, "progression")
    f.number(course, "disease.stable_months")
    f.enum(course, "disease.tumour_burden", Burden, "burden")
    f.checkbox(course, "disease.symptomatic")
    f.select(
        surgery,
        "disease.resectable",
        [v.value for v in YesNoUnknown],
        lambda v: t(f"value.{v}"),
    )
    f.tristate(surgery, "disease.primary_resected")
    f.tristate(surgery, "disease.debulkable_over_70_percent")
    f.checkbox(surgery, "disease.portal_vein_thrombosis")
    f.checkbox(surgery, "disease.biliodigestive_anastomosis")
    f.multi(st.container(), "disease.metastatic_sites", MetastaticSite, "metastatic_site")


def _syndrome_imaging(f: _Fields, t: Translator) -> None:
    st.subheader(t("section.syndrome_imaging"))
    syndrome, imaging = st.columns(2)
    f.select(
        syndrome,
        "tumour.functional_syndrome",
        [NOT_GIVEN, *(s.value for s in FunctionalSyndrome)],
        lambda v: (
            t("value.syndrome_not_given") if v == NOT_GIVEN else t(f"value.functional_syndrome.{v}")
        ),
    )
    f.tristate(syndrome, "tumour.syndrome_controlled")
    f.enum(imaging, "tumour.sstr_imaging", ImagingStatus, "imaging_status")
    f.enum(imaging, "tumour.fdg_pet", ImagingStatus, "imaging_status")
    f.tristate(imaging, "tumour.sstr_fdg_mismatch")
    st.subheader(t("section.comorbidities"))
    c1, c2 = st.columns([3, 1])
    f.multi(c1, "comorbidities", Comorbidity, "comorbidity")
    f.checkbox(c2, "on_ppi")


def _meeting(f: _Fields, t: Translator) -> None:
    st.subheader(t("section.meeting"))
    c1, c2 = st.columns(2)
    f.area(c1, "meeting_question")
    f.area(c2, "notes")


def section_label(section: str, t: Translator, counts: dict[str, int]) -> str:
    label = t(f"case.section.{section}")
    if section in case_draft.TABLES:
        label = f"{label} ({len(case_draft.data().get(section) or [])})"
    if counts.get(section):
        label = f"{label} · ⚠ {counts[section]}"
    return label


def problem_counts() -> dict[str, int]:
    counts: dict[str, int] = {}
    for problem in case_draft.problems():
        counts[section_of(problem.field)] = counts.get(section_of(problem.field), 0) + 1
    return counts


def show_section(section: str) -> None:
    """Open ``section`` (a link of the problem summary)."""
    st.session_state[SECTION_KEY] = section
    st.session_state[_SECTION_KEPT] = section


def _on_section() -> None:
    st.session_state[_SECTION_KEPT] = st.session_state[SECTION_KEY]


def case_form(t: Translator, lang: str, history: Callable[[], None]) -> None:
    """The section chooser and the chosen section; ``history`` draws the version history."""
    if SECTION_KEY not in st.session_state:
        # The tumour first: the grade, and the one required field (the primary site).
        st.session_state[SECTION_KEY] = st.session_state.get(_SECTION_KEPT, "tumour")
    counts = problem_counts()
    # Labels computed now: the format function must not read session state later.
    labels = {s: section_label(s, t, counts) for s in SECTIONS}
    section = st.segmented_control(
        t("case.sections"),
        SECTIONS,
        format_func=labels.__getitem__,
        key=SECTION_KEY,
        required=True,
        on_change=guarded(_on_section),
        label_visibility="collapsed",
        width="stretch",
    )
    f = _Fields(t, lang, case_draft.problems())
    if section in case_draft.TABLES:
        case_tables.table_section(section, t, lang)
    elif section == "disease":
        _disease(f, t)
    elif section == "syndrome_imaging":
        _syndrome_imaging(f, t)
    elif section == "meeting":
        _meeting(f, t)
    elif section == "history":
        history()
    elif section == "patient":
        _patient(f, t)
    else:
        _tumour(f, t, lang)
