"""planner.charts.scenarios: cash and headcount by month, one line per scenario."""

from __future__ import annotations

from planner.charts.colours import CASH
from planner.charts.scenarios import TITLE, scenarios_chart
from planner.model.files import plan_from_dict
from planner.report.scenarios import BASE_NAME, monthly_long, scenario_runs
from tests.cli.test_cli_scenarios import PLAN


def test_one_cash_line_and_one_headcount_line_per_scenario_each_in_its_own_colour() -> None:
    long = monthly_long(scenario_runs(plan_from_dict(PLAN)))
    fig = scenarios_chart(long, "EUR")
    assert fig.layout.title.text == TITLE
    names = [t.name for t in fig.data]
    assert names == [BASE_NAME, BASE_NAME, "Price cut", "Price cut", "Late start", "Late start"]
    cash, heads = fig.data[0::2], fig.data[1::2]
    assert [t.yaxis for t in cash] == ["y"] * 3 and [t.yaxis for t in heads] == ["y2"] * 3
    colours = [t.line.color for t in cash]
    assert colours[0] == CASH and len(set(colours)) == 3
    assert [t.showlegend for t in heads] == [False] * 3  # one legend entry per scenario
    # the values are the engine's closing cash, hover text in euros
    base = long[long["scenario"] == BASE_NAME]
    assert list(cash[0].y) == base["closing_cash"].tolist()
    assert cash[0].customdata[0].startswith("€") and "%{customdata}" in cash[0].hovertemplate
    assert fig.layout.yaxis.title.text == "EUR" and fig.layout.yaxis2.title.text == "People"
    assert fig.layout.xaxis2.title.text == "Month"
