"""The exchange-rate table shown beside the plan (dashboard, document): what a 10% move in each cost
currency does to funding needed and lowest cash (`planner.engine.sensitivity`), in words."""

from __future__ import annotations

from collections.abc import Sequence

from planner.engine.sensitivity import FxMove
from planner.model.plan import Plan
from planner.report.format import amount, number, percent

FX_HEADERS = ("If exchange rates move", "Funding needed", "Lowest cash")


def _signed(value: float, currency: str) -> str:
    """A change of money with its sign: "+43,327", "-81,626", "no change"."""
    text = amount(abs(value), currency)
    if text in ("0", "-0") or abs(value) < 0.5:
        return "no change"
    return ("+" if value > 0 else "-") + text


def fx_rows(plan: Plan, moves: Sequence[FxMove]) -> list[list[str]]:
    """One row per currency and direction: what happens, then funding needed and lowest cash with
    their change against the plan ("43,327 (+43,327)").

    The first cell names the move and the year-1 rate it gives, e.g. "A 10% weaker USD against PHP
    (58.5 -> 52.65 PHP per USD in year 1)"."""
    settings = plan.settings
    cur = settings.currency
    rows: list[list[str]] = []
    for m in moves:
        rate = next(p.rate_in_year(1) for p in settings.cost_locations if p.currency == m.currency)
        moved = rate * (1.0 + m.move)
        way = "stronger" if m.move > 0 else "weaker"
        rows.append(
            [
                f"A {percent(abs(m.move))} {way} {cur} against {m.currency} "
                f"({number(rate, 2, trim=True)} -> {number(moved, 2, trim=True)} {m.currency} "
                f"per {cur} in year 1)",
                f"{amount(m.funding_needed, cur)} ({_signed(m.funding_needed_change, cur)})",
                f"{amount(m.lowest_cash, cur)} ({_signed(m.lowest_cash_change, cur)})",
            ]
        )
    return rows


FX_NOTE = (
    "Each row runs the whole plan again with that currency's rates moved by 10% (every year): a "
    "weaker {cur} makes costs paid in that currency dearer in {cur}. Prices, marketing and "
    "financing are in {cur} and do not move."
)
