"""What the engine gives back: the contract between `planner.engine.pipeline` and everything that
shows or exports its numbers (the app's pages, the workbook, the document, the command line).

All money is in the plan's currency, per month, as float (rounded only for display and export).
Months are numbered 1..horizon (`month_no`) and labelled "YYYY-MM" (`month`). Every table below is a
tidy pandas DataFrame with exactly the columns listed in its `*_COLUMNS` constant, in that order.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from planner.engine.lender import DscrYear
from planner.model.plan import Plan

WORKLOAD_COLUMNS = (
    "month_no",
    "month",
    "service_line",
    "volume",
    "fte",
    "peak_agents",
    "peak_contacts",
    "service_level",
)
"""One row per month and service line.
volume: contacts, dials, items or hours that month (all clients, weighted by pipeline probability);
fte: productive full-time staff the workload needs (float, before hiring lead, training, attrition);
peak_agents: most agents needed at once in a typical week (queue and outbound work; 0 otherwise),
for seats;
peak_contacts: contacts (dials) in the busiest interval of the typical week = volume x 12 / 52 x
the arrival profile's largest interval share (queue and outbound work; 0 otherwise): for a voice
line the interval whose agents are peak_agents, the case the service-level curve shows;
service_level: achieved share answered in time (voice and chat lines; NaN otherwise: e-mail and
back office answer every item within the deadline, outbound and other work have none)."""

STAFFING_COLUMNS = (
    "month_no",
    "month",
    "role",
    "direct",
    "required",
    "headcount",
    "hires",
    "leavers",
    "in_training",
    "ramping",
    "productive",
)
"""One row per month and role. required: people the workload, ratio or fixed count asks for
(whole people); headcount: people on the payroll at the end of the month (including trainees and
replacements hired ahead of a leaver); hires/leavers: people who joined/left that month;
in_training: person-months of hires in training (training prorated by weeks, a week = 12 / 52 of
a month); ramping: person-months of hires after training not yet productive (1 - the ramp-up
share); productive = paid (payroll) - in_training - ramping
(`planner.engine.headcount`)."""

PAYROLL_COLUMNS = (
    "month_no",
    "month",
    "role",
    "direct",
    "headcount",
    "paid",
    "wage_per_person",
    "wage_cost",
    "night_premium",
    "bonus_accrual",
    "burden_cost",
    "total_cost",
)
"""One row per month and role. wage_per_person = the role's monthly wage x (1 + yearly
raise)^(year - 1) (money per person per month; year 1 = months 1..12); paid: person-months paid
= headcount - (1 - a) x hires (months 2 on: a hire joins part-way through the month, a =
`planner.engine.headcount.first_month_share`); wage_cost = paid x wage_per_person; night_premium
= wage_cost x night share x night premium for roles that work in shifts (workload roles; 0 for
others); bonus_accrual = wage_cost x the bonuses' shares summed / 12 for employees (0 for
contractors) (`planner.engine.paycalendar`); burden_cost = (wage_cost + night_premium + the
accrual of bonuses charged with burden) x burden (0 for contractors); total_cost = wage_cost +
night_premium + bonus_accrual + burden_cost."""

PAY_CALENDAR_COLUMNS = ("month_no", "month", "bonus", "accrued", "paid", "owed")
"""One row per month and bonus of the plan (`Staffing.bonuses`). accrued = the bonus's share x the
month's wage_cost summed over roles / 12 (expensed in the roles' pay); paid: in the bonus's
calendar months, what was owed at the end of the month before + accrued, else 0; owed = owed the
month before + accrued - paid (accrued, not yet paid). Summed over bonuses: owed is the monthly
table's accrued_pay, and accrued the payroll's bonus_accrual summed over roles."""

RESOURCES_COLUMNS = (
    "month_no",
    "month",
    "item",
    "category",
    "ownership",
    "basis_count",
    "units",
    "bought",
    "retired",
    "capex",
    "depreciation",
    "opex",
    "deposit",
    "advance_rent_paid",
    "advance_rent",
)
"""One row per month and resource item. basis_count: seats (per_seat), headcount (per_employee),
headcount of the item's chosen roles (per_role), sites (per_site) or 1 (fixed); units =
basis_count x the item's quantity; bought: units bought that month (new units and replacements at
end of life; 0 for leased items); retired: units leaving
service that month (a unit bought in month p serves months p..p+life-1 and is retired in month
p+life, where it may be bought again; 0 for leased items);
capex = bought x one-time cost (money); depreciation: straight line over the useful life, from
the month of purchase; opex: monthly costs plus one-time set-up fees of leased items;
deposit: refundable deposits held at the end of the month = units x (deposit + deposit_months x
monthly cost) (money); advance_rent_paid: advance_rent_months x monthly cost x units, in the
item's first month with units; advance_rent: advance rent not yet used at the end of the month
(the month before's + paid - this month's rent, at least 0)."""

PAPERWORK_COLUMNS = ("month_no", "month", "item", "category", "fee", "fee_paid", "prepaid")
"""One row per month and paperwork item, from the item's start month s (`start_month`, 1 by
default; nothing before it, nothing for items marked not needed).
fee: expensed that month (the P&L) = the one-time fee in month s + yearly fee / 12 in every month
from s; fee_paid: cash paid that month = the one-time fee in month s + the yearly fee in months s,
s + 12, s + 24, ... (paid at the start of the year it covers); prepaid: yearly fee paid and not yet
expensed at the end of the month = yearly fee x (11 - (month_no - s) mod 12) / 12 (money)."""

MARKETING_COLUMNS = (
    "month_no",
    "month",
    "channel",
    "spend",
    "leads",
    "expected_wins",
    "clients_won",
)
"""One row per month and channel. expected_wins: clients expected to sign that month (a
fraction) = leads of `sales_cycle_months` earlier x conversion_rate (0 in the first months of the
cycle; leads whose cycle ends after the horizon win nothing in the plan); clients_won: whole
clients signed that month = the rise of floor(expected wins to date), so summed over months they
are the whole part of the summed expected_wins."""

REVENUE_COLUMNS = (
    "month_no",
    "month",
    "client",
    "service_line",
    "pricing_model",
    "payment_days",
    "collection_lag",
    "contract_month",
    "contracts",
    "volume",
    "billed_units",
    "unit_price",
    "revenue",
    "bad_debts",
    "base_fee",
)
"""One row per month and client service (a client buying two service lines has two rows; marketing
wins appear as clients named after their kind, "Won client N").
payment_days: the contract's days to pay an invoice, from the invoice date; collection_lag: months
from the month served to the month its invoice is paid, ceil((payment_days + late_days) / 30.4375)
invoiced in arrears, floor(...) in advance; contract_month: month of the contract (1 in
its first month) while it runs, 0 before it starts and after its term (renewals carry on
counting); contracts: expected contracts running (pipeline probability x clients in a cohort x
renewal_probability^renewals x (1 - yearly_churn)^((contract_month - 1) / 12)); unit_price = price x
(1 + list_escalation)^(plan year signed - 1) x (1 + yearly_escalation)^(contract year - 1);
bad_debts = revenue x the contract's bad_debt_rate (written off, never collected);
billed_units: by the pricing model (`planner.engine.revenue`): FTE, paid hours, productive
hours, handled minutes, contacts (items), seats, 1 (retainer) or contacts (base + per contact);
base_fee: the monthly base fee billed (base_plus_per_item: the escalated base fee x contracts, not
ramped; 0 on other models); revenue = billed_units x unit_price + base_fee."""

ACCOUNTS_COLUMNS = (
    "month_no",
    "month",
    "client",
    "service_line",
    "revenue",
    "direct_cost",
    "contribution",
)
"""Profit by client service, one row per month and client service (the revenue table's rows, in
its order). direct_cost: the pay (wages + burden) of the workload roles doing the service line's
work, shared to lines by the FTE each role carries and to clients by their share of the line's
volume (`planner.engine.accounts`); contribution = revenue - direct_cost. Every other cost is
shared and not allocated: over any months, sum of contribution - (total_costs - interest - sum of
direct_cost) = ebit of the monthly table."""

MONTHLY_COLUMNS = (
    "month_no",
    "month",
    # profit and loss
    "revenue",
    "direct_labour",
    "gross_profit",
    "indirect_labour",
    "recruiting_training",
    "resources_opex",
    "paperwork",
    "marketing",
    "bad_debts",
    "revenue_tax",
    "payments_tax",
    "operating_expenses",
    "ebitda",
    "depreciation",
    "ebit",
    "credit_line_interest",
    "interest",
    "interest_income",
    "profit_before_tax",
    "taxable_profit_to_date",
    "tax",
    "net_income",
    "total_costs",
    # cash flow
    "opening_cash",
    "cash_from_clients",
    "interest_received",
    "cash_paid_operations",
    "prepaid_paid",
    "tax_paid",
    "operating_cash_flow",
    "capex",
    "deposits_paid",
    "loan_drawdowns",
    "loan_repayments",
    "credit_line_draws",
    "credit_line_repayments",
    "equity_injections",
    "net_cash_flow",
    "closing_cash",
    # balance sheet (end of month)
    "receivables",
    "net_fixed_assets",
    "deposits",
    "prepaid",
    "total_assets",
    "loans_outstanding",
    "tax_payable",
    "accrued_pay",
    "credit_line_balance",
    "paid_in_capital",
    "retained_earnings",
    "total_liabilities_and_equity",
    # operations
    "headcount",
    "seats",
    "clients",
)
"""One row per month: the three statements and the operating counts.

