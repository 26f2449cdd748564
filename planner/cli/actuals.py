"""`python -m planner actuals PLAN --actuals FILE [--mapping MAP.yaml] [--threshold PCT] [--json]`.

Reads FILE (the long CSV `month,line,value`, or a profit and loss by month exported from
QuickBooks Online or Xero, .xlsx or .csv: `planner.report.actuals_import`), merges its figures
over the plan's own actuals, computes the plan and prints the variance
(`planner.report.variance`).

With --json one JSON object: name, currency, threshold_pct (the flag threshold in percent),
layout ("long" or "profit_and_loss"), unmapped (P&L accounts no rule or mapping names, left
out), mapping (account -> line key used; "" ignores), variance (one object per month and line
with actuals: month, line, label, plan, actual, variance = actual - plan, variance_pct =
variance / |plan| x 100 to 2 decimals or null when the plan is 0, flagged), year_to_date (one
object per line: line, label, plan_year, months, last_month, plan, actual, variance,
variance_pct, flagged) and explanations (sentences). Money to cents; counts as given.

A file that cannot be read, or figures the plan cannot take (a month outside it, a line it does
not have), exit with code 2 and one line naming the file, the row, the column and what was
expected.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planner.cli.errors import UsageError
from planner.model.starters import load_plan_or_starter
from planner.report import format as fmt
from planner.rounding import round_half_up

if TYPE_CHECKING:
    import pandas as pd

    from planner.model.plan import Plan
    from planner.report.actuals_import import ActualsImport
    from planner.report.variance import Variance


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "actuals",
        help="compare actual monthly figures with a plan",
        description=(
            "Compare actual figures with a plan. FILE is a CSV with the columns month,line,value, "
            "or a profit and loss by month exported from QuickBooks Online or Xero (.xlsx or "
            ".csv); its accounts are mapped to the plan's lines from their names, or by --mapping."
        ),
    )
    parser.add_argument("plan", metavar="PLAN", help="a plan file, or a starter's id")
    parser.add_argument(
        "--actuals", metavar="FILE", required=True, help="the actual figures (.csv or .xlsx)"
    )
    parser.add_argument(
        "--mapping",
        metavar="MAP.yaml",
        help="account name -> line key (YAML or JSON; blank ignores the account)",
    )
    parser.add_argument(
        "--threshold",
        metavar="PCT",
        type=float,
        default=10.0,
        help="flag variances larger than this percentage of the plan (default 10)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(handler=run_actuals)


def _read(path: str, what: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise UsageError(f"{what} {path} cannot be read: {exc.strerror or exc}") from None


def load_actuals(plan: Plan, path: str, mapping_path: str | None) -> tuple[Plan, ActualsImport]:
    """The plan with FILE's figures merged over its own, and what the file gave; every problem
    as one `UsageError` line that names the file."""
    from planner.model.issues import PlanError, explain
    from planner.report.actuals_import import ActualsFileError, import_into, read_mapping_text

    name = Path(path).name
    mapping = None
    if mapping_path:
        text = _read(mapping_path, "the mapping file").decode("utf-8", errors="replace")
        try:
            mapping = read_mapping_text(text)
        except ActualsFileError as exc:
            raise UsageError(f"{Path(mapping_path).name}, {exc}") from None
    try:
        return import_into(plan, _read(path, "the actuals file"), name, mapping)
    except ActualsFileError as exc:
        raise UsageError(f"{name}, {exc}") from None
    except PlanError as exc:
        lines = [explain(issue) for issue in exc.issues] or [str(exc)]
        more = f" (and {len(lines) - 1} more)" if len(lines) > 1 else ""
        raise UsageError(f"{name}: {lines[0]}{more}") from None


def _number(value: float) -> float:
    """Money to cents by the house rule; counts (people, seats, volume) to 2 decimals too."""
    return round_half_up(float(value), 2)


def _pct(value: float) -> float | None:
    return None if math.isnan(value) else round_half_up(float(value), 2)


def _records(table: pd.DataFrame, keys: tuple[str, ...]) -> list[dict[str, Any]]:
    rows = []
    for rec in table.to_dict("records"):
        row: dict[str, Any] = {}
        for key in keys:
            value = rec[key]
            if key in {"plan", "actual", "variance"}:
                row[key] = _number(value)
            elif key == "variance_pct":
                row[key] = _pct(value)
            elif key == "flagged":
                row[key] = bool(value)
            elif key in {"plan_year", "months"}:
                row[key] = int(value)
            else:
                row[key] = str(value)
        rows.append(row)
    return rows


def actuals_dict(plan: Plan, result: ActualsImport, found: Variance) -> dict[str, Any]:
    """The JSON object of the module docstring."""
    return {
        "name": plan.settings.name,
        "currency": plan.settings.currency,
        "threshold_pct": round_half_up(found.threshold * 100, 4),
        "layout": result.layout,
        "unmapped": list(result.unmapped),
        "mapping": dict(result.mapping),
        "variance": _records(
            found.table,
            ("month", "line", "label", "plan", "actual", "variance", "variance_pct", "flagged"),
        ),
        "year_to_date": _records(
            found.year_to_date,
            (
                "line",
                "label",
                "plan_year",
                "months",
                "last_month",
                "plan",
                "actual",
                "variance",
                "variance_pct",
                "flagged",
            ),
        ),
        "explanations": list(found.explanations),
    }


def actuals_text(plan: Plan, result: ActualsImport, found: Variance) -> str:
    """The variance as a readable table (month, line, plan, actual, variance, variance %, a "!"
    past the threshold), then the year to date's explanations and the unmapped accounts."""
    from planner.model.actuals_lines import is_count

    cur = plan.settings.currency

    def shown(line: str, value: float) -> str:
        return fmt.people(value) if is_count(line) else fmt.amount(value, cur)

    width = max([len(str(x)) for x in found.table["label"]] + [4])
    lines = [
        f"{plan.settings.name}: actual figures against the plan ({cur}; flagged past "
        f"{fmt.percent(found.threshold, 1, trim=True)})",
        "",
        f"{'month':<8} {'line':<{width}} {'plan':>14} {'actual':>14} {'variance':>14} {'var %':>8}",
    ]
    for rec in found.table.to_dict("records"):
        line = str(rec["line"])
        pct = "" if math.isnan(rec["variance_pct"]) else fmt.percent(rec["variance_pct"] / 100, 1)
        lines.append(
            f"{rec['month']:<8} {rec['label']:<{width}} {shown(line, rec['plan']):>14} "
            f"{shown(line, rec['actual']):>14} {shown(line, rec['variance']):>14} {pct:>8}"
            + (" !" if rec["flagged"] else "")
        )
    if found.explanations:
        lines += ["", "Largest variances, year to date:"]
        lines += [f"  {sentence}" for sentence in found.explanations]
    if result.unmapped:
        lines += ["", "Accounts left out (map them with --mapping): " + ", ".join(result.unmapped)]
    return "\n".join(lines)


def run_actuals(args: argparse.Namespace) -> int:
    from planner.engine.pipeline import project
    from planner.report.variance import variance

    if not math.isfinite(args.threshold) or not 0 <= args.threshold <= 1000:
        raise UsageError(f"--threshold must be a percentage from 0 to 1000, got {args.threshold}")
    plan = load_plan_or_starter(args.plan)  # a PlanError's issues are printed by `main`
    plan, result = load_actuals(plan, args.actuals, args.mapping)
    found = variance(project(plan), threshold=args.threshold / 100)
    if args.json:
        json.dump(actuals_dict(plan, result, found), sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        print(actuals_text(plan, result, found))
    return 0
