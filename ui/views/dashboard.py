"""Dashboard: every headline figure with a one-line explanation, then the charts behind them."""

from __future__ import annotations

import streamlit as st

from planner import charts
from ui.widgets import (
    chart,
    kpi_card,
    money,
    page_header,
    projection_or_stop,
    warnings_with_links,
)

page_header(
    "Dashboard",
    "The whole plan at a glance. Change anything in the six steps and these figures follow.",
)

p = projection_or_stop()
k = p.kpis
cur = p.plan.settings.currency
months = p.plan.months
warnings_with_links()
runway = "Never short" if k.runway_months is None else f"{k.runway_months} months"

cards = [
    ("Break-even month", k.break_even_month or "not reached",
     "From this month on, every month makes a profit."),
    ("Funding needed", money(k.funding_needed, cur, compact=True),
     "Extra cash at the start that keeps you above your minimum cash every month."),
    ("Cash runway", runway, "Months until the bank balance would fall below zero."
     if k.runway_months is not None else "The bank balance never falls below zero."),
    ("Lowest cash", money(k.lowest_cash, cur, compact=True),
     f"The tightest month is {k.lowest_cash_month}."),
    ("Revenue", money(k.total_revenue, cur, compact=True),
     f"Over {months} months; prospects weighted by their chance of signing."),
    ("Total costs", money(k.total_costs, cur, compact=True),
     "Staff, resources, paperwork, marketing, depreciation and interest."),
    ("Net income", money(k.total_net_income, cur, compact=True),
     "Profit after tax over the whole plan."),
    ("Cash at the end", money(k.ending_cash, cur, compact=True),
     f"In the bank after month {months}."),
    ("Gross margin", f"{k.gross_margin_pct:.1f}%",
     "Revenue left after paying the staff who do the client work."),
    ("Cost per productive hour", money(k.cost_per_productive_hour, cur),
     "All costs divided by the hours your direct staff deliver."),
    ("Price per productive hour", money(k.price_per_productive_hour, cur),
     "Revenue per the same hours: it must stay above the cost."),
    ("Equipment bought", money(k.capex_total, cur, compact=True),
     "Capital spending over the plan, replacements included."),
    ("Peak headcount", f"{k.peak_headcount:,}", "Most people on the payroll at once."),
    ("Peak seats", f"{k.peak_seats:,}", "Most desks needed at once (shifts share desks)."),
    ("Cost per seat per month", money(k.cost_per_seat_month, cur),
     "Resources (opex and depreciation) per desk."),
]  # fmt: skip
for row_start in range(0, len(cards), 5):
    cols = st.columns(5)
    for col, (label, value, explanation) in zip(
        cols, cards[row_start : row_start + 5], strict=False
    ):
        with col:
            kpi_card(label, value, explanation)

NO_COSTS = (
    "No costs yet: they come from the roles, resources, paperwork and marketing of the six steps."
)
g1, g2 = st.columns(2)
with g1:
    chart(charts.cash_balance(p), key="dash_cash")
with g2:
    chart(charts.revenue_and_costs(p), key="dash_revenue_costs")
g3, g4 = st.columns(2)
with g3:
    chart(
        charts.costs_by_category(p), key="dash_costs",
        empty=NO_COSTS,
    )  # fmt: skip
with g4:
    chart(
        charts.headcount_by_role(p), key="dash_headcount",
        empty="Nobody on the payroll yet: add roles in step 5.",
    )  # fmt: skip
chart(
    charts.cost_drivers(p), key="dash_drivers",
    empty=NO_COSTS,
)  # fmt: skip
