"""The arrival-pattern editor of a queue line (step 5): a preset to start from, the clients' time
zone, opening hours per day and the weekly grid of hourly weights, and the hours the site works.

Every figure comes from the core (`planner.data.profiles`: shares, opening hours, time zones);
this module only shows them and writes the founder's edits back to the plan.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from planner.data.profiles import (
    DAY_SHORT,
    WEEKDAYS,
    available_profiles,
    clock,
    day_hours_text,
    hourly_shares,
    hours_text,
    offset_minutes,
    preset_label,
    preset_opening,
    preset_weights,
    site_hours,
    time_zones,
)
from planner.model.issues import Issue, issues_from
from planner.model.plan import HOUR_WEIGHT_RANGE, ArrivalWorkload, ServiceLine, WeeklyPattern
from planner.report.format import number, percent
from ui.components.widgets import section_errors, wkey
from ui.session import state

DAY_NAMES = tuple(day.capitalize() for day in WEEKDAYS)
HOUR_ROWS = tuple(f"{clock(h * 60)}-{clock(h * 60 + 60)}" for h in range(24))
GRID_LABELS = {"opening_hours": "Opening hours", "hourly_weights": "Weights", "pattern": "Pattern"}


def _grid_of(work: ArrivalWorkload) -> tuple[list[list[float]], list[str]]:
    """The weights and opening hours the editor shows: the line's own grid, else its preset's."""
    if work.pattern is not None:
        return work.pattern.weights(), [work.pattern.opening_hours[d] for d in WEEKDAYS]  # type: ignore[index]
    return preset_weights(work.profile), [day_hours_text(h) for h in preset_opening(work.profile)]


def _save(line_id: str, **changes: Any) -> tuple[Issue, ...]:
    current = state.get_plan().specialty.service_lines
    rows = [
        (
            x.model_copy(update={"workload": x.workload.model_copy(update=changes)})
            if x.id == line_id
            else x
        ).model_dump(mode="json")
        for x in current
    ]
    return state.update_section("specialty.service_lines", rows)


def _preset_and_zone(line: ServiceLine, work: ArrivalWorkload) -> None:
    presets = available_profiles()
    a, b = st.columns(2)
    chosen = a.selectbox(
        "Start from a preset", presets, index=presets.index(work.profile),
        format_func=preset_label, key=wkey(f"wl.{line.id}.profile"),
        help="Loads the preset's opening hours and weights into the grid below (replacing any "
        "edits there); then change them to fit your clients.",
    )  # fmt: skip
    zones = ["", *time_zones()]
    zone = b.selectbox(
        "Your clients' time zone", zones,
        index=zones.index(work.time_zone) if work.time_zone in zones else 0,
        format_func=lambda z: z.replace("_", " ") if z else "Not set",
        key=wkey(f"wl.{line.id}.tz"),
        help="The opening hours below are the clients' local hours (e.g. America/New_York for "
        "clinics on the US east coast); the team's hours at your site follow from it.",
    )  # fmt: skip
    if chosen != work.profile:
        section_errors(_save(line.id, profile=chosen, pattern=None))
        state.refresh_widgets()
        st.rerun()
    if (zone or None) != work.time_zone:
        section_errors(_save(line.id, time_zone=zone or None))


def _frames(work: ArrivalWorkload) -> tuple[pd.DataFrame, pd.DataFrame]:
    weights, hours = _grid_of(work)
    opening = pd.DataFrame({"day": list(DAY_NAMES), "hours": hours})
    grid = pd.DataFrame(
        {short: [float(w) for w in row] for short, row in zip(DAY_SHORT, weights, strict=True)}
    )
    grid.insert(0, "hour", list(HOUR_ROWS))
    return opening, grid


def _read(opening: pd.DataFrame, grid: pd.DataFrame) -> tuple[dict[str, Any], list[Issue]]:
    """The edited tables as a plan's `pattern`; a cleared cell is a problem, never a 0."""
    problems: list[Issue] = []
    hours: dict[str, str] = {}
    for day, text in zip(WEEKDAYS, opening["hours"], strict=True):
        if not isinstance(text, str) or not text.strip():
            problems.append(
                Issue(
                    ("opening_hours", day),
                    "is empty",
                    'opening and closing time such as "08:00-17:00", or "closed"',
                    label=f"Opening hours, {day.capitalize()}",
                )
            )
        else:
            hours[day] = text.strip()
    weights: dict[str, list[float]] = {}
    for day, short in zip(WEEKDAYS, DAY_SHORT, strict=True):
        row = []
        for hour, value in zip(HOUR_ROWS, grid[short], strict=True):
            number = pd.to_numeric(value, errors="coerce")
            if number is None or (isinstance(number, float) and math.isnan(number)):
                problems.append(
                    Issue(
                        ("hourly_weights", day),
                        "is empty",
                        "a weight of 0 or more (0: no contacts that hour)",
                        label=f"Weights, {day.capitalize()} {hour}",
                    )
                )
                number = 0.0
            row.append(float(number))
        weights[day] = row
    return {"opening_hours": hours, "hourly_weights": weights}, problems


