"""The pay calendar: bonuses accrued as people work and paid in their months (a liability
between), and night-shift premiums, hand-checked on the small plans of tests/support."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from planner.engine.paycalendar import night_share
from planner.model.plan import NIGHT_SHARE_BY_PATTERN, Bonus, Staffing
from tests.support.small_plans import run, series

# One clerk at 20,000 a month for 12 months (fixed role), no burden, no raise.
CLERK = {"name": "Clerk", "monthly_wage": 20_000, "basis": "fixed", "fixed_count": 1}


def test_thirteenth_month_accrues_a_twelfth_a_month_and_is_paid_in_december() -> None:
    # Wage 20,000 with a 13th-month pay of 1.0 paid in December, plan from January:
    # accrual 20,000 x 1.0 / 12 = 1,666.67 a month in the pay (expense); owed at the end of
    # month m = 1,666.67 x m until November (18,333.33); December pays 12 x 1,666.67 = 20,000.00
    # and nothing is owed after. Cash paid for operations: 20,000 a month (wages only) from
    # January to November, 40,000 in December.
    r = run(staffing={"roles": [CLERK], "bonuses": [{"name": "13th month", "months": [12]}]})
    m, cal = r.monthly, r.pay_calendar
    assert series(r.payroll, "bonus_accrual") == [1_666.666667] * 12
    assert m.indirect_labour.round(2).tolist() == [21_666.67] * 12
    assert m.accrued_pay.round(2).tolist()[:3] == [1_666.67, 3_333.33, 5_000.0]
    assert m.accrued_pay.iloc[10] == pytest.approx(18_333.33, abs=0.005)
    assert m.accrued_pay.iloc[11] == 0
    assert cal.paid.round(2).tolist() == [0.0] * 11 + [20_000.0]
    assert m.cash_paid_operations.round(2).tolist() == [20_000.0] * 11 + [40_000.0]


def test_a_prima_paid_in_june_and_december_pays_what_was_accrued_since_the_last_payment() -> None:
    # Colombia's prima: a month's wage a year, half in June, half in December. Plan from
    # 2027-03 (March) over 12 months: accrual 20,000 / 12 = 1,666.67 a month; June (month 4)
    # pays March..June, 4 x 1,666.67 = 6,666.67; December (month 10) pays July..December,
    # 6 x 1,666.67 = 10,000.00; January and February 2028 leave 3,333.33 owed at the end.
    prima = {"name": "Prima", "months": [6, 12], "share": 1.0}
    r = run(settings={"first_month": "2027-03"}, staffing={"roles": [CLERK], "bonuses": [prima]})
    paid = r.pay_calendar.paid.round(2).tolist()
    assert paid[3] == 6_666.67 and paid[9] == 10_000.0
    assert sum(paid) == pytest.approx(16_666.67, abs=0.01)
    assert r.monthly.accrued_pay.iloc[-1] == pytest.approx(3_333.33, abs=0.005)


def test_burden_is_charged_on_a_bonus_only_when_it_says_so() -> None:
    # 25% burden, wage 20,000, a 13th month (no burden) and a 0.5 bonus with burden:
    # burden = 25% x (20,000 + 20,000 x 0.5 / 12) = 25% x 20,833.33 = 5,208.33; pay = 20,000 +
    # 20,000 x 1.5 / 12 (2,500) + 5,208.33 = 27,708.33.
    bonuses = [{"name": "13th month"}, {"name": "Aguinaldo", "share": 0.5, "burden": True}]
    r = run(staffing={"roles": [CLERK], "burden": 0.25, "bonuses": bonuses})
    pay = r.payroll
    assert pay.burden_cost.round(2).tolist() == [5_208.33] * 12
    assert pay.total_cost.round(2).tolist() == [27_708.33] * 12


def test_night_premium_on_shift_workers_from_the_shift_pattern() -> None:
    # 1 agent (workload role: 100 items a month = 1 FTE) at 20,000, three shifts: night share
    # 8 / 24 = 1/3 of hours at night (22:00-06:00); premium 10%: 20,000 x 1/3 x 0.10 = 666.67 a
    # month; with 30% burden, pay = (20,000 + 666.67) x 1.3 = 26,866.67. The fixed-role manager
    # works days: no premium.
    agent = {"name": "Agent", "monthly_wage": 20_000, "basis": "workload"}
    manager = {"name": "Manager", "monthly_wage": 50_000, "basis": "fixed", "fixed_count": 1}
    client = {"name": "Acme", "service_line": "forms", "monthly_volume": 100}
    r = run(
        business_plan={"clients": [client]},
        staffing={
            "roles": [agent, manager],
            "shift_pattern": "three_shifts",
            "night_premium": 0.10,
            "burden": 0.3,
        },
    )
    assert series(r.payroll, "night_premium", role="Agent") == [666.666667] * 12
    assert series(r.payroll, "night_premium", role="Manager") == [0.0] * 12
    assert series(r.payroll, "total_cost", role="Agent") == [26_866.666667] * 12


def test_a_night_share_set_on_the_plan_replaces_the_shift_patterns() -> None:
    # An offshore centre answering US daytime calls from Manila: 80% of hours at night, 35%
    # premium: 20,000 x 0.8 x 0.35 = 5,600 a month.
    agent = {"name": "Agent", "monthly_wage": 20_000, "basis": "workload"}
    client = {"name": "Acme", "service_line": "forms", "monthly_volume": 100}
    r = run(
        business_plan={"clients": [client]},
        staffing={"roles": [agent], "night_premium": 0.35, "night_share": 0.8},
    )
    assert series(r.payroll, "night_premium") == [5_600.0] * 12
    assert night_share(Staffing(shift_pattern="two_shifts")) == 0.0
    assert NIGHT_SHARE_BY_PATTERN["three_shifts"] == pytest.approx(1 / 3)


def test_old_plans_have_no_bonus_and_no_premium() -> None:
    r = run(staffing={"roles": [CLERK]})
    assert r.pay_calendar.empty and (r.monthly.accrued_pay == 0).all()
    assert (r.payroll.night_premium == 0).all() and (r.payroll.bonus_accrual == 0).all()


def test_a_month_paid_twice_is_refused_in_words() -> None:
    with pytest.raises(ValidationError) as error:
        Bonus(months=[12, 12])
    assert "each month it is paid in may appear only once" in str(error.value)
    with pytest.raises(ValidationError):
        Bonus(months=[13])
