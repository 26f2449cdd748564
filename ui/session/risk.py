"""The risk runs' results, kept by plan content: each plan content is run once per server.

The runs (`planner.report.risk`) are seeded, so the same plan content (its `risk:` section is
part of it) always gives the same result: the Risk page computes it once, showing the first runs
at once and filling in with a progress bar, and later visits (and the Export page) reuse it.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterator

import streamlit as st

from planner.model.plan import Plan
from planner.report.risk import RiskResult, iter_risk

KEEP = 8
"""Plan contents whose results are kept (the oldest is dropped first)."""


@st.cache_resource(show_spinner=False)
def _store() -> OrderedDict[str, RiskResult]:
    return OrderedDict()


def cached(plan: Plan) -> RiskResult | None:
    """The finished result for this plan content, or None when it has not been run."""
    found = _store().get(plan.content_key())
    return found


def _keep(key: str, result: RiskResult) -> None:
    store = _store()
    store[key] = result
    store.move_to_end(key)
    while len(store) > KEEP:
        store.popitem(last=False)


def run(plan: Plan, *, first: int = 200, chunk: int = 500) -> Iterator[RiskResult]:
    """The plan's result, cumulative: the cached result at once when there is one, else the first
    `first` runs, then `chunk` more at a time (`iter_risk`); the last is kept for this content."""
    key = plan.content_key()
    found = cached(plan)
    if found is not None:
        yield found
        return
    last: RiskResult | None = None
    for last in iter_risk(plan, first=first, chunk=chunk):
        yield last
    if last is not None:
        _keep(key, last)


def result(plan: Plan, progress: Callable[[RiskResult], None] | None = None) -> RiskResult:
    """The plan's finished result (cached or computed now), calling `progress` with each
    cumulative part while it runs."""
    last: RiskResult | None = None
    for last in run(plan):
        if progress is not None:
            progress(last)
    if last is None:  # iter_risk yields at least once (a plan has at least 10 runs)
        raise RuntimeError("the risk runs gave no result")
    return last
