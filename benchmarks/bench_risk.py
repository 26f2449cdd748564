"""Time the risk runs: `project_batch` (all runs together) against `project_loop` (the
deterministic engine run by run) on the same draws, side by side in one process.

The plan is the largest starter template, picked as `benchmarks/bench_engine.py` picks it (most
service lines + clients + roles + resource items), at its own horizon. The draws are the risk
runs' own (`planner.report.risk.draw_runs`: the plan's risk settings or the documented defaults,
seeded). Targets (issue 9): 2,000 runs in at most 3 s (the whole `run_risk`: draws, engine and
statistics) and at least 20 times faster than the loop. The stages before the statements
(`planner.engine.batch.run_stages`) and the statements of all runs are also timed on their own.

    .venv/bin/python benchmarks/bench_risk.py [--runs 2000] [--loop-runs N] [--seed 7]

`--loop-runs N` loops over the first N runs only and scales its time to all runs (saying so).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from planner.engine.batch import (  # noqa: E402
    Draws,
    SameInEveryRun,
    _statements_for_runs,
    project_loop,
    run_chunks,
    run_stages,
)
from planner.engine.pipeline import arrival_profiles  # noqa: E402
from planner.model.files import load_plan  # noqa: E402
from planner.model.plan import Plan  # noqa: E402
from planner.report.risk import draw_runs, run_risk  # noqa: E402

TARGET_SECONDS = 3.0
TARGET_SPEEDUP = 20.0


def largest_starter() -> tuple[str, Plan]:
    """The largest starter by bench_engine.py's measure, at its own horizon."""

    def size(plan: Plan) -> int:
        return (
            len(plan.specialty.service_lines)
            + len(plan.business_plan.clients)
            + len(plan.staffing.roles)
            + len(plan.resources.items)
        )

    paths = sorted((ROOT / "templates" / "plans").glob("*.yaml"))
    path, plan = max(((p, load_plan(p)) for p in paths), key=lambda pair: size(pair[1]))
    return path.stem, plan


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2000)
    parser.add_argument("--loop-runs", type=int, default=None, help="loop this many, scale up")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    name, plan = largest_starter()
    draws = draw_runs(plan, args.runs, args.seed)
    profiles = arrival_profiles(plan)
    print(f"plan: template {name}, {plan.months} months, {args.runs} runs, seed {args.seed}")
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"load average: {load} on {os.cpu_count()} cores (wall times grow with it)")

    start = time.perf_counter()
    same = SameInEveryRun.of(plan)
    before, split = time.perf_counter() - start, 0.0
    for part in run_chunks(draws):  # project_batch's work, timed in its two halves
        start = time.perf_counter()
        stages = run_stages(plan, part, profiles, same)
        middle = time.perf_counter()
        _statements_for_runs(plan, stages)
        before += middle - start
        split += time.perf_counter() - middle
    start = time.perf_counter()
    result = run_risk(plan, args.runs, args.seed)
    batch_seconds = time.perf_counter() - start
    batch = result.outcomes

    looped = args.runs if args.loop_runs is None else min(args.loop_runs, args.runs)
    sub = Draws({k: v[:looped] for k, v in draws.values.items()}, draws.signed[:looped])
    start = time.perf_counter()
    loop = project_loop(plan, sub)
    loop_seconds = (time.perf_counter() - start) * args.runs / looped
    worst = float(np.abs(batch.closing_cash[:looped] - loop.closing_cash).max())

    print(f"run_risk (project_batch): {batch_seconds:.2f} s for {args.runs} runs")
    print(f"  stages before the statements: {before:.2f} s")
    print(f"  statements and headline figures of all runs: {split:.2f} s")
    funding = result.stats("funding_needed")
    print(
        f"  funding needed P50 {funding['p50']:,.0f}, P90 {funding['p90']:,.0f}; "
        f"cash below zero in {result.prob_cash_below_zero:.1%} of runs"
    )
    scaled = "" if looped == args.runs else f" (looped {looped} runs, scaled to {args.runs})"
    print(f"project_loop: {loop_seconds:.2f} s{scaled}")
    speedup = loop_seconds / batch_seconds
    print(f"speed-up: {speedup:.1f}x; largest closing-cash difference {worst:.2e}")
    fast = "met" if batch_seconds <= TARGET_SECONDS else "NOT met"
    many = "met" if speedup >= TARGET_SPEEDUP else "NOT met"
    print(f"targets: <= {TARGET_SECONDS:.0f} s {fast}, >= {TARGET_SPEEDUP:.0f}x {many}")


if __name__ == "__main__":
    main()
