"""Staffing per channel: hand-checked cases (arithmetic in comments), input errors, and properties
that must always hold (the backlog never misses a deadline; chat with one chat at a time is voice).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.bid.types import ChannelTargets
from planner.queueing.channels import (
    STAFF_COLUMNS,
    backlog_agents,
    backlog_due,
    backlog_work,
    chat_agents,
    check_targets,
    deadline_intervals,
    open_intervals,
    outbound_agents,
    staff_intervals,
)
from planner.queueing.erlang import erlang_a, erlang_c

CHAT = {"answer_seconds": 20.0, "service_level": 0.8, "max_occupancy": 0.85}
WEEKDAYS = (0, 1, 2, 3, 4)


def email(**changes: object) -> ChannelTargets:
    base = {"channel": "email", "deadline_hours": 4.0, "open_hour": 8, "close_hour": 20}
    return ChannelTargets(**{**base, **changes})  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------------
# Targets
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"service_level": 1.2}, "Service level must be in (0, 1), got 1.2"),
        ({"answer_seconds": -1.0}, "Answer within (seconds) must be >= 0, got -1"),
        ({"max_occupancy": 0.0}, "Maximum occupancy must be in (0, 1], got 0"),
        ({"patience_seconds": 0.0}, "Caller patience (seconds) must be > 0, got 0"),
        ({"concurrency": 0}, "Chats at once must be a whole number >= 1, got 0"),
        ({"concurrency": 1.5}, "Chats at once must be a whole number >= 1, got 1.5"),
        ({"concurrency_growth": -0.1}, "Handle-time growth per extra chat must be >= 0"),
        ({"deadline_hours": 0.0}, "Deadline (hours of open time) must be > 0, got 0"),
        ({"open_hour": 24}, "Opening hour must be a whole number in [0, 23], got 24"),
        ({"close_hour": 25}, "Closing hour must be a whole number in [1, 24], got 25"),
        ({"open_hour": 9, "close_hour": 9}, "Closing hour must be after opening hour (9), got 9"),
        ({"open_days": ()}, "Open days: choose at least one open day"),
        ({"open_days": (0, 7)}, "Open days must be one or more days 0-6 (0 = Monday)"),
        ({"contact_rate": 1.5}, "Contact rate (share of dials reaching someone) must be in [0, 1]"),
        ({"talk_seconds": -5.0}, "Talk time (seconds) must be >= 0, got -5"),
        ({"wrap_seconds": math.nan}, "Wrap-up time (seconds) must be >= 0, got nan"),
        ({"shrinkage": 1.0}, "Shrinkage must be in [0, 1), got 1"),
        ({"channel": "fax"}, "Channel must be one of voice, chat, email, back_office, outbound"),
    ],
)
def test_check_targets_names_the_field_in_words_and_what_is_allowed(changes, message):
    with pytest.raises(ValueError) as caught:
        check_targets(ChannelTargets(**changes))
    assert str(caught.value).startswith(message)
    assert "_" not in str(caught.value).split(" must ")[0]  # words, not a field id


def test_default_targets_pass_for_every_channel():
    for channel in ("voice", "chat", "email", "back_office", "outbound"):
        check_targets(ChannelTargets(channel=channel))  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------------
# Voice: exactly Erlang C / Erlang A
# --------------------------------------------------------------------------------------------------


def test_voice_is_erlang_c_interval_by_interval():
    # Call Centre Helper: 100 calls of 180 s in 30 min = 10 Erlangs: 14 agents, SL 0.888,
    # occupancy 10/14; with 30 % shrinkage ceil(14 / 0.7) = 20 scheduled.
    frame = staff_intervals(
        [100, 0, 40], [180, 180, 240], interval_minutes=30, targets=ChannelTargets(shrinkage=0.3)
    )
    assert list(frame.columns) == list(STAFF_COLUMNS)
    expected = erlang_c([100, 0, 40], 1800, [180, 180, 240], 20, 0.8, max_occupancy=0.85,
                        shrinkage=0.3)  # fmt: skip
    assert frame.agents.tolist() == expected.agents.tolist()
    assert frame.agents.iloc[0] == 14
    assert frame.scheduled_agents.tolist() == expected.scheduled_agents.tolist()
    assert frame.scheduled_agents.iloc[0] == 20
    assert frame.service_level.tolist() == expected.service_level.tolist()
    assert frame.occupancy.iloc[0] == pytest.approx(10 / 14)
    assert frame.backlog.tolist() == [0.0, 0.0, 0.0]
    assert frame.abandon_rate.tolist() == [0.0, 0.0, 0.0]


def test_voice_with_patience_is_erlang_a():
    # erlang_a's worked example: 100 calls, 180 s, patience 120 s: 12 agents, abandon 6.2 %.
    targets = ChannelTargets(patience_seconds=120.0, max_occupancy=None, shrinkage=0.0)
    frame = staff_intervals([100, 50], 180, interval_minutes=30, targets=targets)
    expected = erlang_a([100, 50], 1800, 180, 20, 0.8, patience_seconds=120.0)
    assert frame.agents.tolist() == expected.agents.tolist()
    assert frame.agents.iloc[0] == 12
    assert frame.abandon_rate.tolist() == expected.abandon_rate.tolist()
    assert frame.abandon_rate.iloc[0] == pytest.approx(0.062, abs=5e-4)


# --------------------------------------------------------------------------------------------------
# Chat
# --------------------------------------------------------------------------------------------------


def test_chat_issue_example_eight_agents_one_at_a_time_four_with_two():
    # Issue 14: 12 chats per half hour at 720 s: traffic 12 x 720 / 1800 = 4.8 Erlangs. Erlang C
    # at 80 % in 20 s: 7 slots give SL 0.738, 8 give 0.872 -> 8 slots. One chat at a time: 8
    # agents (as voice); two at once: ceil(8 / 2) = 4 agents.
    one = chat_agents([12], [720], 1800, concurrency=1, growth=0.0, **CHAT)
    two = chat_agents([12], [720], 1800, concurrency=2, growth=0.0, **CHAT)
    assert one.tolist() == [8]
    assert two.tolist() == [4]


def test_chat_growth_lengthens_each_chat():
    # Two at once with 25 % growth: AHT_2 = 720 x (1 + 0.25 x 1) = 900 s; traffic 12 x 900 / 1800
    # = 6 Erlangs; 8 slots give SL 0.73, 9 give 0.817 >= 0.8 (and 9 >= ceil(6 / 0.85) = 8) -> 9
    # slots, ceil(9 / 2) = 5 agents.
    assert chat_agents([12], [720], 1800, concurrency=2, growth=0.25, **CHAT).tolist() == [5]


def test_chat_frame_reports_service_and_occupancy_per_slot():
    # 4 agents x 2 slots = 8 slots for 4.8 Erlangs: occupancy 4.8 / 8 = 0.6; SL at 8 slots is
    # Erlang C's 0.872 (service_level_curve(12, 1800, 720, 20, [8])); 30 % shrinkage:
    # ceil(4 / 0.7) = ceil(5.71) = 6 scheduled.
    targets = ChannelTargets(channel="chat", concurrency=2, shrinkage=0.3)
    row = staff_intervals([12], [720], interval_minutes=30, targets=targets).iloc[0]
    assert (row.agents, row.scheduled_agents) == (4, 6)
    assert row.occupancy == pytest.approx(0.6)
    assert row.service_level == pytest.approx(0.872326, abs=1e-6)
    assert (row.backlog, row.abandon_rate) == (0.0, 0.0)


def test_chat_agents_keep_leading_axes():
    calls = np.array([[[12.0, 0.0, 24.0]], [[6.0, 12.0, 12.0]]])  # (runs, months, intervals)
    agents = chat_agents(calls, 720.0, 1800, concurrency=2, growth=0.0, **CHAT)
    assert agents.shape == (2, 1, 3)
    flat = chat_agents(calls.ravel(), 720.0, 1800, concurrency=2, growth=0.0, **CHAT)
    assert agents.ravel().tolist() == flat.tolist()
    assert agents[0, 0, 0] == 4 and agents[0, 0, 1] == 0


@settings(max_examples=40, deadline=None)
@given(
    calls=st.lists(st.floats(0, 400, allow_nan=False), min_size=1, max_size=12),
    aht=st.floats(30, 900),
    occupancy=st.sampled_from([None, 0.7, 0.85, 1.0]),
)
def test_chat_one_at_a_time_without_growth_is_voice(calls, aht, occupancy):
    agents = chat_agents(calls, aht, 1800, concurrency=1, growth=0.0, answer_seconds=20,
                         service_level=0.8, max_occupancy=occupancy)  # fmt: skip
    voice = erlang_c(calls, 1800, aht, 20, 0.8, max_occupancy=occupancy)
    assert agents.tolist() == voice.agents.tolist()


@settings(max_examples=40, deadline=None)
@given(calls=st.floats(0, 400, allow_nan=False), k=st.integers(1, 4), g=st.floats(0, 0.5))
def test_chat_agents_times_slots_cover_the_slots_voice_would_need(calls, k, g):
    # k agents' worth of slots for AHT_k traffic: agents x k >= Erlang C slots > agents x k - k.
    handle = 600 * (1 + g * (k - 1))
    slots = int(erlang_c(calls, 1800, handle, 20, 0.8, max_occupancy=0.85).agents.iloc[0])
    agents = int(chat_agents([calls], 600, 1800, concurrency=k, growth=g, **CHAT)[0])
    assert agents * k >= slots > agents * k - k


# --------------------------------------------------------------------------------------------------
# Outbound
# --------------------------------------------------------------------------------------------------


def test_outbound_hand_check():
    # 100 dials; 30 % reached: 180 s talk + 60 s wrap = 240 s; 70 % not: 30 s. Per dial
    # 0.3 x 240 + 0.7 x 30 = 72 + 21 = 93 s; work 9,300 s; one agent at 85 % gives
    # 1,800 x 0.85 = 1,530 s: 9,300 / 1,530 = 6.08 -> 7 agents; occupancy 9,300 / (7 x 1,800)
    # = 0.738; 30 % shrinkage: ceil(7 / 0.7) = 10 scheduled.
    targets = ChannelTargets(channel="outbound")
    frame = staff_intervals([100, 0], [999, 999], interval_minutes=30, targets=targets)
    row = frame.iloc[0]
    assert row.aht_seconds == 93.0  # the targets' seconds per dial, not the file's 999
    assert (row.agents, row.scheduled_agents) == (7, 10)
    assert row.occupancy == pytest.approx(9300 / 12600)
    assert math.isnan(row.service_level)
    assert frame.agents.iloc[1] == 0
    # No cap: 9,300 / 1,800 = 5.17 -> 6; 153 x 93 = 14,229 s / 1,800 = 7.9 -> 8.
    assert outbound_agents(
        [[100.0], [153.0]], 1800, contact_rate=0.3, talk_seconds=180, wrap_seconds=60,
        no_contact_seconds=30, max_occupancy=1.0,
    ).tolist() == [[6], [8]]  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(
    dials=st.floats(0, 2000, allow_nan=False),
    rate=st.floats(0, 1),
    talk=st.floats(0, 900),
    no_contact=st.floats(0, 60),
    cap=st.sampled_from([0.7, 0.85, 1.0]),
)
def test_outbound_agents_are_the_fewest_that_do_the_work(dials, rate, talk, no_contact, cap):
    # work = dials x (rate x (talk + 60) + (1 - rate) x no_contact); n agents do n x 1,800 x cap.
    agents = int(outbound_agents([dials], 1800, contact_rate=rate, talk_seconds=talk,
                                 wrap_seconds=60, no_contact_seconds=no_contact,
                                 max_occupancy=cap)[0])  # fmt: skip
    work = dials * (rate * (talk + 60) + (1 - rate) * no_contact)
    # ceil_exact: a need within 1e-9 of a whole agent is that whole agent (float noise)
    assert agents * 1800 * cap >= work - 1e-9 * 1800 * cap
    assert (agents - 1) * 1800 * cap < work or agents == 0


def test_outbound_exact_fit_does_not_add_an_agent():
    # 10 dials all reached, 1,530 s each = 15,300 s = exactly 10 agents at 1,530 s: 10, not 11.
    agents = outbound_agents([10.0], 1800, contact_rate=1.0, talk_seconds=1500, wrap_seconds=30,
                             no_contact_seconds=0, max_occupancy=0.85)  # fmt: skip
    assert agents.tolist() == [10]


# --------------------------------------------------------------------------------------------------
# Email and back office: a backlog with a deadline
# --------------------------------------------------------------------------------------------------


def test_open_intervals_follow_hours_and_days():
    # Friday 2027-01-01 19:00, 19:30 (open until 20:00), 20:00 (closed); Saturday 10:00 closed.
    stamps = pd.DatetimeIndex(
        ["2027-01-01 19:00", "2027-01-01 19:30", "2027-01-01 20:00", "2027-01-02 10:00"]
    )
    mask = open_intervals(stamps, open_hour=8, close_hour=20, open_days=WEEKDAYS)
    assert mask.tolist() == [True, True, False, False]


def test_night_work_is_spread_over_the_first_open_hours():
    # 4,800 s arrives at night; deadline 2 h = 4 half hours of open time: 1,200 s due in each of
    # the four first open half hours; 1,200 / (1,800 x 0.85 = 1,530) = 0.78 -> 1 agent each.
    due = backlog_due([4800.0, 0, 0, 0, 0, 0], [False, True, True, True, True, True],
                      deadline_intervals=4, cyclic=False)  # fmt: skip
    assert due.tolist() == [0.0, 1200.0, 1200.0, 1200.0, 1200.0, 0.0]


def test_open_work_starts_in_its_own_interval():
    # 900 s in an open interval, deadline 3 intervals: 300 s in it and the next two open ones,
    # skipping the closed interval between them.
    due = backlog_due([900.0, 0, 0, 0, 0], [True, True, False, True, True], deadline_intervals=3,
                      cyclic=False)  # fmt: skip
    assert due.tolist() == [300.0, 300.0, 0.0, 300.0, 0.0]


def test_window_past_the_horizon_is_cut_to_the_last_open_intervals():
    # 600 s arrives in the second-to-last open interval with a 4-interval deadline: only 2 open
    # intervals are left, 300 s each. Work arriving after the last opening cannot be scheduled in
    # the horizon and stays in the backlog.
    due = backlog_due([0, 0, 600.0, 0, 50.0], [True, True, True, True, False],
                      deadline_intervals=4, cyclic=False)  # fmt: skip
    assert due.tolist() == [0.0, 0.0, 300.0, 300.0, 0.0]
    capacity = np.array([0.0, 0.0, 300.0, 300.0, 0.0])
    assert backlog_work([0, 0, 600.0, 0, 50.0], capacity, cyclic=False).tolist()[-1] == 50.0


def test_cyclic_week_wraps_sunday_night_to_monday_morning():
    # A "week" of 6 intervals: open 1..3. 600 s at interval 5 (after closing) with a 2-interval
    # deadline wraps to intervals 1 and 2: 300 s each. Not cyclic, it would stay undone.
    mask = [False, True, True, True, False, False]
    work = [0, 0, 0, 0, 0, 600.0]
    wrapped = backlog_due(work, mask, deadline_intervals=2, cyclic=True)
    assert wrapped.tolist() == [0.0, 300.0, 300.0, 0.0, 0.0, 0.0]
    assert backlog_due(work, mask, deadline_intervals=2, cyclic=False).sum() == 0.0
    # Backlog in steady state: 600 s waits from interval 5 through 0, 300 left after 1, 0 after 2.
    agents = backlog_agents(work, mask, deadline_intervals=2, interval_seconds=300,
                            max_occupancy=1.0, cyclic=True)  # fmt: skip
    assert agents.tolist() == [0, 1, 1, 0, 0, 0]
    left = backlog_work(work, agents * 300.0, cyclic=True)
    assert left.tolist() == [600.0, 300.0, 0.0, 0.0, 0.0, 600.0]


def test_cyclic_deadline_longer_than_the_open_week_spreads_over_it_once():
    # 2 open intervals a cycle, deadline 5: the window is the 2 open intervals, 500 s each.
    due = backlog_due([1000.0, 0, 0], [False, True, True], deadline_intervals=5, cyclic=True)
    assert due.tolist() == [0.0, 500.0, 500.0]


def test_backlog_agents_keep_leading_axes():
    mask = np.array([False, True, True, True])
    work = np.arange(24, dtype=float).reshape(2, 3, 4) * 100
    agents = backlog_agents(work, mask, deadline_intervals=2, interval_seconds=1800,
                            max_occupancy=0.85, cyclic=True)  # fmt: skip
    assert agents.shape == (2, 3, 4)
    for index in np.ndindex(2, 3):
        row = backlog_agents(work[index], mask, deadline_intervals=2, interval_seconds=1800,
                             max_occupancy=0.85, cyclic=True)  # fmt: skip
        assert agents[index].tolist() == row.tolist()


def test_deadline_in_whole_intervals():
    # 4 h / 30 min = 8; 1.25 h = 75 min / 30 = 2.5 -> 2 (rounded down: the deadline is never
    # stretched); 0.25 h is below one interval.
    assert deadline_intervals(4, 30) == 8
    assert deadline_intervals(1.25, 30) == 2
    assert deadline_intervals(0.7 * 60 / 60 * 10 / 7, 60) == 1  # 1.0000000000000002 h: 1, noise
    with pytest.raises(ValueError, match=r"Deadline \(hours of open time\) must be >= 0.5"):
        deadline_intervals(0.25, 30)


def _deadline_index(mask: np.ndarray, deadline: int) -> np.ndarray:
    """For each arrival interval: the index of the last interval of its window (the deadline-th
    open interval at or after it), counted by walking forward; the horizon's last open interval
    when the window runs past it; -1 when no opening is left."""
    out = np.full(mask.size, -1)
    for t in range(mask.size):
        seen = 0
        for u in range(t, mask.size):
            if mask[u]:
                seen += 1
                out[t] = u
                if seen == deadline:
                    break
    return out


def _fifo_finish(work: np.ndarray, capacity: np.ndarray) -> np.ndarray:
    """An item-by-item FIFO simulation: the interval in which each interval's work is finished
    (-1: never), cohorts served in arrival order, each available from its interval's start. Work
    under a microsecond counts as nothing (it needs under 1e-9 of an agent: float noise to
    `ceil_exact`)."""
    queue: list[list[float]] = []  # [cohort, work left]
    finish = np.full(work.size, -1)
    for t in range(work.size):
        if work[t] > 1e-6:
            queue.append([t, float(work[t])])
        else:
            finish[t] = t  # nothing to do
        spare = float(capacity[t])
        while queue and spare > 0:
            cohort = queue[0]
            used = min(spare, cohort[1])
            cohort[1] -= used
            spare -= used
            if cohort[1] <= 1e-6 * max(1.0, float(work[int(cohort[0])])):
                finish[int(cohort[0])] = t
                queue.pop(0)
    return finish


def _assert_every_item_in_time(frame: pd.DataFrame, mask: np.ndarray, deadline: int) -> None:
    work = (frame.contacts * frame.aht_seconds).to_numpy()
    capacity = frame.agents.to_numpy() * 1800 * 0.85
    finish = _fifo_finish(work, capacity)
    due_by = _deadline_index(mask, deadline)
    schedulable = (work > 1e-6) & (due_by >= 0)
    late = np.flatnonzero(schedulable & ((finish < 0) | (finish > due_by)))
    shown = late[:5]
    assert late.size == 0, f"intervals {shown} finish {finish[shown]} after {due_by[shown]}"


def test_fifo_every_email_done_within_four_open_hours_over_nights_and_a_weekend():
    # Thursday 00:00 to Tuesday 00:00, half hours; e-mail arrives every half hour, day and night,
    # heavier on Friday evening (after closing at 20:00: carried over the weekend to Monday).
    stamps = pd.date_range("2026-12-31 00:00", "2027-01-04 23:30", freq="30min")
    hours = stamps.hour + stamps.minute / 60
    contacts = np.where((stamps.day_of_week == 4) & (hours >= 18), 40.0, 6.0)
    targets = email()
    frame = staff_intervals(contacts, 240.0, interval_minutes=30, targets=targets,
                            timestamps=stamps)  # fmt: skip
    mask = open_intervals(stamps, open_hour=8, close_hour=20, open_days=WEEKDAYS)
    assert frame.agents[~mask].eq(0).all()  # nobody works while closed
    _assert_every_item_in_time(frame, mask, deadline=8)
    # Friday 20:00 to Monday 08:00 is closed: what arrived waits; Monday's first half hour starts
    # with every item from Friday 20:00 on (and none done since).
    monday_open = stamps.get_loc(pd.Timestamp("2027-01-04 08:00"))
    before = frame.backlog.iloc[monday_open - 1]
    friday_late = (stamps >= pd.Timestamp("2027-01-01 20:00")) & (stamps < stamps[monday_open])
    assert before >= contacts[friday_late].sum() - 1e-9


def test_backlog_items_hand_check():
    # Three half hours, open only in the last two, deadline 1 h (2 intervals), 10 items of 306 s
    # at night = 3,060 s: 1,530 s due in each open half hour = exactly 1 agent at 85 %; 5 items
    # done in each: backlog 10 (night), 5, 0.
    stamps = pd.DatetimeIndex(["2027-01-04 07:00", "2027-01-04 08:00", "2027-01-04 09:00"])
    frame = staff_intervals([10, 0, 0], 306.0, interval_minutes=60,
                            targets=email(deadline_hours=2.0, max_occupancy=0.85),
                            timestamps=stamps)  # fmt: skip
    # At 60-minute intervals: 2 h = 2 intervals; 3,060 / 2 = 1,530 s due; 1,530 / (3,600 x 0.85 =
    # 3,060) = 0.5 -> 1 agent; one agent gives 3,060 s, so everything is done in the first hour.
    assert frame.agents.tolist() == [0, 1, 1]
    assert frame.backlog.tolist() == pytest.approx([10.0, 0.0, 0.0])
    assert frame.occupancy.tolist() == pytest.approx([0.0, 3060 / 3600, 0.0])
    assert frame.service_level.isna().all()


@settings(max_examples=40, deadline=None)
@given(
    contacts=st.lists(st.floats(0, 60, allow_nan=False), min_size=48, max_size=48 * 4),
    start_hour=st.integers(0, 23),
    deadline_hours=st.sampled_from([0.5, 1.0, 2.5, 4.0, 8.0, 24.0]),
    hours=st.sampled_from([(8, 20), (0, 24), (9, 17), (6, 22)]),
    days=st.sampled_from([WEEKDAYS, (0, 1, 2, 3, 4, 5), (0, 1, 2, 3, 4, 5, 6), (2,)]),
)
def test_backlog_never_misses_a_deadline_and_is_minimal_ish(
    contacts, start_hour, deadline_hours, hours, days
):
    stamps = pd.date_range(pd.Timestamp("2027-01-01") + pd.Timedelta(hours=start_hour),
                           periods=len(contacts), freq="30min")  # fmt: skip
    targets = email(deadline_hours=deadline_hours, open_hour=hours[0], close_hour=hours[1],
                    open_days=days, max_occupancy=0.85)  # fmt: skip
    frame = staff_intervals(contacts, 300.0, interval_minutes=30, targets=targets,
                            timestamps=stamps)  # fmt: skip
    mask = open_intervals(stamps, open_hour=hours[0], close_hour=hours[1], open_days=days)
    deadline = int(deadline_hours * 2)
    _assert_every_item_in_time(frame, mask, deadline)
    # Minimal-ish: the agents' time covers the work they are given, and no interval has a whole
    # agent more than the work due in it needs.
    work = np.asarray(contacts) * 300.0
    due_by = _deadline_index(mask, deadline)
    scheduled_work = work[due_by >= 0].sum()
    agent_seconds = frame.agents.to_numpy() * 1800.0
    assert agent_seconds.sum() >= scheduled_work / 0.85 - 1e-6 * max(1.0, scheduled_work)
    due = backlog_due(work, mask, deadline_intervals=deadline, cyclic=False)
    assert np.all(frame.agents.to_numpy() < due / (1800 * 0.85) + 1 + 1e-9)


@settings(max_examples=30, deadline=None)
@given(
    work=st.lists(st.floats(0, 5000, allow_nan=False), min_size=4, max_size=40),
    open_at=st.lists(st.booleans(), min_size=40, max_size=40),
    deadline=st.integers(1, 6),
)
def test_cyclic_backlog_is_the_steady_state_of_repeating_the_cycle(work, open_at, deadline):
    # Running the cycle many times from an empty backlog settles on what backlog_work gives.
    n = len(work)
    mask = np.array(open_at[:n])
    mask[0] = True  # at least one opening
    agents = backlog_agents(work, mask, deadline_intervals=deadline, interval_seconds=1800,
                            max_occupancy=1.0, cyclic=True)  # fmt: skip
    capacity = agents * 1800.0
    steady = backlog_work(work, capacity, cyclic=True)
    repeated = backlog_work(np.tile(work, 6), np.tile(capacity, 6), cyclic=False)[-n:]
    assert steady == pytest.approx(repeated, abs=1e-6)
    assert agents.sum() * 1800 >= sum(work) - 1e-6  # the cycle's work is all done in the cycle


# --------------------------------------------------------------------------------------------------
# Bad input
# --------------------------------------------------------------------------------------------------


def test_email_without_timestamps_says_what_is_missing():
    with pytest.raises(ValueError, match="need a timestamp for every interval"):
        staff_intervals([1.0], 300.0, interval_minutes=30, targets=email())


def test_email_timestamps_with_a_gap_name_the_row():
    stamps = pd.DatetimeIndex(["2027-01-04 08:00", "2027-01-04 08:30", "2027-01-04 09:30"])
    with pytest.raises(ValueError, match=r"every 30 minutes .* row 3 \(2027-01-04 09:30:00\)"):
        staff_intervals([1.0, 1.0, 1.0], 300.0, interval_minutes=30, targets=email(),
                        timestamps=stamps)  # fmt: skip


def test_timestamps_that_are_not_dates_are_refused_in_words():
    with pytest.raises(ValueError, match=r"^timestamps must be dates and times \(interval start"):
        staff_intervals([1.0], 300.0, interval_minutes=30, targets=email(), timestamps=["soon"])


def test_negative_contacts_and_zero_handle_time_are_named():
    with pytest.raises(ValueError, match=r"^Contacts must be >= 0, got -1$"):
        staff_intervals([3.0, -1.0], 300.0, interval_minutes=30, targets=ChannelTargets())
    with pytest.raises(ValueError, match=r"^Handling time \(seconds\) must be > 0, got 0$"):
        staff_intervals([3.0], 0.0, interval_minutes=30, targets=ChannelTargets())


def test_deadline_shorter_than_an_interval_is_refused():
    stamps = pd.DatetimeIndex(["2027-01-04 08:00"])
    with pytest.raises(ValueError, match=r"must be >= 1, got 0.5 \(shorter than one 60-minute"):
        staff_intervals([1.0], 300.0, interval_minutes=60, targets=email(deadline_hours=0.5),
                        timestamps=stamps)  # fmt: skip


def test_ongoing_work_keeps_its_full_window_past_the_horizon():
    # The same arrivals as above, but the work goes on after the horizon (a bid's 12 months):
    # the 600 s window keeps its 4 open intervals, 150 s each; 2 fall in the horizon (150, 150),
    # the other 300 s are done after it. Arrivals after the last opening: nothing due inside.
    due = backlog_due([0, 0, 600.0, 0, 50.0], [True, True, True, True, False],
                      deadline_intervals=4, cyclic=False, ongoing=True)  # fmt: skip
    assert due.tolist() == [0.0, 0.0, 150.0, 150.0, 0.0]


def test_ongoing_email_staffing_has_no_rush_on_the_horizon_s_last_evening():
    # Two weeks of e-mail, 20 an hour every hour, 7 minutes each, team 07:00-23:00 every day,
    # deadline 12 hours. Cut at the horizon, the last evening takes every window running past it
    # (the peak rises); ongoing, the last day is staffed like the day before.
    stamps = pd.date_range("2027-01-04", periods=14 * 48, freq="30min")
    targets = ChannelTargets(channel="email", deadline_hours=12, open_hour=7, close_hour=23,
                             open_days=(0, 1, 2, 3, 4, 5, 6), max_occupancy=None)  # fmt: skip
    kwargs = {"interval_minutes": 30, "targets": targets, "timestamps": stamps}
    cut = staff_intervals(np.full(stamps.size, 10.0), 420.0, **kwargs)["agents"].to_numpy()
    ongoing = staff_intervals(np.full(stamps.size, 10.0), 420.0, ongoing=True, **kwargs)
    agents = ongoing["agents"].to_numpy()
    last, before = agents[-48:], agents[-96:-48]
    assert last.max() == before.max()
    assert cut[-48:].max() > before.max()
