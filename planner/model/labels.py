"""The words a founder reads for the plan's ids and the statements' lines: one owner, imported by
the pages, the charts, the written plan, the workbook and the command line.

A leaf module (no planner imports). Each map is keyed by the id the plan file holds (`Literal`
values in `planner.model.plan`) or by the `Projection.monthly` column a statement line shows;
`tests/model/test_labels.py` checks every id has words and no page keeps its own map.
"""

from __future__ import annotations

from babel import Locale

# --- the plan's choices -------------------------------------------------------------------------

FAMILY_LABELS: dict[str, str] = {
    "back_office": "BPO, back office",
    "front_office": "BPO, front office",
    "kpo": "KPO (knowledge process)",
    "ito": "ITO (IT outsourcing)",
}
DELIVERY_MODEL_LABELS: dict[str, str] = {
    "onshore": "Onshore (same country as clients)",
    "nearshore": "Nearshore (a nearby country)",
    "offshore": "Offshore (overseas)",
}
PRICING_LABELS: dict[str, str] = {
    "per_fte_month": "per FTE per month",
    "per_paid_hour": "per paid hour",
    "per_productive_hour": "per productive (billable) hour",
    "per_handled_minute": "per handled minute",
    "per_item": "per item / transaction / contact",
    "per_seat": "per seat per month",
    "monthly_retainer": "fixed monthly retainer",
    "base_plus_per_item": "monthly base fee + per contact",
}
"""The eight pricing models (`planner.model.plan.PricingModel`, in its order) in founder words."""
BID_PRICING_LABELS: dict[str, str] = {**PRICING_LABELS, "per_item": "per contact"}
"""The pricing models as a bid names them: a bid's items are the prospect's contacts (calls,
chats, e-mails, claims or dials), so "per item / transaction / contact" is "per contact"."""
PRICING_UNIT_LABELS: dict[str, str] = {
    "per_fte_month": "per FTE-month",
    "per_paid_hour": "per paid hour",
    "per_productive_hour": "per productive hour",
    "per_handled_minute": "per handled minute",
    "per_item": "per contact",
    "per_seat": "per seat",
    "monthly_retainer": "a month",
    "base_plus_per_item": "a month + per contact",
}
"""What a price is for, after the amount in a table ("12.00 per handled minute")."""


def price_words(pricing_model: str, price: str, base_fee: str = "") -> str:
    """A service's price in words, from its amounts already formatted: the price and its unit
    ("$0.45 per handled minute"), or for base_plus_per_item the monthly base fee and the price
    per contact ("$2,000.00 a month + $1.50 per contact")."""
    if pricing_model == "base_plus_per_item":
        return f"{base_fee} a month + {price} per contact"
    return f"{price} {PRICING_UNIT_LABELS.get(pricing_model, pricing_model)}"


