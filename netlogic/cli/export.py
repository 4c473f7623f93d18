"""Command line: ``python -m netlogic export CASE.json --format FORMAT -o OUT``.

Formats: pdf (tumour-board summary), html (self-contained summary), json (the case in the
contract format), csv (zip of markers, imaging, treatment lines, every option with its deciding
rule, the alerts and the ruleset version), fhir (FHIR R4B bundle), evaluation (the contract
evaluation JSON with rule ids and review flags).
``-o -`` writes to standard output. Bad input (case file, date, output path) prints one line
per problem on standard error and exits 2, never a traceback; nothing is written then. The file
is written all or nothing with mode 0600, never through a symbolic link nor onto anything but
a regular file (:mod:`netlogic.export.files`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from netlogic.cli.main import EXIT_OK, UsageError, parse_today
from netlogic.model.case_io import load_case_file

# The formats as typed on the command line (netlogic.export.formats.ExportFormat, whose module
# pulls in the PDF and chart libraries: imported only when an export runs).
FORMATS = ("pdf", "html", "json", "csv", "fhir", "evaluation")


def _export(args: argparse.Namespace) -> int:
    from netlogic.clinical.evaluation import evaluate
    from netlogic.export.files import UnsafeTargetError, write_atomically
    from netlogic.export.formats import ExportFormat, build_export
    from netlogic.reference.i18n import translator

    today = parse_today(args.today)
    case = load_case_file(args.case, today)
    t = translator(args.lang)
    evaluation = evaluate(case, today=today, lang=t.lang)
    export = build_export(ExportFormat(args.format), case, evaluation, t, today)
    if args.output == "-":
        sys.stdout.buffer.write(export.data)
        sys.stdout.flush()
        return EXIT_OK
    try:
        write_atomically(Path(args.output), export.data)
    except UnsafeTargetError as exc:
        raise UsageError(f"-o: {exc}") from None
    except OSError as exc:
        raise UsageError(f"-o: cannot write {args.output}: {exc.strerror or exc}") from None
    return EXIT_OK


def register(sub: Any) -> None:
    p = sub.add_parser(
        "export", help="export one case: tumour-board PDF, HTML summary, JSON, CSV or FHIR"
    )
    p.add_argument("case", help="path to a case JSON file")
    p.add_argument("--format", required=True, choices=FORMATS, help="export format")
    p.add_argument("-o", "--output", required=True, help="output file ('-': standard output)")
    p.add_argument("--lang", default="en", choices=["en", "fr"], help="language of the export")
    p.add_argument("--today", help="export and evaluation date YYYY-MM-DD (default: today)")
    p.set_defaults(run=_export)
