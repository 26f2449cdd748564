"""Step 5, staffing: workload per service line (Erlang for queues), roles and ratios, hiring plan,
headcount and payroll by role."""

from __future__ import annotations

from typing import Any

import streamlit as st

from planner.charts import figures as charts
from planner.data.catalog import load_locations
from planner.export.tables import table_csv
from planner.model.issues import Issue
from planner.model.labels import (
    CHANNEL_LABELS,
    EMPLOYMENT_LABELS,
    RATIO_OF_LABELS,
    ROLE_BASIS_LABELS,
    SHIFT_LABELS,
    VOLUME_UNITS,
    WORK_PATTERN_LABELS,
    WORKLOAD_TYPE_LABELS,
)
from planner.model.limits import Bounds, bounds
from planner.model.numbers import NumberSpec, parse_percent_list, show_percent_list
from planner.model.plan import (
    DEADLINE_CHANNELS,
    ArrivalWorkload,
    Bonus,
    ItemsWorkload,
    OutboundWorkload,
    ProjectWorkload,
    QueueWorkload,
    Role,
    ServiceLine,
    Staffing,
    Workload,
)
from planner.model.text import plain
from planner.report import tables
from planner.report.format import number, percent
from planner.steps.specialty import (
    change_channel,
    change_workload_type,
    deadline_bounds,
    site_time_zone,
)
from ui.components.arrival import arrival_editor
from ui.components.lists import list_field, list_text
from ui.components.locations import (
    currency_caption,
    largest_cost_rate,
    location_column,
)
from ui.components.widgets import (
    chart,
    csv_download,
    edit_table,
    field_limits,
    kpi_card,
    money,
    money_column,
    month_column,
    name_column,
    number_input,
    page_header,
    people,
    percent_input,
    projection_or_stop,
    save_fields,
    save_table,
    section_errors,
    static_table,
    wkey,
)
from ui.session import state

# Session memory: a line's settings of a kind it was switched away from, by (line id, kind).
KEPT_WORKLOADS = "staffing_kept_workloads"

page_header(
    "Step 5 · Staffing",
    "How many people the work needs, in which roles, hired when, at what pay. Calls and chats are "
    "staffed with Erlang C (see what one more agent buys in service level), e-mail and back office "
    "from the backlog within their deadline, outbound dials at the team's pace.",
    step="staffing",
)

plan = state.get_plan()
cur = plan.settings.currency
st_ = plan.staffing


def _ramp_input(ramp_up: list[float]) -> list[float]:
    """The productivity curve after training, typed as percentages one per week ("50; 75");
    what was typed when valid, else the plan's curve with the reason under the field."""
    shown = show_percent_list(ramp_up)
    typed = st.text_input(
        "Productive after training (% by week)", value=shown, key=wkey("staff.ramp"),
        placeholder="Blank: fully productive when training ends",
        help="Share of a trained person's output a new hire gives in each week after training, "
        "then 100%: 50; 75 = half in week 1, three quarters in week 2. New hires join early "
        "enough (training plus these weeks) to be fully productive when needed, and so do "
        "replacements for leavers, so you pay both for those weeks.",
    )  # fmt: skip
    if typed.strip() == shown:
        return ramp_up
    parsed = parse_percent_list(typed)
    if isinstance(parsed, Issue):
        st.error(
            f"Productive after training: {parsed.message}; allowed: {parsed.allowed}. Not saved: "
            f"the plan keeps {shown or 'none'}.",
            icon=":material/error:",
        )
        return ramp_up
    return parsed


# --- people rules ---------------------------------------------------------------------------------
st.subheader("How your people work")
c1, c2, c3, c4 = st.columns(4)
with c1:
    paid_hours = number_input(
        "Paid hours per person per month", st_.paid_hours_per_month, "staff.paid_hours",
        "Full-time hours paid a month: 40 h a week x 52 / 12 = 173.33.",
        limits=bounds(Staffing, "paid_hours_per_month"),
    )  # fmt: skip
    shrinkage = percent_input(
        "Shrinkage", st_.shrinkage, "staff.shrinkage",
        "Share of paid time not spent on the work: leave, breaks, training, meetings, sickness. "
        "20-35% in most centres.", limits=bounds(Staffing, "shrinkage"),
    )  # fmt: skip
