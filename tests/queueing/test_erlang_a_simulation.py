"""Erlang A against a discrete-event simulation of the same queue (M/M/N+M, first come first
served).

The simulation needs no queueing theory: callers arrive at random (Poisson), each has an
exponential handle time and an exponential patience; a caller takes the first agent to come free,
unless the wait would exceed its patience, in which case it hangs up and takes no agent time.
200,000 callers per scenario with a fixed seed: the sampling error of a share is below 0.002
(binomial, with queue correlation a few times that), so the tolerance is 0.01 on shares and 5% on
the mean wait.
"""

from __future__ import annotations

import heapq

import numpy as np
import pytest

from planner.queueing.erlang import service_level_curve

CALLERS = 200_000


def simulate(calls_per_second, aht, patience, agents, answer_seconds, *, seed):
    rng = np.random.default_rng(seed)
    arrivals = np.cumsum(rng.exponential(1 / calls_per_second, CALLERS)).tolist()
    handle = rng.exponential(aht, CALLERS).tolist()
    patience_draws = rng.exponential(patience, CALLERS).tolist()
    free_at = [0.0] * agents  # when each agent is next free (a heap)
    waited = hung_up = answered_in_time = answered = 0
    total_wait = 0.0
    for arrive, work, patient in zip(arrivals, handle, patience_draws, strict=True):
        start = max(arrive, free_at[0])
        wait = start - arrive
        if wait > patient:
            hung_up += 1
            waited += 1
            continue
        heapq.heapreplace(free_at, start + work)
        answered += 1
        total_wait += wait
        waited += wait > 0
        answered_in_time += wait <= answer_seconds
    return {
        "service_level": answered_in_time / CALLERS,
        "probability_of_waiting": waited / CALLERS,
        "abandon_rate": hung_up / CALLERS,
        "asa_seconds": total_wait / answered,
    }


@pytest.mark.parametrize(
    ("calls", "aht", "patience", "agents", "answer"),
    [
        (
            100,
            180,
            120,
            12,
            20,
        ),  # the DOMAIN.md queue with impatient callers, at its Erlang A answer
        (100, 180, 120, 10, 20),  # understaffed: N = A, which Erlang C cannot handle at all
        (300, 300, 60, 40, 30),  # 50 Erlangs on 40 agents: heavy abandonment
        (40, 600, 900, 15, 60),  # patient callers, long calls
    ],
)
def test_erlang_a_matches_simulation(calls, aht, patience, agents, answer):
    model = service_level_curve(calls, 1800, aht, answer, [agents], patience_seconds=patience)
    simulated = simulate(calls / 1800, aht, patience, agents, answer, seed=7)
    row = model.iloc[0]
    assert row.service_level == pytest.approx(simulated["service_level"], abs=0.01)
    assert row.abandon_rate == pytest.approx(simulated["abandon_rate"], abs=0.01)
    assert row.asa_seconds == pytest.approx(simulated["asa_seconds"], rel=0.05, abs=0.5)
