"""What a 10% move in an exchange rate does to the money a plan needs.

For each cost currency other than the reporting one (`Settings.cost_locations`), the engine runs
twice more on a copy of the plan whose rates for that currency (every location paying in it, every
year) are moved by 10%:

- reporting currency 10% weaker: rate x (1 - 0.10) (58 PHP per USD -> 52.2): costs paid in that
  currency cost 1 / 0.9 = 11.1% more in the reporting currency;
- reporting currency 10% stronger: rate x (1 + 0.10) (58 -> 63.8): those costs cost 1 / 1.1 =
  9.1% less.

Each run's funding needed and lowest cash are compared with the plan's own (`FxMove`). Prices,
marketing, loans and equity are in the reporting currency and do not move.
"""

from __future__ import annotations

from dataclasses import dataclass

from planner.engine.pipeline import project
from planner.engine.projection import Projection
from planner.model.plan import CostLocation, Plan

FX_MOVE = 0.10
"""The move tried in each cost currency's rate: 10%."""


@dataclass(frozen=True)
class FxMove:
    """A cost currency's rate moved by `move` and what it does (money in the reporting currency)."""

    currency: str
    move: float
    """+0.10: reporting currency 10% stronger (rate x 1.1); -0.10: 10% weaker (rate x 0.9)."""
    funding_needed: float
    lowest_cash: float
    funding_needed_change: float
    """funding_needed - the plan's own funding needed (positive: more money needed)."""
    lowest_cash_change: float
    """lowest_cash - the plan's own lowest cash (negative: cash dips deeper)."""


def cost_currencies(plan: Plan) -> list[str]:
    """The cost currencies other than the reporting one, in the order of the cost locations."""
    out: list[str] = []
    for place in plan.settings.cost_locations:
        if place.currency != plan.settings.currency and place.currency not in out:
            out.append(place.currency)
    return out


def moved_plan(plan: Plan, currency: str, move: float) -> Plan:
    """`plan` with every rate of the locations paying in `currency` multiplied by (1 + move):
    the year-1 rate and each rate by year (the drift is a growth rate and stays)."""

    def moved(place: CostLocation) -> CostLocation:
        if place.currency != currency:
            return place
        return place.model_copy(
            update={
                "rate": place.rate * (1.0 + move),
                "rates_by_year": [r * (1.0 + move) for r in place.rates_by_year],
            }
        )

    settings = plan.settings.model_copy(
        update={"cost_locations": [moved(p) for p in plan.settings.cost_locations]}
    )
    return plan.model_copy(update={"settings": settings})


def fx_sensitivity(base: Projection) -> tuple[FxMove, ...]:
    """Funding needed and lowest cash with each cost currency's rate 10% lower (reporting
    currency weaker) and 10% higher (stronger), against `base` (the plan's own projection).

    Hand-checked in `tests/engine/test_exchange.py`: a 58,000 PHP wage (1,000 USD at 58) costs
    58,000 / 52.2 = 1,111.11 USD at a 10% weaker dollar.
    """
    plan, kpis = base.plan, base.kpis
    out: list[FxMove] = []
    for currency in cost_currencies(plan):
        for move in (-FX_MOVE, FX_MOVE):
            k = project(moved_plan(plan, currency, move)).kpis
            out.append(
                FxMove(
                    currency=currency,
                    move=move,
                    funding_needed=k.funding_needed,
                    lowest_cash=k.lowest_cash,
                    funding_needed_change=k.funding_needed - kpis.funding_needed,
                    lowest_cash_change=k.lowest_cash - kpis.lowest_cash,
                )
            )
    return tuple(out)
