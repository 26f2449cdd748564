"""Step 3, paperwork: the checklist with status, fees and lead times; the timeline to launch; the
compliance items the chosen services, the clients' industries and countries and the site imply,
each with its reason."""

from __future__ import annotations

import streamlit as st

from planner.charts import figures as charts
from planner.export.tables import csv_bytes
from planner.model.labels import PAPERWORK_CATEGORY_LABELS, PAPERWORK_STATUS_LABELS
from planner.model.plan import PaperworkItem
from planner.report import tables
from planner.steps.paperwork import implied_compliance, paperwork_timeline
from ui.components.locations import (
    currency_caption,
    largest_cost_rate,
    location_column,
)
from ui.components.widgets import (
    chart,
    csv_download,
    edit_table,
    field_limits,
    kpi_card,
    money,
    money_column,
    name_column,
    page_header,
    projection_or_stop,
    save_table,
    section_errors,
)
from ui.session import state

page_header(
    "Step 3 · Paperwork",
    "Registrations, taxes, licences, insurance and the compliance your clients will ask for. "
    "Lead times decide how early you must start; fees go into the costs.",
    step="paperwork",
)

plan = state.get_plan()
cur = plan.settings.currency

CATEGORIES = PAPERWORK_CATEGORY_LABELS
STATUS = PAPERWORK_STATUS_LABELS
LABELS = {
    "name": "Item", "category": "Category", "status": "Status", "one_time_fee": "One-time fee",
    "yearly_fee": "Yearly fee", "lead_time_days": "Lead time (days)", "notes": "Notes",
    "start_month": "Start month",
    "location": "Location (currency)",
}  # fmt: skip
cost_cur, cost_rate = plan.settings.cost_currency_words(), largest_cost_rate(plan.settings)
columns = {
    "name": name_column(LABELS["name"], "E.g. 'Company registration', 'VAT number'."),
    "category": st.column_config.SelectboxColumn(
        LABELS["category"], options=list(CATEGORIES), format_func=CATEGORIES.__getitem__,
        default="registration", required=True, help="Kind of paperwork."),
    "status": st.column_config.SelectboxColumn(
        LABELS["status"], options=list(STATUS), format_func=STATUS.__getitem__, default="to_do",
        required=True, help="Where you are with it."),
    "location": location_column(plan.settings),
    "one_time_fee": money_column(LABELS["one_time_fee"],
                                 "Paid once, in the item's start month.",
                                 PaperworkItem, "one_time_fee", currency=cost_cur, rate=cost_rate),
    "yearly_fee": money_column(LABELS["yearly_fee"],
                               "Paid at the start of each year it covers (the start month, then "
                               "every 12 months) and counted as a cost of 1/12 a month; the "
                               "part not yet used is a prepaid asset.", PaperworkItem,
                               "yearly_fee", currency=cost_cur, rate=cost_rate),
    "start_month": st.column_config.NumberColumn(
        LABELS["start_month"], **field_limits(PaperworkItem, "start_month"), step=1, default=1,
        help="Plan month the item starts: 1 = launch, 13 = the start of year 2 (e.g. a "
             "certification clients ask for in year 2). Its one-time fee is paid then and its "
             "yearly fee's years run from it."),
    "lead_time_days": st.column_config.NumberColumn(
        LABELS["lead_time_days"], **field_limits(PaperworkItem, "lead_time_days"), step=1,
        default=0,
        help="Calendar days from applying to having it."),
    "notes": st.column_config.TextColumn(LABELS["notes"], width="large",
                                         help="Office, documents needed, source."),
}  # fmt: skip
st.subheader("Checklist")
items, errors = edit_table("paperwork", plan.paperwork.items, PaperworkItem, columns)
save_table("paperwork.items", items, errors, **LABELS)
currency_caption(plan.settings)

plan = state.get_plan()
st.subheader("Compliance your services and clients imply")
flags = implied_compliance(plan)
if not flags:
    st.success(
        "None of your service lines, clients or your site implies a compliance regime we know of."
    )
for flag in flags:
    if flag.covered:
        st.success(
            f"**{flag.item}**: {flag.reason}.  \nOn your checklist as "
            f"{', '.join(repr(x) for x in flag.covered_by)}.",
            icon=":material/verified:",
        )
        continue
    if flag.declined_by:
        st.info(
            f"**{flag.item}**: {flag.reason}.  \nOn your checklist as "
            f"{', '.join(repr(x) for x in flag.declined_by)}, marked *Not needed*: no fees or "
            "lead time counted. Change its status if a client asks for it.",
            icon=":material/do_not_disturb_on:",
        )
        continue
    box, action = st.columns([5, 1], vertical_alignment="center")
    box.warning(
        f"**{flag.item}**: {flag.reason}.  \nNot on your checklist yet.", icon=":material/flag:"
    )
    if action.button("Add to checklist", key=f"add_compliance_{flag.compliance_id}",
                     icon=":material/playlist_add:",
                     help="Catalog fees and lead time."):  # fmt: skip
        from planner.data.catalog import compliance_item, compliance_paperwork

        entry = compliance_item(flag.compliance_id)
        # the item is paid in the main location: its fee in that location's currency
        new_item = compliance_paperwork(flag.compliance_id, plan.settings.units_per_usd_of())
        current = state.get_plan().paperwork.items
        problem = state.update_section(
            "paperwork.items", [x.model_dump(mode="json") for x in [*current, new_item]]
        )
        if problem:
            section_errors(problem)
        else:
            state.refresh_widgets()
            state.flash(f"Added **{entry.name}** to your checklist.")
            st.rerun()

p = projection_or_stop()
tot = tables.totals(p)
cur = p.plan.settings.currency
items_now = p.plan.paperwork.items
st.subheader("Fees and lead times")
c1, c2, c3, c4 = st.columns(4)
with c1:
    kpi_card("Paperwork fees over the plan", money(tot.paperwork_fees, cur, compact=True),
             "One-time and yearly fees, as costs of the plan's months.")  # fmt: skip
with c2:
    kpi_card("One-time fees", money(tot.one_time_paperwork_fees, cur, compact=True),
             "Paid in each item's start month (launch unless set later).")  # fmt: skip
with c3:
    kpi_card("Longest lead time", f"{tot.longest_lead_time_days} days",
             "Start that one first: it sets your earliest launch.")  # fmt: skip
with c4:
    kpi_card("Done", f"{tot.paperwork_done} of {tot.paperwork_items}", "Items done or not needed.")
if items_now:
    timeline = paperwork_timeline(p.plan)
    chart(
        charts.timeline_chart(
            timeline[timeline["status"] != "not_needed"], task="item", start="start_by",
            finish="needed_by", color="category",
            launch=f"{p.plan.settings.first_month}-01",
        ),
        key="pw_timeline",
    )  # fmt: skip
    note, button = st.columns([3, 1], vertical_alignment="center")
    note.caption(
        "Each bar runs from the day you must apply to the day the item is needed: the launch "
        "date (the plan's month 1), or the first day of its start month if it starts later."
    )
    with button:
        csv_download(
            "Checklist with dates (CSV)", csv_bytes(timeline), "paperwork-timeline",
            key="pw_download_timeline",
            help="Every checklist item with its status, fees, lead time and the date to apply by.",
        )  # fmt: skip
