"""BPO Launch Planner: routing only. Page config, the navigation and the sidebar's progress.

Run with `streamlit run app.py`. Each page lives in `ui/views/`; the plan lives in
`ui.session.state`.
"""

from __future__ import annotations

import streamlit as st

from planner.model.plan import Plan
from planner.model.text import plain
from planner.steps.progress import step_progress
from ui.components import widgets
from ui.session import auth, persistence, state

STEP_FILES = ("specialty", "business_plan", "paperwork", "resources", "staffing", "marketing")

st.set_page_config(
    page_title="BPO Launch Planner",
    page_icon=":material/rocket_launch:",
    layout="wide",
    initial_sidebar_state="expanded",
)

auth.gate()  # with sign-in on, nothing below runs until the visitor has signed in


def claim_at_sign_in() -> None:
    """Once per signed-in session: plans made before sign-in was on become this user's, and the
    page says so (the first user to sign in gets them; see README, "Running it for a team")."""
    if auth.user() is None or st.session_state.get("_claimed_for") == auth.user():
        return
    st.session_state["_claimed_for"] = auth.user()
    try:
        claimed = persistence.claim_unowned()
    except Exception as exc:  # the page shows the storage problem; never a traceback
        st.session_state[persistence.ERROR_KEY] = str(exc)
        return
    if claimed:
        names = ", ".join(f"**{record.name}**" for record in claimed)
        state.flash(
            f"Plans made before sign-in was switched on are now yours ({len(claimed)}): {names}. "
            "Share them from My plans."
        )


claim_at_sign_in()
plan = state.get_plan()
progress = step_progress(plan)


def _icon(done: float) -> str:
    if done >= 1:
        return ":material/check_circle:"
    return ":material/radio_button_unchecked:" if done == 0 else ":material/clock_loader_40:"


start_pages = [
    st.Page("ui/views/start.py", title="Start", icon=":material/home:", default=True),
    st.Page("ui/views/library.py", title="My plans", icon=":material/folder_open:"),
]
step_pages = [
    st.Page(
        f"ui/views/{file}.py",
        title=f"{step.number}. {step.title}",
        icon=_icon(step.share_done),
        url_path=file,
    )
    for file, step in zip(STEP_FILES, progress, strict=True)
]
bid_pages = [
    st.Page("ui/views/bid.py", title="Bid desk", icon=":material/request_quote:", url_path="bid"),
]
result_pages = [
    st.Page("ui/views/dashboard.py", title="Dashboard", icon=":material/monitoring:"),
    st.Page("ui/views/actuals.py", title="Actuals", icon=":material/fact_check:"),
    st.Page("ui/views/scenarios.py", title="Scenarios", icon=":material/alt_route:"),
    st.Page("ui/views/sensitivity.py", title="Sensitivity", icon=":material/tune:"),
    st.Page("ui/views/risk.py", title="Risk", icon=":material/casino:"),
    st.Page("ui/views/export.py", title="Export", icon=":material/download:"),
    st.Page("ui/views/sources.py", title="Sources", icon=":material/menu_book:"),
]

page = st.navigation(
    {
        "Your plan": start_pages,
        "Six steps": step_pages,
        "Win clients": bid_pages,
        "Results": result_pages,
    },
    expanded=True,
)


def sidebar(plan_now: Plan) -> None:
    """Progress and the plan file, drawn after the page so they show this run's edits."""
    with st.sidebar:
        auth.sidebar()
        saved = "" if state.is_stored() else " (not saved yet: it is stored at its first change)"
        st.caption(f"Editing **{plain(plan_now.settings.name)}**{saved}")
        with st.expander("What is filled in", expanded=False):
            for step in step_progress(plan_now):
                text = (
                    ", ".join(step.done) if step.complete else "missing: " + "; ".join(step.missing)
                )
                st.progress(step.share_done, text=f"{step.number}. {step.title}: {text}")
        widgets.plan_download(
            plan_now, key="sidebar_download", icon=":material/save:", width="stretch"
        )


def access_notes() -> None:
    """Above every page: a viewer's read-only notice (the store refuses a viewer's save anyway).
    A plan named in the address that could not be opened is said by `persistence.missing_plan`."""
    record = persistence.current_record() if auth.user() is not None else None
    if record is not None and record.access == "viewer":
        st.info(
            f"**Read only.** This plan is shared with you by {record.owner} to view: changes you "
            "make here are not saved. To work on it, copy it into a plan of your own from "
            "My plans.",
            icon=":material/visibility:",
        )


access_notes()
try:
    page.run()
finally:
    widgets.finish_page()
    sidebar(state.get_plan())
    # Page links and st.switch_page drop the address's ?plan=<id>: put it back on every run, so
    # a refresh or a copied address reopens the plan being edited, never another one.
    state.keep_in_url()

# The step icons above were drawn before the page changed the plan: when an edit completes (or
# undoes) a step, draw once more so the navigation shows it. Rare, so reruns stay single.
if [s.share_done for s in step_progress(state.get_plan())] != [s.share_done for s in progress]:
    st.rerun()
