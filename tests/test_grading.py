"""WHO grading by the rules of knowledge base section 1, boundaries included."""

from __future__ import annotations

from typing import Any

import pytest

from netlogic.clinical.grading import grade_tumour
from netlogic.model.case import Tumour
from netlogic.reference.i18n import Translator

GI = {"primary_site": "small_intestine", "differentiation": "well"}
LUNG = {"primary_site": "lung", "differentiation": "well"}

# (tumour fields, expected label, expected family, discordance expected)
CASES: list[tuple[dict[str, Any], str, str, bool]] = [
    # Ki-67 2.9% is below 3: G1 when the mitotic count agrees.
    ({**GI, "ki67_percent": 2.9, "mitotic_count": 1}, "NET G1", "NET", False),
    # Ki-67 exactly 3% is G2 (boundary inclusive); mitoses < 2 point to G1: discordant.
    ({**GI, "ki67_percent": 3, "mitotic_count": 1}, "NET G2", "NET", True),
    # Ki-67 exactly 20% is still G2.
    ({**GI, "ki67_percent": 20, "mitotic_count": 5}, "NET G2", "NET", False),
    # Ki-67 20.5% is above 20: well-differentiated G3.
    ({**GI, "ki67_percent": 20.5, "mitotic_count": 5}, "NET G3", "NET", True),
    # One mitosis per 2 mm2 with Ki-67 1%: G1.
    ({**GI, "ki67_percent": 1, "mitotic_count": 1}, "NET G1", "NET", False),
    # Two mitoses is the first G2 count; the higher grade wins over Ki-67 G1.
    ({**GI, "ki67_percent": 1, "mitotic_count": 2}, "NET G2", "NET", True),
    # Twenty mitoses is still G2.
    ({**GI, "ki67_percent": 10, "mitotic_count": 20}, "NET G2", "NET", False),
    # Twenty-one mitoses is G3 even with a G2 Ki-67.
    ({**GI, "ki67_percent": 10, "mitotic_count": 21}, "NET G3", "NET", True),
    # Only Ki-67 given: graded on it, no discordance.
    ({**GI, "ki67_percent": 12}, "NET G2", "NET", False),
    # Only the mitotic count given: graded on it.
    ({**GI, "mitotic_count": 25}, "NET G3", "NET", False),
    # Neither measure: indeterminate whatever the differentiation.
    ({**GI}, "Indeterminate", "indeterminate", False),
    ({"primary_site": "colon", "differentiation": "poor"}, "Indeterminate", "indeterminate", False),
    # Poorly differentiated: NEC whatever the Ki-67, labelled by cell type.
    (
        {
            "primary_site": "colon",
            "differentiation": "poor",
            "ki67_percent": 80,
            "nec_cell_type": "small",
        },
        "NEC small cell",
        "NEC",
        False,
    ),
    (
        {
            "primary_site": "rectum",
            "differentiation": "poor",
            "ki67_percent": 15,
            "nec_cell_type": "large",
        },
        "NEC large cell",
        "NEC",
        False,
    ),
    (
        {"primary_site": "pancreas", "differentiation": "poor", "ki67_percent": 60},
        "NEC",
        "NEC",
        False,
    ),
    # Differentiation unknown, every measure <= 20: graded as a NET (a NEC is always > 20).
    ({"primary_site": "pancreas", "ki67_percent": 20, "mitotic_count": 3}, "NET G2", "NET", False),
    # Differentiation unknown with Ki-67 > 20: NET G3 or NEC cannot be told apart.
    ({"primary_site": "pancreas", "ki67_percent": 25}, "Indeterminate", "indeterminate", False),
    # MiNEN: each component >= 30%; 29% non-NE is not enough.
    ({**GI, "ki67_percent": 5, "non_ne_component_percent": 29}, "NET G2", "NET", False),
    ({**GI, "ki67_percent": 5, "non_ne_component_percent": 30}, "MiNEN", "MiNEN", False),
    ({**GI, "ki67_percent": 5, "non_ne_component_percent": 70}, "MiNEN", "MiNEN", False),
    # Lung: < 2 mitoses and no necrosis is a typical carcinoid.
    (
        {**LUNG, "mitotic_count": 1, "necrosis": "absent"},
        "Typical carcinoid",
        "lung_carcinoid",
        False,
    ),
    # Lung: < 2 mitoses with punctate necrosis is atypical.
    (
        {**LUNG, "mitotic_count": 1, "necrosis": "punctate"},
        "Atypical carcinoid",
        "lung_carcinoid",
        False,
    ),
    # Lung: < 2 mitoses with necrosis not reported cannot be typed.
    ({**LUNG, "mitotic_count": 1, "necrosis": "unknown"}, "Indeterminate", "indeterminate", False),
    # Lung: 2 mitoses is atypical with or without necrosis.
    (
        {**LUNG, "mitotic_count": 2, "necrosis": "absent"},
        "Atypical carcinoid",
        "lung_carcinoid",
        False,
    ),
    (
        {**LUNG, "mitotic_count": 2, "necrosis": "unknown"},
        "Atypical carcinoid",
        "lung_carcinoid",
        False,
    ),
    # Lung: 10 mitoses is the top of the atypical band.
    (
        {**LUNG, "mitotic_count": 10, "necrosis": "absent"},
        "Atypical carcinoid",
        "lung_carcinoid",
        False,
    ),
    # Lung: 11 mitoses stays atypical with a note to review for large-cell NEC.
    (
        {**LUNG, "mitotic_count": 11, "necrosis": "punctate"},
        "Atypical carcinoid",
        "lung_carcinoid",
        False,
    ),
    # Lung: Ki-67 alone does not type a carcinoid: the mitotic count is needed.
    ({**LUNG, "ki67_percent": 5}, "Indeterminate", "indeterminate", False),
    # Lung: poorly differentiated small-cell carcinoma is a NEC.
    (
        {
            "primary_site": "lung",
            "differentiation": "poor",
            "mitotic_count": 60,
            "nec_cell_type": "small",
        },
        "NEC small cell",
        "NEC",
        False,
    ),
    # Thymus follows the thoracic classification.
    (
        {"primary_site": "thymus", "differentiation": "well", "mitotic_count": 3},
        "Atypical carcinoid",
        "lung_carcinoid",
        False,
    ),
    # Out of scope: pheochromocytoma/paraganglioma, medullary thyroid, pituitary.
    ({"primary_site": "adrenal_or_paraganglia"}, "Out of scope", "out_of_scope", False),
    (
        {"primary_site": "thyroid_medullary", "ki67_percent": 5},
        "Out of scope",
        "out_of_scope",
        False,
    ),
    ({"primary_site": "pituitary"}, "Out of scope", "out_of_scope", False),
]


