"""Which driver moves the money most: a tornado of each driver alone at its low and its high, and a
two-way table of two drivers together (issue 9, item 2).

A driver is one of `planner.model.drivers.DRIVER_NAMES` (volume, handling time, price, win rate,
start delay, attrition, wages); `planner.model.drivers.apply_drivers` is the one owner of what each
means. Every figure here is the deterministic engine (`planner.engine.pipeline.project`) run on
the plan with some drivers moved; pipeline prospects stay probabilities (a prospect of 40% counts
as 0.4 of a client, as on every other page), unlike the risk runs, where each signs or does not.

- `tornado(plan)`: for each driver of the plan's risk ranges (`effective_risk`: the plan's `risk:`
  section, or the documented defaults), two runs: that driver alone at its low and alone at its
  high, every other driver as planned. Each run's funding needed, lowest cash, cash at the end and
  break-even month, against the plan as it is (the base). 2 x drivers engine runs.
- `two_way(plan, x, xs, y, ys, metric)`: one figure for every pair of values of two drivers
  (the others as planned): len(xs) x len(ys) engine runs; by default price x volume, five values
  each from the range's low to its high, funding needed.

Money is in the plan's currency; a month is a month of the plan (1 = the first month). A break-even
not reached within the plan is NaN, and counts as the month after the horizon wherever two
break-evens are compared (a swing, a chart bar): "later than the plan can show".
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from planner.engine.months import month_number
from planner.engine.pipeline import project
from planner.engine.projection import Projection
from planner.model.drivers import DEFAULT_RISK, DRIVER_NAMES, NEUTRAL, apply_drivers, effective_risk
from planner.model.labels import DRIVER_LABELS, DRIVER_MEANINGS, KPI_LABELS
from planner.model.plan import DriverRange, Plan, Risk
from planner.report.format import money, number, percent

METRICS: tuple[str, ...] = ("funding_needed", "lowest_cash", "ending_cash", "break_even_month")
"""The figures a sensitivity shows: three in money, the break-even as a month of the plan."""
TORNADO_METRICS: tuple[str, ...] = ("funding_needed", "lowest_cash", "break_even_month")
"""The figures of the tornado (issue 9: funding needed, lowest cash and break-even)."""
METRIC_LABELS: dict[str, str] = {m: KPI_LABELS[m] for m in METRICS}
"""Each metric in words, the dashboard's words for it (`planner.model.labels.KPI_LABELS`)."""
DEFAULT_X, DEFAULT_Y = "price", "volume"
"""The two-way table's drivers unless the founder picks others: price across, volume down."""
GRID_STEPS = 5
"""Values of each driver in a two-way table: its low, its high and three evenly between."""


@dataclass(frozen=True)
class Outcome:
    """The figures of one engine run. Money in the plan's currency."""

    funding_needed: float
    lowest_cash: float
    ending_cash: float
    break_even_month: float
    """Month of the plan (1 = the first); NaN when there is no break-even within the plan."""

    def value(self, metric: str) -> float:
        """The figure named `metric` (one of `METRICS`)."""
        return float(getattr(self, _metric(metric)))


def outcome(p: Projection) -> Outcome:
    """The sensitivity figures of a projection, read from its KPIs."""
    k = p.kpis
    be = k.break_even_month
    return Outcome(
        funding_needed=float(k.funding_needed),
        lowest_cash=float(k.lowest_cash),
        ending_cash=float(k.ending_cash),
        break_even_month=math.nan
        if be is None
        else float(month_number(be, p.plan.settings.first_month)),
    )


def _metric(metric: str) -> str:
    if metric not in METRICS:
        allowed = ", ".join(METRIC_LABELS.values())
        raise ValueError(f"'{metric}' is not a figure the sensitivity shows (it shows: {allowed})")
    return metric


def comparable(value: float, metric: str, horizon_months: int) -> float:
    """`value` ready to compare: a break-even not within the plan (NaN) counts as the month after
    the horizon; every other value as it is.

    >>> comparable(float("nan"), "break_even_month", 36), comparable(7.0, "break_even_month", 36)
    (37.0, 7.0)
    """
    if metric == "break_even_month" and math.isnan(value):
        return float(horizon_months + 1)
    return value


