"""The drivers (`planner.model.drivers`): what each changes, scenarios, and the plan sections."""

from __future__ import annotations

import numpy as np
import pytest

from planner.engine.batch import Draws, project_loop
from planner.engine.pipeline import project
from planner.model.drivers import (
    DEFAULT_RISK,
    DRIVER_NAMES,
    apply_drivers,
    apply_scenario,
    effective_risk,
    prospect_indices,
)
from planner.model.files import parse_plan_text, plan_from_dict, plan_to_yaml
from planner.model.issues import PlanError, error_words
from planner.model.plan import Plan


def _plan(**extra: object) -> Plan:
    data: dict[str, object] = {
        "specialty": {
            "service_lines": [
                {
                    "id": "calls",
                    "name": "Calls",
                    "family": "front_office",
                    "workload": {"type": "queue", "aht_seconds": 300},
                },
                {
                    "id": "claims",
                    "name": "Claims",
                    "family": "back_office",
                    "workload": {"type": "items", "minutes_per_item": 6},
                },
            ]
        },
        "business_plan": {
            "clients": [
                {
                    "name": "Signed",
                    "start_month": 2,
                    "services": [
                        {
                            "service_line": "claims",
                            "monthly_volume": 1000,
                            "pricing_model": "per_item",
                            "price": 4.0,
                        }
                    ],
                },
                {
                    "name": "Maybe",
                    "status": "pipeline",
                    "probability": 0.4,
                    "start_month": 6,
                    "services": [
                        {
                            "service_line": "calls",
                            "monthly_volume": 5000,
                            "pricing_model": "per_item",
                            "price": 2.5,
                        }
                    ],
                },
            ]
        },
        "staffing": {
            "yearly_attrition": 0.3,
            "roles": [
                {
                    "name": "Agent",
                    "basis": "workload",
                    "monthly_wage": 1000,
                    "service_lines": ["calls", "claims"],
                }
            ],
        },
        "marketing": {"channels": [{"name": "Events", "conversion_rate": 0.5}]},
        **extra,
    }
    return plan_from_dict(data)


def test_each_driver_changes_exactly_its_figures() -> None:
    base = _plan()
    moved = apply_drivers(
        base,
        {
            "volume": 1.1,
            "handle_time": 1.2,
            "price": 0.9,
            "win_rate": 1.5,
            "start_delay_months": 3,
            "attrition": 1.5,
            "wages": 1.1,
        },
    )
    signed, maybe = moved.business_plan.clients
    # volume 1,000 x 1.1 = 1,100; price 4.00 x 0.9 = 3.60; start 2 + 3 = 5
    assert signed.services[0].monthly_volume == pytest.approx(1100)
    assert signed.services[0].price == pytest.approx(3.6)
    assert signed.start_month == 5
    # prospect 0.4 x 1.5 = 0.6 (deterministic: a probability, not a draw); start 6 + 3 = 9
    assert maybe.probability == pytest.approx(0.6) and maybe.status == "pipeline"
    assert maybe.start_month == 9
    # AHT 300 s x 1.2 = 360 s; 6 minutes per item x 1.2 = 7.2
    calls, claims = moved.specialty.service_lines
    assert calls.workload.aht_seconds == pytest.approx(360)  # type: ignore[union-attr]
    assert claims.workload.minutes_per_item == pytest.approx(7.2)  # type: ignore[union-attr]
    # attrition 30% x 1.5 = 45%; wage 1,000 x 1.1 = 1,100; conversion 50% x 1.5 = 75%
    assert moved.staffing.yearly_attrition == pytest.approx(0.45)
    assert moved.staffing.roles[0].monthly_wage == pytest.approx(1100)
    assert moved.marketing.channels[0].conversion_rate == pytest.approx(0.75)
    # the base plan is untouched
    assert base.business_plan.clients[0].services[0].monthly_volume == 1000


