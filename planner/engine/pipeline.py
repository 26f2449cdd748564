"""The engine: a plan in, a `planner.engine.projection.Projection` out. Pure: no I/O, no Streamlit.

Order of work (each step in its own module, formulas in their docstrings):
1. `planner.engine.revenue`: marketing funnel (spend, leads, whole clients won), every contract's
   volume, activity and unit price by month; pooled volume per service line.
2. `planner.engine.headcount`: FTE per service line (`planner.engine.workload`), required people
   per role, hiring ahead of need, attrition and replacements, trainees, seats; payroll.
3. `planner.engine.revenue`: billed units and revenue per client; cash collected after payment days;
   `planner.engine.accounts`: each client service's direct cost (profit by client and line).
4. `planner.engine.costs`: resources (capex, depreciation, opex) and paperwork fees.
   Wages, resources and fees are computed in each cost's own currency and converted to the
   reporting currency month by month (`planner.engine.exchange`).
5. `planner.engine.finance`: the loan schedules and tax; recruiting cost
   (`planner.engine.headcount.recruiting_cost`); then `planner.engine.statements`: the P&L, cash
   flow and balance sheet (their formulas and cash conventions there); `planner.engine.kpis`.

This module only orders the stages and lays their results out as the Projection's tables.
`clients` counts active clients (a client buying several services once), pipeline clients by their
probability (an expected number).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace

import numpy as np
import numpy.typing as npt
import pandas as pd

from planner.data.profiles import ArrivalProfile, grid_profile, load_profile
from planner.engine import projection as pj
from planner.engine.accounts import client_direct_cost, line_direct_cost
from planner.engine.costs import PaperworkFees, ResourceCosts, paperwork_fees, resource_costs
from planner.engine.exchange import convert_fees, convert_resources, factors
from planner.engine.finance import LoanFlows, LoanSchedule, loan_flows, loan_schedule
from planner.engine.headcount import (
    LineWorkload,
    StaffPlan,
    burden_rates,
    line_workload,
    recruiting_cost,
    staff_plan,
    wage_rates,
)
from planner.engine.kpis import compute_kpis
from planner.engine.lender import lender_figures
from planner.engine.months import KeyColumn, long_frame, month_labels
from planner.engine.paycalendar import (
    BonusSchedule,
    bonus_schedule,
    calendar_months,
    night_premium_cost,
)
from planner.engine.revenue import (
    ClientBook,
    MarketingFunnel,
    billed_revenue,
    billed_units,
    client_book,
    line_volumes,
    marketing_funnel,
)
from planner.engine.statements import StatementInputs, monthly_statements
from planner.engine.tax import TAX_YEAR_TO_DATE, income_tax, year_to_date
from planner.model.plan import ARRIVAL_WORKLOADS, Loan, Plan
from planner.rounding import FloatArray


@dataclass(frozen=True)
class _Stages:
    """What each stage computed, arrays of shape (entities, months) unless said otherwise."""

    funnel: MarketingFunnel
    book: ClientBook
    load: LineWorkload
    people: StaffPlan
    wages: FloatArray
    """Wage cost per role (headcount x wage per person)."""
    wage_per_person: FloatArray
    night: FloatArray
    """Night premium per role (`planner.engine.paycalendar`)."""
    bonuses: BonusSchedule
    pay: FloatArray
    """Pay per role: wages + night premium + bonus accrual + burden (`_pay`)."""
    units: FloatArray
    """Billed units per client."""
    revenue_by_client: FloatArray
    direct_cost: FloatArray
    """Workload staff pay per client service (`planner.engine.accounts`)."""
    res: ResourceCosts
    fees: PaperworkFees
    schedules: list[LoanSchedule]
    loans: LoanFlows


def project(plan: Plan, profiles: Mapping[str, ArrivalProfile] | None = None) -> pj.Projection:
    """Compute every table and the KPIs of `plan` over its horizon.

    `profiles`: the arrival profile of each queue line by line id; by default read here, once,
    from the reference data (`planner.data.profiles`): the stages themselves read no files.
    """
    if profiles is None:
        profiles = arrival_profiles(plan)
    stages = _run_stages(plan, profiles)
    monthly = _monthly(plan, stages)
    people, staffing = stages.people, plan.staffing
    direct = np.array([r.is_direct for r in people.roles], dtype=bool)
    productive = (
        people.productive[direct].sum() * staffing.paid_hours_per_month * (1.0 - staffing.shrinkage)
    )
    kpis = compute_kpis(
        monthly, minimum_cash=plan.financing.minimum_cash, productive_hours=float(productive)
    )
    lender = lender_figures(monthly, plan.financing)
    kpis = replace(kpis, **{f.name: getattr(lender, f.name) for f in fields(lender)})
    frame = _Framer(plan)
    return pj.Projection(
        plan=plan,
        monthly=monthly,
        **_people_tables(plan, stages, frame),
        **_cost_and_revenue_tables(plan, stages, frame),
        kpis=kpis,
        contract_sources=tuple(stages.book.sources),
        tax=_tax_table(plan, monthly),
    )


def _tax_table(plan: Plan, monthly: pd.DataFrame) -> pd.DataFrame:
    """The tax block (`planner.engine.projection.TAX_COLUMNS`) from the monthly P&L lines."""
    lines = {k: monthly[k].to_numpy(dtype=float) for k in TAX_YEAR_TO_DATE}
    t = income_tax(plan.financing, *lines.values())
    return pd.DataFrame(
        {
            "month_no": monthly["month_no"],
            "month": monthly["month"],
            "rate": t.rate,
            **{f"{k}_to_date": year_to_date(v) for k, v in lines.items()},
            "loss_made": t.loss_made,
            "losses_used": t.losses_used,
            "loss_offset_to_date": t.loss_offset_to_date,
            "taxable_to_date": t.taxable_to_date,
            "tax_to_date": t.tax_to_date,
        },
        columns=list(pj.TAX_COLUMNS),
    )


def arrival_profiles(plan: Plan) -> dict[str, ArrivalProfile]:
    """The arrival profile of every queue and outbound line of `plan`, by line id, at the line's
    interval:
    the line's own weekly grid when it has one (`QueueWorkload.pattern`), else its preset."""
    out: dict[str, ArrivalProfile] = {}
    for line in plan.specialty.service_lines:
        work = line.workload
        if not isinstance(work, ARRIVAL_WORKLOADS):
            continue
        if work.pattern is None:
            out[line.id] = load_profile(work.profile, work.interval_minutes)
        else:
            grid = work.pattern
            out[line.id] = grid_profile(
                line.id, grid.weights(), grid.opening(), work.interval_minutes
            )
    return out


