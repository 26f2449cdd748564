"""Scenarios side by side: the one owner of scenario comparisons (page, command line, document).

A plan's scenarios (`Plan.scenarios`) are named sets of driver changes; each is applied by
`planner.model.drivers.apply_scenario` (the one owner of what a driver means) and projected by the
deterministic engine. The comparison is the plan as it stands ("Plan as it stands", first) and
each scenario in plan order:

- `scenario_runs(plan, project)`: each one's name, description, plan and `Projection`. A function
  of the plan only; pass a cached `project` (the app's `state.projection`) to compute each plan
  once per content.
- `headline_table(runs)`: the headline figures side by side (rows: the figures in
  `labels.KPI_LABELS` words; columns: one per scenario), formatted by `planner.report.format`.
- `monthly_long(runs)`: cash and headcount by month, one row per scenario and month (for a chart).
- `change_words(changes)`: a scenario's changes as a founder reads them ("Volume -20%, Start delay
  (months) +3").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from planner.engine.projection import Kpis, Projection
from planner.model.drivers import DRIVER_NAMES, apply_scenario
from planner.model.labels import DRIVER_LABELS, KPI_LABELS, NOT_WITHIN_PLAN
from planner.model.plan import DriverName, Plan
from planner.report import format as fmt

BASE_NAME = "Plan as it stands"
"""The name of the comparison's first column: the plan without any scenario's changes."""
BASE_DESCRIPTION = "The plan's own figures, no change."

HEADLINE_KEYS: tuple[str, ...] = (
    "funding_needed",
    "lowest_cash",
    "lowest_cash_month",
    "ending_cash",
    "break_even_month",
    "peak_headcount",
    "total_revenue",
    "total_net_income",
)
"""The `Kpis` fields compared side by side, in the table's order."""

LONG_COLUMNS = ("scenario", "month", "month_no", "closing_cash", "headcount")
"""`monthly_long`'s columns."""


@dataclass(frozen=True)
class ScenarioRun:
    """One column of the comparison: its name and description, the plan it computes (the
    scenario applied: a plain plan) and that plan's projection."""

    name: str
    description: str
    plan: Plan
    projection: Projection


def scenario_plans(plan: Plan) -> list[tuple[str, str, Plan]]:
    """(name, description, plan) for the plan as it stands and then each scenario, in plan
    order; each scenario's plan is `apply_scenario(plan, name)` (no scenarios of its own)."""
    out = [(BASE_NAME, BASE_DESCRIPTION, plan)]
    out += [(s.name, s.description, apply_scenario(plan, s.name)) for s in plan.scenarios]
    return out


def scenario_runs(
    plan: Plan, project: Callable[[Plan], Projection] | None = None
) -> tuple[ScenarioRun, ...]:
    """The plan as it stands and each scenario, projected (`project`, by default the engine's
    `planner.engine.pipeline.project`; the app passes its cached one)."""
    if project is None:
        from planner.engine.pipeline import project as engine_project

        project = engine_project
    return tuple(
        ScenarioRun(name, description, applied, project(applied))
        for name, description, applied in scenario_plans(plan)
    )


def _month(label: str | None) -> str:
    return label or NOT_WITHIN_PLAN


MONEY_KEYS = frozenset({"funding_needed", "lowest_cash", "ending_cash", "total_revenue",
                        "total_net_income"})  # fmt: skip
"""The headline figures that are money (in the plan's currency)."""


def headline_values(k: Kpis, currency: str, *, symbol: bool = True) -> dict[str, str]:
    """Each of `HEADLINE_KEYS` for one scenario, as shown: money in the plan's currency (whole
    units: `format.money`, or with `symbol=False` `format.amount`, the currency then named in the
    heading), months as "YYYY-MM" (or "not within the plan"), people as a count."""
    months = {"lowest_cash_month": k.lowest_cash_month, "break_even_month": k.break_even_month}
    shown: dict[str, str] = {}
    for key in HEADLINE_KEYS:
        value = getattr(k, key)
        if key in MONEY_KEYS:
            shown[key] = fmt.money(value, currency) if symbol else fmt.amount(value, currency)
        elif key in months:
            shown[key] = _month(months[key])
        else:
            shown[key] = fmt.number(value)
    return shown


