"""A queue's arrival profile is checked when the plan is validated, not when it is computed."""

from __future__ import annotations

import pytest

from planner.data.profiles import available_profiles
from planner.model.files import plan_from_dict
from planner.model.issues import Issue, PlanError
from planner.model.plan import QueueWorkload

QUEUE_LINE = {
    "id": "calls",
    "name": "Calls",
    "family": "front_office",
    "workload": {"type": "queue", "aht_seconds": 300, "profile": "nosuch"},
}


def test_an_unknown_profile_is_one_issue_naming_the_field_and_the_profiles() -> None:
    with pytest.raises(PlanError) as info:
        plan_from_dict({"specialty": {"service_lines": [QUEUE_LINE]}})
    allowed = "24x7, business_hours, extended_hours"
    assert info.value.issues == (
        Issue(
            ("specialty", "service_lines", 0, "workload", "profile"),
            "'nosuch' is not an arrival profile",
            f"one of {allowed}",
        ),
    )


@pytest.mark.parametrize("name", available_profiles())
def test_every_shipped_profile_is_accepted(name: str) -> None:
    assert QueueWorkload(profile=name).profile == name


# --- a plan's own weekly grid and the clients' time zone ----------------------------------------

WEEK = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _pattern(**opening: str) -> dict[str, object]:
    hours = {day: "08:00-17:00" if day in WEEK[:5] else "closed" for day in WEEK}
    return {
        "opening_hours": {**hours, **opening},
        "hourly_weights": {day: [1.0] * 24 for day in WEEK},
    }


def _issues(workload: dict[str, object]) -> tuple[Issue, ...]:
    line = {**QUEUE_LINE, "workload": {"type": "queue", "profile": "business_hours", **workload}}
    with pytest.raises(PlanError) as info:
        plan_from_dict({"specialty": {"service_lines": [line]}})
    return info.value.issues


def test_a_weekly_grid_and_time_zone_round_trip_through_a_plan_file() -> None:
    from planner.model.files import plan_to_dict

    line = {
        **QUEUE_LINE,
        "workload": {
            "type": "queue",
            "profile": "business_hours",
            "time_zone": "America/New_York",
            "pattern": _pattern(saturday="09:00-12:30"),
        },
    }
    plan = plan_from_dict({"specialty": {"service_lines": [line]}})
    work = plan.specialty.service_lines[0].workload
    assert isinstance(work, QueueWorkload) and work.pattern is not None
    assert work.pattern.opening()[0] == (480, 1020)
    assert work.pattern.opening()[5] == (540, 750)
    assert work.pattern.opening()[6] is None
    assert plan_from_dict(plan_to_dict(plan)) == plan


@pytest.mark.parametrize(
    ("hours", "message"),
    [
        ("17:00-08:00", "'17:00-08:00' closes before it opens"),
        ("8-17", "'8-17' is not opening hours"),
        ("08:10-17:00", "times go by quarter hours"),
        ("08:00-25:00", "times go by quarter hours"),
    ],
)
def test_bad_opening_hours_name_the_day_and_what_is_allowed(hours: str, message: str) -> None:
    (issue,) = _issues({"pattern": _pattern(monday=hours)})
    assert issue.path[-3:] == ("pattern", "opening_hours", "monday")
    assert message in issue.message
    assert '"08:00-17:00"' in issue.allowed and "closed" in issue.allowed


def test_a_day_without_24_weights_is_refused() -> None:
    pattern = _pattern()
    pattern["hourly_weights"] = {**pattern["hourly_weights"], "friday": [1.0] * 23}  # type: ignore[dict-item]
    (issue,) = _issues({"pattern": pattern})
    assert issue.path[-2:] == ("hourly_weights", "friday")
    assert issue.message == "needs 24 numbers, one per hour, got 23"


def test_a_grid_with_no_open_weight_is_refused() -> None:
    pattern = _pattern()
    pattern["hourly_weights"] = {day: [0.0] * 24 for day in WEEK}
    (issue,) = _issues({"pattern": pattern})
    assert "no contacts arrive" in issue.message


def test_an_unknown_time_zone_is_refused_with_an_example() -> None:
    (issue,) = _issues({"time_zone": "Bogota"})
    assert issue.path[-1] == "time_zone"
    assert issue.message == "'Bogota' is not a time zone name"
    assert "America/New_York" in issue.allowed


def test_the_sites_time_zone_is_checked_too() -> None:
    with pytest.raises(PlanError) as info:
        plan_from_dict({"settings": {"time_zone": "Manila"}})
    assert info.value.issues[0].path == ("settings", "time_zone")


@pytest.mark.parametrize("patience", [0, -30, 100_000])
def test_caller_patience_out_of_range_is_refused_naming_the_field(patience: float) -> None:
    (issue,) = _issues({"patience_seconds": patience})
    assert issue.path[-1] == "patience_seconds"
    assert "86400" in issue.allowed.replace(",", "")


def test_blank_caller_patience_means_erlang_c() -> None:
    assert QueueWorkload().patience_seconds is None
    assert QueueWorkload(patience_seconds=90).patience_seconds == 90
