"""Storage behaviour that must hold on every database: imported by test_storage.py (SQLite) and
test_storage_postgres.py (a real PostgreSQL server), which each provide the fixtures

- `store`: a PlanStore on a fresh, empty database;
- `reopen`: a function giving another PlanStore on the same database (another process or session).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from planner.model.files import load_plan, plan_from_dict, plan_to_dict, plan_to_yaml
from planner.model.issues import PlanError
from planner.model.plan import Plan
from planner.storage.errors import ConflictError, NotFoundError, StorageError
from planner.storage.store import PlanStore

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted((ROOT / "templates" / "plans").glob("*.yaml"))

Reopen = Callable[[], PlanStore]


def rich_plan(name: str = "Manila voice and back office") -> Plan:
    """A plan with every section filled in, unicode text and floats that do not round nicely."""
    return plan_from_dict(
        {
            "settings": {"name": name, "currency": "PHP", "horizon_months": 24},
            "specialty": {
                "service_lines": [
                    {
                        "id": "voice",
                        "name": "Inbound voice",
                        "family": "front_office",
                        "workload": {"type": "queue", "aht_seconds": 372.5, "patience_seconds": 90},
                    },
                    {
                        "id": "invoices",
                        "name": "Invoice processing",
                        "family": "back_office",
                        "workload": {"type": "items", "minutes_per_item": 4.2},
                    },
                ],
                "why": "Clients complain of 8-minute waits — we answer in 20 s.",
                "candidates": [
                    {
                        "name": "Médical billing",
                        "scores": {
                            "demand": 4,
                            "market_gap": 3,
                            "expertise": 5,
                            "margin": 4,
                            "startup_cost": 2,
                            "remote_capable": 5,
                        },
                    }
                ],
            },
            "business_plan": {
                "clients": [
                    {
                        "name": "Acme Telco",
                        "service_line": "voice",
                        "monthly_volume": 12_000,
                        "price": 1234.5678,
                        "yearly_escalation": 0.03,
                    },
                    {
                        "name": "Beta Retail",
                        "service_line": "invoices",
                        "status": "pipeline",
                        "probability": 0.35,
                        "monthly_volume": 8000,
                        "pricing_model": "per_item",
                        "price": 0.1 + 0.2,
                        "start_month": 4,
                    },
                ],
                "narrative": {"executive_summary": "Line one\nLine two: «quoted»"},
            },
            "paperwork": {"items": [{"name": "SEC registration", "one_time_fee": 5000}]},
            "resources": {"items": [{"name": "Laptop", "one_time_cost": 45000, "quantity": 1.0}]},
            "staffing": {
                "roles": [
                    {"name": "Agent", "monthly_wage": 22000, "basis": "workload"},
                    {"name": "Team lead", "monthly_wage": 38000, "basis": "ratio", "ratio_per": 12},
                ],
                "shrinkage": 1 / 3,
            },
            "marketing": {"channels": [{"name": "LinkedIn", "monthly_budget": 30000}]},
            "financing": {
                "opening_cash": 2_500_000,
                "loans": [{"amount": 1_000_000, "yearly_rate": 0.0725}],
            },
            "sources": {"staffing.shrinkage": "COPC benchmark, 2024"},
        },
        source="rich plan",
    )


def edited(plan: Plan, opening_cash: float) -> Plan:
    financing = plan.financing.model_copy(update={"opening_cash": opening_cash})
    return plan.model_copy(update={"financing": financing})


# --- round trips ------------------------------------------------------------------------------


@pytest.mark.parametrize("path", TEMPLATES, ids=[p.stem for p in TEMPLATES])
def test_every_starter_template_round_trips_unchanged(store: PlanStore, path: Path) -> None:
    plan = load_plan(path)
    record = store.create_plan(plan.settings.name, plan)
    store.save_version(record.id, plan, "as shipped")

    for loaded in (store.load_draft(record.id).plan, store.load_version(record.id, 1)):
        assert loaded == plan
        assert loaded.content_key() == plan.content_key()
        assert plan_to_yaml(loaded) == plan_to_yaml(plan)


def test_there_are_starter_templates_to_round_trip() -> None:
    assert TEMPLATES, "templates/plans/*.yaml: no starter templates found"


def test_a_plan_with_every_section_round_trips_unchanged(store: PlanStore, reopen: Reopen) -> None:
    plan = rich_plan("Rich")  # stored under its own name: a plan has one name
    record = store.create_plan("Rich", plan)
    other = reopen()
    assert other.load_draft(record.id).plan == plan
    assert plan_to_yaml(other.load_draft(record.id).plan) == plan_to_yaml(plan)


# --- plans ------------------------------------------------------------------------------------


def test_a_new_plan_starts_at_revision_1_without_versions(store: PlanStore) -> None:
    record = store.create_plan("  My   first plan ", Plan())
    assert record.name == "My first plan"
    assert record.revision == 1
    assert record.version_count == 0
    assert record.latest_version is None
    assert store.list_versions(record.id) == []
    assert store.find_plan("My first plan") == record
    assert store.find_plan("Nobody") is None


def test_plans_are_listed_most_recently_changed_first(store: PlanStore) -> None:
    a = store.create_plan("A", Plan())
    b = store.create_plan("B", Plan())
    store.save_draft(a.id, edited(Plan(), 1000), a.revision)
    assert [p.name for p in store.list_plans()] == ["A", "B"]
    store.save_draft(b.id, edited(Plan(), 2000), b.revision)
    assert [p.name for p in store.list_plans()] == ["B", "A"]


def test_names_are_unique(store: PlanStore) -> None:
    store.create_plan("Launch", Plan())
    with pytest.raises(StorageError, match="a plan named 'Launch' already exists"):
        store.create_plan("Launch", Plan())
    assert store.unique_name("Launch") == "Launch (2)"
    store.create_plan("Launch (2)", Plan())
    assert store.unique_name("Launch") == "Launch (3)"
    assert store.unique_name("Other") == "Other"


@pytest.mark.parametrize(
    ("name", "message"),
    [("   ", "must not be empty"), ("x" * 121, "at most 120 characters, got 121")],
)
def test_bad_names_are_refused(store: PlanStore, name: str, message: str) -> None:
    with pytest.raises(StorageError, match=message):
        store.create_plan(name, Plan())
    assert store.list_plans() == []


def test_the_draft_saves_with_optimistic_locking(store: PlanStore) -> None:
    record = store.create_plan("P", Plan())
    revision = store.save_draft(record.id, edited(Plan(), 100), record.revision)
    assert revision == 2
    revision = store.save_draft(record.id, edited(Plan(), 200), revision)
    draft = store.load_draft(record.id)
    assert (draft.revision, draft.plan.financing.opening_cash) == (3, 200)


def test_two_sessions_editing_one_plan_get_a_conflict_not_an_overwrite(
    store: PlanStore, reopen: Reopen
) -> None:
    record = store.create_plan("Shared", Plan())
    tab_a, tab_b = store, reopen()
    rev_a = tab_a.load_draft(record.id).revision
    rev_b = tab_b.load_draft(record.id).revision

    tab_a.save_draft(record.id, edited(Plan(), 111), rev_a)
    with pytest.raises(ConflictError) as caught:
        tab_b.save_draft(record.id, edited(Plan(), 222), rev_b)

    message = str(caught.value)
    assert "'Shared' was changed in another tab or window" in message
    assert "revision 2; this window had revision 1" in message
    assert "reload their version, or save yours as a copy" in message
    assert caught.value.current_revision == 2
    assert store.load_draft(record.id).plan.financing.opening_cash == 111  # theirs kept

    # Either way out of the conflict works: reload theirs and save on its revision ...
    theirs = tab_b.load_draft(record.id)
    assert tab_b.save_draft(record.id, edited(theirs.plan, 333), theirs.revision) == 3
    # ... or keep mine as a copy.
    copy = tab_b.create_plan(tab_b.unique_name("Shared"), edited(Plan(), 222))
    assert copy.name == "Shared (2)"


def test_rename(store: PlanStore) -> None:
    a = store.create_plan("Old name", Plan())
    store.create_plan("Taken", Plan())
    renamed = store.rename(a.id, "New name")
    assert renamed.name == "New name"
    # One name per plan: the working copy is renamed too, so its revision goes up (a window
    # still on the old name gets a conflict instead of saving the old name back).
    assert renamed.revision == a.revision + 1
    assert store.load_draft(a.id).plan.settings.name == "New name"
    assert store.find_plan("Old name") is None
    with pytest.raises(StorageError, match="a plan named 'Taken' already exists"):
        store.rename(a.id, "Taken")
    with pytest.raises(NotFoundError, match="no plan with id 999"):
        store.rename(999, "Whatever")


def test_duplicate_copies_the_draft_or_a_version_without_history(store: PlanStore) -> None:
    a = store.create_plan("Original", edited(Plan(), 10))
    store.save_version(a.id, edited(Plan(), 10), "v1")
    store.save_draft(a.id, edited(Plan(), 20), a.revision)

    from_draft = store.duplicate(a.id, "Copy of draft")
    from_v1 = store.duplicate(a.id, "Copy of v1", version=1)

    assert store.load_draft(from_draft.id).plan.financing.opening_cash == 20
    assert store.load_draft(from_v1.id).plan.financing.opening_cash == 10
    assert from_draft.version_count == 0
    assert store.load_draft(a.id).plan.financing.opening_cash == 20  # original untouched


def test_unique_names_are_settled_in_the_same_transaction_as_the_write(store: PlanStore) -> None:
    a = store.create_plan("Launch", edited(Plan(), 10))
    again = store.create_plan("Launch", Plan(), unique=True)
    copy = store.duplicate(a.id, "Launch", unique=True)
    assert (again.name, copy.name) == ("Launch (2)", "Launch (3)")
    assert store.load_draft(copy.id).plan.financing.opening_cash == 10


def test_duplicating_a_missing_version_creates_nothing(store: PlanStore) -> None:
    a = store.create_plan("Source", Plan())
    with pytest.raises(NotFoundError, match="plan 'Source' has no version 2"):
        store.duplicate(a.id, "Copy", version=2)
    with pytest.raises(NotFoundError, match="no plan with id 999"):
        store.duplicate(999, "Copy")
    assert [p.name for p in store.list_plans()] == ["Source"]


def test_delete_removes_the_plan_and_its_versions(store: PlanStore) -> None:
    a = store.create_plan("Doomed", Plan())
    b = store.create_plan("Kept", Plan())
    store.save_version(a.id, Plan(), "one")
    store.save_version(b.id, Plan(), "kept one")
    store.delete(a.id)
    assert [p.name for p in store.list_plans()] == ["Kept"]
    with pytest.raises(NotFoundError):
        store.load_draft(a.id)
    with pytest.raises(NotFoundError):
        store.list_versions(a.id)
    with pytest.raises(NotFoundError):
        store.delete(a.id)
    assert [v.note for v in store.list_versions(b.id)] == ["kept one"]


# --- versions ---------------------------------------------------------------------------------


def test_versions_are_numbered_snapshots_with_notes(store: PlanStore) -> None:
    record = store.create_plan("Versioned", edited(Plan(), 1))
    v1 = store.save_version(record.id, edited(Plan(), 1), "  first cut  ")
    store.save_draft(record.id, edited(Plan(), 2), record.revision)
    v2 = store.save_version(record.id, edited(Plan(), 2), "after the bank meeting")

    assert (v1.number, v1.note, v1.source) == (1, "first cut", "app")
    assert v2.number == 2
    listed = store.list_versions(record.id)
    assert [(v.number, v.note) for v in listed] == [(1, "first cut"), (2, "after the bank meeting")]
    assert store.load_version(record.id, 1).financing.opening_cash == 1
    assert store.load_version(record.id, 2).financing.opening_cash == 2
    # A snapshot does not move with the draft.
    store.save_draft(record.id, edited(Plan(), 3), record.revision + 1)
    assert store.load_version(record.id, 1).financing.opening_cash == 1
    plan_row = store.get_plan(record.id)
    assert (plan_row.version_count, plan_row.latest_version) == (2, 2)


def test_a_version_from_the_command_line_replaces_the_draft(store: PlanStore) -> None:
    record = store.create_plan("CLI", Plan())
    store.save_version(
        record.id, edited(Plan(), 5), "from a file", source="command line", replace_draft=True
    )
    draft = store.load_draft(record.id)
    assert draft.plan.financing.opening_cash == 5
    assert draft.revision == record.revision + 1  # an open window now gets a conflict
    assert store.list_versions(record.id)[0].source == "command line"


def test_a_version_of_a_stale_working_copy_is_refused(store: PlanStore, reopen: Reopen) -> None:
    # The app snapshots what it autosaved at a revision; another window saved since.
    record = store.create_plan("Snap", edited(Plan(), 1))
    reopen().save_draft(record.id, edited(Plan(), 2), record.revision)
    with pytest.raises(ConflictError, match="revision 2; this window had revision 1"):
        store.save_version(record.id, edited(Plan(), 1), "mine", expected_revision=1)
    assert store.list_versions(record.id) == []
    version = store.save_version(record.id, edited(Plan(), 2), "theirs", expected_revision=2)
    assert version.number == 1
    assert store.get_plan(record.id).revision == 2  # a snapshot leaves the working copy as it is


# --- going back to a version ------------------------------------------------------------------


def plan_with_versions(store: PlanStore) -> tuple[int, int]:
    """A plan with versions 1 (cash 1) and 2 (cash 2) whose working copy (cash 3) is not saved
    as a version; its id and the working copy's revision."""
    record = store.create_plan("History", edited(Plan(), 1))
    store.save_version(record.id, edited(Plan(), 1), "one")
    revision = store.save_draft(record.id, edited(Plan(), 2), record.revision)
    store.save_version(record.id, edited(Plan(), 2), "two")
    revision = store.save_draft(record.id, edited(Plan(), 3), revision)
    return record.id, revision