def _run_stages(plan: Plan, profiles: Mapping[str, ArrivalProfile]) -> _Stages:
    """Steps 1 to 4 and the loans of step 5 (module docstring)."""
    months = plan.months
    funnel = marketing_funnel(plan.marketing, months)
    book = client_book(plan, funnel.clients_won.sum(axis=0))
    volume = line_volumes(plan, book)
    load = line_workload(plan, volume, profiles)
    people = staff_plan(plan, load)
    fx = _cost_factors(plan)
    wage_per_person = wage_rates(plan.staffing, months) * fx["roles"]
    units = billed_units(plan, book, volume, load.fte, peak_agents=load.peak_agents)
    schedules = [loan_schedule(loan, months) for loan in plan.financing.loans]
    wages = people.paid * wage_per_person
    night = night_premium_cost(plan.staffing, wages)
    calendar = calendar_months(plan.settings.first_month, months)
    bonuses = bonus_schedule(plan.staffing.bonuses, people.roles, wages, calendar)
    pay = _pay(plan, wages, night, bonuses)
    line_cost = line_direct_cost(plan, people.roles, pay, load.fte)
    remote = np.array([r.work_pattern == "remote" for r in people.roles], dtype=bool)
    return _Stages(
        funnel=funnel,
        book=book,
        load=load,
        people=people,
        wages=wages,
        wage_per_person=wage_per_person,
        night=night,
        bonuses=bonuses,
        pay=pay,
        units=units,
        revenue_by_client=billed_revenue(units, book),
        direct_cost=client_direct_cost(book, line_cost),
        res=convert_resources(
            resource_costs(
                plan.resources,
                people.seats,
                people.headcount,
                [r.name for r in people.roles],
                on_site=people.headcount[~remote].sum(axis=0),
            ),
            plan.resources.items,
            fx["items"],
        ),
        fees=convert_fees(
            paperwork_fees(plan.paperwork, months), plan.paperwork.items, fx["papers"]
        ),
        schedules=schedules,
        loans=loan_flows(schedules, months),
    )


