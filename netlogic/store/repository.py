"""The case store: versioned, append-only storage of cases (issue "Case store: SQLite by
default, PostgreSQL for a team, versioned history, nothing ever lost"; engineering notes,
"Bad input gets a clear error, nothing is lost").

* SQLite by default (``<repo>/var/netlogic.sqlite3``, or ``$NETLOGIC_DATA_DIR/netlogic.sqlite3``),
  PostgreSQL when ``NETLOGIC_DATABASE_URL`` is set (``postgresql+psycopg://...``).
* Every save appends a version with the full contract JSON, its author, the UTC time and a
  summary of what changed; archive/unarchive append events. Nothing is changed in place.
* A save names the version it was based on; if someone saved in between, it is refused with
  :class:`StaleVersionError` instead of silently replacing their work.
* The schema is created only by ``python -m netlogic cases migrate``; a store that is not
  migrated refuses to open with :class:`SchemaNotReadyError` saying so.
* Database failures (server down, read-only file, disk full) surface as
  :class:`StoreUnavailableError` with one line in words and no driver internals (no host,
  port, role or SQL: those go to the ``netlogic.store`` log at INFO level); nothing is
  half-written because each operation is one transaction. A URL or data folder that cannot
  be used is :class:`StoreConfigError`, naming the variable to fix.
* Arguments are checked before the database is touched (``netlogic.store.arguments``):
  authors and readers are 1 to 200 visible characters on one line, versions 1 to 2^31 - 1,
  case IDs as the case format says; a refusal is :class:`StoreInputError` naming the argument.
* Reads and exports are recorded (:meth:`CaseStore.record_access`), append-only like the rest.
* Saving into an archived case unarchives it, with an "unarchived" event by the saver: new
  work on a case means it is in use again, and a saved version is never hidden from every list.
* A new SQLite file is created readable by its owner only (0600, folder 0700).

The caller passes the author's name (the app: the identity provider's login, else ``"local"``).
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from pydantic import BaseModel, ValidationError
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import (
    ArgumentError,
    DatabaseError,
    IntegrityError,
    InterfaceError,
    OperationalError,
)

from netlogic.model.case import Case
from netlogic.model.case_diff import FieldChange, diff_cases, summarise, summarise_diff
from netlogic.model.case_io import problems_from_validation_error
from netlogic.store.arguments import ArgumentProblem, check_case_id, check_person, check_version
from netlogic.store.schema import (
    ACCESS_ACTIONS,
    APPEND_ONLY_TABLES,
    DRAFT_ID_LENGTH,
    case_access,
    case_drafts,
    case_events,
    case_versions,
    cases,
    metadata,
)

__all__ = [
    "AccessRecord",
    "CaseNotFoundError",
    "CaseStore",
    "CaseSummary",
    "DraftRecord",
    "FieldChange",
    "HistoryEntry",
    "SchemaNotReadyError",
    "StaleVersionError",
    "StoreConfigError",
    "StoreError",
    "StoreInputError",
    "StoreUnavailableError",
    "StoredCase",
    "StoredVersionUnreadableError",
    "VersionInfo",
    "default_sqlite_url",
    "migrate",
    "open_store",
    "resolve_url",
]

REPO_ROOT = Path(__file__).resolve().parents[2]
MIGRATIONS_DIR = REPO_ROOT / "migrations"
DATABASE_URL_ENV = "NETLOGIC_DATABASE_URL"
DATA_DIR_ENV = "NETLOGIC_DATA_DIR"
SQLITE_FILE_NAME = "netlogic.sqlite3"
SQLITE_BUSY_TIMEOUT_MS = 30_000
POSTGRES_CONNECT_TIMEOUT_S = 5
MIGRATE_COMMAND = "python -m netlogic cases migrate"
# A save that loses a race for a version number (only possible without a row lock) retries.
SAVE_ATTEMPTS = 5
RESTORED_PREFIX = re.compile(r"^restored version (\d+): ")
_log = logging.getLogger("netlogic.store")


# --- errors -----------------------------------------------------------------------------


class StoreError(Exception):
    """Anything the case store refuses or cannot do; the message is meant for the user."""


class CaseNotFoundError(StoreError):
    def __init__(self, case_id: str, version: int | None = None) -> None:
        self.case_id = case_id
        self.version = version
        if version is None:
            message = f"no saved case has the ID {case_id!r}"
        else:
            message = f"case {case_id!r} has no version {version}"
        super().__init__(message)


class StaleVersionError(StoreError):
    """The case was saved by someone else after the version this edit started from."""

    def __init__(self, case_id: str, stale_version: int, latest_version: int) -> None:
        self.case_id = case_id
        self.stale_version = stale_version
        self.latest_version = latest_version
        if stale_version > latest_version:
            what = f"the edit names version {stale_version}, but the latest is {latest_version}"
        else:
            started = "as a new case" if stale_version == 0 else f"from version {stale_version}"
            what = f"the edit started {started}, but version {latest_version} has been saved since"
        super().__init__(
            f"case {case_id!r}: {what}. Nothing was saved. Reload version {latest_version} and "
            "apply your changes again, or save your edit under a new case ID (a branch)."
        )


class StoreInputError(StoreError):
    """An argument the store refuses (author, version, case ID, role); ``field`` names it."""

    def __init__(self, field: str, problem: str) -> None:
        self.field = field
        self.problem = problem
        super().__init__(f"{field}: {problem}")


class StoreUnavailableError(StoreError):
    """The database cannot be reached or written (server down, read-only, disk full)."""


class StoreConfigError(StoreUnavailableError):
    """``NETLOGIC_DATABASE_URL`` / ``NETLOGIC_DATA_DIR`` (or the URL given) cannot be used;
    ``variable`` names the setting to fix."""

    def __init__(self, variable: str, problem: str) -> None:
        self.variable = variable
        super().__init__(f"{variable}: {problem}")


class StoredVersionUnreadableError(StoreError):
    """A version saved before today's input limits no longer passes them (a lone surrogate, a
    9000 mm sum): it stays in the store untouched, and the reader is told which fields."""

    def __init__(self, case_id: str, version: int, problems: list[str]) -> None:
        self.case_id = case_id
        self.version = version
        shown = "; ".join(problems[:3]) + (" ..." if len(problems) > 3 else "")
        super().__init__(
            f"case {case_id!r} version {version} was saved before the current input limits and "
            f"no longer passes them ({shown}); it is kept unchanged in the store. Open an "
            "earlier version, or save a corrected version."
        )


class SchemaNotReadyError(StoreError):
    """The database has not been migrated to the schema this version of the software needs."""


# --- records handed out -------------------------------------------------------------------


class StoredCase(BaseModel):
    case: Case
    case_id: str
    version: int
    author: str
    saved_at: datetime
    summary: str


class CaseSummary(BaseModel):
    case_id: str
    version: int
    primary_site: str
    saved_at: datetime
    author: str
    archived: bool


class VersionInfo(BaseModel):
    version: int
    author: str
    saved_at: datetime
    summary: str


class DraftRecord(BaseModel):
    """One user's unsaved work: ``payload`` is whatever the app keeps of the screen (the case
    as entered, valid or not, and where it came from); ``case_id``/``base_version`` name the
    saved case and version it started from (None for a case never saved)."""

    owner: str
    draft_id: str
    case_id: str | None
    base_version: int | None
    payload: dict[str, Any]
    updated_at: datetime


class CaseEvent(BaseModel):
    """An archive or unarchive, with who did it, when and the version current at the time."""

    kind: str
    author: str
    at: datetime
    version: int


class HistoryEntry(BaseModel):
    """One line of a case's history: a save, a restore, an archive or an unarchive.

    ``event`` is "saved", "restored", "archived" or "unarchived"; ``version`` the version
    written (saves, restores) or current at the time (archive events); ``restored_from`` the
    old version a restore copied."""

    event: str
    version: int
    author: str
    at: datetime
    summary: str
    restored_from: int | None = None


class AccessRecord(BaseModel):
    """Who read or exported which version of a case, and when."""

    case_id: str
    version: int
    who: str
    action: str
    at: datetime


# --- configuration --------------------------------------------------------------------------


def default_sqlite_url() -> str:
    folder = os.environ.get(DATA_DIR_ENV) or str(REPO_ROOT / "var")
    return f"sqlite:///{Path(folder).expanduser().resolve() / SQLITE_FILE_NAME}"


def resolve_url(url: str | None = None) -> str:
    """The URL given, else ``$NETLOGIC_DATABASE_URL``, else the default SQLite file."""
    return url or os.environ.get(DATABASE_URL_ENV) or default_sqlite_url()


def url_source(url: str | None = None) -> str:
    """Which setting the store's location comes from, named for the person who fixes it."""
    if url:
        return "the database URL given (--database-url)"
    if os.environ.get(DATABASE_URL_ENV):
        return DATABASE_URL_ENV
    return DATA_DIR_ENV if os.environ.get(DATA_DIR_ENV) else "the default data folder (var/)"


