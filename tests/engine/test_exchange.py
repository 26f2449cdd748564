"""Two currencies: costs entered in a location's currency, reported in the plan's currency."""

from __future__ import annotations

from typing import Any

import pytest

from planner.engine.pipeline import project
from planner.model.issues import PlanError
from tests.support.small_plans import make_plan, run, series

MANILA = {"name": "Manila", "currency": "PHP", "rate": 58.0, "yearly_drift": 0.03}
SETTINGS: dict[str, Any] = {
    "currency": "USD",
    "location": "Manila",
    "horizon_months": 24,
    "cost_locations": [MANILA],
}
MANAGER = {"name": "Manager", "monthly_wage": 58_000, "fixed_count": 1}


def test_a_peso_wage_is_reported_in_dollars_at_the_year_s_rate() -> None:
    # 58,000 PHP at 58 PHP per USD = 1,000 USD in year 1; +3% drift: year 2's rate is
    # 58 x 1.03 = 59.74, so 58,000 / 59.74 = 970.8738... = 970.87 USD.
    r = run(settings=SETTINGS, staffing={"roles": [MANAGER]})
    wages = series(r.payroll, "wage_cost", role="Manager")
    assert wages[:12] == [1000.0] * 12
    assert wages[12:] == [pytest.approx(970.873786, abs=1e-6)] * 12
    assert round(wages[12], 2) == 970.87
    assert series(r.monthly, "indirect_labour") == wages


def test_rates_by_year_replace_rate_and_drift() -> None:
    # Year 1 at 50 PHP per USD: 58,000 / 50 = 1,160; year 2 at 58: 1,000.
    manila = {**MANILA, "rates_by_year": [50.0, 58.0]}
    r = run(settings={**SETTINGS, "cost_locations": [manila]}, staffing={"roles": [MANAGER]})
    wages = series(r.payroll, "wage_cost", role="Manager")
    assert wages == [1160.0] * 12 + [1000.0] * 12


def test_a_role_in_another_location_converts_at_its_own_rate() -> None:
    # The main location pays in PHP; a US contractor (location "Remote US") in USD at 1.
    remote = {"name": "Remote US", "currency": "USD", "rate": 1.0}
    settings = {**SETTINGS, "cost_locations": [MANILA, remote]}
    roles = [MANAGER, {"name": "Coach", "monthly_wage": 2000, "fixed_count": 1,
                       "location": "Remote US"}]  # fmt: skip
    r = run(settings=settings, staffing={"roles": roles})
    assert series(r.payroll, "wage_cost", role="Coach") == [2000.0] * 24
    assert series(r.monthly, "indirect_labour")[0] == 3000.0  # 1,000 + 2,000


def test_resources_and_fees_convert_with_capex_depreciated_as_booked() -> None:
    # A desk bought for 5,800 PHP (100 USD in year 1) with a 24-month life: depreciation
    # 100 / 24 = 4.1667 USD a month. Rent 29,000 PHP = 500 USD in year 1, 29,000 / 59.74 =
    # 485.44 USD in year 2. Deposit 58,000 PHP paid in month 1 = 1,000 USD, held at that.
    # Licence fee 5,800 PHP a year: paid 100 USD in month 1 and 5,800 / 59.74 = 97.09 in month 13;
    # expensed 100 / 12 = 8.33 a month in year 1, 97.09 / 12 = 8.09 in year 2 (the rate it was
    # paid at).
    items = [
        {"name": "Desk", "basis": "fixed", "one_time_cost": 5800, "useful_life_months": 24},
        {"name": "Office", "basis": "fixed", "ownership": "lease", "monthly_cost": 29_000,
         "deposit": 58_000},
    ]  # fmt: skip
    papers = [{"name": "Licence", "yearly_fee": 5800}]
    r = run(settings=SETTINGS, resources={"items": items}, paperwork={"items": papers})
    assert series(r.resources, "capex", item="Desk")[0] == 100.0
    assert series(r.resources, "depreciation", item="Desk") == [pytest.approx(100 / 24)] * 24
    office = series(r.resources, "opex", item="Office")
    assert office[0] == 500.0 and round(office[12], 2) == 485.44
    assert series(r.resources, "deposit", item="Office") == [1000.0] * 24
    paid = series(r.paperwork, "fee_paid", item="Licence")
    assert paid[0] == 100.0 and round(paid[12], 2) == 97.09
    fees = series(r.paperwork, "fee", item="Licence")
    assert round(fees[0], 2) == 8.33 and round(fees[11], 2) == 8.33 and round(fees[12], 2) == 8.09


