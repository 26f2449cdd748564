"""planner.storage.store on SQLite (the default): the shared cases in storage_cases.py, plus what
only a
file can get wrong: where the file is, WAL mode, migration of an older file, and refusing (without
writing a byte) files that are not plans databases."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from planner.model.files import plan_to_json
from planner.model.plan import Plan
from planner.storage.errors import StorageError
from planner.storage.schema import SCHEMA_VERSION
from planner.storage.store import PlanStore
from planner.storage.urls import default_database_path, resolve_url
from tests.support.storage_cases import *  # noqa: F403 - the shared cases run here on SQLite
from tests.support.storage_cases import Reopen, edited


def run_sql(path: Path, *statements: str) -> None:
    """Change the file behind the planner's back, as another program would, and commit."""
    raw = sqlite3.connect(path)
    try:
        for statement in statements:
            raw.execute(statement)
        raw.commit()
    finally:
        raw.close()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "plans.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[PlanStore]:
    with PlanStore(f"sqlite:///{db_path}") as opened:
        yield opened


@pytest.fixture
def reopen(db_path: Path) -> Iterator[Reopen]:
    opened: list[PlanStore] = []

    def _reopen() -> PlanStore:
        opened.append(PlanStore(f"sqlite:///{db_path}"))
        return opened[-1]

    yield _reopen
    for s in opened:
        s.close()


def fingerprint(path: Path) -> tuple[str, list[str]]:
    """The file's bytes (hashed) and the files next to it: what must not change."""
    return hashlib.sha256(path.read_bytes()).hexdigest(), sorted(os.listdir(path.parent))


# --- where the database is ------------------------------------------------------------------


