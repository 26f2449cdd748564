"""Money in the plan's currency: caps scaled by the exchange rate, the rate kept with the plan, and
catalogue figures converted (planner.model.currency, planner.model.limits, planner.data.catalog)."""

from __future__ import annotations

import json
import typing

import pytest
from pydantic import BaseModel

from planner.data.catalog import compliance_paperwork, in_plan_currency, load_roles
from planner.model import plan as plan_module
from planner.model.currency import RATES_AS_OF, RATES_SOURCE, UNITS_PER_USD, from_usd
from planner.model.files import parse_plan_text
from planner.model.issues import PlanError
from planner.model.limits import money_bounds, money_cap
from planner.model.plan import Channel, Plan, Role

DIRECTOR = {"name": "Director", "monthly_wage": 18_000_000, "basis": "fixed", "fixed_count": 1}


def _plan(currency: str, **sections: typing.Any) -> Plan:
    return Plan.model_validate({"settings": {"currency": currency}, **sections})


def test_a_cop_18m_director_can_be_entered():
    # Before: monthly_wage le=1e7 in any currency refused COP 18,000,000 (about USD 4,200).
    plan = _plan("COP", staffing={"roles": [DIRECTOR]})
    assert plan.staffing.roles[0].monthly_wage == 18_000_000


def test_a_usd_18m_monthly_wage_is_refused_naming_the_cap():
    # The wage cap is USD 1,000,000 a month; 18,000,000 USD is above it.
    with pytest.raises(PlanError) as info:
        parse_plan_text(
            json.dumps({"settings": {"currency": "USD"}, "staffing": {"roles": [DIRECTOR]}})
        )
    issue = info.value.issues[0]
    assert issue.path == ("staffing", "roles", 0, "monthly_wage")
    assert issue.message == "must be at most 1,000,000 USD, got 18,000,000 USD"
    assert issue.allowed == "an amount from 0 to 1,000,000 USD"


def test_a_marketing_budget_of_1e300_a_month_is_refused():
    # Before: accepted, and funding needed came out as 3.6e301.
    text = '{"marketing": {"channels": [{"name": "Ads", "monthly_budget": 1e300}]}}'
    with pytest.raises(PlanError) as info:
        parse_plan_text(text)
    assert info.value.issues[0].path == ("marketing", "channels", 0, "monthly_budget")


def test_the_money_cap_scales_with_the_currency():
    # USD 1,000,000,000 x 4,300 COP per USD = 4,300,000,000,000 COP: 5e12 is refused, 4e12 kept.
    over = {"channels": [{"name": "Ads", "monthly_budget": 5e12}]}
    with pytest.raises(ValueError, match=r"at most 4,300,000,000,000 COP"):
        _plan("COP", marketing=over)
    assert _plan("COP", marketing={"channels": [{"name": "Ads", "monthly_budget": 4e12}]})
    with pytest.raises(ValueError, match=r"at most 1,000,000,000 USD"):
        _plan("USD", marketing={"channels": [{"name": "Ads", "monthly_budget": 4e12}]})


def test_the_founders_own_rate_scales_the_cap_and_is_kept_by_currency():
    # At 10,000 COP per USD the wage cap is 1,000,000 x 10,000 = 10,000,000,000 COP.
    plan = Plan.model_validate({"settings": {"currency": "COP", "units_per_usd": {"COP": 10_000}}})
    assert plan.settings.rate == 10_000
    assert money_bounds(Role, "monthly_wage", plan.settings.rate).hi == 10_000_000_000
    # Switching the plan to USD does not carry the COP rate over.
    usd = plan.model_copy(update={"settings": plan.settings.model_copy(update={"currency": "USD"})})
    assert usd.settings.rate == 1.0


def test_a_currency_without_a_rate_is_refused_in_words():
    with pytest.raises(PlanError) as info:
        parse_plan_text('{"settings": {"currency": "XYZ"}}')
    issue = info.value.issues[0]
    assert issue.path == ("settings", "currency")
    assert "exchange rate" in issue.message and "COP" in issue.allowed
    assert _plan("USD").settings.rate == 1.0
    own = Plan.model_validate({"settings": {"currency": "XYZ", "units_per_usd": {"XYZ": 3.0}}})
    assert own.settings.rate == 3.0


def test_the_rate_table_is_dated_sourced_and_plausible():
    assert "2025" in RATES_AS_OF and "TRM" in RATES_SOURCE
    assert UNITS_PER_USD["USD"] == 1.0
    # Orders of magnitude a founder would recognise (rounded January 2025 rates).
    assert 3000 < UNITS_PER_USD["COP"] < 6000
    assert 40 < UNITS_PER_USD["PHP"] < 70
    assert 0.8 < UNITS_PER_USD["EUR"] < 1.2


def _money_like(model: type[BaseModel]) -> list[str]:
    words = ("fee", "cost", "price", "budget", "amount", "cash", "wage")
    return [
        name
        for name, info in model.model_fields.items()
        if any(w in name for w in words)
        and "float" in str(info.annotation)
        and not name.endswith("_rate")  # a rate (cash_interest_rate) is a fraction, not money
    ]


def test_every_money_field_has_a_cap():
    sections = [
        obj
        for obj in vars(plan_module).values()
        if isinstance(obj, type)
        and issubclass(obj, BaseModel)
        and obj.__module__ == plan_module.__name__
    ]
    fields = [(m, f) for m in sections for f in _money_like(m)]
    assert len(fields) >= 10
    missing = [f"{m.__name__}.{f}" for m, f in fields if money_cap(m, f) is None]
    assert not missing


def test_gdpr_add_to_checklist_is_in_the_plans_currency():
    # Before: 5,000 and 2,000 went into a COP plan as they were (about USD 1.16 and 0.47).
    # GDPR: USD 5,000 x 4,300 = 21,500,000 COP once; USD 2,000 x 4,300 = 8,600,000 COP a year.
    cop = compliance_paperwork("gdpr", _plan("COP").settings.rate)
    assert (cop.one_time_fee, cop.yearly_fee) == (21_500_000, 8_600_000)
    usd = compliance_paperwork("gdpr", 1.0)
    assert (usd.one_time_fee, usd.yearly_fee) == (5000, 2000)
    assert cop.lead_time_days == usd.lead_time_days == 60


def test_catalogue_roles_convert_their_wage_only():
    agent = load_roles()[0]
    cop = in_plan_currency(agent, 4300.0)
    assert cop.monthly_wage == from_usd(agent.monthly_wage, 4300.0)
    assert cop.fixed_count == agent.fixed_count and cop.name == agent.name
    # 450 x 4,300 = 1,935,000, three significant figures: 1,940,000
    assert from_usd(450, 4300.0) == 1_940_000


def test_channel_budget_bounds_read_in_the_plans_currency():
    assert money_bounds(Channel, "monthly_budget", 58.5).hi == 58_500_000_000
