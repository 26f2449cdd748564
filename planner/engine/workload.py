"""From workload to staff: queues (Erlang C / A over a typical week), back office, projects.

The engine calls these for every service line and month, so they are vectorised over months.

- Queue work: monthly contacts -> a typical week (/ WEEKS_PER_MONTH, i.e. x 12 / 52) -> contacts
  per interval through an arrival profile (its shares are read by `planner.data.profiles` and
  passed in as data: this module reads no files) -> agents per interval (Erlang C, or Erlang A
  with caller patience) -> agent-hours per month (sum over the week of agents x interval hours,
  x 52 / 12) -> FTE over productive hours (paid hours x (1 - shrinkage)). Peak concurrent agents
  decide seats.
- Chat, e-mail / back-office and outbound lines (`channel_staffing`, `channel_fte_runs`): the
  same typical week, with agents per interval from `planner.queueing.channels`: chat over chat
  slots (`chat_agents`), e-mail and back office from the backlog with the response deadline in
  open intervals, carried overnight and around the week (`backlog_agents`, cyclic), outbound
  dials paced by the team (`outbound_agents`).
- Back-office work: FTE = items x minutes per item
  / (paid hours x 60 x (1 - shrinkage) x utilisation).
- Project work: FTE = hours / (paid hours x (1 - shrinkage) x utilisation).
"""

from __future__ import annotations

from typing import Any, get_args

import numpy as np
import pandas as pd

from planner.bid.types import ChannelTargets
from planner.data.profiles import ArrivalProfile
from planner.model.plan import DEADLINE_CHANNELS, IntervalMinutes, OutboundWorkload, QueueWorkload
from planner.queueing.channels import (
    backlog_agents,
    chat_agents,
    deadline_intervals,
    outbound_agents,
    staff_intervals,
)
from planner.queueing.erlang import (
    agent_thresholds,
    agents_for,
    check_input,
    check_range,
    staff_traffic,
)

INTERVAL_MINUTES: tuple[int, ...] = get_args(IntervalMinutes)
"""The interval lengths a queue may be planned in (the model's `IntervalMinutes`)."""
WEEKS_PER_MONTH = 52 / 12


