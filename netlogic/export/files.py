"""Writing an export file safely: all or nothing, never through a link, readable by its owner.

Every file the command line writes (``export -o``, ``cases export-all``) goes through
:func:`write_atomically`. The bytes are written to a temporary file in the target's own folder,
flushed to disk, then moved over the target with :func:`os.replace` (atomic on one file
system): a full disk or an interruption leaves the previous export intact, never a truncated or
empty one, and no temporary file behind. A symbolic link or anything that is not a regular file
(a folder, a device, a pipe) at the target is refused, so a link planted in an export folder
can never redirect a write onto another file (a hard link is replaced, the file it shared keeps
its content). Files are created with mode 0600: an export holds a patient's data and is for its
owner only. A process killed outright (SIGKILL, power cut) can leave a hidden
``.<name>.*.partial`` file beside the target; the target itself is never half-written.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

FILE_MODE = 0o600


class UnsafeTargetError(Exception):
    """The target is a symbolic link or not a regular file: nothing was written."""

    def __init__(self, path: Path, what: str) -> None:
        super().__init__(f"refusing to write {path}: it is {what}")
        self.path = path


def check_target(path: Path) -> None:
    """Refuse a target that is a symbolic link or exists as anything but a regular file."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    if stat.S_ISLNK(mode):
        raise UnsafeTargetError(path, "a symbolic link")
    if not stat.S_ISREG(mode):
        kind = "a folder" if stat.S_ISDIR(mode) else "not a regular file"
        raise UnsafeTargetError(path, kind)


def _write_all(fd: int, data: bytes) -> None:
    with os.fdopen(fd, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())


def write_atomically(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` all or nothing (see the module docstring); return the path.

    Raises :class:`UnsafeTargetError` for a link or a non-regular target and :class:`OSError`
    when the folder cannot be written (the previous file, if any, is then unchanged).
    """
    target = Path(path)
    check_target(target)
    # mkstemp creates the file with mode 0600 and a name no one else can have chosen.
    fd, temporary = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".partial"
    )
    try:
        os.fchmod(fd, FILE_MODE)
        _write_all(fd, data)
        check_target(target)  # again: a link planted while the bytes were being written
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


__all__ = [
    "FILE_MODE",
    "UnsafeTargetError",
    "check_target",
    "write_atomically",
]
