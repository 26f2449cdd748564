"""The app's one adapter to the plans database: the only UI module that touches
`planner.storage`'s `PlanStore`.

It takes and returns plans and never touches the session's current plan (that is
`ui.session.state`, which calls this module; this module imports nothing from `ui`). What it keeps
in `st.session_state` is the link between this browser session and a stored plan: the plan's id,
the revision it last saved, and what it saved.

- The store: one `PlanStore` per server process, made the Streamlit way with `st.connection`. The
  database is picked by `planner.storage.urls.resolve_url`: `PLANNER_DATABASE_URL`, else `url`
  under `[connections.plans]` in `.streamlit/secrets.toml`, else the default SQLite file.
- `open_current()`: at session start, the plan this browser was editing: the one named in the URL
  (`?plan=<id>`, so a refresh or a copied link reopens it). A bare address opens no stored plan
  (never silently another one): the session starts on a blank plan, stored at its first change.
- `keep_in_url()`: every run puts `?plan=<id>` back in the address (Streamlit's page links drop
  it), so the plan you edit stays the plan you edit across links, refreshes and tabs.
- `autosave(plan)`: on every change. Stores the working copy with optimistic locking; when another
  tab saved in between it writes nothing, and `conflict()` gives the message until
  `reload_theirs()` or `save_mine_as_copy(plan)` resolves it.
- `start_new`, `open_plan`, `go_back_to_version`, `save_version`: this session's plan.
- `duplicate`, `rename`, `delete`, `list_plans`, `list_versions`, `load`, `unique_name`,
  `location`: the "My plans" page's reads and writes, each one storage operation.

Sign-in (`ui.session.auth`, the one `ui` module this imports, which imports nothing from `ui`):
with it on, the store is opened as the signed-in user (`PlanStore.as_user`), so every read and
write here is limited to that user's plans and the plans shared with them, and a role's limits
are enforced by the store; `share`, `unshare`, `list_shares`, `claim_unowned` and
`current_access` serve "My plans". An id in the URL the user may not see reads as not found,
exactly as an id that does not exist (`missing_plan()` gives the page's message).

A storage failure (database unreachable, damaged file) never breaks a page: autosave keeps the
message for `storage_error()`, and editing carries on in memory. The page actions raise
`StorageError` (a conflict is also kept for `conflict()`, so the banner offers the way out).
"""

from __future__ import annotations

import contextlib
from typing import Any

import streamlit as st
from streamlit.connections import BaseConnection

from planner.model.issues import PlanError, error_words
from planner.model.plan import Plan
from planner.storage.errors import (
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    StorageError,
)
from planner.storage.store import PlanRecord, PlanStore, Restored, Share, VersionRecord, fit_name
from planner.storage.urls import resolve_url
from ui.session import auth

CONFLICT_KEY = "plan_conflict"
ERROR_KEY = "plan_storage_error"
_ID_KEY = "_stored_plan_id"
_REVISION_KEY = "_stored_plan_revision"
_SAVED_KEY = "_stored_plan_content"
_NAME_KEY = "_stored_plan_name"
MISSING_KEY = "plan_missing"
QUERY_PARAM = "plan"
SOURCE = "app"


class PlanStoreConnection(BaseConnection[PlanStore]):
    """`st.connection("plans", type=PlanStoreConnection)`: the plans database.

    Configured like Streamlit's own connections: `url` as a keyword, or under
    `[connections.plans]` in secrets.toml; `PLANNER_DATABASE_URL` overrides both (`resolve_url`).
    """

    def _connect(self, **kwargs: Any) -> PlanStore:
        configured = kwargs.get("url") or self._secrets.get("url")
        return PlanStore(resolve_url(secrets_url=configured))

    @property
    def store(self) -> PlanStore:
        return self._instance


def _store() -> PlanStore:
    """The plans database as the signed-in user (single-user mode when sign-in is off): one
    connection pool per server process, a cheap per-call view for the user. Raises StorageError
    if it cannot be used."""
    return st.connection("plans", type=PlanStoreConnection).store.as_user(auth.user())


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
        return _store().get_plan(plan_id)
    except StorageError as exc:
        _report(exc)
        return None


def storage_error() -> str | None:
    """The last storage failure in this session (cleared by the next successful save)."""
    return st.session_state.get(ERROR_KEY)


def conflict() -> str | None:
    """The message when another session saved this plan since this one did, else None."""
    return st.session_state.get(CONFLICT_KEY)