def queue_staffing(
    monthly_volume: np.ndarray | list[float],
    *,
    aht_seconds: float,
    answer_seconds: float,
    service_level: float,
    profile: ArrivalProfile,
    shrinkage: float,
    paid_hours_per_month: float,
    max_occupancy: float | None = None,
    patience_seconds: float | None = None,
) -> pd.DataFrame:
    """Staff for a queue, one row per month of contact volume.

    Columns:
    - volume: contacts per month (as given)
    - agent_hours: agent-hours on the phones per month
      = sum over the typical week of agents_i x interval hours x 52 / 12
    - fte = agent_hours / (paid_hours_per_month x (1 - shrinkage)), float, not rounded
    - peak_agents (int): most agents needed in any interval of the typical week (decides seats)
    - peak_contacts: contacts in the busiest interval of the typical week (the one needing
      peak_agents) = volume / WEEKS_PER_MONTH x the profile's largest share
    - service_level: achieved, weighted by contacts per interval
    - abandon_rate: share of callers who hang up, weighted likewise (0 for Erlang C)

    The typical week has monthly volume / WEEKS_PER_MONTH (x 12 / 52) contacts, spread by
    `profile.shares`. Agents per interval come from Erlang C, or Erlang A when `patience_seconds`
    is given; `max_occupancy` caps offered traffic / agents in Erlang C and the traffic the agents
    carry (callers who hang up take no agent time) / agents in Erlang A
    (`planner.queueing.erlang.erlang_a`). Each distinct traffic value is solved once. A month
    with no volume gives zeros in every column.

    Worked example: 100 contacts in a 30-minute interval at AHT 180 s need 14 agents for 80% in 20 s
    (DOMAIN.md), so a profile putting 1/336 of the week in each interval needs 14 agents all week:
    14 x 168 h x 52 / 12 = 10,192 agent-hours a month.

    >>> flat = ArrivalProfile("flat", 30, np.full(336, 1 / 336))
    >>> row = queue_staffing([33600 * 52 / 12], aht_seconds=180, answer_seconds=20,
    ...     service_level=0.8, profile=flat, shrinkage=0.3, paid_hours_per_month=160).iloc[0]
    >>> int(row.peak_agents), round(float(row.agent_hours)), round(float(row.fte), 1)
    (14, 10192, 91.0)
    >>> round(float(row.peak_contacts), 9)  # 33,600 contacts a week / 336 intervals
    100.0
    """
    volume = check_range("monthly_volume", monthly_volume, 0, None).ravel()
    check_input("shrinkage", shrinkage)
    check_range("paid_hours_per_month", paid_hours_per_month, 0, None, low_open=True)
    check_input("aht_seconds", aht_seconds)
    if profile.interval_minutes not in INTERVAL_MINUTES:
        allowed = ", ".join(str(m) for m in INTERVAL_MINUTES)
        raise ValueError(
            f"interval_minutes must be one of {allowed}, got {profile.interval_minutes}"
        )
    shares = np.asarray(profile.shares, dtype=np.float64)
    interval_seconds = profile.interval_minutes * 60.0
    # contacts per interval of the typical week, months x intervals
    calls = np.outer(volume / WEEKS_PER_MONTH, shares)
    traffic = calls * aht_seconds / interval_seconds
    values, inverse = np.unique(traffic, return_inverse=True)
    solved = staff_traffic(
        values,
        aht_seconds=aht_seconds,
        answer_seconds=answer_seconds,
        service_level=service_level,
        max_occupancy=max_occupancy,
        patience_seconds=patience_seconds,
    )
    inverse = inverse.reshape(traffic.shape)
    agents = solved["agents"].to_numpy()[inverse]
    interval_hours = profile.interval_minutes / 60
    agent_hours = agents.sum(axis=1) * interval_hours * WEEKS_PER_MONTH
    fte = agent_hours / (paid_hours_per_month * (1 - shrinkage))
    weekly = calls.sum(axis=1)
    has_calls = weekly > 0
    safe_weekly = np.where(has_calls, weekly, 1.0)
    sl = (calls * solved["service_level"].to_numpy()[inverse]).sum(axis=1) / safe_weekly
    if patience_seconds is None:
        abandon = np.zeros(volume.size)
    else:
        abandon = (calls * solved["abandon_rate"].to_numpy()[inverse]).sum(axis=1) / safe_weekly
    return pd.DataFrame(
        {
            "volume": volume,
            "agent_hours": agent_hours,
            "fte": fte,
            "peak_agents": agents.max(axis=1, initial=0).astype(np.int64),
            "peak_contacts": calls.max(axis=1, initial=0.0),
            "service_level": np.where(has_calls, sl, 0.0),
            "abandon_rate": np.where(has_calls, abandon, 0.0),
        }
    )


ChannelWork = QueueWorkload | OutboundWorkload
"""A line staffed by `channel_staffing`: a queue line whose channel is not voice, or outbound."""
CHUNK_ROWS = 2048
"""Typical weeks worked out at once (`channel_week_agents`): bounds the memory of many runs."""


def is_voice(work: ChannelWork) -> bool:
    """True for a queue staffed as calls by Erlang C / A (`queue_staffing`, `queue_fte_runs`): a
    voice line, or a chat line one chat at a time with no growth (its chat slots are its agents:
    the same Erlang C, `planner.queueing.channels.chat_agents` with k = 1); False for other chat,
    e-mail, back office and outbound (`channel_staffing`, `channel_fte_runs`)."""
    return isinstance(work, QueueWorkload) and work.as_calls


