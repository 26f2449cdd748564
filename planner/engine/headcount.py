"""Workload to people: FTE per service line, required staff, hiring, attrition, seats and payroll.

Rules (all per month, arrays over months; see `staff_flow` and `seats` for the formulas):

- Workload FTE per service line comes from `planner.engine.workload` (Erlang for voice lines;
  chat slots, the backlog with a deadline or paced dials for chat, e-mail / back-office and
  outbound lines; throughput for items lines, hours for project lines), on the line's volume
  pooled over its clients.
- Required people (`required`), zero before the role's `start_month`:
  workload roles: ceil(sum over their lines of line FTE / number of workload roles covering that
  line) (a role with no `service_lines` covers every line);
  fixed roles: `fixed_count` (a fraction is a part-time post);
  ratio roles: ceil(base / ratio_per), where base is, over the non-ratio roles (so nothing is
  circular): workload_staff = required of workload roles; headcount = required of workload and
  fixed roles; seats = seats those roles need; hires_per_year = their hires over the trailing 12
  months (this month included).
- Time to productive: L = (training_weeks + weeks of `ramp_up`) x 12 / 52 months (a week is 12 /
  52 of a month); hiring lead = ceil(L) whole months. A hire needed fully productive from month t
  joins L months before it: in month t - ceil(L), part-way through it, paid the share
  a = L - ceil(L) + 1 of that month (a 2-week training, no ramp: L = 0.4615, a = 0.4615: the hire
  costs and trains 2 / 4.33 of the month before, not the whole month). Hires of month 1 (the
  launch staff) join on its first day and are paid the whole month.
- Hiring ahead: the established headcount ("core") at the end of a month is the largest
  requirement from this month to `lead` months on (beyond the horizon: the last month's), so
  growth hires are fully productive when they are needed.
- Attrition in whole people on the core: the expected quits, opening core x yearly_attrition / 12
  a month, are added up with the fraction carried from month to month, and a person leaves when
  the sum reaches a whole one (10 people at 30% a year: 0.25 a month, one leaves every 4 months);
  more leave when the requirement falls faster (the surplus leaves that month).
- Replacements hired ahead: a leaver who is replaced (every quitter while the requirement holds)
  is replaced by a hire `lead` months before they leave (month 1 at the earliest), so the work is
  covered by productive people: the replacement is fully productive the month the quitter goes
  (recruiting started `hiring_lead_months` before that hire). Until then both are on the payroll:
  headcount = core + replacements already hired for quitters still there, and headcount = opening
  headcount + hires - leavers exactly, every month, in whole people (a fixed role's fractional
  `fixed_count` is a part-time post, hired and replaced as that fraction).
- Paid, in training, ramping (person-months, `tenure_shares`): paid = headcount - (1 - a) x hires
  (month 1: headcount); in_training = the paid time of hires still in training; ramping = the
  time of hires after training not yet productive (1 - the ramp share, week by week); productive
  = paid - in_training - ramping. Leavers are taken to be established staff, not new hires.
- Seats (`seats`): "shifts" roles share desks by the shift pattern, except their trainees, who
  train by day at one desk each; "office" roles one desk each; "remote" roles none.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from planner.data.profiles import ArrivalProfile
from planner.engine.months import plan_year, rolling_sum, shift
from planner.model.plan import (
    ARRIVAL_WORKLOADS,
    SEATS_PER_PERSON,
    ArrivalWorkload,
    OutboundWorkload,
    Plan,
    QueueWorkload,
    Role,
    ServiceLine,
    Staffing,
)
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
    """Person-months of hires in training (`tenure_shares`)."""
    seats: FloatArray
    """Seats per month (whole desks), shape (months,)."""
    paid: FloatArray
    """Person-months paid: headcount - (1 - a) x hires after month 1 (module docstring)."""
    ramping: FloatArray
    """Person-months of hires after training not yet productive: sum of (1 - ramp share)."""
    yearly_attrition: FloatArray | None = None
    """Each run's yearly attrition, shape (runs, 1), when the plan has a run axis
    (`planner.engine.batch`); None: the plan's `Staffing.yearly_attrition`."""

    @property
    def productive(self) -> FloatArray:
        """Person-months of productive work: paid - in_training - ramping."""
        out: FloatArray = self.paid - self.in_training - self.ramping
        return out


