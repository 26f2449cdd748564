"""Plans in a database: the working copy of each plan (autosaved) and its immutable versions.

This is the only module with SQL. It stores what `planner.model.plan` defines and knows nothing of
the
app or the command line; both use the same `PlanStore`.

Where the data lives: `PlanStore(url)` takes any SQLAlchemy URL. Without one it uses the
`PLANNER_DATABASE_URL` environment variable, else an SQLite file in the user's data folder:
`$XDG_DATA_HOME/bpo-launch-planner/plans.db` (by default
`~/.local/share/bpo-launch-planner/plans.db`).
SQLite runs in WAL mode with a busy timeout, so several processes (app sessions, the command line)
share one file safely; write transactions start with `BEGIN IMMEDIATE` so writers queue instead of
failing. A PostgreSQL URL (`postgresql+psycopg://user:password@host/dbname`) serves a shared
deployment; the planner's tables all start with `planner_`, so it can share a database.

What is stored:
- `planner_plans`: one row per plan: a unique name, the working copy (`draft`, the plan as JSON) and
  a `revision` that goes up by one at every save. Saving the draft says which revision it was based
  on (`UPDATE ... WHERE revision = :expected`): when another session saved in between, nothing is
  written and `ConflictError` says so (optimistic locking; no silent overwrite).
- `planner_versions`: immutable snapshots ("save version" with a note), numbered 1, 2, 3... per
  plan.
- `planner_schema`: the schema version. Opening an older database runs the missing migrations, in
  order, in one transaction; a database from a newer app is refused with a clear message.

What is refused, without writing a byte: a file that is not an SQLite database, an SQLite
database that belongs to another program (tables, none of them ours), a damaged database, and a
database whose schema is newer than this app. Each gives a `StorageError` naming the file.

Plan content is stored as the JSON of `plan_to_dict` and read back with `plan_from_dict`, so content
that no longer validates (an older plan format) gives a `PlanError` naming the plan, not a crash.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.pool import StaticPool

from planner.model.files import plan_from_dict, plan_to_dict
from planner.model.issues import PlanError
from planner.model.plan import Plan

DATABASE_URL_ENV = "PLANNER_DATABASE_URL"
APP_FOLDER = "bpo-launch-planner"
SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 30_000
"""How long an SQLite writer waits for another writer's transaction before giving up (30 s)."""

MAX_NAME_LENGTH = 120
MAX_NOTE_LENGTH = 2_000
TABLE_PREFIX = "planner_"


class StorageError(Exception):
    """The database cannot be used as asked: the message says what and where, and what to do."""


class NotFoundError(StorageError):
    """No plan (or version) with that id, name or number."""


class ConflictError(StorageError):
    """Another session saved the plan since this one loaded it; nothing was written."""

    def __init__(self, plan_id: int, name: str, expected: int, current: int, updated_at: datetime):
        self.plan_id = plan_id
        self.name = name
        self.expected_revision = expected
        self.current_revision = current
        self.updated_at = updated_at
        super().__init__(
            f"The plan '{name}' was changed in another tab or window at "
            f"{updated_at:%Y-%m-%d %H:%M:%S} UTC (revision {current}; this window had revision "
            f"{expected}). Your change was not saved over theirs: reload their version, or save "
            "yours as a copy."
        )


@dataclass(frozen=True)
class PlanRecord:
    """A stored plan, without its content."""

    id: int
    name: str
    created_at: datetime
    updated_at: datetime
    revision: int
    """Goes up by one at every save of the working copy; the token for optimistic locking."""
    version_count: int
    latest_version: int | None
    """The highest version number, None before the first "save version"."""


@dataclass(frozen=True)
class Draft:
    """The working copy of a plan, as last saved, with the revision to save the next change on."""

    plan_id: int
    name: str
    plan: Plan
    revision: int
    updated_at: datetime


@dataclass(frozen=True)
class VersionRecord:
    """An immutable snapshot of a plan."""

    plan_id: int
    number: int
    note: str
    created_at: datetime
    source: str
    """Where it was saved from: "app", "command line", or "" for versions older than schema v2."""


# --- where the database is ------------------------------------------------------------------


