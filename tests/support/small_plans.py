"""Small hand-checkable plans for the engine's example tests: one items line whose FTE is
items / 100, staffing with nothing but wages, and helpers to build, run and read them."""

from __future__ import annotations

import copy
from typing import Any

import pandas as pd

from planner.engine.pipeline import project
from planner.engine.projection import Projection
from planner.model.files import plan_from_dict
from planner.model.plan import Plan
from tests.support.engine_checks import assert_identities

# An items line whose FTE is easy to check: 100 paid hours, no shrinkage, 100% utilisation and
# 60 minutes an item, so FTE = items / 100.
ITEMS_LINE = {
    "id": "forms",
    "name": "Form processing",
    "family": "back_office",
    "workload": {"type": "items", "minutes_per_item": 60, "utilisation": 1.0},
}
QUIET_STAFFING = {  # nothing but wages: no burden, raise, attrition, training or recruiting cost
    "paid_hours_per_month": 100,
    "shrinkage": 0.0,
    "burden": 0.0,
    "yearly_raise": 0.0,
    "yearly_attrition": 0.0,
    "hiring_lead_months": 0,
    "training_weeks": 0,
    "recruiting_cost_per_hire": 0,
}
BASE: dict[str, Any] = {
    "settings": {"first_month": "2027-01", "horizon_months": 12},
    "specialty": {"service_lines": [ITEMS_LINE]},
    "staffing": QUIET_STAFFING,
    "financing": {"opening_cash": 0, "tax_rate": 0.0},
}


def make_plan(**sections: Any) -> Plan:
    """BASE with sections replaced (settings and staffing are merged into BASE's)."""
    data = copy.deepcopy(BASE)
    for key, value in sections.items():
        if key in {"settings", "staffing", "financing"}:
            data[key] = {**data.get(key, {}), **value}
        else:
            data[key] = value
    return plan_from_dict(data)


def run(**sections: Any) -> Projection:
    result = project(make_plan(**sections))
    assert_identities(result)
    return result


def client(**fields: Any) -> dict[str, Any]:
    return {"name": "Acme", "service_line": "forms", "monthly_volume": 0, **fields}


def series(table: pd.DataFrame, column: str, **where: Any) -> list[float]:
    rows = table
    for key, value in where.items():
        rows = rows[rows[key] == value]
    return [round(float(x), 6) for x in rows.sort_values("month_no")[column]]
