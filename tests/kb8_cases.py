"""Case table for the independent oracle of knowledge base section 8 (ruleset 2027).

Written from the texts alone (shared/clinical/knowledge-base.md section 8, with 8.15's
readings, and shared/contract/case-format.md), without reading the rule tables or the
engine, so that a second reading of the texts checks the first one.

Each row is a short vignette built from a base case with overrides, and only the parts of
the evaluation that the texts decide: statuses of the therapies the rule is about, alert
codes present or absent, and robust text fragments (a key word or figure). Where the texts
leave a case open, nothing is asserted. The comment above each row gives the clinical
reason and the subsection.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from tests.conftest import TODAY

REC = "recommended"
OPT = "option"
NR = "not_recommended"
CI = "contraindicated"
OFFERED = frozenset({REC, OPT})
NOT_OFFERED = frozenset({NR, CI})
NOT_REC = frozenset({OPT, NR, CI})
NOT_CI = frozenset({REC, OPT, NR})

# A fragment is a case-insensitive substring, a tuple of alternatives (any one matches),
# or a compiled regular expression (case as written).
Fragment = str | tuple[str, ...] | re.Pattern[str]
ABSENT = object()  # override value that removes a key from the base case

# Wordings fixed by the texts, spelled with alternatives where English allows two spellings.
PCT_10 = ("10%", "10 %")
PCT_25 = ("25%", "25 %")
PCT_40 = ("40%", "40 %")
ANY_FIGURE = ("10%", "10 %", "25%", "25 %", "40%", "40 %")
START_SSA = ("start an ssa", "start a somatostatin", "start ssa", "start an analogue")
GT_55 = ("> 55", ">55", "over 55", "above 55", "more than 55")
FIRST_LINE = ("first line", "first-line")
SMALL_INTESTINE = ("small intestine", "small-intestine")
COUNSELLING = ("counselling", "counseling")
ECOG_TRIALS = "ECOG 0-2"
PS2 = "performance status 2"
NODAL_CAUTION = "nodal status not assessed"
CHD_CAUTION = "carcinoid heart"
INTERVAL_UNKNOWN = "interval since the last course unknown"
NET_WORD = re.compile(r"\bNETs?\b")


@dataclass(frozen=True)
class Row:
    id: str
    case: dict[str, Any]
    status: dict[str, str | frozenset[str]] = field(default_factory=dict)
    alerts: tuple[str, ...] = ()
    no_alerts: tuple[str, ...] = ()
    has: tuple[tuple[str, Fragment], ...] = ()
    lacks: tuple[tuple[str, Fragment], ...] = ()
    label: str | None = None
    progression: str | None = None
    recist: str | None = None
    lang: str = "en"
    today: date = TODAY


def row(rid: str, case: dict[str, Any], **expected: Any) -> Row:
    """One vignette: the case gets the row id as its pseudonymous id."""
    data = copy.deepcopy(case)
    data["id"] = rid[:64]
    return Row(rid, data, **expected)


def make(
    base: dict[str, Any],
    *,
    patient: dict[str, Any] | None = None,
    tumour: dict[str, Any] | None = None,
    disease: dict[str, Any] | None = None,
    **top: Any,
) -> dict[str, Any]:
    """The base case with some fields changed (sections merged, lists replaced)."""
    data = copy.deepcopy(base)
    for key, part in (("patient", patient), ("tumour", tumour), ("disease", disease)):
        for name, value in (part or {}).items():
            if value is ABSENT:
                data[key].pop(name, None)
            else:
                data[key][name] = copy.deepcopy(value)
    for key, value in top.items():
        data[key] = copy.deepcopy(value)
    return data


def line(
    therapy: str,
    start: str,
    end: str | None = None,
    stop: str | None = None,
    agent: str | None = None,
    cycles: int | None = None,
) -> dict[str, Any]:
    return {
        "therapy": therapy,
        "agent": agent,
        "start": start,
        "end": end,
        "best_response": None,
        "stop_reason": stop,
        "cycles": cycles,
    }


def ct(day: str, mm: float) -> dict[str, Any]:
    return {"date": day, "modality": "ct", "sum_diameters_mm": mm}


def nt_probnp(value: float, unit: str = "pg/mL") -> dict[str, Any]:
    return {"date": "2026-10-01", "name": "nt_probnp", "value": value, "unit": unit}


def days_after(day: str, days: int) -> str:
    return (date.fromisoformat(day) + timedelta(days=days)).isoformat()


# --- Base cases ------------------------------------------------------------------------

# Metastatic small-intestine (midgut) NET G2, liver only, SSTR positive, untreated, stable.
MIDGUT: dict[str, Any] = {
    "schema_version": "1",
    "id": "BASE",
    "patient": {"age_years": 60, "sex": "female", "ecog": 1, "pregnant": False},
    "tumour": {
        "primary_site": "small_intestine",
        "differentiation": "well",
        "ki67_percent": 5,
        "mitotic_count": 3,
        "primary_size_mm": 25,
        "functional_syndrome": "none",
        "syndrome_controlled": None,
        "sstr_imaging": "positive",
        "fdg_pet": "negative",
        "hereditary_syndrome": "none",
        "family_history": False,
    },
    "disease": {
        "stage": "metastatic",
        "nodal_status": "n_positive",
        "metastatic_sites": ["liver"],
        "liver_involvement_percent": 20,
        "extrahepatic_disease": False,
        "resectable": "no",
        "debulkable_over_70_percent": False,
        "primary_resected": True,
        "tumour_burden": "low",
        "symptomatic": False,
        "progression": "none",
        "stable_months": None,
        "portal_vein_thrombosis": False,
        "biliodigestive_anastomosis": False,
    },
    "comorbidities": [],
    "on_ppi": False,
    "markers": [],
    "imaging": [],
    "treatments": [],
}

SSA_STANDARD = "lanreotide 120 mg every 28 days"
SSA_FAILED = line("ssa", "2023-01-10", "2025-10-01", "progression", SSA_STANDARD)
SSA_ONGOING = line("ssa", "2024-01-10", agent=SSA_STANDARD)
EVE_FAILED = line("everolimus", "2025-11-01", "2026-08-01", "progression", "everolimus 10 mg")
EVE_ONGOING = line("everolimus", "2025-11-01", agent="everolimus 10 mg")
CAPTEM_ONGOING = line("chemo_alkylating", "2025-11-01", agent="capecitabine-temozolomide")
CAPTEM_FAILED = line(
    "chemo_alkylating", "2025-11-01", "2026-08-01", "progression", "capecitabine-temozolomide"
)

# Midgut NET progressing slowly on a standard-dose SSA (stopped for progression).
MIDGUT_AFTER_SSA = make(MIDGUT, disease={"progression": "slow"}, treatments=[SSA_FAILED])
# Midgut NET progressing slowly, no line yet (SSA first line: Ki-67 5%, SSTR positive).
MIDGUT_UNTREATED_SLOW = make(MIDGUT, disease={"progression": "slow"})
# Midgut NET stable on a standard-dose SSA (a working line).
MIDGUT_WORKING_SSA = make(MIDGUT, treatments=[SSA_ONGOING])

# Metastatic pancreatic NET G2 (Ki-67 8%), stable, untreated.
PANCREAS = make(MIDGUT, tumour={"primary_site": "pancreas", "ki67_percent": 8})
# Pancreatic NET progressing slowly after a failed SSA.
PANC_AFTER_SSA = make(PANCREAS, disease={"progression": "slow"}, treatments=[SSA_FAILED])
# Pancreatic NET progressing slowly after a failed SSA and a failed everolimus line.
PANC_AFTER_SSA_EVE = make(
    PANCREAS, disease={"progression": "slow"}, treatments=[SSA_FAILED, EVE_FAILED]
)

# Localised resectable pancreatic NET G1 of 25 mm, non-functional.
LOCAL_PANCREAS = make(
    MIDGUT,
    tumour={"primary_site": "pancreas", "ki67_percent": 2, "mitotic_count": 1},
    disease={
        "stage": "localized",
        "nodal_status": "n0",
        "metastatic_sites": [],
        "liver_involvement_percent": 0,
        "extrahepatic_disease": False,
        "resectable": "yes",
        "primary_resected": False,
    },
)
LOCAL_ILEUM = make(LOCAL_PANCREAS, tumour={"primary_site": "small_intestine"})

# Localised NET G1, N0, for the site rules (8.7); size and site set per row.
LOCAL_G1 = make(LOCAL_PANCREAS, tumour={"ki67_percent": 1, "mitotic_count": 1})


def local_site(
    site: str, size: float, *, grade: str = "G1", nodes: str = "n0", **tumour: Any
) -> dict[str, Any]:
    ki67 = {"G1": 1, "G2": 5, "G3": 25}[grade]
    mitoses = {"G1": 1, "G2": 3, "G3": 25}[grade]
    return make(
        LOCAL_G1,
        tumour={
            "primary_site": site,
            "primary_size_mm": size,
            "ki67_percent": ki67,
            "mitotic_count": mitoses,
            **tumour,
        },
        disease={"nodal_status": nodes},
    )


def stomach(size: float, gastric_type: Any, **kw: Any) -> dict[str, Any]:
    return local_site("stomach", size, gastric_type=gastric_type, **kw)


# Lung typical carcinoid, localised, resected.
LUNG_TC_LOCAL = make(
    LOCAL_PANCREAS,
    tumour={
        "primary_site": "lung",
        "ki67_percent": 2,
        "mitotic_count": 1,
        "necrosis": "absent",
    },
)
# Metastatic lung atypical carcinoid, rapidly progressive, high burden.
LUNG_AC_METS = make(
    MIDGUT,
    tumour={"primary_site": "lung", "ki67_percent": 8, "mitotic_count": 4, "necrosis": "punctate"},
    disease={"progression": "rapid", "tumour_burden": "high", "extrahepatic_disease": True},
)

# Metastatic colonic large-cell NEC, untreated, progressing.
NEC_COLON = make(
    MIDGUT,
    tumour={
        "primary_site": "colon",
        "differentiation": "poor",
        "ki67_percent": 70,
        "mitotic_count": 30,
        "nec_cell_type": "large",
        "sstr_imaging": "unknown",
    },
    disease={"progression": "slow", "tumour_burden": "high"},
)
PE_FAILED = line("chemo_platinum_etoposide", "2025-01-10", "2025-06-10", "progression", "EP", 6)
PE_COMPLETED = line("chemo_platinum_etoposide", "2025-01-10", "2025-06-10", "completed", "EP", 6)
# Responding NEC before and after first-line platinum-etoposide.
PE_SCANS = [ct("2025-01-05", 80), ct("2025-06-05", 40)]


def nec_relapse(pd_days_after_end: int) -> dict[str, Any]:
    """NEC after a completed platinum-etoposide course, PD this many days after its end."""
    return make(
        NEC_COLON,
        treatments=[PE_COMPLETED],
        imaging=[*PE_SCANS, ct(days_after("2025-06-10", pd_days_after_end), 60)],
    )


# Small-cell lung carcinoma: limited stage (not metastatic) or extensive (metastatic).
SCLC_EXTENSIVE = make(
    MIDGUT,
    tumour={
        "primary_site": "lung",
        "differentiation": "poor",
        "ki67_percent": 80,
        "mitotic_count": 60,
        "nec_cell_type": "small",
        "sstr_imaging": "unknown",
    },
    disease={"progression": "rapid", "tumour_burden": "high", "extrahepatic_disease": True},
)
SCLC_LIMITED = make(
    SCLC_EXTENSIVE,
    disease={
        "stage": "locally_advanced",
        "metastatic_sites": [],
        "liver_involvement_percent": 0,
        "extrahepatic_disease": False,
        "progression": "none",
    },
    treatments=[
        line("chemo_platinum_etoposide", "2026-01-05", "2026-04-20", "completed", "EP", 4),
        line("radiotherapy", "2026-01-05", "2026-02-20", "completed", "thoracic 45 Gy"),
    ],
    imaging=[ct("2025-12-20", 60), ct("2026-05-15", 25)],
)

# MiNEN of the colon: NE part well differentiated NET G2 (Ki-67 12%), 45% adenocarcinoma.
MINEN_WD = make(
    MIDGUT,
    tumour={
        "primary_site": "colon",
        "ki67_percent": 12,
        "mitotic_count": 3,
        "non_ne_component_percent": 45,
    },
    disease={"progression": "slow", "tumour_burden": "high"},
)

# Transplant candidate: age 45, NET G2 Ki-67 3%, liver only (30%), stable 12 months.
TRANSPLANT = make(
    MIDGUT,
    patient={"age_years": 45},
    tumour={"ki67_percent": 3, "mitotic_count": 2},
    disease={"liver_involvement_percent": 30, "stable_months": 12},
)

# Carcinoid syndrome, midgut NET progressing on the SSA it keeps for the syndrome.
CARCINOID_ON_SSA = make(
    MIDGUT,
    tumour={"functional_syndrome": "carcinoid", "syndrome_controlled": True},
    disease={"progression": "slow"},
    treatments=[SSA_ONGOING],
)

# Out of scope: medullary thyroid carcinoma.
MEDULLARY = make(MIDGUT, tumour={"primary_site": "thyroid_medullary"})

# PRRT course started after a failed SSA (midgut).
PRRT_BEFORE = line("ssa", "2024-01-10", "2026-01-15", "progression", SSA_STANDARD)


def prrt_course(
    *, end: str | None, stop: str | None, cycles: int | None, progression: str
) -> dict[str, Any]:
    start = "2026-08-01" if end is None else "2026-04-01"
    return make(
        MIDGUT,
        disease={"progression": progression},
        treatments=[PRRT_BEFORE, line("prrt", start, end, stop, "177Lu-DOTATATE", cycles)],
    )


# Midgut NET after a failed SSA and a completed PRRT course (4 cycles, ended 2023-07-10).
PRRT_END = "2023-07-10"
PRRT_DONE = [
    line("ssa", "2021-01-10", "2022-12-01", "progression", SSA_STANDARD),
    line("prrt", "2023-01-10", PRRT_END, "completed", "177Lu-DOTATATE", 4),
]
PRRT_SCANS = [ct("2023-01-05", 60), ct("2023-10-01", 40)]


def prrt_relapse(pd_days_after_end: int) -> dict[str, Any]:
    """Completed PRRT course; the first PD assessment this many days after its end."""
    return make(
        MIDGUT,
        disease={"progression": "slow"},
        treatments=PRRT_DONE,
        imaging=[*PRRT_SCANS, ct(days_after(PRRT_END, pd_days_after_end), 60)],
    )


# --- 8.1 The running line ----------------------------------------------------------------
ROWS_8_1 = [
    # 8.1: pancreatic NET stable on everolimus -> continue it; nothing new while it works
    row(
        "8.1-working-everolimus",
        make(PANCREAS, treatments=[SSA_FAILED, EVE_ONGOING]),
        status={
            "everolimus": REC,
            "observation": NR,
            "sunitinib": NR,
            "cabozantinib": NR,
            "chemo_alkylating": NR,
            "chemo_oxaliplatin": NR,
            "chemo_platinum_etoposide": NR,
            "prrt": NR,
            "locoregional": NR,
            "debulking_surgery": NR,
            "liver_transplant": NR,
            "interferon": NR,
            "belzutifan": NR,
        },
        has=(
            ("everolimus.reasons", "continue"),
            ("sunitinib.reasons", "controls the disease"),
            ("sunitinib.reasons", "everolimus"),
            ("prrt.reasons", "controls the disease"),
            ("observation.reasons", "running"),
        ),
    ),
    # 8.1: the same everolimus with slow progression has failed -> not offered again
    row(
        "8.1-failed-everolimus",
        make(PANCREAS, disease={"progression": "slow"}, treatments=[SSA_FAILED, EVE_ONGOING]),
        status={"everolimus": NR, "observation": NR},
        lacks=(("everolimus.reasons", "controls the disease"),),
    ),
    # 8.1: everolimus with RECIST PD on imaging (progression derived slow) has failed too
    row(
        "8.1-failed-everolimus-derived",
        make(
            PANCREAS,
            disease={"progression": "unknown"},
            treatments=[SSA_FAILED, EVE_ONGOING],
            imaging=[ct("2025-10-20", 50), ct("2026-04-20", 56), ct("2026-10-20", 66)],
        ),
        status={"everolimus": NR},
        progression="slow",
        recist="PD",
    ),
    # 8.1: midgut NET stable on an SSA -> SSA continued, observation not recommended
    row(
        "8.1-working-ssa",
        MIDGUT_WORKING_SSA,
        status={"ssa": REC, "observation": NR, "prrt": NR, "everolimus": NR},
        has=(
            ("ssa.reasons", "continue"),
            ("observation.reasons", "running"),
            ("prrt.reasons", "controls the disease"),
        ),
    ),
    # 8.1: a working SSA stays recommended even with negative SSTR imaging
    row(
        "8.1-working-ssa-sstr-negative",
        make(MIDGUT_WORKING_SSA, tumour={"sstr_imaging": "negative"}),
        status={"ssa": REC},
        has=(("ssa.reasons", "continue"),),
    ),
    # 8.1: a working SSA stays recommended in a NET G3 (Ki-67 25%) where it is not indicated
    row(
        "8.1-working-ssa-g3",
        make(MIDGUT_WORKING_SSA, tumour={"ki67_percent": 25, "mitotic_count": 3}),
        status={"ssa": REC},
    ),
    # 8.1: an ended line (stopped by the patient) is not a working line: observation again
    row(
        "8.1-ended-line-not-working",
        make(
            PANCREAS,
            treatments=[line("everolimus", "2025-01-10", "2026-03-01", "patient_choice")],
        ),
        status={"observation": REC, "everolimus": NR},
        lacks=(("observation.reasons", "running"),),
    ),
    # 8.1 exception: curative surgery (resectable yes) keeps its rule under a working SSA
    row(
        "8.1-working-ssa-resectable",
        make(MIDGUT_WORKING_SSA, disease={"resectable": "yes"}),
        status={"surgery": REC, "ssa": REC},
    ),
    # 8.1 exception: resecting a small-intestine primary still in place stays an option
    row(
        "8.1-working-ssa-primary-in-place",
        make(MIDGUT_WORKING_SSA, disease={"primary_resected": False}),
        status={"surgery": OPT},
        has=(("surgery.reasons", SMALL_INTESTINE),),
    ),
    # 8.1 exception: telotristat for carcinoid diarrhoea uncontrolled on the working SSA
    row(
        "8.1-working-ssa-telotristat",
        make(
            MIDGUT_WORKING_SSA,
            tumour={"functional_syndrome": "carcinoid", "syndrome_controlled": False},
        ),
        status={"telotristat": OPT, "ssa": REC},
    ),
    # 8.1 exception: liver embolisation driven by an uncontrolled syndrome stays an option
    row(
        "8.1-working-ssa-locoregional-syndrome",
        make(
            MIDGUT_WORKING_SSA,
            tumour={"functional_syndrome": "carcinoid", "syndrome_controlled": False},
        ),
        status={"locoregional": OPT},
    ),
    # 8.1: no syndrome, no symptoms: embolisation waits while the SSA works
    row(
        "8.1-working-ssa-locoregional-blocked",
        MIDGUT_WORKING_SSA,
        status={"locoregional": NR, "debulking_surgery": NR, "liver_transplant": NR},
    ),
    # 8.1 exception: symptomatic bone metastases -> radiotherapy recommended on a working SSA
    row(
        "8.1-working-ssa-radiotherapy",
        make(
            MIDGUT_WORKING_SSA,
            disease={
                "metastatic_sites": ["liver", "bone"],
                "extrahepatic_disease": True,
                "symptomatic": True,
            },
        ),
        status={"radiotherapy": REC},
    ),
    # 8.1 exception: debulking of a symptomatic mass in stable disease stays an option
    row(
        "8.1-working-ssa-debulking",
        make(
            MIDGUT_WORKING_SSA,
            disease={"debulkable_over_70_percent": True, "symptomatic": True},
        ),
        status={"debulking_surgery": OPT},
    ),
    # 8.1 exception: supportive care keeps its ECOG rule under a working SSA (ECOG 3: option)
    row(
        "8.1-working-ssa-supportive",
        make(MIDGUT_WORKING_SSA, patient={"ecog": 3}),
        status={"supportive_care": OPT, "ssa": REC},
    ),
    # 8.1: sunitinib stopped for toxicity, pancreatic NET progressing -> option, re-challenge
    row(
        "8.1-rechallenge-sunitinib",
        make(
            PANC_AFTER_SSA,
            treatments=[
                SSA_FAILED,
                line("sunitinib", "2026-05-15", "2026-08-01", "toxicity", "sunitinib 37.5 mg"),
            ],
        ),
        status={"sunitinib": OPT},
        has=(("sunitinib.cautions", "re-challenge"),),
    ),
    # 8.1: lung AC clearly progressive -> everolimus recommended (no prior toxicity)
    row("8.1-lung-everolimus-first", LUNG_AC_METS, status={"everolimus": REC}),
    # 8.1: the same after everolimus stopped for toxicity -> at most option, with caution
    row(
        "8.1-rechallenge-lung-everolimus",
        make(LUNG_AC_METS, treatments=[line("everolimus", "2025-09-01", "2025-11-15", "toxicity")]),
        status={"everolimus": OPT},
        has=(("everolimus.cautions", "re-challenge"),),
    ),
    # 8.1: PRRT stopped for toxicity is never recommended again
    row(
        "8.1-rechallenge-prrt-never-recommended",
        make(
            MIDGUT_AFTER_SSA,
            treatments=[
                PRRT_BEFORE,
                line("prrt", "2026-03-01", "2026-05-01", "toxicity", "177Lu-DOTATATE", 2),
            ],
        ),
        status={"prrt": NOT_REC},
    ),
]

# --- 8.1 progression_contradiction -------------------------------------------------------
ROWS_8_1_CONTRADICTION = [
    # 8.1: entered none while CT shows RECIST PD (+40%, TGR ~29%/month) -> warning; the entered
    # value is used, so observation stays recommended but says "RECIST PD"
    row(
        "8.1-contradiction-none-vs-pd",
        make(MIDGUT, imaging=[ct("2026-03-01", 50), ct("2026-07-01", 70)]),
        alerts=("progression_contradiction",),
        status={"observation": REC},
        has=(("observation.cautions", "RECIST PD"),),
        progression="none",
        recist="PD",
    ),
    # 8.1: entered slow while the latest scan is a complete response -> warning
    row(
        "8.1-contradiction-slow-vs-cr",
        make(
            MIDGUT,
            disease={"progression": "slow"},
            imaging=[ct("2026-03-01", 40), ct("2026-07-01", 0)],
        ),
        alerts=("progression_contradiction",),
        recist="CR",
        progression="slow",
    ),
    # 8.1: entered rapid while the latest scan is a partial response (-40%) -> warning
    row(
        "8.1-contradiction-rapid-vs-pr",
        make(
            MIDGUT,
            disease={"progression": "rapid"},
            imaging=[ct("2026-03-01", 50), ct("2026-07-01", 30)],
        ),
        alerts=("progression_contradiction",),
        recist="PR",
    ),
    # 8.1: entered none with stable disease -> consistent, no warning
    row(
        "8.1-no-contradiction-none-vs-sd",
        make(MIDGUT, imaging=[ct("2026-03-01", 50), ct("2026-07-01", 52)]),
        no_alerts=("progression_contradiction",),
        recist="SD",
    ),
    # 8.1: entered slow with RECIST PD -> consistent, no warning
    row(
        "8.1-no-contradiction-slow-vs-pd",
        make(
            MIDGUT,
            disease={"progression": "slow"},
            imaging=[ct("2026-03-01", 50), ct("2026-07-01", 70)],
        ),
        no_alerts=("progression_contradiction",),
    ),
    # 8.1: entered slow with stable disease: only CR/PR contradict slow/rapid -> no warning
    row(
        "8.1-no-contradiction-slow-vs-sd",
        make(
            MIDGUT,
            disease={"progression": "slow"},
            imaging=[ct("2026-03-01", 50), ct("2026-07-01", 52)],
        ),
        no_alerts=("progression_contradiction",),
    ),
    # 8.1: progression not entered (unknown): derived rapid from PD, nothing to contradict
    row(
        "8.1-no-contradiction-derived",
        make(
            MIDGUT,
            disease={"progression": "unknown"},
            imaging=[ct("2026-03-01", 50), ct("2026-07-01", 70)],
        ),
        no_alerts=("progression_contradiction",),
        progression="rapid",
    ),
]

# --- 8.2 Performance status and supportive care -------------------------------------------
ROWS_8_2 = [
    # 8.2: ECOG 0 -> fit: supportive care not recommended
    row(
        "8.2-ecog0-fit",
        make(PANC_AFTER_SSA, patient={"ecog": 0}),
        status={"supportive_care": NR, "chemo_alkylating": OPT},
        has=(("supportive_care.reasons", "fit for anti-tumour"),),
    ),
    # 8.2: ECOG missing -> no ECOG rule, no performance-status caution
    row(
        "8.2-ecog-missing",
        make(PANC_AFTER_SSA, patient={"ecog": None}),
        status={"supportive_care": NR, "chemo_alkylating": OPT, "prrt": OPT},
        lacks=(
            ("chemo_alkylating.cautions", ("performance status", "ECOG")),
            ("prrt.cautions", ("performance status", "ECOG")),
        ),
    ),
    # 8.2: ECOG 2 -> chemotherapy still an option, with the "performance status 2" caution
    row(
        "8.2-ecog2-chemo-caution",
        make(PANC_AFTER_SSA, patient={"ecog": 2}),
        status={"supportive_care": NR, "chemo_alkylating": OPT, "prrt": OPT},
        has=(("chemo_alkylating.cautions", PS2),),
        lacks=(("prrt.cautions", ECOG_TRIALS),),
    ),
    # 8.2: ECOG 3 -> chemotherapy not recommended; PRRT, everolimus, sunitinib at most option
    row(
        "8.2-ecog3-pancreas",
        make(PANC_AFTER_SSA, patient={"ecog": 3}),
        status={
            "supportive_care": OPT,
            "chemo_alkylating": NR,
            "chemo_oxaliplatin": NR,
            "chemo_platinum_etoposide": NR,
            "prrt": OPT,
            "everolimus": OPT,
            "sunitinib": OPT,
        },
        has=(
            ("chemo_alkylating.reasons", "ECOG 3"),
            ("prrt.cautions", ECOG_TRIALS),
            ("everolimus.cautions", ECOG_TRIALS),
        ),
    ),
    # 8.2: ECOG 4 -> only supportive care; every anti-tumour drug not recommended
    row(
        "8.2-ecog4-pancreas",
        make(PANC_AFTER_SSA, patient={"ecog": 4}),
        status={
            "supportive_care": REC,
            "prrt": NR,
            "everolimus": NR,
            "sunitinib": NR,
            "cabozantinib": NR,
            "chemo_alkylating": NR,
            "locoregional": NR,
            "surgery": NR,
        },
        has=(("prrt.reasons", "ECOG 4"),),
    ),
    # 8.2: midgut after SSA, ECOG 2 -> PRRT stays recommended
    row("8.2-ecog2-midgut-prrt", make(MIDGUT_AFTER_SSA, patient={"ecog": 2}), status={"prrt": REC}),
    # 8.2: midgut after SSA, ECOG 3 -> PRRT capped at option, trials enrolled ECOG 0-2
    row(
        "8.2-ecog3-midgut-prrt",
        make(MIDGUT_AFTER_SSA, patient={"ecog": 3}),
        status={"prrt": OPT},
        has=(("prrt.cautions", ECOG_TRIALS),),
    ),
    # 8.2: ECOG 4, first-line SSA indication (Ki-67 5%, SSTR+, slow) -> SSA kept as option
    row(
        "8.2-ecog4-ssa-option",
        make(MIDGUT_UNTREATED_SLOW, patient={"ecog": 4}),
        status={"ssa": OPT, "supportive_care": REC},
    ),
    # 8.2: ECOG 3 does not touch the SSA -> first-line SSA stays recommended
    row(
        "8.2-ecog3-ssa-recommended",
        make(MIDGUT_UNTREATED_SLOW, patient={"ecog": 3}),
        status={"ssa": REC},
    ),
    # 8.2: ECOG 4 with painful bone metastases -> radiotherapy for symptoms still recommended
    row(
        "8.2-ecog4-radiotherapy-symptoms",
        make(
            MIDGUT,
            patient={"ecog": 4},
            disease={
                "metastatic_sites": ["liver", "bone"],
                "extrahepatic_disease": True,
                "symptomatic": True,
            },
        ),
        status={"radiotherapy": REC, "supportive_care": REC},
    ),
    # 8.2: ECOG 4 with asymptomatic bone metastases -> radiotherapy not recommended
    row(
        "8.2-ecog4-radiotherapy-no-symptoms",
        make(
            MIDGUT,
            patient={"ecog": 4},
            disease={"metastatic_sites": ["liver", "bone"], "extrahepatic_disease": True},
        ),
        status={"radiotherapy": NR},
    ),
    # 8.2: resectable liver metastases at ECOG 2 -> surgery recommended
    row(
        "8.2-ecog2-surgery-metastases",
        make(MIDGUT, patient={"ecog": 2}, disease={"resectable": "yes"}),
        status={"surgery": REC},
    ),
    # 8.2: resectable liver metastases at ECOG 3 -> surgery of metastases not recommended
    row(
        "8.2-ecog3-surgery-metastases",
        make(MIDGUT, patient={"ecog": 3}, disease={"resectable": "yes"}),
        status={"surgery": NR},
        has=(("surgery.reasons", "ECOG 3"),),
    ),
    # 8.2: symptomatic mass, > 70% debulkable, ECOG 1 -> debulking an option
    row(
        "8.2-ecog1-debulking",
        make(MIDGUT, disease={"debulkable_over_70_percent": True, "symptomatic": True}),
        status={"debulking_surgery": OPT},
    ),
    # 8.2: the same at ECOG 3 -> debulking not recommended
    row(
        "8.2-ecog3-debulking",
        make(
            MIDGUT,
            patient={"ecog": 3},
            disease={"debulkable_over_70_percent": True, "symptomatic": True},
        ),
        status={"debulking_surgery": NR},
        has=(("debulking_surgery.reasons", "ECOG 3"),),
    ),
    # 8.2: transplant candidate at ECOG 1 -> option, no performance-status caution
    row(
        "8.2-ecog1-transplant",
        TRANSPLANT,
        status={"liver_transplant": OPT},
        lacks=(("liver_transplant.cautions", PS2),),
    ),
    # 8.2: transplant candidate at ECOG 2 -> option with the "performance status 2" caution
    row(
        "8.2-ecog2-transplant",
        make(TRANSPLANT, patient={"ecog": 2}),
        status={"liver_transplant": OPT},
        has=(("liver_transplant.cautions", PS2),),
    ),
    # 8.2: transplant candidate at ECOG 3 -> not recommended
    row(
        "8.2-ecog3-transplant",
        make(TRANSPLANT, patient={"ecog": 3}),
        status={"liver_transplant": NR},
        has=(("liver_transplant.reasons", "ECOG 3"),),
    ),
    # 8.2: extensive small-cell at ECOG 3 -> no platinum-etoposide; immunotherapy at most option
    row(
        "8.2-ecog3-sclc",
        make(SCLC_EXTENSIVE, patient={"ecog": 3}),
        status={"chemo_platinum_etoposide": NR, "immunotherapy": OPT, "supportive_care": OPT},
        has=(("immunotherapy.cautions", ECOG_TRIALS),),
    ),
    # 8.2: out of scope at ECOG 4 -> supportive care not recommended like every node
    row(
        "8.2-ecog4-out-of-scope",
        make(MEDULLARY, patient={"ecog": 4}),
        status={"supportive_care": NR, "ssa": NR, "prrt": NR},
        label="Out of scope",
    ),
]

# --- 8.3 Functional syndromes --------------------------------------------------------------


def syndrome_case(syndrome: str, sstr: str, site: str = "pancreas") -> dict[str, Any]:
    """Localised resectable NET G1 with an uncontrolled syndrome (anti-tumour SSA not used)."""
    return make(
        LOCAL_PANCREAS,
        tumour={
            "primary_site": site,
            "functional_syndrome": syndrome,
            "syndrome_controlled": False,
            "sstr_imaging": sstr,
        },
    )


MALIGNANT_INSULINOMA = make(
    PANCREAS,
    tumour={
        "functional_syndrome": "insulinoma",
        "syndrome_controlled": False,
        "sstr_imaging": "negative",
    },
)
CUSHING_PROGRESSING = make(
    PANC_AFTER_SSA, tumour={"functional_syndrome": "cushing", "syndrome_controlled": True}
)

ROWS_8_3 = [
    # 8.3: carcinoid syndrome, SSTR+ -> SSA for the syndrome recommended; SSA advice
    row(
        "8.3-carcinoid-sstr-pos",
        syndrome_case("carcinoid", "positive", "small_intestine"),
        status={"ssa": REC},
        alerts=("control_syndrome_first",),
        has=(("control_syndrome_first", ("SSA", "somatostatin", "octreotide", "lanreotide")),),
    ),
    # 8.3: carcinoid syndrome, SSTR- -> SSA for the syndrome still recommended
    row(
        "8.3-carcinoid-sstr-neg",
        syndrome_case("carcinoid", "negative", "small_intestine"),
        status={"ssa": REC},
    ),
    # 8.3: VIPoma, SSTR+ -> SSA recommended; fluids and potassium first
    row(
        "8.3-vipoma-sstr-pos",
        syndrome_case("vipoma", "positive"),
        status={"ssa": REC},
        has=(("control_syndrome_first", "potassium"),),
    ),
    # 8.3: VIPoma, SSTR- -> SSA recommended
    row("8.3-vipoma-sstr-neg", syndrome_case("vipoma", "negative"), status={"ssa": REC}),
    # 8.3: glucagonoma, SSTR+ -> SSA recommended, with nutrition and thromboprophylaxis
    row(
        "8.3-glucagonoma-sstr-pos",
        syndrome_case("glucagonoma", "positive"),
        status={"ssa": REC},
        has=(("control_syndrome_first", "thrombo"), ("control_syndrome_first", "nutrition")),
    ),
    # 8.3: glucagonoma, SSTR- -> SSA recommended
    row("8.3-glucagonoma-sstr-neg", syndrome_case("glucagonoma", "negative"), status={"ssa": REC}),
    # 8.3: gastrinoma, SSTR+ -> high-dose PPI first; SSA only an adjunct (option)
    row(
        "8.3-gastrinoma-sstr-pos",
        syndrome_case("gastrinoma", "positive"),
        status={"ssa": OPT},
        has=(("control_syndrome_first", ("proton-pump", "proton pump", "PPI")),),
        lacks=(("control_syndrome_first", START_SSA),),
    ),
    # 8.3: gastrinoma, SSTR- -> SSA adjunct still an option
    row("8.3-gastrinoma-sstr-neg", syndrome_case("gastrinoma", "negative"), status={"ssa": OPT}),
    # 8.3: insulinoma, SSTR+ -> SSA option under glucose monitoring; diazoxide; no crisis talk
    row(
        "8.3-insulinoma-sstr-pos",
        syndrome_case("insulinoma", "positive"),
        status={"ssa": OPT},
        has=(("ssa.cautions", "glucose"), ("control_syndrome_first", "diazoxide")),
        lacks=(("control_syndrome_first", "carcinoid crisis"),),
    ),
    # 8.3: insulinoma, SSTR- -> SSA not recommended (may worsen hypoglycaemia)
    row(
        "8.3-insulinoma-sstr-neg",
        syndrome_case("insulinoma", "negative"),
        status={"ssa": NR},
        lacks=(("control_syndrome_first", START_SSA),),
    ),
    # 8.3: insulinoma, SSTR unknown -> SSA not recommended
    row("8.3-insulinoma-sstr-unknown", syndrome_case("insulinoma", "unknown"), status={"ssa": NR}),
    # 8.3: ectopic-ACTH Cushing, SSTR+ -> steroidogenesis inhibitors; SSA an adjunct (option)
    row(
        "8.3-cushing-sstr-pos",
        syndrome_case("cushing", "positive"),
        status={"ssa": OPT},
        has=(
            (
                "control_syndrome_first",
                ("metyrapone", "osilodrostat", "ketoconazole", "steroidogenesis"),
            ),
            ("control_syndrome_first", "pneumocystis"),
        ),
        lacks=(("control_syndrome_first", START_SSA),),
    ),
    # 8.3: Cushing, SSTR- -> SSA adjunct option
    row("8.3-cushing-sstr-neg", syndrome_case("cushing", "negative"), status={"ssa": OPT}),
    # 8.15: syndrome "other", SSTR+ -> SSA option, the alert sends to the expert centre
    row(
        "8.3-other-sstr-pos",
        syndrome_case("other", "positive"),
        status={"ssa": OPT},
        has=(("control_syndrome_first", "expert"),),
        lacks=(("control_syndrome_first", START_SSA),),
    ),
    # 8.15: syndrome "other", SSTR- -> SSA option
    row("8.3-other-sstr-neg", syndrome_case("other", "negative"), status={"ssa": OPT}),
    # 8.3: anti-tumour SSA (metastatic gastrinoma, Ki-67 8%, SSTR+, slow) outranks the adjunct
    row(
        "8.3-gastrinoma-stronger-wins",
        make(
            PANCREAS,
            tumour={"functional_syndrome": "gastrinoma", "syndrome_controlled": True},
            disease={"progression": "slow"},
        ),
        status={"ssa": REC},
    ),
    # 8.3/8.15: metastatic insulinoma, SSTR unknown, progressing -> no SSA (overrides section 4)
    row(
        "8.15-insulinoma-sstr-unknown-metastatic",
        make(
            MALIGNANT_INSULINOMA,
            tumour={"sstr_imaging": "unknown"},
            disease={"progression": "slow"},
        ),
        status={"ssa": NR},
    ),
    # 8.3: metastatic insulinoma, SSTR+, progressing -> anti-tumour SSA, glucose caution kept
    row(
        "8.3-insulinoma-sstr-pos-metastatic",
        make(
            MALIGNANT_INSULINOMA,
            tumour={"sstr_imaging": "positive"},
            disease={"progression": "slow"},
        ),
        status={"ssa": REC},
        has=(("ssa.cautions", "glucose"),),
    ),
    # 8.3: metastatic insulinoma, uncontrolled hypoglycaemia, stable -> everolimus option
    row("8.3-malignant-insulinoma-everolimus", MALIGNANT_INSULINOMA, status={"everolimus": OPT}),
    # 8.15: locally advanced insulinoma is malignant too -> everolimus option
    row(
        "8.15-locally-advanced-insulinoma-everolimus",
        make(
            MALIGNANT_INSULINOMA,
            disease={
                "stage": "locally_advanced",
                "metastatic_sites": [],
                "liver_involvement_percent": 0,
            },
        ),
        status={"everolimus": OPT},
    ),
    # 8.3: localised insulinoma is not malignant -> no everolimus
    row(
        "8.3-localised-insulinoma-no-everolimus",
        syndrome_case("insulinoma", "negative"),
        status={"everolimus": NR},
    ),
    # 8.3: metastatic insulinoma with controlled hypoglycaemia, stable -> no everolimus
    row(
        "8.3-controlled-insulinoma-no-everolimus",
        make(MALIGNANT_INSULINOMA, tumour={"syndrome_controlled": True}),
        status={"everolimus": NR},
    ),
    # 8.3: Cushing -> pneumocystis caution on everolimus and chemotherapy
    row(
        "8.3-cushing-cautions",
        CUSHING_PROGRESSING,
        status={"everolimus": OPT, "chemo_alkylating": OPT},
        has=(
            ("everolimus.cautions", "pneumocystis"),
            ("chemo_alkylating.cautions", "pneumocystis"),
        ),
    ),
    # 8.3: carcinoid syndrome uncontrolled on an ongoing SSA -> "optimise", never "start"
    row(
        "8.3-carcinoid-on-ssa-optimise",
        make(CARCINOID_ON_SSA, tumour={"syndrome_controlled": False}),
        alerts=("control_syndrome_first",),
        has=(("control_syndrome_first", ("optimise", "optimize")),),
        lacks=(("control_syndrome_first", START_SSA),),
    ),
    # 8.3: carcinoid syndrome uncontrolled without an SSA -> the advice is to start one
    row(
        "8.3-carcinoid-no-ssa-start",
        syndrome_case("carcinoid", "positive", "small_intestine"),
        has=(("control_syndrome_first", "start"),),
    ),
    # 8.3: controlled carcinoid syndrome, resection offered -> peri-operative octreotide cover
    row(
        "8.3-crisis-prophylaxis-surgery",
        make(
            LOCAL_ILEUM,
            tumour={"functional_syndrome": "carcinoid", "syndrome_controlled": True},
        ),
        status={"surgery": REC},
        alerts=("carcinoid_crisis_prophylaxis",),
        has=(("carcinoid_crisis_prophylaxis", ("octreotide", "anaesthetist", "anesthetist")),),
    ),
    # 8.3: uncontrolled carcinoid syndrome, resection offered -> prophylaxis alert too
    row(
        "8.3-crisis-prophylaxis-uncontrolled",
        syndrome_case("carcinoid", "positive", "small_intestine"),
        alerts=("carcinoid_crisis_prophylaxis", "control_syndrome_first"),
    ),
    # 8.3: carcinoid syndrome progressing, PRRT offered -> prophylaxis alert
    row(
        "8.3-crisis-prophylaxis-prrt",
        CARCINOID_ON_SSA,
        status={"prrt": REC},
        alerts=("carcinoid_crisis_prophylaxis",),
    ),
    # 8.3: carcinoid syndrome stable on SSA, no invasive option offered -> no prophylaxis alert
    row(
        "8.3-crisis-prophylaxis-nothing-invasive",
        make(CARCINOID_ON_SSA, disease={"progression": "none"}),
        status={
            "surgery": NR,
            "debulking_surgery": NR,
            "locoregional": NR,
            "prrt": NR,
            "liver_transplant": NR,
        },
        no_alerts=("carcinoid_crisis_prophylaxis",),
    ),
    # 8.3: VIPoma resection -> not carcinoid: no carcinoid-crisis prophylaxis alert
    row(
        "8.3-crisis-prophylaxis-vipoma",
        syndrome_case("vipoma", "positive"),
        status={"surgery": REC},
        no_alerts=("carcinoid_crisis_prophylaxis",),
    ),
]

# --- 8.4 Carcinoid heart disease -----------------------------------------------------------
ROWS_8_4 = [
    # 8.4: carcinoid syndrome, NT-proBNP 270 pg/mL -> cardiology before procedures; cautions
    row(
        "8.4-ntprobnp-270",
        make(CARCINOID_ON_SSA, markers=[nt_probnp(270)]),
        status={"prrt": REC, "locoregional": OPT},
        alerts=("carcinoid_heart_screening",),
        has=(
            ("carcinoid_heart_screening", "cardiology"),
            ("prrt.cautions", CHD_CAUTION),
            ("locoregional.cautions", CHD_CAUTION),
        ),
    ),
    # 8.4: NT-proBNP exactly 260 is not above 260 -> screening alert only, no extra caution
    row(
        "8.4-ntprobnp-260",
        make(CARCINOID_ON_SSA, markers=[nt_probnp(260)]),
        alerts=("carcinoid_heart_screening",),
        lacks=(("carcinoid_heart_screening", "cardiology"), ("prrt.cautions", CHD_CAUTION)),
    ),
    # 8.4: NT-proBNP 250 pg/mL -> no cardiology review, no caution on PRRT
    row(
        "8.4-ntprobnp-250",
        make(CARCINOID_ON_SSA, markers=[nt_probnp(250)]),
        alerts=("carcinoid_heart_screening",),
        lacks=(("carcinoid_heart_screening", "cardiology"), ("prrt.cautions", CHD_CAUTION)),
    ),
    # 8.4: NT-proBNP 32 pmol/L = 270.6 pg/mL (x 8.457) -> above 260
    row(
        "8.4-ntprobnp-pmol-above",
        make(CARCINOID_ON_SSA, markers=[nt_probnp(32, "pmol/L")]),
        has=(("carcinoid_heart_screening", "cardiology"), ("prrt.cautions", CHD_CAUTION)),
    ),
    # 8.4: NT-proBNP 30 pmol/L = 253.7 pg/mL -> not above 260
    row(
        "8.4-ntprobnp-pmol-below",
        make(CARCINOID_ON_SSA, markers=[nt_probnp(30, "pmol/L")]),
        lacks=(("prrt.cautions", CHD_CAUTION),),
    ),
    # 8.4: carcinoid syndrome with heart failure, no NT-proBNP -> cardiology review and cautions
    row(
        "8.4-heart-failure",
        make(CARCINOID_ON_SSA, comorbidities=["heart_failure"]),
        alerts=("carcinoid_heart_screening",),
        has=(("carcinoid_heart_screening", "cardiology"), ("prrt.cautions", CHD_CAUTION)),
    ),
    # 8.4: non-functional NET with NT-proBNP 270 -> alert (contract) but no carcinoid-heart caution
    row(
        "8.4-non-functional-ntprobnp",
        make(MIDGUT_AFTER_SSA, markers=[nt_probnp(270)]),
        alerts=("carcinoid_heart_screening",),
        lacks=(("prrt.cautions", CHD_CAUTION),),
    ),
    # 8.4: transplant candidate with controlled carcinoid syndrome -> exclude CHD before listing
    row(
        "8.4-transplant-caution",
        make(TRANSPLANT, tumour={"functional_syndrome": "carcinoid", "syndrome_controlled": True}),
        status={"liver_transplant": OPT},
        has=(("liver_transplant.cautions", "before listing"),),
    ),
]

# --- 8.5 MiNEN ---------------------------------------------------------------------------------
ROWS_8_5 = [
    # 8.5: MiNEN with a NET G2 part (Ki-67 12%) -> adenocarcinoma pathway, no NET drugs, no EP
    row(
        "8.5-minen-well-differentiated",
        MINEN_WD,
        label="MiNEN",
        status={
            "chemo_platinum_etoposide": NR,
            "ssa": NR,
            "everolimus": NR,
            "sunitinib": NR,
            "cabozantinib": NR,
            "prrt": NR,
            "chemo_alkylating": NR,
        },
        alerts=("minen_adenocarcinoma_pathway",),
        has=(
            ("chemo_platinum_etoposide.reasons", "adenocarcinoma"),
            ("minen_adenocarcinoma_pathway", "adenocarcinoma"),
        ),
        lacks=(("chemo_platinum_etoposide.reasons", GT_55),),
    ),
    # 8.5: the same MiNEN after a failed everolimus line -> still no cabozantinib (8.9)
    row(
        "8.5-minen-no-cabozantinib",
        make(MINEN_WD, treatments=[EVE_FAILED]),
        status={"cabozantinib": NR},
    ),
    # 8.5: NE part Ki-67 exactly 55% is still "<= 55%" -> adenocarcinoma pathway
    row(
        "8.5-minen-ki67-55",
        make(MINEN_WD, tumour={"ki67_percent": 55, "mitotic_count": 10}),
        status={"chemo_platinum_etoposide": NR},
        alerts=("minen_adenocarcinoma_pathway",),
    ),
    # 8.5: well-differentiated NE part with Ki-67 60% -> section 5 (EP offered), no alert
    row(
        "8.5-minen-ki67-60",
        make(MINEN_WD, tumour={"ki67_percent": 60, "mitotic_count": 10}),
        status={"chemo_platinum_etoposide": OFFERED},
        no_alerts=("minen_adenocarcinoma_pathway",),
    ),
    # 8.5: poorly differentiated NE part -> NEC rules: platinum-etoposide recommended
    row(
        "8.5-minen-poorly-differentiated",
        make(
            MINEN_WD,
            tumour={
                "differentiation": "poor",
                "ki67_percent": 70,
                "mitotic_count": 30,
                "nec_cell_type": "large",
            },
        ),
        label="MiNEN",
        status={"chemo_platinum_etoposide": REC},
        no_alerts=("minen_adenocarcinoma_pathway",),
    ),
    # 8.5 with section 1: a 30% non-NE component makes a MiNEN
    row(
        "8.5-minen-30-percent",
        make(MINEN_WD, tumour={"non_ne_component_percent": 30}),
        label="MiNEN",
        alerts=("minen_adenocarcinoma_pathway",),
    ),
    # 8.5 with section 1: 29% is below the MiNEN threshold -> a NET G2, no MiNEN alert
    row(
        "8.5-not-minen-29-percent",
        make(MINEN_WD, tumour={"non_ne_component_percent": 29}),
        label="NET G2",
        no_alerts=("minen_adenocarcinoma_pathway",),
    ),
    # 8.5: localised well-differentiated MiNEN -> surgery keeps its section 3 rule
    row(
        "8.5-minen-localised-surgery",
        make(
            LOCAL_PANCREAS,
            tumour={
                "primary_site": "colon",
                "ki67_percent": 12,
                "mitotic_count": 3,
                "non_ne_component_percent": 45,
            },
        ),
        status={"surgery": REC},
        alerts=("minen_adenocarcinoma_pathway",),
    ),
]

# --- 8.6 NET G3 and the follow-up alert -----------------------------------------------------
ROWS_8_6 = [
    # 8.6: NET G3 (Ki-67 30%), low burden, stable -> never simply watched
    row(
        "8.6-net-g3-low-burden",
        make(PANCREAS, tumour={"ki67_percent": 30, "mitotic_count": 3}),
        label="NET G3",
        status={"observation": NR},
        has=(("observation.reasons", "G3"),),
    ),
    # 8.6: NET G3, high burden -> observation not recommended either
    row(
        "8.6-net-g3-high-burden",
        make(
            PANCREAS,
            tumour={"ki67_percent": 30, "mitotic_count": 3},
            disease={"tumour_burden": "high"},
        ),
        status={"observation": NR},
    ),
    # 8.6 control: NET G2 (Ki-67 15%), low burden, stable -> observation recommended
    row(
        "8.6-net-g2-observation",
        make(PANCREAS, tumour={"ki67_percent": 15}),
        status={"observation": REC},
        alerts=("radiation_sparing_follow_up",),
    ),
    # 8.6: localised pancreatic NET G1 -> follow-up alert, without the lung-only PET advice
    row(
        "8.6-follow-up-pancreas-g1",
        LOCAL_PANCREAS,
        alerts=("radiation_sparing_follow_up",),
        lacks=(("radiation_sparing_follow_up", "PET"),),
    ),
    # 8.15: localised NET G2 of unknown primary -> follow-up alert
    row(
        "8.15-follow-up-unknown-primary",
        make(
            LOCAL_PANCREAS,
            tumour={"primary_site": "unknown_primary", "ki67_percent": 5, "mitotic_count": 3},
        ),
        alerts=("radiation_sparing_follow_up",),
    ),
    # 8.6: localised lung typical carcinoid -> follow-up alert with "no PET"
    row(
        "8.6-follow-up-lung-carcinoid",
        LUNG_TC_LOCAL,
        label="Typical carcinoid",
        alerts=("radiation_sparing_follow_up",),
        has=(("radiation_sparing_follow_up", "PET"),),
    ),
    # 8.6: metastatic NET G2, progressive (observation not offered) -> no follow-up alert
    row(
        "8.6-follow-up-metastatic-progressive",
        PANC_AFTER_SSA,
        status={"observation": NR},
        no_alerts=("radiation_sparing_follow_up",),
    ),
    # 8.6: localised NET G3 -> no follow-up alert
    row(
        "8.6-follow-up-net-g3",
        make(LOCAL_PANCREAS, tumour={"ki67_percent": 30, "mitotic_count": 3}),
        no_alerts=("radiation_sparing_follow_up",),
    ),
    # 8.6: localised NEC -> no follow-up alert
    row(
        "8.6-follow-up-nec",
        make(
            LOCAL_PANCREAS,
            tumour={
                "differentiation": "poor",
                "ki67_percent": 70,
                "mitotic_count": 30,
                "nec_cell_type": "large",
            },
        ),
        no_alerts=("radiation_sparing_follow_up",),
    ),
    # 8.15: localised MiNEN -> no follow-up alert
    row(
        "8.6-follow-up-minen",
        make(
            LOCAL_PANCREAS,
            tumour={"ki67_percent": 5, "mitotic_count": 3, "non_ne_component_percent": 45},
        ),
        label="MiNEN",
        no_alerts=("radiation_sparing_follow_up",),
    ),
    # 8.15: localised Indeterminate (no Ki-67, no mitotic count) -> no follow-up alert
    row(
        "8.6-follow-up-indeterminate",
        make(LOCAL_PANCREAS, tumour={"ki67_percent": None, "mitotic_count": None}),
        label="Indeterminate",
        no_alerts=("radiation_sparing_follow_up",),
    ),
    # 8.9: limited-stage small-cell carcinoma -> the carcinoid follow-up advice does not apply
    row(
        "8.6-follow-up-small-cell",
        SCLC_LIMITED,
        no_alerts=("radiation_sparing_follow_up",),
    ),
]

# --- 8.7 Site-specific localised disease ---------------------------------------------------
# Expected statuses per gastric type and size (8.7; 8.15 for an unknown type).
T12_SMALL = {"observation": REC, "endoscopic_resection": OPT, "surgery": NR}
T12_LARGE = {"endoscopic_resection": REC, "surgery": NR, "observation": NR}
T3 = {"surgery": REC, "observation": NR, "endoscopic_resection": NR}
TYPE_UNKNOWN_SMALL = {"endoscopic_resection": OPT, "surgery": OPT, "observation": NR}

# (size mm, gastric type, expected): localised gastric NET G1, N0. One line per vignette.
STOMACH_GRID: list[tuple[int, Any, dict[str, str]]] = [
    # 8.7: type 1 (atrophic gastritis), 10 mm -> endoscopic surveillance, resection an option
    (10, 1, T12_SMALL),
    # 8.7: type 1, 11 mm -> endoscopic resection; surgery not recommended (8.15)
    (11, 1, T12_LARGE),
    # 8.7: type 1, 20 mm -> endoscopic resection
    (20, 1, T12_LARGE),
    # 8.7: type 1 > 10 mm has no upper size limit in the text: 21 mm -> endoscopic resection
    (21, 1, T12_LARGE),
    # 8.7: type 1, 29 mm -> endoscopic resection
    (29, 1, T12_LARGE),
    # 8.7: type 1, 30 mm -> endoscopic resection
    (30, 1, T12_LARGE),
    # 8.7: type 2 (gastrinoma, MEN1) follows the type 1 size rules: 10 mm -> surveillance
    (10, 2, T12_SMALL),
    # 8.7: type 2, 11 mm -> endoscopic resection
    (11, 2, T12_LARGE),
    # 8.7: type 2, 20 mm -> endoscopic resection
    (20, 2, T12_LARGE),
    # 8.7: type 2, 21 mm -> endoscopic resection
    (21, 2, T12_LARGE),
    # 8.7: type 2, 30 mm -> endoscopic resection
    (30, 2, T12_LARGE),
    # 8.7: type 3 (sporadic), 10 mm -> oncological gastrectomy whatever the size
    (10, 3, T3),
    # 8.7: type 3, 11 mm -> gastrectomy
    (11, 3, T3),
    # 8.7: type 3, 20 mm -> gastrectomy
    (20, 3, T3),
    # 8.7: type 3, 21 mm -> gastrectomy
    (21, 3, T3),
    # 8.7: type 3, 30 mm -> gastrectomy
    (30, 3, T3),
    # 8.15: type unknown, 10 mm -> endoscopic or surgical resection, no observation
    (10, "unknown", TYPE_UNKNOWN_SMALL),
    # 8.15: type unknown, 11 mm -> both resections options
    (11, "unknown", TYPE_UNKNOWN_SMALL),
    # 8.15: type unknown, 20 mm -> both resections options
    (20, "unknown", TYPE_UNKNOWN_SMALL),
    # 8.15: type unknown, 21 mm -> larger than 20 mm: as type 3
    (21, "unknown", T3),
    # 8.15: type unknown, 29 mm -> as type 3
    (29, "unknown", T3),
    # 8.15: type unknown, 30 mm -> as type 3
    (30, "unknown", T3),
    # 8.15: type null counts as unknown, 10 mm -> both resections options
    (10, None, TYPE_UNKNOWN_SMALL),
    # 8.15: type null, 20 mm -> both options
    (20, None, TYPE_UNKNOWN_SMALL),
    # 8.15: type null, 21 mm -> as type 3
    (21, None, T3),
    # 8.15: type absent counts as unknown, 15 mm -> both options
    (15, ABSENT, TYPE_UNKNOWN_SMALL),
]


def _type_name(gastric_type: Any) -> str:
    return "absent" if gastric_type is ABSENT else f"t{gastric_type}".lower()


ROWS_8_7_STOMACH = [
    row(f"8.7-stomach-{_type_name(t)}-{size}mm", stomach(size, t), status=expected)
    for size, t, expected in STOMACH_GRID
] + [
    # 8.7: type 2 -> the advice names the gastrinoma to treat
    row("8.7-stomach-t2-gastrinoma", stomach(8, 2), has=(("*", "gastrinoma"),)),
    # 8.15: type unknown -> the reason asks for the gastric type first
    row(
        "8.15-stomach-unknown-reason",
        stomach(12, "unknown"),
        has=(("*", "gastric type"),),
    ),
    # 8.7: type 1 but G3 -> as type 3: gastrectomy
    row("8.7-stomach-t1-g3", stomach(8, 1, grade="G3"), status=T3),
    # 8.15: type unknown and G3, 10 mm -> as type 3
    row("8.15-stomach-unknown-g3", stomach(10, "unknown", grade="G3"), status=T3),
    # 8.7: type 1, G2, 30 mm -> endoscopic resection (G1/G2)
    row("8.7-stomach-t1-30mm-g2", stomach(30, 1, grade="G2"), status=T12_LARGE),
    # 8.15: type unknown, G2, 15 mm -> both options
    row("8.15-stomach-unknown-g2", stomach(15, "unknown", grade="G2"), status=TYPE_UNKNOWN_SMALL),
    # 8.15: type 1, 12 mm, nodes not assessed -> counted N0, caution
    row(
        "8.15-stomach-t1-nodes-unknown",
        stomach(12, 1, nodes="unknown"),
        status={"endoscopic_resection": REC},
        has=(("endoscopic_resection.cautions", NODAL_CAUTION),),
    ),
    # 8.15: metastatic gastric NET (type 1, 8 mm primary) -> site rules do not apply
    row(
        "8.15-stomach-metastatic",
        make(
            MIDGUT,
            tumour={"primary_site": "stomach", "gastric_type": 1, "primary_size_mm": 8},
        ),
        status={"endoscopic_resection": NR},
    ),
]

ROWS_8_7_RECTUM = [
    # 8.7: rectal NET G1 N0 8 mm -> endoscopic resection recommended, no operation (8.15)
    row(
        "8.7-rectum-8mm-g2",
        local_site("rectum", 8, grade="G2"),
        status={"endoscopic_resection": REC, "surgery": NR},
    ),
    # 8.7: rectal NET 10 mm -> endoscopic resection recommended
    row(
        "8.7-rectum-10mm",
        local_site("rectum", 10),
        status={"endoscopic_resection": REC, "surgery": NR},
    ),
    # 8.7: rectal NET 11 mm -> endoscopic or surgical resection, after endoscopic ultrasound
    row(
        "8.7-rectum-11mm",
        local_site("rectum", 11),
        status={"endoscopic_resection": OPT, "surgery": OPT},
    ),
    # 8.7: rectal NET 20 mm -> both options
    row(
        "8.7-rectum-20mm",
        local_site("rectum", 20),
        status={"endoscopic_resection": OPT, "surgery": OPT},
    ),
    # 8.7: rectal NET 21 mm -> total mesorectal excision recommended, endoscopy not
    row(
        "8.7-rectum-21mm",
        local_site("rectum", 21),
        status={"surgery": REC, "endoscopic_resection": NR},
    ),
    # 8.7: rectal NET 29 mm -> surgery
    row(
        "8.7-rectum-29mm",
        local_site("rectum", 29),
        status={"surgery": REC, "endoscopic_resection": NR},
    ),
    # 8.7: rectal NET 30 mm -> surgery
    row(
        "8.7-rectum-30mm",
        local_site("rectum", 30),
        status={"surgery": REC, "endoscopic_resection": NR},
    ),
    # 8.7: rectal NET G3 of 8 mm -> surgery, no endoscopy
    row(
        "8.7-rectum-g3",
        local_site("rectum", 8, grade="G3"),
        status={"surgery": REC, "endoscopic_resection": NR},
    ),
    # 8.7: rectal NET 8 mm N+ -> surgery, no endoscopy
    row(
        "8.7-rectum-n-positive",
        local_site("rectum", 8, nodes="n_positive"),
        status={"surgery": REC, "endoscopic_resection": NR},
    ),
    # 8.15: rectal NET 8 mm, nodes not assessed -> as N0 with a caution
    row(
        "8.15-rectum-nodes-unknown",
        local_site("rectum", 8, nodes="unknown"),
        status={"endoscopic_resection": REC, "surgery": NR},
        has=(("endoscopic_resection.cautions", NODAL_CAUTION),),
    ),
    # 8.15: metastatic rectal NET with an 8 mm primary -> site rules do not apply
    row(
        "8.15-rectum-metastatic",
        make(MIDGUT, tumour={"primary_site": "rectum", "primary_size_mm": 8}),
        status={"endoscopic_resection": NR},
    ),
]

ROWS_8_7_DUODENUM = [
    # 8.7: duodenal NET G1 N0 non-functional 10 mm -> endoscopic resection recommended
    row(
        "8.7-duodenum-10mm",
        local_site("duodenum", 10),
        status={"endoscopic_resection": REC, "surgery": NR},
    ),
    # 8.7: duodenal NET 11 mm -> endoscopic or surgical resection
    row(
        "8.7-duodenum-11mm",
        local_site("duodenum", 11),
        status={"endoscopic_resection": OPT, "surgery": OPT},
    ),
    # 8.7: duodenal NET 20 mm -> both options
    row(
        "8.7-duodenum-20mm",
        local_site("duodenum", 20),
        status={"endoscopic_resection": OPT, "surgery": OPT},
    ),
    # 8.7: duodenal NET 21 mm -> surgery recommended, endoscopy not (every other setting)
    row(
        "8.7-duodenum-21mm",
        local_site("duodenum", 21),
        status={"surgery": REC, "endoscopic_resection": NR},
    ),
    # 8.7: duodenal NET 30 mm -> surgery
    row(
        "8.7-duodenum-30mm",
        local_site("duodenum", 30),
        status={"surgery": REC, "endoscopic_resection": NR},
    ),
    # 8.15: metastatic duodenal NET with an 8 mm primary -> site rules do not apply
    row(
        "8.15-duodenum-metastatic",
        make(MIDGUT, tumour={"primary_site": "duodenum", "primary_size_mm": 8}),
        status={"endoscopic_resection": NR},
    ),
    # 8.7: duodenal NET G2 of 8 mm -> the endoscopic rule is for G1 only: surgery
    row(
        "8.7-duodenum-g2",
        local_site("duodenum", 8, grade="G2"),
        status={"surgery": REC, "endoscopic_resection": NR},
    ),
    # 8.7: duodenal NET 8 mm N+ -> surgery
    row(
        "8.7-duodenum-n-positive",
        local_site("duodenum", 8, nodes="n_positive"),
        status={"surgery": REC, "endoscopic_resection": NR},
    ),
    # 8.7: functional duodenal NET (gastrinoma, controlled) of 8 mm -> surgery
    row(
        "8.7-duodenum-functional",
        local_site("duodenum", 8, functional_syndrome="gastrinoma", syndrome_controlled=True),
        status={"surgery": REC, "endoscopic_resection": NR},
    ),
    # 8.15: duodenal NET 8 mm, nodes not assessed -> as N0 with a caution
    row(
        "8.15-duodenum-nodes-unknown",
        local_site("duodenum", 8, nodes="unknown"),
        status={"endoscopic_resection": REC},
        has=(("endoscopic_resection.cautions", NODAL_CAUTION),),
    ),
]


def appendix(size: float, **kw: Any) -> dict[str, Any]:
    """After appendicectomy (primary resected)."""
    data = local_site("appendix", size, **kw)
    data["disease"]["primary_resected"] = True
    return data


ROWS_8_7_APPENDIX = [
    # 8.7: appendix 10 mm G1 N0 -> no further surgery, no follow-up needed (8.15: no alert)
    row(
        "8.7-appendix-10mm",
        appendix(10),
        status={"surgery": NR, "observation": REC, "endoscopic_resection": NR},
        no_alerts=("radiation_sparing_follow_up",),
    ),
    # 8.7: appendix 11 mm G1 N0 -> no further surgery, but follow-up (alert present)
    row(
        "8.7-appendix-11mm",
        appendix(11),
        status={"surgery": NR, "observation": REC},
        alerts=("radiation_sparing_follow_up",),
    ),
    # 8.7: appendix 20 mm G1 N0 -> no further surgery
    row("8.7-appendix-20mm", appendix(20), status={"surgery": NR, "observation": REC}),
    # 8.7: appendix 21 mm -> right hemicolectomy recommended
    row(
        "8.7-appendix-21mm",
        appendix(21),
        status={"surgery": REC, "endoscopic_resection": NR},
        has=(("surgery.reasons", "hemicolectomy"),),
    ),
    # 8.7: appendix 15 mm G2 -> right hemicolectomy
    row("8.7-appendix-g2", appendix(15, grade="G2"), status={"surgery": REC}),
    # 8.7: appendix 15 mm N+ -> right hemicolectomy
    row("8.7-appendix-n-positive", appendix(15, nodes="n_positive"), status={"surgery": REC}),
]

ROWS_8_7_OTHER = [
    # 8.7: localised colonic NET 8 mm -> endoscopic resection not in the site rules
    row("8.7-colon-no-endoscopy", local_site("colon", 8), status={"endoscopic_resection": NR}),
    # 8.7: localised pancreatic NET -> no endoscopic resection
    row("8.7-pancreas-no-endoscopy", LOCAL_PANCREAS, status={"endoscopic_resection": NR}),
    # section 3 (kept by 8.8): sporadic pancreatic NET G1 of 20 mm -> observation an option
    row(
        "8.7-pancreas-sporadic-20mm",
        make(LOCAL_PANCREAS, tumour={"primary_size_mm": 20}),
        status={"observation": OPT, "surgery": REC},
    ),
    # section 3: sporadic pancreatic NET G1 of 21 mm -> resection, no observation
    row(
        "8.7-pancreas-sporadic-21mm",
        make(LOCAL_PANCREAS, tumour={"primary_size_mm": 21}),
        status={"observation": NR, "surgery": REC},
    ),
]

# --- 8.8 Hereditary context ----------------------------------------------------------------


def vhl_pancreas(size: float) -> dict[str, Any]:
    return make(LOCAL_PANCREAS, tumour={"hereditary_syndrome": "vhl", "primary_size_mm": size})


def men1_pancreas(size: float) -> dict[str, Any]:
    return make(LOCAL_PANCREAS, tumour={"hereditary_syndrome": "men1", "primary_size_mm": size})


ROWS_8_8 = [
    # 8.8: pancreatic NET -> GEP probability 10%
    row("8.8-probability-pancreas", PANCREAS, has=(("hereditary_assessment", PCT_10),)),
    # 8.8: lung carcinoid -> 25%
    row("8.8-probability-lung", LUNG_TC_LOCAL, has=(("hereditary_assessment", PCT_25),)),
    # 8.8: thymic atypical carcinoid -> bronchial/thymic 25%
    row(
        "8.8-probability-thymus",
        make(LUNG_AC_METS, tumour={"primary_site": "thymus"}),
        has=(("hereditary_assessment", PCT_25),),
    ),
    # 8.15: medullary thyroid (out of scope) -> 25% still shown
    row(
        "8.15-probability-medullary",
        MEDULLARY,
        label="Out of scope",
        has=(("hereditary_assessment", PCT_25),),
    ),
    # 8.15: pheochromocytoma/paraganglioma (out of scope) -> >= 40%
    row(
        "8.15-probability-paraganglioma",
        make(MIDGUT, tumour={"primary_site": "adrenal_or_paraganglia"}),
        has=(("hereditary_assessment", PCT_40),),
    ),
    # 8.8: colonic NEC -> no figure; assess the family history
    row(
        "8.8-no-figure-nec",
        NEC_COLON,
        has=(("hereditary_assessment", "family history"),),
        lacks=(("hereditary_assessment", ANY_FIGURE),),
    ),
    # 8.15: MiNEN -> no figure; assess the family history
    row(
        "8.15-no-figure-minen",
        MINEN_WD,
        has=(("hereditary_assessment", "family history"),),
        lacks=(("hereditary_assessment", ANY_FIGURE),),
    ),
    # 8.15: Indeterminate -> no figure; assess the family history
    row(
        "8.15-no-figure-indeterminate",
        make(PANCREAS, tumour={"ki67_percent": None, "mitotic_count": None}),
        label="Indeterminate",
        has=(("hereditary_assessment", "family history"),),
        lacks=(("hereditary_assessment", ANY_FIGURE),),
    ),
    # 8.8: known MEN1 -> counselling, cascade testing, MEN1 surveillance; no probability figure
    row(
        "8.8-known-men1",
        make(PANCREAS, tumour={"hereditary_syndrome": "men1"}),
        has=(
            ("hereditary_assessment", COUNSELLING),
            ("hereditary_assessment", "cascade"),
            ("hereditary_assessment", "parathyroid"),
        ),
        lacks=(("hereditary_assessment", PCT_10),),
    ),
    # 8.8: known VHL -> counselling, cascade testing, VHL surveillance (kidneys...)
    row(
        "8.8-known-vhl",
        make(PANCREAS, tumour={"hereditary_syndrome": "vhl"}),
        has=(("hereditary_assessment", "cascade"), ("hereditary_assessment", "kidney")),
    ),
    # 8.8: known MEN2 (pheochromocytoma, out of scope) -> cascade testing
    row(
        "8.8-known-men2",
        make(
            MIDGUT,
            tumour={"primary_site": "adrenal_or_paraganglia", "hereditary_syndrome": "men2"},
        ),
        has=(("hereditary_assessment", "cascade"),),
    ),
    # 8.8: known NF1 -> counselling
    row(
        "8.8-known-nf1",
        make(PANCREAS, tumour={"hereditary_syndrome": "nf1"}),
        has=(("hereditary_assessment", COUNSELLING),),
    ),
    # 8.8: known tuberous sclerosis -> counselling
    row(
        "8.8-known-tsc",
        make(PANCREAS, tumour={"hereditary_syndrome": "tsc"}),
        has=(("hereditary_assessment", COUNSELLING),),
    ),
    # 8.8: VHL pancreatic NET 21 mm -> the sporadic 20 mm rule does not apply: observation
    row(
        "8.8-vhl-21mm",
        vhl_pancreas(21),
        status={"observation": REC, "surgery": OPT, "belzutifan": OPT},
    ),
    # 8.15: VHL 29 mm -> observation recommended, surgery and belzutifan options
    row(
        "8.15-vhl-29mm",
        vhl_pancreas(29),
        status={"observation": REC, "surgery": OPT, "belzutifan": OPT},
    ),
    # 8.15: VHL 30 mm -> surgery recommended, belzutifan option, observation no longer
    row(
        "8.15-vhl-30mm",
        vhl_pancreas(30),
        status={"surgery": REC, "belzutifan": OPT, "observation": NR},
    ),
    # 8.8: MEN1 20 mm -> the 20 mm rule stands: observation an option
    row(
        "8.8-men1-20mm",
        men1_pancreas(20),
        status={"observation": OPT, "surgery": REC, "belzutifan": NR},
    ),
    # 8.8: MEN1 21 mm -> resection, no observation, no belzutifan
    row(
        "8.8-men1-21mm",
        men1_pancreas(21),
        status={"observation": NR, "surgery": REC, "belzutifan": NR},
    ),
    # 8.8: sporadic pancreatic NET -> no belzutifan
    row("8.8-sporadic-no-belzutifan", LOCAL_PANCREAS, status={"belzutifan": NR}),
    # 8.8/8.12: VHL pancreatic NET in pregnancy -> belzutifan contraindicated
    row(
        "8.8-vhl-pregnant-belzutifan",
        make(vhl_pancreas(25), patient={"pregnant": True}),
        status={"belzutifan": CI},
        alerts=("pregnancy",),
    ),
]

# --- 8.9 New agents: cabozantinib --------------------------------------------------------------
ROWS_8_9_CABOZANTINIB = [
    # 8.9: pancreatic NET progressing after an SSA only -> cabozantinib not yet
    row("8.9-cabo-after-ssa-only", PANC_AFTER_SSA, status={"cabozantinib": NR}),
    # 8.9: after SSA and everolimus -> cabozantinib option (CABINET)
    row(
        "8.9-cabo-after-everolimus",
        PANC_AFTER_SSA_EVE,
        status={"cabozantinib": OPT},
        has=(("cabozantinib.reasons", "CABINET"),),
    ),
    # 8.15: a completed PRRT course counts as the prior line
    row(
        "8.15-cabo-after-prrt",
        make(
            PANC_AFTER_SSA,
            treatments=[
                line("ssa", "2022-01-10", "2023-01-01", "progression", SSA_STANDARD),
                line("prrt", "2023-02-01", "2023-08-01", "completed", "177Lu-DOTATATE", 4),
            ],
        ),
        status={"cabozantinib": OPT},
    ),
    # 8.15: sunitinib stopped for toxicity counts as the prior line
    row(
        "8.15-cabo-after-sunitinib",
        make(
            PANC_AFTER_SSA,
            treatments=[SSA_FAILED, line("sunitinib", "2026-05-15", "2026-07-01", "toxicity")],
        ),
        status={"cabozantinib": OPT},
    ),
    # 8.15: an ongoing failing CAPTEM counts (ongoing or ended)
    row(
        "8.15-cabo-during-captem",
        make(PANC_AFTER_SSA, treatments=[SSA_FAILED, CAPTEM_ONGOING]),
        status={"cabozantinib": OPT},
    ),
    # 8.15: an oxaliplatin line counts
    row(
        "8.15-cabo-after-folfox",
        make(
            PANC_AFTER_SSA,
            treatments=[line("chemo_oxaliplatin", "2025-01-10", "2025-07-01", "completed")],
        ),
        status={"cabozantinib": OPT},
    ),
    # 8.15: telotristat, interferon, locoregional, surgery, radiotherapy do not count
    row(
        "8.15-cabo-non-counting-lines-1",
        make(
            PANC_AFTER_SSA,
            treatments=[
                SSA_FAILED,
                line("surgery", "2023-01-10", "2023-01-10", "completed"),
                line("locoregional", "2024-03-01", "2024-03-01", "completed"),
                line("telotristat", "2024-05-01", "2025-01-01", "other"),
                line("interferon", "2025-02-01", "2025-06-01", "toxicity"),
                line("radiotherapy", "2025-08-01", "2025-08-20", "completed"),
            ],
        ),
        status={"cabozantinib": NR},
    ),
    # 8.15: immunotherapy (trial) and belzutifan do not count either
    row(
        "8.15-cabo-non-counting-lines-2",
        make(
            PANC_AFTER_SSA,
            tumour={"hereditary_syndrome": "vhl"},
            treatments=[
                SSA_FAILED,
                line("belzutifan", "2024-01-10", "2024-12-01", "other"),
                line("immunotherapy", "2025-01-10", "2025-06-01", "progression"),
            ],
        ),
        status={"cabozantinib": NR},
    ),
    # 8.9: after everolimus but not progressing -> no cabozantinib
    row(
        "8.9-cabo-not-progressive",
        make(
            PANCREAS,
            treatments=[SSA_FAILED, line("everolimus", "2025-01-10", "2025-09-01", "completed")],
        ),
        status={"cabozantinib": NR},
    ),
    # 8.9: midgut (extra-pancreatic) NET after everolimus -> option
    row(
        "8.9-cabo-midgut",
        make(MIDGUT_AFTER_SSA, treatments=[SSA_FAILED, EVE_FAILED]),
        status={"cabozantinib": OPT},
    ),
    # 8.9: lung atypical carcinoid after everolimus -> option
    row(
        "8.9-cabo-lung",
        make(LUNG_AC_METS, treatments=[EVE_FAILED]),
        status={"cabozantinib": OPT},
    ),
    # 8.9: unknown primary after CAPTEM -> option
    row(
        "8.9-cabo-unknown-primary",
        make(
            PANC_AFTER_SSA,
            tumour={"primary_site": "unknown_primary"},
            treatments=[CAPTEM_FAILED],
        ),
        status={"cabozantinib": OPT},
    ),
    # 8.9: NET G3 with Ki-67 40% after CAPTEM -> option
    row(
        "8.9-cabo-g3-40",
        make(PANC_AFTER_SSA, tumour={"ki67_percent": 40}, treatments=[CAPTEM_FAILED]),
        status={"cabozantinib": OPT},
    ),
    # 8.9: NET with Ki-67 60% after CAPTEM -> above 55%: no
    row(
        "8.9-cabo-g3-60",
        make(PANC_AFTER_SSA, tumour={"ki67_percent": 60}, treatments=[CAPTEM_FAILED]),
        status={"cabozantinib": NR},
    ),
    # 8.9: NEC after platinum-etoposide -> no cabozantinib
    row(
        "8.9-cabo-nec",
        make(NEC_COLON, treatments=[PE_FAILED]),
        status={"cabozantinib": NR},
    ),
    # 8.9: uncontrolled hypertension -> cabozantinib contraindicated
    row(
        "8.9-cabo-hypertension",
        make(PANC_AFTER_SSA_EVE, comorbidities=["uncontrolled_hypertension"]),
        status={"cabozantinib": CI, "sunitinib": CI},
    ),
    # 8.15: contraindicated shown even before any qualifying line
    row(
        "8.15-cabo-hypertension-not-indicated",
        make(PANC_AFTER_SSA, comorbidities=["uncontrolled_hypertension"]),
        status={"cabozantinib": CI},
    ),
    # 8.9: heart failure -> option with the CABINET exclusion caution
    row(
        "8.9-cabo-heart-failure",
        make(PANC_AFTER_SSA_EVE, comorbidities=["heart_failure"]),
        status={"cabozantinib": OPT},
        has=(("cabozantinib.cautions", "class III"),),
    ),
    # 8.9: liver failure -> option (with a caution)
    row(
        "8.9-cabo-liver-failure",
        make(PANC_AFTER_SSA_EVE, comorbidities=["liver_failure"]),
        status={"cabozantinib": OPT},
    ),
]

# --- 8.9 SSA dose escalation (CLARINET FORTE) ----------------------------------------------
ROWS_8_9_ESCALATION = [
    # 8.9: midgut NET, slow progression on standard-dose SSA, low burden, Ki-67 5%, SSTR+ -> option
    row(
        "8.9-forte-eligible",
        MIDGUT_AFTER_SSA,
        status={"ssa": OPT},
        has=(("ssa.reasons", "bridge"),),
    ),
    # 8.9: rapid progression -> no escalation; the failed SSA is not offered again
    row(
        "8.9-forte-rapid",
        make(MIDGUT_AFTER_SSA, disease={"progression": "rapid"}),
        status={"ssa": NR},
    ),
    # 8.9: high burden -> no escalation
    row(
        "8.9-forte-high-burden",
        make(MIDGUT_AFTER_SSA, disease={"tumour_burden": "high"}),
        status={"ssa": NR},
    ),
    # 8.9: Ki-67 10% (boundary, included) -> option
    row(
        "8.9-forte-ki67-10",
        make(MIDGUT_AFTER_SSA, tumour={"ki67_percent": 10}),
        status={"ssa": OPT},
    ),
    # 8.9: Ki-67 11% -> no escalation
    row(
        "8.9-forte-ki67-11",
        make(MIDGUT_AFTER_SSA, tumour={"ki67_percent": 11}),
        status={"ssa": NR},
    ),
    # 8.9: SSTR imaging unknown -> escalation needs positive SSTR
    row(
        "8.9-forte-sstr-unknown",
        make(MIDGUT_AFTER_SSA, tumour={"sstr_imaging": "unknown"}),
        status={"ssa": NR},
    ),
    # 8.9: the failed SSA was already escalated (every 14 days) -> not offered again
    row(
        "8.9-forte-already-escalated-14-days",
        make(
            MIDGUT_AFTER_SSA,
            treatments=[
                line(
                    "ssa",
                    "2024-01-10",
                    "2026-05-01",
                    "progression",
                    "lanreotide 120 mg every 14 days",
                )
            ],
        ),
        status={"ssa": NR},
    ),
    # 8.9: "every 2 weeks" is escalated too -> not offered again
    row(
        "8.9-forte-already-escalated-2-weeks",
        make(
            MIDGUT_AFTER_SSA,
            treatments=[
                line(
                    "ssa",
                    "2024-01-10",
                    "2026-05-01",
                    "progression",
                    "octreotide LAR 30 mg every 2 weeks",
                )
            ],
        ),
        status={"ssa": NR},
    ),
    # 8.15: standard SSA failed, then escalated SSA failed -> no further escalation
    row(
        "8.15-forte-escalated-failed-after-standard",
        make(
            MIDGUT_AFTER_SSA,
            treatments=[
                line("ssa", "2023-01-10", "2024-06-01", "progression", SSA_STANDARD),
                line(
                    "ssa",
                    "2024-06-01",
                    "2026-05-01",
                    "progression",
                    "lanreotide 120 mg every 14 days",
                ),
            ],
        ),
        status={"ssa": NR},
    ),
    # 8.15: failed SSA with no agent written -> not escalated: option
    row(
        "8.15-forte-agent-missing",
        make(MIDGUT_AFTER_SSA, treatments=[line("ssa", "2024-01-10", "2026-05-01", "progression")]),
        status={"ssa": OPT},
    ),
    # 8.9: standard SSA still running while progressing slowly (failed) -> option
    row(
        "8.9-forte-ongoing-failed",
        make(MIDGUT_AFTER_SSA, treatments=[SSA_ONGOING]),
        status={"ssa": OPT},
    ),
    # 8.1/8.13: escalated SSA working -> continue it; its caution prints its own schedule
    row(
        "8.13-escalated-ssa-working",
        make(
            MIDGUT, treatments=[line("ssa", "2025-06-01", agent="lanreotide 120 mg every 14 days")]
        ),
        status={"ssa": REC},
        has=(("ssa.cautions", "14 days"),),
    ),
]

# --- 8.9 PRRT: COMPETE, NETTER-1 OS, re-treatment interval (8.15) ---------------------------
ROWS_8_9_PRRT = [
    # 8.9: midgut PRRT after failed SSA -> recommended, NETTER-1 final OS 48.0 months
    row(
        "8.9-prrt-midgut-netter1-os",
        MIDGUT_AFTER_SSA,
        status={"prrt": REC},
        has=(("prrt.reasons", "48"),),
    ),
    # 8.9: pancreatic PRRT after failed SSA -> option, COMPETE named
    row(
        "8.9-prrt-pancreas-compete",
        PANC_AFTER_SSA,
        status={"prrt": OPT},
        has=(("prrt.reasons", "COMPETE"),),
    ),
    # 8.15: PD 517 days (17.0 months) after a completed course -> no re-treatment
    row(
        "8.15-prrt-retreat-17-months",
        prrt_relapse(517),
        status={"prrt": NR},
        has=(("prrt.reasons", "short benefit"),),
    ),
    # 8.15: PD 547 days (17.97 months) -> still under 18 months
    row("8.15-prrt-retreat-547-days", prrt_relapse(547), status={"prrt": NR}),
    # 8.15: PD 548 days (18.00 months) -> re-treatment an option
    row("8.15-prrt-retreat-18-months", prrt_relapse(548), status={"prrt": OPT}),
    # 8.15: PD 24 months after the course -> option
    row("8.15-prrt-retreat-24-months", prrt_relapse(730), status={"prrt": OPT}),
    # 8.15: everolimus started 10 months after the course ends the interval -> 10 months: no
    row(
        "8.15-prrt-retreat-next-line-counts",
        make(
            MIDGUT,
            disease={"progression": "slow"},
            treatments=[
                *PRRT_DONE,
                line("everolimus", "2024-05-10", "2025-02-01", "toxicity"),
            ],
            imaging=[*PRRT_SCANS, ct("2024-05-01", 42), ct("2026-06-01", 70)],
        ),
        status={"prrt": NR},
    ),
    # 8.15: radiotherapy, telotristat and supportive care after the course do not count
    row(
        "8.15-prrt-retreat-non-counting-lines",
        make(
            MIDGUT,
            disease={"progression": "slow"},
            treatments=[
                *PRRT_DONE,
                line("radiotherapy", "2024-05-10", "2024-05-30", "completed"),
                line("telotristat", "2024-06-10", "2025-02-01", "other"),
                line("supportive_care", "2025-03-01"),
            ],
            imaging=[*PRRT_SCANS, ct("2024-05-01", 42), ct("2026-06-01", 70)],
        ),
        status={"prrt": OPT},
    ),
    # 8.15: no later line, no PD scan after the course -> interval unknown: option, caution
    row(
        "8.15-prrt-retreat-interval-unknown",
        make(
            MIDGUT,
            disease={"progression": "slow"},
            treatments=PRRT_DONE,
            imaging=[ct("2023-01-05", 60), ct("2023-10-01", 55)],
        ),
        status={"prrt": OPT},
        has=(("prrt.cautions", INTERVAL_UNKNOWN),),
    ),
]

# --- 8.9 NEC second line, platinum re-challenge, small-cell lines ---------------------------
ROWS_8_9_NEC = [
    # 8.9: NEC progressing on platinum-etoposide -> oxaliplatin/irinotecan doublet, FOLFIRI first
    row(
        "8.9-nec-second-line-folfiri",
        make(NEC_COLON, treatments=[PE_FAILED]),
        status={"chemo_oxaliplatin": OPT, "chemo_platinum_etoposide": NR},
        has=(("chemo_oxaliplatin.reasons", "FOLFIRI"),),
    ),
    # 8.15: PD 61 days (2.0 months) after a completed EP course -> no re-challenge
    row(
        "8.15-nec-rechallenge-2-months",
        nec_relapse(61),
        status={"chemo_platinum_etoposide": NR},
        lacks=(("chemo_platinum_etoposide.reasons", FIRST_LINE),),
    ),
    # 8.15: PD 89 days (2.92 months) -> under 3 months: no re-challenge
    row(
        "8.15-nec-rechallenge-89-days",
        nec_relapse(89),
        status={"chemo_platinum_etoposide": NR},
        lacks=(("chemo_platinum_etoposide.reasons", FIRST_LINE),),
    ),
    # 8.15: PD 95 days (3.12 months) -> re-challenge an option, never called first line
    row(
        "8.15-nec-rechallenge-95-days",
        nec_relapse(95),
        status={"chemo_platinum_etoposide": OPT},
        has=(("chemo_platinum_etoposide.reasons", "re-challenge"),),
        lacks=(("chemo_platinum_etoposide.reasons", FIRST_LINE),),
    ),
    # 8.15: PD 122 days (4.0 months) -> re-challenge an option
    row(
        "8.15-nec-rechallenge-4-months",
        nec_relapse(122),
        status={"chemo_platinum_etoposide": OPT},
        has=(("chemo_platinum_etoposide.reasons", "re-challenge"),),
    ),
    # 8.15: FOLFIRI started 40 days after EP ended -> interval 1.3 months: no re-challenge
    row(
        "8.15-nec-rechallenge-next-line",
        make(
            NEC_COLON,
            treatments=[PE_COMPLETED, line("chemo_oxaliplatin", "2025-07-20", agent="FOLFIRI")],
            imaging=[*PE_SCANS, ct("2025-07-15", 42), ct("2026-10-15", 70)],
        ),
        status={"chemo_platinum_etoposide": NR},
    ),
    # 8.15: completed EP, no later line, no PD scan -> interval unknown: option, caution
    row(
        "8.15-nec-rechallenge-interval-unknown",
        make(NEC_COLON, treatments=[PE_COMPLETED], imaging=PE_SCANS[:1]),
        status={"chemo_platinum_etoposide": OPT},
        has=(("chemo_platinum_etoposide.cautions", INTERVAL_UNKNOWN),),
    ),
    # 8.9/8.15: limited-stage small-cell after chemoradiation, no progression -> durvalumab
    row(
        "8.9-sclc-limited-durvalumab",
        SCLC_LIMITED,
        label="NEC small cell",
        status={"immunotherapy": REC},
        has=(("immunotherapy.reasons", ("durvalumab", "ADRIATIC")),),
    ),
    # 8.15: limited stage after chemotherapy without radiotherapy -> not after chemoradiation
    row(
        "8.15-sclc-limited-no-radiotherapy",
        make(SCLC_LIMITED, treatments=SCLC_LIMITED["treatments"][:1]),
        status={"immunotherapy": NR},
    ),
    # 8.9: extensive stage progressing after platinum-etoposide -> immunotherapy (tarlatamab) option
    row(
        "8.9-sclc-extensive-progressing",
        make(SCLC_EXTENSIVE, treatments=[PE_FAILED]),
        status={"immunotherapy": OPT},
        has=(("immunotherapy.reasons", ("tarlatamab", "DeLLphi")),),
    ),
    # 8.15: the same after a failed checkpoint-inhibitor line -> still option (class change)
    row(
        "8.15-sclc-extensive-after-failed-checkpoint",
        make(
            SCLC_EXTENSIVE,
            treatments=[
                PE_FAILED,
                line("immunotherapy", "2025-01-10", "2025-06-10", "progression", "atezolizumab"),
            ],
        ),
        status={"immunotherapy": OPT},
    ),
    # section 4/5 control: untreated extensive small-cell -> EP recommended, immunotherapy option
    row(
        "8.9-sclc-extensive-first-line",
        SCLC_EXTENSIVE,
        status={"chemo_platinum_etoposide": REC, "immunotherapy": OPT},
    ),
]

# --- 8.10 Bone and brain metastases ----------------------------------------------------------
ROWS_8_10 = [
    # 8.10: painful bone metastases -> radiotherapy recommended; bone-health advice
    row(
        "8.10-bone-symptomatic",
        make(
            MIDGUT,
            disease={
                "metastatic_sites": ["liver", "bone"],
                "extrahepatic_disease": True,
                "symptomatic": True,
            },
        ),
        status={"radiotherapy": REC},
        alerts=("bone_health",),
        has=(
            ("radiotherapy.reasons", "bone or brain"),
            ("bone_health", ("denosumab", "zoledron")),
        ),
    ),
    # 8.10: asymptomatic bone metastases -> radiotherapy an option; bone-health alert
    row(
        "8.10-bone-asymptomatic",
        make(MIDGUT, disease={"metastatic_sites": ["liver", "bone"], "extrahepatic_disease": True}),
        status={"radiotherapy": OPT},
        alerts=("bone_health",),
    ),
    # 8.10: symptomatic brain metastases -> radiotherapy recommended; no bone alert
    row(
        "8.10-brain-symptomatic",
        make(
            MIDGUT,
            disease={
                "metastatic_sites": ["liver", "brain"],
                "extrahepatic_disease": True,
                "symptomatic": True,
            },
        ),
        status={"radiotherapy": REC},
        no_alerts=("bone_health",),
    ),
    # 8.10: asymptomatic brain metastases -> radiotherapy an option
    row(
        "8.10-brain-asymptomatic",
        make(
            MIDGUT, disease={"metastatic_sites": ["liver", "brain"], "extrahepatic_disease": True}
        ),
        status={"radiotherapy": OPT},
    ),
    # 8.10: liver-only disease, symptomatic -> no radiotherapy, no bone alert
    row(
        "8.10-no-bone-no-brain",
        make(MIDGUT, disease={"symptomatic": True}),
        status={"radiotherapy": NR},
        no_alerts=("bone_health",),
    ),
    # 8.10: PRRT with bone metastases -> marrow toxicity caution
    row(
        "8.10-prrt-bone-caution",
        make(
            MIDGUT_AFTER_SSA,
            disease={"metastatic_sites": ["liver", "bone"], "extrahepatic_disease": True},
        ),
        status={"prrt": REC},
        has=(("prrt.cautions", "extensive bone"),),
    ),
    # 8.10: PRRT without bone metastases -> no bone caution
    row(
        "8.10-prrt-no-bone",
        MIDGUT_AFTER_SSA,
        lacks=(("prrt.cautions", "extensive bone"),),
    ),
    # 8.10: small-cell carcinoma with symptomatic brain metastases -> radiotherapy recommended
    row(
        "8.10-sclc-brain",
        make(
            SCLC_EXTENSIVE,
            disease={
                "metastatic_sites": ["brain"],
                "extrahepatic_disease": True,
                "symptomatic": True,
            },
        ),
        status={"radiotherapy": REC},
    ),
    # 8.15: out of scope with painful bone metastases -> radiotherapy not recommended too
    row(
        "8.15-out-of-scope-bone",
        make(
            MEDULLARY,
            disease={
                "metastatic_sites": ["bone"],
                "extrahepatic_disease": True,
                "symptomatic": True,
            },
        ),
        status={"radiotherapy": NR},
    ),
]

# --- 8.11 SSTR and FDG imaging together --------------------------------------------------------
ROWS_8_11 = [
    # 8.11: FDG-avid lesions without SSTR uptake -> PRRT not recommended
    row(
        "8.11-mismatch-true",
        make(MIDGUT_AFTER_SSA, tumour={"fdg_pet": "positive", "sstr_fdg_mismatch": True}),
        status={"prrt": NR},
        has=(("prrt.reasons", "would not be treated"),),
    ),
    # 8.11: FDG positive, every lesion takes up SSTR (mismatch false) -> PRRT, no FDG caution
    row(
        "8.11-mismatch-false",
        make(MIDGUT_AFTER_SSA, tumour={"fdg_pet": "positive", "sstr_fdg_mismatch": False}),
        status={"prrt": REC},
        lacks=(("prrt.cautions", "FDG-avid"),),
    ),
    # 8.11: FDG positive, mismatch not assessed (null) -> PRRT with the check caution
    row(
        "8.11-mismatch-unknown-fdg-positive",
        make(MIDGUT_AFTER_SSA, tumour={"fdg_pet": "positive", "sstr_fdg_mismatch": None}),
        status={"prrt": REC},
        has=(("prrt.cautions", "FDG-avid"),),
    ),
    # 8.11: FDG positive, field absent -> same caution
    row(
        "8.11-mismatch-absent-fdg-positive",
        make(MIDGUT_AFTER_SSA, tumour={"fdg_pet": "positive"}),
        has=(("prrt.cautions", "FDG-avid"),),
    ),
    # 8.11: FDG negative, mismatch unknown -> no caution
    row(
        "8.11-mismatch-unknown-fdg-negative",
        make(MIDGUT_AFTER_SSA, tumour={"fdg_pet": "negative", "sstr_fdg_mismatch": None}),
        status={"prrt": REC},
        lacks=(("prrt.cautions", "FDG-avid"),),
    ),
    # 8.11: first-line PRRT candidate (Ki-67 15%, NETTER-2) with a mismatch -> not recommended
    row(
        "8.11-mismatch-first-line",
        make(
            MIDGUT_UNTREATED_SLOW,
            tumour={"ki67_percent": 15, "fdg_pet": "positive", "sstr_fdg_mismatch": True},
        ),
        status={"prrt": NR},
    ),
]

# --- 8.12 More comorbidities and pregnancy ---------------------------------------------------
PREGNANCY_CI = (
    "prrt",
    "everolimus",
    "sunitinib",
    "cabozantinib",
    "belzutifan",
    "interferon",
    "immunotherapy",
    "chemo_alkylating",
    "chemo_oxaliplatin",
    "chemo_platinum_etoposide",
)
CARCINOID_UNCONTROLLED_ON_SSA = make(CARCINOID_ON_SSA, tumour={"syndrome_controlled": False})

ROWS_8_12 = [
    # 8.12: liver failure -> interferon and locoregional contraindicated; cautions on chemo, PRRT
    row(
        "8.12-liver-failure",
        make(PANC_AFTER_SSA, comorbidities=["liver_failure"]),
        status={"interferon": CI, "locoregional": CI, "chemo_alkylating": OPT, "prrt": OPT},
        has=(("chemo_alkylating.cautions", "liver"), ("prrt.cautions", "liver")),
    ),
    # 8.12: portal vein thrombosis stops embolisation -> interferon opens (uncontrolled syndrome)
    row(
        "8.12-portal-thrombosis-opens-interferon",
        make(CARCINOID_UNCONTROLLED_ON_SSA, disease={"portal_vein_thrombosis": True}),
        status={"locoregional": CI, "interferon": OPT},
    ),
    # section 4 control: syndrome uncontrolled, no telotristat, embolisation possible -> no IFN
    row(
        "8.12-interferon-not-yet",
        CARCINOID_UNCONTROLLED_ON_SSA,
        status={"interferon": NR, "locoregional": OPT},
    ),
    # section 4 control: syndrome uncontrolled after SSA and telotristat -> interferon option
    row(
        "8.12-interferon-after-telotristat",
        make(
            CARCINOID_UNCONTROLLED_ON_SSA,
            treatments=[SSA_ONGOING, line("telotristat", "2025-01-10", agent="telotristat ethyl")],
        ),
        status={"interferon": OPT},
    ),
    # 8.12: heart failure -> fluid-load caution on PRRT, interferon and sunitinib contraindicated
    row(
        "8.12-heart-failure",
        make(MIDGUT_AFTER_SSA, comorbidities=["heart_failure"]),
        status={"prrt": REC, "interferon": CI, "sunitinib": CI},
        has=(("prrt.cautions", "fluid"),),
        lacks=(("prrt.cautions", CHD_CAUTION),),
    ),
    # 8.12: pregnancy -> every listed drug contraindicated, SSA and surgery not; alert
    row(
        "8.12-pregnant",
        make(MIDGUT_AFTER_SSA, patient={"pregnant": True}),
        status={**dict.fromkeys(PREGNANCY_CI, CI), "ssa": NOT_CI},
        alerts=("pregnancy",),
        has=(("pregnancy", "obstetric"),),
    ),
    # 8.12: not pregnant -> PRRT recommended, no alert
    row(
        "8.12-not-pregnant",
        make(MIDGUT_AFTER_SSA, patient={"pregnant": False}),
        status={"prrt": REC},
        no_alerts=("pregnancy",),
    ),
    # 8.12: pregnancy not recorded -> no alert, nothing contraindicated for it
    row(
        "8.12-pregnancy-unknown",
        make(MIDGUT_AFTER_SSA, patient={"pregnant": None}),
        status={"prrt": REC},
        no_alerts=("pregnancy",),
    ),
    # 8.12: pregnant with extensive small-cell -> EP and immunotherapy contraindicated
    row(
        "8.12-pregnant-sclc",
        make(SCLC_EXTENSIVE, patient={"pregnant": True}),
        status={"chemo_platinum_etoposide": CI, "immunotherapy": CI},
        alerts=("pregnancy",),
    ),
]

# --- 8.13 Wording that fits the case ---------------------------------------------------------
ROWS_8_13 = [
    # 8.13: small-intestine primary in place -> the preventive resection reason
    row(
        "8.13-surgery-small-intestine",
        make(MIDGUT, disease={"primary_resected": False}),
        status={"surgery": OPT},
        has=(("surgery.reasons", SMALL_INTESTINE),),
    ),
    # 8.13: pancreatic primary in place -> no small-intestine wording
    row(
        "8.13-surgery-pancreas-wording",
        make(PANCREAS, disease={"primary_resected": False}),
        lacks=(("surgery.reasons", SMALL_INTESTINE),),
    ),
    # 8.13: colonic primary in place -> no small-intestine wording
    row(
        "8.13-surgery-colon-wording",
        make(MIDGUT, tumour={"primary_site": "colon"}, disease={"primary_resected": False}),
        lacks=(("surgery.reasons", SMALL_INTESTINE),),
    ),
    # 8.13: immunotherapy reason for a NEC speaks of NEC, not NET
    row(
        "8.13-immunotherapy-nec-wording",
        NEC_COLON,
        has=(("immunotherapy.reasons", ("NEC", "carcinoma")),),
        lacks=(("immunotherapy.reasons", NET_WORD),),
    ),
    # 8.13: SSA working at its own dose (lanreotide 90 mg) -> the caution prints 90 mg
    row(
        "8.13-ssa-own-dose",
        make(
            MIDGUT, treatments=[line("ssa", "2025-01-10", agent="lanreotide 90 mg every 28 days")]
        ),
        status={"ssa": REC},
        has=(("ssa.cautions", "90 mg"),),
    ),
    # 8.13: French, lung carcinoid -> "25 %" with a space, "pulmonaire"; JSON label English
    row(
        "8.13-fr-lung",
        LUNG_TC_LOCAL,
        lang="fr",
        label="Typical carcinoid",
        has=(("hereditary_assessment", "25 %"), ("hereditary_assessment", "pulmonaire")),
        lacks=(("hereditary_assessment", "25%"),),
    ),
    # 8.13: French, pancreatic NET G2 -> "10 %", "pancréatique"; JSON label stays "NET G2"
    row(
        "8.13-fr-pancreas",
        PANCREAS,
        lang="fr",
        label="NET G2",
        has=(("hereditary_assessment", "10 %"), ("hereditary_assessment", "pancréatique")),
    ),
    # 8.13: French, rectal NET -> the site as an adjective, "rectal"
    row(
        "8.13-fr-rectum",
        local_site("rectum", 8),
        lang="fr",
        has=(("hereditary_assessment", "rectal"),),
    ),
    # 8.13: French, colonic NET -> "colique"
    row(
        "8.13-fr-colon",
        make(MIDGUT, tumour={"primary_site": "colon"}),
        lang="fr",
        has=(("hereditary_assessment", "colique"),),
    ),
    # 8.13: French, small-intestine NET -> "de l'intestin grêle"
    row(
        "8.13-fr-small-intestine",
        MIDGUT,
        lang="fr",
        has=(("hereditary_assessment", "intestin grêle"),),
    ),
    # 8.13: French, liver-directed treatment offered -> ablation is "thermoablation"
    row(
        "8.13-fr-locoregional",
        PANC_AFTER_SSA,
        lang="fr",
        status={"locoregional": OPT},
        has=(("locoregional.reasons", "thermoablation"),),
    ),
    # 8.13: French, small-cell -> JSON label stays "NEC small cell"
    row("8.13-fr-small-cell", SCLC_EXTENSIVE, lang="fr", label="NEC small cell"),
    # 8.13: French, NET G3 -> JSON label stays "NET G3"
    row(
        "8.13-fr-net-g3",
        make(PANCREAS, tumour={"ki67_percent": 30}),
        lang="fr",
        label="NET G3",
    ),
]

# --- 8.14 RECIST: reappearance after a complete response -------------------------------------
ROWS_8_14 = [
    # 8.14: 40 -> 0 (CR) -> 3 mm: reappearance is PD despite < 5 mm; TGR null -> slow (8.15)
    row(
        "8.14-reappearance-after-cr",
        make(
            MIDGUT,
            disease={"progression": "unknown"},
            imaging=[ct("2026-01-10", 40), ct("2026-05-10", 0), ct("2026-09-10", 3)],
        ),
        recist="PD",
        progression="slow",
    ),
    # 8.15: baseline itself CR (sum 0), later 4 mm -> PD, derived slow
    row(
        "8.15-reappearance-baseline-cr",
        make(
            MIDGUT,
            disease={"progression": "unknown"},
            imaging=[ct("2026-03-10", 0), ct("2026-09-10", 4)],
        ),
        recist="PD",
        progression="slow",
    ),
    # 8.14: 40 -> 10 -> 14 mm without CR: +4 mm is under the 5 mm rule -> PR (vs baseline)
    row(
        "8.14-four-mm-without-cr",
        make(
            MIDGUT,
            disease={"progression": "unknown"},
            imaging=[ct("2026-01-10", 40), ct("2026-05-10", 10), ct("2026-09-10", 14)],
        ),
        recist="PR",
        progression="none",
    ),
    # 8.14: 8 -> 12 mm from the baseline, no CR -> +4 mm: SD
    row(
        "8.14-small-growth-sd",
        make(
            MIDGUT,
            disease={"progression": "unknown"},
            imaging=[ct("2026-03-10", 8), ct("2026-09-10", 12)],
        ),
        recist="SD",
        progression="none",
    ),
    # 8.14: a CR before the baseline is ignored: baseline 30 -> 34 is SD
    row(
        "8.14-cr-before-baseline-ignored",
        make(
            MIDGUT,
            disease={"progression": "unknown"},
            treatments=[line("ssa", "2025-01-10", agent=SSA_STANDARD)],
            imaging=[ct("2024-06-10", 0), ct("2024-12-10", 30), ct("2025-09-10", 34)],
        ),
        recist="SD",
        progression="none",
    ),
    # 8.14: CR maintained (0 -> 0) -> CR, progression none
    row(
        "8.14-cr-maintained",
        make(
            MIDGUT,
            disease={"progression": "unknown"},
            imaging=[ct("2026-01-10", 40), ct("2026-05-10", 0), ct("2026-09-10", 0)],
        ),
        recist="CR",
        progression="none",
    ),
    # 8.14 with 8.1: entered none while a lesion reappeared after CR -> contradiction alert
    row(
        "8.14-reappearance-contradiction",
        make(MIDGUT, imaging=[ct("2026-01-10", 40), ct("2026-05-10", 0), ct("2026-09-10", 3)]),
        recist="PD",
        alerts=("progression_contradiction",),
    ),
]

# --- 8.15 Order of the rules and contraindications ----------------------------------------------
ROWS_8_15 = [
    # 8.15: ECOG 3 with a working everolimus -> capped at option
    row(
        "8.15-ecog3-working-everolimus",
        make(PANCREAS, patient={"ecog": 3}, treatments=[SSA_FAILED, EVE_ONGOING]),
        status={"everolimus": OPT},
    ),
    # 8.15: ECOG 3 with a working CAPTEM -> chemotherapy not recommended at ECOG 3
    row(
        "8.15-ecog3-working-chemo",
        make(PANCREAS, patient={"ecog": 3}, treatments=[SSA_FAILED, CAPTEM_ONGOING]),
        status={"chemo_alkylating": NR},
    ),
    # 8.15: ECOG 2 with a working CAPTEM -> continue it, performance-status caution
    row(
        "8.15-ecog2-working-chemo",
        make(PANCREAS, patient={"ecog": 2}, treatments=[SSA_FAILED, CAPTEM_ONGOING]),
        status={"chemo_alkylating": REC},
        has=(("chemo_alkylating.cautions", PS2),),
    ),
    # 8.15: ECOG 3 with a working SSA -> SSA stays recommended
    row(
        "8.15-ecog3-working-ssa",
        make(MIDGUT_WORKING_SSA, patient={"ecog": 3}),
        status={"ssa": REC},
    ),
    # 8.15: ECOG 4 with a working SSA -> SSA kept as option
    row(
        "8.15-ecog4-working-ssa",
        make(MIDGUT_WORKING_SSA, patient={"ecog": 4}),
        status={"ssa": OPT, "supportive_care": REC},
    ),
    # 8.15: ECOG 4 with a working everolimus -> not recommended
    row(
        "8.15-ecog4-working-everolimus",
        make(PANCREAS, patient={"ecog": 4}, treatments=[SSA_FAILED, EVE_ONGOING]),
        status={"everolimus": NR},
    ),
    # 8.15: pregnant with a working everolimus -> contraindicated wins over "continue"
    row(
        "8.15-pregnant-working-everolimus",
        make(PANCREAS, patient={"pregnant": True}, treatments=[SSA_FAILED, EVE_ONGOING]),
        status={"everolimus": CI},
    ),
    # 8.15: renal impairment in a localised NET -> PRRT contraindicated though not indicated
    row(
        "8.15-renal-ci-not-indicated",
        make(LOCAL_PANCREAS, comorbidities=["renal_impairment"]),
        status={"prrt": CI},
    ),
    # 8.15: marrow insufficiency in a localised NET -> PRRT and every chemotherapy contraindicated
    row(
        "8.15-marrow-ci-not-indicated",
        make(LOCAL_PANCREAS, comorbidities=["marrow_insufficiency"]),
        status={
            "prrt": CI,
            "chemo_alkylating": CI,
            "chemo_oxaliplatin": CI,
            "chemo_platinum_etoposide": CI,
        },
    ),
    # 8.15: interstitial lung disease in a localised NET -> everolimus contraindicated
    row(
        "8.15-ild-ci-not-indicated",
        make(LOCAL_PANCREAS, comorbidities=["interstitial_lung_disease"]),
        status={"everolimus": CI},
    ),
    # 8.15: out of scope, pregnant with marrow insufficiency -> every node stays not_recommended
    row(
        "8.15-out-of-scope-no-ci",
        make(MEDULLARY, patient={"pregnant": True}, comorbidities=["marrow_insufficiency"]),
        label="Out of scope",
        status={
            "prrt": NR,
            "chemo_alkylating": NR,
            "chemo_platinum_etoposide": NR,
            "everolimus": NR,
            "interferon": NR,
            "supportive_care": NR,
        },
    ),
    # 8.15: PRRT ongoing (2 cycles), stable -> complete the course
    row(
        "8.15-prrt-course-ongoing",
        prrt_course(end=None, stop=None, cycles=2, progression="none"),
        status={"prrt": REC},
        has=(("prrt.reasons", "complete the course"),),
    ),
    # 8.15: PRRT ongoing, slow progression -> still complete the course (not a failed line)
    row(
        "8.15-prrt-course-ongoing-slow",
        prrt_course(end=None, stop=None, cycles=2, progression="slow"),
        status={"prrt": REC},
        has=(("prrt.reasons", "complete the course"),),
    ),
    # 8.15: PRRT ended without a stop reason after 2 cycles, slow progression -> complete it
    row(
        "8.15-prrt-course-interrupted-slow",
        prrt_course(end="2026-06-01", stop=None, cycles=2, progression="slow"),
        status={"prrt": REC},
        has=(("prrt.reasons", "complete the course"),),
    ),
    # 8.15: 3 cycles, progression unknown (no imaging) -> complete it
    row(
        "8.15-prrt-course-3-cycles-unknown",
        prrt_course(end="2026-06-01", stop=None, cycles=3, progression="unknown"),
        status={"prrt": REC},
    ),
    # 8.15: course interrupted after 2 cycles, rapid progression -> option, re-stage first
    row(
        "8.15-prrt-course-rapid",
        prrt_course(end="2026-06-01", stop=None, cycles=2, progression="rapid"),
        status={"prrt": OPT},
        has=(("prrt.cautions", "re-stage"),),
    ),
    # 8.15: course ongoing, rapid progression -> option, re-stage first
    row(
        "8.15-prrt-course-ongoing-rapid",
        prrt_course(end=None, stop=None, cycles=2, progression="rapid"),
        status={"prrt": OPT},
        has=(("prrt.cautions", "re-stage"),),
    ),
    # 8.15: 4 cycles given -> the course is not "in progress"
    row(
        "8.15-prrt-course-4-cycles",
        prrt_course(end="2026-06-01", stop=None, cycles=4, progression="slow"),
        lacks=(("prrt.reasons", "complete the course"),),
    ),
    # 8.15: stopped with a reason ("other") -> not a course in progress
    row(
        "8.15-prrt-course-stopped-other",
        prrt_course(end="2026-06-01", stop="other", cycles=2, progression="slow"),
        lacks=(("prrt.reasons", "complete the course"),),
    ),
    # 8.15: course in progress but FDG/SSTR mismatch -> 8.11 still applies
    row(
        "8.15-prrt-course-mismatch",
        make(
            prrt_course(end=None, stop=None, cycles=2, progression="none"),
            tumour={"fdg_pet": "positive", "sstr_fdg_mismatch": True},
        ),
        status={"prrt": NR},
    ),
    # 8.15: course in progress at ECOG 3 -> option with the trials caution
    row(
        "8.15-prrt-course-ecog3",
        make(prrt_course(end=None, stop=None, cycles=2, progression="none"), patient={"ecog": 3}),
        status={"prrt": OPT},
        has=(("prrt.cautions", ECOG_TRIALS),),
    ),
    # 8.15: course in progress at ECOG 4 -> not recommended
    row(
        "8.15-prrt-course-ecog4",
        make(prrt_course(end=None, stop=None, cycles=2, progression="none"), patient={"ecog": 4}),
        status={"prrt": NR},
    ),
]

# --- Issue 14: the twelve problems under "Why" -----------------------------------------------
ISSUE_14 = [
    # 1: pancreatic NET shrinking on everolimus (96 -> 76 mm) -> continue everolimus, no PRRT
    row(
        "i14-01-shrinking-on-everolimus",
        make(
            PANCREAS,
            disease={"progression": "unknown", "tumour_burden": "high"},
            treatments=[SSA_FAILED, line("everolimus", "2026-01-15", agent="everolimus 10 mg")],
            imaging=[ct("2026-01-10", 96), ct("2026-04-10", 84), ct("2026-08-10", 76)],
        ),
        progression="none",
        status={"everolimus": REC, "prrt": NR},
    ),
    # 2: stable on an SSA -> observation not recommended (a treatment is running)
    row(
        "i14-02-stable-on-ssa",
        MIDGUT_WORKING_SSA,
        status={"observation": NR, "ssa": REC},
    ),
    # 3: entered "none" while CT shows PD at ~29 %/month -> warning
    row(
        "i14-03-none-but-pd",
        make(MIDGUT, imaging=[ct("2026-03-01", 50), ct("2026-07-01", 70)]),
        alerts=("progression_contradiction",),
        has=(("observation.cautions", "RECIST PD"),),
    ),
    # 4: SSTR-negative malignant insulinoma -> no SSA, no carcinoid-crisis advice; everolimus
    row(
        "i14-04-insulinoma-sstr-negative",
        MALIGNANT_INSULINOMA,
        status={"ssa": NR, "everolimus": OPT},
        alerts=("control_syndrome_first",),
        lacks=(
            ("control_syndrome_first", "carcinoid crisis"),
            ("control_syndrome_first", START_SSA),
        ),
    ),
    # 5: ectopic-ACTH Cushing -> steroidogenesis inhibitors named
    row(
        "i14-05-cushing",
        make(CUSHING_PROGRESSING, tumour={"syndrome_controlled": False}),
        alerts=("control_syndrome_first",),
        has=(
            (
                "control_syndrome_first",
                ("metyrapone", "osilodrostat", "ketoconazole", "steroidogenesis"),
            ),
        ),
    ),
    # 6: gastrinoma -> the syndrome treatment is the proton-pump inhibitor; SSA an adjunct
    row(
        "i14-06-gastrinoma-ppi",
        syndrome_case("gastrinoma", "positive"),
        status={"ssa": OPT},
        has=(("control_syndrome_first", ("proton-pump", "proton pump", "PPI")),),
    ),
    # 7: 92-year-old at ECOG 4 -> no PRRT; best supportive care recommended
    row(
        "i14-07-ecog4-age-92",
        make(MIDGUT_AFTER_SSA, patient={"age_years": 92, "ecog": 4}),
        status={"prrt": NR, "supportive_care": REC},
    ),
    # 8: liver failure rules out embolisation -> interferon contraindicated, not opened
    row(
        "i14-08-liver-failure-interferon",
        make(CARCINOID_UNCONTROLLED_ON_SSA, comorbidities=["liver_failure"]),
        status={"locoregional": CI, "interferon": CI},
    ),
    # 9: heart failure and NT-proBNP 1850 -> cardiology review before procedures; cautions
    row(
        "i14-09-heart-failure-ntprobnp-1850",
        make(CARCINOID_ON_SSA, comorbidities=["heart_failure"], markers=[nt_probnp(1850)]),
        alerts=("carcinoid_heart_screening",),
        has=(
            ("carcinoid_heart_screening", "cardiology"),
            ("prrt.cautions", CHD_CAUTION),
            ("prrt.cautions", "fluid"),
        ),
    ),
    # 10: MiNEN with NET G2 part (Ki-67 12%) and 45% adenocarcinoma -> no EP, no "> 55%"
    row(
        "i14-10-minen-g2",
        MINEN_WD,
        status={"chemo_platinum_etoposide": NR},
        alerts=("minen_adenocarcinoma_pathway",),
        lacks=(("chemo_platinum_etoposide.reasons", GT_55),),
    ),
    # 11: NET G3 with low burden -> observation not recommended
    row(
        "i14-11-net-g3-low-burden",
        make(PANCREAS, tumour={"ki67_percent": 30}),
        status={"observation": NR},
    ),
    # 12a: pancreatic NEC -> no lung-carcinoid follow-up alert
    row(
        "i14-12a-pancreatic-nec-follow-up",
        make(
            LOCAL_PANCREAS,
            tumour={
                "differentiation": "poor",
                "ki67_percent": 60,
                "mitotic_count": 30,
                "nec_cell_type": "large",
            },
        ),
        no_alerts=("radiation_sparing_follow_up",),
    ),
    # 12b: small-cell lung cancer -> no 25% inherited-syndrome probability
    row(
        "i14-12b-sclc-no-25-percent",
        SCLC_EXTENSIVE,
        has=(("hereditary_assessment", "family history"),),
        lacks=(("hereditary_assessment", ANY_FIGURE),),
    ),
    # 12c: MEN1 recorded -> counselling and cascade testing, not "assess for an inherited syndrome"
    row(
        "i14-12c-men1-recorded",
        make(PANCREAS, tumour={"hereditary_syndrome": "men1"}),
        has=(("hereditary_assessment", "cascade"),),
        lacks=(("hereditary_assessment", "assess for an inherited"),),
    ),
]

# --- Issue 15: the six cases under "Why" ------------------------------------------------------
ISSUE_15 = [
    # 1: pancreatic NET after everolimus and PRRT, sunitinib stopped for grade-3 toxicity ->
    # cabozantinib option; sunitinib only as a cautious re-challenge; PRRT re-treatment too early
    row(
        "i15-1-after-everolimus-prrt-sunitinib",
        make(
            PANCREAS,
            disease={"progression": "slow"},
            treatments=[
                line("ssa", "2021-01-10", "2022-01-10", "progression", SSA_STANDARD),
                line("everolimus", "2022-02-01", "2023-04-01", "progression"),
                line("prrt", "2023-06-01", "2023-12-15", "completed", "177Lu-DOTATATE", 4),
                line("sunitinib", "2024-06-01", "2024-09-01", "toxicity", "sunitinib 37.5 mg"),
            ],
        ),
        status={"cabozantinib": OPT, "sunitinib": OPT, "prrt": NR},
        has=(("cabozantinib.reasons", "CABINET"), ("sunitinib.cautions", "re-challenge")),
    ),
    # 2: VHL, 28 mm pancreatic NET, 34 years -> observation, surgery option, belzutifan option
    row(
        "i15-2-vhl-28mm",
        make(vhl_pancreas(28), patient={"age_years": 34}),
        status={"observation": REC, "surgery": OPT, "belzutifan": OPT},
    ),
    # 3a: type 1 gastric NET 8 mm -> surveillance, not surgery
    row(
        "i15-3a-gastric-type1-8mm",
        stomach(8, 1),
        status={"observation": REC, "endoscopic_resection": OPT, "surgery": NR},
    ),
    # 3b: rectal NET 7 mm -> endoscopic resection, not surgery
    row(
        "i15-3b-rectal-7mm",
        local_site("rectum", 7),
        status={"endoscopic_resection": REC, "surgery": NR},
    ),
    # 4a: relapsed small-cell 5 months after EP -> re-challenge (never "first line"), immunotherapy
    row(
        "i15-4a-sclc-relapse",
        make(
            SCLC_EXTENSIVE,
            treatments=[PE_COMPLETED],
            imaging=[*PE_SCANS, ct("2025-11-10", 60)],
        ),
        status={"chemo_platinum_etoposide": OPT, "immunotherapy": OPT},
        has=(("chemo_platinum_etoposide.reasons", "re-challenge"),),
        lacks=(("chemo_platinum_etoposide.reasons", FIRST_LINE),),
    ),
    # 4b: limited-stage small-cell after chemoradiation -> durvalumab consolidation
    row(
        "i15-4b-sclc-limited",
        SCLC_LIMITED,
        status={"immunotherapy": REC},
        has=(("immunotherapy.reasons", ("durvalumab", "ADRIATIC")),),
    ),
    # 5: symptomatic spinal metastases -> radiotherapy recommended and bone-health advice
    row(
        "i15-5-spinal-metastases",
        make(
            MIDGUT_AFTER_SSA,
            disease={
                "metastatic_sites": ["liver", "bone"],
                "extrahepatic_disease": True,
                "symptomatic": True,
            },
        ),
        status={"radiotherapy": REC},
        alerts=("bone_health",),
    ),
    # 6: FDG-avid lesions without SSTR uptake -> PRRT stopped
    row(
        "i15-6-fdg-mismatch",
        make(MIDGUT_AFTER_SSA, tumour={"fdg_pet": "positive", "sstr_fdg_mismatch": True}),
        status={"prrt": NR},
    ),
]

SECTIONS: dict[str, list[Row]] = {
    "8.1": ROWS_8_1 + ROWS_8_1_CONTRADICTION,
    "8.2": ROWS_8_2,
    "8.3": ROWS_8_3,
    "8.4": ROWS_8_4,
    "8.5": ROWS_8_5,
    "8.6": ROWS_8_6,
    "8.7": ROWS_8_7_STOMACH
    + ROWS_8_7_RECTUM
    + ROWS_8_7_DUODENUM
    + ROWS_8_7_APPENDIX
    + ROWS_8_7_OTHER,
    "8.8": ROWS_8_8,
    "8.9": ROWS_8_9_CABOZANTINIB + ROWS_8_9_ESCALATION + ROWS_8_9_PRRT + ROWS_8_9_NEC,
    "8.10": ROWS_8_10,
    "8.11": ROWS_8_11,
    "8.12": ROWS_8_12,
    "8.13": ROWS_8_13,
    "8.14": ROWS_8_14,
    "8.15": ROWS_8_15,
}
SCENARIOS: dict[str, list[Row]] = {"issue 14": ISSUE_14, "issue 15": ISSUE_15}
