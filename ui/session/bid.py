"""The Bid desk's memory in `st.session_state`: the prospect's history the founder brought in,
and each bid built, kept by its inputs (the history's bytes, the targets, the margin and the
content of the plan its costs come from), so a rerun or a visit to another page never builds the
same bid twice. Problems come back as the stages' own messages (never a traceback).
"""

from __future__ import annotations

import hashlib
import io
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from planner.bid.desk import default_plan_for, make_bid
from planner.bid.history import HistoryError, read_history
from planner.bid.pricing import cost_basis
from planner.bid.to_plan import add_bid_to_plan
from planner.bid.types import Bid, BidChannel, BillingModel, ChannelTargets, CostBasis, History
from planner.model.issues import PlanError, explain
from planner.model.plan import Plan
from planner.model.text import plain
from ui.session import state

HISTORY_KEY = "bid_history"
RESULTS_KEY = "bid_results"
KEEP = 4
"""Bids kept in a session (the oldest is dropped first)."""


@dataclass(frozen=True)
class Brought:
    """A history file the founder brought in: its name in words, its bytes, and the sample's
    key when it is one of ours."""

    name: str
    data: bytes
    sample: str | None = None
    profile: str = "business_hours"

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def bring(name: str, data: bytes, *, sample: str | None = None, profile: str) -> None:
    """Keep a history file as the one the page works from (read on the next run); `profile`:
    the arrival pattern daily or monthly totals are spread by."""
    st.session_state[HISTORY_KEY] = Brought(name, data, sample, profile)


def brought() -> Brought | None:
    found: Brought | None = st.session_state.get(HISTORY_KEY)
    return found


@st.cache_resource(max_entries=8, show_spinner="Reading the history...")
def _read(digest: str, profile: str, _data: bytes) -> History | str:
    try:
        return read_history(io.BytesIO(_data), profile=profile)
    except HistoryError as exc:
        return str(exc)


def history(file: Brought) -> tuple[History | None, str]:
    """The history in `file`, or None and why it cannot be read (the reader's message: the row,
    the column and what is allowed). Read once per file content."""
    found = _read(file.digest, file.profile, file.data)
    if isinstance(found, str):
        return None, f"{plain(file.name)} could not be read: {found}"
    return found, ""


@st.cache_resource(max_entries=8, show_spinner=False)
def _basis(content_key: str, _plan: Plan) -> CostBasis | str:
    try:
        return cost_basis(_plan, projection=state.projection(_plan))
    except ValueError as exc:  # PlanError too: no agent role to cost the bid with
        return plain(str(exc))


def costing(plan: Plan, channel: BidChannel) -> tuple[Plan, CostBasis, str]:
    """The plan the bid is costed from, its cost basis (`planner.bid.pricing.cost_basis`, once
    per plan content) and a note: the open plan, or, when it cannot give the costs (no agent
    role yet), the starter plan the desk uses for `channel` (`default_plan_for`), saying why."""
    found = _basis(plan.content_key(), plan)
    if not isinstance(found, str):
        return plan, found, ""
    starter = default_plan_for(channel)
    basis = _basis(starter.content_key(), starter)
    if isinstance(basis, str):  # a starter always has an agent role; never a traceback anyway
        raise PlanError(basis)
    note = (
        f"The open plan cannot cost this bid yet ({found.rstrip('.')}); the costs come from the "
        f"starter plan {plain(starter.settings.name)} until it can."
    )
    return starter, basis, note


def bid_key(file: Brought, targets: ChannelTargets, margin: float, basis: CostBasis) -> str:
    """What a bid depends on, as one text: the history's content, every target, the margin and
    the cost basis (all the desk reads of the plan), so a change elsewhere in the plan (a client
    added, a page's edit) keeps the bid unless it moves the costs."""
    parts = (file.digest, repr(targets), repr(margin), repr(basis))
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _results() -> OrderedDict[str, Bid]:
    found: OrderedDict[str, Bid] | None = st.session_state.get(RESULTS_KEY)
    if found is None:
        found = st.session_state[RESULTS_KEY] = OrderedDict()
    return found


def cached(key: str) -> Bid | None:
    """The bid already built from these inputs, or None."""
    return _results().get(key)


def latest() -> Bid | None:
    """The bid built last in this session (from whatever inputs), or None."""
    results = _results()
    return next(reversed(results.values())) if results else None


def build(
    key: str,
    found: History,
    *,
    targets: ChannelTargets,
    margin: float,
    plan: Plan,
    progress: Callable[[float, str], None],
) -> tuple[Bid | None, str]:
    """Build the bid (`planner.bid.desk.make_bid`) and keep it under `key`; or None and the
    stage's message when the targets or the history cannot make a bid."""
    try:
        bid = make_bid(found, targets, margin=margin, plan=plan, progress=progress)
    except ValueError as exc:  # HistoryError too: a history too short for the forecast
        return None, plain(str(exc))
    results = _results()
    results[key] = bid
    results.move_to_end(key)
    while len(results) > KEEP:
        results.popitem(last=False)
    return bid, ""


def with_prospect(
    plan: Plan,
    bid: Bid,
    model: BillingModel,
    *,
    client_name: str,
    probability: float,
    start_month: int,
) -> tuple[Plan | None, str]:
    """The plan with the bid added as a prospect (`planner.bid.to_plan.add_bid_to_plan`), or
    None and why it cannot be added, in words naming the field."""
    try:
        new_plan = add_bid_to_plan(
            plan, bid, model, client_name=client_name, probability=probability,
            start_month=start_month,
        )  # fmt: skip
    except PlanError as exc:
        return None, "; ".join(plain(explain(issue)) for issue in exc.issues)
    except ValueError as exc:
        return None, plain(str(exc))
    return new_plan, ""
