"""The Assumptions sheet: every input of the plan. Scalars have workbook names (column D); the
plan's lists (clients, roles, resources, paperwork, channels, loans, equity) sit below them as small
input tables. Returns `InputRows`: where each entity's inputs sit, for the detail sheets' formulas.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

from planner.export.xlsx.layout import HEADER_ROW, INPUT_NOTE, Writer, label
from planner.model.labels import (
    FAMILY_LABELS,
    PRICING_LABELS,
    RESOURCE_CATEGORY_LABELS,
    VOLUME_UNITS,
)
from planner.model.plan import Plan
from planner.report.format import percent
from planner.report.yearly import plan_year
from planner.steps.specialty import workload_words

SHEET = "Assumptions"


@dataclass(frozen=True)
class InputRows:
    """Excel row numbers on the Assumptions sheet of each entity's inputs, by index in the plan."""

    clients: tuple[tuple[int, ...], ...]
    """Per client, the row of each of its services (one row per client service)."""
    won_clients: tuple[tuple[int, ...], ...]
    """Per kind of won client, the row of each service its contract buys."""
    roles: tuple[int, ...]
    items: tuple[int, ...]
    papers: tuple[int, ...]
    channels: tuple[int, ...]
    loans: tuple[int, ...]
    bonuses: tuple[int, ...] = ()
    """Rows of the bonus table: A name, B share of a monthly wage a year, C months paid ("6, 12"),
    D burden charged ("Yes"/"No")."""


_CONTRACT_HEADERS = [
    "Service line",
    "Start month",
    "Monthly volume",
    "Ramp months",
    "Term months",
    "Pricing",
    "Price",
    "Yearly escalation",
    "Payment days",
    "Invoicing",
    "Late days",
    "Bad debt rate",
    "Renewal chance",
    "Price-list rise",
    "Yearly churn",
]
_CONTRACT_KINDS = ["text", "text", "pct", "text", "int", "dec", "int", "int", "text", "price"]
_CONTRACT_KINDS += ["pct", "int", "text", "int", "pct", "pct", "pct", "pct"]
# Columns of a contract row on the Assumptions sheet (the Revenue sheet's formulas read them):
# J price, K yearly escalation, L payment days, M invoicing ("arrears" or "advance"), N late days,
# O bad debt rate, P renewal chance, Q price-list rise, R yearly churn (blank for a plan client),
# S monthly base fee (only in a plan with a base fee + per contact service: `has_base_fee`).
BASE_FEE_COLUMN = "S"


def has_base_fee(plan: Plan) -> bool:
    """Whether any contract (a client's or a won kind's) is billed a monthly base fee + per
    contact: then the contract tables and the Revenue sheet carry a base fee column."""
    contracts = [*plan.business_plan.clients, *plan.marketing.won_clients]
    return any(s.pricing_model == "base_plus_per_item" for c in contracts for s in c.services)


def _with_base_fee(
    plan: Plan, headers: list[str], rows: list[list[Any]], fees: list[float]
) -> tuple[list[str], list[list[Any]], list[str]]:
    """The contract table's headers, rows and kinds, with column S (monthly base fee) when the
    plan has a base fee (`has_base_fee`); unchanged otherwise."""
    if not has_base_fee(plan):
        return headers, rows, _CONTRACT_KINDS
    rows = [[*row, fee or None] for row, fee in zip(rows, fees, strict=True)]
    return [*headers, "Monthly base fee"], rows, [*_CONTRACT_KINDS, "price"]


