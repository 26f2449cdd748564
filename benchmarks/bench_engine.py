"""Time `planner.engine.pipeline.project` in-process: 30 runs over 120 months, median and p90 in ms.

The plan is the largest starter template (most service lines, clients, roles and resource items)
stretched to 120 months, and a synthetic plan of 6 service lines (3 queues), 30 clients, 15 roles
and 25 resource items. Target: median under 50 ms.

    .venv/bin/python benchmarks/bench_engine.py [--repeats 30] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from planner.engine.pipeline import project  # noqa: E402
from planner.model.files import load_plan, plan_from_dict, plan_to_dict  # noqa: E402
from planner.model.plan import Plan  # noqa: E402

HORIZON = 120
TARGET_MS = 50.0


def largest_template() -> tuple[str, Plan] | None:
    paths = sorted((ROOT / "templates" / "plans").glob("*.yaml"))
    if not paths:
        return None

    def size(plan: Plan) -> int:
        return (
            len(plan.specialty.service_lines)
            + len(plan.business_plan.clients)
            + len(plan.staffing.roles)
            + len(plan.resources.items)
        )

    path, plan = max(((p, load_plan(p)) for p in paths), key=lambda pair: size(pair[1]))
    data = plan_to_dict(plan)
    data["settings"]["horizon_months"] = HORIZON
    return f"template {path.stem}", plan_from_dict(data)


def synthetic_plan() -> Plan:
    """6 service lines (3 queue, 2 items, 1 project), 30 clients, 15 roles, 25 resource items."""
    profiles = ["business_hours", "24x7", "extended_hours"]
    lines: list[dict[str, Any]] = [
        {
            "id": f"queue{i}",
            "name": f"Queue {i}",
            "family": "front_office",
            "workload": {"type": "queue", "aht_seconds": 300 + 60 * i, "profile": profiles[i]},
        }
        for i in range(3)
    ]
    lines += [
        {
            "id": f"items{i}",
            "name": f"Items {i}",
            "family": "back_office",
            "workload": {"type": "items", "minutes_per_item": 4 + i},
        }
        for i in range(2)
    ]
    lines.append(
        {"id": "project", "name": "Project", "family": "kpo", "workload": {"type": "project"}}
    )
    pricing = ["per_fte_month", "per_productive_hour", "per_item", "monthly_retainer"]
    clients = []
    for i in range(30):
        line = lines[i % 6]
        kind = line["workload"]["type"]
        clients.append(
            {
                "name": f"Client {i}",
                "service_line": line["id"],
                "status": "pipeline" if i % 3 == 0 else "signed",
                "probability": 0.5 if i % 3 == 0 else 1.0,
                "start_month": 1 + (i * 7) % 60,
                "monthly_volume": {"queue": 4000 + 900 * i, "items": 20000, "project": 600}[kind],
                "ramp_months": i % 4,
                "term_months": None if i % 2 else 36,
                "pricing_model": pricing[i % 4],
                "price": {"per_item": 1.2, "per_productive_hour": 14.0}.get(pricing[i % 4], 1800),
                "yearly_escalation": 0.03,
                "payment_days": [30, 45, 60][i % 3],
            }
        )
    roles: list[dict[str, Any]] = [
        {
            "name": f"Agent {line['id']}",
            "monthly_wage": 600 + 50 * i,
            "basis": "workload",
            "service_lines": [line["id"]],
        }
        for i, line in enumerate(lines)
    ]
    for of in ["workload_staff", "headcount", "seats", "hires_per_year"]:
        roles.append(
            {
                "name": f"Ratio {of}",
                "monthly_wage": 1500,
                "basis": "ratio",
                "ratio_per": 12,
                "ratio_of": of,
            }
        )
    roles += [
        {"name": f"Fixed {i}", "monthly_wage": 3000 + 500 * i, "fixed_count": 1 + i % 2}
        for i in range(5)
    ]
    bases = ["per_seat", "per_employee", "per_site", "fixed"]
    items = [
        {
            "name": f"Item {i}",
            "basis": bases[i % 4],
            "quantity": 1 + i % 3,
            "one_time_cost": 100 * (1 + i),
            "useful_life_months": 12 + 6 * (i % 6),
            "monthly_cost": 5 * i,
            "ownership": "lease" if i % 5 == 0 else "buy",
        }
        for i in range(25)
    ]
    return plan_from_dict(
        {
            "settings": {"name": "Benchmark plan", "horizon_months": HORIZON},
            "specialty": {"service_lines": lines},
            "business_plan": {"clients": clients},
            "paperwork": {"items": [{"name": "Licence", "one_time_fee": 500, "yearly_fee": 200}]},
            "resources": {"sites": 2, "items": items},
            "staffing": {"roles": roles, "shift_pattern": "two_shifts"},
            "marketing": {
                "channels": [
                    {
                        "name": "Events",
                        "monthly_budget": 2000,
                        "leads_per_month": 8,
                        "conversion_rate": 0.1,
                    }
                ],
                "won_client": {
                    "service_line": "items0",
                    "monthly_volume": 5000,
                    "pricing_model": "per_item",
                    "price": 1.1,
                },
            },
            "financing": {
                "opening_cash": 300000,
                "minimum_cash": 50000,
                "loans": [{"amount": 200000, "yearly_rate": 0.09, "term_months": 48}],
            },
        }
    )


def time_plan(plan: Plan, repeats: int) -> tuple[float, float]:
    project(plan)  # warm-up: imports, arrival profiles
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        project(plan)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p90 = times[min(len(times) - 1, round(0.9 * (len(times) - 1)))]
    return statistics.median(times), p90


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--profile", action="store_true", help="print the top of a cProfile")
    args = parser.parse_args()
    cases = [("synthetic 6 lines / 30 clients / 15 roles / 25 items", synthetic_plan())]
    template = largest_template()
    if template is not None:
        cases.insert(0, template)
    ok = True
    for label, plan in cases:
        median, p90 = time_plan(plan, args.repeats)
        ok = ok and median < TARGET_MS
        print(
            f"{label}, {plan.months} months, {args.repeats} runs: "
            f"median {median:.1f} ms, p90 {p90:.1f} ms (target median < {TARGET_MS:.0f} ms)"
        )
        if args.profile:
            profiler = cProfile.Profile()
            profiler.runcall(lambda plan=plan: [project(plan) for _ in range(10)])
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(20)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