P&L: gross_profit = revenue - direct_labour; operating_expenses = indirect_labour +
recruiting_training + resources_opex + paperwork + marketing + bad_debts + revenue_tax +
payments_tax; bad_debts = invoices written off in the month invoiced (revenue x the client's bad
debt rate); revenue_tax = revenue_tax_rate x revenue; payments_tax = payments_tax_rate x the money
paid out that month other than income tax and the payments tax (direct_labour + the other
operating expenses except bad debts + loan interest + capex + deposits paid when positive + loan
principal); ebitda = gross_profit -
operating_expenses; ebit = ebitda - depreciation; profit_before_tax = ebit - interest +
interest_income; interest = loan interest + credit_line_interest (the credit line owed at the
month's start x its yearly rate / 12); interest_income = max(0, opening_cash) x
cash_interest_rate / 12; net_income =
profit_before_tax - tax; tax by the yearly tax rules on the plan year's figures to date
(`planner.engine.tax`): taxable_profit_to_date = the plan year's tax base to date (profit before
tax less the losses of earlier years it may offset, or gross income, or revenue), tax = the year's
tax to date (rate x that base, at least the minimum tax) less the month before's within the year
(negative when a loss month trues up an earlier accrual);
total_costs = direct_labour + operating_expenses + depreciation + interest
(so revenue + interest_income - total_costs = profit_before_tax). direct_labour is the payroll of
direct roles; recruiting_training is recruiting cost per hire (paid `hiring_lead_months` ahead);
the wages of trainees are in the payroll of their role.

