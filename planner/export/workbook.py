"""The workbook of a projection, with the projection of each of its plan's scenarios computed
for the workbook's live `Scenario` switch (the writer itself, `planner.export.xlsx`, reads
projections only and asks the engine for nothing)."""

from __future__ import annotations

from planner.engine.pipeline import project
from planner.engine.projection import Projection
from planner.export.xlsx.workbook import write_workbook
from planner.model.drivers import apply_scenario
from planner.report.risk import RiskResult


def workbook_bytes(projection: Projection, risk: RiskResult | None = None) -> bytes:
    """The projection as a live .xlsx model (bytes); a plan with scenarios gets each scenario's
    figures (the engine on `apply_scenario(plan, name)`), picked by the `Scenario` switch; with
    `risk` (the risk runs of the same plan), a Risk sheet of their results."""
    plan = projection.plan
    held = [project(apply_scenario(plan, s.name)) for s in plan.scenarios]
    return write_workbook(projection, held, risk)
