"""Concurrent saves: every save lands as exactly one version or is refused as stale; no
version number is lost or given twice, and every history is complete. Each worker opens its
own store (its own engine and connections), as separate app sessions or processes would."""

# Fixtures are imported from the support module and requested by name (F401/F811).
# ruff: noqa: F811

from __future__ import annotations

import multiprocessing
import threading
from concurrent.futures import ThreadPoolExecutor

from netlogic.store.repository import CaseStore, StaleVersionError, open_store
from tests.test_store_support import (  # noqa: F401
    backend,
    empty_url,
    make_case,
    store,
    store_url,
    with_ki67,
)

WORKERS = 8
ROUNDS = 6


def test_eight_editors_of_one_case_each_land_or_are_refused(
    store: CaseStore, store_url: str
) -> None:
    store.save(make_case("SHARED"), "seed")
    start = threading.Barrier(WORKERS)

    def editor(worker: int) -> tuple[list[int], int]:
        landed: list[int] = []
        refused = 0
        with open_store(store_url) as mine:
            start.wait()
            for round_ in range(ROUNDS):
                current = mine.load("SHARED")
                edited = with_ki67(current.case, (worker * ROUNDS + round_) % 100)
                try:
                    landed.append(mine.save(edited, f"w{worker}", base_version=current.version))
                except StaleVersionError as exc:
                    assert exc.stale_version == current.version
                    assert exc.latest_version > current.version
                    refused += 1
        return landed, refused

    with ThreadPoolExecutor(WORKERS) as pool:
        results = list(pool.map(editor, range(WORKERS)))
    landed = sorted(v for versions, _ in results for v in versions)
    refused = sum(r for _, r in results)
    assert len(landed) + refused == WORKERS * ROUNDS
    assert landed == list(range(2, 2 + len(landed)))  # no duplicate, no gap
    history = store.history("SHARED")
    assert [v.version for v in history] == list(range(1, 2 + len(landed)))
    assert len(landed) >= ROUNDS  # someone always wins each race


def test_blind_saves_of_same_and_different_cases_never_lose_a_version(
    store: CaseStore, store_url: str
) -> None:
    start = threading.Barrier(WORKERS)

    def writer(worker: int) -> list[tuple[str, int]]:
        saved = []
        with open_store(store_url) as mine:
            start.wait()
            for round_ in range(ROUNDS):
                for case_id in ("HOT", f"OWN-{worker}"):
                    case = with_ki67(make_case(case_id), worker + round_ / 10)
                    saved.append((case_id, mine.save(case, f"w{worker}")))
        return saved

    with ThreadPoolExecutor(WORKERS) as pool:
        results = [pair for batch in pool.map(writer, range(WORKERS)) for pair in batch]
    hot = sorted(v for case_id, v in results if case_id == "HOT")
    assert hot == list(range(1, WORKERS * ROUNDS + 1))
    assert [v.version for v in store.history("HOT")] == hot
    for worker in range(WORKERS):
        history = store.history(f"OWN-{worker}")
        assert [v.version for v in history] == list(range(1, ROUNDS + 1))
        assert {v.author for v in history} == {f"w{worker}"}
    assert len(store.list_cases()) == WORKERS + 1


def _process_writer(url: str, worker: int, out: multiprocessing.Queue[list[int]]) -> None:
    with open_store(url) as mine:
        out.put([mine.save(with_ki67(make_case("PROC"), worker), f"p{worker}") for _ in range(3)])


def test_separate_processes_share_version_numbers_safely(store: CaseStore, store_url: str) -> None:
    context = multiprocessing.get_context("spawn")
    out: multiprocessing.Queue[list[int]] = context.Queue()
    workers = [context.Process(target=_process_writer, args=(store_url, i, out)) for i in range(4)]
    for process in workers:
        process.start()
    versions = sorted(v for _ in workers for v in out.get(timeout=120))
    for process in workers:
        process.join(timeout=60)
        assert process.exitcode == 0
    assert versions == list(range(1, 13))
    assert [v.version for v in store.history("PROC")] == versions
