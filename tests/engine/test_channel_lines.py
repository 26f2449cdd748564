"""The plan's own service lines staffed by their channel (issue 14, item 6): chat with chats at
once, e-mail and back office from the backlog with a response deadline (carried overnight and
around the typical week), outbound dials; the risk runs' batch path agrees with the plan run by
run; the new fields round-trip through plan files and old plans read unchanged."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from planner.data.profiles import ArrivalProfile, grid_profile, load_profile
from planner.engine.batch import project_batch, project_loop
from planner.engine.pipeline import project
from planner.engine.workload import (
    WEEKS_PER_MONTH,
    channel_staffing,
    channel_week_agents,
    queue_staffing,
)
from planner.model.drivers import apply_drivers
from planner.model.files import (
    load_plan,
    parse_plan_text,
    plan_from_dict,
    plan_to_dict,
    plan_to_yaml,
)
from planner.model.issues import PlanError, error_words
from planner.model.plan import OutboundWorkload, Plan, QueueWorkload
from planner.queueing.channels import outbound_seconds_per_dial
from tests.engine.test_batch import assert_same, random_draws

PLANS = Path(__file__).resolve().parents[2] / "templates" / "plans"
# every contact of the week in Monday 00:00-00:30 (open only then)
ONE = ArrivalProfile("one", 30, np.array([1.0] + [0.0] * 335), np.array([True] + [False] * 335))
TWELVE_A_WEEK = [12 * WEEKS_PER_MONTH]  # a month's volume that puts 12 chats in that half hour
STAFF = {"shrinkage": 0.3, "paid_hours_per_month": 160.0}


def chat(concurrency: int, growth: float) -> QueueWorkload:
    return QueueWorkload(
        channel="chat",
        aht_seconds=720,
        answer_seconds=20,
        service_level=0.8,
        max_occupancy=0.85,
        concurrency=concurrency,
        concurrency_growth=growth,
    )


# --- chat ------------------------------------------------------------------------------------


def test_twelve_chats_a_half_hour_need_eight_agents_as_voice_and_four_two_at_a_time() -> None:
    # 12 chats x 720 s / 1,800 s = 4.8 Erlangs; Erlang C 80 % in 20 s: 8 agents (issue 14).
    voice = queue_staffing(
        TWELVE_A_WEEK, aht_seconds=720, answer_seconds=20, service_level=0.8, profile=ONE,
        max_occupancy=0.85, **STAFF,
    )  # fmt: skip
    assert int(voice.peak_agents[0]) == 8
    one_at_a_time = channel_staffing(TWELVE_A_WEEK, work=chat(1, 0.0), profile=ONE, **STAFF)
    assert int(one_at_a_time.peak_agents[0]) == 8
    assert one_at_a_time.fte[0] == pytest.approx(voice.fte[0])
    # two at once, no slow-down: the same 8 slots on ceil(8 / 2) = 4 agents
    two = channel_staffing(TWELVE_A_WEEK, work=chat(2, 0.0), profile=ONE, **STAFF)
    assert int(two.peak_agents[0]) == 4
    # 4 agents x 0.5 h once a week x 52 / 12 = 8.667 agent-hours; / (160 x 0.7) = 0.07738 FTE
    assert two.fte[0] == pytest.approx(4 * 0.5 * 52 / 12 / 112)
    # every chat 25 % longer two at once: 900 s, 6 Erlangs, 10 slots, 5 agents
    slower = channel_staffing(TWELVE_A_WEEK, work=chat(2, 0.25), profile=ONE, **STAFF)
    assert int(slower.peak_agents[0]) == 5
    assert 0.8 <= slower.service_level[0] < 1  # achieved on the slots, at least the target


def test_a_chat_line_in_the_plan_needs_fewer_people_with_two_chats_at_once() -> None:
    plan = load_plan(PLANS / "offshore_voice_support.yaml")
    data = plan_to_dict(plan)
    line = next(x for x in data["specialty"]["service_lines"] if x["id"] == "customer_support_chat")
    line["workload"]["concurrency"] = 2
    two = project(plan_from_dict(data)).workload
    one = project(plan).workload
    mine = (one.service_line == "customer_support_chat") & (one.volume > 0)
    assert (two.fte[mine] < one.fte[mine]).all()
    assert (two.peak_agents[mine] < one.peak_agents[mine]).all()


# --- e-mail and back office ------------------------------------------------------------------


def email(deadline_seconds: float = 14_400) -> QueueWorkload:
    return QueueWorkload(
        channel="email", aht_seconds=600, answer_seconds=deadline_seconds, max_occupancy=0.85
    )


def test_email_with_a_four_hour_deadline_needs_less_than_hour_by_hour_erlang() -> None:
    # 20,000 e-mails a month at 600 s over office hours (Mon-Fri 08-18, Sat 09-13).
    hours = load_profile("business_hours", 30)
    backlog = channel_staffing([20_000], work=email(), profile=hours, **STAFF)
    erlang = queue_staffing(
        [20_000], aht_seconds=600, answer_seconds=14_400, service_level=0.8, profile=hours,
        max_occupancy=0.85, **STAFF,
    )  # fmt: skip
    assert backlog.fte[0] < erlang.fte[0]
    assert backlog.peak_agents[0] < erlang.peak_agents[0]
    # and never below the work itself: 20,000 x 600 s / 3,600 = 3,333 hours / 0.85 occupancy
    assert backlog.agent_hours[0] >= 20_000 * 600 / 3600 / 0.85
    assert np.isnan(backlog.service_level[0])  # a deadline, not a service level


def fifo_finish(calls: np.ndarray, aht: float, capacity: np.ndarray, weeks: int) -> list[tuple]:
    """Serve each interval's e-mails oldest first over `weeks` repeats of the typical week:
    (arrival interval, finishing interval) of every interval's batch, global indices."""
    n = calls.size
    queue: list[list[float]] = []  # [arrived at, work left]
    done: list[tuple[int, int]] = []
    for g in range(weeks * n):
        t = g % n
        if calls[t] > 0:
            queue.append([g, calls[t] * aht])
        room = capacity[t]
        while queue and room > 0:
            take = min(room, queue[0][1])
            queue[0][1] -= take
            room -= take
            if queue[0][1] <= 1e-6:
                done.append((int(queue.pop(0)[0]), g))
    return done


