"""A bid in the founder's words: the sentences and display tables the Bid desk page shows.

Only wording and layout of figures the stages computed (`planner.bid.types`): no figure is
computed here that a stage owns, except the plain sums and maxima a sentence needs (the history's
total contacts, the weeks it covers). Numbers are written by `planner.report.format`, labels come
from `planner.model.labels`. Tables hold text cells ready to show.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import cast

import pandas as pd

from planner.bid.types import (
    VOLUME_CASES,
    CostToServe,
    Forecast,
    History,
    Price,
    Roster,
)
from planner.data.profiles import DAY_SHORT
from planner.model.labels import (
    BID_PRICING_LABELS,
    BID_SOURCE_LABELS,
    BILLING_UNIT_LABELS,
)
from planner.model.plan import COST_UNITS
from planner.report import format as fmt

CASE_HEADERS: dict[float, str] = {
    -0.2: "Margin at -20% volume",
    0.0: "At the forecast",
    0.2: "At +20% volume",
}
"""The prices table's margin columns, one per `VOLUME_CASES`."""


def month_words(month: pd.Period | str) -> str:
    """A month as the pages show it: "2027-01" -> "Jan 2027".

    >>> month_words("2027-01"), month_words(pd.Period("2026-12", "M"))
    ('Jan 2027', 'Dec 2026')
    """
    return pd.Period(str(month), "M").strftime("%b %Y")


def history_facts(history: History) -> dict[str, str]:
    """The history's size, as label -> short text: the weeks it covers (rows x interval minutes /
    the minutes of a week, one decimal), the contacts in it and the interval length.

    Ten weeks of 30-minute rows are 3,360 rows: 3,360 x 30 / 10,080 = 10.0 weeks.
    """
    frame = history.intervals
    weeks = len(frame) * history.interval_minutes / (7 * 24 * 60)
    return {
        "Weeks covered": f"{fmt.number(weeks, 1, trim=True)} weeks",
        "Contacts": fmt.number(float(frame["contacts"].sum())),
        "Interval length": f"{history.interval_minutes} minutes",
    }


def _day(stamp: pd.Timestamp) -> str:
    return f"{stamp.day} {stamp:%b %Y}"


def history_span(history: History) -> str:
    """Its first and last interval's days and the form the file came in, in a sentence."""
    stamps = history.intervals["timestamp"]
    return (
        f"From {_day(stamps.iloc[0])} to {_day(stamps.iloc[-1])}; the file held "
        f"{BID_SOURCE_LABELS[history.source]}."
    )


def accuracy_sentence(forecast: Forecast) -> str:
    """How far off the forecast was on the held-back weeks, beside repeating the same week (the
    seasonal-naive forecast), both as mean absolute percentage errors.

    >>> f = Forecast(pd.DataFrame(), pd.DataFrame(), 0.062, 0.114, 2, 0.8, "ETS", 30)
    >>> accuracy_sentence(f)  # doctest: +NORMALIZE_WHITESPACE
    'On the 2 held-back weeks the forecast was off by 6.2% on average; repeating the same week
    would have been off by 11.4%.'
    """
    weeks = forecast.holdout_weeks
    head = "On the held-back week" if weeks == 1 else f"On the {weeks} held-back weeks"
    return (
        f"{head} the forecast was off by {fmt.percent(forecast.mape, 1)} on average; repeating "
        f"the same week would have been off by {fmt.percent(forecast.naive_mape, 1)}."
    )


def staffing_table(by_month: pd.DataFrame) -> pd.DataFrame:
    """Staffing per month (`Bid.by_month`) as text: contacts, handled hours (handled minutes /
    60), agent hours, FTE the work needs and FTE the shifts pay for, and the most agents at work
    at once."""
    return pd.DataFrame(
        {
            "Month": [month_words(m) for m in by_month["month"]],
            "Contacts": [fmt.number(v) for v in by_month["contacts"]],
            "Handled hours": [fmt.number(v / 60) for v in by_month["handled_minutes"]],
            "Agent hours": [fmt.number(v) for v in by_month["agent_hours"]],
            "FTE needed": [fmt.number(v, 1) for v in by_month["required_fte"]],
            "FTE on shifts": [fmt.number(v, 1) for v in by_month["scheduled_fte"]],
            "Most agents at once": [fmt.number(v) for v in by_month["peak_agents"]],
        }
    )


def shift_months(roster: Roster) -> list[str]:
    """The months the roster has shifts for, "YYYY-MM", in order."""
    return sorted({str(m) for m in roster.shifts["month"]})


def shifts_table(roster: Roster, month: str) -> pd.DataFrame:
    """One month's typical week of shifts: one row per start, paid hours ("Hours") and unpaid
    break's start ("Break"), the agents starting it on each weekday (blank where none) and the
    shifts a week ("Week")."""
    shifts = roster.shifts[roster.shifts["month"].astype(str) == month]
    if shifts.empty:
        return pd.DataFrame(columns=["Start", "Hours", "Break", *DAY_SHORT, "Week"])
    grid = shifts.pivot_table(
        index=["start", "length_hours", "break_start"],
        columns="weekday",
        values="agents",
        aggfunc="sum",
        fill_value=0,
    ).reindex(columns=range(7), fill_value=0)
    rows = []
    for index, agents in grid.iterrows():
        start, length, brk = cast("tuple[str, float, str]", index)
        rows.append(
            {
                "Start": start,
                "Hours": fmt.number(float(length), 1, trim=True),
                "Break": brk,
                **{
                    day: (str(int(n)) if n else "")
                    for day, n in zip(DAY_SHORT, agents, strict=True)
                },
                "Week": str(int(agents.sum())),
            }
        )
    return pd.DataFrame(rows)