with c2:
    burden = percent_input(
        "Employer costs on wages", st_.burden, "staff.burden",
        "Social security, benefits and insurance on top of wages (25 means +25%).",
        limits=bounds(Staffing, "burden"),
    )  # fmt: skip
    raise_ = percent_input("Yearly pay rise", st_.yearly_raise, "staff.raise",
                           "Wage rise every 12 months from the plan's start.",
                           limits=bounds(Staffing, "yearly_raise"))  # fmt: skip
with c3:
    attrition = percent_input(
        "Yearly attrition", st_.yearly_attrition, "staff.attrition",
        "Share of staff who leave in a year; each leaver is replaced (hired and trained). "
        "About 30-45% in Philippine BPO.", limits=bounds(Staffing, "yearly_attrition"),
    )  # fmt: skip
    training = number_input(
        "Training before productive (weeks)", st_.training_weeks, "staff.training",
        "Paid weeks of classroom and nesting for a new hire, counted by weeks (2 weeks = 2 / "
        "4.33 of a month of pay, not a whole month). New hires and leavers' replacements join "
        "this long (plus the weeks below) before they are needed.",
        limits=bounds(Staffing, "training_weeks"),
    )  # fmt: skip
    ramp = _ramp_input(st_.ramp_up)
with c4:
    lead = number_input(
        "Start recruiting (months ahead)", st_.hiring_lead_months, "staff.lead",
        "Months before a person is needed that recruiting starts.",
        limits=bounds(Staffing, "hiring_lead_months"),
    )  # fmt: skip
    recruiting = number_input(
        f"Recruiting cost per hire ({cur})", st_.recruiting_cost_per_hire, "staff.recruiting",
        "Job ads, agency fees, tests and onboarding per person hired.",
        limits=bounds(Staffing, "recruiting_cost_per_hire"), money=True,
    )  # fmt: skip
SHIFTS = SHIFT_LABELS
shift = st.radio(
    "Shift pattern", list(SHIFTS), index=list(SHIFTS).index(st_.shift_pattern),
    format_func=SHIFTS.__getitem__, horizontal=True, key=wkey("staff.shift"),
    help="How many people share a desk: decides the seats you equip and rent.",
)  # fmt: skip
save_fields(
    "staffing", paid_hours_per_month=paid_hours, shrinkage=shrinkage, burden=burden,
    yearly_raise=raise_, yearly_attrition=attrition, training_weeks=training, ramp_up=ramp,
    hiring_lead_months=int(lead), recruiting_cost_per_hire=recruiting, shift_pattern=shift,
)  # fmt: skip

# --- pay calendar -----------------------------------------------------------------------------
st.subheader("Pay calendar: bonuses and night premium")
n1, n2, n3 = st.columns([1, 1, 2])
_pattern_night_share = st_.model_copy(update={"night_share": None}).hours_at_night
night_premium = percent_input(
    "Night premium", st_.night_premium, "staff.night_premium",
    "Extra pay for each hour worked at night (22:00-06:00), on the wage: 10 in the Philippines "
    "(Labor Code art. 86), 35 in Colombia. Paid to the roles that work in shifts (workload "
    "roles); cost = wages x share of hours at night x premium, employer costs on top.",
    limits=bounds(Staffing, "night_premium"), where=n1,
)  # fmt: skip
night_share_typed = percent_input(
    "Share of hours at night", st_.night_share, "staff.night_share",
    "Share of the shift workers' hours between 22:00 and 06:00. Blank: from the shift pattern "
    "(three shifts round the clock: 33.3%, a third of the day; office hours or two shifts: 0). "
    "Type it when the work sits at night, as when a Manila centre answers US daytime calls.",
    limits=bounds(Staffing, "night_share"), where=n2, required=False,
    placeholder=f"Blank: {percent(_pattern_night_share, 1, trim=True)}, from the shifts",
)  # fmt: skip
save_fields("staffing", night_premium=night_premium, night_share=night_share_typed)
with n3:
    st.markdown(
        "**Bonuses** paid in given months (the 13th-month pay, a prima): expensed each month as "
        "people work (share x wage / 12), paid in cash in their months; owed in between."
    )
