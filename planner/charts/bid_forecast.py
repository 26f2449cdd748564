"""Charts of a bid (the Bid desk page): the forecast by day against the last weeks of history,
and the margin of each billing model when volume comes in under, at or over the forecast. No
Streamlit. They draw what the stages computed (`planner.bid.types`): daily totals are plain sums
of the intervals. (The shifts' coverage chart is `planner.charts.bid.coverage_figure`.)
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from planner.bid.types import VOLUME_CASES, Forecast, History, Price
from planner.charts.colours import CASH, CASH_BAND, COST, NEUTRAL, REVENUE
from planner.charts.figures import _layout
from planner.model.labels import BID_PRICING_LABELS
from planner.report import format as fmt

HISTORY_WEEKS = 8
"""Weeks of history drawn before the forecast: enough to see the weekly shape and the trend."""
FORECAST_WEEKS = 13
"""Weeks of forecast drawn (a quarter): a year of days is too dense to read day by day; the
staffing table gives every month."""
CASE_COLOURS = {-0.2: COST, 0.0: NEUTRAL, 0.2: REVENUE}
CASE_NAMES = {-0.2: "20% less volume", 0.0: "As forecast", 0.2: "20% more volume"}


def _daily(frame: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """Interval rows -> one row a day: each column summed over the day's intervals."""
    day = frame["timestamp"].dt.normalize()
    return frame.groupby(day)[list(columns)].sum().reset_index()


def forecast_figure(
    history: History, forecast: Forecast, weeks: int = HISTORY_WEEKS, ahead: int = FORECAST_WEEKS
) -> go.Figure:
    """Contacts a day: the last `weeks` weeks of history, then the first `ahead` weeks of the
    forecast with its prediction band (the sums of the intervals' lower and upper bounds, the
    forecast's own approximation of a day's band)."""
    past = _daily(history.intervals, ["contacts"])
    past = past[past["timestamp"] > past["timestamp"].max() - pd.Timedelta(weeks=weeks)]
    coming = _daily(forecast.intervals, ["contacts", "lower", "upper"])
    coming = coming[coming["timestamp"] < coming["timestamp"].min() + pd.Timedelta(weeks=ahead)]
    band = f"{fmt.percent(forecast.level)} prediction interval"
    fig = go.Figure()
    fig.add_scatter(
        x=coming["timestamp"], y=coming["upper"], mode="lines", line={"width": 0},
        showlegend=False, hoverinfo="skip", name=f"{band} (top)",
    )  # fmt: skip
    fig.add_scatter(
        x=coming["timestamp"], y=coming["lower"], mode="lines", line={"width": 0}, fill="tonexty",
        fillcolor=CASH_BAND, name=band, hovertemplate="%{y:,.0f} (low)",
    )  # fmt: skip
    fig.add_scatter(
        x=past["timestamp"], y=past["contacts"], name="History",
        line={"color": NEUTRAL, "width": 2}, hovertemplate="%{y:,.0f}",
    )  # fmt: skip
    fig.add_scatter(
        x=coming["timestamp"], y=coming["contacts"], name="Forecast",
        line={"color": CASH, "width": 2}, hovertemplate="%{y:,.0f}",
    )  # fmt: skip

    def span(n: int) -> str:
        return "week" if n == 1 else f"{n} weeks"

    title = f"Contacts a day: the last {span(weeks)} and the next {span(ahead)} forecast"
    _layout(fig, title, "Contacts a day", x_title="Day")
    fig.update_yaxes(rangemode="tozero", tickformat=",.0f")
    return fig


def margins_figure(prices: Sequence[Price]) -> go.Figure:
    """Grouped bars lying down: each billing model's margin when volume comes in 20 % under the
    forecast, as forecast and 20 % over (`Price.margins`), the first model on top; a model whose
    bar shrinks least at -20 % protects the business when volume falls."""
    labels = [BID_PRICING_LABELS[p.model] for p in prices]
    fig = go.Figure()
    for case in VOLUME_CASES:
        values = [p.margins.get(case) for p in prices]
        fig.add_bar(
            y=labels, x=values, name=CASE_NAMES[case], marker_color=CASE_COLOURS[case],
            orientation="h", text=[fmt.percent(v, 1) for v in values], textposition="outside",
            hovertemplate="%{y}: %{text}", cliponaxis=False,
        )  # fmt: skip
    _layout(fig, "Margin by billing model when volume moves", "", x_title="Margin")
    fig.update_layout(barmode="group", hovermode="closest", height=620, legend_traceorder="normal")
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(tickformat=".0%", rangemode="tozero")
    return fig
