"""Hand-checked tax rules (`planner.engine.tax`): the arithmetic of each rule in a comment."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from planner.engine.tax import income_tax, payment_months, tax_payments
from planner.model.files import plan_from_dict
from planner.model.issues import PlanError, in_words
from planner.model.plan import Financing
from tests.support.small_plans import client, run, series


def _tax(pbt: list[float], gross: list[float] | None = None, **financing: Any) -> list[float]:
    """Monthly tax of profits `pbt` (gross income and revenue = `gross`, or pbt), rounded."""
    f = Financing.model_validate(financing)
    p = np.array(pbt, dtype=float)
    g = np.array(gross if gross is not None else pbt, dtype=float)
    return [round(float(v), 6) for v in income_tax(f, p, g, g).tax]


def _yearly(monthly: list[float]) -> list[float]:
    return [round(sum(monthly[i : i + 12]), 6) for i in range(0, len(monthly), 12)]


# --- the rate schedule --------------------------------------------------------------------------


def test_old_tax_rate_is_one_rate_on_profit_from_year_1() -> None:
    # tax_rate 25%, no schedule: 1,000 profit a month -> 250 a month, as before.
    f = Financing(tax_rate=0.25)
    assert [(p.from_year, p.rate, p.base) for p in f.tax_schedule()] == [(1, 0.25, "profit")]
    assert _tax([1000.0] * 3, tax_rate=0.25) == [250.0] * 3


def test_holiday_then_five_percent_of_gross_income() -> None:
    # Years 1-2 at 0% (an income-tax holiday), from year 3 5% of gross income. Profit 100 a month
    # and gross income 400 a month: years 1 and 2 pay nothing; year 3 pays 5% x 400 = 20 a month,
    # 240 for the year (profit is not the base any more).
    schedule = [
        {"from_year": 1, "rate": 0.0},
        {"from_year": 3, "rate": 0.05, "base": "gross_income"},
    ]
    got = _tax([100.0] * 36, [400.0] * 36, tax={"schedule": schedule})
    assert _yearly(got) == [0.0, 0.0, 240.0]
    assert got[24] == pytest.approx(20.0)


def test_revenue_base() -> None:
    # 2% of revenue 1,000 a month whatever the profit (-500 a month): 20 a month.
    f = Financing.model_validate({"tax": {"schedule": [{"rate": 0.02, "base": "revenue"}]}})
    t = income_tax(f, np.array([-500.0] * 2), np.array([300.0] * 2), np.array([1000.0] * 2))
    assert t.tax.tolist() == [20.0, 20.0]


def test_schedule_must_start_in_year_1_and_go_forward() -> None:
    for schedule, words in (
        (
            [{"from_year": 2, "rate": 0.1}],
            "Financing > Tax > Rates by year > row 1 > From year: the first rate starts in year "
            "2; allowed: the first rate from year 1",
        ),
        (
            [{"from_year": 1, "rate": 0.1}, {"from_year": 1, "rate": 0.2}],
            "Financing > Tax > Rates by year > row 2 > From year: year 1 is not after the rate "
            "above it (year 1); allowed: each rate from a later year than the one above it",
        ),
    ):
        with pytest.raises(PlanError) as info:
            plan_from_dict({"financing": {"tax": {"schedule": schedule}}})
        assert [in_words(i) for i in info.value.issues] == [words]


# --- losses carried forward ----------------------------------------------------------------------


def test_losses_offset_later_profit_without_limit() -> None:
    # 25%. Year 1: -100 a month = loss 1,200. Year 2: +150 a month = 1,800; the 1,200 is offset,
    # 600 taxed = 150. Month by month in year 2: profit to date 150 x m, offset min(1,200, 150 m):
    # taxable 0 until month 8 (1,200), then 150, 300, 450, 600 -> tax 37.5 in months 21-24.
    got = _tax([-100.0] * 12 + [150.0] * 12, tax_rate=0.25)
    assert _yearly(got) == [0.0, 150.0]
    assert got[12:20] == [0.0] * 8 and got[20:] == [37.5] * 4


def test_loss_offset_limited_to_a_share_of_profit() -> None:
    # US-style 80% limit. Year 1 loss 1,200; year 2 profit 1,200: only 80% = 960 may be offset,
    # taxable 240, tax 25% = 60; 240 of the loss is left for year 3. Year 3 profit 1,200: offset
    # min(240, 960) = 240, taxable 960, tax 240.
    pbt = [-100.0] * 12 + [100.0] * 24
    got = _tax(pbt, tax_rate=0.25, tax={"loss_offset_share": 0.8})
    assert _yearly(got) == [0.0, 60.0, 240.0]


def test_loss_offset_in_full_up_to_a_threshold() -> None:
    # Germany-style: in full up to 300 of the year's profit, then 50% of the rest. Year 1 loss
    # 1,200; year 2 profit 1,200: offset min(1,200, 300 + 50% x 900 = 750) = 750, taxable 450,
    # tax at 20% = 90.
    pbt = [-100.0] * 12 + [100.0] * 12
    got = _tax(pbt, tax_rate=0.2, tax={"loss_offset_share": 0.5, "loss_offset_threshold": 300})
    assert _yearly(got) == [0.0, 90.0]


def test_losses_lapse_after_their_years() -> None:
    # NOLCO-style 3 years. Year 1 loss 1,200; years 2-4 break even (0 profit); year 5 profit
    # 1,200. The year-1 loss may be used in years 2, 3 and 4 only, so in year 5 it has lapsed:
    # all 1,200 taxed at 25% = 300. With losses for ever (0) year 5 pays nothing.
    pbt = [-100.0] * 12 + [0.0] * 36 + [100.0] * 12
    assert _yearly(_tax(pbt, tax_rate=0.25, tax={"loss_years": 3}))[4] == 300.0
    assert _yearly(_tax(pbt, tax_rate=0.25))[4] == 0.0
    # Year 4 is still in time: profit 1,200 in year 4 is offset in full with loss_years 3.
    pbt4 = [-100.0] * 12 + [0.0] * 24 + [100.0] * 12
    assert _yearly(_tax(pbt4, tax_rate=0.25, tax={"loss_years": 3}))[3] == 0.0


def test_oldest_losses_used_first() -> None:
    # 2 years. Year 1 loss 600, year 2 loss 600; year 3 profit 600 uses year 1's loss (oldest
    # first); year 4 profit 1,200: year 2's 600 is still in time (years 3-4), year 1's is used up:
    # taxable 600, tax at 10% = 60.
    pbt = [-50.0] * 24 + [50.0] * 12 + [100.0] * 12
    assert _yearly(_tax(pbt, tax_rate=0.1, tax={"loss_years": 2})) == [0.0, 0.0, 0.0, 60.0]


def test_no_losses_from_a_tax_holiday() -> None:
    # Year 1 at 0% (a holiday) loses 1,200; from year 2 at 25% on profit, profit 1,200: the
    # holiday's loss does not carry (NIRC s. 34(D)(3)), so all 1,200 is taxed: 300.
    schedule = [{"from_year": 1, "rate": 0.0}, {"from_year": 2, "rate": 0.25}]
    pbt = [-100.0] * 12 + [100.0] * 12
    assert _yearly(_tax(pbt, tax={"schedule": schedule})) == [0.0, 300.0]


def test_a_loss_month_trues_up_the_year() -> None:
    # 25% on profit: +400, +400, -400 in one year: tax to date 100, 200, 100 -> monthly tax
    # 100, 100, -100 (the year's tax is 25% of 400 = 100).
    assert _tax([400.0, 400.0, -400.0], tax_rate=0.25) == [100.0, 100.0, -100.0]


# --- minimum tax --------------------------------------------------------------------------------


def test_minimum_tax_on_gross_income_from_a_year() -> None:
    # Regular 25% of profit; minimum 2% of gross income from year 2. Profit 10 a month (120 a
    # year -> 30 regular), gross income 2,000 a month (24,000 a year -> minimum 480). Year 1: 30
    # (no minimum yet); year 2: max(30, 480) = 480, 40 a month.
    rules = {"minimum_rate": 0.02, "minimum_from_year": 2}
    got = _tax([10.0] * 24, [2000.0] * 24, tax_rate=0.25, tax=rules)
    assert _yearly(got) == [30.0, 480.0]
    assert got[12] == pytest.approx(40.0)


def test_flat_minimum_tax() -> None:
    # A flat minimum of 1,200 a year, accrued 100 a month; a loss-making year pays 1,200.
    got = _tax([-50.0] * 12, tax_rate=0.25, tax={"minimum_amount": 1200})
    assert got == [100.0] * 12


# --- paid quarterly -----------------------------------------------------------------------------


def test_quarterly_payment_months_follow_the_calendar() -> None:
    # a plan from November: Nov, Dec, Jan (pays), Feb, Mar, Apr (pays), May
    assert payment_months("2027-11", 7, "quarterly").tolist() == [0, 0, 1, 0, 0, 1, 0]
    assert payment_months("2027-11", 3, "monthly").tolist() == [1, 1, 1]


def test_tax_paid_the_month_after_each_quarter() -> None:
    # 30 a month from January: Q1's 90 paid in April, Q2's in July; payable 30, 60, 90, then
    # April pays 90 and accrues 30 -> 30.
    paid, owed = tax_payments(np.array([30.0] * 7), "2027-01", "quarterly")
    assert paid.tolist() == [0, 0, 0, 90, 0, 0, 90]
    assert owed.tolist() == [30, 60, 90, 30, 60, 90, 30]


def test_tax_paid_ahead_is_kept_not_refunded() -> None:
    # Paid monthly; accruals 50, 0, -80, 40, 0, 60, 0. Month 2 pays the 50 owed (owed 0); month 3
    # trues up -80: owed -80 (paid ahead), nothing refunded; month 4: -40; month 5 pays nothing
    # (-40); month 6: -40 + 60 = 20, paid in month 7.
    accrued = np.array([50.0, 0.0, -80.0, 40.0, 0.0, 60.0, 0.0])
    paid, owed = tax_payments(accrued, "2027-01", "monthly")
    assert paid.tolist() == [0, 50, 0, 0, 0, 0, 20]
    assert owed.tolist() == [50, 0, -80, -40, -40, 20, 0]


def test_tax_payable_on_the_balance_sheet() -> None:
    # One owner at 600 a month, a retainer of 1,000 a month from month 1 paid at once: profit
    # 400 a month, tax 25% = 100 a month, paid quarterly: the balance sheet owes 100, 200, 300,
    # then April pays 300 (payable 100). Cash: 400 a month, less 300 in April.
    roles = [{"name": "Owner", "monthly_wage": 600, "fixed_count": 1}]
    clients = [client(pricing_model="monthly_retainer", price=1000, start_month=1, payment_days=0)]
    r = run(
        business_plan={"clients": clients},
        staffing={"roles": roles},
        financing={"tax_rate": 0.25},
    )
    m = r.monthly
    assert list(m.tax[:4]) == [100.0] * 4
    assert list(m.tax_paid[:4]) == [0, 0, 0, 300]
    assert list(m.tax_payable[:4]) == [100, 200, 300, 100]
    assert list(m.closing_cash[:4]) == [400, 800, 1200, 1300]
    # over 12 months: 12 x 100 = 1,200 of tax; October-December's 300 is still owed at the end
    assert (r.kpis.total_tax, r.kpis.tax_owed_at_end) == (1200.0, 300.0)


# --- taxes on revenue and on payments ------------------------------------------------------------


def test_revenue_and_payments_taxes_are_operating_expenses() -> None:
    # Revenue 1,000 a month, the owner 600. ICA-style 9.66 per 1,000 of revenue = 9.66. GMF-style
    # 4 per 1,000 of money paid out: wages 600 + the revenue tax 9.66 = 609.66 -> 2.43864.
    # Operating expenses 9.66 + 2.43864 = 12.09864; profit before tax 400 - 12.09864 = 387.90136.
    roles = [{"name": "Owner", "monthly_wage": 600, "fixed_count": 1}]
    clients = [client(pricing_model="monthly_retainer", price=1000, start_month=1, payment_days=0)]
    taxes = {"revenue_tax_rate": 0.00966, "payments_tax_rate": 0.004}
    r = run(
        business_plan={"clients": clients},
        staffing={"roles": roles},
        financing={"tax": taxes},
    )
    assert series(r.monthly, "revenue_tax")[0] == pytest.approx(9.66)
    assert series(r.monthly, "payments_tax")[0] == pytest.approx(2.43864)
    assert series(r.monthly, "profit_before_tax")[0] == pytest.approx(387.90136)


def test_payments_tax_counts_loan_principal_and_capex() -> None:
    # A 1,200 loan at 0% over 12 months from month 1 (100 principal from month 2), the owner 600,
    # no revenue: month 2 pays out 600 + 100 = 700 -> 4 per 1,000 = 2.8.
    roles = [{"name": "Owner", "monthly_wage": 600, "fixed_count": 1}]
    loans = [{"amount": 1200, "yearly_rate": 0.0, "term_months": 12, "start_month": 1}]
    r = run(
        staffing={"roles": roles},
        financing={"loans": loans, "tax": {"payments_tax_rate": 0.004}},
    )
    assert series(r.monthly, "payments_tax")[:2] == pytest.approx([2.4, 2.8])


def test_old_plan_without_tax_section_loads() -> None:
    plan = plan_from_dict({"financing": {"tax_rate": 0.3}})
    assert plan.financing.tax.payment == "quarterly"
    assert plan.financing.tax_schedule()[0].rate == 0.3
