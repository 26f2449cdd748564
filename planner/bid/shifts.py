"""Shifts chosen by an optimiser: from the agents needed in each interval to the fewest paid hours
of whole shifts that cover every interval.

The rule, per calendar month: one typical week of shifts (a cyclic week: a shift may run past
midnight, and Sunday night's shift into Monday morning), repeated every week of the month. The
week must cover, in each interval of the week (weekday x time of day), the MOST agents that
interval needs in any week of the month; so every interval of the horizon is covered.

The shifts the optimiser may use (`ShiftRules`): every start on the `start_step_minutes` grid
that is also an interval boundary (half hours: 48 starts a day x 7 days), each length of
`lengths_hours` (from start to end, the break included) with its unpaid break (`break_minutes`,
same position). The break starts half way through the shift, rounded down to an interval, and
takes whole intervals. An agent counts in an interval when at work for all of it: a shift covers
its whole intervals except the break's. A shift's cost is its paid hours, length - break.

The choice is an integer programme per month, x = agents on each shift type:

    minimise  sum(paid_hours[s] x x[s])
    such that sum(x[s] for the shifts s at work in interval i) >= required[i]  (each interval i)
              x[s] >= 0, whole

A rounding dive over the linear relaxation (`dive`: round the relaxation's agents, solve again
for what is still short) gives a good roster in a tenth of a second, covering every interval by
construction; then `scipy.optimize.milp` (HiGHS, branch and bound) searches for a cheaper one
within a time limit per month. The cheaper roster is kept. When the solver proves it within
`MIP_REL_GAP` of the cheapest possible, the month is optimal; when it stops at the time limit the
roster says it may not be the cheapest (`optimal=False`) and how far from the cheapest it can be
at most (`optimality_gap`, from the solver's lower bound).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import sparse  # type: ignore[import-untyped]
from scipy.optimize import (  # type: ignore[import-untyped]
    Bounds,
    LinearConstraint,
    linprog,
    milp,
)

from planner.bid.types import Roster, ShiftRules
from planner.model.issues import Issue, PlanError, in_words
from planner.report import format as fmt

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
Progress = Callable[[float, str], None]

DAY_MINUTES = 24 * 60
WEEK_DAYS = 7
INTERVAL_CHOICES = (15, 30, 60)
"""Interval lengths (minutes) a requirement may come in: the history's own."""
MAX_SHIFT_HOURS = 16.0
"""The longest shift the scheduler takes: two shifts back to back at most."""
TIME_LIMIT_SECONDS = 0.3
"""How long the optimiser may search one month before taking its best roster so far."""
MIP_REL_GAP = 1e-4
"""The solver stops when its roster is within 0.01 % of the cheapest possible (for a team of
200 shifts a week that is a fraction of one shift: in effect the cheapest)."""


class ShiftInputError(PlanError):
    """The requirement or the shift rules cannot be scheduled: one issue per problem, each
    naming the field in the founder's words and what is allowed (its text is those words)."""

    def __init__(self, issues: list[Issue]) -> None:
        super().__init__(issues)
        self.args = ("\n".join(in_words(issue) for issue in self.issues),)


@dataclass(frozen=True)
class ShiftTypes:
    """Every shift the optimiser may choose in a week of `slots` intervals.

    `cover` is the slots x shift-types 0/1 matrix (1 where the shift's agent is at work in the
    interval); `start_slot` (interval of the week the shift starts in, 0 = Monday 00:00),
    `length_hours`, `break_slot` (the break's first interval of the week) and `paid_hours`
    (length - break) run along the shift types."""

    interval_minutes: int
    slots: int
    cover: sparse.csc_array
    start_slot: IntArray
    length_hours: FloatArray
    break_minutes: IntArray
    break_slot: IntArray
    paid_hours: FloatArray


def _n(value: float) -> str:
    """A number in a message as the founder typed it (2 decimals at most, none when whole)."""
    return fmt.number(value, 2, trim=True)


# --- checks ---------------------------------------------------------------------------------------


