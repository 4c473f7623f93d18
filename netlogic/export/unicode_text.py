"""Text that UTF-8 cannot encode: lone surrogates, in every export.

A lone surrogate (U+D800-U+DFFF on its own) is what a ``"\\ud800"`` escape in a JSON case file
becomes, and SQLite keeps it. UTF-8 cannot encode it, so writing it stopped an export half-way.
In JSON it is written back as the same ``\\uXXXX`` escape (:func:`json_bytes`: nothing lost, the
file reads back to the same text); in the printed and tabular formats (PDF, HTML, CSV, FHIR) it
shows as the replacement character U+FFFD (:func:`printable_case`), where the reader sees that
a character could not be shown.
"""

from __future__ import annotations

import re
from typing import Any

from netlogic.model.case import Case

LONE_SURROGATE = re.compile("[\ud800-\udfff]")
REPLACEMENT = "\ufffd"


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def json_bytes(text: str) -> bytes:
    """JSON text as UTF-8; a lone surrogate (only ever inside a JSON string) stays an escape."""
    return LONE_SURROGATE.sub(_escape, text).encode("utf-8")


def text_bytes(text: str) -> bytes:
    """Other text as UTF-8; a lone surrogate becomes the replacement character."""
    return LONE_SURROGATE.sub(REPLACEMENT, text).encode("utf-8")


def _replaced(value: Any) -> tuple[Any, bool]:
    if isinstance(value, str):
        fixed = LONE_SURROGATE.sub(REPLACEMENT, value)
        return fixed, fixed != value
    if isinstance(value, dict):
        pairs = {k: _replaced(v) for k, v in value.items()}
        return {k: v for k, (v, _) in pairs.items()}, any(c for _, c in pairs.values())
    if isinstance(value, list):
        items = [_replaced(v) for v in value]
        return [v for v, _ in items], any(c for _, c in items)
    return value, False


def printable_case(case: Case) -> Case:
    """The case itself when every text encodes; else a copy with U+FFFD for lone surrogates."""
    data, changed = _replaced(case.model_dump(mode="python"))
    return Case.model_validate(data) if changed else case


__all__ = ["LONE_SURROGATE", "json_bytes", "printable_case", "text_bytes"]