def channel_week_agents(
    per_week: np.ndarray,
    handling: np.ndarray,
    work: ChannelWork,
    profile: ArrivalProfile,
    shares: np.ndarray | None = None,
) -> np.ndarray:
    """Agents on the work in each interval of the typical week, shape (rows, intervals), for
    contacts a week `per_week` (rows,) and `handling` (rows,): the AHT in seconds of a chat,
    e-mail or back-office line, the factor on talk and wrap-up time of an outbound line (1: as
    the plan says; the risk runs' handle-time driver).

    Contacts per interval = contacts a week x the profile's share (as `queue_staffing`); then
    - chat: `chat_agents` (Erlang C over chat slots at AHT x (1 + growth x (chats at once - 1)),
      agents = ceil(slots / chats at once));
    - e-mail, back office: work = contacts x AHT seconds; `backlog_agents` over the week's open
      intervals (`profile.open_intervals()`), cyclic (Sunday night's e-mails are answered Monday
      morning), deadline = floor(answer_seconds / interval seconds) open intervals, at least one
      (`planner.queueing.channels.deadline_intervals`), capped by max_occupancy;
    - outbound: `outbound_agents` (dials x seconds per dial / (interval seconds x occupancy)).
    Rows are worked out CHUNK_ROWS at a time; each row's agents depend on that row alone.
    `shares`: other shares than the profile's in place of the week's intervals (chat and
    outbound only, whose intervals do not depend on each other: `_week_totals` passes each
    distinct share once).
    """
    if shares is None:
        shares = np.asarray(profile.shares, dtype=np.float64)
    interval_seconds = profile.interval_minutes * 60.0
    out = np.zeros((per_week.size, shares.size), dtype=np.int64)
    for lo in range(0, per_week.size, CHUNK_ROWS):
        rows = slice(lo, lo + CHUNK_ROWS)
        calls = np.outer(per_week[rows], shares)
        out[rows] = _week_chunk(calls, handling[rows], work, profile, interval_seconds)
    return out


def _week_chunk(
    calls: np.ndarray,
    handling: np.ndarray,
    work: ChannelWork,
    profile: ArrivalProfile,
    interval_seconds: float,
) -> np.ndarray:
    """`channel_week_agents` for one chunk of rows: calls (rows, intervals), handling (rows,)."""
    if isinstance(work, OutboundWorkload):
        agents = np.zeros(calls.shape, dtype=np.int64)
        factors, where = np.unique(handling, return_inverse=True)
        for k, factor in enumerate(factors):  # one per distinct handle-time draw
            mine = where.ravel() == k
            agents[mine] = outbound_agents(
                calls[mine],
                interval_seconds,
                contact_rate=work.contact_rate,
                talk_seconds=work.talk_seconds * float(factor),
                wrap_seconds=work.wrap_seconds * float(factor),
                no_contact_seconds=work.no_contact_seconds,
                max_occupancy=work.max_occupancy,
            )
        return agents
    aht = handling[:, None]
    if work.channel in DEADLINE_CHANNELS:
        hours = max(work.answer_seconds, interval_seconds) / 3600
        return backlog_agents(
            calls * aht,
            profile.open_intervals(),
            deadline_intervals=deadline_intervals(hours, profile.interval_minutes),
            interval_seconds=interval_seconds,
            max_occupancy=work.max_occupancy,
            cyclic=True,
        )
    return chat_agents(
        calls,
        np.broadcast_to(aht, calls.shape),
        interval_seconds,
        answer_seconds=work.answer_seconds,
        service_level=work.service_level,
        max_occupancy=work.max_occupancy,
        concurrency=work.concurrency,
        growth=work.concurrency_growth,
    )