def test_caps_keep_probabilities_conversion_and_attrition_within_their_limits() -> None:
    moved = apply_drivers(_plan(), {"win_rate": 3.0, "attrition": 20.0, "start_delay_months": -9})
    assert moved.business_plan.clients[1].probability == 1.0  # 0.4 x 3 = 1.2, capped at 1
    assert moved.marketing.channels[0].conversion_rate == 1.0  # 0.5 x 3 = 1.5, capped at 1
    assert moved.staffing.yearly_attrition == 3.0  # 0.3 x 20 = 6, capped at 3 (300% a year)
    assert moved.business_plan.clients[0].start_month == 1  # 2 - 9 = -7, kept at month 1


def test_a_risk_run_signs_or_leaves_out_each_prospect() -> None:
    base = _plan()
    assert prospect_indices(base) == (1,)
    won = apply_drivers(base, {}, signed=[True]).business_plan.clients
    lost = apply_drivers(base, {}, signed=[False]).business_plan.clients
    assert [(c.name, c.status, c.probability) for c in won] == [
        ("Signed", "signed", 1.0),
        ("Maybe", "signed", 1.0),
    ]
    assert [c.name for c in lost] == ["Signed"]
    with pytest.raises(ValueError, match="1 prospects"):
        apply_drivers(base, {}, signed=[True, False])


def test_neutral_drivers_leave_the_projection_unchanged() -> None:
    base = _plan()
    neutral = apply_drivers(
        base, {n: (0 if n == "start_delay_months" else 1) for n in DRIVER_NAMES}
    )
    a, b = project(base).monthly, project(neutral).monthly
    assert a.drop(columns=["month"]).equals(b.drop(columns=["month"]))


def test_scenarios_and_risk_round_trip_and_apply_by_name() -> None:
    plan = _plan(
        scenarios=[
            {
                "name": "Slow sales",
                "description": "Later and smaller",
                "changes": {"volume": 0.8, "start_delay_months": 3},
            }
        ],
        risk={"runs": 500, "seed": 3, "drivers": {"wages": {"low": 1, "likely": 1, "high": 1.1}}},
    )
    again = parse_plan_text(plan_to_yaml(plan))
    assert again == plan
    slow = apply_scenario(plan, "slow SALES")
    assert slow.settings.name == "My BPO launch plan (Slow sales)"
    assert slow.scenarios == []
    assert slow.business_plan.clients[0].services[0].monthly_volume == pytest.approx(800)
    with pytest.raises(KeyError, match="it has: Slow sales"):
        apply_scenario(plan, "Boom")
    assert effective_risk(plan).runs == 500
    assert effective_risk(_plan()) == DEFAULT_RISK


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        (
            {"scenarios": [{"name": "A", "changes": {"volume": 9}}]},
            "must be a multiplier from 0 to 5",
        ),
        (
            {"scenarios": [{"name": "A", "changes": {"start_delay_months": 1.5}}]},
            "whole number of months",
        ),
        ({"scenarios": [{"name": "A"}, {"name": "a "}]}, "name of another scenario"),
        (
            {"risk": {"drivers": {"volume": {"low": 1.2, "likely": 1.0, "high": 1.3}}}},
            "must be in order",
        ),
    ],
)
def test_bad_scenarios_and_risk_ranges_name_the_field_in_words(extra: dict, words: str) -> None:
    with pytest.raises(PlanError) as caught:
        _plan(**extra)
    text = error_words(caught.value)
    assert words in text
    assert "None" not in text and "scenarios.0" not in text and "drivers.volume" not in text
    assert any(
        f"- {where}" in text
        for where in ("Scenarios > A >", "Scenarios > a >", "Risk > Drivers > Volume")
    )


def test_loop_reference_gives_each_runs_own_projection() -> None:
    base = _plan()
    draws = Draws(
        values={"volume": np.array([0.8, 1.1]), "start_delay_months": np.array([0.0, 2.0])},
        signed=np.array([[True], [False]]),
    )
    out = project_loop(base, draws)
    for r in range(2):
        kpis = project(draws.plan_for(base, r)).kpis
        assert out.funding_needed[r] == kpis.funding_needed
        assert out.lowest_cash[r] == kpis.lowest_cash
    assert draws.plan_for(base, 1).settings.name == "My BPO launch plan (run 2)"
    assert out.closing_cash.shape == (2, base.months)
