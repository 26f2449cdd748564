"""The queue and funnel charts show the engine's figures; they do not rebuild them (the busiest
interval behind the service-level chart: tests/report/test_tables.py)."""

from __future__ import annotations

import ast
import inspect

import pytest

from planner.charts import figures as charts
from planner.engine.pipeline import project
from planner.model.plan import Plan

CHANNEL = {"name": "Web", "monthly_budget": 1000, "leads_per_month": 10, "conversion_rate": 0.1}


def _plan(**sections: object) -> Plan:
    return Plan.model_validate({"settings": {"horizon_months": 12}, **sections})


def test_expected_clients_are_the_engines_expected_wins_within_the_plan() -> None:
    # 10 leads a month x 10% = 1 expected client a month, 3 months after the leads: months 4..12
    # of a 12-month plan bring 9 expected clients (leads x rate over the plan would say 12)
    p = project(_plan(marketing={"channels": [CHANNEL], "sales_cycle_months": 3}))
    assert p.marketing["expected_wins"].sum() == pytest.approx(9.0)
    _leads, expected, won = charts.marketing_funnel(p).data[0].x
    assert expected == pytest.approx(9.0)
    assert won == 9


def test_the_charts_call_no_staffing_rule_and_read_no_profile() -> None:
    tree = ast.parse(inspect.getsource(charts))
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) for a in n.names}
    assert not {"staff_traffic", "load_profile", "traffic_erlangs"} & (names | imported)
