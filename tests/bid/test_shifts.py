"""Shifts chosen by the optimiser (planner.bid.shifts) and their coverage chart
(planner.charts.bid).

The hand-checked cases use one week, Monday 2027-01-04 to Sunday 2027-01-10 (all in January, so
one typical week is solved and the horizon is exactly 7 days: paid hours over the horizon are the
week's paid hours)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.bid import shifts
from planner.bid.shifts import (
    ShiftInputError,
    busiest_month,
    schedule_shifts,
    shift_types,
    week_view,
)
from planner.bid.types import Roster, ShiftRules
from planner.charts.bid import REQUIRED_NAME, SCHEDULED_NAME, coverage_figure

WEEK_START = "2027-01-04"  # a Monday


def _week(interval_minutes: int = 30, days: int = 7, start: str = WEEK_START) -> pd.DataFrame:
    periods = days * 1440 // interval_minutes
    stamps = pd.date_range(start, periods=periods, freq=f"{interval_minutes}min")
    return pd.DataFrame({"timestamp": stamps, "required": 0})


def _need(
    table: pd.DataFrame, agents: int, weekdays: set[int], start: str, end: str
) -> pd.DataFrame:
    """`agents` required from `start` up to `end` (times of day) on `weekdays` (0 = Monday)."""
    t = table["timestamp"]
    clock = t.dt.strftime("%H:%M")
    mask = t.dt.day_of_week.isin(weekdays) & (clock >= start) & (clock < end)
    out = table.copy()
    out.loc[mask, "required"] = agents
    return out


def _covered(roster: Roster) -> bool:
    return bool((roster.coverage["scheduled"] >= roster.coverage["required"]).all())


# --- the hand-checked week ------------------------------------------------------------------------

EIGHT_HOURS = ShiftRules(lengths_hours=(8.0,), break_minutes=(30,), start_step_minutes=30)
WEEKDAYS = {0, 1, 2, 3, 4}


def _office_week() -> Roster:
    required = _need(_week(), 3, WEEKDAYS, "09:00", "17:00")
    return schedule_shifts(
        required, interval_minutes=30, paid_hours_per_month=160.0, rules=EIGHT_HOURS
    )


def test_three_agents_nine_to_five_take_five_eight_hour_shifts_a_day() -> None:
    # 3 agents 09:00-17:00 Monday to Friday; 8-hour shifts (16 half hours at work), a 30-minute
    # break after 4 hours (the 9th half hour), paid 7.5 hours.
    # - Each shift is at work in at most 15 of the 16 half hours needed: 3 x 16 / 15 = 3.2, so at
    #   least 4 shifts a day.
    # - 4 cannot do: 09:00 and 16:30 each need 3 agents, and only a shift starting at 09:00 is at
    #   work at both, so 2 of the 4 start at 09:00 (3 + 3 - 4); both break at 13:00, when the
    #   other 2 cannot make 3. So at least 5 a day.
    # - 5 do: 2 at 09:00 (break 13:00), 1 at 08:30 (break 12:30, at work to 16:30) and 2 at 09:30
    #   (break 13:30): at 12:30 2 + 2, at 13:00 1 + 2, at 13:30 2 + 1, at 09:00 2 + 1, at 16:30
    #   2 + 2: 3 or more in every half hour.
    # Paid: 5 shifts x 7.5 h x 5 days = 187.5 hours; every shift is at work 7.5 hours, so the
    # hours at work are 187.5 too, against 3 x 8 x 5 = 120 required.
    roster = _office_week()
    assert _covered(roster) and roster.optimal and roster.optimality_gap == pytest.approx(0.0)
    assert roster.paid_hours == pytest.approx(187.5)
    assert roster.required_hours == pytest.approx(120.0)
    assert roster.scheduled_hours == pytest.approx(187.5)
    per_day = roster.shifts.groupby("weekday")["agents"].sum()
    assert per_day.to_dict() == {0: 5, 1: 5, 2: 5, 3: 5, 4: 5}


def test_scheduling_loss_and_fte_follow_their_formulas() -> None:
    # loss = 187.5 hours at work / 120 required - 1 = 0.5625;
    # FTE at 160 paid hours a month: required 120 / 160 = 0.75, scheduled 187.5 / 160 = 1.171875.
    roster = _office_week()
    assert roster.scheduling_loss == pytest.approx(0.5625)
    fte = roster.fte_by_month
    assert [str(m) for m in fte["month"]] == ["2027-01"]
    assert fte["required_fte"].tolist() == pytest.approx([0.75])
    assert fte["scheduled_fte"].tolist() == pytest.approx([1.171875])


def test_the_shift_table_names_each_shift_in_clock_words() -> None:
    roster = _office_week()
    monday = roster.shifts[roster.shifts["weekday"] == 0]
    assert list(monday.columns) == [
        "month", "weekday", "start", "length_hours", "break_start", "break_minutes",
        "paid_hours", "agents",
    ]  # fmt: skip
    assert str(monday["month"].iloc[0]) == "2027-01"
    assert monday["start"].tolist() == sorted(monday["start"])  # sorted by start in the day
    assert (monday["agents"] > 0).all() and (monday["paid_hours"] == 7.5).all()
    # the break starts 4 hours after the start: 09:00 -> 13:00
    starts = dict(zip(monday["start"], monday["break_start"], strict=True))
    assert all(
        pd.Timestamp(f"2027-01-04 {b}") - pd.Timestamp(f"2027-01-04 {s}") == pd.Timedelta("4h")
        for s, b in starts.items()
    )


def test_paid_hours_count_each_month_s_week_over_the_days_of_that_month() -> None:
    # Two weeks (14 days, all in January): the week's 187.5 paid hours x 14 / 7 = 375.
    required = _need(_week(days=14), 3, WEEKDAYS, "09:00", "17:00")
    roster = schedule_shifts(
        required, interval_minutes=30, paid_hours_per_month=160.0, rules=EIGHT_HOURS
    )
    assert roster.paid_hours == pytest.approx(375.0)
    assert roster.scheduled_hours == pytest.approx(375.0) and _covered(roster)


def test_nine_hour_shifts_win_when_the_day_is_nine_hours_long() -> None:
    # One agent 09:00-18:00 on Monday, no breaks. With 8-hour shifts only, two shifts are needed
    # (2 x 8 = 16 paid hours); a 9-hour shift covers the day alone: 9 paid hours.
    required = _need(_week(), 1, {0}, "09:00", "18:00")
    no_break = {"break_minutes": (0,), "start_step_minutes": 30}
    only_eight = schedule_shifts(
        required, interval_minutes=30, paid_hours_per_month=160.0,
        rules=ShiftRules(lengths_hours=(8.0,), **no_break),
    )  # fmt: skip
    both = schedule_shifts(
        required, interval_minutes=30, paid_hours_per_month=160.0,
        rules=ShiftRules(lengths_hours=(8.0, 9.0), break_minutes=(0, 0)),
    )  # fmt: skip
    assert only_eight.paid_hours == pytest.approx(16.0)
    assert both.paid_hours == pytest.approx(9.0)
    assert both.shifts[["start", "length_hours", "agents"]].values.tolist() == [["09:00", 9.0, 1]]


def test_a_night_crossing_sunday_midnight_is_one_shift_from_sunday_into_monday() -> None:
    # 2 agents from Sunday 22:00 to Monday 06:00 (the week wraps: Monday 00:00-06:00 of the same
    # January week). One 8-hour shift per agent starting Sunday 22:00 covers it: 16 paid hours.
    # Without the wrap it would take two shifts per agent (Sunday night and Monday morning).
    week = _week()
    required = _need(_need(week, 2, {6}, "22:00", "24:00"), 2, {0}, "00:00", "06:00")
    roster = schedule_shifts(
        required, interval_minutes=30, paid_hours_per_month=160.0,
        rules=ShiftRules(lengths_hours=(8.0,), break_minutes=(0,)),
    )  # fmt: skip
    assert _covered(roster) and roster.paid_hours == pytest.approx(16.0)
    assert roster.shifts[["weekday", "start", "agents"]].values.tolist() == [[6, "22:00", 2]]


def test_every_week_of_a_month_is_covered_by_its_busiest_week() -> None:
    # Monday 10:00-12:00 needs 1 agent in the first week of January and 4 in the second: the
    # month's week plans for 4, so both Mondays are covered (and the first one over-covered).
    required = _week(days=14)
    t = required["timestamp"]
    morning = (t.dt.day_of_week == 0) & (t.dt.hour >= 10) & (t.dt.hour < 12)
    required.loc[morning & (t < "2027-01-11"), "required"] = 1
    required.loc[morning & (t >= "2027-01-11"), "required"] = 4
    roster = schedule_shifts(
        required, interval_minutes=30, paid_hours_per_month=160.0, rules=EIGHT_HOURS
    )
    first = roster.coverage[morning & (t < "2027-01-11")]
    assert _covered(roster) and (first["scheduled"] >= 4).all()


# --- months ---------------------------------------------------------------------------------------


def test_each_month_has_its_own_week_and_identical_months_are_solved_once(monkeypatch) -> None:
    # February and March 2027: the same weekday pattern (3 agents 09:00-17:00 on weekdays), so one
    # solve serves both; April needs 4 agents: a second solve.
    stamps = pd.date_range("2027-02-01", "2027-04-30 23:30", freq="30min")
    required = pd.DataFrame({"timestamp": stamps, "required": 0})
    required = _need(required, 3, WEEKDAYS, "09:00", "17:00")
    april = required["timestamp"] >= "2027-04-01"
    required.loc[april & (required["required"] > 0), "required"] = 4
    calls = []
    real = shifts.solve_week
    monkeypatch.setattr(shifts, "solve_week", lambda *a, **k: calls.append(1) or real(*a, **k))
    seen: list[tuple[float, str]] = []
    roster = schedule_shifts(
        required, interval_minutes=30, paid_hours_per_month=160.0, rules=EIGHT_HOURS,
        progress=lambda fraction, words: seen.append((fraction, words)),
    )  # fmt: skip
    assert len(calls) == 2 and _covered(roster)
    assert seen == [
        (pytest.approx(1 / 3), "Shifts chosen for February 2027"),
        (pytest.approx(2 / 3), "Shifts chosen for March 2027"),
        (1.0, "Shifts chosen for April 2027"),
    ]
    by_month = roster.shifts.groupby(roster.shifts["month"].astype(str))["agents"].sum()
    # 5 shifts a weekday for 3 agents (the hand-checked case); 4 agents need more
    assert by_month["2027-02"] == by_month["2027-03"] == 25 and by_month["2027-04"] > 25
    # paid hours: 187.5 a week x (28 + 31) / 7 days, plus April's week x 30 / 7
    april = roster.shifts[roster.shifts["month"].astype(str) == "2027-04"]
    april_week = float((april["agents"] * april["paid_hours"]).sum())
    assert roster.paid_hours == pytest.approx(187.5 * 59 / 7 + april_week * 30 / 7)


def _busy_month() -> pd.DataFrame:
    """A realistic January of 30-minute intervals: up to about 45 agents, weekday business hours
    with an evening tail, a lighter Saturday, noise (the benchmark's shape, one month)."""
    rng = np.random.default_rng(3)
    stamps = pd.date_range("2027-01-04", "2027-01-31 23:30", freq="30min")
    hour = stamps.hour + stamps.minute / 60
    shape = np.clip(np.sin((hour - 7) / 14 * np.pi), 0, None)
    level = np.select([stamps.day_of_week < 5, stamps.day_of_week == 5], [40.0, 22.0], 8.0)
    agents = np.clip(np.round(shape * level * rng.normal(1, 0.08, len(stamps))), 0, None)
    return pd.DataFrame({"timestamp": stamps, "required": agents.astype(int)})


def test_a_solver_stopped_by_its_time_limit_still_covers_and_says_it_may_not_be_cheapest() -> None:
    # A thousandth of a second is too short for HiGHS to prove a 40-agent week: the rounding dive's
    # roster is kept, every interval covered, and the roster says how far from the cheapest it may
    # be (from the solver's lower bound: above 0, well under 5 %).
    roster = schedule_shifts(
        _busy_month(), interval_minutes=30, paid_hours_per_month=160.0, time_limit_seconds=0.001
    )
    assert _covered(roster) and not roster.optimal
    assert 0 < roster.optimality_gap < 0.05


def test_the_dive_alone_covers_every_interval() -> None:
    types = shift_types(ShiftRules(), 30)
    need = np.zeros(types.slots)
    need[18:40] = [3, 5, 8, 12, 15, 15, 14, 16, 18, 18, 20, 19, 17, 15, 15, 14, 12, 10, 8, 6, 4, 2]
    x, bound = shifts.dive(types, need)
    assert (types.cover @ x >= need).all() and (x == np.round(x)).all() and (x >= 0).all()
    assert types.paid_hours @ x >= bound > 0


# --- every interval covered, on random requirements -----------------------------------------------


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    days=st.integers(1, 10),
    start_day=st.integers(24, 31),
    seed=st.integers(0, 10_000),
    peak=st.integers(1, 6),
    rules=st.sampled_from(
        [ShiftRules(), ShiftRules((8.0,), (60,)), ShiftRules((4.0, 10.0), (0, 30), 60)]
    ),
)
def test_every_interval_is_covered_on_random_requirements(
    days: int, start_day: int, seed: int, peak: int, rules: ShiftRules
) -> None:
    # 60-minute intervals over 1 to 10 days from late January (often into February: two weeks
    # solved); each interval needs 0 to `peak` agents at random.
    stamps = pd.date_range(f"2027-01-{start_day:02d}", periods=days * 24, freq="60min")
    need = np.random.default_rng(seed).integers(0, peak + 1, len(stamps))
    required = pd.DataFrame({"timestamp": stamps, "required": need})
    roster = schedule_shifts(required, interval_minutes=60, paid_hours_per_month=160.0, rules=rules)
    assert _covered(roster)
    assert len(roster.coverage) == len(required)
    assert (roster.shifts["agents"] > 0).all()
    # the identities of the roster's figures
    assert roster.required_hours == pytest.approx(float(need.sum()))
    assert roster.scheduled_hours == pytest.approx(float(roster.coverage["scheduled"].sum()))
    assert roster.scheduled_hours >= roster.required_hours
    days_in = roster.coverage.groupby(roster.coverage["timestamp"].dt.to_period("M")).size() / 24
    weekly = roster.shifts.assign(h=roster.shifts["agents"] * roster.shifts["paid_hours"])
    paid = weekly.groupby("month")["h"].sum().reindex(days_in.index, fill_value=0.0)
    assert roster.paid_hours == pytest.approx(float((paid * days_in / 7).sum()))
    assert roster.fte_by_month["scheduled_fte"].sum() == pytest.approx(roster.paid_hours / 160)


