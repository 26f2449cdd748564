"""Typed numbers -> stored values and back (`planner.model.numbers`): each defect of issue 12 that
came from reading a typed number, with the value a founder meant."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.model.issues import Issue
from planner.model.limits import Bounds, bounds, money_bounds
from planner.model.numbers import NumberSpec, parse_number, show_number
from planner.model.plan import Client, Loan, PaperworkItem, Role, Staffing

ANY = NumberSpec(Bounds(None, None))
MONEY = NumberSpec(Bounds(0, None), money=True)
RATE = NumberSpec(bounds(Loan, "yearly_rate"), percent=True)


def problem(value: object) -> str:
    assert isinstance(value, Issue), value
    return f"{value.message}; allowed: {value.allowed}"


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("3,5", 3.5),  # a decimal comma, not 35
        ("14350000,5", 14_350_000.5),  # not 143,500,005
        ("0,125", 0.125),  # a leading 0 is never a thousands group
        ("1234,567", 1234.567),  # four digits before the comma: it cannot group thousands
        ("14,350,000", 14_350_000.0),  # two commas: thousands
        ("$14,350,000.00", 14_350_000.0),  # pasted from a spreadsheet
        ("1.234,5", 1234.5),  # European grouping and decimal comma
        ("1.234.567", 1_234_567.0),
        ("14 350 000", 14_350_000.0),
        ("\u20b11,200.50", 1200.5),
        ("14350000 COP", 14_350_000.0),
        ("3.50", 3.5),
        (" 42 ", 42.0),
    ],
)
def test_typed_numbers_mean_what_the_founder_meant(typed, meant):
    assert parse_number(typed, ANY) == meant


@pytest.mark.parametrize("typed", ["-500", "\u2212500", "(500)", "-$500", "$-500", "-500.00 USD"])
def test_a_minus_sign_is_kept(typed):
    # Issue 12: "-500" in a fee cell was saved as +500.
    assert parse_number(typed, ANY) == -500.0


def test_a_negative_fee_is_refused_saying_what_is_allowed():
    fee = NumberSpec(bounds(PaperworkItem, "one_time_fee"), money=True)
    assert problem(parse_number("-500", fee)) == (
        'cannot be negative, got "-500"; allowed: a number from 0'
    )


@pytest.mark.parametrize("typed", ["1,234", "12,500", "-1,234"])
def test_a_single_comma_before_three_digits_is_refused_not_guessed(typed):
    text = problem(parse_number(typed, ANY))
    assert "use a point for decimals" in text
    assert typed in text


@pytest.mark.parametrize("typed", ["12abc", "1e6", "1,2,3", "1.2.3", "3..5", "--5", "abc", "%"])
def test_text_that_is_not_a_number_is_refused(typed):
    assert isinstance(parse_number(typed, ANY), Issue)


def test_percentages_are_typed_as_percentages():
    # Issue 12: typing 5 in a 3% cell became 99% (read as 500%, clamped).
    assert parse_number("5", RATE) == 0.05
    assert parse_number("3%", RATE) == 0.03
    # 16.5 / 100 with Decimal arithmetic: 0.165 exactly as a float, never rounded to 16%
    assert parse_number("16.5", RATE) == 0.165
    assert parse_number("16,5 %", RATE) == 0.165
    assert show_number(0.165, RATE) == "16.5%"


def test_a_percentage_over_the_limit_says_so_in_percent():
    # a loan rate is 0 <= r < 1: 100% is refused, in the founder's units
    text = problem(parse_number("100", RATE))
    assert (
        text
        == 'must be below 100%, got "100"; allowed: a percentage from 0% up to (not including) 100%'
    )


def test_a_percent_sign_in_a_field_that_is_not_a_rate_is_refused():
    assert "not a percentage" in problem(parse_number("3%", MONEY))


def test_a_blank_is_refused_where_a_value_is_needed_and_none_where_it_is_optional():
    # Issue 12: a cleared price was stored as 0.0.
    assert "is required" in problem(parse_number("", MONEY))
    assert "is required" in problem(parse_number(None, MONEY))
    optional = NumberSpec(bounds(Client, "term_months"), required=False)
    assert parse_number("  ", optional) is None


def test_whole_number_fields_refuse_fractions():
    lead = NumberSpec(bounds(Staffing, "hiring_lead_months"))
    assert parse_number("3", lead) == 3
    assert isinstance(parse_number("3", lead), int)
    assert "whole number" in problem(parse_number("3,5", lead))


def test_the_wage_cap_is_read_from_the_model():
    # the cap is USD 1,000,000 a month, scaled by the plan's rate (planner.model.limits)
    wage = NumberSpec(money_bounds(Role, "monthly_wage", 1.0), money=True)
    assert parse_number("1,000,000", wage) == 1_000_000.0
    assert "must be at most 1,000,000" in problem(parse_number("1,000,001", wage))
    assert "must be above 0" in problem(parse_number("0", wage))


def test_too_large_to_store_is_refused():
    assert "too large" in problem(parse_number("9" * 400, ANY))


@pytest.mark.parametrize(
    ("value", "shown"),
    [(3.5, "3.50"), (3.25, "3.25"), (1750.0, "1750"), (14_350_000.5, "14,350,000.50"), (0.0, "0")],
)
def test_money_shows_its_decimals(value, shown):
    # Issue 12: prices under 10 were shown rounded (3.50 as "4", 3.25 as "3").
    assert show_number(value, MONEY) == shown


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False).map(lambda x: round(x, 6)))
def test_every_shown_number_reads_back_as_itself(value):
    spec = NumberSpec(Bounds(None, None), money=True)
    assert parse_number(show_number(value, spec), spec) == value


@given(st.integers(min_value=0, max_value=99_999).map(lambda n: n / 1000))
def test_every_shown_rate_reads_back_as_itself(percent):
    rate = NumberSpec(Bounds(0, 100), percent=True)
    fraction = float(f"{percent / 100:.8f}")
    assert parse_number(show_number(fraction, rate), rate) == fraction
