"""The bid's cost to serve from the plan's assumptions, and its price under eight billing models.

- `cost_basis`: what one agent, one seat and the overhead cost a month in the plan (money in the
  plan's reporting currency, year 1):
  * wage_per_month: the agent role's `monthly_wage` (the workload role serving the bid's service
    line, else the plan's first workload role serving every line, else its first workload role),
    at year 1's exchange rate (`Settings.in_reporting`);
  * on_cost_rate: what the plan's payroll adds to each unit of that wage, by the engine's own
    rules (`planner.engine.paycalendar`, `planner.engine.headcount.burden_rates`):
    night + bonus + burden x (1 + night + bonus charged with burden), where night = night share
    x night premium (shift workers), bonus = the bonuses' shares / 12 (employees), burden =
    `Staffing.burden` (employees; 0 for contractors). Loaded pay = wage x (1 + on_cost_rate);
  * seat_cost_per_month / person_cost_per_month: the per-seat and per-employee resources
    (`planner.steps.specialty.resource_costs_per_month`, the one owner of that rule);
  * overhead_rate: everything else the plan pays to run the floor, as a share of the agents'
    loaded pay, from the plan's own projection in year 1 (months 1-12):
    (pay of every non-workload role (supervisors, trainers, managers: wages, night premium,
    bonuses, burden) + per-site, fixed and per-role resources (running costs and depreciation))
    / pay of the workload roles. When year 1 pays no agents (no client yet), the whole horizon;
    when the plan pays no agents at all, 0 (and `source` says so). Paperwork, marketing and
    interest are left out: they are the company's, not a contract's.
- `cost_to_serve`: a month of the bid at one volume: staff_cost = fte x wage x (1 + on_cost_rate);
  seat_cost = seats x seat_cost_per_month + fte x person_cost_per_month; overhead_cost =
  overhead_rate x staff_cost; total_cost = staff_cost + seat_cost + overhead_cost.
- `unit_costs`: total_cost divided by each unit a billing model bills.
- `price_models`: the eight prices for a target margin m, and the margin each earns when volume
  comes in 20 % under or over the forecast (module `price_models` docstring).

Pure functions: a plan (or its projection) in, values out.
"""

from __future__ import annotations

import math

import numpy as np

from planner.bid.types import BILLING_MODELS, CostBasis, CostToServe, Price
from planner.engine.headcount import burden_rates, covering_roles
from planner.engine.paycalendar import bonus_schedule, calendar_months, night_premium_cost
from planner.engine.pipeline import project
from planner.engine.projection import Projection
from planner.model.issues import PlanError
from planner.model.plan import COST_UNITS, Plan, Role
from planner.report.format import amount, number, percent
from planner.steps.specialty import resource_costs_per_month

UNIT_FIELDS: dict[str, str] = dict(
    zip(
        COST_UNITS,
        ("fte", "paid_hours", "productive_hours", "handled_minutes", "contacts", "seats"),
        strict=True,
    )
)
"""The `CostToServe` field each unit-based billing model bills (`COST_UNITS`' order)."""

_UNIT_WORDS: dict[str, str] = {
    "fte": "FTE",
    "paid_hours": "paid hours",
    "productive_hours": "productive hours",
    "handled_minutes": "handled minutes",
    "contacts": "contacts",
    "seats": "seats",
}


def agent_role(plan: Plan, service_line: str | None = None) -> Role:
    """The workload role whose pay the bid is costed at: the first serving `service_line` (a
    line id of the plan), else the first serving every line, else the first workload role.
    PlanError (in words) when the plan has no workload role or no such line."""
    roles = plan.staffing.roles
    workload = [r for r in roles if r.basis == "workload"]
    if not workload:
        raise PlanError(
            "The plan has no agent role to cost the bid with: add a role counted from the "
            "workload in the Staffing step"
        )
    if service_line is not None:
        try:
            line = plan.service_line(service_line)
        except KeyError:
            known = ", ".join(s.id for s in plan.specialty.service_lines) or "none yet"
            raise PlanError(
                f"Service line: '{service_line}' is not one of this plan's service lines "
                f"(it has: {known})"
            ) from None
        serving = covering_roles(list(roles), [line])[line.id]
        if serving:
            return roles[serving[0]]
    return next((r for r in workload if not r.service_lines), workload[0])