def test_going_back_keeps_the_working_copy_as_a_version_first(
    store: PlanStore, reopen: Reopen
) -> None:
    plan_id, revision = plan_with_versions(store)
    other_window = reopen()

    restored = store.restore_version(plan_id, 1, revision, source="command line")

    assert restored.version == 1
    assert restored.draft.plan.financing.opening_cash == 1
    assert restored.draft.revision == revision + 1
    assert restored.kept is not None
    assert (restored.kept.number, restored.kept.source) == (3, "command line")
    assert restored.kept.note == "Kept automatically before going back to version 1"
    assert store.load_version(plan_id, 3).financing.opening_cash == 3  # nothing lost
    draft = other_window.load_draft(plan_id)
    assert (draft.plan.financing.opening_cash, draft.revision) == (1, revision + 1)
    assert store.get_plan(plan_id).latest_version == 3
    # A window still on the replaced working copy gets a conflict, not an overwrite.
    with pytest.raises(ConflictError):
        other_window.save_draft(plan_id, edited(Plan(), 99), revision)


def test_going_back_adds_no_version_when_the_working_copy_is_the_latest(store: PlanStore) -> None:
    plan_id, revision = plan_with_versions(store)
    revision = store.save_draft(plan_id, edited(Plan(), 2), revision)  # version 2's plan again
    restored = store.restore_version(plan_id, 1, revision)
    assert restored.kept is None
    assert [v.number for v in store.list_versions(plan_id)] == [1, 2]
    assert store.load_draft(plan_id).plan.financing.opening_cash == 1