class _Inputs:
    """Writes the input tables down the sheet, keeping the next free row and the column widths."""

    def __init__(self, w: Writer, ws: Worksheet, row: int) -> None:
        self.w, self.ws, self.row = w, ws, row
        self.widths: dict[int, float] = {0: 30.0, 1: 14.0, 2: 16.0, 3: 20.0}

    def widen(self, col: int, width: float) -> None:
        self.widths[col] = max(self.widths.get(col, 8.0), width)

    def table(
        self, title: str, headers: list[str], rows: list[list[Any]], kinds: list[str]
    ) -> tuple[int, ...]:
        """A small input table; returns the Excel row number of each of its rows."""
        w, ws = self.w, self.ws
        ws.write_string(self.row, 0, title, w.f_section)
        self.row += 1
        for c, header in enumerate(headers):
            ws.write_string(self.row, c, header, w.f_header)
            self.widen(c, len(header) / 1.6 + 2)
        self.row += 1
        if not rows:
            ws.write_string(self.row, 0, "(none in this plan)", w.f_note)
            self.row += 1
        excel_rows = []
        for values in rows:
            for c, (value, kind) in enumerate(zip(values, kinds, strict=True)):
                if value is None or value == "":
                    continue
                if kind == "text":
                    w.write_text(ws, self.row, c, value, input_=True)
                    self.widen(c, len(str(value)) + 3)
                else:
                    w.write_number(ws, self.row, c, value, w.fmt.get(kind, input_=True))
                    self.widen(c, 12)
            excel_rows.append(self.row + 1)
            self.row += 1
        self.row += 1
        return tuple(excel_rows)


def assumptions(w: Writer) -> InputRows:
    """Write the Assumptions sheet; returns where each entity's inputs sit."""
    ws = w.sheets[SHEET]
    plan = w.plan
    w.heading(ws, SHEET, INPUT_NOTE + " Names in column D can be used in any formula.")
    inputs = _Inputs(w, ws, _scalars(w, ws) + 1)
    _service_lines(inputs, plan)
    _rates(w, inputs, plan)
    rows = InputRows(
        clients=_clients(inputs, plan),
        won_clients=_won_clients(inputs, plan),
        roles=_roles(inputs, plan),
        items=_items(inputs, plan),
        papers=_papers(inputs, plan),
        channels=_channels(inputs, plan),
        loans=_loans(inputs, plan),
        bonuses=_bonuses(inputs, plan),
    )
    # Always at least one row, so the names below point at a real range.
    eq_rows = [[e.month, e.amount] for e in plan.financing.equity] or [[1, 0.0]]
    equity = inputs.table("Equity injections", ["Month", "Amount"], eq_rows, ["int", "money"])
    w.wb.define_name("EquityMonth", f"=Assumptions!$A${equity[0]}:$A${equity[-1]}")
    w.wb.define_name("EquityAmount", f"=Assumptions!$B${equity[0]}:$B${equity[-1]}")
    _tax_schedule(inputs, plan)
    # Columns as wide as what they hold (the tables share them), within reason.
    for c, width in inputs.widths.items():
        ws.set_column(c, c, min(width, 45))
    ws.freeze_panes(HEADER_ROW + 1, 0)
    w.print_setup(ws)
    return rows


LOCATION_HEADER = "Location (blank: the main one); costs in its currency"
LOCATION_COLUMN = {"roles": "L", "items": "M", "papers": "H"}
"""The Location column of the roles, resources and paperwork input tables."""


def fx_rate(table: str, input_row: int, month_no: str) -> str:
    """The exchange rate (cost-currency units per reporting unit) of an input row's location in
    the plan year of `month_no` (a cell): its row of the Rates table (a blank location is the main
    one, `MainLocation`), the column of year INT((month - 1) / 12) + 1. Divide a cost by it."""
    loc = f"Assumptions!${LOCATION_COLUMN[table]}${input_row}"
    return (
        f'INDEX(RateByYear,MATCH(IF({loc}="",MainLocation,{loc}),RateLocation,0),'
        f"INT(({month_no}-1)/12)+1)"
    )


def _rate_rows(plan: Plan) -> list[tuple[str, str, float, float, list[float]]]:
    """(location, currency, year-1 rate, yearly drift, rates by year) of each cost location, the
    main location first (in the reporting currency at 1 when the plan names no cost location
    for it)."""
    settings = plan.settings
    places = [settings.cost_location(name) for name in settings.cost_location_names()]
    return [(p.name, p.currency, p.rate, p.yearly_drift, list(p.rates_by_year)) for p in places]


