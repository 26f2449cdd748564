"""A priced bid into the plan: the prospect as a pipeline client, its service line, its proposal.

- `summarise_bid`: the one-page proposal in plain values the plan file holds (`BidProposal`).
- `add_bid_to_plan`: a new, validated plan with the prospect (status "pipeline", its chance to
  sign) buying the bid's work at the chosen billing model's price (and base fee), on the line
  given or on a new line made from the bid's channel and targets, and the proposal in `bids`.

The prospect's monthly volume is the forecast's mean contacts (items, dials) a month: those of the
typical month the bid is priced on (`bid.costs[0.0]`, the forecast's total over its months).
The new line's weekly pattern is the forecast's mean contacts by weekday and hour (only
proportions count); its opening hours each day run from the first to the last hour with
contacts, or for e-mail and back office the bid's open hours on its open days (work arriving
while closed counts in the open hours).
Pure functions: a plan and a bid in, a new plan (or a proposal) out.
"""

from __future__ import annotations

import math
import re
from typing import Any, get_args

from planner.bid.pricing import agent_role, unit_costs
from planner.bid.types import BILLING_MODELS, VOLUME_CASES, Bid, BillingModel, ChannelTargets
from planner.model.files import plan_from_dict, plan_to_dict
from planner.model.issues import Issue, PlanError, error_words
from planner.model.labels import BID_CHANNEL_LABELS, PRICING_LABELS
from planner.model.plan import BidProposal, Plan, Weekday
from planner.report.format import number, percent
from planner.rounding import round_half_up

WEEKDAY_IDS: tuple[str, ...] = get_args(Weekday)
_DAY_WORDS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_BID_LINE_PREFIX = "bid-"


def _num(value: float) -> str:
    """A target as typed, in the one number format: 4 -> "4", 0.5 -> "0.5"."""
    return number(value, 2, trim=True)


def _problem(label: str, message: str, allowed: str) -> PlanError:
    """An error naming the field in words in its own text (a command line prints `str`)."""
    return PlanError(Issue((), f"{label}: {message}", allowed))


def monthly_contacts(bid: Bid) -> float:
    """The contacts (items, dials) of the typical month the bid is priced on, `bid.costs[0.0]`:
    the forecast's total over its length in months (`planner.bid.desk.bid_units`). The prospect
    the bid adds to a plan buys it rounded to whole contacts at prices rounded to the cent, as a
    founder would type them, so its revenue is the bid's monthly revenue within that rounding."""
    return float(bid.costs[0.0].contacts)


def targets_in_words(targets: ChannelTargets) -> str:
    """The prospect's targets as a founder reads them.

    >>> targets_in_words(ChannelTargets())
    '80% answered within 20 seconds, agents at most 85% busy'
    >>> targets_in_words(ChannelTargets(channel="email", deadline_hours=4))
    'every item done within 4 hours of open time; open 08:00-20:00 Monday to Friday'
    """
    t = targets
    if t.channel in ("email", "back_office"):
        return (
            f"every item done within {_num(t.deadline_hours)} hours of open time; "
            f"open {t.open_hour:02d}:00-{t.close_hour:02d}:00 {_days_in_words(t.open_days)}"
        )
    if t.channel == "outbound":
        return (
            f"{percent(t.contact_rate, trim=True)} of dials reach someone, "
            f"{_num(t.talk_seconds)} s talk and {_num(t.wrap_seconds)} "
            f"s wrap-up each"
        )
    level = percent(t.service_level, trim=True)
    words = f"{level} answered within {_num(t.answer_seconds)} seconds"
    if t.max_occupancy is not None:
        words += f", agents at most {percent(t.max_occupancy, trim=True)} busy"
    if t.channel == "chat" and t.concurrency > 1:
        words += f", up to {t.concurrency} chats at once"
    if t.channel == "voice" and t.patience_seconds is not None:
        words += f", callers wait {_num(t.patience_seconds)} seconds on average before hanging up"
    return words