def line_workload(
    plan: Plan, volume: dict[str, FloatArray], profiles: Mapping[str, ArrivalProfile]
) -> LineWorkload:
    """FTE, peak agents, busiest-interval contacts and service level for every service line.

    `profiles`: the arrival profile of every queue and outbound line, by line id (read once by
    the pipeline). fte: paid full-time staff the work needs (shrinkage included), float.
    peak_agents: queue and outbound lines only (0 otherwise); peak_contacts: contacts (dials) in
    the busiest interval of the month's typical week (queue and outbound lines; 0 otherwise).
    service_level: achieved on voice and chat lines in months with contacts; NaN for e-mail,
    back-office, outbound and other lines and for months without contacts. Lines staffed as
    calls (`QueueWorkload.as_calls`) by `queue_staffing`, the others by `channel_staffing`."""
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
        if isinstance(w, ARRIVAL_WORKLOADS):
            busy = vol > 0
            if not busy.any():
                continue
            # Erlang once per distinct volume: months at full run rate share a result.
            distinct, where = np.unique(vol[busy], return_inverse=True)
            result = _interval_staffing(plan, w, distinct, profiles[line.id])
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


def _interval_staffing(
    plan: Plan, work: ArrivalWorkload, volume: FloatArray, profile: ArrivalProfile
) -> pd.DataFrame:
    """`queue_staffing` for a voice line, else `channel_staffing` (chat, e-mail, back office,
    outbound), for months of volume (`planner.engine.workload`)."""
    from planner.engine import workload as wl

    staffing = plan.staffing
    if not wl.is_voice(work):
        return wl.channel_staffing(
            volume,
            work=work,
            profile=profile,
            shrinkage=staffing.shrinkage,
            paid_hours_per_month=staffing.paid_hours_per_month,
        )
    assert isinstance(work, QueueWorkload)
    return wl.queue_staffing(
        volume,
        aht_seconds=work.aht_seconds,
        answer_seconds=work.answer_seconds,
        service_level=work.service_level,
        profile=profile,
        shrinkage=staffing.shrinkage,
        paid_hours_per_month=staffing.paid_hours_per_month,
        max_occupancy=work.max_occupancy,
        patience_seconds=work.patience_seconds,
    )


