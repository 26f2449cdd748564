"""Arrival profiles: how a queue's contacts spread over the week (`arrival_profiles/*.yaml`).

Each file (a *preset*) gives 24 hourly weights for every weekday. `load_profile` turns them into
the shares of a week's contacts per 15-, 30- or 60-minute interval, Monday 00:00 first, which the
engine's workload stage receives as data (the engine reads no files). The plan's model checks a
queue's profile name against `available_profiles` when the plan is validated.

A plan may also hold its own weekly grid (`QueueWorkload.pattern`): 24 relative weights per day and
opening hours per day, in the clients' time zone. `grid_shares` turns such a grid into the same
shares: each hour's weight is split over its four quarter-hours, quarter-hours outside the day's
opening hours get 0, the quarters are summed per interval and the week is scaled to sum to 1.
`site_hours` shows the opening hours in the delivery site's time zone (a Manila team serving New
York clinics 08:00-17:00 works 20:00-05:00, a night shift).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

import numpy as np
import numpy.typing as npt
import yaml

from planner.data import data_path

PROFILE_DIR = data_path("arrival_profiles")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DAY_SHORT = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
DAY_MINUTES = 24 * 60
WEEK_MINUTES = 7 * DAY_MINUTES
QUARTER = 15
"""Opening hours are set to the quarter-hour; the grid's hourly weight is split over 4 quarters."""
NIGHT = (22 * 60, 6 * 60)
"""Night work at the site: from 22:00 to 06:00 (site time)."""

DayHours = tuple[int, int] | None
"""A day's opening hours in minutes after midnight, (open, close) with open < close <= 1440;
None when closed. (480, 1020) is 08:00-17:00."""


@dataclass(frozen=True)
class ArrivalProfile:
    """One week of arrival shares, Monday 00:00 first.

    `shares` has 7 x 24 x 60 / interval_minutes entries, sums to 1 over the week, 0 where closed.
    """

    name: str
    interval_minutes: int
    shares: npt.NDArray[np.float64]
    open: npt.NDArray[np.bool_] | None = None
    """True for the intervals the team works in (the opening hours; an interval open for part
    of it counts as open); None: every interval with a share above 0 (`open_intervals`)."""

    def open_intervals(self) -> npt.NDArray[np.bool_]:
        """The intervals the team works in, Monday 00:00 first (`open`, else share > 0)."""
        if self.open is not None:
            return self.open
        out: npt.NDArray[np.bool_] = np.asarray(self.shares) > 0
        return out


def available_profiles() -> list[str]:
    """Names of the arrival profiles shipped in planner/data/arrival_profiles, sorted.

    >>> available_profiles()
    ['24x7', 'business_hours', 'extended_hours']
    """
    return list(_profile_names())


@lru_cache(maxsize=1)
def _profile_names() -> tuple[str, ...]:
    # Shipped files do not change while the planner runs: one listing serves every validation.
    return tuple(sorted(path.stem for path in PROFILE_DIR.glob("*.yaml")))


@lru_cache(maxsize=64)
def load_profile(name: str, interval_minutes: int = 30) -> ArrivalProfile:
    """Read planner/data/arrival_profiles/<name>.yaml (24 hourly weights per weekday) into shares.

    Each hour's weight is split evenly over its intervals (the interval must divide the hour) and
    the week is scaled to sum to 1. Profiles are cached (one file read per name and interval
    length), so the returned array is read-only.

    >>> profile = load_profile("business_hours", 30)
    >>> profile.shares.shape, round(float(profile.shares.sum()), 12)
    ((336,), 1.0)
    """
    if not 0 < interval_minutes <= 60 or 60 % interval_minutes:
        raise ValueError(
            f"interval_minutes must divide an hour (15, 30, 60...), got {interval_minutes}"
        )
    names = available_profiles()
    if name not in names:
        raise ValueError(f"profile must be one of {', '.join(names)}, got {name!r}")
    hourly = _hourly_weights(name)  # shape (7 * 24,)
    per_hour = 60 // interval_minutes
    shares = np.repeat(hourly / per_hour, per_hour) / hourly.sum()
    shares.setflags(write=False)
    is_open = open_intervals(preset_opening(name), interval_minutes)
    return ArrivalProfile(name, interval_minutes, shares, is_open)


