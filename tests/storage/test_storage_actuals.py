"""A plan's actual figures and account mapping are kept in the plans database with the working
copy and with every version (plans are stored as their JSON, actuals included)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from planner.model.plan import Plan
from planner.model.starters import load_plan_or_starter
from planner.report.actuals_import import import_into
from planner.storage.store import PlanStore
from tests.support.storage_cases import edited


@pytest.fixture
def store(tmp_path: Path) -> Iterator[PlanStore]:
    with PlanStore(f"sqlite:///{tmp_path / 'plans.db'}") as opened:
        yield opened


def with_figures(plan: Plan, csv: str) -> Plan:
    updated, _ = import_into(plan, csv.encode(), "actuals.csv")
    return updated


def test_a_saved_version_keeps_its_actuals_and_mapping(store: PlanStore) -> None:
    plan = with_figures(edited(Plan(), 1), "month,line,value\n2027-01,revenue,1200\n")
    assert plan.actuals is not None
    actuals = plan.actuals.model_copy(update={"mapping": {"Bank fees": ""}})
    plan = plan.model_copy(update={"actuals": actuals})
    record = store.create_plan("With actuals", plan)
    store.save_version(record.id, plan, "January's figures")
    later = with_figures(plan, "month,line,value\n2027-02,revenue,1300\n")
    store.save_draft(record.id, later, record.revision)

    kept = store.load_version(record.id, 1)
    assert kept.actuals == plan.actuals  # the version does not move with the draft
    assert kept.actuals is not None and kept.actuals.mapping == {"Bank fees": ""}
    draft = store.load_draft(record.id).plan
    assert draft.actuals is not None
    assert [(e.month, e.value) for e in draft.actuals.entries] == [
        ("2027-01", 1200.0),
        ("2027-02", 1300.0),
    ]


def test_a_starter_with_imported_samples_round_trips(store: PlanStore) -> None:
    from planner.data import template_path

    plan = load_plan_or_starter("onshore_bookkeeping_payroll")
    sample = template_path("actuals", "onshore_bookkeeping_payroll_quickbooks.xlsx")
    plan, _ = import_into(plan, sample.read_bytes(), sample.name)
    record = store.create_plan("Bookkeeping after launch", plan)
    assert store.load_draft(record.id).plan.actuals == plan.actuals