def _rates(w: Writer, inputs: _Inputs, plan: Plan) -> None:
    """The Rates table: each cost location's currency and its rate per plan year (cost-currency
    units per reporting unit). Year cells are formulas rate x (1 + drift)^(year - 1), or the
    typed rate of each year (the last one for later years). Names RateLocation, RateByYear."""
    ws = w.sheets[SHEET]
    years = math.ceil(plan.months / 12)  # plan years: 12 months each, a last part year counts
    reporting = plan.settings.currency
    title = f"Rates: units of each cost currency per {reporting}"
    ws.write_string(inputs.row, 0, title, w.f_section)
    inputs.row += 1
    headers = ["Location", "Currency", "Rate in year 1", "Yearly drift"]
    headers += [f"Year {y}" for y in range(1, years + 1)]
    for c, header in enumerate(headers):
        ws.write_string(inputs.row, c, header, w.f_header)
    inputs.row += 1
    first = inputs.row
    rate_in = w.fmt.get("dec2", input_=True)
    for name, currency, rate, drift, by_year in _rate_rows(plan):
        r = inputs.row
        w.write_text(ws, r, 0, name, input_=True)
        w.write_text(ws, r, 1, currency, input_=True)
        w.write_number(ws, r, 2, rate, rate_in)
        w.write_number(ws, r, 3, drift, w.fmt.get("pct", input_=True))
        for y in range(1, years + 1):
            if by_year:
                w.write_number(ws, r, 3 + y, by_year[min(y, len(by_year)) - 1], rate_in)
            else:
                value = rate * (1.0 + drift) ** (y - 1)
                formula = f"=C{r + 1}*(1+D{r + 1})^{y - 1}"
                ws.write_formula(r, 3 + y, formula, w.fmt.get("dec2"), value)
        inputs.widen(0, len(name) + 3)
        inputs.row += 1
    last = inputs.row
    w.wb.define_name("RateLocation", f"={SHEET}!$A${first + 1}:$A${last}")
    end = xl_col_to_name(3 + years)
    w.wb.define_name("RateByYear", f"={SHEET}!$E${first + 1}:${end}${last}")
    note = f"A cost in a location's currency / the year's rate = the cost in {reporting}."
    ws.write_string(inputs.row, 0, note, w.f_note)
    inputs.row += 2


def _scalar_rows(plan: Plan) -> list[tuple[str, str, Any, str, str]]:
    """(kind, label, value, unit, workbook name) of each scalar input; kind "section" heads a
    group."""
    s, st, fin = plan.settings, plan.staffing, plan.financing
    return [
        ("section", "Plan", None, "", ""),
        ("text", "Plan name", s.name, "", ""),
        ("text", "Currency", s.currency, "", ""),
        ("text", "First month", s.first_month, "YYYY-MM", ""),
        ("int", "Horizon", s.horizon_months, "months", "HorizonMonths"),
        ("text", "Location", s.location, "", "MainLocation"),
        ("text", "Delivery model", s.delivery_model, "", ""),
        ("section", "Staffing", None, "", ""),
        ("dec2", "Paid hours per person", st.paid_hours_per_month, "hours per month",
         "PaidHoursPerMonth"),
        ("pct", "Shrinkage", st.shrinkage, "of paid time", "Shrinkage"),
        ("pct", "Payroll burden", st.burden, "on top of wages", "Burden"),
        ("pct", "Yearly raise", st.yearly_raise, "every 12 months", "YearlyRaise"),
        ("pct", "Yearly attrition", st.yearly_attrition, "of staff per year", "YearlyAttrition"),
        ("int", "Hiring lead", st.hiring_lead_months, "months", "HiringLeadMonths"),
        ("dec", "Training", st.training_weeks, "weeks", "TrainingWeeks"),
        ("text", "Productive after training", _ramp_words(st.ramp_up), "share by week", ""),
        ("int", "Ramp-up", len(st.ramp_up), "weeks after training", "RampWeeks"),
        ("money", "Recruiting cost per hire", st.recruiting_cost_per_hire, s.currency,
         "RecruitingCostPerHire"),
        ("text", "Shift pattern", st.shift_pattern.replace("_", " "), "", ""),
        ("pct", "Night premium", st.night_premium, "extra pay on hours 22:00-06:00",
         "NightPremium"),
        ("pct", "Night share", st.hours_at_night,
         "of shift workers' hours" + (" (from the shift pattern)" if st.night_share is None
                                      else ""), "NightShare"),
        ("section", "Resources and marketing", None, "", ""),
        ("int", "Sites", plan.resources.sites, "sites", "Sites"),
        ("int", "Sales cycle", plan.marketing.sales_cycle_months, "months", "SalesCycleMonths"),
        ("section", "Financing", None, "", ""),
        ("money", "Opening cash", fin.opening_cash, s.currency, "OpeningCash"),
        ("money", "Minimum cash buffer", fin.minimum_cash, s.currency, "MinimumCash"),
        ("pct", "Corporate tax rate", fin.tax_rate, "of positive profit", "TaxRate"),
        *_tax_rows(plan),
        ("pct", "Interest on cash", fin.cash_interest_rate, "a year, on opening cash",
         "CashInterestRate"),
        ("money", "Credit line limit", fin.credit_line.limit if fin.credit_line else 0.0,
         s.currency, "CreditLimit"),
        ("pct", "Credit line rate", fin.credit_line.yearly_rate if fin.credit_line else 0.0,
         "a year, on the balance owed", "CreditRate"),
        ("pct", "Contingency", fin.contingency, "of the spending in sources and uses",
         "Contingency"),
        ("dec2", "DSCR covenant", fin.dscr_covenant, "lowest yearly DSCR a lender accepts",
         "DscrCovenant"),
    ]  # fmt: skip


