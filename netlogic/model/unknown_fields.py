"""Keys of a case that the contract does not name: kept when plausible, refused when a slip.

The contract lets other tools add optional fields, so the case model keeps unknown keys
(``extra="allow"``). Two kinds are refused here, before the model reads the case:

* a near-miss of a field the model knows: ``"ki67": 80`` in ``tumour`` would be kept and
  ignored, and the tumour graded without its Ki-67; refused with "did you mean
  ki67_percent?". A key is a near-miss when, ignoring case and punctuation, it equals a known
  field, is a short form of one (``ki67``, ``age``), or is a close spelling of one (difflib
  ratio >= 0.85); a known field written in the wrong section (``ki67_percent`` at the top)
  is named with its section;
* an unknown value no store or export can hold: more than
  :data:`~netlogic.model.bounds.UNKNOWN_KEYS_MAX` unknown keys in one object, nesting
  deeper than :data:`~netlogic.model.bounds.UNKNOWN_DEPTH_MAX`, more than
  :data:`~netlogic.model.bounds.UNKNOWN_ITEMS_MAX` values, or a text (or key) that is too long
  or holds a character :func:`~netlogic.model.bounds.text_problem` refuses, or a number that
  is not finite (NaN, Infinity).

Each refusal is a ``(location, code, params)`` triple; :mod:`netlogic.model.case_io` words it.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from netlogic.model.bounds import (
    ECHO_CHARS,
    UNKNOWN_DEPTH_MAX,
    UNKNOWN_ITEMS_MAX,
    UNKNOWN_KEYS_MAX,
    UNKNOWN_TEXT_CHARS,
    shown,
    text_problem,
)
from netlogic.model.case import (
    Case,
    Disease,
    ImagingStudy,
    MarkerValue,
    Patient,
    TreatmentLine,
    Tumour,
)

Location = tuple[int | str, ...]
Refusal = tuple[Location, str, dict[str, Any]]

# The parts of a case that are objects (one) or lists of objects, and the model of each.
_SECTIONS: dict[str, type[BaseModel]] = {"patient": Patient, "tumour": Tumour, "disease": Disease}
_LISTS: dict[str, type[BaseModel]] = {
    "markers": MarkerValue,
    "imaging": ImagingStudy,
    "treatments": TreatmentLine,
}
_CLOSE_SPELLING = 0.85
_SHORT_FORM_MIN_CHARS = 3
_NOT_ALNUM = re.compile(r"[^a-z0-9]")


def _plain(key: str) -> str:
    return _NOT_ALNUM.sub("", key.lower())


def _is_near(key: str, known: str) -> bool:
    mine, theirs = _plain(key), _plain(known)
    if not mine:
        return False
    if mine == theirs:
        return True
    if len(mine) >= _SHORT_FORM_MIN_CHARS and theirs.startswith(mine):
        return True
    return difflib.SequenceMatcher(None, mine, theirs).ratio() >= _CLOSE_SPELLING


def near_miss(key: str, model: type[BaseModel]) -> str | None:
    """The known field ``key`` was probably meant as (section-qualified when it belongs to
    another section of the case), or None when ``key`` is plausibly another tool's field."""
    for name in model.model_fields:
        if _is_near(key, name):
            return name
    if model is Case or model in _SECTIONS.values():
        # A field of a section written at the top or in another section: exact names only,
        # so a tool's own "tumour_board_date" is not mistaken for anything.
        for section, section_model in _SECTIONS.items():
            if section_model is not model and _plain(key) in {
                _plain(n) for n in section_model.model_fields
            }:
                field = next(n for n in section_model.model_fields if _plain(n) == _plain(key))
                return f"{section}.{field}"
    return None


def _value_refusals(value: Any, loc: Location) -> Iterator[Refusal]:
    """Depth, size and text of one unknown value (iterative: no recursion on hostile depth)."""
    stack: list[tuple[Any, int]] = [(value, 0)]
    items = 0
    while stack:
        node, depth = stack.pop()
        items += 1
        if items > UNKNOWN_ITEMS_MAX:
            yield loc, "unknown_too_big", {"items": UNKNOWN_ITEMS_MAX}
            return
        if depth > UNKNOWN_DEPTH_MAX:
            yield loc, "unknown_too_deep", {"levels": UNKNOWN_DEPTH_MAX}
            return
        texts: list[str] = []
        if isinstance(node, dict):
            texts.extend(str(k) for k in node)
            stack.extend((v, depth + 1) for v in node.values())
        elif isinstance(node, list):
            stack.extend((v, depth + 1) for v in node)
        elif isinstance(node, str):
            texts.append(node)
        elif isinstance(node, float) and not math.isfinite(node):
            yield loc, "unknown_not_finite", {}
            return
        for text in texts:
            refusal = _text_refusal(text, loc)
            if refusal is not None:
                yield refusal
                return


def _text_refusal(text: str, loc: Location) -> Refusal | None:
    if len(text) > UNKNOWN_TEXT_CHARS:
        return loc, "unknown_text_too_long", {"chars": UNKNOWN_TEXT_CHARS}
    problem = text_problem(text, multiline=True)
    if problem is not None:
        return loc, f"text_{problem}", {}
    return None


def _object_refusals(
    data: dict[Any, Any], model: type[BaseModel], loc: Location
) -> Iterator[Refusal]:
    unknown = [k for k in data if k not in model.model_fields]
    if len(unknown) > UNKNOWN_KEYS_MAX:
        yield loc, "unknown_too_many", {"keys": UNKNOWN_KEYS_MAX, "count": len(unknown)}
        return
    for key in unknown:
        if not isinstance(key, str):
            continue  # JSON keys are text; a dict from code is the model's business
        refusal = _text_refusal(key, (*loc, shown(key)))
        if refusal is not None:
            yield refusal
            continue
        # Only a key that passed the text checks is used as a field name in a message, and
        # a long one is cut like any echoed value.
        where = (*loc, key if len(key) <= ECHO_CHARS else shown(key))
        meant = near_miss(key, model)
        if meant is not None:
            yield where, "unknown_near_miss", {"meant": meant}
            continue
        yield from _value_refusals(data[key], where)


def unknown_field_refusals(data: dict[Any, Any]) -> list[Refusal]:
    """Every refusal of the unknown keys of a case (a decoded JSON object), in reading order."""
    found = list(_object_refusals(data, Case, ()))
    for section, model in _SECTIONS.items():
        part = data.get(section)
        if isinstance(part, dict):
            found.extend(_object_refusals(part, model, (section,)))
    for name, model in _LISTS.items():
        entries = data.get(name)
        if isinstance(entries, list):
            for i, entry in enumerate(entries):
                if isinstance(entry, dict):
                    found.extend(_object_refusals(entry, model, (name, i)))
    return found