MONTH_SPEC = NumberSpec(Bounds(1, 12))


def _bonus_row(bonus: Bonus) -> dict[str, Any]:
    return {**bonus.model_dump(mode="json"), "months": list_text(bonus.months, MONTH_SPEC)}


def _bonus_from(row: dict[str, Any]) -> dict[str, Any]:
    # whole months: "6,12" is two months (no decimal comma to keep)
    return {**row, "months": list_field(str(row.get("months") or "").replace(",", " "), MONTH_SPEC)}


bonus_cols = {
    "name": name_column("Bonus", "What it is called.", width="medium", default="13th-month pay"),
    "months": st.column_config.TextColumn(
        "Paid in months", default="12",
        help="Calendar months it is paid in, 1-12: 12 for December; 6, 12 for June and "
        "December (each payment pays what was earned since the last one)."),
    "share": st.column_config.NumberColumn(
        "Monthly wages a year", **field_limits(Bonus, "share"), default=1.0,
        help="Its size over a year in monthly base wages: 1 = one month's wage (the Philippine "
        "13th-month pay, Colombia's prima), 0.5 = 15 days (Mexico's aguinaldo)."),
    "burden": st.column_config.CheckboxColumn(
        "Employer costs on it", default=False,
        help="Tick when social security and other employer costs are charged on the bonus "
        "(not on the Philippine 13th-month pay; yes on Mexico's aguinaldo)."),
}  # fmt: skip
bonuses, bonus_errors = edit_table(
    "bonuses", st_.bonuses, Bonus, bonus_cols, to_row=_bonus_row, from_row=_bonus_from
)
save_table("staffing.bonuses", bonuses, bonus_errors, name="Bonus", months="Paid in months")

# --- workload per service line ------------------------------------------------------------------
st.subheader("Workload per service line")
lines = plan.specialty.service_lines
if not lines:
    st.info("Choose your service lines in step 1: their workload decides the staff you need.")


def _save_line_workload(line_id: str, workload: Workload) -> tuple[Issue, ...]:
    current = state.get_plan().specialty.service_lines
    return state.update_section(
        "specialty.service_lines",
        [x.model_copy(update={"workload": workload}).model_dump(mode="json") if x.id == line_id
         else x.model_dump(mode="json") for x in current],
    )  # fmt: skip


def _save_workload(line_id: str, **changes: object) -> None:
    line = state.get_plan().service_line(line_id)
    if all(getattr(line.workload, k) == v for k, v in changes.items()):
        return
    section_errors(_save_line_workload(line_id, line.workload.model_copy(update=changes)))


def _measured_as(line: ServiceLine) -> None:
    """The radio that switches how the line's work is measured; the settings of the kind left
    behind are kept for this session, so switching back restores them."""
    kinds = list(WORKLOAD_TYPE_LABELS)
    kind = st.radio(
        "How the work is measured", kinds, index=kinds.index(line.workload.type),
        format_func=lambda k: WORKLOAD_TYPE_LABELS[k].capitalize(), horizontal=True,
        key=wkey(f"wl.{line.id}.kind"),
        help="A queue: contacts answered within a time target or a response deadline (its "
        "channel below). Items: pieces of work at minutes each. Project hours: hours of work "
        "billed or planned. Outbound dialling: dials the team makes at its own pace.",
    )  # fmt: skip
    if kind == line.workload.type:
        return
    kept: dict[str, Any] = st.session_state.setdefault(KEPT_WORKLOADS, {})
    kept[(line.id, line.workload.type)] = line.workload
    new = change_workload_type(line.workload, kind, kept.get((line.id, kind)))
    problem = _save_line_workload(line.id, new)
    if problem:
        section_errors(problem)
        return
    state.flash(
        f"**{line.name}** is now measured as {WORKLOAD_TYPE_LABELS[kind]}: its clients' volumes "
        f"are counted in {VOLUME_UNITS[kind]}; check them in step 2."
    )
    st.rerun()


