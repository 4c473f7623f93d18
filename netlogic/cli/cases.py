"""``python -m netlogic cases ...``: the case store from the command line (issue "Case store").

Every command prints JSON on standard output. Exit codes: 0 done; 2 bad input (a case file
that does not validate, an unknown case ID or version, a version outside 1..2^31-1, an author
that is blank, longer than 200 characters or holds a control character); 3 the save was based
on a version that is no longer the latest (nothing saved); 4 the store cannot be used
(database unreachable, read-only or full, not migrated yet, or ``NETLOGIC_DATABASE_URL`` /
``NETLOGIC_DATA_DIR`` unusable: the message names the variable). Messages go to standard error
as one line in words, never a traceback nor the driver's internals (host, port, role, SQL).
The database is ``$NETLOGIC_DATABASE_URL`` (else the SQLite file in ``$NETLOGIC_DATA_DIR`` or
``var/``), or ``--database-url``. ``show`` and ``export-all`` record the read in the audit
trail under ``--user``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from pydantic import ValidationError

from netlogic.cli.main import EXIT_BAD_INPUT, EXIT_OK, UsageError, parse_today, print_json
from netlogic.model.case import Case
from netlogic.model.case_io import (
    CaseValidationError,
    FieldProblem,
    case_to_json_text,
    load_case_file,
)
from netlogic.store.arguments import ArgumentProblem, check_person, check_version

if TYPE_CHECKING:  # the database layer is imported only when a cases command runs
    from netlogic.store.repository import CaseStore

EXIT_STALE = 3
EXIT_STORE_UNAVAILABLE = 4
DEFAULT_AUTHOR = "local"
IMPORT_AUTHOR = "import"

Handler = Callable[["CaseStore", argparse.Namespace], Any]
# The store names an argument in words; the command line names its flag.
_FLAGS = {"author": "--author", "user": "--user", "base version": "--base-version"}
# Checked after parsing, before the store opens, so a refusal is one line naming the flag
# (argparse's own type errors print the usage block as well).
_CHECKS: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "author": ("--author", check_person),
    "user": ("--user", lambda name: check_person(name, "user")),
    "base_version": ("--base-version", lambda v: check_version(v, allow_zero=True)),
    "version": ("version", check_version),
    "v1": ("V1", check_version),
    "v2": ("V2", check_version),
}


def check_arguments(args: argparse.Namespace) -> None:
    """Raise UsageError (exit 2) for an author, user or version the store would refuse."""
    for dest, (flag, check) in _CHECKS.items():
        value = getattr(args, dest, None)
        if value is None:
            continue
        if dest == "version" and args.cases_command == "show":
            flag = "--version"
        try:
            setattr(args, dest, check(value))
        except ArgumentProblem as exc:
            raise UsageError(f"{flag}: {exc.problem}") from None


_AUTHOR_HELP = "who saves: 1 to 200 characters on one line (default: %(default)s)"
_USER_HELP = "who reads, recorded in the audit trail (default: %(default)s)"


def _fail(message: str, code: int) -> int:
    sys.stderr.write(f"error: {message}\n")
    return code


def _with_store(handler: Handler) -> Callable[[argparse.Namespace], int]:
    """Open the store, run the command, print its JSON; store errors become exit codes."""

    def run(args: argparse.Namespace) -> int:
        from netlogic.store.repository import (
            CaseNotFoundError,
            SchemaNotReadyError,
            StaleVersionError,
            StoreError,
            StoreInputError,
            StoreUnavailableError,
            open_store,
        )

        check_arguments(args)
        try:
            store = open_store(args.database_url)
            try:
                print_json(handler(store, args))
            finally:
                store.close()
        except StaleVersionError as exc:
            return _fail(str(exc), EXIT_STALE)
        except CaseNotFoundError as exc:
            return _fail(str(exc), EXIT_BAD_INPUT)
        except StoreInputError as exc:
            return _fail(f"{_FLAGS.get(exc.field, exc.field)}: {exc.problem}", EXIT_BAD_INPUT)
        except (StoreUnavailableError, SchemaNotReadyError) as exc:
            return _fail(str(exc), EXIT_STORE_UNAVAILABLE)
        except StoreError as exc:
            return _fail(str(exc), EXIT_STORE_UNAVAILABLE)
        return EXIT_OK

    return run


def _migrate(args: argparse.Namespace) -> int:
    from netlogic.store.repository import StoreError, migrate

    try:
        revisions = migrate(args.database_url)
    except StoreError as exc:
        return _fail(str(exc), EXIT_STORE_UNAVAILABLE)
    print_json({"migrated": True, "revisions": revisions})
    return EXIT_OK


def _dump(model: Any) -> Any:
    if isinstance(model, list):
        return [m.model_dump(mode="json") for m in model]
    return model.model_dump(mode="json")


def _seed(store: CaseStore, args: argparse.Namespace) -> Any:
    from netlogic.meetings.demo import seed_demo_meetings
    from netlogic.store.demo import seed_demo

    today = parse_today(args.today)
    seeded = seed_demo(store, today)
    return {"seeded": seeded, "meeting_decisions": seed_demo_meetings(store, today)}


def _list(store: CaseStore, args: argparse.Namespace) -> Any:
    return _dump(store.list_cases(include_archived=args.all))


def _save(store: CaseStore, args: argparse.Namespace) -> Any:
    case = load_case_file(args.case, parse_today(args.today))
    was_archived = store.exists(case.id) and store.is_archived(case.id)
    version = store.save(case, args.author, base_version=args.base_version)
    # A save into an archived case unarchives it (netlogic.store.repository): say so.
    return {"case_id": case.id, "version": version, "unarchived": was_archived}


def _show(store: CaseStore, args: argparse.Namespace) -> Any:
    stored = store.load(args.case_id, args.version)
    store.record_access(stored.case_id, stored.version, args.user, "read")
    return stored.case.to_contract_json()


def _history(store: CaseStore, args: argparse.Namespace) -> Any:
    return _dump(store.timeline(args.case_id))


def _access_log(store: CaseStore, args: argparse.Namespace) -> Any:
    return _dump(store.access_log(args.case_id))


def _grant_app_role(store: CaseStore, args: argparse.Namespace) -> Any:
    return {"role": args.role, "granted": store.grant_app_role(args.role)}


def _compare(store: CaseStore, args: argparse.Namespace) -> Any:
    return _dump(store.compare(args.case_id, args.v1, args.v2))


def _restore(store: CaseStore, args: argparse.Namespace) -> Any:
    was_archived = store.exists(args.case_id) and store.is_archived(args.case_id)
    version = store.restore(args.case_id, args.version, args.author)
    # A restore is a save: into an archived case it unarchives it, and says so as save does.
    return {
        "case_id": args.case_id,
        "version": version,
        "restored_from": args.version,
        "unarchived": was_archived,
    }


def _archive(store: CaseStore, args: argparse.Namespace) -> Any:
    if args.undo:
        store.unarchive(args.case_id, args.author)
    else:
        store.archive(args.case_id, args.author)
    return {"case_id": args.case_id, "archived": not args.undo}


def _report_then_refuse(report: dict[str, Any], problems: list[tuple[str, str]]) -> NoReturn:
    """Print the report of every item, then refuse: one line per failed item, exit 2.

    The report goes out either way: a batch that stops at its first bad item hides how many
    others were fine, and one that skips silently hides the bad one. ``export-all`` writes each
    case all or nothing (mode 0600, never through a link), skips and names a case it cannot
    write and exits 2 after writing the others; ``import-all`` checks every file first and
    saves nothing when one is bad or two hold the same case ID (both are named)."""
    print_json(report)
    raise CaseValidationError([FieldProblem(item, message, "batch") for item, message in problems])


def _export_all(store: CaseStore, args: argparse.Namespace) -> Any:
    """The latest version of every case (archived too) as ``<id>.case.json`` files.

    Each file is written all or nothing (:mod:`netlogic.export.files`); a case that cannot be
    written is skipped and reported, and the others are still written."""
    from netlogic.export.files import UnsafeTargetError, write_atomically
    from netlogic.export.unicode_text import json_bytes
    from netlogic.store.repository import SchemaNotReadyError, StoreError, StoreUnavailableError

    folder = Path(args.directory)
    try:
        # The files are named by case ID: a folder made here is private too.
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot write to {folder}: {exc.strerror or exc}") from None
    written: list[str] = []
    skipped: list[dict[str, str]] = []
    for summary in store.list_cases(include_archived=True):
        path = folder / f"{summary.case_id}.case.json"
        try:
            stored = store.load(summary.case_id)
            write_atomically(path, json_bytes(case_to_json_text(stored.case)))
        except (StoreUnavailableError, SchemaNotReadyError):
            raise  # the whole store, not this case: exit 4 as for any command
        except (StoreError, CaseValidationError, UnsafeTargetError, OSError, ValueError) as exc:
            # This case only (a version today's checks refuse, a link in the way): the others
            # are still written.
            reason = _reason(exc)
            skipped.append({"case_id": summary.case_id, "file": str(path), "problem": reason})
            continue
        # Recorded once the file exists: the audit names only exports that happened.
        store.record_access(stored.case_id, stored.version, args.user, "export")
        written.append(str(path))
    result = {"exported": len(written), "files": written, "skipped": skipped}
    if skipped:
        _report_then_refuse(
            result, [(s["case_id"], f"not written to {s['file']}: {s['problem']}") for s in skipped]
        )
    return result


def _reason(exc: Exception) -> str:
    """One line in words for a failed item (never a traceback)."""
    if isinstance(exc, CaseValidationError):
        return "; ".join(str(p) for p in exc.problems)
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    if isinstance(exc, UnicodeError):
        return "the text cannot be written as UTF-8"
    if isinstance(exc, ValidationError):  # a stored version that today's checks refuse
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        return f"the stored case does not pass today's checks ({where}: {first['msg']})"
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


def _import_all(store: CaseStore, args: argparse.Namespace) -> Any:
    """Save every ``*.case.json`` of a folder; a case identical to its latest version is
    skipped, so importing the same folder twice adds nothing.

    All or nothing: a bad file, or two files with one case ID (which one is right cannot be
    guessed), stops the import before anything is saved. The report names every file."""
    folder = Path(args.directory)
    if not folder.is_dir():
        raise UsageError(f"{folder} is not a folder")
    today = parse_today(args.today)
    paths = sorted(folder.glob("*.case.json"))
    refused: dict[str, list[str]] = {}
    loaded: list[tuple[Path, Case]] = []
    first_file: dict[str, Path] = {}
    for path in paths:
        try:
            case = load_case_file(path, today)
        except CaseValidationError as exc:
            refused[path.name] = [str(p) for p in exc.problems]
            continue
        if case.id in first_file:
            other = first_file[case.id].name
            refused[path.name] = [f"case ID {case.id} is also in {other}"]
            refused.setdefault(other, []).append(f"case ID {case.id} is also in {path.name}")
            continue
        first_file[case.id] = path
        loaded.append((path, case))
    if refused:  # a half-imported folder is harder to fix than none
        checked: list[dict[str, Any]] = [
            {"file": p.name, "result": "refused", "problems": refused[p.name]}
            if p.name in refused
            else {"file": p.name, "result": "valid"}
            for p in paths
        ]
        _report_then_refuse(
            {"imported": [], "unchanged": [], "files": checked},
            [(name, reason) for name in sorted(refused) for reason in refused[name]],
        )
    imported: list[dict[str, Any]] = []
    unchanged: list[str] = []
    files: list[dict[str, Any]] = []
    for path, case in loaded:
        if store.exists(case.id) and store.load(case.id).case == case:
            unchanged.append(case.id)
            files.append({"file": path.name, "case_id": case.id, "result": "unchanged"})
            continue
        version = store.save(case, args.author)
        imported.append({"case_id": case.id, "version": version})
        files.append(
            {"file": path.name, "case_id": case.id, "result": "imported", "version": version}
        )
    return {"imported": imported, "unchanged": unchanged, "files": files}


def _add(
    sub: Any, name: str, help_text: str, handler: Callable[[argparse.Namespace], int]
) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = sub.add_parser(name, help=help_text)
    parser.add_argument(
        "--database-url",
        help="database URL (default: $NETLOGIC_DATABASE_URL, else the local SQLite file)",
    )
    parser.set_defaults(run=handler)
    return parser


def register(subparsers: Any) -> None:
    cases = subparsers.add_parser("cases", help="the versioned case store")
    sub = cases.add_subparsers(dest="cases_command", required=True, parser_class=type(cases))

    _add(sub, "migrate", "create or upgrade the case-store schema", _migrate)
    p = _add(sub, "seed-demo", "save demo and teaching cases not stored yet", _with_store(_seed))
    p.add_argument("--today", help="date for checking case dates (YYYY-MM-DD)")
    p = _add(sub, "list", "list the latest version of each case", _with_store(_list))
    p.add_argument("--all", action="store_true", help="include archived cases")

    p = _add(sub, "save", "save a case file as a new version", _with_store(_save))
    p.add_argument("case", help="path to a case JSON file")
    p.add_argument("--base-version", type=int, help="the version this edit started from (0: new)")
    p.add_argument("--author", default=DEFAULT_AUTHOR, help=_AUTHOR_HELP)
    p.add_argument("--today", help="date for checking case dates (YYYY-MM-DD)")

    p = _add(sub, "show", "print a case (latest or --version N)", _with_store(_show))
    p.add_argument("case_id")
    p.add_argument("--version", type=int)
    p.add_argument("--user", default=DEFAULT_AUTHOR, help=_USER_HELP)

    p = _add(sub, "history", "saves, restores, archives of a case", _with_store(_history))
    p.add_argument("case_id")

    p = _add(sub, "access-log", "who read or exported a case, when", _with_store(_access_log))
    p.add_argument("case_id")

    p = _add(sub, "compare", "field-level differences between two versions", _with_store(_compare))
    p.add_argument("case_id")
    p.add_argument("v1", type=int)
    p.add_argument("v2", type=int)

    p = _add(sub, "restore", "save an old version again as the newest", _with_store(_restore))
    p.add_argument("case_id")
    p.add_argument("version", type=int)
    p.add_argument("--author", default=DEFAULT_AUTHOR, help=_AUTHOR_HELP)

    for name, undo in (("archive", False), ("unarchive", True)):
        p = _add(sub, name, f"{name} a case (recorded, never deleted)", _with_store(_archive))
        p.add_argument("case_id")
        p.add_argument("--author", default=DEFAULT_AUTHOR, help=_AUTHOR_HELP)
        p.set_defaults(undo=undo)

    p = _add(sub, "export-all", "write every case to DIR/<id>.case.json", _with_store(_export_all))
    p.add_argument("directory")
    p.add_argument("--user", default=DEFAULT_AUTHOR, help=_USER_HELP)

    p = _add(sub, "import-all", "save every DIR/*.case.json", _with_store(_import_all))
    p.add_argument("directory")
    p.add_argument("--author", default=IMPORT_AUTHOR, help=_AUTHOR_HELP)
    p.add_argument("--today", help="date for checking case dates (YYYY-MM-DD)")

    p = _add(
        sub,
        "grant-app-role",
        "PostgreSQL: let ROLE read and add cases, never rewrite history (run as the owner)",
        _with_store(_grant_app_role),
    )
    p.add_argument("role", help="an existing PostgreSQL role the app connects as")


__all__ = ["EXIT_STALE", "EXIT_STORE_UNAVAILABLE", "register"]