def _tax_rows(plan: Plan) -> list[tuple[str, str, Any, str, str]]:
    """The tax rules' scalar inputs (`planner.engine.tax`), named for the P&L's tax block."""
    tax, cur = plan.financing.tax, plan.settings.currency
    every = 3 if tax.payment == "quarterly" else 1
    return [
        ("int", "Losses lapse after", tax.loss_years, "years (0: never)", "LossYears"),
        ("pct", "Share of profit losses may offset", tax.loss_offset_share,
         "of the year's profit above the next line", "LossOffsetShare"),
        ("money", "Profit losses may offset in full", tax.loss_offset_threshold, cur,
         "LossOffsetThreshold"),
        ("pct", "Minimum tax rate", tax.minimum_rate, "of the year's gross income", "MinTaxRate"),
        ("money", "Minimum tax per year", tax.minimum_amount, cur, "MinTaxAmount"),
        ("int", "Minimum tax from year", tax.minimum_from_year, "plan year", "MinTaxFromYear"),
        ("int", "Income tax paid every", every,
         "months (3: the month after each calendar quarter)", "TaxPaidEvery"),
        ("pct3", "Tax on revenue", tax.revenue_tax_rate, "of revenue", "RevenueTaxRate"),
        ("pct3", "Tax on payments", tax.payments_tax_rate, "of money paid out",
         "PaymentsTaxRate"),
    ]  # fmt: skip


def _tax_schedule(inputs: _Inputs, plan: Plan) -> None:
    """The income tax rates by plan year (at least one row: the plan's one rate on profit)."""
    rows = [[p.from_year, p.rate, p.base] for p in plan.financing.tax_schedule()]
    at = inputs.table(
        "Income tax rates by year (taxed on: profit, gross_income or revenue)",
        ["From year", "Rate", "Taxed on"],
        rows,
        ["int", "pct", "text"],
    )
    for name, col in (("TaxFromYear", "A"), ("TaxRateByYear", "B"), ("TaxBase", "C")):
        inputs.w.wb.define_name(name, f"=Assumptions!${col}${at[0]}:${col}${at[-1]}")


def _ramp_words(ramp_up: list[float]) -> str:
    """The productivity curve after training in words: "50% -> 75% -> 100%"; "100% at once"."""
    shares = [percent(v, 1, trim=True) for v in [*ramp_up, 1.0]]
    return " -> ".join(shares) if ramp_up else "100% at once"


def _scalars(w: Writer, ws: Worksheet) -> int:
    """The header and the named scalar inputs; returns the next free row."""
    row = HEADER_ROW
    for c, title in enumerate(("Input", "Value", "Unit", "Name in formulas", "")):
        ws.write_string(row, c, title, w.f_header)
    row += 1
    for kind, text, value, unit, name in _scalar_rows(w.plan):
        if kind == "section":
            row += 1 if row > HEADER_ROW + 1 else 0
            ws.write_string(row, 0, text, w.f_section)
            row += 1
            continue
        ws.write_string(row, 0, text)
        if kind == "text":
            w.write_text(ws, row, 1, value, input_=True)
        else:
            w.write_number(ws, row, 1, value, w.fmt.get(kind, input_=True))
        ws.write_string(row, 2, unit, w.f_note)
        if name:
            w.define(name, SHEET, row, 1)
            ws.write_string(row, 3, name, w.f_note)
        row += 1
    return row


