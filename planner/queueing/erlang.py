"""Queue staffing maths: Erlang C and Erlang A, vectorised over intervals.

Pure functions over numpy arrays; no I/O. Times are in seconds, traffic in Erlangs (agent-hours of
work per hour of clock: calls x AHT / interval length).

Erlang C (M/M/N: callers wait as long as it takes), for traffic A and N agents (N > A):

- Erlang B by recursion, stable for thousands of Erlangs where factorials overflow:
  B(0) = 1, B(k) = A B(k-1) / (k + A B(k-1))
- probability of waiting  P_w = N B / (N - A (1 - B))
- service level           SL  = 1 - P_w exp(-(N - A) t / AHT)     (t: answer-time target)
- average speed of answer ASA = P_w AHT / (N - A)                  (over all calls, seconds)
- occupancy               A / N
- agents required: the smallest whole N > A with SL(N) >= target, searched from floor(A) + 1;
  with an occupancy cap c, the larger of that and ceil(A / c) (Erlang A caps the carried
  occupancy instead: see `erlang_a`)
- scheduled agents:       ceil(N / (1 - shrinkage))

Ceilings are taken on exact values with the planner's one rule, `planner.rounding.ceil_exact` (a
value within 1e-9 of a whole number is that number), so floating-point noise
(21 / 0.7 = 30.000000000000004) does not add an agent (30, not 31).

Erlang A (M/M/N+M, Palm's model) adds callers who hang up after an exponential patience with mean
`patience_seconds`; see `erlang_a`.

The loops below run over agent counts or queue positions, each step one numpy operation across all
intervals; there is no Python loop per interval.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt
import pandas as pd

from planner.rounding import EPS, ceil_exact

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

RESULT_COLUMNS = (
    "traffic_erlangs",
    "agents",
    "service_level",
    "probability_of_waiting",
    "asa_seconds",
    "occupancy",
    "scheduled_agents",
)
ERLANG_A_COLUMNS = (*RESULT_COLUMNS, "abandon_rate")

# Erlang A sums over queue positions stop once the tail is below exp(-_TAIL_LOG) of the total.
_TAIL_LOG = 37.0


# --------------------------------------------------------------------------------------------------
# Validation: one wording everywhere
# --------------------------------------------------------------------------------------------------


def allowed_range(
    low: float | None, high: float | None, *, low_open: bool = False, high_open: bool = False
) -> str:
    """Describe an allowed range the way every error message in the planner does.

    >>> allowed_range(0, 1, low_open=True, high_open=True)
    'in (0, 1)'
    >>> allowed_range(0, None, low_open=True)
    '> 0'
    """
    if high is None:
        return f"{'>' if low_open else '>='} {_fmt(low)}"
    if low is None:
        return f"{'<' if high_open else '<='} {_fmt(high)}"
    return f"in {'(' if low_open else '['}{_fmt(low)}, {_fmt(high)}{')' if high_open else ']'}"


def _fmt(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def check_range(
    name: str,
    values: Any,
    low: float | None,
    high: float | None,
    *,
    low_open: bool = False,
    high_open: bool = False,
) -> FloatArray:
    """Return `values` as a float array, or raise ValueError naming the field and what is allowed.

    The message reads "<name> must be <range>, got <first bad value>", e.g.
    "service_level must be in (0, 1), got 1.2". NaN and infinity are always rejected.

    >>> check_range("service_level", [0.8, 1.2], 0, 1, low_open=True, high_open=True)
    Traceback (most recent call last):
    ...
    ValueError: service_level must be in (0, 1), got 1.2
    """
    try:
        array = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        rng = allowed_range(low, high, low_open=low_open, high_open=high_open)
        raise ValueError(f"{name} must be a number {rng}, got {values!r}") from None
    ok = np.isfinite(array)
    if low is not None:
        ok &= (array > low) if low_open else (array >= low)
    if high is not None:
        ok &= (array < high) if high_open else (array <= high)
    if not ok.all():
        bad = array[~ok].flat[0]
        rng = allowed_range(low, high, low_open=low_open, high_open=high_open)
        raise ValueError(f"{name} must be {rng}, got {_fmt(float(bad))}")
    return array


class InputRange(NamedTuple):
    """Allowed values of one queue input: the low bound, the high one (None: unbounded), each open
    (excluded) or closed."""

    low: float
    high: float | None
    low_open: bool = False
    high_open: bool = False


INPUT_RANGES: dict[str, InputRange] = {
    "calls": InputRange(0, None),
    "interval_seconds": InputRange(0, None, low_open=True),
    "aht_seconds": InputRange(0, None, low_open=True),
    "answer_seconds": InputRange(0, None),
    "service_level": InputRange(0, 1, low_open=True, high_open=True),
    "max_occupancy": InputRange(0, 1, low_open=True),
    "shrinkage": InputRange(0, 1, high_open=True),
    "patience_seconds": InputRange(0, None, low_open=True),
}
"""The allowed range of every queue input, by name: the one owner (the kernels below and the
`staffing` command check against it)."""


def check_input(name: str, values: Any) -> FloatArray:
    """`check_range` against the input's `INPUT_RANGES` entry.

    >>> check_input("shrinkage", 1.0)
    Traceback (most recent call last):
    ...
    ValueError: shrinkage must be in [0, 1), got 1
    """
    r = INPUT_RANGES[name]
    return check_range(name, values, r.low, r.high, low_open=r.low_open, high_open=r.high_open)


# --------------------------------------------------------------------------------------------------
# Erlang B and C kernels (traffic in Erlangs, times in units of AHT)
# --------------------------------------------------------------------------------------------------


def erlang_b(traffic: Any, agents: Any) -> FloatArray:
    """Erlang B blocking probability B(N, A) for arrays of traffic A and whole agent counts N.

    Recursion B(0) = 1, B(k) = A B(k-1) / (k + A B(k-1)): no factorials, stable for thousands of
    Erlangs. Vectorised across intervals: intervals are sorted by N, so step k updates the suffix of
    intervals that still need it.

    >>> round(float(erlang_b(10.0, 14)), 4)  # Erlang B table: 10 Erlangs, 14 lines
    0.0568
    """
    a, n = np.broadcast_arrays(
        np.asarray(traffic, dtype=np.float64), np.asarray(agents, dtype=np.int64)
    )
    shape = a.shape
    a = a.ravel()
    n = n.ravel()
    order = np.argsort(n, kind="stable")
    n_sorted = n[order]
    a_sorted = a[order]
    b_sorted = np.ones(a.size)
    top = int(n_sorted[-1]) if n_sorted.size else 0
    starts = np.searchsorted(n_sorted, np.arange(1, top + 1), side="left")
    for k, start in zip(range(1, top + 1), starts, strict=True):
        ab = a_sorted[start:] * b_sorted[start:]
        b_sorted[start:] = ab / (k + ab)
    b = np.empty(a.size)
    b[order] = b_sorted
    return b.reshape(shape)


def _erlang_c_metrics(
    a: FloatArray, n: FloatArray, b: FloatArray, t_over_aht: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """(P_w, SL, ASA in units of AHT) for N > A, given B = Erlang B(N, A)."""
    spare = n - a
    pw = n * b / (spare + a * b)  # N B / (N - A (1 - B))
    sl = 1.0 - pw * np.exp(-spare * t_over_aht)
    return pw, sl, pw / spare


def _step_b(a: FloatArray, b: FloatArray, n_new: FloatArray) -> FloatArray:
    """Erlang B one agent up: B(n_new) from B(n_new - 1)."""
    ab = a * b
    return ab / (n_new + ab)


def _solve_erlang_c(
    a: FloatArray, t_over_aht: FloatArray, target: FloatArray, max_occupancy: FloatArray | None
) -> tuple[FloatArray, FloatArray]:
    """Agents required and Erlang B at that agent count, for traffic a > 0 (1-D arrays).

    SL rises with N (for N > A), so max(smallest N with SL >= target, ceil(A / cap)) is the smallest
    N >= max(floor(A) + 1, ceil(A / cap)) with SL >= target: the search starts there.
    """
    n = np.floor(a) + 1.0
    if max_occupancy is not None:
        n = np.maximum(n, ceil_exact(a / max_occupancy))
    b = erlang_b(a, n)
    _, sl, _ = _erlang_c_metrics(a, n, b, t_over_aht)
    idx = np.flatnonzero(sl < target)
    while idx.size:  # one step per extra agent, across all intervals still short of target
        n[idx] += 1.0
        b[idx] = _step_b(a[idx], b[idx], n[idx])
        _, sl_idx, _ = _erlang_c_metrics(a[idx], n[idx], b[idx], t_over_aht[idx])
        idx = idx[sl_idx < target[idx]]
    return n, b


# --------------------------------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------------------------------


class _Queue(NamedTuple):
    """Validated queue inputs, broadcast to one 1-D float array each."""

    calls: FloatArray
    interval_seconds: FloatArray
    aht_seconds: FloatArray
    answer_seconds: FloatArray
    service_level: FloatArray
    shrinkage: FloatArray
    max_occupancy: FloatArray | None
    patience_seconds: FloatArray | None


def _queue_inputs(
    *,
    calls: Any,
    interval_seconds: Any,
    aht_seconds: Any,
    answer_seconds: Any,
    service_level: Any,
    max_occupancy: Any,
    shrinkage: Any,
    patience_seconds: Any = None,
) -> _Queue:
    """Check every input's range (one wording, naming the field) and broadcast them together."""
    given = {
        "calls": calls,
        "interval_seconds": interval_seconds,
        "aht_seconds": aht_seconds,
        "answer_seconds": answer_seconds,
        "service_level": service_level,
        "shrinkage": shrinkage,
        "max_occupancy": max_occupancy,
        "patience_seconds": patience_seconds,
    }
    optional = {"max_occupancy", "patience_seconds"}  # None: no cap, no abandonment
    fields: dict[str, FloatArray] = {
        name: check_input(name, value)
        for name, value in given.items()
        if value is not None or name not in optional
    }
    try:
        arrays = np.broadcast_arrays(*fields.values())
    except ValueError:
        shapes = ", ".join(f"{k} {np.shape(v)}" for k, v in fields.items())
        raise ValueError(f"inputs must have matching lengths, got {shapes}") from None
    flat = {k: np.array(v, dtype=np.float64).ravel() for k, v in zip(fields, arrays, strict=True)}
    return _Queue(
        calls=flat["calls"],
        interval_seconds=flat["interval_seconds"],
        aht_seconds=flat["aht_seconds"],
        answer_seconds=flat["answer_seconds"],
        service_level=flat["service_level"],
        shrinkage=flat["shrinkage"],
        max_occupancy=flat.get("max_occupancy"),
        patience_seconds=flat.get("patience_seconds"),
    )


