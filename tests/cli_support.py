"""Run the command line in this process: ``main()`` builds its parser per call, so a test
needs no new Python process (one subprocess test keeps the real ``python -m netlogic`` entry)."""

from __future__ import annotations

import io
import sys
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass

from netlogic.cli.main import main


@dataclass(frozen=True)
class CliRun:
    returncode: int
    stdout: str
    stderr: str
    stdout_bytes: bytes


def run_cli(*args: str) -> CliRun:
    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding="utf-8", write_through=True)
    err = io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse's usage errors
            code = int(exc.code or 0)
        sys.stdout.flush()
    data = raw.getvalue()
    return CliRun(code, data.decode("utf-8", "replace"), err.getvalue(), data)
