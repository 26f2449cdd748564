"""Scenarios: named sets of changes to the plan, edited as a table, then side by side with the plan
as it stands (headline figures, cash and headcount, each one's statements).

A change is typed as a founder says it ("-20" or "-20%" for volume 20% lower, "3" months of start
delay) and stored as the plan's multiplier (1 + change / 100: 0.8); what was typed shows again
exactly (`planner.report.scenarios.percent_change` / `multiplier`). A blank cell: as planned.
The comparison is `planner.report.scenarios` (each scenario's projection cached on its content).
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from planner.charts.scenarios import scenarios_chart
from planner.model.drivers import DRIVER_NAMES
from planner.model.labels import DRIVER_LABELS, DRIVER_MEANINGS
from planner.model.limits import Bounds
from planner.model.numbers import NumberSpec
from planner.model.plan import DELAY_RANGE, MULTIPLIER_RANGE, Scenario
from planner.model.text import plain
from planner.report import tables
from planner.report.format import amount
from planner.report.scenarios import (
    change_words,
    headline_table,
    monthly_long,
    multiplier,
    percent_change,
    scenario_runs,
)
from ui.components.widgets import (
    NumberCell,
    chart,
    edit_table,
    name_column,
    page_header,
    projection_or_stop,
    save_table,
    static_table,
)
from ui.session import state

DELAY = "start_delay_months"
# Comments, not strings: Streamlit would draw a bare string on the page.
# A multiplier's change in percent: -100% (none left) to +400% (5 times the plan); blank: planned.
CHANGE_SPEC = NumberSpec(
    Bounds(MULTIPLIER_RANGE[0] - 1, MULTIPLIER_RANGE[1] - 1), percent=True, required=False
)
# The start delay in whole months, -24 (earlier) to 24 (later); blank: as planned.
DELAY_SPEC = NumberSpec(Bounds(DELAY_RANGE[0], DELAY_RANGE[1], whole=True), required=False)


def _label(name: str) -> str:
    return DRIVER_LABELS[name] if name == DELAY else f"{DRIVER_LABELS[name]} change"


def _cell(name: str) -> NumberCell:
    """The column of one driver: a text cell read by `planner.model.numbers`."""
    if name == DELAY:
        spec, how = (
            DELAY_SPEC,
            "Whole months added to every client's start: 3 is three months later.",
        )
    else:
        spec, how = CHANGE_SPEC, "In percent: -20 is 20% less, 10 is 10% more."
    config = st.column_config.TextColumn(
        _label(name),
        help=f"{DRIVER_MEANINGS[name][0].upper()}{DRIVER_MEANINGS[name][1:]}. {how} "
        "Blank: as planned.",
        alignment="right",
    )
    return NumberCell(config, spec)


def to_row(scenario: Scenario) -> dict[str, Any]:
    """A scenario as a table row: each driver as the founder typed it (a change, or months)."""
    row: dict[str, Any] = {"name": scenario.name, "description": scenario.description}
    for name, value in scenario.changes.items():
        row[name] = int(value) if name == DELAY else percent_change(value)
    return row


def from_row(row: dict[str, Any]) -> dict[str, Any]:
    """A table row as the plan stores the scenario: each typed change as its multiplier."""
    changes = {
        name: (int(row[name]) if name == DELAY else multiplier(row[name]))
        for name in DRIVER_NAMES
        if row.get(name) is not None
    }
    kept = {k: v for k, v in row.items() if k not in DRIVER_NAMES}
    return {**kept, "changes": changes}


LABELS = {
    "name": "Scenario",
    "description": "What and why",
    **{name: _label(name) for name in DRIVER_NAMES},
}

page_header(
    "Scenarios",
    "What if things go differently? Name a scenario, type what changes (volume -20, start delay "
    "3 months, wages +10) and compare it with the plan as it stands.",
)

plan = state.get_plan()
cur = plan.settings.currency
columns: dict[str, Any] = {
    "name": name_column(LABELS["name"], "A short name, e.g. Slow sales.", width="medium"),
    "description": st.column_config.TextColumn(
        LABELS["description"],
        help="One line: what changes and why it could happen.",
        width="medium",
        max_chars=2000,
    ),
    **{name: _cell(name) for name in DRIVER_NAMES},
}
st.subheader("Your scenarios")
st.caption(
    "Each row is one scenario. Type a change in percent (-20 is 20% less) or, for the start "
    "delay, whole months; leave a cell blank to keep the plan's figure."
)
items, errors = edit_table(
    "scenarios", plan.scenarios, Scenario, columns, to_row=to_row, from_row=from_row
)
save_table("scenarios", items, errors, **LABELS)

plan = state.get_plan()
projection_or_stop()  # the plan as it stands must compute; else the page says why and stops
if not plan.scenarios:
    st.info(
        "No scenarios yet: add a row above (for example Slow sales, volume -20, start delay 3) "
        "to see it side by side with the plan as it stands.",
        icon=":material/alt_route:",
    )
    st.stop()

try:
    runs = scenario_runs(plan, state.projection)
except Exception as exc:  # a scenario the engine cannot compute: said, never a traceback
    st.error(f"The scenarios cannot be computed: {exc}")
    st.stop()

st.subheader("Side by side")
st.markdown(
    "\n".join(
        f"- **{s.name}**: {change_words(s.changes)}"
        + (f". {s.description}" if s.description else "")
        for s in plan.scenarios
    )
)
headline = headline_table(runs)
# Figures compare down a column, so they line up on the right; with many scenarios (or 1000 px)
# the table scrolls sideways, and the pinned first column keeps each row's name in view.
static_table(
    headline,
    column_config={
        "_index": st.column_config.Column("Figure", pinned=True),
        **{name: st.column_config.Column(alignment="right") for name in headline.columns},
    },
)
chart(scenarios_chart(monthly_long(runs), cur), key="scenarios_chart")

st.subheader(f"Profit and loss and cash by year ({cur})")
for tab, run in zip(st.tabs([plain(run.name) for run in runs]), runs, strict=True):
    with tab:
        statement = tables.yearly_statement(run.projection)
        static_table(
            statement.style.format(lambda x: amount(x, cur)),
            column_config={"_index": st.column_config.Column("Line", width="medium")},
        )
