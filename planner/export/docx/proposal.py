"""The written plan's "Proposal for <client>" pages: one per bid the plan keeps (`Plan.bids`).

The wording is in the skeleton (`templates/document/business_plan.yaml`, the section with
`needs: bids`); this module turns one `BidProposal` into the figures its sentences use (already
formatted, `proposal_context`) and its three tables: the first month's shifts, the cost to serve
per unit, and the eight prices with their margins at 20 % under, as forecast and 20 % over (the
chosen model marked in words). Figures go through `planner.report.format`, model ids through
`planner.model.labels`: the document never shows an id.
"""

from __future__ import annotations

from typing import Any

from planner.data.profiles import DAY_SHORT
from planner.model.labels import BID_CHANNEL_LABELS, BID_PRICING_LABELS, BILLING_UNIT_LABELS
from planner.model.plan import COST_UNITS, BidProposal
from planner.report import format as fmt

TableRows = tuple[list[str], list[tuple[Any, ...]], list[float]]


def _pct(rate: float | None) -> str:
    """A rate to one decimal at most ("6.2%"), "" when there is none."""
    return "" if rate is None else fmt.percent(rate, 1, trim=True)


def protecting_model(bid: BidProposal) -> str:
    """The billing models whose margin holds best when volume comes in 20 % under the forecast,
    in words with their verb ("fixed monthly retainer protects", "per seat per month and fixed
    monthly retainer protect": models tied to 1e-9 are named together); "" when no price has
    that margin."""
    priced = [p for p in bid.prices if p.margin_under is not None]
    if not priced:
        return ""
    best = max(p.margin_under or 0.0 for p in priced)
    names = [BID_PRICING_LABELS[p.model] for p in priced if (p.margin_under or 0.0) >= best - 1e-9]
    if len(names) == 1:
        return f"{names[0]} protects"
    return f"{', '.join(names[:-1])} and {names[-1]} protect"


def proposal_context(bid: BidProposal) -> dict[str, Any]:
    """The figures the proposal's sentences use, formatted in the bid's currency."""
    chosen = next((p for p in bid.prices if p.model == bid.chosen_model), None)
    chosen_words = BID_PRICING_LABELS[bid.chosen_model]
    if chosen is not None:
        price = fmt.money(chosen.price, bid.currency, cents=True)
        base = (
            f"{fmt.money(chosen.base_fee, bid.currency)} a month plus " if chosen.base_fee else ""
        )
        chosen_words += f" at {base}{price} {BILLING_UNIT_LABELS[chosen.model]}"
    return {
        "client": bid.client,
        "channel": BID_CHANNEL_LABELS[bid.channel].lower(),
        "targets": bid.targets,
        "cost_source": bid.cost_source,
        "method": bid.forecast_method,
        "history_weeks": fmt.number(bid.history_weeks, 1, trim=True),
        "forecast_months": bid.forecast_months,
        "monthly_contacts": fmt.number(bid.monthly_contacts),
        "mape": _pct(bid.mape),
        "naive_mape": _pct(bid.naive_mape),
        "required_fte": fmt.number(bid.required_fte, 1),
        "scheduled_fte": fmt.number(bid.scheduled_fte, 1),
        "scheduling_loss": _pct(bid.scheduling_loss),
        "seats": fmt.number(bid.seats),
        "monthly_cost": fmt.money(bid.monthly_cost, bid.currency),
        "margin": _pct(bid.margin),
        "chosen": chosen_words,
        "protects": protecting_model(bid),
    }


def shift_rows(bid: BidProposal) -> TableRows:
    """The first forecast month's shifts: start, paid hours and the agents starting on each
    weekday."""
    rows = [
        (
            shift.start,
            fmt.number(shift.length_hours, 1, trim=True),
            *(fmt.number(a) for a in shift.agents),
        )
        for shift in bid.shifts
    ]
    headers = ["Shift start", "Paid hours", *DAY_SHORT]
    return headers, rows, [2.6, 2.0, *([1.4] * 7)]


def cost_rows(bid: BidProposal) -> TableRows:
    """The cost to serve per unit on the forecast volume, and the month's."""
    rows: list[tuple[Any, ...]] = [
        (f"Cost {BILLING_UNIT_LABELS[unit]}", fmt.amount(getattr(bid.unit_costs, unit),
                                                         bid.currency, cents=True))
        for unit in COST_UNITS
    ]  # fmt: skip
    rows.append(("Cost to serve per month", fmt.amount(bid.monthly_cost, bid.currency)))
    return ["Cost to serve", f"{bid.currency}"], rows, [8.0, 4.0]


def price_rows(bid: BidProposal) -> TableRows:
    """The eight prices: model, price and unit, base fee, the margins at 20 % under, as
    forecast and 20 % over, and "chosen" on the model the proposal offers."""
    rows = []
    for p in bid.prices:
        rows.append(
            (
                BID_PRICING_LABELS[p.model],
                f"{fmt.amount(p.price, bid.currency, cents=True)} {BILLING_UNIT_LABELS[p.model]}",
                fmt.amount(p.base_fee, bid.currency) if p.base_fee else "",
                _pct(p.margin_under) or "no revenue",
                _pct(p.margin_forecast) or "no revenue",
                _pct(p.margin_over) or "no revenue",
                "chosen" if p.model == bid.chosen_model else "",
            )
        )
    headers = [
        "Billing model",
        f"Price ({bid.currency})",
        "Base fee a month",
        "Margin, 20% under",
        "Margin as forecast",
        "Margin, 20% over",
        "Offered",
    ]
    return headers, rows, [3.6, 4.2, 2.2, 2.0, 2.0, 2.0, 1.6]