def _per_interval(
    calls: Any,
    interval_seconds: Any,
    aht_seconds: Any,
    answer_seconds: Any,
    service_level: Any,
    *,
    max_occupancy: Any,
    shrinkage: Any,
    patience_seconds: Any,
) -> pd.DataFrame:
    """`erlang_c` (patience_seconds None) or `erlang_a`: validate, then staff every interval."""
    q = _queue_inputs(
        calls=calls,
        interval_seconds=interval_seconds,
        aht_seconds=aht_seconds,
        answer_seconds=answer_seconds,
        service_level=service_level,
        max_occupancy=max_occupancy,
        shrinkage=shrinkage,
        patience_seconds=patience_seconds,
    )
    return _staff(traffic_erlangs(q.calls, q.interval_seconds, q.aht_seconds), q)


# --------------------------------------------------------------------------------------------------
# Erlang C
# --------------------------------------------------------------------------------------------------


def erlang_c(
    calls: Any,
    interval_seconds: Any,
    aht_seconds: Any,
    answer_seconds: Any,
    service_level: Any,
    *,
    max_occupancy: Any = None,
    shrinkage: Any = 0.0,
) -> pd.DataFrame:
    """Agents required per interval by Erlang C, one row per interval (array-likes broadcast).

    Inputs: calls per interval (>= 0), interval length, average handle time (AHT) and answer-time
    target in seconds, service-level target in (0, 1) (share of calls answered within the target),
    optional maximum occupancy in (0, 1], shrinkage in [0, 1) (share of paid time off the phones).

    Columns:
    - traffic_erlangs = calls x AHT / interval_seconds
    - agents (int): smallest N > A with SL(N) >= target, at least ceil(A / max_occupancy)
    - service_level, probability_of_waiting: at `agents` (formulas in the module docstring)
    - asa_seconds: average speed of answer over all calls, P_w x AHT / (N - A)
    - occupancy = A / N
    - scheduled_agents (int) = ceil(N / (1 - shrinkage))

    An interval with no calls needs no agents: zeros everywhere except service_level 1.0 (no caller
    waited).

    Worked example (Call Centre Helper): 100 calls in 30 minutes, AHT 3 minutes, 80% in 20 s,
    30% shrinkage: A = 100 x 180 / 1800 = 10 Erlangs, 14 agents, 20 scheduled (14 / 0.7).

    >>> row = erlang_c(100, 1800, 180, 20, 0.8, shrinkage=0.3).iloc[0]
    >>> int(row.agents), int(row.scheduled_agents), round(float(row.service_level), 3)
    (14, 20, 0.888)
    >>> [round(float(row[c]), 3) for c in ("probability_of_waiting", "asa_seconds", "occupancy")]
    [0.174, 7.836, 0.714]
    """
    return _per_interval(
        calls,
        interval_seconds,
        aht_seconds,
        answer_seconds,
        service_level,
        max_occupancy=max_occupancy,
        shrinkage=shrinkage,
        patience_seconds=None,
    )


