"""AppTest: the Sensitivity page (tornado, two-way heatmap, the ranges used)."""

from __future__ import annotations

import json

import pytest

from planner.model.drivers import effective_risk
from planner.model.plan import DriverRange, Plan, Risk
from planner.report.sensitivity import summary, tornado
from tests.support.ui import TEMPLATE_IDS, app_on, assert_clean, by_label, chart_specs, template

PAGE = "ui/views/sensitivity.py"


def _texts(at) -> str:  # type: ignore[no-untyped-def]
    return "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption])


@pytest.mark.parametrize("template_id", TEMPLATE_IDS)
def test_renders_the_tornado_the_heatmap_and_the_ranges_with_each_template(
    template_id: str,
) -> None:
    plan = template(template_id)
    at = app_on(plan, PAGE)
    assert at.title[0].value == "Sensitivity"
    specs = chart_specs(at)
    assert len(specs) == 2
    assert "Funding needed: each driver alone at its low and its high" in specs[0]
    assert "Funding needed by price and volume" in specs[1]
    # the sentence is the core's, escaped for Markdown ("$" would start LaTeX)
    expected = summary(tornado(plan), "funding_needed", plan.settings.currency)
    assert any(m.value.replace("\\", "") == expected for m in at.markdown)
    ranges = at.dataframe[-1].value
    # the figures come before the long words, so a narrow screen shows them without scrolling
    assert list(ranges.columns) == ["Driver", "Low", "Most likely", "High", "What it changes"]
    # one row per driver the plan's ranges draw (the KPO starter leaves out handling time)
    assert len(ranges) == len(effective_risk(plan).drivers) and "None" not in ranges.to_string()
    assert not at.error and not at.warning


def test_choosing_break_even_redraws_the_tornado_in_months() -> None:
    plan = template("offshore_voice_support")
    at = app_on(plan, PAGE)
    at.radio(key="sensitivity_metric").set_value("break_even_month").run()
    assert_clean(at)
    assert "Break-even month: each driver alone" in chart_specs(at)[0]
    assert "Month of the plan" in chart_specs(at)[0]
    expected = summary(tornado(plan), "break_even_month", plan.settings.currency)
    assert expected.startswith("Break-even month swings most with")
    assert any(m.value.replace("\\", "") == expected for m in at.markdown)


def test_the_founder_picks_the_two_drivers_and_the_figure_of_the_heatmap() -> None:
    at = app_on(template("onshore_bookkeeping_payroll"), PAGE)
    by_label(at.selectbox, "Across").set_value("wages").run()
    by_label(at.selectbox, "Down").set_value("start_delay_months").run()
    by_label(at.selectbox, "Figure in each cell").set_value("lowest_cash").run()
    assert_clean(at)
    heat = json.loads(chart_specs(at)[1])
    assert heat["layout"]["title"]["text"] == "Lowest cash by wages and start delay"
    assert heat["data"][0]["y"] == ["0 months", "+1 month", "+2 months", "+3 months"]
    assert heat["layout"]["yaxis"]["title"]["text"] == "Start delay (change from the plan)"
    assert "start delay at those changes" in _texts(at)


def test_the_same_driver_twice_is_refused_in_words() -> None:
    at = app_on(template("kpo_research_analytics"), PAGE)
    by_label(at.selectbox, "Down").set_value("price").run()
    assert_clean(at)
    assert at.warning[0].value == "Choose two different drivers: both are Price."
    assert len(chart_specs(at)) == 1  # the tornado only


def test_a_plan_with_its_own_ranges_shows_them_and_says_so() -> None:
    risk = Risk(drivers={"volume": DriverRange(low=0.6, likely=1.0, high=1.25)})
    plan = template("offshore_voice_support").model_copy(update={"risk": risk})
    at = app_on(plan, PAGE)
    assert "From the plan's own ranges (its risk settings)." in _texts(at)
    ranges = at.dataframe[-1].value
    assert ranges.values.tolist() == [
        ["Volume", "-40%", "as planned", "+25%",
         "every client's monthly volume (contacts, items or hours)"],
    ]  # fmt: skip
    assert json.loads(chart_specs(at)[0])["data"][0]["y"] == ["Volume"]


def test_an_empty_plan_says_nothing_moves_without_an_error() -> None:
    at = app_on(Plan(), PAGE)
    assert_clean(at)
    assert not at.error
    assert "Funding needed does not move with any driver within its range." in _texts(at)
