"""Many runs of one plan at once: the risk runs' draws and what each run gives.

A run is the plan with each driver drawn (`planner.model.drivers.apply_drivers`) and each
prospect signed or not. `Draws` holds the draws of R runs; `Draws.plan_for` writes the plan of
one run, a plain plan whose deterministic projection is that run's figures. `project_loop` is the
reference: `planner.engine.pipeline.project` on each run's plan in turn. `project_batch` gives
the same outcomes computing all runs together: the engine's own stage functions with a leading
run axis (arrays (runs, entities, months)), each driver entering as a per-run figure built by
`apply_drivers`'s rules (`_run_figures`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields

import numpy as np
import numpy.typing as npt

from planner.data.profiles import ArrivalProfile
from planner.engine.costs import PaperworkFees, ResourceCosts, paperwork_fees, resource_costs
from planner.engine.exchange import convert_fees, convert_resources
from planner.engine.finance import LoanFlows, loan_flows, loan_schedule
from planner.engine.headcount import (
    StaffPlan,
    line_workload_runs,
    recruiting_cost,
    staff_plan,
    wage_rates,
)
from planner.engine.kpis import batch_headlines, break_even_index
from planner.engine.paycalendar import (
    BonusSchedule,
    bonus_schedule,
    calendar_months,
    night_premium_cost,
)
from planner.engine.pipeline import _cost_factors, _pay, arrival_profiles, project
from planner.engine.projection import Projection
from planner.engine.revenue import (
    ClientBook,
    RunTerms,
    billed_revenue,
    billed_units,
    line_volumes,
    marketing_funnel,
    run_book,
)
from planner.engine.statements import StatementInputs, monthly_statements
from planner.model.drivers import (
    DRIVER_NAMES,
    MAX_ATTRITION,
    MONTHS,
    NEUTRAL,
    apply_drivers,
    prospect_indices,
)
from planner.model.plan import ItemsWorkload, OutboundWorkload, Plan, QueueWorkload
from planner.rounding import FloatArray

BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Draws:
    """The drawn drivers of R runs.

    values: driver name -> (R,) values (multipliers; start_delay_months whole months as floats);
    drivers not given stay as planned. signed: (R, P) one flag per run and prospect
    (`planner.model.drivers.prospect_indices` order).
    """

    values: dict[str, FloatArray]
    signed: BoolArray

    def __post_init__(self) -> None:
        unknown = set(self.values) - set(DRIVER_NAMES)
        if unknown:
            raise ValueError(f"unknown drivers: {', '.join(sorted(unknown))}")
        sizes = {v.shape for v in self.values.values()} | {(self.signed.shape[0],)}
        if len(sizes) != 1:
            raise ValueError("every driver and the signed flags need one value per run")

    @property
    def runs(self) -> int:
        return int(self.signed.shape[0])

    def run_values(self, r: int) -> dict[str, float]:
        """Run r's driver values."""
        return {name: float(v[r]) for name, v in self.values.items()}

    def plan_for(self, plan: Plan, r: int) -> Plan:
        """The plan written for run r: its drivers applied and each prospect signed or left out,
        named "<plan name> (run r + 1)", with no scenarios or risk settings of its own."""
        run = apply_drivers(plan, self.run_values(r), tuple(bool(x) for x in self.signed[r]))
        settings = run.settings.model_copy(
            update={"name": f"{plan.settings.name} (run {r + 1})"[:120]}
        )
        return run.model_copy(update={"settings": settings, "scenarios": [], "risk": None})


