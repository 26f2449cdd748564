"""`python -m planner risk PLAN [--runs N] [--seed S] [--json] [--samples OUT.csv]
[--keep-plans DIR --keep K]`: the risk runs (Monte Carlo) of a plan.

PLAN is a plan file or a starter's id. The runs follow the plan's `risk:` section, or the documented
defaults (`planner.model.drivers.DEFAULT_RISK`); --runs and --seed replace its runs and seed.

--json prints one object (`planner.report.risk.RiskResult.to_json`): name, currency, runs, seed,
distribution, prob_cash_below_zero (share of runs whose lowest closing cash is below zero, 0 to 1)
and funding_needed, ending_cash, lowest_cash, each {p5, p50, p90, p95, mean} (numpy's default
linear percentiles over the runs; money rounded to cents as in `summary --json`). Without --json:
the same in words ("Raise X more than planned to be safe nine times in ten").

--samples OUT.csv: one row per run, in run order (`RiskResult.samples`): run, each drawn driver's
value, each prospect's signed flag (column: the client's name), funding_needed, ending_cash,
lowest_cash (money to cents) and break_even_month ("YYYY-MM", blank when none).

--keep-plans DIR --keep K: the first K runs' plans as plain plan files DIR/run-0001.yaml, ...,
whose `summary` gives exactly that run's figures.

Bad input (fewer than 10 runs, a missing plan, K above the runs, DIR not a folder) is one line on
stderr and exit code 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planner.cli.errors import UsageError
from planner.model.labels import DISTRIBUTION_LABELS
from planner.model.starters import load_plan_or_starter
from planner.report import format as fmt
from planner.rounding import round_half_up

if TYPE_CHECKING:
    from planner.model.plan import Plan
    from planner.report.risk import RiskResult

MIN_RUNS, MAX_RUNS = 10, 20_000
"""The runs a plan's `risk:` section allows (`planner.model.plan.Risk.runs`)."""
MAX_SEED = 2**31 - 1


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "risk",
        help="run a plan many times with its uncertain drivers drawn (Monte Carlo)",
        description=(
            "Run a plan many times, each run with volume, handling time, price, win rate, start "
            "delay, attrition and wages drawn from the plan's risk settings (or the defaults) "
            "and each prospect signing or not, and report the range: the chance that cash falls "
            "below zero and funding needed at P50, P90 and P95. PLAN is a plan file or a "
            "starter's id."
        ),
    )
    parser.add_argument(
        "plan", metavar="PLAN", help="a plan file, or a starter's id (e.g. offshore_voice_support)"
    )
    parser.add_argument(
        "--runs", type=int, metavar="N", help="how many runs (10 to 20,000; default: the plan's)"
    )
    parser.add_argument(
        "--seed", type=int, metavar="S", help="the random seed (default: the plan's)"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--samples",
        metavar="OUT.csv",
        help="write one CSV row per run (drivers, signings, figures)",
    )
    parser.add_argument(
        "--keep-plans", metavar="DIR", help="write the first K runs' plans into this folder"
    )
    parser.add_argument(
        "--keep", type=int, metavar="K", help="how many runs' plans --keep-plans writes"
    )
    parser.set_defaults(handler=run_risk_command)


def _check(args: argparse.Namespace) -> None:
    """UsageError naming the first bad option and what is allowed."""
    if args.runs is not None and not MIN_RUNS <= args.runs <= MAX_RUNS:
        raise UsageError(
            f"--runs: between {fmt.number(MIN_RUNS)} and {fmt.number(MAX_RUNS)} runs, "
            f"got {args.runs}"
        )
    if args.seed is not None and not 0 <= args.seed <= MAX_SEED:
        raise UsageError(f"--seed: a whole number from 0 to {MAX_SEED}, got {args.seed}")
    if (args.keep_plans is None) != (args.keep is None):
        raise UsageError("--keep-plans DIR and --keep K go together: give both or neither")
    if args.keep is not None and args.keep < 1:
        raise UsageError(f"--keep: at least 1 run's plan, got {args.keep}")
    if args.keep_plans is not None:
        folder = Path(args.keep_plans)
        if folder.exists() and not folder.is_dir():
            raise UsageError(f"--keep-plans: {folder} is not a folder")
        if not folder.exists() and not folder.parent.is_dir():
            raise UsageError(f"--keep-plans: the folder {folder.parent} does not exist")
    if args.samples is not None:
        out = Path(args.samples)
        if out.is_dir() or not out.parent.is_dir():
            raise UsageError(f"--samples: cannot write a CSV file at {out}")


