"""The lender's view: interest on cash, the credit line, DSCR, the founders' IRR and payback
(`planner.engine.statements.with_financing`, `planner.engine.lender`), each checked by hand."""

from __future__ import annotations

import copy
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from planner.engine.lender import dscr_by_year, founders_flows, founders_payback_index, yearly_irr
from planner.engine.pipeline import project
from planner.model.files import plan_from_dict
from planner.model.plan import Financing
from planner.model.starters import load_plan_or_starter
from tests.support.engine_checks import assert_identities
from tests.support.small_plans import run, series
from tests.support.strategies import plan_dicts

CLERK = [{"name": "Clerk", "monthly_wage": 1000, "fixed_count": 1}]


def test_interest_on_cash_is_earned_on_the_opening_balance_and_taxed() -> None:
    # 12,000 at 6% a year, nothing else happening, tax 25% paid after each quarter (April):
    # month 1: 12,000 x 0.06 / 12 = 60.00 interest, tax 15.00 owed, net income 45.00, cash 12,060
    # month 2: 12,060 x 0.005 = 60.30 interest, tax 15.075, net income 45.225, cash 12,120.30;
    # tax owed at the end of month 2: 15.00 + 15.075 = 30.075
    r = run(
        financing={"opening_cash": 12_000, "cash_interest_rate": 0.06, "tax_rate": 0.25},
    )
    m = r.monthly
    assert series(m, "interest_income")[:2] == [60.0, 60.3]
    assert series(m, "interest_received")[:2] == [60.0, 60.3]
    assert series(m, "tax")[:2] == [15.0, 15.075]
    assert series(m, "net_income")[:2] == [45.0, 45.225]
    assert series(m, "closing_cash")[:2] == [12_060.0, 12_120.3]
    assert series(m, "tax_payable")[:2] == [15.0, 30.075]
    assert r.kpis.total_interest_income == pytest.approx(m.interest_income.sum())


def test_no_interest_is_earned_on_an_overdrawn_balance() -> None:
    # opening cash 500, a clerk at 1,000 a month, 12% a year on cash:
    # month 1: 500 x 1% = 5 earned, cash 500 + 5 - 1,000 = -495; month 2: max(0, -495) = 0 earned
    r = run(
        staffing={"roles": CLERK},
        financing={"opening_cash": 500, "cash_interest_rate": 0.12},
    )
    assert series(r.monthly, "interest_income")[:2] == [5.0, 0.0]
    assert series(r.monthly, "closing_cash")[:2] == [-495.0, -1495.0]


def credit_line_plan() -> Any:
    # opening cash 0, minimum cash 500, a clerk at 1,000 a month, credit line 2,500 at 12% a year
    # (1% a month), equity 5,000 in month 4, no tax
    return run(
        staffing={"roles": CLERK},
        financing={
            "minimum_cash": 500,
            "credit_line": {"limit": 2_500, "yearly_rate": 0.12},
            "equity": [{"month": 4, "amount": 5_000}],
        },
    )


def test_credit_line_is_drawn_to_the_minimum_up_to_its_limit_and_repaid_first() -> None:
    # m1: X = 0 - 1,000 = -1,000; draw min(2,500, 500 + 1,000) = 1,500; cash 500, owed 1,500
    # m2: interest 1,500 x 1% = 15; X = 500 - 1,015 = -515; draw min(1,000, 1,015) = 1,000 (the
    #     limit); cash 485, owed 2,500
    # m3: interest 25; X = 485 - 1,025 = -540; nothing left to draw: cash -540
    # m4: interest 25; X = -540 - 1,025 + 5,000 = 3,435; repay min(2,500, 2,935) = 2,500;
    #     cash 935, owed 0
    # m5: no interest; X = 935 - 1,000 = -65; draw 565; cash 500, owed 565
    # m6: interest 5.65; X = 500 - 1,005.65; draw 1,005.65; owed 1,570.65
    # m7: interest 15.7065; X = 500 - 1,015.7065 = -515.7065; only 929.35 left to draw:
    #     cash 413.6435, owed 2,500; m8-m12: 1,025 a month more out
    r = credit_line_plan()
    m = r.monthly
    assert series(m, "credit_line_draws")[:7] == [1500, 1000, 0, 0, 565, 1005.65, 929.35]
    assert series(m, "credit_line_repayments")[:7] == [0, 0, 0, 2500, 0, 0, 0]
    assert series(m, "credit_line_balance")[:7] == [1500, 2500, 2500, 0, 565, 1570.65, 2500]
    assert series(m, "credit_line_interest")[:7] == [0, 15, 25, 25, 0, 5.65, 15.7065]
    assert series(m, "interest") == series(m, "credit_line_interest")  # no loans
    assert series(m, "closing_cash") == [
        500, 485, -540, 935, 500, 500, 413.6435,
        -611.3565, -1636.3565, -2661.3565, -3686.3565, -4711.3565,
    ]  # fmt: skip
    # past the limit the plan says how much more it needs: 500 - (-4,711.3565)
    assert r.kpis.funding_needed == pytest.approx(5211.3565)
    assert r.kpis.credit_line_peak == pytest.approx(2500.0)


def test_without_a_credit_line_cash_goes_below_the_minimum_as_before() -> None:
    r = run(staffing={"roles": CLERK})
    assert series(r.monthly, "closing_cash")[:2] == [-1000.0, -2000.0]
    assert series(r.monthly, "credit_line_balance") == [0.0] * 12


