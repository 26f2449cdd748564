"""The Proposal sheets: one printable page per bid the plan keeps (`Plan.bids`).

Each sheet is the one-page answer to a prospect's request for proposal, from the plain values the
plan file holds (`planner.model.plan.BidProposal`, made by `planner.bid.to_plan.summarise_bid`):
the service and its targets, the forecast volume and its error on the held-back weeks, the
staffing and the first month's shifts, the cost to serve per unit, and the eight prices with the
margin each earns when volume comes in 20 % under the forecast, as forecast and 20 % over. The
chosen billing model's row is bold on a shaded fill and marked "Chosen" in words. Values, not
formulas: the bid is computed by the bid desk, not by the workbook. Printed landscape on one page.

Sheet names: "Proposal" for a plan with one bid; "Proposal 1", "Proposal 2", ... with more (the
client's name is on the sheet, not in its name, which Excel limits to 31 characters).
"""

from __future__ import annotations

from typing import Any

from planner.data.profiles import DAY_SHORT
from planner.export.xlsx.layout import Writer, _Sheet
from planner.model.labels import (
    BID_CHANNEL_LABELS,
    BID_PRICING_LABELS,
    BILLING_UNIT_LABELS,
)
from planner.model.plan import COST_UNITS, BidProposal
from planner.report import format as fmt

PRICE_HEADERS = (
    "Billing model",
    "Price",
    "Per",
    "Base fee per month",
    "Margin at 20 % under",
    "Margin as forecast",
    "Margin at 20 % over",
    "Chosen",
)


def sheet_names(count: int) -> list[str]:
    """The Proposal sheets' names for `count` bids.

    >>> sheet_names(1), sheet_names(3)
    (['Proposal'], ['Proposal 1', 'Proposal 2', 'Proposal 3'])
    """
    if count == 1:
        return ["Proposal"]
    return [f"Proposal {i}" for i in range(1, count + 1)]


def proposal_sheets(w: Writer) -> list[str]:
    """Write one Proposal sheet per bid of the plan (none without bids); their names."""
    names = sheet_names(len(w.plan.bids))
    for name, bid in zip(names, w.plan.bids, strict=True):
        ws = w.wb.add_worksheet(name, worksheet_class=_Sheet)
        w.sheets[name] = ws
        _proposal(w, ws, bid)
    return names


def _proposal(w: Writer, ws: Any, bid: BidProposal) -> None:
    currency = bid.currency
    w.line(ws, 0, f"Proposal for {bid.client}", title=True)
    w.line(
        ws,
        1,
        f"{w.plan.settings.name}  |  money in {currency} per month unless per a unit  |  "
        f"values from the bid desk (python -m planner bid, or the Bid page)",
        title=False,
    )
    ws.set_row(0, 20)
    ws.set_column(0, 0, 34)
    ws.set_column(1, 7, 13)
    row = _service(w, ws, bid, 3)
    row = _forecast(w, ws, bid, row + 1)
    row = _staffing(w, ws, bid, row + 1)
    row = _costs(w, ws, bid, row + 1)
    _prices(w, ws, bid, row + 1)
    w.print_setup(ws, landscape=True)
    ws.fit_to_pages(1, 1)  # one page: the proposal is read as a page


def _section(w: Writer, ws: Any, row: int, title: str, headers: tuple[str, ...] = ()) -> int:
    ws.write_string(row, 0, title, w.f_section)
    for c, header in enumerate(headers):
        ws.write_string(row + 1, c, header, w.f_header)
    return row + 1 + bool(headers)


def _pairs(w: Writer, ws: Any, row: int, pairs: list[tuple[str, Any, str]]) -> int:
    """Label in A, value in B: text, or a number in the `NUMBER_FORMATS` kind given."""
    for label, value, kind in pairs:
        w.write_text(ws, row, 0, label)
        if kind == "text":
            w.write_text(ws, row, 1, value)
        else:
            w.write_number(ws, row, 1, value, w.fmt.get(kind))
        row += 1
    return row


def _line_name(w: Writer, line_id: str) -> str:
    """The service line's name as the founder typed it (its id only if the plan has no such
    line, which the plan's own validation refuses)."""
    names = {line.id: line.name for line in w.plan.specialty.service_lines}
    return names.get(line_id, line_id)


