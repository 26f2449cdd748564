"""The three statements: P&L, Cash flow and Balance sheet, one row per month, every line a formula
over the detail sheets (`DetailTables`) and the named inputs, cached with the engine's figure."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from planner.export.xlsx.layout import (
    FIRST,
    Column,
    Table,
    Writer,
    keys,
    set_formulas,
    sheet_ref,
    sumifs,
)
from planner.model.drivers import MAX_ATTRITION
from planner.model.labels import MONTHLY_STATEMENT_LABELS
from planner.report.yearly import plan_year

PNL_KEYS = (
    "revenue", "direct_labour", "gross_profit", "indirect_labour", "recruiting_training",
    "resources_opex", "paperwork", "marketing", "bad_debts", "revenue_tax", "payments_tax",
    "operating_expenses", "ebitda", "depreciation", "ebit", "credit_line_interest", "interest",
    "interest_income", "profit_before_tax", "tax", "net_income", "total_costs", "headcount",
    "seats", "clients",
)  # fmt: skip
CASH_KEYS = (
    "opening_cash", "cash_from_clients", "interest_received", "cash_paid_operations",
    "prepaid_paid", "tax_paid", "operating_cash_flow", "capex", "deposits_paid", "loan_drawdowns",
    "loan_repayments", "credit_line_draws", "credit_line_repayments", "equity_injections",
    "net_cash_flow", "closing_cash",
)  # fmt: skip
BALANCE_KEYS = (
    "closing_cash", "receivables", "net_fixed_assets", "deposits", "prepaid", "total_assets",
    "loans_outstanding", "credit_line_balance", "tax_payable", "accrued_pay", "paid_in_capital",
    "retained_earnings",
    "total_liabilities_and_equity",
)  # fmt: skip


def _headed(lines: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """Each line with its monthly column header, from `planner.model.labels` (the one owner)."""
    return tuple((key, MONTHLY_STATEMENT_LABELS[key]) for key in lines)


PNL_LINES = _headed(PNL_KEYS)
CASH_LINES = _headed(CASH_KEYS)
BALANCE_LINES = _headed(BALANCE_KEYS)
STATEMENTS: dict[str, tuple[tuple[str, str], ...]] = {
    "P&L": PNL_LINES,
    "Cash flow": CASH_LINES,
    "Balance sheet": BALANCE_LINES,
}
"""Sheet -> (engine column of `Projection.monthly`, header on the sheet): what a test compares."""

_TOTALS = {
    "gross_profit",
    "operating_expenses",
    "ebitda",
    "ebit",
    "profit_before_tax",
    "net_income",
    "operating_cash_flow",
    "net_cash_flow",
    "closing_cash",
    "total_assets",
    "total_liabilities_and_equity",
}
_PEOPLE = {"headcount", "clients"}
"""Counts shown with decimals (part-time roles, expected clients); seats are whole."""


def _kind(key: str) -> str:
    """The number format of a line: money, or a count."""
    return "dec" if key in _PEOPLE else "int" if key == "seats" else "money"


@dataclass(frozen=True)
class DetailTables:
    """Where the detail sheets' tables sit, for the statements' SUMIFS."""

    staffing: Table
    payroll: Table
    resources: Table
    paperwork: Table
    marketing: Table
    revenue: Table
    loans: Table
    pay_calendar: Table | None = None
    """Bonuses accrued, paid and owed (none: no bonus is owed)."""


def _owed(d: DetailTables, month: str) -> str:
    """Bonuses owed to staff at the end of `month` (a formula), from the Pay calendar sheet."""
    cal = d.pay_calendar
    if cal is None or not cal.n:
        return "0"
    return f"SUMIFS({cal.col('owed')},{cal.col('month_no')},{month})"


class _Lines:
    """The columns of one statement sheet and the formula makers over its rows."""

    def __init__(self, w: Writer, lines: tuple[tuple[str, str], ...]) -> None:
        m = w.p.monthly
        self.rows = list(range(FIRST, FIRST + w.n_months))
        self.cols = [
            Column("month_no", "Month no", m["month_no"].to_numpy(), "int", 7),
            Column("month", "Month", w.month_dates, "month", 10),
        ]
        for key, header in lines:
            values = m[key].to_numpy(dtype=float)
            self.cols.append(Column(key, header, values, _kind(key), 12, total=key in _TOTALS))
        self._letters: dict[str, str] = {}

    def insert(self, at: int, column: Column) -> None:
        """Add a column at position `at` (before any formula is made)."""
        self.cols.insert(at, column)
        self._letters = {}

    def letter(self, key: str) -> str:
        """The column letter of `key` on this sheet."""
        if not self._letters:
            self._letters = keys(self.cols)
        return self._letters[key]

    def ref(self, key: str, r: int) -> str:
        """The cell of `key` in row r of this sheet."""
        return f"{self.letter(key)}{r}"

    def prev(self, key: str, r: int) -> str:
        """Last month's cell of `key`, 0 in the first month."""
        return "0" if r == FIRST else self.ref(key, r - 1)

    def set(self, key: str, make: Callable[[int], str]) -> None:
        set_formulas(self.cols, key, [make(r) for r in self.rows])

    def total_of(self, key: str, table: Table, column: str, *criteria: str) -> None:
        """`key` = the month's total of a detail table's column (SUMIFS, more criteria)."""
        set_formulas(self.cols, key, [f"={sumifs(table, column, r, *criteria)}" for r in self.rows])


