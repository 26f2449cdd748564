"""Step 6, marketing: channels and budget, the funnel from leads to clients, clients won."""

from __future__ import annotations

import streamlit as st

from planner.charts import figures as charts
from planner.export.tables import table_csv
from planner.model.limits import bounds
from planner.model.plan import Channel, Marketing, Service, WonClient
from planner.report import tables
from planner.report.format import number
from ui.components.contracts import (
    contract_columns,
    pricing_columns,
    show_base_fee_afresh,
)
from ui.components.widgets import (
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
    projection_or_stop,
    save_fields,
    save_table,
    section_errors,
)
from ui.session import state


class KindService(Service):
    """A row of the won clients' services table: a service and the kind of won client buying it."""

    kind: str


page_header(
    "Step 6 · Marketing",
    "Where your leads come from, what they cost, how many become clients, and what a won client "
    "brings in. Won clients appear in the revenue and the staffing they need.",
    step="marketing",
)

plan = state.get_plan()
cur = plan.settings.currency

LABELS = {
    "name": "Channel", "monthly_budget": "Budget a month", "leads_per_month": "Leads a month",
    "conversion_rate": "Leads who sign", "start_month": "From month", "end_month": "Until month",
}  # fmt: skip
columns = {
    "name": name_column(LABELS["name"], "E.g. LinkedIn outreach, referrals, trade shows."),
    "monthly_budget": money_column(LABELS["monthly_budget"], "Spend on the channel each month.",
                                   Channel, "monthly_budget", currency=cur),
    "leads_per_month": st.column_config.NumberColumn(
        LABELS["leads_per_month"], **field_limits(Channel, "leads_per_month"), default=0.0,
        format="%.1f",
        help="Qualified prospects the channel brings each month."),
    "conversion_rate": percent_column(LABELS["conversion_rate"],
                                      "Share of leads that become clients.", Channel,
                                      "conversion_rate", default=0.05),
    "start_month": month_column(LABELS["start_month"], "Plan month the channel starts.", Channel,
                                "start_month"),
    "end_month": month_column(
        LABELS["end_month"], "Last plan month of the channel; blank: to the end of the plan.",
        Channel, "end_month", default=None),
}  # fmt: skip
st.subheader("Channels and budget")
channels, errors = edit_table("channels", plan.marketing.channels, Channel, columns)
save_table("marketing.channels", channels, errors, **LABELS)

cycle = number_input(
    "Sales cycle (months from lead to signed client)", plan.marketing.sales_cycle_months,
    "mk.cycle", "B2B outsourcing deals often take 3 to 9 months to close.",
    limits=bounds(Marketing, "sales_cycle_months"), where=st.columns(3)[0],
)  # fmt: skip
save_fields("marketing", sales_cycle_months=int(cycle))

st.subheader("What won clients sign")
plan = state.get_plan()
lines = {x.id: x for x in plan.specialty.service_lines}
st.caption(
    "One row per kind of client marketing wins, with its share of the wins (the shares add up "
    "to 100%), its contract term, invoicing and payment terms, its chance of renewing at the end "
    "of a term and its yearly churn; below, what each kind buys. No kinds: clients "
    "won are counted but not billed (the plan's revenue comes from the clients in step 2 only)."
)
KIND_LABELS = {
    "name": "Kind of won client", "share": "Share of wins", "term_months": "Term (months)",
    "payment_days": "Pays after (days)", "invoicing": "Invoiced", "late_days": "Days late",
    "bad_debt_rate": "Never paid", "renewal_probability": "Chance of renewing",
    "yearly_churn": "Yearly churn",
}  # fmt: skip
kind_cols = {
    "name": name_column(KIND_LABELS["name"], "E.g. Small clinic, Mid-size retailer.",
                        default="Won client"),
    "share": percent_column(KIND_LABELS["share"], "Share of marketing wins that are this kind.",
                            WonClient, "share", default=1.0),
    **contract_columns(KIND_LABELS, WonClient),
    "yearly_churn": percent_column(
        KIND_LABELS["yearly_churn"], "Expected share of these clients who leave within a year, "
        "at any time (applied each month: 1 - (1 - churn)^(1/12)).", WonClient, "yearly_churn",
        default=0.0,
    ),
}  # fmt: skip
kinds, k_errors = edit_table("won_kinds", plan.marketing.won_clients, WonClient, kind_cols)
save_table("marketing.won_clients", kinds, k_errors, **KIND_LABELS)

