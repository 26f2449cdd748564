"""Sensitivity: which assumption moves the money most. The tornado (each driver alone at its low
and its high) and a two-way heatmap of two drivers the founder picks; the figures are
`planner.report.sensitivity`, the charts `planner.charts.sensitivity`. Read-only: the ranges are
edited on the Risk page."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from planner.charts.sensitivity import tornado_chart, two_way_chart
from planner.model.drivers import DRIVER_NAMES
from planner.model.text import plain
from planner.report.sensitivity import (
    DEFAULT_X,
    DEFAULT_Y,
    METRIC_LABELS,
    METRICS,
    RANGE_HEADERS,
    TORNADO_METRICS,
    driver_name,
    range_rows,
    ranges_source,
    summary,
    tornado,
    two_way,
)
from ui.components.widgets import chart, page_header, projection_or_stop, static_table


@st.cache_data(
    show_spinner="Running the plan with each driver at its low and its high...", max_entries=8
)
def _tornado(_plan: Any, content: str) -> Any:
    """The tornado of a plan, once per plan content (`content`): 2 engine runs per driver."""
    return tornado(_plan)


@st.cache_data(show_spinner="Running the plan for every pair of values...", max_entries=16)
def _two_way(_plan: Any, content: str, x: str, y: str, metric: str) -> Any:
    """The two-way table of a plan, once per plan content and choice: 25 engine runs."""
    return two_way(_plan, x, None, y, None, metric=metric)


page_header(
    "Sensitivity",
    "Which assumption moves the money most: each driver moved alone to the low and the high of "
    "its range, and two drivers moved together. Every figure is the whole plan computed again.",
)

p = projection_or_stop()
plan = p.plan
cur = plan.settings.currency
content = plan.content_key()

# A radio, not a segmented control: the theme's blue on the control's pale blue when chosen is
# under the 4.5:1 contrast WCAG AA asks for (axe-core, colour-contrast).
metric = st.radio(
    "Figure",
    options=list(TORNADO_METRICS),
    format_func=METRIC_LABELS.__getitem__,
    key="sensitivity_metric",
    horizontal=True,
    help="The figure the tornado shows for each driver at its low and its high.",
)
t = _tornado(plan, content)
st.markdown(plain(summary(t, metric, cur)))
chart(
    tornado_chart(t, metric, cur),
    key="sensitivity_tornado",
    empty=f"No driver moves {METRIC_LABELS[metric].lower()} within its range.",
)
st.caption(
    "Each row is one driver moved alone, the rest of the plan as written: blue at the low of its "
    "range, orange at its high, from the dotted line (the plan as written). The drivers that move "
    "the figure most are on top. Prospects still count by their chance to sign."
)

st.subheader("Two drivers together")
left, middle, right = st.columns(3)
drivers = list(DRIVER_NAMES)
x = left.selectbox(
    "Across",
    drivers,
    index=drivers.index(DEFAULT_X),
    format_func=driver_name,
    key="sensitivity_x",
)
y = middle.selectbox(
    "Down",
    drivers,
    index=drivers.index(DEFAULT_Y),
    format_func=driver_name,
    key="sensitivity_y",
)
grid_metric = right.selectbox(
    "Figure in each cell",
    list(METRICS),
    format_func=METRIC_LABELS.__getitem__,
    key="sensitivity_grid_metric",
)
if x == y:
    st.warning(
        f"Choose two different drivers: both are {driver_name(x)}.", icon=":material/swap_horiz:"
    )
else:
    g = _two_way(plan, content, x, y, grid_metric)
    chart(two_way_chart(g, cur), key="sensitivity_two_way")
    st.caption(
        f"Each cell is the whole plan computed again with {driver_name(x).lower()} and "
        f"{driver_name(y).lower()} at those changes from the plan, every other driver as written; "
        "up to five values of each from the low to the high of its range. Darker is worse."
    )

st.subheader("The ranges used")
st.caption(
    plain(f"From {ranges_source(plan)}.")
    + " They are edited on the Risk page, which also runs them all together many times."
)
# The figures before the long words: on a narrow screen the table scrolls sideways, and Low, Most
# likely and High are what a founder reads it for (after "What it changes" they were off screen).
SHOWN = ["Driver", "Low", "Most likely", "High", "What it changes"]
ranges = pd.DataFrame(range_rows(plan), columns=list(RANGE_HEADERS))
static_table(ranges[SHOWN], hide_index=True)