@dataclass(frozen=True)
class TornadoBar:
    """One driver alone at its low and at its high (every other driver as planned)."""

    driver: str
    low: float
    """The driver's low value (a multiplier; whole months for start_delay_months)."""
    high: float
    at_low: Outcome
    at_high: Outcome


@dataclass(frozen=True)
class Tornado:
    """The plan as it is (`base`) and each driver's bar, sorted by the swing in funding needed,
    largest first (ties in driver order)."""

    base: Outcome
    bars: tuple[TornadoBar, ...]
    horizon_months: int

    def swing(self, bar: TornadoBar, metric: str) -> float:
        """|figure at the high - figure at the low| (`comparable`: a break-even beyond the plan
        counts as the month after it)."""
        low = comparable(bar.at_low.value(metric), metric, self.horizon_months)
        high = comparable(bar.at_high.value(metric), metric, self.horizon_months)
        return abs(high - low)

    def sorted_by(self, metric: str) -> tuple[TornadoBar, ...]:
        """The bars by their swing in `metric`, largest first (ties keep the funding order)."""
        return tuple(sorted(self.bars, key=lambda b: -self.swing(b, metric)))

    def widest(self, metric: str) -> TornadoBar | None:
        """The bar that moves `metric` most, None when no driver moves it at all."""
        bars = self.sorted_by(metric)
        return bars[0] if bars and self.swing(bars[0], metric) > 0 else None


def tornado(plan: Plan, risk: Risk | None = None) -> Tornado:
    """Each driver of `risk` (default `effective_risk(plan)`) alone at its low and at its high.

    For driver d with range (low, likely, high): the engine on `apply_drivers(plan, {d: low})` and
    on `apply_drivers(plan, {d: high})`, so 2 x (drivers in the ranges) runs, plus the plan itself
    as the base. Drivers not in the ranges stay as planned and get no bar. Bars are sorted by
    |funding needed at high - at low|, largest first.

    A hand-checked case (tests/report/test_sensitivity.py): with one clerk at 1,000 a month for 12
    months and no revenue, wages x 1.1 need 12 x 100 = 1,200 more funding.
    """
    settings = effective_risk(plan) if risk is None else risk
    return _tornado(_Keyed(plan), _KeyedRisk(settings))


class _Keyed:
    """A plan hashed on its content (`Plan.content_key`), for the small cache below."""

    def __init__(self, plan: Plan) -> None:
        self.plan, self.key = plan, plan.content_key()

    def __hash__(self) -> int:
        return hash(self.key)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Keyed) and other.key == self.key


class _KeyedRisk:
    def __init__(self, risk: Risk) -> None:
        self.risk, self.key = risk, risk.model_dump_json()

    def __hash__(self) -> int:
        return hash(self.key)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _KeyedRisk) and other.key == self.key


# A document asks for the tornado twice (its chart and its table) and a page asks again on each
# rerun: a few plans' tornados are kept (each a small frozen record), keyed on the plan's content.
@lru_cache(maxsize=8)
def _tornado(keyed: _Keyed, keyed_risk: _KeyedRisk) -> Tornado:
    plan, risk = keyed.plan, keyed_risk.risk
    base = outcome(project(plan))
    bars: list[TornadoBar] = []
    for name in DRIVER_NAMES:
        r = risk.drivers.get(name)  # type: ignore[call-overload]
        if r is None:
            continue
        at_low = outcome(project(apply_drivers(plan, {name: r.low})))
        at_high = outcome(project(apply_drivers(plan, {name: r.high})))
        bars.append(TornadoBar(name, float(r.low), float(r.high), at_low, at_high))
    made = Tornado(base, tuple(bars), plan.settings.horizon_months)
    return Tornado(base, made.sorted_by("funding_needed"), plan.settings.horizon_months)


# --- two drivers together ---------------------------------------------------------------------


def driver_range(plan: Plan, driver: str) -> DriverRange:
    """`driver`'s range: the plan's risk settings' (`effective_risk`), or the documented default
    (`DEFAULT_RISK`) when those leave it out."""
    if driver not in DRIVER_NAMES:
        raise ValueError(_not_a_driver(driver))
    ranges = effective_risk(plan).drivers
    return ranges.get(driver) or DEFAULT_RISK.drivers[driver]  # type: ignore[call-overload,index]


