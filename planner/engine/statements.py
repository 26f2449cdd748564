"""The three statements, month by month: profit and loss, cash flow and balance sheet.

Each function takes what the earlier stages computed (arrays of shape (entities, months) or
(months,)) and returns the lines of `planner.engine.projection.MONTHLY_COLUMNS` it owns, each of
shape (months,). Pure: no I/O.

Many runs of one plan at once (a Monte Carlo): every array may carry a leading run axis, (runs,
entities, months) and (runs, months), and every line comes out (runs, months), each run's figures
those it would have alone. What is the same in every run (the plan's financing, tax rules, first
month, each client's collection lag and bad debt rate) is given once; a line the same in every run
(loan flows, say) may be given once as (months,) or (entities, months) and is repeated per run.
Months are looped over where a month needs the one before (tax paid, the credit line); runs never
are.

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
from dataclasses import dataclass

import numpy as np

from planner.engine.costs import ResourceCosts
from planner.engine.finance import LoanFlows
from planner.engine.months import shift
from planner.engine.revenue import bad_debts, collections, unpaid_invoices
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
    """The P&L lines, each of shape (..., months) (module docstring: a leading run axis).

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
        "revenue": revenue_by_client.sum(axis=-2),
        "direct_labour": direct_pay.sum(axis=-2),
        "indirect_labour": indirect_pay.sum(axis=-2),
        "recruiting_training": recruiting,
        "resources_opex": resources.opex.sum(axis=-2),
        "paperwork": fees.sum(axis=-2),
        "marketing": marketing_spend.sum(axis=-2),
        "depreciation": resources.depreciation.sum(axis=-2),
        "interest": interest,
    }
    given = [v.shape for v in p.values()] + [other_payments.shape]
    shape = np.broadcast_shapes(*given, *([] if bad_debts is None else [bad_debts.shape]))
    p["bad_debts"] = np.zeros(shape) if bad_debts is None else bad_debts
    p = per_run(p, shape)
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
    """The cash flow and balance sheet lines, each of shape (..., months) like the P&L lines `p`
    (module docstring: a leading run axis).

    Cash: cash_from_clients = invoices x (1 - bad debt rate), collected `collection_lag` months
    after the month served (`planner.engine.revenue.collection_lag`);
    cash_paid_operations = direct_labour + operating_expenses - bad_debts + interest - the rise of
    `accrued_pay` (bonuses accrued, not yet paid; none by default) over the month before (bad debts
    are never paid out: the cash is simply never collected); prepaid_paid = the rise of `prepaid`
    (yearly fees paid and not yet expensed, shape (..., months); None: none) over the month before
    (the yearly fee paid less the part expensed); tax_paid = income tax paid in the payment months
    (`planner.engine.tax.tax_payments`; `first_month` "YYYY-MM" places the calendar quarters);
    operating_cash_flow = cash_from_clients - cash_paid_operations - prepaid_paid - tax_paid;
    deposits_paid =
    the rise of `deposits` (deposits and advance rent held, shape (..., months)) over the month
    before (negative: refunded or used); net_cash_flow = operating_cash_flow - capex -
    deposits_paid + loan_drawdowns - loan_repayments + equity_injections (an injection after the
    horizon is outside the plan); closing_cash = opening cash + net cash flows to date;
    opening_cash = the month before's closing cash.

    Balance sheet: total_assets = closing_cash + receivables (invoiced, not yet collected, less
    the share written off as bad debts) +
    net_fixed_assets (capex to date - depreciation to date) + deposits (deposits and advance rent
    held) + prepaid; total_liabilities_and_equity =
    loans_outstanding + tax_payable (income tax accrued, not yet paid) + accrued_pay +
    paid_in_capital (opening cash + equity to date) + retained_earnings (net income to date). The
    two are equal because every flow above lands on both sides.
    """
    shape = p["revenue"].shape
    months = shape[-1]
    held = np.zeros(shape) if prepaid is None else prepaid
    owed = np.zeros(shape) if accrued_pay is None else accrued_pay
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
        "capex": capex.sum(axis=-2),
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
    c["closing_cash"] = opening + np.cumsum(c["net_cash_flow"], axis=-1)
    c["opening_cash"] = _opening(np.full(shape[:-1], float(opening)), c["closing_cash"])
    c["receivables"] = unpaid_invoices(revenue_by_client, list(collection_lag), list(bad_debt_rate))
    c["net_fixed_assets"] = np.cumsum(c["capex"], axis=-1) - np.cumsum(p["depreciation"], axis=-1)
    c["deposits"] = deposits
    c["prepaid"] = held
    c["total_assets"] = (
        c["closing_cash"] + c["receivables"] + c["net_fixed_assets"] + c["deposits"] + held
    )
    c["loans_outstanding"] = loans.outstanding
    c["accrued_pay"] = owed
    c["paid_in_capital"] = opening + np.cumsum(equity)
    c["retained_earnings"] = np.cumsum(p["net_income"], axis=-1)
    c["tax_payable"] = tax_payable
    c["total_liabilities_and_equity"] = (
        loans.outstanding + tax_payable + owed + c["paid_in_capital"] + c["retained_earnings"]
    )
    return per_run(c, shape)


