"""Translation: one function for every user-facing string, English and French catalogues.

Catalogues live in ``data/i18n/<area>.<lang>.yaml`` (one file per area and language, so the
grading, engine, UI and export texts are kept by their owners). A :class:`Translator` is a
small immutable object: the app makes one per session, never a process-wide current language.
A key missing in French falls back to English; a key missing everywhere shows the key itself,
so a gap is visible rather than fatal (a test checks that both catalogues have every key).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

LANGUAGES = ("en", "fr")
# French writes 8,5 % where English writes 8.5%: numbers passed into a text follow the language.
DECIMAL_COMMA_LANGUAGES = frozenset({"fr"})
_DECIMAL = re.compile(r"^[+-]?\d+\.\d+$")
DEFAULT_LANGUAGE = "en"
I18N_DIR = Path(__file__).resolve().parents[2] / "data" / "i18n"


def _rule_cache(fn: Any) -> Any:
    from netlogic.reference.loading import rule_cache

    return rule_cache(fn)


@cache
def catalogue(lang: str) -> dict[str, str]:
    """Every key of one language, merged over all areas (read once per process: static data)."""
    merged: dict[str, str] = {}
    for path in sorted(I18N_DIR.glob(f"*.{lang}.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for key, text in data.items():
            merged[str(key)] = str(text)
    return merged


def normalise_language(lang: str | None) -> str:
    """'fr-FR', 'fr_CA', 'FR' -> 'fr'; anything else -> English."""
    if not lang:
        return DEFAULT_LANGUAGE
    short = lang.replace("_", "-").split("-")[0].lower()
    return short if short in LANGUAGES else DEFAULT_LANGUAGE


def _decimal_comma(value: Any) -> Any:
    """'8.5' -> '8,5' (a formatted number; dates, versions and identifiers do not match)."""
    if isinstance(value, float) and not value.is_integer():
        value = fmt_number(value, 2)
    if isinstance(value, str) and _DECIMAL.match(value):
        return value.replace(".", ",")
    return value


@_rule_cache
def _limit_params(lang: str) -> dict[str, Any]:
    """Every clinical limit as a template value in this language's number format."""
    from netlogic.reference.limits import template_values

    values = template_values()
    if lang in DECIMAL_COMMA_LANGUAGES:
        values = {k: _decimal_comma(v) for k, v in values.items()}
    return values


def fill(text: str, lang: str, **params: Any) -> str:
    """``text`` with its ``{name}`` fields filled: the given parameters, then the clinical
    limits of data/thresholds.yaml ("Ki-67 up to {high_ki67_net_cut}%" -> "... 55%")."""
    if "{" not in text:
        return text
    if lang in DECIMAL_COMMA_LANGUAGES:
        params = {k: _decimal_comma(v) for k, v in params.items()}
    try:
        return text.format(**{**_limit_params(lang), **params})
    except (KeyError, IndexError, ValueError):
        return text


@dataclass(frozen=True)
class Translator:
    lang: str = DEFAULT_LANGUAGE

    def __call__(self, key: str, **params: Any) -> str:
        text = catalogue(self.lang).get(key) or catalogue(DEFAULT_LANGUAGE).get(key) or key
        return fill(text, self.lang, **params)


def translator(lang: str | None) -> Translator:
    return Translator(normalise_language(lang))


_PLAIN_DIGITS_LIMIT = 1e12


def fmt_number(value: float | None, digits: int = 1) -> str:
    """8.0 -> '8', 8.5 -> '8.5', None -> '?': numbers as a clinician writes them."""
    if value is None:
        return "?"
    if abs(float(value)) >= _PLAIN_DIGITS_LIMIT:
        # A growth rate after a 1 mm baseline can reach 1e275: three significant figures,
        # not 276 digits (entered values stay below 1e9 and are printed in full).
        return f"{float(value):.3g}"
    rounded = round(float(value), digits)
    if rounded == int(rounded):
        return str(int(rounded))
    return f"{rounded:.{digits}f}".rstrip("0").rstrip(".")