def profit_and_loss(w: Writer, d: DetailTables) -> Table:
    """The P&L sheet; returns where its table sits."""
    m = w.p.monthly
    s = _Lines(w, PNL_LINES)
    # The tax block before tax: helper columns of the yearly tax rules (`planner.engine.tax`).
    at = [c.key for c in s.cols].index("tax")
    for helper in reversed(_tax_columns(w)):
        s.insert(at, helper)
    year = np.asarray(plan_year(m["month_no"].to_numpy()), dtype=np.int64)
    s.insert(2, Column("year", "Plan year", year, "int", 6))
    _trailing_net_income(s, m["net_income"].to_numpy(dtype=float))
    if w.has_scenarios:  # seats and expected clients from the app: held per scenario
        for c in s.cols:
            if c.key in ("seats", "clients"):
                c.switched = [v.monthly[c.key].to_numpy(dtype=float) for v in w.variants]
    s.set("year", lambda r: f"=INT((A{r}-1)/12)+1")
    s.total_of("revenue", d.revenue, "revenue")
    pay = d.payroll
    for key, kind in (("direct_labour", '"Direct"'), ("indirect_labour", '"Overhead"')):
        s.total_of(key, pay, "total_cost", pay.col("direct"), kind)
    s.set("gross_profit", lambda r: f"={s.ref('revenue', r)}-{s.ref('direct_labour', r)}")
    s.set("recruiting_training", _recruiting(s, d.staffing, w.n_months, w.has_scenarios))
    for key, table, column in (
        ("resources_opex", d.resources, "opex"),
        ("paperwork", d.paperwork, "fee"),
        ("marketing", d.marketing, "spend"),
        ("bad_debts", d.revenue, "bad_debts"),
        ("depreciation", d.resources, "depreciation"),
        ("headcount", d.staffing, "headcount"),
    ):
        s.total_of(key, table, column)
    s.set("revenue_tax", lambda r: f"=RevenueTaxRate*{s.ref('revenue', r)}")
    s.set("payments_tax", _payments_tax(s, d))
    cash = cash_table_ahead(w)
    s.set("credit_line_interest", lambda r: f"=({_owed_at_start(cash, r)})*CreditRate/12")
    s.set(
        "interest",
        lambda r: f"={sumifs(d.loans, 'interest', r)}+{s.ref('credit_line_interest', r)}",
    )
    s.set(
        "interest_income",
        lambda r: f"=MAX(0,{cash.xcell('opening_cash', r)})*CashInterestRate/12",
    )
    s.set(
        "operating_expenses",
        lambda r: f"=SUM({s.ref('indirect_labour', r)}:{s.ref('payments_tax', r)})",
    )
    s.set("ebitda", lambda r: f"={s.ref('gross_profit', r)}-{s.ref('operating_expenses', r)}")
    s.set("ebit", lambda r: f"={s.ref('ebitda', r)}-{s.ref('depreciation', r)}")
    s.set(
        "profit_before_tax",
        lambda r: f"={s.ref('ebit', r)}-{s.ref('interest', r)}+{s.ref('interest_income', r)}",
    )
    _tax_formulas(s)
    s.set("net_income", lambda r: f"={s.ref('profit_before_tax', r)}-{s.ref('tax', r)}")
    net = s.letter("net_income")
    s.set("net_income_3m", lambda r: f"=SUM({net}{max(FIRST, r - 2)}:{net}{r})")
    s.set(
        "total_costs",
        lambda r: (
            f"={s.ref('direct_labour', r)}+{s.ref('operating_expenses', r)}"
            f"+{s.ref('depreciation', r)}+{s.ref('interest', r)}"
        ),
    )
    return w.table_sheet(
        "P&L",
        "Profit and loss, by month",
        "Every line is a formula over the detail sheets. Interest = loan interest + the credit "
        "line owed at the month's start x CreditRate / 12; interest income = the month's opening "
        "cash (if positive) x CashInterestRate / 12. Tax: the plan year's rules (Assumptions, "
        "income tax rates by year) on the year's figures to date; this month's tax = the year's "
        "tax to date less last month's (a loss month trues it up). Seats and expected clients "
        "come from the app.",
        s.cols,
        frozen=3,
    )


