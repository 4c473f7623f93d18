"""WHO grading: digestive WHO 2019 (G1-G3, NEC, MiNEN) and thoracic WHO 2021 (TC/AC).

Knowledge base section 1; the bands come from ``data/thresholds.yaml`` (one place for every
limit), the systems and the inherited-syndrome probabilities from ``data/grading.yaml``. The
order of the decisions is itself a set of named rules, so that the edge cases are explicit:

1. ``GRADE-OUT-OF-SCOPE``: paraganglioma, medullary thyroid, pituitary -> Out of scope.
2. ``GRADE-MINEN``: digestive site with a non-neuroendocrine component of 30-70% inclusive.
3. ``GRADE-NO-MEASURE``: neither Ki-67 nor mitotic count -> Indeterminate, whatever the
   differentiation (the knowledge base says so explicitly).
4. ``GRADE-NEC``: poorly differentiated -> NEC by cell type, whatever the Ki-67.
5. ``GRADE-DIFF-NEEDED``: differentiation unknown and a measure > 20 -> Indeterminate and the
   alert ``differentiation_needed``; every measure <= 20 -> graded as a NET with a note.
6. Digestive bands (higher grade wins, ``grade_discordance``) or thoracic TC/AC.

Example: Ki-67 8.5% and 1 mitosis per 2 mm² -> NET G2 (Ki-67 in 3-20%; discordant with the
mitotic count, which points to G1).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

from netlogic.model.case import Tumour
from netlogic.model.vocabulary import (
    OUT_OF_SCOPE_SITES,
    THORACIC_SITES,
    Differentiation,
    Grade,
    GradeFamily,
    NecCellType,
    Necrosis,
    PrimarySite,
)
from netlogic.reference.i18n import Translator, fmt_number
from netlogic.reference.limits import limit
from netlogic.reference.loading import (
    ProblemCollector,
    Review,
    StrictModel,
    check_sources,
    read_yaml,
    rule_cache,
    rules_dir,
    validate_items,
)

GRADING_FILE_NAME = "grading.yaml"


class GradeResult(BaseModel):
    """The contract's ``grade`` object, plus the flags the alerts and the engine need."""

    family: GradeFamily
    grade: Grade | None
    label: str
    system: str | None
    basis: list[str]
    discordant: bool = Field(default=False, exclude=True)
    differentiation_needed: bool = Field(default=False, exclude=True)
    rule: str = Field(default="", exclude=True)

    def to_contract(self) -> dict[str, Any]:
        return {
            "family": self.family.value,
            "grade": self.grade.value if self.grade else None,
            "label": self.label,
            "system": self.system,
            "basis": list(self.basis),
        }


class ClassificationSystem(StrictModel):
    name: str
    sources: list[str] = Field(min_length=1)


class HereditaryProbability(StrictModel):
    sources: list[str] = Field(min_length=1)
    by_site: dict[PrimarySite, str | None]


class GradingTable(StrictModel):
    """data/grading.yaml: the classification systems and the inherited-syndrome probability
    by site (the grading bands themselves are limits of data/thresholds.yaml)."""

    review: Review
    systems: dict[Literal["digestive", "thoracic"], ClassificationSystem]
    hereditary_probability: HereditaryProbability


def load_grading_table(
    path: Path | None = None, problems: ProblemCollector | None = None
) -> GradingTable | None:
    own = problems is None
    collector = problems if problems is not None else ProblemCollector()
    path = path or rules_dir() / GRADING_FILE_NAME
    raw = read_yaml(path, collector)
    table: GradingTable | None = None
    items = validate_items(path, [raw], GradingTable, collector, lambda *_: "grading")
    if items:
        table = items[0]
        for name, system in table.systems.items():
            check_sources(path, name, system.sources, collector)
        check_sources(
            path, "hereditary_probability", table.hereditary_probability.sources, collector
        )
    if own:
        collector.raise_if_any()
    return table


@rule_cache
def grading_table() -> GradingTable:
    table = load_grading_table()
    assert table is not None  # load_grading_table raised otherwise
    return table


def hereditary_probability(site: PrimarySite) -> str | None:
    """The probability of an inherited syndrome for this primary site (seed 003)."""
    return grading_table().hereditary_probability.by_site.get(site)