def _channel(line: ServiceLine, w: QueueWorkload) -> QueueWorkload:
    """The channel radio: switching saves the line with the new channel's own settings valid
    (`planner.steps.specialty.change_channel`), so no invalid combination can be typed."""
    channels = list(CHANNEL_LABELS)
    chosen = st.radio(
        "Channel", channels, index=channels.index(w.channel), format_func=CHANNEL_LABELS.get,
        horizontal=True, key=wkey(f"wl.{line.id}.channel"),
        help="Voice: Erlang C (or A with caller patience). Chat: an agent answers several chats "
        "at once. E-mail and back office: work may wait up to a response deadline, so it is "
        "staffed from the backlog (carried overnight and over closed days), not as a queue.",
    )  # fmt: skip
    if chosen == w.channel:
        return w
    new = change_channel(w, chosen)
    section_errors(_save_line_workload(line.id, new))
    return new


def _queue_fields(line: ServiceLine, w: QueueWorkload) -> None:
    w = _channel(line, w)
    if w.channel in DEADLINE_CHANNELS:
        _deadline_fields(line, w)
        return
    a, b, c, d, e = st.columns(5)
    aht = number_input(
        "Average handle time (seconds)", w.aht_seconds, f"wl.{line.id}.aht",
        "Talk or chat time plus after-contact work, per contact.",
        limits=bounds(QueueWorkload, "aht_seconds"), where=a,
    )  # fmt: skip
    answer = number_input(
        "Answer within (seconds)", w.answer_seconds, f"wl.{line.id}.answer",
        "The service-level time target.",
        limits=bounds(QueueWorkload, "answer_seconds"), where=b,
    )  # fmt: skip
    with c:
        sl = percent_input(
            "Service level target", w.service_level, f"wl.{line.id}.sl",
            "Share of contacts answered within the time target (80/20 is common).",
            limits=bounds(QueueWorkload, "service_level"),
        )  # fmt: skip
    with d:
        occ = percent_input(
            "Maximum occupancy", w.max_occupancy or 1.0, f"wl.{line.id}.occ",
            "Most of their time agents may spend busy; above 85% for long burns them out. "
            "With caller patience it caps the calls agents handle (callers who hang up take no "
            "agent time). For chat it caps the busy share of the chat slots.",
            limits=bounds(QueueWorkload, "max_occupancy"),
        )  # fmt: skip
    changes: dict[str, Any] = {}
    if w.channel == "voice":
        changes["patience_seconds"] = number_input(
            "Caller patience (seconds)", w.patience_seconds, f"wl.{line.id}.patience",
            "How long callers wait on average before hanging up. Set it to staff with Erlang A "
            "(some callers abandon, so fewer agents meet the target); leave it blank to staff "
            "with Erlang C (everyone waits until answered). 60-180 s is common on phones.",
            limits=bounds(QueueWorkload, "patience_seconds"), where=e, required=False,
            placeholder="Blank: Erlang C",
        )  # fmt: skip
    row = st.columns(5)
    if w.channel == "chat":
        changes.update(_chat_fields(line, w, e, row[1]))
    interval = _interval(line, w, row[0])
    _save_workload(line.id, aht_seconds=aht, answer_seconds=answer, service_level=sl,
                   max_occupancy=None if w.max_occupancy is None and occ >= 1 else occ,
                   interval_minutes=interval, **changes)  # fmt: skip