def test_the_same_plan_written_differently_counts_as_already_saved(store: PlanStore) -> None:
    import sqlalchemy as sa

    from planner.storage.schema import versions_table

    plan_id, revision = plan_with_versions(store)
    # Version 2 as an older app might have written the working copy's plan: other spacing.
    with store._write() as conn:
        conn.execute(
            sa.update(versions_table)
            .where(versions_table.c.plan_id == plan_id, versions_table.c.number == 2)
            .values(content=json.dumps(plan_to_dict(edited(Plan(), 3)), indent=2))
        )
    assert store.restore_version(plan_id, 1, revision).kept is None


def stored_state(store: PlanStore, plan_id: int) -> tuple[object, ...]:
    draft = store.load_draft(plan_id)
    versions = [(v.number, v.note) for v in store.list_versions(plan_id)]
    return draft.plan, draft.revision, draft.updated_at, versions


def test_going_back_on_a_stale_working_copy_writes_nothing(store: PlanStore) -> None:
    plan_id, revision = plan_with_versions(store)
    before = stored_state(store, plan_id)
    with pytest.raises(ConflictError, match=f"revision {revision}; this window had revision 1"):
        store.restore_version(plan_id, 1, 1)
    assert stored_state(store, plan_id) == before


def test_going_back_to_a_missing_version_writes_nothing(store: PlanStore) -> None:
    plan_id, revision = plan_with_versions(store)
    before = stored_state(store, plan_id)
    with pytest.raises(
        NotFoundError, match=r"plan 'History' has no version 7 \(versions: 1 to 2\)"
    ):
        store.restore_version(plan_id, 7, revision)
    assert stored_state(store, plan_id) == before
    with pytest.raises(NotFoundError, match="no plan with id 4321"):
        store.restore_version(4321, 1, 1)


