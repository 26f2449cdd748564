"""The three statements, month by month: profit and loss, cash flow and balance sheet.

Each function takes what the earlier stages computed (arrays of shape (entities, months) or
(months,)) and returns the lines of `planner.engine.projection.MONTHLY_COLUMNS` it owns, each of
shape (months,). Pure: no I/O.

Cash conventions: every cost is paid in the month it is incurred (no payables) except capex, which
is paid the month of purchase and expensed through depreciation, and deposits and advance rent,
paid when a resource starts (an asset until refunded or used up), and yearly paperwork fees, paid at
the start of the year they cover and expensed over its 12 months (`prepaid`, an asset, and
`prepaid_paid`, its rise, a line of operating cash flow); `cash_paid_operations` = all costs in
the P&L except depreciation and bad debts (interest included; loan principal is in
`loan_repayments`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from planner.engine.costs import ResourceCosts
from planner.engine.finance import LoanFlows
from planner.engine.months import shift
from planner.engine.revenue import collections, unpaid_invoices
from planner.engine.tax import income_tax, other_taxes, tax_payments
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
    bad_debts: FloatArray | None = None,
    financing: Financing,
    other_payments: FloatArray,
) -> dict[str, FloatArray]:
    """The P&L lines, each of shape (months,).

    revenue = sum over clients; direct_labour / indirect_labour = pay (wages + burden) of direct /
    other roles; gross_profit = revenue - direct_labour; operating_expenses = indirect_labour +
    recruiting_training + resources_opex + paperwork + marketing + bad_debts + revenue_tax +
    payments_tax; bad_debts = invoices written off (`planner.engine.revenue.bad_debts`; None:
    none); revenue_tax = revenue_tax_rate x revenue; payments_tax = payments_tax_rate x
    (direct_labour + the other operating expenses except bad debts (never paid out) + interest +
    `other_payments`, the capex, deposits paid and loan principal paid out that month)
    (`planner.engine.tax.other_taxes`); ebitda = gross_profit -
    operating_expenses; ebit = ebitda - depreciation; profit_before_tax = ebit - interest;
    taxable_profit_to_date and tax by the plan's yearly tax rules on year-to-date figures
    (`planner.engine.tax.income_tax`); net_income = profit_before_tax - tax; total_costs =
    direct_labour + operating_expenses + depreciation + interest.

    Worked example, one month: revenue 10,000, direct pay 6,000, indirect 1,000, recruiting 500,
    no resources, paperwork or marketing, interest 100, tax 25%: gross profit 4,000, operating
    expenses 1,500, EBITDA 2,500, profit before tax 2,400, tax 600, net income 1,800.

    >>> one = lambda v: np.array([[float(v)]])
    >>> none = ResourceCosts(*(np.zeros((0, 1)),) * 10)
    >>> p = profit_and_loss(revenue_by_client=one(10_000), direct_pay=one(6_000),
    ...     indirect_pay=one(1_000), recruiting=np.array([500.0]), resources=none,
    ...     fees=np.zeros((0, 1)), marketing_spend=np.zeros((0, 1)), interest=np.array([100.0]),
    ...     financing=Financing(tax_rate=0.25), other_payments=np.zeros(1))
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
        "bad_debts": np.zeros_like(recruiting) if bad_debts is None else bad_debts,
        "depreciation": resources.depreciation.sum(axis=0),
        "interest": interest,
    }
    p["gross_profit"] = p["revenue"] - p["direct_labour"]
    before_taxes = (
        p["indirect_labour"]
        + p["recruiting_training"]
        + p["resources_opex"]
        + p["paperwork"]
        + p["marketing"]
        + p["bad_debts"]
    )
    # bad debts are never paid out, so the tax on payments does not count them
    paid_out = p["direct_labour"] + before_taxes - p["bad_debts"] + interest + other_payments
    p.update(other_taxes(financing.tax, p["revenue"], paid_out))
    p["operating_expenses"] = before_taxes + p["revenue_tax"] + p["payments_tax"]
    p["ebitda"] = p["gross_profit"] - p["operating_expenses"]
    p["ebit"] = p["ebitda"] - p["depreciation"]
    p["profit_before_tax"] = p["ebit"] - p["interest"]
    income = income_tax(financing, p["profit_before_tax"], p["gross_profit"], p["revenue"])
    p["taxable_profit_to_date"] = income.taxable_to_date
    p["tax"] = income.tax
    p["net_income"] = p["profit_before_tax"] - p["tax"]
    p["total_costs"] = (
        p["direct_labour"] + p["operating_expenses"] + p["depreciation"] + p["interest"]
    )
    return p


