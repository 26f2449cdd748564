"""AppTest: step 4, resources."""

from __future__ import annotations

import pytest

from planner.engine.pipeline import project
from tests.support.ui import (
    TEMPLATE_IDS,
    app_on,
    assert_clean,
    download_labels,
    downloaded_csv,
    edit_rows,
    errors,
    metric,
    plan_of,
    record_downloads,
    renders,
    template,
)

PAGE = "ui/views/resources.py"


@pytest.mark.parametrize("template_id", TEMPLATE_IDS)
def test_renders_with_each_template(template_id: str) -> None:
    renders(template_id, PAGE, "Step 4 · Resources", charts=2, kpi="Equipment bought (capex)")


def test_a_dearer_per_seat_item_raises_capex() -> None:
    plan = template("offshore_voice_support")
    row = next(
        i for i, r in enumerate(plan.resources.items) if r.ownership == "buy" and r.one_time_cost
    )
    at = app_on(plan, PAGE)
    before = metric(at, "Equipment bought (capex)")
    edit_rows(at, "resources", edited={row: {"one_time_cost": 50_000.0}})
    assert_clean(at)
    assert plan_of(at).resources.items[row].one_time_cost == 50_000.0
    assert metric(at, "Equipment bought (capex)") != before


def test_an_added_item_keeps_its_defaults() -> None:
    plan = template("offshore_voice_support")
    at = app_on(plan, PAGE)
    edit_rows(at, "resources", added=[{"name": "Coffee machine", "monthly_cost": "40"}])
    assert_clean(at)
    added = plan_of(at).resources.items[-1]
    assert (added.name, added.monthly_cost, added.basis) == ("Coffee machine", 40.0, "per_seat")


def test_a_negative_cost_is_refused_and_the_plan_kept() -> None:
    plan = template("offshore_voice_support")
    at = app_on(plan, PAGE)
    edit_rows(at, "resources", edited={0: {"monthly_cost": "-1"}})
    assert_clean(at)
    assert "), Monthly cost (USD): cannot be negative" in errors(at)
    assert plan_of(at) == plan


def test_costs_by_item_and_month_download_as_csv(monkeypatch: pytest.MonkeyPatch) -> None:
    files = record_downloads(monkeypatch)
    plan = template("onshore_bookkeeping_payroll")
    at = app_on(plan, PAGE)
    assert "Costs by item and month (CSV)" in download_labels(at)
    table = downloaded_csv(files, "-resources-by-month.csv")
    p = project(plan)
    for column in ("capex", "depreciation", "opex"):
        assert table[column].sum() == pytest.approx(p.resources[column].sum())
    assert set(table["item"]) == {i.name for i in plan.resources.items}
