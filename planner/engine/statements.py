"""The three statements, month by month: profit and loss, cash flow and balance sheet.

Each function takes what the earlier stages computed (arrays of shape (entities, months) or
(months,)) and returns the lines of `planner.engine.projection.MONTHLY_COLUMNS` it owns, each of
shape (months,). Pure: no I/O.

Cash conventions: every cost is paid in the month it is incurred (no payables) except capex, which
is paid the month of purchase and expensed through depreciation, and deposits and advance rent,
paid when a resource starts (an asset until refunded or used up); `cash_paid_operations` = all costs
in the P&L except depreciation (interest included; loan principal is in `loan_repayments`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from planner.engine.costs import ResourceCosts
from planner.engine.finance import LoanFlows, tax_due, taxable_to_date
from planner.engine.months import shift
from planner.engine.revenue import collections, unpaid_invoices
from planner.model.plan import Financing
from planner.rounding import FloatArray


def profit_and_loss(
    *,
    revenue_by_client: FloatArray,
    direct_pay: FloatArray,
    indirect_pay: FloatArray,
    recruiting: FloatArray,
    resources: ResourceCosts,
    fees: FloatArray,
    marketing_spend: FloatArray,
    interest: FloatArray,
    tax_rate: float,
) -> dict[str, FloatArray]:
    """The P&L lines, each of shape (months,).

    revenue = sum over clients; direct_labour / indirect_labour = pay (wages + burden) of direct /
    other roles; gross_profit = revenue - direct_labour; operating_expenses = indirect_labour +
    recruiting_training + resources_opex + paperwork + marketing; ebitda = gross_profit -
    operating_expenses; ebit = ebitda - depreciation; profit_before_tax = ebit - interest;
    tax = tax_rate x the rise of taxable_profit_to_date (losses carried forward,
    `planner.engine.finance.tax_due`); net_income = profit_before_tax - tax; total_costs =
    direct_labour + operating_expenses + depreciation + interest.

    Worked example, one month: revenue 10,000, direct pay 6,000, indirect 1,000, recruiting 500,
    no resources, paperwork or marketing, interest 100, tax 25%: gross profit 4,000, operating
    expenses 1,500, EBITDA 2,500, profit before tax 2,400, tax 600, net income 1,800.

    >>> one = lambda v: np.array([[float(v)]])
    >>> none = ResourceCosts(*(np.zeros((0, 1)),) * 10)
    >>> p = profit_and_loss(revenue_by_client=one(10_000), direct_pay=one(6_000),
    ...     indirect_pay=one(1_000), recruiting=np.array([500.0]), resources=none,
    ...     fees=np.zeros((0, 1)), marketing_spend=np.zeros((0, 1)), interest=np.array([100.0]),
    ...     tax_rate=0.25)
    >>> [float(p[k][0]) for k in ("gross_profit", "ebitda", "tax", "net_income", "total_costs")]
    [4000.0, 2500.0, 600.0, 1800.0, 7600.0]
    """
    p: dict[str, FloatArray] = {
        "revenue": revenue_by_client.sum(axis=0),
        "direct_labour": direct_pay.sum(axis=0),
        "indirect_labour": indirect_pay.sum(axis=0),
        "recruiting_training": recruiting,
        "resources_opex": resources.opex.sum(axis=0),
        "paperwork": fees.sum(axis=0),
        "marketing": marketing_spend.sum(axis=0),
        "depreciation": resources.depreciation.sum(axis=0),
        "interest": interest,
    }
    p["gross_profit"] = p["revenue"] - p["direct_labour"]
    p["operating_expenses"] = (
        p["indirect_labour"]
        + p["recruiting_training"]
        + p["resources_opex"]
        + p["paperwork"]
        + p["marketing"]
    )
    p["ebitda"] = p["gross_profit"] - p["operating_expenses"]
    p["ebit"] = p["ebitda"] - p["depreciation"]
    p["profit_before_tax"] = p["ebit"] - p["interest"]
    p["taxable_profit_to_date"] = taxable_to_date(p["profit_before_tax"])
    p["tax"] = tax_due(p["profit_before_tax"], tax_rate)
    p["net_income"] = p["profit_before_tax"] - p["tax"]
    p["total_costs"] = (
        p["direct_labour"] + p["operating_expenses"] + p["depreciation"] + p["interest"]
    )
    return p


def cash_and_balance(
    p: Mapping[str, FloatArray],
    *,
    revenue_by_client: FloatArray,
    payment_days: Sequence[int],
    capex: FloatArray,
    deposits: FloatArray,
    loans: LoanFlows,
    financing: Financing,
) -> dict[str, FloatArray]:
    """The cash flow and balance sheet lines, each of shape (months,), from the P&L lines `p`.

    Cash: cash_from_clients = invoices collected after each client's payment days;
    cash_paid_operations = direct_labour + operating_expenses + interest; tax_paid = tax;
    operating_cash_flow = cash_from_clients - cash_paid_operations - tax_paid; deposits_paid =
    the rise of `deposits` (deposits and advance rent held, shape (months,)) over the month
    before (negative: refunded or used); net_cash_flow = operating_cash_flow - capex -
    deposits_paid + loan_drawdowns - loan_repayments + equity_injections (an injection after the
    horizon is outside the plan); closing_cash = opening cash + net cash flows to date;
    opening_cash = the month before's closing cash.

    Balance sheet: total_assets = closing_cash + receivables (invoiced, not yet collected) +
    net_fixed_assets (capex to date - depreciation to date) + deposits (deposits and advance rent
    held); total_liabilities_and_equity =
    loans_outstanding + paid_in_capital (opening cash + equity to date) + retained_earnings (net
    income to date). The two are equal because every flow above lands on both sides.
    """
    months = p["revenue"].shape[0]
    c: dict[str, FloatArray] = {
        "cash_from_clients": collections(revenue_by_client, list(payment_days)),
        "cash_paid_operations": p["direct_labour"] + p["operating_expenses"] + p["interest"],
        "tax_paid": p["tax"],
        "capex": capex.sum(axis=0),
        "deposits_paid": deposits - shift(deposits, 1),
        "loan_drawdowns": loans.drawdowns,
        "loan_repayments": loans.repayments,
    }
    c["operating_cash_flow"] = c["cash_from_clients"] - c["cash_paid_operations"] - c["tax_paid"]
    equity = np.zeros(months)
    for injection in financing.equity:
        if injection.month <= months:  # an injection after the horizon is outside the plan
            equity[injection.month - 1] += injection.amount
    c["equity_injections"] = equity
    c["net_cash_flow"] = (
        c["operating_cash_flow"]
        - c["capex"]
        - c["deposits_paid"]
        + loans.drawdowns
        - loans.repayments
        + equity
    )
    opening = financing.opening_cash
    c["closing_cash"] = opening + np.cumsum(c["net_cash_flow"])
    c["opening_cash"] = np.concatenate(([opening], c["closing_cash"][:-1]))
    c["receivables"] = unpaid_invoices(revenue_by_client, list(payment_days))
    c["net_fixed_assets"] = np.cumsum(c["capex"]) - np.cumsum(p["depreciation"])
    c["deposits"] = deposits
    c["total_assets"] = c["closing_cash"] + c["receivables"] + c["net_fixed_assets"] + c["deposits"]
    c["loans_outstanding"] = loans.outstanding
    c["paid_in_capital"] = opening + np.cumsum(equity)
    c["retained_earnings"] = np.cumsum(p["net_income"])
    c["total_liabilities_and_equity"] = (
        loans.outstanding + c["paid_in_capital"] + c["retained_earnings"]
    )
    return c


FINANCING_LINES = (
    "credit_line_interest",
    "interest_income",
    "interest_received",
    "credit_line_draws",
    "credit_line_repayments",
    "credit_line_balance",
)
"""The lines `with_financing` adds to the monthly table."""


def tax_lines(profit_before_tax: FloatArray, financing: Financing) -> dict[str, FloatArray]:
    """The tax lines that follow from profit before tax: taxable_profit_to_date, tax (accrued) and
    tax_paid (money per month). Causal: month t's figures read months 1..t only, which lets
    `with_financing` call it month by month."""
    tax = tax_due(profit_before_tax, financing.tax_rate)
    return {
        "taxable_profit_to_date": taxable_to_date(profit_before_tax),
        "tax": tax,
        "tax_paid": tax,
    }


def with_financing(
    p: Mapping[str, FloatArray], c: Mapping[str, FloatArray], financing: Financing
) -> tuple[dict[str, FloatArray], dict[str, FloatArray]]:
    """The P&L `p` and cash and balance lines `c` (computed without interest on cash or a credit
    line) with both added, month by month (money per month).

    Order of operations in month t (O = opening cash, B = credit line owed at the start):
    1. interest_income = max(0, O) x cash_interest_rate / 12 (received in cash that month);
       credit_line_interest = B x credit yearly_rate / 12 (part of `interest`, paid that month);
    2. profit_before_tax rises by interest_income - credit_line_interest; tax follows
       (`tax_lines`: losses carried forward, as without financing);
    3. cash before the credit line X = O + every other flow of the month (as computed without
       these lines) + interest_income - credit_line_interest - tax_paid;
    4. credit_line_draws = max(0, min(limit - B, minimum_cash - X)) (drawn only up to the limit:
       past it cash may still fall below the minimum, and `funding_needed` says by how much);
       credit_line_repayments = max(0, min(B, X - minimum_cash)) (repaid first, out of cash above
       the minimum);
    5. closing cash = X + draws - repayments; credit_line_balance = B + draws - repayments (a
       liability), the next month's B.
    The balance sheet stays balanced: cash moves by the change in net income and the credit line
    balance; retained earnings by the change in net income; liabilities by the balance.

    Worked example (`tests/engine/test_lender.py`): opening cash 12,000 at 6% a year earns
    12,000 x 0.06 / 12 = 60 in month 1.
    """
    p, c = dict(p), dict(c)
    months = p["profit_before_tax"].shape[0]
    zero = np.zeros(months)
    line = financing.credit_line
    limit, credit_rate = (line.limit, line.yearly_rate) if line else (0.0, 0.0)
    rate = financing.cash_interest_rate
    if rate == 0 and limit == 0:
        p.update(credit_line_interest=zero, interest_income=zero)
        c.update({k: zero for k in FINANCING_LINES[2:]})
        return p, c
    base_pbt = p["profit_before_tax"]
    other = c["net_cash_flow"] + c["tax_paid"]  # every flow but tax, without these lines
    income, charge, draws, repaid, owed, closing = (np.zeros(months) for _ in range(6))
    pbt = base_pbt.copy()
    cash, balance = float(c["opening_cash"][0]), 0.0
    for t in range(months):
        income[t] = max(0.0, cash) * rate / 12.0
        charge[t] = balance * credit_rate / 12.0
        pbt[t] = base_pbt[t] + income[t] - charge[t]
        paid = float(tax_lines(pbt, financing)["tax_paid"][t])
        before = cash + other[t] + income[t] - charge[t] - paid
        draws[t] = max(0.0, min(limit - balance, financing.minimum_cash - before))
        repaid[t] = max(0.0, min(balance, before - financing.minimum_cash))
        balance += draws[t] - repaid[t]
        owed[t] = balance
        cash = closing[t] = before + draws[t] - repaid[t]
    taxes = tax_lines(pbt, financing)
    net_change = (pbt - base_pbt) - (taxes["tax"] - p["tax"])
    cash_change = closing - c["closing_cash"]
    p.update(
        credit_line_interest=charge,
        interest=p["interest"] + charge,
        interest_income=income,
        profit_before_tax=pbt,
        taxable_profit_to_date=taxes["taxable_profit_to_date"],
        tax=taxes["tax"],
        net_income=p["net_income"] + net_change,
        total_costs=p["total_costs"] + charge,
    )
    c.update(
        interest_received=income,
        cash_paid_operations=c["cash_paid_operations"] + charge,
        operating_cash_flow=c["operating_cash_flow"]
        + income
        - charge
        - (taxes["tax_paid"] - c["tax_paid"]),
        tax_paid=taxes["tax_paid"],
        credit_line_draws=draws,
        credit_line_repayments=repaid,
        net_cash_flow=closing - np.concatenate(([c["opening_cash"][0]], closing[:-1])),
        closing_cash=closing,
        opening_cash=np.concatenate(([c["opening_cash"][0]], closing[:-1])),
        credit_line_balance=owed,
        retained_earnings=c["retained_earnings"] + np.cumsum(net_change),
        total_assets=c["total_assets"] + cash_change,
        total_liabilities_and_equity=c["total_liabilities_and_equity"]
        + owed
        + np.cumsum(net_change),
    )
    return p, c
