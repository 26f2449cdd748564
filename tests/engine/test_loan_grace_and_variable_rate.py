"""Loans with a grace period (interest only, then the annuity over the months left) and a variable
rate (a rate per plan year, the payment recomputed on the balance and the months left)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from planner.engine.finance import loan_schedule
from planner.model.plan import Loan
from tests.support.small_plans import run


def test_grace_months_pay_interest_only_then_the_annuity_over_the_months_left() -> None:
    # 120,000 at 12% a year (1% a month) over 24 months, drawn in month 1, 6 months' grace:
    # months 2..7 pay interest only, 120,000 x 1% = 1,200.00, no principal; the balance stays
    # 120,000. Months 8..25 (18 payments): PMT(1%, 18, 120,000) = 120,000 x 0.01 / (1 - 1.01^-18)
    # = 1,200 / 0.163983 = 7,317.85; month 8: interest 1,200.00, principal 6,117.85, closing
    # 113,882.15. The 18 payments repay the 120,000 exactly.
    s = loan_schedule(Loan(amount=120_000, yearly_rate=0.12, term_months=24, grace_months=6), 30)
    assert s.drawdown[0] == 120_000 and s.payment[0] == 0
    for i in range(1, 7):
        assert s.payment[i] == pytest.approx(1_200.0)
        assert s.interest[i] == pytest.approx(1_200.0)
        assert s.principal[i] == 0 and s.closing[i] == 120_000
    assert s.payment[7] == pytest.approx(7_317.85, abs=0.005)
    assert s.principal[7] == pytest.approx(6_117.85, abs=0.005)
    assert s.closing[7] == pytest.approx(113_882.15, abs=0.005)
    assert s.payment[7:25] == pytest.approx([7_317.845747] * 18, abs=1e-5)
    assert s.principal.sum() == pytest.approx(120_000, abs=1e-6)
    assert s.closing[24] == 0 and s.payment[25:].sum() == 0


def test_a_variable_rate_recomputes_the_payment_on_the_balance_and_months_left() -> None:
    # 12,000 over 24 months drawn in month 1, 12% in plan year 1 and 24% in year 2.
    # Months 2..12 (11 payments) at 1%: PMT(1%, 24, 12,000) = 564.88. Balance after 11 payments
    # = 12,000 x 1.01^11 - 564.88 x (1.01^11 - 1) / 0.01 = 6,854.13. Month 13 (year 2, 2% a
    # month), 13 payments left: PMT(2%, 13, 6,854.13) = 603.97; interest 6,854.13 x 2% = 137.08.
    loan = Loan(amount=12_000, term_months=24, rates_by_year=[0.12, 0.24])
    s = loan_schedule(loan, 30)
    assert s.payment[1] == pytest.approx(564.88, abs=0.005)
    assert s.payment[11] == pytest.approx(564.88, abs=0.005)
    assert s.closing[11] == pytest.approx(6_854.13, abs=0.005)
    assert s.interest[12] == pytest.approx(137.08, abs=0.005)
    assert s.payment[12] == pytest.approx(603.97, abs=0.005)
    assert s.payment[12:25] == pytest.approx([603.974408] * 13, abs=1e-5)
    assert s.principal.sum() == pytest.approx(12_000, abs=1e-6) and s.closing[24] == 0


def test_years_past_the_rate_list_keep_its_last_rate_and_no_list_keeps_the_yearly_rate() -> None:
    loan = Loan(amount=1_000, yearly_rate=0.05, rates_by_year=[0.06, 0.09])
    assert [loan.rate_in_year(y) for y in (1, 2, 3, 7)] == [0.06, 0.09, 0.09, 0.09]
    assert Loan(amount=1_000, yearly_rate=0.05).rate_in_year(4) == 0.05


def test_grace_as_long_as_the_term_is_refused_in_words() -> None:
    with pytest.raises(ValidationError) as error:
        Loan(amount=1_000, term_months=12, grace_months=12)
    assert "grace period (12 months) must be shorter than the term (12 months)" in str(error.value)


def test_grace_and_variable_rate_reach_the_statements() -> None:
    # 120,000 at 12%, 6 months' grace, drawn in month 1: the monthly table's interest is 1,200 in
    # months 2..7 and no loan is repaid until month 8.
    loans = [
        {
            "name": "Bank",
            "amount": 120_000,
            "yearly_rate": 0.12,
            "term_months": 24,
            "grace_months": 6,
        }
    ]
    r = run(settings={"horizon_months": 12}, financing={"loans": loans})
    m = r.monthly
    assert list(m.interest[1:7].round(2)) == [1_200.0] * 6
    assert m.loan_repayments[:7].sum() == 0 and m.loan_repayments[7] == pytest.approx(
        6_117.85, abs=0.005
    )
    assert (m.total_assets - m.total_liabilities_and_equity).abs().max() < 0.005