_GRADE_ORDER = {Grade.G1: 1, Grade.G2: 2, Grade.G3: 3}
_NEC_LABELS = {NecCellType.SMALL: "NEC small cell", NecCellType.LARGE: "NEC large cell"}


def _band(value: float, g1_below: float, g2_up_to: float) -> Grade:
    if value < g1_below:
        return Grade.G1
    if value <= g2_up_to:
        return Grade.G2
    return Grade.G3


def _nec(tumour: Tumour, system: str, t: Translator, basis: list[str]) -> GradeResult:
    label = _NEC_LABELS.get(tumour.nec_cell_type, "NEC") if tumour.nec_cell_type else "NEC"
    basis.insert(0, t("grade.basis.poorly_differentiated"))
    if tumour.ki67_percent is not None:
        basis.append(t("grade.basis.ki67_reported", ki67=fmt_number(tumour.ki67_percent)))
    if tumour.nec_cell_type is None:
        basis.append(t("grade.basis.nec_type_missing"))
    return GradeResult(
        family=GradeFamily.NEC,
        grade=None,
        label=label,
        system=system,
        basis=basis,
        rule="GRADE-NEC",
    )


def _indeterminate(system: str | None, basis: list[str], **flags: bool) -> GradeResult:
    return GradeResult(
        family=GradeFamily.INDETERMINATE,
        grade=None,
        label="Indeterminate",
        system=system,
        basis=basis,
        rule="GRADE-INDETERMINATE",
        **flags,
    )


def _differentiation_gate(
    tumour: Tumour, system: str, t: Translator, basis: list[str]
) -> GradeResult | None:
    """GRADE-DIFF-NEEDED: NECs are always > 20, so only <= 20 can be assumed to be a NET."""
    if tumour.differentiation is not Differentiation.UNKNOWN:
        return None
    cut = limit("differentiation_cut")
    high = [v for v in (tumour.ki67_percent, tumour.mitotic_count) if v is not None and v > cut]
    if high:
        basis.append(t("grade.basis.differentiation_needed", cut=fmt_number(cut)))
        return _indeterminate(system, basis, differentiation_needed=True)
    basis.append(t("grade.basis.differentiation_assumed_well", cut=fmt_number(cut)))
    return None


def _digestive(tumour: Tumour, t: Translator) -> GradeResult:
    system = grading_table().systems["digestive"].name
    basis: list[str] = []
    if tumour.differentiation is Differentiation.POOR:
        return _nec(tumour, system, t, basis)
    gate = _differentiation_gate(tumour, system, t, basis)
    if gate is not None:
        return gate
    grades: list[Grade] = []
    if tumour.ki67_percent is not None:
        g = _band(tumour.ki67_percent, limit("ki67_g1_below"), limit("ki67_g2_max"))
        basis.append(t(f"grade.basis.ki67.{g.value}", ki67=fmt_number(tumour.ki67_percent)))
        grades.append(g)
    if tumour.mitotic_count is not None:
        g = _band(tumour.mitotic_count, limit("mitoses_g1_below"), limit("mitoses_g2_max"))
        basis.append(t(f"grade.basis.mitoses.{g.value}", mitoses=fmt_number(tumour.mitotic_count)))
        grades.append(g)
    grade = max(grades, key=_GRADE_ORDER.__getitem__)
    discordant = len(set(grades)) > 1
    if discordant:
        basis.append(t("grade.basis.discordant", grade=grade.value))
    elif len(grades) == 1:
        missing = "mitotic_count" if tumour.ki67_percent is not None else "ki67"
        basis.append(t(f"grade.basis.one_measure.{missing}"))
    return GradeResult(
        family=GradeFamily.NET,
        grade=grade,
        label=f"NET {grade.value}",
        system=system,
        basis=basis,
        discordant=discordant,
        rule="GRADE-DIGESTIVE-BANDS",
    )


