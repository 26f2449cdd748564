"""Arrival profiles: how a queue's contacts spread over the week (`arrival_profiles/*.yaml`).

Each file gives 24 hourly weights for every weekday. `load_profile` turns them into the shares of a
week's contacts per 15-, 30- or 60-minute interval, Monday 00:00 first, which the engine's workload
stage receives as data (the engine reads no files). The plan's model checks a queue's profile name
against `available_profiles` when the plan is validated.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt
import yaml

from planner.data import data_path

PROFILE_DIR = data_path("arrival_profiles")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class ArrivalProfile:
    """One week of arrival shares, Monday 00:00 first.

    `shares` has 7 x 24 x 60 / interval_minutes entries, sums to 1 over the week, 0 where closed.
    """

    name: str
    interval_minutes: int
    shares: npt.NDArray[np.float64]


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
    return ArrivalProfile(name=name, interval_minutes=interval_minutes, shares=shares)


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
