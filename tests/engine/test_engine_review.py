"""A lender's-analyst review of the engine: each test is a small plan checked by hand (arithmetic in
the comments). Bugs found in the review have a test here; so do formulas that had none."""

from __future__ import annotations

import numpy as np
import pytest

from planner.engine.headcount import training_lead_months
from planner.engine.pipeline import project
from tests.support.small_plans import ITEMS_LINE, client, make_plan, run, series

# --- bugs found in the review -------------------------------------------------------------------


def test_training_lead_counts_52_over_12_weeks_a_month() -> None:
    # A month is 52 / 12 = 4.333... weeks. 13 weeks of training is exactly 3 months (13 x 12 / 52
    # = 3.0), 26 weeks 6 months, 52 weeks 12; dividing by 4.33 gave 3.002 -> 4, 6.005 -> 7, 13.
    assert training_lead_months(13) == 3
    assert training_lead_months(26) == 6
    assert training_lead_months(52) == 12
    # the documented examples still hold: 2 weeks -> 1 month, 6 weeks (1.38) -> 2, 0 -> 0
    assert training_lead_months(2) == 1
    assert training_lead_months(6) == 2
    assert training_lead_months(0) == 0
    # in the engine: 10 people needed from month 5 with 13 weeks of training join 3 months ahead,
    # in month 2, and are trainees in months 2, 3 and 4.
    roles = [{"name": "Analyst", "monthly_wage": 1000, "fixed_count": 10, "start_month": 5}]
    r = run(staffing={"roles": roles, "training_weeks": 13})
    assert series(r.staffing, "headcount")[:6] == [0, 10, 10, 10, 10, 10]
    assert series(r.staffing, "in_training")[:6] == [0, 10, 10, 10, 0, 0]


PROJECT_LINE = {
    "id": "forms",
    "name": "Research",
    "family": "kpo",
    "workload": {"type": "project", "utilisation": 0.75},
}


def test_per_productive_hour_bills_the_billable_share_of_project_hours() -> None:
    # 300 project hours a month, 100 paid hours, no shrinkage, 75% of productive hours billable:
    # FTE = 300 / (100 x 1.0 x 0.75) = 4.0. Those 4 FTE give 400 productive hours, of which 75%
    # (300 h, the client's hours) are billable: 300 h x 10 = 3,000 (not 400 h x 10 = 4,000).
    roles = [{"name": "Analyst", "monthly_wage": 1000, "basis": "workload"}]
    clients = [client(monthly_volume=300, pricing_model="per_productive_hour", price=10)]
    r = run(
        specialty={"service_lines": [PROJECT_LINE]},
        business_plan={"clients": clients},
        staffing={"roles": roles},
    )
    assert series(r.workload, "fte")[:2] == [4.0, 4.0]
    assert series(r.revenue, "billed_units")[:2] == [300.0, 300.0]
    assert series(r.revenue, "revenue")[:2] == [3000.0, 3000.0]
    # lower utilisation must not raise revenue: at 50% the same 300 hours bill the same 3,000
    half = {**PROJECT_LINE, "workload": {"type": "project", "utilisation": 0.5}}
    r50 = run(
        specialty={"service_lines": [half]},
        business_plan={"clients": clients},
        staffing={"roles": roles},
    )
    assert series(r50.workload, "fte")[0] == 6.0  # 300 / (100 x 0.5)
    assert series(r50.revenue, "revenue")[0] == 3000.0


def test_per_productive_hour_on_an_items_line_bills_working_hours() -> None:
    # 120 + 40 items at 60 minutes, 20% shrinkage, 80% utilisation: line FTE = 160 h of work /
    # (100 x 0.8 x 0.8 = 64 h) = 2.5; B's share by volume 40 / 160 = 0.625 FTE x 64 h = 40 h of
    # work (= 40 items x 1 h) x 10 = 400. A per FTE at 1,000: 1.875 FTE -> 1,875.
    line = {**ITEMS_LINE, "workload": {"type": "items", "minutes_per_item": 60, "utilisation": 0.8}}
    clients = [
        client(name="A", monthly_volume=120, pricing_model="per_fte_month", price=1000),
        client(name="B", monthly_volume=40, pricing_model="per_productive_hour", price=10),
    ]
    r = run(
        specialty={"service_lines": [line]},
        business_plan={"clients": clients},
        staffing={"shrinkage": 0.2},
    )
    first = r.revenue[r.revenue.month_no == 1].set_index("client")
    assert series(r.workload, "fte")[0] == 2.5
    assert first.loc["A", "billed_units"] == pytest.approx(1.875)
    assert first.loc["B", "billed_units"] == pytest.approx(40.0)
    assert first.loc["B", "revenue"] == pytest.approx(400.0)


