"""AppTest: the "My plans" page (versions, open, duplicate, rename, delete with a confirmation,
compare) and the conflict banner when another window saved the same plan.

All UI tests share one temporary database (tests/support/ui.py), so each test names its plan
uniquely and looks only at its own plans."""

from __future__ import annotations

import uuid

from streamlit.testing.v1 import AppTest

from planner.model.plan import Plan
from planner.storage.store import PlanRecord, PlanStore
from tests.support.tools import ROOT
from tests.support.ui import app_on, assert_clean, plan_of, template

PAGE = "ui/views/library.py"
SAVE = "FormSubmitter:library_save_version-Save version"


def named(name: str) -> Plan:
    plan = template("offshore_voice_support")
    return plan.model_copy(update={"settings": plan.settings.model_copy(update={"name": name})})


def with_cash(plan: Plan, cash: float) -> Plan:
    financing = plan.financing.model_copy(update={"opening_cash": cash})
    return plan.model_copy(update={"financing": financing})


def unique(prefix: str) -> str:
    return f"{prefix} {uuid.uuid4().hex[:8]}"


def store() -> PlanStore:
    return PlanStore()  # PLANNER_DATABASE_URL, set by ui_support to the tests' database


def record(name: str) -> PlanRecord:
    with store() as s:
        found = s.find_plan(name)
    assert found is not None, f"no stored plan {name!r}"
    return found


def open_library(name: str) -> AppTest:
    at = app_on(named(name), PAGE)
    assert at.title[0].value == "My plans"
    return at


def test_the_page_stores_the_plan_and_saves_versions_with_notes() -> None:
    name = unique("Versions")
    at = open_library(name)
    assert at.subheader[0].value == name
    assert record(name).version_count == 0

    at.text_input(key="library_note").set_value("before the bank meeting")
    at.button(key=SAVE).click().run()
    assert_clean(at)
    assert "Saved version 1 of this plan." in [s.value for s in at.success]
    table = at.dataframe[0].value
    assert table["Note"].tolist() == ["before the bank meeting"]
    with store() as s:
        (version,) = s.list_versions(record(name).id)
        assert s.load_version(record(name).id, 1) == plan_of(at)
    assert (version.note, version.source) == ("before the bank meeting", "app")


def test_compare_two_versions_shows_the_differing_assumption_and_three_charts() -> None:
    name = unique("Compare")
    at = open_library(name)
    at.text_input(key="library_note").set_value("v1")
    at.button(key=SAVE).click().run()
    # A change made on another page, then back here to compare it with version 1.
    at.session_state["plan"] = with_cash(plan_of(at), 987_654)
    at.run()
    at.selectbox(key="library_cmp_va").set_value(1).run()
    at.selectbox(key="library_cmp_vb").set_value(0).run()
    assert_clean(at)
    diffs = [df.value for df in at.dataframe if "Assumption" in df.value.columns]
    assert diffs, "no differences table"
    assert "Financing > Opening cash" in diffs[0]["Assumption"].tolist()
    kpis = next(df.value for df in at.dataframe if "Figure" in df.value.columns)
    assert "Cash at the end" in kpis["Figure"].tolist()
    assert len(at.get("plotly_chart")) == 3


def test_duplicate_rename_and_delete_which_asks_first() -> None:
    name = unique("Library")
    at = open_library(name)
    plan_id = record(name).id
    at.selectbox(key="library_plan").set_value(plan_id).run()

    copy_name = unique("Copy")
    at.text_input(key=f"library_dup_name_{plan_id}").set_value(copy_name)
    at.button(key="library_duplicate").click().run()
    assert_clean(at)
    copy = record(copy_name)
    with store() as s:
        # The copy is the plan under its own name (one name per plan; it used to keep the
        # original's name inside).
        assert s.load_draft(copy.id).plan == named(copy_name)

    new_name = unique("Renamed")
    at.selectbox(key="library_plan").set_value(copy.id).run()
    at.text_input(key=f"library_rename_{copy.id}").set_value(new_name)
    at.button(key="library_rename").click().run()
    assert_clean(at)
    assert record(new_name).id == copy.id

    at.selectbox(key="library_plan").set_value(copy.id).run()
    at.button(key="library_delete").click().run()
    assert any("This cannot be undone" in w.value for w in at.warning)
    assert record(new_name).id == copy.id  # asking deletes nothing
    at.button(key="library_delete_no").click().run()
    assert not any("This cannot be undone" in w.value for w in at.warning)

    at.button(key="library_delete").click().run()
    at.button(key="library_delete_yes").click().run()
    assert_clean(at)
    with store() as s:
        assert s.find_plan(new_name) is None
        assert s.find_plan(name) is not None  # the open plan is untouched


