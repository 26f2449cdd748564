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