def test_equity_and_loans_after_the_horizon_are_outside_the_plan() -> None:
    # A 12-month plan with an injection in month 24 and a loan drawn in month 30 (the founder
    # shortened the horizon): neither arrives within the plan, so nothing moves.
    plan = make_plan(
        financing={
            "equity": [{"month": 24, "amount": 100}, {"month": 12, "amount": 50}],
            "loans": [{"amount": 1000, "start_month": 30}],
        }
    )
    m = project(plan).monthly
    assert m.equity_injections.sum() == 50  # only month 12's
    assert m.equity_injections.iloc[11] == 50
    assert m.loan_drawdowns.sum() == 0 and m.loans_outstanding.sum() == 0
    assert m.closing_cash.iloc[-1] == 50
    assert m.paid_in_capital.iloc[-1] == 50


def test_recruiting_for_hires_just_after_the_horizon_is_paid_in_it() -> None:
    # 10 people from month 1, attrition 12% a year = 0.1 quits due a month from month 2, added
    # up: 1.0 by month 11, when one whole person leaves and is replaced; recruiting 100 a hire
    # paid 1 month ahead. Month 1: 10 hires x 100 = 1,000; month 10 pays month 11's hire: 100;
    # month 12 pays for month 13's expected replacements (beyond the horizon the requirement stays
    # at the last month's, as when hiring ahead; an expected cost): 10 x 0.12 / 12 x 100 = 10.
    roles = [{"name": "Clerk", "monthly_wage": 1000, "fixed_count": 10}]
    staffing = {
        "roles": roles,
        "yearly_attrition": 0.12,
        "recruiting_cost_per_hire": 100,
        "hiring_lead_months": 1,
    }
    r = run(staffing=staffing)
    assert list(np.round(r.monthly.recruiting_training, 6)) == [1000, *[0] * 8, 100, 0, 10]
    # paid 2 months ahead: month 1 pays for months 1-3 (10 + 0 + 0 hires) = 1,000; month 9 pays
    # month 11's hire (100); months 11 and 12 pay for months 13 and 14: 10 each
    r2 = run(staffing={**staffing, "hiring_lead_months": 2})
    assert list(np.round(r2.monthly.recruiting_training, 6)) == [1000, *[0] * 7, 100, 0, 10, 10]


# --- formulas and edge cases that had no hand-checked test ----------------------------------------


def test_client_in_the_last_month_leaves_its_invoice_in_receivables() -> None:
    # 100 items at 1.00 from month 12 of 12, 45 days to pay (half in month 13, half in 14): no
    # cash within the plan; the 100 is a receivable at the end, and the balance sheet holds it.
    clients = [client(monthly_volume=100, pricing_model="per_item", price=1, start_month=12)]
    clients[0]["payment_days"] = 45
    r = run(business_plan={"clients": clients})
    m = r.monthly
    assert m.revenue.iloc[-1] == 100 and m.revenue.sum() == 100
    assert m.cash_from_clients.sum() == 0
    assert m.receivables.iloc[-1] == 100
    assert m.total_assets.iloc[-1] == pytest.approx(100)
    assert m.retained_earnings.iloc[-1] == pytest.approx(100)


def test_contract_term_shorter_than_the_ramp() -> None:
    # 600 items, 5-month ramp, 2-month term from month 3: contract months 1 and 2 run at 1/6 and
    # 2/6 = 100 and 200, then the contract ends before reaching full volume.
    clients = [
        client(
            monthly_volume=600,
            start_month=3,
            ramp_months=5,
            term_months=2,
            pricing_model="per_item",
            price=1,
        )
    ]
    r = run(business_plan={"clients": clients})
    assert series(r.revenue, "volume")[:6] == [0, 0, 100, 200, 0, 0]
    assert list(r.monthly.clients[:6]) == [0, 0, 1, 1, 0, 0]


def test_zero_price_gives_work_but_no_revenue() -> None:
    # 200 items a month at price 0: 2 FTE of work and 2 clerks paid 1,000 each, no revenue.
    roles = [{"name": "Clerk", "monthly_wage": 1000, "basis": "workload"}]
    clients = [client(monthly_volume=200, pricing_model="per_fte_month", price=0)]
    r = run(business_plan={"clients": clients}, staffing={"roles": roles})
    assert r.monthly.revenue.sum() == 0
    assert list(r.monthly.direct_labour[:2]) == [2000, 2000]
    assert r.kpis.gross_margin_pct == 0
    assert r.kpis.price_per_productive_hour == 0
    assert r.kpis.cost_per_productive_hour == pytest.approx(10)  # 24,000 / (2 x 100 h x 12)


