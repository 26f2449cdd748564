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