@dataclass(frozen=True)
class BatchOutcomes:
    """What each of R runs gives. Money in the plan's currency.

    closing_cash, net_income, headcount: (R, months); funding_needed, ending_cash, lowest_cash:
    (R,), as `planner.engine.projection.Kpis`; break_even_index: (R,) the 0-based month index of
    the break-even month (`planner.engine.kpis.break_even_index`), -1 when not within the plan.
    """

    closing_cash: FloatArray
    net_income: FloatArray
    headcount: FloatArray
    funding_needed: FloatArray
    ending_cash: FloatArray
    lowest_cash: FloatArray
    break_even_index: IntArray

    @classmethod
    def of(cls, projections: list[Projection]) -> BatchOutcomes:
        """The outcomes of deterministic projections, one per run."""
        monthly = [p.monthly for p in projections]

        def stack(column: str) -> FloatArray:
            return np.stack([m[column].to_numpy(dtype=np.float64) for m in monthly])

        net = stack("net_income")
        found = [break_even_index(row) for row in net]
        return cls(
            closing_cash=stack("closing_cash"),
            net_income=net,
            headcount=stack("headcount"),
            funding_needed=np.array([p.kpis.funding_needed for p in projections]),
            ending_cash=np.array([p.kpis.ending_cash for p in projections]),
            lowest_cash=np.array([p.kpis.lowest_cash for p in projections]),
            break_even_index=np.array([-1 if i is None else i for i in found], dtype=np.int64),
        )


def project_loop(plan: Plan, draws: Draws) -> BatchOutcomes:
    """The reference: the deterministic engine on each run's plan in turn (slow, exact)."""
    profiles = arrival_profiles(plan)
    return BatchOutcomes.of([project(draws.plan_for(plan, r), profiles) for r in range(draws.runs)])


CHUNK_RUNS = 250
"""Runs computed together at a time: arrays of 250 runs stay small enough for the processor's
caches; more at once only costs memory (measured with benchmarks/bench_risk.py)."""


def project_batch(
    plan: Plan, draws: Draws, profiles: Mapping[str, ArrivalProfile] | None = None
) -> BatchOutcomes:
    """`project_loop`'s outcomes computed for all runs together (money to the cent, headcount and
    break-even exactly): the stages before the statements run on arrays with a leading run axis
    (`run_stages`), CHUNK_RUNS runs at a time, then the statements (`_statements_for_runs`).

    `profiles`: the queue lines' arrival profiles (`planner.engine.pipeline.arrival_profiles`),
    read here when not given.
    """
    if profiles is None:
        profiles = arrival_profiles(plan)
    same = SameInEveryRun.of(plan)
    parts = [
        _statements_for_runs(plan, run_stages(plan, part, profiles, same))
        for part in run_chunks(draws)
    ]
    return BatchOutcomes(
        **{
            f.name: np.concatenate([getattr(p, f.name) for p in parts])
            for f in fields(BatchOutcomes)
        }
    )


def run_chunks(draws: Draws, size: int = CHUNK_RUNS) -> list[Draws]:
    """The draws in consecutive parts of at most `size` runs (at least one part)."""
    return [
        Draws({k: v[lo : lo + size] for k, v in draws.values.items()}, draws.signed[lo : lo + size])
        for lo in range(0, max(draws.runs, 1), size)
    ]


@dataclass(frozen=True)
class SameInEveryRun:
    """What no driver changes, computed once for all runs: the exchange factors of roles,
    resource items and paperwork (`planner.engine.pipeline._cost_factors`), the paperwork fees
    in the reporting currency, the loans' flows and the calendar month of each plan month."""

    fx: dict[str, FloatArray]
    fees: PaperworkFees
    loans: LoanFlows
    calendar: FloatArray

    @classmethod
    def of(cls, plan: Plan) -> SameInEveryRun:
        months = plan.months
        fx = _cost_factors(plan)
        fees = paperwork_fees(plan.paperwork, months)
        schedules = [loan_schedule(loan, months) for loan in plan.financing.loans]
        return cls(
            fx=fx,
            fees=convert_fees(fees, plan.paperwork.items, fx["papers"]),
            loans=loan_flows(schedules, months),
            calendar=calendar_months(plan.settings.first_month, months),
        )


