"""Specialty: the weighted scoring matrix and the delivery-model cost comparison, by hand."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.data.catalog import Location, load_locations
from planner.model.issues import PlanError
from planner.model.plan import SCORE_CRITERIA, Candidate, Plan, Specialty
from planner.model.starters import load_template
from planner.steps.specialty import (
    DELIVERY_COLUMNS,
    SCORE_COLUMNS,
    compare_delivery_models,
    resources_per_person_month,
    score_candidates,
)


def _candidate(name: str, *scores: int) -> Candidate:
    return Candidate(name=name, scores=dict(zip(SCORE_CRITERIA, scores, strict=True)))


def _specialty(weights: dict[str, float] | None, *candidates: Candidate) -> Specialty:
    data: dict[str, Any] = {"candidates": list(candidates)}
    if weights is not None:
        data["criteria_weights"] = weights
    return Specialty(**data)


# --- scoring matrix ------------------------------------------------------------------------------


def test_equal_weights_put_the_mean_score_on_a_0_to_100_scale() -> None:
    # criteria order: demand, market_gap, expertise, margin, startup_cost, remote_capable
    table = score_candidates(
        _specialty(
            None,  # the model's default: every weight 1
            _candidate("All threes", 3, 3, 3, 3, 3, 3),  # mean 3 -> (3 - 1) / 4 x 100 = 50
            _candidate("All fives", 5, 5, 5, 5, 5, 5),  # mean 5 -> 100
            _candidate("All ones", 1, 1, 1, 1, 1, 1),  # mean 1 -> 0
            _candidate("Mixed", 5, 4, 3, 2, 1, 3),  # mean 18 / 6 = 3 -> 50
        )
    )
    assert tuple(table.columns) == SCORE_COLUMNS
    assert table["candidate"].tolist() == ["All fives", "All threes", "Mixed", "All ones"]
    assert table["weighted_score"].tolist() == [100.0, 50.0, 50.0, 0.0]
    assert table["rank"].tolist() == [1, 2, 2, 4]  # a tie shares the better rank
    assert table.loc[2, "margin"] == 2 and table.loc[2, "demand"] == 5


def test_weights_change_the_order() -> None:
    # Weights: demand 3, market_gap 2, expertise 2, margin 2, startup_cost 1, remote 0.5
    # (sum 10.5), as in the offshore voice template.
    weights = {
        "demand": 3,
        "market_gap": 2,
        "expertise": 2,
        "margin": 2,
        "startup_cost": 1,
        "remote_capable": 0.5,
    }
    voice = _candidate("Voice support", 5, 4, 4, 3, 2, 2)
    data_entry = _candidate("Data entry", 3, 2, 3, 2, 4, 4)
    table = score_candidates(_specialty(weights, data_entry, voice))
    # Voice: 3x5 + 2x4 + 2x4 + 2x3 + 1x2 + 0.5x2 = 15 + 8 + 8 + 6 + 2 + 1 = 40;
    #        40 / 10.5 = 3.8095; (3.8095 - 1) / 4 x 100 = 70.238
    # Data entry: 9 + 4 + 6 + 4 + 4 + 2 = 29; 29 / 10.5 = 2.7619 -> 44.048
    assert table["candidate"].tolist() == ["Voice support", "Data entry"]
    assert table["weighted_score"].round(3).tolist() == [70.238, 44.048]
    assert table["rank"].tolist() == [1, 2]


def test_a_criterion_left_out_of_the_weights_counts_with_weight_1() -> None:
    # Only margin given (weight 3): the other five weigh 1 each; sum 8.
    # scores 1,1,1,5,1,1: (5 x 1 + 3 x 5) / 8 = 20 / 8 = 2.5 -> (2.5 - 1) / 4 x 100 = 37.5
    table = score_candidates(_specialty({"margin": 3}, _candidate("A", 1, 1, 1, 5, 1, 1)))
    assert table.loc[0, "weighted_score"] == 37.5


def test_all_weights_zero_gives_no_score_and_no_rank() -> None:
    weights = dict.fromkeys(SCORE_CRITERIA, 0.0)
    table = score_candidates(_specialty(weights, _candidate("A", 5, 5, 5, 5, 5, 5)))
    assert np.isnan(table.loc[0, "weighted_score"])
    assert table["rank"].isna().all()


def test_no_candidates_gives_an_empty_table_with_the_columns() -> None:
    table = score_candidates(Specialty())
    assert table.empty and tuple(table.columns) == SCORE_COLUMNS


def test_template_candidates_rank_the_chosen_specialty_first() -> None:
    for template_id in ("offshore_voice_support", "kpo_research_analytics"):
        plan = load_template(template_id)
        table = score_candidates(plan.specialty)
        assert table.loc[0, "candidate"] == plan.specialty.candidates[0].name
        assert table.loc[0, "rank"] == 1


scores = st.lists(st.integers(1, 5), min_size=6, max_size=6)
weights = st.lists(st.floats(0, 10, allow_nan=False), min_size=6, max_size=6).filter(
    lambda w: sum(w) > 0
)


@given(scores=scores, weights=weights, criterion=st.integers(0, 5))
def test_scores_stay_in_range_and_a_better_score_never_ranks_lower(
    scores: list[int], weights: list[float], criterion: int
) -> None:
    w = dict(zip(SCORE_CRITERIA, weights, strict=True))
    better = list(scores)
    better[criterion] = min(5, better[criterion] + 1)
    table = score_candidates(
        _specialty(w, _candidate("base", *scores), _candidate("better", *better))
    )
    by_name = table.set_index("candidate")
    assert 0 <= by_name.loc["base", "weighted_score"] <= 100 + 1e-9
    assert by_name.loc["better", "weighted_score"] >= by_name.loc["base", "weighted_score"] - 1e-9
    assert by_name.loc["better", "rank"] <= by_name.loc["base", "rank"]


# --- delivery models -----------------------------------------------------------------------------


def _location(name: str, model: str, low: float, high: float) -> Location:
    return Location(
        id=name.lower().replace(" ", "_"),
        name=name,
        country=name,
        client_market="US",
        delivery_model=model,
        agent_wage_per_hour_low=low,
        agent_wage_per_hour_high=high,
        assumption=model == "onshore",
        source="test figures",
    )


LOCATIONS = [
    _location("Offshoria", "offshore", 2, 3),
    _location("Nearland", "nearshore", 5, 6),
    _location("Homeland", "onshore", 17, 20),
]


def _plan(**settings: Any) -> Plan:
    return Plan.model_validate(
        {
            "settings": {"location": "Offshoria", **settings},
            "staffing": {
                "paid_hours_per_month": 160,
                "shrinkage": 0.25,
                "burden": 0.3,
                "shift_pattern": "three_shifts",
            },
            "resources": {
                "items": [
                    # per seat: 720 / 36 = 20 a month
                    {"name": "PC", "basis": "per_seat", "one_time_cost": 720,
                     "useful_life_months": 36},
                    # per seat: 100 a month
                    {"name": "Platform", "basis": "per_seat", "monthly_cost": 100,
                     "ownership": "lease"},
                    # per seat, leased with a set-up fee: 2 x (4 + 36 / 36) = 10 a month
                    {"name": "Headset", "basis": "per_seat", "quantity": 2, "monthly_cost": 4,
                     "one_time_cost": 36, "useful_life_months": 36, "ownership": "lease"},
                    # per employee: 10 a month, not shared between shifts
                    {"name": "E-mail", "basis": "per_employee", "monthly_cost": 10},
                    # per site and fixed items do not grow with one more person: left out
                    {"name": "Generator", "basis": "per_site", "one_time_cost": 30000},
                    {"name": "Data feed", "basis": "fixed", "monthly_cost": 900},
                ]
            },
        }
    )  # fmt: skip


def test_resources_per_person_share_seats_between_shifts() -> None:
    # per seat (20 + 100 + 10) = 130, three shifts share a seat: 130 / 3 = 43.333;
    # per employee 10: 53.333 a person a month
    assert resources_per_person_month(_plan()) == pytest.approx(130 / 3 + 10)


def test_a_location_costs_out_by_hand() -> None:
    table = compare_delivery_models(_plan(), LOCATIONS)
    assert tuple(table.columns) == DELIVERY_COLUMNS
    assert table["location"].tolist() == ["Homeland", "Nearland", "Offshoria"]
    off = table.set_index("location").loc["Offshoria"]
    # wage: midpoint 2.5 USD/h x 160 h = 400; loaded 400 x 1.3 = 520
    assert off["agent_wage_per_hour"] == 2.5
    assert off["wage_per_month"] == pytest.approx(400)
    assert off["loaded_wage_per_month"] == pytest.approx(520)
    # + resources 53.333 = 573.333 a month; productive hours 160 x (1 - 0.25) = 120
    assert off["loaded_cost_per_fte_month"] == pytest.approx(573.333, abs=1e-3)
    assert off["productive_hours_per_month"] == pytest.approx(120)
    # 573.333 / 120 = 4.778 per productive hour
    assert off["cost_per_productive_hour"] == pytest.approx(4.7778, abs=1e-4)
    assert bool(off["is_plan_location"]) and not bool(off["wage_is_assumption"])
    home = table.set_index("location").loc["Homeland"]
    # 18.5 x 160 = 2,960; x 1.3 = 3,848; + 53.333 = 3,901.333; / 120 = 32.511
    assert home["loaded_cost_per_fte_month"] == pytest.approx(3901.333, abs=1e-3)
    assert home["cost_per_productive_hour"] == pytest.approx(32.5111, abs=1e-4)
    assert bool(home["wage_is_assumption"])


def test_wages_are_converted_to_the_plan_currency() -> None:
    plan = _plan(currency="PHP")
    with pytest.raises(PlanError, match=r"usd_rate: needed .* the plan is in PHP"):
        compare_delivery_models(plan, LOCATIONS)
    with pytest.raises(PlanError, match="usd_rate: must be a positive number"):
        compare_delivery_models(plan, LOCATIONS, usd_rate=0)
    table = compare_delivery_models(plan, LOCATIONS, usd_rate=56).set_index("location")
    # 2.5 USD x 56 = 140 PHP an hour; 140 x 160 = 22,400 a month
    assert table.loc["Offshoria", "agent_wage_per_hour"] == pytest.approx(140)
    assert table.loc["Offshoria", "wage_per_month"] == pytest.approx(22_400)


def test_cheaper_first_within_each_delivery_model() -> None:
    plan = load_template("offshore_voice_support")
    table = compare_delivery_models(plan, load_locations())
    models = table["delivery_model"].tolist()
    assert models == sorted(models, key=["onshore", "nearshore", "offshore"].index)
    for _, group in table.groupby("delivery_model"):
        assert group["cost_per_productive_hour"].is_monotonic_increasing
    manila = table[table["is_plan_location"]]
    assert manila["location"].tolist() == ["Manila, Philippines"]
    # Philippines: 2.5 USD x 173.33 h = 433.33 a month, close to the template's 450 agent wage
    assert manila["wage_per_month"].iloc[0] == pytest.approx(433.325)
    offshore = table[table["delivery_model"] == "offshore"]["cost_per_productive_hour"]
    onshore = table[table["delivery_model"] == "onshore"]["cost_per_productive_hour"]
    assert offshore.max() < onshore.min()


def test_no_locations_gives_an_empty_table() -> None:
    table = compare_delivery_models(_plan(), [])
    assert table.empty and tuple(table.columns) == DELIVERY_COLUMNS
    assert pd.api.types.is_string_dtype(table["location"])