def test_going_back_to_a_version_that_no_longer_validates_writes_nothing(
    store: PlanStore,
) -> None:
    import sqlalchemy as sa

    from planner.storage.schema import versions_table

    plan_id, revision = plan_with_versions(store)
    with store._write() as conn:  # what an older app might have left behind
        conn.execute(
            sa.update(versions_table)
            .where(versions_table.c.plan_id == plan_id, versions_table.c.number == 1)
            .values(content='{"settings": {"colour": "blue"}}')
        )
    before = stored_state(store, plan_id)
    with pytest.raises(PlanError, match="version 1 of plan 'History'"):
        store.restore_version(plan_id, 1, revision)
    assert stored_state(store, plan_id) == before


def test_missing_versions_and_plans_are_named(store: PlanStore) -> None:
    record = store.create_plan("Few", Plan())
    with pytest.raises(NotFoundError, match="plan 'Few' has no version 3 \\(versions: none yet\\)"):
        store.load_version(record.id, 3)
    store.save_version(record.id, Plan())
    with pytest.raises(NotFoundError, match="versions: 1 to 1"):
        store.load_version(record.id, 2)
    with pytest.raises(NotFoundError, match="no plan with id 12345"):
        store.save_version(12345, Plan())
    with pytest.raises(NotFoundError, match="no plan with id 12345"):
        store.load_draft(12345)


