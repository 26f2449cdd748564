"""Step 1, the specialty: rank candidate specialties and compare delivery models on cost.

- `score_candidates`: a weighted scoring matrix. Each candidate is scored 1 (poor) to 5 (excellent)
  per criterion (for `startup_cost`, 5 = cheapest to start); the weighted mean
  m = sum(w_c x s_c) / sum(w_c) is put on a 0-100 scale: weighted_score = (m - 1) / 4 x 100, so all
  ones give 0 and all fives give 100.
- `change_workload_type`: how a service line's work is measured (a queue, items, project hours),
  switched with what carries over: the handle time (AHT seconds = minutes per item x 60) and the
  busy share (a queue's maximum occupancy = a back office's or project's utilisation).
- `compare_delivery_models`: for each example location, what one full-time agent costs a month and
  per productive hour, with the plan's own burden, paid hours, shrinkage and per-person resources.

Pure functions: plan sections in, tidy DataFrames out; no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

import numpy as np
import pandas as pd

from planner.data.catalog import Location, find_location
from planner.model.issues import PlanError
from planner.model.labels import CHANNEL_LABELS, WORKLOAD_TYPE_LABELS
from planner.model.limits import Bounds, bounds
from planner.model.plan import (
    ARRIVAL_WORKLOADS,
    DEADLINE_CHANNELS,
    SCORE_CRITERIA,
    SEATS_PER_PERSON,
    ItemsWorkload,
    OutboundWorkload,
    Plan,
    ProjectWorkload,
    QueueChannel,
    QueueWorkload,
    ScoreCriterion,
    Specialty,
    Workload,
    WorkloadType,
)
from planner.report.format import number, percent

SCORE_COLUMNS = ("candidate", *SCORE_CRITERIA, "weighted_score", "rank")
"""candidate: name; one column per criterion (score 1-5); weighted_score: 0-100 (see the module
docstring); rank: 1 = best, ties share the better rank (Int64; <NA> when all weights are 0)."""

DELIVERY_COLUMNS = (
    "location",
    "country",
    "client_market",
    "delivery_model",
    "agent_wage_per_hour",
    "wage_per_month",
    "loaded_wage_per_month",
    "resources_per_person_month",
    "loaded_cost_per_fte_month",
    "productive_hours_per_month",
    "cost_per_productive_hour",
    "wage_is_assumption",
    "is_plan_location",
    "source",
)
"""One row per location, money in the plan's currency:
agent_wage_per_hour: midpoint of the location's range (converted from US dollars);
wage_per_month = agent_wage_per_hour x paid_hours_per_month;
loaded_wage_per_month = wage_per_month x (1 + burden);
resources_per_person_month = per-seat items x seats per person (shift pattern) + per-employee items,
each quantity x (monthly_cost + one_time_cost / useful_life_months);
loaded_cost_per_fte_month = loaded_wage_per_month + resources_per_person_month;
productive_hours_per_month = paid_hours_per_month x (1 - shrinkage);
cost_per_productive_hour = loaded_cost_per_fte_month / productive_hours_per_month."""

DEFAULT_WEIGHT = 1.0
"""Weight of a criterion missing from `criteria_weights` (the model's default weight)."""

_MODEL_ORDER = {"onshore": 0, "nearshore": 1, "offshore": 2}


def score_candidates(specialty: Specialty) -> pd.DataFrame:
    """The weighted scoring matrix of the candidate specialties, best first (see SCORE_COLUMNS).

    Worked example: weights demand 3, margin 1, the other four 0; a candidate scoring demand 5
    and margin 1 has m = (3 x 5 + 1 x 1) / 4 = 4.0, so weighted_score = (4 - 1) / 4 x 100 = 75.

    >>> from planner.model.plan import Candidate
    >>> s = Specialty(
    ...     criteria_weights={"demand": 3, "margin": 1, "expertise": 0, "market_gap": 0,
    ...                       "startup_cost": 0, "remote_capable": 0},
    ...     candidates=[Candidate(name="Voice", scores={c: 5 if c == "demand" else 1
    ...                                                 for c in SCORE_CRITERIA})])
    >>> float(score_candidates(s).loc[0, "weighted_score"])
    75.0
    """
    criteria = cast(list[ScoreCriterion], list(SCORE_CRITERIA))
    rows = [[c.scores[k] for k in criteria] for c in specialty.candidates]
    scores = np.array(rows, dtype=float).reshape(len(rows), len(criteria))
    weights = np.array([specialty.criteria_weights.get(k, DEFAULT_WEIGHT) for k in criteria])
    total = weights.sum()
    if total > 0:
        mean = scores @ weights / total
        weighted = (mean - 1.0) / 4.0 * 100.0
    else:
        weighted = np.full(len(rows), np.nan)
    frame = pd.DataFrame(scores.astype(int), columns=criteria)
    names = pd.Series([c.name for c in specialty.candidates], index=frame.index, dtype="str")
    frame.insert(0, "candidate", names)
    frame["weighted_score"] = weighted
    # Round before ranking so that float noise does not split a tie.
    frame["rank"] = frame["weighted_score"].round(9).rank(method="min", ascending=False)
    frame["rank"] = frame["rank"].astype("Int64")
    frame = frame.sort_values("rank", kind="stable", na_position="last").reset_index(drop=True)
    return frame[list(SCORE_COLUMNS)]


def resource_costs_per_month(plan: Plan) -> tuple[float, float]:
    """Monthly resource cost (per seat, per employee) in the plan's currency: each per-seat item
    (per-employee item) counts quantity x (monthly_cost + one_time_cost / useful_life_months),
    paid in another currency at year 1's rate (`Settings.in_reporting`).

    Per-site, fixed and per-role items are left out: they do not grow with one more seat or
    person. The one owner of this rule: `resources_per_person_month` and the bid desk's cost
    basis (`planner.bid.pricing.cost_basis`) read it.
    """
    per_seat = per_employee = 0.0
    for item in plan.resources.items:
        if item.basis not in ("per_seat", "per_employee"):
            continue
        monthly = item.quantity * (item.monthly_cost + item.one_time_cost / item.useful_life_months)
        monthly = plan.settings.in_reporting(monthly, item.location)  # at year 1's rate
        if item.basis == "per_seat":
            per_seat += monthly
        else:
            per_employee += monthly
    return per_seat, per_employee


def resources_per_person_month(plan: Plan) -> float:
    """Monthly resource cost of one full-time person: per-seat items shared by the shift pattern's
    seats per person, plus per-employee items (`resource_costs_per_month`)."""
    per_seat, per_employee = resource_costs_per_month(plan)
    return per_seat * SEATS_PER_PERSON[plan.staffing.shift_pattern] + per_employee


def compare_delivery_models(
    plan: Plan, locations: Iterable[Location], *, usd_rate: float | None = None
) -> pd.DataFrame:
    """Cost of one agent FTE at each location, onshore first, then nearshore, then offshore,
    cheapest first within each (see DELIVERY_COLUMNS for the formulas).

    Locations' wages are US dollars; `usd_rate` (plan currency units per US dollar) converts them
    and is required when the plan's currency is not USD. Every location uses the plan's own
    burden, paid hours, shrinkage and resource costs: no public cost-per-seat benchmark by
    location exists, so those stay the founder's inputs.
    """
    currency = plan.settings.currency
    if usd_rate is None:
        if currency != "USD":
            raise PlanError(
                f"usd_rate: needed to compare locations (their wages are US dollars, the plan is "
                f"in {currency}); give {currency} per US dollar"
            )
        usd_rate = 1.0
    if not np.isfinite(usd_rate) or usd_rate <= 0:
        raise PlanError(f"usd_rate: must be a positive number, got {usd_rate!r}")
    staffing = plan.staffing
    locs = list(locations)
    wage_hour = np.array([loc.agent_wage_per_hour for loc in locs], dtype=float) * usd_rate
    wage_month = wage_hour * staffing.paid_hours_per_month
    loaded_wage = wage_month * (1.0 + staffing.burden)
    resources = resources_per_person_month(plan)
    loaded = loaded_wage + resources
    productive = staffing.paid_hours_per_month * (1.0 - staffing.shrinkage)
    here = find_location(plan.settings.location, locs)
    frame = pd.DataFrame(
        {
            "location": pd.array([loc.name for loc in locs], dtype="str"),
            "country": pd.array([loc.country for loc in locs], dtype="str"),
            "client_market": pd.array([loc.client_market for loc in locs], dtype="str"),
            "delivery_model": pd.array([loc.delivery_model for loc in locs], dtype="str"),
            "agent_wage_per_hour": wage_hour,
            "wage_per_month": wage_month,
            "loaded_wage_per_month": loaded_wage,
            "resources_per_person_month": np.full(len(locs), resources),
            "loaded_cost_per_fte_month": loaded,
            "productive_hours_per_month": np.full(len(locs), productive),
            "cost_per_productive_hour": loaded / productive,
            "wage_is_assumption": np.array([loc.assumption for loc in locs], dtype=bool),
            "is_plan_location": np.array(
                [here is not None and loc.id == here.id for loc in locs], dtype=bool
            ),
            "source": pd.array([loc.source for loc in locs], dtype="str"),
        },
        columns=list(DELIVERY_COLUMNS),
    )
    order = frame["delivery_model"].map(_MODEL_ORDER)
    frame = frame.assign(_order=order).sort_values(
        ["_order", "cost_per_productive_hour"], kind="stable"
    )
    return frame.drop(columns="_order").reset_index(drop=True)


def site_time_zone(plan: Plan, locations: Iterable[Location]) -> str | None:
    """The delivery site's time zone: the plan's own (`settings.time_zone`), else the catalog's
    for the plan's location (matched without regard to accents or case), else None."""
    if plan.settings.time_zone:
        return plan.settings.time_zone
    here = find_location(plan.settings.location, locations)
    return here.time_zone if here is not None and here.time_zone else None


def change_workload_type(
    workload: Workload, kind: WorkloadType, earlier: Workload | None = None
) -> Workload:
    """`workload` measured another way (`kind`: "queue", "items", "project" or "outbound").

    The same kind returns it unchanged; `earlier`, the line's own settings of that kind from
    before (when the founder switches back), is returned as it was. Otherwise the new kind starts
    from the model's defaults and keeps what means the same thing:
    - handle time: minutes_per_item = aht_seconds / 60 (and back: aht_seconds = minutes x 60);
    - the share of time busy: utilisation = max_occupancy (and back), items <-> project keep it;
      outbound dialling keeps the occupancy cap (its talk, wrap-up and no-contact seconds start
      from the model's defaults);
    - between a queue and outbound dialling: the arrival pattern (preset, own grid, time zone,
      interval), the same clients' week.

    >>> items = change_workload_type(QueueWorkload(aht_seconds=450, max_occupancy=0.8), "items")
    >>> items.minutes_per_item, items.utilisation  # 450 s = 7.5 minutes
    (7.5, 0.8)
    >>> change_workload_type(items, "project").utilisation
    0.8
    """
    if workload.type == kind:
        return workload
    if earlier is not None and earlier.type == kind:
        return earlier
    busy: float | None
    if isinstance(workload, QueueWorkload):
        busy, handle_seconds = workload.max_occupancy, workload.aht_seconds
    elif isinstance(workload, OutboundWorkload):
        busy, handle_seconds = workload.max_occupancy, None
    elif isinstance(workload, ItemsWorkload):
        busy, handle_seconds = workload.utilisation, workload.minutes_per_item * 60.0
    else:
        busy, handle_seconds = workload.utilisation, None
    # the same clients' week: a queue and outbound dialling share the arrival pattern's fields
    week = (
        {k: getattr(workload, k) for k in ("profile", "pattern", "time_zone", "interval_minutes")}
        if isinstance(workload, ARRIVAL_WORKLOADS)
        else {}
    )
    if kind == "queue":
        queue = QueueWorkload()
        return queue.model_copy(
            update={
                "max_occupancy": busy if busy is not None else queue.max_occupancy,
                "aht_seconds": min(handle_seconds or queue.aht_seconds, 36_000.0),
                **week,
            }
        )
    if kind == "outbound":
        dials = OutboundWorkload()
        return dials.model_copy(
            update={"max_occupancy": busy if busy is not None else dials.max_occupancy, **week}
        )
    if kind == "items":
        item = ItemsWorkload()
        return item.model_copy(
            update={
                "utilisation": busy if busy is not None else item.utilisation,
                "minutes_per_item": min(
                    (handle_seconds / 60.0) if handle_seconds else item.minutes_per_item, 10_000.0
                ),
            }
        )
    project = ProjectWorkload()
    return project.model_copy(
        update={"utilisation": busy if busy is not None else project.utilisation}
    )


DEFAULT_DEADLINE_SECONDS = 4 * 3600.0
"""A new e-mail or back-office line's response deadline: 4 hours of open time."""


def change_channel(work: QueueWorkload, channel: QueueChannel) -> QueueWorkload:
    """A queue line answered through another channel, with only that channel's settings:
    - not chat: one chat at once, no growth (the model refuses them elsewhere);
    - not voice: no caller patience (Erlang A is for callers);
    - to e-mail or back office from voice or chat: `answer_seconds` becomes a response deadline
      of DEFAULT_DEADLINE_SECONDS (4 hours); back to voice or chat from a deadline: the model's
      answer target (20 s). Handle time, service level, occupancy and the pattern are kept.

    >>> email = change_channel(QueueWorkload(answer_seconds=30, patience_seconds=90), "email")
    >>> email.answer_seconds, email.patience_seconds
    (14400.0, None)
    >>> change_channel(email, "chat").answer_seconds
    20.0
    """
    if channel == work.channel:
        return work
    was_deadline = work.channel in DEADLINE_CHANNELS
    to_deadline = channel in DEADLINE_CHANNELS
    answer = work.answer_seconds
    if to_deadline and not was_deadline:
        answer = DEFAULT_DEADLINE_SECONDS
    elif was_deadline and not to_deadline:
        answer = QueueWorkload.model_fields["answer_seconds"].default
    return QueueWorkload.model_validate(
        {
            **work.model_dump(),
            "channel": channel,
            "answer_seconds": answer,
            "concurrency": work.concurrency if channel == "chat" else 1,
            "concurrency_growth": work.concurrency_growth if channel == "chat" else 0.0,
            "patience_seconds": work.patience_seconds if channel == "voice" else None,
        }
    )


def deadline_bounds(interval_minutes: int) -> Bounds:
    """A response deadline in hours: at least one planning interval (the engine counts the
    deadline in whole intervals), at most the 24 hours `QueueWorkload.answer_seconds` allows.

    >>> deadline_bounds(30)
    Bounds(lo=0.5, hi=24.0, lo_open=False, hi_open=False, whole=False)
    """
    most = bounds(QueueWorkload, "answer_seconds").hi
    return Bounds(interval_minutes / 60, (most or 86_400) / 3600)


def workload_words(work: Workload) -> str:
    """How a service line's work is staffed, in a founder's words (the workbook's inputs and the
    document's service-line table).

    >>> chat = QueueWorkload(channel="chat", concurrency=2, concurrency_growth=0.1)
    >>> workload_words(chat).split(": ")[1]
    '80% answered within 20 s, 2 chats at once, each 10% longer per extra chat'
    >>> workload_words(QueueWorkload(channel="email", answer_seconds=14_400))
    'E-mail (response deadline): every item answered within 4 hours of opening time'
    >>> workload_words(OutboundWorkload())
    'Outbound dialling: 30% of dials reach someone (180 s talk + 60 s wrap-up), 30 s per other dial'
    """
    if isinstance(work, QueueWorkload):
        head = CHANNEL_LABELS[work.channel]
        if work.channel in DEADLINE_CHANNELS:
            hours = number(work.answer_seconds / 3600, 2, trim=True)
            return f"{head}: every item answered within {hours} hours of opening time"
        text = (
            f"{head}: {percent(work.service_level, 1, trim=True)} answered within "
            f"{number(work.answer_seconds, 1, trim=True)} s"
        )
        if work.channel == "chat":
            at_once = work.concurrency
            text += ", one chat at a time" if at_once == 1 else f", {at_once} chats at once"
            if work.concurrency_growth:
                growth = percent(work.concurrency_growth, 1, trim=True)
                text += f", each {growth} longer per extra chat"
        elif work.patience_seconds is not None:
            text += f", callers wait {number(work.patience_seconds, 0)} s on average"
        return text
    if isinstance(work, OutboundWorkload):
        return (
            f"{WORKLOAD_TYPE_LABELS['outbound'].capitalize()}: "
            f"{percent(work.contact_rate, 1, trim=True)} of dials reach someone "
            f"({number(work.talk_seconds, 1, trim=True)} s talk + "
            f"{number(work.wrap_seconds, 1, trim=True)} s wrap-up), "
            f"{number(work.no_contact_seconds, 1, trim=True)} s per other dial"
        )
    if isinstance(work, ItemsWorkload):
        return (
            f"{number(work.minutes_per_item, 2, trim=True)} minutes per item at "
            f"{percent(work.utilisation, 1, trim=True)} utilisation"
        )
    return f"Project hours, {percent(work.utilisation, 1, trim=True)} billable"
