"""The dependency locks: every package pinned and hashed, the locks agreeing with the direct
pins and with each other, and no development tool in the environment that serves the app."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import ROOT

_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==(\S+)")


def _name(raw: str) -> str:
    """PyPI's normalised name: 'fhir.resources' and 'fhir-resources' are one package."""
    return re.sub(r"[-_.]+", "-", raw).lower()


def direct_pins(path: Path) -> dict[str, str]:
    pins: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = _PIN.match(line.strip())
        if match:
            pins[_name(match.group(1))] = match.group(2)
    return pins


def locked(path: Path) -> dict[str, tuple[str, int]]:
    """name -> (version, number of hashes) for each requirement of a pip-compile lock."""
    found: dict[str, tuple[str, int]] = {}
    for block in re.split(r"\n(?=[A-Za-z])", path.read_text(encoding="utf-8")):
        match = _PIN.match(block)
        if match:
            found[_name(match.group(1))] = (match.group(2), block.count("--hash=sha256:"))
    return found


RUNTIME = locked(ROOT / "requirements.lock")
DEV = locked(ROOT / "requirements-dev.lock")


@pytest.mark.parametrize("lock", ["requirements.lock", "requirements-dev.lock"])
def test_every_locked_package_is_pinned_with_hashes(lock: str) -> None:
    packages = locked(ROOT / lock)
    assert len(packages) > 40, "the transitive packages are in the lock"
    assert [name for name, (_, hashes) in packages.items() if hashes == 0] == []
    lines = (ROOT / lock).read_text(encoding="utf-8").splitlines()
    assert not [line for line in lines if line.startswith("-") and "--hash" not in line], (
        "no index or find-links option of one machine is written into the lock"
    )


@pytest.mark.parametrize(
    ("pins", "lock"),
    [
        ("requirements.txt", RUNTIME),  # the app runs on exactly the versions pinned
        ("requirements-dev.txt", DEV),  # a tool pin changed without `make lock` is caught
    ],
)
def test_the_locks_hold_the_direct_pins(pins: str, lock: dict[str, tuple[str, int]]) -> None:
    wanted = direct_pins(ROOT / pins)
    assert wanted, pins
    assert {n: v for n, v in wanted.items() if lock.get(n, ("",))[0] != v} == {}


def test_the_tests_run_on_the_versions_the_app_runs_on() -> None:
    differ = {n: (v, DEV.get(n)) for n, (v, _) in RUNTIME.items() if DEV.get(n, ("",))[0] != v}
    assert differ == {}


def test_no_development_tool_is_installed_where_the_app_runs() -> None:
    tools = set(direct_pins(ROOT / "requirements-dev.txt"))
    assert tools & set(RUNTIME) == set()
    assert {"pytest", "playwright", "ruff", "mypy"} <= tools
