"""The tornado and the two-way table (`planner.report.sensitivity`), hand-checked on a small plan.

The small plan: one clerk at 1,000 a month (the only cost: no burden, tax or other costs), one
client buying 100 items a month at 8.00 from month 1, paid at once (payment_days 0), 12 months,
no opening cash and no minimum cash. So each month: revenue = 100 x volume x 8 x price, costs =
1,000 x wages, and cash falls by the difference every month.
Base: 800 - 1,000 = -200 a month: funding needed 12 x 200 = 2,400, lowest cash -2,400 (month 12),
no break-even.
"""

from __future__ import annotations

import math
import re

import pytest

from planner.engine.pipeline import project
from planner.model.drivers import DEFAULT_RISK, apply_drivers
from planner.model.plan import DriverRange, Plan, Risk
from planner.report.sensitivity import (
    comparable,
    driver_setting,
    driver_value,
    grid_values,
    metric_value,
    outcome,
    summary,
    tornado,
    two_way,
)
from tests.support.small_plans import client, make_plan
from tests.support.ui import template

CLERK = {"name": "Clerk", "monthly_wage": 1000, "fixed_count": 1}
RISK = Risk(
    drivers={
        "volume": DriverRange(low=0.5, likely=1.0, high=1.5),
        "price": DriverRange(low=0.9, likely=1.0, high=1.25),
        "wages": DriverRange(low=1.0, likely=1.0, high=1.1),
    }
)


def small_plan(risk: Risk | None = RISK) -> Plan:
    buyer = client(monthly_volume=100, pricing_model="per_item", price=8, payment_days=0)
    plan = make_plan(
        staffing={"roles": [CLERK]},
        financing={"minimum_cash": 0},
        business_plan={"clients": [buyer]},
    )
    return plan.model_copy(update={"risk": risk})


def test_the_base_is_the_plan_as_it_is() -> None:
    # 100 x 8 = 800 in, 1,000 out: -200 a month, 12 months -> -2,400.
    t = tornado(small_plan())
    assert t.base.funding_needed == pytest.approx(2400)
    assert t.base.lowest_cash == pytest.approx(-2400)
    assert t.base.ending_cash == pytest.approx(-2400)
    assert math.isnan(t.base.break_even_month)


def test_wages_up_ten_percent_need_the_extra_payroll_in_funding() -> None:
    # wages x 1.1: the clerk costs 1,100, so cash falls 300 a month: 12 x 300 = 3,600 needed,
    # 3,600 - 2,400 = 1,200 more = 12 months x 100 of extra payroll (as the payroll table says).
    plan = small_plan()
    bar = next(b for b in tornado(plan).bars if b.driver == "wages")
    extra_payroll = (
        project(apply_drivers(plan, {"wages": 1.1})).payroll["wage_cost"].sum()
        - project(plan).payroll["wage_cost"].sum()
    )
    assert extra_payroll == pytest.approx(1200)
    assert bar.at_high.funding_needed - bar.at_low.funding_needed == pytest.approx(extra_payroll)
    assert bar.at_low.funding_needed == pytest.approx(2400)  # wages' low 1.0 = as planned
    assert bar.at_high.lowest_cash == pytest.approx(-3600)


def test_each_driver_alone_at_its_low_and_high() -> None:
    # volume 0.5: 400 in, -600 a month -> 7,200 needed; volume 1.5: 1,200 in, +200 a month ->
    #   nothing needed, lowest cash 200 (month 1), 2,400 at the end, break-even in month 1.
    # price 0.9: 100 x 7.20 = 720 in, -280 -> 3,360; price 1.25: 100 x 10 = 1,000 in, 0 a month
    #   -> nothing needed, cash stays 0, break-even in month 1 (net income 0 counts as >= 0).
    t = tornado(small_plan())
    bars = {b.driver: b for b in t.bars}
    assert set(bars) == {"volume", "price", "wages"}  # only the drivers in the ranges
    v, p = bars["volume"], bars["price"]
    assert (v.low, v.high) == (0.5, 1.5)
    assert v.at_low.funding_needed == pytest.approx(7200)
    assert v.at_high.funding_needed == pytest.approx(0)
    assert v.at_high.lowest_cash == pytest.approx(200)
    assert v.at_high.ending_cash == pytest.approx(2400)
    assert v.at_high.break_even_month == 1
    assert p.at_low.funding_needed == pytest.approx(3360)
    assert p.at_high.funding_needed == pytest.approx(0)
    assert p.at_high.break_even_month == 1


def test_bars_are_sorted_by_the_swing_in_funding_needed() -> None:
    # swings: volume 7,200 - 0 = 7,200; price 3,360 - 0 = 3,360; wages 3,600 - 2,400 = 1,200.
    t = tornado(small_plan())
    assert [b.driver for b in t.bars] == ["volume", "price", "wages"]
    assert [t.swing(b, "funding_needed") for b in t.bars] == pytest.approx([7200, 3360, 1200])


def test_a_break_even_beyond_the_plan_counts_as_the_month_after_it_in_a_swing() -> None:
    # volume: no break-even at 0.5 (counts as month 13 of 12) and month 1 at 1.5: swing 12.
    # wages: no break-even at either end: swing 0, so wages move the break-even not at all.
    t = tornado(small_plan())
    bars = {b.driver: b for b in t.bars}
    assert t.swing(bars["volume"], "break_even_month") == 12
    assert t.swing(bars["wages"], "break_even_month") == 0
    assert [b.driver for b in t.sorted_by("break_even_month")][-1] == "wages"
    assert comparable(math.nan, "break_even_month", 12) == 13


