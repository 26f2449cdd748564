"""The one module that keeps the current plan in `st.session_state`.

Pages read the plan with `get_plan()`, write a changed section with `update_section(...)` (which
validates the whole plan first: a bad edit leaves the stored plan as it was and returns the
issues) and read the engine's results with `projection()`, cached on the plan's content so moving
between pages or re-running a page with the same plan never recomputes.

`generation()` changes only when a different plan is loaded (template, file, "My plans"): widget
keys include it, so widgets show the new plan's values instead of keeping the old ones.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from planner.engine.projection import Projection
from planner.model.files import plan_from_dict, plan_to_dict, with_section
from planner.model.issues import Issue, PlanError
from planner.model.plan import Plan
from planner.model.starters import list_templates, load_template
from planner.storage.store import PlanRecord, Restored
from ui.session import persistence

PLAN_KEY = "plan"
GEN_KEY = "plan_gen"
ORIGIN_KEY = "plan_origin"
FLASH_KEY = "plan_flash"


def _starter_plan() -> Plan:
    """The first starter template (an empty plan if none are installed)."""
    infos = list_templates()
    return load_template(infos[0].id) if infos else Plan()


def _initial_plan() -> tuple[Plan, str]:
    plan = persistence.open_current()
    if plan is not None:
        return plan, "restored"
    return _starter_plan(), "starter"


def get_plan() -> Plan:
    """The plan being edited (restored from storage or a starter template on the first call)."""
    if PLAN_KEY not in st.session_state:
        plan, origin = _initial_plan()
        st.session_state[PLAN_KEY] = plan
        st.session_state[GEN_KEY] = st.session_state.get(GEN_KEY, 0) + 1
        st.session_state[ORIGIN_KEY] = origin
    plan: Plan = st.session_state[PLAN_KEY]
    return plan


def generation() -> int:
    get_plan()
    return int(st.session_state.get(GEN_KEY, 0))


def origin() -> str:
    get_plan()
    return str(st.session_state.get(ORIGIN_KEY, "starter"))


def validate(plan: Plan) -> Plan:
    """Re-validate a plan built with `model_copy` (which skips validation); raise PlanError."""
    return plan_from_dict(plan_to_dict(plan), source="plan")


def set_plan(plan: Plan, *, replace: bool = False, origin: str | None = None) -> Plan:
    """Validate and store `plan`, then autosave it. `replace=True` when a different plan is loaded
    (widgets then show its values). Raises PlanError and keeps the stored plan on a bad plan."""
    plan = validate(plan)
    get_plan()
    changed = plan.content_key() != st.session_state[PLAN_KEY].content_key()
    st.session_state[PLAN_KEY] = plan
    if replace:
        st.session_state[GEN_KEY] = st.session_state.get(GEN_KEY, 0) + 1
        clear_editor_bases()
    if origin is not None:
        st.session_state[ORIGIN_KEY] = origin
    if changed or replace:
        persistence.autosave(plan)
    return plan


def start_new(name: str, plan: Plan, *, origin: str = "new") -> Plan:
    """Make `plan` the current plan as a new plan (in storage too, when there is storage)."""
    plan = validate(plan)
    persistence.start_new(name, plan)
    st.session_state[PLAN_KEY] = plan
    st.session_state[GEN_KEY] = st.session_state.get(GEN_KEY, 0) + 1
    st.session_state[ORIGIN_KEY] = origin
    clear_editor_bases()
    return plan


# --- stored plans: the storage side is ui.session.persistence ----------------------------------


def open_stored(plan_id: int) -> Plan:
    """Edit stored plan `plan_id` (its working copy) from now on. Raises StorageError or
    PlanError, and the current plan then stays."""
    return set_plan(persistence.open_plan(plan_id), replace=True, origin="restored")


def go_back_to_version(number: int) -> Restored:
    """Make version `number` of the current stored plan its working copy, and the current plan
    (the working copy it replaces is kept as a version first, unless it is already the latest).
    Raises StorageError or PlanError, and the current plan then stays."""
    restored = persistence.go_back_to_version(get_plan(), number)
    set_plan(restored.draft.plan, replace=True, origin="restored")
    return restored


def reload_theirs() -> Plan:
    """Resolve a conflict by dropping this session's change for what the other session saved."""
    plan = persistence.reload_theirs()
    return get_plan() if plan is None else set_plan(plan, replace=True, origin="restored")


def save_mine_as_copy() -> PlanRecord:
    """Resolve a conflict by storing the current plan as a new plan, edited from now on."""
    return persistence.save_mine_as_copy(get_plan())


def conflict() -> str | None:
    """What storage reported when this plan was changed elsewhere (or None)."""
    return persistence.conflict()


def update_section(section: str, value: Any) -> tuple[Issue, ...]:
    """Replace one section (`"staffing"`, or a dotted path like `"business_plan.narrative"`) with
    `value` (a model or plain data). Returns () when stored, or the issues found (the stored plan
    is then unchanged)."""
    plan = get_plan()
    try:
        new_plan = with_section(plan, section, value)
    except PlanError as exc:
        return exc.issues
    if new_plan.content_key() != plan.content_key():
        set_plan(new_plan)
    return ()


# --- engine results, cached on the plan's content ----------------------------------------------


@st.cache_resource(max_entries=32, show_spinner=False)
def _project(content_key: str, _plan: Plan) -> Projection:
    # Keyed on the content text only: the plan object itself is not hashed (underscore).
    from planner.engine.pipeline import project

    return project(_plan)


def projection(plan: Plan | None = None) -> Projection:
    """The engine's results for `plan` (default: the current plan), computed once per content."""
    plan = get_plan() if plan is None else plan
    return _project(plan.content_key(), plan)


# --- small UI memory that is not the plan --------------------------------------------------------


_EDITOR_BASES = "_editor_bases"


def editor_base(key: str, build: Any) -> Any:
    """The data an editor with widget key `key` started from.

    A data_editor's state is a list of edits against the data it was given; feeding it data that
    already contains those edits would apply them twice. So the base stays as it was while the
    editor lives, and is rebuilt from the plan when the editor is shown afresh."""
    bases: dict[str, Any] = st.session_state.setdefault(_EDITOR_BASES, {})
    if key not in st.session_state or key not in bases:
        bases[key] = build()
    return bases[key]


def refresh_widgets() -> None:
    """Show the stored plan afresh in every widget (after a change made outside the widgets)."""
    st.session_state[GEN_KEY] = st.session_state.get(GEN_KEY, 0) + 1
    clear_editor_bases()


def clear_editor_bases() -> None:
    st.session_state[_EDITOR_BASES] = {}


def open_plan_file(data: bytes, file_name: str) -> tuple[Issue, ...]:
    """Open an uploaded plan file as a new plan. Returns no issues when opened, else the issues
    it was refused for, as values for the page to word (the current plan then stays as it was)."""
    from planner.model.files import parse_plan_text

    try:
        plan = parse_plan_text(data, source=file_name or "plan file")
    except PlanError as exc:
        return exc.issues
    start_new(plan.settings.name, plan, origin="file")
    flash(f"Opened {file_name}: you are now editing **{plan.settings.name}**.")
    return ()


def flash(message: str | None = None) -> str | None:
    """Store a one-time message for the next run (`flash("...")`), or pop it (`flash()`)."""
    if message is not None:
        st.session_state[FLASH_KEY] = message
        return None
    return st.session_state.pop(FLASH_KEY, None)
