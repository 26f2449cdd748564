"""Hand-checked examples for client contracts: invoicing (arrears or advance), payment and late
days, bad debts, renewal, churn of marketing wins and the escalating price list. One small plan
per rule (`tests.support.small_plans`: an items line, 1 FTE per 100 items), arithmetic in the
comments."""

from __future__ import annotations

import pytest

from planner.engine.pipeline import project
from planner.engine.revenue import collection_lag
from planner.model.starters import load_template
from tests.support.small_plans import client, run, series

PER_ITEM = {"pricing_model": "per_item", "price": 1.0}


def _one_client(**fields: object) -> dict[str, object]:
    return {"clients": [client(**{**PER_ITEM, **fields})]}


def test_net_45_plus_10_days_late_in_arrears_is_collected_two_months_later() -> None:
    # 10,000 items at 1.00 in month 1 only (term 1): invoiced on 31 January, due 45 days later,
    # paid 10 days after that: 55 days = 1.81 months of 30.4375 days -> ceil = 2 -> month 3.
    r = run(business_plan=_one_client(monthly_volume=10_000, term_months=1, payment_days=45,
                                      late_days=10))  # fmt: skip
    assert list(r.monthly.cash_from_clients[:4]) == [0, 0, 10_000, 0]
    # receivables: invoiced 10,000 at the end of month 1, still open at the end of month 2
    assert list(r.monthly.receivables[:4]) == [10_000, 10_000, 0, 0]


def test_bad_debts_of_1_percent_write_off_100_of_10_000_and_it_is_never_collected() -> None:
    # 10,000 invoiced in month 1, net 30 in arrears (lag 1), 1% never paid: bad debts 100 in
    # month 1 (an operating expense), 9,900 collected in month 2, receivables 9,900 then 0.
    r = run(business_plan=_one_client(monthly_volume=10_000, term_months=1, bad_debt_rate=0.01))
    m = r.monthly
    assert list(m.bad_debts[:3]) == [100, 0, 0]
    assert list(m.cash_from_clients[:3]) == [0, 9_900, 0]
    assert list(m.receivables[:3]) == [9_900, 0, 0]
    # EBITDA of month 1: revenue 10,000 - direct staff (no roles: 0) - bad debts 100 = 9,900
    assert m.operating_expenses[0] == pytest.approx(100)
    assert m.ebitda[0] == pytest.approx(9_900)


def test_advance_invoicing_is_paid_in_the_month_served_within_30_days() -> None:
    # Invoiced on the first day of the month served: net 30 -> floor(30 / 30.4375) = 0, paid the
    # same month; net 45 -> floor(1.48) = 1, the next month. In arrears net 30 -> 1 month later.
    same = run(business_plan=_one_client(monthly_volume=1_000, invoicing="advance"))
    assert list(same.monthly.cash_from_clients[:3]) == [1_000, 1_000, 1_000]
    assert list(same.monthly.receivables[:3]) == [0, 0, 0]
    later = run(business_plan=_one_client(monthly_volume=1_000, invoicing="advance",
                                          payment_days=45))  # fmt: skip
    assert list(later.monthly.cash_from_clients[:3]) == [0, 1_000, 1_000]


def test_collection_lag_counts_days_in_months_of_30_4375_days() -> None:
    # arrears: ceil(D / 30.4375); advance: floor(D / 30.4375). 30 / 30.4375 = 0.986,
    # 31 / 30.4375 = 1.018, 61 / 30.4375 = 2.004, 60 / 30.4375 = 1.971.
    assert [collection_lag("arrears", d) for d in (0, 1, 30, 31, 60, 61)] == [0, 1, 1, 2, 2, 3]
    assert [collection_lag("advance", d) for d in (0, 30, 31, 60, 61)] == [0, 0, 1, 1, 2]


def test_renewal_probability_continues_the_contract_with_weight_p_per_renewal() -> None:
    # 100 items a month, 3-month term, 50% chance of renewing each term, 10% yearly rise off:
    # months 1-3 weight 1 (100 items), 4-6 weight 0.5 (50), 7-9 weight 0.25 (25), 10-12 0.125.
    r = run(business_plan=_one_client(monthly_volume=100, term_months=3,
                                      renewal_probability=0.5))  # fmt: skip
    assert series(r.revenue, "volume") == [100] * 3 + [50] * 3 + [25] * 3 + [12.5] * 3
    assert series(r.monthly, "clients") == [1] * 3 + [0.5] * 3 + [0.25] * 3 + [0.125] * 3
    # the default (0) ends the contract at its term, as before
    ends = run(business_plan=_one_client(monthly_volume=100, term_months=3))
    assert series(ends.revenue, "volume") == [100] * 3 + [0] * 9


