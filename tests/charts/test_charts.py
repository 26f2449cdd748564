"""planner.charts.figures: every figure has a title, labelled axes and the plan's currency, and the
module only draws: every public function returns a figure (the tables beside the charts are
`planner.report.tables`, tested in tests/report/test_tables.py)."""

from __future__ import annotations

from pathlib import Path

import plotly.graph_objects as go
import pytest

from planner.charts import figures as charts
from planner.engine.pipeline import project
from planner.model.files import load_plan

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted((ROOT / "templates" / "plans").glob("*.yaml"))

PROJECTION_CHARTS = [
    charts.revenue_and_costs, charts.cash_balance, charts.headcount_by_role,
    charts.costs_by_category, charts.cost_drivers, charts.payroll_by_role, charts.workload_fte,
    charts.revenue_by_client, charts.capex_and_opex, charts.seats_and_headcount,
    charts.marketing_funnel, charts.clients_won, charts.marketing_spend,
]  # fmt: skip
MONEY_CHARTS = {
    charts.revenue_and_costs, charts.cash_balance, charts.costs_by_category, charts.cost_drivers,
    charts.payroll_by_role, charts.revenue_by_client, charts.capex_and_opex,
    charts.marketing_spend,
}  # fmt: skip


@pytest.fixture(scope="module", params=[p.stem for p in TEMPLATES])
def projection(request: pytest.FixtureRequest):
    return project(load_plan(ROOT / "templates" / "plans" / f"{request.param}.yaml"))


@pytest.mark.parametrize("make", PROJECTION_CHARTS, ids=lambda f: f.__name__)
def test_every_chart_has_a_title_and_axis_labels(make, projection) -> None:
    fig = make(projection)
    assert isinstance(fig, go.Figure)
    title = fig.layout.title.text
    assert title
    assert fig.data, f"{make.__name__} draws nothing"
    if make in MONEY_CHARTS:
        assert projection.plan.settings.currency in title
    if make not in {charts.marketing_funnel, charts.cost_drivers}:
        assert fig.layout.xaxis.title.text and fig.layout.yaxis.title.text


def test_cost_categories_add_up_to_total_costs(projection) -> None:
    m = projection.monthly
    summed = sum(m[c] for c, _ in charts.COST_CATEGORIES)
    assert (summed - m["total_costs"]).abs().max() < 0.01


def test_cash_chart_marks_break_even_and_minimum_cash(projection) -> None:
    fig = charts.cash_balance(projection)
    names = [t.name for t in fig.data]
    assert any(n.startswith("Minimum cash") for n in names)
    texts = [a.text for a in fig.layout.annotations]
    assert ("break-even" in texts) == (projection.kpis.break_even_month is not None)


def test_service_level_curve_for_the_worked_example() -> None:
    # DOMAIN.md: 100 calls in 30 minutes, AHT 180 s, 80% in 20 s: 13 agents 0.796, 14 agents 0.888.
    from planner.queueing.erlang import service_level_curve

    curve = service_level_curve(100, 1800, 180, 20, [12, 13, 14, 15])
    fig = charts.service_level_curve(curve, 0.8, 14)
    bars = fig.data[0]
    assert list(bars.x) == [12, 13, 14, 15]
    assert [round(v, 3) for v in bars.y][1:3] == [0.796, 0.888]
    assert fig.layout.yaxis.tickformat == ".0%"


def test_every_chart_draws_an_empty_plan() -> None:
    from planner.model.plan import Plan

    empty = project(Plan())
    for make in PROJECTION_CHARTS:
        assert isinstance(make(empty), go.Figure), make.__name__


def test_the_funnel_labels_whole_leads_and_fractional_expected_clients(projection) -> None:
    fig = charts.marketing_funnel(projection)
    leads, expected, _won = fig.data[0].text
    assert "." not in leads and "%" not in leads  # the whole number; the others share of it
    assert expected.endswith("of leads)")
    assert "." in expected.split(" ")[0]  # leads x conversion rate: one decimal


def test_the_chart_module_only_draws() -> None:
    import inspect

    returns = {
        name: inspect.signature(f).return_annotation
        for name, f in vars(charts).items()
        if inspect.isfunction(f) and f.__module__ == charts.__name__ and not name.startswith("_")
    }
    assert returns  # the module has figures to check
    assert {name for name, r in returns.items() if r != "go.Figure"} == set()


def test_a_timeline_of_items_with_no_lead_time_is_at_least_a_month_wide() -> None:
    # Issue 12 walk: one item with a 0-day lead time (start = finish) drew an x axis in
    # milliseconds ("23:59:59.999 ... 00:00:00.0005"). Now the axis spans 30 days around it.
    import pandas as pd

    from planner.charts.figures import timeline_chart

    table = pd.DataFrame({"item": ["Registration"], "start": ["2027-01-01"], "end": ["2027-01-01"]})
    fig = timeline_chart(table, task="item", start="start", finish="end")
    lo, hi = (pd.Timestamp(x) for x in fig.layout.xaxis.range)
    assert hi - lo == pd.Timedelta(days=30)  # (30 - 0) / 2 = 15 days each side
    assert lo == pd.Timestamp("2026-12-17")


def test_taxes_on_revenue_and_payments_are_drawn_only_when_the_plan_has_them() -> None:
    from planner.model.files import plan_from_dict, plan_to_dict

    path = Path(__file__).resolve().parents[2] / "templates/plans/nearshore_it_helpdesk.yaml"
    data = plan_to_dict(load_plan(path))
    names = {t.name for t in charts.costs_by_category(project(plan_from_dict(data))).data}
    assert not names & {"Tax on revenue", "Tax on payments"}
    data["financing"]["tax"] = {"revenue_tax_rate": 0.00966, "payments_tax_rate": 0.004}
    names = {t.name for t in charts.costs_by_category(project(plan_from_dict(data))).data}
    assert {"Tax on revenue", "Tax on payments"} <= names
