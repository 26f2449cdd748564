"""`python -m planner scenarios PLAN [--json]`: the plan as it stands and each of its scenarios
side by side (`planner.report.scenarios`, the one owner of scenario comparisons).

With --json: a JSON list, the plan as it stands first ("Plan as it stands"), then each scenario in
plan order, each `{"name": ..., "description": ..., "changes": {driver: value}, "kpis": {...}}`;
`kpis` has the same keys and rounding as `summary --json`'s. Without --json: the headline
figures as a table, one column per scenario, and what each scenario changes.

`summary --scenario` and `export --scenario` choose one scenario (`planner.cli.scenario_plan`): an
unknown scenario is a `UsageError` naming the scenarios the plan has (exit code 2, no traceback).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from planner.model.plan import Plan


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "scenarios",
        help="compare a plan's scenarios with the plan as it stands",
        description=(
            "Compute a plan as it stands and with each of its scenarios (the plan file's "
            "scenarios: section) and print their headline figures side by side. PLAN is a plan "
            "file (.yaml, .yml or .json) or the id of a starter plan (see the templates command)."
        ),
    )
    parser.add_argument(
        "plan", metavar="PLAN", help="a plan file, or a starter's id (e.g. offshore_voice_support)"
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help="print a JSON list: the plan as it stands, then each scenario, each with its kpis",
    )
    parser.set_defaults(handler=run_scenarios)


def scenarios_list(plan: Plan) -> list[dict[str, Any]]:
    """The --json list (module docstring)."""
    from planner.cli.summary import summary_dict
    from planner.report.scenarios import scenario_runs

    changes = {s.name: dict(s.changes) for s in plan.scenarios}
    return [
        {
            "name": run.name,
            "description": run.description,
            "changes": changes.get(run.name, {}),
            "kpis": summary_dict(run.projection)["kpis"],
        }
        for run in scenario_runs(plan)
    ]


def scenarios_text(plan: Plan) -> str:
    """The headline figures side by side (`headline_table`), then each scenario's changes."""
    from planner.report.scenarios import change_words, headline_table, scenario_runs

    s = plan.settings
    lines = [f"{s.name} ({s.horizon_months} months from {s.first_month}, {s.currency})", ""]
    lines.append(headline_table(scenario_runs(plan)).to_string())
    if not plan.scenarios:
        lines += ["", "This plan has no scenarios yet: add them on the Scenarios page or in its "
                  "scenarios: section."]  # fmt: skip
    else:
        lines.append("")
        for scenario in plan.scenarios:
            lines.append(f"  {scenario.name}: {change_words(scenario.changes)}")
            if scenario.description:
                lines.append(f"    {scenario.description}")
    return "\n".join(lines)


def run_scenarios(args: argparse.Namespace) -> int:
    from planner.model.starters import load_plan_or_starter

    plan = load_plan_or_starter(args.plan)  # a PlanError's issues are printed by `main`
    if args.json:
        json.dump(scenarios_list(plan), sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        print(scenarios_text(plan))
    return 0