def _staff(a: FloatArray, q: _Queue) -> pd.DataFrame:
    """Agents and their metrics for traffic `a` (Erlangs) on queue `q`: the columns of `erlang_c`,
    plus abandon_rate when `q` has a patience (Erlang A)."""
    aht, patience, occ = q.aht_seconds, q.patience_seconds, q.max_occupancy
    t_over_aht = q.answer_seconds / aht
    target = q.service_level
    size = a.size
    agents = np.zeros(size)
    sl = np.ones(size)
    pw = np.zeros(size)
    asa = np.zeros(size)
    abandon = np.zeros(size)
    busy = np.flatnonzero(a > 0)
    if busy.size:
        ab, tb, gb = a[busy], t_over_aht[busy], target[busy]
        ob = None if occ is None else occ[busy]
        if patience is None:
            n, b = _solve_erlang_c(ab, tb, gb, ob)
            pw_b, sl_b, asa_b = _erlang_c_metrics(ab, n, b, tb)
        else:
            theta = aht[busy] / patience[busy]  # abandonment rate per AHT
            n, (sl_b, pw_b, asa_b, ab_rate) = _solve_erlang_a(ab, tb, gb, ob, theta)
            abandon[busy] = ab_rate
        agents[busy] = n
        sl[busy] = sl_b
        pw[busy] = pw_b
        asa[busy] = asa_b * aht[busy]
    carried = a * (1.0 - abandon)
    occupancy = np.divide(carried, agents, out=np.zeros(size), where=agents > 0)
    scheduled = ceil_exact(agents / (1.0 - q.shrinkage))
    frame = pd.DataFrame(
        {
            "traffic_erlangs": a,
            "agents": agents.astype(np.int64),
            "service_level": sl,
            "probability_of_waiting": pw,
            "asa_seconds": asa,
            "occupancy": occupancy,
            "scheduled_agents": scheduled.astype(np.int64),
        }
    )
    if patience is not None:
        frame["abandon_rate"] = abandon
    return frame


