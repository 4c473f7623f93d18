"""Export files are written all or nothing, mode 0600, never through a link (issue "hardening").

A failed write (a full disk, simulated by making the flush fail) must leave the previous export
as it was and no temporary file behind; a symbolic link or a non-regular file at the target is
refused before anything is written.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from netlogic.export import files
from netlogic.export.files import UnsafeTargetError, write_atomically
from tests.cli_support import run_cli
from tests.conftest import ROOT, TODAY

DEMO = ROOT / "data" / "demo_cases" / "ileum-g2-syndrome.case.json"


def leftovers(folder: Path, keep: set[str]) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in keep)


def test_a_new_file_is_written_with_owner_only_permissions(tmp_path: Path) -> None:
    target = write_atomically(tmp_path / "out.json", b"{}")
    assert target.read_bytes() == b"{}"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert leftovers(tmp_path, {"out.json"}) == []


def test_an_existing_world_readable_export_becomes_owner_only(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_bytes(b"old")
    target.chmod(0o644)
    write_atomically(target, b"new")
    assert (target.read_bytes(), stat.S_IMODE(target.stat().st_mode)) == (b"new", 0o600)


@pytest.mark.parametrize(
    "failure",
    [
        OSError(errno.ENOSPC, "No space left on device"),  # the disk fills while writing
        OSError(errno.EIO, "Input/output error"),  # the device fails on flush
        KeyboardInterrupt(),  # the user stops the command half-way
    ],
)
def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: BaseException
) -> None:
    target = tmp_path / "case.json"
    target.write_bytes(b"the good export")

    def fail_half_way(fd: int, data: bytes) -> None:
        os.write(fd, data[: len(data) // 2])  # part of the bytes reached the temporary file
        os.close(fd)
        raise failure

    monkeypatch.setattr(files, "_write_all", fail_half_way)
    with pytest.raises(type(failure)):
        write_atomically(target, b"a new export that never completes")
    assert target.read_bytes() == b"the good export"
    assert leftovers(tmp_path, {"case.json"}) == []


def _victim(folder: Path) -> Path:
    victim = folder / "victim"
    victim.write_bytes(b"keep")
    return victim


@pytest.mark.parametrize(
    ("make_target", "words"),
    [
        # A link planted in the export folder would redirect the write onto its target.
        (lambda p: os.symlink(_victim(p), p / "t"), "link"),
        # A dangling link: writing through it would create a file somewhere else.
        (lambda p: os.symlink(p / "elsewhere", p / "t"), "link"),
        # A folder where the file should be.
        (lambda p: (p / "t").mkdir(), "folder"),
        # A named pipe: opening it for writing would block, writing would feed a reader.
        (lambda p: os.mkfifo(p / "t"), "not a regular file"),
    ],
)
def test_a_link_or_a_non_regular_target_is_refused(
    tmp_path: Path, make_target: object, words: str
) -> None:
    make_target(tmp_path)  # type: ignore[operator]
    before = sorted(os.listdir(tmp_path))
    with pytest.raises(UnsafeTargetError, match=words):
        write_atomically(tmp_path / "t", b"data")
    assert sorted(os.listdir(tmp_path)) == before  # nothing written, no temporary file
    if (tmp_path / "victim").exists():
        assert (tmp_path / "victim").read_bytes() == b"keep"
    assert not (tmp_path / "elsewhere").exists()


def test_the_export_command_refuses_a_symlink_in_one_line_naming_it(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"keep")
    link = tmp_path / "out.json"
    link.symlink_to(victim)
    done = run_cli("export", str(DEMO), "--format", "json", "-o", str(link), "--today", str(TODAY))
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert str(link) in done.stderr
    assert "symbolic link" in done.stderr
    assert victim.read_bytes() == b"keep"


def test_the_export_command_writes_a_private_file(tmp_path: Path) -> None:
    out = tmp_path / "summary.html"
    done = run_cli("export", str(DEMO), "--format", "html", "-o", str(out), "--today", str(TODAY))
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert leftovers(tmp_path, {"summary.html"}) == []


def test_a_hard_link_in_the_folder_is_replaced_and_the_file_it_shared_is_untouched(
    tmp_path: Path,
) -> None:
    # A hard link cannot be told from a file, but the new export is a new file moved into
    # place: the other name keeps its old content.
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_bytes(b"keep")
    os.link(elsewhere, tmp_path / "out.json")
    write_atomically(tmp_path / "out.json", b"new")
    assert (tmp_path / "out.json").read_bytes() == b"new"
    assert elsewhere.read_bytes() == b"keep"
