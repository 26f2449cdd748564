"""Plans in a database: the working copy of each plan (autosaved) and its immutable versions.

`PlanStore` is the one place with SQL; the app (through `ui.session.persistence`) and the command
line (`planner.cli.plans`) use the same methods. Every method is one transaction, so an action a
founder sees as one step ("go back to version 3") is all done or not done at all.

Where the data lives: `PlanStore(url)` takes any SQLAlchemy URL, else the one `resolve_url` picks
(`planner.storage.urls`: `PLANNER_DATABASE_URL`, else the default SQLite file in the user's data
folder). SQLite runs in WAL mode with a busy timeout, so several processes (app sessions, the
command line) share one file safely; write transactions start with `BEGIN IMMEDIATE` so writers
queue instead of failing. A PostgreSQL URL (`postgresql+psycopg://user:password@host/dbname`)
serves a shared deployment. The tables are in `planner.storage.schema`.

Optimistic locking: every save of the working copy bumps the plan's `revision`, and a write made on
what a window loaded says which revision that was (`UPDATE ... WHERE revision = :expected`): when
another session saved in between, nothing is written and `ConflictError` says so (no silent
overwrite).

What is refused, without writing a byte: a file that is not an SQLite database, an SQLite
database that belongs to another program, a damaged database (`planner.storage.sqlite_file`), and a
database whose schema is newer than this app. Each gives a `StorageError` naming the file.

Owners and shares (`planner.storage.access`): `PlanStore(url, user=EMAIL)` or
`store.as_user(EMAIL)` acts as that user: it sees only the plans the user owns or that are shared
with them, an id it may not see is "not found" exactly as a missing one, and a viewer's (or an
editor's) attempt at what their role does not allow is a `PermissionDeniedError`, nothing
written. New plans belong to the user; names are unique per owner. `PlanStore(url)` with no user
is single-user mode: it sees and may do everything, and the plans it creates have no owner.
Plans without an owner (made before owners existed, or in single-user mode) are taken over with
`claim_unowned(EMAIL)` (the app calls it at a user's first sign-in; `plans claim --owner EMAIL`
on the command line). For the app: one `PlanStore` per server process (one connection pool), and
a cheap `as_user` view per signed-in session; closing a view leaves the pool open.

Plan content is stored as the JSON of `plan_to_dict` and read back with `plan_from_dict`, so content
that no longer validates (an older plan format) gives a `PlanError` naming the plan, not a crash.
"""

from __future__ import annotations

import copy
import json
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.pool import StaticPool

from planner.model.files import plan_from_dict, plan_to_dict
from planner.model.issues import PlanError
from planner.model.plan import Plan
from planner.storage.access import OWNER, RANK, clean_email, clean_role, clean_user, denied
from planner.storage.errors import ConflictError, NotFoundError, StorageError
from planner.storage.schema import (
    MAX_NAME_LENGTH,
    MAX_NOTE_LENGTH,
    current_version,
    migrate,
    plans_table,
    shares_table,
    versions_table,
)
from planner.storage.sqlite_file import inspect_sqlite_file
from planner.storage.urls import hide_secrets, mask_url, resolve_url, sqlite_path

BUSY_TIMEOUT_MS = 30_000
"""How long an SQLite writer waits for another writer's transaction before giving up (30 s)."""


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
    owner: str = ""
    """The owner's e-mail (lower-case), "" for a plan with no owner (see `claim_unowned`)."""
    access: str = OWNER
    """What the store's user may do with it: "owner", "editor" or "viewer" (see `access`)."""


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
    saved_by: str = ""
    """The e-mail of the user who saved it; "" in single-user mode and before schema v3."""


@dataclass(frozen=True)
class Share:
    """A plan shared with a user: `role` is "viewer" or "editor" (see `planner.storage.access`)."""

    plan_id: int
    email: str
    role: str
    created_at: datetime


@dataclass(frozen=True)
class Restored:
    """What going back to a version did: the new working copy, and the version that keeps the
    working copy it replaced (None when that was already the latest saved version)."""

    draft: Draft
    version: int
    """The version that is now the working copy."""
    kept: VersionRecord | None


def kept_note(version: int) -> str:
    """The note of the version that keeps the working copy before going back to `version`."""
    return f"Kept automatically before going back to version {version}"