def test_a_long_note_is_refused(store: PlanStore) -> None:
    record = store.create_plan("Notes", Plan())
    with pytest.raises(StorageError, match="at most 2000 characters"):
        store.save_version(record.id, Plan(), "x" * 2001)
    assert store.list_versions(record.id) == []


def test_content_that_no_longer_validates_is_a_plan_error_not_a_crash(store: PlanStore) -> None:
    import sqlalchemy as sa

    from planner.storage.schema import plans_table

    record = store.create_plan("Old format", Plan())
    with store._write() as conn:  # what an older app might have left behind
        conn.execute(
            sa.update(plans_table)
            .where(plans_table.c.id == record.id)
            .values(draft='{"settings": {"colour": "blue"}}')
        )
    with pytest.raises(
        PlanError, match=r"(?s)working copy of plan 'Old format'.*settings.colour: unknown field"
    ):
        store.load_draft(record.id)
    assert [p.name for p in store.list_plans()] == ["Old format"]


def test_the_schema_is_at_the_current_version(store: PlanStore, reopen: Reopen) -> None:
    from planner.storage.schema import SCHEMA_VERSION

    assert store.schema_version() == SCHEMA_VERSION
    assert reopen().schema_version() == SCHEMA_VERSION  # opening again changes nothing


# --- owners and shares (planner.storage.access) ----------------------------------------------

ANA, BO, CY = "ana@example.com", "bo@example.com", "cy@example.com"