@dataclass(frozen=True)
class RunStages:
    """What the stages before the statements give for R runs: arrays (R, entities, months)
    unless said otherwise (the names of `planner.engine.pipeline._Stages`)."""

    spend: FloatArray
    """Marketing spend per channel (channels, months): the same in every run."""
    book: ClientBook
    people: StaffPlan
    bonuses: BonusSchedule
    pay: FloatArray
    """Pay per role: wages + night premium + bonus accrual + burden."""
    revenue_by_client: FloatArray
    recruiting: FloatArray
    """(R, months)."""
    res: ResourceCosts
    fees: PaperworkFees
    """The same in every run, (items, months)."""
    loans: LoanFlows
    """The same in every run."""


@dataclass(frozen=True)
class _RunFigures:
    """The plan's figures each run changes, per run (`_run_figures`)."""

    terms: RunTerms
    conversion: FloatArray
    """(R, channels)."""
    handling: dict[str, FloatArray]
    """Per queue line its AHT, per items line its minutes per item: (R,)."""
    wages: FloatArray
    """(R, roles)."""
    attrition: FloatArray
    """(R, 1)."""


def _driver(draws: Draws, name: str) -> FloatArray:
    """A driver's (R,) values, as planned (`NEUTRAL`) when not drawn."""
    given = draws.values.get(name)
    return np.full(draws.runs, NEUTRAL[name]) if given is None else np.asarray(given, dtype=float)


def _run_figures(plan: Plan, draws: Draws) -> _RunFigures:
    """Each run's figures, by `planner.model.drivers.apply_drivers`'s rules and in its float
    operations (figure x driver): volumes x volume, prices and base fees x price, AHT and minutes
    per item x handle_time, start months + the delay's whole months (kept within months 1 to 120),
    conversion x win_rate and attrition x attrition (capped at 1 and MAX_ATTRITION), wages x
    wages; each prospect weighs 1 where it signs in the run, 0 where it is left out."""
    v, p, h, w = (_driver(draws, n) for n in ("volume", "price", "handle_time", "win_rate"))
    delay = np.trunc(_driver(draws, "start_delay_months")).astype(np.int64)
    clients = plan.business_plan.clients
    weight = np.ones((draws.runs, len(clients)))
    for k, i in enumerate(prospect_indices(plan)):
        weight[:, i] = draws.signed[:, k].astype(float)
    start = np.clip(
        np.array([c.start_month for c in clients], dtype=np.int64) + delay[:, None], *MONTHS
    )
    volume: dict[tuple[str, int, int], FloatArray] = {}
    price: dict[tuple[str, int, int], FloatArray] = {}
    base_fee: dict[tuple[str, int, int], FloatArray] = {}
    for kind, contracts in (("client", clients), ("won", plan.marketing.won_clients)):
        for i, contract in enumerate(contracts):
            for j, service in enumerate(contract.services):
                volume[(kind, i, j)] = service.monthly_volume * v
                price[(kind, i, j)] = service.price * p
                if service.pricing_model == "base_plus_per_item":
                    base_fee[(kind, i, j)] = service.base_fee * p
    handling: dict[str, FloatArray] = {}
    for line in plan.specialty.service_lines:
        work = line.workload
        if isinstance(work, QueueWorkload):
            handling[line.id] = work.aht_seconds * h
        elif isinstance(work, OutboundWorkload):
            handling[line.id] = h  # the factor on talk and wrap-up time (`drivers._line`)
        elif isinstance(work, ItemsWorkload):
            handling[line.id] = work.minutes_per_item * h
    staffing = plan.staffing
    rates = [c.conversion_rate for c in plan.marketing.channels]
    return _RunFigures(
        terms=RunTerms(
            start=start.reshape(draws.runs, -1),
            weight=weight,
            volume=volume,
            price=price,
            base_fee=base_fee,
        ),
        conversion=np.minimum(1.0, np.array(rates)[None, :] * w[:, None]),
        handling=handling,
        wages=np.array([r.monthly_wage for r in staffing.roles])[None, :]
        * _driver(draws, "wages")[:, None],
        attrition=np.minimum(
            MAX_ATTRITION, staffing.yearly_attrition * _driver(draws, "attrition")
        )[:, None],
    )


