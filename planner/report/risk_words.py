"""The risk runs in a founder's words and units: the headline, the percentile table, and the
`risk:` section as the Risk page edits it (percent changes and months).

The statistics themselves are `planner.report.risk` (one owner); this module only words them and
converts the settings between the plan's multipliers and the percentages a founder types
(volume 0.8 <-> -20 %, i.e. percent change = (multiplier - 1) x 100; the start delay stays in whole
months).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from planner.engine.projection import Projection
from planner.model.drivers import DRIVER_NAMES, effective_risk
from planner.model.issues import Issue
from planner.model.labels import DEFAULT_RISK_REASONS, DRIVER_LABELS, DRIVER_MEANINGS
from planner.model.plan import DELAY_RANGE, MULTIPLIER_RANGE, Plan
from planner.report import format as fmt
from planner.report.funding import sources_and_uses

if TYPE_CHECKING:
    from planner.report.risk import RiskResult

DELAY = "start_delay_months"
METRIC_LABELS: dict[str, str] = {
    "funding_needed": "Funding needed beyond the plan's financing",
    "ending_cash": "Cash at the end of the plan",
    "lowest_cash": "Lowest cash",
}
"""The per-run figures the risk runs report, in words (`RiskResult.stats`)."""
STAT_HEADERS: tuple[tuple[str, str], ...] = (
    ("p5", "P5"),
    ("p50", "P50 (median)"),
    ("p90", "P90"),
    ("p95", "P95"),
    ("mean", "Mean"),
)
"""The percentile table's columns: key of `RiskResult.stats` and header."""
STAT_NOTE = (
    "P90: 9 runs out of 10 come out at or below this figure (P5, P50, P95 likewise for 1 in 20, "
    "half and 19 in 20); numpy's linear percentiles over the runs."
)
"""What the percentile columns mean, under the table."""


def planned_funding(p: Projection) -> float:
    """The funding the plan already raises: the external sources of `sources_and_uses` (opening
    cash, equity, loans, credit line drawn) less the extra funding it requests (funding needed +
    contingency). Money in the plan's currency."""
    fund = sources_and_uses(p)
    return fund.external - fund.requested


def headline(result: RiskResult, planned: float) -> str:
    """The risk runs in one sentence: funding needed at P90 beside the funding the plan raises,
    and the share of runs whose cash falls below zero.

    "In 9 runs out of 10 you need at most $120,000 of funding beyond the $500,000 your plan
    raises; cash falls below zero in 23% of runs (2,000 runs)."
    """
    cur = result.currency
    p90 = result.stats("funding_needed")["p90"]
    raises = fmt.money(planned, cur)
    below = f"cash falls below zero in {fmt.percent(result.prob_cash_below_zero, 1, trim=True)}"
    runs = f"{fmt.number(result.runs)} runs"
    if p90 < 0.5:
        return (
            f"In 9 runs out of 10 the {raises} your plan raises is enough to keep your minimum "
            f"cash every month; {below} of runs ({runs})."
        )
    return (
        f"In 9 runs out of 10 you need at most {fmt.money(p90, cur)} of funding beyond the "
        f"{raises} your plan raises; {below} of runs ({runs})."
    )


def stat_rows(result: RiskResult) -> list[tuple[str, ...]]:
    """The percentile table: one row per figure (`METRIC_LABELS`), its P5, P50, P90, P95 and mean
    in the plan's currency, formatted."""
    cur = result.currency
    rows = []
    for metric, label in METRIC_LABELS.items():
        stats = result.stats(metric)  # type: ignore[arg-type]
        rows.append((label, *(fmt.money(stats[key], cur) for key, _ in STAT_HEADERS)))
    return rows


# --- the risk: section in a founder's units ----------------------------------------------------


@dataclass(frozen=True)
class DriverEntry:
    """One driver as the page shows it: low, likely and high in percent change (start delay: in
    months); None = left out of the runs (the driver stays as planned)."""

    driver: str
    label: str
    unit: str
    """"%" or "months"."""
    low: float | None
    likely: float | None
    high: float | None
    meaning: str
    reason: str
    """Why the documented default range (empty when the plan sets its own)."""


