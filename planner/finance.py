"""Loans, tax and collections into statements.

- Loans: the money arrives in `start_month`; from the month after, `term_months` equal payments
  (the annuity, -numpy_financial.pmt(yearly_rate / 12, term_months, amount)); each month's interest
  = balance at the start of the month x yearly_rate / 12 (in the P&L, and paid in cash with
  operations); the rest of the payment repays principal (`loan_repayments` in the cash flow).
  Payments after the horizon are not shown; the balance left stays in `loans_outstanding`.
- Tax: tax_rate x taxable profit, paid the month it arises. Losses carry forward without limit:
  cumulative taxable profit to month t = max(0, max over k <= t of cumulative profit before tax to
  month k), and a month's taxable profit is its rise over the month before.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy_financial as npf

from planner.model import Financing
from planner.months import FloatArray


@dataclass(frozen=True)
class LoanFlows:
    """Totals over all loans, per month."""

    drawdowns: FloatArray
    interest: FloatArray
    repayments: FloatArray
    """Principal repaid."""
    outstanding: FloatArray
    """Balance at the end of the month."""


def loan_flows(financing: Financing, months: int) -> LoanFlows:
    t = np.arange(1, months + 1)
    drawdowns = np.zeros(months)
    interest = np.zeros(months)
    repayments = np.zeros(months)
    outstanding = np.zeros(months)
    for loan in financing.loans:
        rate = loan.yearly_rate / 12.0
        drawdowns[loan.start_month - 1] += loan.amount
        period = t - loan.start_month  # payment number: 1 the month after drawdown
        paying = (period >= 1) & (period <= loan.term_months)
        per = np.clip(period, 1, loan.term_months)
        # numpy-financial signs: money received positive, so ipmt/ppmt are negative for a loan.
        loan_interest = np.where(paying, -npf.ipmt(rate, per, loan.term_months, loan.amount), 0.0)
        principal = np.where(paying, -npf.ppmt(rate, per, loan.term_months, loan.amount), 0.0)
        interest += loan_interest
        repayments += principal
        drawn = np.where(t >= loan.start_month, loan.amount, 0.0)
        balance = drawn - np.cumsum(principal)
        balance[period >= loan.term_months] = 0.0  # exactly repaid (no float residue)
        # the final month repays what is left, so the cash flow and the balance agree exactly
        last = loan.start_month + loan.term_months - 1
        if last < months:
            repayments[last] += float(drawn[last] - np.cumsum(principal)[last])
        outstanding += balance
    return LoanFlows(drawdowns, interest, repayments, outstanding)


def tax_due(profit_before_tax: FloatArray, tax_rate: float) -> FloatArray:
    """Tax per month with losses carried forward (module docstring)."""
    cumulative = np.cumsum(profit_before_tax)
    taxed = np.maximum.accumulate(np.maximum(cumulative, 0.0))
    return tax_rate * np.diff(taxed, prepend=0.0)
