"""The eight pricing models: one client per model, one month, revenue computed by hand."""

from __future__ import annotations

from typing import get_args

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.bid.types import BILLING_MODELS
from planner.model.files import PlanError
from planner.model.issues import path_label
from planner.model.labels import PRICING_LABELS, PRICING_UNIT_LABELS
from planner.model.plan import PricingModel
from tests.support.small_plans import ITEMS_LINE, client, make_plan, run, series

QUEUE_LINE = {
    "id": "calls",
    "name": "Inbound calls",
    "family": "front_office",
    "workload": {"type": "queue", "aht_seconds": 300},
}
PROJECT_LINE = {
    "id": "builds",
    "name": "Builds",
    "family": "ito",
    "workload": {"type": "project", "utilisation": 1.0},
}


def test_the_bid_desk_and_the_plan_share_one_list_of_eight_models() -> None:
    assert get_args(PricingModel) == BILLING_MODELS
    assert len(BILLING_MODELS) == 8
    assert list(PRICING_LABELS) == list(BILLING_MODELS)
    assert list(PRICING_UNIT_LABELS) == list(BILLING_MODELS)


def _eight_clients() -> list[dict[str, object]]:
    prices = {
        "per_fte_month": 1000.0,
        "per_paid_hour": 10.0,
        "per_productive_hour": 10.0,
        "per_handled_minute": 0.5,
        "per_item": 2.0,
        "per_seat": 300.0,
        "monthly_retainer": 500.0,
        "base_plus_per_item": 1.5,
    }
    out: list[dict[str, object]] = []
    for model, price in prices.items():
        extra = {"base_fee": 2000.0} if model == "base_plus_per_item" else {}
        out.append(
            client(name=model, monthly_volume=100, pricing_model=model, price=price, **extra)
        )
    return out


def test_each_of_the_eight_models_bills_its_hand_computed_revenue() -> None:
    # One items line (60 minutes an item, 100 paid hours, utilisation 1), 20% shrinkage, two
    # shifts. Eight clients of 100 items each: line volume 800 items = 800 hours of work;
    # line FTE = 800 / (100 x 0.8) = 10; each client's share is 1/8 -> 1.25 FTE.
    r = run(
        business_plan={"clients": _eight_clients()},
        staffing={"shrinkage": 0.2, "shift_pattern": "two_shifts"},
    )
    first = r.revenue[r.revenue.month_no == 1].set_index("client")
    expected = {
        "per_fte_month": (1.25, 1250.0),  # 1.25 FTE x 1,000
        "per_paid_hour": (125.0, 1250.0),  # 1.25 FTE x 100 paid hours = 125 h x 10
        "per_productive_hour": (100.0, 1000.0),  # 1.25 x 100 x 0.8 x 1 = 100 h x 10
        "per_handled_minute": (6000.0, 3000.0),  # 100 items x 60 min = 6,000 min x 0.50
        "per_item": (100.0, 200.0),  # 100 items x 2
        "per_seat": (0.625, 187.5),  # line seats 10 FTE x 1/2 (two shifts) = 5; 5 / 8 x 300
        "monthly_retainer": (1.0, 500.0),  # 1 month x 500
        "base_plus_per_item": (100.0, 2150.0),  # 2,000 base + 100 x 1.50
    }
    for model, (units, revenue) in expected.items():
        assert first.loc[model, "billed_units"] == pytest.approx(units), model
        assert first.loc[model, "revenue"] == pytest.approx(revenue), model
    assert first.loc["base_plus_per_item", "base_fee"] == pytest.approx(2000.0)
    assert first.loc["per_item", "base_fee"] == 0.0
    # the P&L's revenue line is the sum of the eight: 1,250 + 1,250 + 1,000 + 3,000 + 200 +
    # 187.5 + 500 + 2,150 = 9,537.5
    assert r.monthly.revenue.iloc[0] == pytest.approx(9537.5)


def test_base_fee_is_weighted_and_escalated_but_never_ramped() -> None:
    # Pipeline at 50%, 3-month ramp, 10% yearly rise, base 2,000 + 1.00 per contact at 1,000.
    # Month 1: contacts 1,000 x 1/4 x 0.5 = 125 -> 125; base 2,000 x 0.5 = 1,000 (no ramp):
    # 1,125. Month 13 (contract year 2): 1,000 x 0.5 = 500 contacts x 1.10 = 550; base
    # 2,000 x 1.1 x 0.5 = 1,100: 1,650.
    r = run(
        settings={"horizon_months": 13},
        business_plan={
            "clients": [
                client(
                    monthly_volume=1000,
                    status="pipeline",
                    probability=0.5,
                    ramp_months=3,
                    pricing_model="base_plus_per_item",
                    price=1.0,
                    base_fee=2000,
                    yearly_escalation=0.1,
                )
            ]
        },
    )
    revenue = series(r.revenue, "revenue")
    assert revenue[0] == pytest.approx(1125.0)
    assert revenue[12] == pytest.approx(1650.0)
    assert series(r.revenue, "base_fee")[12] == pytest.approx(1100.0)