def _service(w: Writer, ws: Any, bid: BidProposal, row: int) -> int:
    row = _section(w, ws, row, "The service")
    return _pairs(
        w,
        ws,
        row,
        [
            ("Client (prospect)", bid.client, "text"),
            ("Channel", BID_CHANNEL_LABELS[bid.channel], "text"),
            ("Service line in the plan", _line_name(w, bid.service_line), "text"),
            ("Service targets", bid.targets, "text"),
            ("Costs from", bid.cost_source, "text"),
        ],
    )


def _forecast(w: Writer, ws: Any, bid: BidProposal, row: int) -> int:
    row = _section(w, ws, row, "Forecast volume")
    pairs: list[tuple[str, Any, str]] = [
        ("History (weeks)", bid.history_weeks, "dec"),
        ("Forecast (months)", bid.forecast_months, "int"),
        ("Contacts per month (forecast mean)", bid.monthly_contacts, "int"),
        ("Forecast error on held-back weeks (MAPE)", bid.mape, "pct"),
        ("Seasonal-naive forecast error (MAPE)", bid.naive_mape, "pct"),
        ("Forecast method", bid.forecast_method, "text"),
    ]
    return _pairs(w, ws, row, pairs)


def _staffing(w: Writer, ws: Any, bid: BidProposal, row: int) -> int:
    row = _section(w, ws, row, "Staffing and shifts")
    row = _pairs(
        w,
        ws,
        row,
        [
            ("Required FTE", bid.required_fte, "dec"),
            ("Scheduled FTE (the shifts' paid hours)", bid.scheduled_fte, "dec"),
            ("Scheduling loss (scheduled / required hours - 1)", bid.scheduling_loss, "pct"),
            ("Seats", bid.seats, "int"),
        ],
    )
    if not bid.shifts:
        return row
    headers = ("Shift start (first month)", "Paid hours", *DAY_SHORT)
    row = _section(w, ws, row + 1, "Agents starting each shift, by weekday", headers)
    for shift in bid.shifts:
        w.write_text(ws, row, 0, shift.start)
        w.write_number(ws, row, 1, shift.length_hours, w.fmt.get("dec"))
        for c, agents in enumerate(shift.agents, start=2):
            w.write_number(ws, row, c, agents, w.fmt.get("int"))
        row += 1
    return row


def _costs(w: Writer, ws: Any, bid: BidProposal, row: int) -> int:
    row = _section(w, ws, row, f"Cost to serve on the forecast volume ({bid.currency})")
    pairs: list[tuple[str, Any, str]] = [
        (f"Cost {BILLING_UNIT_LABELS[unit]}", getattr(bid.unit_costs, unit), "price")
        for unit in COST_UNITS
    ]
    row = _pairs(w, ws, row, pairs)
    w.write_text(ws, row, 0, "Cost to serve per month", bold=True)
    w.write_number(ws, row, 1, bid.monthly_cost, w.fmt.get("money", bold=True))
    return row + 1


def _prices(w: Writer, ws: Any, bid: BidProposal, row: int) -> int:
    title = f"Prices for a {fmt.percent(bid.margin, 1, trim=True)} margin ({bid.currency})"
    row = _section(w, ws, row, title, PRICE_HEADERS)
    for price in bid.prices:
        chosen = price.model == bid.chosen_model
        w.write_text(ws, row, 0, BID_PRICING_LABELS[price.model], bold=chosen)
        w.write_number(ws, row, 1, price.price, w.fmt.get("price", bold=chosen))
        w.write_text(ws, row, 2, BILLING_UNIT_LABELS[price.model], bold=chosen)
        w.write_number(ws, row, 3, price.base_fee, w.fmt.get("money", bold=chosen))
        margins = (price.margin_under, price.margin_forecast, price.margin_over)
        for c, margin in enumerate(margins, start=4):
            w.write_number(ws, row, c, margin, w.fmt.get("pct", bold=chosen))
        w.write_text(ws, row, 7, "Chosen" if chosen else "", bold=chosen)
        row += 1
    ws.write_string(
        row,
        0,
        "Margin = (revenue - cost to serve) / revenue; a blank margin: no revenue at that volume.",
        w.f_note,
    )
    return row + 1