Cash: net_cash_flow = operating_cash_flow - capex - deposits_paid + loan_drawdowns -
loan_repayments (principal) + credit_line_draws - credit_line_repayments + equity_injections;
credit_line_draws = max(0, min(limit - owed, minimum_cash - cash before the line)),
credit_line_repayments = max(0, min(owed, cash before the line - minimum_cash)) (the order of
operations: `planner.engine.statements.with_financing`); interest_received = interest_income;
cash_from_clients = invoices x (1 - bad debt
rate), paid in month m + ceil((payment_days + late_days) / 30.4375) in arrears, m + floor(...) in
advance (`planner.engine.revenue.collection_lag`); deposits_paid = the rise of deposits over the
month before (negative when refunded or advance rent is used); operating_cash_flow =
cash_from_clients + interest_received - cash_paid_operations - prepaid_paid - tax_paid;
cash_paid_operations = direct_labour + operating_expenses - bad_debts + interest - the rise of
accrued_pay over the month before (bonuses are expensed as earned and paid in their months);
prepaid_paid = the rise of prepaid over the month before (yearly paperwork fees paid ahead, less
the part expensed); tax_paid = in each payment month (every month, or January, April, July and
October), the tax payable at the end of the month before when positive; closing_cash =
opening_cash + net_cash_flow; opening_cash of month m+1 = closing_cash of month m.

