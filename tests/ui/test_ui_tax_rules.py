"""AppTest: the tax rules on step 2 (business plan): rates by year, losses, minimum tax, payment,
taxes on revenue and on payments."""

from __future__ import annotations

import pytest

from tests.support.ui import app_on, assert_clean, by_label, edit_rows, errors, plan_of, template

PAGE = "ui/views/business_plan.py"


def test_a_holiday_then_gross_income_rate_is_stored_by_year() -> None:
    plan = template("nearshore_it_helpdesk")
    at = app_on(plan, PAGE)
    edit_rows(
        at,
        "tax_schedule",
        added=[
            {"from_year": 1, "rate": "0", "base": "profit"},
            {"from_year": 2, "rate": "5", "base": "gross_income"},
        ],
    )
    assert_clean(at)
    schedule = plan_of(at).financing.tax.schedule
    assert [(p.from_year, p.rate, p.base) for p in schedule] == [
        (1, 0.0, "profit"),
        (2, 0.05, "gross_income"),
    ]


def test_a_schedule_out_of_order_is_refused_in_words() -> None:
    plan = template("nearshore_it_helpdesk")
    at = app_on(plan, PAGE)
    edit_rows(at, "tax_schedule", added=[{"from_year": 2, "rate": "10", "base": "profit"}])
    assert_clean(at)
    assert "the first rate starts in year 2" in errors(at)
    assert "first rate from year 1" in errors(at)
    assert plan_of(at).financing.tax == plan.financing.tax


@pytest.mark.parametrize(
    ("label", "typed", "field", "stored"),
    [
        ("Losses lapse after (years)", "3", "loss_years", 3),
        ("Share of profit losses may offset (%)", "80", "loss_offset_share", 0.8),
        ("Minimum tax (share of gross income) (%)", "2", "minimum_rate", 0.02),
        ("Minimum tax from year", "3", "minimum_from_year", 3),
        ("Tax on revenue (%)", "0.966", "revenue_tax_rate", 0.00966),
        ("Tax on payments (%)", "0.4", "payments_tax_rate", 0.004),
    ],
)
def test_each_tax_field_is_stored(label: str, typed: str, field: str, stored: float) -> None:
    plan = template("nearshore_it_helpdesk")
    at = app_on(plan, PAGE)
    by_label(at.text_input, label).input(typed).run()
    assert_clean(at)
    assert getattr(plan_of(at).financing.tax, field) == pytest.approx(stored)


def test_a_share_over_100_percent_is_refused_naming_the_field() -> None:
    plan = template("nearshore_it_helpdesk")
    at = app_on(plan, PAGE)
    by_label(at.text_input, "Share of profit losses may offset (%)").input("120").run()
    assert "Share of profit losses may offset" in errors(at)
    assert "None" not in errors(at)
    assert plan_of(at).financing.tax == plan.financing.tax


def test_paying_monthly_moves_tax_paid() -> None:
    plan = template("nearshore_it_helpdesk")
    at = app_on(plan, PAGE)
    at.radio(key=next(r.key for r in at.radio if r.label == "Income tax paid")).set_value(
        "monthly"
    ).run()
    assert_clean(at)
    assert plan_of(at).financing.tax.payment == "monthly"
