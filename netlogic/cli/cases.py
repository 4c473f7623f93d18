"""``python -m netlogic cases ...``: the case store from the command line (issue "Case store").

Every command prints JSON on standard output. Exit codes: 0 done; 2 bad input (a case file
that does not validate, an unknown case ID or version); 3 the save was based on a version that
is no longer the latest (nothing saved); 4 the store cannot be used (database unreachable,
read-only or full, or not migrated yet). Messages go to standard error in words, never as a
traceback. The database is ``$NETLOGIC_DATABASE_URL`` (else the SQLite file in
``$NETLOGIC_DATA_DIR`` or ``var/``), or ``--database-url``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from netlogic.cli.main import EXIT_BAD_INPUT, EXIT_OK, UsageError, parse_today, print_json
from netlogic.model.case_io import (
    CaseValidationError,
    FieldProblem,
    case_to_json_text,
    load_case_file,
)

if TYPE_CHECKING:  # the database layer is imported only when a cases command runs
    from netlogic.store.repository import CaseStore

EXIT_STALE = 3
EXIT_STORE_UNAVAILABLE = 4
DEFAULT_AUTHOR = "local"
IMPORT_AUTHOR = "import"

Handler = Callable[["CaseStore", argparse.Namespace], Any]


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
            StoreUnavailableError,
            open_store,
        )

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
    version = store.save(case, args.author, base_version=args.base_version)
    return {"case_id": case.id, "version": version}


def _show(store: CaseStore, args: argparse.Namespace) -> Any:
    return store.load(args.case_id, args.version).case.to_contract_json()


def _history(store: CaseStore, args: argparse.Namespace) -> Any:
    return _dump(store.history(args.case_id))


def _compare(store: CaseStore, args: argparse.Namespace) -> Any:
    return _dump(store.compare(args.case_id, args.v1, args.v2))


def _restore(store: CaseStore, args: argparse.Namespace) -> Any:
    version = store.restore(args.case_id, args.version, args.author)
    return {"case_id": args.case_id, "version": version, "restored_from": args.version}


def _archive(store: CaseStore, args: argparse.Namespace) -> Any:
    if args.undo:
        store.unarchive(args.case_id, args.author)
    else:
        store.archive(args.case_id, args.author)
    return {"case_id": args.case_id, "archived": not args.undo}


def _export_all(store: CaseStore, args: argparse.Namespace) -> Any:
    """The latest version of every case (archived too) as ``<id>.case.json`` files."""
    folder = Path(args.directory)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for summary in store.list_cases(include_archived=True):
            case = store.load(summary.case_id).case
            path = folder / f"{case.id}.case.json"
            path.write_text(case_to_json_text(case), encoding="utf-8")
            written.append(str(path))
    except OSError as exc:
        raise UsageError(f"cannot write to {folder}: {exc.strerror}") from None
    return {"exported": len(written), "files": written}


def _import_all(store: CaseStore, args: argparse.Namespace) -> Any:
    """Save every ``*.case.json`` of a folder; a case identical to its latest version is
    skipped, so importing the same folder twice adds nothing."""
    folder = Path(args.directory)
    if not folder.is_dir():
        raise UsageError(f"{folder} is not a folder")
    today = parse_today(args.today)
    paths = sorted(folder.glob("*.case.json"))
    problems: list[FieldProblem] = []
    loaded = []
    for path in paths:
        try:
            loaded.append(load_case_file(path, today))
        except CaseValidationError as exc:
            problems.extend(
                FieldProblem(f"{path.name}: {p.field}", p.message, p.code) for p in exc.problems
            )
    if problems:  # all or nothing: a half-imported folder is harder to fix than none
        raise CaseValidationError(problems)
    imported, unchanged = [], []
    for case in loaded:
        if store.exists(case.id) and store.load(case.id).case == case:
            unchanged.append(case.id)
            continue
        version = store.save(case, args.author)
        imported.append({"case_id": case.id, "version": version})
    return {"imported": imported, "unchanged": unchanged}


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
    p.add_argument("--base-version", type=int, help="the version this edit started from")
    p.add_argument("--author", default=DEFAULT_AUTHOR, help="who saves (default: local)")
    p.add_argument("--today", help="date for checking case dates (YYYY-MM-DD)")

    p = _add(sub, "show", "print a case (latest or --version N)", _with_store(_show))
    p.add_argument("case_id")
    p.add_argument("--version", type=int)

    p = _add(sub, "history", "list every version of a case", _with_store(_history))
    p.add_argument("case_id")

    p = _add(sub, "compare", "field-level differences between two versions", _with_store(_compare))
    p.add_argument("case_id")
    p.add_argument("v1", type=int)
    p.add_argument("v2", type=int)

    p = _add(sub, "restore", "save an old version again as the newest", _with_store(_restore))
    p.add_argument("case_id")
    p.add_argument("version", type=int)
    p.add_argument("--author", default=DEFAULT_AUTHOR)

    for name, undo in (("archive", False), ("unarchive", True)):
        p = _add(sub, name, f"{name} a case (recorded, never deleted)", _with_store(_archive))
        p.add_argument("case_id")
        p.add_argument("--author", default=DEFAULT_AUTHOR)
        p.set_defaults(undo=undo)

    p = _add(sub, "export-all", "write every case to DIR/<id>.case.json", _with_store(_export_all))
    p.add_argument("directory")

    p = _add(sub, "import-all", "save every DIR/*.case.json", _with_store(_import_all))
    p.add_argument("directory")
    p.add_argument("--author", default=IMPORT_AUTHOR)
    p.add_argument("--today", help="date for checking case dates (YYYY-MM-DD)")


__all__ = ["EXIT_STALE", "EXIT_STORE_UNAVAILABLE", "register"]