def test_renewed_contracts_carry_on_rising_each_contract_year() -> None:
    # 12-month term, always renewed, price 1.00 rising 10% a year, 24-month plan: months 13-24
    # are the second contract year at 1.10 (the renewal does not start again at 1.00).
    r = run(settings={"horizon_months": 24},
            business_plan=_one_client(monthly_volume=100, term_months=12, renewal_probability=1.0,
                                      yearly_escalation=0.1))  # fmt: skip
    prices = series(r.revenue, "unit_price")
    assert prices[:12] == [1.0] * 12 and prices[12:] == [1.1] * 12
    assert series(r.revenue, "contract_month")[12] == 13


def test_a_client_signing_in_month_13_pays_the_price_list_of_year_2() -> None:
    # price 100 per item, price list +5% a year: a client starting in month 13 (plan year 2)
    # pays 100 x 1.05 = 105 from its first month; one starting in month 12 (year 1) pays 100 in
    # months 12 ... 23 and, with a 10% yearly rise, 110 from its 13th month (month 24).
    r = run(settings={"horizon_months": 24},
            business_plan={"clients": [
                client(name="Late", monthly_volume=1, pricing_model="per_item", price=100,
                       list_escalation=0.05, start_month=13),
                client(name="Early", monthly_volume=1, pricing_model="per_item", price=100,
                       list_escalation=0.05, yearly_escalation=0.1, start_month=12),
            ]})  # fmt: skip
    late = series(r.revenue, "unit_price", client="Late")
    assert late[12] == pytest.approx(105.0)
    early = series(r.revenue, "unit_price", client="Early")
    assert early[11] == 100 and early[22] == 100 and early[23] == pytest.approx(110.0)


def _won(**kind: object) -> dict[str, object]:
    # one lead a month converting at 100% from month 1, no sales cycle: one client won a month
    return {
        "channels": [{"name": "Ads", "leads_per_month": 1, "conversion_rate": 1.0}],
        "sales_cycle_months": 0,
        "won_clients": [{"name": "Shop", "services": [{"service_line": "forms",
                         "monthly_volume": 100, **PER_ITEM}], **kind}],
    }  # fmt: skip


def test_yearly_churn_of_won_clients_is_applied_monthly() -> None:
    # 50% yearly churn: a won client counts (1 - 0.5)^((k - 1) / 12) in its k-th month, i.e. a
    # monthly churn of 1 - 0.5^(1/12) = 5.61%. One client won in month 1 only (horizon 13): it
    # counts 1 in month 1, 0.5^(1/12) = 0.9439 in month 2 and 0.5 in month 13.
    r = run(settings={"horizon_months": 13},
            marketing={**_won(yearly_churn=0.5),
                       "channels": [{"name": "Ads", "leads_per_month": 1, "conversion_rate": 1.0,
                                     "end_month": 1}]})  # fmt: skip
    clients = series(r.monthly, "clients")
    assert clients[0] == 1 and clients[1] == pytest.approx(0.5 ** (1 / 12), abs=1e-6)
    assert clients[12] == pytest.approx(0.5)
    # its volume follows: 100 items x 0.5 in month 13
    assert series(r.monthly, "revenue")[12] == pytest.approx(50.0)


def test_won_clients_sign_at_the_price_list_of_the_year_they_are_won() -> None:
    # One client won each month, price 1.00 per item, list +5% a year: the client won in month
    # 13 pays 1.05 (before this rule every win paid the year-1 price for ever).
    r = run(settings={"horizon_months": 13},
            marketing=_won(services=[{"service_line": "forms", "monthly_volume": 100,
                                      **PER_ITEM, "list_escalation": 0.05}]))  # fmt: skip
    month_13 = r.revenue[r.revenue.month_no == 13].set_index("client")["unit_price"]
    assert month_13["Shop 13"] == pytest.approx(1.05)
    assert month_13["Shop 12"] == pytest.approx(1.0)


def test_the_onshore_starter_no_longer_piles_up_clients_over_120_months() -> None:
    # Before churn the onshore starter reached 131.9 clients by month 120 on flat marketing spend
    # (every win stayed for ever). With 15% yearly churn a win counts 0.85^((k - 1) / 12) in its
    # k-th month: about 1.12 wins a month x sum_{k=0}^{118} 0.85^(k / 12)
    # = 1.12 x (1 - 0.85^(119 / 12)) / (1 - 0.85^(1 / 12)) = 1.12 x 0.80 / 0.01345 = about 67,
    # plus the plan's 4 signed clients and 0.9 expected pipeline: about 72, far below 132.
    plan = load_template("onshore_bookkeeping_payroll")
    assert plan.marketing.won_clients[0].yearly_churn == 0.15
    long = plan.model_copy(
        update={"settings": plan.settings.model_copy(update={"horizon_months": 120})}
    )
    clients = float(project(long).monthly["clients"].iloc[-1])
    assert 60 < clients < 76, clients