@pytest.mark.parametrize(("fields", "label", "family", "discordant"), CASES)
def test_grade_table(fields: dict[str, Any], label: str, family: str, discordant: bool) -> None:
    result = grade_tumour(Tumour.model_validate(fields))
    assert (result.label, result.family.value, result.discordant) == (label, family, discordant)
    assert result.basis, "every grade says why in words"


def test_discordance_basis_names_both_measures() -> None:
    result = grade_tumour(Tumour.model_validate({**GI, "ki67_percent": 8.5, "mitotic_count": 1}))
    assert result.basis[:2] == ["Ki-67 8.5% is in 3-20%", "mitotic count 1 per 2 mm² is < 2"]


def test_unknown_differentiation_over_20_raises_the_flag() -> None:
    result = grade_tumour(Tumour.model_validate({"primary_site": "stomach", "mitotic_count": 30}))
    assert result.differentiation_needed
    assert result.grade is None


def test_basis_in_french() -> None:
    result = grade_tumour(Tumour.model_validate({**GI, "ki67_percent": 5}), Translator("fr"))
    assert "entre 3 et 20 %" in result.basis[0]


def test_lung_over_10_mitoses_asks_for_expert_review() -> None:
    result = grade_tumour(Tumour.model_validate({**LUNG, "mitotic_count": 11}))
    assert any("TENpath" in line for line in result.basis)
