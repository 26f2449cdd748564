"""Sources follow the plan, not the starter (planner.model.sources): tied to the field, the list
entry and the value they explain; dropped when the item goes, flagged when the value changes."""

from __future__ import annotations

from typing import Any

import pytest

from planner.model.files import plan_from_dict, plan_to_dict
from planner.model.issues import PlanError
from planner.model.plan import Plan
from planner.model.sources import current_path, record, shown_sources, source_status
from planner.model.starters import load_template


def _edit(plan: Plan, change: Any) -> Plan:
    data = plan_to_dict(plan)
    change(data)
    return plan_from_dict(data)


def _texts(plan: Plan) -> dict[str, str]:
    return {s.source.field: s.status for s in shown_sources(plan, plan.sources)}


def test_call_centre_notes_leave_with_the_starters_lines() -> None:
    # Before: deleting the starter's lines and adding medical billing left "80% in 20 s" and "85%
    # occupancy" on specialty.service_lines.0, now medical billing.
    plan = load_template("offshore_voice_support")
    billing = {"id": "medical_billing", "name": "Medical billing and coding",
               "family": "back_office", "workload": {"type": "items"}}  # fmt: skip

    def office_hours_billing(data: dict[str, Any]) -> None:
        data["specialty"]["service_lines"] = [billing]
        data["business_plan"]["clients"] = []
        data["marketing"]["won_clients"] = []
        for role in data["staffing"]["roles"]:
            role["service_lines"] = []
        data["staffing"]["shift_pattern"] = "office_hours"

    after = _edit(plan, office_hours_billing)
    shown = _texts(after)
    assert "specialty.service_lines.0.workload.service_level" not in shown
    assert "specialty.service_lines.0.workload.max_occupancy" not in shown
    # 30% shrinkage is still 30%, but the note was written for a 24x7 operation (three shifts)
    assert shown["staffing.shrinkage"] == "changed"


def test_a_colombian_plan_flags_mexican_tax_and_hours() -> None:
    # The nearshore starter: "Mexico corporate income tax 30%" for 0.30 and "44 paid hours a week
    # x 52 / 12" for 190.67 hours. A Bogota founder types 35% and 182 hours: both flagged.
    plan = load_template("nearshore_it_helpdesk")

    def bogota(data: dict[str, Any]) -> None:
        data["settings"]["location"] = "Bogota, Colombia"
        data["financing"]["tax_rate"] = 0.35
        data["staffing"]["paid_hours_per_month"] = 182

    after = _edit(plan, bogota)
    shown = _texts(after)
    assert shown["financing.tax_rate"] == "changed"
    assert shown["staffing.paid_hours_per_month"] == "changed"
    # a note that did not assume Mexico and whose figure is unchanged stays current
    assert shown["staffing.training_weeks"] == "current"


def test_a_source_follows_its_role_when_an_earlier_row_is_deleted() -> None:
    # "8 agents per team lead" is on staffing.roles.2 (Team leader); deleting role 0 moves the team
    # leader to row 1: the note goes with it, and the agent now at row 0... has none.
    plan = load_template("nearshore_it_helpdesk")
    lead = next(s for s in plan.sources if s.field == "staffing.roles.2.ratio_per")
    assert lead.entry == "Team leader"

    def drop_first_role(data: dict[str, Any]) -> None:
        data["staffing"]["roles"] = data["staffing"]["roles"][1:]

    after = _edit(plan, drop_first_role)
    assert source_status(after, lead) == "current"
    assert current_path(after, lead) == "staffing.roles.1.ratio_per"
    wage = next(s for s in after.sources if s.field == "staffing.roles.0.monthly_wage")
    assert source_status(after, wage) == "gone"  # the agent it explained was deleted


def test_sources_round_trip_through_a_plan_file_with_their_values() -> None:
    plan = load_template("offshore_voice_support")
    again = plan_from_dict(plan_to_dict(plan))
    assert again.sources == plan.sources
    shrinkage = next(s for s in again.sources if s.field == "staffing.shrinkage")
    assert shrinkage.value == 0.3
    assert shrinkage.context == {"staffing.shift_pattern": "three_shifts"}


def test_a_file_with_the_short_form_ties_sources_to_its_figures() -> None:
    plan = Plan.model_validate(
        {"staffing": {"burden": 0.3}, "sources": {"staffing.burden": "about 30% in centres"}}
    )
    (source,) = plan.sources
    assert (source.field, source.value, source.entry) == ("staffing.burden", 0.3, None)
    assert source_status(plan, source) == "current"


def test_record_ties_a_new_source_to_the_value_now() -> None:
    plan = load_template("nearshore_it_helpdesk")
    new = record(plan, "staffing.burden", "Colombian payroll: about 52% (a founder's assumption)")
    # the nearshore starter's burden now: 31% (its aguinaldo is on the pay calendar)
    assert new.value == 0.31 and source_status(plan, new) == "current"


def test_a_source_without_text_is_refused_in_words() -> None:
    with pytest.raises(PlanError) as info:
        plan_from_dict({"sources": [{"field": "staffing.burden", "text": ""}]})
    assert info.value.issues[0].path[:1] == ("sources",)
