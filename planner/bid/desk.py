"""The bid desk: a prospect's contact history and targets -> a priced, staffed bid.

`make_bid` runs the stages in order, each owned elsewhere:

1. `planner.queueing.channels.check_targets`: the targets, before any long work; the cost basis
   from the plan (`planner.bid.pricing.cost_basis`: the plan is projected once for its overhead);
2. `planner.bid.forecast.forecast_history`: the next months by interval (about 30 % of the time);
3. `planner.queueing.channels.staff_intervals` on the forecast: agents per interval (about 17 %);
4. `planner.bid.shifts.schedule_shifts` on the scheduled agents: the roster (about 45 %);
5. `planner.bid.pricing`: the cost to serve at each of
   `VOLUME_CASES` (`bid_units` below says how each unit is counted) and the eight prices (5 %).

Nothing here computes a figure another module owns: the desk only hands each stage's result to the
next and turns the roster into a typical month's units.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from planner.bid.types import (
    VOLUME_CASES,
    Bid,
    BidChannel,
    BilledUnits,
    ChannelTargets,
    Forecast,
    History,
    Roster,
    ShiftRules,
)
from planner.model.plan import Plan
from planner.queueing.channels import handled_seconds_per_dial

Progress = Callable[[float, str], None]

FRONT_OFFICE_STARTER = "offshore_voice_support"
"""The starter plan a front-office bid (voice, chat, e-mail, outbound) is costed from when the
founder gives no plan."""
BACK_OFFICE_STARTER = "onshore_bookkeeping_payroll"
"""The starter plan a back-office bid is costed from when the founder gives no plan."""

DAYS_PER_MONTH = 365.25 / 12
"""An average calendar month in days (30.4375): the forecast's length in months is its days over
this, so a typical month is the forecast's total over that many months."""

STAGES = (
    (0.00, 0.03, "Reading the costs from the plan…"),
    (0.03, 0.30, "Forecasting the next {span}…"),
    (0.33, 0.17, "Staffing every interval of the forecast…"),
    (0.50, 0.45, "Choosing shifts that cover every interval…"),
    (0.95, 0.05, "Costing and pricing the bid…"),
)
"""Each stage's start and share of the progress bar, and what it says while it runs."""


def starter_for(channel: BidChannel) -> str:
    """The starter plan's id a bid on `channel` is costed from without a plan of the founder's:
    the bookkeeping starter for back office, the offshore voice starter for the front-office
    channels (voice, chat, e-mail, outbound).

    >>> starter_for("back_office"), starter_for("chat")
    ('onshore_bookkeeping_payroll', 'offshore_voice_support')
    """
    return BACK_OFFICE_STARTER if channel == "back_office" else FRONT_OFFICE_STARTER


def default_plan_for(channel: BidChannel) -> Plan:
    """The starter plan (`planner.model.starters`) a bid on `channel` is costed from when the
    founder gives none (`starter_for`); the bid's `basis.source` names it."""
    from planner.model.starters import load_template

    return load_template(starter_for(channel))


def forecast_months(forecast: Forecast) -> float:
    """The forecast's length in average months: its intervals' days / 30.4375 (`DAYS_PER_MONTH`).

    >>> import pandas as pd
    >>> fc = Forecast(pd.DataFrame({"timestamp": range(17_520)}), pd.DataFrame(), 0.0, 0.0,
    ...               2, 0.8, "", 30)
    >>> round(forecast_months(fc), 4)  # 17,520 half hours = 365 days; 365 / 30.4375
    11.9918
    """
    days = len(forecast.intervals) * forecast.interval_minutes / (60 * 24)
    return days / DAYS_PER_MONTH


def handled_minutes(
    contacts: np.ndarray, aht_seconds: np.ndarray, targets: ChannelTargets
) -> float:
    """Minutes of handling in `contacts`, the unit the per-handled-minute price bills.

    Queues and backlog work: sum of contacts x AHT / 60. Outbound: only dials that reach someone
    are handled minutes, at the targets' talk and wrap time, not the history's AHT:
    dials x contact_rate x (talk + wrap) / 60 (dials that reach no one are agent time, paid
    through the hours, but no handled minute for the client).

    >>> import numpy as np
    >>> handled_minutes(np.array([30.0, 60.0]), np.array([300.0, 200.0]), ChannelTargets())
    350.0
    >>> # outbound: 1,000 dials x 0.3 reached x (180 + 60) s / 60 = 1,200 minutes
    >>> handled_minutes(np.array([1000.0]), np.array([99.0]), ChannelTargets(channel="outbound"))
    1200.0
    """
    if targets.channel == "outbound":
        per_dial = handled_seconds_per_dial(
            targets.contact_rate, targets.talk_seconds, targets.wrap_seconds
        )
        return float(np.sum(contacts) * per_dial / 60.0)
    return float(np.sum(contacts * aht_seconds) / 60.0)