def per_run(lines: Mapping[str, FloatArray], shape: tuple[int, ...]) -> dict[str, FloatArray]:
    """The lines with every one of shape `shape` ((..., months)): a line given once for every run
    (shape (months,), e.g. loan interest, the same in every run) is repeated per run (a copy:
    writable). Lines already of that shape are returned as they are.

    >>> per_run({"a": np.array([1.0, 2.0])}, (2, 2))["a"].tolist()
    [[1.0, 2.0], [1.0, 2.0]]
    """
    return {
        k: v if v.shape == shape else np.array(np.broadcast_to(v, shape)) for k, v in lines.items()
    }


def _opening(first: FloatArray, closing: FloatArray) -> FloatArray:
    """Opening cash per month: `first` (shape (...)) in month 1, then the month before's closing
    cash (`closing`, shape (..., months))."""
    out: FloatArray = np.concatenate((first[..., None], closing[..., :-1]), axis=-1)
    return out


def other_payments(capex: FloatArray, deposits: FloatArray, loans: LoanFlows) -> FloatArray:
    """Money paid out each month outside the P&L (shape (..., months)): capex (summed over items) +
    deposits and advance rent paid (the rise of `deposits` held, when positive) + loan principal;
    part of the base of the payments tax.

    >>> flows = LoanFlows(*(np.array([0.0, 0.0]),) * 3, np.zeros(2))
    >>> other_payments(np.array([[100.0, 0.0]]), np.array([50.0, 20.0]), flows).tolist()
    [150.0, 0.0]
    """
    total: FloatArray = (
        capex.sum(axis=-2) + np.maximum(deposits - shift(deposits, 1), 0.0) + loans.repayments
    )
    return total


FINANCING_LINES = (
    "credit_line_interest",
    "interest_income",
    "interest_received",
    "credit_line_draws",
    "credit_line_repayments",
    "credit_line_balance",
)
"""The lines `with_financing` adds to the monthly table."""


def tax_lines(
    profit_before_tax: FloatArray,
    p: Mapping[str, FloatArray],
    financing: Financing,
    first_month: str,
) -> dict[str, FloatArray]:
    """The tax lines that follow from profit before tax (and the P&L's gross profit and revenue
    in `p`, which the tax rules may read): taxable_profit_to_date, tax (accrued), tax_paid and
    tax_payable (money per month), by `planner.engine.tax`. Causal: month t's tax reads months
    1..t only, and its tax paid months 1..t - 1 only (tax is paid the month after it is owed),
    which lets `with_financing` call it month by month. Shapes (..., months)."""
    income = income_tax(financing, profit_before_tax, p["gross_profit"], p["revenue"])
    paid, payable = tax_payments(income.tax, first_month, financing.tax.payment)
    return {
        "taxable_profit_to_date": income.taxable_to_date,
        "tax": income.tax,
        "tax_paid": paid,
        "tax_payable": payable,
    }


