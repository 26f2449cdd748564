"""My plans: the stored plans and the versions of the current one, and Compare.

Every change is autosaved (ui.session.persistence); here the founder saves named versions, opens,
duplicates, renames and deletes plans, and compares two versions or two plans side by side.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pandas as pd
import streamlit as st

from planner.charts.overlay import overlay_figure
from planner.model.issues import PlanError, error_words
from planner.model.plan import Plan
from planner.model.starters import blank_plan
from planner.model.text import plain
from planner.report.compare import SERIES, diff_plans, kpi_table, overlay_series
from planner.storage.errors import StorageError
from planner.storage.store import PlanRecord, fit_name
from ui.components.widgets import chart, page_header, plural
from ui.session import persistence, state

# (Comments, not docstrings, here: Streamlit's "magic" would show a bare string on the page.)
WORKING_COPY = 0  # in the version pickers: the working copy rather than a saved version
CONFIRM_DELETE = "library_confirm_delete"
ERROR = "library_error"
TABS = ("This plan", "All plans", "Compare")
TAB_KEY = "library_tab"  # the open tab is kept across reruns (picking a version kept jumping back)


def when(value: datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC")


def _fail(exc: Exception) -> None:
    st.session_state[ERROR] = error_words(exc)


# --- actions (button callbacks: they run before the page is drawn again) -----------------------
# Each is one call to ui.session (state for the current plan, persistence for the others), which
# is one storage operation.


def _save_version() -> None:
    note = st.session_state.get("library_note", "")
    try:
        version, saved = persistence.save_version(state.get_plan(), note)
    except (StorageError, PlanError) as exc:
        _fail(exc)
        return
    st.session_state["library_note"] = ""
    if saved:
        state.flash(f"Saved version {version.number} of this plan.")
    else:
        state.flash(
            f"Nothing changed since version {version.number}: no new version was saved "
            "(the plan is exactly as that version keeps it)."
        )


def _open(plan_id: int) -> None:
    try:
        plan = state.open_stored(plan_id)
    except (StorageError, PlanError) as exc:
        _fail(exc)
        return
    state.flash(f"Opened **{plain(plan.settings.name)}**.")


def _go_back(version: int) -> None:
    try:
        restored = state.go_back_to_version(version)
    except (StorageError, PlanError) as exc:
        _fail(exc)
        return
    kept = (
        f" The working copy it replaced is kept as version {restored.kept.number}."
        if restored.kept is not None
        else ""
    )
    state.flash(f"Went back to version {version} of **{plain(restored.draft.name)}**.{kept}")


def _duplicate(plan_id: int, name_key: str, version: int | None = None) -> None:
    name = st.session_state.get(name_key, "")
    try:
        record = persistence.duplicate(plan_id, name, version)
    except (StorageError, PlanError) as exc:
        _fail(exc)
        return
    wanted = " ".join(str(name).split())
    said = "" if record.name == wanted else f" ('{plain(wanted)}' is taken)"
    state.flash(f"Made a copy named **{plain(record.name)}**{said}; open it from the list.")


def _rename(plan_id: int, name_key: str) -> None:
    try:
        record = state.rename_plan(plan_id, st.session_state.get(name_key, ""))
    except (StorageError, PlanError) as exc:
        _fail(exc)
        return
    state.flash(f"Renamed to **{plain(record.name)}** (the plan name in step 2 too).")


def _ask_delete(plan_id: int) -> None:
    st.session_state[CONFIRM_DELETE] = plan_id


def _cancel_delete() -> None:
    st.session_state.pop(CONFIRM_DELETE, None)


def _delete(record: PlanRecord) -> None:
    st.session_state.pop(CONFIRM_DELETE, None)
    try:
        persistence.delete(record.id)
    except StorageError as exc:
        _fail(exc)
        return
    versions = plural(record.version_count, "saved version")
    state.flash(f"Deleted **{plain(record.name)}** and its {versions}.")


def _share(plan_id: int, email_key: str, role_key: str) -> None:
    email = st.session_state.get(email_key, "")
    role = str(st.session_state.get(role_key, "viewer")).lower()
    try:
        shared = persistence.share(plan_id, email, role)
    except StorageError as exc:
        _fail(exc)
        return
    st.session_state[email_key] = ""
    state.flash(f"Shared with **{shared.email}** as {shared.role}.")


def _unshare(plan_id: int, email: str) -> None:
    try:
        persistence.unshare(plan_id, email)
    except StorageError as exc:
        _fail(exc)
        return
    state.flash(f"No longer shared with **{email}**.")


ROLE_WORDS = {"owner": "Owner (you)", "editor": "Editor", "viewer": "Viewer (read only)"}


def _sharing(picked: PlanRecord) -> None:
    # Who else sees the picked plan; its owner shares and unshares here (the store checks it).
    with st.expander(f"Sharing of {picked.name}", expanded=False, icon=":material/group:"):
        if picked.access != "owner":
            st.caption(
                f"Owned by {picked.owner}; shared with you as {picked.access}. Only the owner "
                "can share it."
            )
            return
        shares = persistence.list_shares(picked.id)
        if not shares:
            st.caption("Not shared: only you can see it.")
        for shared in shares:
            who, drop = st.columns([3, 1], vertical_alignment="center")
            who.markdown(f"{shared.email} · {shared.role}")
            drop.button(
                "Unshare", key=f"library_unshare_{picked.id}_{shared.email}", on_click=_unshare,
                args=(picked.id, shared.email), icon=":material/person_remove:",
            )  # fmt: skip
        email_key, role_key = f"library_share_email_{picked.id}", f"library_share_role_{picked.id}"
        email_col, role_col, go_col = st.columns([3, 2, 1], vertical_alignment="bottom")
        email_col.text_input(
            "Share with (e-mail)", key=email_key, max_chars=254,
            placeholder="name@example.com",
        )  # fmt: skip
        role_col.radio(
            "As", ["viewer", "editor"], key=role_key, horizontal=True,
            help="A viewer can read the plan and copy it into a plan of their own; an editor can "
            "also change it, save versions and rename it. Only you, the owner, can delete or "
            "share it.",
        )  # fmt: skip
        go_col.button(
            "Share", key=f"library_share_{picked.id}", on_click=_share,
            args=(picked.id, email_key, role_key), icon=":material/person_add:",
        )  # fmt: skip


# --- the page -------------------------------------------------------------------------------


try:
    # Stored before the header is drawn, so a conflict this finds shows at the top of this run;
    # an untouched blank plan is not (opening My plans would store an empty "My new BPO plan").
    session_plan = state.get_plan()
    untouched = persistence.current_plan_id() is None and session_plan == blank_plan()
    current = None if untouched else persistence.ensure_stored(session_plan)
    plans = persistence.list_plans()
    database_problem = None
except StorageError as exc:
    database_problem = str(exc)

page_header(
    "My plans",
    "Every change is saved as you make it. Save a version with a note before a big change, "
    "open or copy earlier plans, and compare two versions or two plans side by side.",
)
signed_in = persistence.signed_in_user()
if signed_in is None:
    st.info(
        "Sign-in is off: everyone who can open this address sees every plan. To give each "
        "person their own plans, switch sign-in on (README, 'Running it for a team').",
        icon=":material/lock_open:",
    )
else:
    st.caption(
        f"Signed in as **{signed_in}**: you see your own plans and the plans shared with you."
    )
problem = st.session_state.pop(ERROR, None) or persistence.storage_error()
if database_problem is not None:
    st.error(
        f"The plans database cannot be used: {database_problem}\n\nYour plan is kept in this "
        "window only; download it from the sidebar to keep it.",
        icon=":material/database:",
    )
    st.stop()
if problem:
    st.error(plain(problem), icon=":material/database:")

this_tab, all_tab, compare_tab = st.tabs(list(TABS), key=TAB_KEY, on_change="rerun")
current_id = current.id if current is not None else None
by_id = {p.id: p for p in plans}


def _guarded(draw: Any) -> None:
    """Draw one tab; a storage problem is said in words there, never a traceback, and the other
    tabs (rename, duplicate, delete, compare) stay."""
    try:
        draw()
    except (StorageError, PlanError) as exc:
        st.error(plain(error_words(exc)), icon=":material/database:")


# --- this plan: versions -----------------------------------------------------------------------


def _this_plan_tab() -> None:
    if current is None:
        st.info("This plan is not stored yet; it will be at its next change.")
    else:
        st.subheader(plain(current.name), anchor=False)
        read_only = current.access == "viewer"
        if signed_in is not None and current.owner != signed_in:
            st.caption(f"Owned by {current.owner or 'nobody yet'} · you are its {current.access}")
        st.caption(
            f"Last saved {when(current.updated_at)} · "
            f"{plural(current.version_count, 'saved version')} · stored in {persistence.location()}"
        )
        with st.form("library_save_version", clear_on_submit=False, border=True):
            st.text_input(
                "Note for this version",
                key="library_note",
                max_chars=2000,
                placeholder="e.g. before the bank meeting; 3 shifts instead of 2",
                help="A version is a snapshot that never changes: you can open or compare it "
                "later.",
            )
            st.form_submit_button(
                "Save version",
                type="primary",
                icon=":material/bookmark_add:",
                on_click=_save_version,
                disabled=read_only,
                help="You can only view this plan." if read_only else None,
            )

        versions = persistence.list_versions(current.id)
        if not versions:
            st.caption("No saved versions yet.")
        else:
            table = pd.DataFrame(
                {
                    "Version": [v.number for v in versions],
                    "Saved": [when(v.created_at) for v in versions],
                    "Note": [v.note for v in versions],
                    "From": [v.source or "–" for v in versions],
                    **({"Saved by": [v.saved_by or "–" for v in versions]} if signed_in else {}),
                }
            ).iloc[::-1]
            st.dataframe(table, hide_index=True, width="stretch")
            numbers = [v.number for v in reversed(versions)]
            chosen = st.selectbox(
                "Version",
                numbers,
                format_func=lambda n: f"Version {n}: {versions[n - 1].note or 'no note'}",
                key="library_version",
            )
            col_open, col_copy = st.columns(2)
            col_open.button(
                "Go back to this version",
                key="library_open_version",
                on_click=_go_back,
                args=(chosen,),
                help="The working copy becomes this version. The current working copy is kept "
                "first as a version of its own (unless it is already saved).",
                icon=":material/history:",
                disabled=read_only,
                width="stretch",
            )
            copy_name_key = "library_version_copy_name"
            col_copy.text_input(
                "Name of the copy",
                value=fit_name(current.name, f" (version {chosen})"),
                key=copy_name_key,
                max_chars=120,
            )
            col_copy.button(
                "Copy this version as a new plan",
                key="library_copy_version",
                on_click=_duplicate,
                args=(current.id, copy_name_key, chosen),
                icon=":material/content_copy:",
                width="stretch",
            )


# --- all plans ---------------------------------------------------------------------------------


def _all_plans_tab() -> None:
    table = pd.DataFrame(
        {
            "Plan": [p.name + ("  (open here)" if p.id == current_id else "") for p in plans],
            "Last changed": [when(p.updated_at) for p in plans],
            "Versions": [p.version_count for p in plans],
            **(
                {
                    "Owner": [p.owner or "nobody yet" for p in plans],
                    "Your role": [ROLE_WORDS.get(p.access, p.access) for p in plans],
                }
                if signed_in
                else {}
            ),
        }
    )
    st.dataframe(table, hide_index=True, width="stretch")
    picked_id = st.selectbox(
        "Plan",
        list(by_id),
        format_func=lambda i: by_id[i].name,
        key="library_plan",
    )
    if picked_id is not None:
        picked = by_id[picked_id]
        open_col, copy_col, rename_col, delete_col = st.columns(4)
        open_col.button(
            "Open",
            key="library_open",
            on_click=_open,
            args=(picked.id,),
            disabled=picked.id == current_id,
            type="primary",
            icon=":material/folder_open:",
            width="stretch",
        )
        dup_key = f"library_dup_name_{picked.id}"
        copy_col.text_input(
            "Name of the copy",
            value=persistence.unique_name(picked.name, " (copy)"),
            key=dup_key,
            max_chars=120,
        )
        copy_col.button(
            "Duplicate",
            key="library_duplicate",
            on_click=_duplicate,
            args=(picked.id, dup_key),
            icon=":material/content_copy:",
            width="stretch",
        )
        rename_key = f"library_rename_{picked.id}"
        rename_col.text_input("New name", value=picked.name, key=rename_key, max_chars=120)
        rename_col.button(
            "Rename",
            key="library_rename",
            on_click=_rename,
            args=(picked.id, rename_key),
            icon=":material/edit:",
            width="stretch",
            disabled=picked.access == "viewer",
        )
        delete_col.button(
            "Delete…",
            key="library_delete",
            on_click=_ask_delete,
            args=(picked.id,),
            icon=":material/delete:",
            width="stretch",
            disabled=picked.access != "owner",
        )
        if st.session_state.get(CONFIRM_DELETE) == picked.id:
            with st.container(border=True):
                st.warning(
                    f"Delete **{plain(picked.name)}** and its "
                    f"{plural(picked.version_count, 'saved version')}? This cannot be undone.",
                    icon=":material/warning:",
                )
                yes, no = st.columns(2)
                yes.button(
                    "Yes, delete it",
                    key="library_delete_yes",
                    on_click=_delete,
                    args=(picked,),
                    type="primary",
                    width="stretch",
                )
                no.button("Cancel", key="library_delete_no", on_click=_cancel_delete)
        if signed_in is not None:
            _sharing(picked)


# --- compare -----------------------------------------------------------------------------------


def _load(plan_id: int, version: int) -> Plan:
    if plan_id == current_id and version == WORKING_COPY:
        return state.get_plan()  # what this window shows, even before it is saved
    return persistence.load(plan_id, None if version == WORKING_COPY else version)


def _version_picker(label: str, plan_id: int, key: str, default: int) -> int:
    numbers = [WORKING_COPY] + [v.number for v in reversed(persistence.list_versions(plan_id))]
    return int(
        st.selectbox(
            label,
            numbers,
            index=min(default, len(numbers) - 1),
            format_func=lambda n: "Working copy (latest)" if n == WORKING_COPY else f"Version {n}",
            key=key,
        )
    )


def _compare_tab() -> None:
    if len(plans) == 0:
        st.info("Nothing stored yet to compare.")
        st.stop()
    mode = st.radio(
        "Compare",
        ["Two versions of this plan", "Two plans"],
        horizontal=True,
        key="library_compare_mode",
    )
    col_a, col_b = st.columns(2)
    if mode == "Two versions of this plan" and current is not None:
        with col_a:
            version_a = _version_picker("A", current.id, "library_cmp_va", 1)
        with col_b:
            version_b = _version_picker("B", current.id, "library_cmp_vb", 0)
        sides = ((current.id, version_a), (current.id, version_b))

        def label(side: tuple[int, int]) -> str:
            return "Working copy" if side[1] == WORKING_COPY else f"Version {side[1]}"

    else:
        ids = list(by_id)
        with col_a:
            plan_a = st.selectbox(
                "Plan A", ids, format_func=lambda i: by_id[i].name, key="library_cmp_pa"
            )
            version_a = _version_picker("Version of A", plan_a, f"library_cmp_pva_{plan_a}", 0)
        with col_b:
            plan_b = st.selectbox(
                "Plan B",
                ids,
                index=min(1, len(ids) - 1),
                format_func=lambda i: by_id[i].name,
                key="library_cmp_pb",
            )
            version_b = _version_picker("Version of B", plan_b, f"library_cmp_pvb_{plan_b}", 0)
        sides = ((plan_a, version_a), (plan_b, version_b))

        def label(side: tuple[int, int]) -> str:
            name = by_id[side[0]].name
            return name if side[1] == WORKING_COPY else f"{name} v{side[1]}"

    label_a, label_b = label(sides[0]), label(sides[1])
    if label_a == label_b:
        label_a, label_b = f"A: {label_a}", f"B: {label_b}"
    try:
        plan_a_obj, plan_b_obj = _load(*sides[0]), _load(*sides[1])
    except (StorageError, PlanError) as exc:
        st.error(plain(f"Cannot open one of the two: {error_words(exc)}"))
        st.stop()

    st.subheader("Assumptions that differ")
    differences = diff_plans(plan_a_obj, plan_b_obj)
    if differences.empty:
        st.success("The two have the same assumptions.")
    else:
        st.dataframe(
            differences.rename(columns={"field": "Assumption", "a": label_a, "b": label_b}),
            hide_index=True,
            width="stretch",
        )

    try:
        projection_a = state.projection(plan_a_obj)
        projection_b = state.projection(plan_b_obj)
    except Exception as exc:  # the founder sees a message, never a traceback
        st.error(plain(f"The figures cannot be computed for one of the two: {error_words(exc)}"))
        st.stop()

    st.subheader("Headline figures")
    st.dataframe(
        kpi_table(projection_a, projection_b, label_a, label_b), hide_index=True, width="stretch"
    )
    currency_a = plan_a_obj.settings.currency
    if currency_a != plan_b_obj.settings.currency:
        st.warning(
            f"A is in {currency_a} and B in {plan_b_obj.settings.currency}: money is compared "
            "as entered, without conversion."
        )

    st.subheader("Month by month")
    series = overlay_series(projection_a, projection_b, label_a, label_b)
    for column, _title in SERIES:
        chart(overlay_figure(series, column, currency_a), key=f"library_chart_{column}")


with this_tab:
    _guarded(_this_plan_tab)
with all_tab:
    _guarded(_all_plans_tab)
with compare_tab:
    _guarded(_compare_tab)
