"""`python -m planner bid --history FILE.csv --channel CHANNEL --margin M [targets] [--plan PLAN]
[--months N] [--json] [--intervals-out FILE.csv] [--add-to-plan OUT.yaml --model MODEL --client
NAME [--probability P] [--start-month M]]`: a prospect's contact history -> a priced, staffed bid
(`planner.bid.desk.make_bid`).

Prints the forecast (months, method, MAPE on the held-back weeks against seasonal-naive's),
staffing per month, the chosen shifts, the scheduling loss, the cost to serve (six units) and the
eight prices with their margins at -20 %, 0 and +20 % volume; --json prints the same as one
object (`bid_json`). Costs come from PLAN (a plan file or a starter's id), or without one from
the starter `planner.bid.desk.starter_for` names; shrinkage defaults to that plan's.

--intervals-out FILE.csv writes the forecast intervals in `staffing --intervals` form, so
`python -m planner staffing --intervals FILE.csv --channel CHANNEL` with the same channel options
gives the same agents (the command with every target as a flag is printed, and in --json is
`staffing_command`). --add-to-plan OUT.yaml writes the plan with the bid added as a prospect
(`planner.bid.to_plan.add_bid_to_plan`) under the chosen --model.

Bad input (a missing or unreadable history, a target out of range, a margin outside 0 to 1, an
unknown model) is one line on stderr and exit code 2.
"""

from __future__ import annotations

import argparse
import json
import math
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planner.bid.types import BID_CHANNELS, BILLING_MODELS, ChannelTargets
from planner.cli.errors import UsageError
from planner.report import format as fmt

if TYPE_CHECKING:
    from planner.bid.types import Bid, BillingModel
    from planner.model.plan import Plan

MAX_MONTHS = 24
"""The longest forecast the command asks for."""
TARGET_FLAGS = (
    "service_level",
    "answer_seconds",
    "max_occupancy",
    "patience_seconds",
    "concurrency",
    "concurrency_growth",
    "deadline_hours",
    "contact_rate",
    "talk_seconds",
    "wrap_seconds",
    "no_contact_seconds",
    "shrinkage",
)
"""The `ChannelTargets` fields given as --flags of the same name (besides the opening hours and
days); a flag left out keeps the field's default (shrinkage: the plan's)."""


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "bid",
        help="forecast, staff, schedule and price a prospect's contact history (the bid desk)",
        description=(
            "From a prospect's contact history (a CSV of intervals, or daily or monthly totals) "
            "and its service targets: the next months forecast by interval, the agents each "
            "interval needs, the shifts that cover them at least cost, the cost to serve from "
            "the plan's assumptions and the price under eight billing models for a target "
            "margin, with the margin if volume comes in 20 % under or over."
        ),
    )
    parser.add_argument("--history", metavar="FILE.csv", required=True, help="the history file")
    parser.add_argument("--channel", required=True, choices=BID_CHANNELS, help="how work arrives")
    parser.add_argument("--margin", type=float, required=True, help="target margin, e.g. 0.25")
    parser.add_argument(
        "--plan", metavar="PLAN", help="plan file or starter id the costs come from"
    )
    parser.add_argument("--months", type=int, default=12, help="months to forecast (default 12)")
    _target_arguments(parser)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--intervals-out", metavar="FILE.csv", help="write the forecast intervals for `staffing`"
    )
    parser.add_argument(
        "--add-to-plan", metavar="OUT.yaml", help="write the plan with the bid as a prospect"
    )
    parser.add_argument(
        "--model", help=f"billing model for --add-to-plan: {', '.join(BILLING_MODELS)}"
    )
    parser.add_argument("--client", metavar="NAME", help="the prospect's name for --add-to-plan")
    parser.add_argument(
        "--probability", type=float, default=0.5, help="chance the prospect signs (default 0.5)"
    )
    parser.add_argument(
        "--start-month", type=int, default=1, help="plan month the work starts (default 1)"
    )
    parser.set_defaults(handler=run_bid)


