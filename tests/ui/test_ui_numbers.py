"""Issue 12: numbers in tables and fields round-trip exactly. Each test types what a founder typed
(text, as the browser sends a cell) and checks what the plan stores; each failed before the fix.
A client's price and price rise live in step 2's "What each client buys" table (one row per
service a client buys, named by its client)."""

from __future__ import annotations

import pytest

from planner.model.plan import Plan, Service
from tests.support.ui import (
    app_on,
    assert_clean,
    by_label,
    edit_rows,
    errors,
    plan_of,
    template,
)

BUSINESS = "ui/views/business_plan.py"
STAFFING = "ui/views/staffing.py"
CLIENT = "Row 1 (Northwind Home Goods (US online retailer))"
SERVICES = "client_services"  # the table of what each client buys: price, price rise


def first_service(plan: Plan) -> Service:
    return plan.business_plan.clients[0].services[0]


def service_rows(plan: Plan) -> int:
    return sum(len(c.services) for c in plan.business_plan.clients)


@pytest.fixture(scope="module")
def plan():
    return template("offshore_voice_support")


def test_a_cleared_price_is_refused_naming_row_and_column_not_stored_as_0(plan):
    at = app_on(plan, BUSINESS)
    edit_rows(at, SERVICES, edited={0: {"price": ""}})
    assert_clean(at)
    assert f"{CLIENT}, Price (USD): is required" in errors(at)
    assert first_service(plan_of(at)).price == first_service(plan).price


def test_percent_cells_are_typed_in_percent_and_a_loan_rate_keeps_its_decimals(plan):
    at = app_on(plan, BUSINESS)
    # 5 in a 3% cell is 5% (it was read as 500% and clamped to 99%)
    edit_rows(at, SERVICES, edited={0: {"yearly_escalation": "5"}})
    assert_clean(at)
    assert first_service(plan_of(at)).yearly_escalation == 0.05
    # 16.5% is kept as 0.165 (16.5 / 100), not rounded to 16%
    edit_rows(at, "loans", edited={0: {"yearly_rate": "16.5"}})
    assert_clean(at)
    assert plan_of(at).financing.loans[0].yearly_rate == 0.165


def test_a_minus_sign_is_kept_and_a_negative_fee_refused_saying_what_is_allowed(plan):
    at = app_on(plan, "ui/views/paperwork.py")
    edit_rows(at, "paperwork", edited={0: {"one_time_fee": "-500"}})
    assert_clean(at)
    # the offshore starter pays fees in PHP (Manila) or USD: the column names both
    assert 'One-time fee (PHP or USD: the row\'s location): cannot be negative, got "-500"' in (
        errors(at)
    )
    assert "allowed: a number from 0" in errors(at)
    assert plan_of(at).paperwork.items[0].one_time_fee == plan.paperwork.items[0].one_time_fee


def test_decimal_commas_are_understood_in_cells_and_fields(plan):
    at = app_on(plan, BUSINESS)
    edit_rows(at, SERVICES, edited={0: {"price": "14350000,5"}})
    assert_clean(at)
    assert first_service(plan_of(at)).price == 14_350_000.5  # not 143,500,005
    at.switch_page(STAFFING).run()
    by_label(at.text_input, "Training before productive (weeks)").input("3,5").run()
    by_label(at.text_input, "Yearly pay rise (%)").input("3,5").run()
    assert_clean(at)
    staffing = plan_of(at).staffing
    assert (staffing.training_weeks, staffing.yearly_raise) == (3.5, 0.035)  # not 35 weeks, 95%


def test_an_ambiguous_comma_is_refused_with_a_message_and_the_plan_kept(plan):
    at = app_on(plan, STAFFING)
    by_label(at.text_input, "Training before productive (weeks)").input("1,234").run()
    assert_clean(at)
    assert "use a point for decimals" in errors(at)
    assert plan_of(at).staffing.training_weeks == plan.staffing.training_weeks


def test_a_pasted_column_adds_no_phantom_row_and_reads_currency_and_percent(plan):
    at = app_on(plan, BUSINESS)
    first = plan.business_plan.clients[0]
    pasted = {"client": first.name, "service_line": "customer_support_chat",
              "pricing_model": "per_fte_month", "monthly_volume": "10",
              "price": "$14,350,000.00", "yearly_escalation": "3%"}  # fmt: skip
    edit_rows(at, SERVICES, added=[pasted, {}])  # the trailing newline: an empty row
    assert_clean(at)
    assert not errors(at)
    assert service_rows(plan_of(at)) == service_rows(plan) + 1  # one row, no phantom
    new = plan_of(at).business_plan.clients[0].services[-1]
    assert (new.price, new.yearly_escalation) == (14_350_000.0, 0.03)


def test_one_invalid_cell_does_not_hold_the_other_edits_hostage(plan):
    at = app_on(plan, STAFFING)
    # a wage over the cap in row 1 (USD 1,000,000 = 58,500,000 PHP a month: Manila pays in PHP),
    # a valid wage in row 2: row 2 is saved at once
    edit_rows(at, "roles", edited={0: {"monthly_wage": "90,000,000"}, 1: {"monthly_wage": "600"}})
    assert_clean(at)
    roles = plan_of(at).staffing.roles
    assert roles[1].monthly_wage == 600.0
    assert roles[0].monthly_wage == plan.staffing.roles[0].monthly_wage
    assert "Row 1 (Customer service agent), Monthly wage" in errors(at)
    assert "must be at most 58,500,000" in errors(at)  # USD 1,000,000 a month (the wage cap)


def test_a_new_row_with_a_blank_name_gets_a_message_naming_row_and_column(plan):
    at = app_on(plan, BUSINESS)
    n = len(plan.business_plan.clients)
    edit_rows(at, "clients", added=[{"payment_days": "45", "term_months": "12"}])
    assert_clean(at)
    assert f"Row {n + 1}, Client:" in errors(at)
    assert len(plan_of(at).business_plan.clients) == n


def test_a_refused_cell_keeps_the_value_saved_last_not_the_first_one(plan):
    at = app_on(plan, BUSINESS)
    edit_rows(at, SERVICES, edited={0: {"price": "3.5"}})
    assert first_service(plan_of(at)).price == 3.5
    # the same cell, now refused: the plan keeps 3.5 (once it went back to the price of the start)
    edit_rows(at, SERVICES, edited={0: {"price": "-500"}})
    assert_clean(at)
    assert first_service(plan_of(at)).price == 3.5
    assert "(the plan keeps 3.50)" in errors(at)


def test_a_new_client_without_a_price_is_refused_not_priced_at_0(plan):
    at = app_on(plan, BUSINESS)
    n = service_rows(plan)
    first = plan.business_plan.clients[0]
    new = {"client": first.name, "service_line": "customer_support_chat",
           "pricing_model": "per_item", "monthly_volume": "10"}  # fmt: skip
    edit_rows(at, SERVICES, added=[new])
    assert_clean(at)
    assert f"Row {n + 1} ({first.name}), Price (USD): is required" in errors(at)
    assert service_rows(plan_of(at)) == n  # not added with a price of 0
