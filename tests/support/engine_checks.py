"""Checks every projection must pass (used by the engine's example and property tests)."""

from __future__ import annotations

from typing import Any

import numpy as np

from planner.engine import projection as pj
from planner.engine.exchange import factors
from planner.engine.projection import Projection

CENT = 0.005


def assert_identities(result: Projection) -> None:
    """Column contracts, the three statements' identities and the sign rules, every month."""
    m = result.monthly
    assert tuple(m.columns) == pj.MONTHLY_COLUMNS
    for table, columns in (
        (result.workload, pj.WORKLOAD_COLUMNS),
        (result.staffing, pj.STAFFING_COLUMNS),
        (result.payroll, pj.PAYROLL_COLUMNS),
        (result.resources, pj.RESOURCES_COLUMNS),
        (result.paperwork, pj.PAPERWORK_COLUMNS),
        (result.marketing, pj.MARKETING_COLUMNS),
        (result.revenue, pj.REVENUE_COLUMNS),
        (result.loans, pj.LOANS_COLUMNS),
    ):
        assert tuple(table.columns) == columns
    assert len(m) == result.plan.months
    numbers = m.drop(columns=["month"]).to_numpy(dtype=float)
    assert np.isfinite(numbers).all()

    def close(a: object, b: object, tol: float = CENT) -> None:
        diff = np.abs(np.asarray(a, dtype=float) - np.asarray(b, dtype=float))
        assert diff.max(initial=0.0) < tol, diff.max()

    # balance sheet, to the cent
    close(m.total_assets, m.closing_cash + m.receivables + m.net_fixed_assets + m.deposits)
    close(
        m.total_liabilities_and_equity,
        m.loans_outstanding + m.paid_in_capital + m.retained_earnings,
    )
    close(m.total_assets, m.total_liabilities_and_equity)
    # cash
    close(m.closing_cash, m.opening_cash + m.net_cash_flow)
    close(m.opening_cash.iloc[1:].to_numpy(), m.closing_cash.iloc[:-1].to_numpy())
    assert m.opening_cash.iloc[0] == result.plan.financing.opening_cash
    close(m.operating_cash_flow, m.cash_from_clients - m.cash_paid_operations - m.tax_paid)
    close(
        m.net_cash_flow,
        m.operating_cash_flow
        - m.capex
        - m.deposits_paid
        + m.loan_drawdowns
        - m.loan_repayments
        + m.equity_injections,
    )
    # profit and loss
    close(m.gross_profit, m.revenue - m.direct_labour)
    close(
        m.operating_expenses,
        m.indirect_labour + m.recruiting_training + m.resources_opex + m.paperwork + m.marketing,
    )
    close(m.ebitda, m.gross_profit - m.operating_expenses)
    close(m.ebit, m.ebitda - m.depreciation)
    close(m.profit_before_tax, m.ebit - m.interest)
    close(m.net_income, m.profit_before_tax - m.tax)
    close(m.total_costs, m.direct_labour + m.operating_expenses + m.depreciation + m.interest)
    close(m.revenue - m.total_costs, m.profit_before_tax)
    # the detail tables add up to the statements
    by_month = result.revenue.groupby("month_no")["revenue"].sum()
    close(by_month.reindex(m.month_no, fill_value=0.0), m.revenue)
    pay = result.payroll
    direct = pay[pay.direct].groupby("month_no")["total_cost"].sum()
    close(direct.reindex(m.month_no, fill_value=0.0), m.direct_labour)
    close(pay.total_cost, pay.wage_cost + pay.burden_cost)
    res = result.resources.groupby("month_no")[
        ["capex", "depreciation", "opex", "deposit", "advance_rent"]
    ].sum()
    held = (res.deposit + res.advance_rent).reindex(m.month_no, fill_value=0.0)
    close(held, m.deposits)
    close(m.deposits_paid, m.deposits - np.concatenate(([0.0], m.deposits.to_numpy()[:-1])))
    assert (m.deposits >= -1e-9).all()
    close(res.capex.reindex(m.month_no, fill_value=0.0), m.capex)
    close(res.depreciation.reindex(m.month_no, fill_value=0.0), m.depreciation)
    close(res.opex.reindex(m.month_no, fill_value=0.0), m.resources_opex)
    st = result.staffing
    headcount = st.groupby("month_no")["headcount"].sum().reindex(m.month_no, fill_value=0.0)
    close(headcount, m.headcount, 1e-6)
    # headcount flows: this month's = last month's + hires - leavers, per role
    for _, rows in st.groupby("role", sort=False):
        h = rows.headcount.to_numpy()
        close(
            h,
            np.concatenate(([0.0], h[:-1])) + rows.hires.to_numpy() - rows.leavers.to_numpy(),
            1e-6,
        )
        assert (rows.headcount + 1e-9 >= rows.required).all()
    # signs
    for col in (
        "revenue",
        "direct_labour",
        "depreciation",
        "interest",
        "tax",
        "capex",
        "receivables",
    ):
        assert (m[col] >= -1e-9).all(), col
    assert (m.net_fixed_assets >= -1e-6).all()
    assert (m.loans_outstanding >= -1e-6).all()
    assert (st.hires >= -1e-9).all() and (st.leavers >= -1e-9).all()
    assert (st.in_training <= st.headcount + 1e-9).all()
    _assert_detail_identities(result, close)