def _days_in_words(days: tuple[int, ...]) -> str:
    ordered = sorted(set(days))
    if ordered and ordered == list(range(ordered[0], ordered[-1] + 1)) and len(ordered) > 2:
        return f"{_DAY_WORDS[ordered[0]]} to {_DAY_WORDS[ordered[-1]]}"
    return ", ".join(_DAY_WORDS[d] for d in ordered) or "no day"


def _first_month_shifts(bid: Bid) -> list[dict[str, Any]]:
    """The roster's first month as shifts: start, paid length, agents Monday..Sunday."""
    shifts = bid.roster.shifts
    if shifts.empty:
        return []
    first = shifts[shifts["month"].astype(str) == str(shifts["month"].astype(str).min())]
    rows = []
    for _, group in first.groupby(["start", "length_hours"], sort=True):
        agents = [0] * 7
        for weekday, count in zip(group["weekday"], group["agents"], strict=True):
            agents[int(weekday)] += int(count)
        start, length = str(group["start"].iloc[0]), float(group["length_hours"].iloc[0])
        rows.append({"start": start, "length_hours": length, "agents": agents})
    return rows[:200]


def _finite(value: float | None) -> float | None:
    return None if value is None or not math.isfinite(value) else float(value)


def new_line_id(client_name: str) -> str:
    """The id of the service line a bid adds for a client: "bid-" and the name in lower case,
    letters and digits joined by "-" (at most 60 characters).

    >>> new_line_id("Harbour Health (prospect)")
    'bid-harbour-health-prospect'
    """
    words = re.sub(r"[^a-z0-9]+", "-", client_name.casefold()).strip("-") or "client"
    return (_BID_LINE_PREFIX + words)[:60].rstrip("-")


def summarise_bid(
    bid: Bid, model: BillingModel, client_name: str, *, service_line: str | None = None
) -> BidProposal:
    """The bid's one-page proposal (`BidProposal`) for `client_name`, added with `model`, on
    `service_line` (default: the line `add_bid_to_plan` would make, `new_line_id`). Required and
    scheduled FTE are the forecast months' means; seats, unit costs and the monthly cost are the
    forecast volume's month (`bid.costs[0.0]`); the shifts are the roster's first month."""
    forecast = bid.forecast
    base = bid.costs[0.0]
    under, _, over = VOLUME_CASES
    history = bid.history
    history_minutes = len(history.intervals) * history.interval_minutes
    prices = [
        {
            "model": p.model,
            "price": p.price,
            "base_fee": p.base_fee,
            "margin_under": _finite(p.margins.get(under)),
            "margin_forecast": _finite(p.margins.get(0.0)),
            "margin_over": _finite(p.margins.get(over)),
        }
        for p in bid.prices
    ]
    data = {
        "client": client_name,
        "service_line": service_line or new_line_id(client_name),
        "channel": bid.targets.channel,
        "targets": targets_in_words(bid.targets),
        "currency": bid.basis.currency,
        "cost_source": bid.basis.source,
        "forecast_method": forecast.method,
        "history_weeks": history_minutes / (7 * 24 * 60),
        "forecast_months": int(forecast.intervals["timestamp"].dt.to_period("M").nunique()),
        "monthly_contacts": monthly_contacts(bid),
        "mape": _finite(forecast.mape),
        "naive_mape": _finite(forecast.naive_mape),
        "required_fte": float(bid.by_month["required_fte"].mean()),
        "scheduled_fte": float(bid.by_month["scheduled_fte"].mean()),
        "scheduling_loss": float(bid.roster.scheduling_loss),
        "seats": float(base.seats),
        "shifts": _first_month_shifts(bid),
        "unit_costs": unit_costs(base),
        "monthly_cost": base.total_cost,
        "margin": bid.margin,
        "prices": prices,
        "chosen_model": model,
    }
    return BidProposal.model_validate(data)