def _chat_fields(line: ServiceLine, w: QueueWorkload, where: Any, below: Any) -> dict[str, Any]:
    """Chats at once (1 to 10) and the extra handle time each extra chat adds."""
    at_once = number_input(
        "Chats at once", w.concurrency, f"wl.{line.id}.concurrency",
        "The most chats one agent answers at the same time (2-3 is common). Each agent is that "
        "many chat slots; the slots are staffed with Erlang C.",
        limits=bounds(QueueWorkload, "concurrency"), where=where,
    )  # fmt: skip
    with below:
        growth = percent_input(
            "Extra handle time per extra chat", w.concurrency_growth, f"wl.{line.id}.growth",
            "Each extra chat at once makes every chat this much longer (10% with two at once: "
            "a 600 s chat takes 660 s).",
            limits=bounds(QueueWorkload, "concurrency_growth"),
        )  # fmt: skip
    return {"concurrency": at_once, "concurrency_growth": growth}


def _interval(line: ServiceLine, w: ArrivalWorkload, where: Any = None) -> int:
    chosen: int = (where or st.columns(5)[0]).selectbox(
        "Interval (minutes)", [15, 30, 60], index=[15, 30, 60].index(w.interval_minutes),
        key=wkey(f"wl.{line.id}.interval"), help="Planning interval: agents are worked out for "
        "each interval of a typical week.",
    )  # fmt: skip
    return chosen


def _deadline_fields(line: ServiceLine, w: QueueWorkload) -> None:
    """E-mail and back office: handle time, the response deadline in hours, occupancy."""
    a, b, c = st.columns(3)
    aht = number_input(
        "Average handle time (seconds)", w.aht_seconds, f"wl.{line.id}.aht",
        "Reading, answering and closing one item.",
        limits=bounds(QueueWorkload, "aht_seconds"), where=a,
    )  # fmt: skip
    deadline = number_input(
        "Response deadline (hours)", w.answer_seconds / 3600, f"wl.{line.id}.deadline",
        "Every item is answered within this many hours of opening time (the opening hours of "
        "the arrival pattern below): items arriving late are carried overnight and over "
        "closed days. The service level target does not apply.",
        limits=deadline_bounds(w.interval_minutes), where=b,
    )  # fmt: skip
    with c:
        occ = percent_input(
            "Maximum occupancy", w.max_occupancy or 1.0, f"wl.{line.id}.occ",
            "Most of their time agents may spend busy on the backlog.",
            limits=bounds(QueueWorkload, "max_occupancy"),
        )  # fmt: skip
    interval = _interval(line, w)
    st.caption(
        "Staffed from the backlog: each interval's items are spread over the open hours of their "
        "deadline (the opening hours below), carried overnight and over closed days, so every "
        "item is answered in time; no service level applies."
    )
    _save_workload(line.id, aht_seconds=aht, answer_seconds=round(deadline * 3600, 6),
                   max_occupancy=None if w.max_occupancy is None and occ >= 1 else occ,
                   interval_minutes=interval)  # fmt: skip


def _outbound_fields(line: ServiceLine, w: OutboundWorkload) -> None:
    """Outbound: contact rate (a percentage), talk, wrap-up and no-contact seconds, occupancy."""
    a, b, c, d, e = st.columns(5)
    with a:
        rate = percent_input(
            "Contact rate", w.contact_rate, f"wl.{line.id}.contact_rate",
            "Share of dials that reach someone (20-40% is common).",
            limits=bounds(OutboundWorkload, "contact_rate"),
        )  # fmt: skip
    talk = number_input(
        "Talk time (seconds)", w.talk_seconds, f"wl.{line.id}.talk",
        "Seconds on the phone per dial that reaches someone.",
        limits=bounds(OutboundWorkload, "talk_seconds"), where=b,
    )  # fmt: skip
    wrap = number_input(
        "Wrap-up time (seconds)", w.wrap_seconds, f"wl.{line.id}.wrap",
        "After-call work per dial that reaches someone.",
        limits=bounds(OutboundWorkload, "wrap_seconds"), where=c,
    )  # fmt: skip
    none = number_input(
        "Time per dial without contact (seconds)", w.no_contact_seconds,
        f"wl.{line.id}.no_contact",
        "Dialling, ringing and leaving a message when no one answers.",
        limits=bounds(OutboundWorkload, "no_contact_seconds"), where=d,
    )  # fmt: skip
    with e:
        occ = percent_input(
            "Maximum occupancy", w.max_occupancy, f"wl.{line.id}.occ",
            "Most of their time agents spend dialling, talking and wrapping up.",
            limits=bounds(OutboundWorkload, "max_occupancy"),
        )  # fmt: skip
    interval = _interval(line, w)
    _save_workload(line.id, contact_rate=rate, talk_seconds=talk, wrap_seconds=wrap,
                   no_contact_seconds=none, max_occupancy=occ,
                   interval_minutes=interval)  # fmt: skip


