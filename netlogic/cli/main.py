"""Command line: ``python -m netlogic evaluate CASE.json [--today YYYY-MM-DD] [--lang en|fr]``.

Output is one JSON object on standard output. Bad input prints one line per problem on
standard error, naming the field, and exits 2; no traceback ever reaches the user.
Sub-commands: evaluate, compare, sequence, export, cases, rules (see ``--help``).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from netlogic.model.bounds import TODAY_MAX, TODAY_MIN, shown
from netlogic.model.case_io import CaseValidationError, load_case_file
from netlogic.reference.loading import RuleFileError

EXIT_OK = 0
EXIT_BAD_INPUT = 2


class UsageError(Exception):
    """A command line that cannot be run as written (bad flag value, missing file name)."""


def parse_today(text: str | None) -> date:
    """The evaluation date: the system date, or ``--today`` within TODAY_MIN..TODAY_MAX (an
    export dates its files with it, and a zip cannot be dated after 2107 or before 1980)."""
    if text is None:
        return date.today()
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--today: {shown(text)} is not a date written YYYY-MM-DD") from None
    if not TODAY_MIN <= day <= TODAY_MAX:
        raise UsageError(
            f"--today: {day.isoformat()} is outside {TODAY_MIN.isoformat()} to "
            f"{TODAY_MAX.isoformat()}"
        )
    return day


def print_json(obj: Any) -> None:
    """Strict JSON on standard output: NaN or infinity is a bug, never printed as ``Infinity``
    (which no JSON reader accepts)."""
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2, allow_nan=False) + "\n")


def _evaluate(args: argparse.Namespace) -> int:
    from netlogic.clinical.evaluation import evaluate

    today = parse_today(args.today)
    case = load_case_file(args.case, today)
    print_json(evaluate(case, today=today, lang=args.lang).to_contract())
    return EXIT_OK


def _add_evaluate(sub: Any) -> None:
    p = sub.add_parser("evaluate", help="evaluate one case file and print the evaluation JSON")
    p.add_argument("case", help="path to a case JSON file")
    p.add_argument("--today", help="evaluation date YYYY-MM-DD (default: the system date)")
    p.add_argument("--lang", default="en", choices=["en", "fr"], help="language of the texts")
    p.set_defaults(run=_evaluate)


def _command_registrars() -> list[Callable[[Any], None]]:
    """Every sub-command's registration function, built per call so ``main`` can run twice in
    one process. The modules import their heavy dependencies (database, PDF, charts) only when
    their command runs, so ``evaluate`` starts without them."""
    from netlogic.cli import cases, export, meetings, rules, whatif

    return [
        _add_evaluate,
        whatif.register,
        export.register,
        cases.register,
        rules.register,
        meetings.register,
    ]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # argparse exits 2 with usage: keep that, no traceback
        self.print_usage(sys.stderr)
        sys.stderr.write(f"error: {message}\n")
        raise SystemExit(EXIT_BAD_INPUT)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m netlogic", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for register in _command_registrars():
        register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        code: int = args.run(args)
        return code
    except RuleFileError as exc:
        # A bad rule set is reported the same way everywhere: every problem, in words.
        sys.stderr.write(f"error: {exc}\n")
        return EXIT_BAD_INPUT
    except CaseValidationError as exc:
        for problem in exc.problems:
            sys.stderr.write(f"error: {problem}\n")
        return EXIT_BAD_INPUT
    except UsageError as exc:
        sys.stderr.write(f"error: {exc}\n")
        return EXIT_BAD_INPUT