def to_entry(driver: str, value: float) -> float:
    """A multiplier as percent change, a delay as months: to_entry("volume", 0.8) = -20.

    >>> to_entry("volume", 0.8), to_entry("wages", 1.1), to_entry("start_delay_months", 3)
    (-20.0, 10.0, 3.0)
    """
    if driver == DELAY:
        return float(value)
    return round((value - 1.0) * 100.0, 9)  # (0.8 - 1) x 100 = -19.999999999999996 -> -20


def from_entry(driver: str, entry: float) -> float:
    """Percent change as a multiplier (1 + entry / 100), a delay as whole months.

    >>> from_entry("volume", -20), from_entry("handle_time", 20), from_entry(DELAY, 2)
    (0.8, 1.2, 2.0)
    """
    if driver == DELAY:
        return float(entry)
    return round(1.0 + entry / 100.0, 12)


def driver_entries(plan: Plan) -> list[DriverEntry]:
    """Every driver, `DRIVER_NAMES` order, as the page edits it: the plan's ranges (or the
    documented defaults, with their reasons, when the plan has no `risk:` section)."""
    risk = effective_risk(plan)
    defaults = plan.risk is None
    out = []
    for name in DRIVER_NAMES:
        r = risk.drivers.get(name)  # type: ignore[call-overload]
        values = (None, None, None) if r is None else (r.low, r.likely, r.high)
        low, likely, high = (None if v is None else to_entry(name, v) for v in values)
        out.append(
            DriverEntry(
                driver=name,
                label=DRIVER_LABELS[name],
                unit="months" if name == DELAY else "%",
                low=low,
                likely=likely,
                high=high,
                meaning=DRIVER_MEANINGS[name],
                reason=DEFAULT_RISK_REASONS[name] if defaults else "",
            )
        )
    return out


def _allowed(driver: str) -> tuple[str, float, float]:
    if driver == DELAY:
        months = DELAY_RANGE
        return f"a whole number of months from {months[0]} to {months[1]}", *months
    lo, hi = (to_entry(driver, x) for x in MULTIPLIER_RANGE)
    return f"a change from {fmt.number(lo)} % to +{fmt.number(hi)} % (0 = as planned)", lo, hi


def risk_section(
    runs: int,
    seed: int,
    distribution: str,
    entries: Mapping[str, Sequence[float | None]],
) -> tuple[dict[str, object], list[Issue]]:
    """The `risk:` section from what the page holds: `entries` maps a driver to (low, likely,
    high) in percent change (start delay: months). A driver with all three blank is left out;
    one partly blank, out of range or out of order is an issue in words (path risk.drivers.<name>,
    labelled with the driver's name). Returns (section as plain data, issues)."""
    drivers: dict[str, dict[str, float]] = {}
    issues: list[Issue] = []
    for name, values in entries.items():
        label = DRIVER_LABELS[name]
        allowed, lo, hi = _allowed(name)
        if all(v is None for v in values):
            continue
        path = ("risk", "drivers", name)
        if any(v is None for v in values):
            issues.append(Issue(path, "needs low, likely and high (or all three blank to "
                                "leave it as planned)", allowed, label=label))  # fmt: skip
            continue
        low, likely, high = (float(v) for v in values)  # type: ignore[arg-type]
        wrong = [v for v in (low, likely, high) if not lo <= v <= hi]
        if name == DELAY:
            wrong += [v for v in (low, likely, high) if v != int(v)]
        if wrong:
            issues.append(Issue(path, f"{fmt.number(wrong[0], 2, trim=True)} is outside what "
                                "it allows", allowed, label=label))  # fmt: skip
            continue
        if not low <= likely <= high:
            issues.append(Issue(path, "low, likely and high must be in that order",
                                "low <= likely <= high", label=label))  # fmt: skip
            continue
        drivers[name] = {k: from_entry(name, v) for k, v in zip(
            ("low", "likely", "high"), (low, likely, high), strict=True)}  # fmt: skip
    section = {"runs": runs, "seed": seed, "distribution": distribution, "drivers": drivers}
    return section, issues
