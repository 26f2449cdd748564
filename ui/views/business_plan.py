"""Step 2, business plan: pricing, clients and pipeline, funding; revenue, P&L, cash, break-even."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from planner.charts import figures
from planner.engine.projection import Projection
from planner.export.tables import table_csv
from planner.model.labels import (
    COUNTRY_LABELS,
    INDUSTRY_LABELS,
    NOT_WITHIN_PLAN,
    VOLUME_UNITS,
)
from planner.model.limits import bounds
from planner.model.numbers import NumberSpec
from planner.model.plan import (
    Client,
    CreditLine,
    EquityInjection,
    Financing,
    Loan,
    Service,
    Settings,
)
from planner.model.text import plain
from planner.report import tables
from planner.report.format import amount, number, percent
from planner.report.funding import below_covenant, sources_and_uses
from planner.report.yearly import year_label
from ui.components.contracts import (
    contract_columns,
    pricing_columns,
    show_base_fee_afresh,
)
from ui.components.lists import list_field, list_text
from ui.components.tax_rules import tax_rules
from ui.components.widgets import (
    CELLS_REFUSED,
    chart,
    csv_download,
    edit_table,
    field_limits,
    kpi_card,
    money,
    money_column,
    month_column,
    name_column,
    number_input,
    page_header,
    percent_column,
    percent_input,
    projection_or_stop,
    save_fields,
    save_table,
    section_errors,
    show_row_errors,
    static_table,
    wkey,
)
from ui.session import state
from ui.session.figures import cached

charts = cached(figures)  # each figure built once per plan content (ui.session.figures)


class ClientService(Service):
    """A row of the services table: a service and the name of the client that buys it."""

    client: str


page_header(
    "Step 2 · Business plan",
    "Who pays you, how much and when; how you fund the start. The figures below follow every "
    "change: revenue, profit, cash, the break-even month and the funding you need.",
    step="business_plan",
)

plan = state.get_plan()
cur = plan.settings.currency
lines = {s.id: s for s in plan.specialty.service_lines}

with st.expander("Plan basics: name, currency, start month, horizon", expanded=False):
    s = plan.settings
    c1, c2, c3, c4 = st.columns(4)
    name = c1.text_input("Plan name", s.name, key=wkey(f"settings.name:{s.name}"), max_chars=120,
                         help="Shown in 'My plans' and on the written plan.")  # fmt: skip
    currency = c2.text_input(
        "Currency (3-letter code)", s.currency, key=wkey("settings.currency"), max_chars=3,
        help="Every amount in the plan is in this currency, e.g. USD, EUR, PHP.",
    ).upper()  # fmt: skip
    first_month = c3.text_input(
        "First month (YYYY-MM)", s.first_month, key=wkey("settings.first_month"),
        help="The plan's month 1: usually the month you open the doors.",
    )  # fmt: skip
    horizon = number_input(
        "Horizon (months)", s.horizon_months, "settings.horizon",
        "How many months the plan covers ({} to {}).".format(
            *bounds(Settings, "horizon_months").input_range()
        ), limits=bounds(Settings, "horizon_months"), where=c4,
    )  # fmt: skip
    save_fields(
        "settings", {"name": "Plan name", "currency": "Currency", "first_month": "First month"},
        name=name, currency=currency, first_month=first_month, horizon_months=int(horizon),
    )  # fmt: skip

st.subheader("Clients and pricing")
if not lines:
    st.warning("Choose your service lines in step 1 first: each client buys one of them.")
st.caption(
    "Pipeline prospects count at their chance of signing. "
    "Volume is at full run rate, in the service line's unit: "
    + "; ".join(f"{plain(v.name)}: {VOLUME_UNITS[v.workload.type]}" for v in lines.values())
)
CLIENT_LABELS = {
    "name": "Client", "status": "Status", "probability": "Chance of signing",
    "start_month": "Start month", "term_months": "Term (months)",
    "payment_days": "Pays after (days)",
    "invoicing": "Invoiced", "late_days": "Days late", "bad_debt_rate": "Never paid",
    "renewal_probability": "Chance of renewing",
    "industry": "Industry", "country": "Country",
}  # fmt: skip
SERVICE_LABELS = {
    "client": "Client", "service_line": "Service line", "monthly_volume": "Volume / month",
    "ramp_months": "Ramp-up (months)", "pricing_model": "Pricing model", "price": "Price",
    "yearly_escalation": "Yearly price rise", "list_escalation": "Yearly price-list rise",
    "base_fee": "Monthly base fee",
}  # fmt: skip
client_cols = {
    "name": name_column(CLIENT_LABELS["name"], "The client's or prospect's name.",
                        width="medium"),
    "status": st.column_config.SelectboxColumn(
        CLIENT_LABELS["status"], options=["signed", "pipeline"], required=True, default="pipeline",
        help="Signed: a contract. Pipeline: a prospect, weighted by its chance of signing.",
    ),
    "probability": percent_column(CLIENT_LABELS["probability"], "For pipeline prospects.",
                                  Client, "probability", default=0.5),
    "start_month": month_column(
        CLIENT_LABELS["start_month"],
        f"Plan month the work starts (1 = {plan.settings.first_month}).", Client, "start_month",
    ),
    **contract_columns(CLIENT_LABELS, Client),
}  # fmt: skip
client_cols["industry"] = st.column_config.SelectboxColumn(
    CLIENT_LABELS["industry"], options=list(INDUSTRY_LABELS), format_func=INDUSTRY_LABELS.get,
    help="Some industries bring compliance rules (health care: HIPAA); see step 3.",
)  # fmt: skip
client_cols["country"] = st.column_config.SelectboxColumn(
    CLIENT_LABELS["country"], options=list(COUNTRY_LABELS), format_func=COUNTRY_LABELS.get,
    help="Where the client is; some countries bring rules (Canada: PIPEDA, the EU: GDPR).",
)  # fmt: skip
st.markdown("**Clients**: one row per client or prospect, whatever it buys")
clients, errors = edit_table("clients", plan.business_plan.clients, Client, client_cols)
save_table("business_plan.clients", clients, errors, **CLIENT_LABELS)

current = state.get_plan().business_plan.clients
names = [c.name for c in current]
st.markdown("**What each client buys**: one row per service a client buys (choose the client "
            "by name); a client buying two service lines has two rows")  # fmt: skip
service_cols = {
    "client": st.column_config.SelectboxColumn(
        SERVICE_LABELS["client"], options=names, required=True, width="medium",
        help="The client (from the table above) that buys this service.",
    ),
    "service_line": st.column_config.SelectboxColumn(
        SERVICE_LABELS["service_line"], options=list(lines), required=True, width="medium",
        format_func=lambda i: lines[i].name if i in lines else i,
        help="What the client buys (your service lines from step 1).",
    ),
    "monthly_volume": st.column_config.NumberColumn(
        SERVICE_LABELS["monthly_volume"], **field_limits(Service, "monthly_volume"),
        format="%,.0f", required=True,
        help="Contacts, items or hours per month at full run rate (see the caption above).",
    ),
    "ramp_months": st.column_config.NumberColumn(
        SERVICE_LABELS["ramp_months"], **field_limits(Service, "ramp_months"), step=1, default=0,
        help="Months to reach full volume (0: full volume from the start).",
    ),
    **pricing_columns(SERVICE_LABELS, [s for c in current for s in c.services], cur),
    "yearly_escalation": percent_column(SERVICE_LABELS["yearly_escalation"],
                                        "Price rise each contract year.", Service,
                                        "yearly_escalation", default=0.0),
    "list_escalation": percent_column(
        SERVICE_LABELS["list_escalation"], "Yearly rise of your price list: a client signing in "
        "plan year 2 starts at price x (1 + this), in year 3 x (1 + this) twice, and so on.",
        Service, "list_escalation", default=0.0,
    ),
}  # fmt: skip
if len(set(names)) != len(names):
    st.warning("Two clients have the same name: give each client its own name to choose it "
               "for a service.")  # fmt: skip
else:
    rows = [ClientService(client=c.name, **s.model_dump()) for c in current for s in c.services]
    services, s_errors = edit_table("client_services", rows, ClientService, service_cols,
                                    title="client")  # fmt: skip
    if services is not None:
        services = [s for s in services if s.client in names]
        grouped = {n: [Service(**s.model_dump(exclude={"client"})) for s in services
                       if s.client == n] for n in names}  # fmt: skip
        new = [c.model_copy(update={"services": grouped[c.name]}) for c in current]
        if new != current:
            section_errors(state.update_section(
                "business_plan.clients", [c.model_dump(mode="json") for c in new]
            ), labels=SERVICE_LABELS)  # fmt: skip
            saved = state.get_plan().business_plan.clients
            show_base_fee_afresh(service_cols, [s for c in saved for s in c.services], s_errors)
    # Each refused cell under the table, named by row (its client) and column; the rest is saved.
    show_row_errors(s_errors, SERVICE_LABELS, heading=CELLS_REFUSED)

st.subheader("Funding")
fin = plan.financing
f1, f2, f3 = st.columns(3)
opening = number_input(
    f"Your own money at the start ({cur})", fin.opening_cash, "fin.opening",
    "Cash in the company's bank account on day one (paid-in capital).",
    limits=bounds(Financing, "opening_cash"), money=True, where=f1,
)  # fmt: skip
minimum = number_input(
    f"Minimum cash to keep ({cur})", fin.minimum_cash, "fin.minimum",
    "The buffer you never want to go below. 'Funding needed' keeps you above it.",
    limits=bounds(Financing, "minimum_cash"), money=True, where=f2,
)  # fmt: skip
with f3:
    tax = percent_input("Corporate tax rate", fin.tax_rate, "fin.tax",
                        "Tax on profit; losses are carried forward. 'Tax rules' below can "
                        "set rates by year, other bases, loss limits and a minimum tax.",
                        limits=bounds(Financing, "tax_rate"))  # fmt: skip
save_fields("financing", opening_cash=opening, minimum_cash=minimum, tax_rate=tax)

# A rate in the list of rates by plan year: typed in percent, as 'Interest a year'. (A comment:
# a bare string here would be drawn on the page.)
RATE_LIST = NumberSpec(bounds(Loan, "yearly_rate"), percent=True)


def _loan_row(loan: Loan) -> dict[str, object]:
    return {
        **loan.model_dump(mode="json"),
        "rates_by_year": list_text(loan.rates_by_year, RATE_LIST),
    }


def _loan_from(row: dict[str, object]) -> dict[str, object]:
    return {**row, "rates_by_year": list_field(row.get("rates_by_year"), RATE_LIST)}


e_col, _ = st.columns([1, 2])
with e_col:
    st.markdown("**Equity injections**: more money from you or investors")
    eq_cols = {
        "month": month_column("Month", "Plan month the money arrives.", EquityInjection, "month",
                              required=True),
        "amount": money_column("Amount", "Money put in that month.", EquityInjection, "amount",
                               currency=cur, required=True),
    }  # fmt: skip
    equity, eq_errors = edit_table("equity", plan.financing.equity, EquityInjection, eq_cols)
    save_table("financing.equity", equity, eq_errors, month="Month", amount="Amount")
with st.container():  # full width: the loans table has seven columns
    st.markdown(
        "**Loans**: repaid monthly (annuity) from the month after the money arrives; grace "
        "months pay interest only; a rate per plan year makes the rate variable"
    )
    loan_cols = {
        "name": name_column("Loan", "Lender or purpose.", width="medium", default="Bank loan"),
        "amount": money_column("Amount", "Money borrowed.", Loan, "amount", currency=cur,
                               required=True),
        "yearly_rate": percent_column("Interest a year", "Yearly interest rate.", Loan,
                                      "yearly_rate", default=0.1),
        "term_months": st.column_config.NumberColumn("Term (months)",
                                                     **field_limits(Loan, "term_months"),
                                                     step=1, default=60,
                                                     help="Months to repay the loan."),
        "start_month": month_column("Month received", "Plan month the money arrives.", Loan,
                                    "start_month"),
        "grace_months": st.column_config.NumberColumn(
            "Grace (months)", **field_limits(Loan, "grace_months"), step=1, default=0,
            width="small",
            help="Months after the money arrives with interest only, no repayment; then equal "
            "payments over the rest of the term (counted in it)."),
        "rates_by_year": st.column_config.TextColumn(
            "Rate by plan year", width="small",
            help="A variable rate: the yearly rate in plan year 1, 2, ... (e.g. 9, 10, 11); "
            "later years keep the last one; the payment is recomputed on what is owed and the "
            "months left when the rate changes. Blank: 'Interest a year' throughout."),
    }  # fmt: skip
    loans, loan_errors = edit_table(
        "loans", plan.financing.loans, Loan, loan_cols, to_row=_loan_row, from_row=_loan_from
    )
    save_table("financing.loans", loans, loan_errors, name="Loan", amount="Amount")

st.markdown("**For a lender**: interest on cash, a credit line, a contingency and the covenant")
line = fin.credit_line
v1, v2, v3, v4, v5 = st.columns(5)
cash_rate = percent_input(
    "Interest on cash a year", fin.cash_interest_rate, "fin.cash_rate",
    "What the bank pays on cash: each month the opening balance (if positive) x this rate / 12, "
    "income before tax.", limits=bounds(Financing, "cash_interest_rate"), where=v1,
)  # fmt: skip
credit_limit = number_input(
    f"Credit line limit ({cur})", line.limit if line else 0.0, "fin.credit_limit",
    "An overdraft drawn automatically when cash would fall below your minimum cash, repaid "
    "first when there is cash above it; never more than this. 0: no credit line.",
    limits=bounds(CreditLine, "limit"), money=True, where=v2,
)  # fmt: skip
credit_rate = percent_input(
    "Credit line interest a year", line.yearly_rate if line else 0.12, "fin.credit_rate",
    "Interest on what is owed at the start of each month x this rate / 12.",
    limits=bounds(CreditLine, "yearly_rate"), where=v3,
)  # fmt: skip
contingency = percent_input(
    "Contingency", fin.contingency, "fin.contingency",
    "A reserve for costs that run over, as a share of the spending in sources and uses "
    "(equipment, deposits, running costs not yet covered); added to the funding requested.",
    limits=bounds(Financing, "contingency"), where=v4,
)  # fmt: skip
covenant = number_input(
    "Debt-service coverage covenant", fin.dscr_covenant, "fin.covenant",
    "The lowest yearly DSCR (EBITDA - tax paid) / (interest + loan principal) a lender accepts; "
    "years below it are flagged. 1.25 is common.",
    limits=bounds(Financing, "dscr_covenant"), where=v5,
)  # fmt: skip
save_fields(
    "financing",
    cash_interest_rate=cash_rate,
    credit_line=CreditLine(limit=credit_limit, yearly_rate=credit_rate) if credit_limit else None,
    contingency=contingency,
    dscr_covenant=covenant,
)
with st.expander("Tax rules: rates by year, losses, minimum tax, when tax is paid, other taxes",
                 expanded=bool(fin.tax.schedule)):  # fmt: skip
    tax_rules(plan)

# --- the figures ---------------------------------------------------------------------------------


def _lender_view(p: Projection) -> None:
    """What a lender sees: DSCR by year against the covenant (a warning under it), the founders'
    return and payback, and sources and uses with the contingency."""
    k, fin = p.kpis, p.plan.financing
    cur = p.plan.settings.currency
    st.markdown("**What a lender sees**")
    below = below_covenant(k.dscr_by_year, fin.dscr_covenant)
    if below:
        months = p.monthly["month"].tolist()
        years = ", ".join(year_label(months, y.year) for y in below)
        st.warning(
            f"Debt-service coverage below the {number(fin.dscr_covenant, 2)} covenant in {years}: "
            "that year's EBITDA less tax does not cover its interest and loan principal "
            f"{number(fin.dscr_covenant, 2)} times.",
            icon=":material/warning:",
        )
    d1, d2, d3, d4 = st.columns(4)
    with d1:
        dscr = "none" if k.min_dscr is None else number(k.min_dscr, 2)
        kpi_card("Lowest DSCR", dscr,
                 "(EBITDA - tax paid) / (interest + loan principal), weakest year.")  # fmt: skip
    with d2:
        kpi_card("Founders' return (IRR)", "none" if k.founders_irr is None
                 else percent(k.founders_irr, 1),
                 "A year: money in against the cash left after all debt at the end.")  # fmt: skip
    with d3:
        kpi_card("Founders' payback", k.founders_payback_month or NOT_WITHIN_PLAN,
                 "From here the cash left after all debt stays above your money in.")  # fmt: skip
    with d4:
        earned = money(k.total_interest_income, cur, compact=True)
        kpi_card("Most owed on the credit line", money(k.credit_line_peak, cur, compact=True),
                 f"Its highest balance. Interest earned on cash: {earned}.")  # fmt: skip
    t1, t2 = st.columns(2)
    with t1:
        if k.dscr_by_year:
            months = p.monthly["month"].tolist()
            frame = pd.DataFrame(
                [
                    {
                        "Plan year": year_label(months, y.year),
                        f"EBITDA - tax paid ({cur})": amount(y.cash_available, cur),
                        f"Interest + principal ({cur})": amount(y.debt_service, cur),
                        "DSCR": number(y.dscr, 2),
                        "Covenant": "below" if y.dscr < fin.dscr_covenant else "meets",
                    }
                    for y in k.dscr_by_year
                ]
            )
            static_table(frame, hide_index=True)
        else:
            st.caption("No loan interest or repayments: no debt-service coverage to show.")
    with t2:
        fund = sources_and_uses(p)
        rows = [("Sources", "")] + [(f"   {label}", amount(x, cur)) for label, x in fund.sources]
        rows.append(("Total sources", amount(fund.total, cur)))
        rows += [("Uses", "")] + [(f"   {label}", amount(x, cur)) for label, x in fund.uses]
        rows.append(("Total uses", amount(sum(x for _, x in fund.all_uses), cur)))
        st.caption(f"Sources and uses until {fund.until} ({cur})")
        static_table(
            pd.DataFrame(rows, columns=["Line", "Amount"]),
            hide_index=True,
            column_config={"Line": st.column_config.Column("Line", width="large")},
        )
        st.caption(
            f"Extra funding requested = funding needed ({money(k.funding_needed, cur)}) + the "
            f"contingency ({money(fund.contingency, cur)})."
        )


p = projection_or_stop()
k = p.kpis
cur = p.plan.settings.currency
st.subheader("What it adds up to")
c1, c2, c3, c4 = st.columns(4)
with c1:
    kpi_card("Revenue over the plan", money(k.total_revenue, cur, compact=True),
             f"All clients over {p.plan.months} months, pipeline weighted by chance.")  # fmt: skip
with c2:
    kpi_card("Break-even month", k.break_even_month or NOT_WITHIN_PLAN,
             "From here on, every three months together make a profit.")  # fmt: skip
with c3:
    kpi_card("Funding needed", money(k.funding_needed, cur, compact=True),
             "Extra cash at the start to stay above your minimum cash.")  # fmt: skip
with c4:
    kpi_card("Lowest cash", money(k.lowest_cash, cur, compact=True),
             f"The tightest month: {k.lowest_cash_month}.")  # fmt: skip

_lender_view(p)

g1, g2 = st.columns(2)
with g1:
    chart(charts.revenue_and_costs(p), key="bp_revenue_costs")
with g2:
    chart(charts.cash_balance(p), key="bp_cash")
chart(
    charts.revenue_by_client(p), key="bp_revenue_clients",
    empty="No revenue yet: add a client above, or let marketing's won clients bring revenue "
    "(step 6).",
)  # fmt: skip

head, button = st.columns([3, 1], vertical_alignment="bottom")
head.markdown(f"**Profit and loss and cash by year** ({cur})")
with button:
    csv_download(
        "Month by month (CSV)", table_csv(p, "monthly"), "pnl-cash-by-month",
        key="bp_download_monthly",
        help="The profit and loss, cash flow and balance sheet for every month of the plan, "
        "one row per month, for a spreadsheet.",
    )  # fmt: skip
statement = tables.yearly_statement(p)
static_table(
    statement.style.format(lambda x: amount(x, cur)),
    column_config={"_index": st.column_config.Column("Line", width="medium")},
)

# --- the written plan --------------------------------------------------------------------------
st.subheader("The written plan")
st.caption("These texts go into the business plan document (Export page). Plain words are best.")
n = plan.business_plan.narrative
TEXTS = {
    "executive_summary": ("Executive summary", "In five sentences: what you sell, to whom, why you "
                          "win, what you need and what the lender or investor gets back."),
    "mission": ("Mission", "Why the company exists, in one or two sentences."),
    "market": ("Market", "Who buys these services, how many of them, how they buy today."),
    "competition": ("Competition", "Who else serves them and where you are better or cheaper."),
    "funding_request": ("Funding request", "How much you ask for, in what form, and what for."),
}  # fmt: skip
t1, t2 = st.columns(2)
values = {}
for i, (field, (label, help_text)) in enumerate(TEXTS.items()):
    with t1 if i % 2 == 0 else t2:
        values[field] = st.text_area(label, getattr(n, field), key=wkey(f"narrative.{field}"),
                                     help=help_text, height=140, max_chars=20_000)  # fmt: skip
save_fields("business_plan.narrative", **values)