def on_cost_rate(plan: Plan, role: Role) -> float:
    """What the payroll adds per unit of `role`'s wage (module docstring): night + bonus +
    burden x (1 + night + bonus charged with burden), by the engine's rules.

    Worked example: burden 25 %, a 13th-month pay charged with burden (1/12 = 0.0833), three
    shifts (night share 1/3) at a 10 % premium (night = 0.0333), an employee on shifts:
    0.0333 + 0.0833 + 0.25 x (1 + 0.0333 + 0.0833) = 0.3958.
    """
    staffing = plan.staffing.model_copy(update={"roles": [role]})
    unit = np.ones((1, 12))
    night = float(night_premium_cost(staffing, unit[:, :1])[0, 0])
    calendar = calendar_months(plan.settings.first_month, 12)
    bonuses = bonus_schedule(staffing.bonuses, [role], unit, calendar)
    bonus = float(bonuses.by_role[0].mean())
    charged = float(bonuses.with_burden[0].mean())
    burden = float(burden_rates(staffing)[0, 0])
    return night + bonus + burden * (1.0 + night + charged)


def overhead_rate(projection: Projection) -> float:
    """Non-agent pay and fixed resources as a share of the agents' loaded pay in year 1 (the whole
    horizon when year 1 pays no agents; 0 when no agent is ever paid); module docstring.

    Worked example: in year 1 agents cost 1,000,000 in all (wages, premium, bonus, burden), team
    leads, trainers and managers 300,000, the site lease and fixed items 100,000:
    (300,000 + 100,000) / 1,000,000 = 0.40.
    """
    plan = projection.plan
    workload_roles = {r.name for r in plan.staffing.roles if r.basis == "workload"}
    overhead_items = {
        i.name for i in plan.resources.items if i.basis not in ("per_seat", "per_employee")
    }
    payroll, resources = projection.payroll, projection.resources
    for last in (12, plan.months):
        pay = payroll[payroll["month_no"] <= last]
        agents = float(pay.loc[pay["role"].isin(workload_roles), "total_cost"].sum())
        if agents > 0:
            others = float(pay.loc[~pay["role"].isin(workload_roles), "total_cost"].sum())
            res = resources[
                (resources["month_no"] <= last) & resources["item"].isin(overhead_items)
            ]
            fixed = float((res["opex"] + res["depreciation"]).sum())
            return (others + fixed) / agents
    return 0.0


def cost_basis(
    plan: Plan, *, service_line: str | None = None, projection: Projection | None = None
) -> CostBasis:
    """The bid's cost basis from the plan (module docstring); `projection`: the plan's own, when
    the caller has it (else it is projected here, for the overhead rate)."""
    role = agent_role(plan, service_line)
    settings, staffing = plan.settings, plan.staffing
    wage = settings.in_reporting(role.monthly_wage, role.location)
    per_seat, per_person = resource_costs_per_month(plan)
    projection = projection if projection is not None else project(plan)
    overhead = overhead_rate(projection)
    own = settings.cost_location(role.location).currency
    local = f" ({own} {amount(role.monthly_wage, own)} a month)" if own != settings.currency else ""
    source = (
        f"{settings.name} ({settings.location}): {role.name} at {settings.currency} "
        f"{amount(wage, settings.currency)} a month{local}; overhead "
        f"{percent(overhead, 1)} of agents' pay in year 1"
    )
    if overhead == 0.0:
        source += " (the plan pays no agents yet, so no overhead share)"
    return CostBasis(
        wage_per_month=wage,
        on_cost_rate=on_cost_rate(plan, role),
        seat_cost_per_month=per_seat,
        overhead_rate=overhead,
        paid_hours_per_month=staffing.paid_hours_per_month,
        shrinkage=staffing.shrinkage,
        currency=settings.currency,
        source=source,
        person_cost_per_month=per_person,
    )


def cost_to_serve(
    basis: CostBasis,
    *,
    volume_change: float,
    fte: float,
    paid_hours: float,
    productive_hours: float,
    handled_minutes: float,
    contacts: float,
    seats: float,
) -> CostToServe:
    """A month's cost to serve (module docstring): staff = fte x wage x (1 + on_cost_rate);
    seats = seats x seat cost + fte x per-person resources; overhead = overhead_rate x staff.

    Worked example: 10 FTE at 500 a month with 25 % on-costs: staff 10 x 500 x 1.25 = 6,250;
    8 seats at 120 and 10 x 20 per person: 960 + 200 = 1,160; overhead 40 %: 0.4 x 6,250 = 2,500;
    total 6,250 + 1,160 + 2,500 = 9,910.
    """
    staff = fte * basis.wage_per_month * (1.0 + basis.on_cost_rate)
    seat = seats * basis.seat_cost_per_month + fte * basis.person_cost_per_month
    overhead = basis.overhead_rate * staff
    return CostToServe(
        volume_change=volume_change,
        fte=fte,
        paid_hours=paid_hours,
        productive_hours=productive_hours,
        handled_minutes=handled_minutes,
        contacts=contacts,
        seats=seats,
        staff_cost=staff,
        seat_cost=seat,
        overhead_cost=overhead,
        total_cost=staff + seat + overhead,
    )


