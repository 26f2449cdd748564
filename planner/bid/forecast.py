"""The next months of contacts by interval, forecast from a prospect's history.

Design (fast: two small model fits, whatever the number of intervals):

1. **Daily totals** of the history's complete days (a first or last day the file covers only in
   part is left out) are forecast with statsmodels' ETS (`ETSModel`: additive errors, a damped
   additive trend and an additive weekly season of 7 days; initial states from statsmodels'
   heuristic), which also gives the `level` prediction interval of each day's total. A history
   of monthly totals (at least `MIN_MONTHS` months before the held-back one) is forecast month
   by month instead: ETS (damped trend, no season) of each month's contacts per weighted day
   (a day's weight: its weekday's share of the recent weeks' contacts x 7), then each future day
   gets the month's rate x its weight.
2. **Into intervals**: each forecast day is spread by its weekday's intraday shares, estimated
   from the last `RECENT_WEEKS` weeks of history: share[weekday, slot] = contacts in that slot on
   that weekday / all contacts on that weekday (a weekday without contacts in those weeks stays
   at 0). contacts = day forecast x share.
3. **Interval prediction interval** (an approximation, stated here): the day's uncertainty is
   scaled by the share and arrivals within an interval add Poisson noise, so
   sd = sqrt((share x sd_day)^2 + contacts), with sd_day = (day upper - day forecast) / z and z
   the normal quantile of (1 + level) / 2; lower = max(0, contacts - z x sd), upper = contacts +
   z x sd. Day-to-day errors are taken as independent of where in the day the contacts fall.
4. **Handle time**: the contact-weighted mean of the last `RECENT_WEEKS` weeks by weekday and
   time of day (no trend); a slot without contacts in those weeks takes those weeks' mean.
5. **Held-back check**: the same steps fitted on all but the last `holdout_weeks` weeks forecast
   those weeks; MAPE = mean over held-back intervals with contacts of |actual - forecast| /
   actual. The seasonal-naive forecast repeats the last week before the held-back weeks (each
   interval takes the same interval of that week) and is scored on the same intervals. A history
   of monthly totals holds back the whole months those weeks fall in (`holdout_start`). The
   model is then fitted again on the whole history for the future, starting from the held-back
   fit's parameters.

The forecast starts the day after the history's last complete day and runs `months` calendar
months (a history ending on 30 September gives October to September).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np
import numpy.typing as npt
import pandas as pd
from statsmodels.tsa.exponential_smoothing.ets import ETSModel
from threadpoolctl import threadpool_limits

from planner.bid.history import HistoryError
from planner.bid.types import Forecast, History
from planner.report.format import assumption

MIN_WEEKS = 8
"""The forecast needs at least this many weeks of complete days of history."""
RECENT_WEEKS = 8
"""Intraday shares and handle times come from this many most recent weeks (fewer if shorter)."""
MIN_MONTHS = 6
"""A history of monthly totals is forecast month by month when this many months come before the
held-back ones (with fewer, day by day like the others)."""
MIN_FIT_WEEKS = 4
"""The held-back check needs at least this many weeks left to fit on."""

Progress = Callable[[float, str], None]
Matrix = npt.NDArray[np.float64]


@dataclass(frozen=True)
class _Days:
    """Complete days of history as matrices, one row a day, one column an interval of the day."""

    days: pd.DatetimeIndex
    contacts: Matrix
    aht: Matrix
    interval_minutes: int


def mape(actual: npt.ArrayLike, forecast: npt.ArrayLike) -> float:
    """Mean absolute percentage error as a fraction, over the entries whose actual is above 0:
    mean(|actual - forecast| / actual).

    Worked example: actuals 10, 0, 20 and forecasts 12, 3, 15: the 0 is left out;
    (|10 - 12| / 10 + |20 - 15| / 20) / 2 = (0.2 + 0.25) / 2 = 0.225.

    >>> mape([10, 0, 20], [12, 3, 15])
    0.225
    """
    a = np.asarray(actual, dtype=float)
    f = np.asarray(forecast, dtype=float)
    used = a > 0
    if not used.any():
        return float("nan")
    return float(np.mean(np.abs(a[used] - f[used]) / a[used]))


def seasonal_naive(history_weeks: Matrix, weeks_ahead: int) -> Matrix:
    """The last week (7 rows of days) repeated `weeks_ahead` times: each interval takes the same
    interval of the last week before the forecast.

    >>> seasonal_naive(np.arange(14.0).reshape(14, 1), 2).ravel().tolist()
    [7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0]
    """
    return np.tile(history_weeks[-7:], (weeks_ahead, 1))


def intraday_shares(days: pd.DatetimeIndex, contacts: Matrix) -> Matrix:
    """7 x slots: share[weekday, slot] = contacts in the slot on that weekday / all contacts on
    that weekday, over the days given (0 for a weekday without contacts).

    Worked example: two Mondays with 2 slots, (1, 3) and (3, 3): slot sums 4 and 6 of 10, so
    Monday's shares are 0.4 and 0.6.

    >>> mondays = pd.DatetimeIndex(["2026-01-05", "2026-01-12"])
    >>> intraday_shares(mondays, np.array([[1.0, 3.0], [3.0, 3.0]]))[0].tolist()
    [0.4, 0.6]
    """
    weekday = days.day_of_week.to_numpy()
    sums = np.zeros((7, contacts.shape[1]))
    np.add.at(sums, weekday, contacts)
    totals = sums.sum(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        shares = np.where(totals > 0, sums / totals, 0.0)
    return shares


def forecast_history(
    history: History,
    *,
    months: int = 12,
    holdout_weeks: int = 2,
    level: float = 0.8,
    progress: Progress | None = None,
) -> Forecast:
    """Forecast the next `months` months by interval from `history` (see the module's design),
    with the `level` prediction interval and the held-back check of the last `holdout_weeks`.

    Raises `HistoryError` for a history shorter than `MIN_WEEKS` weeks of complete days, and for
    `months` outside 1-36, `holdout_weeks` outside 1-8 or leaving fewer than `MIN_FIT_WEEKS`
    weeks to fit on, and `level` outside 0.5-0.99.
    """
    report = progress or _silent
    _check_settings(months, holdout_weeks, level)
    report(0.05, "Reading the history")
    data = _complete_days(history)
    weeks = len(data.days) / 7
    if weeks < MIN_WEEKS:
        raise HistoryError(
            f"History covers {_weeks_text(len(data.days))}; the forecast needs at least "
            f"{MIN_WEEKS} weeks of history"
        )
    monthly = history.source == "monthly"
    cut = holdout_start(data.days, holdout_weeks, monthly)
    held = _held_text(data.days[cut:], holdout_weeks, monthly)
    if cut < 7 * MIN_FIT_WEEKS:
        raise HistoryError(
            f"History covers {_weeks_text(len(data.days))}: holding back {held} for the "
            f"accuracy check leaves fewer than {MIN_FIT_WEEKS} weeks to fit on; hold back fewer "
            "weeks"
        )
    report(0.15, f"Checking the forecast on {held} held back")
    # Month by month only when the held-back check can fit the same model: MIN_MONTHS months
    # before the held-back ones.
    by_month = monthly and len(data.days[:cut].to_period("M").unique()) >= MIN_MONTHS
    check = _holdout_check(data, cut, level, by_month=by_month)
    report(0.55, f"Forecasting the next {months} months")
    start = data.days[-1] + pd.Timedelta(days=1)
    future_days = pd.date_range(start, start + pd.DateOffset(months=months), freq="D")[:-1]
    future = _forecast_intervals(data, future_days, level, by_month=by_month, start=check.params)
    aht = _aht_profile(data)[future_days.day_of_week.to_numpy()]
    intervals = pd.DataFrame(
        {
            "timestamp": _stamps(future_days, data.interval_minutes),
            "contacts": future.contacts.ravel(),
            "lower": future.lower.ravel(),
            "upper": future.upper.ravel(),
            "aht_seconds": aht.ravel(),
        }
    )
    report(1.0, "Forecast done")
    return Forecast(
        intervals=intervals,
        holdout=check.table,
        mape=check.mape,
        naive_mape=check.naive_mape,
        holdout_weeks=holdout_weeks,
        level=level,
        method=_method_text(data, by_month=by_month),
        interval_minutes=data.interval_minutes,
    )


def _silent(fraction: float, message: str) -> None:
    del fraction, message


def _check_settings(months: int, holdout_weeks: int, level: float) -> None:
    if not 1 <= months <= 36:
        raise HistoryError(f"Months to forecast must be a whole number from 1 to 36; got {months}")
    if not 1 <= holdout_weeks <= 8:
        raise HistoryError(
            f"Weeks held back for the accuracy check must be from 1 to 8; got {holdout_weeks}"
        )
    if not 0.5 <= level <= 0.99:
        raise HistoryError(
            "The prediction interval's level must be from 0.5 to 0.99 (0.8 = 80 %); got "
            f"{assumption(level)}"
        )


def _held_text(held_days: pd.DatetimeIndex, holdout_weeks: int, monthly: bool) -> str:
    """ "2 weeks", or for monthly totals "the last month" / "the last 2 months" """
    if not monthly:
        return f"{holdout_weeks} week{'s' if holdout_weeks != 1 else ''}"
    count = len(held_days.to_period("M").unique())
    return "the last month" if count == 1 else f"the last {count} months"


def _weeks_text(days: int) -> str:
    """ "5 weeks (38 days)" """
    weeks = days // 7
    return f"{weeks} week{'s' if weeks != 1 else ''} ({days} day{'s' if days != 1 else ''})"


def _complete_days(history: History) -> _Days:
    """The history's days that it covers from 00:00 to the day's last interval."""
    minutes = history.interval_minutes
    per_day = 24 * 60 // minutes
    frame = history.intervals
    stamps = pd.DatetimeIndex(frame["timestamp"])
    first = stamps[0].normalize()
    if stamps[0] != first:
        first += pd.Timedelta(days=1)
    last = stamps[-1].normalize()
    if stamps[-1] != last + pd.Timedelta(minutes=24 * 60 - minutes):
        last -= pd.Timedelta(days=1)
    keep = (stamps >= first) & (stamps < last + pd.Timedelta(days=1))
    count = int(keep.sum()) // per_day
    days = pd.date_range(first, periods=count, freq="D")
    contacts = frame["contacts"].to_numpy(dtype=float)[keep].reshape(count, per_day)
    aht = frame["aht_seconds"].to_numpy(dtype=float)[keep].reshape(count, per_day)
    return _Days(days=days, contacts=contacts, aht=aht, interval_minutes=minutes)


@dataclass(frozen=True)
class _DayForecast:
    """ETS forecast of daily totals: the mean and the half-width of the prediction interval per
    day (both at least 0), and the fitted smoothing parameters (to start the next fit from)."""

    mean: Matrix
    half_width: Matrix
    params: Matrix


def _fit_and_predict(
    series: Matrix, horizon: int, level: float, start: Matrix | None, **spec: object
) -> _DayForecast:
    """Fit `ETSModel(series, error="add", **spec)` by maximum likelihood (from `start`, the
    parameters of an earlier fit of the same model, when given) and predict the next `horizon`
    values with their `level` prediction interval's half-width; HistoryError when it cannot."""
    model = ETSModel(pd.Series(series, index=pd.RangeIndex(len(series))), error="add", **spec)
    # One BLAS thread: these fits are small, and threads that wait for a busy core make them
    # several times slower; convergence remarks are silenced (the fit is still usable).
    with warnings.catch_warnings(), threadpool_limits(limits=1):
        warnings.simplefilter("ignore")
        try:
            fitted = model.fit(disp=False, maxiter=200, start_params=start)
            prediction = fitted.get_prediction(start=len(series), end=len(series) + horizon - 1)
            summary = prediction.summary_frame(alpha=1 - level)
        except (ValueError, IndexError, np.linalg.LinAlgError) as exc:
            raise HistoryError(_UNFIT) from exc
    mean = summary["mean"].to_numpy(dtype=float)
    if not np.isfinite(mean).all():
        raise HistoryError(_UNFIT)
    half = summary["pi_upper"].to_numpy(dtype=float) - mean
    return _DayForecast(
        mean=mean, half_width=np.maximum(np.nan_to_num(half), 0.0), params=fitted.params
    )


_UNFIT = (
    "The forecast could not be fitted to this history: its daily totals are too irregular "
    "(check the file for months of zeros or a change of layout part way)"
)


def _daily_forecast(
    totals: Matrix, horizon: int, level: float, start: Matrix | None = None
) -> _DayForecast:
    """ETS(A, Ad, A) with a 7-day season fitted by maximum likelihood; the initial level, trend
    and season come from statsmodels' heuristic (the first weeks), which fits in a tenth of the
    time of estimating them and forecast the samples' held-back weeks as well or better."""
    days = _fit_and_predict(
        totals,
        horizon,
        level,
        start,
        trend="add",
        damped_trend=True,
        seasonal="add",
        seasonal_periods=7,
        initialization_method="heuristic",
    )
    return _DayForecast(np.maximum(days.mean, 0.0), days.half_width, days.params)


@dataclass(frozen=True)
class _IntervalForecast:
    contacts: Matrix
    lower: Matrix
    upper: Matrix
    params: Matrix


def weekday_weights(days: pd.DatetimeIndex, totals: Matrix) -> Matrix:
    """Each weekday's contacts relative to the average day, over whole weeks of daily totals:
    weight[d] = 7 x contacts on weekday d / all contacts (the seven weights sum to 7).

    >>> week = pd.date_range("2026-01-05", periods=7, freq="D")  # Monday to Sunday
    >>> weekday_weights(week, np.array([2.0, 1, 1, 1, 1, 1, 0])).tolist()
    [2.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.0]
    """
    sums = np.zeros(7)
    np.add.at(sums, days.day_of_week.to_numpy(), totals)
    return sums / sums.sum() * 7 if sums.sum() > 0 else np.ones(7)


def _monthly_forecast(
    data: _Days, future_days: pd.DatetimeIndex, level: float, start: Matrix | None
) -> _DayForecast:
    """For a history of monthly totals: ETS(A, Ad, N) of each month's contacts per weighted day
    (month's contacts / the sum of its days' `weekday_weights`), forecast for the future months
    and handed back per day as rate x the day's weekday weight (the interval likewise)."""
    recent = slice(-7 * RECENT_WEEKS, None)
    totals = data.contacts.sum(axis=1)
    weights = weekday_weights(data.days[recent], totals[recent])
    months = data.days.to_period("M")
    day_weight = weights[data.days.day_of_week.to_numpy()]
    rate = pd.Series(totals).groupby(months).sum() / pd.Series(day_weight).groupby(months).sum()
    steps = np.array([(m - months[-1]).n for m in future_days.to_period("M")])
    rates = _fit_and_predict(
        rate.to_numpy(dtype=float),
        int(steps.max()),
        level,
        start,
        trend="add",
        damped_trend=True,
    )
    mean, half = rates.mean[steps - 1], rates.half_width[steps - 1]
    future_weight = weights[future_days.day_of_week.to_numpy()]
    return _DayForecast(
        mean=np.maximum(mean * future_weight, 0.0),
        half_width=half * future_weight,
        params=rates.params,
    )


def _forecast_intervals(
    data: _Days,
    future_days: pd.DatetimeIndex,
    level: float,
    *,
    by_month: bool = False,
    start: Matrix | None = None,
) -> _IntervalForecast:
    """contacts, lower and upper per future day and interval (see the module's steps 1-3)."""
    recent = slice(-7 * RECENT_WEEKS, None)
    shares = intraday_shares(data.days[recent], data.contacts[recent])
    if by_month:
        days = _monthly_forecast(data, future_days, level, start)
    else:
        days = _daily_forecast(data.contacts.sum(axis=1), len(future_days), level, start)
    share = shares[future_days.day_of_week.to_numpy()]
    z = NormalDist().inv_cdf((1 + level) / 2)
    contacts = days.mean[:, None] * share
    sd = np.sqrt((share * days.half_width[:, None] / z) ** 2 + contacts)
    return _IntervalForecast(
        contacts=contacts,
        lower=np.maximum(contacts - z * sd, 0.0),
        upper=contacts + z * sd,
        params=days.params,
    )


@dataclass(frozen=True)
class _Check:
    table: pd.DataFrame
    mape: float
    naive_mape: float
    params: Matrix


def holdout_start(days: pd.DatetimeIndex, holdout_weeks: int, monthly: bool) -> int:
    """Index of the first held-back day: the last `holdout_weeks` weeks, or for a history of
    monthly totals the whole months that hold them (inside a month such a history repeats the
    arrival pattern's week, which any check inside the month would only find again).

    >>> days = pd.date_range("2026-08-01", "2026-09-30", freq="D")
    >>> days[holdout_start(days, 2, False)].date(), days[holdout_start(days, 2, True)].date()
    (datetime.date(2026, 9, 17), datetime.date(2026, 9, 1))
    """
    cut = len(days) - 7 * holdout_weeks
    if monthly:
        first_of_month = days[cut].replace(day=1)
        cut = int(days.searchsorted(first_of_month)) if first_of_month >= days[0] else cut
    return cut


def _holdout_check(data: _Days, cut: int, level: float, *, by_month: bool) -> _Check:
    """Forecast the held-back days (`holdout_start`) from the days before them; the table of
    actual, forecast and seasonal-naive per held-back interval, the model's MAPE and the naive
    MAPE."""
    fit = _Days(data.days[:cut], data.contacts[:cut], data.aht[:cut], data.interval_minutes)
    held_days = data.days[cut:]
    model = _forecast_intervals(fit, held_days, level, by_month=by_month)
    forecast = model.contacts
    naive = np.resize(fit.contacts[-7:], data.contacts[cut:].shape)  # the last week, repeated
    actual = data.contacts[cut:]
    table = pd.DataFrame(
        {
            "timestamp": _stamps(held_days, data.interval_minutes),
            "actual": actual.ravel(),
            "forecast": forecast.ravel(),
            "naive": naive.ravel(),
        }
    )
    return _Check(table, mape(actual, forecast), mape(actual, naive), model.params)


def _aht_profile(data: _Days) -> Matrix:
    """7 x slots of handle time: the contact-weighted mean of the recent weeks by weekday and
    slot; slots without contacts take the recent weeks' mean."""
    recent = slice(-7 * RECENT_WEEKS, None)
    days, contacts, aht = data.days[recent], data.contacts[recent], data.aht[recent]
    weekday = days.day_of_week.to_numpy()
    work = np.zeros((7, contacts.shape[1]))
    count = np.zeros_like(work)
    np.add.at(work, weekday, contacts * aht)
    np.add.at(count, weekday, contacts)
    overall = float(work.sum() / count.sum()) if count.sum() > 0 else float(np.nanmean(aht))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(count > 0, work / count, overall)


def _stamps(days: pd.DatetimeIndex, minutes: int) -> pd.DatetimeIndex:
    per_day = 24 * 60 // minutes
    offsets = np.arange(per_day) * np.timedelta64(minutes, "m")
    return pd.DatetimeIndex((days.to_numpy()[:, None] + offsets[None, :]).ravel())


def _method_text(data: _Days, *, by_month: bool) -> str:
    recent = min(RECENT_WEEKS, len(data.days) // 7)
    minutes = data.interval_minutes
    model = (
        "Exponential smoothing (statsmodels ETS: damped trend) of the monthly totals per "
        "working day, each month shared over its days by the weekly pattern; the accuracy check "
        "holds back whole months"
        if by_month
        else "Exponential smoothing (statsmodels ETS: damped trend, weekly pattern) of the daily "
        "totals"
    )
    return (
        f"{model}; each day spread over {minutes}-minute intervals by that weekday's shares in "
        f"the last {recent} weeks; handle time: the last {recent} weeks' average by weekday and "
        "time of day."
    )
