"""`python -m planner staffing`: agents for one interval or a CSV of intervals (Erlang C or A), or
with --channel a CSV of one channel's intervals (`planner.queueing.channels.staff_intervals`)."""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planner.cli.errors import UsageError
from planner.report import format as fmt
from planner.report.format import assumption

if TYPE_CHECKING:  # numpy, pandas and the Erlang maths load in the handler, not at start-up
    import numpy as np
    import pandas as pd

REQUIRED = ("calls", "interval_seconds", "aht_seconds", "answer_seconds", "service_level")
OPTIONAL_DEFAULTS = {"max_occupancy": 1.0, "shrinkage": 0.0}  # blank: no cap, no shrinkage
CHANNELS = ("voice", "chat", "email", "back_office", "outbound")  # planner.bid.types.BID_CHANNELS
CHANNEL_FLAGS = (
    "interval_minutes",
    "concurrency",
    "concurrency_growth",
    "deadline_hours",
    "open_hour",
    "close_hour",
    "open_days",
    "contact_rate",
    "talk_seconds",
    "wrap_seconds",
    "no_contact_seconds",
)
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "staffing",
        help="agents needed for a queue (Erlang C, or Erlang A with --patience-seconds)",
        description=(
            "Agents needed to answer a share of calls within a target time (Erlang C). Give one "
            "interval with --calls ... or many with --intervals FILE.csv (columns calls, "
            "interval_seconds, aht_seconds, answer_seconds, service_level, optional max_occupancy, "
            "shrinkage, patience_seconds). With --channel voice|chat|email|back_office|outbound, "
            "the file holds the channel's history instead (see the channels options)."
        ),
    )
    parser.add_argument("--calls", type=float, help="calls offered in the interval")
    parser.add_argument("--interval-seconds", type=float, help="interval length, e.g. 1800")
    parser.add_argument("--aht-seconds", type=float, help="average handle time per call")
    parser.add_argument("--answer-seconds", type=float, help="answer-time target, e.g. 20")
    parser.add_argument("--service-level", type=float, help="share answered in time, e.g. 0.8")
    parser.add_argument(
        "--max-occupancy",
        type=float,
        help="occupancy cap, e.g. 0.85 (with --patience-seconds: on calls handled)",
    )
    parser.add_argument("--shrinkage", type=float, help="share of paid time off-phone (default 0)")
    parser.add_argument(
        "--patience-seconds", type=float, help="mean caller patience: Erlang A with abandonment"
    )
    parser.add_argument("--intervals", metavar="FILE.csv", help="CSV with one interval per row")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text/CSV")
    _register_channel(parser)
    parser.set_defaults(handler=run)


def _register_channel(parser: Any) -> None:
    """The --channel flags: staff a CSV of intervals (timestamp, contacts, aht_seconds) for one
    channel of `planner.queueing.channels`; a target not given takes `ChannelTargets`' default."""
    group = parser.add_argument_group(
        "channels",
        "With --channel, --intervals FILE.csv has columns timestamp (needed for email and "
        "back_office: the open hours), contacts (dials for outbound) and aht_seconds (not for "
        "outbound); --answer-seconds, --service-level, --max-occupancy, --shrinkage and "
        "--patience-seconds are the targets (defaults 20 s, 0.8, 0.85, 0.3, none). The output "
        "has the columns contacts, aht_seconds, agents, scheduled_agents, service_level, "
        "occupancy, backlog, abandon_rate.",
    )
    group.add_argument("--channel", choices=CHANNELS, help="how the work arrives and is staffed")
    group.add_argument(
        "--interval-minutes", type=int, help="interval length (default: from the timestamps)"
    )
    group.add_argument("--concurrency", type=int, help="chat: chats an agent works at once")
    group.add_argument(
        "--concurrency-growth", type=float, help="chat: handle-time growth per extra chat, e.g. 0.2"
    )
    group.add_argument("--deadline-hours", type=float, help="email/back office: hours of open time")
    group.add_argument("--open-hour", type=int, help="email/back office: opening hour, e.g. 8")
    group.add_argument("--close-hour", type=int, help="email/back office: closing hour, e.g. 20")
    group.add_argument("--open-days", help='email/back office: e.g. "mon-fri" or "mon,wed,sat"')
    group.add_argument(
        "--ongoing",
        action="store_true",
        help="email/back office: the work goes on after the file's last interval, so deadline "
        "windows running past it are not squeezed into the last open hours",
    )
    group.add_argument(
        "--contact-rate", type=float, help="outbound: share of dials reaching someone"
    )
    group.add_argument("--talk-seconds", type=float, help="outbound: talk time per contact")
    group.add_argument("--wrap-seconds", type=float, help="outbound: wrap-up time per contact")
    group.add_argument(
        "--no-contact-seconds", type=float, help="outbound: agent time per dial without contact"
    )


