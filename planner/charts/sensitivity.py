"""The sensitivity charts: the tornado and the two-way heatmap (`planner.report.sensitivity`).
Figures only, no Streamlit; the page and the written plan draw them.

- `tornado_chart`: one row per driver, largest swing on top; two bars from the plan as it is (a
  dotted line): the figure with the driver at its low and at its high, each labelled with the
  driver's value ("-20%", "+3 months"). Low and high in blue and orange, the palette's
  colour-blind-safe pair, and told apart by their labels too.
- `two_way_chart`: the heatmap of one figure over two drivers, each cell's figure written in it in
  the plan's currency; darker is worse (more funding needed, less cash, a later break-even).
"""

from __future__ import annotations

import math

import plotly.graph_objects as go

from planner.charts.colours import HEATMAP_SCALE, LABEL_BACKGROUND, NEUTRAL, PALETTE
from planner.engine.projection import Projection
from planner.report.format import money
from planner.report.sensitivity import (
    METRIC_LABELS,
    Tornado,
    TwoWay,
    comparable,
    driver_name,
    driver_value,
    metric_value,
    tornado,
)

LOW_COLOUR, HIGH_COLOUR = PALETTE[0], PALETTE[1]
"""A driver at its low (blue) and at its high (orange): a pair told apart in every common colour
blindness."""
WORSE_IS_HIGHER = {"funding_needed": True, "break_even_month": True}
"""Figures where a larger value is worse (the heatmap's dark end); cash is worse when lower."""


def _shown(metric: str, value: float, currency: str) -> str:
    if metric == "break_even_month":
        return metric_value(metric, value, currency)
    return money(value, currency, compact=True)


def tornado_chart(t: Tornado, metric: str, currency: str) -> go.Figure:
    """`metric` with each driver alone at its low and at its high, as bars from the plan as it is.

    Rows: drivers by their swing in `metric`, largest on top. A break-even not within the plan is
    drawn at the month after the horizon and labelled "not within the plan"."""
    bars = t.sorted_by(metric)
    base = comparable(t.base.value(metric), metric, t.horizon_months)
    names = [driver_name(b.driver) for b in bars]
    fig = go.Figure()
    ends: list[float] = [base]
    for end, colour in (("low", LOW_COLOUR), ("high", HIGH_COLOUR)):
        raw = [getattr(b, f"at_{end}").value(metric) for b in bars]
        values = [comparable(v, metric, t.horizon_months) for v in raw]
        ends += values
        settings = [getattr(b, end) for b in bars]
        texts = [
            f"{driver_value(b.driver, d)}: {_shown(metric, v, currency)}"
            for b, d, v in zip(bars, settings, raw, strict=True)
        ]
        fig.add_bar(
            y=names,
            x=[v - base for v in values],
            base=base,
            orientation="h",
            name=f"Driver at its {end}",
            marker_color=colour,
            text=texts,
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}, %{text}<extra></extra>",
        )
    # Room beside the bars for their labels ("+3 months: $107K"), on either side of the plan.
    span = (max(ends) - min(ends)) or max(abs(base), 1.0)
    left = 0.35 if min(ends) < base else 0.05
    right = 0.35 if max(ends) > base else 0.05
    fig.update_xaxes(range=[min(ends) - left * span, max(ends) + right * span])
    label = METRIC_LABELS[metric]
    fig.add_vline(x=base, line={"color": NEUTRAL, "dash": "dot"})
    fig.add_annotation(
        x=base, y=1, yref="paper", yanchor="bottom", showarrow=False,
        text=f"As planned: {metric_value(metric, t.base.value(metric), currency)}",
        bgcolor=LABEL_BACKGROUND, font={"color": NEUTRAL},
    )  # fmt: skip
    unit = "Month of the plan" if metric == "break_even_month" else f"{label} ({currency})"
    fig.update_layout(
        title={"text": f"{label}: each driver alone at its low and its high", "x": 0},
        barmode="group",  # low and high side by side: neither hides the other on one side
        height=140 + 56 * max(len(bars), 1),
        margin={"l": 10, "r": 30, "t": 80, "b": 10},
        legend={"orientation": "h", "yanchor": "top", "y": -0.18, "xanchor": "left", "x": 0},
        xaxis_title=unit,
        yaxis={"autorange": "reversed", "title": None},
        bargap=0.3,
        bargroupgap=0.05,
    )
    if metric != "break_even_month":
        fig.update_xaxes(tickformat=",.0f")
    return fig


def two_way_chart(g: TwoWay, currency: str) -> go.Figure:
    """The two-way table as a heatmap: `g.x_driver` across, `g.y_driver` down, each cell's figure
    written in it (money in `currency`, compact: "$1.23M"; a break-even as "month 7")."""
    horizon_fill = max(
        (v for row in g.values for v in row if not math.isnan(v)), default=0.0
    )  # a break-even beyond the plan: coloured as the latest one shown
    z = [[horizon_fill + 1 if math.isnan(v) else v for v in row] for row in g.values]
    text = [[_shown(g.metric, v, currency) for v in row] for row in g.values]
    label = METRIC_LABELS[g.metric]
    across, down = driver_name(g.x_driver), driver_name(g.y_driver)
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=[driver_value(g.x_driver, v) for v in g.x_values],
            y=[driver_value(g.y_driver, v) for v in g.y_values],
            text=text,
            texttemplate="%{text}",
            textfont={"size": 13},
            colorscale=[list(stop) for stop in HEATMAP_SCALE],
            reversescale=not WORSE_IS_HIGHER.get(g.metric, False),
            showscale=False,
            xgap=2,
            ygap=2,
            hovertemplate=f"{driver_name(g.x_driver)} %{{x}}, {driver_name(g.y_driver)} %{{y}}: "
            "%{text}<extra></extra>",
        )
    )
    fig.update_layout(
        title={"text": f"{label} by {across.lower()} and {down.lower()}", "x": 0},
        height=420,
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        xaxis={"title": f"{driver_name(g.x_driver)} (change from the plan)", "type": "category"},
        yaxis={"title": f"{driver_name(g.y_driver)} (change from the plan)", "type": "category"},
    )
    return fig


def funding_tornado(p: Projection) -> go.Figure:
    """The written plan's tornado: funding needed with each driver of the plan's ranges alone at
    its low and its high (`planner.report.sensitivity.tornado`)."""
    return tornado_chart(tornado(p.plan), "funding_needed", p.plan.settings.currency)
