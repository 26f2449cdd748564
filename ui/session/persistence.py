"""The app's link to the plans database: the only UI module that touches `planner.storage.store`.

- `get_store()`: one `PlanStore` per server process, made the Streamlit way with `st.connection`.
  The database is, in order: the `PLANNER_DATABASE_URL` environment variable, `url` under
  `[connections.plans]` in `.streamlit/secrets.toml`, else the default SQLite file in the user's
  data folder.
- `open_current()`: at session start, the plan this browser was editing: the one named in the URL
  (`?plan=<id>`, so a refresh or a copied link reopens it), else the most recently changed one.
- `autosave(plan)`: called by `ui.session.state` on every change. Stores the working copy with
optimistic
  locking; when another tab saved in between it writes nothing, keeps this session's plan, and puts
  a message in `st.session_state["plan_conflict"]`; `reload_theirs()` or `save_mine_as_copy()`
  resolve it.
- `start_new(name, plan)`, `open_plan(plan_id)`: switch this session to another stored plan.

A storage failure (database unreachable, damaged file) never breaks a page: the message goes to
`st.session_state["plan_storage_error"]` (see `storage_error()`), and editing carries on in memory.
"""

from __future__ import annotations

import contextlib
import os
from typing import Any

import streamlit as st
from streamlit.connections import BaseConnection

from planner.model.issues import PlanError
from planner.model.plan import Plan
from planner.storage.store import (
    DATABASE_URL_ENV,
    ConflictError,
    Draft,
    NotFoundError,
    PlanRecord,
    PlanStore,
    StorageError,
    VersionRecord,
)

CONFLICT_KEY = "plan_conflict"
ERROR_KEY = "plan_storage_error"
_ID_KEY = "_stored_plan_id"
_REVISION_KEY = "_stored_plan_revision"
_SAVED_KEY = "_stored_plan_content"
QUERY_PARAM = "plan"


class PlanStoreConnection(BaseConnection[PlanStore]):
    """`st.connection("plans", type=PlanStoreConnection)`: the plans database.

    Configured like Streamlit's own connections: `url` as a keyword, or under
    `[connections.plans]` in secrets.toml; `PLANNER_DATABASE_URL` overrides both.
    """

    def _connect(self, **kwargs: Any) -> PlanStore:
        url = os.environ.get(DATABASE_URL_ENV, "").strip() or kwargs.get("url")
        if not url:
            url = self._secrets.get("url")
        return PlanStore(url or None)

    @property
    def store(self) -> PlanStore:
        return self._instance


def get_store() -> PlanStore:
    """The plans database (one per server process; raises StorageError if it cannot be used)."""
    return st.connection("plans", type=PlanStoreConnection).store


# --- what this session is editing ------------------------------------------------------------


def current_plan_id() -> int | None:
    value = st.session_state.get(_ID_KEY)
    return int(value) if value is not None else None


def current_record() -> PlanRecord | None:
    """The stored plan this session is editing, or None (not stored yet, or storage down)."""
    plan_id = current_plan_id()
    if plan_id is None:
        return None
    try:
        return get_store().get_plan(plan_id)
    except StorageError as exc:
        _report(exc)
        return None


def storage_error() -> str | None:
    """The last storage failure in this session (cleared by the next successful save)."""
    return st.session_state.get(ERROR_KEY)


def conflict() -> str | None:
    return st.session_state.get(CONFLICT_KEY)


def _report(exc: Exception) -> None:
    st.session_state[ERROR_KEY] = str(exc)


def _adopt(plan_id: int, revision: int, plan: Plan) -> None:
    """From now on this session edits stored plan `plan_id`, last saved at `revision`."""
    st.session_state[_ID_KEY] = plan_id
    st.session_state[_REVISION_KEY] = revision
    st.session_state[_SAVED_KEY] = plan.content_key()
    st.session_state.pop(CONFLICT_KEY, None)
    _remember_in_url(plan_id)


def _remember_in_url(plan_id: int) -> None:
    try:
        if st.query_params.get(QUERY_PARAM) != str(plan_id):
            st.query_params[QUERY_PARAM] = str(plan_id)
    except Exception:
        pass


def _forget() -> None:
    for key in (_ID_KEY, _REVISION_KEY, _SAVED_KEY, CONFLICT_KEY):
        st.session_state.pop(key, None)
    with contextlib.suppress(Exception):
        st.query_params.pop(QUERY_PARAM, None)


# --- the API ui.session.state calls ---------------------------------------------------------------


