"""Checks every projection must pass (used by the engine's example and property tests)."""

from __future__ import annotations

import numpy as np

from planner.engine import projection as pj
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
    ):
        assert tuple(table.columns) == columns
    assert len(m) == result.plan.months
    numbers = m.drop(columns=["month"]).to_numpy(dtype=float)
    assert np.isfinite(numbers).all()

    def close(a: object, b: object, tol: float = CENT) -> None:
        diff = np.abs(np.asarray(a, dtype=float) - np.asarray(b, dtype=float))
        assert diff.max(initial=0.0) < tol, diff.max()

    # balance sheet, to the cent
    close(m.total_assets, m.closing_cash + m.receivables + m.net_fixed_assets)
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
    res = result.resources.groupby("month_no")[["capex", "depreciation", "opex"]].sum()
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
