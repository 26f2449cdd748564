"""Many runs of one plan at once: the risk runs' draws and what each run gives.

A run is the plan with each driver drawn (`planner.model.drivers.apply_drivers`) and each
prospect signed or not. `Draws` holds the draws of R runs; `Draws.plan_for` writes the plan of
one run, a plain plan whose deterministic projection is that run's figures. `project_loop` is the
reference: `planner.engine.pipeline.project` on each run's plan in turn.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from planner.engine.kpis import break_even_index
from planner.engine.pipeline import arrival_profiles, project
from planner.engine.projection import Projection
from planner.model.drivers import DRIVER_NAMES, apply_drivers
from planner.model.plan import Plan
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
