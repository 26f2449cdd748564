"""The statements and headline figures of many runs at once (a leading run axis).

Each case builds K plans of the same shape from a starter by changing values only (volumes,
prices, wages), runs the engine's stages on each (`planner.engine.pipeline._run_stages`), stacks
the stage arrays along a new axis 0, calls the statements ONCE on the stack and checks that every
run's lines equal that plan's own `project(plan).monthly` columns and its KPIs. The financing (a
scalar of the plan: the same in every run) is the starter's, or a credit line with interest on
cash and a higher minimum cash, switched on for all K plans.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import fields, is_dataclass, replace
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import planner.engine.statements as statements_module
from planner.engine.costs import ResourceCosts
from planner.engine.finance import LoanFlows
from planner.engine.headcount import recruiting_cost
from planner.engine.kpis import batch_headlines
from planner.engine.pipeline import _run_stages, arrival_profiles, project
from planner.engine.statements import (
    StatementInputs,
    cash_and_balance,
    monthly_statements,
    profit_and_loss,
    with_financing,
)
from planner.model.files import plan_from_dict, plan_to_dict
from planner.model.plan import CreditLine, Financing, Plan, Tax
from planner.model.starters import load_template, template_ids
from planner.rounding import FloatArray

STARTERS = template_ids()

VARIATIONS = (
    {"volume": 1.0, "price": 1.0, "wages": 1.0},
    {"volume": 0.8, "price": 1.0, "wages": 1.1},
    {"volume": 1.1, "price": 0.95, "wages": 1.0},
    {"volume": 0.9, "price": 0.95, "wages": 1.1},
)
"""One run per row: every client's monthly volume, every price and every wage scaled."""

CREDIT = {
    "credit_line": {"limit": 400_000.0, "yearly_rate": 0.12},
    "minimum_cash": 250_000.0,
    "cash_interest_rate": 0.04,
}
"""A financing every run shares: a credit line, a minimum cash that makes the leaner runs draw
on it, and interest on cash."""


def vary(
    plan: Plan,
    *,
    volume: float = 1.0,
    price: float = 1.0,
    wages: float = 1.0,
    financing: Mapping[str, Any] | None = None,
) -> Plan:
    """`plan` with values changed only (the same clients, roles and items: the same shape)."""
    data = plan_to_dict(plan)
    services = [s for c in data["business_plan"]["clients"] for s in c["services"]]
    services += [s for k in data["marketing"]["won_clients"] for s in k["services"]]
    for service in services:
        service["monthly_volume"] *= volume
        service["price"] *= price
    for role in data["staffing"]["roles"]:
        role["monthly_wage"] *= wages
    data["financing"].update(financing or {})
    return plan_from_dict(data)


def stage_lines(plan: Plan) -> StatementInputs:
    """The statements' inputs for one plan, as `pipeline._monthly` builds them."""
    stages = _run_stages(plan, arrival_profiles(plan))
    direct = np.array([r.is_direct for r in stages.people.roles], dtype=bool)
    return StatementInputs(
        revenue_by_client=stages.revenue_by_client,
        collection_lag=list(stages.book.collection_lag),
        bad_debt_rate=list(stages.book.bad_debt_rate),
        direct_pay=stages.pay[direct],
        indirect_pay=stages.pay[~direct],
        recruiting=recruiting_cost(plan.staffing, stages.people),
        resources=stages.res,
        fees=stages.fees.expense,
        prepaid=stages.fees.prepaid.sum(axis=0),
        marketing_spend=stages.funnel.spend,
        loans=stages.loans,
        accrued_pay=stages.bonuses.owed.sum(axis=0),
    )


def _stack(items: list[Any]) -> Any:
    """Arrays stacked along a new axis 0; dataclasses of arrays field by field; anything else
    (the clients' terms) the same in every run, given once."""
    first = items[0]
    if isinstance(first, np.ndarray):
        return np.stack(items)
    if not is_dataclass(first):
        assert all(item == first for item in items)
        return first
    columns = {f.name: _stack([getattr(i, f.name) for i in items]) for f in fields(first)}
    return type(first)(**columns)


def stack(runs: list[StatementInputs], *, loans_once: bool = False) -> StatementInputs:
    """The runs' inputs stacked along a new run axis; `loans_once`: the loan flows (the same in
    every run) given once, shape (months,), for the statements to repeat per run."""
    stacked: StatementInputs = _stack(runs)
    return replace(stacked, loans=runs[0].loans) if loans_once else stacked


