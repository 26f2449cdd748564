"""`python -m planner staffing`: agents for one interval or a CSV of intervals (Erlang C or A)."""

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


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "staffing",
        help="agents needed for a queue (Erlang C, or Erlang A with --patience-seconds)",
        description=(
            "Agents needed to answer a share of calls within a target time (Erlang C). Give one "
            "interval with --calls ... or many with --intervals FILE.csv (columns calls, "
            "interval_seconds, aht_seconds, answer_seconds, service_level, optional max_occupancy, "
            "shrinkage, patience_seconds)."
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
    parser.add_argument("--shrinkage", type=float, default=0.0, help="share of paid time off-phone")
    parser.add_argument(
        "--patience-seconds", type=float, help="mean caller patience: Erlang A with abandonment"
    )
    parser.add_argument("--intervals", metavar="FILE.csv", help="CSV with one interval per row")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text/CSV")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    import numpy as np

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


def _read_intervals(path: Path) -> pd.DataFrame:
    """The CSV with its column names stripped; UsageError if it is missing, unreadable or empty,
    or lacks a required column."""
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
    """Rows as plain Python numbers (ints stay ints) for JSON and text output."""
    columns = {
        name: frame[name].to_numpy().tolist() for name in frame.columns
    }  # tolist gives Python int/float
    return [dict(zip(columns, row, strict=True)) for row in zip(*columns.values(), strict=True)]


def _csv(frame: pd.DataFrame) -> str:
    """CSV text with Python's shortest round-trip float repr (faster than DataFrame.to_csv)."""
    cells = [list(map(repr, frame[name].to_numpy().tolist())) for name in frame.columns]
    lines = [",".join(frame.columns), *map(",".join, zip(*cells, strict=True))]
    return "\n".join(lines) + "\n"
