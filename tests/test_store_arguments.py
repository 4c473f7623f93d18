"""Properties of what the store accepts (netlogic.store.arguments): any text either becomes a
clean one-line name or is refused in words; never a crash, never a name that could forge an
audit line."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netlogic.store.arguments import (
    AUTHOR_LENGTH,
    MAX_VERSION,
    ArgumentProblem,
    check_case_id,
    check_person,
    check_version,
)


@given(st.text(max_size=260))
def test_any_text_is_a_clean_name_or_refused(text: str) -> None:
    try:
        name = check_person(text)
    except ArgumentProblem as exc:
        assert exc.field == "author"
        return
    assert name == name.strip()
    assert 1 <= len(name) <= AUTHOR_LENGTH
    assert all(unicodedata.category(ch)[0] != "C" for ch in name)
    assert "\n" not in name
    assert check_person(name) == name  # checking twice changes nothing


@given(st.integers())
def test_any_integer_is_a_storable_version_or_refused(number: int) -> None:
    try:
        version = check_version(number)
    except ArgumentProblem as exc:
        assert exc.field == "version"
        assert not 1 <= number <= MAX_VERSION
        return
    assert 1 <= version <= MAX_VERSION


@pytest.mark.parametrize(
    ("case_id", "accepted"),
    [
        ("EX-ILEUM-SYNDROME", True),  # a demo case
        ("a" * 64, True),  # the longest ID the column holds
        ("a" * 65, False),  # one more
        ("T-1\n", False),  # a trailing newline, which a "$" regex would let through
        ("T 1", False),  # a space
        ("", False),  # nothing
    ],
)
def test_case_ids_follow_the_case_format(case_id: str, accepted: bool) -> None:
    if accepted:
        assert check_case_id(case_id) == case_id
    else:
        with pytest.raises(ArgumentProblem):
            check_case_id(case_id)


def test_booleans_are_not_versions() -> None:
    with pytest.raises(ArgumentProblem):
        check_version(True)
