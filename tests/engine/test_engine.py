"""Hand-checked examples for the engine: one small plan per formula, the arithmetic in a comment."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from planner.engine.kpis import break_even_index, funding_needed, payback_index, trailing_sum
from planner.engine.months import month_labels
from planner.engine.pipeline import project
from planner.model.files import load_plan
from planner.rounding import ceil_exact
from tests.support.engine_checks import assert_identities
from tests.support.small_plans import (
    client,
    run,
    series,
)

ROOT = Path(__file__).resolve().parents[2]

# --- clients and revenue ------------------------------------------------------------------------


def test_ramp_start_and_term() -> None:
    # 1,200 items a month from month 2 for 6 months, 3-month ramp: months of the contract 1, 2, 3
    # run at 1/4, 2/4, 3/4 -> 300, 600, 900, then 1,200 x 3; month 8 the contract has ended.
    r = run(
        business_plan={
            "clients": [
                client(
                    monthly_volume=1200,
                    start_month=2,
                    ramp_months=3,
                    term_months=6,
                    pricing_model="per_item",
                    price=1.0,
                )
            ]
        }
    )
    assert series(r.revenue, "volume")[:9] == [0, 300, 600, 900, 1200, 1200, 1200, 0, 0]
    assert series(r.revenue, "revenue")[:9] == [0, 300, 600, 900, 1200, 1200, 1200, 0, 0]
    assert series(r.workload, "fte")[:3] == [0, 3, 6]  # items / 100 (see ITEMS_LINE)
    assert list(r.monthly.clients[:9]) == [0, 1, 1, 1, 1, 1, 1, 0, 0]


def test_pipeline_weighted_and_yearly_escalation() -> None:
    # pipeline at 50%: 1,000 items -> 500 expected. 10% escalation from the 13th contract month:
    # the client starts in month 3, so months 3-14 pay 2.00 and month 15 pays 2.20 an item.
    r = run(
        settings={"horizon_months": 16},
        business_plan={
            "clients": [
                client(
                    monthly_volume=1000,
                    status="pipeline",
                    probability=0.5,
                    start_month=3,
                    pricing_model="per_item",
                    price=2.0,
                    yearly_escalation=0.1,
                )
            ]
        },
    )
    # months 13-16 are contract months 11-14
    assert series(r.revenue, "unit_price")[12:16] == [2.0, 2.0, 2.2, 2.2]
    assert series(r.revenue, "revenue")[2] == 1000.0  # 500 x 2.00
    assert series(r.revenue, "revenue")[14] == 1100.0  # 500 x 2.20
    assert r.monthly.clients.iloc[5] == 0.5


def test_pricing_models_share_fte_by_volume() -> None:
    # One line with 120 + 40 = 160 items -> 1.6 FTE; shares by volume: 1.2 and 0.4 FTE.
    # per FTE at 1,000: 1.2 x 1,000 = 1,200. Per productive hour at 10 with shrinkage 20%:
    # 0.4 FTE x 100 h x 0.8 = 32 h -> 320 (the line FTE is 160 / (100 x 0.8) = 2.0, so 0.5 FTE
    # x 80 h = 40 h -> 400). Per item at 2: 120 x 2 = 240. Retainer 500 at 40%: 200.
    clients = [
        client(name="A", monthly_volume=120, pricing_model="per_fte_month", price=1000),
        client(name="B", monthly_volume=40, pricing_model="per_productive_hour", price=10),
        client(
            name="C",
            monthly_volume=0,
            pricing_model="monthly_retainer",
            price=500,
            status="pipeline",
            probability=0.4,
        ),
    ]
    r = run(business_plan={"clients": clients}, staffing={"shrinkage": 0.2})
    # with 20% shrinkage: line FTE = 160 / (100 x 0.8) = 2.0; A has 1.5 FTE, B 0.5 FTE
    first = r.revenue[r.revenue.month_no == 1].set_index("client")
    assert first.loc["A", "billed_units"] == pytest.approx(1.5)
    assert first.loc["A", "revenue"] == pytest.approx(1500.0)
    assert first.loc["B", "billed_units"] == pytest.approx(40.0)  # 0.5 FTE x 100 h x 0.8
    assert first.loc["B", "revenue"] == pytest.approx(400.0)
    assert first.loc["C", "billed_units"] == pytest.approx(0.4)
    assert first.loc["C", "revenue"] == pytest.approx(200.0)
    per_item = run(
        business_plan={"clients": [client(monthly_volume=120, pricing_model="per_item", price=2.0)]}
    )
    assert per_item.revenue.revenue.iloc[0] == pytest.approx(240.0)


def test_receivables_45_days_in_arrears_paid_two_months_later() -> None:
    # 1,000 a month from month 1, invoiced on each month's last day, paid 45 days later:
    # ceil(45 / 30.4375) = ceil(1.48) = 2 months after the month served (no longer half of it
    # one month after). Cash: m1 0, m2 0, m3 1,000. Receivables: m1 1,000, then 2,000.
    r = run(
        business_plan={
            "clients": [
                client(monthly_volume=1000, pricing_model="per_item", price=1.0, payment_days=45)
            ]
        }
    )
    assert list(r.monthly.cash_from_clients[:4]) == [0, 0, 1000, 1000]
    assert list(r.monthly.receivables[:4]) == [1000, 2000, 2000, 2000]
    r30 = run(
        business_plan={
            "clients": [
                client(monthly_volume=1000, pricing_model="per_item", price=1.0, payment_days=30)
            ]
        }
    )
    assert list(r30.monthly.cash_from_clients[:3]) == [0, 1000, 1000]
    r0 = run(
        business_plan={
            "clients": [
                client(monthly_volume=1000, pricing_model="per_item", price=1.0, payment_days=0)
            ]
        }
    )
    assert list(r0.monthly.receivables[:3]) == [0, 0, 0]


def test_no_clients_no_revenue() -> None:
    r = run()
    assert r.monthly.revenue.sum() == 0
    assert r.revenue.empty


# --- marketing ----------------------------------------------------------------------------------


MARKETING = {
    # 10 leads a month in months 1-4 at 15% -> 1.5 expected wins a month, 2 months later (3-6).
    # Cumulative 1.5, 3.0, 4.5, 6.0 -> whole clients 1, 3, 4, 6 -> won 1, 2, 1, 2 in months 3-6.
    "channels": [
        {
            "name": "LinkedIn",
            "monthly_budget": 50,
            "leads_per_month": 10,
            "conversion_rate": 0.15,
            "start_month": 1,
            "end_month": 4,
        }
    ],
    "sales_cycle_months": 2,
    "won_client": {
        "service_line": "forms",
        "monthly_volume": 0,
        "pricing_model": "monthly_retainer",
        "price": 100,
    },
}


def test_marketing_wins_become_clients() -> None:
    r = run(marketing=MARKETING)
    assert series(r.marketing, "leads")[:6] == [10, 10, 10, 10, 0, 0]
    assert series(r.marketing, "spend")[:6] == [50, 50, 50, 50, 0, 0]
    assert series(r.marketing, "clients_won")[:7] == [0, 0, 1, 2, 1, 2, 0]
    assert list(r.revenue.client.unique()) == [
        "Won client 1",
        "Won clients 2-3",
        "Won client 4",
        "Won clients 5-6",
    ]
    # each win pays a retainer of 100 from the month it is won
    assert list(r.monthly.revenue[:7]) == [0, 0, 100, 300, 400, 600, 600]
    assert list(r.monthly.marketing[:5]) == [50, 50, 50, 50, 0]


def test_marketing_wins_without_a_contract_bring_no_revenue() -> None:
    r = run(marketing={**MARKETING, "won_client": None})
    assert r.marketing.clients_won.sum() == 6
    assert r.monthly.revenue.sum() == 0


# --- staffing and payroll -----------------------------------------------------------------------


def test_ceil_ignores_float_noise() -> None:
    assert 21 / 0.7 > 30  # 30.000000000000004
    assert ceil_exact(21 / 0.7) == 30
    assert ceil_exact(30.01) == 31


def test_workload_roles_split_a_line_and_round_up() -> None:
    # 300 items -> 3.0 FTE, shared by two roles covering "forms": 1.5 each -> 2 people each.
    # A third role with no service_lines covers every line too: 3 roles, 1.0 each -> 1 person each.
    roles = [
        {"name": "Clerk", "monthly_wage": 1000, "basis": "workload", "service_lines": ["forms"]},
        {
            "name": "Senior clerk",
            "monthly_wage": 1500,
            "basis": "workload",
            "service_lines": ["forms"],
        },
    ]
    clients = [client(monthly_volume=300)]
    r = run(business_plan={"clients": clients}, staffing={"roles": roles})
    assert series(r.staffing, "required", role="Clerk")[0] == 2
    assert series(r.staffing, "required", role="Senior clerk")[0] == 2
    everyone = [*roles, {"name": "Floater", "monthly_wage": 900, "basis": "workload"}]
    r3 = run(business_plan={"clients": clients}, staffing={"roles": everyone})
    assert [series(r3.staffing, "required", role=n)[0] for n in ("Clerk", "Floater")] == [1, 1]


def test_ratio_roles() -> None:
    # 2,500 items -> 25 agents. Team lead 1 per 10 workload staff: ceil(2.5) = 3.
    # HR 1 per 20 of headcount (agents + 1 manager, not ratio roles): ceil(26 / 20) = 2.
    roles = [
        {"name": "Agent", "monthly_wage": 1000, "basis": "workload"},
        {"name": "Manager", "monthly_wage": 3000, "basis": "fixed", "fixed_count": 1},
        {"name": "Team lead", "monthly_wage": 1500, "basis": "ratio", "ratio_per": 10},
        {
            "name": "HR",
            "monthly_wage": 1200,
            "basis": "ratio",
            "ratio_per": 20,
            "ratio_of": "headcount",
        },
    ]
    r = run(business_plan={"clients": [client(monthly_volume=2500)]}, staffing={"roles": roles})
    first = r.staffing[r.staffing.month_no == 1].set_index("role")
    assert first.required.to_dict() == {"Agent": 25, "Manager": 1, "Team lead": 3, "HR": 2}
    assert first.direct.to_dict() == {
        "Agent": True,
        "Manager": False,
        "Team lead": False,
        "HR": False,
    }


def test_hiring_ahead_training_attrition_and_recruiting() -> None:
    # 10 people from month 4; 6 training weeks = 6 x 12 / 52 = 1.3846 months -> 2 months ahead:
    # hired in month 2, joining 1.3846 months before month 4 starts, so paid and training the last
    # a = 1.3846 - 2 + 1 = 0.3846 of month 2 (3.846 person-months) and all of month 3 (10).
    # Attrition 12% a year = 1% a month of the opening headcount: 0.1 quits due each month from
    # month 3, added up: 10 x 0.1 = 1.0 by month 12, when one whole person leaves; the
    # replacement is hired 2 months ahead, in month 10 (headcount 11 in months 10-11), trains
    # 0.3846 of month 10 and all of month 11. Recruiting 100 a hire, paid one month before the
    # hire: month 1 pays 10 x 100 = 1,000, month 9 the replacement's 100, month 12 the expected
    # replacements of month 13, past the horizon: 10 x 0.01 x 100 = 10; other months nothing.
    roles = [{"name": "Analyst", "monthly_wage": 1000, "fixed_count": 10, "start_month": 4}]
    r = run(
        staffing={
            "roles": roles,
            "training_weeks": 6,
            "yearly_attrition": 0.12,
            "recruiting_cost_per_hire": 100,
            "hiring_lead_months": 1,
        }
    )
    assert series(r.staffing, "required")[:5] == [0, 0, 0, 10, 10]
    assert series(r.staffing, "headcount") == [0, *[10] * 8, 11, 11, 10]
    assert series(r.staffing, "hires") == [0, 10, *[0] * 7, 1, 0, 0]
    assert series(r.staffing, "leavers") == [0, 0, *[0] * 9, 1]
    a = 20 / 52  # 1.3846 - 1 = 72 / 52 - 52 / 52
    assert series(r.staffing, "in_training") == pytest.approx(
        [0, 10 * a, 10, *[0] * 6, a, 1, 0], abs=1e-6
    )
    assert list(np.round(r.monthly.recruiting_training[:12], 6)) == [
        1000, *[0] * 7, 100, 0, 0, 10
    ]  # fmt: skip
    # trainees are paid, the first month pro rata: 10 x 0.3846 x 1,000 = 3,846.15
    assert list(r.monthly.indirect_labour[:3]) == pytest.approx([0, 10_000 * a, 10_000], abs=1e-6)


def test_requirement_falls_faster_than_attrition() -> None:
    # a 3-month contract needing 5 people; afterwards the surplus leaves at once
    roles = [{"name": "Clerk", "monthly_wage": 1000, "basis": "workload"}]
    clients = [client(monthly_volume=500, term_months=3)]
    r = run(business_plan={"clients": clients}, staffing={"roles": roles})
    assert series(r.staffing, "headcount")[:5] == [5, 5, 5, 0, 0]
    assert series(r.staffing, "leavers")[:5] == [0, 0, 0, 5, 0]


def test_payroll_raise_in_month_13_and_burden() -> None:
    # 2 people at 1,000: months 1-12 wages 2,000 + 20% burden 400 = 2,400; month 13 has a 5% raise:
    # 2,100 + 420 = 2,520.
    roles = [{"name": "Clerk", "monthly_wage": 1000, "fixed_count": 2}]
    r = run(
        settings={"horizon_months": 13},
        staffing={"roles": roles, "yearly_raise": 0.05, "burden": 0.2},
    )
    assert series(r.payroll, "wage_cost")[11:13] == [2000, 2100]
    assert series(r.payroll, "burden_cost")[11:13] == [400, 420]
    assert series(r.payroll, "total_cost")[11:13] == [2400, 2520]
    assert r.monthly.indirect_labour.iloc[12] == pytest.approx(2520)


# --- seats and resources ------------------------------------------------------------------------


def test_seats_by_shift_pattern() -> None:
    # 5 back-office people working shifts (no training): office hours 5 desks; three shifts
    # ceil(5 / 3) = 2.
    roles = [{"name": "Clerk", "monthly_wage": 1000, "fixed_count": 5, "work_pattern": "shifts"}]
    assert list(run(staffing={"roles": roles}).monthly.seats[:2]) == [5, 5]
    three = run(staffing={"roles": roles, "shift_pattern": "three_shifts"})
    assert list(three.monthly.seats[:2]) == [2, 2]


def test_bought_item_capex_depreciation_and_replacement() -> None:
    # 2 units (fixed) at 1,200, life 12: capex 2,400 in month 1, depreciation 2,400 / 12 = 200 a
    # month from the month of purchase; net book value 2,200 after month 1, 0 after month 12;
    # replaced in month 13 (capex 2,400 again). Maintenance 5 a unit a month = 10 opex.
    items = [
        {
            "name": "Server",
            "basis": "fixed",
            "quantity": 2,
            "one_time_cost": 1200,
            "useful_life_months": 12,
            "monthly_cost": 5,
            "ownership": "buy",
        }
    ]
    r = run(settings={"horizon_months": 14}, resources={"items": items})
    assert series(r.resources, "capex") == [2400] + [0] * 11 + [2400, 0]
    assert series(r.resources, "depreciation") == [200] * 14
    assert list(np.round(r.monthly.net_fixed_assets, 6))[:1] == [2200]
    assert round(r.monthly.net_fixed_assets.iloc[11], 6) == 0
    assert round(r.monthly.net_fixed_assets.iloc[12], 6) == 2200
    assert series(r.resources, "opex")[:2] == [10, 10]


def test_per_seat_purchases_follow_growth_and_lease_setup() -> None:
    # seats 2 then 5: 2 desks bought in month 1, 3 more in month 2; a leased headset per seat:
    # set-up 20 per added unit (40, then 60) plus 3 a unit a month (6, then 15 + 60 = 75).
    roles = [
        {"name": "Clerk", "monthly_wage": 1000, "fixed_count": 2},
        {"name": "Clerk 2", "monthly_wage": 1000, "fixed_count": 3, "start_month": 2},
    ]
    items = [
        {"name": "Desk", "basis": "per_seat", "one_time_cost": 100, "useful_life_months": 60},
        {
            "name": "Headset",
            "basis": "per_seat",
            "one_time_cost": 20,
            "monthly_cost": 3,
            "ownership": "lease",
        },
    ]
    r = run(staffing={"roles": roles}, resources={"items": items})
    assert series(r.resources, "capex", item="Desk")[:3] == [200, 300, 0]
    assert series(r.resources, "opex", item="Headset")[:3] == [46, 75, 15]
    assert series(r.resources, "units", item="Headset")[:2] == [2, 5]


def test_paperwork_fees() -> None:
    # one-time 100 in month 1, yearly 60 paid in months 1, 13, 25 and expensed 60 / 12 = 5 a
    # month; "not_needed" items cost nothing. Expensed: month 1 100 + 5 = 105, then 5 a month;
    # over 25 months 100 + 25 x 5 = 225 (the year paid in month 25 is 5 used, 55 prepaid).
    items = [
        {"name": "Registration", "one_time_fee": 100, "yearly_fee": 60},
        {"name": "Licence", "one_time_fee": 999, "status": "not_needed"},
    ]
    r = run(settings={"horizon_months": 25}, paperwork={"items": items})
    m = r.monthly
    assert (m.paperwork.iloc[0], m.paperwork.iloc[1], m.paperwork.iloc[24]) == (105, 5, 5)
    assert m.paperwork.sum() == pytest.approx(225)
    paid = r.paperwork[r.paperwork.item == "Registration"].fee_paid.to_numpy()
    assert list(np.flatnonzero(paid) + 1) == [1, 13, 25]
    assert (paid[0], paid[12]) == (160, 60)
    assert m.prepaid.iloc[24] == pytest.approx(55)
    skipped = r.paperwork[r.paperwork.item == "Licence"]
    assert skipped[["fee", "fee_paid", "prepaid"]].to_numpy().sum() == 0


def test_yearly_fee_is_prepaid_and_expensed_over_its_year() -> None:
    # insurance of 12,000 a year from month 1: paid 12,000 in month 1 and 13, expensed 12,000 / 12
    # = 1,000 a month; prepaid 12,000 - 1,000 = 11,000 after month 1, 10,000 after month 2, ...,
    # 0 after month 12, 11,000 again after month 13. Cash: month 1 pays 1,000 through operations
    # (the expense) + 11,000 through "yearly fees paid ahead" = 12,000; month 2 pays 1,000 and the
    # prepaid falls by 1,000 (-1,000 paid ahead): 0 cash. No tax, no opening cash.
    items = [{"name": "Insurance", "category": "insurance", "yearly_fee": 12_000}]
    r = run(
        settings={"horizon_months": 14},
        paperwork={"items": items},
        financing={"opening_cash": 0, "tax_rate": 0},
    )
    m = r.monthly
    assert list(m.paperwork) == [1000.0] * 14
    assert list(m.prepaid[[0, 1, 11, 12, 13]]) == [11_000, 10_000, 0, 11_000, 10_000]
    assert list(m.prepaid_paid[[0, 1, 12]]) == [11_000, -1_000, 11_000]
    assert list(m.operating_cash_flow[[0, 1, 12]]) == [-12_000, 0, -12_000]
    assert m.closing_cash.iloc[11] == -12_000  # one year paid, all of it used
    # the asset balances the cash paid ahead: assets = cash + prepaid = retained earnings
    assert m.total_assets.iloc[0] == -12_000 + 11_000 == m.retained_earnings.iloc[0]
    assert_identities(r)


def test_paperwork_start_month_schedules_the_fees() -> None:
    # ISO 27001 from month 13: certification 22,000 (one-time) and surveillance 6,000 a year,
    # both first paid in month 13 (nothing in year 1); surveillance paid again in month 25 and
    # expensed 6,000 / 12 = 500 a month from month 13. Expensed in month 13: 22,000 + 500.
    items = [
        {"name": "ISO 27001", "one_time_fee": 22_000, "yearly_fee": 6_000, "start_month": 13},
    ]
    r = run(settings={"horizon_months": 26}, paperwork={"items": items})
    fees = r.paperwork
    assert list(np.flatnonzero(fees.fee_paid.to_numpy()) + 1) == [13, 25]
    assert fees.fee_paid.iloc[12] == 28_000 and fees.fee_paid.iloc[24] == 6_000
    assert fees.fee.iloc[:12].sum() == 0
    assert fees.fee.iloc[12] == 22_500 and fees.fee.iloc[13] == 500
    assert fees.prepaid.iloc[12] == 5_500 and fees.prepaid.iloc[23] == 0
    # an item starting after the horizon costs nothing within the plan
    late = [{"name": "Later", "one_time_fee": 1_000, "yearly_fee": 1_200, "start_month": 30}]
    later = run(settings={"horizon_months": 26}, paperwork={"items": late})
    assert later.monthly.paperwork.sum() == 0 and later.monthly.prepaid.sum() == 0


# --- finance ------------------------------------------------------------------------------------


def test_loan_annuity_matches_spreadsheet_pmt() -> None:
    # 100,000 at 10% a year over 60 months: a spreadsheet's =PMT(10%/12, 60, 100000) gives
    # -2,124.70. First payment in month 2: interest 100,000 x 10% / 12 = 833.33, principal 1,291.37.
    loans = [{"amount": 100_000, "yearly_rate": 0.1, "term_months": 60, "start_month": 1}]
    r = run(settings={"horizon_months": 72}, financing={"loans": loans})
    m = r.monthly
    assert m.loan_drawdowns.iloc[0] == 100_000
    assert m.interest.iloc[0] == 0 and m.loan_repayments.iloc[0] == 0
    assert m.interest.iloc[1] == pytest.approx(833.33, abs=0.005)
    assert m.loan_repayments.iloc[1] == pytest.approx(1291.37, abs=0.005)
    payments = (m.interest + m.loan_repayments).iloc[1:61]
    assert np.allclose(payments, 2124.704471, atol=1e-6)
    assert m.loan_repayments.sum() == pytest.approx(100_000, abs=1e-6)
    assert m.loans_outstanding.iloc[60] == 0  # month 61: the 60th payment
    assert m.loans_outstanding.iloc[59] > 0


def test_interest_free_loan() -> None:
    loans = [{"amount": 1200, "yearly_rate": 0.0, "term_months": 12, "start_month": 3}]
    r = run(settings={"horizon_months": 16}, financing={"loans": loans})
    assert list(r.monthly.loan_repayments[:5]) == [0, 0, 0, 100, 100]
    assert r.monthly.loans_outstanding.iloc[14] == 0


def test_tax_in_the_engine_and_equity() -> None:
    # costs 600 a month (one person), a retainer of 1,000 from month 3 paid at once: profits
    # -600, -600, 400, 400, 400, 400, ... Cumulative -600, -1,200, -800, -400, 0, 400: the losses
    # are used up in month 5, so the first tax is 25% x 400 = 100 in month 6.
    roles = [{"name": "Owner", "monthly_wage": 600, "fixed_count": 1}]
    clients = [client(pricing_model="monthly_retainer", price=1000, start_month=3, payment_days=0)]
    r = run(
        business_plan={"clients": clients},
        staffing={"roles": roles},
        financing={
            "tax_rate": 0.25,
            "equity": [{"month": 2, "amount": 5000}],
            "opening_cash": 1000,
        },
    )
    assert list(r.monthly.tax[:8]) == [0, 0, 0, 0, 0, 100, 100, 100]
    assert list(r.monthly.paid_in_capital[:3]) == [1000, 6000, 6000]
    assert r.monthly.closing_cash.iloc[1] == 1000 - 1200 + 5000


def test_break_even_and_funding_needed() -> None:
    # trailing three months of [-1, 2, -1, 3, 4]: -1, 1, 0, 4, 6 -> from month 2 (index 1)
    assert break_even_index(np.array([-1.0, 2, -1, 3, 4])) == 1
    # trailing of [1, 2, -4]: 1, 3, -1: the last is a loss
    assert break_even_index(np.array([1.0, 2, -4])) is None
    assert break_even_index(np.array([0.0, 0])) == 0
    assert funding_needed(np.array([100.0, -300, 50]), 200) == 500  # 200 - (-300)
    assert funding_needed(np.array([500.0, 600]), 200) == 0


def test_break_even_ignores_one_january_loss_month() -> None:
    # 14 months: a loss of 600 in month 1, +400 a month, then January (month 13) loses 200 (the
    # pay rise and a fee). Trailing three months: -600, -200, 200, 1,200, ... month 13: 400 + 400
    # - 200 = 600, month 14: 400 - 200 + 400 = 600. All >= 0 from month 3 (index 2). The old
    # rule (every month >= 0 to the end) gave month 14 (index 13).
    net = np.array([-600.0] + [400.0] * 11 + [-200.0, 400.0])
    assert trailing_sum(net).tolist()[:3] == [-600, -200, 200]
    assert trailing_sum(net).tolist()[12:] == [600, 600]
    assert break_even_index(net) == 2
    # a lasting loss still counts: -200 in the last three months -> never within the plan
    assert break_even_index(np.array([500.0, -100, -100, -100])) is None


def test_payback_is_when_cumulative_operating_cash_stays_non_negative() -> None:
    # operating cash flow -1,000, -500, +800, +800, -200, +300: cumulative -1,000, -1,500, -700,
    # +100, -100, +200. It turns positive in month 4 but slips back in month 5, so the lender's
    # payback is month 6 (index 5), from which it stays >= 0.
    assert payback_index(np.array([-1000.0, -500, 800, 800, -200, 300])) == 5
    assert payback_index(np.array([-1000.0, 500])) is None  # still 500 short at the end
    assert payback_index(np.array([0.0, 0.0])) == 0  # no activity: nothing to pay back


def test_payback_month_of_a_plan() -> None:
    # retainer 1,500 paid after 30 days, one person at 1,000, no tax: operating cash -1,000 in
    # month 1 (nothing collected yet), +500 from month 2: cumulative -1,000, -500, 0, 500 ->
    # payback month 3 (2027-03). Net income +500 every month: break-even month 1.
    roles = [{"name": "Owner", "monthly_wage": 1000, "fixed_count": 1}]
    clients = [client(pricing_model="monthly_retainer", price=1500, payment_days=30)]
    r = run(
        business_plan={"clients": clients},
        staffing={"roles": roles},
        financing={"tax_rate": 0},
    )
    assert list(r.monthly.operating_cash_flow[:4]) == [-1000, 500, 500, 500]
    assert r.kpis.payback_month == "2027-03"
    assert r.kpis.break_even_month == "2027-01"


def test_kpis_of_a_loss_making_plan() -> None:
    # one person at 1,000 a month and no revenue: closing cash -1,000 x month; with a 500 buffer
    # the founder needs 12,000 + 500 = 12,500. Cash is below zero from month 1: runway 1.
    roles = [{"name": "Founder", "monthly_wage": 1000, "fixed_count": 1}]
    r = run(staffing={"roles": roles}, financing={"minimum_cash": 500})
    k = r.kpis
    assert k.funding_needed == pytest.approx(12_500)
    assert k.runway_months == 1
    assert k.break_even_month is None and k.payback_month is None
    assert (k.lowest_cash, k.lowest_cash_month) == (-12_000, "2027-12")
    assert k.peak_headcount == 1 and k.peak_seats == 1
    assert k.gross_margin_pct == 0
    funded = run(
        staffing={"roles": roles}, financing={"minimum_cash": 500, "opening_cash": k.funding_needed}
    )
    assert funded.monthly.closing_cash.min() == pytest.approx(500)
    assert funded.kpis.funding_needed == pytest.approx(0)


def test_kpis_of_a_profitable_plan() -> None:
    # 200 items a month (2 FTE, 2 clerks at 1,000, direct) billed per FTE at 1,500: revenue 3,000,
    # direct labour 2,000, gross margin 1/3; break-even from month 1. Productive hours: 2 x 100 h
    # a month x 12 = 2,400: cost 24,000 / 2,400 = 10 an hour, price 36,000 / 2,400 = 15.
    roles = [{"name": "Clerk", "monthly_wage": 1000, "basis": "workload"}]
    clients = [client(monthly_volume=200, pricing_model="per_fte_month", price=1500)]
    k = run(business_plan={"clients": clients}, staffing={"roles": roles}).kpis
    assert k.break_even_month == "2027-01"
    assert k.gross_margin_pct == pytest.approx(100 / 3)
    assert k.cost_per_productive_hour == pytest.approx(10)
    assert k.price_per_productive_hour == pytest.approx(15)
    assert k.total_revenue == pytest.approx(36_000)


# --- queues -------------------------------------------------------------------------------------


def test_queue_line_staffs_with_erlang_and_seats_use_peak_agents() -> None:
    # A voice queue in business hours: the line's FTE comes from planner.engine.workload; the agents
    # rotate through the peak concurrent desks, everyone else (here one manager) gets a desk.
    voice = {
        "id": "voice",
        "name": "Voice",
        "family": "front_office",
        "workload": {"type": "queue", "aht_seconds": 300, "profile": "business_hours"},
    }
    roles = [
        {"name": "Agent", "monthly_wage": 500, "basis": "workload"},
        {"name": "Manager", "monthly_wage": 3000, "fixed_count": 1},
    ]
    r = run(
        specialty={"service_lines": [voice]},
        business_plan={
            "clients": [
                client(
                    service_line="voice",
                    monthly_volume=20_000,
                    pricing_model="per_fte_month",
                    price=1000,
                )
            ]
        },
        staffing={"roles": roles, "shrinkage": 0.3},
    )
    w = r.workload.iloc[0]
    assert w.fte > 0 and w.peak_agents > 0 and w.service_level >= 0.8
    agents = r.staffing[(r.staffing.month_no == 1) & (r.staffing.role == "Agent")].iloc[0]
    assert agents.required == np.ceil(w.fte)
    # seats = ceil(peak + (headcount - queue FTE) x 1)
    expected = np.ceil(w.peak_agents + (agents.headcount + 1 - w.fte))
    assert r.monthly.seats.iloc[0] == expected
    assert r.revenue.revenue.iloc[0] == pytest.approx(w.fte * 1000)


def test_month_labels_cross_the_year() -> None:
    assert month_labels("2027-11", 3) == ["2027-11", "2027-12", "2028-01"]
    r = run(settings={"first_month": "2026-12"})
    assert r.monthly.month.iloc[1] == "2027-01"
    assert pd.api.types.is_string_dtype(r.monthly.month)


# --- starter templates --------------------------------------------------------------------------

TEMPLATES = sorted((ROOT / "templates" / "plans").glob("*.yaml"))


@pytest.mark.parametrize("path", TEMPLATES, ids=[p.stem for p in TEMPLATES])
def test_every_template_computes_and_balances(path: Path) -> None:
    result = project(load_plan(path))
    assert_identities(result)
    assert result.kpis.total_revenue > 0
