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
    RATIO_OF_LABELS,
    ROLE_BASIS_LABELS,
    SHIFT_LABELS,
    VOLUME_UNITS,
    WORKLOAD_TYPE_LABELS,
)
from planner.model.limits import bounds
from planner.model.plan import (
    ItemsWorkload,
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
from planner.steps.specialty import change_workload_type, site_time_zone
from ui.components.arrival import arrival_editor
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
    "How many people the work needs, in which roles, hired when, at what pay. Queue work (calls, "
    "chats) is staffed with Erlang C: see what one more agent buys in service level.",
    step="staffing",
)

plan = state.get_plan()
cur = plan.settings.currency
st_ = plan.staffing

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
        "Paid weeks of classroom and nesting for a new hire.",
        limits=bounds(Staffing, "training_weeks"),
    )  # fmt: skip
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
    yearly_raise=raise_, yearly_attrition=attrition, training_weeks=training,
    hiring_lead_months=int(lead), recruiting_cost_per_hire=recruiting, shift_pattern=shift,
)  # fmt: skip

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
        help="A queue: contacts answered within a time target (Erlang). Items: pieces of work "
        "at minutes each. Project hours: hours of work billed or planned.",
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


def _queue_fields(line: ServiceLine, w: QueueWorkload) -> None:
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
            "Most of their time agents may spend busy; above 85% for long burns them out.",
            limits=bounds(QueueWorkload, "max_occupancy"),
        )  # fmt: skip
    patience = number_input(
        "Caller patience (seconds)", w.patience_seconds, f"wl.{line.id}.patience",
        "How long callers wait on average before hanging up. Set it to staff with Erlang A "
        "(some callers abandon, so fewer agents meet the target); leave it blank to staff with "
        "Erlang C (everyone waits until answered). 60-180 s is common on phones.",
        limits=bounds(QueueWorkload, "patience_seconds"), where=e, required=False,
        placeholder="Blank: Erlang C",
    )  # fmt: skip
    interval = st.columns(5)[0].selectbox(
        "Interval (minutes)", [15, 30, 60], index=[15, 30, 60].index(w.interval_minutes),
        key=wkey(f"wl.{line.id}.interval"), help="Planning interval for Erlang C.",
    )  # fmt: skip
    _save_workload(line.id, aht_seconds=aht, answer_seconds=answer, service_level=sl,
                   max_occupancy=None if w.max_occupancy is None and occ >= 1 else occ,
                   patience_seconds=patience, interval_minutes=interval)  # fmt: skip


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
queue_lines = [x for x in p.plan.specialty.service_lines if x.workload.type == "queue"]
if not queue_lines:
    st.subheader("What one more agent buys")
    st.info(
        "This applies to queue work only: calls, chats or e-mails answered within a time target, "
        "where Erlang C shows the service level each extra agent buys. None of your service lines "
        "is queue work, so their staff follow the workload above directly (minutes per item or "
        "billable hours, divided by each person's productive hours).",
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
        help="For each role and month: headcount, wages, employer costs and the total.",
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
        help="For each role and month of the plan: people needed, headcount, hires, leavers and "
        "people in training.",
    )  # fmt: skip
static_table(tables.hiring_plan(p).style.format(people))
st.markdown("**Headcount by role at the end of each year**")
static_table(tables.headcount_table(p).style.format(people))
