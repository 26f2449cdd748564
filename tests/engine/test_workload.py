"""Workload to staff: arrival profiles, queue staffing over a typical week, back office,
projects."""

from __future__ import annotations

import numpy as np
import pytest

from planner.data.profiles import ArrivalProfile, available_profiles, load_profile
from planner.engine.workload import items_fte, project_fte, queue_staffing
from planner.queueing.erlang import erlang_c

FLAT = ArrivalProfile("flat", 30, np.full(336, 1 / 336))
QUEUE = {
    "aht_seconds": 180,
    "answer_seconds": 20,
    "service_level": 0.8,
    "shrinkage": 0.3,
    "paid_hours_per_month": 160,
}


def test_available_profiles():
    assert available_profiles() == ["24x7", "business_hours", "extended_hours"]


@pytest.mark.parametrize("name", ["24x7", "business_hours", "extended_hours"])
@pytest.mark.parametrize("minutes", [15, 30, 60])
def test_profiles_are_a_week_of_shares(name, minutes):
    profile = load_profile(name, minutes)
    assert profile.interval_minutes == minutes
    assert profile.shares.shape == (7 * 24 * 60 // minutes,)
    assert profile.shares.sum() == pytest.approx(1.0, abs=1e-12)
    assert (profile.shares >= 0).all()


def test_hours_split_evenly_into_intervals():
    hourly = load_profile("business_hours", 60).shares
    quarter = load_profile("business_hours", 15).shares
    np.testing.assert_allclose(quarter.reshape(-1, 4).sum(axis=1), hourly, rtol=1e-12)
    np.testing.assert_allclose(quarter.reshape(-1, 4)[:, 0] * 4, hourly, rtol=1e-12)


def test_business_hours_shape():
    shares = load_profile("business_hours", 60).shares.reshape(7, 24)
    monday, sunday = shares[0], shares[6]
    assert sunday.sum() == 0  # closed
    assert monday[:8].sum() == 0 and monday[18:].sum() == 0  # opens 08:00, closes 18:00
    assert monday.argmax() == 10  # mid-morning peak
    assert monday[12] < monday[11] and monday[12] < monday[14]  # lunch dip
    assert shares[5].sum() < monday.sum()  # quiet Saturday


def test_24x7_is_never_closed_and_quiet_at_night():
    shares = load_profile("24x7", 60).shares.reshape(7, 24)
    assert (shares > 0).all()
    assert shares[:, 3].max() < shares[:, 10].min()


def test_profile_errors():
    with pytest.raises(ValueError, match=r"^profile must be one of 24x7, business_hours"):
        load_profile("nine_to_five")
    with pytest.raises(ValueError, match=r"^interval_minutes must divide an hour .*, got 45$"):
        load_profile("24x7", 45)


def test_the_engine_plans_in_the_models_interval_lengths_only():
    # the model's IntervalMinutes is the one list; a 20-minute profile splits an hour, but no plan
    # can ask for it, and the workload stage says so in the same words
    twenty = load_profile("24x7", 20)
    with pytest.raises(ValueError, match=r"^interval_minutes must be one of 15, 30, 60, got 20$"):
        queue_staffing([1000], profile=twenty, **QUEUE)


def test_peak_contacts_are_the_busiest_interval_of_the_typical_week():
    # 60,000 contacts a month -> 60,000 x 12 / 52 = 13,846.15 a week; the busiest interval holds
    # the profile's largest share of them, and needs the peak agents (Erlang C on that interval)
    profile = load_profile("business_hours", 30)
    row = queue_staffing([60_000], profile=profile, **QUEUE).iloc[0]
    assert row.peak_contacts == pytest.approx(60_000 * 12 / 52 * profile.shares.max())
    busiest = erlang_c(row.peak_contacts, 1800, 180, 20, 0.8)
    assert row.peak_agents == busiest.agents.iloc[0]


def test_flat_week_matches_one_interval_by_hand():
    # A flat week of 33,600 contacts puts 100 in every 30-minute interval: 14 agents each
    # (DOMAIN.md). Monthly volume 33,600 x 52 / 12 = 145,600.
    # agent_hours = 14 agents x 336 intervals x 0.5 h x 52 / 12 = 14 x 168 x 4.3333 = 10,192
    # fte = 10,192 / (160 x 0.7) = 91.0; peak 14 agents; SL 0.888 everywhere.
    row = queue_staffing([145_600], profile=FLAT, **QUEUE).iloc[0]
    assert row.volume == 145_600
    assert row.agent_hours == pytest.approx(10_192)
    assert row.fte == pytest.approx(91.0)
    assert row.peak_agents == 14
    assert row.service_level == pytest.approx(0.88835, abs=1e-5)
    assert row.abandon_rate == 0


def test_zero_volume_month_gives_zeros():
    frame = queue_staffing([0, 145_600, 0], profile=FLAT, **QUEUE)
    zero = frame.iloc[[0, 2]]
    columns = ["volume", "agent_hours", "fte", "peak_agents", "peak_contacts", "abandon_rate"]
    assert (zero[columns] == 0).all().all()
    assert (zero.service_level == 0).all()
    assert frame.peak_agents[1] == 14


def test_queue_staffing_matches_erlang_c_interval_by_interval():
    profile = load_profile("business_hours", 30)
    volume = 60_000.0
    calls = volume * 12 / 52 * profile.shares
    per_interval = erlang_c(calls, 1800, 240, 20, 0.8, max_occupancy=0.85)
    row = queue_staffing(
        [volume], profile=profile, max_occupancy=0.85, **(QUEUE | {"aht_seconds": 240})
    ).iloc[0]
    assert row.peak_agents == per_interval.agents.max()
    assert row.agent_hours == pytest.approx(per_interval.agents.sum() * 0.5 * 52 / 12)
    weighted = (calls * per_interval.service_level).sum() / calls.sum()
    assert row.service_level == pytest.approx(weighted)
    assert row.fte == pytest.approx(row.agent_hours / (160 * 0.7))


def test_more_volume_never_needs_fewer_staff():
    frame = queue_staffing(np.linspace(0, 200_000, 41), profile=load_profile("24x7"), **QUEUE)
    assert frame.agent_hours.is_monotonic_increasing
    assert frame.peak_agents.is_monotonic_increasing


def test_erlang_a_needs_fewer_staff_and_reports_abandonment():
    profile = load_profile("extended_hours")
    c = queue_staffing([80_000], profile=profile, **QUEUE).iloc[0]
    a = queue_staffing([80_000], profile=profile, patience_seconds=90, **QUEUE).iloc[0]
    assert a.agent_hours <= c.agent_hours
    assert 0 < a.abandon_rate < 0.2
    assert a.service_level >= 0.8


def test_queue_staffing_errors():
    with pytest.raises(ValueError, match=r"^monthly_volume must be >= 0, got -5$"):
        queue_staffing([100, -5], profile=FLAT, **QUEUE)
    with pytest.raises(ValueError, match=r"^shrinkage must be in \[0, 1\), got 1$"):
        queue_staffing([100], profile=FLAT, **(QUEUE | {"shrinkage": 1}))
    with pytest.raises(ValueError, match=r"^service_level must be in \(0, 1\), got 80$"):
        queue_staffing([100], profile=FLAT, **(QUEUE | {"service_level": 80}))


def test_items_fte_by_hand():
    # 12,000 claims x 6 min = 72,000 min = 1,200 h; productive hours per FTE at 85% utilisation:
    # 160 x (1 - 0.25) x 0.85 = 102 h, so 1,200 / 102 = 11.7647 FTE. No claims, no staff.
    fte = items_fte(
        [12_000, 0], minutes_per_item=6, paid_hours_per_month=160, shrinkage=0.25, utilisation=0.85
    )
    np.testing.assert_allclose(fte, [1200 / 102, 0])


def test_project_fte_by_hand():
    # 510 h / (160 x 0.75 x 0.85 = 102 h) = 5 FTE; 1,020 h = 10 FTE.
    fte = project_fte([510, 1020], paid_hours_per_month=160, shrinkage=0.25, utilisation=0.85)
    np.testing.assert_allclose(fte, [5.0, 10.0])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"utilisation": 0}, r"^utilisation must be in \(0, 1\], got 0$"),
        ({"utilisation": 1.1}, r"^utilisation must be in \(0, 1\], got 1.1$"),
        ({"shrinkage": -0.1}, r"^shrinkage must be in \[0, 1\), got -0.1$"),
        ({"paid_hours_per_month": 0}, r"^paid_hours_per_month must be > 0, got 0$"),
    ],
)
def test_fte_errors(kwargs, message):
    args = {"paid_hours_per_month": 160, "shrinkage": 0.25, "utilisation": 0.85} | kwargs
    with pytest.raises(ValueError, match=message):
        project_fte([10], **args)
    with pytest.raises(ValueError, match=message):
        items_fte([10], minutes_per_item=5, **args)


