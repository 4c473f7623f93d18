"""What-if sub-commands: ``compare A.json B.json`` and ``sequence CASE.json THERAPY...``.

``compare`` prints the grade from/to and every therapy whose status changed, with the reasons
of the rule that set the new status. ``sequence`` prints each planned step with its verdict
(allowed, allowed_with_cautions, against_rules), reasons, cautions, sources and the median PFS
of the trial matched to it (a trial figure, never a prediction). Bad input exits 2.
"""

from __future__ import annotations

import argparse
from typing import Any

from netlogic.cli.main import EXIT_OK, UsageError, parse_today, print_json
from netlogic.model.case_io import load_case_file


def _compare(args: argparse.Namespace) -> int:
    from netlogic.clinical.evaluation import evaluate
    from netlogic.whatif.scenarios import compare_evaluations

    today = parse_today(args.today)
    a = load_case_file(args.case_a, today)
    b = load_case_file(args.case_b, today)
    diff = compare_evaluations(
        evaluate(a, today=today, lang=args.lang), evaluate(b, today=today, lang=args.lang)
    )
    out = diff.to_contract()
    out["changed"] = [
        {"therapy": c["therapy"], "from": c["from"], "to": c["to"], "reasons": c["reasons"]}
        | {"rule_id": c["rule_id"], "sources": c["sources"]}
        for c in out["changed"]
    ]
    print_json(out)
    return EXIT_OK


def _sequence(args: argparse.Namespace) -> int:
    from netlogic.whatif.sequencing import UnknownTherapyError, evaluate_sequence, parse_therapies

    today = parse_today(args.today)
    try:
        plan = parse_therapies(args.therapies)
    except UnknownTherapyError as exc:
        raise UsageError(str(exc)) from None
    case = load_case_file(args.case, today)
    print_json(evaluate_sequence(case, plan, today, args.lang).to_contract())
    return EXIT_OK


def register(sub: Any) -> None:
    p = sub.add_parser("compare", help="compare the evaluations of two case files")
    p.add_argument("case_a", help="the case before (JSON file)")
    p.add_argument("case_b", help="the case after (JSON file)")
    p.add_argument("--today", help="evaluation date YYYY-MM-DD (default: the system date)")
    p.add_argument("--lang", default="en", choices=["en", "fr"], help="language of the texts")
    p.set_defaults(run=_compare)

    s = sub.add_parser("sequence", help="check a planned order of treatment lines for one case")
    s.add_argument("case", help="path to a case JSON file")
    s.add_argument("therapies", nargs="+", help="therapy ids in the planned order, e.g. ssa prrt")
    s.add_argument("--today", help="evaluation date YYYY-MM-DD (default: the system date)")
    s.add_argument("--lang", default="en", choices=["en", "fr"], help="language of the texts")
    s.set_defaults(run=_sequence)