def test_a_user_sees_only_their_own_plans_and_those_shared_with_them(store: PlanStore) -> None:
    ana, bo = store.as_user(ANA), store.as_user(BO)
    mine = ana.create_plan("Ana's launch", Plan())
    bos = bo.create_plan("Bo's launch", Plan())
    assert [p.name for p in ana.list_plans()] == ["Ana's launch"]
    assert [p.name for p in bo.list_plans()] == ["Bo's launch"]
    assert (mine.owner, mine.access) == (ANA, "owner")

    ana.share(mine.id, BO, "viewer")
    seen = {p.name: (p.owner, p.access) for p in bo.list_plans()}
    assert seen == {"Bo's launch": (BO, "owner"), "Ana's launch": (ANA, "viewer")}
    assert [p.name for p in ana.list_plans()] == ["Ana's launch"]  # sharing is one way
    assert bo.load_draft(mine.id).plan.settings.name == "Ana's launch"  # one name per plan
    assert bo.load_draft(mine.id).plan.business_plan == Plan().business_plan
    assert bo.find_plan("Ana's launch") == bo.get_plan(mine.id)
    assert ana.find_plan("Bo's launch") is None
    # single-user mode (no user) sees every plan, as before owners existed
    assert {p.id for p in store.list_plans()} == {mine.id, bos.id}


def test_a_plan_the_user_may_not_see_is_not_found_exactly_like_a_missing_one(
    store: PlanStore,
) -> None:
    hidden = store.as_user(ANA).create_plan("Confidential", Plan())
    store.as_user(ANA).save_version(hidden.id, Plan(), "v1")
    missing = hidden.id + 1000
    bo = store.as_user(BO)
    steps: dict[str, Callable[[int], object]] = {
        "get_plan": bo.get_plan,
        "load_draft": bo.load_draft,
        "list_versions": bo.list_versions,
        "load_version": lambda i: bo.load_version(i, 1),
        "save_draft": lambda i: bo.save_draft(i, Plan(), 1),
        "save_version": lambda i: bo.save_version(i, Plan(), "x"),
        "restore_version": lambda i: bo.restore_version(i, 1, 2),
        "rename": lambda i: bo.rename(i, "Mine now"),
        "duplicate": lambda i: bo.duplicate(i, "Copy"),
        "delete": bo.delete,
        "share": lambda i: bo.share(i, CY),
        "unshare": lambda i: bo.unshare(i, CY),
        "list_shares": bo.list_shares,
    }
    for step, call in steps.items():
        with pytest.raises(NotFoundError) as seen:
            call(hidden.id)
        with pytest.raises(NotFoundError) as absent:
            call(missing)
        assert str(seen.value) == str(absent.value).replace(str(missing), str(hidden.id)), step
    after = store.as_user(ANA).get_plan(hidden.id)
    assert (after.name, after.revision, after.version_count) == ("Confidential", 1, 1)  # untouched
    assert [p.name for p in bo.list_plans()] == []  # Bo's failed duplicate created nothing


def test_a_viewer_can_read_and_copy_but_change_nothing(store: PlanStore) -> None:
    from planner.storage.errors import PermissionDeniedError

    ana, bo = store.as_user(ANA), store.as_user(BO)
    record = ana.create_plan("Board plan", edited(Plan(), 1_000))
    ana.save_version(record.id, edited(Plan(), 1_000), "v1")
    ana.share(record.id, BO, "viewer")
    before = stored_state(store, record.id)

    attempts: dict[str, Callable[[], object]] = {
        "save": lambda: bo.save_draft(record.id, edited(Plan(), 9), 2),
        "save a version of": lambda: bo.save_version(record.id, Plan(), "mine"),
        "rename": lambda: bo.rename(record.id, "Bo's now"),
        "delete": lambda: bo.delete(record.id),
        "go back to a version of": lambda: bo.restore_version(record.id, 1, 2),
        "share": lambda: bo.share(record.id, CY),
        "unshare": lambda: bo.unshare(record.id, BO),
    }
    for action, attempt in attempts.items():
        with pytest.raises(PermissionDeniedError) as refused:
            attempt()
        assert str(refused.value) == (
            f"you can only view the plan 'Board plan' (shared with you by {ANA}): you cannot "
            f"{action} it; ask its owner to share it with you as an editor"
        )
    assert stored_state(store, record.id) == before
    assert bo.load_version(record.id, 1).financing.opening_cash == 1_000
    copy = bo.duplicate(record.id, "My copy")  # a copy of their own, which they own
    assert (copy.owner, copy.access) == (BO, "owner")
    assert [s.email for s in bo.list_shares(record.id)] == [BO]