def channel_staffing(
    monthly_volume: np.ndarray | list[float],
    *,
    work: ChannelWork,
    profile: ArrivalProfile,
    shrinkage: float,
    paid_hours_per_month: float,
) -> pd.DataFrame:
    """Staff for a chat, e-mail, back-office or outbound line, one row per month of volume
    (contacts, or dials for outbound); the columns of `queue_staffing`.

    Agents per interval of the typical week (volume / WEEKS_PER_MONTH contacts, spread by the
    profile) from `channel_week_agents`; agent_hours = sum of agents x interval hours x
    WEEKS_PER_MONTH; fte = agent_hours / (paid hours x (1 - shrinkage)); peak_agents: the most in
    any interval; peak_contacts: contacts in the busiest interval; service_level: chat: achieved
    (Erlang C on the chat slots, weighted by chats); NaN for e-mail and back office (every item
    is answered within the deadline by construction) and outbound (no queue); abandon_rate 0.

    Worked example (outbound): 3,360 dials a week at 93 s a dial (30 % reached for 180 + 60 s,
    the rest 30 s) spread evenly over 336 half hours: 10 dials, 930 s of work an interval, / (1,800
    x 0.85) = 0.61 -> 1 agent in each: 336 agent-half-hours = 168 agent-hours a week, x 52 / 12 =
    728 agent-hours a month; / (160 x (1 - 0.3)) = 6.5 FTE.

    >>> flat = ArrivalProfile("flat", 30, np.full(336, 1 / 336))
    >>> row = channel_staffing([3360 * 52 / 12], work=OutboundWorkload(), profile=flat,
    ...     shrinkage=0.3, paid_hours_per_month=160).iloc[0]
    >>> int(row.peak_agents), round(float(row.agent_hours), 6), round(float(row.fte), 4)
    (1, 728.0, 6.5)
    """
    volume = check_range("monthly_volume", monthly_volume, 0, None).ravel()
    check_input("shrinkage", shrinkage)
    check_range("paid_hours_per_month", paid_hours_per_month, 0, None, low_open=True)
    handling = _base_handling(work)
    per_week = volume / WEEKS_PER_MONTH
    total, peak = _week_totals(per_week, np.full(volume.size, handling), work, profile)
    agent_hours = total * (profile.interval_minutes / 60) * WEEKS_PER_MONTH
    shares = np.asarray(profile.shares, dtype=np.float64)
    level = np.full(volume.size, np.nan)
    if isinstance(work, QueueWorkload) and work.channel == "chat":
        level = _chat_service_level(per_week, work, profile)
    return pd.DataFrame(
        {
            "volume": volume,
            "agent_hours": agent_hours,
            "fte": agent_hours / (paid_hours_per_month * (1 - shrinkage)),
            "peak_agents": peak.astype(np.int64),
            "peak_contacts": per_week * shares.max(initial=0.0),
            "service_level": level,
            "abandon_rate": np.zeros(volume.size),
        }
    )


def _chat_service_level(
    per_week: np.ndarray, work: QueueWorkload, profile: ArrivalProfile
) -> np.ndarray:
    """A chat line's achieved service level per row of contacts a week: Erlang C on the chat
    slots each interval has (`planner.queueing.channels.staff_intervals`), weighted by chats per
    interval; NaN for a week without chats."""
    calls = np.outer(per_week, np.asarray(profile.shares, dtype=np.float64))
    targets = ChannelTargets(
        channel="chat",
        service_level=work.service_level,
        answer_seconds=work.answer_seconds,
        max_occupancy=work.max_occupancy,
        concurrency=work.concurrency,
        concurrency_growth=work.concurrency_growth,
    )
    frame = staff_intervals(
        calls.ravel(), work.aht_seconds, interval_minutes=profile.interval_minutes, targets=targets
    )
    level = frame["service_level"].to_numpy().reshape(calls.shape)
    weekly = calls.sum(axis=-1)
    weighted = (calls * level).sum(axis=-1)
    out: np.ndarray = np.divide(
        weighted, weekly, out=np.full(weekly.shape, np.nan), where=weekly > 0
    )
    return out


def _base_handling(work: ChannelWork) -> float:
    """The handling a line has without a driver: its AHT (seconds), or 1.0 (outbound's factor
    on talk and wrap-up time)."""
    return 1.0 if isinstance(work, OutboundWorkload) else work.aht_seconds


def _week_totals(
    per_week: np.ndarray, handling: np.ndarray, work: ChannelWork, profile: ArrivalProfile
) -> tuple[np.ndarray, np.ndarray]:
    """(agent-intervals a week, peak agents) per row (`channel_week_agents`); 0 without work.
    Chat and outbound intervals are independent, so each distinct share is staffed once and
    counted as often as it occurs; a backlog runs over the whole week in time order."""
    total, peak = np.zeros(per_week.size), np.zeros(per_week.size)
    busy = per_week > 0
    if busy.any():
        if isinstance(work, QueueWorkload) and work.channel in DEADLINE_CHANNELS:
            agents = channel_week_agents(per_week[busy], handling[busy], work, profile)
            count: np.ndarray = np.ones(agents.shape[-1], dtype=np.int64)
        else:
            shares, count = np.unique(
                np.asarray(profile.shares, dtype=np.float64), return_counts=True
            )
            agents = channel_week_agents(per_week[busy], handling[busy], work, profile, shares)
        total[busy] = (agents * count).sum(axis=-1)
        peak[busy] = agents.max(axis=-1, initial=0)
    return total, peak