def _service_lines(inputs: _Inputs, plan: Plan) -> None:
    inputs.table(
        "Service lines",
        ["Id", "Name", "Family", "Work type", "Volume unit", "How it is staffed"],
        [
            [
                ln.id,
                ln.name,
                label(FAMILY_LABELS, ln.family),
                ln.workload.type,
                VOLUME_UNITS[ln.workload.type],
                workload_words(ln.workload),
            ]
            for ln in plan.specialty.service_lines
        ],
        ["text"] * 6,
    )


def _by_party(rows: tuple[int, ...], counts: list[int]) -> tuple[tuple[int, ...], ...]:
    """Excel rows split per client (or kind), `counts` service rows each."""
    out, at = [], 0
    for n in counts:
        out.append(rows[at : at + n])
        at += n
    return tuple(out)


def _clients(inputs: _Inputs, plan: Plan) -> tuple[tuple[int, ...], ...]:
    """One row per client service; the client's columns repeat on each of its service rows."""
    clients = plan.business_plan.clients
    headers, values, kinds = _with_base_fee(
        plan,
        ["Client", "Status", "Probability", *_CONTRACT_HEADERS],
        [
            [
                c.name,
                c.status,
                c.probability,
                s.service_line,
                c.start_month,
                s.monthly_volume,
                s.ramp_months,
                c.term_months,
                label(PRICING_LABELS, s.pricing_model),
                s.price,
                s.yearly_escalation,
                c.payment_days,
                c.invoicing,
                c.late_days,
                c.bad_debt_rate,
                c.renewal_probability,
                s.list_escalation,
                None,
            ]
            for c in clients
            for s in c.services
        ],
        [s.base_fee for c in clients for s in c.services],
    )
    rows = inputs.table("Clients (one row per service a client buys)", headers, values, kinds)
    return _by_party(rows, [len(c.services) for c in clients])


def _won_clients(inputs: _Inputs, plan: Plan) -> tuple[tuple[int, ...], ...]:
    """The contract each kind of marketing win signs, in the clients' columns (a win starts in the
    month it is won: no start month input); one row per service of a kind."""
    kinds = plan.marketing.won_clients
    if not kinds:
        return ()
    headers = ["Kind of won client", "", "Share of wins", *_CONTRACT_HEADERS]
    headers[4] = ""
    rows = [
        [
            k.name,
            "",
            k.share,
            s.service_line,
            None,
            s.monthly_volume,
            s.ramp_months,
            k.term_months,
            label(PRICING_LABELS, s.pricing_model),
            s.price,
            s.yearly_escalation,
            k.payment_days,
            k.invoicing,
            k.late_days,
            k.bad_debt_rate,
            k.renewal_probability,
            s.list_escalation,
            k.yearly_churn,
        ]
        for k in kinds
        for s in k.services
    ]
    title = "Contracts clients won by marketing sign"
    fees = [s.base_fee for k in kinds for s in k.services]
    excel = inputs.table(title, *_with_base_fee(plan, headers, rows, fees))
    return _by_party(excel, [len(k.services) for k in kinds])


def _bonuses(inputs: _Inputs, plan: Plan) -> tuple[int, ...]:
    """The pay calendar's bonuses (`InputRows.bonuses`)."""
    return inputs.table(
        "Bonuses (pay calendar)",
        ["Bonus", "Monthly wages a year", "Paid in months", "Burden charged"],
        [
            [b.name, b.share, ", ".join(str(m) for m in b.months), "Yes" if b.burden else "No"]
            for b in plan.staffing.bonuses
        ],
        ["text", "dec2", "text", "text"],
    )