def test_docstring_examples_run():
    import doctest

    import planner.data.profiles
    import planner.engine.workload
    import planner.queueing.erlang

    for module in (planner.queueing.erlang, planner.engine.workload, planner.data.profiles):
        assert doctest.testmod(module).failed == 0


def test_erlang_a_occupancy_cap_counts_only_the_calls_handled():
    # 100 contacts in every 30-minute interval of a flat week: 100 x 336 x 52 / 12 = 145,600 a
    # month. AHT 300 s: A = 16.67 Erlangs; cap 85%, patience 60 s. Offered traffic would ask for
    # ceil(16.67 / 0.85) = 20 agents; 18 meet 80% in 20 s and carry 16.67 x (1 - 0.0951) / 18 =
    # 83.8% <= 85%: 18 agents all week, 18 x 168 h x 52 / 12 = 13,104 agent-hours a month.
    queue = QUEUE | {"aht_seconds": 300}
    row = queue_staffing(
        [145_600], profile=FLAT, patience_seconds=60, max_occupancy=0.85, **queue
    ).iloc[0]
    assert row.peak_agents == 18
    assert row.agent_hours == pytest.approx(18 * 168 * 52 / 12)
    # Erlang C (no patience) keeps the cap on offered traffic: at least 20 agents
    assert queue_staffing([145_600], profile=FLAT, max_occupancy=0.85, **queue).peak_agents[0] >= 20
