"""What a scenario changes and a risk run draws: the drivers, and the one rule for each.

A driver is a multiplier on plan figures (1 = as planned), except `start_delay_months`, whole
months added. `apply_drivers` is the one owner of what each driver means; scenarios
(`apply_scenario`), the risk runs (`planner.engine.batch`) and the workbook's scenario switch all
follow it:

- volume: every client's (and every marketing-won client kind's) services' monthly volume x v;
- handle_time: every queue line's handling time (AHT, seconds), every outbound line's talk and
  wrap-up time (not the seconds of a dial that reaches no one) and every items line's minutes per
  item x h (project lines are planned in hours and do not change);
- price: every service's price and monthly base fee x p (clients and marketing-won kinds);
- win_rate: each prospect's probability x w and each marketing channel's conversion rate x w, each
  capped at 1. In a risk run each prospect instead signs (a signed client, probability 1) or does
  not (left out of the run's plan): `signed`;
- start_delay_months: d whole months added to every client's start month, kept within months 1 to
  120 (a start after the horizon brings nothing within it);
- attrition: the yearly attrition x a, capped at 3 (300% a year, the plan's limit);
- wages: every role's monthly wage x g.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import get_args

from planner.model.plan import (
    Client,
    DriverName,
    DriverRange,
    ItemsWorkload,
    OutboundWorkload,
    Plan,
    QueueWorkload,
    Risk,
    Service,
    ServiceLine,
)

DRIVER_NAMES: tuple[str, ...] = get_args(DriverName)
"""volume, handle_time, price, win_rate, start_delay_months, attrition, wages."""
NEUTRAL: dict[str, float] = {
    name: 0.0 if name == "start_delay_months" else 1.0 for name in DRIVER_NAMES
}
"""Each driver's value that leaves the plan as it is."""
MAX_ATTRITION = 3.0
"""The plan's upper limit on yearly attrition (`Staffing.yearly_attrition`)."""
MONTHS = (1, 120)
"""The months a client's start may move within (`MonthNumber`)."""

DEFAULT_RISK = Risk(
    runs=2000,
    seed=7,
    distribution="pert",
    drivers={
        "volume": DriverRange(low=0.8, likely=1.0, high=1.15),
        "handle_time": DriverRange(low=0.95, likely=1.0, high=1.2),
        "price": DriverRange(low=0.95, likely=1.0, high=1.0),
        "win_rate": DriverRange(low=0.7, likely=1.0, high=1.1),
        "start_delay_months": DriverRange(low=0, likely=1, high=3),
        "attrition": DriverRange(low=0.8, likely=1.0, high=1.5),
        "wages": DriverRange(low=1.0, likely=1.0, high=1.1),
    },
)
"""The risk runs' settings for a plan without a `risk:` section, and why each range:

- volume 0.8-1.15: client volume forecasts in outsourcing requests for proposal are the client's
  own estimates and commonly miss by tens of percent; the downside is wider than the upside
  because new programmes ramp slower than promised (a founder's judgement, to be replaced by the
  client's history when there is one).
- handle_time 0.95-1.2: new agents handle contacts more slowly than tenured ones (DOMAIN.md:
  ramp of 2-16 weeks, 15-25% of a class leaves within 90 days, WFM Labs wiki), so handling time
  overruns far more often than it beats the plan.
- price 0.95-1.0: prices are negotiated down, rarely up, once a bid is in.
- win_rate 0.7-1.1: a prospect's probability is the founder's estimate; 30% optimism is common
  in early pipelines.
- start_delay_months 0-3: contracts start late more often than early (paperwork, client security
  reviews); most likely one month.
- attrition 0.8-1.5: Philippine BPO voluntary attrition 31% a year and all leavers 45% (CCAP
  survey by Willis Towers Watson, 2024, DOMAIN.md): a year can run half again above plan.
- wages 1.0-1.1: wage pressure in BPO hubs pushes pay up, not down (Site Selection Group, March
  2024, DOMAIN.md: benefits add 20-50%, bonuses 5-15%).
"""


def effective_risk(plan: Plan) -> Risk:
    """The plan's `risk:` settings, or `DEFAULT_RISK` when it has none."""
    return plan.risk if plan.risk is not None else DEFAULT_RISK


def prospect_indices(plan: Plan) -> tuple[int, ...]:
    """Positions in `business_plan.clients` of the pipeline prospects, in plan order: the order
    of a risk run's `signed` flags."""
    return tuple(i for i, c in enumerate(plan.business_plan.clients) if c.status == "pipeline")


def capped_probability(probability: float, win_rate: float) -> float:
    """A prospect's chance to sign under a win-rate driver: min(1, probability x win_rate).

    >>> capped_probability(0.4, 1.1), capped_probability(0.8, 1.5)
    (0.44000000000000006, 1.0)
    """
    return min(1.0, probability * win_rate)


def shifted_start(start_month: int, delay: int) -> int:
    """A client's start month moved by `delay` months, kept within months 1 to 120.

    >>> shifted_start(4, 3), shifted_start(2, -6), shifted_start(119, 3)
    (7, 1, 120)
    """
    return max(MONTHS[0], min(MONTHS[1], start_month + delay))