def staff_traffic(
    traffic_erlangs: Any,
    *,
    aht_seconds: float,
    answer_seconds: float,
    service_level: float,
    max_occupancy: float | None = None,
    shrinkage: float = 0.0,
    patience_seconds: float | None = None,
) -> pd.DataFrame:
    """`erlang_c` (or `erlang_a` with `patience_seconds`) for traffic already in Erlangs.

    For callers that have many intervals of the same queue (one AHT and target) and solve each
    distinct traffic value once. Same columns as `erlang_c` / `erlang_a`.

    >>> int(staff_traffic([10.0], aht_seconds=180, answer_seconds=20, service_level=0.8).agents[0])
    14
    """
    a = check_range("traffic_erlangs", traffic_erlangs, 0, None).ravel()
    q = _queue_inputs(
        calls=a,
        interval_seconds=1.0,
        aht_seconds=aht_seconds,
        answer_seconds=answer_seconds,
        service_level=service_level,
        max_occupancy=max_occupancy,
        shrinkage=shrinkage,
        patience_seconds=patience_seconds,
    )
    return _staff(a, q)


def service_level_curve(
    calls: float,
    interval_seconds: float,
    aht_seconds: float,
    answer_seconds: float,
    agents_range: Any,
    *,
    patience_seconds: float | None = None,
) -> pd.DataFrame:
    """What each agent count buys, for one interval: the chart behind "one more agent".

    Columns: agents, service_level, asa_seconds, occupancy (and abandon_rate with
    `patience_seconds`, Erlang A). Erlang C with N <= A agents cannot keep up (the queue grows
    without bound): service_level 0, asa_seconds inf, occupancy 1.

    >>> curve = service_level_curve(100, 1800, 180, 20, [13, 14])
    >>> [round(v, 3) for v in curve.service_level]
    [0.796, 0.888]
    """
    q = _queue_inputs(
        calls=calls,
        interval_seconds=interval_seconds,
        aht_seconds=aht_seconds,
        answer_seconds=answer_seconds,
        service_level=0.5,
        max_occupancy=None,
        shrinkage=0.0,
    )
    a = float(traffic_erlangs(q.calls, q.interval_seconds, q.aht_seconds)[0])
    n = check_range("agents_range", agents_range, 0, None).ravel()
    if not np.all(n == np.floor(n)):
        raise ValueError(f"agents_range must be whole numbers >= 0, got {list(n)}")
    aa = np.full(n.size, a)
    t = np.full(n.size, answer_seconds / aht_seconds)
    if patience_seconds is not None:
        patience = float(check_input("patience_seconds", patience_seconds))
        theta = np.full(n.size, aht_seconds / patience)
        sl, _, asa, abandon = _erlang_a_metrics(aa, np.maximum(n, 1.0), t, theta)
        sl = np.where(n > 0, sl, 0.0)
        asa = np.where(n > 0, asa * aht_seconds, np.inf)
        with np.errstate(divide="ignore", invalid="ignore"):
            occ = np.where(n > 0, np.minimum(1.0, a * (1 - abandon) / n), 1.0)
        abandon = np.where(n > 0, abandon, 1.0)
        out = pd.DataFrame({"agents": n.astype(np.int64), "service_level": sl, "asa_seconds": asa})
        out["occupancy"] = occ
        out["abandon_rate"] = abandon
        if a == 0:
            out[["service_level", "asa_seconds", "occupancy", "abandon_rate"]] = [1.0, 0, 0, 0]
        return out
    stable = n > a
    b = erlang_b(aa, n)
    with np.errstate(divide="ignore", invalid="ignore"):
        _, sl, asa = _erlang_c_metrics(aa, n, b, t)
        occ = np.where(n > 0, a / np.where(n > 0, n, 1.0), 0.0)
    if a == 0:
        return pd.DataFrame(
            {
                "agents": n.astype(np.int64),
                "service_level": 1.0,
                "asa_seconds": 0.0,
                "occupancy": 0.0,
            }
        )
    return pd.DataFrame(
        {
            "agents": n.astype(np.int64),
            "service_level": np.where(stable, sl, 0.0),
            "asa_seconds": np.where(stable, asa * aht_seconds, np.inf),
            "occupancy": np.where(stable, occ, 1.0),
        }
    )


