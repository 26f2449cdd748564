"""Step 1, specialty: the catalog by family, your service lines, a weighted scoring of candidate
specialties, and onshore / nearshore / offshore side by side."""

from __future__ import annotations

import contextlib
from typing import Any

import streamlit as st
from pydantic import TypeAdapter, ValidationError

from planner.charts import figures as charts
from planner.data.catalog import find_location, load_locations, load_services
from planner.data.profiles import time_zones
from planner.model.currency import RATES_AS_OF, known_rate
from planner.model.labels import (
    DELIVERY_MODEL_LABELS,
    FAMILY_LABELS,
    PRICING_LABELS,
    VOLUME_UNITS,
    WORKLOAD_TYPE_LABELS,
)
from planner.model.limits import bounds
from planner.model.plan import (
    SCORE_CRITERIA,
    Candidate,
    ServiceLine,
    Settings,
    Specialty,
    Workload,
)
from planner.report import format as fmt
from planner.rounding import round_half_up
from planner.steps.specialty import change_workload_type, compare_delivery_models, score_candidates
from ui.components.locations import cost_locations_editor
from ui.components.widgets import (
    chart,
    edit_table,
    field_limits,
    name_column,
    number_input,
    page_header,
    save_fields,
    save_table,
    section_errors,
    wkey,
)
from ui.session import state

page_header(
    "Step 1 · Specialty",
    "Look at the sector, find what is lacking, focus there. Choose the services you will sell, "
    "score the candidates honestly, and pick where the work is done.",
    step="specialty",
)

plan = state.get_plan()
cur = plan.settings.currency


def _catalog() -> list[Any]:
    return list(load_services())


st.subheader("What you will sell")
st.caption(
    "Your service lines: rename one, or delete it (first change the clients and roles using it). "
    "Add more from the catalog below. Their workload (handle times, service levels) is in step 5."
)
plan = state.get_plan()
LINE_LABELS = {"name": "Service line", "family": "Family", "measured": "Work measured as",
               "description": "What it involves"}  # fmt: skip
line_cols = {
    "name": name_column(LINE_LABELS["name"], "The name clients see.", width="medium"),
    "family": st.column_config.SelectboxColumn(
        LINE_LABELS["family"], options=list(FAMILY_LABELS), format_func=FAMILY_LABELS.__getitem__,
        required=True, help="Back office, front office, knowledge process or IT."),
    "measured": st.column_config.SelectboxColumn(
        LINE_LABELS["measured"], options=list(WORKLOAD_TYPE_LABELS),
        format_func=lambda k: WORKLOAD_TYPE_LABELS[k].capitalize(), required=True,
        help="A queue: calls, chats, e-mails or back-office cases (a time target or a response "
        "deadline). Items: pieces of work at minutes each. Project hours: hours of work. "
        "Outbound dialling: dials made by the team. Its settings are in step 5."),
    "description": st.column_config.TextColumn(LINE_LABELS["description"], width="large",
                                               help="What the work is, in a sentence or two."),
}  # fmt: skip
_WORKLOAD: TypeAdapter[Workload] = TypeAdapter(Workload)


def _line_row(line: ServiceLine) -> dict[str, Any]:
    return {**line.model_dump(mode="json"), "measured": line.workload.type}


def _line_from(row: dict[str, Any]) -> dict[str, Any]:
    """The chosen measure switches the line's workload, keeping its handle time and busy share
    (`change_workload_type`)."""
    kind = row.pop("measured", None)
    work = row.get("workload")
    if kind in WORKLOAD_TYPE_LABELS and isinstance(work, dict) and work.get("type") != kind:
        with contextlib.suppress(ValidationError):
            new = change_workload_type(_WORKLOAD.validate_python(work), kind)
            row["workload"] = new.model_dump(mode="json")
    return row


kinds_before = {x.id: x.workload.type for x in plan.specialty.service_lines}
lines, errors = edit_table(
    "service_lines", plan.specialty.service_lines, ServiceLine, line_cols, num_rows="delete",
    to_row=_line_row, from_row=_line_from,
)  # fmt: skip
save_table("specialty.service_lines", lines, errors, **LINE_LABELS)
for x in state.get_plan().specialty.service_lines:
    if x.id in kinds_before and kinds_before[x.id] != x.workload.type:
        st.info(
            f"**{x.name}** is now measured as {WORKLOAD_TYPE_LABELS[x.workload.type]}: the "
            f"volumes its clients buy are counted in {VOLUME_UNITS[x.workload.type]}; check them "
            "in step 2 and its settings in step 5.",
            icon=":material/info:",
        )

# --- the catalog -------------------------------------------------------------------------
services = _catalog()
if not services:
    st.info("The service catalog is not installed yet.")
