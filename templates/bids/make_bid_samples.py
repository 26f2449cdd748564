"""Make the illustrative contact histories the bid desk offers (see README.md here; named apart
from templates/actuals/make_samples.py so that pytest can collect both for doctests).

Every file is made up here from a seeded random generator: a daily level (weekday pattern x a
mild growth trend x a gentle yearly wave x holiday dips x a few percent of day-to-day noise)
spread over the day by an hourly shape, then Poisson arrivals per interval; handle times vary
around the channel's mean by weekday and hour. Run from the repository root:
`python templates/bids/make_bid_samples.py`; the seed gives the same files every time.

- `voice_customer_service.csv`: a US retailer's customer service line, 30-minute intervals,
  Mon-Fri 08:00-20:00 and Sat 09:00-17:00, Monday peaks, US holidays quiet or closed;
- `chat_web_support.csv`: web chat, every day 08:00-22:00, fewer and longer contacts;
- `email_support.csv`: e-mail arriving around the clock, fewer at night;
- `outbound_renewals.csv`: outbound dials for renewals, Mon-Fri 09:00-20:00, Sat 10:00-14:00;
- `back_office_claims_daily.csv`: daily totals of claims to process (26 weeks, Mon-Fri);
- `voice_help_line_monthly.csv`: monthly totals of a help line (18 months).
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Mapping
from datetime import date
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from planner.data.profiles import load_profile  # noqa: E402

HERE = Path(__file__).resolve().parent
SEED = 2026
FIRST_DAY = date(2025, 10, 1)
LAST_DAY = date(2026, 9, 30)
INTERVAL_MINUTES = 30

US_HOLIDAYS = {
    # day -> share of a normal day's contacts (0: closed)
    date(2025, 11, 27): 0.0,  # Thanksgiving
    date(2025, 11, 28): 0.6,  # the day after
    date(2025, 12, 24): 0.5,
    date(2025, 12, 25): 0.0,
    date(2025, 12, 31): 0.5,
    date(2026, 1, 1): 0.0,
    date(2026, 1, 19): 0.7,  # Martin Luther King Jr. Day
    date(2026, 5, 25): 0.3,  # Memorial Day
    date(2026, 7, 3): 0.3,  # Independence Day observed
    date(2026, 9, 7): 0.3,  # Labor Day
}


def hours_shape(hourly: Mapping[int, float], per_hour: int) -> npt.NDArray[np.float64]:
    """Weights for every interval of a day from {hour: weight}; halves of an hour lean towards
    the next hour's weight so the curve is not a staircase."""
    weights = np.array([hourly.get(h, 0.0) for h in range(25)])
    out = np.zeros(24 * per_hour)
    for h in range(24):
        for k in range(per_hour):
            if weights[h] > 0:
                lean = k / per_hour * 0.5
                nxt = weights[h + 1] if weights[h + 1] > 0 else weights[h]
                out[h * per_hour + k] = weights[h] * (1 - lean) + nxt * lean
    shape: npt.NDArray[np.float64] = out / out.sum()
    return shape


def daily_levels(  # noqa: PLR0917 (a script's helper: the generator's knobs in one call)
    rng: np.random.Generator,
    days: pd.DatetimeIndex,
    weekday_volume: tuple[float, ...],
    growth_per_year: float,
    holidays: dict[date, float],
    noise: float = 0.05,
) -> npt.NDArray[np.float64]:
    """Expected contacts per day: weekday volume x (1 + growth x years) x a yearly wave (+-4 %,
    peak in January) x holiday share x lognormal noise."""
    years = (days - days[0]).days.to_numpy() / 365.25
    wave = 1 + 0.04 * np.cos(2 * np.pi * (days.day_of_year.to_numpy() - 15) / 365.25)
    weekday = np.array(weekday_volume)[days.day_of_week.to_numpy()]
    holiday = np.array([holidays.get(d.date(), 1.0) for d in days])
    jitter = rng.lognormal(0.0, noise, len(days))
    level: npt.NDArray[np.float64] = (
        weekday * (1 + growth_per_year * years) * wave * holiday * jitter
    )
    return level


def interval_history(  # noqa: PLR0917 (a script's helper: the generator's knobs in one call)
    rng: np.random.Generator,
    weekday_volume: tuple[float, ...],
    shapes: list[npt.NDArray[np.float64]],
    aht_seconds: float,
    growth_per_year: float,
    holidays: dict[date, float],
) -> pd.DataFrame:
    """One row per 30-minute interval: timestamp, contacts (Poisson around the day's level x
    the weekday's shape), aht_seconds (blank where no contacts)."""
    days = pd.date_range(FIRST_DAY, LAST_DAY, freq="D")
    level = daily_levels(rng, days, weekday_volume, growth_per_year, holidays)
    per_day = 24 * 60 // INTERVAL_MINUTES
    shape = np.stack([shapes[d] for d in days.day_of_week])
    expected = level[:, None] * shape
    contacts = rng.poisson(expected).ravel()
    hour = np.tile(np.arange(per_day) * INTERVAL_MINUTES / 60, len(days))
    weekday = np.repeat(days.day_of_week.to_numpy(), per_day)
    # Longer calls on Mondays and in the evening; the mean of n calls varies by about 1/sqrt(n).
    mean_aht = aht_seconds * (1 + 0.04 * (weekday == 0) + 0.05 * (hour >= 17))
    spread = aht_seconds * 0.5 / np.sqrt(np.maximum(contacts, 1))
    aht = np.round(np.maximum(mean_aht + rng.normal(0, 1, contacts.size) * spread, 0.4 * mean_aht))
    stamps = np.repeat(days.to_numpy(), per_day) + np.tile(
        np.arange(per_day) * np.timedelta64(INTERVAL_MINUTES, "m"), len(days)
    )
    return pd.DataFrame(
        {
            "timestamp": pd.DatetimeIndex(stamps).strftime("%Y-%m-%d %H:%M"),
            "contacts": contacts,
            "aht_seconds": np.where(contacts > 0, aht.astype(int).astype(str), ""),
        }
    )