def _tax_columns(w: Writer) -> list[Column]:
    """The tax block's helper columns, with the engine's values (`Projection.tax`)."""
    t = w.p.tax

    def col(key: str, header: str, source: str, kind: str = "money") -> Column:
        return Column(key, header, t[source].to_numpy(dtype=float), kind, 13)

    return [
        col("tax_rate", "Income tax rate of the year", "rate", "pct"),
        *(
            col(f"{k}_ytd", f"{MONTHLY_STATEMENT_LABELS[k]}, year to date", f"{k}_to_date")
            for k in _YTD
        ),
        col("loss_made", "Loss carried forward from the year", "loss_made"),
        col("losses_used", "Losses used or lapsed before the year", "losses_used"),
        col("loss_offset", "Losses offset, year to date", "loss_offset_to_date"),
        col("taxable_to_date", "Taxable base, year to date", "taxable_to_date"),
        col("tax_to_date", "Income tax, year to date", "tax_to_date"),
    ]


_YTD = ("profit_before_tax", "gross_profit", "revenue")
"""The lines the tax rules read to date (gross profit is the gross income a rate may be on)."""


def _tax_formulas(s: _Lines) -> None:
    """The tax block: the yearly rules of `planner.engine.tax` on year-to-date figures."""
    b = _TaxBlock(s)
    s.set("tax_rate", lambda r: f"=LOOKUP({b.year(r)},TaxFromYear,TaxRateByYear)")
    for key in _YTD:
        s.set(f"{key}_ytd", b.to_date(key))
    s.set(
        "loss_made",
        lambda r: (
            f'=IF(AND(MOD($A{r},12)=0,{b.base(r)}="profit",{s.ref("tax_rate", r)}>0),'
            f"MAX(0,-{s.ref('profit_before_tax_ytd', r)}),0)"
        ),
    )
    s.set("losses_used", b.losses_used)
    s.set("loss_offset", b.loss_offset)
    s.set(
        "taxable_to_date",
        lambda r: (
            f'=IF({b.base(r)}="profit",{b.profit(r)}-{s.ref("loss_offset", r)},'
            f'IF({b.base(r)}="gross_income",MAX(0,{s.ref("gross_profit_ytd", r)}),'
            f"MAX(0,{s.ref('revenue_ytd', r)})))"
        ),
    )
    s.set(
        "tax_to_date",
        lambda r: f"=MAX({s.ref('tax_rate', r)}*{s.ref('taxable_to_date', r)},{b.minimum(r)})",
    )
    s.set(
        "tax",
        lambda r: (
            f"={s.ref('tax_to_date', r)}"
            if r == FIRST
            else f"={s.ref('tax_to_date', r)}-IF({b.starts(r)},0,{s.ref('tax_to_date', r - 1)})"
        ),
    )