def test_escalation_on_each_contract_anniversary() -> None:
    # price 100 retainer from month 2, 10% a contract year: contract months 1-12 (plan months
    # 2-13) pay 100, months 13-24 (plan 14-25) 110, month 25 (plan 26) 121.
    clients = [
        client(
            pricing_model="monthly_retainer",
            price=100,
            start_month=2,
            yearly_escalation=0.1,
            payment_days=0,
        )
    ]
    r = run(settings={"horizon_months": 26}, business_plan={"clients": clients})
    price = series(r.revenue, "unit_price")
    assert price[0] == 0 and price[1] == 100 and price[12] == 100
    assert price[13] == 110 and price[24] == 110
    assert price[25] == 121


def test_loan_drawn_in_the_last_month_and_one_running_past_the_horizon() -> None:
    # 1,200 at 0% over 12 months drawn in month 12 of 12: no repayment within the plan, the whole
    # 1,200 is still owed at the end. 2,400 at 0% over 24 months from month 1: 100 a month from
    # month 2, 11 payments by month 12 -> 2,400 - 1,100 = 1,300 owed.
    loans = [
        {"amount": 1200, "yearly_rate": 0.0, "term_months": 12, "start_month": 12},
        {"name": "Long", "amount": 2400, "yearly_rate": 0.0, "term_months": 24},
    ]
    r = run(financing={"loans": loans})
    m = r.monthly
    assert m.loan_drawdowns.iloc[-1] == 1200
    assert m.loans_outstanding.iloc[-1] == pytest.approx(1200 + 1300)
    assert m.loan_repayments.iloc[0] == 0 and m.loan_repayments.iloc[1] == pytest.approx(100)
    assert m.interest.sum() == 0
    assert m.closing_cash.iloc[-1] == pytest.approx(1200 + 2400 - 1100)


def test_loan_interest_is_expensed_once_and_paid_once() -> None:
    # 12,000 at 12% a year (1% a month) over 12 months: month 2 interest 120, in the P&L and in
    # cash_paid_operations; the principal (pmt 1,066.19 - 120 = 946.19) only in loan_repayments.
    loans = [{"amount": 12_000, "yearly_rate": 0.12, "term_months": 12}]
    m = run(settings={"horizon_months": 13}, financing={"loans": loans}).monthly
    assert m.interest.iloc[1] == pytest.approx(120)
    assert m.cash_paid_operations.iloc[1] == pytest.approx(120)
    assert m.loan_repayments.iloc[1] == pytest.approx(1066.19 - 120, abs=0.005)
    assert m.net_income.iloc[1] == pytest.approx(-120)
    # over the loan: cash out = principal 12,000 + interest; interest = 12 x 1,066.19 - 12,000
    assert m.loan_repayments.sum() == pytest.approx(12_000)
    assert m.interest.sum() == pytest.approx(12 * 1066.1854 - 12_000, abs=0.01)
    assert m.closing_cash.iloc[-1] == pytest.approx(-m.interest.sum())


def test_depreciation_ends_exactly_at_useful_life_and_assets_go_to_zero() -> None:
    # one 3,600 server (fixed), life 36 months, horizon 36: 100 a month in months 1-36; the net
    # book value after month m is 3,600 - 100 m, 0 after month 36; no replacement within the plan.
    items = [{"name": "Server", "basis": "fixed", "one_time_cost": 3600, "useful_life_months": 36}]
    r = run(settings={"horizon_months": 36}, resources={"items": items})
    m = r.monthly
    assert m.capex.iloc[0] == 3600 and m.capex.sum() == 3600
    assert np.allclose(m.depreciation, 100)
    assert m.net_fixed_assets.iloc[0] == pytest.approx(3500)
    assert m.net_fixed_assets.iloc[-1] == pytest.approx(0)


def test_yearly_fees_over_a_120_month_horizon() -> None:
    # a yearly fee of 12 paid in months 1, 13, 25, ..., 109: ten payments in ten years, each
    # expensed 1 a month over its year
    items = [{"name": "Licence", "yearly_fee": 12}]
    r = run(settings={"horizon_months": 120}, paperwork={"items": items})
    paid = list(np.flatnonzero(r.paperwork.fee_paid.to_numpy()) + 1)
    assert paid == [1, 13, 25, 37, 49, 61, 73, 85, 97, 109]
    assert np.allclose(r.monthly.paperwork, 1)


