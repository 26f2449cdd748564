"""What a lender looks at: debt-service coverage by plan year, the founders' return and payback.

- DSCR (debt-service coverage ratio) of a plan year = cash available for debt service / debt
  service. Cash available = EBITDA - tax paid (the common lender definition, "cash available for
  debt service (EBITDA less tax paid) / (interest + principal due)", the
  planner's domain notes; interest earned on cash is left out, a lender does not count on it;
  unlike operating cash flow + interest, it leaves out the working capital tied up in
  receivables). Debt service =
  interest (loans and credit line) + loan principal repaid. Credit line repayments are not
  counted: a revolving line is repaid out of spare cash when the plan chooses, not on a schedule
  (its interest is). A year with no debt service has no DSCR. Below `Financing.dscr_covenant`
  (1.25 by default) the year is flagged.
- Founders' cash flows, month by month (index 0 = the day the business opens, index m = the end
  of month m): -opening cash at 0, -equity put in each month, and at the horizon the terminal
  value = the founders' net cash: closing cash - loans outstanding - credit line owed (a
  conservative value: no multiple of profit, receivables and equipment not counted).
- Founders' IRR = numpy_financial.irr of those monthly flows, annualised: (1 + r)^12 - 1; None
  when it does not exist (nothing put in, or no sign change).
- Founders' payback: the first month from which the founders' net cash stays at or above what
  they have put in to date (cumulative flows, marking the business at its net cash each month,
  turn and stay >= 0); None if never within the horizon or nothing was put in.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy_financial as npf
import pandas as pd

from planner.model.plan import Financing
from planner.rounding import EPS, FloatArray

_CENT = 0.005


@dataclass(frozen=True)
class DscrYear:
    """One plan year's coverage (money in the plan's currency)."""

    year: int
    """Plan year, 1 = months 1-12."""
    cash_available: float
    """EBITDA - tax paid over the year."""
    debt_service: float
    """Interest (loans and credit line) + loan principal repaid over the year."""
    dscr: float
    """cash_available / debt_service."""


def dscr_by_year(monthly: pd.DataFrame) -> tuple[DscrYear, ...]:
    """Each plan year with debt service: EBITDA - tax paid, interest + principal, and their ratio.

    Worked example: a year with EBITDA 150,000, tax paid 20,000, interest 40,000 and principal
    60,000 covers (150,000 - 20,000) / (40,000 + 60,000) = 1.3 times.

    >>> m = pd.DataFrame({"month_no": [1, 2], "ebitda": [100_000.0, 50_000.0],
    ...     "tax_paid": [20_000.0, 0.0], "interest": [20_000.0, 20_000.0],
    ...     "loan_repayments": [30_000.0, 30_000.0]})
    >>> dscr_by_year(m)[0].dscr
    1.3
    """
    year = (monthly["month_no"].to_numpy() - 1) // 12 + 1
    sums = (
        monthly.assign(year=year)
        .groupby("year")[["ebitda", "tax_paid", "interest", "loan_repayments"]]
        .sum()
    )
    out = []
    for y, row in sums.iterrows():
        service = float(row["interest"] + row["loan_repayments"])
        if service > _CENT:
            available = float(row["ebitda"] - row["tax_paid"])
            out.append(DscrYear(int(str(y)), available, service, available / service))
    return tuple(out)


def founders_flows(monthly: pd.DataFrame, financing: Financing) -> FloatArray:
    """The founders' cash flows, shape (months + 1,): index 0 = -opening cash, index m = -equity
    put in during month m, plus at the last month the terminal value closing_cash -
    loans_outstanding - credit_line_balance.

    >>> m = pd.DataFrame({"equity_injections": [0.0, 5.0], "closing_cash": [8.0, 30.0],
    ...     "loans_outstanding": [0.0, 10.0], "credit_line_balance": [0.0, 0.0]})
    >>> founders_flows(m, Financing(opening_cash=10)).tolist()
    [-10.0, -0.0, 15.0]
    """
    flows = np.concatenate(([-financing.opening_cash], -monthly["equity_injections"].to_numpy()))
    last = monthly.iloc[-1]
    flows[-1] += float(
        last["closing_cash"] - last["loans_outstanding"] - last["credit_line_balance"]
    )
    return flows.astype(float)


def yearly_irr(flows: FloatArray) -> float | None:
    """The annualised internal rate of return of monthly flows: (1 + monthly IRR)^12 - 1; None
    without a sign change or where numpy_financial finds no rate.

    Worked example: 100 in, 121 back 24 months later: monthly r = 1.21^(1/24) - 1, a year
    (1 + r)^12 - 1 = 1.21^0.5 - 1 = 10%.

    >>> round(yearly_irr(np.array([-100.0, *[0.0] * 23, 121.0])), 6)
    0.1
    """
    if not ((flows < -EPS).any() and (flows > EPS).any()):
        return None
    monthly = float(npf.irr(flows))
    if not np.isfinite(monthly) or monthly <= -1.0:
        return None
    return float((1.0 + monthly) ** 12 - 1.0)


def founders_payback_index(monthly: pd.DataFrame, financing: Financing) -> int | None:
    """Index of the first month from which net cash (closing cash - loans - credit line) stays
    >= what the founders have put in to date (opening cash + equity to date); None if never, or
    if they put nothing in.

    >>> m = pd.DataFrame({"equity_injections": [0.0, 0.0, 0.0],
    ...     "closing_cash": [4.0, 11.0, 12.0], "loans_outstanding": [0.0] * 3,
    ...     "credit_line_balance": [0.0] * 3})
    >>> founders_payback_index(m, Financing(opening_cash=10))  # 4 < 10, then 11 >= 10
    1
    """
    put_in = financing.opening_cash + np.cumsum(monthly["equity_injections"].to_numpy())
    if put_in[-1] <= _CENT:
        return None
    worth = (
        monthly["closing_cash"] - monthly["loans_outstanding"] - monthly["credit_line_balance"]
    ).to_numpy()
    short = np.flatnonzero(worth - put_in < -_CENT)
    if short.size == 0:
        return 0
    last = int(short[-1])
    return None if last == len(worth) - 1 else last + 1


@dataclass(frozen=True)
class LenderFigures:
    """The lender's headline figures, as `Kpis` fields."""

    dscr_by_year: tuple[DscrYear, ...]
    min_dscr: float | None
    founders_irr: float | None
    founders_payback_month: str | None
    credit_line_peak: float
    total_interest_income: float


def lender_figures(monthly: pd.DataFrame, financing: Financing) -> LenderFigures:
    """DSCR by year and its minimum, the founders' IRR and payback month ("YYYY-MM"), the most
    owed on the credit line and the interest earned on cash over the horizon."""
    years = dscr_by_year(monthly)
    payback = founders_payback_index(monthly, financing)
    return LenderFigures(
        dscr_by_year=years,
        min_dscr=min((y.dscr for y in years), default=None),
        founders_irr=yearly_irr(founders_flows(monthly, financing)),
        founders_payback_month=None if payback is None else str(monthly["month"].iloc[payback]),
        credit_line_peak=float(monthly["credit_line_balance"].max()),
        total_interest_income=float(monthly["interest_income"].sum()),
    )
