"""Marker units: spelling normalisation, conversion to a canonical unit, series splitting.

Knowledge base section 6 and the contract's "Marker units" / "Trend definitions": chromogranin
A in ng/mL (= ug/L; U/L is another assay and is never converted), urinary 5-HIAA in umol/24h
(1 mg = 5.23 umol), NT-proBNP in pg/mL (= ng/L; pmol/L x 8.457). The factors are data
(``data/units.yaml``, with sources); this module only applies them.

Series rules (:func:`split_series`):

- A marker with a canonical unit: every value in a convertible unit goes to the series named
  after the marker (``chromogranin_a``), converted; every other unit gets its own series
  ``NAME@UNIT`` (``chromogranin_a@U/L``), never merged, even when it is the only unit present.
- A marker without a canonical unit (nse, gastrin, ...): one series per distinct normalised
  unit. The plain name goes to the unit of the EARLIEST value (earliest date; on the same date
  the first in the case's list), so a new unit appearing later never renames the history the
  team has been following; the other units are ``NAME@UNIT``.
- Spellings of one quantity (``same_quantity`` in the table: ng/mL = ug/L, pg/mL = ng/L,
  mU/L = mIU/L = uIU/mL) form one series with factor 1, shown in the earliest value's
  spelling: NSE in ng/mL then in ug/L is one curve, not two.
- A value with no unit written is its own unit, shown as ``no_unit`` in a series key.

Spellings are compared after normalisation (:func:`unit_key`): Unicode NFKC, micro sign and
Greek mu written ``u``, ``mcg`` written ``ug``, case folded, spaces removed, and ``24 h`` /
``24hr`` / ``24 hours`` / ``day`` written ``24h``. Case folding merges ``mU/L`` with ``MU/L``
(mega-units never occur among these markers, so this is safe here).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError

from netlogic.model.case import MarkerValue
from netlogic.model.vocabulary import MarkerName
from netlogic.reference.loading import (
    ProblemCollector,
    Review,
    RuleFileError,
    StrictModel,
    read_yaml,
    rule_cache,
    rules_dir,
)

UNITS_FILE_NAME = "units.yaml"
NO_UNIT = "no_unit"
SERIES_SEPARATOR = "@"

_PER_DAY = re.compile(r"/(?:24h(?:ours?|rs?)?|day|d)$")
_SPACES = re.compile(r"\s+")


class UnitTableError(RuleFileError):
    """The units file is malformed; ``problems`` lists every fault found."""


class MarkerUnitRule(StrictModel):
    canonical: str
    factors: dict[str, float]
    never_convert: list[str] = Field(default_factory=list)
    sources: list[str] = Field(min_length=1)
    reason: str = Field(min_length=1)


class UnitTable(StrictModel):
    review: Review
    spellings: list[str]
    markers: dict[MarkerName, MarkerUnitRule]
    # Spellings of one quantity (ng/mL and ug/L): merged for markers without a canonical unit.
    same_quantity: list[list[str]] = Field(default_factory=list)

    def spelling(self, key: str) -> str | None:
        return _spelling_index(tuple(self.spellings)).get(key)

    def quantity_index(self) -> dict[str, str]:
        """Unit key -> the key of the first spelling of its quantity ('ug/l' -> 'ng/ml')."""
        return _quantity_index(tuple(tuple(g) for g in self.same_quantity))


@cache
def _spelling_index(spellings: tuple[str, ...]) -> dict[str, str]:
    return {unit_key(s): s for s in spellings}


@cache
def _quantity_index(groups: tuple[tuple[str, ...], ...]) -> dict[str, str]:
    return {unit_key(u): unit_key(group[0]) for group in groups for u in group}


def unit_key(text: str) -> str:
    """The comparison key of a unit spelling: 'µmol / 24 h' -> 'umol/24h', 'ng/ml' -> 'ng/ml'."""
    cleaned = unicodedata.normalize("NFKC", text).replace("μ", "u").replace("µ", "u")
    # NFKC again after case folding: folding can undo the composed form ('A´' -> 'á').
    cleaned = unicodedata.normalize("NFKC", _SPACES.sub("", cleaned).casefold())
    return _PER_DAY.sub("/24h", cleaned.replace("mcg", "ug"))


def _clean_spelling(text: str) -> str:
    """A readable spelling for a unit the table does not know (case kept, spaces tidied)."""
    cleaned = unicodedata.normalize("NFKC", text).replace("μ", "u").replace("µ", "u")
    cleaned = _SPACES.sub(" ", cleaned).strip()
    cleaned = re.sub(r"\s*/\s*", "/", cleaned)
    return re.sub(r"/(?:24 ?h(?:ours?|rs?)?|day|d)$", "/24h", cleaned, flags=re.IGNORECASE)


def _check_table(table: UnitTable) -> list[str]:
    problems: list[str] = []
    for name, rule in table.markers.items():
        keys = {unit_key(u) for u in rule.factors}
        if rule.factors.get(rule.canonical) != 1:
            problems.append(f"markers.{name.value}: canonical unit must have factor 1")
        for unit, factor in rule.factors.items():
            if not factor > 0:
                problems.append(f"markers.{name.value}.factors.{unit}: must be > 0")
            if table.spelling(unit_key(unit)) is None:
                problems.append(f"markers.{name.value}.factors.{unit}: not in spellings")
        for unit in rule.never_convert:
            if unit_key(unit) in keys:
                problems.append(f"markers.{name.value}.never_convert.{unit}: also has a factor")
    for i, group in enumerate(table.same_quantity):
        if len(group) < 2:
            problems.append(f"same_quantity[{i}]: needs at least two spellings")
        problems += [
            f"same_quantity[{i}].{unit}: not in spellings"
            for unit in group
            if table.spelling(unit_key(unit)) is None
        ]
    return problems


def load_unit_table(path: Path | None = None) -> UnitTable:
    """Read and check the units file; every fault is reported at once, naming the file."""
    path = path or rules_dir() / UNITS_FILE_NAME
    problems = ProblemCollector()
    data: Any = read_yaml(path, problems)
    table: UnitTable | None = None
    try:
        table = UnitTable.model_validate(data)
    except ValidationError as exc:
        for e in exc.errors(include_url=False):
            problems.add(path, "units", f"{'.'.join(map(str, e['loc']))}: {e['msg']}")
    if table is not None:
        for problem in _check_table(table):
            problems.add(path, "units", problem)
    if problems.problems or table is None:
        raise UnitTableError(problems.problems)
    return table


@rule_cache
def unit_table() -> UnitTable:
    """The production table (static data: read once per process)."""
    return load_unit_table()


def display_unit(text: str) -> str:
    """How a unit is shown: the table's spelling when known ('UG/l' -> 'ug/L'), else tidied."""
    return unit_table().spelling(unit_key(text)) or _clean_spelling(text)