def test_a_week_needing_no_one_gets_no_shifts() -> None:
    roster = schedule_shifts(_week(), interval_minutes=30, paid_hours_per_month=160.0)
    assert roster.shifts.empty and roster.paid_hours == 0 and roster.scheduling_loss == 0
    assert roster.optimal


# --- bad input: the field in words and what is allowed -------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"interval_minutes": 20}, "Interval length (minutes): 20 minutes is not an interval"),
        ({"rules": ShiftRules((8.0, 9.0), (30,))}, "Breaks (minutes): 1 breaks for 2 shift"),
        ({"rules": ShiftRules((20.0,), (30,))}, "Shift lengths (hours): a shift of 20 hours"),
        ({"rules": ShiftRules((8.0,), (300,))}, "Breaks (minutes): a 300 minute break"),
        ({"rules": ShiftRules(start_step_minutes=7)}, "Shift starts every (minutes): shifts"),
        ({"paid_hours_per_month": 0.0}, "Paid hours per FTE-month: 0 hours cannot make an FTE"),
    ],
)
def test_bad_rules_are_named_in_words_with_what_is_allowed(kwargs: dict, words: str) -> None:
    args = {"interval_minutes": 30, "paid_hours_per_month": 160.0} | kwargs
    with pytest.raises(ShiftInputError) as caught:
        schedule_shifts(_week(), **args)
    text = str(caught.value)
    assert text.startswith(words) and "allowed: " in text
    assert "_" not in text.split(":", maxsplit=1)[0]  # a label, never a field path


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"required": -1}, "Agents required: some intervals do not need a whole number"),
        ({"required": 2.5}, "Agents required: some intervals do not need a whole number"),
        ({"timestamp": pd.Timestamp("2027-01-04 09:10")}, "Interval start times: some times"),
    ],
)
def test_a_bad_requirement_is_named_in_words(change: dict, words: str) -> None:
    required = _week().astype({"required": float})
    for column, value in change.items():
        required.loc[3, column] = value
    with pytest.raises(ShiftInputError, match=r"allowed: ") as caught:
        schedule_shifts(required, interval_minutes=30, paid_hours_per_month=160.0)
    assert str(caught.value).startswith(words)