INVOICING_LABELS: dict[str, str] = {
    "arrears": "in arrears (month end)",
    "advance": "in advance (1st of month)",
}
WORKLOAD_TYPE_LABELS: dict[str, str] = {
    "queue": "a queue (calls, chats, e-mails)",
    "items": "items processed",
    "project": "project hours",
    "outbound": "outbound dialling",
}
CHANNEL_LABELS: dict[str, str] = {
    "voice": "Voice calls",
    "chat": "Chat (several at once)",
    "email": "E-mail (response deadline)",
    "back_office": "Back-office cases (response deadline)",
}
"""A queue line's channel (`QueueWorkload.channel`)."""
VOLUME_UNITS: dict[str, str] = {
    "queue": "contacts per month",
    "items": "items per month",
    "project": "hours per month",
    "outbound": "dials per month",
}
"""The unit a service line's volume is counted in, by workload type."""
INDUSTRY_LABELS: dict[str, str] = {
    "healthcare": "Health care",
    "insurance": "Insurance",
    "financial_services": "Banking and financial services",
    "retail_ecommerce": "Retail and e-commerce",
    "technology": "Technology and software",
    "telecom": "Telecommunications",
    "travel_hospitality": "Travel and hospitality",
    "logistics": "Transport and logistics",
    "utilities_energy": "Utilities and energy",
    "manufacturing": "Manufacturing",
    "education": "Education",
    "government": "Government and public sector",
    "legal_professional": "Legal and professional services",
    "real_estate": "Real estate",
    "media": "Media and entertainment",
    "other": "Other",
}
"""A client's industry (`Client.industry`): compliance rules follow some (health care: HIPAA)."""
_NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"}
COUNTRY_LABELS: dict[str, str] = dict(
    sorted(
        (
            (code, name)
            for code, name in Locale("en").territories.items()
            if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES
        ),
        key=lambda kv: kv[1],
    )
)
"""ISO 3166 country codes to their English names (CLDR, through Babel): "CO" -> "Colombia"."""
PAPERWORK_CATEGORY_LABELS: dict[str, str] = {
    "registration": "Registration",
    "tax": "Tax",
    "licence": "Licence",
    "compliance": "Compliance",
    "insurance": "Insurance",
    "banking": "Banking",
    "employment": "Employment",
    "other": "Other",
}
PAPERWORK_STATUS_LABELS: dict[str, str] = {
    "to_do": "To do",
    "in_progress": "In progress",
    "done": "Done",
    "not_needed": "Not needed",
}
RESOURCE_CATEGORY_LABELS: dict[str, str] = {
    "it_hardware": "IT hardware",
    "office_space": "Office space",
    "furniture": "Office furniture",
    "internet": "Internet",
    "phone_lines": "Phone lines",
    "software": "Software",
    "other": "Other",
}
RESOURCE_BASIS_LABELS: dict[str, str] = {
    "per_seat": "per seat (desk)",
    "per_employee": "per employee",
    "per_site": "per site (office)",
    "fixed": "in total",
    "per_role": "per person in chosen roles",
}
"""How a resource item is counted; read after its quantity: "2 per seat (desk)", "1 in total"."""
ROLE_BASIS_LABELS: dict[str, str] = {
    "workload": "workload",
    "ratio": "ratio",
    "fixed": "fixed number",
}
RATIO_OF_LABELS: dict[str, str] = {
    "workload_staff": "workload staff",
    "headcount": "all staff",
    "seats": "seats",
    "hires_per_year": "hires a year",
}
SHIFT_LABELS: dict[str, str] = {
    "office_hours": "Office hours (one desk per person)",
    "two_shifts": "Two shifts (two people per desk)",
    "three_shifts": "Three 8-hour shifts (three people per desk)",
}
WORK_PATTERN_LABELS: dict[str, str] = {
    "shifts": "in shifts",
    "office": "office day",
    "remote": "remote",
}
"""How a role works (`Role.work_pattern`): decides its desks (shifts share them by the shift
pattern, office staff have one each, remote staff none)."""
EMPLOYMENT_LABELS: dict[str, str] = {
    "employee": "employee",
    "contractor": "contractor",
}
"""How a role is engaged (`Role.employment`): contractors carry no employer costs on wages."""
SHIFT_PHRASES: dict[str, str] = {
    "office_hours": "working office hours",
    "two_shifts": "working two shifts a day",
    "three_shifts": "working three shifts a day, round the clock",
}
"""The shift pattern inside a sentence: "... staff working two shifts a day"."""
BID_SOURCE_LABELS: dict[str, str] = {
    "intervals": "contacts by interval",
    "daily": "daily totals, spread over the day by an arrival pattern",
    "monthly": "monthly totals, spread over the days and hours by an arrival pattern",
}
"""What a prospect's history file held (`planner.bid.types.History.source`)."""

TAX_BASE_LABELS: dict[str, str] = {
    "profit": "Profit (after losses carried forward)",
    "gross_income": "Gross income (revenue - direct staff)",
    "revenue": "Revenue",
}
"""What an income tax rate is on (`planner.model.plan.TaxBase`)."""
TAX_PAYMENT_LABELS: dict[str, str] = {
    "monthly": "Every month (the month after)",
    "quarterly": "Every quarter (April, July, October, January)",
}
"""When income tax is paid (`planner.model.plan.TaxPayment`)."""

# --- the statements' lines ----------------------------------------------------------------------

