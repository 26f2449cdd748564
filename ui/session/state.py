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
from planner.model.starters import blank_plan
from planner.model.text import plain
from planner.storage.store import PlanRecord, Restored
from ui.session import persistence

PLAN_KEY = "plan"
GEN_KEY = "plan_gen"
ORIGIN_KEY = "plan_origin"
FLASH_KEY = "plan_flash"
WARN_KEY = "plan_warning"


def _initial_plan() -> tuple[Plan, str]:
    """The plan the address names (`?plan=<id>`), else a blank plan (origin "blank", stored at
    its first change): a session never starts on a plan the founder did not choose."""
    plan = persistence.open_current()
    if plan is not None:
        return plan, "restored"
    missing = persistence.missing_plan()
    if missing:
        warn(f"{plain(missing)} You are on a new blank plan; your saved plans are in My plans.")
    return blank_plan(), "blank"


def get_plan() -> Plan:
    """The plan being edited (the stored plan the address names, or a blank plan, on the first
    call)."""
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
    return str(st.session_state.get(ORIGIN_KEY, "blank"))


def is_stored() -> bool:
    """Whether this session's plan is a stored plan (saved or edited by the founder), which
    Start offers to carry on with; a blank plan nobody changed yet is not."""
    get_plan()
    return persistence.current_plan_id() is not None


def keep_in_url() -> None:
    """Keep `?plan=<id>` in the address on every run (page links drop it)."""
    get_plan()
    persistence.keep_in_url()


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
        stored = persistence.autosave(plan)
        if stored.settings.name != plan.settings.name:
            # A first save under a name another plan has: it is stored as "name (2)", and the
            # plan says so too (one name per plan).
            # No refresh of every widget: those already drawn in this run would keep their old
            # keys in the browser and the founder's next choice in one of them would be lost;
            # the plan name field follows the name itself (ui/views/business_plan.py).
            st.session_state[PLAN_KEY] = plan = stored
            flash(
                f"Saved as **{plain(plan.settings.name)}**: another of your plans has the name "
                "it had."
            )
    return plan


def start_new(name: str, plan: Plan, *, origin: str = "new") -> Plan:
    """Make `plan` the current plan as a new plan (in storage too, when there is storage)."""
    plan = persistence.start_new(name, validate(plan))
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


def rename_plan(plan_id: int, name: str) -> PlanRecord:
    """Rename a stored plan ("My plans"); when it is this session's plan, the plan name the steps
    show changes with it (one name per plan). Raises StorageError (the name then stays)."""
    record, renamed = persistence.rename(plan_id, name, get_plan())
    if renamed is not None:
        st.session_state[PLAN_KEY] = renamed
        refresh_widgets()
    return record


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
    name = new_plan.settings.name
    if name != plan.settings.name and persistence.name_taken(name):
        return (
            Issue(
                ("settings", "name"),
                f"another of your plans is already named '{name}'",
                "a name none of your other plans has",
                label="Plan name",
            ),
        )
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
    opened = start_new(plan.settings.name, plan, origin="file")
    if opened.settings.name != plan.settings.name:
        flash(
            f"Opened {plain(file_name)}. You already have a plan named "
            f"'{plain(plan.settings.name)}', so this one is named "
            f"'{plain(opened.settings.name)}'; rename it in step 2 or in My plans."
        )
    else:
        flash(f"Opened {plain(file_name)}: you are now editing '{plain(opened.settings.name)}'.")
    return ()


def flash(message: str | None = None) -> str | None:
    """Store a one-time message for the next run (`flash("...")`), or pop it (`flash()`)."""
    if message is not None:
        st.session_state[FLASH_KEY] = message
        return None
    return st.session_state.pop(FLASH_KEY, None)


def warn(message: str | None = None) -> str | None:
    """As `flash`, for a one-time warning (something did not happen as the founder asked: a plan
    in the address that was not found)."""
    if message is not None:
        st.session_state[WARN_KEY] = message
        return None
    return st.session_state.pop(WARN_KEY, None)
