"""Charts of the bid desk. No Streamlit.

`coverage_figure`: a typical week of one month, the agents the requirement asks for in each
interval (bars: the most any week of the month needs) against the agents the chosen shifts put at
work (a step line). Drawn from `planner.bid.shifts.week_view`; colours from
`planner.charts.colours`; the title, axis titles and hover say everything in words, and the two
series differ in shape (bars and a line) as well as colour.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from planner.bid.shifts import busiest_month, week_view
from planner.bid.types import Roster
from planner.charts.colours import CASH, NEUTRAL
from planner.charts.figures import _layout

REFERENCE_MONDAY = pd.Timestamp("2001-01-01")
"""A Monday: the week view's x axis is this week, shown as weekday and time only."""
REQUIRED_NAME = "Agents required (busiest week of the month)"
SCHEDULED_NAME = "Agents at work on the chosen shifts"
DAY_MS = 24 * 3600 * 1000
"""A day in milliseconds (a plotly date axis counts in milliseconds)."""


def coverage_figure(roster: Roster, *, month: pd.Period | str | None = None) -> go.Figure:
    """Required against scheduled agents over one month's typical week (`week_view`: the month
    with the most required agent-hours when `month` is None). Each interval is drawn from its
    start to its end (bars and the step line alike), so a bar never rises above the line where the
    shifts cover the interval."""
    week = week_view(roster, month)
    shown = pd.Period(month or busiest_month(roster), freq="M")
    x = (
        REFERENCE_MONDAY
        + pd.to_timedelta(week["weekday"], unit="D")
        + pd.to_timedelta(week["time"] + ":00")
    )
    interval = pd.Timedelta(days=7) / len(week)  # the week view has every interval of the week
    fig = go.Figure()
    fig.add_bar(
        x=x, y=week["required"], name=REQUIRED_NAME, marker_color=NEUTRAL, opacity=0.55,
        marker_line_width=0, offset=0, width=interval.total_seconds() * 1000,
        hovertemplate="%{x|%a %H:%M}: %{y} agents required<extra></extra>",
    )  # fmt: skip
    # The step line holds each interval's value from its start to the next start; the last
    # interval is drawn to the end of the week.
    line_x = [*x, REFERENCE_MONDAY + pd.Timedelta(days=7)]
    line_y = [*week["scheduled"].tolist(), int(week["scheduled"].iloc[-1])]
    fig.add_scatter(
        x=line_x, y=line_y, name=SCHEDULED_NAME, mode="lines",
        line={"color": CASH, "width": 2, "shape": "hv"},
        hovertemplate="%{x|%a %H:%M}: %{y} agents at work<extra></extra>",
    )  # fmt: skip
    title = f"Agents required and at work in a typical week of {shown.strftime('%B %Y')}"
    _layout(fig, title, "Agents", x_title="Weekday and time")
    # One label a day, never slanted: slanted labels (twice a day on a narrow screen) ran into the
    # axis title and pushed it onto the legend. A thin grid line marks each noon.
    fig.update_xaxes(
        tickformat="%a %H:%M", dtick=DAY_MS, tickangle=0, range=[x.iloc[0], line_x[-1]],
        minor={"dtick": DAY_MS / 2, "showgrid": True},
    )  # fmt: skip
    fig.update_layout(bargap=0)
    return fig