def _not_a_driver(driver: str) -> str:
    allowed = ", ".join(DRIVER_LABELS[d] for d in DRIVER_NAMES)
    return f"'{driver}' is not a driver (the drivers are: {allowed})"


def grid_values(plan: Plan, driver: str, steps: int = GRID_STEPS) -> tuple[float, ...]:
    """`steps` values from the driver's low to its high (`driver_range`), evenly spaced; for
    start_delay_months whole months (rounded, each once); one value when low = high.

    >>> from planner.model.plan import Plan
    >>> grid_values(Plan(), "volume")  # the default range 0.8 to 1.15
    (0.8, 0.8875, 0.975, 1.0625, 1.15)
    >>> grid_values(Plan(), "start_delay_months")  # 0 to 3 months
    (0.0, 1.0, 2.0, 3.0)
    """
    r = driver_range(plan, driver)
    values = np.linspace(r.low, r.high, steps)
    if driver == "start_delay_months":
        values = np.rint(values)
    out: list[float] = []
    for value in values:
        v = round(float(value), 10)  # 0.9875, never 0.98750000000000004
        if v not in out:
            out.append(v)
    return tuple(out)


@dataclass(frozen=True)
class TwoWay:
    """`metric` for each pair of values of two drivers, the other drivers as planned.

    `values[i][j]`: the figure with `y_driver` at `y_values[i]` and `x_driver` at `x_values[j]`
    (rows down the y values, columns across the x values); NaN for a break-even not within the
    plan. `base`: the figure of the plan as it is."""

    x_driver: str
    x_values: tuple[float, ...]
    y_driver: str
    y_values: tuple[float, ...]
    metric: str
    values: tuple[tuple[float, ...], ...]
    base: float


def two_way(
    plan: Plan,
    x_driver: str = DEFAULT_X,
    x_values: Sequence[float] | None = None,
    y_driver: str = DEFAULT_Y,
    y_values: Sequence[float] | None = None,
    *,
    metric: str = "funding_needed",
) -> TwoWay:
    """The engine on `apply_drivers(plan, {x_driver: x, y_driver: y})` for every x in `x_values`
    and y in `y_values` (len(x_values) x len(y_values) runs), reading `metric`.

    Values left out are `grid_values` (five from the range's low to its high). The two drivers
    must differ. By default: price across, volume down, funding needed.
    """
    metric = _metric(metric)
    for d in (x_driver, y_driver):
        if d not in DRIVER_NAMES:
            raise ValueError(_not_a_driver(d))
    if x_driver == y_driver:
        raise ValueError(
            f"A two-way table needs two different drivers (both are {DRIVER_LABELS[x_driver]})"
        )
    xs = tuple(float(v) for v in (x_values or grid_values(plan, x_driver)))
    ys = tuple(float(v) for v in (y_values or grid_values(plan, y_driver)))
    grid = tuple(
        tuple(
            outcome(project(apply_drivers(plan, {x_driver: x, y_driver: y}))).value(metric)
            for x in xs
        )
        for y in ys
    )
    return TwoWay(x_driver, xs, y_driver, ys, metric, grid, outcome(project(plan)).value(metric))


# --- in words ---------------------------------------------------------------------------------


def driver_value(driver: str, value: float) -> str:
    """A driver's value as a founder reads it: a multiplier as its change in percent ("-20%",
    "+15%", "as planned"); the start delay in months ("+3 months", "-1 month", "0 months").

    >>> driver_value("volume", 0.8), driver_value("wages", 1.1), driver_value("price", 1.0)
    ('-20%', '+10%', 'as planned')
    >>> driver_value("start_delay_months", 3), driver_value("start_delay_months", -1)
    ('+3 months', '-1 month')
    >>> driver_value("start_delay_months", 0)
    '0 months'
    """
    if driver == "start_delay_months":
        months = round(value)
        sign = f"{months:+d}" if months else "0"
        return f"{sign} month{'s' if abs(months) != 1 else ''}"
    change = round(value - NEUTRAL[driver], 10)  # 0.9875 - 1 is -0.01249999...: -1.25%, shown -1.3%
    text = percent(abs(change), 1, trim=True)
    if text == "0%":
        return "as planned"
    return ("+" if change > 0 else "-") + text