def _grid_editors(line: ServiceLine, work: ArrivalWorkload) -> None:
    base_opening, base_grid = state.editor_base(
        wkey(f"wl.{line.id}.grid_base"), lambda: _frames(work)
    )
    left, right = st.columns([1, 3])
    with left:
        st.markdown("**Opening hours** (clients' time)")
        opening = st.data_editor(
            base_opening, key=wkey(f"wl.{line.id}.opening"), hide_index=True, num_rows="fixed",
            disabled=["day"], width="stretch", height=38 + 35 * 7,
            column_config={
                "day": st.column_config.TextColumn("Day"),
                "hours": st.column_config.TextColumn(
                    "Hours", help='Opening and closing time, "08:00-17:00" (quarter hours; '
                    '24:00 is midnight at the end of the day), or "closed".'),
            },
        )  # fmt: skip
    least, most = HOUR_WEIGHT_RANGE  # the model's bounds of an hour's weight
    with right:
        st.markdown("**Contacts through the week** (relative weight of each hour)")
        grid = st.data_editor(
            base_grid, key=wkey(f"wl.{line.id}.weights"), hide_index=True, num_rows="fixed",
            disabled=["hour"], width="stretch", height=38 + 35 * 24,
            column_config={
                "hour": st.column_config.TextColumn("Hour"),
                **{short: st.column_config.NumberColumn(
                    short, min_value=least, max_value=most, format="%.1f",
                    help="How busy this hour is compared with the others: 10 is twice 5. Only "
                    "the proportions count; hours outside the opening hours get no contacts.")
                   for short in DAY_SHORT},
            },
        )  # fmt: skip
    data, problems = _read(opening, grid)
    if problems:
        section_errors(problems, labels=GRID_LABELS)
        return
    try:
        pattern = WeeklyPattern.model_validate(data)
    except ValidationError as exc:
        section_errors(issues_from(exc, WeeklyPattern), labels=GRID_LABELS)
        return
    unchanged = opening.equals(base_opening) and grid.equals(base_grid)
    if pattern != work.pattern and not (unchanged and work.pattern is None):
        section_errors(_save(line.id, pattern=pattern), labels=GRID_LABELS)


def _summary(line: ServiceLine, work: ArrivalWorkload, site_zone: str | None) -> None:
    """Share of the week per day, the busiest hour, and the hours the site works."""
    weights, _ = _grid_of(work)
    opening = work.pattern.opening() if work.pattern is not None else preset_opening(work.profile)
    shares = hourly_shares(weights, opening)
    day, hour = divmod(int(shares.argmax()), 24)
    by_day = zip(DAY_SHORT, shares.sum(axis=1), strict=True)
    days = ", ".join(f"{short} {percent(float(x), 0)}" for short, x in by_day)
    source = "your own grid" if work.pattern is not None else "the preset as shipped"
    st.caption(
        f"Open {hours_text(opening)} ({source}). Share of the week's contacts: {days}. "
        f"Busiest hour: {DAY_SHORT[day]} {HOUR_ROWS[hour]} with "
        f"{percent(float(shares.max()), 1)} of the week."
    )
    if work.time_zone is None or site_zone is None:
        missing = "your clients' time zone" if work.time_zone is None else "your site's time zone"
        st.caption(f"Set {missing} (step 1 for the site) to see the hours your team works.")
        return
    plan = state.get_plan()
    year, month = (int(x) for x in plan.settings.first_month.split("-"))
    offset = offset_minutes(work.time_zone, site_zone, date(year, month, 15))
    shifts = site_hours(opening, offset)
    night = sum(s.night_minutes for s in shifts)
    hours_at_night = [number(s.night_minutes / 60, 2, trim=True) for s in shifts]
    table = pd.DataFrame(
        {
            f"Clients' hours ({work.time_zone})": [s.text().split(" -> ")[0] for s in shifts],
            f"At your site ({site_zone})": [s.text().split(" -> ")[1] for s in shifts],
            "Night hours (22:00-06:00)": hours_at_night,
        }
    )
    st.markdown(f"**The hours your team works at the site** ({site_zone})")
    st.dataframe(table, hide_index=True, width="stretch")
    ahead = f"{'+' if offset >= 0 else '-'}{number(abs(offset) / 60, 2, trim=True)} h"
    st.caption(
        f"Your site is {ahead} from your clients in the plan's first month (daylight saving can "
        f"move this by an hour). {number(night / 60, 2, trim=True)} hours a week fall at night "
        "at the site (22:00-06:00)"
        + (": a night shift, usually paid a night differential." if night else ".")
    )


def arrival_editor(line: ServiceLine, work: ArrivalWorkload, site_zone: str | None) -> None:
    """When a queue's contacts arrive: preset, clients' time zone, opening hours, weekly grid,
    and the site's hours. Edits are saved to the line's `pattern` as the founder makes them."""
    st.markdown("**When contacts arrive**")
    _preset_and_zone(line, work)
    work = state.get_plan().service_line(line.id).workload  # type: ignore[assignment]
    _grid_editors(line, work)
    work = state.get_plan().service_line(line.id).workload  # type: ignore[assignment]
    _summary(line, work, site_zone)
