"""planner.storage.store on a real PostgreSQL server: the shared cases of storage_cases.py, a
migration
from schema version 1, and many writers at once.

A throwaway cluster is made with Debian's server binaries (`initdb`, `pg_ctl`) in a temporary
folder, listening on a free loopback port with its socket in that folder, and stopped at the end.
PostgreSQL refuses to run as root, so as root it runs as the `postgres` user. Without the binaries
these tests skip locally and fail under CI=true (where `.ci/run` installs them).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from itertools import count
from pathlib import Path

import pytest

from planner.model.files import plan_to_json
from planner.model.plan import Plan
from planner.storage.errors import ConflictError, StorageError
from planner.storage.schema import SCHEMA_VERSION
from planner.storage.store import PlanStore
from tests.support.storage_cases import *  # noqa: F403 - the shared cases run here on PostgreSQL
from tests.support.storage_cases import Reopen, edited
from tests.support.tools import require_tool

pytestmark = pytest.mark.postgres


def _bin_dir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """A PostgreSQL cluster in a temporary folder, run by `user`."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin_dir = bin_dir
        self.root = Path(tempfile.mkdtemp(prefix="planner-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self.as_postgres = os.geteuid() == 0
        if self.as_postgres:
            account = pwd.getpwnam("postgres")
            os.chown(self.root, account.pw_uid, account.pw_gid)
        self.root.chmod(0o700)
        self._names = count(1)

    def run(self, *args: str) -> None:
        command = [str(self.bin_dir / args[0]), *args[1:]]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=120, cwd="/")

    def start(self) -> None:
        self.run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8")
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c max_connections=100"
        )
        log = str(self.root / "server.log")
        self.run("pg_ctl", "-D", str(self.data), "-o", options, "-l", log, "-w", "start")

    def stop(self) -> None:
        try:
            self.run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """A fresh empty database; its URL."""
        import psycopg

        name = f"planner_test_{next(self._names)}"
        with psycopg.connect(
            host="127.0.0.1", port=self.port, user="postgres", dbname="postgres", autocommit=True
        ) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return self.url(name)


@pytest.fixture(scope="session")
def postgres() -> Iterator[Server]:
    bin_dir = _bin_dir()
    require_tool(
        bin_dir is not None,
        "PostgreSQL server binaries (initdb, pg_ctl)",
        "apt-get install postgresql",
    )
    assert bin_dir is not None
    try:
        import psycopg  # noqa: F401
    except ImportError:
        require_tool(False, "psycopg", "pip install -r requirements-test.txt")
    server = Server(bin_dir)
    try:
        server.start()
    except subprocess.CalledProcessError as exc:
        shutil.rmtree(server.root, ignore_errors=True)
        pytest.fail(f"could not start PostgreSQL: {exc.stderr.decode(errors='replace')}")
    yield server
    server.stop()


@pytest.fixture
def pg_url(postgres: Server) -> str:
    return postgres.new_database()


@pytest.fixture
def store(pg_url: str) -> Iterator[PlanStore]:
    with PlanStore(pg_url) as opened:
        yield opened


@pytest.fixture
def reopen(pg_url: str) -> Iterator[Reopen]:
    opened: list[PlanStore] = []

    def _reopen() -> PlanStore:
        opened.append(PlanStore(pg_url))
        return opened[-1]

    yield _reopen
    for s in opened:
        s.close()


def test_it_really_is_postgresql(store: PlanStore) -> None:
    assert store.dialect == "postgresql"
    with store._read() as conn:
        assert conn.exec_driver_sql("SHOW server_version").scalar()


def test_a_version_1_database_opens_and_is_migrated(pg_url: str) -> None:
    import psycopg

    plan = edited(Plan(), 75_000)
    dsn = pg_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn) as conn:  # schema version 1, by hand
        conn.execute("CREATE TABLE planner_schema (version INTEGER NOT NULL)")
        conn.execute(
            "CREATE TABLE planner_plans (id SERIAL PRIMARY KEY, name VARCHAR(120) NOT NULL "
            "UNIQUE, created_at TIMESTAMPTZ NOT NULL, updated_at TIMESTAMPTZ NOT NULL, revision "
            "INTEGER NOT NULL, draft TEXT NOT NULL, last_version INTEGER NOT NULL)"
        )
        conn.execute(
            "CREATE TABLE planner_versions (id SERIAL PRIMARY KEY, plan_id INTEGER NOT NULL "
            "REFERENCES planner_plans (id) ON DELETE CASCADE, number INTEGER NOT NULL, note TEXT "
            "NOT NULL, created_at TIMESTAMPTZ NOT NULL, content TEXT NOT NULL, "
            "UNIQUE (plan_id, number))"
        )
        conn.execute("INSERT INTO planner_schema VALUES (1)")
        conn.execute(
            "INSERT INTO planner_plans (name, created_at, updated_at, revision, draft, "
            "last_version) VALUES ('From v1', now(), now(), 4, %s, 1)",
            (plan_to_json(plan),),
        )
        conn.execute(
            "INSERT INTO planner_versions (plan_id, number, note, created_at, content) "
            "VALUES (1, 1, 'first board deck', now(), %s)",
            (plan_to_json(plan),),
        )

    with PlanStore(pg_url) as opened:
        assert opened.schema_version() == SCHEMA_VERSION
        (record,) = opened.list_plans()
        assert (record.revision, record.latest_version) == (4, 1)
        assert opened.load_version(record.id, 1) == plan
        assert opened.list_versions(record.id)[0].source == ""
        assert opened.save_version(record.id, plan, "new").number == 2


