"""A prospect's contact history read from a CSV into a `History` (one row per interval, no gaps).

Three layouts are read, told apart by their headings (case, spaces and underscores ignored):

- **intervals**: a timestamp column (`timestamp`, `date/time`, `datetime`, `interval start`,
  `interval`, `start time`; or a `date` column and a `time` column) and a contacts column; the
  interval length (15, 30 or 60 minutes) is inferred from the most common step between rows, or
  given (a longer given length adds the rows up: 15-minute rows into 30-minute intervals);
- **daily totals**: `date` and contacts; each day is spread over its intervals by the arrival
  pattern's shares for that weekday;
- **monthly totals**: `month` and contacts; each month is shared over its days by the pattern's
  weekday weights (a day's weight = its weekday's share of the week), then over intervals.

Contacts headings: `contacts`, `calls`, `calls offered`, `offered`, `volume`, `chats`, `emails`,
`items`, `dials`. Average handle time headings (optional): `aht_seconds`, `aht`,
`average handle time`, `handle time`, `aht (s)`; seconds, or `m:ss` / `h:mm:ss`.

Rows may come in any order (they are sorted); intervals missing between the first and the last
row are filled with 0 contacts and a note. Duplicates, negative numbers and text in number cells
are refused with a `HistoryError` naming the row (as a spreadsheet numbers it: the heading is
row 1) and the column as the file writes it, and what is allowed.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from planner.bid.types import History
from planner.data.profiles import available_profiles, load_profile, preset_label
from planner.report.format import assumption, number

HistorySource = str | Path | bytes | IO[str] | IO[bytes]
INTERVAL_CHOICES = (15, 30, 60)
MAX_BYTES = 20_000_000
"""A history file larger than this (20 MB; three years of 15-minute rows are about 3 MB) is
refused before it is parsed."""
DEFAULT_AHT_SECONDS = 300.0
"""The handle time assumed (with a note) when the file has no handle-time column and none is
given."""

_HEADINGS: dict[str, tuple[str, ...]] = {
    "timestamp": (
        "timestamp",
        "date/time",
        "datetime",
        "date time",
        "interval start",
        "interval",
        "start time",
    ),
    "date": ("date", "day"),
    "time": ("time",),
    "month": ("month",),
    "contacts": (
        "contacts",
        "calls",
        "calls offered",
        "offered",
        "volume",
        "chats",
        "emails",
        "items",
        "dials",
    ),
    "aht_seconds": (
        "aht seconds",
        "aht",
        "aht (s)",
        "average handle time",
        "handle time",
    ),
}


@dataclass(frozen=True)
class _Rows:
    """The file's table, which heading plays which role, and its parsed number columns."""

    table: pd.DataFrame
    columns: dict[str, str]
    contacts: npt.NDArray[np.float64]
    aht: npt.NDArray[np.float64]


class HistoryError(ValueError):
    """A contact history that cannot be used; the message names the row and column (or what is
    missing) and what is allowed, in the founder's words."""