def _target_arguments(parser: argparse.ArgumentParser) -> None:
    helps = {
        "service_level": "share answered within --answer-seconds (voice, chat), e.g. 0.8",
        "answer_seconds": "answer-time target in seconds (voice, chat), e.g. 20",
        "max_occupancy": "occupancy cap, e.g. 0.85",
        "patience_seconds": "mean caller patience (voice: Erlang A)",
        "concurrency": "chats an agent handles at once (chat), e.g. 2",
        "concurrency_growth": "handle time added per extra chat at once (chat), e.g. 0.15",
        "deadline_hours": "hours of open time to finish each item (email, back office)",
        "contact_rate": "share of dials that reach someone (outbound), e.g. 0.3",
        "talk_seconds": "talk time of a dial that reaches someone (outbound)",
        "wrap_seconds": "wrap-up time after a contact (outbound)",
        "no_contact_seconds": "agent time of a dial that reaches no one (outbound)",
        "shrinkage": "share of paid time off the work (default: the plan's)",
    }
    for name in TARGET_FLAGS:
        kind = int if name == "concurrency" else float
        parser.add_argument(_flag(name), type=kind, help=helps[name])
    parser.add_argument("--open-hours", metavar="HH-HH", help="opening hours, e.g. 08-20")
    parser.add_argument("--open-days", metavar="DAYS", help="open days, e.g. mon-fri or mon,wed")


def _flag(name: str) -> str:
    return "--" + name.replace("_", "-")


def parse_open_hours(text: str) -> tuple[int, int]:
    """ "08-20" -> (8, 20): whole hours, 0 <= open < close <= 24; UsageError otherwise.

    >>> parse_open_hours("08-20"), parse_open_hours("0-24")
    ((8, 20), (0, 24))
    >>> parse_open_hours("20-08")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    planner.cli.errors.UsageError: --open-hours must be two hours from 0 to 24, opening first ...
    """
    head, sep, tail = text.strip().partition("-")
    allowed = "two hours from 0 to 24, opening first (e.g. 08-20)"
    if not (sep and head.strip().isdigit() and tail.strip().isdigit()):
        raise UsageError(f"--open-hours must be {allowed}, got {text!r}")
    opening, closing = int(head), int(tail)
    if not 0 <= opening < closing <= 24:
        raise UsageError(f"--open-hours must be {allowed}, got {text!r}")
    return opening, closing


def targets_from(args: argparse.Namespace, shrinkage: float) -> ChannelTargets:
    """The `ChannelTargets` the flags ask for (defaults for the rest; shrinkage: `shrinkage`,
    the plan's, unless --shrinkage is given), checked by `check_targets` (UsageError naming the
    field and what is allowed)."""
    from dataclasses import replace

    from planner.cli.staffing import parse_days
    from planner.queueing.channels import check_targets

    given = {name: getattr(args, name) for name in TARGET_FLAGS if getattr(args, name) is not None}
    given.setdefault("shrinkage", shrinkage)
    if args.open_hours is not None:
        given["open_hour"], given["close_hour"] = parse_open_hours(args.open_hours)
    if args.open_days is not None:
        given["open_days"] = parse_days(args.open_days)  # the staffing command's own reading
    for name, value in given.items():
        if isinstance(value, float) and not math.isfinite(value):
            raise UsageError(f"{_flag(name)} must be a number, got {value}")
    targets = replace(ChannelTargets(channel=args.channel), **given)
    try:
        check_targets(targets)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    return targets


def _check_arguments(args: argparse.Namespace) -> None:
    """The cheap checks, before any file is read: margin, months, the --add-to-plan options and
    the folders files are written to."""
    from planner.bid.pricing import check_margin

    try:
        check_margin(args.margin)
    except ValueError as exc:
        raise UsageError(f"--margin: {exc}") from None
    if not 1 <= args.months <= MAX_MONTHS:
        raise UsageError(
            f"--months must be a whole number from 1 to {MAX_MONTHS}, got {args.months}"
        )
    _check_add_to_plan(args)
    for flag in ("intervals_out", "add_to_plan"):
        out = getattr(args, flag)
        if out is not None and not Path(out).parent.is_dir():
            raise UsageError(f"{_flag(flag)}: folder {str(Path(out).parent)!r} does not exist")


def _check_add_to_plan(args: argparse.Namespace) -> None:
    """--model, --client, --probability go with --add-to-plan OUT.yaml, and are checked."""
    if args.add_to_plan is None:
        extra = [f for f in ("model", "client") if getattr(args, f) is not None]
        if extra:
            raise UsageError(f"--{extra[0]} goes with --add-to-plan OUT.yaml; give that too")
    else:
        if args.model not in BILLING_MODELS:
            shown = "nothing" if args.model is None else repr(args.model)
            raise UsageError(f"--model must be one of {', '.join(BILLING_MODELS)}, got {shown}")
        if not (args.client or "").strip():
            raise UsageError("--client: give the prospect's name for --add-to-plan")
        if not (math.isfinite(args.probability) and 0.0 <= args.probability <= 1.0):
            raise UsageError(f"--probability must be from 0 to 1, got {args.probability}")
        if Path(args.add_to_plan).suffix.lower() not in (".yaml", ".yml"):
            raise UsageError(
                f"--add-to-plan: the file name must end in .yaml, got {args.add_to_plan!r}"
            )


