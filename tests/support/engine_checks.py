"""Checks every projection must pass (used by the engine's example and property tests)."""

from __future__ import annotations

from typing import Any

import numpy as np

from planner.engine import projection as pj
from planner.engine.exchange import factors
from planner.engine.headcount import training_lead_months
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
    close(
        m.total_assets,
        m.closing_cash + m.receivables + m.net_fixed_assets + m.deposits + m.prepaid,
    )
    close(
        m.total_liabilities_and_equity,
        m.loans_outstanding
        + m.credit_line_balance
        + m.tax_payable
        + m.accrued_pay
        + m.paid_in_capital
        + m.retained_earnings,
    )
    close(m.total_assets, m.total_liabilities_and_equity)
    # cash
    close(m.closing_cash, m.opening_cash + m.net_cash_flow)
    close(m.opening_cash.iloc[1:].to_numpy(), m.closing_cash.iloc[:-1].to_numpy())
    assert m.opening_cash.iloc[0] == result.plan.financing.opening_cash
    close(
        m.operating_cash_flow,
        m.cash_from_clients
        + m.interest_received
        - m.cash_paid_operations
        - m.prepaid_paid
        - m.tax_paid,
    )
    close(m.interest_received, m.interest_income)
    # cash paid for operations: in _assert_pay_calendar (bonuses are paid in their months)
    close(
        m.net_cash_flow,
        m.operating_cash_flow
        - m.capex
        - m.deposits_paid
        + m.loan_drawdowns
        - m.loan_repayments
        + m.credit_line_draws
        - m.credit_line_repayments
        + m.equity_injections,
    )
    # profit and loss
    close(m.gross_profit, m.revenue - m.direct_labour)
    close(
        m.operating_expenses,
        m.indirect_labour
        + m.recruiting_training
        + m.resources_opex
        + m.paperwork
        + m.marketing
        + m.bad_debts
        + m.revenue_tax
        + m.payments_tax,
    )
    # receivables rise by what is invoiced, less what is written off and what is collected
    receivables_before = np.concatenate(([0.0], m.receivables.to_numpy()[:-1]))
    close(m.receivables - receivables_before, m.revenue - m.bad_debts - m.cash_from_clients)
    rules = result.plan.financing.tax
    close(m.revenue_tax, rules.revenue_tax_rate * m.revenue)
    # the payments tax counts pay as it is expensed (bonuses when earned), not when paid, and loan
    # interest (not the credit line's, which is worked out month by month after it)
    paid_out = (
        m.direct_labour + m.operating_expenses - m.bad_debts + m.interest - m.credit_line_interest
        - m.payments_tax
        + m.capex + np.maximum(m.deposits_paid, 0) + m.loan_repayments
    )  # fmt: skip
    close(m.payments_tax, rules.payments_tax_rate * paid_out)
    close(m.ebitda, m.gross_profit - m.operating_expenses)
    close(m.ebit, m.ebitda - m.depreciation)
    close(m.profit_before_tax, m.ebit - m.interest + m.interest_income)
    close(m.net_income, m.profit_before_tax - m.tax)
    close(m.total_costs, m.direct_labour + m.operating_expenses + m.depreciation + m.interest)
    close(m.revenue + m.interest_income - m.total_costs, m.profit_before_tax)
    owed = np.cumsum(m.credit_line_draws - m.credit_line_repayments)
    close(m.credit_line_balance, owed)
    # the detail tables add up to the statements
    by_month = result.revenue.groupby("month_no")["revenue"].sum()
    close(by_month.reindex(m.month_no, fill_value=0.0), m.revenue)
    pay = result.payroll
    direct = pay[pay.direct].groupby("month_no")["total_cost"].sum()
    close(direct.reindex(m.month_no, fill_value=0.0), m.direct_labour)
    close(pay.total_cost, pay.wage_cost + pay.night_premium + pay.bonus_accrual + pay.burden_cost)
    _assert_pay_calendar(result, close)
    res = result.resources.groupby("month_no")[
        ["capex", "depreciation", "opex", "deposit", "advance_rent"]
    ].sum()
    held = (res.deposit + res.advance_rent).reindex(m.month_no, fill_value=0.0)
    close(held, m.deposits)
    close(m.deposits_paid, m.deposits - np.concatenate(([0.0], m.deposits.to_numpy()[:-1])))
    assert (m.deposits >= -1e-9).all()
    # paperwork: fees expensed add up to the P&L line; prepaid held = paid - expensed to date;
    # its rise is the cash line "yearly fees paid ahead"
    fees = result.paperwork.groupby("month_no")[["fee", "fee_paid", "prepaid"]].sum()
    fees = fees.reindex(m.month_no, fill_value=0.0)
    close(fees.fee, m.paperwork)
    close(fees.prepaid, m.prepaid)
    close(fees.prepaid, (fees.fee_paid - fees.fee).cumsum())
    close(m.prepaid_paid, m.prepaid - np.concatenate(([0.0], m.prepaid.to_numpy()[:-1])))
    assert (m.prepaid >= -1e-9).all()
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
    # hired ahead (growth and replacements): where a role's requirement never falls, productive
    # people cover it in every month after the hiring lead (those joined earlier are fully
    # productive, and those who left were replaced in time)
    staffing = result.plan.staffing
    lead = training_lead_months(staffing.training_weeks, len(staffing.ramp_up))
    for _, rows in st.groupby("role", sort=False):
        need = rows.required.to_numpy()
        if (np.diff(need) >= -1e-9).all():
            got = rows.productive.to_numpy()
            assert (got[lead:] + 1e-6 >= need[lead:]).all(), (rows.role.iloc[0], lead)
    # signs (a month's income tax may be negative: a loss month trues up the year's tax)
    for col in (
        "revenue",
        "direct_labour",
        "depreciation",
        "interest",
        "capex",
        "receivables",
        "bad_debts",
        "cash_from_clients",
        "interest_income",
        "credit_line_interest",
        "credit_line_draws",
        "credit_line_repayments",
    ):
        assert (m[col] >= -1e-9).all(), col
    assert (m.net_fixed_assets >= -1e-6).all()
    assert (m.loans_outstanding >= -1e-6).all()
    assert (m.credit_line_balance >= -1e-6).all()
    assert (st.hires >= -1e-9).all() and (st.leavers >= -1e-9).all()
    assert (st.in_training <= st.headcount + 1e-9).all()
    # paid person-months: at most the headcount; productive = paid - training - ramping >= 0
    pay = result.payroll
    assert (pay.paid <= pay.headcount + 1e-9).all() and (pay.paid >= -1e-9).all()
    assert (st.ramping >= -1e-9).all() and (st.productive >= -1e-9).all()
    close(st.productive, pay.paid - st.in_training - st.ramping, 1e-6)
    _assert_detail_identities(result, close)


