"""Two currencies in the app: cost locations and rates on step 1, a Location column on the cost
tables, money columns in their location's currency, and the FX sensitivity on the dashboard."""

from __future__ import annotations

import pandas as pd

from tests.support.ui import app_on, assert_clean, edit_rows, errors, plan_of, template

SPECIALTY = "ui/views/specialty.py"
STAFFING = "ui/views/staffing.py"
DASHBOARD = "ui/views/dashboard.py"


def _tables(at: object) -> list[pd.DataFrame]:
    return [d.value for d in at.dataframe]  # type: ignore[attr-defined]


def test_the_dashboard_shows_what_a_10_percent_move_in_the_peso_does() -> None:
    at = app_on(template("offshore_voice_support"), DASHBOARD)
    assert any(s.value == "If exchange rates move" for s in at.subheader)
    fx = next(t for t in _tables(at) if "If exchange rates move" in t.columns)
    first, second = fx["If exchange rates move"].tolist()
    # 58.5 x 0.9 = 52.65 and 58.5 x 1.1 = 64.35 PHP per USD
    assert first == "A 10% weaker USD against PHP (58.5 -> 52.65 PHP per USD in year 1)"
    assert second == "A 10% stronger USD against PHP (58.5 -> 64.35 PHP per USD in year 1)"
    assert "(-" in fx["Lowest cash (USD)"].iloc[0]  # a weaker dollar: cash dips deeper
    assert list(fx.columns)[1:] == ["Funding needed (USD)", "Lowest cash (USD)"]  # the unit


def test_a_plan_in_one_currency_shows_no_fx_table() -> None:
    at = app_on(template("onshore_bookkeeping_payroll"), DASHBOARD)
    assert_clean(at)
    assert not any(s.value == "If exchange rates move" for s in at.subheader)


def test_the_rate_of_a_cost_location_is_edited_on_step_1() -> None:
    at = app_on(template("offshore_voice_support"), SPECIALTY)
    edit_rows(at, "cost_locations", edited={0: {"rate": "57", "rates_by_year": "57; 59"}})
    assert_clean(at)
    manila = plan_of(at).settings.cost_locations[0]
    assert (manila.rate, manila.rates_by_year) == (57.0, [57.0, 59.0])


def test_a_cost_location_in_the_reporting_currency_at_another_rate_is_refused() -> None:
    plan = template("offshore_voice_support")
    at = app_on(plan, SPECIALTY)
    edit_rows(at, "cost_locations", edited={1: {"rate": "2"}})
    assert_clean(at)
    assert "pays in USD, the plan's reporting currency, so its rate is 1" in errors(at)
    assert plan_of(at).settings.cost_locations == plan.settings.cost_locations


def test_a_role_s_location_moves_its_wage_to_that_currency() -> None:
    plan = template("offshore_voice_support")
    at = app_on(plan, STAFFING)
    us = "United States (US staff and suppliers)"
    edit_rows(at, "roles", edited={0: {"location": us}})
    assert_clean(at)
    assert plan_of(at).staffing.roles[0].location == us
    captions = " ".join(c.value for c in at.caption)
    assert "Manila, Philippines: PHP; United States (US staff and suppliers): USD" in captions


def test_a_wage_is_capped_in_its_own_currency() -> None:
    # The wage cap is USD 1,000,000 a month: 58,500,000 PHP at 58.5 PHP per USD. 60,000,000 PHP
    # for a Manila agent is refused; 2,000,000 for the US contractor (paid in USD) is refused in
    # dollars, though it is far below the peso cap.
    plan = template("offshore_voice_support")
    at = app_on(plan, STAFFING)
    edit_rows(at, "roles", edited={0: {"monthly_wage": "60000000"}})
    assert_clean(at)
    assert "must be at most 58,500,000" in errors(at)
    us_role = next(i for i, r in enumerate(plan.staffing.roles) if r.location)
    at = app_on(plan, STAFFING)
    edit_rows(at, "roles", edited={us_role: {"monthly_wage": "2000000"}})
    assert_clean(at)
    assert "must be at most 1,000,000 USD" in errors(at)
    assert plan_of(at) == plan


def test_an_implied_compliance_item_is_added_in_the_main_location_s_currency() -> None:
    # GDPR's catalogue cost is in USD; the offshore starter pays paperwork in Manila in PHP, so the
    # added item's fees are the USD figures x 58.5 (from_usd: x rate, three significant figures).
    from planner.data.catalog import compliance_paperwork, load_compliance

    plan = template("offshore_voice_support")
    at = app_on(plan, "ui/views/paperwork.py")
    add = [b for b in at.button if b.label == "Add to checklist"]
    add[0].click().run()
    assert_clean(at)
    added = plan_of(at).paperwork.items[-1]
    entry = next(c for c in load_compliance() if c.name == added.name)
    in_usd = compliance_paperwork(entry.id, 1.0)
    in_php = compliance_paperwork(entry.id, 58.5)
    assert added.location == ""  # the main location: Manila, in PHP
    assert (added.one_time_fee, added.yearly_fee) == (in_php.one_time_fee, in_php.yearly_fee)
    assert added.yearly_fee != in_usd.yearly_fee


def test_the_currency_caption_says_a_blank_location_is_the_main_one() -> None:
    # the roles table shows most rows' Location blank (the main location): the caption under it
    # says so, in the words of the page, so a blank cell does not look like a missing value
    at = app_on(template("offshore_voice_support"), STAFFING)
    captions = [c.value for c in at.caption if c.value.startswith("Money in each row")]
    assert captions
    assert all(
        c.endswith("A blank location is your main location, Manila, Philippines.") for c in captions
    )