@dataclass(frozen=True)
class Conversion:
    unit: str  # the canonical unit the value ends up in
    factor: float  # multiply a value in the source unit by this


def conversion(name: MarkerName | str, unit: str) -> Conversion | None:
    """How to bring ``unit`` to the canonical unit of ``name``; None when it must not be."""
    rule = unit_table().markers.get(MarkerName(name))
    if rule is None:
        return None
    key = unit_key(unit)
    for source, factor in rule.factors.items():
        if unit_key(source) == key:
            return Conversion(unit=rule.canonical, factor=factor)
    return None


def canonical_unit(name: MarkerName | str) -> str | None:
    rule = unit_table().markers.get(MarkerName(name))
    return rule.canonical if rule else None


@dataclass(frozen=True)
class SeriesPoint:
    """One marker value as it sits in its series (value and ULN in the series' unit)."""

    date: date
    value: float
    unit: str
    uln: float | None
    original_value: float
    original_unit: str
    order: int  # position in the case's marker list: the tie-break for equal dates


def series_key(name: MarkerName | str, unit: str | None) -> str:
    """'chromogranin_a' for the main series, 'chromogranin_a@U/L' for a kept-apart unit."""
    base = MarkerName(name).value
    if unit is None:
        return base
    return f"{base}{SERIES_SEPARATOR}{unit or NO_UNIT}"


def _point(value: MarkerValue, order: int, unit: str, factor: float) -> SeriesPoint:
    return SeriesPoint(
        date=value.date,
        value=value.value * factor,
        unit=unit,
        uln=value.uln * factor if value.uln is not None else None,
        original_value=value.value,
        original_unit=value.unit,
        order=order,
    )


def split_series(markers: Iterable[MarkerValue]) -> dict[str, list[SeriesPoint]]:
    """Group marker values into series by the rules of the module docstring.

    Each series is sorted by date (ties: order in the case). Keys come marker by marker in
    contract order, the plain-named series before the kept-apart ones (alphabetical).
    """
    indexed = sorted(enumerate(markers), key=lambda item: (item[1].date, item[0]))
    groups: dict[str, list[SeriesPoint]] = {}
    # For markers without a canonical unit: the unit key that owns the plain name.
    first_unit: dict[MarkerName, str] = {}
    # Display spelling of a unit the table does not know: that of its earliest value.
    shown: dict[tuple[MarkerName, str], str] = {}
    same_quantity = unit_table().quantity_index()
    for order, value in indexed:
        name = value.name
        key = unit_key(value.unit)
        converted = conversion(name, value.unit)
        if converted is not None:
            groups.setdefault(series_key(name, None), []).append(
                _point(value, order, converted.unit, converted.factor)
            )
            continue
        if canonical_unit(name) is None:
            key = same_quantity.get(key, key)
        unit = shown.setdefault((name, key), display_unit(value.unit))
        if canonical_unit(name) is None and first_unit.setdefault(name, key) == key:
            target = series_key(name, None)
        else:
            target = series_key(name, unit)
        groups.setdefault(target, []).append(_point(value, order, unit, 1.0))
    names = list(MarkerName)

    def sort_key(series: str) -> tuple[int, bool, str]:
        base, _, unit = series.partition(SERIES_SEPARATOR)
        return (names.index(MarkerName(base)), bool(unit), unit)

    return {k: groups[k] for k in sorted(groups, key=sort_key)}


def marker_of(series: str) -> MarkerName:
    """The marker a series key belongs to: 'chromogranin_a@U/L' -> chromogranin_a."""
    return MarkerName(series.partition(SERIES_SEPARATOR)[0])