def test_a_time_no_shift_can_ever_cover_is_refused_in_words_not_a_solver_error() -> None:
    # 1-hour shifts with a 15-minute break on a 30-minute grid are at work only in their first
    # half hour (the break takes the second); starting on the hour, they never cover xx:30.
    required = _need(_week(), 1, {2}, "10:00", "11:00")  # Wednesday 10:00 and 10:30
    with pytest.raises(ShiftInputError) as caught:
        schedule_shifts(
            required, interval_minutes=30, paid_hours_per_month=160.0,
            rules=ShiftRules((1.0,), (15,), 60),
        )  # fmt: skip
    assert str(caught.value).startswith(
        "Shift starts every (minutes): no shift is ever at work at Wednesday 10:30; allowed: "
    )


def test_a_requirement_without_its_columns_is_refused_in_words() -> None:
    with pytest.raises(ShiftInputError, match=r"^Agents required: no required column"):
        schedule_shifts(
            pd.DataFrame({"timestamp": [pd.Timestamp(WEEK_START)]}),
            interval_minutes=30, paid_hours_per_month=160.0,
        )  # fmt: skip


# --- the week view and the chart ------------------------------------------------------------------


def test_the_week_view_shows_the_busiest_week_and_the_shifts_at_work() -> None:
    roster = _office_week()
    week = week_view(roster)
    assert len(week) == 7 * 48 and str(busiest_month(roster)) == "2027-01"
    monday = week[week["weekday"] == 0].set_index("time")
    assert monday.loc["09:00", "required"] == 3 and monday.loc["08:00", "required"] == 0
    assert (week["scheduled"] >= week["required"]).all()
    assert week.loc[week["weekday"] == 6, "scheduled"].sum() == 0  # nobody on Sunday
    # the week's hours at work are the roster's (the horizon is this one week)
    assert week["scheduled"].sum() / 2 == pytest.approx(roster.scheduled_hours)
    with pytest.raises(ShiftInputError, match=r"^Month: no intervals in 2027-05"):
        week_view(roster, "2027-05")