def run_bid(args: argparse.Namespace) -> int:
    _check_arguments(args)
    plan = _plan(args)
    targets = targets_from(args, plan.staffing.shrinkage)
    history = _history(Path(args.history))
    bid = _make(history, targets, args, plan)
    written, extra = [], {}
    if args.intervals_out is not None:
        _write(Path(args.intervals_out), intervals_csv(bid), "--intervals-out")
        written.append(args.intervals_out)
        extra["staffing_command"] = staffing_command(bid, args.intervals_out)
    if args.add_to_plan is not None:
        _write(Path(args.add_to_plan), _plan_with_bid(plan, bid, args), "--add-to-plan")
        written.append(args.add_to_plan)
    if args.json:
        sys.stdout.write(json.dumps({**bid_json(bid), **extra, "written": written}) + "\n")
    else:
        sys.stdout.write(bid_text(bid))
        for path in written:
            sys.stdout.write(f"wrote {path}\n")
        if "staffing_command" in extra:
            check = " ".join(shlex.quote(a) for a in extra["staffing_command"])
            sys.stdout.write(f"the same agents: python -m planner {check}\n")
    return 0


def _plan(args: argparse.Namespace) -> Plan:
    from planner.bid.desk import default_plan_for
    from planner.model.starters import load_plan_or_starter

    if args.plan is None:
        return default_plan_for(args.channel)
    return load_plan_or_starter(args.plan)  # PlanError: exit 2


def _history(path: Path) -> Any:
    from planner.bid.history import HistoryError, read_history

    if not path.is_file():
        raise UsageError(f"--history: no such file: {path}")
    try:
        return read_history(path)
    except HistoryError as exc:
        raise UsageError(f"--history {path.name}: {exc}") from None


def _make(history: Any, targets: ChannelTargets, args: argparse.Namespace, plan: Plan) -> Bid:
    from planner.bid.desk import make_bid
    from planner.bid.history import HistoryError

    try:
        return make_bid(history, targets, margin=args.margin, plan=plan, months=args.months)
    except HistoryError as exc:
        raise UsageError(f"--history {Path(args.history).name}: {exc}") from None


def _plan_with_bid(plan: Plan, bid: Bid, args: argparse.Namespace) -> bytes:
    from planner.bid.to_plan import add_bid_to_plan
    from planner.model.files import plan_to_yaml

    model: BillingModel = args.model
    try:
        added = add_bid_to_plan(
            plan,
            bid,
            model,
            client_name=args.client.strip(),
            probability=args.probability,
            start_month=args.start_month,
        )
    except ValueError as exc:  # a name already in the plan, a start past the horizon
        from planner.model.issues import error_words

        words = "; ".join(error_words(exc).replace("\n- ", "\n").splitlines())
        raise UsageError(f"--add-to-plan: {words}") from None
    return plan_to_yaml(added).encode("utf-8")


def _write(path: Path, content: bytes, flag: str) -> None:
    try:
        path.write_bytes(content)
    except OSError as exc:
        raise UsageError(f"{flag}: cannot write {str(path)!r}: {exc.strerror}") from None


# --- output -----------------------------------------------------------------------------------


def _case_key(change: float) -> str:
    """A volume case as a JSON key: "-0.2", "0", "0.2"."""
    return "0" if change == 0 else repr(change)