def late_friday() -> ArrivalProfile:
    """Open Monday to Friday 08:00-20:00, closed at the weekend; Friday 19:00-20:00 ten times as
    busy as any other hour (the e-mails a 4-hour deadline carries over the weekend)."""
    weights = [[0.0] * 8 + [1.0] * 12 + [0.0] * 4 for _ in range(5)] + [[0.0] * 24] * 2
    weights[4][19] = 10.0
    opening = [(480, 1200)] * 5 + [None, None]
    return grid_profile("late_friday", weights, opening, 30)


@pytest.mark.parametrize("deadline_hours", [2, 4])
@pytest.mark.parametrize("profile", ["business_hours", "late_friday"])
def test_fifo_over_the_typical_week_answers_every_email_within_the_deadline(
    deadline_hours: int, profile: str
) -> None:
    hours = late_friday() if profile == "late_friday" else load_profile(profile, 30)
    per_week = np.array([20_000 / WEEKS_PER_MONTH])
    work = email(deadline_hours * 3600)
    agents = channel_week_agents(per_week, np.array([600.0]), work, hours)[0]
    calls = per_week[0] * hours.shares
    capacity = agents * 1800 * 0.85
    is_open = hours.open_intervals()
    assert (agents[~is_open] == 0).all()  # nobody works while closed
    done = fifo_finish(calls, 600.0, capacity, weeks=3)
    n, deadline = calls.size, deadline_hours * 2  # open half hours
    late, overnight, weekend = [], 0, 0
    for arrived, finished in done:
        if arrived < n:  # the first week starts empty: check the weeks carried into
            continue
        opened = sum(is_open[i % n] for i in range(arrived, finished + 1))
        if opened > deadline:
            late.append((arrived % n, finished % n, opened))
        overnight += finished // 48 > arrived // 48
        weekend += (arrived % n) // 48 == 4 and (finished % n) // 48 == 0  # Friday -> Monday
    assert not late
    assert overnight > 0  # the check covered work carried overnight
    if profile == "late_friday":
        assert weekend > 0  # ... and over the weekend, around the week to Monday
    assert capacity.sum() >= calls.sum() * 600  # the week's work fits the week's capacity