else:
    from planner.data.catalog import load_compliance

    compliance_names = {c.id: c.name for c in load_compliance()}
    WORK = WORKLOAD_TYPE_LABELS
    chosen_catalog = {x.catalog_id for x in plan.specialty.service_lines}
    browse = st.expander(
        f"Browse the catalog: {len(services)} services in four families, with what each involves",
        expanded=not plan.specialty.service_lines,
        icon=":material/menu_book:",
    )
    tabs = browse.tabs(list(FAMILY_LABELS.values()))
    for tab, family in zip(tabs, FAMILY_LABELS, strict=True):
        grid = tab.columns(2)
        for i, svc in enumerate([s for s in services if s.family == family]):
            with grid[i % 2], st.container(border=True):
                head, action = st.columns([5, 1], vertical_alignment="center")
                mark = " :material/check_circle:" if svc.id in chosen_catalog else ""
                head.markdown(f"**{svc.name}**{mark}")
                compliance = ", ".join(compliance_names.get(c, c) for c in svc.compliance)
                head.caption(
                    f"{svc.description}  \n*Work:* {WORK[svc.workload.type]} · "
                    f"*usually priced* {PRICING_LABELS[svc.pricing_model]} · "
                    f"{'can be done remotely' if svc.remote_capable else 'site-based'}"
                    + (f" · *compliance:* {compliance}" if compliance else "")
                )
                if action.button(
                    "Add",
                    key=f"add_{svc.id}",
                    icon=":material/add:",
                    help="Add it to your service lines (edit it below).",
                ):
                    from planner.data.catalog import service_line_from_catalog

                    line = service_line_from_catalog(svc.id)
                    taken = {x.id for x in state.get_plan().specialty.service_lines}
                    n, base = 2, line.id
                    while line.id in taken:
                        line = line.model_copy(update={"id": f"{base}_{n}"})
                        n += 1
                    lines_now = [*state.get_plan().specialty.service_lines, line]
                    problem = state.update_section(
                        "specialty.service_lines",
                        [x.model_dump(mode="json") for x in lines_now],
                    )
                    if problem:
                        section_errors(problem)
                    else:
                        state.refresh_widgets()
                        state.flash(f"Added **{line.name}** to your service lines.")
                        st.rerun()  # fmt: skip

plan = state.get_plan()
t1, t2 = st.columns(2)
target = t1.text_area(
    "Target clients", plan.specialty.target_clients, key=wkey("spec.target"), height=170,
    help="Who buys: industry, size, country, and what they struggle with today.",
)  # fmt: skip
why = t2.text_area(
    "Why this specialty", plan.specialty.why, key=wkey("spec.why"), height=170,
    help="What is lacking in the sector that you will do better, cheaper or faster.",
)  # fmt: skip
save_fields("specialty", target_clients=target, why=why)

# --- scoring ------------------------------------------------------------------------------
st.subheader("Compare candidate specialties")
st.caption(
    "Score each candidate from 1 (poor) to 5 (excellent); weight what matters most to you. "
    "For start-up cost, 5 means cheapest to start."
)
CRITERIA = {
    "demand": ("Demand", "How many clients want it now."),
    "market_gap": ("Gap in the market", "How poorly it is served today."),
    "expertise": ("Your expertise", "How well you know the work."),
    "margin": ("Margin", "How much of the price you keep."),
    "startup_cost": ("Low start-up cost", "5 = cheapest to start."),
    "remote_capable": ("Remote-capable", "Can be done from home or anywhere."),
}
plan = state.get_plan()
weights = {}
wcols = st.columns(len(SCORE_CRITERIA))
for col, crit in zip(wcols, SCORE_CRITERIA, strict=True):
    label, help_text = CRITERIA[crit]
    weights[crit] = number_input(
        f"Weight: {label}", plan.specialty.criteria_weights.get(crit, 1.0),
        f"spec.weight.{crit}", f"{help_text} 0 ignores it; 10 makes it decisive.",
        limits=bounds(Specialty, "criteria_weights"), where=col,
    )  # fmt: skip
save_fields("specialty", criteria_weights=weights)

cand_cols: dict[str, Any] = {
    "name": name_column("Candidate", "A specialty you could launch."),
}  # fmt: skip
for crit in SCORE_CRITERIA:
    label, help_text = CRITERIA[crit]
    cand_cols[crit] = st.column_config.NumberColumn(
        label, **field_limits(Candidate, "scores"), step=1, default=3, required=True,
        help=f"{help_text} 1 to 5.",
    )  # fmt: skip


def _cand_row(c: Candidate) -> dict[str, Any]:
    return {"name": c.name, **c.scores}


def _cand_from(row: dict[str, Any]) -> dict[str, Any]:
    scores = dict(row.get("scores") or {})
    for crit in SCORE_CRITERIA:
        if crit in row:
            scores[crit] = row.pop(crit)
    return {"name": row.get("name"), "scores": scores}


cands, cand_errors = edit_table(
    "candidates", plan.specialty.candidates, Candidate, cand_cols, to_row=_cand_row,
    from_row=_cand_from,
)  # fmt: skip
save_table("specialty.candidates", cands, cand_errors, name="Candidate")

