"""The tornado and the two-way heatmap (`planner.charts.sensitivity`) on the small plan of
tests/report/test_sensitivity.py (base funding needed 2,400; volume 0.5 -> 7,200, 1.5 -> 0;
price 0.9 -> 3,360, 1.25 -> 0; wages 1.0 -> 2,400, 1.1 -> 3,600)."""

from __future__ import annotations

import pytest

from planner.charts import colours
from planner.charts.figures import sensitivity_tornado
from planner.charts.sensitivity import tornado_chart, two_way_chart
from planner.engine.pipeline import project
from planner.report.sensitivity import tornado, two_way
from tests.report.test_sensitivity import small_plan


@pytest.fixture(scope="module")
def t():  # type: ignore[no-untyped-def]
    return tornado(small_plan())


def test_tornado_bars_start_at_the_plan_and_end_at_each_figure(t) -> None:  # type: ignore[no-untyped-def]
    fig = tornado_chart(t, "funding_needed", "USD")
    low, high = fig.data
    assert list(low.y) == ["Volume", "Price", "Wages"]  # largest swing on top (reversed axis)
    assert fig.layout.yaxis.autorange == "reversed"
    assert low.base == high.base == pytest.approx(2400)
    # a bar's length is the figure - the plan's: volume low 7,200 - 2,400 = 4,800; high -2,400
    assert list(low.x) == pytest.approx([4800, 960, 0])  # price 0.9: 3,360 - 2,400 = 960
    assert list(high.x) == pytest.approx([-2400, -2400, 1200])
    assert list(low.text) == ["-50%: $7,200", "-10%: $3,360", "as planned: $2,400"]
    assert list(high.text) == ["+50%: $0", "+25%: $0", "+10%: $3,600"]
    assert (low.marker.color, high.marker.color) == (colours.PALETTE[0], colours.PALETTE[1])
    assert fig.layout.title.text == "Funding needed: each driver alone at its low and its high"
    assert fig.layout.xaxis.title.text == "Funding needed (USD)"
    # room on both sides for the labels: the bars run from 0 to 7,200
    lo, hi = fig.layout.xaxis.range
    assert lo < 0 and hi > 7200


def test_a_break_even_beyond_the_plan_is_drawn_at_the_month_after_it_and_says_so(t) -> None:  # type: ignore[no-untyped-def]
    # the plan (12 months) never breaks even: the base is drawn at month 13; volume 1.5 breaks
    # even in month 1: a bar 12 months to the left.
    fig = tornado_chart(t, "break_even_month", "USD")
    low, high = fig.data
    assert low.base == 13
    volume = list(high.y).index("Volume")
    assert high.x[volume] == -12
    assert high.text[volume] == "+50%: month 1"
    assert low.text[volume] == "-50%: not within the plan"
    assert fig.layout.xaxis.title.text == "Month of the plan"


def test_heatmap_cells_are_written_in_the_plan_s_currency() -> None:
    g = two_way(small_plan(), "price", [0.9, 1.25], "volume", [0.5, 1.5])
    fig = two_way_chart(g, "PHP")
    heat = fig.data[0]
    assert [list(r) for r in heat.text] == [["₱7,680", "₱6,000"], ["₱0", "₱0"]]
    assert list(heat.x) == ["-10%", "+25%"] and list(heat.y) == ["-50%", "+50%"]
    assert fig.layout.title.text == "Funding needed by price and volume"
    assert fig.layout.xaxis.title.text == "Price (change from the plan)"
    assert not heat.reversescale  # more funding needed is darker
    assert heat.colorscale[-1][1] == colours.CASH


def test_heatmap_of_cash_is_darker_where_cash_is_lower_and_break_even_is_in_words() -> None:
    cash = two_way(small_plan(), "price", [0.9], "volume", [1.5], metric="lowest_cash")
    assert two_way_chart(cash, "USD").data[0].reversescale
    be = two_way(
        small_plan(), "price", [0.9, 1.25], "volume", [0.5, 1.5], metric="break_even_month"
    )
    heat = two_way_chart(be, "USD").data[0]
    assert [list(r) for r in heat.text] == [
        ["not within the plan", "not within the plan"],
        ["month 1", "month 1"],
    ]
    assert [list(r) for r in heat.z] == [[2.0, 2.0], [1.0, 1.0]]  # beyond: after the latest shown


def test_the_written_plan_s_tornado_is_the_funding_tornado_of_the_plan() -> None:
    fig = sensitivity_tornado(project(small_plan()))
    assert fig.layout.title.text.startswith("Funding needed")
    assert list(fig.data[0].y) == ["Volume", "Price", "Wages"]
