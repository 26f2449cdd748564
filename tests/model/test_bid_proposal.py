"""A priced bid kept with the plan (`Plan.bids`, `BidProposal`): it round-trips through the plan
file, old plans read unchanged, and wrong values are refused in the founder's words."""

from __future__ import annotations

from typing import Any, get_args

import pytest

from planner.bid.types import BID_CHANNELS, BILLING_MODELS
from planner.model import plan as model
from planner.model.files import (
    load_plan,
    parse_plan_text,
    plan_from_dict,
    plan_to_dict,
    plan_to_yaml,
)
from planner.model.issues import PlanError, error_words
from planner.model.labels import BID_CHANNEL_LABELS, BILLING_UNIT_LABELS
from tests.support.tools import ROOT

STARTER = ROOT / "templates" / "plans" / "offshore_voice_support.yaml"


def proposal(**changes: Any) -> dict[str, Any]:
    """A proposal as a plan file holds it: 1,200 calls a month staffed with 3 agents."""
    data: dict[str, Any] = {
        "client": "Harbour Health (prospect)",
        "service_line": "customer_support_voice",
        "channel": "voice",
        "targets": "80 % answered within 20 seconds",
        "currency": "USD",
        "history_weeks": 12,
        "forecast_months": 12,
        "monthly_contacts": 1200.0,
        "mape": 0.081,
        "naive_mape": 0.112,
        "required_fte": 2.6,
        "scheduled_fte": 3.0,
        "scheduling_loss": 0.154,
        "seats": 3.0,
        "shifts": [{"start": "08:00", "length_hours": 9.0, "agents": [3, 3, 3, 3, 3, 0, 0]}],
        "unit_costs": {"per_fte_month": 900.0, "per_item": 2.25},
        "monthly_cost": 2700.0,
        "margin": 0.25,
        "prices": [
            {"model": "per_item", "price": 3.0, "margin_under": 0.0625, "margin_forecast": 0.25},
            {"model": "monthly_retainer", "price": 3600.0, "margin_forecast": 0.25},
        ],
        "chosen_model": "per_item",
    }
    data.update(changes)
    return data


def with_bids(*bids: dict[str, Any]) -> dict[str, Any]:
    data = plan_to_dict(load_plan(STARTER))
    data["bids"] = list(bids)
    return data


def problems(data: dict[str, Any]) -> str:
    with pytest.raises(PlanError) as caught:
        plan_from_dict(data)
    return error_words(caught.value)


def test_the_plan_ids_are_the_bid_desks_ids_in_order() -> None:
    assert get_args(model.BidChannelId) == BID_CHANNELS
    assert get_args(model.PricingModel) == BILLING_MODELS
    assert BILLING_MODELS[:6] == model.COST_UNITS == tuple(model.BidUnitCosts.model_fields)
    assert set(BID_CHANNEL_LABELS) == set(BID_CHANNELS)
    assert set(BILLING_UNIT_LABELS) == set(BILLING_MODELS)


def test_a_plan_with_a_bid_round_trips_through_yaml() -> None:
    plan = plan_from_dict(with_bids(proposal()))
    again = parse_plan_text(plan_to_yaml(plan))
    assert again == plan
    bid = again.bids[0]
    assert bid.shifts[0].agents == [3, 3, 3, 3, 3, 0, 0]
    assert bid.prices[1].margin_under is None  # not given: no margin said
    assert bid.unit_costs.per_item == 2.25
    assert bid.unit_costs.per_seat == 0.0  # not given


def test_old_plans_read_with_no_bids() -> None:
    assert load_plan(STARTER).bids == []
    assert "bids" not in STARTER.read_text()


def test_two_bids_for_one_client_are_refused_naming_the_client() -> None:
    text = problems(with_bids(proposal(), proposal(client=" harbour health (PROSPECT)")))
    assert "already has a bid" in text and "Bids > " in text and "Client" in text
    assert "bids.1" not in text


def test_a_bid_on_a_line_the_plan_lacks_is_refused() -> None:
    text = problems(with_bids(proposal(service_line="debt_collection")))
    assert "'debt_collection' is not one of this plan's service lines" in text
    assert "Bids > Harbour Health (prospect) > Service line" in text


def test_the_chosen_model_must_be_one_the_bid_priced() -> None:
    text = problems(with_bids(proposal(chosen_model="per_seat")))
    assert "'per_seat' is not one of the bid's priced billing models" in text
    assert "Chosen billing model" in text


def test_a_shift_needs_seven_days_and_a_clock_time() -> None:
    bad = {"start": "8am", "length_hours": 9.0, "agents": [1, 1, 1]}
    text = problems(with_bids(proposal(shifts=[bad])))
    assert "HH:MM" in text
    assert "Agents, Monday to Sunday" in text
    assert "shifts.0" not in text and "None" not in text


def test_a_target_margin_of_100_percent_is_refused() -> None:
    text = problems(with_bids(proposal(margin=1.0)))
    assert "Bids > Harbour Health (prospect) > Margin: must be less than 1" in text


def test_one_price_per_billing_model() -> None:
    twice = [{"model": "per_item", "price": 3.0}, {"model": "per_item", "price": 2.0}]
    text = problems(with_bids(proposal(prices=twice)))
    assert "per_item" in text and "twice" in text
