"""Shift scheduling speed: a year of 30-minute intervals (17,520) through `schedule_shifts`.

Prints figures (not a test). Run: .venv/bin/python benchmarks/bench_shifts.py
The requirement is realistic and seeded: 0 to 60 agents, business hours on weekdays with an
evening tail and a lighter Saturday, a midday peak, nobody needed overnight or on Sunday
morning, a 3 % yearly trend, a summer dip and interval noise, so no two months are the same (the
cache of identical months does not help). The default shift rules: 8- and 9-hour shifts with 30-
and 60-minute breaks, starting on the half hour (672 shift types a week). Each month solved with
the default time limit; best of three runs.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from planner.bid.shifts import schedule_shifts  # noqa: E402


def requirement(seed: int = 7) -> pd.DataFrame:
    """A year of 30-minute intervals from Monday 2027-01-04: whole agents, 0 to 60."""
    rng = np.random.default_rng(seed)
    stamps = pd.date_range("2027-01-04", periods=365 * 48, freq="30min")
    hour = stamps.hour + stamps.minute / 60
    weekday = stamps.day_of_week
    day_shape = np.clip(np.sin((hour - 7) / 14 * np.pi), 0, None) ** 0.8  # 07:00 to 21:00
    day_shape = day_shape * (1 + 0.25 * np.exp(-(((hour - 12.5) / 2) ** 2)))  # the midday peak
    weekday_factor = np.select([weekday < 5, weekday == 5], [1.0, 0.55], 0.2)
    days = (stamps - stamps[0]).days.to_numpy()
    season = (1 + 0.03 * days / 365) * (1 - 0.12 * np.exp(-(((days - 210) / 30) ** 2)))
    mean = 48 * day_shape * weekday_factor * season
    agents = np.clip(np.round(mean * rng.normal(1, 0.06, len(stamps))), 0, 60)
    return pd.DataFrame({"timestamp": stamps, "required": agents.astype(int)})


def main() -> None:
    table = requirement()
    times = []
    for _ in range(3):
        start = time.perf_counter()
        roster = schedule_shifts(table, interval_minutes=30, paid_hours_per_month=160.0)
        times.append(time.perf_counter() - start)
    covered = bool((roster.coverage["scheduled"] >= roster.coverage["required"]).all())
    print(f"intervals: {len(table):,}  peak agents: {int(table['required'].max())}")
    runs = ", ".join(f"{t:.2f}" for t in times)
    print(f"schedule_shifts, best of 3: {min(times):.2f} s  (runs: {runs})")
    print(
        f"months: {len(roster.fte_by_month)}  shift rows: {len(roster.shifts):,}  "
        f"every interval covered: {covered}  proved cheapest: {roster.optimal}  "
        f"at most {roster.optimality_gap:.2%} above the cheapest possible"
    )
    print(
        f"required hours: {roster.required_hours:,.0f}  scheduled hours: "
        f"{roster.scheduled_hours:,.0f}  scheduling loss: {roster.scheduling_loss:.1%}"
    )
    print(
        f"paid hours: {roster.paid_hours:,.0f}  mean scheduled FTE: "
        f"{roster.fte_by_month['scheduled_fte'].mean():.1f}"
    )


if __name__ == "__main__":
    main()