def cash_and_balance(
    p: Mapping[str, FloatArray],
    *,
    revenue_by_client: FloatArray,
    collection_lag: Sequence[int],
    bad_debt_rate: Sequence[float],
    capex: FloatArray,
    deposits: FloatArray,
    loans: LoanFlows,
    financing: Financing,
    first_month: str,
    prepaid: FloatArray | None = None,
    accrued_pay: FloatArray | None = None,
) -> dict[str, FloatArray]:
    """The cash flow and balance sheet lines, each of shape (months,), from the P&L lines `p`.

    Cash: cash_from_clients = invoices x (1 - bad debt rate), collected `collection_lag` months
    after the month served (`planner.engine.revenue.collection_lag`);
    cash_paid_operations = direct_labour + operating_expenses - bad_debts + interest - the rise of
    `accrued_pay` (bonuses accrued, not yet paid; none by default) over the month before (bad debts
    are never paid out: the cash is simply never collected); prepaid_paid = the rise of `prepaid`
    (yearly fees paid and not yet expensed, shape (months,); None: none) over the month before
    (the yearly fee paid less the part expensed); tax_paid = income tax paid in the payment months
    (`planner.engine.tax.tax_payments`; `first_month` "YYYY-MM" places the calendar quarters);
    operating_cash_flow = cash_from_clients - cash_paid_operations - prepaid_paid - tax_paid;
    deposits_paid =
    the rise of `deposits` (deposits and advance rent held, shape (months,)) over the month
    before (negative: refunded or used); net_cash_flow = operating_cash_flow - capex -
    deposits_paid + loan_drawdowns - loan_repayments + equity_injections (an injection after the
    horizon is outside the plan); closing_cash = opening cash + net cash flows to date;
    opening_cash = the month before's closing cash.

    Balance sheet: total_assets = closing_cash + receivables (invoiced, not yet collected, less
    the share written off as bad debts) +
    net_fixed_assets (capex to date - depreciation to date) + deposits (deposits and advance rent
    held) + prepaid; total_liabilities_and_equity =
    loans_outstanding + tax_payable (income tax accrued, not yet paid) + accrued_pay + paid_in_capital
    (opening cash + equity to date) + retained_earnings (net income to date). The two are equal
    because every flow above lands on both sides.
    """
    months = p["revenue"].shape[0]
    held = np.zeros(months) if prepaid is None else prepaid
    owed = np.zeros(months) if accrued_pay is None else accrued_pay
    c: dict[str, FloatArray] = {
        "cash_from_clients": collections(
            revenue_by_client, list(collection_lag), list(bad_debt_rate)
        ),
        # bad debts are an expense but no payment: they are invoices never collected; bonuses are
        # paid in their months, not as they are expensed
        "cash_paid_operations": (
            p["direct_labour"]
            + p["operating_expenses"]
            - p["bad_debts"]
            + p["interest"]
            - (owed - shift(owed, 1))
        ),
        "prepaid_paid": held - shift(held, 1),
        "capex": capex.sum(axis=0),
        "deposits_paid": deposits - shift(deposits, 1),
        "loan_drawdowns": loans.drawdowns,
        "loan_repayments": loans.repayments,
    }
    c["tax_paid"], tax_payable = tax_payments(p["tax"], first_month, financing.tax.payment)
    c["operating_cash_flow"] = (
        c["cash_from_clients"] - c["cash_paid_operations"] - c["prepaid_paid"] - c["tax_paid"]
    )
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
    c["receivables"] = unpaid_invoices(revenue_by_client, list(collection_lag), list(bad_debt_rate))
    c["net_fixed_assets"] = np.cumsum(c["capex"]) - np.cumsum(p["depreciation"])
    c["deposits"] = deposits
    c["prepaid"] = held
    c["total_assets"] = (
        c["closing_cash"] + c["receivables"] + c["net_fixed_assets"] + c["deposits"] + held
    )
    c["loans_outstanding"] = loans.outstanding
    c["accrued_pay"] = owed
    c["paid_in_capital"] = opening + np.cumsum(equity)
    c["retained_earnings"] = np.cumsum(p["net_income"])
    c["tax_payable"] = tax_payable
    c["total_liabilities_and_equity"] = (
        loans.outstanding + tax_payable + owed + c["paid_in_capital"] + c["retained_earnings"]
    )
    return c


def other_payments(capex: FloatArray, deposits: FloatArray, loans: LoanFlows) -> FloatArray:
    """Money paid out each month outside the P&L (shape (months,)): capex (summed over items) +
    deposits and advance rent paid (the rise of `deposits` held, when positive) + loan principal;
    part of the base of the payments tax.

    >>> flows = LoanFlows(*(np.array([0.0, 0.0]),) * 3, np.zeros(2))
    >>> other_payments(np.array([[100.0, 0.0]]), np.array([50.0, 20.0]), flows).tolist()
    [150.0, 0.0]
    """
    total: FloatArray = (
        capex.sum(axis=0) + np.maximum(deposits - shift(deposits, 1), 0.0) + loans.repayments
    )
    return total