def test_advance_rent_uses_the_converted_rent() -> None:
    # Rent 29,000 PHP = 500 USD a month in year 1; 2 months ahead: 1,000 USD paid in month 1,
    # 500 held at its end, none after month 2.
    items = [{"name": "Office", "basis": "fixed", "ownership": "lease", "monthly_cost": 29_000,
              "advance_rent_months": 2}]  # fmt: skip
    r = run(settings=SETTINGS, resources={"items": items})
    assert series(r.resources, "advance_rent_paid", item="Office")[0] == 1000.0
    assert series(r.resources, "advance_rent", item="Office")[:3] == [500.0, 0.0, 0.0]


def test_a_plan_with_no_cost_locations_computes_as_before() -> None:
    # One currency: the cost location of the main location is the reporting currency at 1.
    plain = make_plan(staffing={"roles": [{**MANAGER, "monthly_wage": 1000}]})
    explicit = make_plan(
        settings={"cost_locations": [{"name": "Manila, Philippines", "currency": "USD"}]},
        staffing={"roles": [{**MANAGER, "monthly_wage": 1000}]},
    )
    a, b = project(plain), project(explicit)
    assert a.monthly.equals(b.monthly)


def test_an_unknown_location_is_refused_in_founder_words() -> None:
    with pytest.raises(PlanError) as caught:
        make_plan(settings=SETTINGS, staffing={"roles": [{**MANAGER, "location": "Cebu"}]})
    text = str(caught.value)
    assert "'Cebu' is not one of this plan's cost locations (Manila)" in text


def test_a_location_in_the_reporting_currency_converts_at_one() -> None:
    with pytest.raises(PlanError) as caught:
        make_plan(settings={"cost_locations": [{"name": "NY", "currency": "USD", "rate": 2}]})
    assert "its rate is 1 with no drift" in str(caught.value)


def test_money_caps_are_checked_in_the_field_s_own_currency() -> None:
    # The wage cap is USD 1,000,000 a month: 58,000,000 PHP at 58 PHP per USD. 50,000,000 PHP
    # (862,069 USD) is allowed; in a USD location it would be refused.
    make_plan(settings=SETTINGS, staffing={"roles": [{**MANAGER, "monthly_wage": 50e6}]})
    with pytest.raises(PlanError) as caught:
        make_plan(settings=SETTINGS, staffing={"roles": [{**MANAGER, "monthly_wage": 60e6}]})
    assert "must be at most 58,000,000 PHP" in str(caught.value)
    usd = {**SETTINGS, "cost_locations": []}
    with pytest.raises(PlanError):
        make_plan(settings=usd, staffing={"roles": [{**MANAGER, "monthly_wage": 50e6}]})


def test_a_10_percent_move_in_the_peso_moves_cash_by_the_converted_wage() -> None:
    # One manager at 58,000 PHP a month for 24 months, no revenue, no drift: 1,000 USD a month,
    # lowest cash -24,000 USD, funding needed 24,000. Dollar 10% weaker (52.2 PHP per USD):
    # 58,000 / 52.2 = 1,111.11 a month, 24 x 1,111.11 = 26,666.67 (+2,666.67). Dollar 10%
    # stronger (63.8): 58,000 / 63.8 = 909.09, 24 x 909.09 = 21,818.18 (-2,181.82).
    from planner.engine.sensitivity import fx_sensitivity

    manila = {**MANILA, "yearly_drift": 0.0}
    base = project(
        make_plan(settings={**SETTINGS, "cost_locations": [manila]}, staffing={"roles": [MANAGER]})
    )
    assert base.kpis.funding_needed == pytest.approx(24_000)
    weaker, stronger = fx_sensitivity(base)
    assert (weaker.currency, weaker.move, stronger.move) == ("PHP", -0.1, 0.1)
    assert weaker.funding_needed == pytest.approx(26_666.666667)
    assert weaker.funding_needed_change == pytest.approx(2_666.666667)
    assert weaker.lowest_cash_change == pytest.approx(-2_666.666667)
    assert stronger.funding_needed == pytest.approx(21_818.181818)
    assert stronger.lowest_cash == pytest.approx(-21_818.181818)


def test_a_plan_in_one_currency_has_no_fx_sensitivity() -> None:
    from planner.engine.sensitivity import fx_sensitivity

    assert fx_sensitivity(project(make_plan(staffing={"roles": [MANAGER]}))) == ()
