"""Erlang C speed: this planner's vectorised solver against a loop over pyworkforce 0.5.1.

Prints figures (not a test). Run: .venv/bin/python benchmarks/bench_erlang.py
20,000 seeded random intervals (1-800 calls, 15/30/60-minute intervals, AHT 20-900 s, 5-120 s
answer target, 60-95% service level, occupancy caps, shrinkage): both solvers in the same process,
the agents compared, then the command line timed on the same intervals as a 20,000-row CSV against
a one-row CSV (the difference is the cost of the rows beyond start-up).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from planner.queueing.erlang import erlang_c  # noqa: E402

N = 20_000


def intervals(n: int = N, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "calls": rng.integers(1, 800, n),
            "interval_seconds": rng.choice([900, 1800, 3600], n),
            "aht_seconds": rng.integers(20, 900, n),
            "answer_seconds": rng.integers(5, 120, n),
            "service_level": rng.uniform(0.6, 0.95, n).round(2),
            "max_occupancy": rng.choice([1.0, 0.8, 0.85, 0.9], n),
            "shrinkage": rng.choice([0.0, 0.25, 0.3, 0.35], n),
        }
    )


def best_of(runs: int, fn) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    from pyworkforce.queuing.erlang import ErlangC

    x = intervals()
    columns = [x[c].to_numpy() for c in x.columns]

    def ours():
        return erlang_c(*columns[:5], max_occupancy=columns[5], shrinkage=columns[6])

    rows = x.to_dict("records")

    def theirs():
        return [
            ErlangC(
                transactions=r["calls"],
                aht=r["aht_seconds"],
                asa=r["answer_seconds"],
                interval=r["interval_seconds"],
                shrinkage=r["shrinkage"],
            ).required_positions(service_level=r["service_level"], max_occupancy=r["max_occupancy"])
            for r in rows
        ]

    ours()  # warm-up
    t_ours = best_of(5, ours)
    t_theirs = best_of(1, theirs)
    result, reference = ours(), theirs()
    raw = np.array([r["raw_positions"] for r in reference])
    differ = np.flatnonzero(raw != result.agents.to_numpy())
    print(f"intervals:                 {N:,}")
    print(
        f"traffic (Erlangs):         median {result.traffic_erlangs.median():.1f}, "
        f"max {result.traffic_erlangs.max():.1f}"
    )
    print(f"planner.queueing.erlang.erlang_c:   {t_ours * 1000:8.1f} ms (best of 5)")
    print(f"pyworkforce ErlangC loop:  {t_theirs * 1000:8.1f} ms")
    print(f"speed ratio:               {t_theirs / t_ours:8.0f}x")
    print(f"agents identical:          {N - differ.size:,} of {N:,}")
    reasons: dict[str, int] = {}
    for i in differ:  # the pyworkforce quirks named in tests/queueing/test_erlang_vs_pyworkforce.py
        a_theirs = x.calls[i] / x.interval_seconds[i] * x.aht_seconds[i]
        by_cap = a_theirs / x.max_occupancy[i]
        if raw[i] == np.ceil(by_cap) and abs(by_cap - round(by_cap)) < 1e-9:
            reason = "float ceiling of A / max_occupancy"
        elif round(a_theirs + 1) > np.floor(a_theirs) + 1:
            reason = "search starts at round(A + 1)"
        else:
            reason = "UNEXPLAINED"
        reasons[reason] = reasons.get(reason, 0) + 1
    for reason, count in sorted(reasons.items()):
        print(f"  pyworkforce one agent more ({reason}): {count}")
    with tempfile.TemporaryDirectory() as tmp:
        big, one = Path(tmp) / "big.csv", Path(tmp) / "one.csv"
        x.to_csv(big, index=False)
        x.head(1).to_csv(one, index=False)

        def cli(path: Path) -> None:
            subprocess.run(
                [sys.executable, "-m", "planner", "staffing", "--intervals", str(path)],
                cwd=ROOT,
                check=True,
                stdout=subprocess.DEVNULL,
            )

        t_one = best_of(3, lambda: cli(one))
        t_big = best_of(3, lambda: cli(big))
    print(f"CLI, 1-row CSV:            {t_one * 1000:8.0f} ms (start-up)")
    print(
        f"CLI, {N:,}-row CSV:       {t_big * 1000:8.0f} ms "
        f"({(t_big - t_one) * 1000:.0f} ms beyond start-up)"
    )


if __name__ == "__main__":
    main()