def channel_fte_runs(
    monthly_volume: np.ndarray,
    handling: np.ndarray,
    *,
    work: ChannelWork,
    profile: ArrivalProfile,
    shrinkage: float,
    paid_hours_per_month: float,
) -> tuple[np.ndarray, np.ndarray]:
    """`channel_staffing`'s fte and peak_agents for many runs at once: (fte, peak_agents), each
    shape (runs, months), from volume (runs, months) and each run's handling (runs,): the AHT in
    seconds (chat, e-mail, back office) or the factor on talk and wrap-up time (outbound).

    The same arithmetic element by element as `channel_staffing` (the risk runs must equal the
    plan run by run): each distinct (contacts a week, handling) pair is one typical week.
    """
    volume = np.asarray(monthly_volume, dtype=np.float64)
    per_week = volume / WEEKS_PER_MONTH
    pairs = np.stack([per_week.ravel(), np.repeat(handling, volume.shape[-1])])
    distinct, inverse = np.unique(pairs, axis=1, return_inverse=True)
    total, peak = _week_totals(distinct[0], distinct[1], work, profile)
    where = np.ravel(inverse)
    agent_hours = total[where].reshape(volume.shape) * (profile.interval_minutes / 60)
    agent_hours = agent_hours * WEEKS_PER_MONTH
    fte = agent_hours / (paid_hours_per_month * (1 - shrinkage))
    return fte, peak[where].reshape(volume.shape)


NEAR_THRESHOLD = 1e-9
"""A traffic within this (relative) of an agent threshold is solved on its own
(`queue_fte_runs`)."""