def _report(exc: Exception) -> None:
    st.session_state[ERROR_KEY] = error_words(exc)


def _adopt(plan_id: int, revision: int, plan: Plan) -> None:
    """From now on this session edits stored plan `plan_id`, last saved at `revision`."""
    st.session_state[_ID_KEY] = plan_id
    st.session_state[_REVISION_KEY] = revision
    st.session_state[_SAVED_KEY] = plan.content_key()
    st.session_state[_NAME_KEY] = plan.settings.name
    st.session_state.pop(CONFLICT_KEY, None)
    _remember_in_url(plan_id)


def keep_in_url() -> None:
    """Put `?plan=<id>` of the plan this session edits back in the address: a page link or
    `st.switch_page` drops it, and a refresh must reopen this plan, not another."""
    plan_id = current_plan_id()
    if plan_id is not None:
        _remember_in_url(plan_id)


def _remember_in_url(plan_id: int) -> None:
    try:
        if st.query_params.get(QUERY_PARAM) != str(plan_id):
            st.query_params[QUERY_PARAM] = str(plan_id)
    except Exception:
        pass


def _forget() -> None:
    for key in (_ID_KEY, _REVISION_KEY, _SAVED_KEY, _NAME_KEY, CONFLICT_KEY):
        st.session_state.pop(key, None)
    with contextlib.suppress(Exception):
        st.query_params.pop(QUERY_PARAM, None)


def _conflicted(exc: ConflictError) -> None:
    st.session_state[CONFLICT_KEY] = str(exc)


# --- the session's plan -------------------------------------------------------------------------


def open_current() -> Plan | None:
    """The plan to restore at session start: the one `?plan=<id>` names; None when the address
    names none (a bare address: the caller starts a blank plan, stored at its first change) or
    one that cannot be opened (`missing_plan()` then says why). Never another plan than the one
    named: a refresh after a page link used to open the most recently changed plan instead."""
    raw = st.query_params.get(QUERY_PARAM)
    if raw is None:
        return None
    if not str(raw).isdigit():
        st.session_state[MISSING_KEY] = f"The address names no plan ('plan={raw}')."
        return None
    try:
        draft = _store().load_draft(int(raw))
    except NotFoundError:
        # The same words whether the plan does not exist or is not shared with this user: the
        # page must not tell the two apart.
        st.session_state[MISSING_KEY] = (
            f"Plan {raw} in this address was not found: there is no such plan, or it is not "
            "shared with you."
        )
        _forget()
        return None
    except (StorageError, PlanError) as exc:
        # An unreadable draft is left as it is in the database: the session starts afresh and its
        # first change is stored as a new plan.
        _report(exc)
        st.session_state[MISSING_KEY] = f"Plan number {raw} cannot be opened: {error_words(exc)}"
        _forget()
        return None
    _adopt(draft.plan_id, draft.revision, draft.plan)
    return draft.plan


def missing_plan() -> str | None:
    """Why the plan the address named was not opened (popped: said once), or None."""
    message = st.session_state.pop(MISSING_KEY, None)
    return None if message is None else str(message)


def _named(plan: Plan, name: str) -> Plan:
    if plan.settings.name == name:
        return plan
    return plan.model_copy(update={"settings": plan.settings.model_copy(update={"name": name})})


def autosave(plan: Plan) -> Plan:
    """Store `plan` as the working copy of this session's stored plan (creating it if needed);
    the plan as stored: `plan`, or a new plan under the unique name it got ("X (2)").

    A changed plan name renames the stored plan first (one name per plan; refused with a
    StorageError message when another plan has it). Never overwrites another session's save: on
    a conflict it records the message and writes nothing until the conflict is resolved.
    """
    if conflict():
        return plan
    plan_id = current_plan_id()
    if plan_id is not None and st.session_state.get(_SAVED_KEY) == plan.content_key():
        _remember_in_url(plan_id)
        return plan
    try:
        store = _store()
        if plan_id is None:
            record = store.create_plan(plan.settings.name, plan, unique=True)
            plan = _named(plan, record.name)
            _adopt(record.id, record.revision, plan)
        else:
            revision = int(st.session_state[_REVISION_KEY])
            if plan.settings.name != st.session_state.get(_NAME_KEY):
                revision = store.rename(
                    plan_id, plan.settings.name, expected_revision=revision
                ).revision
            revision = store.save_draft(plan_id, plan, revision)
            _adopt(plan_id, revision, plan)
        st.session_state.pop(ERROR_KEY, None)
    except ConflictError as exc:
        _conflicted(exc)
        # The banner with the choices is drawn at the top of the page
        # (ui.components.widgets.show_conflict), which this run has already passed: say so now,
        # wherever the change was made.
        with contextlib.suppress(Exception):
            st.toast(
                "This plan was changed in another window: your change was not saved over it. "
                "See the message at the top of the page.",
                icon=":material/sync_problem:",
            )
    except PermissionDeniedError as exc:
        # A viewer's change: the store refused it. The page's banner is drawn at the next run;
        # say so now, where the change was made.
        _report(exc)
        with contextlib.suppress(Exception):
            st.toast(f"Not saved: {exc}", icon=":material/visibility:")
    except NotFoundError:
        # Deleted in another tab: keep the work by storing it as a new plan.
        _forget()
        return autosave(plan)
    except StorageError as exc:
        _report(exc)
    return plan


