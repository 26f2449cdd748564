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
    assert "is not a service line of this plan" in errors(at)
    assert plan_of(at) == plan


def test_a_score_outside_1_to_5_is_refused() -> None:
    plan = template("offshore_voice_support")
    at = app_on(plan, PAGE)
    edit_rows(at, "candidates", edited={0: {"demand": 9}})
    assert_clean(at)
    assert "Row 1, Demand" in errors(at)
    assert plan_of(at) == plan


def test_a_weight_change_is_stored() -> None:
    plan = template("offshore_voice_support")
    at = app_on(plan, PAGE)
    by_label(at.number_input, "Weight: Margin").set_value(9.0).run()
    assert_clean(at)
    assert plan_of(at).specialty.criteria_weights["margin"] == 9.0


@pytest.mark.skipif(not HAS_SCORING, reason="planner.steps.specialty not installed yet")
def test_a_weight_change_reorders_the_scores_chart() -> None:
    plan = template("offshore_voice_support")
    at = app_on(plan, PAGE)
    before = chart_specs(at)
    by_label(at.number_input, "Weight: Your expertise").set_value(10.0).run()
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