def test_base_fee_ends_with_the_contract_and_counts_in_collections() -> None:
    # base 1,000 + 0 per contact, 2-month term, paid net 30 in arrears (next month):
    # revenue 1,000, 1,000, 0; cash in 0, 1,000, 1,000.
    r = run(
        business_plan={
            "clients": [
                client(
                    pricing_model="base_plus_per_item",
                    base_fee=1000,
                    term_months=2,
                    payment_days=30,
                )
            ]
        },
    )
    assert list(r.monthly.revenue[:3]) == [1000.0, 1000.0, 0.0]
    assert list(r.monthly.cash_from_clients[:4]) == [0.0, 1000.0, 1000.0, 0.0]


def test_handled_minutes_of_a_queue_line_are_its_aht_and_of_a_project_line_60_an_hour() -> None:
    # queue: 1,000 calls x 300 s / 60 = 5,000 minutes x 0.20 = 1,000.
    # project: 40 hours x 60 = 2,400 minutes x 1.00 = 2,400.
    r = run(
        specialty={"service_lines": [QUEUE_LINE, PROJECT_LINE]},
        business_plan={
            "clients": [
                client(
                    name="Q",
                    service_line="calls",
                    monthly_volume=1000,
                    pricing_model="per_handled_minute",
                    price=0.2,
                ),
                client(
                    name="P",
                    service_line="builds",
                    monthly_volume=40,
                    pricing_model="per_handled_minute",
                    price=1.0,
                ),
            ]
        },
    )
    first = r.revenue[r.revenue.month_no == 1].set_index("client")
    assert first.loc["Q", "revenue"] == pytest.approx(1000.0)
    assert first.loc["P", "revenue"] == pytest.approx(2400.0)


def test_seats_of_a_queue_line_are_its_peak_agents_shared_by_volume() -> None:
    # Two clients on one queue line, 3,000 and 1,000 calls: shares 3/4 and 1/4 of the line's
    # peak agents (agents at once in the busiest interval). At 200 a seat the line bills
    # 200 x peak agents, 3/4 of it from the first client.
    r = run(
        specialty={"service_lines": [QUEUE_LINE]},
        business_plan={
            "clients": [
                client(name=n, service_line="calls", monthly_volume=v, pricing_model="per_seat",
                       price=200.0)
                for n, v in (("Big", 3000), ("Small", 1000))
            ]
        },
    )  # fmt: skip
    month_1 = r.workload[r.workload.month_no == 1].set_index("service_line")
    peak = month_1.loc["calls", "peak_agents"]
    assert peak > 1  # a real queue: several agents at once
    first = r.revenue[r.revenue.month_no == 1].set_index("client")
    assert first.loc["Big", "billed_units"] == pytest.approx(0.75 * peak)
    assert first.loc["Small", "revenue"] == pytest.approx(0.25 * peak * 200.0)


def test_a_base_fee_on_another_pricing_model_is_refused_naming_both() -> None:
    with pytest.raises(PlanError) as caught:
        make_plan(business_plan={"clients": [client(pricing_model="per_item", base_fee=100)]})
    (issue,) = caught.value.issues
    assert issue.field == "base_fee"
    assert "monthly base fee + per contact" in issue.message
    assert "per item / transaction / contact" in issue.message
    assert "base fee" in path_label(issue.path).lower()


def test_the_price_driver_scales_the_base_fee() -> None:
    from planner.model.drivers import apply_drivers

    plan = make_plan(
        business_plan={
            "clients": [
                client(
                    pricing_model="base_plus_per_item", price=1.0, base_fee=1000, monthly_volume=1
                )
            ]
        }
    )
    moved = apply_drivers(plan, {"price": 0.9})
    service = moved.business_plan.clients[0].services[0]
    assert (service.price, service.base_fee) == (0.9, 900.0)  # 1.00 x 0.9, 1,000 x 0.9


def test_an_items_line_price_per_seat_follows_the_shift_pattern() -> None:
    # 600 items -> 6 FTE (no shrinkage); three shifts: 6 x 1/3 = 2 seats x 450 = 900.
    r = run(
        business_plan={
            "clients": [client(monthly_volume=600, pricing_model="per_seat", price=450.0)]
        },
        staffing={"shift_pattern": "three_shifts"},
    )
    assert series(r.revenue, "revenue")[0] == pytest.approx(900.0)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    volumes=st.lists(st.floats(0, 5000), min_size=8, max_size=8),
    prices=st.lists(st.floats(0, 2000), min_size=8, max_size=8),
    base_fee=st.floats(0, 10_000),
    probability=st.floats(0.05, 1.0),
)
def test_the_eight_models_revenue_sums_to_the_pnl_revenue_line(
    volumes: list[float], prices: list[float], base_fee: float, probability: float
) -> None:
    # Whatever the volumes and prices: each month, the revenue table's rows (one per model) add
    # up to the P&L's revenue, and each row is billed units x unit price + base fee.
    clients = [
        client(
            name=model,
            service_line="calls" if k % 2 else "forms",
            monthly_volume=v,
            pricing_model=model,
            price=p,
            status="pipeline" if k == 7 else "signed",
            probability=probability,
            ramp_months=k % 3,
            **({"base_fee": base_fee} if model == "base_plus_per_item" else {}),
        )
        for k, (model, v, p) in enumerate(zip(BILLING_MODELS, volumes, prices, strict=True))
    ]
    r = run(
        specialty={"service_lines": [ITEMS_LINE, QUEUE_LINE]},
        business_plan={"clients": clients},
        staffing={"shrinkage": 0.25},
    )
    by_month = r.revenue.groupby("month_no")["revenue"].sum().to_numpy()
    np.testing.assert_allclose(by_month, r.monthly.revenue.to_numpy(), rtol=1e-12, atol=1e-6)
    rebuilt = r.revenue.billed_units * r.revenue.unit_price + r.revenue.base_fee
    np.testing.assert_allclose(rebuilt, r.revenue.revenue, rtol=1e-12, atol=1e-6)