def test_open_another_plan_makes_it_the_current_plan() -> None:
    other = unique("Other")
    with store() as s:
        other_id = s.create_plan(other, with_cash(named(other), 4242)).id
    at = open_library(unique("Here"))
    at.selectbox(key="library_plan").set_value(other_id).run()
    at.button(key="library_open").click().run()
    assert_clean(at)
    assert plan_of(at).financing.opening_cash == 4242
    assert at.subheader[0].value == other


def conflicted() -> tuple[AppTest, str, int]:
    """A window editing a plan that another window has saved since."""
    name = unique("Shared")
    at = open_library(name)
    plan_id = record(name).id
    with store() as s:  # the other window
        draft = s.load_draft(plan_id)
        s.save_draft(plan_id, with_cash(draft.plan, 111), draft.revision)
    at.switch_page("ui/views/start.py").run()
    return at, name, plan_id


def make_change(at: AppTest, cash: float) -> AppTest:
    """This window's plan changes; My plans stores it (autosave) when it is shown."""
    at.session_state["plan"] = with_cash(plan_of(at), cash)
    at.switch_page(PAGE).run()
    return at


def test_a_conflict_is_reported_and_nothing_is_overwritten() -> None:
    at, name, plan_id = conflicted()
    at = make_change(at, 222)
    assert_clean(at)
    banner = " ".join(e.value for e in at.error)
    assert "changed in another tab or window" in banner
    assert "was not saved over theirs" in banner
    with store() as s:
        assert s.load_draft(plan_id).plan.financing.opening_cash == 111  # theirs kept
    assert plan_of(at).financing.opening_cash == 222  # mine kept in this window

    at.button(key="conflict_mine").click().run()
    assert_clean(at)
    copy = record(f"{name} (2)")
    with store() as s:
        assert s.load_draft(copy.id).plan.financing.opening_cash == 222
        assert s.load_draft(plan_id).plan.financing.opening_cash == 111


def test_reload_theirs_resolves_a_conflict() -> None:
    at, _name, plan_id = conflicted()
    at = make_change(at, 222)
    at.button(key="conflict_theirs").click().run()
    assert_clean(at)
    assert plan_of(at).financing.opening_cash == 111
    assert not any("another tab or window" in e.value for e in at.error)
    # Editing goes on from their revision without a new conflict.
    at = make_change(at, 333)
    assert not any("another tab or window" in e.value for e in at.error)
    with store() as s:
        assert s.load_draft(plan_id).plan.financing.opening_cash == 333


def test_going_back_to_a_version_keeps_the_working_copy_as_a_version_first() -> None:
    name = unique("Back")
    at = open_library(name)
    at.text_input(key="library_note").set_value("original")
    at.button(key=SAVE).click().run()
    at.session_state["plan"] = with_cash(plan_of(at), 5555)
    at.run()  # autosaved: the working copy now differs from version 1

    at.selectbox(key="library_version").set_value(1).run()
    at.button(key="library_open_version").click().run()
    assert_clean(at)
    plan_id = record(name).id
    with store() as s:
        versions = s.list_versions(plan_id)
        assert [v.number for v in versions] == [1, 2]
        assert versions[1].note == "Kept automatically before going back to version 1"
        assert s.load_version(plan_id, 2).financing.opening_cash == 5555
        assert s.load_draft(plan_id).plan == s.load_version(plan_id, 1)
        assert plan_of(at) == s.load_version(plan_id, 1)
    flashed = " ".join(m.value for m in at.success)
    assert "Went back to version 1" in flashed
    assert "kept as version 2" in flashed


def test_going_back_after_another_window_saved_writes_nothing_and_shows_the_conflict() -> None:
    name = unique("Stale")
    at = open_library(name)
    at.text_input(key="library_note").set_value("original")
    at.button(key=SAVE).click().run()
    plan_id = record(name).id
    with store() as s:  # the other window
        draft = s.load_draft(plan_id)
        s.save_draft(plan_id, with_cash(draft.plan, 111), draft.revision)

    at.selectbox(key="library_version").set_value(1).run()
    at.button(key="library_open_version").click().run()
    assert_clean(at)
    assert any("changed in another tab or window" in e.value for e in at.error)
    with store() as s:
        assert [v.number for v in s.list_versions(plan_id)] == [1]
        assert s.load_draft(plan_id).plan.financing.opening_cash == 111  # theirs kept


