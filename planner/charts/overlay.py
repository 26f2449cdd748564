"""The compare chart: two plans' monthly series (`planner.report.compare.overlay_series`), one line
each, in the charts' palette. No Streamlit."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from planner.charts.colours import PALETTE
from planner.report.compare import SERIES


def overlay_figure(series: pd.DataFrame, column: str, currency: str = "") -> go.Figure:
    """One line per plan for one column of `overlay_series` (e.g. "closing_cash")."""
    title = dict(SERIES)[column]
    fig = go.Figure()
    colors = (PALETTE[0], PALETTE[1])
    for n, (label, part) in enumerate(
        series[series["series"] == column].groupby("plan", sort=False)
    ):
        fig.add_scatter(
            x=part["month_no"],
            y=part["value"],
            name=str(label),
            mode="lines",
            line={"color": colors[n % 2], "dash": "solid" if n == 0 else "dash"},
        )
    y_title = "People" if column == "headcount" else (currency or "Amount")
    fig.update_layout(
        title=title,
        xaxis_title="Month of the plan",
        yaxis_title=y_title,
        legend={"orientation": "h", "y": -0.2},
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        hovermode="x unified",
    )
    if column != "headcount":
        fig.update_yaxes(tickformat=",.0f")
    return fig
