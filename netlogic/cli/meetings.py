"""``python -m netlogic meetings ...``: tumour-board meetings from the command line (issue
"The tumour-board meeting").

Every command prints JSON on standard output. Exit codes as for ``cases``: 0 done; 2 bad input
(one line on standard error naming the flag, e.g. ``--justification`` when a therapy is not
offered and no justification is given; an unknown meeting or case ID); 4 the store cannot be
used (database unreachable, read-only or full, or not migrated yet). Never a traceback. The
database is ``$NETLOGIC_DATABASE_URL`` (else the SQLite file), or ``--database-url``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from netlogic.cli.cases import DEFAULT_AUTHOR, EXIT_STORE_UNAVAILABLE
from netlogic.cli.main import EXIT_BAD_INPUT, EXIT_OK, UsageError, print_json

if TYPE_CHECKING:  # the database layer is imported only when a meetings command runs
    from netlogic.store.repository import CaseStore

SPECIALTIES = (
    "oncology",
    "gastroenterology",
    "surgery",
    "radiology",
    "nuclear_medicine",
    "pathology",
    "endocrinology",
    "other",
)
DECISION_TYPES = ("treatment", "surveillance", "tests", "trial", "supportive_care")

# The field a refusal names -> the flag to correct on this command line.
FLAGS = {
    "date": "--date",
    "name": "--name",
    "participants": "--participant",
    "author": "--author",
    "therapies": "--therapy",
    "type": "--type",
    "text": "--text",
    "justification": "--justification",
    "trial": "--trial",
    "next_review": "--next-review",
    "case_id": "CASE_ID",
    "case": "--case",
    "from": "--from",
    "to": "--to",
}

Handler = Callable[["CaseStore", argparse.Namespace], Any]


def _fail(message: str, code: int) -> int:
    sys.stderr.write(f"error: {' '.join(message.split())}\n")
    return code


def _flag(field: str) -> str:
    return FLAGS.get(field.split(".")[0], field)


def _with_store(handler: Handler) -> Callable[[argparse.Namespace], int]:
    """Open the store, run the command, print its JSON; refusals become exit codes."""

    def run(args: argparse.Namespace) -> int:
        from netlogic.meetings.errors import MeetingInputError
        from netlogic.store.meetings import MeetingNotFoundError
        from netlogic.store.repository import (
            CaseNotFoundError,
            StoreError,
            open_store,
        )

        try:
            store = open_store(args.database_url)
            try:
                print_json(handler(store, args))
            finally:
                store.close()
        except MeetingInputError as exc:
            return _fail(f"{_flag(exc.field)}: {exc.message}", EXIT_BAD_INPUT)
        except (CaseNotFoundError, MeetingNotFoundError) as exc:
            return _fail(str(exc), EXIT_BAD_INPUT)
        except StoreError as exc:
            # A store refusal that names a field (an author or case ID it will not take) is
            # bad input, not an unavailable store.
            field = getattr(exc, "field", None)
            if isinstance(field, str):
                problem = getattr(exc, "problem", None) or str(exc)
                return _fail(f"{_flag(field)}: {problem}", EXIT_BAD_INPUT)
            return _fail(str(exc), EXIT_STORE_UNAVAILABLE)
        return EXIT_OK

    return run


def _date(flag: str, text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{flag}: {text!r} is not a date written YYYY-MM-DD") from None


def _optional_date(flag: str, text: str | None) -> date | None:
    return None if text is None else _date(flag, text)


def _participant(text: str) -> Any:
    from netlogic.meetings import MeetingInputError, Participant
    from netlogic.meetings.service import validated

    name, sep, specialty = text.rpartition(":")
    if not sep or not name.strip():
        raise UsageError(f"--participant: {text!r} is not written INITIALS:SPECIALTY")
    if specialty not in SPECIALTIES:
        raise UsageError(
            f"--participant: {specialty!r} is not a specialty (one of: {', '.join(SPECIALTIES)})"
        )
    try:
        return validated(Participant, name=name, specialty=specialty)
    except MeetingInputError as exc:
        raise MeetingInputError("participants", f"{text!r}: {exc.message}") from None


def _create(store: CaseStore, args: argparse.Namespace) -> Any:
    from netlogic.meetings import create_meeting

    meeting_id = create_meeting(
        store,
        meeting_date=_date("--date", args.date),
        name=args.name,
        participants=[_participant(p) for p in args.participant or []],
        author=args.author,
    )
    return {"meeting_id": meeting_id}


def _add_case(store: CaseStore, args: argparse.Namespace) -> Any:
    from netlogic.meetings import add_case

    item = add_case(store, args.meeting_id, args.case_id, args.author)
    return {
        "meeting_id": args.meeting_id,
        "case_id": item.case_id,
        "case_version": item.case_version,
        "position": item.position,
        "question": item.question,
    }


def _therapies(values: list[str]) -> list[Any]:
    from netlogic.model.vocabulary import Therapy

    known = {t.value for t in Therapy}
    unknown = [v for v in values if v not in known]
    if unknown:
        raise UsageError(
            f"--therapy: not a therapy of the pathway tree: {', '.join(map(repr, unknown))} "
            f"(one of: {', '.join(sorted(known))})"
        )
    return [Therapy(v) for v in values]


def _decide(store: CaseStore, args: argparse.Namespace) -> Any:
    from netlogic.meetings import DecisionInput, record_decision
    from netlogic.meetings.service import validated
    from netlogic.meetings.views import decision_json

    decision = validated(
        DecisionInput,
        therapies=_therapies(args.therapy),
        type=args.type,
        text=args.text,
        justification=args.justification,
        trial=args.trial,
        next_review=_optional_date("--next-review", args.next_review),
    )
    recorded = record_decision(store, args.meeting_id, args.case_id, decision, args.author)
    return {"meeting_id": args.meeting_id, "case_id": args.case_id, **decision_json(recorded)}


def _show(store: CaseStore, args: argparse.Namespace) -> Any:
    from netlogic.meetings import load_meeting

    return load_meeting(store, args.meeting_id).to_json()


def _list(store: CaseStore, args: argparse.Namespace) -> Any:
    from netlogic.meetings import list_meetings

    return [m.model_dump(mode="json") for m in list_meetings(store)]


def _case_decisions(store: CaseStore, args: argparse.Namespace) -> Any:
    from netlogic.meetings import case_decisions

    if not store.exists(args.case_id):
        from netlogic.store.repository import CaseNotFoundError

        raise CaseNotFoundError(args.case_id)
    return [d.to_json() for d in case_decisions(store, args.case_id)]


def _minutes(store: CaseStore, args: argparse.Namespace) -> Any:
    from netlogic.export.minutes_pdf import decision_sheet_pdf, minutes_pdf
    from netlogic.meetings import MeetingInputError, load_minutes

    data = load_minutes(store, args.meeting_id)
    if args.case is None:
        pdf = minutes_pdf(data, args.lang)
    elif args.case in {c.entry.case_id for c in data.cases}:
        pdf = decision_sheet_pdf(data, args.case, args.lang)
    else:
        raise MeetingInputError(
            "case", f"case {args.case!r} is not on the agenda of meeting {args.meeting_id!r}"
        )
    try:
        Path(args.output).write_bytes(pdf)
    except OSError as exc:
        raise UsageError(f"-o: cannot write {args.output}: {exc.strerror}") from None
    return {
        "meeting_id": args.meeting_id,
        "output": args.output,
        "lang": args.lang,
        "cases": 1 if args.case else len(data.cases),
        "bytes": len(pdf),
    }


def _concordance(store: CaseStore, args: argparse.Namespace) -> Any:
    from netlogic.meetings import concordance

    report = concordance(
        store, _optional_date("--from", args.start), _optional_date("--to", args.end)
    )
    return report.to_json()


def _add(sub: Any, name: str, help_text: str, handler: Handler) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = sub.add_parser(name, help=help_text)
    parser.add_argument(
        "--database-url",
        help="database URL (default: $NETLOGIC_DATABASE_URL, else the local SQLite file)",
    )
    parser.set_defaults(run=_with_store(handler))
    return parser


def _author(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--author", default=DEFAULT_AUTHOR, help="who records (default: local)")


def register(subparsers: Any) -> None:
    meetings = subparsers.add_parser("meetings", help="tumour-board meetings and decisions")
    sub = meetings.add_subparsers(
        dest="meetings_command", required=True, parser_class=type(meetings)
    )

    p = _add(sub, "create", "record a meeting: date, name, participants", _create)
    p.add_argument("--date", required=True, help="meeting date YYYY-MM-DD")
    p.add_argument("--name", required=True, help='e.g. "RCP TNE regionale"')
    p.add_argument(
        "--participant",
        action="append",
        metavar="INITIALS:SPECIALTY",
        help=f"repeat for each physician; specialty one of {', '.join(SPECIALTIES)}",
    )
    _author(p)

    p = _add(sub, "add-case", "put a saved case on the agenda (latest version)", _add_case)
    p.add_argument("meeting_id")
    p.add_argument("case_id")
    _author(p)

    p = _add(sub, "decide", "record the meeting's decision for a case", _decide)
    p.add_argument("meeting_id")
    p.add_argument("case_id")
    p.add_argument("--therapy", action="append", required=True, metavar="ID")
    p.add_argument("--type", required=True, choices=DECISION_TYPES)
    p.add_argument("--text", help="the decision in words (free text)")
    p.add_argument("--justification", help="why, when departing from the offered options")
    p.add_argument("--trial", metavar="NAME", help="the trial proposed, if any")
    p.add_argument("--next-review", help="date of the next review YYYY-MM-DD")
    _author(p)

    p = _add(sub, "show", "a meeting with quorum, agenda and decisions", _show)
    p.add_argument("meeting_id")

    _add(sub, "list", "every meeting, newest first", _list)

    p = _add(sub, "case-decisions", "every decision recorded for a case", _case_decisions)
    p.add_argument("case_id")

    p = _add(sub, "minutes", "the meeting's minutes (or one decision sheet) as PDF", _minutes)
    p.add_argument("meeting_id")
    p.add_argument("-o", "--output", required=True, help="output PDF file")
    p.add_argument("--lang", default="en", choices=["en", "fr"])
    p.add_argument("--case", metavar="CASE_ID", help="only this case's decision sheet")

    p = _add(sub, "concordance", "decisions against the pathway over a period", _concordance)
    p.add_argument("--from", dest="start", metavar="D", help="first meeting date YYYY-MM-DD")
    p.add_argument("--to", dest="end", metavar="D", help="last meeting date YYYY-MM-DD")


__all__ = ["register"]