def run(args: argparse.Namespace) -> int:
    import numpy as np

    if args.channel is not None:
        return _run_channel(args)
    _refuse_channel_flags(args)
    if args.intervals:
        single = [name for name in (*REQUIRED, "max_occupancy") if getattr(args, name) is not None]
        if single:
            flags = ", ".join(_flag(name) for name in single)
            raise UsageError(f"--intervals takes every value from the file; drop {flags}")
        result = _solve_file(Path(args.intervals), args.patience_seconds)
        if args.json:
            sys.stdout.write(json.dumps(_records(result)) + "\n")
        else:
            sys.stdout.write(_csv(result))
        return 0
    missing = [_flag(name) for name in REQUIRED if getattr(args, name) is None]
    if missing:
        raise UsageError(f"give {', '.join(missing)} (or --intervals FILE.csv)")
    values = {name: getattr(args, name) for name in (*REQUIRED, "max_occupancy", "shrinkage")}
    for name, value in (*values.items(), ("patience_seconds", args.patience_seconds)):
        if value is not None:
            _check(name, np.array([value]), where=_flag(name))
    result = _solve(values, args.patience_seconds)
    record = _records(result)[0]
    if args.json:
        sys.stdout.write(json.dumps(record) + "\n")
    else:
        width = max(len(key) for key in record)
        for key, value in record.items():
            shown = value if isinstance(value, int) else fmt.number(value, 4, trim=True)
            sys.stdout.write(f"{key:<{width}}  {shown}\n")
    return 0


def _refuse_channel_flags(args: argparse.Namespace) -> None:
    """Without --channel: the channel flags are refused; no shrinkage given is none."""
    extra = [_flag(name) for name in CHANNEL_FLAGS if getattr(args, name) is not None]
    if extra:
        raise UsageError(f"{', '.join(extra)} need(s) --channel")
    if args.shrinkage is None:
        args.shrinkage = 0.0


def _flag(name: str) -> str:
    return "--" + name.replace("_", "-")


def _check(name: str, values: np.ndarray, where: str) -> None:
    """Raise UsageError for the first value out of range, naming `where` and what is allowed."""
    import numpy as np

    from planner.queueing.erlang import INPUT_RANGES, allowed_range

    low, high, low_open, high_open = INPUT_RANGES[name]
    ok = np.isfinite(values)
    ok &= (values > low) if low_open else (values >= low)
    if high is not None:
        ok &= (values < high) if high_open else (values <= high)
    if not ok.all():
        first = int(np.flatnonzero(~ok)[0])
        rng = allowed_range(low, high, low_open=low_open, high_open=high_open)
        got = values[first]
        shown = "nothing" if math.isnan(got) else assumption(got)
        row = f"row {first + 1}, column {name}: " if where == "rows" else ""
        label = name if where == "rows" else where
        raise UsageError(f"{row}{label} must be {rng}, got {shown}")


def _solve(values: dict[str, Any], patience: Any) -> pd.DataFrame:
    common = {
        "calls": values["calls"],
        "interval_seconds": values["interval_seconds"],
        "aht_seconds": values["aht_seconds"],
        "answer_seconds": values["answer_seconds"],
        "service_level": values["service_level"],
    }
    options = {"max_occupancy": values["max_occupancy"], "shrinkage": values["shrinkage"]}
    from planner.queueing.erlang import erlang_a, erlang_c

    try:
        if patience is None:
            return erlang_c(**common, **options)
        return erlang_a(**common, patience_seconds=patience, **options)
    except ValueError as exc:  # ranges are checked above; this is a last line of defence
        raise UsageError(str(exc)) from None


def _solve_file(path: Path, patience: float | None) -> pd.DataFrame:
    """Agents for every row of the CSV at `path` (one interval a row; see the command's help)."""
    import numpy as np

    raw = _read_intervals(path)
    values: dict[str, Any] = {}
    for name in (*REQUIRED, *OPTIONAL_DEFAULTS, "patience_seconds"):
        if name in raw.columns:
            numbers = _column_numbers(name, raw[name])
            _check(name, numbers, where="rows")
            values[name] = numbers
    values.setdefault("max_occupancy", None)
    values.setdefault("shrinkage", 0.0)
    if patience is not None:
        _check("patience_seconds", np.array([patience]), where="--patience-seconds")
    patience_values = values.pop("patience_seconds", patience)
    return _solve(values, patience_values)


