"""Recording a failure of the app without patient data.

An exception's message may quote what it failed on (a case ID, a Ki-67 value, a date), and a
full traceback repeats it, so neither is logged. What is logged is enough to find the bug:
the exception's class (and the classes of its causes), the page, the stage that failed, and
every frame of the traceback as ``file:line in function`` (code locations, never values).
"""

from __future__ import annotations

import logging
import traceback
from pathlib import Path

LOGGER = logging.getLogger("netlogic.app")
_ROOT = Path(__file__).resolve().parents[1]


def _where(filename: str) -> str:
    """A path inside the checkout relative to it; a library file from its package down."""
    path = Path(filename)
    try:
        return path.resolve().relative_to(_ROOT).as_posix()
    except ValueError:
        parts = path.parts
        if "site-packages" in parts:
            return "/".join(parts[parts.index("site-packages") + 1 :])
        return path.name


def _class_name(exc: BaseException) -> str:
    kind = type(exc)
    return (
        kind.__qualname__
        if kind.__module__ == "builtins"
        else f"{kind.__module__}.{kind.__qualname__}"
    )


def _chain(exc: BaseException) -> list[BaseException]:
    """``exc`` and the exceptions it was raised from or while handling, outermost first."""
    found = [exc]
    cause = exc.__cause__ or exc.__context__
    while cause is not None and all(cause is not seen for seen in found):
        found.append(cause)
        cause = cause.__cause__ or cause.__context__
    return found


def describe_failure(exc: BaseException, page_key: str, stage: str) -> str:
    """The log line of a failure: classes and code locations only, no message, no values."""
    lines: list[str] = []
    for depth, link in enumerate(_chain(exc)):
        name = _class_name(link)
        lines.append(
            f"page={page_key} stage={stage} error={name}" if depth == 0 else f"caused by {name}"
        )
        lines += [
            f"  at {_where(frame.filename)}:{frame.lineno} in {frame.name}"
            for frame in traceback.extract_tb(link.__traceback__)
        ]
    return "\n".join(lines)


def log_failure(exc: BaseException, page_key: str, stage: str) -> None:
    """Log ``exc`` for the maintainers (never with ``exc_info``: it would print the message)."""
    LOGGER.error("app failure: %s", describe_failure(exc, page_key, stage))