STATEMENT_LABELS: dict[str, str] = {
    # profit and loss
    "revenue": "Revenue",
    "direct_labour": "Direct staff (client work)",
    "gross_profit": "Gross profit",
    "indirect_labour": "Managers and support staff",
    "recruiting_training": "Recruiting and training",
    "resources_opex": "Rent, leases, lines, software",
    "paperwork": "Paperwork and licences",
    "marketing": "Marketing",
    "bad_debts": "Bad debts (invoices never paid)",
    "revenue_tax": "Tax on revenue",
    "payments_tax": "Tax on payments",
    "operating_expenses": "Operating expenses",
    "ebitda": "EBITDA",
    "depreciation": "Depreciation of equipment",
    "ebit": "EBIT",
    "credit_line_interest": "Credit line interest",
    "interest": "Interest (loans and credit line)",
    "interest_income": "Interest earned on cash",
    "profit_before_tax": "Profit before tax",
    "tax": "Tax",
    "net_income": "Net income",
    "total_costs": "Total costs",
    # cash flow
    "opening_cash": "Cash at year start",
    "cash_from_clients": "Cash from clients",
    "interest_received": "Interest received",
    "cash_paid_operations": "Paid for operations",
    "prepaid_paid": "Yearly fees paid ahead",
    "tax_paid": "Tax paid",
    "operating_cash_flow": "Operating cash flow",
    "capex": "Equipment bought (capex)",
    "deposits_paid": "Deposits and advance rent paid",
    "loan_drawdowns": "Loans drawn",
    "loan_repayments": "Loans repaid",
    "credit_line_draws": "Credit line drawn",
    "credit_line_repayments": "Credit line repaid",
    "equity_injections": "Equity put in",
    "net_cash_flow": "Net cash flow",
    "closing_cash": "Cash at year end",
    # balance sheet
    "receivables": "Receivables",
    "net_fixed_assets": "Net fixed assets",
    "deposits": "Deposits and advance rent",
    "prepaid": "Prepaid yearly fees",
    "total_assets": "Total assets",
    "loans_outstanding": "Loans outstanding",
    "tax_payable": "Tax owed (not yet paid)",
    "accrued_pay": "Bonuses owed to staff",
    "credit_line_balance": "Credit line owed",
    "paid_in_capital": "Paid-in capital",
    "retained_earnings": "Retained earnings",
    "total_liabilities_and_equity": "Total liabilities and equity",
    # the drivers shown beside the statements
    "headcount": "Headcount at year end",
    "seats": "Seats (desks)",
    "clients": "Clients (expected)",
}
"""One name for each statement line, by its `Projection.monthly` column, as a table by plan year
shows it (the app's yearly statement, the written plan, the workbook's Summary): a balance is
named at the year's start or end."""

_AT_THE_MONTH = {
    "opening_cash": "Cash at month start",
    "closing_cash": "Cash at month end",
    "headcount": "Headcount",
}
MONTHLY_STATEMENT_LABELS: dict[str, str] = {**STATEMENT_LABELS, **_AT_THE_MONTH}
"""The same lines as the header of a monthly column (the workbook's statement sheets, a chart by
month): `STATEMENT_LABELS`' words, except the balances named at a year's start or end, which are
named at the month's."""

COST_LINES: tuple[str, ...] = (
    "direct_labour",
    "indirect_labour",
    "recruiting_training",
    "resources_opex",
    "paperwork",
    "marketing",
    "bad_debts",
    "revenue_tax",
    "payments_tax",
    "depreciation",
    "interest",
)
"""The monthly cost columns, which add up to `total_costs`."""


NOT_WITHIN_PLAN = "not within the plan"
"""A month (break-even, payback) that does not come within the plan's horizon, in words."""