def name_taken(name: str) -> bool:
    """Whether another stored plan than this session's has the name `name` (False when storage
    cannot say: the save then reports it)."""
    try:
        found = _store().find_plan(name)
    except StorageError:
        return False
    return found is not None and found.id != current_plan_id()


def ensure_stored(plan: Plan) -> PlanRecord | None:
    """Make sure the session's plan is in the database (e.g. before "save version")."""
    autosave(plan)
    return current_record()


def _stored_revision(plan: Plan) -> tuple[int, int]:
    """Autosave `plan`, then the stored plan's id and the revision it is saved at; StorageError
    when it could not be stored (a conflict to resolve first, or the database is down)."""
    autosave(plan)
    message = conflict()
    if message:
        raise StorageError(message)
    plan_id = current_plan_id()
    if plan_id is None:
        raise StorageError(storage_error() or "the plan could not be stored")
    return plan_id, int(st.session_state[_REVISION_KEY])


def start_new(name: str, plan: Plan) -> Plan:
    """Store `plan` as a new plan named `name` (made unique: the plan returned carries the name it
    got) and edit it from now on; when storage is down the session edits it in memory (see
    `storage_error()`)."""
    plan = _named(plan, fit_name(name) or plan.settings.name)
    try:
        record = _store().create_plan(plan.settings.name, plan, unique=True)
        plan = _named(plan, record.name)
        _adopt(record.id, record.revision, plan)
        st.session_state.pop(ERROR_KEY, None)
    except StorageError as exc:
        _forget()
        _report(exc)
    return plan


def open_plan(plan_id: int) -> Plan:
    """Edit stored plan `plan_id` from now on: its working copy. Raises StorageError or
    PlanError (the session then stays on its plan)."""
    draft = _store().load_draft(plan_id)
    _adopt(plan_id, draft.revision, draft.plan)
    return draft.plan


def go_back_to_version(plan: Plan, number: int) -> Restored:
    """Make version `number` the working copy of this session's plan `plan` (stored first if it
    changed), keeping the working copy as a version first unless it is already the latest; one
    storage operation (`PlanStore.restore_version`). Raises StorageError or PlanError."""
    plan_id, revision = _stored_revision(plan)
    try:
        restored = _store().restore_version(plan_id, number, revision, source=SOURCE)
    except ConflictError as exc:
        _conflicted(exc)
        raise
    _adopt(plan_id, restored.draft.revision, restored.draft.plan)
    return restored


def save_version(plan: Plan, note: str) -> tuple[VersionRecord, bool]:
    """An immutable snapshot of `plan` with a note, and True; or, when the latest version already
    holds this very plan, that version and False (nothing saved: pressing Enter in the note and
    then the button used to save two identical versions). `plan` is autosaved first; the
    snapshot is taken only if the stored working copy is still that save (else ConflictError)."""
    plan_id, revision = _stored_revision(plan)
    store = _store()
    versions = store.list_versions(plan_id)
    if versions:
        latest = versions[-1]
        with contextlib.suppress(StorageError, PlanError):
            if store.load_version(plan_id, latest.number).content_key() == plan.content_key():
                return latest, False
    try:
        saved = store.save_version(plan_id, plan, note, source=SOURCE, expected_revision=revision)
    except ConflictError as exc:
        _conflicted(exc)
        raise
    return saved, True