def _loans(inputs: _Inputs, plan: Plan) -> tuple[int, ...]:
    """Loan terms: columns A..F (name, amount, yearly rate, term, start, grace), then the rate in
    each plan year from column G (`LOAN_YEAR_RATES_FROM`), blank where the loan has one rate."""
    years = int(plan_year(inputs.w.p.monthly["month_no"]).max())
    return inputs.table(
        "Loans",
        ["Loan", "Amount", "Yearly rate", "Term (months)", "Start month", "Grace (months)"]
        + [f"Rate in year {y}" for y in range(1, years + 1)],
        [
            [ln.name, ln.amount, ln.yearly_rate, ln.term_months, ln.start_month, ln.grace_months]
            + [ln.rates_by_year[y] if y < len(ln.rates_by_year) else None for y in range(years)]
            for ln in plan.financing.loans
        ],
        ["text", "money", "pct", "int", "int", "int"] + ["pct"] * years,
    )


def _roles(inputs: _Inputs, plan: Plan) -> tuple[int, ...]:
    return inputs.table(
        "Roles",
        [
            "Role",
            "Skill level",
            "Basis",
            "Monthly wage",
            "Direct (cost of sales)",
            "Start month",
            "Fixed count",
            "One per",
            "Of",
            "Works",
            "Employment",
            LOCATION_HEADER,
        ],
        [
            [
                r.name,
                r.skill_level,
                r.basis,
                r.monthly_wage,
                "Direct" if r.is_direct else "Overhead",
                r.start_month,
                r.fixed_count if r.basis == "fixed" else None,
                r.ratio_per if r.basis == "ratio" else None,
                r.ratio_of.replace("_", " ") if r.basis == "ratio" else "",
                r.work_pattern,
                r.employment,
                r.location,
            ]
            for r in plan.staffing.roles
        ],
        [
            "text",
            "text",
            "text",
            "money",
            "text",
            "int",
            "dec",
            "dec",
            "text",
            "text",
            "text",
            "text",
        ],
    )


def _items(inputs: _Inputs, plan: Plan) -> tuple[int, ...]:
    return inputs.table(
        "Resources",
        [
            "Item",
            "Category",
            "Basis",
            "Quantity",
            "One-time cost per unit",
            "Useful life (months)",
            "Monthly cost per unit",
            "Bought or leased",
            "Deposit per unit",
            "Deposit (months of monthly cost)",
            "Advance rent (months)",
            "Roles (per person in chosen roles)",
            LOCATION_HEADER,
        ],
        [
            [
                i.name,
                label(RESOURCE_CATEGORY_LABELS, i.category),
                i.basis.replace("_", " "),
                i.quantity,
                i.one_time_cost,
                i.useful_life_months,
                i.monthly_cost,
                i.ownership,
                i.deposit,
                i.deposit_months,
                i.advance_rent_months,
                ", ".join(i.roles),
                i.location,
            ]
            for i in plan.resources.items
        ],
        [
            "text",
            "text",
            "text",
            "dec",
            "money",
            "int",
            "money",
            "text",
            "money",
            "dec",
            "int",
            "text",
            "text",
        ],
    )


def _papers(inputs: _Inputs, plan: Plan) -> tuple[int, ...]:
    return inputs.table(
        "Paperwork",
        [
            "Item",
            "Category",
            "One-time fee",
            "Yearly fee",
            "Lead time (days)",
            "Status",
            "Start month",
            LOCATION_HEADER,
        ],
        [
            [
                p.name,
                p.category,
                p.one_time_fee,
                p.yearly_fee,
                p.lead_time_days,
                p.status.replace("_", " "),
                p.start_month,
                p.location,
            ]
            for p in plan.paperwork.items
        ],
        ["text", "text", "money", "money", "int", "text", "int", "text"],
    )


def _channels(inputs: _Inputs, plan: Plan) -> tuple[int, ...]:
    return inputs.table(
        "Marketing channels",
        [
            "Channel",
            "Monthly budget",
            "Leads per month",
            "Conversion rate",
            "Start month",
            "End month",
        ],
        [
            [
                c.name,
                c.monthly_budget,
                c.leads_per_month,
                c.conversion_rate,
                c.start_month,
                c.end_month if c.end_month is not None else plan.months,
            ]
            for c in plan.marketing.channels
        ],
        ["text", "money", "dec", "pct", "int", "int"],
    )