def loss_sentence(roster: Roster) -> str:
    """The scheduling loss in words: hours at work on the chosen shifts against the hours the
    work needs (scheduled / required - 1), and whether the optimiser proved the shifts cheapest.

    >>> r = Roster(pd.DataFrame(), pd.DataFrame(), 1000.0, 1085.0, 1160.0, 0.085, pd.DataFrame())
    >>> loss_sentence(r)  # doctest: +NORMALIZE_WHITESPACE
    'The shifts put 1,085 agent hours at work where the work needs 1,000: a scheduling loss of
    8.5% (hours at work that whole shifts cannot avoid). They are the cheapest shifts that cover
    every interval.'
    """
    found = (
        "They are the cheapest shifts that cover every interval."
        if roster.optimal
        else "They cover every interval; the optimiser stopped at its time limit, so cheaper "
        "shifts may exist."
    )
    return (
        f"The shifts put {fmt.number(roster.scheduled_hours)} agent hours at work where the work "
        f"needs {fmt.number(roster.required_hours)}: a scheduling loss of "
        f"{fmt.percent(roster.scheduling_loss, 1)} (hours at work that whole shifts cannot "
        f"avoid). {found}"
    )


def cost_table(cost: CostToServe, units: Mapping[str, float], currency: str) -> pd.DataFrame:
    """A typical month's cost to serve per unit (`units`: cost per unit keyed like `COST_UNITS`,
    from `planner.bid.pricing.unit_costs`), with the units a month beside it."""
    counts = {
        "per_fte_month": cost.fte,
        "per_paid_hour": cost.paid_hours,
        "per_productive_hour": cost.productive_hours,
        "per_handled_minute": cost.handled_minutes,
        "per_item": cost.contacts,
        "per_seat": cost.seats,
    }
    return pd.DataFrame(
        {
            "Cost": [BILLING_UNIT_LABELS[k] for k in COST_UNITS],
            "Amount": [fmt.money(units[k], currency, cents=True) for k in COST_UNITS],
            "Units a month": [fmt.number(counts[k], 1, trim=True) for k in COST_UNITS],
        }
    )


def price_words(price: Price, currency: str) -> str:
    """A price with its unit: "$2.79 per contact"; the base plus per contact model gives both
    ("$2,465 a month + $2.14 per contact")."""
    amount = fmt.money(price.price, currency, cents=True)
    if price.model == "base_plus_per_item":
        return f"{fmt.money(price.base_fee, currency)} a month + {amount} per contact"
    if price.model == "monthly_retainer":
        return f"{fmt.money(price.price, currency)} a month"
    return f"{amount} {BILLING_UNIT_LABELS[price.model]}"


def _margin(value: float | None) -> str:
    if value is None or not math.isfinite(value):
        return "no revenue"
    return fmt.percent(value, 1)


def prices_table(prices: Sequence[Price], currency: str) -> pd.DataFrame:
    """The eight prices in `BILLING_MODELS` order: the model in words, the price with its unit
    and the margin at each of `VOLUME_CASES` (the monthly revenue, the same for every model at
    the forecast, is said once by `revenue_sentence`)."""
    return pd.DataFrame(
        {
            "Billing model": [BID_PRICING_LABELS[p.model] for p in prices],
            "Price": [price_words(p, currency) for p in prices],
            **{
                CASE_HEADERS[case]: [_margin(p.margins.get(case)) for p in prices]
                for case in VOLUME_CASES
            },
        }
    )


def revenue_sentence(prices: Sequence[Price], margin: float, currency: str) -> str:
    """What every price earns a month on the forecast volume and the margin it gives; models
    whose revenue differs (they never should: each is priced for the same revenue) are given
    as a range.

    >>> p = Price("per_item", 2.5, 0.0, 10_000.0, {})
    >>> revenue_sentence([p, p], 0.25, "USD")
    'Each price earns $10,000 a month on the forecast volume: a 25% margin.'
    """
    revenues = [p.monthly_revenue for p in prices]
    low, high = min(revenues), max(revenues)
    earned = fmt.money(low, currency)
    if not math.isclose(low, high, rel_tol=1e-9, abs_tol=0.005):
        earned = f"from {earned} to {fmt.money(high, currency)}"
    return (
        f"Each price earns {earned} a month on the forecast volume: a "
        f"{fmt.percent(margin, 1, trim=True)} margin."
    )


def _names(models: Sequence[str]) -> str:
    labels = [BID_PRICING_LABELS[m] for m in models]
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


def protection_sentence(prices: Sequence[Price]) -> str:
    """Which billing model protects the business when volume comes in 20 % under the forecast:
    the one keeping the highest margin there, against the one keeping the lowest (models within
    1e-9 of each other are named together, in `BILLING_MODELS` order)."""
    under = [(p.model, p.margins.get(-0.2, math.nan)) for p in prices]
    known = [(m, v) for m, v in under if math.isfinite(v)]
    if not known:
        return "No billing model earns anything when volume falls 20%."
    best = max(v for _, v in known)
    worst = min(v for _, v in known)
    top = [m for m, v in known if math.isclose(v, best, abs_tol=1e-9)]
    low = [m for m, v in known if math.isclose(v, worst, abs_tol=1e-9)]
    one = len(top) == 1
    return (
        f"If volume comes in 20% under the forecast, {_names(top)} "
        f"{'keeps' if one else 'keep'} the most margin ({fmt.percent(best, 1)}): "
        f"{'it protects' if one else 'they protect'} the business best; {_names(low)} "
        f"{'falls' if len(low) == 1 else 'fall'} furthest, to {fmt.percent(worst, 1)}."
    )