def apply_drivers(
    plan: Plan, values: Mapping[str, float], signed: Sequence[bool] | None = None
) -> Plan:
    """The plan with each driver in `values` applied (module docstring); drivers left out stay
    as planned. `signed`: one flag per prospect (`prospect_indices` order): a risk run, where
    each prospect signs (status signed, probability 1) or is left out.

    Worked example: a client buying 1,000 contacts a month at 4.00 starting in month 2, with
    volume 0.8, price 0.95 and a delay of 3: 800 contacts at 3.80 from month 5.

    >>> from planner.model.files import plan_from_dict
    >>> base = plan_from_dict({"specialty": {"service_lines": [{"id": "s", "name": "S",
    ...     "family": "back_office", "workload": {"type": "items"}}]},
    ...     "business_plan": {"clients": [{"name": "A", "start_month": 2, "services": [
    ...     {"service_line": "s", "monthly_volume": 1000, "pricing_model": "per_item",
    ...      "price": 4.0}]}]}})
    >>> moved = apply_drivers(base, {"volume": 0.8, "price": 0.95, "start_delay_months": 3})
    >>> c = moved.business_plan.clients[0]
    >>> c.start_month, c.services[0].monthly_volume, round(c.services[0].price, 2)
    (5, 800.0, 3.8)
    """
    v = {**NEUTRAL, **{k: float(x) for k, x in values.items()}}
    if signed is not None and len(signed) != len(prospect_indices(plan)):
        raise ValueError(
            f"{len(signed)} signed flags given for {len(prospect_indices(plan))} prospects"
        )
    lines = [_line(line, v["handle_time"]) for line in plan.specialty.service_lines]
    clients = _clients(plan, v, signed)
    staffing = plan.staffing
    roles = [
        r.model_copy(update={"monthly_wage": r.monthly_wage * v["wages"]}) for r in staffing.roles
    ]
    attrition = min(MAX_ATTRITION, staffing.yearly_attrition * v["attrition"])
    marketing = plan.marketing
    channels = [
        c.model_copy(update={"conversion_rate": min(1.0, c.conversion_rate * v["win_rate"])})
        for c in marketing.channels
    ]
    won = [
        k.model_copy(update={"services": _services(k.services, v)}) for k in marketing.won_clients
    ]
    return plan.model_copy(
        update={
            "specialty": plan.specialty.model_copy(update={"service_lines": lines}),
            "business_plan": plan.business_plan.model_copy(update={"clients": clients}),
            "staffing": staffing.model_copy(update={"roles": roles, "yearly_attrition": attrition}),
            "marketing": marketing.model_copy(update={"channels": channels, "won_clients": won}),
        }
    )


def _line(line: ServiceLine, handle_time: float) -> ServiceLine:
    w = line.workload
    if isinstance(w, QueueWorkload):
        w = w.model_copy(update={"aht_seconds": w.aht_seconds * handle_time})
    elif isinstance(w, OutboundWorkload):
        # a dial's talk and wrap-up take longer; a dial that reaches no one does not
        w = w.model_copy(
            update={
                "talk_seconds": w.talk_seconds * handle_time,
                "wrap_seconds": w.wrap_seconds * handle_time,
            }
        )
    elif isinstance(w, ItemsWorkload):
        w = w.model_copy(update={"minutes_per_item": w.minutes_per_item * handle_time})
    else:
        return line
    return line.model_copy(update={"workload": w})


def _services(services: Sequence[Service], v: Mapping[str, float]) -> list[Service]:
    return [
        s.model_copy(
            update={
                "monthly_volume": s.monthly_volume * v["volume"],
                "price": s.price * v["price"],
                "base_fee": s.base_fee * v["price"],
            }
        )
        for s in services
    ]


def _clients(plan: Plan, v: Mapping[str, float], signed: Sequence[bool] | None) -> list[Client]:
    flags = dict(zip(prospect_indices(plan), signed, strict=True)) if signed is not None else {}
    delay = int(v["start_delay_months"])
    out: list[Client] = []
    for i, client in enumerate(plan.business_plan.clients):
        update: dict[str, object] = {
            "services": _services(client.services, v),
            "start_month": shifted_start(client.start_month, delay),
        }
        if i in flags:
            if not flags[i]:
                continue
            update.update(status="signed", probability=1.0)
        elif client.status == "pipeline":
            chance = capped_probability(client.probability, v["win_rate"])
            if chance <= 0:  # a win rate of 0: the prospect brings nothing, as if left out
                continue
            update["probability"] = chance
        out.append(client.model_copy(update=update))
    return out


def scenario_names(plan: Plan) -> tuple[str, ...]:
    """The plan's scenarios' names, in plan order."""
    return tuple(s.name for s in plan.scenarios)


def apply_scenario(plan: Plan, name: str) -> Plan:
    """The plan with scenario `name`'s changes applied, as a plain plan: named "<plan name>
    (<scenario>)", without scenarios of its own. Raises KeyError naming the scenarios there are
    when `name` is not one of them (names match whatever their case)."""
    for scenario in plan.scenarios:
        if scenario.name.strip().casefold() == name.strip().casefold():
            changed = apply_drivers(plan, dict(scenario.changes.items()))
            settings = changed.settings.model_copy(
                update={"name": f"{plan.settings.name} ({scenario.name})"[:120]}
            )
            return changed.model_copy(update={"settings": settings, "scenarios": []})
    there = ", ".join(scenario_names(plan)) or "none"
    raise KeyError(f"'{name}' is not one of this plan's scenarios (it has: {there})")