def test_cost_per_seat_month() -> None:
    # 2 clerks, office hours -> 2 seats for 12 months = 24 seat-months. A desk per seat bought at
    # 1,200 over 12 months (100 a desk-month of depreciation) and rent 50 a seat a month:
    # (2 x 1,200 + 2 x 50 x 12) / 24 = (2,400 + 1,200) / 24 = 150.
    roles = [{"name": "Clerk", "monthly_wage": 1000, "fixed_count": 2}]
    items = [
        {"name": "Desk", "basis": "per_seat", "one_time_cost": 1200, "useful_life_months": 12},
        {"name": "Rent", "basis": "per_seat", "monthly_cost": 50, "ownership": "lease"},
    ]
    k = run(staffing={"roles": roles}, resources={"items": items}).kpis
    assert k.peak_seats == 2
    assert k.cost_per_seat_month == pytest.approx(150)


def test_trainees_are_paid_once_and_are_not_productive_hours() -> None:
    # 2 direct clerks needed (200 items) with 2 weeks of training (2 x 12 / 52 = 0.4615 of a
    # month): the launch staff join on month 1's first day and train for its first 0.4615:
    # 2 x 0.4615 = 0.923 person-months in training. Payroll 2 x 1,000 in every month (trainee
    # wages in the role's payroll, nothing in recruiting_training since the cost per hire is 0).
    # Productive hours: month 1 (2 - 0.923) x 100 h = 107.69 h, months 2-12 2 x 100 h = 2,200 h;
    # cost 24,000 / 2,307.69.
    roles = [{"name": "Clerk", "monthly_wage": 1000, "basis": "workload"}]
    clients = [client(monthly_volume=200, pricing_model="per_item", price=10)]
    r = run(business_plan={"clients": clients}, staffing={"roles": roles, "training_weeks": 2})
    assert series(r.staffing, "in_training")[:2] == pytest.approx([2 * 24 / 52, 0])
    assert list(r.monthly.direct_labour[:2]) == [2000, 2000]
    assert r.monthly.recruiting_training.sum() == 0
    assert r.kpis.cost_per_productive_hour == pytest.approx(24_000 / (2_200 + 200 * 28 / 52))


def test_pipeline_client_weights_volume_staff_and_revenue() -> None:
    # a pipeline client of 400 items at 30%: 120 expected items -> 1.2 FTE -> 2 clerks (whole
    # people); per item at 5: 600 of revenue; 0.3 expected clients.
    roles = [{"name": "Clerk", "monthly_wage": 1000, "basis": "workload"}]
    clients = [
        client(
            monthly_volume=400,
            status="pipeline",
            probability=0.3,
            pricing_model="per_item",
            price=5,
        )
    ]
    r = run(business_plan={"clients": clients}, staffing={"roles": roles})
    assert series(r.workload, "fte")[0] == 1.2
    assert series(r.staffing, "headcount")[0] == 2
    assert r.monthly.revenue.iloc[0] == pytest.approx(600)
    assert r.monthly.clients.iloc[0] == pytest.approx(0.3)


def test_break_even_is_not_moved_by_yearly_fees() -> None:
    # retainer 1,500 from month 1, one person 1,000 a month, a one-time fee of 1,000 in month 1
    # and a yearly fee of 1,200 paid in months 1 and 13 but expensed 100 a month: profit before
    # tax 1,500 - 1,000 - 1,000 - 100 = -600 in month 1, then 400 every month (month 13 too: the
    # yearly fee no longer makes it a loss month). No tax: net income -600, 400, 400, ...;
    # trailing three months -600, -200, 200, 1,200, ... so break-even is month 3 (2027-03);
    # before, the yearly fee paid in month 13 made it a loss and put break-even in month 14.
    roles = [{"name": "Owner", "monthly_wage": 1000, "fixed_count": 1}]
    clients = [client(pricing_model="monthly_retainer", price=1500, payment_days=0)]
    papers = [{"name": "Registration", "one_time_fee": 1000, "yearly_fee": 1200}]
    r = run(
        settings={"horizon_months": 14},
        business_plan={"clients": clients},
        staffing={"roles": roles},
        paperwork={"items": papers},
    )
    pbt = list(r.monthly.profit_before_tax)
    assert pbt[0] == pytest.approx(-600) and pbt[1] == pytest.approx(400)
    assert pbt[12] == pytest.approx(400)
    assert r.monthly.tax.sum() == 0
    assert r.kpis.break_even_month == "2027-03"
    # cash: month 1 pays the fees in full (1,000 + 1,200), month 13 the yearly fee again
    assert r.paperwork.fee_paid.iloc[0] == 2200 and r.paperwork.fee_paid.iloc[12] == 1200
