"""Hand-checked examples for the tables the exports show as they are: the loan schedule, units
bought and retired, wage per person, taxable profit to date and contract months."""

from __future__ import annotations

import numpy as np
import pytest

from tests.support.small_plans import client, run, series


def test_loan_schedule_per_loan_and_month() -> None:
    # 12,000 at 12% a year over 12 months, drawn in month 2: =PMT(1%, 12, 12000) = -1,066.1855.
    # Month 2: opens at 0, 12,000 drawn, closes at 12,000. Month 3: interest 12,000 x 1% = 120.00,
    # principal 1,066.1855 - 120.00 = 946.1855, closes at 11,053.8145. Month 14: the 12th payment
    # clears the balance. The second loan starts after the horizon: all zeros.
    loans = [
        {
            "name": "Bank",
            "amount": 12_000,
            "yearly_rate": 0.12,
            "term_months": 12,
            "start_month": 2,
        },
        {"name": "Late", "amount": 5_000, "start_month": 20},
    ]
    r = run(settings={"horizon_months": 15}, financing={"loans": loans})
    bank = r.loans[r.loans.loan == "Bank"]
    assert list(bank.opening_balance[:2]) == [0, 0]
    assert list(bank.drawdown[:3]) == [0, 12_000, 0]
    assert list(np.round(bank.payment[:3], 4)) == [0, 0, 1066.1855]
    assert bank.interest.iloc[2] == pytest.approx(120.0)
    assert bank.principal.iloc[2] == pytest.approx(946.1855, abs=5e-5)
    assert bank.closing_balance.iloc[2] == pytest.approx(11_053.8145, abs=5e-5)
    assert bank.opening_balance.iloc[2] == 12_000
    assert bank.closing_balance.iloc[13] == 0 and bank.payment.iloc[14] == 0
    assert bank.principal.sum() == pytest.approx(12_000, abs=1e-6)
    late = r.loans[r.loans.loan == "Late"]
    assert (
        len(late) == 15
        and (late.drop(columns=["month_no", "month", "loan", "yearly_rate"]) == 0).all().all()
    )


def test_units_bought_and_retired() -> None:
    # 2 servers (fixed) with a life of 3 months: 2 bought in month 1, retired in month 4 and bought
    # again; a leased item buys and retires nothing.
    items = [
        {
            "name": "Server",
            "basis": "fixed",
            "quantity": 2,
            "one_time_cost": 300,
            "useful_life_months": 3,
        },
        {"name": "Line", "basis": "per_site", "monthly_cost": 10, "ownership": "lease"},
    ]
    r = run(settings={"horizon_months": 12}, resources={"items": items, "sites": 2})
    assert series(r.resources, "basis_count", item="Server") == [1] * 12
    assert series(r.resources, "bought", item="Server")[:7] == [2, 0, 0, 2, 0, 0, 2]
    assert series(r.resources, "retired", item="Server")[:7] == [0, 0, 0, 2, 0, 0, 2]
    assert series(r.resources, "capex", item="Server")[:4] == [600, 0, 0, 600]
    assert series(r.resources, "basis_count", item="Line") == [2] * 12  # two sites
    assert series(r.resources, "bought", item="Line") == [0] * 12
    assert series(r.resources, "retired", item="Line") == [0] * 12


def test_wage_per_person_rises_each_plan_year() -> None:
    # 1,000 a month with a 5% raise: 1,000 in months 1-12, 1,050 in month 13; 2 people cost 2,100.
    roles = [{"name": "Clerk", "monthly_wage": 1000, "fixed_count": 2}]
    r = run(settings={"horizon_months": 13}, staffing={"roles": roles, "yearly_raise": 0.05})
    assert series(r.payroll, "wage_per_person")[11:13] == pytest.approx([1000, 1050])
    assert series(r.payroll, "wage_cost")[12] == pytest.approx(2100)


def test_contract_month_and_payment_days() -> None:
    # starts in month 3 for 2 months, pays in 45 days: contract months 0, 0, 1, 2, 0.
    r = run(
        settings={"horizon_months": 12},
        business_plan={
            "clients": [client(start_month=3, term_months=2, ramp_months=0, payment_days=45)]
        },
    )
    assert series(r.revenue, "contract_month")[:5] == [0, 0, 1, 2, 0]
    assert series(r.revenue, "payment_days") == [45] * 12