def read_history(
    source: HistorySource,
    *,
    interval_minutes: int | None = None,
    profile: str = "business_hours",
    aht_seconds: float | None = None,
) -> History:
    """Read a history CSV (a path, the file's bytes or text, or a text or bytes file object)
    into a `History`.

    `profile` (an arrival pattern of `planner.data.profiles`) spreads daily and monthly totals
    over intervals; `interval_minutes` (15, 30 or 60) is inferred for interval files and 30 for
    totals unless given. `aht_seconds` is the handle time used when the file has no handle-time
    column (else `DEFAULT_AHT_SECONDS`, with a note).

    >>> rows = ["timestamp,contacts", "2026-01-05 08:00,4", "2026-01-05 08:30,5"]
    >>> rows.append("2026-01-05 09:30,6")
    >>> history = read_history("\\n".join(rows).encode(), aht_seconds=240)
    >>> history.interval_minutes, history.intervals["contacts"].tolist()
    (30, [4.0, 5.0, 0.0, 6.0])
    >>> history.notes[0]
    '1 interval missing from the file (the first: 2026-01-05 09:00) is taken as 0 contacts.'
    """
    if interval_minutes is not None and interval_minutes not in INTERVAL_CHOICES:
        raise HistoryError(
            f"The interval length must be 15, 30 or 60 minutes; got {interval_minutes}"
        )
    if profile not in available_profiles():
        raise HistoryError(
            f"The arrival pattern must be one of {', '.join(available_profiles())}; got {profile!r}"
        )
    if aht_seconds is not None and not (np.isfinite(aht_seconds) and aht_seconds > 0):
        raise HistoryError(
            f"The handle time must be a number of seconds above 0; got {assumption(aht_seconds)}"
        )
    table = _read_table(source)
    columns = _time_roles(table, _find_columns(table))
    if "contacts" not in columns:
        raise HistoryError(
            "The file has no contacts column: name one contacts, calls, calls offered, volume, "
            "chats, emails, items or dials"
        )
    contacts = _numbers(
        table, columns["contacts"], _contacts_value, "a number of contacts, 0 or more"
    )
    aht = _aht_column(table, columns.get("aht_seconds"), contacts)
    notes: list[str] = []
    rows = _Rows(table, columns, contacts, aht)
    if "timestamp" in columns or ("date" in columns and "time" in columns):
        frame, minutes = _intervals(rows, interval_minutes, notes)
        source_kind: Literal["intervals", "daily", "monthly"] = "intervals"
    elif "date" in columns or "month" in columns:
        source_kind = "daily" if "date" in columns else "monthly"
        minutes = interval_minutes or 30
        frame = _spread_totals(rows, source_kind, profile, minutes, notes)
    else:
        raise HistoryError(
            "The file has no time column: name one timestamp (or date and time) for intervals, "
            "date for daily totals or month for monthly totals"
        )
    frame = _fill_handle_time(frame, "aht_seconds" in columns, aht_seconds, notes)
    return History(
        intervals=frame, interval_minutes=minutes, source=source_kind, notes=tuple(notes)
    )


# --- reading the table ------------------------------------------------------------------------


