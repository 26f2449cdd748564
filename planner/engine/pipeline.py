"""The engine: a plan in, a `planner.engine.projection.Projection` out. Pure: no I/O, no Streamlit.

Order of work (each step in its own module, formulas in their docstrings):
1. `planner.engine.revenue`: marketing funnel (spend, leads, whole clients won), every contract's
volume,
   activity and unit price by month; pooled volume per service line.
2. `planner.engine.headcount`: FTE per service line (`planner.engine.workload`), required people
per role, hiring
   ahead of need, attrition and replacements, trainees, seats; payroll.
3. `planner.engine.revenue`: billed units and revenue per client; cash collected after payment days.
4. `planner.engine.costs`: resources (capex, depreciation, opex) and paperwork fees.
5. `planner.engine.finance`: loans and tax; then the three statements below; `planner.engine.kpis`.

Cash conventions: every cost is paid in the month it is incurred (no payables) except capex, which
is paid the month of purchase and expensed through depreciation; `cash_paid_operations` = all costs
in the P&L except depreciation (interest included; loan principal is in `loan_repayments`);
recruiting is paid `hiring_lead_months` before the hire month (clamped to month 1), including the
hires of the `hiring_lead_months` months after the horizon (replacements for attrition at the last
month's headcount).
`clients` counts active contracts, pipeline clients by their probability (an expected number).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import numpy.typing as npt
import pandas as pd

from planner.engine import projection as pj
from planner.engine.costs import paperwork_fees, resource_costs
from planner.engine.finance import loan_flows, tax_due
from planner.engine.headcount import line_workload, staff_plan, wage_cost
from planner.engine.kpis import compute_kpis
from planner.engine.months import FloatArray, KeyColumn, long_frame, month_labels
from planner.engine.revenue import (
    billed_units,
    client_book,
    collections,
    line_volumes,
    marketing_funnel,
    unpaid_invoices,
)
from planner.model.plan import Plan


def project(plan: Plan) -> pj.Projection:
    """Compute every table and the KPIs of `plan` over its horizon."""
    months = plan.months
    month_no = np.arange(1, months + 1)
    labels = month_labels(plan.settings.first_month, months)
    staffing = plan.staffing

    def frame(
        keys: Mapping[str, KeyColumn],
        values: Mapping[str, npt.ArrayLike],
        columns: tuple[str, ...],
    ) -> pd.DataFrame:
        return long_frame(month_no, labels, keys, values, columns)

    # 1. demand
    funnel = marketing_funnel(plan.marketing, months)
    book = client_book(plan, funnel.clients_won.sum(axis=0))
    volume = line_volumes(plan, book)

    # 2. people
    load = line_workload(plan, volume)
    people = staff_plan(plan, load)
    roles = people.roles
    direct = np.array([r.is_direct for r in roles], dtype=bool)
    wages = wage_cost(staffing, people.headcount)
    burden = wages * staffing.burden
    pay = wages + burden
    headcount_total = people.headcount.sum(axis=0)

    # 3. revenue and collections
    units = billed_units(plan, book, volume, load.fte)
    revenue_by_client = units * book.unit_price
    revenue = revenue_by_client.sum(axis=0)
    payment_days = [c.payment_days for c in book.contracts]
    collected = collections(revenue_by_client, payment_days)

    # 4. other costs
    res = resource_costs(plan.resources, people.seats, headcount_total)
    fees = paperwork_fees(plan.paperwork, months)
    lead = staffing.hiring_lead_months
    # Hires in months 1..horizon, then `lead` months past it: there the requirement stays at the
    # last month's (as when hiring ahead), so the hires are the replacements for attrition.
    after = headcount_total[-1] * staffing.yearly_attrition / 12.0
    hires_total = np.concatenate((people.hires.sum(axis=0), np.full(lead, after)))
    recruiting_at_hire = hires_total * staffing.recruiting_cost_per_hire
    recruiting = recruiting_at_hire[lead:].copy()  # paid `lead` months before the hire month
    recruiting[0] += recruiting_at_hire[:lead].sum()  # hires early in the plan: paid in month 1

    # 5. statements
    loans = loan_flows(plan.financing, months)
    direct_labour = pay[direct].sum(axis=0)
    indirect_labour = pay[~direct].sum(axis=0)
    resources_opex = res.opex.sum(axis=0)
    paperwork = fees.sum(axis=0)
    marketing = funnel.spend.sum(axis=0)
    depreciation = res.depreciation.sum(axis=0)
    gross_profit = revenue - direct_labour
    operating_expenses = indirect_labour + recruiting + resources_opex + paperwork + marketing
    ebitda = gross_profit - operating_expenses
    ebit = ebitda - depreciation
    profit_before_tax = ebit - loans.interest
    tax = tax_due(profit_before_tax, plan.financing.tax_rate)
    net_income = profit_before_tax - tax
    total_costs = direct_labour + operating_expenses + depreciation + loans.interest

    cash_paid_operations = direct_labour + operating_expenses + loans.interest
    operating_cash_flow = collected - cash_paid_operations - tax
    capex = res.capex.sum(axis=0)
    equity = np.zeros(months)
    for injection in plan.financing.equity:
        if injection.month <= months:  # an injection after the horizon is outside the plan
            equity[injection.month - 1] += injection.amount
    net_cash_flow = operating_cash_flow - capex + loans.drawdowns - loans.repayments + equity
    opening = plan.financing.opening_cash
    closing_cash = opening + np.cumsum(net_cash_flow)
    opening_cash = np.concatenate(([opening], closing_cash[:-1]))
    receivables = unpaid_invoices(revenue_by_client, payment_days)
    net_fixed_assets = np.cumsum(capex) - np.cumsum(depreciation)
    total_assets = closing_cash + receivables + net_fixed_assets
    paid_in_capital = opening + np.cumsum(equity)
    retained_earnings = np.cumsum(net_income)
    total_le = loans.outstanding + paid_in_capital + retained_earnings

    monthly = pd.DataFrame(
        {
            "month_no": month_no,
            "month": pd.array(labels, dtype="str"),
            "revenue": revenue,
            "direct_labour": direct_labour,
            "gross_profit": gross_profit,
            "indirect_labour": indirect_labour,
            "recruiting_training": recruiting,
            "resources_opex": resources_opex,
            "paperwork": paperwork,
            "marketing": marketing,
            "operating_expenses": operating_expenses,
            "ebitda": ebitda,
            "depreciation": depreciation,
            "ebit": ebit,
            "interest": loans.interest,
            "profit_before_tax": profit_before_tax,
            "tax": tax,
            "net_income": net_income,
            "total_costs": total_costs,
            "opening_cash": opening_cash,
            "cash_from_clients": collected,
            "cash_paid_operations": cash_paid_operations,
            "tax_paid": tax,
            "operating_cash_flow": operating_cash_flow,
            "capex": capex,
            "loan_drawdowns": loans.drawdowns,
            "loan_repayments": loans.repayments,
            "equity_injections": equity,
            "net_cash_flow": net_cash_flow,
            "closing_cash": closing_cash,
            "receivables": receivables,
            "net_fixed_assets": net_fixed_assets,
            "total_assets": total_assets,
            "loans_outstanding": loans.outstanding,
            "paid_in_capital": paid_in_capital,
            "retained_earnings": retained_earnings,
            "total_liabilities_and_equity": total_le,
            "headcount": headcount_total,
            "seats": people.seats.astype(np.int64),
            "clients": book.active.sum(axis=0),
        },
        columns=list(pj.MONTHLY_COLUMNS),
    )

    lines = list(plan.specialty.service_lines)
    line_ids = [line.id for line in lines]
    workload = frame(
        {"service_line": line_ids},
        {
            "volume": _rows([load.volume[i] for i in line_ids], months),
            "fte": _rows([load.fte[i] for i in line_ids], months),
            "peak_agents": _rows([load.peak_agents[i] for i in line_ids], months),
            "service_level": _rows([load.service_level[i] for i in line_ids], months),
        },
        pj.WORKLOAD_COLUMNS,
    )
    role_keys: dict[str, KeyColumn] = {"role": [r.name for r in roles], "direct": direct}
    staffing_frame = frame(
        role_keys,
        {
            "required": people.required,
            "headcount": people.headcount,
            "hires": people.hires,
            "leavers": people.leavers,
            "in_training": people.in_training,
        },
        pj.STAFFING_COLUMNS,
    )
    payroll = frame(
        role_keys,
        {
            "headcount": people.headcount,
            "wage_cost": wages,
            "burden_cost": burden,
            "total_cost": pay,
        },
        pj.PAYROLL_COLUMNS,
    )
    items = plan.resources.items
    resources = frame(
        {
            "item": [i.name for i in items],
            "category": [i.category for i in items],
            "ownership": [i.ownership for i in items],
        },
        {
            "units": res.units,
            "capex": res.capex,
            "depreciation": res.depreciation,
            "opex": res.opex,
        },
        pj.RESOURCES_COLUMNS,
    )
    papers = plan.paperwork.items
    paperwork_frame = frame(
        {"item": [p.name for p in papers], "category": [p.category for p in papers]},
        {"fee": fees},
        pj.PAPERWORK_COLUMNS,
    )
    marketing_frame = frame(
        {"channel": [c.name for c in plan.marketing.channels]},
        {"spend": funnel.spend, "leads": funnel.leads, "clients_won": funnel.clients_won},
        pj.MARKETING_COLUMNS,
    )
    revenue_frame = frame(
        {
            "client": book.names,
            "service_line": [c.service_line for c in book.contracts],
            "pricing_model": [c.pricing_model for c in book.contracts],
        },
        {
            "volume": book.volume,
            "billed_units": units,
            "unit_price": book.unit_price,
            "revenue": revenue_by_client,
        },
        pj.REVENUE_COLUMNS,
    )

    productive = (
        (people.headcount[direct] - people.in_training[direct]).sum()
        * staffing.paid_hours_per_month
        * (1.0 - staffing.shrinkage)
    )
    kpis = compute_kpis(
        monthly, minimum_cash=plan.financing.minimum_cash, productive_hours=float(productive)
    )
    return pj.Projection(
        plan=plan,
        monthly=monthly,
        workload=workload,
        staffing=staffing_frame,
        payroll=payroll,
        resources=resources,
        paperwork=paperwork_frame,
        marketing=marketing_frame,
        revenue=revenue_frame,
        kpis=kpis,
    )


def _rows(series: list[FloatArray], months: int) -> FloatArray:
    """Per-line arrays over months stacked into shape (lines, months); (0, months) for none."""
    return np.array(series) if series else np.zeros((0, months))