class _TaxBlock:
    """Formula pieces of the P&L's tax block, by row."""

    def __init__(self, s: _Lines) -> None:
        self.s = s

    def year(self, r: int) -> str:
        return self.s.ref("year", r)

    def base(self, r: int) -> str:
        """What the year's rate is on: profit, gross_income or revenue."""
        return f"LOOKUP({self.year(r)},TaxFromYear,TaxBase)"

    def starts(self, r: int) -> str:
        """True in the first month of a plan year."""
        return f"MOD($A{r}-1,12)=0"

    def whole(self, key: str) -> str:
        s = self.s
        return f"${s.letter(key)}${FIRST}:${s.letter(key)}${s.rows[-1]}"

    def profit(self, r: int) -> str:
        return f"MAX(0,{self.s.ref('profit_before_tax_ytd', r)})"

    def to_date(self, key: str) -> Callable[[int], str]:
        """The plan year's running sum of `key`."""
        s = self.s

        def make(r: int) -> str:
            if r == FIRST:
                return f"={s.ref(key, r)}"
            return f"=IF({self.starts(r)},0,{s.ref(f'{key}_ytd', r - 1)})+{s.ref(key, r)}"

        return make

    def losses_used(self, r: int) -> str:
        """At a year's start: max(last year's used + offset, losses of years LossYears + 1 or
        more before, lapsed); else the month before's."""
        s = self.s
        if r == FIRST:
            return "=0"
        lapsed = (
            f"IF(LossYears=0,0,SUMIFS({self.whole('loss_made')},{self.whole('year')},"
            f'"<="&({self.year(r)}-LossYears-1)))'
        )
        before = f"{s.ref('losses_used', r - 1)}+{s.ref('loss_offset', r - 1)}"
        return f"=IF({self.starts(r)},MAX({before},{lapsed}),{s.ref('losses_used', r - 1)})"

    def loss_offset(self, r: int) -> str:
        """min(losses available, the share of the year's profit to date they may offset)."""
        available = (
            f'SUMIFS({self.whole("loss_made")},{self.whole("year")},"<"&{self.year(r)})'
            f"-{self.s.ref('losses_used', r)}"
        )
        p = self.profit(r)
        limit = f"MIN({p},LossOffsetThreshold+LossOffsetShare*MAX(0,{p}-LossOffsetThreshold))"
        return f'=IF({self.base(r)}="profit",MIN({available},{limit}),0)'

    def minimum(self, r: int) -> str:
        """The minimum tax to date: max(rate x gross income, the flat amount x months / 12)."""
        gross = f"MinTaxRate*MAX(0,{self.s.ref('gross_profit_ytd', r)})"
        flat = f"MinTaxAmount*(MOD($A{r}-1,12)+1)/12"
        return f"IF({self.year(r)}>=MinTaxFromYear,MAX({gross},{flat}),0)"