def line_workload_runs(
    plan: Plan,
    volume: dict[str, FloatArray],
    profiles: Mapping[str, ArrivalProfile],
    handling: dict[str, FloatArray],
) -> LineWorkload:
    """`line_workload` for many runs at once: volume (runs, months) per line and each run's
    handling per line (runs,): the AHT in seconds of a queue line, the factor on talk and
    wrap-up time of an outbound line, the minutes per item of an items line (project lines have
    none). fte and peak_agents as `line_workload`, shape (runs, months) (lines staffed as calls:
    `planner.engine.workload.queue_fte_runs`; chat, e-mail, back-office and outbound lines:
    `channel_fte_runs`, the same arithmetic as `channel_staffing`); peak_contacts and
    service_level, which only the workload table shows, are not worked out (zeros, NaN)."""
    from planner.engine import workload as wl

    staffing = plan.staffing
    fte: dict[str, FloatArray] = {}
    peak: dict[str, FloatArray] = {}
    for line in plan.specialty.service_lines:
        vol = volume[line.id]
        w = line.workload
        peak[line.id] = np.zeros(vol.shape)
        if isinstance(w, OutboundWorkload) or (isinstance(w, QueueWorkload) and not wl.is_voice(w)):
            fte[line.id], peak[line.id] = wl.channel_fte_runs(
                vol,
                handling[line.id],
                work=w,
                profile=profiles[line.id],
                shrinkage=staffing.shrinkage,
                paid_hours_per_month=staffing.paid_hours_per_month,
            )
        elif isinstance(w, QueueWorkload):
            fte[line.id], peak[line.id] = wl.queue_fte_runs(
                vol,
                handling[line.id],
                answer_seconds=w.answer_seconds,
                service_level=w.service_level,
                profile=profiles[line.id],
                shrinkage=staffing.shrinkage,
                paid_hours_per_month=staffing.paid_hours_per_month,
                max_occupancy=w.max_occupancy,
                patience_seconds=w.patience_seconds,
            )
        elif w.type == "items":
            fte[line.id] = np.asarray(
                wl.items_fte(
                    vol,
                    minutes_per_item=handling[line.id][:, None],
                    paid_hours_per_month=staffing.paid_hours_per_month,
                    shrinkage=staffing.shrinkage,
                    utilisation=w.utilisation,
                ),
                dtype=np.float64,
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
    zeros = {k: np.zeros(v.shape) for k, v in volume.items()}
    return LineWorkload(
        volume=volume,
        fte=fte,
        peak_agents=peak,
        peak_contacts=zeros,
        service_level={k: np.full(v.shape, np.nan) for k, v in volume.items()},
    )


WEEK_MONTHS = 12 / 52
"""A week in months: 52 weeks make 12 months (a month is 4.33 weeks)."""


def training_lead_months(training_weeks: float, ramp_weeks: int = 0) -> int:
    """Months a hire joins ahead of need: ceil((training_weeks + ramp_weeks) x 12 / 52) (2 weeks
    -> 1 month, 13 weeks -> 3 months: a month is 52 / 12 weeks, not 4.33, which made 13 weeks 4
    months)."""
    return int(ceil_exact((training_weeks + ramp_weeks) * WEEK_MONTHS))


def first_month_share(staffing: Staffing) -> float:
    """a = L - ceil(L) + 1, the share of their first month a hire after month 1 is paid, where
    L = (training_weeks + weeks of ramp_up) x 12 / 52 (1 when L is whole or 0).

    >>> round(first_month_share(Staffing(training_weeks=2)), 4)  # L = 24 / 52 = 0.4615
    0.4615
    >>> round(first_month_share(Staffing(training_weeks=2, ramp_up=[0.5, 0.75])), 4)  # 48 / 52
    0.9231
    >>> first_month_share(Staffing(training_weeks=13))  # L = 3 months exactly
    1.0
    """
    ready = (staffing.training_weeks + len(staffing.ramp_up)) * WEEK_MONTHS
    lead = training_lead_months(staffing.training_weeks, len(staffing.ramp_up))
    return 1.0 if lead == 0 else min(ready - lead + 1.0, 1.0)


def _overlap(lo: float, hi: float, start: float, end: float) -> float:
    return max(0.0, min(hi, end) - max(lo, start))


def tenure_shares(staffing: Staffing, start: float) -> tuple[FloatArray, FloatArray]:
    """(training, ramp_lost) of one hire by month of tenure k = 0, 1, ... (k = 0: the join month),
    in person-months; `start`: when in the join month the hire joins (0 = first day; 1 - a for
    hires after month 1, `first_month_share`).

    With s = time since joining in months, tenure month k covers s in [max(0, k - start),
    k + 1 - start]; training = the part of it in [0, T], T = training_weeks x 12 / 52; ramp_lost
    = sum over ramp weeks j of the part of it in [T + j w, T + (j + 1) w] x (1 - ramp_up[j]),
    w = 12 / 52.

    Worked example: 2 weeks' training, ramp [0.5, 0.75], joining at the first day: T = 0.4615,
    w = 0.2308; month 0 holds all the training (0.4615) and both ramp weeks, losing 0.2308 x
    0.5 + 0.2308 x 0.25 = 0.1731.

    >>> tr, lost = tenure_shares(Staffing(training_weeks=2, ramp_up=[0.5, 0.75]), 0.0)
    >>> tr.round(4).tolist(), lost.round(4).tolist()
    ([0.4615, 0.0], [0.1731, 0.0])
    """
    ramp = staffing.ramp_up
    train = staffing.training_weeks * WEEK_MONTHS
    n = int(ceil_exact(train + len(ramp) * WEEK_MONTHS + start)) + 1
    training, lost = np.zeros(n), np.zeros(n)
    for k in range(n):
        lo, hi = max(k - start, 0.0), k + 1 - start
        training[k] = _overlap(lo, hi, 0.0, train)
        lost[k] = sum(
            _overlap(lo, hi, train + j * WEEK_MONTHS, train + (j + 1) * WEEK_MONTHS) * (1.0 - r)
            for j, r in enumerate(ramp)
        )
    return training, lost


def learning(
    staffing: Staffing, headcount: FloatArray, hires: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """(paid, in_training, ramping) person-months, shape of `hires` (roles, months).

    paid = headcount - (1 - a) x hires (months 2 on; month 1's hires are paid the whole month);
    in_training_t = sum over k of hires_{t-k} x training_k, ramping likewise with ramp_lost_k
    (`tenure_shares`: month 1's hires from its first day, later hires from 1 - a into their join
    month), each at most what is paid (leavers are taken to be established staff).

    Worked example: 2 weeks' training, no ramp (a = 0.4615): 4 hires in month 2 and 10 people at
    its end are paid 10 - 0.5385 x 4 = 7.846 person-months, 4 x 0.4615 = 1.846 of them training.
    """
    share = first_month_share(staffing)
    launch = np.zeros_like(hires)
    launch[..., :1] = hires[..., :1]
    later = hires - launch
    paid = headcount - (1.0 - share) * later
    in_training, ramping = np.zeros_like(hires), np.zeros_like(hires)
    for who, start in ((launch, 0.0), (later, 1.0 - share)):
        training, lost = tenure_shares(staffing, start)
        for k in range(len(training)):
            in_training += shift(who, k) * training[k]
            ramping += shift(who, k) * lost[k]
    in_training = np.minimum(in_training, paid)
    ramping = np.minimum(ramping, paid - in_training)
    return paid, in_training, ramping


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
    required: FloatArray, *, lead: int, yearly_attrition: float | FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """(headcount, hires, leavers) for (roles, months) requirements, in people; or (runs, roles,
    months) with each run's `yearly_attrition` as shape (runs, 1).

    Over the horizon and `lead` months past it (the requirement staying at the last month's):
    core_t = max(required_t .. required_{t+lead}); attrition in whole people on the core:
    quits_due_t = quits_due_{t-1} + core_{t-1} x attrition / 12 (the expected leavers, fractions
    carried over), quits_t = floor(quits_due_t); leavers_t = max(min(quits_t, core_{t-1}),
    core_{t-1} - core_t) (a fall in the requirement is met by the quitters first, the surplus
    leaves that month); the people who left are taken off what is due: quits_due_t -=
    max(quits_t, leavers_t), at least 0; replaced_t = min(leavers_t, core_t - core_{t-1} +
    leavers_t) (the leavers the core still needs). A replacement is hired in month t - lead (month
    1 at the earliest), so: hires_t = core_t - core_{t-1} + leavers_t - replaced_t + replaced
    hired this month, headcount_t = core_t + (replacements hired so far - replaced so far).

    Worked example: 10 people hired in month 1, 30% attrition, lead 2: from month 2 on 10 x 0.3 /
    12 = 0.25 quits are due a month (0.25, 0.5, 0.75, 1.0), so one person leaves in months 5 and
    9; their replacements are hired in months 3 and 7, two months ahead, and headcount is 11
    while both are there (months 3-4 and 7-8).

    >>> h, hires, leavers = staff_flow(np.full((1, 10), 10.0), lead=2, yearly_attrition=0.3)
    >>> hires[0].tolist()
    [10.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0]
    >>> h[0].tolist()
    [10.0, 10.0, 11.0, 11.0, 10.0, 10.0, 11.0, 11.0, 10.0, 10.0]
    """
    months = required.shape[-1]
    total = months + lead
    ext = np.concatenate((required, np.repeat(required[..., -1:], lead, axis=-1)), axis=-1)
    core = ext.copy()
    for ahead in range(1, min(lead, total - 1) + 1):
        later = shift(ext, -ahead)
        later[..., total - ahead :] = ext[..., -1:]  # beyond: the last month's requirement
        core = np.maximum(core, later)
    opening = shift(core, 1)
    leavers = np.zeros_like(core)
    due = np.zeros(core.shape[:-1])
    for m in range(total):  # each month's quits depend on the fractions carried from the last
        due = due + opening[..., m] * yearly_attrition / 12.0
        quits = floor_exact(due)
        leavers[..., m] = np.maximum(
            np.minimum(quits, opening[..., m]), opening[..., m] - core[..., m]
        )
        due = np.maximum(due - np.maximum(quits, leavers[..., m]), 0.0)
    replaced = np.minimum(leavers, core - opening + leavers)
    ahead_hires = shift(replaced, -lead)  # the replacement for month t + lead, hired in month t
    ahead_hires[..., 0] += replaced[..., :lead].sum(axis=-1)  # due early: hired in month 1
    hires = (core - opening + leavers - replaced + ahead_hires)[..., :months]
    in_flight = np.cumsum(ahead_hires, axis=-1) - np.cumsum(replaced, axis=-1)
    headcount = (core + in_flight)[..., :months]
    return headcount, hires, leavers[..., :months]


def seats(
    people: tuple[FloatArray, FloatArray],
    roles: list[Role],
    workload: LineWorkload,
    lines: list[ServiceLine],
    cover: dict[str, list[int]],
    *,
    shift_pattern: str,
) -> FloatArray:
    """Desks needed per month; `people` = (headcount, in_training), each (roles, months).

    seats = ceil(P + max(0, S - Q - Ts) x seats_per_person(shift_pattern) + Ts + O), where, over
    the staffed queue lines, each weighted by the share of its covering roles that work "shifts":
    P = peak concurrent agents (agents at once in the busiest interval of the week) and Q = their
    FTE (the queue staff who rotate through those P desks); S = headcount of "shifts" roles and
    Ts = their person-months in training (classroom work by day: one desk each); O = headcount of
    "office" roles (one desk each, no sharing); "remote" roles need no desk.

    Worked example: three shifts, one queue line with 10 peak agents and 24 FTE, 30 agents (1.5
    of them in training), 2 office managers, 1 remote salesperson: 10 + (30 - 24 - 1.5) / 3 +
    1.5 + 2 = 15 desks.
    """
    headcount, in_training = people
    pattern = np.array([r.work_pattern for r in roles])
    shifts = pattern == "shifts"
    peak = np.zeros(headcount.shape[:-2] + headcount.shape[-1:])
    queue_fte = np.zeros_like(peak)
    for line in lines:
        who = cover[line.id]
        if isinstance(line.workload, ARRIVAL_WORKLOADS) and who:
            on_shifts = float(shifts[who].mean())
            peak = peak + workload.peak_agents[line.id] * on_shifts
            queue_fte = queue_fte + workload.fte[line.id] * on_shifts
    trainees = in_training[..., shifts, :].sum(axis=-2)
    others = np.maximum(headcount[..., shifts, :].sum(axis=-2) - queue_fte - trainees, 0.0)
    office = headcount[..., pattern == "office", :].sum(axis=-2)
    return ceil_exact(peak + others * SEATS_PER_PERSON[shift_pattern] + trainees + office)


def staff_plan(
    plan: Plan, workload: LineWorkload, yearly_attrition: FloatArray | None = None
) -> StaffPlan:
    """Required people, headcount, hires, leavers, trainees and seats (module docstring).

    Many runs at once (`planner.engine.batch`): the workload's arrays have shape (runs, months),
    `yearly_attrition` is each run's, shape (runs, 1), and every array gains the leading run axis
    (roles, months) -> (runs, roles, months)."""
    staffing = plan.staffing
    roles = list(staffing.roles)
    lines = list(plan.specialty.service_lines)
    months = plan.months
    t = np.arange(1, months + 1)
    cover = covering_roles(roles, lines)
    runs = () if yearly_attrition is None else np.shape(yearly_attrition)[:-1]
    required = np.zeros((*runs, len(roles), months))
    for line in lines:
        for i in cover[line.id]:
            required[..., i, :] += workload.fte[line.id] / len(cover[line.id])
    is_ratio = np.array([r.basis == "ratio" for r in roles], dtype=bool)
    is_workload = np.array([r.basis == "workload" for r in roles], dtype=bool)
    for i, role in enumerate(roles):
        if role.basis == "workload":
            required[..., i, :] = ceil_exact(required[..., i, :])
        elif role.basis == "fixed":
            required[..., i, :] = role.fixed_count
        required[..., i, :] = np.where(t >= role.start_month, required[..., i, :], 0.0)

    lead = training_lead_months(staffing.training_weeks, len(staffing.ramp_up))
    attrition = staffing.yearly_attrition if yearly_attrition is None else yearly_attrition
    headcount = np.zeros_like(required)
    hires = np.zeros_like(required)
    leavers = np.zeros_like(required)
    base_rows = ~is_ratio
    h, hi, lv = staff_flow(required[..., base_rows, :], lead=lead, yearly_attrition=attrition)
    headcount[..., base_rows, :], hires[..., base_rows, :], leavers[..., base_rows, :] = h, hi, lv

    if is_ratio.any():
        base_roles = [r for r in roles if r.basis != "ratio"]
        base_cover = covering_roles(base_roles, lines)
        _, base_training, _ = learning(staffing, h, hi)
        base_seats = seats(
            (h, base_training),
            base_roles,
            workload,
            lines,
            base_cover,
            shift_pattern=staffing.shift_pattern,
        )
        bases = {
            "workload_staff": required[..., is_workload, :].sum(axis=-2),
            "headcount": required[..., base_rows, :].sum(axis=-2),
            "seats": base_seats,
            "hires_per_year": rolling_sum(hi.sum(axis=-2), 12),
        }
        for i, role in enumerate(roles):
            if role.basis == "ratio":
                assert role.ratio_per is not None  # the model requires it for ratio roles
                need = ceil_exact(bases[role.ratio_of] / role.ratio_per)
                required[..., i, :] = np.where(t >= role.start_month, need, 0.0)
        h, hi, lv = staff_flow(required[..., is_ratio, :], lead=lead, yearly_attrition=attrition)
        headcount[..., is_ratio, :], hires[..., is_ratio, :], leavers[..., is_ratio, :] = h, hi, lv

    paid, training, ramping = learning(staffing, headcount, hires)
    pattern = staffing.shift_pattern
    return StaffPlan(
        roles=roles,
        required=required,
        headcount=headcount,
        hires=hires,
        leavers=leavers,
        in_training=training,
        seats=seats((headcount, training), roles, workload, lines, cover, shift_pattern=pattern),
        paid=paid,
        ramping=ramping,
        yearly_attrition=yearly_attrition,
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
    ...     seats=np.zeros(3), paid=np.zeros((1, 3)), ramping=np.zeros((1, 3)))
    >>> staffing = Staffing(hiring_lead_months=1, recruiting_cost_per_hire=1000,
    ...     yearly_attrition=0.1)
    >>> recruiting_cost(staffing, people).round(6).tolist()
    [3000.0, 2000.0, 100.0]
    """
    lead = staffing.hiring_lead_months
    rate: float | FloatArray = staffing.yearly_attrition
    if people.yearly_attrition is not None:  # many runs: each run's attrition
        rate = people.yearly_attrition[..., 0]
    after = people.headcount.sum(axis=-2)[..., -1] * rate / 12.0
    hires_total = np.concatenate(
        (people.hires.sum(axis=-2), np.repeat(np.asarray(after)[..., None], lead, axis=-1)),
        axis=-1,
    )
    recruiting_at_hire = hires_total * staffing.recruiting_cost_per_hire
    recruiting: FloatArray = recruiting_at_hire[..., lead:].copy()  # paid `lead` months before
    # hires early in the plan: paid in month 1
    recruiting[..., 0] += recruiting_at_hire[..., :lead].sum(axis=-1)
    return recruiting


def wage_rates(
    staffing: Staffing, months: int, monthly_wages: FloatArray | None = None
) -> FloatArray:
    """Monthly wage per person by role and month, shape (roles, months): monthly wage x (1 +
    yearly_raise)^(year - 1), year 1 = months 1..12. `monthly_wages`: each run's wage per role,
    shape (runs, roles), in place of the roles' (then shape (runs, roles, months))."""
    raise_factor = (1.0 + staffing.yearly_raise) ** (plan_year(np.arange(1, months + 1)) - 1)
    wages = np.array([[r.monthly_wage] for r in staffing.roles]).reshape(-1, 1)
    if monthly_wages is not None:
        wages = np.asarray(monthly_wages, dtype=float)[..., None]
    rates: FloatArray = wages * raise_factor
    return rates


def wage_cost(staffing: Staffing, paid: FloatArray) -> FloatArray:
    """paid person-months x `wage_rates` (monthly wage x (1 + yearly_raise)^(year - 1))."""
    cost: FloatArray = paid * wage_rates(staffing, paid.shape[-1])
    return cost


def burden_rates(staffing: Staffing) -> FloatArray:
    """Employer costs as a share of wages per role, shape (roles, 1): `Staffing.burden` for
    employees, 0 for contractors."""
    rates: FloatArray = np.array(
        [[staffing.burden if r.employment == "employee" else 0.0] for r in staffing.roles]
    ).reshape(-1, 1)
    return rates
