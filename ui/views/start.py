"""Start: a new plan from a starter template, open a plan file, or carry on with this one."""

from __future__ import annotations

import streamlit as st

from planner.model.issues import explain
from planner.model.starters import TemplateInfo, list_templates
from planner.steps.progress import step_progress
from ui.components.widgets import page_header, plan_download
from ui.session import state

UPLOAD_KEY = "start_upload"
UPLOAD_ERROR = "start_upload_error"
STEP_PAGES = (
    "ui/views/specialty.py",
    "ui/views/business_plan.py",
    "ui/views/paperwork.py",
    "ui/views/resources.py",
    "ui/views/staffing.py",
    "ui/views/marketing.py",
)


def _templates() -> list[TemplateInfo]:
    return list_templates()


def _on_upload() -> None:
    uploaded = st.session_state.get(UPLOAD_KEY)
    if uploaded is None:
        return
    st.session_state[UPLOAD_ERROR] = state.open_plan_file(uploaded.getvalue(), uploaded.name)


page_header(
    "Plan the launch of your BPO consultancy",
    "Six steps from the idea to the numbers: pick a specialty, price it, list the paperwork, "
    "equip the seats, staff the work and market it. Every figure updates as you type.",
)

plan = state.get_plan()
progress = step_progress(plan)
new_col, open_col, continue_col = st.columns(3, gap="large")

with new_col, st.container(border=True):
    st.subheader(":material/add_circle: Start a new plan")
    infos = _templates()
    if not infos:
        st.info("Starter templates are not installed yet.")
    else:
        by_id = {info.id: info for info in infos}
        chosen = st.radio(
            "Starter template",
            list(by_id),
            format_func=lambda i: by_id[i].title,
            key="start_template",
            help="A complete example plan to start from. Every figure in it is an editable "
            "assumption, with its source.",
        )
        st.caption(by_id[chosen].description)
        name = (
            st.text_input(
                "Name of your plan",
                key="start_name",
                placeholder=by_id[chosen].title,
                max_chars=120,
                help="Shown in 'My plans' and on the written plan. Leave it blank to use the "
                "template's name.",
            ).strip()
            or by_id[chosen].title
        )
        if st.button("Start from this template", type="primary", key="start_new", width="stretch"):
            from planner.model.starters import load_template

            template_plan = load_template(chosen)
            template_plan = template_plan.model_copy(
                update={"settings": template_plan.settings.model_copy(update={"name": name})}
            )
            state.start_new(name, template_plan, origin="template")
            state.flash(f"New plan **{name}** started from the template. Step 1: your specialty.")
            st.switch_page("ui/views/specialty.py")

with open_col, st.container(border=True):
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
            + "\n".join(f"- {explain(issue)}" for issue in refused),
            icon=":material/error:",
        )
    st.caption("Download the plan you are editing, to keep it or share it:")
    plan_download(plan, key="start_download", icon=":material/download:")

with continue_col, st.container(border=True):
    st.subheader(":material/play_circle: Carry on")
    st.markdown(f"**{plan.settings.name}**")
    st.caption(
        f"{plan.settings.location} · {plan.settings.delivery_model} · "
        f"{plan.settings.horizon_months} months from {plan.settings.first_month} · "
        f"{plan.settings.currency}"
    )
    for step in progress:
        mark = ":material/check_circle:" if step.complete else ":material/pending:"
        detail = "done" if step.complete else "; ".join(step.missing)
        st.markdown(f"{mark} **{step.number}. {step.title}**: {detail}")
    next_step = next((s for s in progress if not s.complete), None)
    target = STEP_PAGES[next_step.number - 1] if next_step else "ui/views/dashboard.py"
    label = f"Continue with step {next_step.number}" if next_step else "See the dashboard"
    st.page_link(target, label=label, icon=":material/arrow_forward:")