def _payments_tax(s: _Lines, d: DetailTables) -> Callable[[int], str]:
    """The tax on payments: PaymentsTaxRate x (direct labour + the operating expenses before it
    except bad debts (never paid out) + loan interest + capex + deposits paid when positive + loan
    principal)."""

    def made(r: int) -> str:
        deposits = _deposits_paid(d.resources)(r)[1:]
        return (
            f"=PaymentsTaxRate*({s.ref('direct_labour', r)}"
            f"+SUM({s.ref('indirect_labour', r)}:{s.ref('revenue_tax', r)})"
            f"-{s.ref('bad_debts', r)}"
            f"+{sumifs(d.loans, 'interest', r)}+{sumifs(d.resources, 'capex', r)}+MAX(0,{deposits})"
            f"+{sumifs(d.loans, 'principal', r)})"
        )

    return made


TRAILING_NET_INCOME = "Net income, last 3 months"
"""The P&L helper column the break-even month reads (`planner.export.xlsx.summary`)."""
CUMULATIVE_OPERATING_CASH = "Operating cash flow to date"
"""The Cash flow helper column the cash payback month reads."""


def _trailing_net_income(s: _Lines, net: np.ndarray) -> None:
    """A helper column after net income: this month's and the two before (break-even month).
    Inserted before any formula is made (formulas name columns by letter)."""
    trailing = np.convolve(net, np.ones(3))[: net.size]
    at = [c.key for c in s.cols].index("net_income") + 1
    s.insert(at, Column("net_income_3m", TRAILING_NET_INCOME, trailing, "money", 12))


def _cumulative_operating_cash(s: _Lines, flow: np.ndarray) -> None:
    """A helper column after operating cash flow: its sum to date (cash payback month)."""
    at = [c.key for c in s.cols].index("operating_cash_flow") + 1
    s.insert(at, Column("ocf_to_date", CUMULATIVE_OPERATING_CASH, np.cumsum(flow), "money", 12))
    s.set(
        "ocf_to_date",
        lambda r: f"={s.prev('ocf_to_date', r)}+{s.ref('operating_cash_flow', r)}",
    )


def _recruiting(
    s: _Lines, staffing: Table, n_months: int, switched: bool = False
) -> Callable[[int], str]:
    """Recruiting cost: cost per hire x the hires `HiringLeadMonths` later (all early hires in
    month 1). `switched`: attrition is YearlyAttrition x the selected scenario's Attrition driver,
    at most 3 (`planner.model.drivers.MAX_ATTRITION`)."""
    if not staffing.n:
        return lambda r: "=0"
    hires, months_col = staffing.col("hires"), staffing.col("month_no")
    # Past the horizon the app keeps the last month's headcount, so the hires recruited for
    # those months are replacements for attrition: last headcount x YearlyAttrition / 12.
    last_headcount = f"${s.letter('headcount')}${FIRST + n_months - 1}"
    attrition = (
        f"MIN({MAX_ATTRITION!r},YearlyAttrition*DriverAttrition)" if switched else "YearlyAttrition"
    )
    after = f"{last_headcount}*{attrition}/12"

    def recruiting(r: int) -> str:
        if r == FIRST:
            within = f'SUMIFS({hires},{months_col},"<="&(1+HiringLeadMonths))'
            beyond = "MAX(0,1+HiringLeadMonths-HorizonMonths)"
        else:
            within = f"SUMIFS({hires},{months_col},$A{r}+HiringLeadMonths)"
            beyond = f"IF($A{r}+HiringLeadMonths>HorizonMonths,1,0)"
        return f"=RecruitingCostPerHire*({within}+{beyond}*{after})"

    return recruiting


def _cash_lines(w: Writer) -> _Lines:
    """The Cash flow sheet's columns: its lines and, before net cash flow, the cash before the
    credit line (a helper the credit line's formulas read)."""
    s = _Lines(w, CASH_LINES)
    _cumulative_operating_cash(s, w.p.monthly["operating_cash_flow"].to_numpy(dtype=float))
    m = w.p.monthly
    before = (m["closing_cash"] - m["credit_line_draws"] + m["credit_line_repayments"]).to_numpy(
        dtype=float
    )
    at = [c.key for c in s.cols].index("net_cash_flow")
    s.insert(at, Column("before_line", "Cash before the credit line", before, "money", 12))
    return s


