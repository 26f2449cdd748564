"""The rolling forecast (`planner.engine.forecast`), hand-checked on the small plan of
`tests.support.forecast_plan`: one items line of
1,000 items a month at 15 each, clerks (workload: 10 a month) at a wage of 1,000 with 25% on-costs
(1,250 a person a month), one manager at 3,000 (3,750 with on-costs), 36% yearly attrition (3% a
month), clients paying 30 days after the month (receivables), no tax. L = 2027-03 (month 3)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.engine.forecast import (
    ACTUALS_COLUMNS,
    actuals_frame,
    cost_per_person,
    forecast_fx_sensitivity,
    role_difference,
    rolling_forecast,
)
from planner.engine.pipeline import project
from planner.engine.projection import MONTHLY_COLUMNS
from planner.engine.sensitivity import fx_sensitivity, moved_plan
from planner.model.labels import COST_LINES
from planner.model.plan import ActualEntry, Actuals
from planner.model.starters import load_plan_or_starter
from planner.report.variance import plan_figures
from tests.support.forecast_plan import ROLES, budget
from tests.support.small_plans import client, run
from tests.support.strategies import plans

L = "2027-03"
LAST = 2  # row of L


def frame(*figures: tuple[str, str, float]) -> pd.DataFrame:
    return pd.DataFrame(list(figures), columns=list(ACTUALS_COLUMNS))


def col(table: pd.DataFrame, column: str) -> np.ndarray:
    return table[column].to_numpy(dtype=float)


def plan_value(column: str, row: int = LAST) -> float:
    return float(budget().monthly[column].iloc[row])


def role_headcount(role: str, month: str = L) -> float:
    staffing = budget().staffing
    return float(
        staffing[(staffing["role"] == role) & (staffing["month"] == month)]["headcount"].sum()
    )


def test_the_small_plans_people_cost_1250_a_clerk() -> None:
    # wage 1,000 x (1 + 25% on-costs) = 1,250 a paid person, every month
    assert cost_per_person(budget().payroll, "Clerk") == pytest.approx([1250.0] * 12)
    assert cost_per_person(budget().payroll, "Manager") == pytest.approx([3750.0] * 12)
    assert plan_value("receivables") > 0  # clients pay a month later: there is something to collect


def test_no_actuals_give_the_budget() -> None:
    forecast = rolling_forecast(budget(), frame())
    assert forecast.last_actual_month is None
    pd.testing.assert_frame_equal(forecast.monthly, budget().monthly)


def test_actuals_equal_to_the_plans_figures_give_the_plan_to_the_cent() -> None:
    figures = plan_figures(budget())
    given = figures[figures["month"] <= L].rename(columns={"plan": "value"})
    forecast = rolling_forecast(budget(), given)
    assert forecast.last_actual_month == L
    pd.testing.assert_frame_equal(forecast.monthly, budget().monthly)
    assert forecast.kpis == budget().kpis


def test_a_starters_own_figures_as_actuals_give_the_starter_plan() -> None:
    starter = project(load_plan_or_starter("offshore_voice_support"))
    figures = plan_figures(starter)
    given = figures[figures["month"] <= starter.monthly["month"].iloc[5]]
    forecast = rolling_forecast(starter, given.rename(columns={"plan": "value"}))
    pd.testing.assert_frame_equal(forecast.monthly, starter.monthly)
    assert list(forecast.monthly.columns) == list(MONTHLY_COLUMNS)


def test_cash_10000_below_plan_at_L_makes_every_later_closing_cash_10000_lower() -> None:
    actual = plan_value("closing_cash") - 10_000
    forecast = rolling_forecast(budget(), frame((L, "closing_cash", actual)))
    diff = col(forecast.monthly, "closing_cash") - col(budget().monthly, "closing_cash")
    # months 1, 2 as planned; L and every month after: 10,000 lower (nothing else moves)
    assert diff == pytest.approx([0, 0] + [-10_000] * 10)
    # month L + 1 opens with the actual closing cash of L
    assert forecast.monthly["opening_cash"].iloc[LAST + 1] == actual
    assert col(forecast.monthly, "net_income") == pytest.approx(col(budget().monthly, "net_income"))
    # the difference is earnings to date: the balance sheet still balances after L
    after = forecast.monthly.iloc[LAST + 1 :]
    assert col(after, "total_assets") == pytest.approx(col(after, "total_liabilities_and_equity"))


def test_receivables_5000_above_plan_are_collected_the_month_after() -> None:
    actual = plan_value("receivables") + 5_000
    forecast = rolling_forecast(budget(), frame((L, "receivables", actual)))
    monthly, base = forecast.monthly, budget().monthly
    # month L shows the actual receivables; from L + 1 they are the plan's again
    assert monthly["receivables"].iloc[LAST] == actual
    assert col(monthly, "receivables")[LAST + 1 :] == pytest.approx(
        col(base, "receivables")[LAST + 1 :]
    )
    # 5,000 more cash from clients in month 4 only, so cash is 5,000 higher from month 4 on
    clients = col(monthly, "cash_from_clients") - col(base, "cash_from_clients")
    assert clients == pytest.approx([0, 0, 0, 5_000] + [0] * 8)
    cash = col(monthly, "closing_cash") - col(base, "closing_cash")
    assert cash == pytest.approx([0, 0, 0] + [5_000] * 9)


def test_two_clerks_above_plan_leave_at_3_percent_a_month_and_their_pay_moves_costs() -> None:
    actual = role_headcount("Clerk") + 2
    forecast = rolling_forecast(budget(), frame((L, "headcount:Clerk", actual)))
    monthly, base = forecast.monthly, budget().monthly
    # 36% a year = 3% a month leave without replacement: month 4: 2 x 0.97 = 1.94,
    # month 5: 1.94 x 0.97 = 1.8818, month 6: 1.8818 x 0.97 = 1.825346
    people = forecast.people.set_index("month")
    assert people.loc["2027-04", "difference"] == pytest.approx(1.94)
    assert people.loc["2027-05", "difference"] == pytest.approx(1.8818)
    assert people.loc["2027-06", "difference"] == pytest.approx(1.825346)
    # pay = people x 1,250: 1.94 x 1,250 = 2,425; 1.8818 x 1,250 = 2,352.25; 1.825346 x 1,250
    # = 2,281.6825; month 12: 2 x 0.97^9 = 1.520052... x 1,250 = 1,900.065...
    pay = col(monthly, "direct_labour") - col(base, "direct_labour")
    expected = [0, 0, 0] + [2 * 0.97**k * 1250 for k in range(1, 10)]
    assert pay == pytest.approx(expected)
    assert pay[3:6] == pytest.approx([2425.0, 2352.25, 2281.6825])
    assert col(monthly, "total_costs") - col(base, "total_costs") == pytest.approx(expected)
    assert col(base, "net_income") - col(monthly, "net_income") == pytest.approx(expected)
    # cash falls by the pay to date: month 4 -2,425; month 5 -(2,425 + 2,352.25) = -4,777.25;
    # month 6 -(4,777.25 + 2,281.6825) = -7,058.9325
    cash = col(monthly, "closing_cash") - col(base, "closing_cash")
    assert cash[3:6] == pytest.approx([-2425.0, -4777.25, -7058.9325])
    # the headcount carries the people: 1.94 more in month 4
    assert monthly["headcount"].iloc[3] - base["headcount"].iloc[3] == pytest.approx(1.94)
    # at L the total headcount, not given, is the plan's + the clerks' 2
    assert monthly["headcount"].iloc[LAST] - base["headcount"].iloc[LAST] == pytest.approx(2)


def test_a_manager_short_is_hired_back_after_the_hiring_lead() -> None:
    b = run(
        business_plan={
            "clients": [client(monthly_volume=1000, pricing_model="per_item", price=15)]
        },
        staffing={**ROLES, "hiring_lead_months": 2},
        financing={"opening_cash": 100_000},
    )
    forecast = rolling_forecast(b, frame((L, "headcount:Manager", 0.0)))
    # one manager fewer in months 4 and 5 (hiring takes 2 months), back in month 6:
    # indirect staff -1 x 3,750 = -3,750 in months 4 and 5, then as planned
    pay = col(forecast.monthly, "indirect_labour") - col(b.monthly, "indirect_labour")
    assert pay == pytest.approx([0, 0, 0, -3750, -3750] + [0] * 7)
    opex = col(forecast.monthly, "operating_expenses") - col(b.monthly, "operating_expenses")
    assert opex == pytest.approx(pay)
    cash = col(forecast.monthly, "closing_cash") - col(b.monthly, "closing_cash")
    assert cash == pytest.approx([0, 0, 0, 3750, 7500] + [7500] * 7)


def test_months_up_to_L_show_the_actuals_and_the_rest_the_plans_flows() -> None:
    given = frame(
        ("2027-01", "revenue", 1.0), ("2027-02", "closing_cash", 5.0), (L, "marketing", 7.0)
    )
    forecast = rolling_forecast(budget(), given)
    monthly = forecast.monthly
    assert monthly["revenue"].iloc[0] == 1.0
    assert monthly["closing_cash"].iloc[1] == 5.0
    assert monthly["opening_cash"].iloc[2] == 5.0  # month 3 opens with month 2's actual cash
    assert monthly["marketing"].iloc[LAST] == 7.0
    # a flow given for L does not move the months after it: only cash, receivables, people do
    after = slice(LAST + 1, None)
    pd.testing.assert_frame_equal(monthly.iloc[after], budget().monthly.iloc[after])


def test_a_month_outside_the_plan_is_refused_in_words() -> None:
    with pytest.raises(ValueError, match=r"2030-01.*not months of the plan"):
        rolling_forecast(budget(), frame(("2030-01", "revenue", 1.0)))


def test_actuals_frame_reads_a_plans_actuals() -> None:
    entries = [ActualEntry(month=L, line="closing_cash", value=12.5)]
    table = actuals_frame(Actuals(entries=entries))
    assert table.to_dict("records") == [{"month": L, "line": "closing_cash", "value": 12.5}]
    assert list(actuals_frame(None).columns) == list(ACTUALS_COLUMNS)


def test_role_difference_rules() -> None:
    # above: 3 x (1 - 0.12 / 12)^k = 3 x 0.99^k: 2.97, 2.9403
    assert role_difference(3.0, 2, yearly_attrition=0.12, lead=1) == pytest.approx([2.97, 2.9403])
    # below, no lead: hired back the month after L
    assert role_difference(-1.0, 3, yearly_attrition=0.12, lead=0).tolist() == [0.0, 0.0, 0.0]


def assert_forecast_identities(monthly: pd.DataFrame, last: int) -> None:
    """Cash closes to the next opening every month; after L: cash moves by the net cash flow,
    the cost lines add up to total costs, net income = revenue + interest on cash - total costs -
    tax, and the balance sheet balances (to the cent)."""
    closing, opening = col(monthly, "closing_cash"), col(monthly, "opening_cash")
    assert opening[1:] == pytest.approx(closing[:-1], abs=0.005)
    after = monthly.iloc[last + 1 :]
    assert col(after, "closing_cash") == pytest.approx(
        col(after, "opening_cash") + col(after, "net_cash_flow"), abs=0.005
    )
    costs = sum(col(after, line) for line in COST_LINES)
    assert col(after, "total_costs") == pytest.approx(costs, abs=0.005)
    net = col(after, "revenue") + col(after, "interest_income") - col(after, "total_costs")
    assert col(after, "net_income") == pytest.approx(net - col(after, "tax"), abs=0.005)
    assert col(after, "total_assets") == pytest.approx(
        col(after, "total_liabilities_and_equity"), abs=0.005
    )


@settings(max_examples=40, deadline=None)
@given(
    last=st.integers(0, 11),
    cash=st.floats(-1e6, 1e6),
    receivables=st.one_of(st.none(), st.floats(0, 1e5)),
    clerks=st.one_of(st.none(), st.integers(0, 30)),
    managers=st.one_of(st.none(), st.integers(0, 3)),
)
def test_cash_closes_to_the_next_opening_for_random_actuals(
    last: int, cash: float, receivables: float | None, clerks: int | None, managers: int | None
) -> None:
    month = str(budget().monthly["month"].iloc[last])
    rows = [(month, "closing_cash", cash)]
    rows += [] if receivables is None else [(month, "receivables", receivables)]
    rows += [] if clerks is None else [(month, "headcount:Clerk", float(clerks))]
    rows += [] if managers is None else [(month, "headcount:Manager", float(managers))]
    forecast = rolling_forecast(budget(), frame(*rows))
    assert forecast.monthly["closing_cash"].iloc[last] == cash
    assert_forecast_identities(forecast.monthly, last)


@settings(max_examples=12, deadline=None)
@given(plan=plans(), data=st.data())
def test_forecast_identities_hold_on_random_plans(plan: object, data: st.DataObject) -> None:
    b = project(plan)  # type: ignore[arg-type]
    months = b.monthly["month"].tolist()
    last = data.draw(st.integers(0, len(months) - 1))
    rows = [(months[last], "closing_cash", data.draw(st.floats(-1e6, 1e6)))]
    rows.append((months[last], "receivables", data.draw(st.floats(0, 1e5))))
    for role in b.staffing["role"].drop_duplicates():
        rows.append((months[last], f"headcount:{role}", float(data.draw(st.integers(0, 20)))))
    forecast = rolling_forecast(b, frame(*rows))
    assert_forecast_identities(forecast.monthly, last)


def test_without_actuals_the_forecasts_rate_moves_are_the_plans() -> None:
    starter = project(load_plan_or_starter("offshore_voice_support"))  # costs in PHP
    forecast = rolling_forecast(starter, frame())
    assert forecast_fx_sensitivity(forecast, frame()) == fx_sensitivity(starter)
    assert len(fx_sensitivity(starter)) == 2  # PHP weaker and stronger


def test_with_cash_given_a_rate_move_reaches_only_the_months_after_L() -> None:
    starter = project(load_plan_or_starter("offshore_voice_support"))
    month = str(starter.monthly["month"].iloc[5])
    given = frame((month, "closing_cash", float(starter.monthly["closing_cash"].iloc[5])))
    forecast = rolling_forecast(starter, given)
    for move in forecast_fx_sensitivity(forecast, given):
        moved = rolling_forecast(
            project(moved_plan(starter.plan, move.currency, move.move)), given
        ).monthly
        # the moved forecast starts from the same actual cash at L: only later months differ
        assert moved["closing_cash"].iloc[5] == forecast.monthly["closing_cash"].iloc[5]
        assert move.lowest_cash == pytest.approx(float(moved["closing_cash"].min()))