@lru_cache(maxsize=32)
def _hourly_weights(name: str) -> npt.NDArray[np.float64]:
    """The file's 7 x 24 weights, Monday 00:00 first; ValueError naming the file and the day."""
    path = PROFILE_DIR / f"{name}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    weights = data.get("hourly_weights") if isinstance(data, dict) else None
    if not isinstance(weights, dict) or set(weights) != set(WEEKDAYS):
        raise ValueError(f"{path.name}: hourly_weights must list {', '.join(WEEKDAYS)}")
    rows = []
    for day in WEEKDAYS:
        row = weights[day]
        if not isinstance(row, list) or len(row) != 24:
            raise ValueError(f"{path.name}: hourly_weights.{day} must have 24 numbers")
        try:
            values = np.asarray(row, dtype=np.float64)
        except (TypeError, ValueError):
            raise ValueError(f"{path.name}: hourly_weights.{day} must be numbers >= 0") from None
        bad = values[~(np.isfinite(values) & (values >= 0))]
        if bad.size:
            raise ValueError(f"{path.name}: hourly_weights.{day} must be >= 0, got {float(bad[0])}")
        rows.append(values)
    hourly = np.concatenate(rows)
    if hourly.sum() <= 0:
        raise ValueError(f"{path.name}: hourly_weights must not all be 0")
    hourly.setflags(write=False)
    return hourly


# --- presets as grids -----------------------------------------------------------------------


@lru_cache(maxsize=8)
def preset_label(name: str) -> str:
    """A preset's name in words with its hours, read from the file's `label` and its weights.

    >>> preset_label("business_hours")
    'Office hours: Mon-Fri 08:00-18:00, Sat 09:00-13:00 (closed Sun)'
    >>> preset_label("24x7")
    'Round the clock: every day 00:00-24:00'
    """
    if name not in available_profiles():
        raise ValueError(f"profile must be one of {', '.join(available_profiles())}, got {name!r}")
    data = yaml.safe_load((PROFILE_DIR / f"{name}.yaml").read_text(encoding="utf-8"))
    label = str(data.get("label") or name) if isinstance(data, dict) else name
    return f"{label}: {hours_text(preset_opening(name))}"


def preset_weights(name: str) -> list[list[float]]:
    """A preset's 7 x 24 hourly weights (Monday first, hour 0 = 00:00-01:00), to load a grid."""
    if name not in available_profiles():
        raise ValueError(f"profile must be one of {', '.join(available_profiles())}, got {name!r}")
    return _hourly_weights(name).reshape(7, 24).tolist()


def preset_opening(name: str) -> list[DayHours]:
    """A preset's opening hours: each day from its first to the end of its last hour with a
    weight above 0 (closed when none), so `grid_shares` of the preset's grid equals its shares."""
    return opening_from_weights(preset_weights(name))


def opening_from_weights(weights: Sequence[Sequence[float]]) -> list[DayHours]:
    """Each day open from the first to the end of the last hour with a weight above 0.

    >>> opening_from_weights([[0] * 8 + [1] * 9 + [0] * 7] + [[0] * 24] * 6)[:2]
    [(480, 1020), None]
    """
    out: list[DayHours] = []
    for row in weights:
        hours = [h for h, w in enumerate(row) if w > 0]
        out.append((hours[0] * 60, (hours[-1] + 1) * 60) if hours else None)
    return out


def clock(minutes: int) -> str:
    """Minutes after midnight as HH:MM (1440 is 24:00, the end of the day).

    >>> clock(480), clock(1440)
    ('08:00', '24:00')
    """
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def hours_text(opening: Sequence[DayHours]) -> str:
    """Opening hours in words, runs of days with the same hours joined ("Mon-Fri 08:00-17:00").

    >>> hours_text([(480, 1020)] * 5 + [None, None])
    'Mon-Fri 08:00-17:00 (closed Sat, Sun)'
    >>> hours_text([None] * 7)
    'closed every day'
    """
    if all(h == opening[0] for h in opening) and opening[0] is not None:
        return f"every day {clock(opening[0][0])}-{clock(opening[0][1])}"
    parts: list[str] = []
    day = 0
    while day < 7:
        end = day
        while end + 1 < 7 and opening[end + 1] == opening[day]:
            end += 1
        hours = opening[day]
        if hours is not None:
            days = DAY_SHORT[day] if end == day else f"{DAY_SHORT[day]}-{DAY_SHORT[end]}"
            parts.append(f"{days} {clock(hours[0])}-{clock(hours[1])}")
        day = end + 1
    closed = [DAY_SHORT[d] for d, h in enumerate(opening) if h is None]
    if not parts:
        return "closed every day"
    return ", ".join(parts) + (f" (closed {', '.join(closed)})" if closed else "")