KPI_LABELS: dict[str, str] = {
    "break_even_month": "Break-even month",
    "payback_month": "Cash payback month",
    "funding_needed": "Funding needed",
    "runway_months": "Cash runway",
    "lowest_cash": "Lowest cash",
    "lowest_cash_month": "Lowest cash month",
    "ending_cash": "Cash at the end",
    "total_revenue": "Total revenue",
    "total_costs": "Total costs",
    "total_net_income": "Total net income",
    "gross_margin_pct": "Gross margin",
    "capex_total": "Equipment bought (capex)",
    "peak_headcount": "Peak headcount",
    "peak_seats": "Peak seats",
    "cost_per_seat_month": "Cost per seat-month",
    "cost_per_productive_hour": "Cost per productive hour",
    "price_per_productive_hour": "Price per productive hour",
    "total_tax": "Income tax over the plan",
    "tax_owed_at_end": "Income tax owed at the end",
    "min_dscr": "Lowest debt-service coverage (DSCR)",
    "founders_irr": "Founders' return (IRR)",
    "founders_payback_month": "Founders' payback",
    "credit_line_peak": "Most owed on the credit line",
    "total_interest_income": "Interest earned on cash",
}
"""The words for each headline figure (a field of `planner.engine.projection.Kpis`), the same on
the dashboard, in Compare, on the workbook's Summary sheet and in the document's key figures."""

KPI_DEFINITIONS: dict[str, str] = {
    "break_even_month": (
        "The first month from which net income over the last three months (that month and the "
        "two before) stays at zero or above to the end of the plan. One loss month, such as "
        "yearly fees or a pay rise in January, does not move it."
    ),
    "payback_month": (
        "The first month from which the cash made from operations since the start (cash from "
        "clients less cash paid for staff, running costs, interest, fees paid ahead and tax; "
        "before equipment, deposits, loans and equity) stays at zero or above to the end of the "
        "plan."
    ),
}
"""What a headline figure means, where the rule is not obvious from its name: shown beside it on
the dashboard, on the workbook's Summary sheet and in the written plan (one text, three places)."""


def statement_label(column: str, *, monthly: bool = False) -> str:
    """The words for a statement line, in a table by plan year or (monthly) by month.

    >>> statement_label("recruiting_training"), statement_label("closing_cash")
    ('Recruiting and training', 'Cash at year end')
    >>> statement_label("closing_cash", monthly=True)
    'Cash at month end'
    """
    return (MONTHLY_STATEMENT_LABELS if monthly else STATEMENT_LABELS)[column]


# --- the bid desk ------------------------------------------------------------------------------

BID_CHANNEL_LABELS: dict[str, str] = {
    "voice": "Voice (calls)",
    "chat": "Chat",
    "email": "E-mail",
    "back_office": "Back office",
    "outbound": "Outbound calls",
}
"""A bid's channel (`planner.bid.types.BID_CHANNELS`) in words."""
BID_WORK_UNITS: dict[str, str] = {
    "voice": "calls",
    "chat": "chats",
    "email": "e-mails",
    "back_office": "items",
    "outbound": "dials",
}
"""What a bid's history counts on each channel, in a sentence ("40,354 calls")."""
BILLING_UNIT_LABELS: dict[str, str] = PRICING_UNIT_LABELS
"""The unit each billing model's price is per: the plan's pricing words (one owner); the six
unit-based models also name the units a month's cost to serve is divided by ("Cost per seat")."""
COST_TO_SERVE_LABELS: dict[str, str] = {
    "staff_cost": "Agents' pay and employer costs",
    "seat_cost": "Seats (desks, equipment, licences)",
    "overhead_cost": "Supervision and overhead",
    "total_cost": "Cost to serve",
}
"""The cost lines of a month's cost to serve (`planner.bid.types.CostToServe`)."""


# --- the plan's fields, for messages and comparisons ------------------------------------------

SECTION_LABELS: dict[str, str] = {
    "settings": "Settings",
    "specialty": "Specialty",
    "business_plan": "Business plan",
    "paperwork": "Paperwork",
    "resources": "Resources",
    "staffing": "Staffing",
    "marketing": "Marketing",
    "financing": "Financing",
    "scenarios": "Scenarios",
    "risk": "Risk",
    "actuals": "Actual figures",
    "sources": "Sources",
    "bids": "Bids",
}
"""The plan's sections (its top-level fields) in words: the step or page a founder finds them on."""

DRIVER_LABELS: dict[str, str] = {
    "volume": "Volume",
    "handle_time": "Handling time",
    "price": "Price",
    "win_rate": "Win rate",
    "start_delay_months": "Start delay (months)",
    "attrition": "Attrition",
    "wages": "Wages",
}
"""The drivers a scenario changes and a risk run draws (`planner.model.drivers`), in words."""