# --- helpers --------------------------------------------------------------------------------


def _now() -> datetime:
    return datetime.now(UTC)


def _utc(value: datetime) -> datetime:
    # SQLite keeps no time zone: what we wrote was UTC.
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _plan_json(plan: Plan) -> str:
    return json.dumps(plan_to_dict(plan), ensure_ascii=False, separators=(",", ":"))


def _renamed(content: str, name: str) -> str:
    """Stored plan content with its plan name (`settings.name`) set to `name`: a plan has one
    name, the one "My plans" lists, so every write of a name writes it in the content too.
    Content that is not a plan's JSON object is left as it is (reading it reports the problem)."""
    try:
        data = json.loads(content)
    except json.JSONDecodeError:
        return content
    if not isinstance(data, dict) or not isinstance(data.get("settings", {}), dict):
        return content
    if data.get("settings", {}).get("name") == name:
        return content
    data["settings"] = {**data.get("settings", {}), "name": name}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _named(plan: Plan, name: str) -> Plan:
    """`plan` under the name it is stored with (one name per plan, see `_renamed`)."""
    if plan.settings.name == name:
        return plan
    return plan.model_copy(update={"settings": plan.settings.model_copy(update={"name": name})})


def fit_name(base: str, suffix: str = "") -> str:
    """`base` + `suffix` within the name limit, `base` shortened (and its spaces collapsed) to
    make room: the name a page proposes for a copy always fits.

    >>> fit_name("A" * 118, " (copy)") == "A" * 113 + " (copy)"
    True
    """
    base = " ".join(str(base).split())
    return base[: MAX_NAME_LENGTH - len(suffix)].rstrip() + suffix


def _plan_from_json(text: str, source: str) -> Plan:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise PlanError(f"{source} is not readable JSON: {exc}") from None
    return plan_from_dict(data, source=source)


def _same_plan(a: str, b: str) -> bool:
    """Whether two stored contents hold the same plan (equal text, or equal once read: an older
    app may have written the same plan differently). Unreadable content counts as different, so
    it is kept rather than lost. The plan name is left out: a plan has one name, the one it is
    stored under (`_named`), whatever name a version's content was written with."""
    if a == b:
        return True
    try:
        first, second = _plan_from_json(a, "a"), _plan_from_json(b, "b")
    except PlanError:
        return False
    return _named(first, second.settings.name) == second


def _clean_name(name: str) -> str:
    cleaned = " ".join(str(name).split())
    if not cleaned:
        raise StorageError("a plan name must not be empty")
    if len(cleaned) > MAX_NAME_LENGTH:
        raise StorageError(
            f"a plan name may be at most {MAX_NAME_LENGTH} characters, got {len(cleaned)}"
        )
    return cleaned


def _free_name(base: str, taken: set[str]) -> str:
    """`base`, or `base (2)`, `base (3)`... whichever is not in `taken`."""
    if base not in taken:
        return base
    number = 2
    while True:
        suffix = f" ({number})"
        candidate = base[: MAX_NAME_LENGTH - len(suffix)] + suffix
        if candidate not in taken:
            return candidate
        number += 1


def _no_plan(plan_id: int) -> NotFoundError:
    return NotFoundError(f"there is no plan with id {plan_id} (was it deleted?)")


def _no_version(name: str, number: int, latest: int | None) -> NotFoundError:
    have = f"1 to {latest}" if latest else "none yet"
    return NotFoundError(f"plan '{name}' has no version {number} (versions: {have})")


def _name_taken(name: str) -> StorageError:
    return StorageError(f"a plan named '{name}' already exists; choose another name")


def _clean_note(note: str) -> str:
    note = str(note or "").strip()
    if len(note) > MAX_NOTE_LENGTH:
        raise StorageError(
            f"a version note may be at most {MAX_NOTE_LENGTH} characters, got {len(note)}"
        )
    return note


# --- the store ------------------------------------------------------------------------------