def _assert_detail_identities(result: Projection, close: Any) -> None:
    """The loan schedules, resource purchases, wage per person, tax to date and contract months."""
    m, plan = result.monthly, result.plan
    # loans: each balance rolls forward, payments split into interest and principal, and the
    # per-loan lines add up to the statements
    ln = result.loans
    assert len(ln) == plan.months * len(plan.financing.loans)
    close(ln.closing_balance, ln.opening_balance + ln.drawdown - ln.principal)
    close(ln.payment, ln.interest + ln.principal)
    for (_, rows), loan in zip(
        ln.groupby(ln.groupby("month_no").cumcount(), sort=True), plan.financing.loans, strict=True
    ):
        close(rows.opening_balance.iloc[1:].to_numpy(), rows.closing_balance.iloc[:-1].to_numpy())
        assert rows.principal.sum() <= loan.amount + CENT
        if loan.start_month + loan.term_months <= plan.months:  # repaid within the horizon
            close(rows.principal.sum(), loan.amount)
            close(rows.closing_balance.iloc[-1], 0.0)
    flows = ln.groupby("month_no")[["drawdown", "interest", "principal", "closing_balance"]].sum()
    for column, total in (
        ("drawdown", "loan_drawdowns"),
        ("interest", "interest"),
        ("principal", "loan_repayments"),
        ("closing_balance", "loans_outstanding"),
    ):
        close(flows[column].reindex(m.month_no, fill_value=0.0), m[total])
    # resources: units from the basis, capex from the units bought, none retired before bought
    res = result.resources
    items = plan.resources.items
    entity = res.groupby("month_no").cumcount().to_numpy()
    quantity = np.array([items[e].quantity for e in entity])
    # costs are entered in each item's location's currency: x reporting units per cost unit
    fx = factors(plan.settings, [i.location for i in items], plan.months)
    month = res.month_no.to_numpy() - 1
    one_time = np.array([items[e].one_time_cost for e in entity]) * fx[entity, month]
    bought_item = res.ownership.to_numpy() == "buy"
    close(res.units, res.basis_count * quantity, 1e-6)
    close(res.capex, np.where(bought_item, res.bought * one_time, 0.0))
    assert (res.bought >= 0).all() and (res.retired >= 0).all()
    assert (res.bought[~bought_item] == 0).all() and (res.retired[~bought_item] == 0).all()
    for _, rows in res.groupby(entity):
        assert (rows.retired.cumsum() <= rows.bought.cumsum() + 1e-9).all()
    # payroll and tax
    pay = result.payroll
    close(pay.wage_cost, pay.headcount * pay.wage_per_person)
    taxable = m.taxable_profit_to_date.to_numpy()
    assert (taxable >= 0).all() and (np.diff(taxable) >= -1e-9).all()
    close(m.tax, plan.financing.tax_rate * np.diff(taxable, prepend=0.0))
    # revenue only while a contract runs
    rev = result.revenue
    assert (rev.revenue[rev.contract_month == 0].abs() < 1e-9).all()
    _assert_funnel_and_queue_identities(result, close)


def _assert_funnel_and_queue_identities(result: Projection, close: Any) -> None:
    """Marketing wins against expected wins; the busiest interval of each queue."""
    plan = result.plan
    # marketing: whole clients won to date = floor(expected wins to date), per channel; expected
    # wins are leads one sales cycle earlier x conversion
    mk = result.marketing
    channel = mk.groupby("month_no").cumcount().to_numpy()
    for e, rows in mk.groupby(channel):
        ch = plan.marketing.channels[int(e)]
        expected = rows.expected_wins.cumsum().to_numpy()
        won = rows.clients_won.cumsum().to_numpy()
        assert (won <= expected + 1e-9).all() and (expected - won < 1 + 1e-9).all()
        lag = plan.marketing.sales_cycle_months
        leads = rows.leads.to_numpy()
        earlier = np.concatenate((np.zeros(lag), leads))[: len(leads)]
        close(rows.expected_wins, earlier * ch.conversion_rate, 1e-9)
    # queues: the busiest interval holds a share of the typical week's contacts (volume x 12 /
    # 52), none without contacts; other work has no interval
    wl = result.workload
    queue = np.array(
        [plan.service_line(s).workload.type == "queue" for s in wl.service_line], dtype=bool
    )
    week = wl.volume.to_numpy() * 12 / 52
    peak = wl.peak_contacts.to_numpy()
    assert (peak >= 0).all() and (peak <= week * (1 + 1e-9) + 1e-9).all()
    assert (peak[~queue] == 0).all()
    assert ((peak > 0) == ((wl.peak_agents.to_numpy() > 0) & queue)).all()
