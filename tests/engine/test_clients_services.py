"""Clients with several services, kinds of won clients, profit by client and line (issue 12)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

from planner.engine.pipeline import project
from planner.engine.revenue import wins_by_kind
from planner.model.plan import Plan
from planner.model.starters import load_template
from planner.report.tables import profit_by_account
from planner.steps.checks import plan_warnings
from tests.support import strategies

ITEMS = {"type": "items", "minutes_per_item": 6.0, "utilisation": 1.0}


def _plan(clients: list[dict], won: dict | None = None, roles: list[dict] | None = None) -> Plan:
    data: dict = {
        "settings": {"horizon_months": 12},
        "specialty": {
            "service_lines": [
                {"id": "claims", "name": "Claims", "family": "back_office", "workload": ITEMS},
                {"id": "coding", "name": "Coding", "family": "back_office", "workload": ITEMS},
            ]
        },
        "business_plan": {"clients": clients},
        "staffing": {
            "shrinkage": 0.0,
            "paid_hours_per_month": 100.0,
            "burden": 0.25,
            "yearly_raise": 0.0,
            "yearly_attrition": 0.0,
            "training_weeks": 0.0,
            "roles": roles or [{"name": "Processor", "basis": "workload", "monthly_wage": 1000.0}],
        },
    }
    if won is not None:
        data["marketing"] = won
    return Plan.model_validate(data)


def test_an_old_one_service_client_file_reads_as_a_client_with_that_one_service() -> None:
    old = {"name": "A", "service_line": "claims", "monthly_volume": 1000, "price": 2.5,
           "pricing_model": "per_item", "payment_days": 45}  # fmt: skip
    client = _plan([old]).business_plan.clients[0]
    assert client.payment_days == 45
    assert [(s.service_line, s.monthly_volume, s.price) for s in client.services] == [
        ("claims", 1000, 2.5)
    ]


def test_an_old_won_client_reads_as_one_kind_with_all_the_wins() -> None:
    won = {"channels": [], "won_client": {"service_line": "coding", "monthly_volume": 10,
                                          "term_months": 18}}  # fmt: skip
    kinds = _plan([], won).marketing.won_clients
    assert [(k.name, k.share, k.term_months, k.service_lines()) for k in kinds] == [
        ("Won client", 1.0, 18, ["coding"])
    ]


def test_won_client_shares_must_add_up_to_100_percent() -> None:
    from planner.model.issues import FieldProblems

    one = [{"service_line": "claims", "monthly_volume": 1}]
    kinds = [
        {"name": "Clinic", "share": 0.5, "services": one},
        {"name": "Hospital", "share": 0.3, "services": one},
    ]
    with pytest.raises(Exception, match=r"add up to 80\.0%") as info:
        _plan([], {"won_clients": kinds})
    assert isinstance(info.value, FieldProblems) or "won_clients" in str(info.value)


def test_a_client_buying_two_services_counts_as_one_client_and_bills_both() -> None:
    two = {"name": "Clinic group", "services": [
        {"service_line": "claims", "monthly_volume": 1000, "pricing_model": "per_item", "price": 2},
        {"service_line": "coding", "monthly_volume": 500, "pricing_model": "per_item", "price": 4},
    ]}  # fmt: skip
    p = project(_plan([two]))
    # one client, every month (the four-clients-for-two defect counted each service)
    assert p.monthly["clients"].tolist() == [1.0] * 12
    first = p.revenue[p.revenue["month_no"] == 1]
    # 1,000 items x 2 + 500 items x 4 = 2,000 + 2,000 = 4,000 a month
    assert first["revenue"].tolist() == [2000.0, 2000.0]
    assert float(p.monthly["revenue"].iloc[0]) == 4000.0


def test_profit_by_client_hand_checked() -> None:
    # One processor role covers both lines: 6 min items, 100 paid h, no shrinkage, utilisation 1
    # -> 10 items an hour, 1,000 items per FTE. A: 600 claims, B: 200 claims + 200 coding.
    # Claims FTE = 800 / 1,000 = 0.8, coding FTE = 0.2: 1.0 FTE -> 1 processor (ceil).
    # Pay = 1,000 + 25% = 1,250 a month: claims 1,250 x 0.8 = 1,000; coding 250.
    # A: claims 1,000 x 600 / 800 = 750; B: claims 250 + coding 250 = 500.
    a = {"name": "A", "services": [{"service_line": "claims", "monthly_volume": 600,
                                    "pricing_model": "per_item", "price": 3}]}  # fmt: skip
    b = {"name": "B", "services": [
        {"service_line": "claims", "monthly_volume": 200, "pricing_model": "per_item", "price": 3},
        {"service_line": "coding", "monthly_volume": 200, "pricing_model": "per_item", "price": 5},
    ]}  # fmt: skip
    p = project(_plan([a, b]))
    m1 = p.accounts[p.accounts["month_no"] == 1]
    assert m1["direct_cost"].round(6).tolist() == [750.0, 250.0, 250.0]
    # revenue: A 600 x 3 = 1,800; B 200 x 3 = 600 and 200 x 5 = 1,000
    assert m1["contribution"].round(6).tolist() == [1050.0, 350.0, 750.0]
    by_client = profit_by_account(p, "client").rows
    # over 12 months: A 12 x 1,050 = 12,600; B 12 x (350 + 750) = 13,200
    assert by_client["contribution"].round(6).tolist() == [12600.0, 13200.0]
    by_line = profit_by_account(p, "service_line").rows
    # claims 12 x (1,050 + 350) = 16,800; coding 12 x 750 = 9,000
    assert by_line["account"].tolist() == ["Claims", "Coding"]
    assert by_line["contribution"].round(6).tolist() == [16800.0, 9000.0]


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(plan=strategies.plans())
def test_contributions_less_shared_costs_are_the_operating_profit(plan: Plan) -> None:
    p = project(plan)
    ebit = float(p.monthly["ebit"].sum())
    for by in ("client", "service_line"):
        t = profit_by_account(p, by)
        total = float(t.rows["contribution"].sum()) - t.shared_costs
        assert total == pytest.approx(ebit, abs=1e-6 * max(1.0, abs(ebit)) + 1e-6)
    # the allocated direct cost never exceeds the pay of the workload roles
    workload_roles = [r.name for r in plan.staffing.roles if r.basis == "workload"]
    pay = p.payroll[p.payroll["role"].isin(workload_roles)]
    by_month_pay = pay.groupby("month_no")["total_cost"].sum()
    by_month_cost = p.accounts.groupby("month_no")["direct_cost"].sum()
    for month, cost in by_month_cost.items():
        assert cost <= by_month_pay.get(month, 0.0) + 1e-6


def test_wins_go_to_kinds_by_their_shares_and_add_up() -> None:
    # shares 75% / 25%: after 3 wins the second kind is furthest behind (0.25 x 3 - 0 = 0.75 >
    # 0.75 x 3 - 2 = 0.25) and takes the 3rd; the 4th goes back to the first: 3 and 1
    assert wins_by_kind([0.75, 0.25], np.array([1.0, 1.0, 1.0, 1.0])).tolist() == [
        [1.0, 1.0, 0.0, 1.0],
        [0.0, 0.0, 1.0, 0.0],
    ]
    # 10 wins at once, 50/30/20: 5, 3, 2
    assert wins_by_kind([0.5, 0.3, 0.2], np.array([10.0])).ravel().tolist() == [5.0, 3.0, 2.0]


def test_a_price_kept_after_switching_to_per_item_is_warned_naming_the_client() -> None:
    # 1,750 was a per-FTE-month price; per item on 1,000 items it bills 1,750,000 a month
    kept = {"name": "Clinic A", "services": [
        {"service_line": "claims", "monthly_volume": 1000, "pricing_model": "per_item",
         "price": 1750}
    ]}  # fmt: skip
    plan = _plan([kept])
    found = [w.message for w in plan_warnings(plan, project(plan))]
    assert any("Clinic A, Claims" in m and "per item" in m for m in found), found
    fair = {"name": "Clinic A", "services": [
        {"service_line": "claims", "monthly_volume": 1000, "pricing_model": "per_item",
         "price": 2.5}
    ]}  # fmt: skip
    plan = _plan([fair])
    assert not [w for w in plan_warnings(plan, project(plan)) if "Clinic A" in w.message]


def test_starters_are_written_in_the_new_form() -> None:
    from pathlib import Path

    from planner.model.starters import template_ids

    for tid in template_ids():
        text = (Path(__file__).parents[2] / "templates" / "plans" / f"{tid}.yaml").read_text()
        assert "won_client:" not in text and "\n      service_line:" not in text
        assert load_template(tid).business_plan.clients
