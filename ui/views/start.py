"""Start: a blank plan or one from a starter, open a plan file, or carry on with a saved plan.

"Carry on" offers only plans the founder has: this window's plan once it is stored (saved or
edited), and the other stored plans. A starter is never shown as if it were the founder's.
"""

from __future__ import annotations

import streamlit as st

from planner.model.issues import explain
from planner.model.starters import BLANK_NAME, TemplateInfo, blank_plan, list_templates
from planner.model.text import plain
from planner.steps.progress import step_progress
from planner.storage.errors import StorageError
from ui.components.widgets import page_header, plan_download
from ui.session import persistence, state

UPLOAD_KEY = "start_upload"
UPLOAD_ERROR = "start_upload_error"
NAME_KEY = "start_name"
STEP_PAGES = (
    "ui/views/specialty.py",
    "ui/views/business_plan.py",
    "ui/views/paperwork.py",
    "ui/views/resources.py",
    "ui/views/staffing.py",
    "ui/views/marketing.py",
)
RECENT = 5  # stored plans offered under "Carry on"


def _templates() -> list[TemplateInfo]:
    return list_templates()


def _on_upload() -> None:
    uploaded = st.session_state.get(UPLOAD_KEY)
    if uploaded is None:
        return
    st.session_state[UPLOAD_ERROR] = state.open_plan_file(uploaded.getvalue(), uploaded.name)


def _started(name: str, wanted: str, how: str) -> None:
    if name != wanted:
        how += (
            f" You already have a plan named '{plain(wanted)}', so this one is named "
            f"'{plain(name)}'."
        )
    state.flash(how + " Step 1: your specialty.")
    st.switch_page("ui/views/specialty.py")


def _typed_name(default: str) -> str:
    return str(st.session_state.get(NAME_KEY, "")).strip() or default


def _new_plan_column() -> None:
    st.subheader(":material/add_circle: Start a new plan")
    st.text_input(
        "Name of your plan",
        key=NAME_KEY,
        placeholder=BLANK_NAME,
        max_chars=120,
        help="Shown in 'My plans' and on the written plan; you can change it later. Leave it "
        "blank for a suggested name.",
    )
    if st.button("Start a blank plan", type="primary", key="start_blank", width="stretch"):
        name = _typed_name(BLANK_NAME)
        plan = state.start_new(name, blank_plan(name), origin="blank")
        _started(
            plan.settings.name,
            name,
            f"New blank plan '{plain(plan.settings.name)}': no services, clients or staff yet.",
        )
    st.caption(
        "Nothing filled in: you add your services, clients, paperwork, equipment, team and "
        "marketing in the six steps."
    )
    infos = _templates()
    if not infos:
        return
    with st.expander("Or start from a starter (an example plan to adapt)"):
        by_id = {info.id: info for info in infos}
        chosen = st.radio(
            "Starter",
            list(by_id),
            format_func=lambda i: by_id[i].title,
            key="start_template",
            help="A complete example plan. Every figure in it is an editable assumption, with "
            "its source.",
        )
        st.caption(plain(by_id[chosen].description))
        if st.button("Start from this starter", key="start_new", width="stretch"):
            from planner.model.starters import load_template

            name = _typed_name(by_id[chosen].title)
            plan = state.start_new(name, load_template(chosen), origin="template")
            _started(
                plan.settings.name,
                name,
                f"New plan '{plain(plan.settings.name)}' started from the starter "
                f"'{plain(by_id[chosen].title)}'.",
            )


def _open_file_column() -> None:
    st.subheader(":material/upload_file: Open a plan file")
    st.file_uploader(
        "Plan file (.yaml, .yml or .json)",
        type=["yaml", "yml", "json"],
        key=UPLOAD_KEY,
        on_change=_on_upload,
        help="A plan downloaded from this app (or written by hand). A file that is not a valid "
        "plan is refused with the reason, and your current plan stays as it was.",
    )
    refused = st.session_state.get(UPLOAD_ERROR)
    if refused:
        st.error(
            "**This file was not opened**; your current plan is unchanged.\n\n"
            + "\n".join(f"- {plain(explain(issue))}" for issue in refused),
            icon=":material/error:",
        )
    if state.is_stored():
        st.caption("Download the plan you are editing, to keep it or share it:")
        plan_download(state.get_plan(), key="start_download", icon=":material/download:")


def _open_stored(plan_id: int) -> None:
    try:
        plan = state.open_stored(plan_id)
    except Exception as exc:  # StorageError or PlanError: said in words, never a traceback
        from planner.model.issues import error_words

        state.flash(plain(f"That plan could not be opened: {error_words(exc)}"))
        return
    state.flash(f"Opened '{plain(plan.settings.name)}'.")


def _this_plan() -> None:
    plan = state.get_plan()
    progress = step_progress(plan)
    st.markdown(f"**{plain(plan.settings.name)}**")
    st.caption(
        plain(
            f"{plan.settings.location} · {plan.settings.delivery_model} · "
            f"{plan.settings.horizon_months} months from {plan.settings.first_month} · "
            f"{plan.settings.currency}"
        )
    )
    for step in progress:
        mark = ":material/check_circle:" if step.complete else ":material/pending:"
        detail = "done" if step.complete else plain("; ".join(step.missing))
        st.markdown(f"{mark} **{step.number}. {step.title}**: {detail}")
    next_step = next((s for s in progress if not s.complete), None)
    target = STEP_PAGES[next_step.number - 1] if next_step else "ui/views/dashboard.py"
    label = f"Continue with step {next_step.number}" if next_step else "See the dashboard"
    st.page_link(target, label=label, icon=":material/arrow_forward:")


def _carry_on_column() -> None:
    st.subheader(":material/play_circle: Carry on")
    current = persistence.current_plan_id()
    if state.is_stored():
        _this_plan()
    try:
        others = [p for p in persistence.list_plans() if p.id != current][:RECENT]
    except StorageError as exc:
        st.caption(f"Your saved plans cannot be listed now: {plain(exc)}")
        return
    if not others and not state.is_stored():
        st.caption("Nothing saved yet: a plan you start or open here appears in this list.")
        return
    if others:
        which = "other saved plans" if state.is_stored() else "saved plans"
        st.caption(f"Your {which} (all of them are in My plans):")
    for record in others:
        st.button(
            plain(record.name),  # a button label is Markdown: the name is escaped
            key=f"start_open_{record.id}",
            on_click=_open_stored,
            args=(record.id,),
            icon=":material/folder_open:",
            width="stretch",
        )


page_header(
    "Plan the launch of your BPO consultancy",
    "Six steps from the idea to the numbers: pick a specialty, price it, list the paperwork, "
    "equip the seats, staff the work and market it. Every figure updates as you type.",
)

new_col, open_col, continue_col = st.columns(3, gap="large")
with new_col, st.container(border=True):
    _new_plan_column()
with open_col, st.container(border=True):
    _open_file_column()
with continue_col, st.container(border=True):
    _carry_on_column()