def test_an_editor_changes_the_plan_but_only_its_owner_deletes_or_shares_it(
    store: PlanStore,
) -> None:
    from planner.storage.errors import PermissionDeniedError

    ana, bo = store.as_user(ANA), store.as_user(BO)
    record = ana.create_plan("Team plan", Plan())
    ana.share(record.id, BO, "editor")
    revision = bo.save_draft(record.id, edited(Plan(), 5_000), record.revision)
    version = bo.save_version(record.id, edited(Plan(), 5_000), "Bo's numbers")
    assert bo.rename(record.id, "Team plan v2").name == "Team plan v2"
    assert ana.load_draft(record.id).plan.financing.opening_cash == 5_000
    revision = bo.get_plan(record.id).revision  # a rename raises the revision (one name per plan)
    assert bo.restore_version(record.id, version.number, revision).version == 1
    for action, attempt in {
        "delete": lambda: bo.delete(record.id),
        "share": lambda: bo.share(record.id, CY, "viewer"),
    }.items():
        with pytest.raises(PermissionDeniedError) as refused:
            attempt()
        assert str(refused.value) == (
            f"only the owner of the plan 'Team plan v2' ({ANA}) can {action} it; it is shared "
            "with you as an editor"
        )
    assert ana.get_plan(record.id).owner == ANA  # still Ana's


def test_unsharing_hides_the_plan_again_and_a_new_role_replaces_the_old(store: PlanStore) -> None:
    from planner.storage.errors import PermissionDeniedError

    ana, bo = store.as_user(ANA), store.as_user(BO)
    record = ana.create_plan("Pilot", Plan())
    ana.share(record.id, BO, "editor")
    ana.share(record.id, " Bo@Example.COM ", "Viewer")  # e-mails and roles in any case
    assert [(s.email, s.role) for s in ana.list_shares(record.id)] == [(BO, "viewer")]
    with pytest.raises(PermissionDeniedError):
        bo.save_version(record.id, Plan())
    assert ana.unshare(record.id, BO) is True
    assert ana.unshare(record.id, BO) is False  # not shared any more: nothing to do
    assert bo.list_plans() == []
    with pytest.raises(NotFoundError, match=f"there is no plan with id {record.id}"):
        bo.load_draft(record.id)


@pytest.mark.parametrize(
    ("email", "role", "message"),
    [
        ("bo at example.com", "viewer", "must look like name@example.com, got 'bo at example.com'"),
        ("@example.com", "viewer", "must look like name@example.com, got '@example.com'"),
        ("", "viewer", "must look like name@example.com, got ''"),
        (BO, "owner", "a plan is shared as viewer or editor, got 'owner'"),
        (ANA, "viewer", f"{ANA} owns this plan already; share it with someone else"),
    ],
)
def test_bad_shares_are_refused_in_words(
    store: PlanStore, email: str, role: str, message: str
) -> None:
    ana = store.as_user(ANA)
    record = ana.create_plan("Shared", Plan())
    with pytest.raises(StorageError) as refused:
        ana.share(record.id, email, role)
    assert message in str(refused.value)
    assert ana.list_shares(record.id) == []


def test_names_are_unique_per_owner(store: PlanStore) -> None:
    ana, bo = store.as_user(ANA), store.as_user(BO)
    ana.create_plan("Manila launch", Plan())
    bo.create_plan("Manila launch", Plan())  # another owner: allowed
    with pytest.raises(StorageError, match="a plan named 'Manila launch' already exists"):
        ana.create_plan("Manila launch", Plan())
    assert ana.unique_name("Manila launch") == "Manila launch (2)"
    assert store.as_user(CY).unique_name("Manila launch") == "Manila launch"


def test_each_version_records_who_saved_it(store: PlanStore) -> None:
    ana, bo = store.as_user(ANA), store.as_user(BO)
    record = ana.create_plan("Signed", Plan())
    ana.share(record.id, BO, "editor")
    assert ana.save_version(record.id, Plan(), "a").saved_by == ANA
    bo.save_version(record.id, edited(Plan(), 7), "b")
    store.save_version(record.id, Plan(), "single-user")
    draft = ana.load_draft(record.id)
    kept = ana.restore_version(record.id, 2, draft.revision).kept
    assert kept is None  # the working copy was the latest version already
    assert [(v.note, v.saved_by) for v in bo.list_versions(record.id)] == [
        ("a", ANA),
        ("b", BO),
        ("single-user", ""),
    ]


