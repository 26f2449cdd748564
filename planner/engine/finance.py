"""Loans into statements.

- Loans: the money arrives in `start_month`; from the month after, `term_months` payments: the
  first `grace_months` interest only, then the annuity over the months left of the term
  (-numpy_financial.pmt(rate / 12, months left, balance), recomputed when a variable rate
  changes with the plan year); each month's interest = balance at the start of the month x that
  year's rate / 12 (in the P&L, and paid in cash with operations); the rest of the payment repays
  principal (`loan_repayments` in the cash flow) (`loan_schedule`). Payments after the horizon
  are not shown; the balance left stays in `loans_outstanding`. A loan drawn after
  the horizon (a plan shortened after the loan was entered) is outside the plan.
- Tax: in `planner.engine.tax` (yearly rules accrued monthly, paid monthly or quarterly).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy_financial as npf

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
    """Totals over all loans, per month: shape (months,) for one plan; the statements also take
    them with a leading run axis, (runs, months), or once for every run."""

    drawdowns: FloatArray
    interest: FloatArray
    repayments: FloatArray
    """Principal repaid."""
    outstanding: FloatArray
    """Balance at the end of the month."""


def loan_schedule(loan: Loan, months: int) -> LoanSchedule:
    """Opening balance, drawdown, payment, interest, principal and closing balance of one loan.

    The money arrives in `start_month` s; payment j = t - s (1..term_months) falls in month t.
    Monthly rate r_t = the loan's yearly rate in month t's plan year / 12 (`Loan.rate_in_year`:
    `rates_by_year`, else `yearly_rate`); interest_t = opening_t x r_t.
    Grace (j <= grace_months): payment_t = interest_t, principal 0.
    After it: payment_t = -pmt(r_t, term_months - j + 1, opening_t), the annuity that clears the
    balance over the months left at this month's rate (with one rate it is the same every month;
    when the rate changes it is recomputed on the balance and the months left);
    principal_t = payment_t - interest_t, the last one the whole balance left (no float residue);
    closing_t = opening_t + drawdown_t - principal_t. A loan drawn after the horizon is all zeros.

    Worked example: 12,000 at 12% a year over 12 months: P = 1,066.19; month 2 opens at 12,000,
    interest = 12,000 x 1% = 120.00, principal = 1,066.19 - 120.00 = 946.19, closing 11,053.81.

    >>> from planner.model.plan import Loan
    >>> s = loan_schedule(Loan(amount=12000, yearly_rate=0.12, term_months=12), 2)
    >>> s.opening.tolist(), s.drawdown.tolist(), s.payment.round(2).tolist()
    ([0.0, 12000.0], [12000.0, 0.0], [0.0, 1066.19])
    >>> s.interest.round(2).tolist(), s.principal.round(2).tolist(), s.closing.round(2).tolist()
    ([0.0, 120.0], [0.0, 946.19], [12000.0, 11053.81])
    """
    opening = np.zeros(months)
    drawdown = np.zeros(months)
    payment = np.zeros(months)
    interest = np.zeros(months)
    principal = np.zeros(months)
    closing = np.zeros(months)
    start, term = loan.start_month, loan.term_months
    if start > months:
        return LoanSchedule(opening, drawdown, payment, interest, principal, closing)
    balance = 0.0
    for m in range(start, months + 1):  # m: plan month (1-based)
        i = m - 1
        opening[i] = balance
        j = m - start  # payments made by the end of month m
        if j == 0:
            drawdown[i] = float(loan.amount)
        elif j <= term:
            rate = loan.rate_in_year((m - 1) // 12 + 1) / 12.0
            interest[i] = balance * rate
            if j <= loan.grace_months:
                payment[i] = interest[i]
            elif j == term:  # the last payment clears what is left
                principal[i] = balance
                payment[i] = balance + interest[i]
            else:
                # numpy-financial signs: money received is positive, so a loan's pmt is negative.
                payment[i] = -float(npf.pmt(rate, term - j + 1, balance))
                principal[i] = payment[i] - interest[i]
        balance = balance + drawdown[i] - principal[i]
        closing[i] = balance
    return LoanSchedule(opening, drawdown, payment, interest, principal, closing)


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
