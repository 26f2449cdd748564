"""AppTest: step 1, specialty."""

from __future__ import annotations

import importlib.util

import pytest

from tests.support.ui import (
    TEMPLATE_IDS,
    app_on,
    assert_clean,
    by_label,
    chart_specs,
    edit_rows,
    errors,
    plan_of,
    template,
)

PAGE = "ui/views/specialty.py"
HAS_SCORING = importlib.util.find_spec("planner.steps.specialty") is not None


@pytest.mark.parametrize("template_id", TEMPLATE_IDS)
def test_renders_with_each_template(template_id: str) -> None:
    at = app_on(template(template_id), PAGE)
    assert at.title[0].value == "Step 1 · Specialty"
    assert not at.error


def test_renaming_a_service_line_is_stored() -> None:
    plan = template("offshore_voice_support")
    at = app_on(plan, PAGE)
    edit_rows(at, "service_lines", edited={0: {"name": "Premium support"}})
    assert_clean(at)
    line = plan_of(at).specialty.service_lines[0]
    assert line.name == "Premium support"
    assert line.workload == plan.specialty.service_lines[0].workload  # hidden fields kept


def test_deleting_a_line_a_client_buys_is_refused() -> None:
    plan = template("offshore_voice_support")
    used = plan.business_plan.clients[0].services[0].service_line
    row = [x.id for x in plan.specialty.service_lines].index(used)
    at = app_on(plan, PAGE)
    edit_rows(at, "service_lines", deleted=[row])
    assert_clean(at)
    assert "is not one of this plan's service lines" in errors(at)
    assert plan_of(at) == plan


def test_a_score_outside_1_to_5_is_refused() -> None:
    plan = template("offshore_voice_support")
    at = app_on(plan, PAGE)
    edit_rows(at, "candidates", edited={0: {"demand": "9"}})
    assert_clean(at)
    assert "), Demand: must be at most 5" in errors(at)
    assert plan_of(at) == plan


def test_a_weight_change_is_stored() -> None:
    plan = template("offshore_voice_support")
    at = app_on(plan, PAGE)
    by_label(at.text_input, "Weight: Margin").input("9").run()
    assert_clean(at)
    assert plan_of(at).specialty.criteria_weights["margin"] == 9.0


@pytest.mark.skipif(not HAS_SCORING, reason="planner.steps.specialty not installed yet")
def test_a_weight_change_reorders_the_scores_chart() -> None:
    plan = template("offshore_voice_support")
    at = app_on(plan, PAGE)
    before = chart_specs(at)
    by_label(at.text_input, "Weight: Your expertise").input("10").run()
    assert_clean(at)
    assert chart_specs(at) != before


def test_the_delivery_model_is_stored() -> None:
    plan = template("offshore_voice_support")
    at = app_on(plan, PAGE)
    by_label(at.radio, "Delivery model").set_value("nearshore").run()
    assert_clean(at)
    assert plan_of(at).settings.delivery_model == "nearshore"


def test_add_puts_a_catalog_service_in_the_plan() -> None:
    from planner.data.catalog import load_services

    plan = template("onshore_bookkeeping_payroll")
    chosen = {x.catalog_id for x in plan.specialty.service_lines}
    service = next(s for s in load_services() if s.id not in chosen)
    at = app_on(plan, PAGE)
    at.button(key=f"add_{service.id}").click().run()
    assert_clean(at)
    lines = plan_of(at).specialty.service_lines
    assert len(lines) == len(plan.specialty.service_lines) + 1
    added = lines[-1]
    assert (added.catalog_id, added.name) == (service.id, service.name)
    assert f"Added **{service.name}**" in at.success[0].value
    # the table of service lines shows it at once
    assert service.name in at.dataframe[0].value["name"].tolist()


def test_a_score_of_62_5_shows_as_63_in_the_chart_and_the_table() -> None:
    # Scores 3,4,3,4,3,4 with equal weights: m = 21 / 6 = 3.5, score = (3.5 - 1) / 4 x 100 = 62.5.
    # Before: the chart said 62 and the table 63 (two roundings).
    from planner.model.plan import Candidate

    plan = template("offshore_voice_support")
    scores = dict(zip(
        ("demand", "market_gap", "expertise", "margin", "startup_cost", "remote_capable"),
        (3, 4, 3, 4, 3, 4), strict=True,
    ))  # fmt: skip
    specialty = plan.specialty.model_copy(
        update={"candidates": [Candidate(name="Halfway", scores=scores)],
                "criteria_weights": dict.fromkeys(scores, 1.0)}
    )  # fmt: skip
    at = app_on(plan.model_copy(update={"specialty": specialty}), PAGE)
    assert not at.error
    table = next(d.value for d in at.dataframe if "Score (0-100)" in d.value.columns)
    assert table["Score (0-100)"].tolist() == [63.0]
    spec = next(s for s in chart_specs(at) if "Halfway" in s)
    assert '"text":["63"]' in spec.replace(" ", "")


def test_the_exchange_rate_defaults_from_the_table_and_is_kept_with_the_plan() -> None:
    # Before: the rate started at 1.00 for a COP plan (a Bogota agent "cost 1,379 COP a month")
    # and went back to 1.00 after a reload.
    from planner.model.files import plan_from_dict, plan_to_dict
    from tests.support.ui import wkey

    data = plan_to_dict(template("nearshore_it_helpdesk"))
    data["settings"]["currency"] = "COP"
    at = app_on(plan_from_dict(data), PAGE)
    rate = at.text_input(key=wkey(at, "settings.units_per_usd.COP"))
    assert rate.value == "4300"  # the table's approximate rate, January 2025
    assert plan_of(at).settings.units_per_usd == {}  # following the table until typed
    rate.set_value("4100").run()
    assert_clean(at)
    plan = plan_of(at)
    assert plan.settings.units_per_usd == {"COP": 4100.0} and plan.settings.rate == 4100.0
    # a reload (a new session on the stored plan) shows the founder's rate
    again = app_on(plan, PAGE)
    assert again.text_input(key=wkey(again, "settings.units_per_usd.COP")).value == "4100"