def _assert_pay_calendar(result: Projection, close: Any) -> None:
    """Bonuses: what is owed rolls forward (+ accrued - paid), adds up to accrued_pay, and the
    accruals add up to the payroll's; cash paid for operations = pay expensed - the rise owed."""
    m, cal, pay = result.monthly, result.pay_calendar, result.payroll
    assert tuple(cal.columns) == pj.PAY_CALENDAR_COLUMNS
    assert len(cal) == result.plan.months * len(result.plan.staffing.bonuses)
    for _, rows in cal.groupby(cal.groupby("month_no").cumcount()):
        before = np.concatenate(([0.0], rows.owed.to_numpy()[:-1]))
        close(rows.owed.to_numpy(), before + rows.accrued.to_numpy() - rows.paid.to_numpy())
    owed = cal.groupby("month_no")["owed"].sum().reindex(m.month_no, fill_value=0.0)
    close(owed, m.accrued_pay)
    accrued = cal.groupby("month_no")["accrued"].sum().reindex(m.month_no, fill_value=0.0)
    by_role = pay.groupby("month_no")["bonus_accrual"].sum()
    close(accrued, by_role.reindex(m.month_no, fill_value=0.0))
    rise = m.accrued_pay - np.concatenate(([0.0], m.accrued_pay.to_numpy()[:-1]))
    close(
        m.cash_paid_operations,
        m.direct_labour + m.operating_expenses - m.bad_debts + m.interest - rise,
    )
    assert (m.accrued_pay >= -1e-9).all() and (pay.night_premium >= -1e-9).all()


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
    loan_interest = m.interest - m.credit_line_interest  # interest is loans' + the credit line's
    close(flows["interest"].reindex(m.month_no, fill_value=0.0), loan_interest)
    for column, total in (
        ("drawdown", "loan_drawdowns"),
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
    close(pay.wage_cost, pay.paid * pay.wage_per_person)
    # tax: within each plan year the tax to date is the year's rate x the taxable base to date
    # (or the minimum tax, when one is set); what is owed = accrued to date - paid to date
    taxable = m.taxable_profit_to_date.to_numpy()
    assert (taxable >= -1e-9).all()
    year = (m.month_no.to_numpy() - 1) // 12 + 1
    tax_to_date = m.tax.groupby(year).cumsum().to_numpy()
    rules = plan.financing.tax
    if rules.minimum_rate == 0 and rules.minimum_amount == 0:
        schedule = plan.financing.tax_schedule()
        rate = np.array([[p.rate for p in schedule if p.from_year <= y][-1] for y in year])
        close(tax_to_date, rate * taxable)
    close(m.tax_payable, m.tax.cumsum() - m.tax_paid.cumsum())
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
    # queues and outbound dialling: the busiest interval holds a share of the typical week's
    # contacts or dials (volume x 12 / 52), none without them; other work has no interval
    wl = result.workload
    queue = np.array(
        [plan.service_line(s).workload.type in ("queue", "outbound") for s in wl.service_line],
        dtype=bool,
    )
    week = wl.volume.to_numpy() * 12 / 52
    peak = wl.peak_contacts.to_numpy()
    assert (peak >= 0).all() and (peak <= week * (1 + 1e-9) + 1e-9).all()
    assert (peak[~queue] == 0).all()
    assert ((peak > 0) == ((wl.peak_agents.to_numpy() > 0) & queue)).all()
