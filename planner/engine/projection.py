"""What the engine gives back: the contract between `planner.engine.pipeline` and everything that
shows or exports its numbers (the app's pages, the workbook, the document, the command line).

All money is in the plan's currency, per month, as float (rounded only for display and export).
Months are numbered 1..horizon (`month_no`) and labelled "YYYY-MM" (`month`). Every table below is a
tidy pandas DataFrame with exactly the columns listed in its `*_COLUMNS` constant, in that order.
"""

from __future__ import annotations

from dataclasses import dataclass

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
volume: contacts, items or hours that month (all clients, weighted by pipeline probability);
fte: productive full-time staff the workload needs (float, before hiring lead, training, attrition);
peak_agents: most agents needed at once in a typical week (queue work; 0 otherwise), for seats;
peak_contacts: contacts in that busiest interval of the typical week = volume x 12 / 52 x the
arrival profile's largest interval share (queue work; 0 otherwise): the interval whose agents are
peak_agents, the case the service-level curve shows;
service_level: achieved share answered in time (queue work; NaN otherwise)."""

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
)
"""One row per month and role. required: people the workload, ratio or fixed count asks for
(whole people); headcount: people on the payroll at the end of the month (including trainees);
hires/leavers: people who joined/left that month; in_training: paid but not yet productive."""

PAYROLL_COLUMNS = (
    "month_no",
    "month",
    "role",
    "direct",
    "headcount",
    "wage_per_person",
    "wage_cost",
    "burden_cost",
    "total_cost",
)
"""One row per month and role. wage_per_person = the role's monthly wage x (1 + yearly
raise)^(year - 1) (money per person per month; year 1 = months 1..12); wage_cost = headcount x
wage_per_person; burden_cost = wage_cost x burden; total_cost = wage_cost + burden_cost."""

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

PAPERWORK_COLUMNS = ("month_no", "month", "item", "category", "fee")
"""One row per month and paperwork item: one-time fee in month 1, yearly fee in months 1, 13, 25."""

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
    "contract_month",
    "volume",
    "billed_units",
    "unit_price",
    "revenue",
)
"""One row per month and client service (a client buying two service lines has two rows; marketing
wins appear as clients named after their kind, "Won client N").
payment_days: the contract's days to pay an invoice; contract_month: month of the contract (1 in
its first month) while it runs, 0 before it starts and after its term; billed_units: FTE,
productive hours, items or 1 (retainer), by the pricing model; revenue = billed_units x
unit_price."""

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
    "total_assets",
    "loans_outstanding",
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
recruiting_training + resources_opex + paperwork + marketing; ebitda = gross_profit -
operating_expenses; ebit = ebitda - depreciation; profit_before_tax = ebit - interest +
interest_income; interest = loan interest + credit_line_interest (the credit line owed at the
month's start x its yearly rate / 12); interest_income = max(0, opening_cash) x
cash_interest_rate / 12; net_income =
profit_before_tax - tax; taxable_profit_to_date = max(0, the highest cumulative profit
before tax so far) (losses carried forward), tax = tax_rate x its rise over the month before;
total_costs = direct_labour + operating_expenses + depreciation + interest
(so revenue + interest_income - total_costs = profit_before_tax). direct_labour is the payroll of
direct roles; recruiting_training is recruiting cost per hire (paid `hiring_lead_months` ahead);
the wages of trainees are in the payroll of their role.

Cash: net_cash_flow = operating_cash_flow - capex - deposits_paid + loan_drawdowns -
loan_repayments (principal) + credit_line_draws - credit_line_repayments + equity_injections;
credit_line_draws = max(0, min(limit - owed, minimum_cash - cash before the line)),
credit_line_repayments = max(0, min(owed, cash before the line - minimum_cash)) (the order of
operations: `planner.engine.statements.with_financing`); interest_received = interest_income;
deposits_paid = the rise of deposits over the month before (negative when refunded or advance
rent is used); operating_cash_flow = cash_from_clients + interest_received -
cash_paid_operations - tax_paid; closing_cash = opening_cash + net_cash_flow; opening_cash of
month m+1 = closing_cash of month m.

Balance sheet: total_assets = closing_cash + receivables + net_fixed_assets + deposits (the
resources' deposits and advance rent held);
total_liabilities_and_equity = loans_outstanding + credit_line_balance (owed on the credit line at
the month's end) + paid_in_capital + retained_earnings; the two are
equal every month to the cent. paid_in_capital = opening cash + equity injections to date."""


LOANS_COLUMNS = (
    "month_no",
    "month",
    "loan",
    "opening_balance",
    "drawdown",
    "payment",
    "interest",
    "principal",
    "closing_balance",
)
"""One row per month and loan of the plan (a loan drawn after the horizon has rows of zeros).
opening_balance: balance at the start of the month, before the drawdown; drawdown: the amount, in
the loan's start month; payment: the annuity, in each of the term_months months after the start
month; interest = opening_balance x yearly_rate / 12; principal = payment - interest (the last one
clears the balance); closing_balance = opening_balance + drawdown - principal. Summed over loans:
drawdown, interest, principal and closing_balance are the monthly table's loan_drawdowns,
interest, loan_repayments and loans_outstanding."""


@dataclass(frozen=True)
class Kpis:
    """The headline figures. Money in the plan's currency; None where a figure does not exist."""

    break_even_month: str | None
    """"YYYY-MM": first month from which net income stays >= 0 to the end of the horizon."""
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
    contract_sources: tuple[tuple[str, int, int], ...] = ()
    """Where each revenue row's contract is in the plan, by the row's position within a month:
    ("client", client index, service index) or ("won", kind index, service index)."""