def test_a_database_from_a_newer_app_is_refused(pg_url: str) -> None:
    with PlanStore(pg_url) as opened, opened._write() as conn:
        conn.exec_driver_sql("UPDATE planner_schema SET version = 99")
    with pytest.raises(StorageError, match="schema version 99, made by a newer version"):
        PlanStore(pg_url)


def test_other_tables_in_a_shared_database_are_left_alone(pg_url: str) -> None:
    import psycopg

    dsn = pg_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn) as conn:
        conn.execute("CREATE TABLE invoices (id SERIAL PRIMARY KEY, total NUMERIC)")
        conn.execute("INSERT INTO invoices (total) VALUES (12.5)")
    with PlanStore(pg_url) as opened:
        opened.create_plan("Shared server", Plan())
    with psycopg.connect(dsn) as conn:
        assert conn.execute("SELECT total FROM invoices").fetchone()[0] == 12.5


def test_20_writers_saving_50_versions_each_lose_nothing(pg_url: str) -> None:
    writers, each = 20, 50
    with PlanStore(pg_url) as setup:
        record = setup.create_plan("Busy plan", Plan())
    failures: list[BaseException] = []
    barrier = threading.Barrier(writers)

    def write(index: int) -> None:
        try:
            with PlanStore(pg_url, pool_size=1) as store:
                barrier.wait()
                for number in range(each):
                    store.save_version(record.id, edited(Plan(), index * 1000 + number), "")
                    while True:
                        draft = store.load_draft(record.id)
                        try:
                            store.save_draft(record.id, draft.plan, draft.revision)
                            break
                        except ConflictError:
                            continue
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=write, args=(i,)) for i in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert failures == []
    with PlanStore(pg_url) as store:
        versions = store.list_versions(record.id)
        assert [v.number for v in versions] == list(range(1, 1001))
        for v in versions[::37]:  # each snapshot holds one writer's plan
            cash = store.load_version(record.id, v.number).financing.opening_cash
            assert divmod(cash, 1000)[0] < writers and divmod(cash, 1000)[1] < each
        assert store.get_plan(record.id).revision == 1 + writers * each


def test_8_processes_saving_under_one_new_name_are_never_refused(
    pg_url: str, tmp_path: Path
) -> None:
    from planner.model.files import save_plan
    from tests.storage.test_storage_concurrency import race_to_create

    plan_file = tmp_path / "plan.yaml"
    save_plan(Plan(), plan_file)
    race_to_create(pg_url, plan_file, "Race")


def test_a_version_1_database_gets_owners_and_shares(pg_url: str) -> None:
    import psycopg

    dsn = pg_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn) as conn:  # schema version 1, by hand, with its UNIQUE (name)
        conn.execute("CREATE TABLE planner_schema (version INTEGER NOT NULL)")
        conn.execute(
            "CREATE TABLE planner_plans (id SERIAL PRIMARY KEY, name VARCHAR(120) NOT NULL "
            "UNIQUE, created_at TIMESTAMPTZ NOT NULL, updated_at TIMESTAMPTZ NOT NULL, revision "
            "INTEGER NOT NULL, draft TEXT NOT NULL, last_version INTEGER NOT NULL)"
        )
        conn.execute(
            "CREATE TABLE planner_versions (id SERIAL PRIMARY KEY, plan_id INTEGER NOT NULL "
            "REFERENCES planner_plans (id) ON DELETE CASCADE, number INTEGER NOT NULL, note TEXT "
            "NOT NULL, created_at TIMESTAMPTZ NOT NULL, content TEXT NOT NULL, "
            "UNIQUE (plan_id, number))"
        )
        conn.execute("INSERT INTO planner_schema VALUES (1)")
        conn.execute(
            "INSERT INTO planner_plans (name, created_at, updated_at, revision, draft, "
            "last_version) VALUES ('Budget', now(), now(), 1, %s, 0)",
            (plan_to_json(Plan()),),
        )
    with PlanStore(pg_url) as opened:
        (old,) = opened.list_plans()
        assert old.owner == ""
        ana = opened.as_user("ana@example.com")
        assert ana.list_plans() == []
        # the old UNIQUE (name) is gone: another owner may use the name
        opened.as_user("bo@example.com").create_plan("Budget", Plan())
        ana.create_plan("Budget", Plan())
        assert [p.name for p in ana.claim_unowned()] == ["Budget (2)"]