site_zone = site_time_zone(plan, load_locations())
tabs = st.tabs([plain(line.name) for line in lines]) if lines else []
for tab, line in zip(tabs, lines, strict=True):
    w = line.workload
    with tab:
        st.caption(f"{plain(line.description)}  \nVolume is counted in {VOLUME_UNITS[w.type]}.")
        _measured_as(line)
        if w.type == "queue":
            _queue_fields(line, w)
            arrival_editor(line, w, site_zone)
        elif w.type == "outbound":
            _outbound_fields(line, w)
            arrival_editor(line, w, site_zone)
        elif w.type == "items":
            a, b = st.columns(2)
            minutes = number_input(
                "Minutes per item", w.minutes_per_item, f"wl.{line.id}.minutes",
                "Average handling time of one item.",
                limits=bounds(ItemsWorkload, "minutes_per_item"), where=a,
            )  # fmt: skip
            with b:
                util = percent_input(
                    "Target utilisation",
                    w.utilisation,
                    f"wl.{line.id}.util",
                    "Share of productive time spent on items.",
                    limits=bounds(ItemsWorkload, "utilisation"),
                )
            _save_workload(line.id, minutes_per_item=minutes, utilisation=util)
        else:
            util = percent_input("Billable share of productive hours", w.utilisation,
                                 f"wl.{line.id}.util", "Project hours / productive hours.",
                                 limits=bounds(ProjectWorkload, "utilisation"))  # fmt: skip
            _save_workload(line.id, utilisation=util)

