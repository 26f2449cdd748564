"""The Actuals page's chart: budget, actual and forecast of revenue and cash on one figure.

`budget_actual_forecast(table, currency) -> go.Figure` reads the budget table
(`planner.report.budget.budget_table`: month, line, budget, actual, forecast, period) and draws, for
revenue (top) and cash at month end (bottom), sharing the month axis:

- the budget (the plan as it was): a grey dotted line over every month;
- actual: a solid line with markers over the months up to the last month with actuals (the
  forecast table's figure there, which is the actual where one was given);
- forecast: a dashed line from the last actual month to the end of the plan.
Line styles, not only colours, tell the three apart (solid, dashed, dotted). No Streamlit.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from planner.charts.colours import CASH, NEUTRAL, REVENUE
from planner.model.labels import MONTHLY_STATEMENT_LABELS

LINES = (("revenue", REVENUE), ("closing_cash", CASH))
"""The lines drawn, top to bottom, with their colour."""


def _dates(months: pd.Series) -> pd.Series:
    return pd.to_datetime(months.astype(str), format="%Y-%m")


def budget_actual_forecast(table: pd.DataFrame, currency: str) -> go.Figure:
    """Budget, actual and forecast of revenue and cash (module docstring); `currency` names the
    money axis."""
    titles = [f"{MONTHLY_STATEMENT_LABELS[line]} ({currency})" for line, _ in LINES]
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, subplot_titles=titles)
    for row, (line, colour) in enumerate(LINES, start=1):
        rows = table[table["line"] == line].reset_index(drop=True)
        x = _dates(rows["month"])
        done = rows["period"] == "actual"
        last = int(done[done].index.max()) if done.any() else -1
        first = row == 1
        fig.add_trace(
            go.Scatter(
                x=x, y=rows["budget"], name="Budget (the plan as it was)", legendgroup="budget",
                showlegend=first, line={"color": NEUTRAL, "dash": "dot", "width": 2},
            ),
            row=row, col=1,
        )  # fmt: skip
        if last >= 0:
            fig.add_trace(
                go.Scatter(
                    x=x[: last + 1], y=rows["forecast"][: last + 1], name="Actual",
                    legendgroup="actual", showlegend=first, mode="lines+markers",
                    line={"color": colour, "width": 3},
                ),
                row=row, col=1,
            )  # fmt: skip
        start = max(last, 0)
        fig.add_trace(
            go.Scatter(
                x=x[start:], y=rows["forecast"][start:], name="Forecast", legendgroup="forecast",
                showlegend=first, line={"color": colour, "dash": "dash", "width": 2},
            ),
            row=row, col=1,
        )  # fmt: skip
    fig.update_yaxes(tickformat=",.0f", separatethousands=True)
    fig.update_traces(hovertemplate=f"%{{y:,.0f}} {currency}")
    fig.update_layout(
        title={"text": "Budget, actual and forecast", "x": 0, "xanchor": "left"},
        height=620,
        margin={"l": 10, "r": 10, "t": 70, "b": 40},
        legend={"orientation": "h", "yanchor": "top", "y": -0.08, "xanchor": "left", "x": 0},
        hovermode="x unified",
    )
    fig.update_xaxes(title_text="Month", row=2, col=1)
    return fig
