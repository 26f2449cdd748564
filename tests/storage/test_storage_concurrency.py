"""Many writers on one SQLite file: 20 processes each save 50 versions of the same plan, and save
its working copy under optimistic locking. Nothing may be lost, numbered twice or corrupted."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

from planner.model.plan import Plan
from planner.storage.errors import ConflictError
from planner.storage.store import PlanStore

WRITERS = 20
VERSIONS_EACH = 50


def tagged(writer: int, number: int) -> Plan:
    """A plan that says who saved it: settings.name "w<writer> v<number>"."""
    settings = Plan().settings.model_copy(update={"name": f"w{writer} v{number}"})
    return Plan().model_copy(update={"settings": settings})


def writer(url: str, plan_id: int, index: int, start: multiprocessing.synchronize.Event) -> int:
    """Save VERSIONS_EACH versions and as many drafts; the number of drafts that got in."""
    store = PlanStore(url)
    start.wait()
    drafts_saved = 0
    for number in range(VERSIONS_EACH):
        plan = tagged(index, number)
        store.save_version(plan_id, plan, f"w{index} v{number}")
        # Optimistic locking under contention: retry on the revision that won, never overwrite.
        while True:
            draft = store.load_draft(plan_id)
            try:
                store.save_draft(plan_id, plan, draft.revision)
                drafts_saved += 1
                break
            except ConflictError:
                continue
    store.close()
    return drafts_saved


def test_20_writers_saving_50_versions_each_lose_nothing(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'plans.db'}"
    with PlanStore(url) as store:
        record = store.create_plan("Busy plan", Plan())

    ctx = multiprocessing.get_context("spawn")
    with ctx.Manager() as manager:
        start = manager.Event()
        with ctx.Pool(WRITERS) as pool:
            results = [pool.apply_async(writer, (url, record.id, i, start)) for i in range(WRITERS)]
            start.set()
            drafts_saved = [r.get(timeout=300) for r in results]

    with PlanStore(url) as store:
        versions = store.list_versions(record.id)
        assert len(versions) == WRITERS * VERSIONS_EACH == 1000
        assert [v.number for v in versions] == list(range(1, 1001))
        expected_notes = {f"w{i} v{n}" for i in range(WRITERS) for n in range(VERSIONS_EACH)}
        assert {v.note for v in versions} == expected_notes
        # Each snapshot holds what its writer saved with that note.
        for v in versions[::37]:
            assert store.load_version(record.id, v.number).settings.name == v.note

        # Every draft save that reported success bumped the revision exactly once.
        assert drafts_saved == [VERSIONS_EACH] * WRITERS
        final = store.get_plan(record.id)
        assert final.revision == 1 + WRITERS * VERSIONS_EACH
        assert final.version_count == 1000

        assert store.integrity_check() == "ok"
        with store._read() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []


# --- many processes saving under one new name -----------------------------------------------

RACERS = 8
SAVES_EACH = 4


def save_under_one_name(
    url: str, plan_file: str, name: str, index: int, start: multiprocessing.synchronize.Event
) -> list[int]:
    """`plans save PLAN --name NAME` SAVES_EACH times, as the command line runs it (the same
    `main`, in this process); the exit codes."""
    import os

    import planner.cli.plans
    import planner.storage.store  # noqa: F401 - loaded before the start, so all race at once
    from planner.cli.main import build_parser, main

    os.environ["PLANNER_DATABASE_URL"] = url
    build_parser()
    start.wait()
    return [
        main(["plans", "save", plan_file, "--name", name, "--note", f"p{index} s{n}"])
        for n in range(SAVES_EACH)
    ]


def race_to_create(url: str, plan_file: Path, name: str) -> None:
    """RACERS processes save SAVES_EACH versions each under `name`, which does not exist yet:
    every save must succeed, and the one plan named `name` must hold all their versions."""
    ctx = multiprocessing.get_context("spawn")
    with ctx.Manager() as manager:
        start = manager.Event()
        with ctx.Pool(RACERS) as pool:
            results = [
                pool.apply_async(save_under_one_name, (url, str(plan_file), name, i, start))
                for i in range(RACERS)
            ]
            start.set()
            codes = [r.get(timeout=300) for r in results]
    assert codes == [[0] * SAVES_EACH] * RACERS  # none refused ("already exists" exits 2)
    with PlanStore(url) as store:
        (record,) = [p for p in store.list_plans() if p.name == name]
        versions = store.list_versions(record.id)
        # 8 processes x 4 saves = 32 versions, numbered 1..32, one per save
        assert [v.number for v in versions] == list(range(1, RACERS * SAVES_EACH + 1))
        expected = {f"p{i} s{n}" for i in range(RACERS) for n in range(SAVES_EACH)}
        assert {v.note for v in versions} == expected


def test_8_processes_saving_under_one_new_name_are_never_refused(tmp_path: Path) -> None:
    from planner.model.files import save_plan

    plan_file = tmp_path / "plan.yaml"
    save_plan(Plan(), plan_file)
    race_to_create(f"sqlite:///{tmp_path / 'plans.db'}", plan_file, "Race")