def _rules_issues(rules: ShiftRules, interval_minutes: int) -> list[Issue]:
    issues: list[Issue] = []
    lengths, breaks = rules.lengths_hours, rules.break_minutes
    if not lengths or len(lengths) != len(breaks):
        issues.append(
            Issue(("break_minutes",), f"{len(breaks)} breaks for {len(lengths)} shift lengths",
                  "one break (minutes, 0 for none) for each shift length", "Breaks (minutes)")
        )  # fmt: skip
        return issues
    for length, brk in zip(lengths, breaks, strict=True):
        if not (math.isfinite(length) and interval_minutes / 60 * 2 <= length <= MAX_SHIFT_HOURS):
            issues.append(
                Issue(("lengths_hours",), f"a shift of {_n(length)} hours cannot be scheduled",
                      f"{_n(interval_minutes * 2 / 60)} to {_n(MAX_SHIFT_HOURS)} hours",
                      "Shift lengths (hours)")
            )  # fmt: skip
        elif not 0 <= brk < length * 60 / 2:
            issues.append(
                Issue(("break_minutes",), f"a {_n(brk)} minute break in a {_n(length)} hour shift",
                      f"0 up to less than half the shift ({_n(length * 30)} minutes)",
                      "Breaks (minutes)")
            )  # fmt: skip
    step = rules.start_step_minutes
    if step <= 0 or DAY_MINUTES % step:
        issues.append(
            Issue(("start_step_minutes",), f"shifts cannot start every {step} minutes",
                  "a number of minutes that divides a day: 15, 30, 60 ...",
                  "Shift starts every (minutes)")
        )  # fmt: skip
    return issues


def _requirement_issues(required: pd.DataFrame, interval_minutes: int) -> list[Issue]:
    label = "Agents required"
    missing = {"timestamp", "required"} - set(required.columns)
    if missing:
        return [Issue(("required",), f"no {' or '.join(sorted(missing))} column",
                      "a table with timestamp and required columns", label)]  # fmt: skip
    if required.empty:
        return [Issue(("required",), "no intervals to schedule", "at least one interval", label)]
    values = pd.to_numeric(required["required"], errors="coerce").to_numpy(dtype=float)
    issues: list[Issue] = []
    if not (np.isfinite(values).all() and (values >= 0).all() and (values % 1 == 0).all()):
        issues.append(Issue(("required",), "some intervals do not need a whole number of agents",
                            "whole numbers of agents, 0 or more", label))  # fmt: skip
    stamps = pd.to_datetime(required["timestamp"], errors="coerce")
    minutes = stamps.dt.hour * 60 + stamps.dt.minute
    if stamps.isna().any() or (minutes % interval_minutes).any() or stamps.duplicated().any():
        issues.append(
            Issue(("timestamp",), "some times are missing, repeated or off the interval grid",
                  f"one row per {interval_minutes}-minute interval, starting on the interval",
                  "Interval start times")
        )  # fmt: skip
    return issues


def check_inputs(
    required: pd.DataFrame, interval_minutes: int, paid_hours_per_month: float, rules: ShiftRules
) -> None:
    """Raise `ShiftInputError` (every problem found, in the founder's words) unless the
    requirement and the rules can be scheduled."""
    if interval_minutes not in INTERVAL_CHOICES:
        raise ShiftInputError(
            [Issue(("interval_minutes",), f"{interval_minutes} minutes is not an interval length "
                   "the scheduler takes", "15, 30 or 60 minutes", "Interval length (minutes)")]
        )  # fmt: skip
    issues = _rules_issues(rules, interval_minutes)
    if not (math.isfinite(paid_hours_per_month) and paid_hours_per_month > 0):
        issues.append(
            Issue(("paid_hours_per_month",), f"{_n(paid_hours_per_month)} hours cannot make an FTE",
                  "a number of hours above 0", "Paid hours per FTE-month")
        )  # fmt: skip
    issues += _requirement_issues(required, interval_minutes)
    if issues:
        raise ShiftInputError(issues)


# --- the shift types and the week requirement -----------------------------------------------------