def _read_table(source: HistorySource) -> pd.DataFrame:
    raw = _source_bytes(source)
    if len(raw) > MAX_BYTES:
        raise HistoryError(
            f"The file is {number(len(raw) / 1e6, 1)} MB; a history may be at most "
            f"{MAX_BYTES // 1_000_000} MB"
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    if not text.strip():
        raise HistoryError(
            "The file is empty: it needs a heading row and one row per interval, day or month"
        )
    first_line = text.lstrip().splitlines()[0]
    sep = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        table = pd.read_csv(
            io.StringIO(text), sep=sep, dtype=str, keep_default_na=False, skip_blank_lines=True
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise HistoryError(f"The file is not a readable CSV table: {str(exc).strip()}") from None
    # Spreadsheets save rows of empty cells (",,,") after the data: those at the end are dropped
    # (the rows before keep their numbers).
    filled = np.flatnonzero((table.apply(lambda column: column.str.strip()) != "").any(axis=1))
    table = table.iloc[: int(filled[-1]) + 1] if filled.size else table.iloc[:0]
    if table.empty:
        raise HistoryError("The file has headings but no rows of history")
    return table


def _source_bytes(source: HistorySource) -> bytes:
    if isinstance(source, bytes):
        return source
    if isinstance(source, str) and "\n" in source:
        return source.encode("utf-8")  # the file's text itself, not a path
    if isinstance(source, str | Path):
        path = Path(source)
        if not path.is_file():
            raise HistoryError(f"No history file at {path}")
        if path.stat().st_size > MAX_BYTES:
            raise HistoryError(
                f"{path.name} is {number(path.stat().st_size / 1e6, 1)} MB; a history may be "
                f"at most {MAX_BYTES // 1_000_000} MB"
            )
        return path.read_bytes()
    data = source.read(MAX_BYTES + 1)
    return data.encode("utf-8") if isinstance(data, str) else bytes(data)


def _heading_key(heading: str) -> str:
    return re.sub(r"[\s_]+", " ", heading.strip().lower())


def _find_columns(table: pd.DataFrame) -> dict[str, str]:
    """Each role (timestamp, date, time, month, contacts, aht_seconds) -> the file's heading."""
    found: dict[str, str] = {}
    for heading in table.columns:
        key = _heading_key(str(heading))
        for role, names in _HEADINGS.items():
            if key in names:
                if role in found:
                    raise HistoryError(
                        f"Columns {found[role]!r} and {heading!r} both look like the "
                        f"{role.replace('_', ' ')} column; keep one"
                    )
                found[role] = str(heading)
    return found


def _missing_note(count: int, unit: str, first: str) -> str:
    """The note for filled gaps, e.g. "3 intervals missing from the file (the first: 2026-01-05
    09:00) are taken as 0 contacts." """
    if count == 1:
        return f"1 {unit} missing from the file (the first: {first}) is taken as 0 contacts."
    return f"{count} {unit}s missing from the file (the first: {first}) are taken as 0 contacts."


_CLOCK = re.compile(r"^\d{1,2}:\d{2}(:\d{2})?(\s?[AaPp][Mm])?$")


def _time_roles(table: pd.DataFrame, columns: dict[str, str]) -> dict[str, str]:
    """Settle which columns carry the time: a date column beside an "interval" column of clock
    times (08:30) is a date and a time, as workforce tools export them; a date column whose cells
    hold clock times is a timestamp."""
    roles = dict(columns)
    if "timestamp" in roles and "date" in roles and "time" not in roles:
        cells = table[roles["timestamp"]].astype(str).str.strip()
        if cells[cells != ""].str.match(_CLOCK).all():
            roles["time"] = roles.pop("timestamp")
    dated = "timestamp" not in roles and "time" not in roles and "date" in roles
    if dated and table[roles["date"]].astype(str).str.contains(":").any():
        roles["timestamp"] = roles.pop("date")
    return roles


def _row(index: int) -> int:
    """A table index as the spreadsheet row the founder sees (the heading is row 1)."""
    return index + 2


def _contacts_value(text: str) -> float:
    value = float(text.replace(",", "").replace(" ", ""))
    if not np.isfinite(value) or value < 0:
        raise ValueError(text)
    return value


def _seconds_value(text: str) -> float:
    """Seconds from "420", "7:00" (m:ss) or "0:07:00" (h:mm:ss)."""
    parts = text.strip().split(":")
    if len(parts) > 3 or any(not p.strip() for p in parts):
        raise ValueError(text)
    value = 0.0
    for part in parts:
        value = value * 60 + float(part)
    if not np.isfinite(value) or value < 0:
        raise ValueError(text)
    return value


def _numbers(
    table: pd.DataFrame,
    column: str,
    parse: Callable[[str], float],
    allowed: str,
    *,
    blank_ok: bool = False,
) -> npt.NDArray[np.float64]:
    """A column's numbers (NaN for a blank cell when `blank_ok`); HistoryError naming the first
    cell that is not `allowed`. Plain numbers are read all at once; only other cells ("7:00",
    "1 234", or text) go through `parse` one by one."""
    cells = table[column].astype(str).str.strip()
    values = pd.to_numeric(cells.str.replace(",", "", regex=False), errors="coerce")
    out = np.array(values.to_numpy(dtype=np.float64, na_value=np.nan))  # a writable copy
    blank = (cells == "").to_numpy()
    for other in np.flatnonzero(np.isnan(out) & ~blank):
        try:
            out[other] = parse(str(cells.iloc[other]))
        except ValueError:
            out[other] = -1.0  # refused below with the cell as written
    bad = ~np.isfinite(out) | (out < 0)
    bad = bad & ~blank if blank_ok else bad
    if bad.any():
        index = int(np.flatnonzero(bad)[0])
        got = "a blank cell" if blank[index] else repr(str(cells.iloc[index]))
        raise HistoryError(f"Row {_row(index)}, column {column}: must be {allowed}; got {got}")
    return out


def _aht_column(
    table: pd.DataFrame, column: str | None, contacts: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64]:
    """Handle time per row, NaN where blank or where a row without contacts gives 0."""
    if column is None:
        return np.full(len(table), np.nan)
    allowed = "a handle time in seconds (or m:ss), above 0"
    out = _numbers(table, column, _seconds_value, allowed, blank_ok=True)
    zero = np.flatnonzero((out == 0) & (contacts > 0))
    if zero.size:
        raise HistoryError(
            f"Row {_row(int(zero[0]))}, column {column}: must be {allowed} where there are "
            "contacts; got 0"
        )
    return np.where(out > 0, out, np.nan)


# --- interval files -----------------------------------------------------------------------------


def _timestamps(table: pd.DataFrame, columns: dict[str, str]) -> pd.Series:
    if "timestamp" in columns:
        texts = table[columns["timestamp"]].astype(str).str.strip()
        label = columns["timestamp"]
    else:
        texts = (
            table[columns["date"]].astype(str).str.strip()
            + " "
            + table[columns["time"]].astype(str).str.strip()
        )
        label = f"{columns['date']} and {columns['time']}"
    stamps = _parse_dates(texts, label, "a date and time such as 2026-01-05 08:30")
    if getattr(stamps.dt, "tz", None) is not None:
        stamps = stamps.dt.tz_localize(None)  # keep the clock time the file wrote
    return stamps


def _parse_dates(texts: pd.Series, column: str, allowed: str) -> pd.Series:
    stamps = pd.to_datetime(texts, errors="coerce", format="mixed")
    # A text the parser stretches into a date far from any history ("5th of Jan" as year 1)
    # is as unreadable as one it refuses.
    year = stamps.dt.year
    bad = np.flatnonzero((stamps.isna() | (year < 1970) | (year > 2100)).to_numpy())
    if bad.size:
        index = int(bad[0])
        cell = str(texts.iloc[index])
        got = "a blank cell" if not cell.strip() else repr(cell)
        raise HistoryError(f"Row {_row(index)}, column {column}: must be {allowed}; got {got}")
    return stamps


def _refuse_duplicates(
    stamps: pd.Series, column: str, shown: Callable[[pd.Timestamp], str]
) -> None:
    duplicated = stamps.duplicated(keep=False).to_numpy()
    if duplicated.any():
        first = stamps[duplicated].iloc[0]
        rows = [_row(int(i)) for i in np.flatnonzero((stamps == first).to_numpy())]
        raise HistoryError(
            f"Rows {rows[0]} and {rows[1]}, column {column}: both give {shown(first)}; each may "
            "appear once (add the two rows together)"
        )


def _infer_step(stamps: pd.Series) -> int:
    ordered = np.sort(stamps.to_numpy())
    steps = np.diff(ordered) / np.timedelta64(1, "m")
    if steps.size == 0:
        raise HistoryError(
            "The file has one interval: give at least two, or say the interval length (15, 30 or "
            "60 minutes)"
        )
    values, counts = np.unique(steps, return_counts=True)
    return int(values[np.argmax(counts)])


def _intervals(
    rows: _Rows, interval_minutes: int | None, notes: list[str]
) -> tuple[pd.DataFrame, int]:
    stamps, contacts, aht = _timestamps(rows.table, rows.columns), rows.contacts, rows.aht
    column = rows.columns.get("timestamp") or rows.columns["date"]
    _refuse_duplicates(stamps, column, lambda t: f"the interval starting {t:%Y-%m-%d %H:%M}")
    step = _infer_step(stamps)
    minutes = interval_minutes or step
    if minutes not in INTERVAL_CHOICES:
        raise HistoryError(
            f"The rows are {step} minutes apart; a history needs 15-, 30- or 60-minute intervals"
        )
    if minutes < step:
        raise HistoryError(
            f"The rows are {step} minutes apart: they cannot be split into {minutes}-minute "
            f"intervals (give {step} minutes, or leave the length to the file)"
        )
    offset = (stamps - stamps.dt.normalize()) / pd.Timedelta(minutes=1)
    grid = step if step in INTERVAL_CHOICES and step < minutes and minutes % step == 0 else minutes
    off_grid = np.flatnonzero((offset % grid).to_numpy() != 0)
    if off_grid.size:
        index = int(off_grid[0])
        raise HistoryError(
            f"Row {_row(index)}, column {column}: {stamps.iloc[index]:%Y-%m-%d %H:%M} does not "
            f"start a {grid}-minute interval (allowed: times on the {grid}-minute mark, e.g. "
            f"08:00, 08:{grid % 60:02d})"
        )
    frame = pd.DataFrame(
        {"timestamp": stamps.dt.floor(f"{minutes}min"), "contacts": contacts, "aht": aht}
    )
    timed = np.isfinite(aht)
    frame["timed"] = np.where(timed, contacts, 0.0)  # contacts with a handle time
    frame["work"] = np.where(timed, contacts * np.nan_to_num(aht), 0.0)
    grouped = frame.groupby("timestamp", sort=True).agg(
        contacts=("contacts", "sum"), work=("work", "sum"), timed=("timed", "sum")
    )
    full = pd.date_range(grouped.index[0], grouped.index[-1], freq=f"{minutes}min")
    missing = full.difference(pd.DatetimeIndex(grouped.index))
    if len(missing):
        notes.append(_missing_note(len(missing), "interval", f"{missing[0]:%Y-%m-%d %H:%M}"))
    grouped = grouped.reindex(full, fill_value=0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        handle = np.where(
            grouped["timed"] > 0,
            grouped["work"] / grouped["timed"],
            np.nan,
        )
    out = pd.DataFrame(
        {
            "timestamp": full,
            "contacts": grouped["contacts"].to_numpy(dtype=float),
            "aht_seconds": handle,
        }
    )
    return out, minutes


# --- daily and monthly totals -----------------------------------------------------------------


def _spread_totals(
    rows: _Rows, kind: Literal["daily", "monthly"], profile: str, minutes: int, notes: list[str]
) -> pd.DataFrame:
    """Totals spread over intervals: a day's contacts x the pattern's share of each interval in
    that weekday; a month's contacts x day weight / the month's day weights first (a day's weight
    is its weekday's share of the pattern's week)."""
    shares = np.asarray(load_profile(profile, minutes).shares).reshape(7, -1)
    weekday_weight = shares.sum(axis=1)
    per_day = shares.shape[1]
    if kind == "daily":
        column = rows.columns["date"]
        days = _parse_dates(
            rows.table[column].astype(str).str.strip(), column, "a date such as 2026-01-05"
        )
        days = days.dt.normalize()
        _refuse_duplicates(days, column, lambda t: f"the day {t:%Y-%m-%d}")
        totals = pd.DataFrame({"day": days, "contacts": rows.contacts, "aht": rows.aht})
        totals["row"] = np.arange(len(totals))
        totals = totals.sort_values("day")
        full = pd.date_range(totals["day"].iloc[0], totals["day"].iloc[-1], freq="D")
        missing = full.difference(pd.DatetimeIndex(totals["day"]))
        if len(missing):
            notes.append(_missing_note(len(missing), "day", f"{missing[0]:%Y-%m-%d}"))
        daily = totals.set_index("day").reindex(full)
        daily["contacts"] = daily["contacts"].fillna(0.0)
    else:
        daily = _months_to_days(rows, weekday_weight, notes)
    weekdays = pd.DatetimeIndex(daily.index).day_of_week.to_numpy()
    closed = (weekday_weight[weekdays] <= 0) & (daily["contacts"].to_numpy() > 0)
    if closed.any():
        index = int(np.flatnonzero(closed)[0])
        day = daily.index[index]
        row = daily["row"].iloc[index]
        where = f"Row {_row(int(row))}: " if kind == "daily" and np.isfinite(row) else ""
        raise HistoryError(
            f"{where}{day:%Y-%m-%d} is a {day:%A}, which the arrival pattern "
            f"'{preset_label(profile)}' keeps closed, but has "
            f"{assumption(float(daily['contacts'].iloc[index]))} contacts; "
            f"choose a pattern open that day (one of {', '.join(available_profiles())})"
        )
    with np.errstate(invalid="ignore", divide="ignore"):
        within = shares / weekday_weight[:, None]
    within = np.nan_to_num(within)
    values = daily["contacts"].to_numpy()[:, None] * within[weekdays]
    stamps = np.repeat(daily.index.to_numpy(), per_day) + np.tile(
        np.arange(per_day) * np.timedelta64(minutes, "m"), len(daily)
    )
    handle = np.repeat(daily["aht"].to_numpy(dtype=float), per_day)
    handle = np.where(values.ravel() > 0, handle, np.nan)
    notes.append(
        f"{'Daily' if kind == 'daily' else 'Monthly'} totals spread over {minutes}-minute "
        f"intervals by the arrival pattern '{preset_label(profile)}'."
    )
    return pd.DataFrame({"timestamp": stamps, "contacts": values.ravel(), "aht_seconds": handle})


def _months_to_days(
    rows: _Rows, weekday_weight: npt.NDArray[np.float64], notes: list[str]
) -> pd.DataFrame:
    column = rows.columns["month"]
    stamps = _parse_dates(
        rows.table[column].astype(str).str.strip(), column, "a month such as 2026-01"
    )
    months = stamps.dt.to_period("M")
    _refuse_duplicates(months.dt.to_timestamp(), column, lambda t: f"the month {t:%Y-%m}")
    totals = pd.DataFrame({"month": months, "contacts": rows.contacts, "aht": rows.aht})
    totals = totals.sort_values("month")
    full = pd.period_range(totals["month"].iloc[0], totals["month"].iloc[-1], freq="M")
    missing = full.difference(pd.PeriodIndex(totals["month"]))
    if len(missing):
        notes.append(_missing_note(len(missing), "month", str(missing[0])))
    totals = totals.set_index("month").reindex(full)
    totals["contacts"] = totals["contacts"].fillna(0.0)
    days = pd.date_range(full[0].start_time, full[-1].end_time.normalize(), freq="D")
    day_month = days.to_period("M")
    weight = weekday_weight[days.day_of_week.to_numpy()]
    month_weight = pd.Series(weight).groupby(day_month.to_numpy()).transform("sum").to_numpy()
    month_total = totals["contacts"].reindex(day_month).to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        per_day = np.where(month_weight > 0, month_total * weight / month_weight, 0.0)
    return pd.DataFrame(
        {
            "contacts": per_day,
            "aht": totals["aht"].reindex(day_month).to_numpy(dtype=float),
            "row": np.nan,
        },
        index=days,
    )


def _fill_handle_time(
    frame: pd.DataFrame, has_column: bool, given: float | None, notes: list[str]
) -> pd.DataFrame:
    """Handle time where the file gave none: the history's contact-weighted mean, or the given
    or default handle time when the file has no handle-time column at all."""
    handle = frame["aht_seconds"].to_numpy(dtype=float)
    timed = np.isfinite(handle) & (frame["contacts"].to_numpy() > 0)
    if has_column and timed.any():
        weights = frame["contacts"].to_numpy()[timed]
        fill = float(np.average(handle[timed], weights=weights))
    elif given is not None:
        fill = float(given)
    else:
        fill = DEFAULT_AHT_SECONDS
        notes.append(
            f"The file gives no average handle time; {assumption(fill)} seconds is assumed (add an "
            "aht_seconds column to use the prospect's own)."
        )
    frame = frame.copy()
    frame["aht_seconds"] = np.where(np.isfinite(handle), handle, fill)
    if frame["contacts"].sum() <= 0:
        raise HistoryError("The history has no contacts: every row gives 0")
    return frame.reset_index(drop=True)