def test_the_default_file_is_in_the_users_data_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("PLANNER_DATABASE_URL", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_database_path() == tmp_path / "data" / "bpo-launch-planner" / "plans.db"
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    expected = tmp_path / "home" / ".local" / "share" / "bpo-launch-planner" / "plans.db"
    assert default_database_path() == expected
    assert resolve_url() == f"sqlite:///{expected}"


def test_the_environment_variable_names_the_database(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PLANNER_DATABASE_URL", f"sqlite:///{tmp_path}/env.db")
    assert resolve_url() == f"sqlite:///{tmp_path}/env.db"
    assert resolve_url("sqlite:///other.db") == "sqlite:///other.db"  # an explicit URL wins
    with PlanStore() as opened:
        assert opened.location == f"{tmp_path}/env.db"
    assert (tmp_path / "env.db").exists()


def test_one_rule_picks_the_database_for_the_app_and_the_command_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    default = f"sqlite:///{tmp_path}/bpo-launch-planner/plans.db"
    secret = "postgresql+psycopg://planner@db.example/plans"
    monkeypatch.delenv("PLANNER_DATABASE_URL", raising=False)
    assert resolve_url() == default
    assert resolve_url(secrets_url=secret) == secret  # the app's secrets, when nothing else
    assert resolve_url(secrets_url="  ") == default  # blank counts as not given
    monkeypatch.setenv("PLANNER_DATABASE_URL", " sqlite:///env.db ")
    assert resolve_url(secrets_url=secret) == "sqlite:///env.db"  # the variable beats secrets
    assert resolve_url("sqlite:///given.db", secret) == "sqlite:///given.db"  # code beats all
    monkeypatch.setenv("PLANNER_DATABASE_URL", "")
    assert resolve_url(secrets_url=secret) == secret


def test_a_missing_folder_is_created(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "plans.db"
    with PlanStore(f"sqlite:///{path}") as opened:
        opened.create_plan("P", Plan())
    assert path.exists()


def test_a_bad_url_is_a_clear_error() -> None:
    with pytest.raises(StorageError, match="'not a url' is not a database URL"):
        PlanStore("not a url")


def test_sqlite_runs_in_wal_mode_with_foreign_keys(store: PlanStore, db_path: Path) -> None:
    with store._read() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30_000
    raw = sqlite3.connect(db_path)
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"  # stored in the file
    raw.close()


def test_an_in_memory_database_works() -> None:
    with PlanStore("sqlite://") as opened:
        record = opened.create_plan(Plan().settings.name, Plan())
        assert opened.load_draft(record.id).plan == Plan()


def test_a_committed_save_survives_a_process_that_never_closed(db_path: Path) -> None:
    # The store is dropped without close(): what was committed is in the file (or its WAL).
    opened = PlanStore(f"sqlite:///{db_path}")
    record = opened.create_plan("Crash", Plan())
    opened.save_draft(record.id, edited(Plan(), 42), record.revision)
    del opened
    with PlanStore(f"sqlite:///{db_path}") as again:
        assert again.load_draft(record.id).plan.financing.opening_cash == 42


# --- migrations -----------------------------------------------------------------------------

V1_SCHEMA = """
CREATE TABLE planner_schema (version INTEGER NOT NULL);
CREATE TABLE planner_plans (
    id INTEGER NOT NULL PRIMARY KEY,
    name VARCHAR(120) NOT NULL UNIQUE,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL,
    revision INTEGER NOT NULL,
    draft TEXT NOT NULL,
    last_version INTEGER NOT NULL
);
CREATE TABLE planner_versions (
    id INTEGER NOT NULL PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES planner_plans (id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    note TEXT NOT NULL,
    created_at DATETIME NOT NULL,
    content TEXT NOT NULL,
    UNIQUE (plan_id, number)
);
INSERT INTO planner_schema (version) VALUES (1);
"""


def build_v1_database(path: Path, plan: Plan) -> None:
    """A database as the first release of the storage wrote it (schema version 1), by hand."""
    raw = sqlite3.connect(path)
    raw.executescript(V1_SCHEMA)
    content = plan_to_json(plan)
    raw.execute(
        "INSERT INTO planner_plans VALUES (1, 'From v1', '2027-01-05 09:00:00.000000', "
        "'2027-01-06 10:30:00.000000', 4, ?, 1)",
        (content,),
    )
    raw.execute(
        "INSERT INTO planner_versions VALUES (1, 1, 1, 'first board deck', "
        "'2027-01-05 09:15:00.000000', ?)",
        (content,),
    )
    raw.commit()
    raw.close()


def test_a_version_1_database_opens_and_is_migrated(db_path: Path) -> None:
    plan = edited(Plan(), 75_000)
    build_v1_database(db_path, plan)

    with PlanStore(f"sqlite:///{db_path}") as opened:
        assert opened.schema_version() == SCHEMA_VERSION == 3
        (record,) = opened.list_plans()
        assert (record.name, record.revision, record.latest_version) == ("From v1", 4, 1)
        assert record.updated_at.isoformat() == "2027-01-06T10:30:00+00:00"
        # The working copy reads under the stored plan's name (one name per plan).
        named = plan.model_copy(
            update={"settings": plan.settings.model_copy(update={"name": "From v1"})}
        )
        assert opened.load_draft(record.id).plan == named
        assert opened.load_version(record.id, 1) == plan
        (old,) = opened.list_versions(record.id)
        assert (old.note, old.source) == ("first board deck", "")  # no source before v2
        new = opened.save_version(record.id, plan, "after migration", source="command line")
        assert (new.number, new.source) == (2, "command line")
        assert (record.owner, old.saved_by) == ("", "")  # no owner before v3, until claimed

    columns = [
        r[1] for r in sqlite3.connect(db_path).execute("PRAGMA table_info(planner_versions)")
    ]
    assert columns[-2:] == ["source", "saved_by"]


def test_a_database_from_a_newer_app_is_refused_untouched(db_path: Path) -> None:
    with PlanStore(f"sqlite:///{db_path}"):
        pass
    run_sql(db_path, "UPDATE planner_schema SET version = 99")
    before = fingerprint(db_path)
    with pytest.raises(StorageError, match="schema version 99, made by a newer version"):
        PlanStore(f"sqlite:///{db_path}")
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == before[0]


# --- files that are not plans databases -----------------------------------------------------


def test_a_corrupt_file_is_refused_untouched(db_path: Path) -> None:
    db_path.write_bytes(os.urandom(64 * 1024))
    before = fingerprint(db_path)
    with pytest.raises(StorageError) as caught:
        PlanStore(f"sqlite:///{db_path}")
    message = str(caught.value)
    assert str(db_path) in message
    assert "is not a plans database (it is not an SQLite file)" in message
    assert "left untouched" in message
    assert fingerprint(db_path) == before


def test_a_text_file_is_refused_untouched(db_path: Path) -> None:
    db_path.write_text("settings:\n  name: a plan file, not a database\n")
    before = fingerprint(db_path)
    with pytest.raises(StorageError, match="not an SQLite file"):
        PlanStore(f"sqlite:///{db_path}")
    assert fingerprint(db_path) == before


def test_a_damaged_sqlite_file_is_refused_untouched(db_path: Path) -> None:
    # The right header, then garbage: SQLite itself finds it is not a database.
    db_path.write_bytes(b"SQLite format 3\x00" + os.urandom(8 * 1024))
    before = fingerprint(db_path)
    with pytest.raises(StorageError, match="is damaged or not a plans database"):
        PlanStore(f"sqlite:///{db_path}")
    assert fingerprint(db_path) == before


def test_another_programs_database_is_refused_untouched(db_path: Path) -> None:
    run_sql(
        db_path,
        "CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)",
        "CREATE TABLE plans (id INTEGER PRIMARY KEY, title TEXT)",  # a name like ours
        "INSERT INTO moz_places (url) VALUES ('https://example.org')",
    )
    before = fingerprint(db_path)
    with pytest.raises(StorageError) as caught:
        PlanStore(f"sqlite:///{db_path}")
    message = str(caught.value)
    assert f"{db_path} is another program's database (tables: moz_places, plans)" in message
    assert "left untouched" in message
    assert fingerprint(db_path) == before


def test_our_table_without_a_schema_version_is_refused(db_path: Path) -> None:
    run_sql(db_path, "CREATE TABLE planner_plans (id INTEGER PRIMARY KEY)")
    before = fingerprint(db_path)
    with pytest.raises(StorageError, match="no schema version: it was not made by this app"):
        PlanStore(f"sqlite:///{db_path}")
    assert fingerprint(db_path)[0] == before[0]


def test_a_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "plans.db").mkdir()
    with pytest.raises(StorageError, match="is a folder, not a database file"):
        PlanStore(f"sqlite:///{tmp_path / 'plans.db'}")


def test_an_empty_file_becomes_a_new_database(db_path: Path) -> None:
    db_path.touch()
    with PlanStore(f"sqlite:///{db_path}") as opened:
        assert opened.schema_version() == SCHEMA_VERSION
        assert opened.list_plans() == []
