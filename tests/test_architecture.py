"""Layering: netlogic/ is pure domain logic and never imports streamlit."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT


def imported_modules(path: Path) -> list[str]:
    """Every module a source file imports (absolute names), wherever the import stands."""
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


def test_netlogic_never_imports_streamlit() -> None:
    offenders = [
        path.name
        for path in sorted((ROOT / "netlogic").rglob("*.py"))
        if any(n == "streamlit" or n.startswith("streamlit.") for n in imported_modules(path))
    ]
    assert offenders == []


# Imports run one way: a package may use its own modules and the packages listed for it,
# never the other way round (model <- clinical <- whatif/teaching <- export/cli).
ALLOWED_IMPORTS: dict[str, set[str]] = {
    "reference": set(),
    "model": {"reference"},
    "trends": {"reference", "model"},
    "clinical": {"reference", "model", "trends"},
    "store": {"reference", "model"},
    "whatif": {"reference", "model", "trends", "clinical"},
    "teaching": {"reference", "model", "trends", "clinical"},
    "meetings": {"reference", "model", "trends", "clinical", "store"},
    "export": {"reference", "model", "trends", "clinical", "whatif", "meetings"},
    "cli": {
        "reference",
        "model",
        "trends",
        "clinical",
        "store",
        "whatif",
        "teaching",
        "export",
        "meetings",
    },
}


def test_netlogic_packages_import_one_way() -> None:
    packages = {p.name for p in (ROOT / "netlogic").iterdir() if (p / "__init__.py").exists()}
    assert packages == set(ALLOWED_IMPORTS), "a new package needs its place in the layers"
    offenders = []
    for package, allowed in ALLOWED_IMPORTS.items():
        for path in sorted((ROOT / "netlogic" / package).rglob("*.py")):
            for name in imported_modules(path):
                parts = name.split(".")
                if (
                    parts[0] == "netlogic"
                    and len(parts) > 1
                    and parts[1] not in allowed | {package}
                ):
                    offenders.append(f"{path.relative_to(ROOT)} imports {name}")
    assert offenders == []


def test_every_package_says_what_it_owns() -> None:
    for init in sorted((ROOT / "netlogic").glob("*/__init__.py")):
        docstring = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert docstring, f"{init.parent.name} needs a docstring saying what it owns"


def test_i18n_catalogues_have_the_same_keys() -> None:
    from netlogic.reference.i18n import catalogue

    catalogue.cache_clear()
    assert set(catalogue("en")) == set(catalogue("fr"))


def test_every_alert_and_therapy_has_a_title_in_both_languages() -> None:
    # The app shows alert titles and therapy names from the catalogues; a missing key would
    # show the raw key ("alert.staging_needed") to the clinician.
    from netlogic.clinical.rules import ruleset
    from netlogic.model.vocabulary import Therapy
    from netlogic.reference.i18n import catalogue

    for lang in ("en", "fr"):
        words = catalogue(lang)
        missing = [f"alert.{a.code}" for a in ruleset().alerts if f"alert.{a.code}" not in words]
        missing += [f"therapy.{th.value}" for th in Therapy if f"therapy.{th.value}" not in words]
        missing += [
            f"grade.system.{s}"
            for s in ("WHO 2019 digestive", "WHO 2021 thoracic")
            if f"grade.system.{s}" not in words
        ]
        assert missing == [], lang


def test_french_texts_write_decimal_commas() -> None:
    # "Ki-67 de 8,5 %" in French, "Ki-67 8.5%" in English; dates and versions untouched.
    from netlogic.clinical.evaluation import evaluate
    from netlogic.model.case_io import parse_case
    from netlogic.reference.i18n import translator
    from tests.conftest import TODAY, minimal_case

    data = minimal_case(ki67_percent=8.5, mitotic_count=1, differentiation="well")
    case = parse_case(data, TODAY)
    assert "8,5" in evaluate(case, TODAY, lang="fr").grade.basis[0]
    assert "8.5" in evaluate(case, TODAY, lang="en").grade.basis[0]
    fr = translator("fr")
    assert fr("whatif.timeline.median", trial="PROMID", months="14") == "PROMID : médiane 14 mois"
    assert "2026.12.01" in fr("pathway.case_line", case_id="X-1.2", ruleset="2026.12.01")