plan = state.get_plan()
if plan.specialty.candidates:
    ranked = score_candidates(plan.specialty)
    g, t = st.columns([3, 2])
    with g:
        chart(charts.scoring_chart(ranked), key="spec_scores")
    with t:
        # One rounding for the chart's labels and the table: halves up (62.5 shows as 63 in both).
        shown = ranked.assign(weighted_score=ranked["weighted_score"].map(round_half_up)).rename(
            columns={"candidate": "Candidate", "weighted_score": "Score (0-100)", "rank": "Rank"}
        )
        st.dataframe(
            shown[["Rank", "Candidate", "Score (0-100)"]],
            hide_index=True,
            width="stretch",
            column_config={
                "Rank": st.column_config.NumberColumn(width=50),
                "Candidate": st.column_config.TextColumn(width="medium"),
                "Score (0-100)": st.column_config.ProgressColumn(
                    format="%.0f", min_value=0, max_value=100, width="small"),
            },
        )  # fmt: skip
        st.caption(
            "Score: the weighted mean of the 1-5 scores, put on 0 (all ones) to 100 (all fives)."
        )

# --- delivery model -----------------------------------------------------------------------------
st.subheader("Where the work is done")
plan = state.get_plan()
MODELS = DELIVERY_MODEL_LABELS
d1, d2, d3 = st.columns([2, 1, 1])
model_choice = d1.radio(
    "Delivery model", list(MODELS), index=list(MODELS).index(plan.settings.delivery_model),
    format_func=MODELS.__getitem__, horizontal=True, key=wkey("settings.delivery_model"),
    help="Onshore costs most and sells on closeness; offshore sells on cost.",
)  # fmt: skip
location = d2.text_input(
    "Your delivery location", plan.settings.location, key=wkey("settings.location"),
    max_chars=120, help="City and country of your centre.",
)  # fmt: skip
known = find_location(location, load_locations())
zones = ["", *time_zones()]
site_zone = d3.selectbox(
    "Your site's time zone", zones,
    index=zones.index(plan.settings.time_zone) if plan.settings.time_zone in zones else 0,
    format_func=lambda z: z.replace("_", " ") if z else (
        f"From your location ({known.time_zone.replace('_', ' ')})"
        if known is not None and known.time_zone else "Not set"),
    key=wkey("settings.time_zone"),
    help="Shows the hours your team works for clients in other time zones (step 5). Leave it "
    "on 'From your location' for a city in the list below.",
)  # fmt: skip
save_fields("settings", delivery_model=model_choice, location=location, time_zone=site_zone or None)

plan = state.get_plan()
usd_rate = None
if cur != "USD":
    table_rate = known_rate(cur)
    start_note = (
        f"Starts at the approximate rate of {RATES_AS_OF} "
        f"({fmt.number(table_rate, 4, trim=True)}); type today's rate."
        if table_rate
        else "Type today's rate."
    )
    typed_rate = number_input(
        f"Exchange rate ({cur} per US dollar)", plan.settings.rate,
        f"settings.units_per_usd.{cur}",
        "Location wages and catalogue fees are in US dollars; this converts them to your "
        f"plan's currency and scales the largest amounts a field takes. {start_note}",
        limits=bounds(Settings, "units_per_usd"),
    )  # fmt: skip
    # Kept only when it differs from the table's rate: until the founder types their own, the
    # plan follows the table.
    rates = {k: v for k, v in plan.settings.units_per_usd.items() if k != cur}
    if typed_rate != table_rate:
        rates[cur] = typed_rate
    save_fields("settings", units_per_usd=rates)
    usd_rate = state.get_plan().settings.rate
cost_locations_editor()
plan = state.get_plan()
compared = compare_delivery_models(plan, load_locations(), usd_rate=usd_rate)
chart(charts.delivery_models_chart(compared, cur), key="spec_delivery")
st.caption(
    "Each location with your own pay burden, paid hours, shrinkage and per-person resources "
    "(steps 4 and 5): only the agent wage changes (the midpoint of the published range; "
    "sources in the table). \u25b6 marks your location."
)
with st.expander("The figures, with sources"):
    st.dataframe(
        compared[["location", "delivery_model", "agent_wage_per_hour",
                  "loaded_cost_per_fte_month", "cost_per_productive_hour", "source"]],
        hide_index=True,
        width="stretch",
        column_config={
            "location": "Location",
            "delivery_model": "Model",
            "agent_wage_per_hour": st.column_config.NumberColumn(
                f"Agent wage ({cur}/h)", format="%.2f"),
            "loaded_cost_per_fte_month": st.column_config.NumberColumn(
                f"Cost per FTE a month ({cur})", format="%,.0f"),
            "cost_per_productive_hour": st.column_config.NumberColumn(
                f"Cost per productive hour ({cur})", format="%.2f"),
            "source": st.column_config.TextColumn("Source", width="large"),
        },
    )  # fmt: skip