def headline_table(runs: Sequence[ScenarioRun], *, symbol: bool = True) -> pd.DataFrame:
    """The headline figures side by side.

    Index: the figures' words (`KPI_LABELS` of `HEADLINE_KEYS`, in that order; with
    `symbol=False` a money figure's words end with its currency, "Funding needed (USD)", and its
    cells are bare amounts). Columns: one per run, headed by its name, in run order (the plan as
    it stands first). Cells: text (`headline_values`), in the plan's currency.
    """
    currency = runs[0].plan.settings.currency if runs else ""
    columns = {
        run.name: headline_values(run.projection.kpis, run.plan.settings.currency, symbol=symbol)
        for run in runs
    }
    table = pd.DataFrame(
        {name: [values[key] for key in HEADLINE_KEYS] for name, values in columns.items()},
        dtype="str",
    )
    labels = [
        f"{KPI_LABELS[key]} ({currency})" if key in MONEY_KEYS and not symbol else KPI_LABELS[key]
        for key in HEADLINE_KEYS
    ]
    table.index = pd.Index(labels)
    return table


def monthly_long(runs: Sequence[ScenarioRun]) -> pd.DataFrame:
    """Cash and headcount by month for each run, long: one row per run and month.

    Columns: scenario (its name), month ("YYYY-MM"), month_no (1 = the plan's first month),
    closing_cash (cash in the bank at the month's end, the plan's currency), headcount (people
    on the payroll at the month's end).
    """
    parts = [
        pd.DataFrame(
            {
                "scenario": run.name,
                "month": run.projection.monthly["month"].to_numpy(),
                "month_no": range(1, len(run.projection.monthly) + 1),
                "closing_cash": run.projection.monthly["closing_cash"].to_numpy(dtype=float),
                "headcount": run.projection.monthly["headcount"].to_numpy(dtype=float),
            }
        )
        for run in runs
    ]
    if not parts:
        return pd.DataFrame(columns=list(LONG_COLUMNS))
    return pd.concat(parts, ignore_index=True)[list(LONG_COLUMNS)]


def percent_change(multiplier: float) -> float:
    """A multiplier as the change a founder types, a fraction: (multiplier - 1), exact in decimal
    (1.1 -> 0.1, not 0.10000000000000009).

    >>> percent_change(0.8), percent_change(1.1), percent_change(1.0)
    (-0.2, 0.1, 0.0)
    """
    return float(Decimal(repr(float(multiplier))) - 1)


def multiplier(change: float) -> float:
    """The change a founder typed (a fraction: -0.2 for "-20%") as the multiplier the plan
    stores: 1 + change, exact in decimal (`percent_change`'s inverse).

    >>> multiplier(-0.2), multiplier(0.1), multiplier(0.12345)
    (0.8, 1.1, 1.12345)
    """
    return float(Decimal(repr(float(change))) + 1)


def change_words(changes: Mapping[str, float] | Mapping[DriverName, float]) -> str:
    """A scenario's changes in words, in `DRIVER_NAMES` order: a multiplier as a signed percent
    change, the start delay as signed whole months; "no change" when there are none.

    >>> change_words({"start_delay_months": 3, "volume": 0.8})
    'Volume -20%, Start delay (months) +3'
    >>> change_words({})
    'no change'
    """
    given: dict[str, float] = {str(k): float(v) for k, v in changes.items()}
    parts = []
    for name in DRIVER_NAMES:
        if name not in given:
            continue
        value = given[name]
        if name == "start_delay_months":
            shown = f"{int(value):+d}"
        else:
            change = percent_change(value)
            shown = ("+" if change > 0 else "") + fmt.percent(change, 2, trim=True)
        parts.append(f"{DRIVER_LABELS[name]} {shown}")
    return ", ".join(parts) or "no change"
