"""Profit by client and by service line: which accounts earn the money.

The rule (per month, money in the plan's currency):

- Direct cost of a client service = the pay (wages + employer burden) of the workload roles that
  do its service line's work, shared out in two steps:
  1. a workload role's pay goes to the lines it covers in proportion to the FTE it carries for
     each: line FTE / the number of workload roles covering that line (the engine's rule for how
     many people a workload role needs, `planner.engine.headcount`);
  2. a line's share goes to the client services on that line in proportion to their volume
     (weighted by pipeline probability), the same share that bills per FTE and per hour.
- Contribution = revenue - direct cost.
- Everything else is **shared cost, shown separately and not allocated**: direct roles that are
  not workload roles (team leads, QA...), overhead staff, recruiting and training, resources,
  paperwork, marketing, depreciation, and the pay of workload roles in months when their lines
  have no work (hired ahead of the first client).
- So, over any months: sum of contributions - shared costs = operating profit (EBIT: profit
  before interest and tax), to the cent.

Hand-checked example: one agent role paid 1,000 + 25% burden = 1,250 a month covers a line whose
two clients send 300 and 100 contacts: the clients' direct costs are 1,250 x 300 / 400 = 937.50 and
1,250 x 100 / 400 = 312.50.
"""

from __future__ import annotations

import numpy as np

from planner.engine.headcount import covering_roles
from planner.engine.revenue import ClientBook
from planner.model.plan import Plan, Role
from planner.rounding import FloatArray


def line_direct_cost(
    plan: Plan, roles: list[Role], pay: FloatArray, line_fte: dict[str, FloatArray]
) -> dict[str, FloatArray]:
    """Pay of the workload roles (`pay`: wages + burden, shape (roles, months)) shared out to
    service lines by the FTE each role carries for each line (step 1 of the module docstring).

    A role's pay in a month when none of its lines has work is not in any line (a shared cost)."""
    lines = plan.specialty.service_lines
    covering = covering_roles(roles, lines)
    out = {line.id: np.zeros(plan.months) for line in lines}
    for r, role in enumerate(roles):
        if role.basis != "workload":
            continue
        mine = [line.id for line in lines if r in covering[line.id]]
        carried = {lid: line_fte[lid] / len(covering[lid]) for lid in mine}
        total = sum(carried.values(), np.zeros(plan.months))
        for lid in mine:
            share = np.divide(carried[lid], total, out=np.zeros_like(total), where=total > 0)
            out[lid] = out[lid] + pay[r] * share
    return out


def client_direct_cost(book: ClientBook, line_cost: dict[str, FloatArray]) -> FloatArray:
    """Each client service's direct cost, shape (rows, months): its line's direct cost x its share
    of the line's volume (step 2 of the module docstring)."""
    out = np.zeros_like(book.volume)
    lines = [s.service_line for s in book.services]
    for lid, cost in line_cost.items():
        rows = [i for i, line in enumerate(lines) if line == lid]
        if not rows:
            continue
        total = book.volume[rows].sum(axis=0)
        for i in rows:
            share = np.divide(book.volume[i], total, out=np.zeros_like(total), where=total > 0)
            out[i] = cost * share
    return out
