"""Charts of the risk runs (Monte Carlo): what the runs' results look like. No Streamlit.

They draw what `planner.report.risk` computed (percentiles, counts, rank correlations) and add no
statistic of their own: the cash fan (P5 to P95 and P25 to P75 bands around the median, the zero
line and the plan's minimum cash), the histogram of funding needed (P50, P90 and P95 marked, and
the funding the plan already raises said in the title), the histogram of the break-even month
("not within the plan" as its own bar) and the drivers that matter most (rank correlation of each
driver with funding needed). Colours from `planner.charts.colours`, money from
`planner.report.format`; each figure carries its title and axis titles, so the written plan can
show it as an image.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from planner.charts.colours import (
    CASH,
    CASH_BAND,
    CASH_CORE,
    COST,
    LABEL_BACKGROUND,
    NEUTRAL,
    PALETTE,
    REVENUE,
)
from planner.charts.figures import _dates, _layout, _money_axis
from planner.model.labels import NOT_WITHIN_PLAN
from planner.report import format as fmt
from planner.report.risk import RiskResult

MARKS = (("p50", "P50", NEUTRAL), ("p90", "P90", PALETTE[1]), ("p95", "P95", COST))
"""The percentiles marked on the funding histogram: key, words, colour."""
BINS = 30
"""Bars in a money histogram: enough to show the shape of 2,000 runs, few enough to read."""


def cash_fan(result: RiskResult, minimum_cash: float) -> go.Figure:
    """Cash at the end of each month across the runs: the P5-P95 band (nine runs in ten, and
    more, fall inside), the P25-P75 band (half of the runs), the median line, the zero line and
    the plan's minimum cash (drawn when above zero).

    The percentiles by month are `RiskResult.cash_fan`.
    """
    fan, currency = result.cash_fan(), result.currency
    x = _dates(fan["month"])
    fig = go.Figure()
    bands = (("p95", "p5", CASH_BAND, "5% to 95% of runs"), ("p75", "p25", CASH_CORE, "25% to 75%"))
    for high, low, colour, name in bands:
        fig.add_scatter(
            x=x, y=fan[high], mode="lines", line={"width": 0}, showlegend=False,
            hoverinfo="skip", name=f"{name} (top)",
        )  # fmt: skip
        fig.add_scatter(
            x=x, y=fan[low], mode="lines", line={"width": 0}, fill="tonexty", fillcolor=colour,
            name=name, hoverinfo="skip",
        )  # fmt: skip
    fig.add_scatter(x=x, y=fan["p50"], name="Median run", line={"color": CASH, "width": 3})
    fig.add_scatter(
        x=x, y=[0.0] * len(x), name="Zero", mode="lines", line={"color": NEUTRAL, "width": 1}
    )
    if minimum_cash > 0:
        fig.add_scatter(
            x=x, y=[minimum_cash] * len(x), mode="lines", line={"color": COST, "dash": "dash"},
            name=f"Minimum cash ({fmt.money(minimum_cash, currency)})",
        )  # fmt: skip
    _layout(fig, f"Cash at the end of each month across the runs ({currency})", currency)
    _money_axis(fig, currency)
    fig.update_traces(hovertemplate=f"%{{y:,.0f}} {currency}", selector={"name": "Median run"})
    return fig


def funding_histogram(result: RiskResult, planned: float) -> go.Figure:
    """How many runs need each amount of funding beyond what the plan already raises
    (`planned`, said in the title), with P50, P90 and P95 (`RiskResult.stats`) as dotted lines."""
    values, currency = result.outcomes.funding_needed, result.currency
    stats = result.stats("funding_needed")
    fig = go.Figure()
    fig.add_histogram(
        x=values, nbinsx=BINS, name="Runs", marker_color=CASH, opacity=0.8,
        hovertemplate=f"%{{x}} {currency}: %{{y}} runs<extra></extra>",
    )  # fmt: skip
    for i, (key, words, colour) in enumerate(MARKS):
        value = float(stats[key])
        fig.add_vline(x=value, line={"color": colour, "dash": "dot", "width": 2})
        fig.add_annotation(
            x=value, y=1 - 0.08 * i, yref="paper", showarrow=False, xanchor="left",
            text=f"{words}: {fmt.money(value, currency, compact=True)}", font={"color": colour},
            bgcolor=LABEL_BACKGROUND,
        )  # fmt: skip
    # Two lines: the chart sits in half the page, and one line was cut off at 1000 px wide.
    raised = fmt.money(planned, currency)
    title = f"Funding needed beyond the<br>{raised} the plan raises ({currency})"
    _layout(fig, title, "Runs", x_title=f"Funding needed ({currency})")
    fig.update_layout(margin={"t": 72})  # room for the title's second line
    fig.update_xaxes(tickformat=",.0f", separatethousands=True)
    fig.update_layout(hovermode="closest", showlegend=False, bargap=0.05)
    return fig


def break_even_histogram(result: RiskResult) -> go.Figure:
    """How many runs break even in each month (`RiskResult.break_even_months`), and, as its own
    bar in grey at the right, how many do not break even within the plan.

    Every month from the first to the last break-even month has its place on the axis, an empty
    month as a zero bar: the axis is time, so a month without runs must not pull the next one
    closer."""
    counts = result.break_even_months().counts
    not_within = int(np.sum(result.outcomes.break_even_index < 0))
    months = [str(m) for m in counts.index]  # first to last, months without runs included
    labels = [pd.Timestamp(f"{m}-01").strftime("%b %Y") for m in months]
    fig = go.Figure()
    fig.add_bar(
        x=labels, y=[int(n) for n in counts.to_numpy()], name="Breaks even", marker_color=REVENUE,
        hovertemplate="%{x}: %{y} runs<extra></extra>",
    )  # fmt: skip
    if not_within:
        fig.add_bar(
            x=[NOT_WITHIN_PLAN.capitalize()], y=[not_within], name=NOT_WITHIN_PLAN.capitalize(),
            marker_color=NEUTRAL, hovertemplate="%{x}: %{y} runs<extra></extra>",
        )  # fmt: skip
    _layout(fig, "When the runs break even", "Runs", x_title="Break-even month")
    order = [*labels, NOT_WITHIN_PLAN.capitalize()] if not_within else labels
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=order)
    fig.update_layout(hovermode="closest", showlegend=False)
    return fig


def drivers_that_matter(result: RiskResult) -> go.Figure:
    """Each driver's rank correlation with funding needed (`RiskResult.importance`), the strongest
    at the top: a bar to the right (red) means a higher value of the driver goes with more funding
    needed, to the left (green) with less."""
    table = result.importance().iloc[::-1]  # plotly draws the first bar at the bottom
    rho = table["rho"].to_numpy(dtype=float)
    fig = go.Figure()
    fig.add_bar(
        x=rho, y=table["label"], orientation="h", name="Rank correlation",
        marker_color=[COST if r > 0 else REVENUE for r in rho],
        text=[fmt.number(r, 2) for r in rho], textposition="outside",
        hovertemplate="%{y}: %{x:.2f}<extra></extra>",
    )  # fmt: skip
    _layout(
        fig,
        "Drivers that matter most for funding needed",
        "",
        x_title="Rank correlation with funding needed (-1 to 1)",
    )
    fig.update_xaxes(range=[-1.1, 1.1], zeroline=True, zerolinecolor=NEUTRAL)
    fig.update_layout(hovermode="closest", showlegend=False, height=120 + 40 * max(len(rho), 1))
    return fig
