"""Step 4, resources: what each seat, person and site needs, bought or leased; capex, opex."""

from __future__ import annotations

import streamlit as st

from planner.charts import figures as charts
from planner.export.tables import table_csv
from planner.model.labels import RESOURCE_BASIS_LABELS, RESOURCE_CATEGORY_LABELS
from planner.model.limits import bounds
from planner.model.plan import ResourceItem, Resources
from planner.report import tables
from planner.report.format import number
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
    number_input,
    page_header,
    projection_or_stop,
    save_fields,
    save_table,
)
from ui.session import state

page_header(
    "Step 4 · Resources",
    "IT hardware, office space, furniture, internet, phone lines and the software your specialty "
    "needs. Per-seat items grow with the desks you need; bought items are capital spending "
    "(depreciated), leased items are monthly costs.",
    step="resources",
)

plan = state.get_plan()
cur = plan.settings.currency

sites = number_input(
    "Sites (offices)", plan.resources.sites, "resources.sites",
    "Number of offices: per-site items (a router, a reception desk) are counted per site.",
    limits=bounds(Resources, "sites"), where=st.columns(4)[0],
)  # fmt: skip
save_fields("resources", sites=int(sites))

BASIS_LABELS = RESOURCE_BASIS_LABELS
LABELS = {
    "name": "Item", "category": "Category", "basis": "Counted", "quantity": "Quantity",
    "ownership": "Buy or lease", "one_time_cost": "One-time cost", "useful_life_months":
    "Useful life (months)", "monthly_cost": "Monthly cost", "roles": "Roles (per person in)",
    "deposit": "Deposit per unit", "deposit_months": "Deposit (months of cost)",
    "advance_rent_months": "Rent paid ahead (months)", "notes": "Notes",
    "location": "Location (currency)",
}  # fmt: skip
cost_cur, cost_rate = plan.settings.cost_currency_words(), largest_cost_rate(plan.settings)
role_names = [r.name for r in plan.staffing.roles]
columns = {
    "name": name_column(LABELS["name"], "What it is, e.g. 'Desktop PC with two screens'."),
    "category": st.column_config.SelectboxColumn(
        LABELS["category"], options=list(RESOURCE_CATEGORY_LABELS), required=True, default="other",
        format_func=lambda c: RESOURCE_CATEGORY_LABELS.get(c, c), help="Kind of resource."),
    "basis": st.column_config.SelectboxColumn(
        LABELS["basis"], options=list(BASIS_LABELS), required=True, default="per_seat",
        format_func=lambda b: BASIS_LABELS.get(b, b), width="medium",
        help="What the quantity multiplies: seats, employees, people in chosen roles (a phone "
        "licence for the agents only), sites, or nothing (fixed)."),
    "roles": st.column_config.MultiselectColumn(
        LABELS["roles"], options=role_names, width="medium",
        help="Counted per person in chosen roles: the roles whose people each need it (roles "
        "are set in step 5)."),
    "quantity": st.column_config.NumberColumn(LABELS["quantity"],
                                              **field_limits(ResourceItem, "quantity"), default=1.0,
                                              help="Units per seat, employee or site (or in all)."),
    "ownership": st.column_config.SelectboxColumn(
        LABELS["ownership"], options=["buy", "lease"], required=True, default="buy",
        help="Buy: capital spending, depreciated over its life. Lease: monthly cost."),
    "location": location_column(plan.settings),
    "one_time_cost": money_column(LABELS["one_time_cost"],
                                  "Price per unit (bought) or set-up fee (leased).", ResourceItem,
                                  "one_time_cost", currency=cost_cur, rate=cost_rate),
    "useful_life_months": st.column_config.NumberColumn(
        LABELS["useful_life_months"], **field_limits(ResourceItem, "useful_life_months"), step=1,
        default=36,
        help="Months before a bought item is replaced (and over which it is depreciated)."),
    "monthly_cost": money_column(LABELS["monthly_cost"],
                                 "Per unit per month: rent, lease, licence, line rental.",
                                 ResourceItem, "monthly_cost", currency=cost_cur,
                                 rate=cost_rate),
    "deposit": money_column(LABELS["deposit"],
                            "Refundable deposit per unit (a lease's security deposit): paid when "
                            "it starts, back when it ends; an asset, not a cost.", ResourceItem,
                            "deposit", currency=cost_cur, rate=cost_rate),
    "deposit_months": st.column_config.NumberColumn(
        LABELS["deposit_months"], **field_limits(ResourceItem, "deposit_months"), default=0.0,
        help="Or a deposit of this many months of the monthly cost (added to the amount)."),
    "advance_rent_months": st.column_config.NumberColumn(
        LABELS["advance_rent_months"], **field_limits(ResourceItem, "advance_rent_months"),
        step=1, default=0,
        help="Months of the monthly cost paid ahead when it starts; they pay the first months' "
        "rent."),
    "notes": st.column_config.TextColumn(LABELS["notes"], width="medium",
                                         help="Supplier, assumptions, source."),
}  # fmt: skip
st.subheader("What you need")
items, errors = edit_table("resources", plan.resources.items, ResourceItem, columns)
save_table("resources.items", items, errors, **LABELS)
currency_caption(plan.settings)

p = projection_or_stop()
k = p.kpis
cur = p.plan.settings.currency
st.subheader("What it costs over time")
c1, c2, c3, c4 = st.columns(4)
with c1:
    kpi_card("Equipment bought (capex)", money(k.capex_total, cur, compact=True),
             "All purchases over the plan, replacements included.")  # fmt: skip
with c2:
    kpi_card("Running costs (opex)", money(tables.totals(p).resources_opex, cur, compact=True),
             "Rent, leases, lines and licences over the plan.")  # fmt: skip
with c3:
    kpi_card("Cost per seat per month", money(k.cost_per_seat_month, cur, cents=True),
             "Resources (opex and depreciation) per desk, on average.")  # fmt: skip
with c4:
    shifts = p.plan.staffing.shift_pattern.replace("_", " ")
    kpi_card("Most seats at once", number(k.peak_seats), f"Desks at the busiest time ({shifts}).")
g1, g2 = st.columns(2)
with g1:
    chart(
        charts.capex_and_opex(p), key="res_capex_opex",
        empty="Nothing bought or rented yet: list what each seat, person and site needs above.",
    )  # fmt: skip
with g2:
    chart(
        charts.seats_and_headcount(p), key="res_seats",
        empty="No seats yet: desks follow the people in step 5.",
    )  # fmt: skip
note, button = st.columns([3, 1], vertical_alignment="center")
note.caption(
    "Seats are the most people at work at the same time, not everyone on the payroll: shifts "
    "share desks. Change the shift pattern on the Staffing step."
)
with button:
    csv_download(
        "Costs by item and month (CSV)", table_csv(p, "resources"), "resources-by-month",
        key="res_download",
        help="For each item and month: units, purchases (capex), depreciation and running costs "
        "(opex).",
    )  # fmt: skip
