"""Step 6, marketing: channels and budget, the funnel from leads to clients, clients won."""

from __future__ import annotations

import streamlit as st

from planner.charts import figures as charts
from planner.export.tables import table_csv
from planner.model.labels import PRICING_LABELS, VOLUME_UNITS
from planner.model.limits import bounds
from planner.model.plan import Channel, Contract, Marketing
from planner.report import tables
from planner.report.format import number
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
    percent_input,
    projection_or_stop,
    save_fields,
    save_table,
    section_errors,
    wkey,
)
from ui.session import state

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

st.subheader("What a won client signs")
plan = state.get_plan()
lines = {x.id: x for x in plan.specialty.service_lines}
won = plan.marketing.won_client
bill = st.toggle(
    "Won clients bring revenue", value=won is not None, key=wkey("mk.bill"),
    help="Off: clients won are counted but not billed (the plan's revenue comes from the clients "
    "in step 2 only).",
)  # fmt: skip
if bill and not lines:
    st.warning("Choose a service line in step 1 first: a won client buys one.")
elif bill:
    base = won or Contract(service_line=next(iter(lines)), monthly_volume=0.0)
    a, b, c = st.columns(3)
    line_id = a.selectbox(
        "Service line", list(lines), index=list(lines).index(base.service_line)
        if base.service_line in lines else 0, format_func=lambda i: lines[i].name,
        key=wkey("mk.won.line"), help="What a typical won client buys.",
    )  # fmt: skip
    volume = number_input(
        f"Volume a month ({VOLUME_UNITS[lines[line_id].workload.type]})", base.monthly_volume,
        "mk.won.volume", "At full run rate.", limits=bounds(Contract, "monthly_volume"), where=b,
    )  # fmt: skip
    ramp = number_input("Ramp-up (months)", base.ramp_months, "mk.won.ramp",
                        "Months to reach full volume.", limits=bounds(Contract, "ramp_months"),
                        where=c)  # fmt: skip
    d, e, f = st.columns(3)
    pricing = d.selectbox(
        "Pricing model", list(PRICING_LABELS), index=list(PRICING_LABELS).index(base.pricing_model),
        format_func=PRICING_LABELS.__getitem__, key=wkey("mk.won.pricing"), help="How you charge.",
    )  # fmt: skip
    price = number_input(f"Price ({cur} per unit)", base.price, "mk.won.price",
                         "Per unit of the pricing model.", limits=bounds(Contract, "price"),
                         money=True, where=e)  # fmt: skip
    with f:
        esc = percent_input("Yearly price rise", base.yearly_escalation, "mk.won.esc",
                            "Price rise each contract year.",
                            limits=bounds(Contract, "yearly_escalation"))  # fmt: skip
    new_won = base.model_copy(
        update={"service_line": line_id, "monthly_volume": volume, "ramp_months": int(ramp),
                "pricing_model": pricing, "price": price, "yearly_escalation": esc}
    )  # fmt: skip
    if new_won != won:
        section_errors(state.update_section("marketing.won_client", new_won))
elif won is not None:
    section_errors(state.update_section("marketing.won_client", None))

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
    kpi_card("Clients won over the plan", number(tot.clients_won),
             "Whole clients, after the sales cycle.")  # fmt: skip
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