def _read_csv(path: Path) -> pd.DataFrame:
    """The --intervals CSV as read, its column names stripped; UsageError naming --intervals if
    the file is missing or not a readable CSV (both the call-centre and the channel reader)."""
    import pandas as pd

    try:
        # Numbers parse in C; a column with any text in it comes back as text and is checked later.
        raw = pd.read_csv(path, skipinitialspace=True)
    except FileNotFoundError:
        raise UsageError(f"--intervals: no such file: {path}") from None
    except (pd.errors.EmptyDataError, pd.errors.ParserError, UnicodeDecodeError) as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else "empty file"
        raise UsageError(f"--intervals: {path} is not a readable CSV ({first_line})") from None
    raw.columns = pd.Index([str(column).strip() for column in raw.columns])
    return raw


def _read_intervals(path: Path) -> pd.DataFrame:
    """The CSV with its column names stripped; UsageError if it is missing, unreadable or empty,
    or lacks a required column."""
    raw = _read_csv(path)
    missing = [name for name in REQUIRED if name not in raw.columns]
    if missing:
        raise UsageError(f"{path.name}: missing column(s) {', '.join(missing)}")
    if raw.empty:
        raise UsageError(f"{path.name}: no rows")
    return raw


def _column_numbers(name: str, column: pd.Series) -> np.ndarray:
    """A CSV column as floats: UsageError names the first cell that is text, not a number; a blank
    optional cell takes its default (no occupancy cap, no shrinkage), a blank required one is NaN
    (refused by `_check`)."""
    import numpy as np
    import pandas as pd

    if pd.api.types.is_numeric_dtype(column):
        numbers = column.to_numpy(dtype=np.float64)
    else:
        text = column.astype(str).str.strip().where(column.notna(), "")
        numbers = pd.to_numeric(text, errors="coerce").to_numpy(dtype=np.float64)
        bad_text = np.isnan(numbers) & (text != "").to_numpy()
        if bad_text.any():
            row = int(np.flatnonzero(bad_text)[0])
            raise UsageError(
                f"row {row + 1}, column {name}: {name} must be a number, got {text.iloc[row]!r}"
            )
    if name in OPTIONAL_DEFAULTS:
        numbers = np.where(np.isnan(numbers), OPTIONAL_DEFAULTS[name], numbers)
    return numbers


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as plain Python numbers (ints stay ints; NaN, "does not apply", is None) for JSON and
    text output."""
    columns = {
        name: [None if _is_nan(v) else v for v in frame[name].to_numpy().tolist()]
        for name in frame.columns
    }  # tolist gives Python int/float
    return [dict(zip(columns, row, strict=True)) for row in zip(*columns.values(), strict=True)]


def _is_nan(value: Any) -> bool:
    return isinstance(value, float) and math.isnan(value)


def _cell(value: Any) -> str:
    return "" if _is_nan(value) else repr(value)  # NaN (does not apply): an empty cell


def _csv(frame: pd.DataFrame) -> str:
    """CSV text with Python's shortest round-trip float repr (faster than DataFrame.to_csv); NaN
    is an empty cell."""
    cells = [list(map(_cell, frame[name].to_numpy().tolist())) for name in frame.columns]
    lines = [",".join(frame.columns), *map(",".join, zip(*cells, strict=True))]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------------------
# --channel: one channel of planner.queueing.channels over a CSV of intervals
# --------------------------------------------------------------------------------------------------

TARGET_FLAGS = (
    "answer_seconds",
    "service_level",
    "max_occupancy",
    "patience_seconds",
    "shrinkage",
    "concurrency",
    "concurrency_growth",
    "deadline_hours",
    "open_hour",
    "close_hour",
    "contact_rate",
    "talk_seconds",
    "wrap_seconds",
    "no_contact_seconds",
)
"""Flags that are `ChannelTargets` fields of the same name."""


def _run_channel(args: argparse.Namespace) -> int:
    """`staffing --channel C --intervals FILE.csv`: `staff_intervals` on the file's rows."""
    from planner.queueing.channels import staff_intervals

    if not args.intervals:
        raise UsageError("--channel needs --intervals FILE.csv (one interval a row)")
    targets = _targets(args)
    given = [_flag(n) for n in ("calls", "interval_seconds", "aht_seconds") if getattr(args, n)]
    if given:
        raise UsageError(
            f"--channel takes contacts and handle times from the file; drop {given[0]}"
        )
    path = Path(args.intervals)
    raw = _read_channel_file(path, targets.channel)
    contacts = _channel_column(raw, "contacts", low_open=False)
    aht = 1.0 if targets.channel == "outbound" else _channel_column(raw, "aht_seconds", True)
    stamps = _timestamps(raw) if "timestamp" in raw.columns else None
    minutes = _interval_minutes(args.interval_minutes, stamps)
    try:
        frame = staff_intervals(
            contacts,
            aht,
            interval_minutes=minutes,
            targets=targets,
            timestamps=stamps if targets.channel in ("email", "back_office") else None,
            ongoing=args.ongoing,
        )
    except ValueError as exc:
        raise UsageError(f"{path.name}: {exc}") from None
    if args.json:
        sys.stdout.write(json.dumps(_records(frame)) + "\n")
    else:
        sys.stdout.write(_csv(frame))
    return 0