def default_database_path() -> Path:
    """`$XDG_DATA_HOME/bpo-launch-planner/plans.db` (XDG_DATA_HOME defaults to ~/.local/share)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / APP_FOLDER / "plans.db"


def resolve_url(url: str | None = None) -> str:
    """The URL given, else `PLANNER_DATABASE_URL`, else the default SQLite file."""
    if url:
        return url
    env = os.environ.get(DATABASE_URL_ENV, "").strip()
    if env:
        return env
    return f"sqlite:///{default_database_path()}"


# --- the schema -----------------------------------------------------------------------------

metadata = sa.MetaData()

schema_table = sa.Table(
    f"{TABLE_PREFIX}schema",
    metadata,
    sa.Column("version", sa.Integer, nullable=False),
)

plans_table = sa.Table(
    f"{TABLE_PREFIX}plans",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(MAX_NAME_LENGTH), nullable=False, unique=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("revision", sa.Integer, nullable=False),
    sa.Column("draft", sa.Text, nullable=False),
    sa.Column("last_version", sa.Integer, nullable=False),
)

versions_table = sa.Table(
    f"{TABLE_PREFIX}versions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "plan_id",
        sa.Integer,
        sa.ForeignKey(f"{TABLE_PREFIX}plans.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("number", sa.Integer, nullable=False),
    sa.Column("note", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("content", sa.Text, nullable=False),
    # added by migration 2
    sa.Column("source", sa.String(40), nullable=True),
    sa.UniqueConstraint("plan_id", "number"),
)


def _migrate_to_1(conn: Connection) -> None:
    """The first schema: plans with their working copy, versions, the schema version.

    The tables are spelled out again on purpose, not taken from `plans_table`/`versions_table`:
    a migration is a frozen record of one schema version, and building it from the live tables
    would let a later change to them silently rewrite what migration 1 creates.
    """
    v1 = sa.MetaData()
    sa.Table(f"{TABLE_PREFIX}schema", v1, sa.Column("version", sa.Integer, nullable=False))
    sa.Table(
        f"{TABLE_PREFIX}plans",
        v1,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(MAX_NAME_LENGTH), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("draft", sa.Text, nullable=False),
        sa.Column("last_version", sa.Integer, nullable=False),
    )
    sa.Table(
        f"{TABLE_PREFIX}versions",
        v1,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "plan_id",
            sa.Integer,
            sa.ForeignKey(f"{TABLE_PREFIX}plans.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("content", sa.Text, nullable=False),
        sa.UniqueConstraint("plan_id", "number"),
    )
    v1.create_all(conn)


def _migrate_to_2(conn: Connection) -> None:
    """Versions say where they were saved from (the app or the command line)."""
    conn.execute(sa.text(f"ALTER TABLE {TABLE_PREFIX}versions ADD COLUMN source VARCHAR(40)"))


MIGRATIONS: tuple[Callable[[Connection], None], ...] = (_migrate_to_1, _migrate_to_2)
"""MIGRATIONS[i] takes a database from schema version i to i + 1. Append; never edit one."""
SCHEMA_VERSION = len(MIGRATIONS)


# --- helpers --------------------------------------------------------------------------------


def _now() -> datetime:
    return datetime.now(UTC)


def _utc(value: datetime) -> datetime:
    # SQLite keeps no time zone: what we wrote was UTC.
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _plan_json(plan: Plan) -> str:
    return json.dumps(plan_to_dict(plan), ensure_ascii=False, separators=(",", ":"))


def _plan_from_json(text: str, source: str) -> Plan:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise PlanError(f"{source} is not readable JSON: {exc}") from None
    return plan_from_dict(data, source=source)


def _clean_name(name: str) -> str:
    cleaned = " ".join(str(name).split())
    if not cleaned:
        raise StorageError("a plan name must not be empty")
    if len(cleaned) > MAX_NAME_LENGTH:
        raise StorageError(
            f"a plan name may be at most {MAX_NAME_LENGTH} characters, got {len(cleaned)}"
        )
    return cleaned


def _no_plan(plan_id: int) -> NotFoundError:
    return NotFoundError(f"there is no plan with id {plan_id} (was it deleted?)")


def _name_taken(name: str) -> StorageError:
    return StorageError(f"a plan named '{name}' already exists; choose another name")


def _clean_note(note: str) -> str:
    note = str(note or "").strip()
    if len(note) > MAX_NOTE_LENGTH:
        raise StorageError(
            f"a version note may be at most {MAX_NOTE_LENGTH} characters, got {len(note)}"
        )
    return note


def _sqlite_path(url: sa.URL) -> Path | None:
    """The file of an SQLite URL; None for an in-memory database."""
    database = url.database or ""
    if database in {"", ":memory:"} or database.startswith("file:"):
        return None
    return Path(database).expanduser()


def inspect_sqlite_file(path: Path) -> None:
    """Refuse, with a clear message and without writing, a file that is not a planner database.

    Accepted: a missing or empty file (a new database), or an SQLite database that is empty or
    holds the planner's tables. Refused: other content, another program's database, a damaged one.
    """
    if not path.exists():
        return
    if path.is_dir():
        raise StorageError(f"{path} is a folder, not a database file")
    try:
        with path.open("rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise StorageError(f"cannot read the plans database {path}: {exc.strerror}") from None
    if not header:
        return  # an empty file is a new SQLite database
    if header != SQLITE_HEADER:
        raise StorageError(
            f"{path} is not a plans database (it is not an SQLite file). It was left untouched; "
            f"point {DATABASE_URL_ENV} at another file, or move this one away."
        )
    try:
        # Read-only: looking must never change the file.
        raw = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
        try:
            tables = {
                row[0] for row in raw.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            }
            version = None
            if f"{TABLE_PREFIX}schema" in tables:
                version = raw.execute(f"SELECT max(version) FROM {TABLE_PREFIX}schema").fetchone()[
                    0
                ]
        finally:
            raw.close()
    except sqlite3.DatabaseError as exc:
        raise StorageError(
            f"{path} is damaged or not a plans database ({exc}). It was left untouched; restore "
            f"a backup, or point {DATABASE_URL_ENV} at another file."
        ) from None
    ours = {t for t in tables if t.startswith(TABLE_PREFIX)}
    others = tables - ours - {"sqlite_sequence"}
    if others and f"{TABLE_PREFIX}schema" not in tables:
        shown = ", ".join(sorted(others)[:5])
        raise StorageError(
            f"{path} is another program's database (tables: {shown}), not a plans database. It "
            f"was left untouched; point {DATABASE_URL_ENV} at another file."
        )
    # The same checks as PlanStore._migrate, made here before anything (even WAL mode) is written.
    if ours and version is None:
        _refuse_unversioned(str(path))
    if version is not None and int(version) > SCHEMA_VERSION:
        _refuse_newer(str(path), int(version))


def _refuse_unversioned(location: str) -> None:
    raise StorageError(
        f"{location} has planner tables but no schema version: it was not made by this app, and "
        "was left untouched"
    )


def _refuse_newer(location: str, version: int) -> None:
    raise StorageError(
        f"the plans database {location} has schema version {version}, made by a newer version "
        f"of the planner (this one knows up to {SCHEMA_VERSION}); it was left untouched: update "
        "the planner"
    )


# --- the store ------------------------------------------------------------------------------


class PlanStore:
    """Plans and their versions in one database (see the module docstring)."""

    def __init__(self, url: str | None = None, *, pool_size: int = 5) -> None:
        self.url = resolve_url(url)
        try:
            parsed = make_url(self.url)
        except (sa.exc.ArgumentError, ValueError):
            raise StorageError(
                f"'{self.url}' is not a database URL (examples: sqlite:////path/plans.db, "
                "postgresql+psycopg://user:password@host/dbname)"
            ) from None
        self.dialect = parsed.get_backend_name()
        self.location = parsed.render_as_string(hide_password=True)
        kwargs: dict[str, Any] = {}
        if self.dialect == "sqlite":
            path = _sqlite_path(parsed)
            if path is None:
                kwargs["poolclass"] = StaticPool
                kwargs["connect_args"] = {"check_same_thread": False}
            else:
                self.location = str(path)
                inspect_sqlite_file(path)
                try:
                    path.parent.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise StorageError(
                        f"cannot create the folder {path.parent} for the plans database: "
                        f"{exc.strerror}"
                    ) from None
                kwargs["connect_args"] = {"timeout": BUSY_TIMEOUT_MS / 1000}
                kwargs["pool_size"] = pool_size
        else:
            kwargs["pool_pre_ping"] = True
            kwargs["pool_size"] = pool_size
        try:
            self._engine: Engine = sa.create_engine(parsed, **kwargs)
        except (ImportError, SQLAlchemyError) as exc:
            raise StorageError(f"cannot use the database {self.location}: {exc}") from None
        if self.dialect == "sqlite":
            _configure_sqlite(self._engine)
        self._migrate()

    # -- connection management

    def close(self) -> None:
        """Release the connection pool (the store can be opened again with a new PlanStore)."""
        self._engine.dispose()

    def __enter__(self) -> PlanStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"PlanStore({self.location!r})"

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        try:
            with self._engine.connect() as conn, conn.begin():
                yield conn
        except DBAPIError as exc:
            raise self._database_error(exc) from None

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """A write transaction: on SQLite `BEGIN IMMEDIATE`, so writers wait their turn."""
        try:
            with self._engine.connect() as conn:
                conn.execution_options(planner_write=True)
                with conn.begin():
                    yield conn
        except IntegrityError:
            raise
        except DBAPIError as exc:
            raise self._database_error(exc) from None

    def _database_error(self, exc: DBAPIError) -> StorageError:
        detail = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        if isinstance(exc, OperationalError) and "locked" in detail:
            return StorageError(
                f"the plans database {self.location} stayed busy for "
                f"{BUSY_TIMEOUT_MS // 1000} s (another program is writing to it); try again"
            )
        return StorageError(f"the plans database {self.location} failed: {detail}")

    # -- schema

    def schema_version(self) -> int:
        """The schema version the database is at (SCHEMA_VERSION once opened; 0 before)."""
        with self._read() as conn:
            return self._current_version(conn)

    def _current_version(self, conn: Connection) -> int:
        if not sa.inspect(conn).has_table(schema_table.name):
            return 0
        row = conn.execute(sa.select(sa.func.max(schema_table.c.version))).scalar()
        return int(row or 0)

    def _migrate(self) -> None:
        try:
            with self._write() as conn:
                if self.dialect == "postgresql":
                    # Two processes opening a new database must not both create the tables.
                    conn.execute(sa.text("SELECT pg_advisory_xact_lock(7324150061)"))
                current = self._current_version(conn)
                if current == 0 and sa.inspect(conn).has_table(plans_table.name):
                    _refuse_unversioned(self.location)
                if current > SCHEMA_VERSION:
                    _refuse_newer(self.location, current)
                if current == SCHEMA_VERSION:
                    return
                for number in range(current, SCHEMA_VERSION):
                    MIGRATIONS[number](conn)
                conn.execute(sa.delete(schema_table))
                conn.execute(sa.insert(schema_table).values(version=SCHEMA_VERSION))
        except IntegrityError as exc:
            raise StorageError(f"cannot set up the plans database {self.location}: {exc}") from None

    # -- plans

    def list_plans(self) -> list[PlanRecord]:
        """All plans, most recently changed first."""
        with self._read() as conn:
            rows = conn.execute(self._plan_query().order_by(plans_table.c.updated_at.desc()))
            return [self._plan_record(row) for row in rows]

    def get_plan(self, plan_id: int) -> PlanRecord:
        """The plan with that id; NotFoundError when there is none."""
        with self._read() as conn:
            return self._get_plan(conn, plan_id)

    def find_plan(self, name: str) -> PlanRecord | None:
        """The plan with that name (spaces collapsed, exact case), or None."""
        with self._read() as conn:
            row = conn.execute(
                self._plan_query().where(plans_table.c.name == " ".join(name.split()))
            ).first()
            return None if row is None else self._plan_record(row)

    def create_plan(self, name: str, plan: Plan) -> PlanRecord:
        """A new plan whose working copy is `plan` (revision 1, no versions yet)."""
        name = _clean_name(name)
        now = _now()
        try:
            with self._write() as conn:
                plan_id = conn.execute(
                    sa.insert(plans_table)
                    .values(
                        name=name,
                        created_at=now,
                        updated_at=now,
                        revision=1,
                        draft=_plan_json(plan),
                        last_version=0,
                    )
                    .returning(plans_table.c.id)
                ).scalar_one()
                return self._get_plan(conn, plan_id)
        except IntegrityError:
            raise _name_taken(name) from None

    def unique_name(self, base: str) -> str:
        """`base`, or `base (2)`, `base (3)`... whichever is not taken yet."""
        base = _clean_name(base)
        with self._read() as conn:
            taken = set(conn.execute(sa.select(plans_table.c.name)).scalars())
        if base not in taken:
            return base
        number = 2
        while True:
            suffix = f" ({number})"
            candidate = base[: MAX_NAME_LENGTH - len(suffix)] + suffix
            if candidate not in taken:
                return candidate
            number += 1

    def load_draft(self, plan_id: int) -> Draft:
        """The working copy; `PlanError` when its content is no longer a valid plan."""
        with self._read() as conn:
            row = conn.execute(
                sa.select(
                    plans_table.c.name,
                    plans_table.c.draft,
                    plans_table.c.revision,
                    plans_table.c.updated_at,
                ).where(plans_table.c.id == plan_id)
            ).first()
        if row is None:
            raise _no_plan(plan_id)
        plan = _plan_from_json(row.draft, f"the working copy of plan '{row.name}'")
        return Draft(plan_id, row.name, plan, row.revision, _utc(row.updated_at))

    def save_draft(self, plan_id: int, plan: Plan, expected_revision: int) -> int:
        """Store the working copy if nobody saved since `expected_revision`; the new revision.

        Raises ConflictError (nothing written) when another session saved in between.
        """
        now = _now()
        with self._write() as conn:
            result = conn.execute(
                sa.update(plans_table)
                .where(plans_table.c.id == plan_id, plans_table.c.revision == expected_revision)
                .values(draft=_plan_json(plan), revision=expected_revision + 1, updated_at=now)
            )
            if result.rowcount == 1:
                return expected_revision + 1
            record = self._get_plan(conn, plan_id)
        raise ConflictError(
            plan_id, record.name, expected_revision, record.revision, record.updated_at
        )

    def rename(self, plan_id: int, new_name: str) -> PlanRecord:
        """Give the plan a new (unique) name; its revision and versions are unchanged."""
        new_name = _clean_name(new_name)
        try:
            with self._write() as conn:
                result = conn.execute(
                    sa.update(plans_table)
                    .where(plans_table.c.id == plan_id)
                    .values(name=new_name, updated_at=_now())
                )
                if result.rowcount != 1:
                    raise _no_plan(plan_id)
                return self._get_plan(conn, plan_id)
        except IntegrityError:
            raise _name_taken(new_name) from None

    def duplicate(self, plan_id: int, new_name: str, *, version: int | None = None) -> PlanRecord:
        """A new plan (no versions) whose working copy is this plan's, or one of its versions."""
        if version is None:
            plan = self.load_draft(plan_id).plan
        else:
            plan = self.load_version(plan_id, version)
        return self.create_plan(new_name, plan)

    def delete(self, plan_id: int) -> None:
        """Delete the plan and all its versions."""
        with self._write() as conn:
            conn.execute(sa.delete(versions_table).where(versions_table.c.plan_id == plan_id))
            result = conn.execute(sa.delete(plans_table).where(plans_table.c.id == plan_id))
            if result.rowcount != 1:
                raise _no_plan(plan_id)

    # -- versions

    def save_version(
        self,
        plan_id: int,
        plan: Plan,
        note: str = "",
        *,
        source: str = "app",
        replace_draft: bool = False,
    ) -> VersionRecord:
        """An immutable snapshot numbered one above the plan's last.

        replace_draft=True also makes `plan` the working copy (bumping the revision, so a window
        still on the old one gets a conflict instead of overwriting it): the command line does
        this, the app snapshots what it has already autosaved.
        """
        note = _clean_note(note)
        now = _now()
        with self._write() as conn:
            # Bumping the counter locks the plan's row: concurrent writers get distinct numbers.
            values: dict[str, Any] = {"last_version": plans_table.c.last_version + 1}
            if replace_draft:
                values |= {
                    "draft": _plan_json(plan),
                    "revision": plans_table.c.revision + 1,
                    "updated_at": now,
                }
            number = conn.execute(
                sa.update(plans_table)
                .where(plans_table.c.id == plan_id)
                .values(**values)
                .returning(plans_table.c.last_version)
            ).scalar()
            if number is None:
                raise _no_plan(plan_id)
            conn.execute(
                sa.insert(versions_table).values(
                    plan_id=plan_id,
                    number=number,
                    note=note,
                    created_at=now,
                    content=_plan_json(plan),
                    source=source,
                )
            )
        return VersionRecord(plan_id, number, note, now, source)

    def list_versions(self, plan_id: int) -> list[VersionRecord]:
        """The plan's versions, oldest first."""
        with self._read() as conn:
            self._get_plan(conn, plan_id)
            rows = conn.execute(
                sa.select(
                    versions_table.c.number,
                    versions_table.c.note,
                    versions_table.c.created_at,
                    versions_table.c.source,
                )
                .where(versions_table.c.plan_id == plan_id)
                .order_by(versions_table.c.number)
            )
            return [
                VersionRecord(plan_id, r.number, r.note, _utc(r.created_at), r.source or "")
                for r in rows
            ]

    def load_version(self, plan_id: int, number: int) -> Plan:
        """Version `number` of the plan; NotFoundError names the versions there are."""
        with self._read() as conn:
            record = self._get_plan(conn, plan_id)
            content = conn.execute(
                sa.select(versions_table.c.content).where(
                    versions_table.c.plan_id == plan_id, versions_table.c.number == number
                )
            ).scalar()
        if content is None:
            have = f"1 to {record.latest_version}" if record.latest_version else "none yet"
            raise NotFoundError(f"plan '{record.name}' has no version {number} (versions: {have})")
        return _plan_from_json(content, f"version {number} of plan '{record.name}'")

    # -- checks

    def integrity_check(self) -> str:
        """SQLite's `PRAGMA integrity_check` ("ok" when sound); "ok" on other databases."""
        if self.dialect != "sqlite":
            return "ok"
        with self._read() as conn:
            return "; ".join(str(r[0]) for r in conn.exec_driver_sql("PRAGMA integrity_check"))

    # -- internals

    @staticmethod
    def _plan_query() -> sa.Select[Any]:
        counts = (
            sa.select(
                versions_table.c.plan_id,
                sa.func.count().label("version_count"),
                sa.func.max(versions_table.c.number).label("latest_version"),
            )
            .group_by(versions_table.c.plan_id)
            .subquery()
        )
        return sa.select(
            plans_table.c.id,
            plans_table.c.name,
            plans_table.c.created_at,
            plans_table.c.updated_at,
            plans_table.c.revision,
            sa.func.coalesce(counts.c.version_count, 0).label("version_count"),
            counts.c.latest_version,
        ).outerjoin(counts, counts.c.plan_id == plans_table.c.id)

    @staticmethod
    def _plan_record(row: Any) -> PlanRecord:
        return PlanRecord(
            id=row.id,
            name=row.name,
            created_at=_utc(row.created_at),
            updated_at=_utc(row.updated_at),
            revision=row.revision,
            version_count=int(row.version_count),
            latest_version=row.latest_version,
        )

    def _get_plan(self, conn: Connection, plan_id: int) -> PlanRecord:
        row = conn.execute(self._plan_query().where(plans_table.c.id == plan_id)).first()
        if row is None:
            raise _no_plan(plan_id)
        return self._plan_record(row)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite's own is always DEFERRED).
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            _retry_locked(lambda: cursor.execute("PRAGMA journal_mode = WAL"))
            cursor.execute("PRAGMA foreign_keys = ON")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        write = conn.get_execution_options().get("planner_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def _retry_locked(action: Callable[[], object], attempts: int = 50) -> None:
    # Switching a new file to WAL takes a lock that busy_timeout does not always wait for.
    for attempt in range(attempts):
        try:
            action()
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == attempts - 1:
                raise
            time.sleep(0.05)
