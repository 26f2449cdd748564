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
    # the starter pays costs in PHP (Manila) and USD: the column names both
    assert "), Monthly cost (PHP or USD: the row's location): cannot be negative" in errors(at)
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


def test_an_item_can_be_counted_per_person_in_chosen_roles() -> None:
    plan = template("offshore_voice_support")
    agent = plan.staffing.roles[0].name
    at = app_on(plan, PAGE)
    edit_rows(
        at,
        "resources",
        added=[{"name": "Phone licence", "basis": "per_role", "roles": [agent],
                "ownership": "lease", "monthly_cost": 12.0}],
    )  # fmt: skip
    assert_clean(at)
    item = plan_of(at).resources.items[-1]
    assert (item.basis, item.roles) == ("per_role", [agent])
    p = project(plan_of(at))
    licences = p.resources[p.resources["item"] == "Phone licence"].units.to_numpy()
    agents = p.staffing[p.staffing["role"] == agent].headcount.to_numpy()
    assert (licences == agents).all()


def test_per_person_in_chosen_roles_without_a_role_is_refused_in_words() -> None:
    plan = template("offshore_voice_support")
    at = app_on(plan, PAGE)
    edit_rows(at, "resources", edited={0: {"basis": "per_role"}})
    assert_clean(at)
    text = errors(at)
    name = plan.resources.items[0].name
    assert (
        f"Resources (step 4), row 1 '{name}', roles: it is counted per person in chosen roles, "
        "but no role is chosen" in text
    )
    assert "resources.items" not in text
    assert plan_of(at) == plan


def test_a_deposit_and_advance_rent_are_saved_and_held_as_an_asset() -> None:
    plan = template("offshore_voice_support")
    at = app_on(plan, PAGE)
    edit_rows(at, "resources", edited={0: {"deposit": 250.0, "advance_rent_months": 2}})
    assert_clean(at)
    item = plan_of(at).resources.items[0]
    assert (item.deposit, item.advance_rent_months) == (250.0, 2)
    assert project(plan_of(at)).monthly.deposits.iloc[-1] > 0