def test_the_page_shows_no_stray_text() -> None:
    # A bare string in a page script is drawn by Streamlit's "magic"; only the intro may be there.
    at = open_library(unique("Stray"))
    assert not [m.value for m in at.markdown if "working copy" in m.value.lower()]


# --- issue 12 --------------------------------------------------------------------------------


def test_a_118_character_name_never_breaks_the_page_and_the_copy_name_fits() -> None:
    # Renaming to 118 characters made the page show "StorageError: a plan name may be at most
    # 120 characters, got 125" (the proposed copy name + " (copy)") on every visit.
    name = unique("Long")
    at = open_library(name)
    plan_id = record(name).id
    long_name = ("L" * 109) + " " + uuid.uuid4().hex[:8]  # 118 characters
    at.selectbox(key="library_plan").set_value(plan_id).run()
    at.text_input(key=f"library_rename_{plan_id}").set_value(long_name)
    at.button(key="library_rename").click().run()
    assert_clean(at)
    at.run()
    assert_clean(at)
    assert not at.error
    proposed = at.text_input(key=f"library_dup_name_{plan_id}").value
    assert len(proposed) <= 120 and proposed.endswith(" (copy)")
    keys = {b.key for b in at.button}
    assert {"library_duplicate", "library_rename", "library_delete"} <= keys
    # One name: the plan this window edits is renamed too.
    assert plan_of(at).settings.name == long_name
    at.button(key="library_duplicate").click().run()
    assert_clean(at)
    assert record(proposed).id != plan_id


def test_renaming_to_an_empty_name_is_said_in_words_not_a_traceback() -> None:
    name = unique("Empty")
    at = open_library(name)
    plan_id = record(name).id
    at.selectbox(key="library_plan").set_value(plan_id).run()
    at.text_input(key=f"library_rename_{plan_id}").set_value("   ")
    at.button(key="library_rename").click().run()
    assert_clean(at)
    assert "a plan name must not be empty" in at.error[0].value
    assert record(name).id == plan_id


def test_saving_the_same_plan_twice_keeps_one_version() -> None:
    # Enter in the note saved a version; the button then saved an identical second one.
    name = unique("Twice")
    at = open_library(name)
    at.text_input(key="library_note").set_value("board deck")
    at.button(key=SAVE).click().run()
    at.button(key=SAVE).click().run()
    assert_clean(at)
    assert record(name).version_count == 1
    assert any("Nothing changed since version 1" in s.value for s in at.success)


def test_the_open_tab_is_kept_when_a_version_is_picked() -> None:
    # Picking version B in Compare jumped back to "This plan": the tabs now keep their state.
    from ui.views.library import TAB_KEY

    name = unique("Tabs")
    at = open_library(name)
    at.text_input(key="library_note").set_value("v1")
    at.button(key=SAVE).click().run()
    at.session_state[TAB_KEY] = "Compare"
    at.run()
    at.selectbox(key="library_cmp_vb").set_value(1).run()
    assert_clean(at)
    assert at.session_state[TAB_KEY] == "Compare"


def test_renaming_this_plan_in_my_plans_renames_the_plan() -> None:
    name = unique("Before")
    at = open_library(name)
    plan_id = record(name).id
    new_name = unique("After")
    at.selectbox(key="library_plan").set_value(plan_id).run()
    at.text_input(key=f"library_rename_{plan_id}").set_value(new_name)
    at.button(key="library_rename").click().run()
    assert_clean(at)
    assert plan_of(at).settings.name == new_name
    # ... and a later edit saves under the new name, not the old one.
    at.session_state["plan"] = with_cash(plan_of(at), 1234)
    at.run()
    with store() as s:
        draft = s.load_draft(plan_id)
    assert (draft.name, draft.plan.settings.name) == (new_name, new_name)


def test_opening_my_plans_on_an_untouched_blank_plan_stores_nothing() -> None:
    # Found by the sign-in browser test after the merge: a bare address starts a blank plan, and
    # visiting My plans stored it as an empty "My new BPO plan" (and then shared that one instead
    # of the plan the founder picked). An untouched blank plan now stays unstored.
    with store() as s:
        before = {p.id for p in s.list_plans()}
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page(PAGE).run()
    assert_clean(at)
    with store() as s:
        assert {p.id for p in s.list_plans()} == before
    assert any("not stored yet" in i.value for i in at.info)