# --- outbound dialling under the per-minute and per-seat models -------------------------------

DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
OUTBOUND_LINE = {
    "id": "sales",
    "name": "Outbound sales",
    "family": "front_office",
    "workload": {
        "type": "outbound",
        "contact_rate": 0.3,
        "talk_seconds": 180,
        "wrap_seconds": 60,
        "no_contact_seconds": 30,
        "max_occupancy": 0.85,
        "interval_minutes": 60,
        # every dial of the week in one hour (Monday 09:00-10:00): the peak is that hour
        "pattern": {
            "opening_hours": {d: "09:00-10:00" if d == "monday" else "closed" for d in DAYS},
            "hourly_weights": {d: [1.0] * 24 for d in DAYS},
        },
    },
}


def test_an_outbound_line_bills_its_conversations_per_handled_minute() -> None:
    # 1,300 dials, 30% reach someone for 180 s talk + 60 s wrap-up:
    # 1,300 x 0.3 x 240 / 60 = 1,560 handled minutes x 0.25 = 390.00 in month 1.
    # (The 70% that reach no one, 30 s each, are agent time, not handled minutes.)
    r = run(
        specialty={"service_lines": [OUTBOUND_LINE]},
        business_plan={
            "clients": [
                client(name="Dialler", service_line="sales", monthly_volume=1300,
                       pricing_model="per_handled_minute", price=0.25)
            ]
        },
    )  # fmt: skip
    first = r.revenue[r.revenue.month_no == 1].set_index("client")
    assert first.loc["Dialler", "billed_units"] == pytest.approx(1560.0)
    assert first.loc["Dialler", "revenue"] == pytest.approx(390.0)


def test_an_outbound_line_bills_its_peak_agents_per_seat_shared_by_volume() -> None:
    # 975 + 325 = 1,300 dials a month = 1,300 x 12 / 52 = 300 a week, all in Monday's one hour:
    # 300 x 93 s (0.3 x 240 + 0.7 x 30) = 27,900 s; an agent gives 3,600 x 0.85 = 3,060 s,
    # 27,900 / 3,060 = 9.12 -> 10 agents at the peak = 10 seats (not FTE x seats per person).
    # Shares 3/4 and 1/4: 7.5 and 2.5 seats; at 150 a seat 1,125.00 and 375.00.
    r = run(
        specialty={"service_lines": [OUTBOUND_LINE]},
        business_plan={
            "clients": [
                client(name=n, service_line="sales", monthly_volume=v, pricing_model="per_seat",
                       price=150.0)
                for n, v in (("Big", 975), ("Small", 325))
            ]
        },
    )  # fmt: skip
    month_1 = r.workload[r.workload.month_no == 1].set_index("service_line")
    assert month_1.loc["sales", "peak_agents"] == 10
    first = r.revenue[r.revenue.month_no == 1].set_index("client")
    assert first.loc["Big", "billed_units"] == pytest.approx(7.5)
    assert first.loc["Small", "billed_units"] == pytest.approx(2.5)
    assert first.loc["Big", "revenue"] == pytest.approx(1125.0)
    assert first.loc["Small", "revenue"] == pytest.approx(375.0)


def test_the_handle_time_driver_scales_an_outbound_dials_handled_minutes_as_its_staffing() -> None:
    # 20% slower talk and wrap-up: 0.3 x (216 + 72) / 60 = 1.44 minutes a dial (1.2 x 1.2);
    # run by run (a factor per run) the same as the plan with the driver applied.
    from planner.engine.revenue import minutes_per_unit
    from planner.model.drivers import apply_drivers

    plan = make_plan(specialty={"service_lines": [OUTBOUND_LINE]})
    line = plan.service_line("sales")
    slower = apply_drivers(plan, {"handle_time": 1.2}).service_line("sales")
    assert minutes_per_unit(line) == pytest.approx(1.2)
    assert minutes_per_unit(slower) == pytest.approx(1.44)
    per_run = minutes_per_unit(line, np.array([1.0, 1.2]))
    want = [minutes_per_unit(line), minutes_per_unit(slower)]
    assert np.asarray(per_run).ravel().tolist() == want
