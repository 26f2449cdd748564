"""The bid's cost to serve and its eight prices (`planner.bid.pricing`), checked by hand."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.bid.pricing import (
    agent_role,
    cost_basis,
    cost_to_serve,
    on_cost_rate,
    overhead_rate,
    price_models,
    unit_costs,
)
from planner.bid.types import BILLING_MODELS, CostBasis, CostToServe
from planner.engine.pipeline import project
from planner.model.files import load_plan, plan_from_dict, plan_to_dict
from planner.model.issues import PlanError
from planner.model.plan import COST_UNITS, Bonus, Plan
from planner.steps.specialty import resources_per_person_month
from tests.support.tools import ROOT

STARTER = ROOT / "templates" / "plans" / "offshore_voice_support.yaml"

BASIS = CostBasis(
    wage_per_month=500.0,
    on_cost_rate=0.25,
    seat_cost_per_month=120.0,
    overhead_rate=0.4,
    paid_hours_per_month=160.0,
    shrinkage=0.3,
    currency="USD",
    source="hand-made",
    person_cost_per_month=20.0,
)


def month(change: float = 0.0, **units: float) -> CostToServe:
    values = {
        "fte": 10.0,
        "paid_hours": 1600.0,
        "productive_hours": 1120.0,
        "handled_minutes": 50_000.0,
        "contacts": 10_000.0,
        "seats": 8.0,
    }
    values.update(units)
    return cost_to_serve(BASIS, volume_change=change, **values)


@pytest.fixture(scope="module")
def starter() -> Plan:
    return load_plan(STARTER)


def test_cost_to_serve_by_hand() -> None:
    cost = month()
    # staff 10 x 500 x 1.25 = 6,250; seats 8 x 120 + 10 x 20 = 1,160; overhead 0.4 x 6,250 = 2,500
    assert cost.staff_cost == pytest.approx(6250.0)
    assert cost.seat_cost == pytest.approx(1160.0)
    assert cost.overhead_cost == pytest.approx(2500.0)
    assert cost.total_cost == pytest.approx(9910.0)


def test_unit_costs_by_hand() -> None:
    costs = unit_costs(month())
    assert tuple(costs) == COST_UNITS
    # 9,910 / 10 FTE = 991; / 1,600 paid h = 6.19375; / 1,120 productive h = 8.848214...;
    # / 50,000 min = 0.1982; / 10,000 contacts = 0.991; / 8 seats = 1,238.75
    assert costs["per_fte_month"] == pytest.approx(991.0)
    assert costs["per_paid_hour"] == pytest.approx(6.19375)
    assert costs["per_productive_hour"] == pytest.approx(9910 / 1120)
    assert costs["per_handled_minute"] == pytest.approx(0.1982)
    assert costs["per_item"] == pytest.approx(0.991)
    assert costs["per_seat"] == pytest.approx(1238.75)


def test_a_month_without_seats_has_no_cost_per_seat_and_says_so() -> None:
    with pytest.raises(ValueError, match="no seats to divide its cost by"):
        unit_costs(month(seats=0.0))


def three_cases() -> dict[float, CostToServe]:
    # forecast: staff 6,000 + seats 1,000 + overhead 2,000 = 9,000 for 3,000 contacts, 10 FTE
    forecast = CostToServe(0.0, 10, 1600, 1120, 15_000, 3000, 8, 6000, 1000, 2000, 9000)
    under = CostToServe(-0.2, 8.5, 1360, 952, 12_000, 2400, 8, 5100, 1000, 1400, 7500)
    over = CostToServe(0.2, 11.5, 1840, 1288, 18_000, 3600, 9, 6900, 1125, 2475, 10_500)
    return {-0.2: under, 0.0: forecast, 0.2: over}


def test_the_eight_prices_by_hand() -> None:
    prices = {p.model: p for p in price_models(three_cases(), 0.25)}
    assert tuple(prices) == BILLING_MODELS
    # R = 9,000 / (1 - 0.25) = 12,000 a month on the forecast
    assert all(p.monthly_revenue == pytest.approx(12_000) for p in prices.values())
    assert prices["per_fte_month"].price == pytest.approx(1200.0)  # 12,000 / 10 FTE
    assert prices["per_paid_hour"].price == pytest.approx(7.5)  # 12,000 / 1,600 h
    assert prices["per_productive_hour"].price == pytest.approx(12_000 / 1120)
    assert prices["per_handled_minute"].price == pytest.approx(0.8)  # 12,000 / 15,000 min
    assert prices["per_item"].price == pytest.approx(4.0)  # 12,000 / 3,000 contacts
    assert prices["per_seat"].price == pytest.approx(1500.0)  # 12,000 / 8 seats
    assert prices["monthly_retainer"].price == pytest.approx(12_000)
    both = prices["base_plus_per_item"]
    # base (1,000 + 2,000) / 0.75 = 4,000; per contact 6,000 / 0.75 / 3,000 = 2.6667
    assert both.base_fee == pytest.approx(4000.0)
    assert both.price == pytest.approx(8000 / 3000)
    assert all(p.base_fee == 0 for m, p in prices.items() if m != "base_plus_per_item")


def test_margins_when_volume_falls_or_rises_by_hand() -> None:
    prices = {p.model: p for p in price_models(three_cases(), 0.25)}
    # per contact, 2,400 contacts at 4.00 = 9,600 against 7,500: (9,600 - 7,500) / 9,600
    assert prices["per_item"].margins[-0.2] == pytest.approx(2100 / 9600)
    # 3,600 contacts: 14,400 against 10,500: 3,900 / 14,400
    assert prices["per_item"].margins[0.2] == pytest.approx(3900 / 14_400)
    # the retainer earns 12,000 whatever the volume: (12,000 - 7,500) / 12,000 = 37.5 %
    assert prices["monthly_retainer"].margins[-0.2] == pytest.approx(0.375)
    assert prices["monthly_retainer"].margins[0.2] == pytest.approx(1500 / 12_000)
    # base 4,000 + 2,400 x 2.6667 = 10,400 against 7,500: 2,900 / 10,400
    assert prices["base_plus_per_item"].margins[-0.2] == pytest.approx(2900 / 10_400)
    # 8 seats stay 8: 12,000 against 7,500 (the seat price protects like a retainer)
    assert prices["per_seat"].margins[-0.2] == pytest.approx(0.375)
    # 8.5 FTE x 1,200 = 10,200 against 7,500: 2,700 / 10,200
    assert prices["per_fte_month"].margins[-0.2] == pytest.approx(2700 / 10_200)


@pytest.mark.parametrize("margin", [-0.01, 1.0, 1.5, math.nan])
def test_a_target_margin_outside_0_to_1_is_refused_naming_it(margin: float) -> None:
    with pytest.raises(ValueError, match=r"target margin must be from 0 up to \(not including\) 1"):
        price_models(three_cases(), margin)


def test_a_zero_margin_prices_at_cost() -> None:
    prices = price_models(three_cases(), 0.0)
    assert prices[4].price == pytest.approx(3.0)  # 9,000 / 3,000 contacts


def test_no_revenue_means_no_margin_not_a_division_by_zero() -> None:
    free = CostToServe(0.0, 1, 160, 112, 600, 100, 1, 0.0, 0.0, 0.0, 0.0)
    prices = price_models({0.0: free}, 0.25)
    assert all(p.price == 0 and math.isnan(p.margins[0.0]) for p in prices)


def test_the_forecast_case_is_required() -> None:
    with pytest.raises(ValueError, match="forecast volume"):
        price_models({0.2: three_cases()[0.2]}, 0.25)


positive = st.floats(min_value=0.01, max_value=1e6, allow_nan=False, allow_infinity=False)


@given(
    fte=positive,
    contacts=positive,
    seats=positive,
    hours=positive,
    staff=positive,
    seat=st.floats(min_value=0, max_value=1e6),
    overhead=st.floats(min_value=0, max_value=1e6),
    margin=st.floats(min_value=0, max_value=0.95),
    scale=st.floats(min_value=0.5, max_value=1.5),
)
def test_every_price_gives_the_target_margin_on_the_forecast(
    *,
    fte: float,
    contacts: float,
    seats: float,
    hours: float,
    staff: float,
    seat: float,
    overhead: float,
    margin: float,
    scale: float,
) -> None:
    total = staff + seat + overhead
    forecast = CostToServe(0.0, fte, hours, hours * 0.7, contacts * 5, contacts, seats, staff, seat,
                           overhead, total)  # fmt: skip
    other = CostToServe(0.2, fte * scale, hours * scale, hours * 0.7 * scale, contacts * 5 * scale,
                        contacts * scale, seats * scale, staff * scale, seat * scale,
                        overhead * scale, total * scale)  # fmt: skip
    for price in price_models({0.0: forecast, 0.2: other}, margin):
        assert price.margins[0.0] == pytest.approx(margin, abs=1e-9)
        # revenue - cost has the sign of the margin (revenue > 0 here)
        revenue = price.monthly_revenue
        assert revenue == pytest.approx(total / (1 - margin), rel=1e-12)
        case = price.margins[0.2]
        if price.model in ("monthly_retainer", "base_plus_per_item"):
            earned = price.price if price.model == "monthly_retainer" else (
                price.base_fee + price.price * contacts * scale)  # fmt: skip
        else:
            earned = revenue * scale  # every unit scaled alike
        assert (earned - total * scale > 1e-9 * total) <= (case > 0)
        assert case == pytest.approx((earned - total * scale) / earned, abs=1e-9)


def test_the_agent_role_serves_the_bids_line(starter: Plan) -> None:
    assert agent_role(starter, "tech_support_voice").name == "Technical support agent"
    assert agent_role(starter, "customer_support_chat").name == "Customer service agent"
    # no line given: the first workload role (no role here serves every line)
    assert agent_role(starter).name == "Customer service agent"


def test_an_unknown_line_is_named_in_words(starter: Plan) -> None:
    with pytest.raises(PlanError, match="'claims' is not one of this plan's service lines"):
        agent_role(starter, "claims")


def test_a_plan_without_agents_cannot_be_costed(starter: Plan) -> None:
    data = plan_to_dict(starter)
    data["staffing"]["roles"] = [r for r in data["staffing"]["roles"] if r["basis"] != "workload"]
    with pytest.raises(PlanError, match="no agent role to cost the bid with"):
        agent_role(plan_from_dict(data))


def test_on_costs_are_what_the_payroll_adds_to_the_wage(starter: Plan) -> None:
    role = agent_role(starter, "customer_support_voice")
    payroll = project(starter).payroll
    row = payroll[(payroll["role"] == role.name) & (payroll["paid"] > 0)].iloc[0]
    assert on_cost_rate(starter, role) == pytest.approx(row["total_cost"] / row["wage_cost"] - 1)


def test_on_costs_by_hand() -> None:
    # burden 25 %, 13th-month pay charged with burden, 1/3 of hours at night at +10 %, employee:
    # night 1/3 x 0.1 = 0.03333; bonus 1/12 = 0.08333; 0.25 x (1 + 0.03333 + 0.08333) = 0.27917
    plan = Plan.model_validate(
        {
            "staffing": {
                "roles": [{"name": "Agent", "monthly_wage": 1000, "basis": "workload"}],
                "burden": 0.25,
                "shift_pattern": "three_shifts",
                "night_premium": 0.1,
                "bonuses": [Bonus(months=[12], share=1.0, burden=True).model_dump()],
            }
        }
    )
    role = plan.staffing.roles[0]
    assert on_cost_rate(plan, role) == pytest.approx(1 / 30 + 1 / 12 + 0.25 * (1 + 1 / 30 + 1 / 12))
    contractor = role.model_copy(update={"employment": "contractor"})
    assert on_cost_rate(plan, contractor) == pytest.approx(0.0)  # no burden, bonus or premium


def test_the_overhead_share_is_year_ones_other_costs_over_agents_pay(starter: Plan) -> None:
    p = project(starter)
    agents = {"Customer service agent", "Technical support agent"}
    pay = p.payroll[p.payroll["month_no"] <= 12]
    agent_pay = pay.loc[pay["role"].isin(agents), "total_cost"].sum()
    other_pay = pay.loc[~pay["role"].isin(agents), "total_cost"].sum()
    items = {
        i.name for i in starter.resources.items if i.basis in ("per_site", "fixed", "per_role")
    }
    res = p.resources[(p.resources["month_no"] <= 12) & p.resources["item"].isin(items)]
    fixed = (res["opex"] + res["depreciation"]).sum()
    assert overhead_rate(p) == pytest.approx((other_pay + fixed) / agent_pay)
    assert 0.1 < overhead_rate(p) < 2.0


def test_a_plan_that_pays_no_agents_has_no_overhead_share_and_says_so(starter: Plan) -> None:
    data = plan_to_dict(starter)
    data["business_plan"]["clients"] = []
    data["marketing"]["won_clients"] = []
    data["marketing"]["channels"] = []
    plan = plan_from_dict(data)
    basis = cost_basis(plan)
    assert basis.overhead_rate == 0.0
    assert "pays no agents yet" in basis.source


def test_the_cost_basis_of_the_offshore_starter(starter: Plan) -> None:
    basis = cost_basis(starter, service_line="customer_support_voice")
    # PHP 26,325 a month at 58.5 PHP per USD = USD 450
    assert basis.wage_per_month == pytest.approx(26_325 / 58.5)
    assert basis.currency == "USD"
    assert basis.paid_hours_per_month == starter.staffing.paid_hours_per_month
    assert basis.shrinkage == starter.staffing.shrinkage
    # one owner of the per-seat rule: the delivery comparison's per-person figure agrees
    share = {"office_hours": 1.0, "two_shifts": 0.5, "three_shifts": 1 / 3}
    per_person = basis.seat_cost_per_month * share[starter.staffing.shift_pattern]
    assert per_person + basis.person_cost_per_month == pytest.approx(
        resources_per_person_month(starter)
    )
    assert basis.source.startswith(
        "Offshore voice and chat support, Manila (Manila, Philippines): Customer service agent "
        "at USD 450 a month (PHP 26,325 a month)"
    )


def test_without_agents_paid_in_year_1_the_overhead_share_is_the_horizons(starter: Plan) -> None:
    p = project(starter)
    agents = {"Customer service agent", "Technical support agent"}
    payroll = p.payroll.copy()
    first_year_agents = payroll["role"].isin(agents) & (payroll["month_no"] <= 12)
    payroll.loc[first_year_agents, "total_cost"] = 0.0
    later = replace(p, payroll=payroll)
    agent_pay = payroll.loc[payroll["role"].isin(agents), "total_cost"].sum()
    other_pay = payroll.loc[~payroll["role"].isin(agents), "total_cost"].sum()
    items = {
        i.name for i in starter.resources.items if i.basis in ("per_site", "fixed", "per_role")
    }
    fixed = p.resources[p.resources["item"].isin(items)]
    expected = (other_pay + (fixed["opex"] + fixed["depreciation"]).sum()) / agent_pay
    assert overhead_rate(later) == pytest.approx(expected)
    assert overhead_rate(later) != pytest.approx(overhead_rate(p))
