"""Sources: where the plan's figures came from, each tied to the figure it explains. The founder
edits, confirms, adds and removes them; a source whose figure changed is flagged, one whose item
was removed is dropped (`planner.model.sources`)."""

from __future__ import annotations

from typing import Any

import streamlit as st

from planner.export.xlsx.sources import source_label, written_for
from planner.model.files import plan_to_dict
from planner.model.sources import (
    CHANGED_NOTE,
    Source,
    current_path,
    record,
    shown_sources,
    source_status,
)
from planner.report.format import assumption
from ui.components.widgets import edit_table, page_header, save_table, section_errors, wkey
from ui.session import state

page_header(
    "Sources of your figures",
    "Where each figure came from: a public source or your own reasoning. A source stays tied to "
    "the figure it explains: when you change the figure it is flagged, when you remove the item "
    "it explains it is dropped.",
)

plan = state.get_plan()
data = plan_to_dict(plan)
LABELS = {
    "input": "Input", "now": "Value in this plan", "text": "Source", "status": "Status",
    "confirm": "Still right for today's value",
}  # fmt: skip


def _status(source: Source) -> str:
    if source_status(plan, source) != "changed":
        return "Current"
    return f"{CHANGED_NOTE.capitalize()} (written for {written_for(source.field, source.value)})"


def _to_row(source: Source) -> dict[str, Any]:
    path = current_path(plan, source)
    now = next(s.value_now for s in shown_sources(plan, (source,)))
    return {
        **source.model_dump(mode="json"),
        "input": source_label(data, path),
        "now": written_for(path, now) if isinstance(now, float) else assumption(now),
        "status": _status(source),
        "confirm": False,
    }


def _from_row(row: dict[str, Any]) -> dict[str, Any]:
    """The source again; ticked "still right": tied to the figure as it is now."""
    confirm = bool(row.pop("confirm", False))
    for shown in ("input", "now", "status"):
        row.pop(shown, None)
    if not confirm or not row.get("text"):
        return row
    source = Source.model_validate(row)
    again = record(plan, current_path(plan, source), source.text, tuple(source.context))
    return again.model_dump(mode="json")


columns = {
    "input": st.column_config.TextColumn(LABELS["input"], width="medium", disabled=True),
    "now": st.column_config.TextColumn(LABELS["now"], width="small", disabled=True),
    "text": st.column_config.TextColumn(
        LABELS["text"], width="large", required=True, max_chars=500,
        help="The publication, page or reasoning behind the figure."),
    "status": st.column_config.TextColumn(LABELS["status"], width="medium", disabled=True),
    "confirm": st.column_config.CheckboxColumn(
        LABELS["confirm"], default=False,
        help="Tick when the source also explains the figure as it is now: the flag goes."),
}  # fmt: skip
current = tuple(s.source for s in shown_sources(plan, plan.sources))
st.subheader("Your sources")
if len(current) < len(plan.sources):
    st.caption(
        f"{len(plan.sources) - len(current)} source(s) explained items you removed; they are "
        "dropped."
    )
items, errors = edit_table(
    "sources", current, Source, columns, to_row=_to_row, from_row=_from_row, num_rows="delete"
)
save_table("sources", items, errors, **LABELS)

# --- add a source -------------------------------------------------------------------------------
st.subheader("Add a source")
plan = state.get_plan()
data = plan_to_dict(plan)


def _inputs(node: Any, path: str = "") -> list[str]:
    """Every number of the plan, as a path (the figures a source can explain)."""
    if isinstance(node, dict):
        return [p for k, v in node.items() if k != "sources" for p in _inputs(v, f"{path}{k}.")]
    if isinstance(node, list):
        return [p for i, v in enumerate(node) for p in _inputs(v, f"{path}{i}.")]
    if isinstance(node, (int, float)) and not isinstance(node, bool):
        return [path.rstrip(".")]
    return []


paths = _inputs(data)
with st.form("add_source", clear_on_submit=True, border=True):
    field = st.selectbox(
        "Figure", paths, format_func=lambda p: source_label(data, p), key=wkey("source.field"),
        help="The figure this source explains.",
    )  # fmt: skip
    text = st.text_area(
        "Source", max_chars=500, key=wkey("source.text"),
        help="E.g. 'Colombia corporate income tax 35% (DIAN, 2025)'.",
    )  # fmt: skip
    if st.form_submit_button("Add source", icon=":material/add:"):
        if not text.strip():
            st.error("Write the source first: a publication, a page or your reasoning.")
        elif field is not None:
            new = record(plan, field, text.strip())
            problem = state.update_section(
                "sources", [s.model_dump(mode="json") for s in (*plan.sources, new)]
            )
            if problem:
                section_errors(problem)
            else:
                state.refresh_widgets()
                state.flash(f"Added a source for **{source_label(data, field)}**.")
                st.rerun()
