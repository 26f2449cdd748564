"""The scenarios chart: cash in the bank (top) and people on the payroll (bottom) by month, one
line per scenario in the palette's colours, the plan as it stands first (solid, in the cash
blue), each scenario dashed. Drawn from `planner.report.scenarios.monthly_long`. No Streamlit."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from planner.charts.colours import PALETTE
from planner.report import format as fmt

TITLE = "Cash and headcount in each scenario"


def scenario_colour(position: int) -> str:
    """The colour of the scenario at `position` (0: the plan as it stands, in the cash blue)."""
    return PALETTE[position % len(PALETTE)]


def scenarios_chart(long: pd.DataFrame, currency: str) -> go.Figure:
    """Cash at each month's end (the plan's currency) in the top row and headcount in the bottom
    row, one line per scenario (legend shared: one entry per scenario, clicking it hides both of
    its lines). Hover: the scenario, the month and the figure, money in `currency`
    (`planner.report.format.money`)."""
    fig = make_subplots(
        rows=2,
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.1,
        row_heights=[0.62, 0.38],
        subplot_titles=(f"Cash in the bank at the end of each month ({currency})", "Headcount"),
    )
    for i, (name, part) in enumerate(long.groupby("scenario", sort=False)):
        x = pd.to_datetime(part["month"], format="%Y-%m")
        line = {"color": scenario_colour(i), "width": 3 if i == 0 else 2}
        if i > 0:
            line["dash"] = "dash"
        cash_text = [fmt.money(v, currency) for v in part["closing_cash"]]
        fig.add_scatter(
            x=x, y=part["closing_cash"], name=str(name), legendgroup=str(name), mode="lines",
            line=line, customdata=cash_text, row=1, col=1,
            hovertemplate=f"{name}: %{{customdata}}<extra></extra>",
        )  # fmt: skip
        people = [fmt.people(v) for v in part["headcount"]]
        fig.add_scatter(
            x=x, y=part["headcount"], name=str(name), legendgroup=str(name), mode="lines",
            line=line, showlegend=False, customdata=people,
            hovertemplate=f"{name}: %{{customdata}} people<extra></extra>", row=2, col=1,
        )  # fmt: skip
    legend_rows = (long["scenario"].nunique() + 1) // 2
    fig.update_layout(
        title={"text": TITLE, "x": 0, "xanchor": "left"},
        height=560 + 22 * legend_rows,
        margin={"l": 10, "r": 10, "t": 80, "b": 10 + 22 * legend_rows},
        legend={"orientation": "h", "yanchor": "top", "y": -0.1, "xanchor": "left", "x": 0},
        hovermode="x unified",
    )
    fig.update_yaxes(title_text=currency, tickformat=",.0f", separatethousands=True, row=1, col=1)
    fig.update_yaxes(title_text="People", tickformat=",.0f", row=2, col=1)
    fig.update_xaxes(title_text="Month", row=2, col=1)
    return fig
