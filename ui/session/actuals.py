"""Reading a file of actual figures for the Actuals page: the plan with the file's figures, or
the importer's message and the plan unchanged (never a traceback). Here, not in ui.components,
because the importer (`planner.report.actuals_import`) is a report-layer module.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from planner.model.issues import PlanError, explain
from planner.model.plan import Plan
from planner.model.text import plain
from planner.report.actuals_import import ActualsFileError, ActualsImport, import_into


@dataclass(frozen=True)
class Outcome:
    """What an import gave: the new plan and what the file held, or a message (and no plan)."""

    plan: Plan | None
    result: ActualsImport | None
    message: str


def try_import(
    plan: Plan, data: bytes, filename: str, mapping: Mapping[str, str] | None = None
) -> Outcome:
    """The plan with the file's figures merged over its own (`import_into`), or the importer's
    message naming the file, the row, the column and what was expected (the plan is unchanged:
    nothing imported earlier is lost)."""
    name = plain(filename) or "the file"
    try:
        new_plan, result = import_into(plan, data, filename, mapping)
    except ActualsFileError as exc:
        return Outcome(None, None, f"{name} could not be read: {exc}")
    except PlanError as exc:
        problems = "; ".join(plain(explain(issue)) for issue in exc.issues)
        return Outcome(None, None, f"{name} does not fit this plan: {problems}")
    return Outcome(new_plan, result, "")