def test_dscr_is_ebitda_less_tax_paid_over_interest_and_principal_per_year() -> None:
    # year 1: (120,000 - 12,000) / (24,000 + 48,000) = 1.5; year 2: (60,000 - 0) / 60,000 = 1.0;
    # year 3 has no debt service: no DSCR
    months = np.arange(1, 37)
    m = pd.DataFrame(
        {
            "month_no": months,
            "ebitda": np.where(months <= 12, 10_000.0, 5_000.0),
            "tax_paid": np.where(months <= 12, 1_000.0, 0.0),
            "interest": np.where(months <= 12, 2_000.0, np.where(months <= 24, 1_000.0, 0.0)),
            "loan_repayments": np.where(months <= 24, 4_000.0, 0.0),
        }
    )
    years = dscr_by_year(m)
    assert [y.year for y in years] == [1, 2]
    assert [y.cash_available for y in years] == [108_000.0, 60_000.0]
    assert [y.debt_service for y in years] == [72_000.0, 60_000.0]
    assert [y.dscr for y in years] == [1.5, 1.0]


def test_min_dscr_is_the_lowest_year_of_the_projection() -> None:
    r = project(load_plan_or_starter("onshore_bookkeeping_payroll"))
    m = r.monthly.iloc[:12]
    year_1 = (m.ebitda.sum() - m.tax_paid.sum()) / (m.interest.sum() + m.loan_repayments.sum())
    assert r.kpis.dscr_by_year[0].dscr == pytest.approx(year_1)
    assert r.kpis.min_dscr == min(y.dscr for y in r.kpis.dscr_by_year)


def test_founders_irr_of_cash_left_earning_interest_is_that_interest() -> None:
    # 10,000 put in, nothing happens but 12% a year on cash, no tax: after 12 months the founders
    # hold 10,000 x 1.01^12, a monthly return of 1%, a yearly 1.01^12 - 1 = 12.6825%
    r = run(financing={"opening_cash": 10_000, "cash_interest_rate": 0.12})
    assert r.monthly.closing_cash.iloc[-1] == pytest.approx(10_000 * 1.01**12)
    assert r.kpis.founders_irr == pytest.approx(1.01**12 - 1)
    assert r.kpis.founders_payback_month == "2027-01"  # 10,100 >= 10,000 from month 1


def test_founders_flows_count_equity_and_end_at_net_cash() -> None:
    # nothing at the start, equity 5,000 in month 4; at the end of month 12 cash -4,711.3565
    # and 2,500 owed on the credit line: terminal value -4,711.3565 - 2,500 = -7,211.3565
    r = credit_line_plan()
    flows = founders_flows(r.monthly, r.plan.financing)
    assert flows.round(6).tolist() == [0.0] * 4 + [-5000.0] + [0.0] * 7 + [-7211.3565]
    assert r.kpis.founders_irr is None  # nothing ever comes back
    assert r.kpis.founders_payback_month is None


def test_yearly_irr_annualises_the_monthly_rate() -> None:
    # 100 in, 121 back after 24 months: 1.21^(12/24) - 1 = 10% a year
    assert yearly_irr(np.array([-100.0, *[0.0] * 23, 121.0])) == pytest.approx(0.10)
    assert yearly_irr(np.array([0.0, 5.0])) is None  # nothing put in


def test_founders_payback_is_the_month_net_cash_stays_above_what_was_put_in() -> None:
    # put in 10 at the start and 5 in month 3 (15 to date); net cash 11, 9, 16, 15.5:
    # month 1: 11 >= 10; month 2: 9 < 10; month 3: 16 >= 15; month 4: 15.5 >= 15 -> month 3
    m = pd.DataFrame(
        {
            "equity_injections": [0.0, 0.0, 5.0, 0.0],
            "closing_cash": [11.0, 9.0, 20.0, 20.0],
            "loans_outstanding": [0.0, 0.0, 4.0, 4.5],
            "credit_line_balance": [0.0] * 4,
        }
    )
    assert founders_payback_index(m, Financing(opening_cash=10)) == 2


@settings(max_examples=40, deadline=None, phases=[Phase.explicit, Phase.generate])
@given(plan_dicts(), st.floats(0.0, 0.3), st.floats(0.0, 0.5), st.integers(0, 6))
def test_balance_sheet_balances_with_a_credit_line_drawn_and_repaid(
    data: dict[str, Any], limit_share: float, rate: float, scale: int
) -> None:
    data = copy.deepcopy(data)
    limit = 10.0**scale * limit_share * 10
    data["financing"]["credit_line"] = {"limit": round(limit, 2), "yearly_rate": rate / 2}
    data["financing"]["cash_interest_rate"] = rate / 5
    result = project(plan_from_dict(data))
    assert_identities(result)  # balance sheet to the cent, cash roll-forward, P&L identities
    m = result.monthly
    minimum = result.plan.financing.minimum_cash
    owed = m.credit_line_balance.to_numpy()
    cash = m.closing_cash.to_numpy()
    room = owed < limit - 0.01
    assert (cash[room] >= minimum - 0.01).all()  # with room on the line, never below the minimum
    assert (cash[owed > 0.01] <= minimum + 0.01).all()  # no idle cash while the line is owed