def with_financing(
    p: Mapping[str, FloatArray],
    c: Mapping[str, FloatArray],
    financing: Financing,
    first_month: str,
) -> tuple[dict[str, FloatArray], dict[str, FloatArray]]:
    """The P&L `p` and cash and balance lines `c` (computed without interest on cash or a credit
    line) with both added, month by month (money per month; every line of shape (..., months):
    with a leading run axis each run is worked out as it would be alone).

    Order of operations in month t (O = opening cash, B = credit line owed at the start):
    1. interest_income = max(0, O) x cash_interest_rate / 12 (received in cash that month);
       credit_line_interest = B x credit yearly_rate / 12 (part of `interest`, paid that month);
    2. profit_before_tax rises by interest_income - credit_line_interest; tax follows
       (`tax_lines`: the plan's tax rules, as without financing; the tax paid in month t is
       what was owed by the end of month t - 1, so it is known before month t's cash);
    3. cash before the credit line X = O + every other flow of the month (as computed without
       these lines) + interest_income - credit_line_interest - tax_paid;
    4. credit_line_draws = max(0, min(limit - B, minimum_cash - X)) (drawn only up to the limit:
       past it cash may still fall below the minimum, and `funding_needed` says by how much);
       credit_line_repayments = max(0, min(B, X - minimum_cash)) (repaid first, out of cash above
       the minimum);
    5. closing cash = X + draws - repayments; credit_line_balance = B + draws - repayments (a
       liability), the next month's B.
    The balance sheet stays balanced: cash moves by the change in profit before tax less the
    change in tax paid, and by the credit line balance; retained earnings by the change in net
    income; liabilities by the balance and the change in tax owed (tax accrued - tax paid).

    Worked example (`tests/engine/test_lender.py`): opening cash 12,000 at 6% a year earns
    12,000 x 0.06 / 12 = 60 in month 1.
    """
    p, c = dict(p), dict(c)
    shape = p["profit_before_tax"].shape
    zero = np.zeros(shape)
    limit = financing.credit_line.limit if financing.credit_line else 0.0
    if financing.cash_interest_rate == 0 and limit == 0:
        p.update(credit_line_interest=zero, interest_income=zero)
        c.update({k: zero for k in FINANCING_LINES[2:]})
        return p, c
    base_pbt = p["profit_before_tax"]
    run, taxes = _settle_tax_paid(p, c, financing, first_month)
    income, charge, draws, repaid = run["income"], run["charge"], run["draws"], run["repaid"]
    owed, closing = run["owed"], run["closing"]
    pbt = base_pbt + income - charge
    net_change = (pbt - base_pbt) - (taxes["tax"] - p["tax"])
    cash_change = closing - c["closing_cash"]
    opening = _opening(c["opening_cash"][..., 0], closing)
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
        tax_payable=taxes["tax_payable"],
        credit_line_draws=draws,
        credit_line_repayments=repaid,
        net_cash_flow=closing - opening,
        closing_cash=closing,
        opening_cash=opening,
        credit_line_balance=owed,
        retained_earnings=c["retained_earnings"] + np.cumsum(net_change, axis=-1),
        total_assets=c["total_assets"] + cash_change,
        total_liabilities_and_equity=c["total_liabilities_and_equity"]
        + owed
        + (taxes["tax_payable"] - c["tax_payable"])
        + np.cumsum(net_change, axis=-1),
    )
    return p, c


_RUN_LINES = ("income", "charge", "draws", "repaid", "owed", "closing")
"""What one pass of `_financing_run` gives per month (formulas in `with_financing`)."""

_TAX_LINES = ("taxable_profit_to_date", "tax", "tax_paid", "tax_payable")
"""What `tax_lines` gives."""


def _settle_tax_paid(
    p: Mapping[str, FloatArray],
    c: Mapping[str, FloatArray],
    financing: Financing,
    first_month: str,
) -> tuple[dict[str, FloatArray], dict[str, FloatArray]]:
    """`with_financing`'s months run until the tax paid settles: (the pass's lines, by
    `_RUN_LINES`; the tax lines, by `_TAX_LINES`), each of the shape of `p`'s lines.

    Tax paid in month t depends on months before t only, so the months are run with a guess of
    the tax paid (first: as without these lines), the tax worked out again from the profit the
    run gives, and the run repeated until the tax paid no longer changes (within 1e-9). Each pass
    fixes at least one more month, so at most months + 1 passes are needed; in practice two or
    three. With many runs each run is passed until it settles, then kept as it was in that pass
    (so it equals the run alone); the others go on.
    """
    shape = p["profit_before_tax"].shape
    runs, months = int(np.prod(shape[:-1])), shape[-1]  # runs: 1 for one plan

    def rows(line: FloatArray) -> FloatArray:
        return np.reshape(line, (runs, months))  # one row per run

    base, gross, revenue = (rows(p[k]) for k in ("profit_before_tax", "gross_profit", "revenue"))
    other = rows(c["net_cash_flow"] + c["tax_paid"])  # every flow but tax, without these lines
    opening = rows(c["opening_cash"])[:, 0]
    paid = rows(c["tax_paid"]).copy()
    run = {k: np.zeros(base.shape) for k in _RUN_LINES}
    taxes = {k: np.zeros(base.shape) for k in _TAX_LINES}
    active = np.arange(base.shape[0])  # the runs not settled yet
    for _ in range(months + 1):
        if active.size == 0:
            break
        step = _financing_run(base[active], other[active], paid[active], opening[active], financing)
        pbt = base[active] + step["income"] - step["charge"]
        lines = {"gross_profit": gross[active], "revenue": revenue[active]}
        step_taxes = tax_lines(pbt, lines, financing, first_month)
        settled = np.all(np.abs(step_taxes["tax_paid"] - paid[active]) < 1e-9, axis=-1)
        for k in _RUN_LINES:
            run[k][active] = step[k]
        for k in _TAX_LINES:
            taxes[k][active] = step_taxes[k]
        paid[active] = step_taxes["tax_paid"]
        active = active[~settled]
    return (
        {k: v.reshape(shape) for k, v in run.items()},
        {k: v.reshape(shape) for k, v in taxes.items()},
    )