def open_current() -> Plan | None:
    """The plan to restore at session start: `?plan=<id>` from the URL, else the most recently
    changed stored plan; None when nothing is stored yet (the caller then starts from a template,
    stored at its first change)."""
    try:
        store = get_store()
        wanted: int | None = None
        raw = st.query_params.get(QUERY_PARAM)
        if raw is not None and str(raw).isdigit():
            wanted = int(raw)
        candidates = [wanted] if wanted is not None else []
        candidates += [record.id for record in store.list_plans()[:1]]
        for plan_id in candidates:
            try:
                draft = store.load_draft(plan_id)
            except NotFoundError:
                continue
            _adopt(draft.plan_id, draft.revision, draft.plan)
            return draft.plan
    except (StorageError, PlanError) as exc:
        # An unreadable draft is left as it is in the database: the session starts afresh and its
        # first change is stored as a new plan.
        _report(exc)
    return None


def autosave(plan: Plan) -> None:
    """Store `plan` as the working copy of this session's stored plan (creating it if needed).

    Never overwrites another session's save: on a conflict it records the message and writes
    nothing until the conflict is resolved.
    """
    if st.session_state.get(CONFLICT_KEY):
        return
    key = plan.content_key()
    plan_id = current_plan_id()
    if plan_id is not None and st.session_state.get(_SAVED_KEY) == key:
        _remember_in_url(plan_id)
        return
    try:
        store = get_store()
        if plan_id is None:
            record = store.create_plan(store.unique_name(plan.settings.name), plan)
            _adopt(record.id, record.revision, plan)
        else:
            revision = store.save_draft(plan_id, plan, int(st.session_state[_REVISION_KEY]))
            _adopt(plan_id, revision, plan)
        st.session_state.pop(ERROR_KEY, None)
    except ConflictError as exc:
        st.session_state[CONFLICT_KEY] = str(exc)
        # The banner with the choices is drawn at the top of the page
        # (ui.components.widgets.page_header),
        # which this run has already passed: say so now, wherever the change was made.
        with contextlib.suppress(Exception):
            st.toast(
                "This plan was changed in another window: your change was not saved over it. "
                "See the message at the top of the page.",
                icon=":material/sync_problem:",
            )
    except NotFoundError:
        # Deleted in another tab: keep the work by storing it as a new plan.
        _forget()
        autosave(plan)
    except StorageError as exc:
        _report(exc)


def ensure_stored(plan: Plan) -> PlanRecord | None:
    """Make sure the session's plan is in the database (e.g. before "save version")."""
    autosave(plan)
    return current_record()


def start_new(name: str, plan: Plan) -> Plan:
    """Store `plan` as a new plan named `name` (made unique) and edit it from now on."""
    try:
        store = get_store()
        record = store.create_plan(store.unique_name(name), plan)
        _adopt(record.id, record.revision, plan)
        st.session_state.pop(ERROR_KEY, None)
    except StorageError as exc:
        _forget()
        _report(exc)
    return plan


def open_plan(plan_id: int, version: int | None = None) -> Plan:
    """Edit stored plan `plan_id` from now on (its working copy, or one of its versions, which
    then becomes the working copy). Puts the plan in ui.session.state; raises StorageError or
    PlanError."""
    from ui.session import state

    store = get_store()
    draft: Draft = store.load_draft(plan_id)
    plan = draft.plan if version is None else store.load_version(plan_id, version)
    _adopt(plan_id, draft.revision, draft.plan)
    state.set_plan(plan, replace=True, origin="restored")
    return plan


# --- resolving a conflict -------------------------------------------------------------------


def reload_theirs() -> Plan:
    """Drop this session's unsaved change and load what the other session saved."""
    plan_id = current_plan_id()
    if plan_id is None:
        st.session_state.pop(CONFLICT_KEY, None)
        from ui.session import state

        return state.get_plan()
    st.session_state.pop(CONFLICT_KEY, None)
    return open_plan(plan_id)


def save_mine_as_copy(plan: Plan | None = None) -> PlanRecord:
    """Keep both: store this session's plan as a new plan ("<name> (2)") and edit that one."""
    from ui.session import state

    plan = state.get_plan() if plan is None else plan
    store = get_store()
    base = plan.settings.name
    plan_id = current_plan_id()
    if plan_id is not None:
        with contextlib.suppress(NotFoundError):
            base = store.get_plan(plan_id).name
    record = store.create_plan(store.unique_name(base), plan)
    _adopt(record.id, record.revision, plan)
    return record


# --- versions of the current plan -----------------------------------------------------------


def save_version(plan: Plan, note: str) -> VersionRecord:
    """An immutable snapshot of `plan` (stored first if needed), with a note."""
    autosave(plan)
    if st.session_state.get(CONFLICT_KEY):
        raise StorageError(st.session_state[CONFLICT_KEY])
    plan_id = current_plan_id()
    if plan_id is None:
        raise StorageError(storage_error() or "the plan could not be stored")
    return get_store().save_version(plan_id, plan, note, source="app")


def after_delete(plan_id: int) -> None:
    """Call after deleting `plan_id`: if this session was editing it, it no longer is stored."""
    if current_plan_id() == plan_id:
        _forget()