def _burden(plan: Plan, wages: FloatArray, night: FloatArray, bonuses: BonusSchedule) -> FloatArray:
    """Employer burden per role: burden x (wages + night premium + the bonuses charged with it);
    burden is 0 for contractors (`planner.engine.headcount.burden_rates`)."""
    rates = burden_rates(plan.staffing)
    burden: FloatArray = rates * (wages + night + bonuses.with_burden)
    return burden


def _pay(plan: Plan, wages: FloatArray, night: FloatArray, bonuses: BonusSchedule) -> FloatArray:
    """Pay per role and month: wages + night premium + bonus accrual + burden."""
    pay: FloatArray = wages + night + bonuses.by_role + _burden(plan, wages, night, bonuses)
    return pay


def _cost_factors(plan: Plan) -> dict[str, FloatArray]:
    """Reporting units per unit of each cost's own currency, by month (`planner.engine.exchange`):
    roles, resource items and paperwork items, each shape (entities, months)."""
    settings, months = plan.settings, plan.months
    return {
        "roles": factors(settings, [r.location for r in plan.staffing.roles], months),
        "items": factors(settings, [i.location for i in plan.resources.items], months),
        "papers": factors(settings, [p.location for p in plan.paperwork.items], months),
    }


def _monthly(plan: Plan, stages: _Stages) -> pd.DataFrame:
    """The monthly table (`planner.engine.projection.MONTHLY_COLUMNS`)."""
    direct = np.array([r.is_direct for r in stages.people.roles], dtype=bool)
    inputs = StatementInputs(
        revenue_by_client=stages.revenue_by_client,
        collection_lag=stages.book.collection_lag,
        bad_debt_rate=stages.book.bad_debt_rate,
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
    # the statements in their one order, interest on cash and the credit line month by month
    p, c = monthly_statements(inputs, plan.financing, plan.settings.first_month)
    labels = month_labels(plan.settings.first_month, plan.months)
    return pd.DataFrame(
        {
            "month_no": np.arange(1, plan.months + 1),
            "month": pd.array(labels, dtype="str"),
            **p,
            **c,
            "headcount": stages.people.headcount.sum(axis=0),
            "seats": stages.people.seats.astype(np.int64),
            "clients": stages.book.clients(),
        },
        columns=list(pj.MONTHLY_COLUMNS),
    )


class _Framer:
    """Builds the tidy per-entity tables over the plan's months (`months.long_frame`)."""

    def __init__(self, plan: Plan) -> None:
        self.month_no = np.arange(1, plan.months + 1)
        self.labels = month_labels(plan.settings.first_month, plan.months)

    def __call__(
        self,
        keys: Mapping[str, KeyColumn],
        values: Mapping[str, npt.ArrayLike],
        columns: tuple[str, ...],
    ) -> pd.DataFrame:
        return long_frame(self.month_no, self.labels, keys, values, columns)


def _people_tables(plan: Plan, stages: _Stages, frame: _Framer) -> dict[str, pd.DataFrame]:
    """The workload, staffing and payroll tables."""
    months = plan.months
    load, people = stages.load, stages.people
    line_ids = [line.id for line in plan.specialty.service_lines]
    workload = frame(
        {"service_line": line_ids},
        {
            "volume": _rows([load.volume[i] for i in line_ids], months),
            "fte": _rows([load.fte[i] for i in line_ids], months),
            "peak_agents": _rows([load.peak_agents[i] for i in line_ids], months),
            "peak_contacts": _rows([load.peak_contacts[i] for i in line_ids], months),
            "service_level": _rows([load.service_level[i] for i in line_ids], months),
        },
        pj.WORKLOAD_COLUMNS,
    )
    direct = np.array([r.is_direct for r in people.roles], dtype=bool)
    role_keys: dict[str, KeyColumn] = {"role": [r.name for r in people.roles], "direct": direct}
    staffing = frame(
        role_keys,
        {
            "required": people.required,
            "headcount": people.headcount,
            "hires": people.hires,
            "leavers": people.leavers,
            "in_training": people.in_training,
            "ramping": people.ramping,
            "productive": people.productive,
        },
        pj.STAFFING_COLUMNS,
    )
    burden = _burden(plan, stages.wages, stages.night, stages.bonuses)
    payroll = frame(
        role_keys,
        {
            "headcount": people.headcount,
            "paid": people.paid,
            "wage_per_person": np.broadcast_to(stages.wage_per_person, people.headcount.shape),
            "wage_cost": stages.wages,
            "night_premium": stages.night,
            "bonus_accrual": stages.bonuses.by_role,
            "burden_cost": burden,
            "total_cost": stages.pay,
        },
        pj.PAYROLL_COLUMNS,
    )
    bonuses = stages.bonuses
    pay_calendar = frame(
        {"bonus": [b.name for b in plan.staffing.bonuses]},
        {"accrued": bonuses.accrued, "paid": bonuses.paid, "owed": bonuses.owed},
        pj.PAY_CALENDAR_COLUMNS,
    )
    return {
        "workload": workload,
        "staffing": staffing,
        "payroll": payroll,
        "pay_calendar": pay_calendar,
    }


def _cost_and_revenue_tables(
    plan: Plan, stages: _Stages, frame: _Framer
) -> dict[str, pd.DataFrame]:
    """The resources, paperwork, marketing, revenue and loans tables."""
    months = plan.months
    items, res = plan.resources.items, stages.res
    papers, book, funnel = plan.paperwork.items, stages.book, stages.funnel
    loans = plan.financing.loans
    schedules = stages.schedules
    return {
        "resources": frame(
            {
                "item": [i.name for i in items],
                "category": [i.category for i in items],
                "ownership": [i.ownership for i in items],
            },
            {
                "basis_count": res.basis_count,
                "units": res.units,
                "bought": res.bought,
                "retired": res.retired,
                "capex": res.capex,
                "depreciation": res.depreciation,
                "opex": res.opex,
                "deposit": res.deposit,
                "advance_rent_paid": res.advance_rent_paid,
                "advance_rent": res.advance_rent,
            },
            pj.RESOURCES_COLUMNS,
        ),
        "paperwork": frame(
            {"item": [p.name for p in papers], "category": [p.category for p in papers]},
            {
                "fee": stages.fees.expense,
                "fee_paid": stages.fees.paid,
                "prepaid": stages.fees.prepaid,
            },
            pj.PAPERWORK_COLUMNS,
        ),
        "marketing": frame(
            {"channel": [c.name for c in plan.marketing.channels]},
            {
                "spend": funnel.spend,
                "leads": funnel.leads,
                "expected_wins": funnel.expected_wins,
                "clients_won": funnel.clients_won,
            },
            pj.MARKETING_COLUMNS,
        ),
        "revenue": frame(
            {
                "client": book.names,
                "service_line": [s.service_line for s in book.services],
                "pricing_model": [s.pricing_model for s in book.services],
            },
            {
                "payment_days": _rows(
                    [np.full(months, float(d)) for d in book.payment_days], months
                ),
                "collection_lag": _rows(
                    [np.full(months, float(lag)) for lag in book.collection_lag], months
                ),
                "contract_month": book.contract_month,
                "contracts": book.active,
                "volume": book.volume,
                "billed_units": stages.units,
                "unit_price": book.unit_price,
                "revenue": stages.revenue_by_client,
                "bad_debts": stages.revenue_by_client
                * np.asarray(book.bad_debt_rate, dtype=float).reshape(-1, 1),
                "base_fee": book.base_fee,
            },
            pj.REVENUE_COLUMNS,
        ),
        "accounts": frame(
            {"client": book.names, "service_line": [s.service_line for s in book.services]},
            {
                "revenue": stages.revenue_by_client,
                "direct_cost": stages.direct_cost,
                "contribution": stages.revenue_by_client - stages.direct_cost,
            },
            pj.ACCOUNTS_COLUMNS,
        ),
        "loans": frame(
            {"loan": [loan.name for loan in loans]},
            {
                "yearly_rate": _rows([_loan_rates(loan, months) for loan in loans], months),
                "opening_balance": _rows([s.opening for s in schedules], months),
                "drawdown": _rows([s.drawdown for s in schedules], months),
                "payment": _rows([s.payment for s in schedules], months),
                "interest": _rows([s.interest for s in schedules], months),
                "principal": _rows([s.principal for s in schedules], months),
                "closing_balance": _rows([s.closing for s in schedules], months),
            },
            pj.LOANS_COLUMNS,
        ),
    }


def _loan_rates(loan: Loan, months: int) -> FloatArray:
    """The loan's yearly rate in each month's plan year (`Loan.rate_in_year`)."""
    return np.array([loan.rate_in_year((m - 1) // 12 + 1) for m in range(1, months + 1)])


def _rows(series: list[FloatArray], months: int) -> FloatArray:
    """Per-entity arrays over months stacked into shape (entities, months); (0, months) for none."""
    return np.array(series) if series else np.zeros((0, months))