def bid_units(
    staffing: pd.DataFrame,
    roster: Roster,
    cases: dict[float, pd.DataFrame],
    *,
    targets: ChannelTargets,
    interval_minutes: int,
    months: float,
    paid_hours_per_month: float,
) -> dict[float, BilledUnits]:
    """A typical month's billed units at each volume case (the keys of `cases`, plus 0.0).

    At the forecast volume (0.0), from the roster: paid hours = the roster's paid hours / `months`
    (the typical month is the forecast's mean month); FTE = paid hours / `paid_hours_per_month`;
    productive hours = paid hours x (1 - the targets' shrinkage); contacts = the forecast's
    contacts / `months`; handled minutes as `handled_minutes` / `months`; seats = the most agents
    at work at once anywhere in the roster.

    At another volume (`cases[c]`: `staff_intervals` on the forecast scaled by 1 + c; the shift
    optimiser is not run again) the team is re-staffed and its paid hours carry the forecast's
    scheduling loss: paid_c = required_c x (1 + loss) x (paid / scheduled), with required_c the
    re-staffed agents' hours at work (scheduled agents x interval hours) and paid / scheduled the
    roster's paid hours per hour at work (1 when breaks are unpaid). Contacts and handled minutes
    scale by 1 + c. Seats are leased for the term: at lower volume they stay; at higher volume
    they grow to the re-staffed busiest interval if it needs more.

    Worked example (12 months of forecast): the roster pays 120,000 hours with 115,500 at work
    against 110,000 required (loss 5 %); 160 paid hours an FTE-month; shrinkage 30 %. Forecast:
    paid 10,000 h a month, 62.5 FTE, 7,000 productive hours. At +20 % the re-staffed team needs
    129,000 hours at work: paid = 129,000 x 1.05 x (120,000 / 115,500) / 12 = 11,727.27 h a
    month, 73.30 FTE; at -20 % (90,000 h): 8,181.82 h a month. With 80 seats at the forecast and
    a re-staffed peak of 94 agents at +20 % and 64 at -20 %: 94 seats at +20 %, 80 at -20 %.
    """
    hours = interval_minutes / 60.0
    contacts = staffing["contacts"].to_numpy(dtype=float)
    aht = staffing["aht_seconds"].to_numpy(dtype=float)
    paid_per_work = roster.paid_hours / roster.scheduled_hours if roster.scheduled_hours else 1.0
    seats = float(roster.coverage["scheduled"].max()) if len(roster.coverage) else 0.0
    paid_and_seats = {0.0: (roster.paid_hours / months, seats)}
    for change, staffed in cases.items():
        required = float(staffed["scheduled_agents"].sum()) * hours
        paid = required * (1.0 + roster.scheduling_loss) * paid_per_work / months
        peak = float(staffed["scheduled_agents"].max()) if len(staffed) else 0.0
        paid_and_seats[change] = (paid, max(seats, peak) if change > 0 else seats)
    result = {}
    for change, (paid, seat_count) in sorted(paid_and_seats.items()):
        volume = contacts * (1.0 + change)
        result[change] = BilledUnits(
            volume_change=change,
            fte=paid / paid_hours_per_month,
            paid_hours=paid,
            productive_hours=paid * (1.0 - targets.shrinkage),
            handled_minutes=handled_minutes(volume, aht, targets) / months,
            contacts=float(volume.sum()) / months,
            seats=seat_count,
        )
    return result


def by_month(
    staffing: pd.DataFrame,
    roster: Roster,
    *,
    targets: ChannelTargets,
    interval_minutes: int,
    paid_hours_per_month: float,
) -> pd.DataFrame:
    """The bid month by month. Columns: month (period), contacts (sum), handled_minutes
    (`handled_minutes`), agent_hours (agents on the work x interval hours), required_fte
    (scheduled agents x interval hours / `paid_hours_per_month`: the hours at work the targets
    need, shrinkage included, in FTE-months), scheduled_fte (the roster's: paid hours of its
    shifts / `paid_hours_per_month`), peak_agents (the most scheduled agents one interval needs).
    """
    hours = interval_minutes / 60.0
    frame = pd.DataFrame(
        {
            "month": pd.DatetimeIndex(staffing["timestamp"]).to_period("M"),
            "contacts": staffing["contacts"].to_numpy(dtype=float),
            "work": staffing["contacts"].to_numpy(dtype=float)
            * staffing["aht_seconds"].to_numpy(dtype=float),
            "agent_hours": staffing["agents"].to_numpy(dtype=float) * hours,
            "required_hours": staffing["scheduled_agents"].to_numpy(dtype=float) * hours,
            "peak_agents": staffing["scheduled_agents"].to_numpy(dtype=int),
        }
    )
    grouped = frame.groupby("month", sort=True)
    table = grouped.agg(
        contacts=("contacts", "sum"),
        agent_hours=("agent_hours", "sum"),
        required_hours=("required_hours", "sum"),
        peak_agents=("peak_agents", "max"),
    ).reset_index()
    if targets.channel == "outbound":
        per_dial = handled_seconds_per_dial(
            targets.contact_rate, targets.talk_seconds, targets.wrap_seconds
        )
        table["handled_minutes"] = table["contacts"] * per_dial / 60.0
    else:
        table["handled_minutes"] = grouped["work"].sum().to_numpy() / 60.0
    table["required_fte"] = table.pop("required_hours") / paid_hours_per_month
    scheduled = roster.fte_by_month.assign(key=roster.fte_by_month["month"].astype(str))
    fte = dict(zip(scheduled["key"], scheduled["scheduled_fte"].astype(float), strict=True))
    table["scheduled_fte"] = [fte.get(str(m), float("nan")) for m in table["month"]]
    columns = ["month", "contacts", "handled_minutes", "agent_hours", "required_fte"]
    return table[[*columns, "scheduled_fte", "peak_agents"]]


