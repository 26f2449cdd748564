"""Time the statements and headline figures of 2,000 runs at once against 2,000 separate calls.

The plan is the largest starter template (as in `bench_engine.py`) at 36 and 120 months. Eight
plans of its shape are built by changing values only (volumes, prices, wages), their stage lines
computed by the engine (`planner.engine.pipeline._run_stages`), and run r takes plan r mod 8's
lines with its revenue scaled by a seeded factor (0.8 to 1.2), so every run differs (and so do
the financing passes it needs). The same inputs go through
`planner.engine.statements.monthly_statements` + `planner.engine.kpis.batch_headlines` once,
stacked (R, ..., months), and through `monthly_statements` + the one-plan KPI rules once per run;
the two must agree to the cent. Target: the batch well under 1 s.

    .venv/bin/python benchmarks/bench_statements_batch.py [--runs 2000] [--repeats 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import fields, is_dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_engine import largest_template  # noqa: E402

from planner.engine.headcount import recruiting_cost  # noqa: E402
from planner.engine.kpis import batch_headlines, break_even_index, funding_needed  # noqa: E402
from planner.engine.pipeline import _run_stages, arrival_profiles  # noqa: E402
from planner.engine.statements import StatementInputs, monthly_statements  # noqa: E402
from planner.model.files import plan_from_dict, plan_to_dict  # noqa: E402
from planner.model.plan import Plan  # noqa: E402

TARGET_MS = 1000.0
VARIATIONS = [(v, p, w) for v in (0.8, 1.1) for p in (0.95, 1.0) for w in (1.0, 1.1)]
"""(volume, price, wages) multipliers of the eight plans."""


def with_values(plan: Plan, volume: float, price: float, wages: float, months: int) -> Plan:
    """`plan` over `months` with every volume, price and wage scaled (the same shape)."""
    data = plan_to_dict(plan)
    data["settings"]["horizon_months"] = months
    services = [s for c in data["business_plan"]["clients"] for s in c["services"]]
    services += [s for k in data["marketing"]["won_clients"] for s in k["services"]]
    for service in services:
        service["monthly_volume"] *= volume
        service["price"] *= price
    for role in data["staffing"]["roles"]:
        role["monthly_wage"] *= wages
    return plan_from_dict(data)


def inputs_of(plan: Plan) -> StatementInputs:
    """The statements' inputs of one plan, as `pipeline._monthly` builds them."""
    stages = _run_stages(plan, arrival_profiles(plan))
    direct = np.array([r.is_direct for r in stages.people.roles], dtype=bool)
    return StatementInputs(
        revenue_by_client=stages.revenue_by_client,
        collection_lag=list(stages.book.collection_lag),
        bad_debt_rate=list(stages.book.bad_debt_rate),
        direct_pay=stages.pay[direct],
        indirect_pay=stages.pay[~direct],
        recruiting=recruiting_cost(plan.staffing, stages.people),
        resources=stages.res,
        fees=stages.fees.expense,
        prepaid=stages.fees.prepaid.sum(axis=0),
        marketing_spend=stages.funnel.spend,
        loans=stages.loans,
        accrued_pay=stages.bonuses.owed.sum(axis=0),
    )


def pick(value: Any, rows: np.ndarray | int) -> Any:
    """Every array of `value` (a dataclass of arrays, nested) taken at `rows` along axis 0."""
    if isinstance(value, np.ndarray):
        return value[rows]
    if is_dataclass(value) and not isinstance(value, type):
        return replace(value, **{f.name: pick(getattr(value, f.name), rows) for f in fields(value)})
    return value  # the clients' terms: the same in every run


def stacked_runs(base: Plan, months: int, runs: int) -> tuple[Plan, StatementInputs]:
    """`runs` runs' inputs stacked: run r is plan r mod 8 with its revenue x a seeded factor."""
    plans = [with_values(base, *v, months) for v in VARIATIONS]
    stack: StatementInputs = _stack([inputs_of(plan) for plan in plans])
    batch: StatementInputs = pick(stack, np.arange(runs) % len(plans))
    factor = np.random.default_rng(7).uniform(0.8, 1.2, runs)
    batch = replace(batch, revenue_by_client=batch.revenue_by_client * factor[:, None, None])
    return plans[0], batch


def _stack(items: list[Any]) -> Any:
    """Arrays stacked along a new axis 0; dataclasses field by field; anything else (the
    clients' terms, the same in every plan) once."""
    first = items[0]
    if isinstance(first, np.ndarray):
        return np.stack(items)
    if is_dataclass(first) and not isinstance(first, type):
        return replace(
            first, **{f.name: _stack([getattr(i, f.name) for i in items]) for f in fields(first)}
        )
    return first


def batched(plan: Plan, batch: StatementInputs) -> dict[str, np.ndarray]:
    """Every run at once: the statements, then the headline figures."""
    p, c = monthly_statements(batch, plan.financing, plan.settings.first_month)
    figures = batch_headlines(c["closing_cash"], p["net_income"], plan.financing.minimum_cash)
    return {"closing_cash": c["closing_cash"], **figures}


def one_by_one(plan: Plan, batch: StatementInputs, runs: int) -> dict[str, np.ndarray]:
    """One call per run (as looping the engine would): the statements, then the one-plan rules
    of funding needed and break-even."""
    cash, need, be = [], [], []
    for r in range(runs):
        p, c = monthly_statements(pick(batch, r), plan.financing, plan.settings.first_month)
        cash.append(c["closing_cash"])
        need.append(funding_needed(c["closing_cash"], plan.financing.minimum_cash))
        index = break_even_index(p["net_income"])
        be.append(-1 if index is None else index)
    return {
        "closing_cash": np.array(cash),
        "funding_needed": np.array(need),
        "break_even_index": np.array(be),
    }


def timed(fn: Any, repeats: int) -> tuple[float, Any]:
    """(median ms over `repeats` calls of `fn`, its last result)."""
    times, out = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        out = fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=3, help="of the batch (median)")
    args = parser.parse_args()
    template = largest_template()
    if template is None:
        print("no starter templates")
        return 1
    label, base = template
    ok = True
    for months in (36, 120):
        plan, batch = stacked_runs(base, months, args.runs)
        batch_ms, many = timed(lambda plan=plan, batch=batch: batched(plan, batch), args.repeats)
        loop_ms, each = timed(lambda plan=plan, batch=batch: one_by_one(plan, batch, args.runs), 1)
        gap = float(np.max(np.abs(many["closing_cash"] - each["closing_cash"])))
        same = (
            gap < 0.005
            and np.allclose(many["funding_needed"], each["funding_needed"], rtol=0, atol=0.005)
            and np.array_equal(many["break_even_index"], each["break_even_index"])
        )
        ok = ok and same and batch_ms < TARGET_MS
        print(
            f"{label}, {months} months, {args.runs:,} runs: statements + headlines batched "
            f"{batch_ms:,.0f} ms, {args.runs:,} separate calls {loop_ms:,.0f} ms "
            f"({loop_ms / batch_ms:.0f}x); largest cash gap {gap:.2g} "
            f"({'equal to the cent' if same else 'DIFFERENT'}); target batched < "
            f"{TARGET_MS:,.0f} ms"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
