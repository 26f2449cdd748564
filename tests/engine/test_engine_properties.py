"""Properties every projection must have, over random valid plans (tests/support/strategies.py)."""

from __future__ import annotations

import copy
from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.engine.pipeline import project
from planner.model.files import plan_from_dict
from planner.model.plan import Plan, Tax
from tests.support.engine_checks import assert_identities
from tests.support.strategies import plan_dicts, plans

SETTINGS = settings(max_examples=60, deadline=None)


@SETTINGS
@given(plans())
def test_statements_balance_and_add_up(plan: Plan) -> None:
    # balance sheet to the cent, cash roll-forward, P&L identities, cost categories = total costs,
    # detail tables = statements, headcount flows (see engine_checks.assert_identities)
    assert_identities(project(plan))


@SETTINGS
@given(plans())
def test_kpis_agree_with_the_monthly_table(plan: Plan) -> None:
    result = project(plan)
    m, k = result.monthly, result.kpis
    assert np.isclose(k.total_revenue, m.revenue.sum())
    assert np.isclose(k.total_costs, m.total_costs.sum())
    assert np.isclose(k.ending_cash, m.closing_cash.iloc[-1])
    assert k.peak_seats == m.seats.max()
    assert k.peak_headcount >= m.headcount.max() - 1e-9
    # break-even on the trailing three months' net income, payback on cumulative operating cash
    net = m.net_income.to_numpy()
    trailing = net + np.concatenate(([0.0], net[:-1])) + np.concatenate(([0.0, 0.0], net[:-2]))
    cumulative = m.operating_cash_flow.cumsum().to_numpy()
    for month, series in ((k.break_even_month, trailing), (k.payback_month, cumulative)):
        if month is None:
            assert series[-1] < -0.005
        else:
            start = list(m.month).index(month)
            assert (series[start:] >= -0.005).all()
            assert start == 0 or series[start - 1] < -0.005
    shortfall = plan.financing.minimum_cash - m.closing_cash
    assert np.isclose(k.funding_needed, max(0.0, shortfall.max()))


@SETTINGS
@given(plan_dicts())
def test_funding_needed_is_enough(data: dict[str, Any]) -> None:
    # opening with the extra cash keeps every month at or above the minimum, and nothing else moves
    plan = plan_from_dict(data)
    first = project(plan)
    data = copy.deepcopy(data)
    data["financing"]["opening_cash"] += first.kpis.funding_needed
    second = project(plan_from_dict(data))
    assert second.monthly.closing_cash.min() >= plan.financing.minimum_cash - 0.01
    assert second.kpis.funding_needed < 0.01
    assert np.allclose(second.monthly.net_income, first.monthly.net_income)


@SETTINGS
@given(plan_dicts(), st.floats(1.0, 3.0))
def test_more_client_volume_never_lowers_required_staff(
    data: dict[str, Any], factor: float
) -> None:
    # Roles driven by workload, by workload staff or by headcount only go up with volume. (Ratios
    # of seats or of yearly hires may not: a fuller queue can need fewer spare desks.)
    more = copy.deepcopy(data)
    for client in more["business_plan"]["clients"]:
        client["monthly_volume"] = round(client["monthly_volume"] * factor + 10, 1)
    base_result, bigger_result = project(plan_from_dict(data)), project(plan_from_dict(more))
    base, bigger = base_result.staffing, bigger_result.staffing
    roles = {r["name"]: r for r in data["staffing"]["roles"]}
    monotone = [
        name
        for name, r in roles.items()
        if r["basis"] != "ratio" or r["ratio_of"] in {"workload_staff", "headcount"}
    ]
    a = base[base.role.isin(monotone)].required.to_numpy()
    b = bigger[bigger.role.isin(monotone)].required.to_numpy()
    assert (b >= a - 1e-9).all()
    load_a = base_result.workload.fte.to_numpy()
    load_b = bigger_result.workload.fte.to_numpy()
    assert (load_b >= load_a - 1e-9).all()


@SETTINGS
@given(plan_dicts())
def test_no_clients_no_revenue(data: dict[str, Any]) -> None:
    data = copy.deepcopy(data)
    data["business_plan"]["clients"] = []
    data["marketing"].pop("won_client", None)
    data["marketing"]["won_clients"] = []
    result = project(plan_from_dict(data))
    assert (result.monthly.revenue == 0).all()
    assert (result.monthly.receivables == 0).all()
    assert (result.monthly.cash_from_clients == 0).all()
    assert (result.workload.fte == 0).all()
    assert result.revenue.empty


@SETTINGS
@given(plans())
def test_tax_never_exceeds_rate_times_cumulative_profit(plan: Plan) -> None:
    # One rate on profit, losses carried for ever: each year's tax to date is never negative (a
    # month may true up an earlier accrual), and the tax to date never exceeds the rate x the
    # highest cumulative profit so far.
    plan = plan.model_copy(update={"financing": plan.financing.model_copy(update={"tax": Tax()})})
    m = project(plan).monthly
    rate = plan.financing.tax_rate
    cumulative_tax = m.tax.cumsum()
    cumulative_profit = m.profit_before_tax.cumsum()
    year = (m.month_no - 1) // 12
    assert (m.tax.groupby(year).cumsum() >= -1e-6).all()
    assert (
        cumulative_tax <= rate * np.maximum.accumulate(np.maximum(cumulative_profit, 0)) + 1e-6
    ).all()