def test_back_office_cases_are_staffed_like_email() -> None:
    hours = load_profile("business_hours", 60)
    cases = email().model_copy(update={"channel": "back_office"})
    a = channel_staffing([5_000], work=email(), profile=hours, **STAFF)
    b = channel_staffing([5_000], work=cases, profile=hours, **STAFF)
    assert a.equals(b)


def test_a_deadline_shorter_than_an_interval_counts_as_one_interval() -> None:
    # an old plan's e-mail line kept voice's 20 s: one open interval, not a refusal
    hours = load_profile("business_hours", 30)
    short = channel_staffing([5_000], work=email(20), profile=hours, **STAFF)
    half_hour = channel_staffing([5_000], work=email(1_800), profile=hours, **STAFF)
    assert short.equals(half_hour)


# --- outbound --------------------------------------------------------------------------------


def test_outbound_fte_by_hand() -> None:
    # 100 dials in the week's one half hour: 30 % reached for 180 + 60 s, the rest 30 s:
    # 72 + 21 = 93 s a dial, 9,300 s; one agent gives 1,800 x 0.85 = 1,530 s: 6.08 -> 7 agents.
    # 7 x 0.5 h x 52 / 12 = 15.1667 agent-hours a month; / (160 x 0.7 = 112) = 0.13542 FTE.
    dials = [100 * WEEKS_PER_MONTH]
    row = channel_staffing(dials, work=OutboundWorkload(), profile=ONE, **STAFF).iloc[0]
    assert int(row.peak_agents) == 7
    assert row.agent_hours == pytest.approx(7 * 0.5 * 52 / 12)
    assert row.fte == pytest.approx(7 * 0.5 * 52 / 12 / 112)
    work = OutboundWorkload()
    per_dial = outbound_seconds_per_dial(
        contact_rate=work.contact_rate,
        talk_seconds=work.talk_seconds,
        wrap_seconds=work.wrap_seconds,
        no_contact_seconds=work.no_contact_seconds,
    )
    assert per_dial == pytest.approx(93.0)  # the model's defaults, by the one rule


def test_the_handle_time_driver_stretches_talk_and_wrap_of_a_dial_not_the_no_contact_time() -> None:
    plan = mixed_plan()
    slower = apply_drivers(plan, {"handle_time": 1.2})
    work = slower.service_line("customer_support_voice").workload
    assert isinstance(work, OutboundWorkload)
    assert (work.talk_seconds, work.wrap_seconds, work.no_contact_seconds) == pytest.approx(
        (180 * 1.2, 60 * 1.2, 30)
    )


# --- the plan: batch against loop, files ---------------------------------------------------


def mixed_plan() -> Plan:
    """The voice starter with a chat line two at a time (10 % slower each), a support line
    answered by e-mail within 4 hours and the customer line turned into outbound dialling."""
    data = plan_to_dict(load_plan(PLANS / "offshore_voice_support.yaml"))
    lines = {x["id"]: x for x in data["specialty"]["service_lines"]}
    lines["customer_support_chat"]["workload"].update(concurrency=2, concurrency_growth=0.1)
    lines["tech_support_voice"]["workload"].update(
        channel="email", answer_seconds=14_400, patience_seconds=None
    )
    lines["customer_support_voice"]["workload"] = {
        "type": "outbound",
        "contact_rate": 0.3,
        "talk_seconds": 180,
        "wrap_seconds": 60,
        "no_contact_seconds": 30,
        "profile": "business_hours",
    }
    return plan_from_dict(data)