# --- roles --------------------------------------------------------------------------------------
st.subheader("Roles")
st.caption(
    "Workload roles do the client work (their number follows the workload above); ratio roles "
    "follow other staff (e.g. one team leader per 12 agents); fixed roles are a set number from a "
    "start month."
)
plan = state.get_plan()
line_names = {x.id: x.name for x in plan.specialty.service_lines}
ROLE_LABELS = {
    "name": "Role", "skill_level": "Level", "monthly_wage": "Monthly wage", "basis": "Sized by",
    "service_lines": "Service lines (workload)", "ratio_per": "One per", "ratio_of": "Of",
    "fixed_count": "Fixed number", "start_month": "From month", "direct": "Client work (direct)",
    "work_pattern": "Works", "employment": "Employment",
    "location": "Location (currency)",
}  # fmt: skip
BASIS = ROLE_BASIS_LABELS
RATIO_OF = RATIO_OF_LABELS
role_cols = {
    "name": name_column(ROLE_LABELS["name"], "Job title; each role once.", width="medium"),
    "skill_level": st.column_config.SelectboxColumn(
        ROLE_LABELS["skill_level"], options=["entry", "intermediate", "senior", "expert"],
        default="entry", required=True, help="Experience level the role needs."),
    "monthly_wage": money_column(ROLE_LABELS["monthly_wage"],
                                 "Gross base wage per person per month, before employer costs.",
                                 Role, "monthly_wage", currency=plan.settings.cost_currency_words(),
                                 rate=largest_cost_rate(plan.settings), required=True),
    "location": location_column(plan.settings),
    "basis": st.column_config.SelectboxColumn(
        ROLE_LABELS["basis"], options=list(BASIS), format_func=BASIS.__getitem__, default="fixed",
        required=True, help="What decides how many people: the workload, a ratio, or a number."),
    "service_lines": st.column_config.MultiselectColumn(
        ROLE_LABELS["service_lines"], options=list(line_names),
        format_func=lambda i: line_names.get(i, i), width="medium",
        help="Workload roles: the service lines they work on (empty: all)."),
    "ratio_per": st.column_config.NumberColumn(
        ROLE_LABELS["ratio_per"], **field_limits(Role, "ratio_per", gap=0.1),
        help="Ratio roles: one person per this many ..."),
    "ratio_of": st.column_config.SelectboxColumn(
        ROLE_LABELS["ratio_of"], options=list(RATIO_OF), format_func=RATIO_OF.__getitem__,
        help="Ratio roles: ... of these (blank: workload staff)."),
    "fixed_count": st.column_config.NumberColumn(
        ROLE_LABELS["fixed_count"], **field_limits(Role, "fixed_count"), default=0.0,
        help="Fixed roles: people in the role (0.5 = half-time)."),
    "start_month": month_column(ROLE_LABELS["start_month"], "Plan month the role starts.", Role,
                                "start_month"),
    "direct": st.column_config.CheckboxColumn(
        ROLE_LABELS["direct"], help="Ticked: cost of sales (direct labour). Blank: workload roles "
        "are direct, others overhead."),
    "work_pattern": st.column_config.SelectboxColumn(
        ROLE_LABELS["work_pattern"], options=list(WORK_PATTERN_LABELS),
        format_func=WORK_PATTERN_LABELS.__getitem__,
        help="In shifts: shares desks by the shift pattern (agents). Office day: one desk each, "
        "no sharing (managers, finance, trainers). Remote: no desk and no per-employee items. "
        "Blank: shifts for workload roles, office for the others."),
    "employment": st.column_config.SelectboxColumn(
        ROLE_LABELS["employment"], options=list(EMPLOYMENT_LABELS),
        format_func=EMPLOYMENT_LABELS.__getitem__, default="employee", required=True,
        help="Contractor: paid the monthly wage with no employer costs on top (they invoice "
        "you); recruiting and training cost the same."),
}  # fmt: skip


def _role_row(role: Role) -> dict[str, object]:
    """A role as a table row: "One per" and "Of" are blank unless the role is a ratio role,
    "Fixed number" unless it is a fixed role."""
    row = role.model_dump(mode="json")
    if role.basis != "ratio":
        row["ratio_of"] = None  # read back as blank: the model's default, which only ratios use
    if role.basis != "fixed":
        row["fixed_count"] = None  # likewise: 0, which only fixed roles use
    return row


roles, errors = edit_table("roles", plan.staffing.roles, Role, role_cols, to_row=_role_row)
save_table("staffing.roles", roles, errors, **ROLE_LABELS)
currency_caption(plan.settings)

# --- the figures ---------------------------------------------------------------------------------
p = projection_or_stop()
k = p.kpis
cur = p.plan.settings.currency
queue_lines = [
    x
    for x in p.plan.specialty.service_lines
    if isinstance(x.workload, QueueWorkload) and x.workload.as_calls
]
if not queue_lines:
    st.subheader("What one more agent buys")
    st.info(
        "This applies to voice queues only: calls answered within a time target, where Erlang C "
        "shows the service level each extra agent buys. None of your service lines is a voice "
        "queue, so their staff follow the workload above directly (chat slots, the backlog "
        "within its deadline, dials, minutes per item or billable hours).",
        icon=":material/info:",
    )