def intervals_csv(bid: Bid) -> bytes:
    """The forecast intervals as a `staffing --intervals` CSV: one row per interval with
    timestamp, calls (the forecast contacts; dials for outbound), interval_seconds, aht_seconds
    (the forecast's), answer_seconds, service_level, max_occupancy (blank: no cap), shrinkage and,
    with a patience, patience_seconds, all from the bid's targets; the channel's other options go
    on the `staffing` command line (--channel, --concurrency, ...). The bid's own figures ride
    along as agents and scheduled_agents, so `staffing` can be checked against them. Numbers are
    written with Python's shortest round-trip form: reading them back gives the same floats."""
    t, fc = bid.targets, bid.forecast
    n = len(bid.staffing)
    columns: dict[str, list[str]] = {
        "timestamp": [f"{stamp:%Y-%m-%d %H:%M}" for stamp in bid.staffing["timestamp"]],
        "calls": list(map(repr, fc.intervals["contacts"].astype(float).tolist())),
        "interval_seconds": [repr(fc.interval_minutes * 60.0)] * n,
        "aht_seconds": list(map(repr, fc.intervals["aht_seconds"].astype(float).tolist())),
        "answer_seconds": [repr(float(t.answer_seconds))] * n,
        "service_level": [repr(float(t.service_level))] * n,
        "max_occupancy": ["" if t.max_occupancy is None else repr(float(t.max_occupancy))] * n,
        "shrinkage": [repr(float(t.shrinkage))] * n,
    }
    if t.patience_seconds is not None:
        columns["patience_seconds"] = [repr(float(t.patience_seconds))] * n
    columns["agents"] = list(map(str, bid.staffing["agents"].astype(int).tolist()))
    columns["scheduled_agents"] = list(
        map(str, bid.staffing["scheduled_agents"].astype(int).tolist())
    )
    lines = [",".join(columns), *map(",".join, zip(*columns.values(), strict=True))]
    return ("\n".join(lines) + "\n").encode("utf-8")


CHANNEL_OPTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("voice", ("patience_seconds",)),
    ("chat", ("concurrency", "concurrency_growth")),
    ("email", ("deadline_hours", "open_hour", "close_hour", "open_days")),
    ("back_office", ("deadline_hours", "open_hour", "close_hour", "open_days")),
    ("outbound", ("contact_rate", "talk_seconds", "wrap_seconds", "no_contact_seconds")),
)
"""The `ChannelTargets` fields each channel's staffing reads beyond the common targets."""


def staffing_command(bid: Bid, intervals: str) -> list[str]:
    """The `python -m planner staffing` arguments that staff the --intervals-out file `intervals`
    exactly as the bid did: the channel and every target the bid used, as flags.

    >>> from types import SimpleNamespace
    >>> bid = SimpleNamespace(targets=ChannelTargets(channel="chat", concurrency=2))
    >>> " ".join(staffing_command(bid, "f.csv"))  # doctest: +NORMALIZE_WHITESPACE
    'staffing --intervals f.csv --channel chat --answer-seconds 20.0 --service-level 0.8
     --max-occupancy 0.85 --shrinkage 0.3 --concurrency 2 --concurrency-growth 0.0'
    """
    t = bid.targets
    names = ("answer_seconds", "service_level", "max_occupancy", "shrinkage")
    args = ["staffing", "--intervals", intervals, "--channel", t.channel]
    for name in (*names, *dict(CHANNEL_OPTIONS)[t.channel]):
        value = getattr(t, name)
        if value is None:
            continue
        if name == "open_days":
            value = ",".join(("mon", "tue", "wed", "thu", "fri", "sat", "sun")[d] for d in value)
        args += [_flag(name), str(value)]
    if t.channel in ("email", "back_office"):
        args.append("--ongoing")  # the bid's service goes on after its forecast months
    return args