def test_plans_without_an_owner_go_to_the_first_user_who_claims_them(store: PlanStore) -> None:
    old = store.create_plan("Before sign-in", Plan())  # single-user mode: no owner
    store.create_plan("Budget", Plan())
    ana = store.as_user(ANA)
    ana.create_plan("Budget", Plan())
    assert ana.list_plans()[0].name == "Budget" and len(ana.list_plans()) == 1
    claimed = ana.claim_unowned()
    assert [(p.name, p.owner) for p in claimed] == [
        ("Before sign-in", ANA),
        ("Budget (2)", ANA),  # Ana has a "Budget" already
    ]
    assert store.as_user(BO).claim_unowned() == []  # the first claim took them all
    assert store.as_user(BO).list_plans() == []
    assert ana.get_plan(old.id).access == "owner"
    with pytest.raises(StorageError, match=f"you can claim plans only for yourself, not {BO}"):
        ana.claim_unowned(BO)


def test_a_named_owner_claims_from_single_user_mode(store: PlanStore) -> None:
    record = store.create_plan("Legacy", Plan())
    assert [p.owner for p in store.claim_unowned(" Ana@Example.com")] == [ANA]
    assert store.get_plan(record.id).owner == ANA  # single-user mode still sees it


def test_saving_under_a_name_creates_the_plan_then_adds_versions(store: PlanStore) -> None:
    ana = store.as_user(ANA)
    record, first = ana.save_version_named("  Weekly  ", Plan(), "one", source="command line")
    again, second = ana.save_version_named("Weekly", edited(Plan(), 3), "two")
    assert (record.name, record.owner, first.number) == ("Weekly", ANA, 1)
    assert (again.id, second.number, again.revision) == (record.id, 2, 3)
    assert ana.load_draft(record.id).plan.financing.opening_cash == 3
    # another user's "Weekly" is theirs, not Ana's
    other, _ = store.as_user(BO).save_version_named("Weekly", Plan())
    assert other.id != record.id


def test_a_store_as_a_user_shares_the_pool_and_closing_it_keeps_the_pool(store: PlanStore) -> None:
    with store.as_user(ANA) as ana:
        ana.create_plan("Pool", Plan())
    assert [p.name for p in store.list_plans()] == ["Pool"]  # the store still works
    assert repr(store.as_user(ANA)).endswith(f"user='{ANA}')")


# --- issue 12: one name per plan ----------------------------------------------------------------


def test_a_plan_has_one_name_in_its_content_and_in_the_list(store: PlanStore) -> None:
    # A copy said it opened the original's name: its content kept the original's settings.name.
    original = store.create_plan("Launch", Plan())
    assert store.load_draft(original.id).plan.settings.name == "Launch"
    copy = store.duplicate(original.id, "Launch", unique=True)
    assert copy.name == "Launch (2)"
    assert store.load_draft(copy.id).plan.settings.name == "Launch (2)"
    # A plan stored unique under a taken name carries the name it got.
    again = store.create_plan("Launch", Plan(), unique=True)
    assert store.load_draft(again.id).plan.settings.name == "Launch (3)"


def test_a_proposed_copy_name_always_fits_the_limit() -> None:
    from planner.storage.store import fit_name

    # 118 characters + " (copy)" was 125: "a plan name may be at most 120 characters, got 125".
    name = fit_name("x" * 118, " (copy)")
    assert len(name) == 120 and name.endswith("x (copy)")
    assert fit_name("Short", " (copy)") == "Short (copy)"


def test_rename_with_a_stale_revision_is_a_conflict(store: PlanStore) -> None:
    record = store.create_plan("Before", Plan())
    store.save_draft(record.id, Plan(), record.revision)
    with pytest.raises(ConflictError):
        store.rename(record.id, "After", expected_revision=record.revision)
    assert store.get_plan(record.id).name == "Before"
