"""Resource items per person in chosen roles; deposits and advance rent through the statements."""

from __future__ import annotations

import numpy as np
import pytest

from planner.engine.costs import advance_rent
from tests.support.small_plans import client, run, series

ROLES = [
    {"name": "Agent", "monthly_wage": 1000, "basis": "workload"},
    {"name": "Coder", "monthly_wage": 1500, "fixed_count": 2},
    {"name": "Manager", "monthly_wage": 3000, "fixed_count": 1},
]
CLIENTS = [client(monthly_volume=300)]  # 300 items / 100 an FTE = 3 agents


def _item(**fields: object) -> dict[str, object]:
    return {"name": "Item", "ownership": "lease", **fields}


def test_a_licence_per_person_in_chosen_roles_follows_their_headcount() -> None:
    # Phone licence for agents and coders only: 3 agents + 2 coders = 5 people (the manager has
    # none); 1 licence each at 20 a month: 5 x 20 = 100 a month. Coding software for coders only,
    # 2 seats each at 50: 2 x 2 x 50 = 200 a month. Resources opex: 300 a month.
    items = [
        _item(name="Phone licence", basis="per_role", roles=["Agent", "Coder"], monthly_cost=20),
        _item(name="Coding software", basis="per_role", roles=["Coder"], quantity=2,
              monthly_cost=50),
    ]  # fmt: skip
    r = run(
        business_plan={"clients": CLIENTS},
        staffing={"roles": ROLES},
        resources={"items": items},
    )
    assert series(r.resources, "units", item="Phone licence") == [5] * 12
    assert series(r.resources, "basis_count", item="Coding software") == [2] * 12
    assert series(r.resources, "units", item="Coding software") == [4] * 12
    assert list(r.monthly.resources_opex) == [300.0] * 12


def test_a_bought_item_per_role_is_bought_for_each_new_person() -> None:
    # A headset (bought, 40 each) for agents only: 3 agents in months 1-3, then 6 (600 items from
    # month 4, a second client): 3 bought in month 1 (120), 3 more in month 4 (120).
    clients = [*CLIENTS, client(name="Beta", monthly_volume=300, start_month=4)]
    items = [_item(name="Headset", basis="per_role", roles=["Agent"], ownership="buy",
                   one_time_cost=40, useful_life_months=24)]  # fmt: skip
    r = run(
        business_plan={"clients": clients}, staffing={"roles": ROLES}, resources={"items": items}
    )
    assert series(r.resources, "bought")[:5] == [3, 0, 0, 3, 0]
    assert list(r.monthly.capex[:5]) == [120.0, 0, 0, 120.0, 0]


def test_advance_rent_is_paid_ahead_and_used_up_over_the_first_months() -> None:
    # 3 months of 1,000 paid in month 2 (the first month with units); the rent of months 2-4 is
    # taken from it: held 2,000, 1,000, 0 at the ends of months 2, 3, 4.
    units = np.array([0, 1, 1, 1, 1, 1.0])
    paid, held = advance_rent(units, 1000.0, 3)
    assert paid.tolist() == [0, 3000, 0, 0, 0, 0]
    assert held.tolist() == [0, 2000, 1000, 0, 0, 0]


def test_a_lease_deposit_and_advance_rent_are_cash_out_at_the_start_and_an_asset() -> None:
    # Office lease: 1 site, 2,000 a month, a deposit of 2 months' rent + 500 = 4,500 and 3
    # months of rent in advance = 6,000. Month 1 cash: rent 2,000 (an expense) + deposit 4,500 +
    # the advance 6,000 - this month's rent taken from it 2,000: deposits and advance rent paid =
    # 4,500 + 4,000 = 8,500, and operating cash -2,000: closing cash 100,000 - 10,500 = 89,500.
    # Month 2: rent 2,000 expensed, paid from the advance: deposits paid -2,000, cash unchanged.
    # Month 4 on: the advance is used up, the rent is paid in cash; the deposit stays held to the
    # end of the plan (4,500 on the balance sheet in month 12).
    items = [_item(name="Office lease", basis="per_site", monthly_cost=2000, deposit=500,
                   deposit_months=2, advance_rent_months=3)]  # fmt: skip
    r = run(resources={"items": items}, financing={"opening_cash": 100_000})
    m = r.monthly
    assert list(m.resources_opex) == [2000.0] * 12
    assert list(m.deposits[:5]) == [8500.0, 6500.0, 4500.0, 4500.0, 4500.0]
    assert list(m.deposits_paid[:5]) == [8500.0, -2000.0, -2000.0, 0.0, 0.0]
    assert list(m.closing_cash[:5]) == [89_500.0, 89_500.0, 89_500.0, 87_500.0, 85_500.0]
    assert m.deposits.iloc[-1] == 4500.0
    assert series(r.resources, "deposit")[:2] == [4500, 4500]
    assert series(r.resources, "advance_rent_paid")[:2] == [6000, 0]
    assert series(r.resources, "advance_rent")[:4] == [4000, 2000, 0, 0]
    # the balance sheet balances: assets 89,500 + 8,500 = 98,000 = 100,000 capital - 2,000 loss
    assert m.total_assets.iloc[0] == pytest.approx(98_000)
    assert m.total_liabilities_and_equity.iloc[0] == pytest.approx(98_000)


def test_a_deposit_per_seat_is_refunded_as_seats_are_given_up() -> None:
    # A deposit of 100 per desk: 5 desks in months 1-3 (a 3-month contract of 500 items), then
    # none: 500 held, refunded in month 4 (deposits paid -500).
    roles = [{"name": "Clerk", "monthly_wage": 1000, "basis": "workload"}]
    clients = [client(monthly_volume=500, term_months=3)]
    items = [_item(name="Desk rental", basis="per_seat", deposit=100)]
    r = run(
        business_plan={"clients": clients}, staffing={"roles": roles}, resources={"items": items}
    )
    assert list(r.monthly.deposits[:5]) == [500.0, 500.0, 500.0, 0.0, 0.0]
    assert list(r.monthly.deposits_paid[:5]) == [500.0, 0.0, 0.0, -500.0, 0.0]