def bid_json(bid: Bid) -> dict[str, Any]:
    """The bid as one JSON-ready object (figures unrounded, fractions as fractions):

    channel, targets (the `ChannelTargets` fields), history {intervals, interval_minutes, source,
    notes}, forecast {first, last (interval starts), intervals, interval_minutes, months (average
    months covered), contacts (total), method, mape, naive_mape, holdout_weeks, level},
    staffing_by_month (rows of `Bid.by_month`, month as "YYYY-MM"), shifts (rows of the roster's
    shifts), roster {required_hours, scheduled_hours, paid_hours, scheduling_loss, optimal},
    cost_basis (the `CostBasis` fields), cost_to_serve (one `CostToServe` per volume case, with
    unit_costs at each), margin, prices (model, unit: the cost_to_serve field the price is per, or
    null for the monthly fee; price, base_fee, monthly_revenue, margins by case "-0.2", "0", "0.2").
    """
    from dataclasses import asdict

    from planner.bid.desk import forecast_months
    from planner.bid.pricing import unit_costs

    fc, roster = bid.forecast, bid.roster
    stamps = fc.intervals["timestamp"]
    return {
        "channel": bid.targets.channel,
        "targets": {**asdict(bid.targets), "open_days": list(bid.targets.open_days)},
        "history": {
            "intervals": len(bid.history.intervals),
            "interval_minutes": bid.history.interval_minutes,
            "source": bid.history.source,
            "notes": list(bid.history.notes),
        },
        "forecast": {
            "first": str(stamps.iloc[0]),
            "last": str(stamps.iloc[-1]),
            "intervals": len(fc.intervals),
            "interval_minutes": fc.interval_minutes,
            "months": forecast_months(fc),
            "contacts": float(fc.intervals["contacts"].sum()),
            "method": fc.method,
            "mape": fc.mape,
            "naive_mape": fc.naive_mape,
            "holdout_weeks": fc.holdout_weeks,
            "level": fc.level,
        },
        "staffing_by_month": _records(bid.by_month),
        "shifts": _records(roster.shifts),
        "roster": {
            "required_hours": roster.required_hours,
            "scheduled_hours": roster.scheduled_hours,
            "paid_hours": roster.paid_hours,
            "scheduling_loss": roster.scheduling_loss,
            "optimal": roster.optimal,
        },
        "cost_basis": asdict(bid.basis),
        "cost_to_serve": [
            {**asdict(cost), "unit_costs": unit_costs(cost)} for cost in bid.costs.values()
        ],
        "margin": bid.margin,
        "prices": [
            {
                "model": price.model,
                "unit": unit_of(price.model),
                "price": price.price,
                "base_fee": price.base_fee,
                "monthly_revenue": price.monthly_revenue,
                "margins": {_case_key(c): m for c, m in price.margins.items()},
            }
            for price in bid.prices
        ],
    }


def unit_of(model: str) -> str | None:
    """The `CostToServe` field a billing model's price is per (`planner.bid.pricing.UNIT_FIELDS`;
    base plus per contact: contacts, on top of its base fee); None for the monthly retainer.

    >>> unit_of("per_seat"), unit_of("base_plus_per_item"), unit_of("monthly_retainer")
    ('seats', 'contacts', None)
    """
    from planner.bid.pricing import UNIT_FIELDS

    return UNIT_FIELDS.get(model, "contacts" if model == "base_plus_per_item" else None)


def _records(frame: Any) -> list[dict[str, Any]]:
    """Rows as plain JSON values: periods and timestamps as text, numpy numbers as Python's."""
    rows = []
    for row in frame.to_dict("records"):
        rows.append({key: _plain(value) for key, value in row.items()})
    return rows


def _plain(value: Any) -> Any:
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, (bool, int, float, str)) or value is None:
        return value
    return str(value)


def _text_table(headers: list[str], rows: list[list[str]]) -> list[str]:
    """Rows of text under `headers`, the first column left-aligned, the rest right-aligned."""
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=True)]
    out = []
    for cells in (headers, *rows):
        parts = [
            str(cell).ljust(width) if i == 0 else str(cell).rjust(width)
            for i, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ]
        out.append("  ".join(parts).rstrip())
    return out


def bid_text(bid: Bid) -> str:
    """The bid in readable sections: forecast, staffing per month, shifts, scheduling loss, cost
    to serve and the eight prices."""
    lines = [
        *_forecast_lines(bid),
        "",
        *_staffing_lines(bid),
        "",
        *_shift_lines(bid),
        "",
        *_cost_lines(bid),
        "",
        *_price_lines(bid),
    ]
    return "\n".join(lines) + "\n"


def _forecast_lines(bid: Bid) -> list[str]:
    from planner.bid.desk import forecast_months
    from planner.model.labels import BID_WORK_UNITS

    fc = bid.forecast
    stamps = fc.intervals["timestamp"]
    first, last = stamps.iloc[0], stamps.iloc[-1]
    verdict = "better than" if fc.mape < fc.naive_mape else "not better than"
    units = BID_WORK_UNITS[bid.targets.channel]
    return [
        "Forecast",
        f"  {fmt.number(forecast_months(fc), 1)} months of {fc.interval_minutes}-minute "
        f"intervals, {first:%d %b %Y} to {last:%d %b %Y}: "
        f"{fmt.number(float(fc.intervals['contacts'].sum()))} {units}",
        f"  Method: {fc.method}",
        f"  Held-back {fc.holdout_weeks} weeks: MAPE {fmt.percent(fc.mape, 1)}, "
        f"seasonal-naive {fmt.percent(fc.naive_mape, 1)} ({verdict} seasonal-naive)",
        *(f"  Note: {note}" for note in bid.history.notes),
    ]