def driver_setting(driver: str, value: float) -> str:
    """The driver's name and value: "Volume -20%", "Start delay +3 months"."""
    return f"{driver_name(driver)} {driver_value(driver, value)}"


def metric_value(metric: str, value: float, currency: str) -> str:
    """A metric's figure in words: money in the plan's currency ("$12,345"), a break-even as
    "month 7" or "not within the plan".

    >>> metric_value("funding_needed", 12345.4, "USD"), metric_value("break_even_month", 7, "USD")
    ('$12,345', 'month 7')
    >>> metric_value("break_even_month", float("nan"), "USD")
    'not within the plan'
    """
    if _metric(metric) == "break_even_month":
        return "not within the plan" if math.isnan(value) else f"month {number(value)}"
    return money(value, currency)


def summary(t: Tornado, metric: str, currency: str) -> str:
    """One sentence on what the tornado says for `metric`: which driver moves it most, and from
    what to what.

    E.g. "Funding needed swings most with Volume: from $120,000 (Volume +15%) to $310,000
    (Volume -20%), against $180,000 as planned."
    """
    label = METRIC_LABELS[_metric(metric)]
    bar = t.widest(metric)
    if bar is None:
        return f"{label} does not move with any driver within its range."
    low, high = bar.at_low.value(metric), bar.at_high.value(metric)
    ends = sorted(
        [(low, bar.low), (high, bar.high)],
        key=lambda e: comparable(e[0], metric, t.horizon_months),
    )
    parts = [
        f"{metric_value(metric, v, currency)} ({driver_setting(bar.driver, d)})" for v, d in ends
    ]
    base = metric_value(metric, t.base.value(metric), currency)
    return (
        f"{label} swings most with {driver_name(bar.driver).lower()}: "
        f"from {parts[0]} to {parts[1]}, against {base} as planned."
    )


TORNADO_HEADERS = ("Driver", "Range (low to high)", "Funding needed at the low", "At the high")
"""The written plan's sensitivity table: one row per tornado bar."""


def tornado_rows(t: Tornado, currency: str) -> list[list[str]]:
    """The tornado as a table, in its order (largest swing in funding needed first): the driver,
    its range ("-20% to +15%") and the funding needed at each end ("$77,833").

    >>> low, high = Outcome(77833.2, 0, 0, 19), Outcome(0, 0, 0, 16)
    >>> bar = TornadoBar("volume", 0.8, 1.15, low, high)
    >>> tornado_rows(Tornado(high, (bar,), 36), "USD")
    [['Volume', '-20% to +15%', '$77,833', '$0']]
    """
    return [
        [
            driver_name(b.driver),
            f"{driver_value(b.driver, b.low)} to {driver_value(b.driver, b.high)}",
            money(b.at_low.funding_needed, currency),
            money(b.at_high.funding_needed, currency),
        ]
        for b in t.bars
    ]


RANGE_HEADERS = ("Driver", "What it changes", "Low", "Most likely", "High")
"""The ranges the sensitivity uses, as a table."""


def range_rows(plan: Plan) -> list[list[str]]:
    """The ranges of `effective_risk(plan)` in words, in driver order: the driver, what it
    changes (`DRIVER_MEANINGS`) and its low, most likely and high ("-20%", "as planned", "+15%")."""
    ranges = effective_risk(plan).drivers
    return [
        [
            driver_name(name),
            DRIVER_MEANINGS[name],
            *(driver_value(name, getattr(r, end)) for end in ("low", "likely", "high")),
        ]
        for name in DRIVER_NAMES
        if (r := ranges.get(name)) is not None  # type: ignore[call-overload]
    ]


def ranges_source(plan: Plan) -> str:
    """Where the ranges come from, in words: the plan's own risk settings or the defaults."""
    if plan.risk is not None:
        return "the plan's own ranges (its risk settings)"
    return "the planner's default ranges (no risk settings in this plan yet)"


def driver_name(driver: str) -> str:
    """A driver's name without its unit: "Start delay", not "Start delay (months)"."""
    return DRIVER_LABELS[driver].replace(" (months)", "")
