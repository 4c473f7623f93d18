"""Layering: netlogic/ is pure domain logic and never imports streamlit."""

from __future__ import annotations

import ast

from tests.conftest import ROOT


def test_netlogic_never_imports_streamlit() -> None:
    offenders = []
    for path in sorted((ROOT / "netlogic").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(n == "streamlit" or n.startswith("streamlit.") for n in names):
                offenders.append(path.name)
    assert offenders == []


def test_i18n_catalogues_have_the_same_keys() -> None:
    from netlogic.i18n import catalogue

    catalogue.cache_clear()
    assert set(catalogue("en")) == set(catalogue("fr"))
