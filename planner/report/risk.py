"""The risk runs (Monte Carlo): draw the drivers, run the engine on every run, and read the range.

One owner of the risk runs' statistics: the page, the workbook sheet, the document section and
`python -m planner risk` all read a `RiskResult`.

How a run is drawn (`draw_runs`), in this fixed order from one `numpy.random.default_rng(seed)`:

1. each driver of the plan's risk settings (`planner.model.drivers.effective_risk`), in
   `DRIVER_NAMES` order (volume, handle_time, price, win_rate, start_delay_months, attrition,
   wages), R values from the settings' distribution over [low, high] with mode `likely`:
   - pert: low + (high - low) x Beta(alpha, beta), alpha = 1 + 4 (likely - low) / (high - low),
     beta = 1 + 4 (high - likely) / (high - low); mean (low + 4 likely + high) / 6 (DOMAIN.md);
   - triangular: numpy's triangular(low, likely, high); mean (low + likely + high) / 3;
   - uniform: numpy's uniform(low, high); mean (low + high) / 2;
   - low = likely = high: that constant in every run, and no draw is taken from the generator
     (so a constant driver does not change the draws of the drivers after it);
   start_delay_months is then rounded to whole months (`np.rint`, halves to even). Drivers the
   settings leave out are not drawn and stay as planned (`apply_drivers`).
2. each pipeline prospect (`prospect_indices` order), R uniform draws u in [0, 1): the prospect
   signs in run r when u < min(1, probability x run r's win rate) (`capped_probability`).

A run's figures are the deterministic engine's on the plan written for it (`Draws.plan_for`); the
engine (`planner.engine.batch`) computes all runs at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from planner.engine import batch
from planner.engine.batch import BatchOutcomes, Draws
from planner.engine.months import month_labels
from planner.model.drivers import DRIVER_NAMES, effective_risk, prospect_indices
from planner.model.labels import DRIVER_LABELS
from planner.model.plan import DriverRange, Plan
from planner.rounding import FloatArray, round_half_up

Engine = Callable[[Plan, Draws], BatchOutcomes]
Metric = Literal["funding_needed", "ending_cash", "lowest_cash"]
METRICS: tuple[Metric, ...] = ("funding_needed", "ending_cash", "lowest_cash")
"""The per-run figures `RiskResult.stats` summarises (money, the plan's currency)."""
PERCENTILES: dict[str, float] = {"p5": 5, "p50": 50, "p90": 90, "p95": 95}
"""The percentiles of `RiskResult.stats` (numpy's default, linear interpolation)."""
FAN: dict[str, float] = {"p5": 5, "p25": 25, "p50": 50, "p75": 75, "p95": 95}
"""The percentiles of closing cash by month in `RiskResult.cash_fan`."""
SAMPLE_FIGURES = ("funding_needed", "ending_cash", "lowest_cash", "break_even_month")
"""The per-run figures at the end of each `RiskResult.samples` row."""
SIGNED_COUNT = "prospects_signed"
"""`RiskResult.importance`'s row for the number of prospects signed in a run."""
SIGNED_COUNT_LABEL = "Prospects signed"


def _default_engine() -> Engine:
    """`planner.engine.batch.project_batch`: every run at once, vectorised (the same figures as
    the reference loop `project_loop`, which the tests and the benchmark compare it with)."""
    return batch.project_batch


def draw_driver(
    rng: np.random.Generator, r: DriverRange, distribution: str, runs: int
) -> FloatArray:
    """`runs` values of one driver (module docstring, step 1); a constant takes no draw.

    >>> rng = np.random.default_rng(0)
    >>> draw_driver(rng, DriverRange(low=1.1, likely=1.1, high=1.1), "pert", 3).tolist()
    [1.1, 1.1, 1.1]
    """
    a, m, b = float(r.low), float(r.likely), float(r.high)
    if b <= a:
        return np.full(runs, m, dtype=np.float64)
    if distribution == "triangular":
        return rng.triangular(a, m, b, size=runs)
    if distribution == "uniform":
        return rng.uniform(a, b, size=runs)
    alpha = 1.0 + 4.0 * (m - a) / (b - a)
    beta = 1.0 + 4.0 * (b - m) / (b - a)
    return a + (b - a) * rng.beta(alpha, beta, size=runs)


def draw_runs(plan: Plan, runs: int | None = None, seed: int | None = None) -> Draws:
    """The draws of `runs` risk runs of `plan` (module docstring), from `effective_risk(plan)`
    with its runs and seed replaced by those given. Same seed, same draws."""
    settings = effective_risk(plan)
    n = settings.runs if runs is None else int(runs)
    if n < 1:
        raise ValueError(f"the risk runs need at least 1 run, got {n}")
    rng = np.random.default_rng(settings.seed if seed is None else int(seed))
    values: dict[str, FloatArray] = {}
    for name in DRIVER_NAMES:
        r = settings.drivers.get(name)  # type: ignore[call-overload]
        if r is None:
            continue
        drawn = draw_driver(rng, r, settings.distribution, n)
        values[name] = np.rint(drawn) if name == "start_delay_months" else drawn
    win = values.get("win_rate", np.ones(n))
    clients = plan.business_plan.clients
    signed = np.zeros((n, len(prospect_indices(plan))), dtype=np.bool_)
    for j, i in enumerate(prospect_indices(plan)):
        u = rng.random(n)
        signed[:, j] = u < np.minimum(1.0, clients[i].probability * win)
    return Draws(values=values, signed=signed)


def spearman(x: FloatArray, y: FloatArray) -> float:
    """Spearman's rank correlation: the Pearson correlation of the ranks, tied values sharing
    their average rank (the definition `scipy.stats.spearmanr` computes; written here so the
    planner does not need SciPy for one statistic). NaN when either side does not vary.

    y's ranks 1 3 2 4 against 1 2 3 4: differences 0 1 1 0, rho = 1 - 6 x 2 / (4 x 15) = 0.8.
    Ties: y = 5 5 1 ranks 2.5 2.5 1; deviations from the mean rank 2: x -1 0 1, y 0.5 0.5 -1;
    rho = -1.5 / (sqrt 2 x sqrt 1.5) = -sqrt(3) / 2 = -0.8660.

    >>> round(spearman(np.array([1.0, 2, 3, 4]), np.array([10.0, 30, 20, 40])), 12)
    0.8
    >>> round(spearman(np.array([1.0, 2, 3]), np.array([5.0, 5, 1])), 4)
    -0.866
    """
    rx = pd.Series(x).rank(method="average").to_numpy()
    ry = pd.Series(y).rank(method="average").to_numpy()
    if np.ptp(rx) == 0 or np.ptp(ry) == 0:
        return float("nan")
    return float(np.corrcoef(rx, ry)[0, 1])


def _slice(draws: Draws, stop: int) -> Draws:
    """The first `stop` runs of `draws`."""
    return Draws(values={k: v[:stop] for k, v in draws.values.items()}, signed=draws.signed[:stop])


def _concat(parts: list[BatchOutcomes]) -> BatchOutcomes:
    """Outcomes of consecutive runs, one after the other."""
    if len(parts) == 1:
        return parts[0]
    fields = BatchOutcomes.__dataclass_fields__
    return BatchOutcomes(**{f: np.concatenate([getattr(p, f) for p in parts]) for f in fields})


def _unique(names: list[str], taken: set[str]) -> list[str]:
    """Column names: each name as it is, or "name (2)", "name (3)" when already taken."""
    out: list[str] = []
    for name in names:
        label, k = name, 1
        while label in taken:
            k += 1
            label = f"{name} ({k})"
        taken.add(label)
        out.append(label)
    return out


@dataclass(frozen=True)
class BreakEvenMonths:
    """How many runs break even in each month, and the share that do not within the plan.

    counts: runs by break-even month label ("YYYY-MM"), every month from the earliest to the
    latest any run breaks even (months between with no run count 0); empty when none does.
    share_not_within: runs with no break-even month / runs (0 to 1).
    """

    counts: pd.Series
    share_not_within: float


@dataclass(frozen=True)
class RiskResult:
    """The risk runs of one plan: the draws and what each run gives (money in `currency`)."""

    plan_name: str
    currency: str
    first_month: str
    runs: int
    seed: int
    distribution: str
    prospects: tuple[str, ...]
    """The pipeline prospects' names, `prospect_indices` order (the signed flags' columns)."""
    draws: Draws
    outcomes: BatchOutcomes

    @property
    def prob_cash_below_zero(self) -> float:
        """Share of runs whose lowest closing cash is below zero (0 to 1), with the planned
        financing."""
        return float(np.mean(self.outcomes.lowest_cash < 0))

    def stats(self, metric: Metric) -> dict[str, float]:
        """p5, p50, p90, p95 (numpy's default linear percentiles) and mean of a per-run figure:
        funding_needed, ending_cash or lowest_cash (money)."""
        if metric not in METRICS:
            raise ValueError(f"{metric!r} is not one of {', '.join(METRICS)}")
        values = getattr(self.outcomes, metric)
        out = {k: float(np.percentile(values, q)) for k, q in PERCENTILES.items()}
        out["mean"] = float(np.mean(values))
        return out

    def month_labels(self) -> list[str]:
        """The plan's months, "YYYY-MM"."""
        return month_labels(self.first_month, int(self.outcomes.closing_cash.shape[1]))

    def cash_fan(self) -> pd.DataFrame:
        """Closing cash by month across the runs. Columns: month ("YYYY-MM"), p5, p25, p50, p75,
        p95 (numpy's default linear percentiles over the runs, money)."""
        cash = self.outcomes.closing_cash
        table = {k: np.percentile(cash, q, axis=0) for k, q in FAN.items()}
        return pd.DataFrame({"month": self.month_labels(), **table})

    def break_even_months(self) -> BreakEvenMonths:
        """Runs by break-even month (the first month from which the trailing three months' net
        income stays >= 0), and the share of runs with none within the plan."""
        index = self.outcomes.break_even_index
        found = index[index >= 0]
        labels = self.month_labels()
        if found.size == 0:
            counts = pd.Series([], dtype=np.int64, name="runs")
        else:
            lo, hi = int(found.min()), int(found.max())
            n = np.bincount(found - lo, minlength=hi - lo + 1).astype(np.int64)
            counts = pd.Series(n, index=labels[lo : hi + 1], name="runs")
        return BreakEvenMonths(counts=counts, share_not_within=float(np.mean(index < 0)))

    def importance(self) -> pd.DataFrame:
        """What drives funding needed: each drawn driver's Spearman rank correlation with the
        runs' funding needed (`spearman`), and that of the number of prospects signed; drivers
        that do not vary across the runs are left out, and so is everything when funding needed
        does not vary. Columns: driver (its id, or "prospects_signed"), label (in
        words), rho (-1 to 1); sorted by |rho|, largest first."""
        target = self.outcomes.funding_needed
        inputs = {k: v for k, v in self.draws.values.items()}
        if self.prospects:
            inputs[SIGNED_COUNT] = self.draws.signed.sum(axis=1).astype(np.float64)
        rows = []
        if np.ptp(target) > 0:
            for key, values in inputs.items():
                if np.ptp(values) > 0:
                    rho = spearman(values, target)
                    label = SIGNED_COUNT_LABEL if key == SIGNED_COUNT else DRIVER_LABELS[key]
                    rows.append({"driver": key, "label": label, "rho": rho})
        table = pd.DataFrame(rows, columns=["driver", "label", "rho"])
        order = table["rho"].abs().sort_values(ascending=False, kind="stable").index
        return table.loc[order].reset_index(drop=True)

    def prospect_columns(self) -> list[str]:
        """The `samples` columns of the prospects' signed flags, `prospects` order: each client's
        name, or "Name (2)", "Name (3)" when it repeats or is the name of another column."""
        fixed = {"run", *self.draws.values, *SAMPLE_FIGURES}
        return _unique(list(self.prospects), fixed)

    def samples(self) -> pd.DataFrame:
        """One row per run, in run order. Columns: run (1, 2, ...), each drawn driver's value (by
        its id, `DRIVER_NAMES` order), each prospect's signed flag (True/False, the column named
        by the client's name; "Name (2)" when a name repeats), funding_needed, ending_cash,
        lowest_cash (money) and break_even_month ("YYYY-MM", blank when none within the plan)."""
        o = self.outcomes
        columns: dict[str, Any] = {"run": np.arange(1, self.runs + 1)}
        columns.update({k: v for k, v in self.draws.values.items()})
        for j, name in enumerate(self.prospect_columns()):
            columns[name] = self.draws.signed[:, j]
        labels = self.month_labels()
        columns.update(
            funding_needed=o.funding_needed,
            ending_cash=o.ending_cash,
            lowest_cash=o.lowest_cash,
            break_even_month=[labels[i] if i >= 0 else "" for i in o.break_even_index],
        )
        return pd.DataFrame(columns)

    def to_json(self) -> dict[str, Any]:
        """The command line's JSON (`python -m planner risk --json`): name, currency, runs, seed,
        distribution, prob_cash_below_zero (0 to 1) and, for each of funding_needed,
        ending_cash and lowest_cash, {p5, p50, p90, p95, mean}, money rounded to cents
        (`round_half_up`, as `summary --json`)."""
        out: dict[str, Any] = {
            "name": self.plan_name,
            "currency": self.currency,
            "runs": self.runs,
            "seed": self.seed,
            "distribution": self.distribution,
            "prob_cash_below_zero": self.prob_cash_below_zero,
        }
        for metric in METRICS:
            out[metric] = {k: round_half_up(v, 2) for k, v in self.stats(metric).items()}
        return out


def _result(plan: Plan, seed: int, draws: Draws, outcomes: BatchOutcomes) -> RiskResult:
    clients = plan.business_plan.clients
    return RiskResult(
        plan_name=plan.settings.name,
        currency=plan.settings.currency,
        first_month=plan.settings.first_month,
        runs=draws.runs,
        seed=seed,
        distribution=effective_risk(plan).distribution,
        prospects=tuple(clients[i].name for i in prospect_indices(plan)),
        draws=draws,
        outcomes=outcomes,
    )


def _seed(plan: Plan, seed: int | None) -> int:
    return effective_risk(plan).seed if seed is None else int(seed)


def run_risk(
    plan: Plan, runs: int | None = None, seed: int | None = None, *, engine: Engine | None = None
) -> RiskResult:
    """The risk runs of `plan` (settings from `effective_risk(plan)`, runs and seed overridable)."""
    draws = draw_runs(plan, runs, seed)
    outcomes = (engine or _default_engine())(plan, draws)
    return _result(plan, _seed(plan, seed), draws, outcomes)


def iter_risk(
    plan: Plan,
    runs: int | None = None,
    seed: int | None = None,
    *,
    first: int = 200,
    chunk: int = 500,
    engine: Engine | None = None,
) -> Iterator[RiskResult]:
    """`run_risk` a part at a time, for a page that shows first results at once and fills in:
    yields the result of the first `first` runs, then of `chunk` more each time, until all.
    Every run is drawn up front, so the last result equals `run_risk(plan, runs, seed)`."""
    if first < 1 or chunk < 1:
        raise ValueError("first and chunk must be at least 1")
    draws = draw_runs(plan, runs, seed)
    compute = engine or _default_engine()
    used_seed = _seed(plan, seed)
    parts: list[BatchOutcomes] = []
    done = 0
    while done < draws.runs:
        stop = min(draws.runs, done + (first if done == 0 else chunk))
        part = Draws(
            values={k: v[done:stop] for k, v in draws.values.items()},
            signed=draws.signed[done:stop],
        )
        parts.append(compute(plan, part))
        done = stop
        yield _result(plan, used_seed, _slice(draws, done), _concat(parts))