def _stage(progress: Progress | None, index: int, months: int) -> Progress:
    """The progress callback of stage `index` of `STAGES`: its own 0..1 mapped onto its share."""
    start, share, words = STAGES[index]
    message = words.format(span="month" if months == 1 else f"{months} months")
    if progress is None:
        return lambda _done, _text: None
    progress(start, message)
    return lambda done, text: progress(start + share * min(max(done, 0.0), 1.0), text or message)


def make_bid(
    history: History,
    targets: ChannelTargets,
    *,
    margin: float,
    plan: Plan,
    months: int = 12,
    holdout_weeks: int = 2,
    rules: ShiftRules = ShiftRules(),  # noqa: B008 - a frozen value, shared safely
    progress: Progress | None = None,
) -> Bid:
    """The whole bid: forecast, staffing, shifts, cost to serve and the eight prices.

    `margin`: the target margin, 0 <= margin < 1 (checked first, with the targets, so a typo
    fails before the long work). Costs come from `plan` (`planner.bid.pricing.cost_basis`; a
    starter from `default_plan_for` when the founder has none); staffing uses the targets'
    shrinkage, and so do the productive hours. `progress(share, words)`: the plan's costs ~3 %,
    forecast ~30 %, staffing ~17 %, shifts ~45 %, pricing ~5 % (`STAGES`). The typical month and
    the +-20 % cases: `bid_units`.
    """
    from planner.bid.forecast import forecast_history
    from planner.bid.pricing import check_margin, cost_basis, cost_to_serve, price_models
    from planner.bid.shifts import schedule_shifts
    from planner.queueing.channels import check_targets, staff_intervals

    check_targets(targets)
    check_margin(margin)
    _stage(progress, 0, months)
    basis = cost_basis(plan)
    forecast = forecast_history(
        history, months=months, holdout_weeks=holdout_weeks, progress=_stage(progress, 1, months)
    )
    staff_progress = _stage(progress, 2, months)
    minutes = forecast.interval_minutes
    stamps = pd.DatetimeIndex(forecast.intervals["timestamp"])
    contacts = forecast.intervals["contacts"].to_numpy(dtype=float)
    aht = forecast.intervals["aht_seconds"].to_numpy(dtype=float)

    def staff(scale: float) -> pd.DataFrame:
        return staff_intervals(
            contacts * scale, aht, interval_minutes=minutes, targets=targets, timestamps=stamps,
            ongoing=True,  # the service goes on after the 12 months: no last-evening rush
        )  # fmt: skip

    staffing = staff(1.0)
    staffing.insert(0, "timestamp", stamps)
    staff_progress(1.0, "")
    required = pd.DataFrame(
        {"timestamp": stamps, "required": staffing["scheduled_agents"].to_numpy(dtype=int)}
    )
    roster = schedule_shifts(
        required,
        interval_minutes=minutes,
        paid_hours_per_month=basis.paid_hours_per_month,
        rules=rules,
        progress=_stage(progress, 3, months),
    )
    _stage(progress, 4, months)
    cases = {change: staff(1.0 + change) for change in VOLUME_CASES if change != 0.0}
    units = bid_units(
        staffing,
        roster,
        cases,
        targets=targets,
        interval_minutes=minutes,
        months=forecast_months(forecast),
        paid_hours_per_month=basis.paid_hours_per_month,
    )
    costs = {change: cost_to_serve(basis, **vars(u)) for change, u in units.items()}
    prices = price_models(costs, margin)
    if progress is not None:
        progress(1.0, "The bid is ready")
    return Bid(
        targets=targets,
        history=history,
        forecast=forecast,
        staffing=staffing,
        by_month=by_month(
            staffing,
            roster,
            targets=targets,
            interval_minutes=minutes,
            paid_hours_per_month=basis.paid_hours_per_month,
        ),
        roster=roster,
        basis=basis,
        costs=costs,
        margin=margin,
        prices=prices,
    )