def _weekly_pattern(bid: Bid) -> dict[str, Any]:
    """The forecast's mean contacts by weekday and hour, and each day's opening hours."""
    frame = bid.forecast.intervals
    stamps = frame["timestamp"]
    grid = frame.groupby([stamps.dt.day_of_week, stamps.dt.hour])["contacts"].mean()
    t = bid.targets
    deadline = t.channel in ("email", "back_office")
    weights: dict[str, list[float]] = {}
    hours: dict[str, str] = {}
    for day, name in enumerate(WEEKDAY_IDS):
        row = [max(float(grid.get((day, h), 0.0)), 0.0) for h in range(24)]
        weights[name] = row
        busy = [h for h, w in enumerate(row) if w > 0]
        if deadline:
            is_open = day in t.open_days and t.open_hour < t.close_hour
            hours[name] = f"{t.open_hour:02d}:00-{t.close_hour:02d}:00" if is_open else "closed"
        else:
            hours[name] = f"{busy[0]:02d}:00-{busy[-1] + 1:02d}:00" if busy else "closed"
    return {"opening_hours": hours, "hourly_weights": weights}


def _aht(bid: Bid) -> float:
    """The forecast's handle time per contact, weighted by contacts (seconds)."""
    frame = bid.forecast.intervals
    total = float(frame["contacts"].sum())
    if total > 0:
        return float((frame["contacts"] * frame["aht_seconds"]).sum()) / total
    return float(frame["aht_seconds"].mean())


def _workload(bid: Bid) -> dict[str, Any]:
    """The new line's workload from the bid's channel and targets (module docstring)."""
    t = bid.targets
    common = {"pattern": _weekly_pattern(bid), "interval_minutes": bid.forecast.interval_minutes}
    occupancy = t.max_occupancy
    if t.channel == "outbound":
        return {
            "type": "outbound",
            "contact_rate": t.contact_rate,
            "talk_seconds": t.talk_seconds,
            "wrap_seconds": t.wrap_seconds,
            "no_contact_seconds": t.no_contact_seconds,
            "max_occupancy": occupancy if occupancy is not None else 0.85,
            **common,
        }
    queue: dict[str, Any] = {
        "type": "queue",
        "channel": t.channel,
        "aht_seconds": _aht(bid),
        "service_level": t.service_level,
        "answer_seconds": t.answer_seconds,
        "max_occupancy": occupancy,
        **common,
    }
    if t.channel in ("email", "back_office"):
        queue["answer_seconds"] = t.deadline_hours * 3600.0
    if t.channel == "chat":
        queue |= {"concurrency": t.concurrency, "concurrency_growth": t.concurrency_growth}
    if t.channel == "voice" and t.patience_seconds is not None:
        queue["patience_seconds"] = t.patience_seconds
    return queue


def _same_kind(plan: Plan, line_id: str, bid: Bid) -> None:
    """The line given must exist and do the bid's kind of work (its channel)."""
    try:
        line = plan.service_line(line_id)
    except KeyError:
        known = ", ".join(f"{s.name} (id {s.id})" for s in plan.specialty.service_lines)
        raise _problem(
            "Service line",
            f"'{line_id}' is not one of this plan's service lines",
            f"one of this plan's service lines: {known or 'none yet'}",
        ) from None
    work = line.workload
    kind = "outbound" if work.type == "outbound" else getattr(work, "channel", work.type)
    if work.type not in ("queue", "outbound") or kind != bid.targets.channel:
        wanted = BID_CHANNEL_LABELS[bid.targets.channel].lower()
        raise _problem(
            "Service line",
            f"'{line.name}' is not {wanted} work like the bid "
            f"({BID_CHANNEL_LABELS.get(kind, kind).lower()} work)",
            f"a service line of the bid's channel ({wanted}), or none to add a new line",
        )