def test_risk_runs_of_chat_email_and_outbound_lines_equal_the_engine_run_by_run() -> None:
    plan = mixed_plan()
    draws = random_draws(plan, 8, seed=5)
    assert_same(project_batch(plan, draws), project_loop(plan, draws))


def test_chat_email_and_outbound_lines_are_staffed_and_seated() -> None:
    p = project(mixed_plan())
    w = p.workload
    busy = w[w.volume > 0]
    for line in ("customer_support_voice", "tech_support_voice", "customer_support_chat"):
        mine = busy[busy.service_line == line]
        assert len(mine) and (mine.fte > 0).all() and (mine.peak_agents > 0).all()
    outbound = busy[busy.service_line == "customer_support_voice"]
    assert outbound.service_level.isna().all()


def test_the_new_fields_round_trip_through_a_plan_file() -> None:
    plan = mixed_plan()
    again = parse_plan_text(plan_to_yaml(plan))
    assert again == plan
    chat_line = again.service_line("customer_support_chat").workload
    assert isinstance(chat_line, QueueWorkload)
    assert (chat_line.concurrency, chat_line.concurrency_growth) == (2, 0.1)


def test_an_old_plan_reads_unchanged_and_its_email_deadline_is_answer_seconds() -> None:
    plan = load_plan(PLANS / "nearshore_it_helpdesk.yaml")  # written before these fields
    work = plan.service_line("helpdesk_email").workload
    assert isinstance(work, QueueWorkload)
    assert (work.channel, work.answer_seconds) == ("email", 14_400)
    assert (work.concurrency, work.concurrency_growth) == (1, 0.0)
    assert parse_plan_text(plan_to_yaml(plan)) == plan


def test_chats_at_once_on_a_voice_line_is_refused_in_words() -> None:
    data = plan_to_dict(load_plan(PLANS / "offshore_voice_support.yaml"))
    data["specialty"]["service_lines"][0]["workload"]["concurrency"] = 2
    with pytest.raises(PlanError) as info:
        plan_from_dict(data)
    words = error_words(info.value)
    assert "Chats at once" in words and "is for chat lines only" in words
    assert "1 for voice, e-mail and back office" in words
    assert "workload.queue" not in words and "service_lines.0" not in words


def test_contact_rate_out_of_range_is_refused_in_words() -> None:
    data = plan_to_dict(mixed_plan())
    line = next(
        x for x in data["specialty"]["service_lines"] if x["workload"]["type"] == "outbound"
    )
    line["workload"]["contact_rate"] = 1.5
    with pytest.raises(PlanError) as info:
        plan_from_dict(data)
    words = error_words(info.value)
    assert "Contact rate" in words and "1" in words
    assert "contact_rate" not in words and "None" not in words and "outbound." not in words


def test_a_chat_line_one_chat_at_a_time_is_staffed_exactly_as_calls() -> None:
    # k = 1, no growth: each agent is one chat slot, so the plan's figures are voice's Erlang C
    data = plan_to_dict(load_plan(PLANS / "offshore_voice_support.yaml"))
    line = next(x for x in data["specialty"]["service_lines"] if x["id"] == "customer_support_chat")
    as_chat = project(plan_from_dict(data)).workload
    line["workload"]["channel"] = "voice"
    as_voice = project(plan_from_dict(data)).workload
    mine = as_chat.service_line == "customer_support_chat"
    for column in ("fte", "peak_agents", "service_level"):
        assert as_chat[column][mine].equals(as_voice[column][mine])
    assert QueueWorkload(channel="chat").as_calls and not chat(2, 0.0).as_calls
