"""Independent oracle for knowledge base section 8 (ruleset 2027), one vignette per row.

The rows (tests/kb8_cases.py) were written from the knowledge base and the contract alone,
as a second reading of the texts: a failure means the engine and this reading disagree, and
one of the two is wrong. Each row checks only what the texts decide.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from netlogic.clinical.evaluation import evaluate
from netlogic.model.case_io import parse_case
from netlogic.model.vocabulary import Therapy
from tests.kb8_cases import SCENARIOS, SECTIONS, Fragment, Row

THERAPY_IDS = frozenset(t.value for t in Therapy)


def _params(groups: dict[str, list[Row]]) -> list[Any]:
    return [pytest.param(r, id=r.id) for rows in groups.values() for r in rows]


def _texts(ev: Any, target: str) -> list[str]:
    """The texts a fragment is looked for in.

    ``therapy`` (reasons and cautions), ``therapy.reasons``, ``therapy.cautions``, an alert
    code (its messages) or ``*`` (every reason, caution and alert message).
    """
    if target == "*":
        found = [a.message for a in ev.alerts]
        for option in ev.options:
            found += [*option.reasons, *option.cautions]
        return found
    therapy, _, part = target.partition(".")
    if therapy in THERAPY_IDS:
        option = ev.option(therapy)
        if part == "reasons":
            return list(option.reasons)
        if part == "cautions":
            return list(option.cautions)
        return [*option.reasons, *option.cautions]
    return [a.message for a in ev.alerts if a.code == target]


def _is_alert(target: str) -> bool:
    return target != "*" and target.partition(".")[0] not in THERAPY_IDS


def _matches(fragment: Fragment, text: str) -> bool:
    if isinstance(fragment, re.Pattern):
        return fragment.search(text) is not None
    alternatives = (fragment,) if isinstance(fragment, str) else fragment
    return any(alt.lower() in text.lower() for alt in alternatives)


def _check(r: Row) -> None:
    ev = evaluate(parse_case(r.case, r.today), r.today, lang=r.lang)
    problems: list[str] = []

    for therapy, expected in r.status.items():
        got = ev.option(therapy).status.value
        allowed = {expected} if isinstance(expected, str) else set(expected)
        if got not in allowed:
            option = ev.option(therapy)
            problems.append(
                f"{therapy}: got {got}, expected {' or '.join(sorted(allowed))}"
                f" (reasons {option.reasons}, rule {getattr(option, 'rule', None)})"
            )

    codes = {a.code for a in ev.alerts}
    problems += [f"alert {c} expected but absent" for c in r.alerts if c not in codes]
    problems += [f"alert {c} present but not expected" for c in r.no_alerts if c in codes]

    for target, fragment in r.has:
        if _is_alert(target) and target not in codes:
            problems.append(f"{target}: alert absent, expected text {fragment!r}")
            continue
        texts = _texts(ev, target)
        if not any(_matches(fragment, t) for t in texts):
            problems.append(f"{target}: no text with {fragment!r} in {texts}")

    for target, fragment in r.lacks:
        # An absent alert says nothing it must not say (its presence is checked elsewhere).
        offending = [t for t in _texts(ev, target) if _matches(fragment, t)]
        if offending:
            problems.append(f"{target}: must not say {fragment!r}, but says {offending}")

    contract = ev.to_contract()
    if r.label is not None and contract["grade"]["label"] != r.label:
        problems.append(f"grade label {contract['grade']['label']!r}, expected {r.label!r}")
    if r.progression is not None and contract["progression"] != r.progression:
        problems.append(f"progression {contract['progression']!r}, expected {r.progression!r}")
    if r.recist is not None:
        latest = contract["trends"]["recist"]["latest"]
        if latest != r.recist:
            problems.append(f"RECIST latest {latest!r}, expected {r.recist!r}")

    assert not problems, f"{r.id}:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("r", _params(SECTIONS))
def test_section8_rule(r: Row) -> None:
    _check(r)


@pytest.mark.parametrize("r", _params(SCENARIOS))
def test_issue_scenario(r: Row) -> None:
    _check(r)


def test_every_subsection_has_rows() -> None:
    expected = {f"8.{n}" for n in range(1, 16)}
    assert expected <= set(SECTIONS), expected - set(SECTIONS)
    assert all(SECTIONS[s] for s in expected)


def test_row_ids_are_unique_case_ids() -> None:
    ids = [r.id for groups in (SECTIONS, SCENARIOS) for rows in groups.values() for r in rows]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[A-Za-z0-9._-]{1,64}", i) for i in ids)