def _targets(args: argparse.Namespace) -> Any:
    """The `ChannelTargets` the flags give (a flag not given: the type's default); UsageError
    naming the flag and what is allowed."""
    from dataclasses import replace

    from planner.bid.types import ChannelTargets
    from planner.queueing.channels import check_targets

    changes: dict[str, Any] = {
        name: getattr(args, name) for name in TARGET_FLAGS if getattr(args, name) is not None
    }
    if args.open_days is not None:
        changes["open_days"] = parse_days(args.open_days)
    targets = replace(ChannelTargets(channel=args.channel), **changes)
    try:
        check_targets(targets)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    return targets


def parse_days(text: str) -> tuple[int, ...]:
    """Open days from words: "mon-fri", "mon,wed,sat", "sat-mon" (a range may wrap), "all".

    >>> parse_days("mon-fri"), parse_days("Sat-Mon"), parse_days("mon, thu")
    ((0, 1, 2, 3, 4), (0, 5, 6), (0, 3))
    """
    words = text.strip().lower()
    if words in ("all", "every day", "mon-sun"):
        return tuple(range(7))
    days: set[int] = set()
    for part in (p.strip() for p in words.split(",")):
        ends = [end.strip()[:3] for end in part.split("-")]
        if len(ends) not in (1, 2) or any(end not in DAYS for end in ends):
            raise UsageError(
                f'--open-days must be days like "mon-fri" or "mon,wed,sat", got {text!r}'
            )
        first, last = DAYS.index(ends[0]), DAYS.index(ends[-1])
        days.update((first + step) % 7 for step in range((last - first) % 7 + 1))
    return tuple(sorted(days))


def _read_channel_file(path: Path, channel: str) -> pd.DataFrame:
    """The CSV (column names stripped; "calls" read as contacts); UsageError when it is missing,
    unreadable, empty or lacks a column the channel needs."""
    raw = _read_csv(path)
    if "contacts" not in raw.columns and "calls" in raw.columns:
        raw = raw.rename(columns={"calls": "contacts"})
    needed = ["contacts"] + ([] if channel == "outbound" else ["aht_seconds"])
    if channel in ("email", "back_office"):
        needed.insert(0, "timestamp")
    missing = [name for name in needed if name not in raw.columns]
    if missing:
        why = (
            " (email and back office need it for the open hours)" if "timestamp" in missing else ""
        )
        raise UsageError(f"{path.name}: missing column(s) {', '.join(missing)}{why}")
    if raw.empty:
        raise UsageError(f"{path.name}: no rows")
    return raw


def _channel_column(raw: pd.DataFrame, name: str, low_open: bool) -> np.ndarray:
    """A column of numbers >= 0 (> 0 when `low_open`); UsageError naming the row and column."""
    import numpy as np

    from planner.queueing.erlang import allowed_range

    numbers = _column_numbers(name, raw[name])
    ok = np.isfinite(numbers) & ((numbers > 0) if low_open else (numbers >= 0))
    if not ok.all():
        row = int(np.flatnonzero(~ok)[0])
        got = numbers[row]
        shown = "nothing" if math.isnan(got) else assumption(got)
        rng = allowed_range(0, None, low_open=low_open)
        raise UsageError(f"row {row + 1}, column {name}: {name} must be {rng}, got {shown}")
    return numbers


def _timestamps(raw: pd.DataFrame) -> pd.DatetimeIndex:
    """The timestamp column as interval starts; UsageError naming the first row that is not a date
    and time."""
    import pandas as pd

    text = raw["timestamp"].astype(str).str.strip()
    stamps = pd.to_datetime(text, errors="coerce", format="mixed")
    bad = stamps.isna().to_numpy()
    if bad.any():
        row = int(bad.argmax())
        raise UsageError(
            f"row {row + 1}, column timestamp: must be a date and time such as "
            f"2027-01-04 08:30, got {text.iloc[row]!r}"
        )
    return pd.DatetimeIndex(stamps)


def _interval_minutes(given: int | None, stamps: pd.DatetimeIndex | None) -> int:
    """--interval-minutes, else the step between the first two timestamps."""
    if given is not None:
        if given <= 0:
            raise UsageError(f"--interval-minutes must be a whole number > 0, got {given}")
        return given
    if stamps is None or stamps.size < 2:
        raise UsageError("give --interval-minutes (or a timestamp column with two rows or more)")
    step = (stamps[1] - stamps[0]).total_seconds() / 60.0
    if step <= 0 or not step.is_integer():
        raise UsageError(
            f"rows 1-2, column timestamp: intervals must be whole minutes apart in time order, "
            f"got {fmt.number(step, 2, trim=True)} minutes"
        )
    return int(step)