DRIVER_MEANINGS: dict[str, str] = {
    "volume": "every client's monthly volume (contacts, items or hours)",
    "handle_time": "handling time per contact (AHT) and minutes per item",
    "price": "every price in every contract",
    "win_rate": "each prospect's chance to sign and marketing's conversion rate (at most 100%)",
    "start_delay_months": "whole months added to every client's start month",
    "attrition": "the yearly share of staff who leave",
    "wages": "every role's monthly wage",
}
"""What each driver changes, for help text and the document."""

DISTRIBUTION_LABELS: dict[str, str] = {
    "pert": "PERT (most runs near the likely value)",
    "triangular": "Triangular",
    "uniform": "Uniform (every value between low and high equally likely)",
}

DEFAULT_RISK_REASONS: dict[str, str] = {
    "volume": "Client volume forecasts are the client's own estimates and often miss by tens of "
    "percent; new programmes ramp slower than promised, so the downside is wider.",
    "handle_time": "New agents handle contacts more slowly than tenured ones (ramp of 2-16 "
    "weeks; 15-25% of a class leaves within 90 days), so handling time overruns more often.",
    "price": "Prices are negotiated down, rarely up, once a bid is in.",
    "win_rate": "A prospect's chance is the founder's estimate; 30% optimism is common in early "
    "pipelines.",
    "start_delay_months": "Contracts start late more often than early (paperwork, client security "
    "reviews); most likely one month.",
    "attrition": "Philippine BPO attrition runs 31% a year voluntary and 45% in all (CCAP survey "
    "by Willis Towers Watson, 2024): a year can run half again above plan.",
    "wages": "Wage pressure in BPO hubs pushes pay up, not down (Site Selection Group, 2024).",
}
"""Why each driver's default range (`planner.model.drivers.DEFAULT_RISK`, whose docstring gives
the sources in full), in a line each for the Risk page."""

