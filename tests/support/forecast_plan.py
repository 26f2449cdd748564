"""The small plan the rolling forecast's tests share (`tests/engine/test_forecast.py`,
`tests/report/test_budget.py`): one items line of 1,000 items a month at 15 each, clerks
(workload: 10 a month) at a wage of 1,000 with 25% on-costs (1,250 a person a month), one manager
at 3,000 (3,750 with on-costs), 36% yearly attrition (3% a month), clients paying 30 days after
the month, no tax, 100,000 opening cash; 12 months from 2027-01."""

from __future__ import annotations

from functools import cache

from planner.engine.projection import Projection
from tests.support.small_plans import client, run

ROLES = {
    "burden": 0.25,
    "yearly_attrition": 0.36,
    "roles": [
        {"name": "Clerk", "monthly_wage": 1000, "basis": "workload"},
        {"name": "Manager", "monthly_wage": 3000, "basis": "fixed", "fixed_count": 1},
    ],
}
CLIENTS = {
    "clients": [client(monthly_volume=1000, pricing_model="per_item", price=15, payment_days=30)]
}


@cache
def budget() -> Projection:
    """The plan's own projection (computed once)."""
    return run(business_plan=CLIENTS, staffing=ROLES, financing={"opening_cash": 100_000})