def _financing_run(
    base_pbt: FloatArray,
    other: FloatArray,
    tax_paid: FloatArray,
    opening: FloatArray,
    financing: Financing,
) -> dict[str, FloatArray]:
    """One pass of `with_financing`'s months with a given tax paid per month: interest earned on
    the opening cash, credit line interest on the balance owed, then the draw or repayment that
    keeps the minimum cash (formulas in `with_financing`). Lines of shape (runs, months), the
    opening cash (runs,); money per month. The months are looped over (each needs the cash and
    balance the month before left), every run at once."""
    runs, months = base_pbt.shape
    line = financing.credit_line
    limit, credit_rate = (line.limit, line.yearly_rate) if line else (0.0, 0.0)
    rate, minimum = financing.cash_interest_rate, financing.minimum_cash
    out = {k: np.zeros((months, runs)) for k in _RUN_LINES}  # month-major: a row per month
    cash, balance = np.array(opening, dtype=float), np.zeros(runs)
    for t in range(months):
        income = np.maximum(0.0, cash) * rate / 12.0
        charge = balance * credit_rate / 12.0
        before = cash + other[:, t] + income - charge - tax_paid[:, t]
        draw = np.maximum(0.0, np.minimum(limit - balance, minimum - before))
        repay = np.maximum(0.0, np.minimum(balance, before - minimum))
        balance = balance + (draw - repay)
        cash = before + draw - repay
        for key, value in (("income", income), ("charge", charge), ("draws", draw),
                           ("repaid", repay), ("owed", balance), ("closing", cash)):  # fmt: skip
            out[key][t] = value
    return {k: np.ascontiguousarray(v.T) for k, v in out.items()}


@dataclass(frozen=True)
class StatementInputs:
    """What the earlier stages hand the statements: for one plan (shapes (entities, months) and
    (months,)), or for R runs of one plan with a leading run axis ((R, entities, months), (R,
    months)); a line the same in every run may be given once (module docstring). Money per
    month unless said otherwise."""

    revenue_by_client: FloatArray
    """Revenue per client service (..., clients, months)."""
    collection_lag: Sequence[int]
    """Months from service to payment, per client service (the same in every run)."""
    bad_debt_rate: Sequence[float]
    """Share of invoices never paid, per client service (the same in every run)."""
    direct_pay: FloatArray
    """Pay (wages + premiums + bonus accrual + burden) of the direct roles (..., roles, months)."""
    indirect_pay: FloatArray
    """Pay of the other roles (..., roles, months)."""
    recruiting: FloatArray
    """Recruiting and training cost (..., months)."""
    resources: ResourceCosts
    """Resources per item, (..., items, months) each, in the reporting currency."""
    fees: FloatArray
    """Paperwork fees expensed per item (..., items, months)."""
    prepaid: FloatArray
    """Yearly fees paid and not yet expensed, summed over items (..., months)."""
    marketing_spend: FloatArray
    """Spend per channel (..., channels, months)."""
    loans: LoanFlows
    """The loans' flows, summed over loans ((..., months) each)."""
    accrued_pay: FloatArray
    """Bonuses accrued and not yet paid, summed over bonuses (..., months)."""


def monthly_statements(
    inputs: StatementInputs, financing: Financing, first_month: str
) -> tuple[dict[str, FloatArray], dict[str, FloatArray]]:
    """The P&L lines and the cash flow and balance sheet lines ((..., months) each) in their
    order: `profit_and_loss` (bad debts by `planner.engine.revenue.bad_debts`; the base of the
    payments tax by `other_payments`), `cash_and_balance`, then `with_financing`. Deposits held =
    deposits + advance rent, summed over items."""
    res, loans = inputs.resources, inputs.loans
    deposits = (res.deposit + res.advance_rent).sum(axis=-2)
    rates = list(inputs.bad_debt_rate)
    p = profit_and_loss(
        revenue_by_client=inputs.revenue_by_client,
        direct_pay=inputs.direct_pay,
        indirect_pay=inputs.indirect_pay,
        recruiting=inputs.recruiting,
        resources=res,
        fees=inputs.fees,
        marketing_spend=inputs.marketing_spend,
        interest=loans.interest,
        bad_debts=bad_debts(inputs.revenue_by_client, rates),
        financing=financing,
        other_payments=other_payments(res.capex, deposits, loans),
    )
    c = cash_and_balance(
        p,
        revenue_by_client=inputs.revenue_by_client,
        collection_lag=inputs.collection_lag,
        bad_debt_rate=rates,
        capex=res.capex,
        deposits=deposits,
        loans=loans,
        financing=financing,
        first_month=first_month,
        prepaid=inputs.prepaid,
        accrued_pay=inputs.accrued_pay,
    )
    return with_financing(p, c, financing, first_month)