def test_the_summary_names_the_driver_that_moves_funding_most() -> None:
    text = summary(tornado(small_plan()), "funding_needed", "USD")
    assert text == (
        "Funding needed swings most with volume: from $0 (Volume +50%) to $7,200 (Volume -50%), "
        "against $2,400 as planned."
    )


def test_a_plan_without_ranges_of_its_own_uses_the_documented_defaults() -> None:
    t = tornado(small_plan(risk=None))
    assert {b.driver for b in t.bars} == set(DEFAULT_RISK.drivers)
    bars = {b.driver: b for b in t.bars}
    assert (bars["start_delay_months"].low, bars["start_delay_months"].high) == (0, 3)


def test_prospects_stay_probabilities_in_every_bar() -> None:
    # A starter with pipeline prospects: each bar is exactly the deterministic engine on the plan
    # with that driver alone moved (apply_drivers without `signed`): no prospect signs or drops.
    plan = template("nearshore_it_helpdesk")
    assert any(c.status == "pipeline" for c in plan.business_plan.clients)
    bars = {b.driver: b for b in tornado(plan).bars}
    r = DEFAULT_RISK.drivers["win_rate"]
    expected = outcome(project(apply_drivers(plan, {"win_rate": r.low})))
    assert bars["win_rate"].at_low == expected


def test_two_way_price_by_volume_funding_needed() -> None:
    # funding needed = 12 x max(0, 1,000 - 100 x volume x 8 x price) (cash only falls):
    # volume 0.5, price 0.9: 360 in -> 12 x 640 = 7,680; price 1.25: 500 in -> 12 x 500 = 6,000
    # volume 1.5, price 0.9: 1,080 in -> 0;           price 1.25: 1,500 in -> 0
    g = two_way(small_plan(), "price", [0.9, 1.25], "volume", [0.5, 1.5])
    assert (g.x_driver, g.y_driver, g.metric) == ("price", "volume", "funding_needed")
    assert [list(row) for row in g.values] == [
        pytest.approx([7680, 6000]),
        pytest.approx([0, 0]),
    ]
    assert g.base == pytest.approx(2400)


def test_two_way_other_figures() -> None:
    # lowest cash at volume 1.5, price 0.9: +80 in month 1 (1,080 - 1,000), the lowest month.
    # break-even: month 1 where the month's net income is >= 0, none (NaN) where it is negative.
    low = two_way(small_plan(), "price", [0.9], "volume", [1.5], metric="lowest_cash")
    assert low.values[0][0] == pytest.approx(80)
    be = two_way(
        small_plan(), "price", [0.9, 1.25], "volume", [0.5, 1.5], metric="break_even_month"
    )
    assert math.isnan(be.values[0][0]) and math.isnan(be.values[0][1])
    assert be.values[1] == (1.0, 1.0)
    end = two_way(small_plan(), "wages", [1.1], "volume", [1.5], metric="ending_cash")
    assert end.values[0][0] == pytest.approx(12 * (1200 - 1100))  # 1,200


def test_two_way_by_default_is_price_by_volume_over_the_ranges() -> None:
    # The plan's ranges: price 0.9 to 1.25, volume 0.5 to 1.5, five values each.
    g = two_way(small_plan())
    assert g.x_values == (0.9, 0.9875, 1.075, 1.1625, 1.25)
    assert g.y_values == (0.5, 0.75, 1.0, 1.25, 1.5)
    assert len(g.values) == 5 and all(len(row) == 5 for row in g.values)
    # the middle volume (1.0) at price 0.9 is the tornado's price low: 3,360
    assert g.values[2][0] == pytest.approx(3360)


def test_grid_values_for_a_driver_the_plan_leaves_out_come_from_the_defaults() -> None:
    assert grid_values(small_plan(), "attrition") == (0.8, 0.975, 1.15, 1.325, 1.5)
    assert grid_values(small_plan(), "start_delay_months") == (0, 1, 2, 3)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("price", "price", "funding_needed"), "two different drivers (both are Price)"),
        (
            ("speed", "volume", "funding_needed"),
            "'speed' is not a driver (the drivers are: Volume, ",
        ),
        (("price", "volume", "profit"), "'profit' is not a figure the sensitivity shows"),
    ],
)
def test_bad_choices_are_refused_in_words(args: tuple[str, str, str], words: str) -> None:
    x, y, metric = args
    with pytest.raises(ValueError, match=re.escape(words)):
        two_way(small_plan(), x, None, y, None, metric=metric)


def test_driver_values_in_words() -> None:
    assert driver_value("volume", 0.8) == "-20%"
    assert driver_value("handle_time", 1.2) == "+20%"
    assert driver_value("price", 0.9875) == "-1.3%"  # 1.25% rounded half up
    assert driver_value("attrition", 1.0) == "as planned"
    assert driver_value("start_delay_months", 1) == "+1 month"
    assert driver_setting("start_delay_months", 3) == "Start delay +3 months"
    assert driver_setting("win_rate", 0.7) == "Win rate -30%"
    assert metric_value("lowest_cash", -2400, "PHP") == "-₱2,400"
