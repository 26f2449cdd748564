"""AppTest: step 6, marketing."""

from __future__ import annotations

import pytest
from ui_support import (
    TEMPLATE_IDS,
    app_on,
    assert_clean,
    by_label,
    chart_specs,
    edit_rows,
    errors,
    metric,
    plan_of,
    template,
)

PAGE = "ui/views/marketing.py"


@pytest.mark.parametrize("template_id", TEMPLATE_IDS)
def test_renders_with_each_template(template_id: str) -> None:
    at = app_on(template(template_id), PAGE)
    assert at.title[0].value == "Step 6 · Marketing"
    assert len(chart_specs(at)) == 3
    assert metric(at, "Leads over the plan")
    assert not at.error


def test_more_leads_show_in_the_funnel() -> None:
    plan = template("offshore_voice_support")
    at = app_on(plan, PAGE)
    before = metric(at, "Leads over the plan")
    edit_rows(at, "channels", edited={0: {"leads_per_month": 100.0}})
    assert_clean(at)
    assert plan_of(at).marketing.channels[0].leads_per_month == 100.0
    assert metric(at, "Leads over the plan") != before


def test_turning_off_won_client_revenue_changes_the_plan() -> None:
    plan = template("offshore_voice_support")
    assert plan.marketing.won_client is not None
    at = app_on(plan, PAGE)
    by_label(at.toggle, "Won clients bring revenue").set_value(False).run()
    assert_clean(at)
    assert plan_of(at).marketing.won_client is None


def test_a_conversion_above_100_percent_is_refused() -> None:
    plan = template("offshore_voice_support")
    at = app_on(plan, PAGE)
    edit_rows(at, "channels", edited={0: {"conversion_rate": 1.5}})
    assert_clean(at)
    assert "Row 1, Leads who sign" in errors(at)
    assert plan_of(at) == plan
