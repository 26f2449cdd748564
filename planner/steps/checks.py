"""Plan warnings: things that are valid but probably not what the founder meant.

A plan that validates always computes; these checks say where its numbers will mislead (revenue
billed with nobody doing the work, money arriving after the plan ends, cash below the buffer).
Each warning names the step where it can be fixed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from planner.engine.headcount import covering_roles
from planner.engine.projection import Projection
from planner.model.labels import PRICING_LABELS
from planner.model.plan import DEADLINE_CHANNELS, Plan, QueueWorkload
from planner.report.format import money, number

Step = Literal["specialty", "business_plan", "paperwork", "resources", "staffing", "marketing"]


@dataclass(frozen=True)
class Warning:
    step: Step
    message: str


def plan_warnings(plan: Plan, projection: Projection | None = None) -> list[Warning]:
    """Warnings for `plan`, in step order; with its projection also the cash warnings."""
    found = [
        *_nothing_to_sell(plan),
        *(_implausible_prices(projection) if projection is not None else []),
        *_work_without_staff(plan, projection),
        *_short_deadlines(plan),
        *_funding_after_the_plan(plan),
    ]
    if projection is not None:
        found += _cash_below_the_buffer(plan, projection)
    return found


IMPLAUSIBLE_MARKUP = 10.0
"""A client service whose revenue is more than this many times the pay of the staff doing its
work is warned about: a price typed for another pricing model (1,750 a month per FTE kept as
1,750 per item) gives hundreds of times the cost, while real BPO gross margins keep revenue
within about 1.2 to 3 times direct labour."""


def _implausible_prices(projection: Projection) -> list[Warning]:
    """Client services billed more than `IMPLAUSIBLE_MARKUP` x their direct staff cost over the
    plan (`Projection.accounts`), named by client and service line with price and pricing model:
    the usual cause is a pricing model changed without re-entering the price."""
    plan = projection.plan
    names = {line.id: line.name for line in plan.specialty.service_lines}
    found = []
    acc = projection.accounts
    sums: dict[tuple[str, str], tuple[float, float]] = {}
    for c, line, r, d in zip(
        acc["client"].astype(str),
        acc["service_line"].astype(str),
        acc["revenue"].to_numpy(dtype=float),
        acc["direct_cost"].to_numpy(dtype=float),
        strict=True,
    ):
        before = sums.get((c, line), (0.0, 0.0))
        sums[(c, line)] = (before[0] + float(r), before[1] + float(d))
    for client in plan.business_plan.clients:
        for service in client.services:
            key = (client.name, service.service_line)
            if key not in sums:
                continue
            revenue, cost = sums[key]
            if cost > 0 and revenue > IMPLAUSIBLE_MARKUP * cost:
                found.append(
                    Warning(
                        "business_plan",
                        f"{client.name}, {names[service.service_line]}: revenue is "
                        f"{number(revenue / cost)} times the pay of the staff doing the work. "
                        f"Is the price {money(service.price, plan.settings.currency, cents=True)} "
                        f"right for the pricing model '{PRICING_LABELS[service.pricing_model]}'? "
                        "Re-enter the price when you change the pricing model.",
                    )
                )
    return found


def _short_deadlines(plan: Plan) -> list[Warning]:
    """E-mail and back-office lines whose response deadline is shorter than their planning
    interval: the engine counts the deadline in whole intervals, at least one, so the line is
    staffed as if its deadline were one interval (a plan written when an e-mail line's
    `answer_seconds` was an Erlang answer target, 20 s, reads that way)."""
    found = []
    for line in plan.specialty.service_lines:
        work = line.workload
        if not isinstance(work, QueueWorkload) or work.channel not in DEADLINE_CHANNELS:
            continue
        if work.answer_seconds < work.interval_minutes * 60:
            found.append(
                Warning(
                    "staffing",
                    f"{line.name}: the response deadline ({number(work.answer_seconds)} seconds) "
                    f"is shorter than the {work.interval_minutes}-minute planning interval, so "
                    f"it is staffed as due within {work.interval_minutes} minutes. Set the "
                    "response deadline in hours in step 5 (within 4 hours is common for e-mail).",
                )
            )
    return found


def _nothing_to_sell(plan: Plan) -> list[Warning]:
    """No service line, or nobody to buy one."""
    found = []
    if not plan.specialty.service_lines:
        found.append(Warning("specialty", "No service lines yet: choose what you will sell."))
    if not plan.business_plan.clients and not plan.marketing.won_clients:
        found.append(
            Warning("business_plan", "No clients and no marketing wins: the plan has no revenue.")
        )
    return found


def _first_marketing_win(plan: Plan, projection: Projection | None) -> int | None:
    """The month the first client won by marketing signs, or None when none signs in the plan.

    With the projection: the first month whose `clients_won` (whole clients, summed over the
    channels) is above 0, as the engine counts them. Without it: the earliest a win can come, the
    first channel's start month + the sales cycle (the engine's rule for expected wins), or None
    with no channel or when that month is past the horizon.
    """
    if not plan.marketing.won_clients:
        return None
    if projection is not None:
        won = projection.marketing.groupby("month_no")["clients_won"].sum()
        signed = won[won > 0]
        return int(signed.index[0]) if len(signed) else None
    if not plan.marketing.channels:
        return None
    earliest = min(ch.start_month for ch in plan.marketing.channels)
    earliest += plan.marketing.sales_cycle_months
    return earliest if earliest <= plan.months else None


def _first_sale(plan: Plan, projection: Projection | None) -> dict[str, int]:
    """The first month each service line has work: a client's start or the first marketing win
    (`_first_marketing_win`)."""
    horizon = plan.months
    first: dict[str, int] = {}
    for client in plan.business_plan.clients:
        for line in client.service_lines():
            first[line] = min(client.start_month, first.get(line, horizon))
    first_win = _first_marketing_win(plan, projection)
    if first_win is not None:
        for kind in plan.marketing.won_clients:
            for line in kind.service_lines():
                first[line] = min(first_win, first.get(line, horizon))
    return first


def _work_without_staff(plan: Plan, projection: Projection | None) -> list[Warning]:
    """A line with work and no workload role, or whose roles start after its work."""
    lines = plan.specialty.service_lines
    covering = covering_roles(plan.staffing.roles, lines)
    first_sale = _first_sale(plan, projection)
    found = []
    for line in lines:
        if line.id not in first_sale:
            continue
        roles = [plan.staffing.roles[i] for i in covering[line.id]]
        if not roles:
            found.append(
                Warning(
                    "staffing",
                    f"Nobody does the work of '{line.name}': add a workload role for it, "
                    "or its revenue has no labour cost.",
                )
            )
            continue
        first_role = min(r.start_month for r in roles)
        if first_role > first_sale[line.id]:
            found.append(
                Warning(
                    "staffing",
                    f"'{line.name}' has work from month {first_sale[line.id]} but its workload "
                    f"roles start in month {first_role}: that work is billed with no staff.",
                )
            )
    return found


def _funding_after_the_plan(plan: Plan) -> list[Warning]:
    """Equity or loans that arrive after the horizon, which the plan leaves out."""
    horizon = plan.months
    found = [
        Warning(
            "business_plan",
            f"Equity injection {i + 1} arrives in month {equity.month}, after the plan's "
            f"{horizon} months: it is left out.",
        )
        for i, equity in enumerate(plan.financing.equity)
        if equity.month > horizon
    ]
    found += [
        Warning(
            "business_plan",
            f"Loan '{loan.name}' starts in month {loan.start_month}, after the plan's "
            f"{horizon} months: it is left out.",
        )
        for loan in plan.financing.loans
        if loan.start_month > horizon
    ]
    return found


def _cash_below_the_buffer(plan: Plan, projection: Projection) -> list[Warning]:
    """Cash under the founder's minimum buffer somewhere in the plan."""
    kpis, currency = projection.kpis, plan.settings.currency
    if kpis.funding_needed <= 0:
        return []
    return [
        Warning(
            "business_plan",
            f"Cash falls below your minimum buffer: you need "
            f"{money(kpis.funding_needed, currency)} more funding "
            f"(lowest cash {money(kpis.lowest_cash, currency)} in {kpis.lowest_cash_month}).",
        )
    ]
