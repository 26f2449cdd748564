"""AppTest: the pay calendar on the staffing page (night premium, share of hours at night,
bonuses) and the loans' grace months and rates by plan year on the business plan page."""

from __future__ import annotations

from tests.support.ui import (
    app_on,
    assert_clean,
    by_label,
    edit_rows,
    errors,
    plan_of,
    template,
)

STAFFING = "ui/views/staffing.py"
BUSINESS_PLAN = "ui/views/business_plan.py"


def test_night_premium_and_share_in_percent_a_blank_share_follows_the_shifts() -> None:
    at = app_on(template("offshore_voice_support"), STAFFING)
    premium = by_label(at.text_input, "Night premium (%)")
    assert premium.value == "10" and "Labor Code art. 86" in premium.help
    share = by_label(at.text_input, "Share of hours at night (%)")
    assert share.value == "" and "33.3%" in (share.placeholder or "")
    share.input("80").run()
    premium = by_label(at.text_input, "Night premium (%)")
    premium.input("12.5").run()
    assert_clean(at)
    staffing = plan_of(at).staffing
    assert staffing.night_share == 0.8 and staffing.night_premium == 0.125
    by_label(at.text_input, "Share of hours at night (%)").input("").run()
    assert plan_of(at).staffing.night_share is None


def test_a_night_share_above_100_is_refused_naming_the_field() -> None:
    at = app_on(template("offshore_voice_support"), STAFFING)
    by_label(at.text_input, "Share of hours at night (%)").input("150").run()
    assert "Share of hours at night (%)" in errors(at) and "100" in errors(at)
    assert plan_of(at).staffing.night_share is None


def test_bonuses_table_adds_a_june_and_december_prima() -> None:
    at = app_on(template("offshore_voice_support"), STAFFING)
    edit_rows(
        at,
        "bonuses",
        added=[{"name": "Prima", "months": "6,12", "share": "1", "burden": True}],
    )
    assert_clean(at)
    bonuses = plan_of(at).staffing.bonuses
    assert [b.name for b in bonuses] == ["13th-month pay", "Prima"]
    assert bonuses[1].months == [6, 12] and bonuses[1].share == 1.0 and bonuses[1].burden


def test_a_month_13_is_refused_in_the_bonus_table() -> None:
    at = app_on(template("offshore_voice_support"), STAFFING)
    edit_rows(at, "bonuses", edited={0: {"months": "12, 13"}})
    said = errors(at)
    assert "Paid in months" in said and "staffing.bonuses" not in said
    assert plan_of(at).staffing.bonuses[0].months == [12]


def test_loan_grace_and_rates_by_year_are_edited_in_the_loans_table() -> None:
    at = app_on(template("offshore_voice_support"), BUSINESS_PLAN)
    edit_rows(at, "loans", edited={0: {"grace_months": "3", "rates_by_year": "9.5, 11; 12"}})
    assert_clean(at)
    loan = plan_of(at).financing.loans[0]
    assert loan.grace_months == 3 and loan.rates_by_year == [0.095, 0.11, 0.12]


def test_a_grace_as_long_as_the_term_is_refused_with_the_rule() -> None:
    at = app_on(template("offshore_voice_support"), BUSINESS_PLAN)
    edit_rows(at, "loans", edited={0: {"grace_months": "60"}})
    assert "must be shorter than the term" in errors(at)
    assert plan_of(at).financing.loans[0].grace_months == 6