def cash_table_ahead(w: Writer) -> Table:
    """Where the Cash flow sheet's table will sit (its letters and rows), for the sheets written
    before it (the P&L reads the opening cash and the credit line from it)."""
    return Table("Cash flow", keys(_cash_lines(w).cols), FIRST, w.n_months)


def _owed_at_start(cash: Table, r: int) -> str:
    """The credit line owed at the start of row r's month: draws - repayments before it."""
    if r == FIRST:
        return "0"
    draws, repaid = cash.letters["credit_line_draws"], cash.letters["credit_line_repayments"]
    sheet = sheet_ref(cash.sheet)
    return (
        f"SUM({sheet}!${draws}${FIRST}:{draws}{r - 1})"
        f"-SUM({sheet}!${repaid}${FIRST}:{repaid}{r - 1})"
    )


def cash_flow(w: Writer, d: DetailTables, pnl: Table) -> Table:
    """The Cash flow sheet; returns where its table sits.

    The credit line: cash before the line X = opening cash + every other flow of the month;
    draws = MAX(0, MIN(CreditLimit - owed, MinimumCash - X)), repayments = MAX(0, MIN(owed, X -
    MinimumCash)), owed = draws - repayments before the month (`planner.engine.statements.
    with_financing`, the same order)."""
    s = _cash_lines(w)
    s.set("cash_from_clients", _collections(d.revenue))
    s.set(
        "opening_cash", lambda r: "=OpeningCash" if r == FIRST else f"={s.prev('closing_cash', r)}"
    )
    s.set(
        "cash_paid_operations",
        lambda r: (
            f"={pnl.xcell('direct_labour', r)}+{pnl.xcell('operating_expenses', r)}"
            f"-{pnl.xcell('bad_debts', r)}+{pnl.xcell('interest', r)}"
            f"-({_owed(d, f'$A{r}')}-{_owed(d, f'$A{r}-1')})"
        ),
    )
    s.set("tax_paid", _tax_paid(s, pnl))
    s.set("prepaid_paid", _prepaid_paid(d.paperwork))
    s.set("interest_received", lambda r: f"={pnl.xcell('interest_income', r)}")
    s.set(
        "operating_cash_flow",
        lambda r: (
            f"={s.ref('cash_from_clients', r)}+{s.ref('interest_received', r)}"
            f"-{s.ref('cash_paid_operations', r)}"
            f"-{s.ref('prepaid_paid', r)}-{s.ref('tax_paid', r)}"
        ),
    )
    s.total_of("capex", d.resources, "capex")
    s.set("deposits_paid", _deposits_paid(d.resources))
    s.total_of("loan_drawdowns", d.loans, "drawdown")
    s.total_of("loan_repayments", d.loans, "principal")
    s.set("equity_injections", lambda r: f"=SUMIFS(EquityAmount,EquityMonth,$A{r})")
    s.set(
        "before_line",
        lambda r: (
            f"={s.ref('opening_cash', r)}+{s.ref('operating_cash_flow', r)}-{s.ref('capex', r)}"
            f"-{s.ref('deposits_paid', r)}+{s.ref('loan_drawdowns', r)}"
            f"-{s.ref('loan_repayments', r)}+{s.ref('equity_injections', r)}"
        ),
    )
    owed = cash_table_ahead(w)
    s.set(
        "credit_line_draws",
        lambda r: (
            f"=MAX(0,MIN(CreditLimit-({_owed_at_start(owed, r)}),"
            f"MinimumCash-{s.ref('before_line', r)}))"
        ),
    )
    s.set(
        "credit_line_repayments",
        lambda r: f"=MAX(0,MIN({_owed_at_start(owed, r)},{s.ref('before_line', r)}-MinimumCash))",
    )
    s.set(
        "net_cash_flow",
        lambda r: (
            f"={s.ref('operating_cash_flow', r)}-{s.ref('capex', r)}-{s.ref('deposits_paid', r)}"
            f"+{s.ref('loan_drawdowns', r)}-{s.ref('loan_repayments', r)}"
            f"+{s.ref('credit_line_draws', r)}-{s.ref('credit_line_repayments', r)}"
            f"+{s.ref('equity_injections', r)}"
        ),
    )
    s.set("closing_cash", lambda r: f"={s.ref('opening_cash', r)}+{s.ref('net_cash_flow', r)}")
    return w.table_sheet(
        "Cash flow",
        "Cash flow, by month",
        "Costs are paid the month they arise (capex the month of purchase; bad debts are never "
        "paid out; bonuses in their months: paid for operations = costs - bad debts - the rise of "
        "bonuses owed); income tax is paid in the months after each period of TaxPaidEvery months "
        "(what is owed then, if positive); clients pay in the Revenue sheet's 'paid in month', "
        "less bad debts; loan principal is in loan repayments; deposits and "
        "advance rent paid = the rise of those held (Resources sheet), negative when refunded "
        "or used; yearly fees paid ahead = the rise of prepaid fees (Paperwork sheet), negative "
        "as they are used. The credit line is drawn to keep MinimumCash (up to CreditLimit) and "
        "repaid first out of cash above it.",
        s.cols,
        frozen=3,
    )


