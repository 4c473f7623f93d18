"""JSON text read strictly: one reading for every document, or a refusal saying why.

Python's :func:`json.loads` is lenient where a clinical record must not be: with a key written
twice the last silently wins (``"ki67_percent": 90, "ki67_percent": 1`` reads as 1), and a
5000-digit integer raises a ValueError that is not a decoding error (and takes quadratic time
to convert). :func:`decode` refuses both with :class:`JsonRefusal`, whose ``code`` and
``params`` name the problem (messages in data/i18n/validation.*.yaml,
``validation.json_<code>``). ``NaN``, ``Infinity`` and ``1e400`` are read as floats so that
the case model refuses them naming the field (a finite number is required everywhere).
"""

from __future__ import annotations

import json
from typing import Any

from netlogic.model.bounds import NUMBER_DIGITS, TYPED_NUMBER_CHARS, shown


class JsonRefusal(ValueError):
    """JSON text with no single reading; ``code`` and ``params`` word it."""

    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params = params
        super().__init__(f"{code} {params}")


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise JsonRefusal("duplicate_key", name=shown(key))
        out[key] = value
    return out


def _int(text: str) -> int:
    if len(text.lstrip("-")) > NUMBER_DIGITS:
        raise JsonRefusal("number_too_long", digits=NUMBER_DIGITS)
    return int(text)


def _float(text: str) -> float:
    if len(text) > TYPED_NUMBER_CHARS:
        raise JsonRefusal("number_too_long", digits=TYPED_NUMBER_CHARS)
    return float(text)


def decode(text: str | bytes) -> Any:
    """The value of a JSON document; JsonRefusal for duplicate keys and over-long numbers;
    json.JSONDecodeError, UnicodeDecodeError or RecursionError as json raises them."""
    return json.loads(
        text,
        object_pairs_hook=_unique_keys,
        parse_int=_int,
        parse_float=_float,
    )