Balance sheet: receivables = invoices not yet paid less the share written off (revenue to date -
bad debts to date - cash from clients to date); total_assets = closing_cash + receivables +
net_fixed_assets + deposits (the resources' deposits and advance rent held) + prepaid (yearly
paperwork fees paid, not yet expensed: the paperwork table's prepaid summed over items);
total_liabilities_and_equity = loans_outstanding + credit_line_balance (owed on the credit line at
the month's end) + tax_payable + accrued_pay + paid_in_capital + retained_earnings; the two are
equal every month to the cent. tax_payable = tax accrued to date - tax paid to date (negative: tax
paid ahead, kept to offset later tax); accrued_pay: bonuses accrued, not yet paid
(`PAY_CALENDAR_COLUMNS` owed, summed). paid_in_capital = opening cash + equity injections to
date."""


TAX_COLUMNS = (
    "month_no",
    "month",
    "rate",
    "profit_before_tax_to_date",
    "gross_profit_to_date",
    "revenue_to_date",
    "loss_made",
    "losses_used",
    "loss_offset_to_date",
    "taxable_to_date",
    "tax_to_date",
)
"""One row per month: how the yearly income tax rules give the monthly table's tax
(`planner.engine.tax`). rate: the income tax rate of the month's plan year; *_to_date: the plan
year's profit before tax, gross income (gross profit) and revenue to date; loss_made: in the last
month of a complete year taxed on profit at a positive rate, the year's loss (else 0);
losses_used: losses used or lapsed before the month's year, the oldest first (losses lapse
`loss_years` after the year they were made); loss_offset_to_date = min(loss_made in earlier years
- losses_used, the share of the year's profit to date losses may offset), on profit only;
taxable_to_date = the monthly table's taxable_profit_to_date; tax_to_date = max(rate x
taxable_to_date, the minimum tax to date); the monthly table's tax = tax_to_date - the month
before's within the year."""


LOANS_COLUMNS = (
    "month_no",
    "month",
    "loan",
    "yearly_rate",
    "opening_balance",
    "drawdown",
    "payment",
    "interest",
    "principal",
    "closing_balance",
)
"""One row per month and loan of the plan (a loan drawn after the horizon has no money in its rows).
yearly_rate: the loan's rate in the month's plan year (`rates_by_year`, its last rate past its
end, else the loan's yearly rate); opening_balance: balance at the start of the month, before the
drawdown; drawdown: the amount, in the loan's start month; payment: in each of the term_months
months after the start month: the first grace_months interest only, then the annuity
-PMT(yearly_rate / 12, months of the term left, opening_balance) (the same every month while the
rate holds, recomputed when it changes); interest = opening_balance x yearly_rate / 12;
principal = payment - interest (0 in the grace months; the last one clears the balance);
closing_balance = opening_balance + drawdown - principal. Summed over loans:
drawdown, interest, principal and closing_balance are the monthly table's loan_drawdowns,
interest, loan_repayments and loans_outstanding."""


@dataclass(frozen=True)
class Kpis:
    """The headline figures. Money in the plan's currency; None where a figure does not exist."""

    break_even_month: str | None
    """"YYYY-MM": first month from which the trailing three months' net income (this month and
    the two before; months before month 1 count as 0) stays >= 0 to the end of the horizon;
    None: not within the horizon (`planner.model.labels.KPI_DEFINITIONS`)."""
    payback_month: str | None
    """"YYYY-MM": first month from which cumulative operating cash flow stays >= 0 to the end of
    the horizon (cash payback); None: not within the horizon."""
    funding_needed: float
    """Smallest extra opening cash that keeps closing cash >= financing.minimum_cash every month."""
    ending_cash: float
    runway_months: int | None
    """Months until closing cash first falls below zero (month 1 counts as 1); None: never."""
    lowest_cash: float
    lowest_cash_month: str
    peak_headcount: int
    peak_seats: int
    total_revenue: float
    total_costs: float
    total_net_income: float
    capex_total: float
    gross_margin_pct: float
    """Gross profit / revenue x 100 over the horizon (0 when there is no revenue)."""
    cost_per_seat_month: float
    """Resources opex + depreciation over the horizon / sum of seats over months."""
    cost_per_productive_hour: float
    """Fully loaded: total costs / productive hours delivered by direct staff over the horizon."""
    price_per_productive_hour: float
    """Revenue / those productive hours: compare with cost_per_productive_hour."""
    total_tax: float = 0.0
    """Income tax over the horizon (the sum of the monthly table's tax)."""
    tax_owed_at_end: float = 0.0
    """Income tax accrued but not yet paid at the end of the horizon (tax_payable)."""
    dscr_by_year: tuple[DscrYear, ...] = ()
    """Debt-service coverage of each plan year with debt service: (EBITDA - tax paid) /
    (interest + loan principal) (`planner.engine.lender`)."""
    min_dscr: float | None = None
    """The lowest yearly DSCR; None without debt service."""
    founders_irr: float | None = None
    """The founders' yearly IRR: opening cash and equity in, net cash (cash - loans - credit line)
    at the horizon back; None when it does not exist."""
    founders_payback_month: str | None = None
    """"YYYY-MM": first month from which net cash stays >= what the founders put in to date."""
    credit_line_peak: float = 0.0
    """The most owed on the credit line at a month's end."""
    total_interest_income: float = 0.0
    """Interest earned on cash over the horizon."""


@dataclass(frozen=True)
class Projection:
    """Everything the engine computes from one plan."""

    plan: Plan
    monthly: pd.DataFrame
    workload: pd.DataFrame
    staffing: pd.DataFrame
    payroll: pd.DataFrame
    resources: pd.DataFrame
    paperwork: pd.DataFrame
    marketing: pd.DataFrame
    revenue: pd.DataFrame
    loans: pd.DataFrame
    kpis: Kpis
    accounts: pd.DataFrame
    """Profit by client service (`ACCOUNTS_COLUMNS`)."""
    pay_calendar: pd.DataFrame
    """Bonuses accrued, paid and owed (`PAY_CALENDAR_COLUMNS`)."""
    contract_sources: tuple[tuple[str, int, int], ...] = ()
    """Where each revenue row's contract is in the plan, by the row's position within a month:
    ("client", client index, service index) or ("won", kind index, service index)."""
    tax: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=list(TAX_COLUMNS)))
    """The tax block (`TAX_COLUMNS`)."""