def queue_fte_runs(
    monthly_volume: np.ndarray,
    aht_seconds: np.ndarray,
    *,
    answer_seconds: float,
    service_level: float,
    profile: ArrivalProfile,
    shrinkage: float,
    paid_hours_per_month: float,
    max_occupancy: float | None = None,
    patience_seconds: float | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """`queue_staffing`'s fte and peak_agents for many runs at once: (fte, peak_agents), each
    shape (runs, months), from contacts per month (runs, months) and each run's AHT (runs,).

    The same arithmetic, element by element: contacts per interval = volume / WEEKS_PER_MONTH x
    share, traffic = contacts x AHT / interval seconds, agent-hours = sum over the week's
    intervals of agents x interval hours x WEEKS_PER_MONTH, fte = agent-hours / (paid hours x
    (1 - shrinkage)), peak = the most agents in any interval. Intervals with the same share have
    the same agents, so each distinct share is solved once and counted as often as it occurs.

    How it stays exact and fast (Erlang C): with one AHT, the agents a traffic needs only rise
    with the traffic, so `planner.queueing.erlang.agent_thresholds` gives, per run, the largest
    traffic 1, 2, ... agents take (bisection to the last bit on the very formulas `erlang_c`
    uses); a traffic's agents are then 1 + the thresholds below it. Any traffic within
    NEAR_THRESHOLD (relative) of a threshold, or beyond the table, is solved on its own by
    `agents_for` (the deterministic solver), so no rounding at a threshold can change a count.
    With a caller patience (Erlang A) every distinct traffic is solved by `agents_for`.

    A hand-checked case: one interval a week holding every contact, AHT 180 s, 30-minute
    intervals, 80% in 20 s: 1,444.44 contacts a month are 333.33 a week, 33.33 Erlangs; 10 x
    WEEKS_PER_MONTH contacts (10 a week, 1 Erlang) need 3 agents, x 1.1 (1.1 Erlangs) still 3.

    >>> one = ArrivalProfile("one", 30, np.array([1.0] + [0.0] * 335))
    >>> fte, peak = queue_fte_runs(np.array([[10 * 52 / 12], [11 * 52 / 12]]),
    ...     np.array([180.0, 180.0]), answer_seconds=20, service_level=0.8, profile=one,
    ...     shrinkage=0.0, paid_hours_per_month=1.0)
    >>> peak.tolist(), (fte / (0.5 * 52 / 12)).round(9).tolist()
    ([[3.0], [3.0]], [[3.0], [3.0]])
    """
    volume = np.asarray(monthly_volume, dtype=np.float64)
    aht = np.asarray(aht_seconds, dtype=np.float64)
    shares, count = np.unique(np.asarray(profile.shares, dtype=np.float64), return_counts=True)
    solve: dict[str, Any] = {
        "answer_seconds": answer_seconds,
        "service_level": service_level,
        "max_occupancy": max_occupancy,
        "patience_seconds": patience_seconds,
    }
    week = _Week(shares, count, profile.interval_minutes * 60.0)
    per_week = volume / WEEKS_PER_MONTH
    total = np.zeros(volume.shape)
    peak = np.zeros(volume.shape)
    if (per_week > 0).any():
        # each run's distinct contacts once: months at full run rate share a result
        order = np.argsort(per_week, axis=-1)
        ranked = np.take_along_axis(per_week, order, axis=-1)
        new = np.ones(ranked.shape, dtype=bool)
        new[:, 1:] = ranked[:, 1:] != ranked[:, :-1]
        group = np.cumsum(new.ravel()) - 1
        where = np.empty(volume.size, dtype=np.int64)
        where[(order + np.arange(len(aht))[:, None] * volume.shape[-1]).ravel()] = group
        first = new.ravel()
        week_pw = ranked.ravel()[first]
        week_aht = np.repeat(aht, volume.shape[-1])[first]
        busy = week_pw > 0
        week_total, week_peak = np.zeros(week_pw.size), np.zeros(week_pw.size)
        rows = (week_pw[busy], week_aht[busy])
        if patience_seconds is None:
            week_total[busy], week_peak[busy] = _by_threshold(week, *rows, solve)
        else:
            week_total[busy], week_peak[busy] = week.solve(*rows, solve)
        total, peak = (x[where].reshape(volume.shape) for x in (week_total, week_peak))
    agent_hours = total * (profile.interval_minutes / 60) * WEEKS_PER_MONTH
    fte = agent_hours / (paid_hours_per_month * (1 - shrinkage))
    return fte, peak


class _Week:
    """A queue's typical week as its distinct interval shares (ascending) and how many intervals
    have each (`queue_fte_runs`)."""

    def __init__(self, shares: np.ndarray, count: np.ndarray, interval_seconds: float) -> None:
        self.shares, self.count, self.interval_seconds = shares, count, interval_seconds
        # tail[j]: intervals with the j-th distinct share or a larger one (tail[-1] = 0)
        self.tail = np.concatenate((np.cumsum(count[::-1])[::-1], [0]))

    def traffic(self, per_week: np.ndarray, aht: np.ndarray, k: np.ndarray) -> np.ndarray:
        """Erlangs in the intervals of share index k (clipped to the shares), as `queue_staffing`
        computes them: contacts = contacts a week x share; traffic = contacts x AHT / seconds."""
        share = self.shares.take(k, mode="clip")
        out: np.ndarray = per_week * share * aht / self.interval_seconds
        return out

    def solve(
        self, per_week: np.ndarray, aht: np.ndarray, solve: dict[str, Any]
    ) -> tuple[np.ndarray, np.ndarray]:
        """(agent-intervals a week, peak agents) of each row, every distinct share solved by
        `agents_for` (the deterministic solver)."""
        k = np.arange(self.shares.size)
        traffic = self.traffic(per_week[:, None], aht[:, None], k)
        agents = agents_for(traffic, np.broadcast_to(aht[:, None], traffic.shape), **solve)
        agents = agents.reshape(traffic.shape)
        return (agents * self.count).sum(axis=-1), agents.max(axis=-1, initial=0)


def _by_threshold(
    week: _Week, per_week: np.ndarray, aht: np.ndarray, solve: dict[str, Any]
) -> tuple[np.ndarray, np.ndarray]:
    """(agent-intervals a week, peak agents) of rows with contacts, by each row's AHT's agent
    thresholds (`queue_fte_runs`): an interval needs 1 + (the thresholds its traffic exceeds)
    agents, so the week needs (intervals with contacts) + the sum over thresholds of the
    intervals above it; the first share above threshold n is found by `np.searchsorted` and
    checked against the exact traffic on either side (traffic rises with the share)."""
    top = week.traffic(per_week.max(), aht.max(), np.array(week.shares.size - 1))
    most = int(agents_for([float(top)], [float(aht.max())], **solve)[0])
    limits, inverse = _limits(aht, most + 1, solve)
    lim = limits[inverse]  # (rows, agents)
    pw, ah = per_week[:, None], aht[:, None]
    j = np.searchsorted(week.shares, lim * week.interval_seconds / ah / pw, side="right")
    size = week.shares.size
    # the exact traffic on either side: a row whose estimate was a rounding off is solved alone
    before, after = week.traffic(pw, ah, j - 1), week.traffic(pw, ah, j)
    wrong = ((j > 0) & (before > lim)) | ((j < size) & (after <= lim))
    near = ((j > 0) & (np.abs(before - lim) <= NEAR_THRESHOLD * lim)) | (
        (j < size) & (np.abs(after - lim) <= NEAR_THRESHOLD * lim)
    )
    redo = (wrong | near).any(axis=-1) | (j[:, -1] < size)  # or beyond the table
    first_busy = int(np.searchsorted(week.shares, 0.0, side="right"))
    total = week.tail[first_busy] + week.tail[j].sum(axis=-1)
    peak = (1 + (j < size).sum(axis=-1)) * (first_busy < size)
    if redo.any():
        total[redo], peak[redo] = week.solve(per_week[redo], aht[redo], solve)
    return total, peak


def _limits(aht: np.ndarray, most: int, solve: dict[str, Any]) -> tuple[np.ndarray, np.ndarray]:
    """Agent thresholds (`agent_thresholds`) per distinct AHT, and each row's AHT's index."""
    distinct, inverse = np.unique(aht, return_inverse=True)
    limits = agent_thresholds(
        distinct,
        answer_seconds=solve["answer_seconds"],
        service_level=solve["service_level"],
        max_occupancy=solve["max_occupancy"],
        most_agents=most,
    )
    return limits, inverse


def _productive_hours(paid_hours_per_month: float, shrinkage: float, utilisation: float) -> float:
    check_range("paid_hours_per_month", paid_hours_per_month, 0, None, low_open=True)
    check_input("shrinkage", shrinkage)
    check_range("utilisation", utilisation, 0, 1, low_open=True)
    return paid_hours_per_month * (1 - shrinkage) * utilisation


def items_fte(
    monthly_items: Any,
    *,
    minutes_per_item: float | np.ndarray,
    paid_hours_per_month: float,
    shrinkage: float,
    utilisation: float,
) -> np.ndarray:
    """Back-office FTE per month = items x minutes per item
    / (paid hours x 60 x (1 - shrinkage) x utilisation). Many runs at once: items (runs, months)
    and minutes per item (runs, 1).

    Example: 12,000 claims a month at 6 minutes = 1,200 hours of work; a full-timer paid 160 hours
    with 25% shrinkage at 85% utilisation works 160 x 0.75 x 0.85 = 102 hours: 1,200 / 102 = 11.76.

    >>> items_fte([12000], minutes_per_item=6, paid_hours_per_month=160, shrinkage=0.25,
    ...     utilisation=0.85).round(2).tolist()
    [11.76]
    """
    items = check_range("monthly_items", monthly_items, 0, None)
    check_range("minutes_per_item", minutes_per_item, 0, None)
    hours = _productive_hours(paid_hours_per_month, shrinkage, utilisation)
    return np.asarray(items * minutes_per_item / (hours * 60), dtype=np.float64)


def project_fte(
    monthly_hours: Any, *, paid_hours_per_month: float, shrinkage: float, utilisation: float
) -> np.ndarray:
    """Project FTE per month = hours / (paid hours x (1 - shrinkage) x utilisation).

    Example: 510 project hours a month, 160 paid hours, 25% shrinkage, 85% utilisation:
    510 / (160 x 0.75 x 0.85) = 510 / 102 = 5.0.

    >>> project_fte([510], paid_hours_per_month=160, shrinkage=0.25, utilisation=0.85).tolist()
    [5.0]
    """
    hours = check_range("monthly_hours", monthly_hours, 0, None)
    return np.asarray(hours / _productive_hours(paid_hours_per_month, shrinkage, utilisation))