def shift_types(rules: ShiftRules, interval_minutes: int) -> ShiftTypes:
    """Every start (on both the `start_step_minutes` grid and the interval grid) x every length,
    over a cyclic week of 7 x 1440 / `interval_minutes` intervals.

    A shift of L hours starting in interval k is at work in the floor(L x 60 / I) whole intervals
    k, k + 1, ... (wrapping from Sunday into Monday), except its break: ceil(B / I) intervals from
    k + floor(L x 60 / 2 / I).

    >>> types = shift_types(ShiftRules((8.0,), (30,), 30), 30)
    >>> types.slots, len(types.paid_hours), float(types.paid_hours[0])
    (336, 336, 7.5)
    >>> int(types.cover[:, [0]].sum()), int(types.break_slot[0])  # 16 half hours, less the break
    (15, 8)
    """
    i = interval_minutes
    slots = WEEK_DAYS * DAY_MINUTES // i
    step = math.lcm(rules.start_step_minutes, i) // i
    starts = np.arange(0, slots, step, dtype=np.int64)
    rows: list[IntArray] = []
    cols: list[IntArray] = []
    start_slot: list[int] = []
    break_slot: list[int] = []
    breaks: list[int] = []
    lengths: list[float] = []
    paid: list[float] = []
    for length, brk in zip(rules.lengths_hours, rules.break_minutes, strict=True):
        at_work = int(length * 60 // i)
        brk_from = int(length * 60 / 2 // i)
        brk_n = math.ceil(brk / i)
        offsets = np.array([o for o in range(at_work) if not brk_from <= o < brk_from + brk_n])
        first = len(start_slot)
        for n, k in enumerate(starts):
            rows.append((k + offsets) % slots)
            cols.append(np.full(len(offsets), first + n, dtype=np.int64))
        start_slot += starts.tolist()
        lengths += [float(length)] * len(starts)
        breaks += [int(brk)] * len(starts)
        break_slot += ((starts + brk_from) % slots).tolist()
        paid += [float(length) - brk / 60] * len(starts)
    r, c = np.concatenate(rows), np.concatenate(cols)
    cover = sparse.csc_array((np.ones(len(r)), (r, c)), shape=(slots, len(paid)))
    return ShiftTypes(
        interval_minutes=i, slots=slots, cover=cover, start_slot=np.array(start_slot),
        length_hours=np.array(lengths), break_minutes=np.array(breaks),
        break_slot=np.array(break_slot), paid_hours=np.array(paid),
    )  # fmt: skip


def week_slot(timestamps: pd.Series, interval_minutes: int) -> IntArray:
    """Each timestamp's interval of the week: weekday x intervals a day + interval of the day
    (0 = Monday from 00:00; with 30-minute intervals Tuesday 08:30 is 48 + 17 = 65).

    >>> week_slot(pd.Series(pd.to_datetime(["2027-01-05 08:30"])), 30).tolist()  # a Tuesday
    [65]
    """
    t = pd.DatetimeIndex(timestamps)
    per_day = DAY_MINUTES // interval_minutes
    of_day = (t.hour * 60 + t.minute) // interval_minutes
    return np.asarray(t.day_of_week * per_day + of_day, dtype=np.int64)


def requirement_weeks(
    required: pd.DataFrame, interval_minutes: int
) -> tuple[pd.PeriodIndex, IntArray, IntArray, FloatArray]:
    """The most agents each interval of the week needs in any week of each month.

    Returns the months (in order), each row's month position and week slot, and the months x
    slots table of the weekly requirement (0 where the month has no such interval)."""
    stamps = pd.to_datetime(required["timestamp"])
    periods = pd.PeriodIndex(stamps.dt.to_period("M"))
    codes, months = pd.factorize(periods, sort=True)
    slot = week_slot(stamps, interval_minutes)
    weeks = np.zeros((len(months), WEEK_DAYS * DAY_MINUTES // interval_minutes))
    np.maximum.at(weeks, (codes, slot), required["required"].to_numpy(dtype=float))
    return pd.PeriodIndex(months), codes.astype(np.int64), slot, weeks


def check_coverable(types: ShiftTypes, weeks: FloatArray) -> None:
    """Raise `ShiftInputError` when an interval needing agents is one no shift is ever at work in
    (short shifts whose break falls on every interval their starts reach)."""
    at_work = np.asarray(types.cover.sum(axis=1)).ravel() > 0
    never = np.flatnonzero(((weeks > 0) & ~at_work).any(axis=0))
    if len(never):
        per_day = DAY_MINUTES // types.interval_minutes
        day = pd.Timestamp("2001-01-01") + pd.Timedelta(days=int(never[0] // per_day))
        when = f"{day.day_name()} {_clock(never[:1], types.interval_minutes)[0]}"
        raise ShiftInputError(
            [Issue(("start_step_minutes",), f"no shift is ever at work at {when}",
                   "starts often enough, and breaks short enough, that every time of the week "
                   "can be covered", "Shift starts every (minutes)")]
        )  # fmt: skip


# --- one week solved ------------------------------------------------------------------------------


def _relaxation(cover: sparse.csr_array, cost: FloatArray, need: FloatArray) -> FloatArray:
    """The linear relaxation (fractional agents allowed) of covering `need` at least cost."""
    rows = np.flatnonzero(need > 0)
    x = np.zeros(len(cost))
    if len(rows):
        result = linprog(cost, A_ub=-cover[rows], b_ub=-need[rows], bounds=(0, None))
        x = np.asarray(result.x, dtype=float)
    return x


def _trim(cover: FloatArray, cost: FloatArray, need: FloatArray, x: FloatArray) -> FloatArray:
    """Take away shifts no interval needs, the dearest first, while every interval stays covered."""
    x = x.copy()
    spare = cover @ x - need
    for s in np.argsort(-cost, kind="stable"):
        column = cover[:, s]
        at_work = column > 0
        while x[s] > 0 and (spare[at_work] >= 1).all():
            x[s] -= 1
            spare -= column
    return x


def dive(types: ShiftTypes, need: FloatArray) -> tuple[FloatArray, float]:
    """A good whole-number roster fast (a rounding dive): solve the relaxation, keep the whole
    part of each shift's agents and round up those at half an agent or more, solve again for what
    is still short, until every interval is covered; a relaxation with no agent at half or more is
    rounded up whole (the relaxation rounded up covers what it was solved for). Then take away
    shifts no interval needs (`_trim`). Every interval is covered by construction.

    Returns the roster and the first relaxation's paid hours: no whole roster costs less."""
    cover = types.cover.tocsr()
    x = np.zeros(len(types.paid_hours))
    short = need.copy()
    bound = None
    while (short > 0).any():
        relaxed = _relaxation(cover, types.paid_hours, short)
        bound = float(types.paid_hours @ relaxed) if bound is None else bound
        whole = np.floor(relaxed + 1e-9)
        part = relaxed - whole
        up = part >= 0.5
        if not whole.any() and not up.any():
            up = part > 1e-9
        x += whole + up
        short = need - cover @ x
    return _trim(types.cover.toarray(), types.paid_hours, need, x), bound or 0.0


@dataclass(frozen=True)
class WeekPlan:
    """One week solved: agents on each shift type, whether the solver proved it the cheapest
    (within `MIP_REL_GAP`), and the best lower bound on a week's paid hours it found."""

    agents: FloatArray
    optimal: bool
    lower_bound: float


def solve_week(
    types: ShiftTypes, need: FloatArray, *, time_limit_seconds: float = TIME_LIMIT_SECONDS
) -> WeekPlan:
    """Agents on each shift type (whole numbers) covering `need` (agents per week slot) at the
    fewest paid hours.

    First a rounding `dive` (a good roster in a tenth of a second); then `milp` (HiGHS) searches
    for a cheaper one within `time_limit_seconds`. The cheaper of the two is kept; it is `optimal`
    when the solver proves no roster is more than `MIP_REL_GAP` cheaper. Intervals needing no one
    are left out of the constraints, and shifts at work only in such intervals out of the choice
    (they would only add cost)."""
    if not (need > 0).any():
        return WeekPlan(np.zeros(len(types.paid_hours)), True, 0.0)
    best, relaxed_bound = dive(types, need)
    rows = np.flatnonzero(need > 0)
    sub = types.cover[rows, :].tocsc()
    useful = np.flatnonzero(np.diff(sub.indptr) > 0)
    a, cost = sub[:, useful], types.paid_hours[useful]
    result = milp(
        cost, constraints=LinearConstraint(a, lb=need[rows], ub=np.inf),
        integrality=np.ones(len(cost)), bounds=Bounds(0, np.inf),
        options={"time_limit": time_limit_seconds, "mip_rel_gap": MIP_REL_GAP, "disp": False},
    )  # fmt: skip
    bound = max(relaxed_bound, float(getattr(result, "mip_dual_bound", None) or 0.0))
    if result.x is not None and cost @ np.round(result.x) <= types.paid_hours @ best:
        best = np.zeros(len(types.paid_hours))
        best[useful] = np.round(result.x)
    return WeekPlan(best, bool(result.status == 0), bound)


# --- the roster -----------------------------------------------------------------------------------


def _clock(slot: IntArray, interval_minutes: int) -> list[str]:
    minutes = (slot * interval_minutes) % DAY_MINUTES
    return [f"{m // 60:02d}:{m % 60:02d}" for m in minutes.tolist()]


def _shift_table(types: ShiftTypes, months: pd.PeriodIndex, plans: FloatArray) -> pd.DataFrame:
    month_pos, kind = np.nonzero(plans > 0)
    per_day = DAY_MINUTES // types.interval_minutes
    table = pd.DataFrame(
        {
            "month": pd.PeriodIndex(months[month_pos], freq="M"),
            "weekday": (types.start_slot[kind] // per_day).astype(np.int64),
            "start": _clock(types.start_slot[kind], types.interval_minutes),
            "length_hours": types.length_hours[kind],
            "break_start": _clock(types.break_slot[kind], types.interval_minutes),
            "break_minutes": types.break_minutes[kind].astype(np.int64),
            "paid_hours": types.paid_hours[kind],
            "agents": plans[month_pos, kind].astype(np.int64),
        }
    )
    order = ["month", "weekday", "start", "length_hours"]
    return table.sort_values(order, kind="stable").reset_index(drop=True)


def _solve_months(
    types: ShiftTypes,
    months: pd.PeriodIndex,
    weeks: FloatArray,
    time_limit_seconds: float,
    progress: Progress | None,
) -> list[WeekPlan]:
    """Each month's week solved once (identical weeks share one answer), progress per month."""
    solved: dict[bytes, WeekPlan] = {}
    plans = []
    for m, month in enumerate(months):
        key = weeks[m].tobytes()
        if key not in solved:
            solved[key] = solve_week(types, weeks[m], time_limit_seconds=time_limit_seconds)
        plans.append(solved[key])
        if progress is not None:
            progress((m + 1) / len(months), f"Shifts chosen for {month.strftime('%B %Y')}")
    return plans


def schedule_shifts(
    required: pd.DataFrame,
    *,
    interval_minutes: int,
    paid_hours_per_month: float,
    rules: ShiftRules = ShiftRules(),  # noqa: B008 (frozen: one shared default is safe)
    progress: Progress | None = None,
    time_limit_seconds: float = TIME_LIMIT_SECONDS,
) -> Roster:
    """The cheapest whole shifts covering `required` (columns timestamp, required: whole agents
    to have at work in the interval, shrinkage already added), one typical week per month.

    Every interval of the horizon is covered: a month's week covers, in each interval of the week,
    the most agents that interval needs in any week of the month (module docstring: the shifts,
    the breaks and the programme). `time_limit_seconds` is per month solved; a month the solver
    could not prove cheapest makes `optimal` False. `progress(fraction done, words)` is called
    after each month.

    The roster's figures (`Roster`), with I the interval length in hours:

    - coverage: every input row; scheduled = its month's week at that interval.
    - required_hours = sum(required) x I and scheduled_hours = sum(scheduled) x I: hours at work.
    - scheduling_loss = scheduled_hours / required_hours - 1 (0 when nothing is required): the
      hours at work beyond the need that whole shifts and the busiest week of each month force.
    - paid_hours = sum over months of the week's paid hours x the month's days in the horizon / 7.
    - fte_by_month: required_fte = the month's required hours / `paid_hours_per_month`;
      scheduled_fte = the month's paid hours / `paid_hours_per_month` (paid hours are the hours
      at work: breaks are unpaid, so the two compare like with like).

    Raises `ShiftInputError` naming each bad input in the founder's words.
    """
    check_inputs(required, interval_minutes, paid_hours_per_month, rules)
    table = required.reset_index(drop=True)
    types = shift_types(rules, interval_minutes)
    months, codes, slot, weeks = requirement_weeks(table, interval_minutes)
    check_coverable(types, weeks)
    solved = _solve_months(types, months, weeks, time_limit_seconds, progress)
    plans = np.array([week.agents for week in solved])
    week_cover = (types.cover @ plans.T).T  # months x slots: agents at work
    hours = interval_minutes / 60
    need = table["required"].to_numpy(dtype=float)
    scheduled = week_cover[codes, slot]
    days = np.bincount(codes, minlength=len(months)) * interval_minutes / DAY_MINUTES
    paid_by_month = plans @ types.paid_hours * days / WEEK_DAYS
    bound = float(np.dot([week.lower_bound for week in solved], days / WEEK_DAYS))
    required_by_month = np.bincount(codes, weights=need, minlength=len(months)) * hours
    required_hours, scheduled_hours = float(need.sum() * hours), float(scheduled.sum() * hours)
    coverage = pd.DataFrame(
        {
            "timestamp": pd.to_datetime(table["timestamp"]),
            "required": need.astype(np.int64),
            "scheduled": scheduled.astype(np.int64),
        }
    )
    fte = pd.DataFrame(
        {
            "month": months,
            "required_fte": required_by_month / paid_hours_per_month,
            "scheduled_fte": paid_by_month / paid_hours_per_month,
        }
    )
    return Roster(
        shifts=_shift_table(types, months, plans),
        coverage=coverage,
        required_hours=required_hours,
        scheduled_hours=scheduled_hours,
        paid_hours=float(paid_by_month.sum()),
        scheduling_loss=scheduled_hours / required_hours - 1 if required_hours > 0 else 0.0,
        fte_by_month=fte,
        optimal=all(week.optimal for week in solved),
        optimality_gap=max(1 - bound / paid_by_month.sum(), 0.0) if paid_by_month.sum() else 0.0,
    )


def busiest_month(roster: Roster) -> pd.Period:
    """The month with the most required agent-hours (the first such month on a tie)."""
    stamps = pd.to_datetime(roster.coverage["timestamp"])
    totals = roster.coverage.groupby(stamps.dt.to_period("M"))["required"].sum()
    return pd.Period(str(totals.idxmax()), freq="M")


def week_view(roster: Roster, month: pd.Period | str | None = None) -> pd.DataFrame:
    """One month's typical week as the scheduler saw it: columns weekday, time ("08:30"),
    required (the most agents the interval needs in any week of the month), scheduled (agents at
    work in the week's shifts). `month` None: `busiest_month`."""
    cov = roster.coverage
    periods = pd.to_datetime(cov["timestamp"]).dt.to_period("M")
    chosen = cov[periods == pd.Period(month or busiest_month(roster), freq="M")]
    if chosen.empty:
        raise ShiftInputError(
            [Issue(("month",), f"no intervals in {month}", "a month of the roster", "Month")]
        )
    t = pd.to_datetime(chosen["timestamp"])
    frame = pd.DataFrame(
        {
            "weekday": t.dt.day_of_week.to_numpy(),
            "time": t.dt.strftime("%H:%M").to_numpy(),
            "required": chosen["required"].to_numpy(),
            "scheduled": chosen["scheduled"].to_numpy(),
        }
    )
    week = frame.groupby(["weekday", "time"], as_index=False).max()
    return week.sort_values(["weekday", "time"]).reset_index(drop=True)