FIELD_LABELS: dict[str, str] = {
    "start_delay_months": "Start delay (months)",
    "handle_time": "Handling time",
    "aht_seconds": "Handling time (seconds)",
    "answer_seconds": "Answer within (seconds)",
    "burden": "Employer costs on wages",
    "cash_interest_rate": "Interest on cash (yearly)",
    "catalog_id": "Catalogue service",
    "contingency": "Contingency",
    "credit_line": "Credit line",
    "cost_locations": "Cost currencies",
    "criteria_weights": "Criteria weights",
    "delivery_model": "Delivery model",
    "dscr_covenant": "Debt-service coverage covenant",
    "end_month": "End month",
    "first_month": "First month",
    "fixed_count": "Fixed number",
    "funding_request": "Funding request",
    "hiring_lead_months": "Hiring lead time (months)",
    "horizon_months": "Horizon (months)",
    "id": "Id",
    "interval_minutes": "Interval (minutes)",
    "lead_time_days": "Lead time (days)",
    "leads_per_month": "Leads per month",
    "limit": "Credit limit",
    "max_occupancy": "Maximum occupancy",
    "minutes_per_item": "Minutes per item",
    "monthly_budget": "Monthly budget",
    "monthly_wage": "Monthly wage",
    "one_time_cost": "One-time cost",
    "one_time_fee": "One-time fee",
    "paid_hours_per_month": "Paid hours per month",
    "patience_seconds": "Caller patience (seconds)",
    "payment_days": "Payment days",
    "invoicing": "Invoicing",
    "late_days": "Days paid late",
    "bad_debt_rate": "Bad debts (share never paid)",
    "base_fee": "Monthly base fee",
    "renewal_probability": "Renewal chance",
    "yearly_churn": "Yearly churn",
    "list_escalation": "Yearly price-list rise",
    "pricing_model": "Pricing",
    "profile": "Arrival pattern",
    "ramp_months": "Ramp-up (months)",
    "ramp_up": "Productivity after training (by week)",
    "rate": "Exchange rate (cost currency per reporting currency)",
    "ratio_of": "Ratio of",
    "ratio_per": "One per",
    "recruiting_cost_per_hire": "Recruiting cost per hire",
    "sales_cycle_months": "Sales cycle (months)",
    "service_level": "Service level",
    "service_line": "Service line",
    "service_lines": "Service lines",
    "shift_pattern": "Shifts",
    "skill_level": "Skill level",
    "start_month": "Start month",
    "target_clients": "Target clients",
    "tax_rate": "Tax rate",
    "schedule": "Rates by year",
    "from_year": "From year",
    "base": "Taxed on",
    "loss_years": "Losses lapse after (years)",
    "loss_offset_share": "Share of profit losses may offset",
    "loss_offset_threshold": "Profit losses may offset in full",
    "minimum_rate": "Minimum tax (share of gross income)",
    "minimum_amount": "Minimum tax per year",
    "minimum_from_year": "Minimum tax from year",
    "payment": "Tax paid",
    "revenue_tax_rate": "Tax on revenue",
    "payments_tax_rate": "Tax on payments",
    "term_months": "Term (months)",
    "training_weeks": "Training (weeks)",
    "useful_life_months": "Useful life (months)",
    "won_client": "Client won by marketing",
    "work_pattern": "Works",
    "won_clients": "Clients won by marketing",
    "yearly_attrition": "Yearly attrition",
    "yearly_drift": "Yearly drift of the exchange rate",
    "yearly_escalation": "Yearly price rise",
    "yearly_fee": "Yearly fee",
    "yearly_raise": "Yearly pay rise",
    "yearly_rate": "Yearly interest rate",
    "grace_months": "Grace period (months)",
    "rates_by_year": "Rate in each plan year",
    "bonuses": "Bonuses",
    "months": "Paid in months",
    "night_premium": "Night premium",
    "night_share": "Share of hours at night",
    "client": "Client",
    "channel": "Channel",
    "targets": "Service targets",
    "cost_source": "Costs from",
    "forecast_method": "Forecast method",
    "history_weeks": "History (weeks)",
    "forecast_months": "Forecast (months)",
    "monthly_contacts": "Contacts per month (forecast)",
    "mape": "Forecast error (MAPE)",
    "naive_mape": "Seasonal-naive forecast error (MAPE)",
    "required_fte": "Required FTE",
    "scheduled_fte": "Scheduled FTE",
    "scheduling_loss": "Scheduling loss",
    "shifts": "Shifts",
    "length_hours": "Length (hours)",
    "agents": "Agents, Monday to Sunday",
    "unit_costs": "Cost to serve per unit",
    "monthly_cost": "Cost to serve per month",
    "prices": "Prices",
    "model": "Billing model",
    "margin_under": "Margin at 20 % under forecast volume",
    "margin_forecast": "Margin at forecast volume",
    "margin_over": "Margin at 20 % over forecast volume",
    "chosen_model": "Chosen billing model",
    # channel targets of the bid desk (planner.bid.types.ChannelTargets)
    "concurrency": "Chats at once",
    "concurrency_growth": "Handle-time growth per extra chat",
    "deadline_hours": "Deadline (hours of open time)",
    "open_hour": "Opening hour",
    "close_hour": "Closing hour",
    "open_days": "Open days",
    "contact_rate": "Contact rate (share of dials reaching someone)",
    "talk_seconds": "Talk time (seconds)",
    "wrap_seconds": "Wrap-up time (seconds)",
    "no_contact_seconds": "Agent time per dial without contact (seconds)",
}
"""Plan field names whose words are not just the name with spaces ("monthly_wage" -> "Monthly
wage" needs no entry but reads better with one). Any other field: its name, capitalised."""

PATH_LABELS: dict[tuple[str, ...], str] = {
    ("settings", "name"): "Plan name",
    ("settings", "currency"): "Currency",
    ("settings", "location"): "Location",
}
"""Whole paths with words of their own (the settings are shown without a section)."""


def field_label(name: str) -> str:
    """A plan field's name in words.

    >>> field_label("monthly_wage"), field_label("aht_seconds"), field_label("price")
    ('Monthly wage', 'Handling time (seconds)', 'Price')
    """
    return FIELD_LABELS.get(name, name.replace("_", " ").capitalize())