def statements(
    inputs: StatementInputs, plan: Plan
) -> tuple[dict[str, FloatArray], dict[str, FloatArray]]:
    """The three statements for one plan's or stacked runs' `inputs`; `plan` gives what every
    run shares (financing, first month)."""
    return monthly_statements(inputs, plan.financing, plan.settings.first_month)


def batch_of(
    starter: str, financing: Mapping[str, Any] | None = None, months: int | None = None
) -> tuple[list[Plan], StatementInputs]:
    """K plans of one starter (`VARIATIONS`) and their stacked stage lines."""
    base = load_template(starter)
    if months is not None:
        base = vary(base)  # a copy through the plan file, then the horizon
        data = plan_to_dict(base)
        data["settings"]["horizon_months"] = months
        base = plan_from_dict(data)
    plans = [vary(base, **v, financing=financing) for v in VARIATIONS]
    return plans, stack([stage_lines(plan) for plan in plans])


def assert_runs_equal_engine(
    plans: list[Plan], p: Mapping[str, FloatArray], c: Mapping[str, FloatArray]
) -> None:
    """Every run's statement lines and headline figures equal its plan's own projection."""
    lines = {**p, **c}
    headlines = batch_headlines(
        lines["closing_cash"], lines["net_income"], plans[0].financing.minimum_cash
    )
    for r, plan in enumerate(plans):
        result = project(plan)
        for name, values in lines.items():
            assert values.shape == (len(plans), plan.months), name
            np.testing.assert_allclose(
                values[r], result.monthly[name].to_numpy(dtype=float), rtol=0, atol=1e-6,
                err_msg=f"run {r}: {name}",
            )  # fmt: skip
        kpis, months = result.kpis, list(result.monthly["month"])
        assert headlines["funding_needed"][r] == pytest.approx(kpis.funding_needed, abs=1e-6)
        assert headlines["ending_cash"][r] == pytest.approx(kpis.ending_cash, abs=1e-6)
        assert headlines["lowest_cash"][r] == pytest.approx(kpis.lowest_cash, abs=1e-6)
        index = int(headlines["break_even_index"][r])
        assert (None if index < 0 else months[index]) == kpis.break_even_month


@pytest.mark.parametrize("starter", STARTERS)
def test_monthly_statements_of_one_plan_are_the_engines_monthly_lines_to_the_bit(
    starter: str,
) -> None:
    # the one call order of the statements: the same lines as `project` (pipeline._monthly)
    plan = vary(load_template(starter), financing=CREDIT)
    p, c = statements(stage_lines(plan), plan)
    monthly = project(plan).monthly
    for name, values in {**p, **c}.items():
        assert values.shape == (plan.months,)
        assert np.array_equal(values, monthly[name].to_numpy(dtype=float)), name


@pytest.mark.parametrize("starter", STARTERS)
def test_stacked_runs_equal_each_plans_own_statements_with_the_starters_financing(
    starter: str,
) -> None:
    plans, stacked = batch_of(starter)
    p, c = statements(stacked, plans[0])
    assert_runs_equal_engine(plans, p, c)


@pytest.mark.parametrize("starter", STARTERS)
def test_stacked_runs_equal_each_plans_own_statements_with_a_credit_line_and_cash_interest(
    starter: str,
) -> None:
    plans, stacked = batch_of(starter, CREDIT)
    p, c = statements(stacked, plans[0])
    draws = c["credit_line_draws"].sum(axis=-1)
    assert (draws > 0).any()  # the case exercises the credit line
    assert_runs_equal_engine(plans, p, c)


def test_loan_flows_given_once_are_repeated_for_every_run() -> None:
    plans, _ = batch_of("onshore_bookkeeping_payroll", CREDIT)
    once = stack([stage_lines(plan) for plan in plans], loans_once=True)
    assert once.loans.interest.ndim == 1
    p, c = statements(once, plans[0])
    assert_runs_equal_engine(plans, p, c)


def test_120_month_runs_with_taxes_on_revenue_and_payments_equal_the_engine() -> None:
    taxed = {**CREDIT, "tax": {"payment": "monthly", "revenue_tax_rate": 0.01,
                              "payments_tax_rate": 0.004, "minimum_amount": 1200.0}}  # fmt: skip
    plans, stacked = batch_of("nearshore_it_helpdesk", taxed, months=120)
    p, c = statements(stacked, plans[0])
    assert (p["payments_tax"] > 0).all(axis=-1).any()
    assert_runs_equal_engine(plans, p, c)