class PlanStore:
    """Plans and their versions in one database (see the module docstring)."""

    def __init__(
        self, url: str | None = None, *, pool_size: int = 5, user: str | None = None
    ) -> None:
        """Open (and migrate) the database; `user`: act as that user (None: single-user mode).

        Every StorageError raised here or later has the URL's password masked
        (`planner.storage.urls.hide_secrets`), whatever is wrong with the URL.
        """
        self.user = clean_user(user)
        self.url = resolve_url(url)
        self.location = mask_url(self.url)
        self._owns_engine = True
        try:
            parsed = make_url(self.url)
        except (sa.exc.ArgumentError, ValueError):
            raise StorageError(
                f"'{self.location}' is not a database URL (examples: sqlite:////path/plans.db, "
                "postgresql+psycopg://user:password@host/dbname)"
            ) from None
        self.dialect = parsed.get_backend_name()
        self.location = parsed.render_as_string(hide_password=True)
        options = self._engine_options(parsed, pool_size)
        try:
            self._engine: Engine = sa.create_engine(parsed, **options)
        except (ImportError, SQLAlchemyError, ValueError, TypeError) as exc:
            raise StorageError(
                self._hide(f"cannot use the database {self.location}: {exc}")
            ) from None
        if self.dialect == "sqlite":
            _configure_sqlite(self._engine)
        self._migrate()

    def as_user(self, user: str | None) -> PlanStore:
        """This store acting as `user` (None: single-user mode), on the same connection pool:
        cheap enough for one per request or session. Closing it leaves the pool open."""
        view = copy.copy(self)
        view.user = clean_user(user)
        view._owns_engine = False
        return view

    def _hide(self, text: str) -> str:
        return hide_secrets(text, self.url)

    def _engine_options(self, parsed: sa.URL, pool_size: int) -> dict[str, Any]:
        """How to connect; for an SQLite file, first check it read-only and make its folder."""
        if self.dialect != "sqlite":
            return {"pool_pre_ping": True, "pool_size": pool_size}
        path = sqlite_path(parsed)
        if path is None:
            return {"poolclass": StaticPool, "connect_args": {"check_same_thread": False}}
        self.location = str(path)
        inspect_sqlite_file(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(
                f"cannot create the folder {path.parent} for the plans database: {exc.strerror}"
            ) from None
        return {"connect_args": {"timeout": BUSY_TIMEOUT_MS / 1000}, "pool_size": pool_size}

    # -- connection management

    def close(self) -> None:
        """Release the connection pool (the store can be opened again with a new PlanStore); a
        view made by `as_user` leaves its store's pool open."""
        if self._owns_engine:
            self._engine.dispose()

    def __enter__(self) -> PlanStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        as_user = f", user={self.user!r}" if self.user else ""
        return f"PlanStore({self.location!r}{as_user})"

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        try:
            with self._engine.connect() as conn, conn.begin():
                yield conn
        except DBAPIError as exc:
            raise self._database_error(exc) from None

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """A write transaction: on SQLite `BEGIN IMMEDIATE`, so writers wait their turn. Any
        exception inside rolls it all back."""
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
        return StorageError(self._hide(f"the plans database {self.location} failed: {detail}"))

    # -- schema

    def schema_version(self) -> int:
        """The schema version the database is at (SCHEMA_VERSION once opened; 0 before)."""
        with self._read() as conn:
            return current_version(conn)

    def _migrate(self) -> None:
        try:
            with self._write() as conn:
                if self.dialect == "postgresql":
                    # Two processes opening a new database must not both create the tables.
                    conn.execute(sa.text("SELECT pg_advisory_xact_lock(7324150061)"))
                migrate(conn, self.location)
        except IntegrityError as exc:
            raise StorageError(
                self._hide(f"cannot set up the plans database {self.location}: {exc}")
            ) from None

    # -- plans

    def list_plans(self) -> list[PlanRecord]:
        """The plans this store's user may see (all in single-user mode), most recently changed
        first."""
        with self._read() as conn:
            rows = conn.execute(self._plan_query().order_by(plans_table.c.updated_at.desc()))
            return [self._plan_record(row) for row in rows]

    def get_plan(self, plan_id: int) -> PlanRecord:
        """The plan with that id; NotFoundError when there is none."""
        with self._read() as conn:
            return self._get_plan(conn, plan_id)

    def find_plan(self, name: str) -> PlanRecord | None:
        """The plan with that name (spaces collapsed, exact case) among those the user may see,
        or None: see `_find`."""
        with self._read() as conn:
            return self._find(conn, name)

    def create_plan(self, name: str, plan: Plan, *, unique: bool = False) -> PlanRecord:
        """A new plan whose working copy is `plan` (revision 1, no versions yet).

        unique=True turns a name that is taken into `name (2)`, `name (3)`... in the same
        transaction; otherwise a taken name is refused.
        """
        name = _clean_name(name)
        try:
            with self._write() as conn:
                return self._insert_plan(conn, name, _plan_json(plan), unique=unique)
        except IntegrityError:
            raise _name_taken(name) from None

    def unique_name(self, base: str) -> str:
        """`base`, or `base (2)`, `base (3)`... whichever is not taken yet (a suggestion: a
        name can be taken before it is used; `unique=True` on a write settles it there)."""
        base = _clean_name(base)
        with self._read() as conn:
            return _free_name(base, self._names(conn))

    def load_draft(self, plan_id: int) -> Draft:
        """The working copy; `PlanError` when its content is no longer a valid plan."""
        with self._read() as conn:
            row = conn.execute(
                sa.select(
                    plans_table.c.name,
                    plans_table.c.draft,
                    plans_table.c.revision,
                    plans_table.c.updated_at,
                ).where(plans_table.c.id == plan_id, self._visible())
            ).first()
        if row is None:
            raise _no_plan(plan_id)
        plan = _plan_from_json(row.draft, f"the working copy of plan '{row.name}'")
        return Draft(plan_id, row.name, _named(plan, row.name), row.revision, _utc(row.updated_at))

    def save_draft(self, plan_id: int, plan: Plan, expected_revision: int) -> int:
        """Store the working copy if nobody saved since `expected_revision`; the new revision.

        Raises ConflictError (nothing written) when another session saved in between.
        """
        revision = expected_revision + 1
        values = {"draft": _plan_json(plan), "revision": revision, "updated_at": _now()}
        with self._write() as conn:
            self._require(conn, plan_id, "editor", "save")
            self._claim(conn, plan_id, expected_revision, values)
        return revision

    def rename(
        self, plan_id: int, new_name: str, *, expected_revision: int | None = None
    ) -> PlanRecord:
        """Give the plan a new (unique) name, in its working copy too (one name per plan): the
        revision goes up, so a window still on the old name reloads instead of saving it back.
        Its versions are unchanged. `expected_revision` as in `save_draft` (any when None)."""
        new_name = _clean_name(new_name)
        try:
            with self._write() as conn:
                self._require(conn, plan_id, "editor", "rename")
                row = self._claim(
                    conn,
                    plan_id,
                    expected_revision,
                    {
                        "name": new_name,
                        "updated_at": _now(),
                        "revision": plans_table.c.revision + 1,
                    },
                )
                conn.execute(
                    sa.update(plans_table)
                    .where(plans_table.c.id == plan_id)
                    .values(draft=_renamed(row.draft, new_name))
                )
                return self._get_plan(conn, plan_id)
        except IntegrityError:
            raise _name_taken(new_name) from None

    def duplicate(
        self, plan_id: int, new_name: str, *, version: int | None = None, unique: bool = False
    ) -> PlanRecord:
        """A new plan (no versions) whose working copy is this plan's, or one of its versions;
        read and written in one transaction. `unique` as in `create_plan`."""
        new_name = _clean_name(new_name)
        try:
            with self._write() as conn:
                source = self._get_plan(conn, plan_id)
                if version is None:
                    content = conn.execute(
                        sa.select(plans_table.c.draft).where(plans_table.c.id == plan_id)
                    ).scalar_one()
                    label = f"the working copy of plan '{source.name}'"
                else:
                    content = self._version_content(conn, plan_id, version)
                    label = f"version {version} of plan '{source.name}'"
                # Read back first: a copy of content that no longer validates is refused.
                plan = _plan_from_json(content, label)
                return self._insert_plan(conn, new_name, _plan_json(plan), unique=unique)
        except IntegrityError:
            raise _name_taken(new_name) from None

    def delete(self, plan_id: int) -> None:
        """Delete the plan and all its versions (and its shares): its owner only."""
        with self._write() as conn:
            self._require(conn, plan_id, OWNER, "delete")
            conn.execute(sa.delete(shares_table).where(shares_table.c.plan_id == plan_id))
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
        expected_revision: int | None = None,
    ) -> VersionRecord:
        """An immutable snapshot numbered one above the plan's last.

        replace_draft=True also makes `plan` the working copy (bumping the revision, so a window
        still on the old one gets a conflict instead of overwriting it): the command line does
        this. expected_revision: snapshot only if the working copy is still at that revision
        (ConflictError, nothing written, otherwise): the app passes the revision it autosaved
        `plan` as, so the version is exactly that working copy.
        """
        note = _clean_note(note)
        with self._write() as conn:
            return self._add_version(
                conn,
                plan_id,
                plan,
                note,
                source=source,
                replace_draft=replace_draft,
                expected_revision=expected_revision,
            )

    def save_version_named(
        self, name: str, plan: Plan, note: str = "", *, source: str = "app"
    ) -> tuple[PlanRecord, VersionRecord]:
        """`plan` as a new version, and the working copy, of the plan named `name` (found as
        `find_plan` finds it), which is created (owned by the user) when there is none: what
        `plans save --name` does. Never refused because another process is creating the same
        name at the same moment: on SQLite the whole step is one `BEGIN IMMEDIATE` transaction,
        so creators queue; on PostgreSQL the loser of the race for the name (the unique index
        makes it wait for the winner's commit, then fail) starts again and finds the winner's
        plan, so its save becomes the next version of that plan.
        """
        name, note = _clean_name(name), _clean_note(note)
        attempts = 5
        for attempt in range(attempts):
            try:
                with self._write() as conn:
                    record = self._find(conn, name)
                    if record is None:
                        record = self._insert_plan(conn, name, _plan_json(plan), unique=False)
                    version = self._add_version(
                        conn,
                        record.id,
                        plan,
                        note,
                        source=source,
                        replace_draft=True,
                        expected_revision=None,
                    )
                    return self._get_plan(conn, record.id), version
            except IntegrityError:
                if attempt == attempts - 1:
                    raise _name_taken(name) from None
        raise AssertionError("unreachable")  # pragma: no cover

    def _add_version(
        self,
        conn: Connection,
        plan_id: int,
        plan: Plan,
        note: str,
        *,
        source: str,
        replace_draft: bool,
        expected_revision: int | None,
    ) -> VersionRecord:
        """`save_version` inside the caller's write transaction (`note` already cleaned)."""
        self._require(conn, plan_id, "editor", "save a version of")
        now = _now()
        # Bumping the counter locks the plan's row: concurrent writers get distinct numbers.
        values: dict[str, Any] = {"last_version": plans_table.c.last_version + 1}
        if replace_draft:
            values |= {
                "draft": _plan_json(plan),
                "revision": plans_table.c.revision + 1,
                "updated_at": now,
            }
        row = self._claim(conn, plan_id, expected_revision, values)
        return self._insert_version(
            conn,
            plan_id,
            number=row.last_version,
            content=_plan_json(plan),
            note=note,
            source=source,
            now=now,
            saved_by=self.user or "",
        )

    def restore_version(
        self, plan_id: int, number: int, expected_revision: int, *, source: str = "app"
    ) -> Restored:
        """Go back to version `number`: it becomes the working copy, in one transaction.

        The working copy it replaces is kept first as a new version (note: `kept_note(number)`),
        unless it holds the same plan as the latest version. Done only if the working copy is
        still at `expected_revision` (ConflictError, nothing written, otherwise); the revision
        goes up by one, so a window still on the old working copy gets a conflict instead of
        overwriting it. NotFoundError names the versions there are; PlanError when version
        `number` no longer validates (nothing written either way).
        """
        now = _now()
        with self._write() as conn:
            self._require(conn, plan_id, "editor", "go back to a version of")
            row = self._claim(
                conn,
                plan_id,
                expected_revision,
                {"revision": expected_revision + 1, "updated_at": now},
            )
            content = self._version_content(conn, plan_id, number)
            plan = _named(
                _plan_from_json(content, f"version {number} of plan '{row.name}'"), row.name
            )
            latest = conn.execute(
                sa.select(versions_table.c.content)
                .where(versions_table.c.plan_id == plan_id)
                .order_by(versions_table.c.number.desc())
                .limit(1)
            ).scalar_one()
            kept = None
            values: dict[str, Any] = {"draft": _plan_json(plan)}
            if not _same_plan(row.draft, latest):
                kept_number = row.last_version + 1
                values["last_version"] = kept_number
                note = kept_note(number)
                kept = self._insert_version(
                    conn,
                    plan_id,
                    number=kept_number,
                    content=row.draft,
                    note=note,
                    source=source,
                    now=now,
                    saved_by=self.user or "",
                )
            conn.execute(sa.update(plans_table).where(plans_table.c.id == plan_id).values(values))
        draft = Draft(plan_id, row.name, plan, expected_revision + 1, now)
        return Restored(draft, number, kept)

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
                    versions_table.c.saved_by,
                )
                .where(versions_table.c.plan_id == plan_id)
                .order_by(versions_table.c.number)
            )
            return [
                VersionRecord(
                    plan_id, r.number, r.note, _utc(r.created_at), r.source or "", r.saved_by or ""
                )
                for r in rows
            ]

    def load_version(self, plan_id: int, number: int) -> Plan:
        """Version `number` of the plan; NotFoundError names the versions there are."""
        with self._read() as conn:
            record = self._get_plan(conn, plan_id)
            content = self._version_content(conn, plan_id, number)
        return _plan_from_json(content, f"version {number} of plan '{record.name}'")

    # -- owners and shares (see planner.storage.access)

    def share(self, plan_id: int, email: str, role: str = "viewer") -> Share:
        """Share the plan with `email` as "viewer" or "editor" (a share that exists gets the new
        role): its owner only. Sharing with the owner is refused."""
        email = clean_email(email, field="the e-mail address to share with")
        role = clean_role(role)
        with self._write() as conn:
            owner = self._require(conn, plan_id, OWNER, "share")
            if email == owner:
                raise StorageError(f"{email} owns this plan already; share it with someone else")
            now = _now()
            mine = (shares_table.c.plan_id == plan_id) & (shares_table.c.email == email)
            updated = conn.execute(sa.update(shares_table).where(mine).values(role=role))
            if updated.rowcount == 0:
                conn.execute(
                    sa.insert(shares_table).values(
                        plan_id=plan_id, email=email, role=role, created_at=now
                    )
                )
            created = conn.execute(sa.select(shares_table.c.created_at).where(mine)).scalar_one()
        return Share(plan_id, email, role, _utc(created))

    def unshare(self, plan_id: int, email: str) -> bool:
        """Stop sharing the plan with `email` (its owner only); False when it was not shared."""
        email = clean_email(email, field="the e-mail address to stop sharing with")
        with self._write() as conn:
            self._require(conn, plan_id, OWNER, "unshare")
            removed = conn.execute(
                sa.delete(shares_table).where(
                    shares_table.c.plan_id == plan_id, shares_table.c.email == email
                )
            )
            return bool(removed.rowcount)

    def list_shares(self, plan_id: int) -> list[Share]:
        """Who else the plan is shared with (anyone who may see the plan may see this), by
        e-mail."""
        with self._read() as conn:
            self._require(conn, plan_id, "viewer", "see")
            rows = conn.execute(
                sa.select(shares_table)
                .where(shares_table.c.plan_id == plan_id)
                .order_by(shares_table.c.email)
            )
            return [Share(r.plan_id, r.email, r.role, _utc(r.created_at)) for r in rows]

    def claim_unowned(self, owner: str | None = None) -> list[PlanRecord]:
        """Give every plan that has no owner to `owner` (default: the store's user), in one
        transaction; the plans taken over, oldest first. A name the owner already uses gets
        " (2)", " (3)"... A share of a claimed plan with its new owner is dropped (they own it
        now). Two users claiming at once: the first takes them all, the other none.

        The app calls it as the user signs in (the first user to sign in gets the plans made
        before sign-in was switched on); `plans claim --owner EMAIL` names the owner instead.
        A store acting as a user may claim only for that user.
        """
        new_owner = clean_email(owner or self.user or "", field="the new owner")
        if self.user is not None and new_owner != self.user:
            raise StorageError(
                f"signed in as {self.user}, you can claim plans only for yourself, not {new_owner}"
            )
        mine = self.as_user(new_owner)
        with self._write() as conn:
            unowned = conn.execute(
                sa.select(plans_table.c.id, plans_table.c.name)
                .where(plans_table.c.owner == "")
                .order_by(plans_table.c.id)
            ).all()
            taken = mine._names(conn)
            for row in unowned:
                name = _free_name(row.name, taken)
                taken.add(name)
                conn.execute(
                    sa.update(plans_table)
                    .where(plans_table.c.id == row.id, plans_table.c.owner == "")
                    .values(owner=new_owner, name=name)
                )
                conn.execute(
                    sa.delete(shares_table).where(
                        shares_table.c.plan_id == row.id, shares_table.c.email == new_owner
                    )
                )
            return [mine._get_plan(conn, row.id) for row in unowned]

    # -- checks

    def integrity_check(self) -> str:
        """SQLite's `PRAGMA integrity_check` ("ok" when sound); "ok" on other databases."""
        if self.dialect != "sqlite":
            return "ok"
        with self._read() as conn:
            return "; ".join(str(r[0]) for r in conn.exec_driver_sql("PRAGMA integrity_check"))

    # -- internals

    def _plan_query(self) -> sa.Select[Any]:
        """The plans the user may see, as rows for `_plan_record`."""
        counts = (
            sa.select(
                versions_table.c.plan_id,
                sa.func.count().label("version_count"),
                sa.func.max(versions_table.c.number).label("latest_version"),
            )
            .group_by(versions_table.c.plan_id)
            .subquery()
        )
        return (
            sa.select(
                plans_table.c.id,
                plans_table.c.name,
                plans_table.c.created_at,
                plans_table.c.updated_at,
                plans_table.c.revision,
                sa.func.coalesce(counts.c.version_count, 0).label("version_count"),
                counts.c.latest_version,
                plans_table.c.owner,
                self._access_column().label("access"),
            )
            .outerjoin(counts, counts.c.plan_id == plans_table.c.id)
            .where(self._visible())
        )

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
            owner=row.owner or "",
            access=row.access,
        )

    def _get_plan(self, conn: Connection, plan_id: int) -> PlanRecord:
        row = conn.execute(self._plan_query().where(plans_table.c.id == plan_id)).first()
        if row is None:
            raise _no_plan(plan_id)
        return self._plan_record(row)

    def _visible(self) -> sa.ColumnElement[bool]:
        """Which plans the user may see: theirs and those shared with them (all without one)."""
        if self.user is None:
            return sa.true()
        shared = sa.select(shares_table.c.plan_id).where(shares_table.c.email == self.user)
        return sa.or_(plans_table.c.owner == self.user, plans_table.c.id.in_(shared))

    def _access_column(self) -> sa.ColumnElement[str]:
        """The user's role on each plan: "owner", or the role it is shared with them as."""
        if self.user is None:
            return sa.literal(OWNER, sa.String)
        role = (
            sa.select(shares_table.c.role)
            .where(shares_table.c.plan_id == plans_table.c.id, shares_table.c.email == self.user)
            .scalar_subquery()
        )
        return sa.case((plans_table.c.owner == self.user, sa.literal(OWNER)), else_=role)

    def _require(self, conn: Connection, plan_id: int, need: str, action: str) -> str:
        """Refuse unless the user's role on the plan is at least `need` ("viewer", "editor",
        "owner"): NotFoundError, worded as for a missing plan, when they may not see it;
        PermissionDeniedError naming `action` when their role is too low. The plan's owner.

        In single-user mode nothing is checked here (a missing plan is reported by the step
        that looks for it). On PostgreSQL a writer's share row is locked until the
        transaction ends, so an unshare cannot slip in between this check and the write.
        """
        if self.user is None:
            owner = conn.execute(
                sa.select(plans_table.c.owner).where(plans_table.c.id == plan_id)
            ).scalar()
            return str(owner or "")
        row = conn.execute(
            sa.select(plans_table.c.name, plans_table.c.owner).where(plans_table.c.id == plan_id)
        ).first()
        if row is None:
            raise _no_plan(plan_id)
        role = OWNER if row.owner == self.user else None
        if role is None:
            query = sa.select(shares_table.c.role).where(
                shares_table.c.plan_id == plan_id, shares_table.c.email == self.user
            )
            if need != "viewer":
                query = query.with_for_update(read=True)
            role = conn.execute(query).scalar()
        if role is None:
            raise _no_plan(plan_id)
        if RANK[role] < RANK[need]:
            raise denied(row.name, row.owner, role, action)
        return str(row.owner)

    def _find(self, conn: Connection, name: str) -> PlanRecord | None:
        """The plan named `name` that the user may see, or None. Names are unique per owner,
        so several may match: the user's own comes first (in single-user mode the one with no
        owner), else the only one shared with them; several shared ones and none of their own
        is a StorageError naming the owners."""
        name = " ".join(name.split())
        rows = conn.execute(self._plan_query().where(plans_table.c.name == name)).all()
        records = [self._plan_record(row) for row in rows]
        own = [r for r in records if r.owner == (self.user or "")]
        if own or len(records) <= 1:
            found = own or records
            return found[0] if found else None
        owners = ", ".join(sorted(r.owner for r in records))
        raise StorageError(
            f"several plans named '{name}' are shared with you (owners: {owners}); ask one of "
            "them to rename theirs, or copy one under a name of your own"
        )

    def _names(self, conn: Connection) -> set[str]:
        """The names taken for a new plan of this user (names are unique per owner)."""
        mine = plans_table.c.owner == (self.user or "")
        return set(conn.execute(sa.select(plans_table.c.name).where(mine)).scalars())

    def _insert_plan(
        self, conn: Connection, name: str, content: str, *, unique: bool
    ) -> PlanRecord:
        if unique:
            name = _free_name(name, self._names(conn))
        content = _renamed(content, name)  # one name per plan, also when made unique
        now = _now()
        plan_id = conn.execute(
            sa.insert(plans_table)
            .values(
                name=name,
                created_at=now,
                updated_at=now,
                revision=1,
                draft=content,
                last_version=0,
                owner=self.user or "",
            )
            .returning(plans_table.c.id)
        ).scalar_one()
        return self._get_plan(conn, plan_id)

    def _claim(
        self,
        conn: Connection,
        plan_id: int,
        expected_revision: int | None,
        values: dict[str, Any],
    ) -> Any:
        """Update the plan's row with `values` if its working copy is at `expected_revision` (at
        any revision when None). The update locks the row until the transaction ends, so what
        follows in it sees no other writer. Returns the row as it was written, with the old
        working copy (`draft` is not in `values` when the caller needs the old one).

        NotFoundError or ConflictError when nothing was updated.
        """
        where = [plans_table.c.id == plan_id]
        if expected_revision is not None:
            where.append(plans_table.c.revision == expected_revision)
        row = conn.execute(
            sa.update(plans_table)
            .where(*where)
            .values(values)
            .returning(
                plans_table.c.name,
                plans_table.c.draft,
                plans_table.c.revision,
                plans_table.c.last_version,
            )
        ).first()
        if row is not None:
            return row
        record = self._get_plan(conn, plan_id)  # NotFoundError when there is no such plan
        raise ConflictError(
            plan_id, record.name, expected_revision or 0, record.revision, record.updated_at
        )

    def _version_content(self, conn: Connection, plan_id: int, number: int) -> str:
        content = conn.execute(
            sa.select(versions_table.c.content).where(
                versions_table.c.plan_id == plan_id, versions_table.c.number == number
            )
        ).scalar()
        if content is None:
            record = self._get_plan(conn, plan_id)
            raise _no_version(record.name, number, record.latest_version)
        return str(content)

    @staticmethod
    def _insert_version(
        conn: Connection,
        plan_id: int,
        *,
        number: int,
        content: str,
        note: str,
        source: str,
        now: datetime,
        saved_by: str = "",
    ) -> VersionRecord:
        conn.execute(
            sa.insert(versions_table).values(
                plan_id=plan_id,
                number=number,
                note=note,
                created_at=now,
                content=content,
                source=source,
                saved_by=saved_by,
            )
        )
        return VersionRecord(plan_id, number, note, now, source, saved_by)


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