def _thoracic(tumour: Tumour, t: Translator) -> GradeResult:
    system = grading_table().systems["thoracic"].name
    atypical_max = limit("thoracic_atypical_mitoses_max")
    basis: list[str] = []
    if tumour.differentiation is Differentiation.POOR:
        return _nec(tumour, system, t, basis)
    gate = _differentiation_gate(tumour, system, t, basis)
    if gate is not None:
        return gate
    mitoses = tumour.mitotic_count
    if tumour.ki67_percent is not None:
        basis.append(t("grade.basis.lung_ki67_reported", ki67=fmt_number(tumour.ki67_percent)))
    if mitoses is None:
        basis.append(t("grade.basis.lung_mitoses_needed"))
        return _indeterminate(system, basis)
    m = fmt_number(mitoses)
    necrosis = tumour.necrosis
    if mitoses > atypical_max or necrosis is Necrosis.EXTENSIVE:
        key = "mitoses_over_10" if mitoses > atypical_max else "extensive"
        basis.append(t(f"grade.basis.lung_{key}", mitoses=m))
        basis.append(t("grade.basis.lung_review_lcnec"))
        label = "Atypical carcinoid"
    elif mitoses >= limit("thoracic_typical_mitoses_below"):
        basis.append(t("grade.basis.lung_mitoses_ac", mitoses=m))
        label = "Atypical carcinoid"
    elif necrosis is Necrosis.PUNCTATE:
        basis.append(t("grade.basis.lung_punctate", mitoses=m))
        label = "Atypical carcinoid"
    elif necrosis is Necrosis.ABSENT:
        basis.append(t("grade.basis.lung_tc", mitoses=m))
        label = "Typical carcinoid"
    else:
        basis.append(t("grade.basis.lung_necrosis_needed", mitoses=m))
        return _indeterminate(system, basis)
    return GradeResult(
        family=GradeFamily.LUNG_CARCINOID,
        grade=None,
        label=label,
        system=system,
        basis=basis,
        rule="GRADE-THORACIC",
    )


def grade_tumour(tumour: Tumour, t: Translator | None = None) -> GradeResult:
    """Classify and grade one tumour (knowledge base section 1)."""
    t = t or Translator()
    site = tumour.primary_site
    if site in OUT_OF_SCOPE_SITES:
        return GradeResult(
            family=GradeFamily.OUT_OF_SCOPE,
            grade=None,
            label="Out of scope",
            system=None,
            basis=[t("grade.basis.out_of_scope", site_title=site_title(site, t))],
            rule="GRADE-OUT-OF-SCOPE",
        )
    thoracic = site in THORACIC_SITES
    system = grading_table().systems["thoracic" if thoracic else "digestive"].name
    share = tumour.non_ne_component_percent
    minen_max = limit("minen_non_ne_max")
    if not thoracic and share is not None and limit("minen_non_ne_min") <= share <= minen_max:
        basis = [t("grade.basis.minen", share=fmt_number(share))]
        if tumour.differentiation is Differentiation.POOR:
            basis.append(t("grade.basis.minen_poor"))
        return GradeResult(
            family=GradeFamily.MINEN,
            grade=None,
            label="MiNEN",
            system=system,
            basis=basis,
            rule="GRADE-MINEN",
        )
    if tumour.ki67_percent is None and tumour.mitotic_count is None:
        return _indeterminate(system, [t("grade.basis.no_measure")])
    result = _thoracic(tumour, t) if thoracic else _digestive(tumour, t)
    if not thoracic and share is not None and share > minen_max:
        # GRADE-MOSTLY-NON-NE: above 70% it is not a MiNEN; the grade describes the minor
        # neuroendocrine part only, which the team must know before reading the options.
        result.basis.append(t("grade.basis.mostly_non_ne", share=fmt_number(share)))
    return result


def system_label(system: str | None, t: Translator) -> str | None:
    """The classification in the session's words ('WHO 2019 digestive' -> 'OMS 2019
    digestive'); the contract value itself stays English."""
    return t(f"grade.system.{system}") if system else None


def site_title(site: PrimarySite, t: Translator) -> str:
    """The site's name at the start of a sentence ("Pheochromocytoma / paraganglioma")."""
    name = t(f"site.{site.value}")
    return name[:1].upper() + name[1:]


def grade_label(label: str, t: Translator) -> str:
    """The grade in the session's words ('NET G2' -> 'TNE G2' in French); the contract's
    label itself (``GradeResult.label``) stays as the contract spells it."""
    return t(f"grade.label.{label}") if label else label


def is_digestive(site: PrimarySite) -> bool:
    return site not in THORACIC_SITES and site not in OUT_OF_SCOPE_SITES
