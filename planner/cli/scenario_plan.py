"""`--scenario NAME` of `summary` and `export`: the plan with one of its scenarios applied.

Its own module so that `summary`, `export` and `scenarios` all use it without importing each other
in a circle."""

from __future__ import annotations

from typing import TYPE_CHECKING

from planner.cli.errors import UsageError

if TYPE_CHECKING:
    from planner.model.plan import Plan


def plan_with_scenario(plan: Plan, scenario: str | None, source: str = "") -> Plan:
    """`plan` with its scenario `scenario` applied (`planner.model.drivers.apply_scenario`), or
    `plan` itself when `scenario` is None. An unknown name: `UsageError` naming the plan (`source`,
    as given on the command line) and the scenarios it has."""
    if scenario is None:
        return plan
    from planner.model.drivers import apply_scenario

    try:
        return apply_scenario(plan, scenario)
    except KeyError as exc:
        where = f" in {source}" if source else ""
        raise UsageError(f"--scenario{where}: {exc.args[0]}") from None