def current_access() -> str | None:
    """What the user may do with the plan this session edits: "owner", "editor" or "viewer"
    (`planner.storage.access`); None when it is not stored (or storage is down)."""
    record = current_record()
    return None if record is None else record.access


# --- resolving a conflict -------------------------------------------------------------------


def reload_theirs() -> Plan | None:
    """Drop this session's unsaved change: what the other session saved, which this session edits
    from now on (None when this session's plan is not stored: nothing to reload)."""
    st.session_state.pop(CONFLICT_KEY, None)
    plan_id = current_plan_id()
    return None if plan_id is None else open_plan(plan_id)


def save_mine_as_copy(plan: Plan) -> PlanRecord:
    """Keep both: store `plan` as a new plan ("<name> (2)") and edit that one from now on."""
    store = _store()
    base = plan.settings.name
    plan_id = current_plan_id()
    if plan_id is not None:
        with contextlib.suppress(NotFoundError):
            base = store.get_plan(plan_id).name
    record = store.create_plan(base, plan, unique=True)
    _adopt(record.id, record.revision, _named(plan, record.name))
    return record


# --- the stored plans ("My plans") ----------------------------------------------------------


def list_plans() -> list[PlanRecord]:
    """All stored plans, most recently changed first; StorageError when the database is down."""
    return _store().list_plans()


def list_versions(plan_id: int) -> list[VersionRecord]:
    """The plan's versions, oldest first."""
    return _store().list_versions(plan_id)


def load(plan_id: int, version: int | None = None) -> Plan:
    """A stored plan's working copy, or version `version` of it (nothing changes)."""
    store = _store()
    return (
        store.load_draft(plan_id).plan if version is None else store.load_version(plan_id, version)
    )


def unique_name(base: str, suffix: str = "") -> str:
    """`base` + `suffix` (shortened to fit the name limit), or with " (2)"... whichever is free
    now: a suggestion to show in a name field, so never an error (the name itself if storage
    cannot say)."""
    name = fit_name(base, suffix)
    try:
        return _store().unique_name(name)
    except StorageError:
        return name


def location() -> str:
    """Where the plans are stored (a file, or a URL without its password)."""
    return _store().location


def duplicate(plan_id: int, name: str, version: int | None = None) -> PlanRecord:
    """A new plan named `name` (made unique) from a plan's working copy or one of its versions."""
    return _store().duplicate(plan_id, name, version=version, unique=True)


def rename(plan_id: int, name: str, plan: Plan | None = None) -> tuple[PlanRecord, Plan | None]:
    """Give a stored plan a new name (refused when taken), in its content too. When it is this
    session's plan (`plan`), the rename waits for no other window's save (ConflictError) and the
    session goes on with the renamed plan, returned second (None for another plan)."""
    if plan is None or plan_id != current_plan_id():
        return _store().rename(plan_id, name), None
    try:
        record = _store().rename(
            plan_id, name, expected_revision=int(st.session_state[_REVISION_KEY])
        )
    except ConflictError as exc:
        _conflicted(exc)
        raise
    renamed = _named(plan, record.name)
    _adopt(plan_id, record.revision, renamed)
    return record, renamed


def delete(plan_id: int) -> None:
    """Delete a stored plan and its versions; if this session was editing it, its next change is
    stored as a new plan."""
    _store().delete(plan_id)
    if current_plan_id() == plan_id:
        _forget()


# --- owners and shares (sign-in on) ---------------------------------------------------------


def signed_in_user() -> str | None:
    """The e-mail the store acts as, None in single-user mode (sign-in off)."""
    return auth.user()


def share(plan_id: int, email: str, role: str) -> Share:
    """Share a plan (the owner only) with `email` as "viewer" or "editor"; sharing again changes
    the role. StorageError naming the field when the e-mail or role is not allowed."""
    return _store().share(plan_id, email, role)


def unshare(plan_id: int, email: str) -> bool:
    """Stop sharing a plan with `email` (the owner only); False when it was not shared."""
    return _store().unshare(plan_id, email)


def list_shares(plan_id: int) -> list[Share]:
    """Whom a plan is shared with, by e-mail."""
    return _store().list_shares(plan_id)


def claim_unowned() -> list[PlanRecord]:
    """Give the signed-in user every plan that has no owner yet (made before sign-in was on):
    the plans taken over ([] in single-user mode, or when there were none)."""
    if auth.user() is None:
        return []
    return _store().claim_unowned()
