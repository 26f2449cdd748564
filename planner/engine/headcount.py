"""Workload to people: FTE per service line, required staff, hiring, attrition, seats and payroll.

Rules (all per month, arrays over months; see `staff_flow` and `seats` for the formulas):

- Workload FTE per service line comes from `planner.engine.workload` (Erlang for queue lines,
throughput
  for items lines, hours for project lines), on the line's volume pooled over its clients.
- Required people (`required`), zero before the role's `start_month`:
  workload roles: ceil(sum over their lines of line FTE / number of workload roles covering that
  line) (a role with no `service_lines` covers every line);
  fixed roles: `fixed_count` (a fraction is a part-time post);
  ratio roles: ceil(base / ratio_per), where base is, over the non-ratio roles (so nothing is
  circular): workload_staff = required of workload roles; headcount = required of workload and
  fixed roles; seats = seats those roles need; hires_per_year = their hires over the trailing 12
  months (this month included).
- Hiring ahead: lead = ceil(training_weeks x 12 / 52) months (a month is 52 / 12 weeks). Headcount
  at the end of a month is the largest requirement from this month to `lead` months on (beyond the
  horizon: the last month's), so growth hires join `lead` months before they are needed and finish
  training in time.
- Attrition in whole people: the expected quits, opening headcount x yearly_attrition / 12 a
  month, are added up with the fraction carried from month to month, and a person leaves when the
  sum reaches a whole one (10 people at 30% a year: 0.25 a month, one leaves every 4 months);
  more leave when the requirement falls faster (the surplus leaves that month). Quitters are
  replaced the same month: hires = headcount - opening headcount + leavers, so
  headcount = opening headcount + hires - leavers exactly, every month, all in whole people (a
  fixed role's fractional `fixed_count` is a part-time post, hired and replaced as that
  fraction).
- In training: hires of the last `lead` months (at most the headcount); trainees are paid and
  counted in headcount.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from planner.data.profiles import ArrivalProfile
from planner.engine.months import plan_year, rolling_sum, shift
from planner.model.plan import SEATS_PER_PERSON, Plan, Role, ServiceLine, Staffing
from planner.rounding import FloatArray, ceil_exact, floor_exact


@dataclass(frozen=True)
class LineWorkload:
    """Per service line (dicts keyed by line id, arrays over months)."""

    volume: dict[str, FloatArray]
    fte: dict[str, FloatArray]
    peak_agents: dict[str, FloatArray]
    peak_contacts: dict[str, FloatArray]
    service_level: dict[str, FloatArray]


@dataclass(frozen=True)
class StaffPlan:
    """Per role, shape (roles, months), roles in plan order."""

    roles: list[Role]
    required: FloatArray
    headcount: FloatArray
    hires: FloatArray
    leavers: FloatArray
    in_training: FloatArray
    seats: FloatArray
    """Seats per month (whole desks), shape (months,)."""


def line_workload(
    plan: Plan, volume: dict[str, FloatArray], profiles: Mapping[str, ArrivalProfile]
) -> LineWorkload:
    """FTE, peak agents, busiest-interval contacts and service level for every service line.

    `profiles`: the arrival profile of every queue line, by line id (read once by the pipeline).
    fte: paid full-time staff the work needs (shrinkage included), float. peak_agents: queue lines
    only (0 otherwise); peak_contacts: contacts in the busiest interval of the month's typical
    week (queue lines; 0 otherwise). service_level: achieved on queue lines in months with
    contacts; NaN for other lines and for months without contacts."""
    from planner.engine import workload as wl

    staffing = plan.staffing
    months = plan.months
    fte: dict[str, FloatArray] = {}
    peak: dict[str, FloatArray] = {}
    contacts: dict[str, FloatArray] = {}
    level: dict[str, FloatArray] = {}
    for line in plan.specialty.service_lines:
        vol = volume[line.id]
        w = line.workload
        fte[line.id] = np.zeros(months)
        peak[line.id] = np.zeros(months)
        contacts[line.id] = np.zeros(months)
        level[line.id] = np.full(months, np.nan)
        if w.type == "queue":
            busy = vol > 0
            if not busy.any():
                continue
            # Erlang once per distinct volume: months at full run rate share a result.
            distinct, where = np.unique(vol[busy], return_inverse=True)
            result = wl.queue_staffing(
                distinct,
                aht_seconds=w.aht_seconds,
                answer_seconds=w.answer_seconds,
                service_level=w.service_level,
                profile=profiles[line.id],
                shrinkage=staffing.shrinkage,
                paid_hours_per_month=staffing.paid_hours_per_month,
                max_occupancy=w.max_occupancy,
                patience_seconds=w.patience_seconds,
            )
            fte[line.id][busy] = np.asarray(result["fte"], dtype=float)[where]
            peak[line.id][busy] = np.asarray(result["peak_agents"], dtype=float)[where]
            contacts[line.id][busy] = np.asarray(result["peak_contacts"], dtype=float)[where]
            level[line.id][busy] = np.asarray(result["service_level"], dtype=float)[where]
        elif w.type == "items":
            fte[line.id] = np.asarray(
                wl.items_fte(
                    vol,
                    minutes_per_item=w.minutes_per_item,
                    paid_hours_per_month=staffing.paid_hours_per_month,
                    shrinkage=staffing.shrinkage,
                    utilisation=w.utilisation,
                ),
                dtype=float,
            )
        else:
            fte[line.id] = np.asarray(
                wl.project_fte(
                    vol,
                    paid_hours_per_month=staffing.paid_hours_per_month,
                    shrinkage=staffing.shrinkage,
                    utilisation=w.utilisation,
                ),
                dtype=float,
            )
    return LineWorkload(
        volume=volume, fte=fte, peak_agents=peak, peak_contacts=contacts, service_level=level
    )


def training_lead_months(training_weeks: float) -> int:
    """Months a hire joins ahead of need: ceil(training_weeks x 12 / 52) (2 weeks -> 1 month,
    13 weeks -> 3 months: a month is 52 / 12 weeks, not 4.33, which made 13 weeks 4 months)."""
    return int(ceil_exact(training_weeks * 12 / 52))


def covering_roles(roles: list[Role], lines: list[ServiceLine]) -> dict[str, list[int]]:
    """Service line id -> indexes of the workload roles that do its work."""
    return {
        line.id: [
            i
            for i, r in enumerate(roles)
            if r.basis == "workload" and (not r.service_lines or line.id in r.service_lines)
        ]
        for line in lines
    }


def staff_flow(
    required: FloatArray, *, lead: int, yearly_attrition: float
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """(headcount, hires, leavers, in_training) for (roles, months) requirements, in people.

    headcount_t = max(required_t .. required_{t+lead}) (whole when the requirements are whole);
    attrition in whole people: quits_due_t = quits_due_{t-1} + headcount_{t-1} x attrition / 12
    (the expected leavers, fractions carried over), quits_t = floor(quits_due_t);
    leavers_t = max(min(quits_t, headcount_{t-1}), headcount_{t-1} - headcount_t) (a fall in the
    requirement is met by the quitters first, the surplus leaves that month); the people who left
    are taken off what is due: quits_due_t -= max(quits_t, leavers_t), at least 0;
    hires_t = headcount_t - headcount_{t-1} + leavers_t (a quitter is replaced the month they
    leave); in_training_t = min(headcount_t, hires over months t-lead+1..t).

    Worked example: 10 people hired in month 1, 30% attrition: from month 2 on 10 x 0.3 / 12 =
    0.25 quits are due a month (0.25, 0.5, 0.75, 1.0), so one person leaves (and one is hired) in
    months 5 and 9, never a fraction of one.

    >>> h, hires, leavers, _ = staff_flow(np.full((1, 12), 10.0), lead=0, yearly_attrition=0.3)
    >>> hires[0].tolist()
    [10.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0]
    """
    headcount = required.copy()
    months = required.shape[-1]
    for ahead in range(1, min(lead, months - 1) + 1):
        later = shift(required, -ahead)
        later[..., months - ahead :] = required[..., -1:]  # beyond the horizon: the last month
        headcount = np.maximum(headcount, later)
    opening = shift(headcount, 1)
    leavers = np.zeros_like(headcount)
    due = np.zeros(headcount.shape[:-1])
    for m in range(months):  # each month's quits depend on the fractions carried from the last
        due = due + opening[..., m] * yearly_attrition / 12.0
        quits = floor_exact(due)
        leavers[..., m] = np.maximum(
            np.minimum(quits, opening[..., m]), opening[..., m] - headcount[..., m]
        )
        due = np.maximum(due - np.maximum(quits, leavers[..., m]), 0.0)
    hires = headcount - opening + leavers
    in_training = np.minimum(headcount, rolling_sum(hires, lead))
    return headcount, hires, leavers, in_training


def seats(
    headcount_total: FloatArray,
    workload: LineWorkload,
    lines: list[ServiceLine],
    cover: dict[str, list[int]],
    shift_pattern: str,
) -> FloatArray:
    """Desks needed per month.

    seats = ceil(P + max(0, H - Q) x seats_per_person(shift_pattern)), where P = peak concurrent
    agents summed over staffed queue lines (agents at once in the busiest interval of the week),
    Q = FTE of those queue lines (the queue staff who rotate through those P desks) and H = total
    headcount; every other person (back office, trainees, managers) shares desks by shift pattern.
    """
    peak = np.zeros_like(headcount_total)
    queue_fte = np.zeros_like(headcount_total)
    for line in lines:
        if line.workload.type == "queue" and cover[line.id]:
            peak = peak + workload.peak_agents[line.id]
            queue_fte = queue_fte + workload.fte[line.id]
    others = np.maximum(headcount_total - queue_fte, 0.0)
    return ceil_exact(peak + others * SEATS_PER_PERSON[shift_pattern])


def staff_plan(plan: Plan, workload: LineWorkload) -> StaffPlan:
    """Required people, headcount, hires, leavers, trainees and seats (module docstring)."""
    staffing = plan.staffing
    roles = list(staffing.roles)
    lines = list(plan.specialty.service_lines)
    months = plan.months
    t = np.arange(1, months + 1)
    cover = covering_roles(roles, lines)
    required = np.zeros((len(roles), months))
    for line in lines:
        for i in cover[line.id]:
            required[i] += workload.fte[line.id] / len(cover[line.id])
    is_ratio = np.array([r.basis == "ratio" for r in roles], dtype=bool)
    is_workload = np.array([r.basis == "workload" for r in roles], dtype=bool)
    for i, role in enumerate(roles):
        if role.basis == "workload":
            required[i] = ceil_exact(required[i])
        elif role.basis == "fixed":
            required[i] = role.fixed_count
        required[i] = np.where(t >= role.start_month, required[i], 0.0)

    lead = training_lead_months(staffing.training_weeks)
    attrition = staffing.yearly_attrition
    headcount = np.zeros_like(required)
    hires = np.zeros_like(required)
    leavers = np.zeros_like(required)
    training = np.zeros_like(required)
    base_rows = ~is_ratio
    h, hi, lv, tr = staff_flow(required[base_rows], lead=lead, yearly_attrition=attrition)
    headcount[base_rows], hires[base_rows], leavers[base_rows], training[base_rows] = h, hi, lv, tr

    if is_ratio.any():
        base_seats = seats(h.sum(axis=0), workload, lines, cover, staffing.shift_pattern)
        bases = {
            "workload_staff": required[is_workload].sum(axis=0),
            "headcount": required[base_rows].sum(axis=0),
            "seats": base_seats,
            "hires_per_year": rolling_sum(hi.sum(axis=0), 12),
        }
        for i, role in enumerate(roles):
            if role.basis == "ratio":
                assert role.ratio_per is not None  # the model requires it for ratio roles
                need = ceil_exact(bases[role.ratio_of] / role.ratio_per)
                required[i] = np.where(t >= role.start_month, need, 0.0)
        h, hi, lv, tr = staff_flow(required[is_ratio], lead=lead, yearly_attrition=attrition)
        headcount[is_ratio], hires[is_ratio], leavers[is_ratio], training[is_ratio] = h, hi, lv, tr

    total = headcount.sum(axis=0)
    return StaffPlan(
        roles=roles,
        required=required,
        headcount=headcount,
        hires=hires,
        leavers=leavers,
        in_training=training,
        seats=seats(total, workload, lines, cover, staffing.shift_pattern),
    )


def recruiting_cost(staffing: Staffing, people: StaffPlan) -> FloatArray:
    """Recruiting cost per month (money, shape (months,)): recruiting_cost_per_hire x hires, paid
    `hiring_lead_months` before the hire month.

    Hires in months 1..horizon, then `lead` months past it: there the requirement stays at the
    last month's (as when hiring ahead), so the hires are the replacements for attrition (last
    headcount x yearly_attrition / 12). Hires early in the plan are paid in month 1.

    Worked example: lead 1 month, 1,000 a hire, hires 3, 0, 2 over a 3-month plan, 12 people at
    the end with 10% attrition a year: the month after the horizon has 12 x 0.1 / 12 = 0.1 hires.
    Month 1 pays the hires of months 1 and 2 (3,000 + 0), month 2 those of month 3 (2,000), month
    3 the 0.1 of month 4 (100).

    >>> people = StaffPlan(roles=[], required=np.zeros((1, 3)), headcount=np.array([[3, 3, 12.0]]),
    ...     hires=np.array([[3, 0, 2.0]]), leavers=np.zeros((1, 3)), in_training=np.zeros((1, 3)),
    ...     seats=np.zeros(3))
    >>> staffing = Staffing(hiring_lead_months=1, recruiting_cost_per_hire=1000,
    ...     yearly_attrition=0.1)
    >>> recruiting_cost(staffing, people).round(6).tolist()
    [3000.0, 2000.0, 100.0]
    """
    lead = staffing.hiring_lead_months
    after = people.headcount.sum(axis=0)[-1] * staffing.yearly_attrition / 12.0
    hires_total = np.concatenate((people.hires.sum(axis=0), np.full(lead, after)))
    recruiting_at_hire = hires_total * staffing.recruiting_cost_per_hire
    recruiting: FloatArray = recruiting_at_hire[lead:].copy()  # paid `lead` months before
    recruiting[0] += recruiting_at_hire[:lead].sum()  # hires early in the plan: paid in month 1
    return recruiting


def wage_rates(staffing: Staffing, months: int) -> FloatArray:
    """Monthly wage per person by role and month, shape (roles, months): monthly wage x (1 +
    yearly_raise)^(year - 1), year 1 = months 1..12."""
    raise_factor = (1.0 + staffing.yearly_raise) ** (plan_year(np.arange(1, months + 1)) - 1)
    wages = np.array([[r.monthly_wage] for r in staffing.roles]).reshape(-1, 1)
    rates: FloatArray = wages * raise_factor
    return rates


def wage_cost(staffing: Staffing, headcount: FloatArray) -> FloatArray:
    """headcount x `wage_rates` (monthly wage x (1 + yearly_raise)^(year - 1))."""
    cost: FloatArray = headcount * wage_rates(staffing, headcount.shape[-1])
    return cost