def samples_csv(result: RiskResult) -> str:
    """`RiskResult.samples` as CSV text: money to cents (`round_half_up`), driver values as
    drawn (full precision, so a run can be written again), signed flags true/false, and a client
    name that a spreadsheet would take for a formula ("=...") prefixed with an apostrophe
    (`planner.export.safety`)."""
    from planner.export.safety import plain_text

    table = result.samples()
    for column in ("funding_needed", "ending_cash", "lowest_cash"):
        table[column] = [round_half_up(float(x), 2) for x in table[column]]
    names = result.prospect_columns()
    for name in names:
        table[name] = ["true" if x else "false" for x in table[name]]
    table = table.rename(columns={name: plain_text(name).for_csv() for name in names})
    text: str = table.to_csv(index=False, lineterminator="\n")
    return text


def risk_text(result: RiskResult) -> str:
    """The risk runs in words: the chance of running out of cash and how much to raise on top of
    the plan's financing (funding needed: the extra opening cash that keeps the minimum cash)."""
    cur = result.currency
    funding = result.stats("funding_needed")
    ending = result.stats("ending_cash")
    lowest = result.stats("lowest_cash")

    def money(x: float) -> str:
        return fmt.money(x, cur)

    if funding["p90"] > 0:
        advice = (
            f"Raise {money(funding['p90'])} on top of the plan's financing to be safe nine times "
            f"in ten ({money(funding['p95'])} for nineteen times in twenty)."
        )
    else:
        advice = "The planned financing keeps cash above the minimum in at least nine runs in ten."
    break_even = result.break_even_months()
    most = (
        "never within the plan"
        if break_even.counts.empty
        else f"most often {break_even.counts.idxmax()}"
    )
    top = result.importance().head(3)
    drivers = ", ".join(
        f"{label} ({fmt.number(float(rho), 2)})"
        for label, rho in zip(top["label"], top["rho"], strict=True)
    )
    return "\n".join(
        [
            f"{result.plan_name}: {fmt.number(result.runs)} risk runs "
            f"in {cur}, seed {result.seed}; {DISTRIBUTION_LABELS[result.distribution]}",
            "",
            f"  {advice}",
            "  cash falls below zero      with the plan's financing, in "
            f"{fmt.percent(result.prob_cash_below_zero, 1)} of runs",
            f"  funding needed             P50 {money(funding['p50'])}, P90 "
            f"{money(funding['p90'])}, P95 {money(funding['p95'])}",
            f"  ending cash                P5 {money(ending['p5'])}, P50 {money(ending['p50'])}, "
            f"P95 {money(ending['p95'])}",
            f"  lowest cash                P5 {money(lowest['p5'])}, P50 {money(lowest['p50'])}",
            f"  break-even month           {most}; none within the plan in "
            f"{fmt.percent(break_even.share_not_within, 1)} of runs",
            f"  what matters most          {drivers or 'no driver varies funding needed'} "
            "(rank correlation with funding needed)",
        ]
    )


def keep_plans(result: RiskResult, plan: Plan, folder: Path, keep: int) -> list[Path]:
    """Write the first `keep` runs' plans (`Draws.plan_for`) as folder/run-0001.yaml, ..."""
    from planner.model.files import save_plan

    folder.mkdir(exist_ok=True)
    written = []
    for r in range(keep):
        path = folder / f"run-{r + 1:04d}.yaml"
        save_plan(result.draws.plan_for(plan, r), path)
        written.append(path)
    return written


def run_risk_command(args: argparse.Namespace) -> int:
    from planner.model.drivers import effective_risk
    from planner.report.risk import run_risk

    _check(args)
    plan = load_plan_or_starter(args.plan)  # a PlanError's issues are printed by `main`
    runs = effective_risk(plan).runs if args.runs is None else args.runs
    if args.keep is not None and args.keep > runs:
        raise UsageError(f"--keep: at most the {fmt.number(runs)} runs, got {args.keep}")
    result = run_risk(plan, args.runs, args.seed)
    if args.samples is not None:
        Path(args.samples).write_text(samples_csv(result), encoding="utf-8")
    if args.keep_plans is not None:
        keep_plans(result, plan, Path(args.keep_plans), args.keep)
    if args.json:
        json.dump(result.to_json(), sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        print(risk_text(result))
    return 0
