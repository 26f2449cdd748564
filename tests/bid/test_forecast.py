"""The forecast of a prospect's history: its shape, its held-back check against seasonal-naive on
every sample, a hand-checked MAPE, and the refusals."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from planner.bid.forecast import (
    MIN_WEEKS,
    forecast_history,
    holdout_start,
    intraday_shares,
    mape,
    seasonal_naive,
    weekday_weights,
)
from planner.bid.history import HistoryError, read_history
from planner.bid.samples import SAMPLES, Sample, sample_path
from planner.bid.types import Forecast, History

# A week of one-hour intervals: daily totals by weekday (Sunday closed) and an intraday shape
# open 08:00-18:00, the same every week.
DAY_TOTALS = (100.0, 90.0, 90.0, 90.0, 80.0, 40.0, 0.0)
SHAPE = np.array([0] * 8 + [1, 2, 3, 3, 2, 2, 3, 2, 1, 1] + [0] * 6, dtype=float) / 20


def _steady_history(weeks: int, *, start: str = "2026-01-05 00:00") -> History:
    """`weeks` identical weeks of hourly contacts from a Monday; handle time 300 s, except
    Monday 08:00 at 400 s."""
    stamps = pd.date_range(start, periods=weeks * 7 * 24, freq="60min")
    day_total = np.array(DAY_TOTALS)[stamps.day_of_week]
    contacts = day_total * SHAPE[stamps.hour]
    aht = np.where((stamps.day_of_week == 0) & (stamps.hour == 8), 400.0, 300.0)
    frame = pd.DataFrame({"timestamp": stamps, "contacts": contacts, "aht_seconds": aht})
    return History(intervals=frame, interval_minutes=60)


@pytest.fixture(scope="module")
def sample_forecasts() -> dict[str, tuple[History, Forecast]]:
    out = {}
    for item in SAMPLES:
        history = read_history(sample_path(item.key), profile=item.profile)
        out[item.key] = (history, forecast_history(history))
    return out


# --- the small formulas ---------------------------------------------------------------------------


def test_mape_hand_checked() -> None:
    # actual 10, 0, 20, 40; forecast 12, 5, 15, 40: the 0 is left out;
    # (|10 - 12| / 10 + |20 - 15| / 20 + 0 / 40) / 3 = (0.2 + 0.25 + 0) / 3 = 0.15
    assert mape([10, 0, 20, 40], [12, 5, 15, 40]) == pytest.approx(0.15)
    assert np.isnan(mape([0, 0], [1, 2]))


def test_seasonal_naive_repeats_the_last_week() -> None:
    days = np.arange(21.0).reshape(21, 1)  # three weeks, one interval a day
    naive = seasonal_naive(days, 2)
    assert naive.ravel().tolist() == list(range(14, 21)) * 2


def test_intraday_shares_hand_checked() -> None:
    # Two Mondays of three intervals, (1, 2, 1) and (3, 2, 1): sums 4, 4, 2 of 10; a Tuesday
    # of (0, 0, 0) keeps shares of 0.
    days = pd.DatetimeIndex(["2026-01-05", "2026-01-12", "2026-01-06"])
    shares = intraday_shares(days, np.array([[1.0, 2, 1], [3, 2, 1], [0, 0, 0]]))
    assert shares[0].tolist() == pytest.approx([0.4, 0.4, 0.2])
    assert shares[1].tolist() == [0.0, 0.0, 0.0]


def test_weekday_weights_hand_checked() -> None:
    # A week of 100, 90, 90, 90, 80, 40, 0 = 490: Monday 7 x 100 / 490 = 1.428571...
    week = pd.date_range("2026-01-05", periods=7, freq="D")
    weights = weekday_weights(week, np.array(DAY_TOTALS))
    assert weights[0] == pytest.approx(700 / 490)
    assert weights.sum() == pytest.approx(7)


def test_holdout_start_whole_weeks_or_whole_months() -> None:
    days = pd.date_range("2026-07-01", "2026-09-30", freq="D")
    assert days[holdout_start(days, 2, monthly=False)] == pd.Timestamp("2026-09-17")
    assert days[holdout_start(days, 3, monthly=True)] == pd.Timestamp("2026-09-01")
    assert days[holdout_start(days, 6, monthly=True)] == pd.Timestamp("2026-08-01")


# --- a history with no noise ----------------------------------------------------------------------


def test_a_steady_history_is_forecast_as_it_was() -> None:
    forecast = forecast_history(_steady_history(10), months=2)
    frame = forecast.intervals.set_index("timestamp")
    # 10 weeks from Monday 2026-01-05 end on Sunday 2026-03-15: the forecast runs 2026-03-16 to
    # 2026-05-15 (two calendar months), 61 days of 24 hours.
    assert frame.index[0] == pd.Timestamp("2026-03-16 00:00")
    assert frame.index[-1] == pd.Timestamp("2026-05-15 23:00")
    assert len(frame) == 61 * 24
    # A Monday 10:00 had 100 x 3 / 20 = 15 contacts every week.
    assert frame.loc["2026-03-23 10:00", "contacts"] == pytest.approx(15.0, rel=0.01)
    assert frame.loc["2026-03-22 10:00", "contacts"] == 0  # a Sunday stays closed
    assert forecast.mape == pytest.approx(0.0, abs=0.01)


def test_handle_time_is_the_recent_weeks_mean_by_weekday_and_time() -> None:
    frame = forecast_history(_steady_history(10), months=1).intervals.set_index("timestamp")
    assert frame.loc["2026-03-16 08:00", "aht_seconds"] == pytest.approx(400.0)  # a Monday
    assert frame.loc["2026-03-17 08:00", "aht_seconds"] == pytest.approx(300.0)  # a Tuesday
    # 03:00 has no contacts in the history: the recent weeks' contact-weighted mean, just above
    # 300 because Monday 08:00 (400 s) holds 100 x 1 / 20 = 5 of each week's 490 contacts:
    # 300 + 100 x 5 / 490 = 301.0204...
    assert frame.loc["2026-03-16 03:00", "aht_seconds"] == pytest.approx(300 + 500 / 490)


def test_partial_first_day_is_not_counted() -> None:
    # 8 weeks of hours starting at noon: the first and last days are partial, 55 whole days.
    short = _steady_history(8, start="2026-01-05 12:00")
    with pytest.raises(HistoryError) as caught:
        forecast_history(short)
    assert str(caught.value) == (
        "History covers 7 weeks (55 days); the forecast needs at least 8 weeks of history"
    )


def test_too_short_history_is_refused_with_the_weeks_it_has() -> None:
    with pytest.raises(HistoryError) as caught:
        forecast_history(_steady_history(5))
    assert str(caught.value) == (
        f"History covers 5 weeks (35 days); the forecast needs at least {MIN_WEEKS} weeks of "
        "history"
    )


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"months": 0}, "Months to forecast must be a whole number from 1 to 36; got 0"),
        (
            {"holdout_weeks": 0},
            "Weeks held back for the accuracy check must be from 1 to 8; got 0",
        ),
        (
            {"level": 1.0},
            "The prediction interval's level must be from 0.5 to 0.99 (0.8 = 80 %); got 1",
        ),
        (
            {"holdout_weeks": 7},
            "History covers 10 weeks (70 days): holding back 7 weeks for the accuracy check "
            "leaves fewer than 4 weeks to fit on; hold back fewer weeks",
        ),
    ],
)
def test_bad_settings_are_refused(settings: dict[str, float], message: str) -> None:
    with pytest.raises(HistoryError) as caught:
        forecast_history(_steady_history(10), **settings)  # type: ignore[arg-type]
    assert str(caught.value) == message


def test_progress_is_reported_from_start_to_done() -> None:
    seen: list[tuple[float, str]] = []
    forecast_history(_steady_history(10), months=1, progress=lambda f, m: seen.append((f, m)))
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions)
    assert seen[-1] == (1.0, "Forecast done")
    assert any(message == "Checking the forecast on 2 weeks held back" for _, message in seen)


def test_a_monthly_history_too_short_for_its_month_held_back_is_refused() -> None:
    # January and February 2026 (59 days, 8 weeks): 2 weeks held back start on 2026-02-15, so
    # all of February is held back and January's 31 days (4 weeks and 3 days) are fitted on;
    # 5 weeks held back start on 2026-01-25, so both months would be held back, leaving none.
    history = read_history(b"month,calls\n2026-01,1000\n2026-02,1100\n", aht_seconds=300)
    assert forecast_history(history, months=1).holdout["timestamp"].iloc[0] == pd.Timestamp(
        "2026-02-01"
    )
    with pytest.raises(HistoryError) as caught:
        forecast_history(history, holdout_weeks=5)
    assert str(caught.value) == (
        "History covers 8 weeks (59 days): holding back the last 2 months for the accuracy check "
        "leaves fewer than 4 weeks to fit on; hold back fewer weeks"
    )


# --- the samples ----------------------------------------------------------------------------------


@pytest.mark.parametrize("item", SAMPLES, ids=lambda s: s.key)
def test_forecast_beats_seasonal_naive_on_each_sample(
    item: Sample, sample_forecasts: dict[str, tuple[History, Forecast]]
) -> None:
    _, forecast = sample_forecasts[item.key]
    assert forecast.mape < forecast.naive_mape, (forecast.mape, forecast.naive_mape)


@pytest.mark.parametrize("item", SAMPLES, ids=lambda s: s.key)
def test_forecast_shape_on_each_sample(
    item: Sample, sample_forecasts: dict[str, tuple[History, Forecast]]
) -> None:
    _, forecast = sample_forecasts[item.key]
    frame = forecast.intervals
    assert list(frame.columns) == ["timestamp", "contacts", "lower", "upper", "aht_seconds"]
    # Every sample ends on 2026-09-30: twelve months from 2026-10-01, 365 days of 48 intervals.
    assert frame["timestamp"].iloc[0] == pd.Timestamp("2026-10-01 00:00")
    assert frame["timestamp"].iloc[-1] == pd.Timestamp("2027-09-30 23:30")
    assert len(frame) == 365 * 48
    assert (frame["timestamp"].diff().iloc[1:] == pd.Timedelta(minutes=30)).all()
    assert not frame.isna().any().any()
    assert (frame["lower"] >= 0).all()
    assert (frame["lower"] <= frame["contacts"]).all()
    assert (frame["contacts"] <= frame["upper"]).all()
    assert (frame["aht_seconds"] > 0).all()
    assert forecast.interval_minutes == 30
    assert (forecast.level, forecast.holdout_weeks) == (0.8, 2)
    assert "statsmodels ETS" in forecast.method


def test_holdout_table_recomputes_both_mapes(
    sample_forecasts: dict[str, tuple[History, Forecast]],
) -> None:
    history, forecast = sample_forecasts["voice_customer_service"]
    table = forecast.holdout
    assert list(table.columns) == ["timestamp", "actual", "forecast", "naive"]
    # The last two weeks, 2026-09-17 to 2026-09-30, 14 days of 48 intervals.
    assert len(table) == 14 * 48
    assert table["timestamp"].iloc[0] == pd.Timestamp("2026-09-17 00:00")
    assert forecast.mape == pytest.approx(mape(table["actual"], table["forecast"]))
    assert forecast.naive_mape == pytest.approx(mape(table["actual"], table["naive"]))
    # Seasonal-naive: both held-back Thursdays at 10:00 take Thursday 2026-09-10 10:00.
    past = history.intervals.set_index("timestamp")["contacts"]
    held = table.set_index("timestamp")
    for day in ("2026-09-17 10:00", "2026-09-24 10:00"):
        assert held.loc[day, "naive"] == past[pd.Timestamp("2026-09-10 10:00")]
        assert held.loc[day, "actual"] == past[pd.Timestamp(day)]


def test_monthly_totals_hold_back_the_whole_last_month(
    sample_forecasts: dict[str, tuple[History, Forecast]],
) -> None:
    _, forecast = sample_forecasts["voice_help_line_monthly"]
    assert forecast.holdout["timestamp"].iloc[0] == pd.Timestamp("2026-09-01 00:00")
    assert len(forecast.holdout) == 30 * 48
    assert "monthly totals" in forecast.method


def test_closed_sundays_stay_closed(
    sample_forecasts: dict[str, tuple[History, Forecast]],
) -> None:
    _, forecast = sample_forecasts["voice_customer_service"]
    sundays = forecast.intervals[forecast.intervals["timestamp"].dt.day_of_week == 6]
    assert (sundays[["contacts", "lower", "upper"]] == 0).all().all()


def test_a_wider_level_gives_a_wider_interval() -> None:
    history = read_history(sample_path("chat_web_support"))
    narrow = forecast_history(history, months=1, level=0.8).intervals
    wide = forecast_history(history, months=1, level=0.95).intervals
    assert (wide["upper"] - wide["lower"] >= narrow["upper"] - narrow["lower"] - 1e-9).all()
    assert (wide["upper"] - wide["lower"]).sum() > (narrow["upper"] - narrow["lower"]).sum()


@pytest.mark.parametrize(("months", "by_month"), [(6, False), (7, True)])
def test_monthly_totals_go_month_by_month_only_with_six_months_before_the_held_back_one(
    months: int, by_month: bool
) -> None:
    # Six months hold back June and fit on five (day by day); seven fit on six (month by month).
    # Before the rule looked at the months fitted on, six months fitted the held-back check day
    # by day and the future month by month from its parameters, and crashed.
    rows = "".join(f"2026-{m:02d},{1000 + 50 * m}\n" for m in range(1, months + 1))
    history = read_history(f"month,calls\n{rows}".encode(), aht_seconds=300)
    forecast = forecast_history(history, months=2)
    assert ("of the monthly totals" in forecast.method) is by_month
    assert not forecast.intervals.isna().any().any()
