"""Loans into statements.

- Loans: the money arrives in `start_month`; from the month after, `term_months` equal payments
  (the annuity, -numpy_financial.pmt(yearly_rate / 12, term_months, amount)); each month's interest
  = balance at the start of the month x yearly_rate / 12 (in the P&L, and paid in cash with
  operations); the rest of the payment repays principal (`loan_repayments` in the cash flow).
  Balance after j payments = A (1 + r)^j - P ((1 + r)^j - 1) / r, or A - P j when r = 0.
  Payments after the horizon are not shown; the balance left stays in `loans_outstanding`. A loan
  drawn after the horizon (a plan shortened after the loan was entered) is outside the plan.
- Tax: in `planner.engine.tax` (yearly rules accrued monthly, paid monthly or quarterly).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy_financial as npf

from planner.engine.months import shift
from planner.model.plan import Loan
from planner.rounding import FloatArray


@dataclass(frozen=True)
class LoanSchedule:
    """One loan's schedule over the months (arrays of shape (months,), money).

    opening: balance at the start of the month (before the drawdown); drawdown: the amount in
    `start_month`; payment: the annuity P in each paying month; interest = opening x r;
    principal = opening - closing (the rise from a drawdown is not principal); closing = opening +
    drawdown - principal. interest + principal = payment, the last payment clearing the balance.
    """

    opening: FloatArray
    drawdown: FloatArray
    payment: FloatArray
    interest: FloatArray
    principal: FloatArray
    closing: FloatArray


@dataclass(frozen=True)
class LoanFlows:
    """Totals over all loans, per month."""

    drawdowns: FloatArray
    interest: FloatArray
    repayments: FloatArray
    """Principal repaid."""
    outstanding: FloatArray
    """Balance at the end of the month."""


def loan_schedule(loan: Loan, months: int) -> LoanSchedule:
    """Opening balance, drawdown, payment, interest, principal and closing balance of one loan.

    Payment P = -pmt(r, term, A) with r = yearly_rate / 12, paid from the month after
    `start_month` for `term_months` months; balance after j payments = A (1 + r)^j - P ((1 + r)^j
    - 1) / r (A - P j when r = 0); interest_t = balance_{t-1} x r; principal_t = balance_{t-1} -
    balance_t. A loan drawn after the horizon is all zeros.

    Worked example: 12,000 at 12% a year over 12 months: P = 1,066.19; month 2 opens at 12,000,
    interest = 12,000 x 1% = 120.00, principal = 1,066.19 - 120.00 = 946.19, closing 11,053.81.

    >>> from planner.model.plan import Loan
    >>> s = loan_schedule(Loan(amount=12000, yearly_rate=0.12, term_months=12), 2)
    >>> s.opening.tolist(), s.drawdown.tolist(), s.payment.round(2).tolist()
    ([0.0, 12000.0], [12000.0, 0.0], [0.0, 1066.19])
    >>> s.interest.round(2).tolist(), s.principal.round(2).tolist(), s.closing.round(2).tolist()
    ([0.0, 120.0], [0.0, 946.19], [12000.0, 11053.81])
    """
    t = np.arange(1, months + 1)
    if loan.start_month > months:
        zero = np.zeros(months)
        return LoanSchedule(zero, zero, zero, zero, zero, zero)
    rate = loan.yearly_rate / 12.0
    term = loan.term_months
    # numpy-financial signs: money received is positive, so a loan's pmt is negative.
    payment = -float(npf.pmt(rate, term, loan.amount))
    k = t - loan.start_month  # payments made by the end of month t (0 in the drawdown month)
    paying = (k >= 1) & (k <= term)
    done = np.clip(k, 0, term).astype(float)
    growth = (1.0 + rate) ** done
    if rate > 0:
        balance = loan.amount * growth - payment * (growth - 1.0) / rate
    else:
        balance = loan.amount - payment * done
    balance = np.where(k >= 0, balance, 0.0)
    balance[k >= term] = 0.0  # exactly repaid, no float residue
    opening = shift(balance, 1)
    before = np.where(paying, opening, 0.0)
    return LoanSchedule(
        opening=opening,
        drawdown=np.where(k == 0, float(loan.amount), 0.0),
        payment=np.where(paying, payment, 0.0),
        interest=before * rate,
        # principal is what the balance falls by, so the cash flow and the balance agree exactly
        principal=np.where(paying, before - balance, 0.0),
        closing=balance,
    )


def loan_flows(schedules: list[LoanSchedule], months: int) -> LoanFlows:
    """Drawdowns, interest, principal repaid and balance per month, summed over all loans (money).

    >>> from planner.model.plan import Loan
    >>> loan = Loan(amount=12000, yearly_rate=0.12, term_months=12)
    >>> flows = loan_flows([loan_schedule(loan, 3)], 3)
    >>> flows.interest.round(2).tolist(), flows.repayments.round(2).tolist()
    ([0.0, 120.0, 110.54], [0.0, 946.19, 955.65])
    """
    drawdowns = np.zeros(months)
    interest = np.zeros(months)
    repayments = np.zeros(months)
    outstanding = np.zeros(months)
    for s in schedules:
        drawdowns += s.drawdown
        interest += s.interest
        repayments += s.principal
        outstanding += s.closing
    return LoanFlows(drawdowns, interest, repayments, outstanding)