def write(frame: pd.DataFrame, name: str) -> None:
    frame.to_csv(HERE / name, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)


def main() -> None:
    rng = np.random.default_rng(SEED)
    per_hour = 60 // INTERVAL_MINUTES
    office = {8: 6, 9: 10, 10: 12, 11: 11.5, 12: 9, 13: 9, 14: 10, 15: 10, 16: 9, 17: 7}
    office |= {18: 5, 19: 3.5}
    saturday = {9: 5, 10: 7, 11: 7, 12: 6, 13: 5, 14: 4, 15: 3, 16: 2}
    closed = np.zeros(24 * per_hour)
    voice_day, voice_sat = hours_shape(office, per_hour), hours_shape(saturday, per_hour)
    voice = interval_history(
        rng,
        (2000, 1700, 1600, 1600, 1500, 700, 0),
        [voice_day] * 5 + [voice_sat, closed],
        aht_seconds=380,
        growth_per_year=0.08,
        holidays=US_HOLIDAYS,
    )
    write(voice, "voice_customer_service.csv")

    chat_hours = {
        h: w for h, w in zip(range(8, 22), (3, 6, 8, 8, 7, 7, 8, 8, 7, 6, 6, 7, 6, 4), strict=True)
    }
    chat_shape = hours_shape(chat_hours, per_hour)
    chat = interval_history(
        rng,
        (420, 380, 370, 370, 340, 250, 230),
        [chat_shape] * 7,
        aht_seconds=540,
        growth_per_year=0.15,
        holidays={d: max(share, 0.5) for d, share in US_HOLIDAYS.items()},
    )
    write(chat, "chat_web_support.csv")

    email_hours = {h: 1.0 for h in range(24)} | {h: 2.5 for h in range(7, 9)}
    email_hours |= {h: 4.0 for h in range(9, 18)} | {h: 2.5 for h in range(18, 23)}
    email_shape = hours_shape(email_hours, per_hour)
    email = interval_history(
        rng,
        (900, 820, 800, 800, 760, 480, 450),
        [email_shape] * 7,
        aht_seconds=420,
        growth_per_year=0.06,
        holidays={d: max(share, 0.6) for d, share in US_HOLIDAYS.items()},
    )
    write(email, "email_support.csv")

    dial_hours = {h: 8.0 for h in range(9, 20)} | {12: 6.0, 13: 6.0, 17: 10.0, 18: 10.0}
    dial_sat = {h: 6.0 for h in range(10, 14)}
    outbound = interval_history(
        rng,
        (3000, 3000, 3000, 3000, 2600, 900, 0),
        [hours_shape(dial_hours, per_hour)] * 5 + [hours_shape(dial_sat, per_hour), closed],
        aht_seconds=111,  # 30 % reach someone (240 s talk + 60 s wrap), 70 % 30 s: about 111 s
        growth_per_year=0.0,
        holidays=US_HOLIDAYS,
    )
    write(outbound, "outbound_renewals.csv")

    days = pd.date_range(date(2026, 4, 1), LAST_DAY, freq="D")
    claims = rng.poisson(
        daily_levels(rng, days, (1300, 1200, 1150, 1150, 1100, 0, 0), 0.1, US_HOLIDAYS)
    )
    claims_aht = np.round(480 + rng.normal(0, 12, len(days)))
    daily = pd.DataFrame(
        {
            "date": days.strftime("%Y-%m-%d"),
            "items": claims,
            "aht_seconds": np.where(claims > 0, claims_aht.astype(int).astype(str), ""),
        }
    )
    write(daily, "back_office_claims_daily.csv")

    months = pd.period_range("2025-04", "2026-09", freq="M")
    trend = 26_000 * 1.02 ** np.arange(len(months))
    # A month's calls follow its days' weight in the help line's week (more weekdays, more calls).
    day_weight = load_profile("extended_hours", 60).shares.reshape(7, 24).sum(axis=1) * 7
    days = pd.date_range(months[0].start_time, months[-1].end_time.normalize(), freq="D")
    weight = pd.Series(day_weight[days.day_of_week]).groupby(days.to_period("M")).sum()
    calls = np.round(trend * weight.to_numpy() / 30.4 * rng.lognormal(0, 0.01, len(months)))
    monthly = pd.DataFrame(
        {
            "month": months.strftime("%Y-%m"),
            "calls offered": calls.astype(int),
            "AHT": np.round(330 + rng.normal(0, 6, len(months))).astype(int),
        }
    )
    write(monthly, "voice_help_line_monthly.csv")


if __name__ == "__main__":
    main()