else:
    st.subheader("What one more agent buys (busiest half hour)")
    chosen = st.columns(3)[0].selectbox(
        "Service line", [x.id for x in queue_lines], format_func=line_names.get,
        key="staff_curve_line", help="The queue whose busiest interval is shown.",
    )  # fmt: skip
    try:
        curve, needed = tables.agents_curve(p, chosen)
        calls, seconds, _ = tables.busiest_interval(p, chosen)
    except ValueError as exc:
        st.warning(plain(f"No curve for this line: {exc}"))
    else:
        work = p.plan.service_line(chosen).workload
        g, t = st.columns([3, 2])
        with g:
            chart(
                charts.service_level_curve(
                    curve, work.service_level, needed,
                    title=f"Service level against agents: {number(calls)} contacts in "
                    f"{number(seconds / 60)} minutes",
                ),
                key="staff_curve",
            )  # fmt: skip
        with t:
            st.markdown(
                f"**{needed} agents** meet {percent(work.service_level)} in "
                f"{number(work.answer_seconds)} s "
                f"at the busiest {number(seconds / 60)} minutes of the busiest month "
                f"({number(calls)} contacts)."
            )
            wait = [
                "queue grows" if v == float("inf") else number(v, 1) for v in curve["asa_seconds"]
            ]
            # Percent columns as 0-100 with one decimal: Streamlit's "percent" format varies them.
            shares = [c for c in ("service_level", "occupancy", "abandon_rate") if c in curve]
            shown = curve.assign(asa_seconds=wait, **{c: curve[c] * 100 for c in shares}).rename(
                columns={"agents": "Agents", "service_level": "Answered in time",
                         "asa_seconds": "Average wait (s)", "occupancy": "Busy",
                         "abandon_rate": "Hang up"}
            )  # fmt: skip
            st.dataframe(
                shown,
                hide_index=True,
                width="stretch",
                column_config={
                    "Agents": st.column_config.NumberColumn(width=60),
                    "Answered in time": st.column_config.NumberColumn(format="%.1f%%"),
                    "Busy": st.column_config.NumberColumn(format="%.1f%%"),
                    "Hang up": st.column_config.NumberColumn(format="%.1f%%"),
                    "Average wait (s)": st.column_config.TextColumn(
                        help="Average seconds a contact waits before an answer."
                    ),
                },
            )

st.subheader("Headcount and payroll")
c1, c2, c3, c4 = st.columns(4)
payroll_total = tables.totals(p).payroll
with c1:
    kpi_card("Most people at once", number(k.peak_headcount), "Peak headcount, trainees included.")
with c2:
    kpi_card("Payroll over the plan", money(payroll_total, cur, compact=True),
             "Wages plus employer costs, all roles.")  # fmt: skip
with c3:
    kpi_card("Cost per productive hour", money(k.cost_per_productive_hour, cur, cents=True),
             "All costs / hours your direct staff deliver.")  # fmt: skip
with c4:
    kpi_card("Price per productive hour", money(k.price_per_productive_hour, cur, cents=True),
             "Revenue / the same hours: keep it above the cost.")  # fmt: skip
NO_PEOPLE = (
    "Nobody on the payroll yet: add roles above (workload roles need clients buying their "
    "service lines)."
)
g1, g2 = st.columns(2)
with g1:
    chart(charts.headcount_by_role(p), key="staff_headcount", empty=NO_PEOPLE)
with g2:
    chart(charts.payroll_by_role(p), key="staff_payroll", empty=NO_PEOPLE)
    csv_download(
        "Payroll by role and month (CSV)", table_csv(p, "payroll"), "payroll-by-month",
        key="staff_download_payroll",
        help="For each role and month: headcount, person-months paid, wages, employer costs and "
        "the total.",
    )  # fmt: skip
chart(
    charts.workload_fte(p), key="staff_fte",
    empty="No workload yet: it comes from the volumes your clients buy (step 2) and the won "
    "clients of step 6.",
)  # fmt: skip
head, button = st.columns([3, 1], vertical_alignment="bottom")
head.markdown("**Hiring plan: people hired each month (first year)**")
with button:
    csv_download(
        "Hiring plan by month (CSV)", table_csv(p, "staffing"), "hiring-plan-by-month",
        key="staff_download_hiring",
        help="For each role and month of the plan: people needed, headcount, hires, leavers, and "
        "the person-months in training, ramping up after it and productive.",
    )  # fmt: skip
static_table(tables.hiring_plan(p).style.format(people))
st.markdown("**Headcount by role at the end of each year**")
static_table(tables.headcount_table(p).style.format(people))