current = state.get_plan().marketing.won_clients
names = [k.name for k in current]
SERVICE_LABELS = {
    "kind": "Kind of won client", "service_line": "Service line",
    "monthly_volume": "Volume / month", "ramp_months": "Ramp-up (months)",
    "pricing_model": "Pricing model", "price": "Price", "yearly_escalation": "Yearly price rise",
    "list_escalation": "Yearly price-list rise", "base_fee": "Monthly base fee",
}  # fmt: skip
if current and not lines:
    st.warning("Choose a service line in step 1 first: a won client buys one.")
elif current:
    service_cols = {
        "kind": st.column_config.SelectboxColumn(SERVICE_LABELS["kind"], options=names,
                                                 required=True, width="medium"),
        "service_line": st.column_config.SelectboxColumn(
            SERVICE_LABELS["service_line"], options=list(lines), required=True, width="medium",
            format_func=lambda i: lines[i].name if i in lines else i,
        ),
        "monthly_volume": st.column_config.NumberColumn(
            SERVICE_LABELS["monthly_volume"], **field_limits(Service, "monthly_volume"),
            format="%,.0f", required=True, help="At full run rate, in the service line's unit.",
        ),
        "ramp_months": st.column_config.NumberColumn(
            SERVICE_LABELS["ramp_months"], **field_limits(Service, "ramp_months"), step=1,
            default=0,
        ),
        **pricing_columns(SERVICE_LABELS, [s for k in current for s in k.services], cur),
        "yearly_escalation": percent_column(SERVICE_LABELS["yearly_escalation"],
                                            "Price rise each contract year.", Service,
                                            "yearly_escalation", default=0.0),
        "list_escalation": percent_column(
            SERVICE_LABELS["list_escalation"], "Yearly rise of your price list: a client won in "
            "plan year 2 starts at price x (1 + this).", Service, "list_escalation", default=0.0,
        ),
    }  # fmt: skip
    rows = [KindService(kind=k.name, **s.model_dump()) for k in current for s in k.services]
    services, s_errors = edit_table("won_services", rows, KindService, service_cols)
    # Why a cell was refused, whether or not the other edits are saved below.
    save_table("marketing.won_clients", None, s_errors, **SERVICE_LABELS)
    if services is not None:
        grouped = {n: [Service(**s.model_dump(exclude={"kind"})) for s in services
                       if s.kind == n] for n in names}  # fmt: skip
        new = [k.model_copy(update={"services": grouped[k.name]}) for k in current]
        if new != current:
            section_errors(state.update_section(
                "marketing.won_clients", [k.model_dump(mode="json") for k in new]
            ), labels=SERVICE_LABELS)  # fmt: skip
            saved = state.get_plan().marketing.won_clients
            show_base_fee_afresh(service_cols, [s for k in saved for s in k.services], s_errors)

p = projection_or_stop()
tot = tables.totals(p)
cur = p.plan.settings.currency
st.subheader("From leads to clients")
c1, c2, c3 = st.columns(3)
with c1:
    kpi_card("Marketing spend over the plan", money(tot.marketing_spend, cur, compact=True),
             "All channels, all months.")  # fmt: skip
with c2:
    kpi_card("Leads over the plan", number(tot.leads), "Qualified prospects.")
with c3:
    kpi_card(
        "Clients won over the plan",
        number(tot.clients_won),
        "Whole clients signed, after the sales cycle.",
        # In the tooltip: under the card it overflowed the card's height (a scroll box).
        help="The funnel's 'expected clients' is leads x the share who sign, a fraction; only "
        "whole clients are won and billed.",
    )
g1, g2 = st.columns(2)
NO_LEADS = "No leads yet: add a channel above with the leads it brings each month."
with g1:
    chart(charts.marketing_funnel(p), key="mk_funnel", empty=NO_LEADS)
with g2:
    chart(
        charts.clients_won(p), key="mk_won",
        empty="No clients won yet: a channel's leads times the share who sign makes whole "
        "clients after the sales cycle.",
    )  # fmt: skip
chart(
    charts.marketing_spend(p), key="mk_spend",
    empty="No marketing spend: give a channel a budget a month above.",
)  # fmt: skip
csv_download(
    "Funnel by channel and month (CSV)", table_csv(p, "marketing"), "marketing-by-month",
    key="mk_download",
    help="For each channel and month: spend, leads and clients won.",
)  # fmt: skip