def _check_names(plan: Plan, client_name: str, line_id: str | None) -> None:
    taken = {c.name.strip().casefold() for c in plan.business_plan.clients}
    taken |= {b.client.strip().casefold() for b in plan.bids}
    if client_name.casefold() in taken:
        raise _problem(
            "Client name",
            f"'{client_name}' is already a client (or a bid) of this plan",
            "a name no client or bid of this plan has",
        )
    if line_id is not None:
        ids = {s.id for s in plan.specialty.service_lines}
        names = {s.name.strip().casefold() for s in plan.specialty.service_lines}
        if line_id in ids or f"{client_name} bid".casefold() in names:
            raise _problem(
                "Client name",
                f"the plan already has a service line for '{client_name}' ({line_id})",
                "a client name whose service line (bid-...) the plan does not have yet",
            )


def _checked(plan: Plan, bid: Bid, model: str, client_name: str, start_month: int) -> str:
    """The client's name, stripped, after the checks that need no plan rebuilt."""
    name = client_name.strip()
    if not name:
        raise _problem("Client name", "is empty", "the prospect's name")
    if model not in BILLING_MODELS:
        words = ", ".join(f"{m} ({PRICING_LABELS[m]})" for m in BILLING_MODELS)
        raise _problem("Billing model", f"'{model}' is not a billing model", f"one of {words}")
    if model not in {p.model for p in bid.prices}:
        raise _problem("Billing model", f"the bid has no price for '{model}'", "a priced model")
    if bid.basis.currency != plan.settings.currency:
        raise _problem(
            "Plan",
            f"the bid is costed in {bid.basis.currency} but this plan reports in "
            f"{plan.settings.currency}",
            "a bid costed from this plan",
        )
    if not 1 <= start_month <= plan.months:
        raise _problem(
            "Start month",
            f"must be from 1 to the horizon ({plan.months}), got {start_month}",
            f"a month of the plan from 1 to {plan.months}",
        )
    return name


def add_bid_to_plan(
    plan: Plan,
    bid: Bid,
    model: BillingModel,
    *,
    client_name: str,
    probability: float = 0.5,
    start_month: int = 1,
    ramp_months: int = 0,
    service_line: str | None = None,
) -> Plan:
    """A new plan with the bid added (module docstring); PlanError (a ValueError) naming the field
    in the founder's words when a name is taken, a line does other work, the model was not
    priced, or a value is out of range. The new line (none given) is served by the plan's main
    agent role (`planner.bid.pricing.agent_role`), which the bid was costed at."""
    name = _checked(plan, bid, model, client_name, start_month)
    if service_line is not None:
        _same_kind(plan, service_line, bid)
    line_id = service_line or new_line_id(name)
    _check_names(plan, name, None if service_line else line_id)
    price = next(p for p in bid.prices if p.model == model)
    data = plan_to_dict(plan)
    if service_line is None:
        family = "back_office" if bid.targets.channel == "back_office" else "front_office"
        channel = BID_CHANNEL_LABELS[bid.targets.channel]
        data["specialty"]["service_lines"].append(
            {
                "id": line_id,
                "name": f"{name} bid",
                "family": family,
                "description": f"{channel} for {name}, from the bid: "
                f"{targets_in_words(bid.targets)}",
                "workload": _workload(bid),
            }
        )
        role = agent_role(plan).name
        for entry in data["staffing"]["roles"]:
            if entry["name"] == role and entry["service_lines"]:
                entry["service_lines"].append(line_id)
    service = {
        "service_line": line_id,
        # as a founder would type them: whole contacts, prices to the cent
        "monthly_volume": round_half_up(monthly_contacts(bid)),
        "ramp_months": ramp_months,
        "pricing_model": model,
        "price": round_half_up(price.price, 2),
        "base_fee": round_half_up(price.base_fee, 2),
    }
    data["business_plan"]["clients"].append(
        {
            "name": name,
            "status": "pipeline",
            "probability": probability,
            "start_month": start_month,
            "services": [service],
        }
    )
    proposal = summarise_bid(bid, model, name, service_line=line_id)
    data["bids"].append(proposal.model_dump(mode="json"))
    try:
        return plan_from_dict(data, source=f"The plan with the bid for {name}")
    except PlanError as exc:  # e.g. a 21st bid: said in words, not as a path
        raise PlanError(error_words(exc)) from None
