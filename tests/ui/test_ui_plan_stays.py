"""AppTest: the plan you edit stays the plan you edit (issue 12): `?plan=<id>` stays in the
address on every page, a bare address opens no stored plan, an address naming a deleted plan says
so; one name per plan between step 2 and My plans."""

from __future__ import annotations

import uuid

from streamlit.testing.v1 import AppTest

from planner.model.plan import Plan
from planner.storage.store import PlanStore
from tests.support.ui import APP, app_on, assert_clean, by_label, plan_of, template, wkey

STAFFING = "ui/views/staffing.py"
BUSINESS_PLAN = "ui/views/business_plan.py"


def unique(prefix: str) -> str:
    return f"{prefix} {uuid.uuid4().hex[:8]}"


def stored(name: str) -> tuple[int, Plan]:
    plan = template("offshore_voice_support")
    plan = plan.model_copy(update={"settings": plan.settings.model_copy(update={"name": name})})
    with PlanStore() as store:
        return store.create_plan(name, plan).id, plan


def opened_by_address(plan_id: int) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["plan"] = str(plan_id)
    at.run()
    assert_clean(at)
    return at


def test_every_page_keeps_plan_n_in_the_address() -> None:
    # Sidebar links drop ?plan=N; the app puts it back on every run.
    plan_id, plan = stored(unique("Stay"))
    at = opened_by_address(plan_id)
    assert plan_of(at).settings.name == plan.settings.name
    at.query_params.pop("plan")  # what a page link does to the address
    at.switch_page(STAFFING).run()
    assert_clean(at)
    assert at.query_params["plan"] in (str(plan_id), [str(plan_id)])


def test_a_refresh_reopens_the_plan_in_the_address_not_the_latest_changed() -> None:
    first_id, first = stored(unique("First"))
    second_id, _ = stored(unique("Second"))  # changed more recently
    at = opened_by_address(first_id)
    assert plan_of(at).settings.name == first.settings.name
    assert second_id != first_id


def test_an_address_naming_a_deleted_plan_says_so_and_starts_blank() -> None:
    from planner.model.starters import BLANK_NAME

    plan_id, _ = stored(unique("Gone"))
    with PlanStore() as store:
        store.delete(plan_id)
    at = opened_by_address(plan_id)
    assert plan_of(at).settings.name == BLANK_NAME
    assert any(f"Plan {plan_id} in this address was not found" in w.value for w in at.warning)


def test_the_plan_name_in_step_2_is_the_name_in_my_plans() -> None:
    # Each plan had two names: step 2's plan name and the My plans entry.
    plan_id, _ = stored(unique("Step two"))
    at = opened_by_address(plan_id)
    at.switch_page(BUSINESS_PLAN).run()
    new_name = unique("Renamed in step 2")
    by_label(at.text_input, "Plan name").set_value(new_name).run()
    assert_clean(at)
    with PlanStore() as store:
        record = store.get_plan(plan_id)
        draft = store.load_draft(plan_id)
    assert (record.name, draft.plan.settings.name) == (new_name, new_name)


def test_a_plan_name_another_plan_has_is_refused_in_words() -> None:
    taken = unique("Taken")
    stored(taken)
    plan_id, plan = stored(unique("Mine"))
    at = opened_by_address(plan_id)
    at.switch_page(BUSINESS_PLAN).run()
    by_label(at.text_input, "Plan name").set_value(taken).run()
    assert_clean(at)
    assert any(f"another of your plans is already named '{taken}'" in e.value for e in at.error)
    assert plan_of(at).settings.name == plan.settings.name
    with PlanStore() as store:
        assert store.get_plan(plan_id).name == plan.settings.name


def test_the_sidebar_names_the_plan_as_plain_text() -> None:
    # A plan name "[Verify your bank login](https://evil.example/login)" was a live link.
    from planner.model.text import plain

    evil = "[Verify your bank login](https://evil.example/login)"
    plan = template("offshore_voice_support")
    plan = plan.model_copy(update={"settings": plan.settings.model_copy(update={"name": evil})})
    at = app_on(plan)
    captions = [c.value for c in at.sidebar.caption]
    assert any(plain(evil) in c for c in captions)
    assert not any(evil in c for c in captions)


def test_a_first_save_under_a_taken_name_keeps_the_next_choice_in_a_widget_drawn_above() -> None:
    # Stored as "name (2)" on its first change, the page changed every widget's key half way
    # through drawing: the preset box above the edited grid kept its old key in the browser, so
    # the founder's next choice there was read from a fresh box and lost (issue 12 integration).
    name = unique("Twice")
    stored(name)
    plan = template("offshore_voice_support")
    plan = plan.model_copy(update={"settings": plan.settings.model_copy(update={"name": name})})
    at = app_on(plan, STAFFING)
    line = "customer_support_voice"
    at.session_state[wkey(at, f"wl.{line}.opening")] = {
        "edited_rows": {0: {"hours": "closed"}}, "added_rows": [], "deleted_rows": [],
    }  # fmt: skip
    at.run()
    assert_clean(at)
    assert plan_of(at).settings.name == f"{name} (2)"
    by_label(at.selectbox, "Start from a preset").set_value("extended_hours").run()
    assert_clean(at)
    work = plan_of(at).service_line(line).workload
    assert (work.profile, work.pattern) == ("extended_hours", None)  # type: ignore[union-attr]


def test_a_first_save_under_a_taken_name_shows_the_new_name_in_step_2() -> None:
    # The plan's first change in step 2 (here the horizon) stores it as "name (2)": the plan
    # name field, drawn in the same run with the old name, then shows "name (2)" and the next
    # run does not try to rename the plan back to the taken name.
    taken = unique("Taken first")
    stored(taken)
    plan = template("offshore_voice_support")
    plan = plan.model_copy(update={"settings": plan.settings.model_copy(update={"name": taken})})
    at = app_on(plan, BUSINESS_PLAN)
    by_label(at.text_input, "Horizon (months)").set_value("48").run()
    assert_clean(at)
    assert plan_of(at).settings.name == f"{taken} (2)"
    at.run()
    assert_clean(at)
    assert by_label(at.text_input, "Plan name").value == f"{taken} (2)"
    assert plan_of(at).settings.name == f"{taken} (2)"
    assert plan_of(at).settings.horizon_months == 48
    assert not at.error