def _tax_paid(s: _Lines, pnl: Table) -> Callable[[int], str]:
    """Income tax paid: in a payment month (the calendar month after each period of
    TaxPaidEvery months), the tax owed at the end of last month if positive: tax to last month
    (P&L) - tax paid to last month."""

    def paid(r: int) -> str:
        if r == FIRST:
            return "=0"
        tax = pnl.letters["tax"]
        accrued = f"SUM({sheet_ref(pnl.sheet)}!${tax}${FIRST}:${tax}${r - 1})"
        owed = f"{accrued}-SUM(${s.letter('tax_paid')}${FIRST}:${s.letter('tax_paid')}{r - 1})"
        return f"=IF(MOD(MONTH({s.ref('month', r)})-1,TaxPaidEvery)=0,MAX(0,{owed}),0)"

    return paid


def _held(resources: Table, month: str) -> str:
    """Deposits and advance rent held at the end of `month` (a formula), from the Resources
    sheet."""
    months = resources.col("month_no")
    return (
        f"SUMIFS({resources.col('deposit')},{months},{month})"
        f"+SUMIFS({resources.col('advance')},{months},{month})"
    )


def _deposits_paid(resources: Table) -> Callable[[int], str]:
    """Deposits and advance rent paid: this month's held less last month's."""
    if not resources.n:
        return lambda r: "=0"
    return lambda r: f"={_held(resources, f'$A{r}')}-({_held(resources, f'$A{r}-1')})"


def _prepaid(paperwork: Table, month: str) -> str:
    """Yearly fees paid and not yet expensed at the end of `month` (a formula), Paperwork sheet."""
    return f"SUMIFS({paperwork.col('prepaid')},{paperwork.col('month_no')},{month})"


def _prepaid_paid(paperwork: Table) -> Callable[[int], str]:
    """Yearly fees paid ahead: this month's prepaid less last month's."""
    if not paperwork.n:
        return lambda r: "=0"
    return lambda r: f"={_prepaid(paperwork, f'$A{r}')}-{_prepaid(paperwork, f'$A{r}-1')}"


def _collections(revenue: Table) -> Callable[[int], str]:
    """Cash from clients: the invoices paid this month (the Revenue sheet's "paid in month"),
    less the share never paid (bad debts)."""
    if not revenue.n:
        return lambda r: "=0"
    paid_in = revenue.col("paid_in")
    return lambda r: (
        f"=SUMIFS({revenue.col('revenue')},{paid_in},$A{r})"
        f"-SUMIFS({revenue.col('bad_debts')},{paid_in},$A{r})"
    )


