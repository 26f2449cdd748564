"""Time the risk runs: `project_batch` (all runs together) against `project_loop` (the
deterministic engine run by run) on the same draws, side by side in one process.

The plan is the largest starter template, picked as `benchmarks/bench_engine.py` picks it (most
service lines + clients + roles + resource items), at its own horizon. Draws: each driver from
the plan's risk settings (`planner.model.drivers.effective_risk`; a triangular draw between low,
likely and high, a whole number of months for the start delay), each prospect signing with its
probability x the run's win rate (capped at 1), seeded. Targets (issue 9): 2,000 runs in at most
3 s and at least 20 times faster than the loop. The time of the stages before the statements
(`planner.engine.batch.run_stages`) is printed on its own: the statements still run run by run
until they take a run axis.

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
    project_batch,
    project_loop,
    run_chunks,
    run_stages,
)
from planner.engine.pipeline import arrival_profiles  # noqa: E402
from planner.model.drivers import effective_risk, prospect_indices  # noqa: E402
from planner.model.files import load_plan  # noqa: E402
from planner.model.plan import Plan  # noqa: E402

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


def draw(plan: Plan, runs: int, seed: int) -> Draws:
    """Seeded draws of every driver of the plan's risk settings and of each prospect."""
    rng = np.random.default_rng(seed)
    values = {}
    for name, band in effective_risk(plan).drivers.items():
        if band.low == band.high:
            drawn = np.full(runs, float(band.low))
        else:
            drawn = rng.triangular(band.low, band.likely, band.high, runs)
        values[name] = np.round(drawn) if name == "start_delay_months" else drawn
    clients = plan.business_plan.clients
    chance = np.array([clients[i].probability for i in prospect_indices(plan)])
    win = values.get("win_rate", np.ones(runs))
    signed = rng.random((runs, chance.size)) < np.minimum(1.0, chance[None, :] * win[:, None])
    return Draws(values, signed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2000)
    parser.add_argument("--loop-runs", type=int, default=None, help="loop this many, scale up")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    name, plan = largest_starter()
    draws = draw(plan, args.runs, args.seed)
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
    batch = project_batch(plan, draws, profiles)
    batch_seconds = time.perf_counter() - start

    looped = args.runs if args.loop_runs is None else min(args.loop_runs, args.runs)
    sub = Draws({k: v[:looped] for k, v in draws.values.items()}, draws.signed[:looped])
    start = time.perf_counter()
    loop = project_loop(plan, sub)
    loop_seconds = (time.perf_counter() - start) * args.runs / looped
    worst = float(np.abs(batch.closing_cash[:looped] - loop.closing_cash).max())

    print(f"project_batch: {batch_seconds:.2f} s for {args.runs} runs")
    print(f"  stages before the statements (vectorised): {before:.2f} s")
    print(f"  statements, still run by run for now: {split:.2f} s")
    scaled = "" if looped == args.runs else f" (looped {looped} runs, scaled to {args.runs})"
    print(f"project_loop: {loop_seconds:.2f} s{scaled}")
    speedup = loop_seconds / batch_seconds
    print(f"speed-up: {speedup:.1f}x; largest closing-cash difference {worst:.2e}")
    fast = "met" if batch_seconds <= TARGET_SECONDS else "NOT met"
    many = "met" if speedup >= TARGET_SPEEDUP else "NOT met"
    print(f"targets: <= {TARGET_SECONDS:.0f} s {fast}, >= {TARGET_SPEEDUP:.0f}x {many}")
    print(
        f"without the statements loop: {before:.2f} s, "
        f"{loop_seconds / before:.1f}x ({'met' if before <= TARGET_SECONDS else 'NOT met'})"
    )


if __name__ == "__main__":
    main()
