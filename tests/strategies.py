"""Hypothesis strategies that generate valid contract cases (for property tests and benches)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st

from netlogic.model.vocabulary import (
    Burden,
    Comorbidity,
    Differentiation,
    FunctionalSyndrome,
    ImagingStatus,
    MetastaticSite,
    Mgmt,
    NecCellType,
    Necrosis,
    PrimarySite,
    Progression,
    Stage,
    StopReason,
    Therapy,
    YesNoUnknown,
)


def _enum(enum: Any) -> st.SearchStrategy[str]:
    return st.sampled_from([e.value for e in enum])


def _maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


percent = st.floats(min_value=0, max_value=100, allow_nan=False)
LAST_DAY = date(2026, 11, 1)
day = st.integers(min_value=0, max_value=3000).map(lambda d: date(2018, 1, 1) + timedelta(d))


@st.composite
def treatment_lines(draw: st.DrawFn) -> dict[str, Any]:
    start = draw(day)
    end = draw(_maybe(st.integers(0, 400).map(lambda d: min(start + timedelta(d), LAST_DAY))))
    return {
        "therapy": draw(_enum(Therapy)),
        "start": start.isoformat(),
        "end": end.isoformat() if end else None,
        "stop_reason": draw(_maybe(_enum(StopReason))),
    }


@st.composite
def cases(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "schema_version": "1",
        "id": "GEN-1",
        "patient": {"age_years": draw(_maybe(st.integers(18, 95)))},
        "tumour": {
            "primary_site": draw(_enum(PrimarySite)),
            "differentiation": draw(_enum(Differentiation)),
            "ki67_percent": draw(_maybe(percent)),
            "mitotic_count": draw(_maybe(st.floats(0, 80, allow_nan=False))),
            "necrosis": draw(_enum(Necrosis)),
            "nec_cell_type": draw(_maybe(_enum(NecCellType))),
            "non_ne_component_percent": draw(_maybe(percent)),
            "primary_size_mm": draw(_maybe(st.floats(1, 150, allow_nan=False))),
            "functional_syndrome": draw(_enum(FunctionalSyndrome)),
            "syndrome_controlled": draw(_maybe(st.booleans())),
            "sstr_imaging": draw(_enum(ImagingStatus)),
            "mgmt": draw(_enum(Mgmt)),
        },
        "disease": {
            "stage": draw(_maybe(_enum(Stage))),
            "metastatic_sites": draw(st.lists(_enum(MetastaticSite), max_size=3, unique=True)),
            "liver_involvement_percent": draw(_maybe(percent)),
            "extrahepatic_disease": draw(_maybe(st.booleans())),
            "resectable": draw(_enum(YesNoUnknown)),
            "debulkable_over_70_percent": draw(_maybe(st.booleans())),
            "primary_resected": draw(_maybe(st.booleans())),
            "tumour_burden": draw(_enum(Burden)),
            "symptomatic": draw(st.booleans()),
            "progression": draw(_enum(Progression)),
            "stable_months": draw(_maybe(st.integers(0, 60))),
            "portal_vein_thrombosis": draw(st.booleans()),
            "biliodigestive_anastomosis": draw(st.booleans()),
        },
        "comorbidities": draw(st.lists(_enum(Comorbidity), max_size=2, unique=True)),
        "treatments": draw(st.lists(treatment_lines(), max_size=3)),
    }