def balance_sheet(w: Writer, d: DetailTables, pnl: Table, cash: Table) -> Table:
    """The Balance sheet with a check column (0 when it balances); returns where it sits."""
    m = w.p.monthly
    s = _Lines(w, BALANCE_LINES)
    diff = (m["total_assets"] - m["total_liabilities_and_equity"]).to_numpy(dtype=float)
    # Rounded to the cent: float noise would otherwise show as "-0.00" in a column meant to be 0.
    diff = np.round(diff, 2) + 0.0
    s.insert(len(s.cols), Column("check", "Check (0 = balances)", diff, "price", 14))
    s.set("closing_cash", lambda r: f"={cash.xcell('closing_cash', r)}")
    s.set(
        "receivables",
        lambda r: (
            f"={s.prev('receivables', r)}+{pnl.xcell('revenue', r)}"
            f"-{pnl.xcell('bad_debts', r)}-{cash.xcell('cash_from_clients', r)}"
        ),
    )
    s.set(
        "net_fixed_assets",
        lambda r: (
            f"={s.prev('net_fixed_assets', r)}+{cash.xcell('capex', r)}"
            f"-{pnl.xcell('depreciation', r)}"
        ),
    )
    s.set(
        "total_assets",
        lambda r: (
            f"={s.ref('closing_cash', r)}+{s.ref('receivables', r)}+{s.ref('net_fixed_assets', r)}"
            f"+{s.ref('deposits', r)}+{s.ref('prepaid', r)}"
        ),
    )
    s.set(
        "prepaid",
        (lambda r: f"={_prepaid(d.paperwork, f'$A{r}')}") if d.paperwork.n else (lambda r: "=0"),
    )
    s.set(
        "deposits",
        (lambda r: f"={_held(d.resources, f'$A{r}')}") if d.resources.n else (lambda r: "=0"),
    )
    s.total_of("loans_outstanding", d.loans, "closing")
    s.set(
        "tax_payable",
        lambda r: f"={s.prev('tax_payable', r)}+{pnl.xcell('tax', r)}-{cash.xcell('tax_paid', r)}",
    )
    s.set("accrued_pay", lambda r: f"={_owed(d, f'$A{r}')}")
    s.set(
        "credit_line_balance",
        lambda r: (
            f"={s.prev('credit_line_balance', r)}+{cash.xcell('credit_line_draws', r)}"
            f"-{cash.xcell('credit_line_repayments', r)}"
        ),
    )
    s.set("paid_in_capital", lambda r: f'=OpeningCash+SUMIFS(EquityAmount,EquityMonth,"<="&$A{r})')
    s.set(
        "retained_earnings",
        lambda r: f"={s.prev('retained_earnings', r)}+{pnl.xcell('net_income', r)}",
    )
    s.set(
        "total_liabilities_and_equity",
        lambda r: (
            f"={s.ref('loans_outstanding', r)}+{s.ref('credit_line_balance', r)}"
            f"+{s.ref('tax_payable', r)}+{s.ref('accrued_pay', r)}"
            f"+{s.ref('paid_in_capital', r)}+{s.ref('retained_earnings', r)}"
        ),
    )
    s.set(
        "check",
        lambda r: (
            f"=ROUND({s.ref('total_assets', r)}-{s.ref('total_liabilities_and_equity', r)},2)+0"
        ),
    )
    return w.table_sheet(
        "Balance sheet",
        "Balance sheet, end of each month",
        "Assets = cash + receivables + net fixed assets + deposits and advance rent + prepaid "
        "yearly fees; liabilities and equity = loans + the credit line owed + income tax owed + "
        "bonuses owed to staff (Pay calendar) + paid-in "
        "capital + retained earnings. The check column is zero every month.",
        s.cols,
        frozen=3,
    )