@contextmanager
def tax_passes(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """The number of runs in each pass of `with_financing` (one `tax_lines` call per pass)."""
    calls: list[int] = []
    real: Callable[..., dict[str, FloatArray]] = statements_module.tax_lines

    def counted(pbt: FloatArray, *args: Any) -> dict[str, FloatArray]:
        calls.append(pbt.shape[0])
        return real(pbt, *args)

    with monkeypatch.context() as patch:
        patch.setattr(statements_module, "tax_lines", counted)
        yield calls


def test_runs_needing_different_numbers_of_financing_passes_each_equal_the_run_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    plans, stacked = batch_of("onshore_bookkeeping_payroll", CREDIT)
    alone = []
    for plan in plans:
        one = stage_lines(plan)
        with tax_passes(monkeypatch) as calls:
            statements(one, plan)
        alone.append(len(calls))
    with tax_passes(monkeypatch) as calls:
        p, c = statements(stacked, plans[0])
    # the runs left in pass n are those needing at least n passes alone
    assert len(set(alone)) > 1, alone  # the case needs different numbers of passes
    assert calls == [sum(n >= k for n in alone) for k in range(1, max(alone) + 1)]
    assert_runs_equal_engine(plans, p, c)


def _tiny(direct_pay: list[list[float]]) -> tuple[dict[str, FloatArray], dict[str, FloatArray]]:
    """Two runs over three months: revenue 0, 1,000, 1,000 (collected the month served), the
    given direct pay, nothing else; opening cash 1,000, minimum 500, a credit line of 1,000 at
    12% a year, tax 25% paid monthly, no interest on cash."""
    runs = len(direct_pay)
    financing = Financing(
        opening_cash=1000.0,
        minimum_cash=500.0,
        credit_line=CreditLine(limit=1000.0, yearly_rate=0.12),
        tax_rate=0.25,
        tax=Tax(payment="monthly"),
    )
    revenue = np.array([[[0.0, 1000.0, 1000.0]]] * runs)
    none = np.zeros((runs, 0, 3))
    loans = LoanFlows(*(np.zeros(3),) * 4)  # the same in every run: given once
    p = profit_and_loss(
        revenue_by_client=revenue,
        direct_pay=np.array(direct_pay)[:, None, :],
        indirect_pay=none,
        recruiting=np.zeros((runs, 3)),
        resources=ResourceCosts(*(none,) * 10),
        fees=none,
        marketing_spend=none,
        interest=loans.interest,
        financing=financing,
        other_payments=np.zeros((runs, 3)),
    )
    c = cash_and_balance(
        p, revenue_by_client=revenue, collection_lag=[0], bad_debt_rate=[0.0], capex=none,
        deposits=np.zeros(3), loans=loans, financing=financing, first_month="2027-01",
    )  # fmt: skip
    return with_financing(p, c, financing, "2027-01")


def test_credit_line_of_two_runs_by_hand_one_draws_one_does_not(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Run A pays 800 in month 1. Month 1: cash before the line X = 1,000 - 800 = 200 < 500:
    # draws min(1,000 - 0, 500 - 200) = 300, closes at 500, owes 300. Month 2: interest 300 x
    # 12% / 12 = 3; X = 500 + 1,000 - 3 = 1,497: repays min(300, 1,497 - 500) = 300, closes at
    # 1,197. Profit before tax -800, 997, 1,000; year to date -800, 197, 1,197; tax to date
    # 25% x (0, 197, 1,197) = 0, 49.25, 299.25: tax 0, 49.25, 250, paid the month after it is owed:
    # 0, 0, 49.25. Month 3: X = 1,197 + 1,000 - 49.25 = 2,147.75. Net income -800, 947.75, 750.
    # Run B pays 400: X = 600 >= 500, never draws. Profit -400, 1,000, 1,000; tax 0, 150, 250;
    # paid 0, 0, 150; net income -400, 850, 750; cash 600, 1,600, 2,450.
    # Passes: A's first pass guesses month 3's tax paid without the line's interest (25% x 200 =
    # 50), gets 49.25 and runs again; B's first pass already settles: 2 runs, then 1.
    with tax_passes(monkeypatch) as calls:
        p, c = _tiny([[800.0, 0.0, 0.0], [400.0, 0.0, 0.0]])
    assert calls == [2, 1]
    expected = {
        "credit_line_draws": [[300, 0, 0], [0, 0, 0]],
        "credit_line_repayments": [[0, 300, 0], [0, 0, 0]],
        "credit_line_balance": [[300, 0, 0], [0, 0, 0]],
        "credit_line_interest": [[0, 3, 0], [0, 0, 0]],
        "tax": [[0, 49.25, 250], [0, 150, 250]],
        "tax_paid": [[0, 0, 49.25], [0, 0, 150]],
        "net_income": [[-800, 947.75, 750], [-400, 850, 750]],
        "closing_cash": [[500, 1197, 2147.75], [600, 1600, 2450]],
        "opening_cash": [[1000, 500, 1197], [1000, 600, 1600]],
    }
    lines = {**p, **c}
    for name, values in expected.items():
        np.testing.assert_allclose(lines[name], values, atol=1e-9, err_msg=name)
    # balance sheet, run A month 3: cash 2,147.75 = tax owed 250 + paid in 1,000 + retained
    # -800 + 947.75 + 750 = 897.75
    np.testing.assert_allclose(c["total_assets"], c["total_liabilities_and_equity"], atol=1e-9)
    assert c["total_assets"][0, 2] == pytest.approx(2147.75)
    headlines = batch_headlines(c["closing_cash"], p["net_income"], 500.0)
    assert headlines["funding_needed"].tolist() == [0.0, 0.0]  # the line kept A at 500
    assert headlines["lowest_cash"].tolist() == [500.0, 600.0]
    # trailing three months' net income: A -800, 147.75, 897.75; B -400, 450, 1,200: both from
    # month 2 (index 1)
    assert headlines["break_even_index"].tolist() == [1, 1]


def test_batch_headlines_follow_compute_kpis_rules_by_hand() -> None:
    # minimum cash 100. Run 1 closes at 300, -200, 50: needs 100 - (-200) = 300, lowest -200;
    # net income -5, -5, 20: trailing -5, -10, 10 -> breaks even in month 3 (index 2).
    # Run 2 closes at 500, 400, 450: needs nothing; net income 1, 1, -9: trailing ends at -7, no
    # break-even (-1).
    h = batch_headlines(
        np.array([[300.0, -200, 50], [500, 400, 450]]),
        np.array([[-5.0, -5, 20], [1, 1, -9]]),
        100.0,
    )
    assert h["funding_needed"].tolist() == [300.0, 0.0]
    assert h["ending_cash"].tolist() == [50.0, 450.0]
    assert h["lowest_cash"].tolist() == [-200.0, 400.0]
    assert h["break_even_index"].tolist() == [2, -1]
    assert h["break_even_index"].dtype == np.int64


@st.composite
def run_batches(draw: st.DrawFn) -> tuple[str, list[dict[str, float]], dict[str, Any]]:
    """A starter, 2-3 runs' value changes, and one financing they share."""
    factor = st.floats
    runs = draw(
        st.lists(
            st.fixed_dictionaries(
                {"volume": factor(0.6, 1.3), "price": factor(0.85, 1.1), "wages": factor(0.9, 1.2)}
            ),
            min_size=2,
            max_size=3,
        )
    )
    financing: dict[str, Any] = {
        "minimum_cash": draw(factor(0.0, 400_000.0)),
        "cash_interest_rate": draw(factor(0.0, 0.08)),
    }
    if draw(st.booleans()):
        limit = draw(factor(0.0, 600_000.0))
        financing["credit_line"] = {"limit": limit, "yearly_rate": draw(factor(0.0, 0.2))}
    return draw(st.sampled_from(STARTERS)), runs, financing


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(run_batches())
def test_each_stacked_run_balances_and_equals_the_run_alone(
    batch: tuple[str, list[dict[str, float]], dict[str, Any]],
) -> None:
    starter, runs, financing = batch
    base = load_template(starter)
    plans = [vary(base, **run, financing=financing) for run in runs]
    per_plan = [stage_lines(plan) for plan in plans]
    p, c = statements(stack(per_plan), plans[0])
    opening = plans[0].financing.opening_cash
    for r, one in enumerate(per_plan):
        p_alone, c_alone = statements(one, plans[r])
        for name, values in {**p_alone, **c_alone}.items():
            # the same arithmetic in the same order: equal to the last bit
            assert np.array_equal({**p, **c}[name][r], values), name
        cash = c["closing_cash"][r]
        np.testing.assert_allclose(c["total_assets"][r], c["total_liabilities_and_equity"][r],
                                   atol=0.005)  # fmt: skip
        np.testing.assert_allclose(cash, c["opening_cash"][r] + c["net_cash_flow"][r], atol=0.005)
        assert np.array_equal(c["opening_cash"][r][1:], cash[:-1])
        assert c["opening_cash"][r][0] == opening
