"""Dashboard: every headline figure with a one-line explanation, then the charts behind them."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from planner.charts import figures
from planner.engine.sensitivity import fx_sensitivity
from planner.model.labels import KPI_DEFINITIONS, NOT_WITHIN_PLAN
from planner.model.labels import KPI_LABELS as KPI
from planner.report import tables
from planner.report.format import amount as plain_amount
from planner.report.format import number, percent
from planner.report.fx import FX_HEADERS, FX_NOTE, fx_rows
from ui.components.widgets import (
    chart,
    kpi_card,
    money,
    page_header,
    projection_or_stop,
    static_table,
    warnings_with_links,
)
from ui.session import state
from ui.session.figures import cached

charts = cached(figures)  # each figure built once per plan content (ui.session.figures)


@st.cache_data(show_spinner="Trying the exchange rates 10% up and down...", max_entries=8)
def _fx_moves(_plan: Any, content: str) -> tuple[Any, ...]:
    """The FX sensitivity of a plan, once per plan content (`content`): two engine runs per cost
    currency (`planner.engine.sensitivity`)."""
    return fx_sensitivity(state.projection(_plan))


def fx_moves(plan: Any) -> tuple[Any, ...]:
    """The FX sensitivity of `plan`, computed once per content."""
    return _fx_moves(plan, plan.content_key())


page_header(
    "Dashboard",
    "The whole plan at a glance. Change anything in the six steps and these figures follow.",
)

p = projection_or_stop()
k = p.kpis
cur = p.plan.settings.currency
months = p.plan.months
warnings_with_links()
runway = "No limit" if k.runway_months is None else f"{k.runway_months} months"


def amount(value: float) -> str:
    """Money for a card: compact, so large values fit a laptop screen."""
    return money(value, cur, compact=True)


def price(value: float) -> str:
    """A price or a cost per unit: in the currency's own minor units; compact from 10,000 up (a
    peso cost per seat-month of 4,088,495 does not fit a card)."""
    return (
        money(value, cur, compact=True) if abs(value) >= 10_000 else money(value, cur, cents=True)
    )


cards = [
    (KPI["break_even_month"], k.break_even_month or NOT_WITHIN_PLAN,
     "From here on, every three months together make a profit."),
    (KPI["payback_month"], k.payback_month or NOT_WITHIN_PLAN,
     "From here on, operations have earned back all the cash they used."),
    (KPI["funding_needed"], amount(k.funding_needed),
     "Extra cash at the start to stay above your minimum every month."),
    (KPI["lowest_cash"], amount(k.lowest_cash),
     f"The tightest month is {k.lowest_cash_month}."),
    (KPI["runway_months"], runway, "Months until the bank balance would fall below zero."
     if k.runway_months is not None else "The bank balance never falls below zero."),
    (KPI["total_revenue"], amount(k.total_revenue),
     f"Over {months} months; prospects weighted by their chance of signing."),
    (KPI["total_costs"], amount(k.total_costs),
     "Staff, resources, paperwork, marketing, depreciation and interest."),
    (KPI["total_net_income"], amount(k.total_net_income),
     "Profit after tax over the whole plan."),
    (KPI["ending_cash"], amount(k.ending_cash),
     f"In the bank after month {months}."),
    (KPI["gross_margin_pct"], percent(k.gross_margin_pct / 100, 1),
     "Revenue left after paying the staff who do the client work."),
    (KPI["cost_per_productive_hour"], price(k.cost_per_productive_hour),
     "All costs per productive hour your direct staff deliver."),
    (KPI["price_per_productive_hour"], price(k.price_per_productive_hour),
     "Revenue per productive hour: it must stay above the cost."),
    (KPI["cost_per_seat_month"], price(k.cost_per_seat_month),
     "Resources (opex and depreciation) per desk."),
    (KPI["capex_total"], amount(k.capex_total),
     "Capital spending over the plan, replacements included."),
    (KPI["peak_headcount"], number(k.peak_headcount), "Most people on the payroll at once."),
    (KPI["peak_seats"], number(k.peak_seats), "Most desks needed at once (shifts share desks)."),
]  # fmt: skip
# The figures whose rule is not obvious from the name: their definition as the card's help and in
# the caption under the cards (planner.model.labels.KPI_DEFINITIONS). A comment, not a string:
# Streamlit would draw a bare string on the page.
DEFINED = {KPI[key]: text for key, text in KPI_DEFINITIONS.items()}
# Four to a row (cash, totals, unit economics, capacity): five cut values off on a laptop screen.
PER_ROW = 4
for row_start in range(0, len(cards), PER_ROW):
    cols = st.columns(PER_ROW)
    for col, (label, value, explanation) in zip(
        cols, cards[row_start : row_start + PER_ROW], strict=False
    ):
        with col:
            kpi_card(label, value, explanation, help=DEFINED.get(label))
st.caption("  \n".join(f"**{KPI[key]}**: {text}" for key, text in KPI_DEFINITIONS.items()))

moves = fx_moves(p.plan)
if moves:
    st.subheader("If exchange rates move")
    headers = [FX_HEADERS[0], *(f"{h} ({cur})" for h in FX_HEADERS[1:])]  # the figures' unit
    static_table(pd.DataFrame(fx_rows(p.plan, moves), columns=headers), hide_index=True)
    st.caption(FX_NOTE.format(cur=cur))

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

st.subheader("Which accounts earn the money")
st.caption(
    "Contribution = revenue - the pay and on-costs of the staff who do the client's work (each "
    "service line's staff shared by the client's share of that line's work). Shared costs "
    "(team leads, overheads, premises, equipment, marketing, paperwork) are not allocated: "
    "contributions - shared costs = operating profit (before interest and tax)."
)
chart(
    charts.profit_by_client(p), key="dash_profit_clients",
    empty="No revenue yet: add clients in step 2 or won clients in step 6.",
)  # fmt: skip
for by, head in (("client", "Client"), ("service_line", "Service line")):
    acc = tables.profit_by_account(p, by)
    view = acc.rows.rename(
        columns={
            "account": head,
            "revenue": "Revenue",
            "direct_cost": "Direct staff cost",
            "contribution": "Contribution",
            "margin": "Margin",
        }
    )
    static_table(
        view.style.format(
            {c: (lambda x: "" if pd.isna(x) else plain_amount(x, cur))
             for c in ("Revenue", "Direct staff cost", "Contribution")}
            | {"Margin": lambda x: "" if pd.isna(x) else percent(x)}
        ),
        hide_index=True,
    )  # fmt: skip
    st.markdown(
        f"Contributions {plain_amount(float(acc.rows['contribution'].sum()), cur)} - shared costs "
        f"(not allocated) {plain_amount(acc.shared_costs, cur)} = **operating profit (EBIT) "
        f"{plain_amount(acc.operating_profit, cur)}**"
    )
