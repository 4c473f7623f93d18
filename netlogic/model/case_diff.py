"""Field-level differences between two versions of a case, and a one-line summary of them.

Implements the "versioned cases" part of the case store (issue "Case store: ... versioned
history"): every saved version carries a short summary of what changed since the previous
one, e.g. ``tumour.ki67_percent 8 -> 12; 2 markers added``.

Cases are compared as contract JSON (``Case.to_contract_json()``). Lists of dated records
(markers, imaging, treatments) are matched by what identifies the record (date and marker
name, date and modality, therapy and start date), not by position: inserting an older marker
value at the front of the list is one added marker, not a change to every row. Lists of plain
values (metastatic sites, comorbidities) are compared as sets.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel

from netlogic.model.entry import format_decimal
from netlogic.reference.i18n import Translator

ChangeKind = Literal["changed", "added", "removed"]

# Records of these lists are matched across versions by these keys.
RECORD_KEYS: dict[str, tuple[str, ...]] = {
    "markers": ("name", "date"),
    "imaging": ("modality", "date"),
    "treatments": ("therapy", "start"),
}
# How a clinician counts the records of each list (singular, plural).
RECORD_WORDS: dict[str, tuple[str, str]] = {
    "markers": ("marker", "markers"),
    "imaging": ("imaging study", "imaging studies"),
    "treatments": ("treatment line", "treatment lines"),
}
SUMMARY_MAX_PARTS = 6


class FieldChange(BaseModel):
    """One difference: ``path`` names the field (``tumour.ki67_percent``,
    ``markers[chromogranin_a 2025-01-15].value``); ``old``/``new`` are contract JSON values
    (``None`` on the side where a record or field is absent)."""

    path: str
    kind: ChangeKind
    old: Any = None
    new: Any = None


def _record_label(item: Mapping[str, Any], keys: tuple[str, ...]) -> str:
    return " ".join(str(item.get(k)) for k in keys)


def _diff_values(path: str, old: Any, new: Any, out: list[FieldChange]) -> None:
    if isinstance(old, dict | list) and old == new:
        # Fast path for the unchanged bulk of a long history (hundreds of marker values).
        # Python equality only blurs True with 1, which the typed contract fields never mix.
        return
    if isinstance(old, dict) and isinstance(new, dict):
        for key in sorted(set(old) | set(new), key=lambda k: (k not in old, str(k))):
            sub = f"{path}.{key}" if path else str(key)
            if key not in new:
                out.append(FieldChange(path=sub, kind="removed", old=old[key]))
            elif key not in old:
                out.append(FieldChange(path=sub, kind="added", new=new[key]))
            else:
                _diff_values(sub, old[key], new[key], out)
    elif isinstance(old, list) and isinstance(new, list):
        if path in RECORD_KEYS and all(isinstance(i, dict) for i in [*old, *new]):
            _diff_records(path, old, new, out)
        else:
            _diff_plain_list(path, old, new, out)
    elif not _same(old, new):
        out.append(FieldChange(path=path, kind="changed", old=old, new=new))


def _same(old: Any, new: Any) -> bool:
    # 8 and 8.0 are the same Ki-67; True and 1 are not the same answer.
    if isinstance(old, bool) or isinstance(new, bool):
        return type(old) is type(new) and old == new
    return bool(old == new)


def _diff_plain_list(path: str, old: list[Any], new: list[Any], out: list[FieldChange]) -> None:
    remaining = list(new)
    for item in old:
        match = next((i for i, v in enumerate(remaining) if _same(v, item)), None)
        if match is None:
            out.append(FieldChange(path=path, kind="removed", old=item))
        else:
            remaining.pop(match)
    out.extend(FieldChange(path=path, kind="added", new=item) for item in remaining)


def _diff_records(
    path: str, old: list[dict[str, Any]], new: list[dict[str, Any]], out: list[FieldChange]
) -> None:
    keys = RECORD_KEYS[path]

    def key_of(item: Mapping[str, Any]) -> tuple[str, ...]:
        return tuple(str(item.get(k)) for k in keys)

    # Records waiting for a partner, by key, in list order (duplicates pair up in order).
    waiting: dict[tuple[str, ...], list[int]] = {}
    for index, item in enumerate(new):
        waiting.setdefault(key_of(item), []).append(index)
    matched: set[int] = set()
    for item in old:
        candidates = waiting.get(key_of(item))
        if not candidates:
            out.append(FieldChange(path=path, kind="removed", old=item))
            continue
        index = candidates.pop(0)
        matched.add(index)
        _diff_values(f"{path}[{_record_label(item, keys)}]", item, new[index], out)
    out.extend(
        FieldChange(path=path, kind="added", new=item)
        for index, item in enumerate(new)
        if index not in matched
    )


def diff_cases(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[FieldChange]:
    """Every field-level difference from ``old`` to ``new`` (both contract JSON objects)."""
    out: list[FieldChange] = []
    _diff_values("", dict(old), dict(new), out)
    return out


def _show(value: Any) -> str:
    if value is None:
        return "(empty)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str):
        return value or '""'
    if isinstance(value, dict | list):
        return "{...}" if isinstance(value, dict) else "[...]"
    return str(value)


def _count(n: int, words: tuple[str, str]) -> str:
    return f"{n} {words[0] if n == 1 else words[1]}"


def summarise(changes: list[FieldChange]) -> str:
    """One line a clinician can scan: record lists counted, plain lists as +added/-removed,
    other fields as ``path old -> new``; long summaries end with ``and N more changes``."""
    if not changes:
        return "no changes"
    parts: list[str] = []
    counted: dict[tuple[str, ChangeKind], int] = {}
    plain: dict[str, list[str]] = {}
    for change in changes:
        if change.path in RECORD_KEYS and change.kind != "changed":
            counted[(change.path, change.kind)] = counted.get((change.path, change.kind), 0) + 1
        elif change.kind == "changed":
            parts.append(f"{change.path} {_show(change.old)} -> {_show(change.new)}")
        elif isinstance(change.new if change.kind == "added" else change.old, dict | list):
            parts.append(f"{change.path} {change.kind}")
        else:
            sign = "+" if change.kind == "added" else "-"
            value = change.new if change.kind == "added" else change.old
            plain.setdefault(change.path, []).append(f"{sign}{_show(value)}")
    parts.extend(f"{path} {' '.join(items)}" for path, items in plain.items())
    parts.extend(
        f"{_count(n, RECORD_WORDS[path])} {kind}" for (path, kind), n in sorted(counted.items())
    )
    if len(parts) > SUMMARY_MAX_PARTS:
        extra = len(parts) - SUMMARY_MAX_PARTS
        parts = [*parts[:SUMMARY_MAX_PARTS], f"and {extra} more change{'s' if extra > 1 else ''}"]
    return "; ".join(parts)


def summarise_diff(old: Mapping[str, Any] | None, new: Mapping[str, Any]) -> str:
    """The summary stored with a new version (``created`` for the first one)."""
    if old is None:
        return "created"
    return summarise(diff_cases(old, new))


# --- in words, for the version history on screen ------------------------------------------

# The translation group of each enumerated field's values (data/i18n/ui.<lang>.yaml).
_VALUE_WORDS: dict[str, str] = {
    "primary_site": "site.",
    "sex": "value.sex.",
    "differentiation": "value.differentiation.",
    "necrosis": "value.necrosis.",
    "nec_cell_type": "value.nec_cell_type.",
    "functional_syndrome": "value.functional_syndrome.",
    "sstr_imaging": "value.imaging_status.",
    "fdg_pet": "value.imaging_status.",
    "mgmt": "value.mgmt.",
    "hereditary_syndrome": "value.hereditary_syndrome.",
    "stage": "value.stage.",
    "nodal_status": "value.nodal_status.",
    "metastatic_sites": "value.metastatic_site.",
    "tumour_burden": "value.burden.",
    "progression": "value.progression.",
    "resectable": "value.",
    "comorbidities": "value.comorbidity.",
    "name": "value.marker.",
    "modality": "value.modality.",
    "therapy": "therapy.",
    "best_response": "value.response.",
    "stop_reason": "value.stop_reason.",
}
_RECORD_FIELD = re.compile(r"^(markers|imaging|treatments)\[(.+)\]\.(\w+)$")


class ChangeInWords(BaseModel):
    """One difference as a clinician reads it: which field, what it was, what it became."""

    field: str
    before: str
    after: str


def _field_words(name: str, section: str | None, t: Translator) -> str:
    for key in (f"field.{section}.{name}" if section else "", f"field.{name}"):
        if key and t(key) != key:
            return t(key)
    key = f"validation.field.{name}"
    return t(key) if t(key) != key else name.replace("_", " ")


def _value_words(name: str, value: Any, t: Translator) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return t("value.yes") if value else t("value.no")
    if isinstance(value, int | float):
        return format_decimal(value, t.lang)
    if isinstance(value, list):
        return ", ".join(_value_words(name, v, t) for v in value) or "—"
    if isinstance(value, dict):
        return _record_words(name, value, t)
    group = _VALUE_WORDS.get(name)
    if group is not None and t(f"{group}{value}") != f"{group}{value}":
        return t(f"{group}{value}")
    return str(value)


def _record_words(kind: str, record: Mapping[str, Any], t: Translator) -> str:
    """'chromogranin A, 2025-01-15: 250 ng/mL' / 'CT, 2025-01-10: 84 mm'."""
    if kind == "markers":
        head = [record.get("name"), record.get("date")]
        tail = f"{_value_words('value', record.get('value'), t)} {record.get('unit') or ''}"
        names = ("name", "date")
    elif kind == "imaging":
        head = [record.get("modality"), record.get("date")]
        size = record.get("sum_diameters_mm")
        tail = f"{_value_words('value', size, t)} mm" if size is not None else ""
        names = ("modality", "date")
    else:
        head = [record.get("therapy"), record.get("start")]
        tail = str(record.get("agent") or "")
        names = ("therapy", "start")
    words = ", ".join(_value_words(n, v, t) for n, v in zip(names, head, strict=True))
    return f"{words}: {tail.strip()}" if tail.strip() else words


def readable_changes(changes: list[FieldChange], t: Translator) -> list[ChangeInWords]:
    """Each change with the field named as on the Case page and values in words
    (``Ki-67 (%)``: 8 -> 12; ``Marker added``: chromogranin A, 2025-01-15: 250 ng/mL)."""
    out = []
    for change in changes:
        record = _RECORD_FIELD.match(change.path)
        if change.path in RECORD_KEYS:
            what = t(f"diff.{change.path}.{change.kind}")
            value = change.new if change.kind == "added" else change.old
            words = _record_words(change.path, value, t) if isinstance(value, dict) else ""
            before, after = ("", words) if change.kind == "added" else (words, "")
            out.append(ChangeInWords(field=what, before=before or "—", after=after or "—"))
            continue
        if record is not None:
            kind, label, name = record.groups()
            keys = RECORD_KEYS[kind]
            parts = label.split(" ", len(keys) - 1)
            where = ", ".join(_value_words(n, v, t) for n, v in zip(keys, parts, strict=False))
            field = f"{t(f'diff.{kind}.one')} {where}, {_field_words(name, None, t)}"
            name_for_values = name
        else:
            section, _, name = change.path.rpartition(".")
            field = _field_words(name, section or None, t)
            name_for_values = name
        before = _value_words(name_for_values, change.old, t)
        after = _value_words(name_for_values, change.new, t)
        if change.kind == "added" and isinstance(change.new, str | int | float):
            before, after = "—", f"+ {after}"  # one more metastatic site, comorbidity...
        elif change.kind == "removed" and isinstance(change.old, str | int | float):
            before, after = f"− {before}", "—"
        out.append(ChangeInWords(field=field, before=before, after=after))
    return out