def _shown(url: sa.URL) -> str:
    """The store named in messages: a SQLite file by its path; a server only by its kind,
    never host, port or role (a message can reach a user's screen)."""
    if url.get_backend_name() == "sqlite":
        return url.database or "in memory"
    return f"a {url.get_backend_name()} server"


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    # Take transaction control away from the sqlite3 module so BEGIN is ours (see _begin).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
    finally:
        cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    # Writers take the write lock at BEGIN (IMMEDIATE): two saves of one case queue up
    # instead of both reading "latest = 3" and racing to write version 4.
    mode = "IMMEDIATE" if conn.get_execution_options().get("netlogic_write") else "DEFERRED"
    conn.exec_driver_sql(f"BEGIN {mode}")


def _private_sqlite_file(database: str) -> None:
    """Create the SQLite file (0600) and its folder (0700) if missing, so that case data are
    never readable by other accounts on the machine. SQLite gives its -wal and -shm files the
    database file's mode. Existing files and folders are left as their owner set them."""
    path = Path(database)
    if not path.parent.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.parent.chmod(0o700)
    with suppress(FileExistsError):
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))


def create_store_engine(url: str | sa.URL) -> Engine:
    parsed = sa.make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:" and not database.startswith("file:"):
            _private_sqlite_file(database)
        engine = sa.create_engine(parsed, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
        sa.event.listen(engine, "connect", _sqlite_on_connect)
        sa.event.listen(engine, "begin", _sqlite_begin)
        return engine
    connect_args: dict[str, Any] = {}
    if parsed.get_backend_name() == "postgresql":
        connect_args["connect_timeout"] = POSTGRES_CONNECT_TIMEOUT_S
    return sa.create_engine(parsed, pool_pre_ping=True, connect_args=connect_args)


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def _describe_failure(exc: DatabaseError | InterfaceError, where: str) -> str:
    """One line for the user; the driver's own words (host, port, role, SQL) only go to the
    log, where the person running the server can read them."""
    detail = str(exc.orig) if exc.orig is not None else str(exc)
    detail = " ".join(detail.split())[:300]
    _log.info("case store failure at %s: %s", where, detail)
    lowered = detail.lower()
    if "append-only" in lowered:
        reason = "saved history is append-only and is never changed or deleted"
    elif "permission denied" in lowered or "insufficient privilege" in lowered:
        reason = "the database refused this operation to the account the app connects as"
    elif "authentication" in lowered or "password" in lowered or "does not exist" in lowered:
        reason = "the database refused the connection (account, password or database name)"
    elif "readonly" in lowered or "read-only" in lowered or "read only" in lowered:
        reason = "the database is read-only"
    elif ("disk" in lowered and "full" in lowered) or "no space" in lowered:
        reason = "the disk is full"
    elif "unable to open" in lowered:
        reason = "the database file cannot be opened"
    elif "locked" in lowered or "busy" in lowered:
        reason = "the database stayed locked by another user for too long"
    elif any(w in lowered for w in ("connect", "refused", "timeout", "timed out", "resolve")):
        reason = "the database server cannot be reached"
    else:
        reason = "the database reported an error"
    return f"The case store at {where} is unavailable: {reason}. Nothing was changed."


# --- the store ------------------------------------------------------------------------------


class CaseStore:
    """Versioned case storage over one database; see the module docstring."""

    def __init__(self, url: str | None = None) -> None:
        self.url = resolve_url(url)
        source = url_source(url)
        example = "postgresql+psycopg://USER@HOST/DATABASE or sqlite:////path/to/file"
        try:
            parsed = sa.make_url(self.url)
        except (ArgumentError, ValueError):
            raise StoreConfigError(source, f"not a database URL (expected {example})") from None
        self._shown_url = _shown(parsed)
        try:
            self.engine = create_store_engine(parsed)
        except (ArgumentError, ImportError):
            raise StoreConfigError(
                source,
                f"the database driver {parsed.drivername!r} is not installed or not known "
                "(the supported ones are sqlite and postgresql+psycopg)",
            ) from None
        except OSError as exc:
            folder = Path(parsed.database or "").parent
            raise StoreConfigError(
                source, f"the folder {folder} cannot hold the case store ({exc.strerror})"
            ) from None

    # -- plumbing

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """Driver failures become StoreUnavailableError; store errors pass through."""
        try:
            yield
        except ArgumentProblem as exc:
            raise StoreInputError(exc.field, exc.problem) from None
        except IntegrityError as exc:
            detail = " ".join(str(exc.orig).split())
            _log.info("case store refused a change: %s", detail)
            rule = (
                "saved history is append-only and is never changed or deleted"
                if "append-only" in detail
                else "a database rule was violated"
            )
            raise StoreError(
                f"The case store at {self._shown_url} refused the change ({rule}); "
                "nothing was saved."
            ) from None
        except (OperationalError, InterfaceError, DatabaseError) as exc:
            raise StoreUnavailableError(_describe_failure(exc, self._shown_url)) from None

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            conn = conn.execution_options(netlogic_write=True)
            with conn.begin():
                yield conn

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn, conn.begin():
            yield conn

    # -- schema

    def schema_revisions(self) -> tuple[set[str], set[str]]:
        """(revisions applied to the database, revisions this software expects)."""
        heads = set(ScriptDirectory.from_config(alembic_config()).get_heads())
        with self._errors(), self.engine.connect() as conn:
            current = set(MigrationContext.configure(conn).get_current_heads())
        return current, heads

    def check_schema(self) -> None:
        current, heads = self.schema_revisions()
        if current == heads:
            return
        if not current:
            state = "has no case tables yet"
        elif current - heads:
            state = (
                f"was migrated by a newer version of this software ({', '.join(sorted(current))})"
            )
        else:
            state = f"is at schema {', '.join(sorted(current))}, this software needs "
            state += ", ".join(sorted(heads))
        raise SchemaNotReadyError(
            f"The case store at {self._shown_url} {state}. Run `{MIGRATE_COMMAND}` first "
            "(with the same NETLOGIC_DATABASE_URL / NETLOGIC_DATA_DIR)."
        )

    def migrate(self) -> list[str]:
        """Bring the schema to the latest revision; returns the revisions now applied."""
        config = alembic_config()
        with self._errors(), self.engine.connect() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
            conn.commit()
        current, _heads = self.schema_revisions()
        return sorted(current)

    # -- writing

    def _latest(self, conn: Connection, case_id: str) -> tuple[int, dict[str, Any] | None]:
        row = conn.execute(
            sa.select(case_versions.c.version, case_versions.c.case_json)
            .where(case_versions.c.case_id == case_id)
            .order_by(case_versions.c.version.desc())
            .limit(1)
        ).first()
        if row is None:
            return 0, None
        return int(row.version), dict(row.case_json)

    def _lock_case(self, conn: Connection, case_id: str, author: str, now: datetime) -> None:
        """Make sure the registry row exists, and hold the case locked until commit.

        PostgreSQL: a transaction-scoped advisory lock on the case ID serialises saves of one
        case (saves of other cases go on in parallel). Not SELECT ... FOR UPDATE, which needs
        the UPDATE privilege the app's role must not have on history (README, "Running for a
        team"). SQLite: BEGIN IMMEDIATE already serialised every writer.
        """
        values = {"case_id": case_id, "created_at": now, "created_by": author}
        dialect = conn.dialect.name
        if dialect == "postgresql":
            conn.execute(
                sa.select(sa.func.pg_advisory_xact_lock(sa.func.hashtextextended(case_id, 0)))
            )
            conn.execute(postgresql.insert(cases).values(values).on_conflict_do_nothing())
            return
        if dialect == "sqlite":
            conn.execute(sqlite.insert(cases).values(values).on_conflict_do_nothing())
        elif conn.execute(sa.select(cases.c.case_id).where(cases.c.case_id == case_id)).first():
            pass
        else:
            conn.execute(sa.insert(cases).values(values))
        conn.execute(
            sa.select(cases.c.case_id).where(cases.c.case_id == case_id).with_for_update()
        ).one()

    def _append(
        self,
        case_json: dict[str, Any],
        author: str,
        base_version: int | None,
        summary_prefix: str = "",
    ) -> int:
        case_id = str(case_json["id"])
        for _attempt in range(SAVE_ATTEMPTS):
            try:
                with self._write() as conn:
                    now = datetime.now(UTC)
                    self._lock_case(conn, case_id, author, now)
                    latest, previous = self._latest(conn, case_id)
                    if base_version is not None and base_version != latest:
                        raise StaleVersionError(case_id, base_version, latest)
                    summary = summary_prefix + summarise_diff(previous, case_json)
                    version = latest + 1
                    conn.execute(
                        sa.insert(case_versions).values(
                            case_id=case_id,
                            version=version,
                            case_json=case_json,
                            primary_site=str(case_json["tumour"]["primary_site"]),
                            author=author,
                            saved_at=now,
                            summary=summary,
                        )
                    )
                    if self._is_archived(conn, case_id):
                        # New work on an archived case means it is in use again; a version
                        # hidden from every list would be as good as lost.
                        conn.execute(
                            sa.insert(case_events).values(
                                case_id=case_id,
                                kind="unarchived",
                                author=author,
                                at=now,
                                version=version,
                            )
                        )
                return version
            except IntegrityError:
                # Someone took this version number between our read and our insert; the
                # transaction rolled back whole. Without a base version, try the next number.
                if base_version is not None:
                    with self._errors(), self._read() as conn:
                        latest, _ = self._latest(conn, case_id)
                    raise StaleVersionError(case_id, base_version, latest) from None
        raise StoreUnavailableError(
            f"The case store at {self._shown_url} was too busy to save case {case_id!r} "
            f"after {SAVE_ATTEMPTS} attempts. Nothing was saved; try again."
        )

    @staticmethod
    def _author(author: str, field: str = "author") -> str:
        try:
            return check_person(author, field)
        except ArgumentProblem as exc:
            raise StoreInputError(exc.field, exc.problem) from None

    def save(self, case: Case, author: str, base_version: int | None = None) -> int:
        """Append ``case`` as a new version; returns its number (1 for a new case).

        ``base_version`` is the version the edit started from (0 for "this is a new case");
        if another version was saved since, nothing is saved and StaleVersionError says so.
        Saving into an archived case unarchives it (an "unarchived" event by ``author``).
        """
        name = self._author(author)
        with self._errors():
            if base_version is not None:
                check_version(base_version, "base version", allow_zero=True)
            return self._append(case.to_contract_json(), name, base_version)

    def restore(self, case_id: str, version: int, author: str) -> int:
        """Save an old version again as the newest one; returns the new version number."""
        name = self._author(author)
        old = self.load(case_id, version)
        with self._errors():
            return self._append(
                old.case.to_contract_json(),
                name,
                None,
                summary_prefix=f"restored version {version}: ",
            )

    def _set_archived(self, case_id: str, author: str, archived: bool) -> None:
        name = self._author(author)
        with self._errors():
            check_case_id(case_id)
        with self._errors(), self._write() as conn:
            latest, _ = self._latest(conn, case_id)
            if latest == 0:
                raise CaseNotFoundError(case_id)
            if self._is_archived(conn, case_id) == archived:
                return
            conn.execute(
                sa.insert(case_events).values(
                    case_id=case_id,
                    kind="archived" if archived else "unarchived",
                    author=name,
                    at=datetime.now(UTC),
                    version=latest,
                )
            )

    def archive(self, case_id: str, author: str) -> None:
        """Hide the case from the default list; it stays whole and can be unarchived."""
        self._set_archived(case_id, author, True)

    def unarchive(self, case_id: str, author: str) -> None:
        self._set_archived(case_id, author, False)

    # -- drafts (unsaved work; replaced in place, see schema.case_drafts)

    @staticmethod
    def _draft_key(owner: str, draft_id: str) -> tuple[str, str]:
        name = CaseStore._author(owner, "owner")
        if not draft_id or len(draft_id) > DRAFT_ID_LENGTH:
            raise StoreInputError("draft id", f"a draft id has 1 to {DRAFT_ID_LENGTH} characters")
        return name, draft_id

    def save_draft(
        self,
        owner: str,
        draft_id: str,
        payload: dict[str, Any],
        case_id: str | None = None,
        base_version: int | None = None,
    ) -> None:
        """Keep ``payload`` as the draft ``draft_id`` of ``owner`` (replacing the previous one)."""
        name, key = self._draft_key(owner, draft_id)
        values = {
            "owner": name,
            "draft_id": key,
            "case_id": case_id,
            "base_version": base_version,
            "payload": payload,
            "updated_at": datetime.now(UTC),
        }
        changes = {k: v for k, v in values.items() if k not in ("owner", "draft_id")}
        with self._errors(), self._write() as conn:
            dialect = conn.dialect.name
            if dialect in ("postgresql", "sqlite"):
                insert = (postgresql if dialect == "postgresql" else sqlite).insert(case_drafts)
                conn.execute(
                    insert.values(values).on_conflict_do_update(
                        index_elements=["owner", "draft_id"], set_=changes
                    )
                )
            else:
                conn.execute(
                    sa.delete(case_drafts).where(
                        case_drafts.c.owner == name, case_drafts.c.draft_id == key
                    )
                )
                conn.execute(sa.insert(case_drafts).values(values))

    def load_draft(self, owner: str, draft_id: str) -> DraftRecord | None:
        """The draft ``draft_id`` of ``owner``, or None (never another user's draft)."""
        name, key = self._draft_key(owner, draft_id)
        with self._errors(), self._read() as conn:
            row = conn.execute(
                sa.select(case_drafts).where(
                    case_drafts.c.owner == name, case_drafts.c.draft_id == key
                )
            ).first()
        return None if row is None else self._draft(row)

    def list_drafts(self, owner: str) -> list[DraftRecord]:
        """Every draft of ``owner``, most recently changed first."""
        with self._errors(), self._read() as conn:
            rows = conn.execute(
                sa.select(case_drafts)
                .where(case_drafts.c.owner == owner.strip())
                .order_by(case_drafts.c.updated_at.desc())
            ).all()
        return [self._draft(row) for row in rows]

    def discard_draft(self, owner: str, draft_id: str) -> None:
        name, key = self._draft_key(owner, draft_id)
        with self._errors(), self._write() as conn:
            conn.execute(
                sa.delete(case_drafts).where(
                    case_drafts.c.owner == name, case_drafts.c.draft_id == key
                )
            )

    @staticmethod
    def _draft(row: Any) -> DraftRecord:
        return DraftRecord(
            owner=row.owner,
            draft_id=row.draft_id,
            case_id=row.case_id,
            base_version=row.base_version,
            payload=dict(row.payload),
            updated_at=row.updated_at,
        )

    # -- reading

    @staticmethod
    def _is_archived(conn: Connection, case_id: str) -> bool:
        kind = conn.execute(
            sa.select(case_events.c.kind)
            .where(case_events.c.case_id == case_id)
            .order_by(case_events.c.id.desc())
            .limit(1)
        ).scalar()
        return kind == "archived"

    def load(self, case_id: str, version: int | None = None) -> StoredCase:
        """The latest version of a case, or the version asked for."""
        with self._errors():
            check_case_id(case_id)
            if version is not None:
                check_version(version)
        query = sa.select(case_versions).where(case_versions.c.case_id == case_id)
        if version is None:
            query = query.order_by(case_versions.c.version.desc()).limit(1)
        else:
            query = query.where(case_versions.c.version == version)
        with self._errors(), self._read() as conn:
            row = conn.execute(query).first()
        if row is None:
            if version is not None and self.exists(case_id):
                raise CaseNotFoundError(case_id, version)
            raise CaseNotFoundError(case_id)
        # Dates were checked against the day of saving; a stored case is not re-judged today.
        try:
            case = Case.model_validate(row.case_json)
        except ValidationError as exc:
            problems = [p.message for p in problems_from_validation_error(exc)]
            raise StoredVersionUnreadableError(row.case_id, row.version, problems) from None
        return StoredCase(
            case=case,
            case_id=row.case_id,
            version=row.version,
            author=row.author,
            saved_at=row.saved_at,
            summary=row.summary,
        )

    def exists(self, case_id: str) -> bool:
        with self._errors():
            check_case_id(case_id)
        with self._errors(), self._read() as conn:
            found = conn.execute(
                sa.select(cases.c.case_id).where(cases.c.case_id == case_id)
            ).first()
        return found is not None

    def list_cases(self, include_archived: bool = False) -> list[CaseSummary]:
        """The latest version of every case (archived ones only when asked), by case ID."""
        latest = (
            sa.select(
                case_versions.c.case_id,
                sa.func.max(case_versions.c.version).label("version"),
            )
            .group_by(case_versions.c.case_id)
            .subquery("latest")
        )
        last_event = (
            sa.select(case_events.c.case_id, sa.func.max(case_events.c.id).label("event_id"))
            .group_by(case_events.c.case_id)
            .subquery("last_event")
        )
        archived = sa.case((case_events.c.kind == "archived", True), else_=False).label("archived")
        query = (
            sa.select(
                case_versions.c.case_id,
                case_versions.c.version,
                case_versions.c.primary_site,
                case_versions.c.saved_at,
                case_versions.c.author,
                archived,
            )
            .join(
                latest,
                sa.and_(
                    latest.c.case_id == case_versions.c.case_id,
                    latest.c.version == case_versions.c.version,
                ),
            )
            .outerjoin(last_event, last_event.c.case_id == case_versions.c.case_id)
            .outerjoin(case_events, case_events.c.id == last_event.c.event_id)
            .order_by(case_versions.c.case_id)
        )
        if not include_archived:
            query = query.where(
                sa.or_(case_events.c.kind.is_(None), case_events.c.kind != "archived")
            )
        with self._errors(), self._read() as conn:
            rows = conn.execute(query).all()
        return [
            CaseSummary(
                case_id=r.case_id,
                version=r.version,
                primary_site=r.primary_site,
                saved_at=r.saved_at,
                author=r.author,
                archived=bool(r.archived),
            )
            for r in rows
        ]

    def is_archived(self, case_id: str) -> bool:
        with self._errors(), self._read() as conn:
            return self._is_archived(conn, check_case_id(case_id))

    def history(self, case_id: str) -> list[VersionInfo]:
        """Every version of a case, oldest first."""
        with self._errors():
            check_case_id(case_id)
        query = (
            sa.select(
                case_versions.c.version,
                case_versions.c.author,
                case_versions.c.saved_at,
                case_versions.c.summary,
            )
            .where(case_versions.c.case_id == case_id)
            .order_by(case_versions.c.version)
        )
        with self._errors(), self._read() as conn:
            rows = conn.execute(query).all()
        if not rows:
            raise CaseNotFoundError(case_id)
        return [
            VersionInfo(version=r.version, author=r.author, saved_at=r.saved_at, summary=r.summary)
            for r in rows
        ]

    def events(self, case_id: str) -> list[CaseEvent]:
        """Archive and unarchive events of a case, oldest first."""
        with self._errors():
            check_case_id(case_id)
        query = (
            sa.select(
                case_events.c.kind, case_events.c.author, case_events.c.at, case_events.c.version
            )
            .where(case_events.c.case_id == case_id)
            .order_by(case_events.c.id)
        )
        with self._errors(), self._read() as conn:
            rows = conn.execute(query).all()
        return [CaseEvent(kind=r.kind, author=r.author, at=r.at, version=r.version) for r in rows]

    def timeline(self, case_id: str) -> list[HistoryEntry]:
        """Saves, restores, archives and unarchives of a case, in the order they happened.

        An event and the save it refers to can share a timestamp (a save into an archived
        case unarchives it in the same transaction): the save comes first."""
        entries: list[tuple[datetime, int, int, HistoryEntry]] = []
        for v in self.history(case_id):
            restored = RESTORED_PREFIX.match(v.summary)
            entries.append(
                (
                    v.saved_at,
                    v.version,
                    0,
                    HistoryEntry(
                        event="restored" if restored else "saved",
                        version=v.version,
                        author=v.author,
                        at=v.saved_at,
                        summary=v.summary,
                        restored_from=int(restored.group(1)) if restored else None,
                    ),
                )
            )
        for e in self.events(case_id):
            entry = HistoryEntry(
                event=e.kind,
                version=e.version,
                author=e.author,
                at=e.at,
                summary=f"{e.kind} (latest version {e.version})",
            )
            entries.append((e.at, e.version, 1, entry))
        return [entry for *_key, entry in sorted(entries, key=lambda item: item[:3])]

    # -- the read audit (who opened or exported what; append-only, see schema.case_access)

    def record_access(self, case_id: str, version: int, user: str, action: str) -> None:
        """Record that ``user`` read or exported (``action``: "read" or "export") version
        ``version`` of ``case_id``. Call it before the case is shown or written out, so a
        failure to record stops the read (StoreError) instead of leaving no trace."""
        who = self._author(user, "user")
        with self._errors():
            check_case_id(case_id)
            check_version(version)
            if action not in ACCESS_ACTIONS:
                raise StoreInputError(
                    "action", f"{action!r} is not one of {', '.join(ACCESS_ACTIONS)}"
                )
        with self._errors(), self._write() as conn:
            if conn.execute(sa.select(cases.c.case_id).where(cases.c.case_id == case_id)).first():
                conn.execute(
                    sa.insert(case_access).values(
                        case_id=case_id,
                        version=version,
                        who=who,
                        action=action,
                        at=datetime.now(UTC),
                    )
                )
                return
        raise CaseNotFoundError(case_id)

    def access_log(self, case_id: str) -> list[AccessRecord]:
        """Every recorded read and export of a case, oldest first."""
        with self._errors():
            check_case_id(case_id)
        query = (
            sa.select(case_access)
            .where(case_access.c.case_id == case_id)
            .order_by(case_access.c.id)
        )
        with self._errors(), self._read() as conn:
            rows = conn.execute(query).all()
        return [
            AccessRecord(case_id=r.case_id, version=r.version, who=r.who, action=r.action, at=r.at)
            for r in rows
        ]

    # -- database roles (PostgreSQL)

    def grant_app_role(self, role: str) -> list[str]:
        """Give an existing PostgreSQL role what the app needs and no more: SELECT and INSERT
        on the history tables (no UPDATE, DELETE or TRUNCATE), full use of the drafts, read
        of the schema version. Run as the tables' owner (the role that migrated). Returns the
        statements run, for the record."""
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,62}", role or ""):
            raise StoreInputError(
                "role", f"{role!r} is not a plain PostgreSQL role name (letters, digits, _)"
            )
        if self.engine.dialect.name != "postgresql":
            raise StoreInputError(
                "role",
                "database roles exist only on PostgreSQL; a SQLite store is protected by its "
                "file's permissions (readable by its owner only)",
            )
        quote = self.engine.dialect.identifier_preparer.quote
        with self._errors(), self._write() as conn:
            if (
                conn.execute(
                    sa.text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}
                ).first()
                is None
            ):
                raise StoreInputError(
                    "role",
                    f"no role {role!r} on this server; create it first (README, "
                    '"Running for a team")',
                )
            schema = str(conn.execute(sa.text("SELECT current_schema()")).scalar())
            who, where = quote(role), quote(schema)
            # The meeting tables are history too; importing their module also puts them in
            # ``metadata``, so nothing of the schema is left out of the grants.
            from netlogic.store.meetings_schema import MEETING_APPEND_ONLY_TABLES

            append_only = (*APPEND_ONLY_TABLES, *MEETING_APPEND_ONLY_TABLES)
            history = ", ".join(quote(t) for t in append_only)
            scratch = [t.name for t in metadata.sorted_tables if t.name not in append_only]
            statements = [
                f"GRANT USAGE ON SCHEMA {where} TO {who}",
                f"REVOKE ALL ON {history} FROM {who}",
                f"GRANT SELECT, INSERT ON {history} TO {who}",
                f"GRANT SELECT ON alembic_version TO {who}",
                f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {where} TO {who}",
            ]
            if scratch:
                statements.append(
                    f"GRANT SELECT, INSERT, UPDATE, DELETE ON "
                    f"{', '.join(quote(t) for t in scratch)} TO {who}"
                )
            for statement in statements:
                conn.exec_driver_sql(statement)
        return statements

    def compare(self, case_id: str, v1: int, v2: int) -> list[FieldChange]:
        """Field-level differences going from version ``v1`` to version ``v2``."""
        old = self.load(case_id, v1).case.to_contract_json()
        new = self.load(case_id, v2).case.to_contract_json()
        return diff_cases(old, new)

    def compare_summary(self, case_id: str, v1: int, v2: int) -> str:
        return summarise(self.compare(case_id, v1, v2))

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> CaseStore:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def open_store(url: str | None = None, *, check_schema: bool = True) -> CaseStore:
    """Open the case store at ``url`` (default: ``$NETLOGIC_DATABASE_URL``, else SQLite).

    Raises SchemaNotReadyError when the database has not been migrated, and
    StoreUnavailableError when it cannot be reached.
    """
    store = CaseStore(url)
    if check_schema:
        try:
            store.check_schema()
        except StoreError:
            store.close()
            raise
    return store


def migrate(url: str | None = None) -> list[str]:
    """Create or upgrade the case-store schema at ``url``; returns the applied revisions."""
    store = CaseStore(url)
    try:
        return store.migrate()
    finally:
        store.close()