def run_stages(
    plan: Plan,
    draws: Draws,
    profiles: Mapping[str, ArrivalProfile],
    same: SameInEveryRun | None = None,
) -> RunStages:
    """Steps 1 to 4 of `planner.engine.pipeline` and the loans, for every run at once: the same
    stage functions, given each run's figures (`_run_figures`) and a leading run axis. What no
    driver changes (`SameInEveryRun`, marketing spend) is computed once."""
    months = plan.months
    if same is None:
        same = SameInEveryRun.of(plan)
    fx = same.fx
    run = _run_figures(plan, draws)
    funnel = marketing_funnel(plan.marketing, months, run.conversion)
    book = run_book(plan, funnel.clients_won.sum(axis=-2), run.terms)
    volume = line_volumes(plan, book)
    load = line_workload_runs(plan, volume, profiles, run.handling)
    people = staff_plan(plan, load, run.attrition)
    wage_per_person = wage_rates(plan.staffing, months, run.wages) * fx["roles"]
    units = billed_units(
        plan, book, volume, load.fte, peak_agents=load.peak_agents, handling=run.handling
    )
    wages = people.paid * wage_per_person
    night = night_premium_cost(plan.staffing, wages)
    bonuses = bonus_schedule(plan.staffing.bonuses, people.roles, wages, same.calendar)
    remote = np.array([r.work_pattern == "remote" for r in people.roles], dtype=bool)
    res = resource_costs(
        plan.resources,
        people.seats,
        people.headcount,
        [r.name for r in people.roles],
        on_site=people.headcount[..., ~remote, :].sum(axis=-2),
    )
    return RunStages(
        spend=funnel.spend,
        book=book,
        people=people,
        bonuses=bonuses,
        pay=_pay(plan, wages, night, bonuses),
        revenue_by_client=billed_revenue(units, book),
        recruiting=recruiting_cost(plan.staffing, people),
        res=convert_resources(res, plan.resources.items, fx["items"]),
        fees=same.fees,
        loans=same.loans,
    )


def _statements_for_runs(plan: Plan, stages: RunStages) -> BatchOutcomes:
    """The statements and headline outcomes of R runs at once, from the stages' (R, ...) arrays:
    `planner.engine.statements.monthly_statements` (the one call order of the statements, the
    same as `planner.engine.pipeline.project`'s) on the stacked runs, then
    `planner.engine.kpis.batch_headlines` (the same rules as `compute_kpis`)."""
    direct = np.array([r.is_direct for r in stages.people.roles], dtype=bool)
    inputs = StatementInputs(
        revenue_by_client=stages.revenue_by_client,
        collection_lag=stages.book.collection_lag,
        bad_debt_rate=stages.book.bad_debt_rate,
        direct_pay=stages.pay[:, direct],
        indirect_pay=stages.pay[:, ~direct],
        recruiting=stages.recruiting,
        resources=stages.res,
        fees=stages.fees.expense,
        prepaid=stages.fees.prepaid.sum(axis=0),
        marketing_spend=stages.spend,
        loans=stages.loans,
        accrued_pay=stages.bonuses.owed.sum(axis=-2),
    )
    p, c = monthly_statements(inputs, plan.financing, plan.settings.first_month)
    cash, net = c["closing_cash"], p["net_income"]
    heads = batch_headlines(cash, net, plan.financing.minimum_cash)
    return BatchOutcomes(
        closing_cash=cash,
        net_income=net,
        headcount=stages.people.headcount.sum(axis=-2),
        funding_needed=np.asarray(heads["funding_needed"], dtype=np.float64),
        ending_cash=np.asarray(heads["ending_cash"], dtype=np.float64),
        lowest_cash=np.asarray(heads["lowest_cash"], dtype=np.float64),
        break_even_index=np.asarray(heads["break_even_index"], dtype=np.int64),
    )
