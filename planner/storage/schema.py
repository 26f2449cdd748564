"""The planner's tables and their migrations.

- `planner_plans`: one row per plan: a unique name, the working copy (`draft`, the plan as JSON), a
  `revision` that goes up by one at every save of the working copy (the token for optimistic
  locking), and `last_version`, the counter that numbers its versions.
- `planner_versions`: immutable snapshots ("save version" with a note), numbered 1, 2, 3... per
  plan, with where they were saved from (`source`, since schema version 2).
- `planner_shares` (since schema version 3): who else may see a plan, as `viewer` or `editor`.
- Owners (since schema version 3): `planner_plans.owner` is the owner's e-mail, lower-case, or ""
  for a plan with no owner (made in single-user mode, or before version 3; see
  `PlanStore.claim_unowned`). Names are unique per owner (`UNIQUE (owner, name)`), and each
  version records who saved it (`planner_versions.saved_by`, "" when unknown).
- `planner_schema`: the schema version. Opening an older database runs the missing migrations, in
  order, in one transaction; a database from a newer app is refused with a clear message.

Every table starts with `planner_`, so the planner can share a database with other programs.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from planner.storage.errors import StorageError

TABLE_PREFIX = "planner_"
MAX_NAME_LENGTH = 120
MAX_EMAIL_LENGTH = 320
"""The longest e-mail address (64 characters before the @, 255 after, as RFC 3696 allows)."""
MAX_NOTE_LENGTH = 2_000

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
    sa.Column("name", sa.String(MAX_NAME_LENGTH), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("revision", sa.Integer, nullable=False),
    sa.Column("draft", sa.Text, nullable=False),
    sa.Column("last_version", sa.Integer, nullable=False),
    # added by migration 3: "" for no owner; names are unique per owner
    sa.Column("owner", sa.String(MAX_EMAIL_LENGTH), nullable=False, server_default=""),
    sa.UniqueConstraint("owner", "name", name=f"{TABLE_PREFIX}plans_owner_name_key"),
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
    # added by migration 3: the e-mail of who saved it, "" when unknown
    sa.Column("saved_by", sa.String(MAX_EMAIL_LENGTH), nullable=False, server_default=""),
    sa.UniqueConstraint("plan_id", "number"),
)

SHARE_ROLES = ("viewer", "editor")
"""A viewer may read a shared plan and copy it; an editor may also change it (see `PlanStore`)."""

shares_table = sa.Table(
    f"{TABLE_PREFIX}shares",
    metadata,
    sa.Column(
        "plan_id",
        sa.Integer,
        sa.ForeignKey(f"{TABLE_PREFIX}plans.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("email", sa.String(MAX_EMAIL_LENGTH), primary_key=True),
    sa.Column("role", sa.String(10), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
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


def _v3_tables() -> sa.MetaData:
    """Schema version 3's plans, versions and shares tables, spelled out (see `_migrate_to_1`)."""
    v3 = sa.MetaData()
    sa.Table(
        f"{TABLE_PREFIX}plans",
        v3,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(MAX_NAME_LENGTH), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("draft", sa.Text, nullable=False),
        sa.Column("last_version", sa.Integer, nullable=False),
        sa.Column("owner", sa.String(MAX_EMAIL_LENGTH), nullable=False, server_default=""),
        sa.UniqueConstraint("owner", "name", name=f"{TABLE_PREFIX}plans_owner_name_key"),
    )
    sa.Table(
        f"{TABLE_PREFIX}versions",
        v3,
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
        sa.Column("source", sa.String(40), nullable=True),
        sa.Column("saved_by", sa.String(MAX_EMAIL_LENGTH), nullable=False, server_default=""),
        sa.UniqueConstraint("plan_id", "number"),
    )
    sa.Table(
        f"{TABLE_PREFIX}shares",
        v3,
        sa.Column(
            "plan_id",
            sa.Integer,
            sa.ForeignKey(f"{TABLE_PREFIX}plans.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("email", sa.String(MAX_EMAIL_LENGTH), primary_key=True),
        sa.Column("role", sa.String(10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    return v3


def _migrate_to_3(conn: Connection) -> None:
    """Owners, shares and who saved each version; plan names unique per owner, not overall.

    Existing plans get no owner (""), so they stay where they were in single-user mode and are
    taken over by `PlanStore.claim_unowned`. PostgreSQL alters the tables in place. SQLite cannot
    drop the old `UNIQUE (name)`, so it rebuilds both tables in this transaction: the old ones are
    renamed away (SQLite points the versions' foreign key at the renamed plans table), the new
    ones made, the rows copied with their ids, the old ones dropped (versions first, so no cascade
    touches a copied row).
    """
    tables = _v3_tables()
    p, v = f"{TABLE_PREFIX}plans", f"{TABLE_PREFIX}versions"
    if conn.dialect.name != "sqlite":
        conn.execute(
            sa.text(
                f"ALTER TABLE {p} ADD COLUMN owner VARCHAR({MAX_EMAIL_LENGTH}) NOT NULL DEFAULT ''"
            )
        )
        for constraint in sa.inspect(conn).get_unique_constraints(p):
            if constraint["column_names"] == ["name"]:
                conn.execute(sa.text(f'ALTER TABLE {p} DROP CONSTRAINT "{constraint["name"]}"'))
        conn.execute(
            sa.text(f"ALTER TABLE {p} ADD CONSTRAINT {p}_owner_name_key UNIQUE (owner, name)")
        )
        conn.execute(
            sa.text(
                f"ALTER TABLE {v} ADD COLUMN saved_by VARCHAR({MAX_EMAIL_LENGTH}) "
                "NOT NULL DEFAULT ''"
            )
        )
        tables.tables[f"{TABLE_PREFIX}shares"].create(conn)
        return
    conn.execute(sa.text(f"ALTER TABLE {v} RENAME TO {v}_old"))
    conn.execute(sa.text(f"ALTER TABLE {p} RENAME TO {p}_old"))
    tables.create_all(conn)
    plan_columns = "id, name, created_at, updated_at, revision, draft, last_version"
    conn.execute(
        sa.text(f"INSERT INTO {p} ({plan_columns}, owner) SELECT {plan_columns}, '' FROM {p}_old")
    )
    version_columns = "id, plan_id, number, note, created_at, content, source"
    conn.execute(
        sa.text(
            f"INSERT INTO {v} ({version_columns}, saved_by) "
            f"SELECT {version_columns}, '' FROM {v}_old"
        )
    )
    conn.execute(sa.text(f"DROP TABLE {v}_old"))
    conn.execute(sa.text(f"DROP TABLE {p}_old"))


MIGRATIONS: tuple[Callable[[Connection], None], ...] = (
    _migrate_to_1,
    _migrate_to_2,
    _migrate_to_3,
)
"""MIGRATIONS[i] takes a database from schema version i to i + 1. Append; never edit one."""
SCHEMA_VERSION = len(MIGRATIONS)


def check_version(location: str, version: int | None, *, has_our_tables: bool) -> None:
    """Refuse a database this app must not touch: our tables without a schema version (not made
    by this app), or a schema newer than SCHEMA_VERSION (made by a newer app). `version` is None
    (or 0) when there is no schema version."""
    if has_our_tables and not version:
        raise StorageError(
            f"{location} has planner tables but no schema version: it was not made by this app, "
            "and was left untouched"
        )
    if version is not None and version > SCHEMA_VERSION:
        raise StorageError(
            f"the plans database {location} has schema version {version}, made by a newer "
            f"version of the planner (this one knows up to {SCHEMA_VERSION}); it was left "
            "untouched: update the planner"
        )


def current_version(conn: Connection) -> int:
    """The schema version the database is at (0 before the first migration)."""
    if not sa.inspect(conn).has_table(schema_table.name):
        return 0
    row = conn.execute(sa.select(sa.func.max(schema_table.c.version))).scalar()
    return int(row or 0)


def migrate(conn: Connection, location: str) -> None:
    """Bring the database to SCHEMA_VERSION inside the caller's transaction; refuse one this app
    must not touch (see `check_version`)."""
    current = current_version(conn)
    unversioned = current == 0 and sa.inspect(conn).has_table(plans_table.name)
    check_version(location, current, has_our_tables=unversioned)
    if current == SCHEMA_VERSION:
        return
    for number in range(current, SCHEMA_VERSION):
        MIGRATIONS[number](conn)
    conn.execute(sa.delete(schema_table))
    conn.execute(sa.insert(schema_table).values(version=SCHEMA_VERSION))