def _units(cost: CostToServe, field: str) -> float:
    units = float(getattr(cost, field))
    if not units > 0:
        raise ValueError(
            f"the month has no {_UNIT_WORDS[field]} to divide its cost by "
            f"(got {number(units, 2, trim=True)}): "
            "a bid needs work in its forecast"
        )
    return units


def unit_costs(cost: CostToServe) -> dict[str, float]:
    """total_cost / units for each unit a billing model bills, keyed by that model's id
    (`COST_UNITS`: per FTE-month, paid hour, productive hour, handled minute, contact, seat).
    ValueError naming the unit when the month has none of it.

    Worked example: 9,910 a month for 10 FTE and 8 seats: 991.00 per FTE-month, 1,238.75 per seat.
    """
    return {unit: cost.total_cost / _units(cost, UNIT_FIELDS[unit]) for unit in COST_UNITS}


def check_margin(margin: float) -> float:
    """The target margin, or ValueError naming it and the range (0 up to, not including, 1)."""
    if not (isinstance(margin, (int, float)) and math.isfinite(margin) and 0 <= margin < 1):
        raise ValueError(
            f"target margin must be from 0 up to (not including) 1 (0.25 = 25 %), got {margin!r}"
        )
    return float(margin)


def _margin(revenue: float, cost: float) -> float:
    """(revenue - cost) / revenue; NaN when there is no revenue (no margin to speak of)."""
    return (revenue - cost) / revenue if revenue > 0 else math.nan


def price_models(costs: dict[float, CostToServe], margin: float) -> tuple[Price, ...]:
    """The eight billing models priced for `margin` on the forecast volume (`costs[0.0]`), in
    `BILLING_MODELS` order, each with its margin at every volume in `costs`.

    On the forecast: revenue R = total_cost / (1 - margin) exactly; a unit model's price = R /
    its units (FTE, paid hours, productive hours, handled minutes, contacts, seats); the
    retainer's price = R; base plus per contact: base_fee = (seat_cost + overhead_cost) /
    (1 - margin) and price = staff_cost / (1 - margin) / contacts. At another volume revenue =
    price x that case's units (the retainer and the base fee stay fixed), and margin =
    (revenue - cost) / revenue (NaN: no revenue, so no margin).

    Worked example, margin 25 %: a forecast month costing 9,000 (staff 6,000, seats 1,000,
    overhead 2,000) for 3,000 contacts: R = 9,000 / 0.75 = 12,000; per contact 4.00; base fee
    3,000 / 0.75 = 4,000 and 8,000 / 3,000 = 2.6667 per contact. At 20 % fewer contacts costing
    7,500: per contact 2,400 x 4 = 9,600, margin (9,600 - 7,500) / 9,600 = 21.9 %; retainer
    (12,000 - 7,500) / 12,000 = 37.5 %.
    """
    target = check_margin(margin)
    if 0.0 not in costs:
        raise ValueError("the costs must include the forecast volume (volume change 0)")
    base = costs[0.0]
    keep = 1.0 - target
    revenue = base.total_cost / keep
    prices: list[Price] = []
    for model in BILLING_MODELS:
        fee = 0.0
        if model == "monthly_retainer":
            price = revenue
        elif model == "base_plus_per_item":
            fee = (base.seat_cost + base.overhead_cost) / keep
            price = base.staff_cost / keep / _units(base, "contacts")
        else:
            price = revenue / _units(base, UNIT_FIELDS[model])
        margins = {}
        for case, cost in sorted(costs.items()):
            if model == "monthly_retainer":
                earned = price
            elif model == "base_plus_per_item":
                earned = fee + price * cost.contacts
            else:
                earned = price * float(getattr(cost, UNIT_FIELDS[model]))
            margins[case] = _margin(earned, cost.total_cost)
        prices.append(Price(model, price, fee, revenue, margins))
    return tuple(prices)