# --- a plan's own grid ----------------------------------------------------------------------


def open_quarters(opening: Sequence[DayHours]) -> npt.NDArray[np.bool_]:
    """7 x 96 quarter-hours of the week, Monday 00:00 first: True where open."""
    mask = np.zeros((7, DAY_MINUTES // QUARTER), dtype=bool)
    for day, hours in enumerate(opening):
        if hours is not None:
            mask[day, hours[0] // QUARTER : -(-hours[1] // QUARTER)] = True
    return mask.ravel()


def grid_shares(
    weights: Sequence[Sequence[float]], opening: Sequence[DayHours], interval_minutes: int
) -> npt.NDArray[np.float64]:
    """Shares of the week's contacts per interval from a 7 x 24 grid of relative weights and
    opening hours: share_i = sum of open quarter-hours' weight / 4 in interval i / the week's sum.

    Worked example: Monday 08:00-10:00 open, weight 1 at 08:00 and 3 at 09:00 (all else 0), in
    hours: shares 1/4 and 3/4; opening only 08:30-10:00 drops the first half of 08:00-09:00:
    weights 0.5 and 3 of 3.5, i.e. 1/7 and 6/7.

    >>> grid = [[0.0] * 24 for _ in range(7)]
    >>> grid[0][8], grid[0][9] = 1.0, 3.0
    >>> shares = grid_shares(grid, [(510, 600)] + [None] * 6, 60)
    >>> [round(float(x) * 7, 9) for x in shares[8:10]]
    [1.0, 6.0]
    """
    if not 0 < interval_minutes <= 60 or 60 % interval_minutes or interval_minutes % QUARTER:
        raise ValueError(f"interval_minutes must be 15, 30 or 60, got {interval_minutes}")
    hourly = np.asarray(weights, dtype=np.float64)
    if hourly.shape != (7, 24) or not np.all(np.isfinite(hourly) & (hourly >= 0)):
        raise ValueError("weights must be 7 days x 24 hours of numbers >= 0")
    quarters = np.repeat(hourly.ravel() / 4.0, 4) * open_quarters(opening)
    total = quarters.sum()
    if total <= 0:
        raise ValueError("no contacts: open at least one hour with a weight above 0")
    shares: npt.NDArray[np.float64] = (
        quarters.reshape(-1, interval_minutes // QUARTER).sum(axis=1) / total
    )
    shares.setflags(write=False)
    return shares


def grid_profile(
    name: str,
    weights: Sequence[Sequence[float]],
    opening: Sequence[DayHours],
    interval_minutes: int,
) -> ArrivalProfile:
    """An `ArrivalProfile` from a plan's own grid (see `grid_shares`), open in `opening`."""
    shares = grid_shares(weights, opening, interval_minutes)
    return ArrivalProfile(name, interval_minutes, shares, open_intervals(opening, interval_minutes))


def open_intervals(opening: Sequence[DayHours], interval_minutes: int) -> npt.NDArray[np.bool_]:
    """The week's intervals, Monday 00:00 first: True where any of it is within opening hours.

    >>> mask = open_intervals([(510, 600)] + [None] * 6, 60)  # Monday 08:30-10:00
    >>> mask.nonzero()[0].tolist(), mask.size
    ([8, 9], 168)
    """
    quarters = open_quarters(opening).reshape(-1, interval_minutes // QUARTER)
    mask = np.asarray(quarters.any(axis=1), dtype=bool)
    mask.setflags(write=False)
    return mask


# --- time zones -----------------------------------------------------------------------------


@lru_cache(maxsize=1)
def time_zones() -> tuple[str, ...]:
    """The IANA time zone names (America/New_York, Asia/Manila, ...), sorted."""
    return tuple(sorted(z for z in available_timezones() if "/" in z and not z.startswith("Etc")))


def is_time_zone(name: str) -> bool:
    """True for an IANA time zone name this machine knows.

    >>> is_time_zone("America/Bogota"), is_time_zone("Bogota")
    (True, False)
    """
    if name not in time_zones():
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def offset_minutes(client_tz: str, site_tz: str, on: date) -> int:
    """Minutes to add to a client's clock time to get the site's, at noon on `on` (daylight
    saving differs by date: New York to Manila is +12 h in summer, +13 h in winter).

    >>> offset_minutes("America/New_York", "Asia/Manila", date(2027, 1, 15)) / 60
    13.0
    >>> offset_minutes("America/New_York", "Asia/Manila", date(2027, 7, 15)) / 60
    12.0
    """
    noon = datetime(on.year, on.month, on.day, 12)
    client = noon.replace(tzinfo=ZoneInfo(client_tz)).utcoffset() or timedelta(0)
    site = noon.replace(tzinfo=ZoneInfo(site_tz)).utcoffset() or timedelta(0)
    return int((site - client).total_seconds() // 60)


@dataclass(frozen=True)
class SiteShift:
    """One day's opening hours in the clients' time and at the site."""

    day: int
    """The clients' weekday, 0 = Monday."""
    client: tuple[int, int]
    """Open and close in the clients' time, minutes after their midnight."""
    site_start: tuple[int, int]
    """Weekday and minute at the site when the clients' day opens."""
    site_end: tuple[int, int]
    """Weekday and minute at the site when it closes (the next day past midnight)."""
    night_minutes: int
    """Minutes of the shift between 22:00 and 06:00 at the site."""

    def text(self) -> str:
        """ "Mon 08:00-17:00 -> Mon 20:00 to Tue 05:00" """
        day = DAY_SHORT[self.day]
        (d0, m0), (d1, m1) = self.site_start, self.site_end
        there = (
            f"{DAY_SHORT[d0]} {clock(m0)}-{clock(m1)}"
            if d0 == d1
            else f"{DAY_SHORT[d0]} {clock(m0)} to {DAY_SHORT[d1]} {clock(m1)}"
        )
        return f"{day} {clock(self.client[0])}-{clock(self.client[1])} -> {there}"


def site_hours(opening: Sequence[DayHours], offset: int) -> list[SiteShift]:
    """Each open day's hours moved by `offset` minutes into the site's time (from
    `offset_minutes`), with the minutes that fall in the site's night (22:00-06:00).

    >>> [s.text() for s in site_hours([(480, 1020)] + [None] * 6, 12 * 60)]
    ['Mon 08:00-17:00 -> Mon 20:00 to Tue 05:00']
    >>> site_hours([(480, 1020)] + [None] * 6, 12 * 60)[0].night_minutes  # 22:00-05:00
    420
    """
    out: list[SiteShift] = []
    for day, hours in enumerate(opening):
        if hours is None:
            continue
        start = (day * DAY_MINUTES + hours[0] + offset) % WEEK_MINUTES
        length = hours[1] - hours[0]
        end = start + length
        # the end belongs to the day it closes in: 24:00 stays on the opening day
        end_day, end_minute = divmod(end - 1, DAY_MINUTES)
        minutes = (np.arange(start, end) % DAY_MINUTES) if length else np.array([], dtype=int)
        night = int(np.count_nonzero((minutes >= NIGHT[0]) | (minutes < NIGHT[1])))
        out.append(
            SiteShift(
                day=day,
                client=hours,
                site_start=divmod(start, DAY_MINUTES),
                site_end=(end_day % 7, end_minute + 1),
                night_minutes=night,
            )
        )
    return out


def day_hours_text(hours: DayHours) -> str:
    """One day's opening hours as a plan file and the grid write them: "08:00-17:00" or "closed".

    >>> day_hours_text((480, 1440)), day_hours_text(None)
    ('08:00-24:00', 'closed')
    """
    return "closed" if hours is None else f"{clock(hours[0])}-{clock(hours[1])}"


def hourly_shares(
    weights: Sequence[Sequence[float]], opening: Sequence[DayHours]
) -> npt.NDArray[np.float64]:
    """7 x 24 shares of the week's contacts per day and hour (`grid_shares` in hours); a day's
    share is its row's sum."""
    return grid_shares(weights, opening, 60).reshape(7, 24)