def test_the_coverage_chart_draws_required_bars_and_the_scheduled_step_line() -> None:
    roster = _office_week()
    fig = coverage_figure(roster)
    bars, line = fig.data
    assert (bars.type, bars.name) == ("bar", REQUIRED_NAME)
    assert (line.type, line.name, line.line.shape) == ("scatter", SCHEDULED_NAME, "hv")
    week = week_view(roster)
    assert list(bars.y) == week["required"].tolist()
    # the line's last point closes the week (Monday 00:00 again) at Sunday 23:30's value
    assert list(line.y) == [*week["scheduled"].tolist(), week["scheduled"].iloc[-1]]
    assert pd.Timestamp(line.x[-1]) - pd.Timestamp(line.x[0]) == pd.Timedelta(days=7)
    assert bars.offset == 0 and bars.width == 30 * 60 * 1000  # each bar spans its half hour
    assert pd.Timestamp(bars.x[0]).day_name() == "Monday" and len(bars.x) == 336
    assert fig.layout.title.text == "Agents required and at work in a typical week of January 2027"
    assert fig.layout.xaxis.title.text == "Weekday and time"
    assert fig.layout.yaxis.title.text == "Agents"
    assert bars.marker.color != line.line.color


def test_the_coverage_chart_shows_the_month_asked_for() -> None:
    required = _need(_week(days=28, start="2027-01-25"), 2, WEEKDAYS, "08:00", "16:00")
    roster = schedule_shifts(required, interval_minutes=30, paid_hours_per_month=160.0)
    fig = coverage_figure(roster, month="2027-01")
    assert fig.layout.title.text.endswith("January 2027")
    assert "February 2027" in coverage_figure(roster).layout.title.text  # the busier month


def test_the_coverage_chart_labels_each_day_once_upright_so_its_title_clears_the_legend() -> None:
    # Labels every 12 hours (14 a week) slanted on a narrow screen and ran into the axis title,
    # which then sat on the legend: one upright label a day (7), a grid line at each noon.
    fig = coverage_figure(_office_week())
    assert fig.layout.xaxis.dtick == 24 * 3600 * 1000 and fig.layout.xaxis.tickangle == 0
    assert fig.layout.xaxis.minor.dtick == 12 * 3600 * 1000