# --------------------------------------------------------------------------------------------------
# Erlang A
# --------------------------------------------------------------------------------------------------


def _erlang_a_metrics(
    a: FloatArray, n: FloatArray, t: FloatArray, theta: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """(SL, P_w, ASA in AHT units, abandon rate) of M/M/N+M, time in units of AHT (service rate 1).

    Birth-death chain: arrivals A, departures min(k, N) + max(k - N, 0) theta in state k.
    pi(N + j) / pi(N) = rho_j = prod_{i=1..j} A / (N + i theta);
    sum_{k<=N} pi(k) / pi(N) = 1 / B(N, A).
    A caller arriving with j ahead in the queue is answered with probability N / (N + (j + 1) theta)
    and, given answered, within t with probability I_p(j + 1, N / theta + 1), p = 1 - exp(-theta t)
    (the regularised incomplete beta; for whole first argument a negative-binomial tail, summed here
    term by term in log space). Given answered, its mean wait is sum_{i=1..j+1} 1 / (N + i theta).
    """
    size = a.size
    b = erlang_b(a, n)
    # Sums over queue positions j = 0, 1, ..., in log space (rho_j overflows when N << A), each
    # interval dropped from the loop once its tail is negligible.
    out = np.full((4, size), -np.inf)  # log sums: waiting, answered within t, abandoned, wait
    live = np.arange(size)
    a_, n_, theta_ = a, n, theta
    shape_b = n_ / theta_ + 1.0
    log_rho = np.zeros(size)  # rho_0 = 1
    sums = out.copy()
    harmonic = np.zeros(size)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        log_p = np.log(-np.expm1(-theta_ * t))
        log_q = -theta_ * t * shape_b  # negative binomial pmf at 0: (1 - p)^b
        log_cdf = log_q.copy()
        j = 0
        while True:
            leave = n_ + (j + 1) * theta_  # total exit rate for the caller with j ahead
            harmonic += 1.0 / leave
            log_served = np.log(n_ / leave)
            log_within = np.log1p(-np.exp(np.minimum(log_cdf, 0.0)))
            terms = np.stack(
                (
                    log_rho,
                    log_rho + log_served + log_within,
                    log_rho + np.log((j + 1) * theta_ / leave),
                    log_rho + log_served + np.log(harmonic),
                )
            )
            sums = np.logaddexp(sums, terms)
            j += 1
            ratio = a_ / (n_ + j * theta_)
            log_rho = log_rho + np.log(ratio)
            tail = log_rho + np.log(ratio / (1.0 - ratio))
            done = (ratio < 1.0) & (tail < sums[0] - _TAIL_LOG)
            if done.any():
                out[:, live[done]] = sums[:, done]
                keep = ~done
                if not keep.any():
                    break
                live = live[keep]
                a_, n_, theta_, shape_b = a_[keep], n_[keep], theta_[keep], shape_b[keep]
                log_rho, sums, harmonic = log_rho[keep], sums[:, keep], harmonic[keep]
                log_p, log_q, log_cdf = log_p[keep], log_q[keep], log_cdf[keep]
            log_q = log_q + np.log((shape_b + j - 1.0) / j) + log_p
            log_cdf = np.logaddexp(log_cdf, log_q)
        log_z = np.logaddexp(np.log1p(-b) - np.log(b), out[0])
        pw = np.exp(out[0] - log_z)
        abandon = np.exp(out[2] - log_z)
        sl = (1.0 - pw) + np.exp(out[1] - log_z)
        asa = np.exp(out[3] - log_z) / (1.0 - abandon)
    return np.minimum(sl, 1.0), pw, asa, abandon


def _solve_erlang_a(
    a: FloatArray,
    t: FloatArray,
    target: FloatArray,
    max_occupancy: FloatArray | None,
    theta: FloatArray,
) -> tuple[FloatArray, tuple[FloatArray, FloatArray, FloatArray, FloatArray]]:
    """Smallest N >= 1 with Erlang A SL(N) >= target and carried occupancy
    A (1 - abandon(N)) / N <= max_occupancy.

    First the service level alone (`_solve_erlang_a_target`). Then the cap, on the traffic the
    agents carry (callers who hang up take no agent time), not on the offered traffic: carried
    traffic A (1 - abandon(N)) rises with N and stays below N, so N_{k+1} = max(N_k,
    ceil(A (1 - abandon(N_k)) / cap)) climbs to the smallest N with carried(N) / N <= cap
    (every N below it has carried(N) > cap x N). SL rises with N, so the target still holds.
    """
    n, best = _solve_erlang_a_target(a, t, target, theta)
    if max_occupancy is None:
        return n, best
    metrics = np.stack(best)
    idx = np.arange(a.size)
    while idx.size:
        need = ceil_exact(a[idx] * (1.0 - metrics[3, idx]) / max_occupancy[idx])
        more = need > n[idx]
        idx, need = idx[more], need[more]
        if idx.size:
            n[idx] = need
            metrics[:, idx] = np.stack(_erlang_a_metrics(a[idx], need, t[idx], theta[idx]))
    return n, (metrics[0], metrics[1], metrics[2], metrics[3])


def _solve_erlang_a_target(
    a: FloatArray, t: FloatArray, target: FloatArray, theta: FloatArray
) -> tuple[FloatArray, tuple[FloatArray, FloatArray, FloatArray, FloatArray]]:
    """Smallest N >= 1 with Erlang A SL(N) >= target, and the metrics there (no occupancy cap).

    SL rises with N. Start from the Erlang C answer, which usually meets the target with
    abandonment too: if one agent fewer falls short, it is the answer. Otherwise bisect per
    interval. Lower end: answered callers cannot exceed N / A of all callers, so N < target x A
    falls short. If the Erlang C answer falls short, double it until it does not.
    """
    hi, _ = _solve_erlang_c(a, t, target, None)
    # lo: below the answer (falls short of target)
    lo = np.maximum(np.ceil(target * a) - 1.0, 0.0)
    best = np.zeros((4, a.size))  # metrics at hi, kept so the answer is not evaluated twice

    def evaluate(idx: IntArray, n: FloatArray) -> npt.NDArray[np.bool_]:
        metrics = np.stack(_erlang_a_metrics(a[idx], n, t[idx], theta[idx]))
        ok: npt.NDArray[np.bool_] = metrics[0] >= target[idx]
        best[:, idx[ok]] = metrics[:, ok]
        return ok

    idx = np.arange(a.size)
    while idx.size:
        short = ~evaluate(idx, hi[idx])
        lo[idx[short]] = hi[idx[short]]
        hi[idx[short]] *= 2.0
        idx = idx[short]
    idx = np.flatnonzero(hi - lo > 1)
    if idx.size:  # one agent fewer: usually enough to settle it
        below = hi[idx] - 1.0
        ok = evaluate(idx, below)
        lo[idx[~ok]] = below[~ok]
        hi[idx[ok]] = below[ok]
        idx = idx[hi[idx] - lo[idx] > 1]
    while idx.size:
        mid = np.floor((lo[idx] + hi[idx]) / 2.0)
        ok = evaluate(idx, mid)
        hi[idx[ok]] = mid[ok]
        lo[idx[~ok]] = mid[~ok]
        idx = idx[hi[idx] - lo[idx] > 1]
    return hi, (best[0], best[1], best[2], best[3])


def erlang_a(
    calls: Any,
    interval_seconds: Any,
    aht_seconds: Any,
    answer_seconds: Any,
    service_level: Any,
    *,
    patience_seconds: Any,
    max_occupancy: Any = None,
    shrinkage: Any = 0.0,
) -> pd.DataFrame:
    """Agents required per interval by Erlang A: callers hang up after a mean patience.

    Same inputs and columns as `erlang_c`, plus `patience_seconds` (> 0, the mean time a caller
    will wait before hanging up, exponentially distributed) and the column abandon_rate (share of
    callers who hang up before being answered). Here:
    - service_level: share of ALL callers answered within the answer-time target (a caller who hangs
      up counts as not answered);
    - asa_seconds: mean wait of answered callers;
    - occupancy: answered traffic / N = A (1 - abandon_rate) / N;
    - agents: the smallest N >= 1 with service_level >= target (N may be below A: callers who hang
      up take no agent time) whose occupancy above (carried traffic, the one shown) is at most
      max_occupancy. The cap is on carried, not offered, traffic: ceil(A / max_occupancy) would
      ask for agents the shown occupancy does not need. (In Erlang C no caller hangs up, carried
      = offered, and the cap is ceil(A / max_occupancy).)
    With very patient callers the results tend to Erlang C's.

    >>> row = erlang_a(100, 1800, 180, 20, 0.8, patience_seconds=120).iloc[0]
    >>> int(row.agents), round(float(row.service_level), 3), round(float(row.abandon_rate), 3)
    (12, 0.826, 0.062)
    """
    if patience_seconds is None:
        raise ValueError("patience_seconds must be a number > 0, got None")
    return _per_interval(
        calls,
        interval_seconds,
        aht_seconds,
        answer_seconds,
        service_level,
        max_occupancy=max_occupancy,
        shrinkage=shrinkage,
        patience_seconds=patience_seconds,
    )


def traffic_erlangs(calls: Any, interval_seconds: Any, aht_seconds: Any) -> FloatArray:
    """Traffic A = calls x AHT / interval length, in Erlangs (calls multiplied first: exact for
    whole-second inputs).

    >>> float(traffic_erlangs(100, 1800, 180))  # 100 calls of 3 minutes in half an hour
    10.0
    """
    traffic: FloatArray = np.asarray(calls, dtype=np.float64) * aht_seconds / interval_seconds
    return traffic


__all__ = [
    "ERLANG_A_COLUMNS",
    "INPUT_RANGES",
    "RESULT_COLUMNS",
    "InputRange",
    "allowed_range",
    "check_input",
    "check_range",
    "erlang_a",
    "erlang_b",
    "erlang_c",
    "service_level_curve",
    "staff_traffic",
    "traffic_erlangs",
]


# --------------------------------------------------------------------------------------------------
# Many AHTs at once: the risk runs (`planner.engine.workload.queue_fte_runs`)
# --------------------------------------------------------------------------------------------------

_BISECTIONS = 48
"""The most halvings for a threshold the quick search could not confirm (2^-48 x n is under
1e-13 x n Erlangs, far inside the 1e-9 band the caller solves on its own)."""
_CONFIRM = 1e-11
"""A threshold t is confirmed when n agents take t x (1 - _CONFIRM) and not t x (1 + _CONFIRM)."""


def agents_for(
    traffic_erlangs: Any,
    aht_seconds: Any,
    *,
    answer_seconds: float,
    service_level: float,
    max_occupancy: float | None = None,
    patience_seconds: float | None = None,
) -> npt.NDArray[np.int64]:
    """Agents needed for each traffic value, each with its own AHT (arrays broadcast): the
    `agents` column of `staff_traffic`, solved the same way, value by value.

    >>> agents_for([10.0, 12.0], [180.0, 240.0], answer_seconds=20, service_level=0.8).tolist()
    [14, 16]
    """
    given = check_range("traffic_erlangs", traffic_erlangs, 0, None)
    a = given.ravel()
    q = _queue_inputs(
        calls=a,
        interval_seconds=1.0,
        aht_seconds=np.broadcast_to(np.asarray(aht_seconds, dtype=float), given.shape).ravel(),
        answer_seconds=answer_seconds,
        service_level=service_level,
        max_occupancy=max_occupancy,
        shrinkage=0.0,
        patience_seconds=patience_seconds,
    )
    agents: npt.NDArray[np.int64] = _staff(a, q)["agents"].to_numpy().reshape(given.shape)
    return agents


def agent_thresholds(
    aht_seconds: Any,
    *,
    answer_seconds: float,
    service_level: float,
    max_occupancy: float | None,
    most_agents: int,
) -> FloatArray:
    """Erlang C: for each AHT (R values) and n = 1..most_agents, the largest traffic (Erlangs)
    that n agents take, shape (R, most_agents).

    n agents take traffic A when n > A, ceil(A / max_occupancy) <= n and SL(n, A) >= the target
    (where `erlang_c` stops: SL rises with n and falls with A), so the agents A needs are 1 + the
    number of thresholds below A (0 agents for no traffic). Each threshold is the smaller of the
    occupancy limit and the root of SL(n, A) = target, found by 10 halvings of [0, n] and 5
    secant steps, evaluating exactly the formulas `erlang_c` uses (Erlang B by its recursion),
    then confirmed: n agents take t x (1 - 1e-11) and not t x (1 + 1e-11); one that is not
    confirmed is found by halving its bracket to within 1e-13 x n. A traffic within 1e-9
    (relative) of a threshold is for the caller to solve with `agents_for`.

    >>> t = agent_thresholds([180.0], answer_seconds=20, service_level=0.8, max_occupancy=None,
    ...     most_agents=14)
    >>> bool(t[0, 12] < 10.0 <= t[0, 13])  # 10 Erlangs at 180 s need 14 agents, not 13
    True
    """
    aht = np.asarray(aht_seconds, dtype=float).ravel()
    n = np.arange(1, most_agents + 1, dtype=float)[:, None] * np.ones((1, aht.size))
    t_over_aht = answer_seconds / aht[None, :] * np.ones_like(n)

    def margin(a: FloatArray) -> FloatArray:  # SL - target; < 0 from n on
        with np.errstate(divide="ignore", invalid="ignore"):
            _, sl, _ = _erlang_c_metrics(a, n, _erlang_b_rows(a), t_over_aht)
        return np.where(a < n, sl - service_level, -1.0)

    lo, hi = np.zeros_like(n), n.copy()
    for _ in range(10):
        mid = (lo + hi) / 2.0
        ok = margin(mid) >= 0
        lo, hi = np.where(ok, mid, lo), np.where(ok, hi, mid)
    x0, x1 = lo, hi
    g0, g1 = margin(x0), margin(x1)
    for _ in range(5):  # secant steps inside the bracket (SL is smooth and falling in A)
        with np.errstate(divide="ignore", invalid="ignore"):
            step = np.where(g1 != g0, g1 * (x1 - x0) / (g1 - g0), 0.0)
        x2 = x1 - step
        x2 = np.where(np.isfinite(x2) & (x2 >= lo) & (x2 <= hi), x2, (lo + hi) / 2.0)
        x0, g0, x1, g1 = x1, g1, x2, margin(x2)
    lo = x1
    limit = lo if max_occupancy is None else np.minimum(lo, (n + EPS) * max_occupancy)
    takes = _Takes(n, t_over_aht, service_level, max_occupancy)
    confirmed = takes(limit * (1.0 - _CONFIRM)) & ~takes(limit * (1.0 + _CONFIRM))
    if not confirmed.all():
        low, high = limit * (1.0 - _CONFIRM), limit * (1.0 + _CONFIRM)
        limit = takes.bisect(np.where(takes(low), low, 0.0), np.where(takes(high), n, high))
    return np.ascontiguousarray(limit.T)


def _erlang_b_rows(a: FloatArray) -> FloatArray:
    """Erlang B(n, a) for (agents, R) arrays whose row i has n = i + 1: one recursion, step k
    updating rows k - 1 on (`erlang_b`'s formula)."""
    b = np.ones_like(a)
    for k in range(1, a.shape[0] + 1):
        ab = a[k - 1 :] * b[k - 1 :]
        b[k - 1 :] = ab / (k + ab)
    return b


class _Takes:
    """Whether n agents take traffic a (`agent_thresholds`), for (agents, R) arrays."""

    def __init__(
        self, n: FloatArray, t_over_aht: FloatArray, target: float, cap: float | None
    ) -> None:
        self.n, self.t_over_aht, self.target, self.cap = n, t_over_aht, target, cap

    def __call__(self, a: FloatArray) -> npt.NDArray[np.bool_]:
        with np.errstate(divide="ignore", invalid="ignore"):
            _, sl, _ = _erlang_c_metrics(a, self.n, _erlang_b_rows(a), self.t_over_aht)
        ok = (a < self.n) & (sl >= self.target)
        if self.cap is not None:
            ok &= ceil_exact(a / self.cap) <= self.n
        return np.asarray(ok)

    def bisect(self, lo: FloatArray, hi: FloatArray) -> FloatArray:
        """The thresholds by halving [lo, hi] (n agents take lo, not hi) until each is narrower
        than 1e-13 x n, at most _BISECTIONS times."""
        for _ in range(_BISECTIONS):
            if np.all(hi - lo <= 1e-13 * self.n):
                break
            mid = (lo + hi) / 2.0
            ok = self(mid)
            lo, hi = np.where(ok, mid, lo), np.where(ok, hi, mid)
        return lo