def _staffing_lines(bid: Bid) -> list[str]:
    rows = [
        [
            pd_month_name(str(row["month"])),
            fmt.number(float(row["contacts"])),
            fmt.number(float(row["handled_minutes"]) / 60.0),
            fmt.number(float(row["required_fte"]), 1),
            fmt.number(float(row["scheduled_fte"]), 1),
            fmt.number(float(row["peak_agents"])),
        ]
        for row in bid.by_month.to_dict("records")
    ]
    headers = ["Month", "Contacts", "Handled hours", "Required FTE", "Scheduled FTE", "Peak agents"]
    return ["Staffing per month", *("  " + line for line in _text_table(headers, rows))]


def _shift_lines(bid: Bid) -> list[str]:
    """The first month's shifts: one row per start, length and break, agents per weekday."""
    roster = bid.roster
    shifts = roster.shifts
    lines = ["Shifts"]
    if len(shifts):
        first = shifts["month"].astype(str).iloc[0]
        month = shifts[shifts["month"].astype(str) == first]
        week = month.pivot_table(
            index=["start", "length_hours", "break_start"],
            columns="weekday",
            values="agents",
            aggfunc="sum",
            fill_value=0,
        )
        days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        rows = []
        for key, counts in week.iterrows():
            start, length, pause = key if isinstance(key, tuple) else (key, 0.0, "")
            per_day = [fmt.number(float(counts.get(d, 0))) for d in range(7)]
            rows.append([str(start), fmt.number(float(length), 1, trim=True), str(pause), *per_day])
        lines.append(f"  Agents starting each shift in a week of {pd_month_name(first)}:")
        headers = ["Start", "Paid hours", "Break", *days]
        lines += ["  " + line for line in _text_table(headers, rows)]
        months = shifts["month"].astype(str).nunique()
        if months > 1:
            lines.append(f"  ({months} months in all; --json lists every month's shifts)")
    lines += [
        f"  Required hours at work {fmt.number(roster.required_hours)}, scheduled "
        f"{fmt.number(roster.scheduled_hours)}, paid {fmt.number(roster.paid_hours)}",
        f"  Scheduling loss: {fmt.percent(roster.scheduling_loss, 1)}"
        + (
            ""
            if roster.optimal
            else " (best roster found in the time allowed, maybe not the least)"
        ),
    ]
    return lines


def pd_month_name(period: str) -> str:
    """ "2027-01" -> "Jan 2027".

    >>> pd_month_name("2027-01")
    'Jan 2027'
    """
    from datetime import date

    year, month = period.split("-")[:2]
    return f"{date(int(year), int(month), 1):%b %Y}"


def _cost_lines(bid: Bid) -> list[str]:
    from planner.bid.pricing import unit_costs
    from planner.model.labels import BILLING_UNIT_LABELS

    currency = bid.basis.currency
    forecast = bid.costs[0.0]
    lines = [
        "Cost to serve (a typical month at the forecast volume)",
        f"  Costs from: {bid.basis.source}",
        f"  {fmt.number(forecast.fte, 1)} FTE, {fmt.number(forecast.paid_hours)} paid hours, "
        f"{fmt.number(forecast.seats)} seats, {fmt.number(forecast.contacts)} contacts; "
        f"cost {fmt.money(forecast.total_cost, currency)} a month",
    ]
    for unit, value in unit_costs(forecast).items():
        lines.append(
            f"  Cost {BILLING_UNIT_LABELS[unit]}: {fmt.money(value, currency, cents=True)}"
        )
    return lines


def _price_lines(bid: Bid) -> list[str]:
    from planner.model.labels import PRICING_LABELS

    currency = bid.basis.currency
    rows = []
    for price in bid.prices:
        shown = fmt.money(price.price, currency, cents=True)
        if price.base_fee:
            shown = f"{fmt.money(price.base_fee, currency)} + {shown}"
        rows.append(
            [
                PRICING_LABELS[price.model],
                shown,
                *(fmt.percent(price.margins[c], 1) for c in sorted(price.margins)),
            ]
        )
    headers = ["Billing model", "Price", "Margin at -20 %", "as forecast", "at +20 %"]
    title = f"Prices for a {fmt.percent(bid.margin, 1, trim=True)} margin"
    return [title, *("  " + line for line in _text_table(headers, rows))]
