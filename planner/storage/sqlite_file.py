"""Look at an SQLite file, read-only, before the planner opens it.

Accepted: a missing or empty file (a new database), or an SQLite database that is empty or holds
the planner's tables. Refused, without writing a byte (not even switching it to WAL mode): a
folder, a file that is not an SQLite database, a damaged one, another program's database, and a
planner database without a schema version or with a newer one. Each refusal is a `StorageError`
naming the file and what to do.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from planner.storage.errors import StorageError
from planner.storage.schema import TABLE_PREFIX, check_version
from planner.storage.urls import DATABASE_URL_ENV

SQLITE_HEADER = b"SQLite format 3\x00"


def inspect_sqlite_file(path: Path) -> None:
    """Refuse, with a clear message and without writing, a file that is not a planner database."""
    if not path.exists() or not _has_sqlite_header(path):
        return  # nothing there yet, or an empty file: a new database
    tables, version = _tables_and_version(path)
    ours = {t for t in tables if t.startswith(TABLE_PREFIX)}
    others = tables - ours - {"sqlite_sequence"}
    if others and f"{TABLE_PREFIX}schema" not in tables:
        shown = ", ".join(sorted(others)[:5])
        raise StorageError(
            f"{path} is another program's database (tables: {shown}), not a plans database. It "
            f"was left untouched; point {DATABASE_URL_ENV} at another file."
        )
    # The same checks as opening the store makes, made here before anything is written.
    check_version(str(path), version, has_our_tables=bool(ours))


def _has_sqlite_header(path: Path) -> bool:
    """True for an SQLite file, False for an empty one; refuses a folder or other content."""
    if path.is_dir():
        raise StorageError(f"{path} is a folder, not a database file")
    try:
        with path.open("rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise StorageError(f"cannot read the plans database {path}: {exc.strerror}") from None
    if not header:
        return False
    if header != SQLITE_HEADER:
        raise StorageError(
            f"{path} is not a plans database (it is not an SQLite file). It was left untouched; "
            f"point {DATABASE_URL_ENV} at another file, or move this one away."
        )
    return True


def _tables_and_version(path: Path) -> tuple[set[str], int | None]:
    """The file's table names and its planner schema version (None without a schema table)."""
    try:
        # Read-only: looking must never change the file.
        raw = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
        try:
            query = "SELECT name FROM sqlite_master WHERE type = 'table'"
            tables = {row[0] for row in raw.execute(query)}
            version = None
            if f"{TABLE_PREFIX}schema" in tables:
                found = raw.execute(f"SELECT max(version) FROM {TABLE_PREFIX}schema").fetchone()[0]
                version = None if found is None else int(found)
        finally:
            raw.close()
    except sqlite3.DatabaseError as exc:
        raise StorageError(
            f"{path} is damaged or not a plans database ({exc}). It was left untouched; restore "
            f"a backup, or point {DATABASE_URL_ENV} at another file."
        ) from None
    return tables, version
