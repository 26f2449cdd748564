"""A queue's own weekly grid (opening hours, hourly weights) drives the engine's staffing; the
three presets loaded into a grid give the preset's shares; old plans naming a preset are unchanged.
"""

from __future__ import annotations

import numpy as np
import pytest

from planner.data.profiles import (
    available_profiles,
    grid_shares,
    load_profile,
    preset_opening,
    preset_weights,
)
from planner.engine.pipeline import arrival_profiles
from planner.engine.workload import queue_staffing
from tests.support.small_plans import client, run, series

CLOSED = {day: "closed" for day in ("tuesday", "wednesday", "thursday", "friday", "saturday")}
WEEK = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _grid(monday: str, monday_weights: list[float]) -> dict[str, object]:
    weights = {day: [0.0] * 24 for day in WEEK}
    weights["monday"] = monday_weights
    return {
        "opening_hours": {**CLOSED, "monday": monday, "sunday": "closed"},
        "hourly_weights": weights,
    }


def _queue_line(pattern: dict[str, object] | None, **work: object) -> dict[str, object]:
    workload = {
        "type": "queue",
        "aht_seconds": 180,
        "answer_seconds": 20,
        "service_level": 0.8,
        "max_occupancy": None,
        "interval_minutes": 30,
        "pattern": pattern,
        **work,
    }
    return {"id": "calls", "name": "Calls", "family": "front_office", "workload": workload}


def test_a_small_custom_grid_is_staffed_by_hand() -> None:
    # Open Monday 09:00-10:00 only (weight 1 in that hour; weight 5 at 10:00 is outside the
    # opening hours and so gets no contacts): the week's contacts fall in two half hours.
    # 200 contacts a week = 200 x 52 / 12 = 866.67 a month; 100 per half hour at AHT 180 s need
    # 14 agents for 80% in 20 s (DOMAIN.md's worked case). Agent-hours a week: 14 x 2 x 0.5 = 14;
    # a month: 14 x 52 / 12 = 60.667; FTE = 60.667 / (100 paid hours x (1 - 0)) = 0.60667.
    hours = [0.0] * 24
    hours[9], hours[10] = 1.0, 5.0
    line = _queue_line(_grid("09:00-10:00", hours))
    p = run(
        specialty={"service_lines": [line]},
        business_plan={
            "clients": [client(service_line="calls", monthly_volume=200 * 52 / 12, price=1)]
        },
    )
    assert series(p.workload, "peak_agents", month_no=1) == [14]
    assert series(p.workload, "peak_contacts", month_no=1) == [100.0]
    assert series(p.workload, "fte", month_no=1) == [round(14 * 52 / 12 / 100, 6)]


def test_opening_hours_cut_a_grid_by_the_quarter_hour() -> None:
    # Monday 08:00 weight 1, 09:00 weight 3; opening 08:30-10:00 keeps half of 08:00's weight:
    # 0.5 and 3 of 3.5. In 30-minute intervals: 08:00-08:30 none, 08:30-09:00 0.5, 09:00-09:30
    # and 09:30-10:00 1.5 each -> shares 1/7, 3/7, 3/7.
    weights = [[0.0] * 24 for _ in range(7)]
    weights[0][8], weights[0][9] = 1.0, 3.0
    shares = grid_shares(weights, [(510, 600)] + [None] * 6, 30)
    assert shares.shape == (336,)
    assert shares[16] == 0.0
    assert shares[17:20] * 7 == pytest.approx([1.0, 3.0, 3.0])
    assert shares.sum() == pytest.approx(1.0)


@pytest.mark.parametrize("name", available_profiles())
@pytest.mark.parametrize("interval", [15, 30, 60])
def test_a_preset_loaded_into_the_grid_gives_the_presets_shares(name: str, interval: int) -> None:
    shares = grid_shares(preset_weights(name), preset_opening(name), interval)
    assert shares == pytest.approx(load_profile(name, interval).shares, abs=1e-15)


def test_a_plan_naming_a_preset_still_reads_the_shipped_preset() -> None:
    # Old plans (profile slug, no grid) give exactly the shipped file's shares: the golden
    # snapshots of the starters stay as they were.
    p = run(specialty={"service_lines": [_queue_line(None, profile="extended_hours")]})
    profile = arrival_profiles(p.plan)["calls"]
    assert np.array_equal(profile.shares, load_profile("extended_hours", 30).shares)


def test_the_grid_replaces_the_preset_it_was_loaded_from() -> None:
    hours = [0.0] * 24
    hours[9] = 1.0
    plan = run(
        specialty={"service_lines": [_queue_line(_grid("09:00-10:00", hours), profile="24x7")]}
    ).plan
    shares = arrival_profiles(plan)["calls"].shares
    assert np.flatnonzero(shares).tolist() == [18, 19]  # Monday 09:00 and 09:30


def test_caller_patience_staffs_fewer_agents_than_erlang_c() -> None:
    # Erlang A: callers who hang up relieve the queue, so the same target needs no more agents,
    # and at this load fewer (100 contacts a half hour at AHT 180 s: 14 with Erlang C).
    profile = load_profile("24x7", 30)
    common = dict(
        aht_seconds=180,
        answer_seconds=20,
        service_level=0.8,
        profile=profile,
        shrinkage=0.3,
        paid_hours_per_month=160,
    )
    erlang_c = queue_staffing([50_000], **common)  # type: ignore[arg-type]
    erlang_a = queue_staffing([50_000], patience_seconds=30, **common)  # type: ignore[arg-type]
    assert erlang_a.fte[0] < erlang_c.fte[0]
    assert erlang_a.abandon_rate[0] > 0 == erlang_c.abandon_rate[0]
