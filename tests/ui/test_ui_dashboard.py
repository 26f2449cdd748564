"""AppTest: the dashboard."""

from __future__ import annotations

import pytest

from planner.model.plan import Plan
from tests.support.ui import (
    TEMPLATE_IDS,
    app_on,
    assert_clean,
    by_label,
    chart_specs,
    errors,
    metric,
    template,
)

PAGE = "ui/views/dashboard.py"


@pytest.mark.parametrize("template_id", TEMPLATE_IDS)
def test_renders_every_kpi_with_each_template(template_id: str) -> None:
    at = app_on(template(template_id), PAGE)
    assert at.title[0].value == "Dashboard"
    assert len(at.metric) == 16
    assert len(chart_specs(at)) == 6  # with "Which clients earn the money"
    assert all(c.value for c in at.caption)
    assert not at.error


def test_a_change_on_a_step_changes_the_dashboard() -> None:
    plan = template("offshore_voice_support")
    at = app_on(plan, PAGE)
    before = metric(at, "Cash at the end")
    at.switch_page("ui/views/business_plan.py").run()
    box = by_label(at.text_input, f"Your own money at the start ({plan.settings.currency})")
    box.input(str(plan.financing.opening_cash + 250_000)).run()
    at.switch_page(PAGE).run()
    assert_clean(at)
    assert metric(at, "Cash at the end") != before


def test_an_empty_plan_shows_figures_without_an_error() -> None:
    at = app_on(Plan(), PAGE)
    assert_clean(at)
    assert metric(at, "Break-even month")
    assert not errors(at)


def test_profit_by_client_and_line_add_up_to_the_operating_profit_shown() -> None:
    from planner.engine.pipeline import project
    from planner.report.format import amount

    plan = template("offshore_voice_support")
    at = app_on(plan, PAGE)
    assert_clean(at)
    ebit = amount(float(project(plan).monthly["ebit"].sum()), plan.settings.currency)
    lines = [m.value for m in at.markdown if "operating profit (EBIT)" in m.value]
    assert len(lines) == 2  # by client and by service line
    assert all(f"operating profit (EBIT) {ebit}" in line for line in lines)


def test_break_even_and_payback_show_their_definitions() -> None:
    # the definitions are the one text of planner.model.labels, shown under the cards and as the
    # cards' help; the figures are the engine's
    from planner.engine.pipeline import project
    from planner.model.labels import KPI_DEFINITIONS, NOT_WITHIN_PLAN

    plan = template("offshore_voice_support")
    at = app_on(plan, PAGE)
    assert_clean(at)
    k = project(plan).kpis
    assert metric(at, "Break-even month") == k.break_even_month
    # the offshore starter's cash payback comes after its 36 months
    assert k.payback_month is None and metric(at, "Cash payback month") == NOT_WITHIN_PLAN
    captions = " ".join(c.value for c in at.caption)
    for text in KPI_DEFINITIONS.values():
        assert text in captions
    helps = {m.label: m.help for m in at.metric}
    assert helps["Break-even month"] == KPI_DEFINITIONS["break_even_month"]
    assert helps["Cash payback month"] == KPI_DEFINITIONS["payback_month"]


def test_no_code_note_is_drawn_on_the_page() -> None:
    # a bare string in a page script is drawn by Streamlit ("magic"): the dashboard shows no note
    # about its own code
    at = app_on(template("offshore_voice_support"), PAGE)
    assert not [m.value for m in at.markdown if "KPI_DEFINITIONS" in m.value]
