"""AppTest: the Start page, the navigation and sidebar, opening plan files."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from planner.model.files import parse_plan_text, plan_to_yaml
from planner.model.issues import PlanError
from planner.model.text import plain
from tests.support.ui import APP, TEMPLATE_IDS, app_on, assert_clean, by_label, plan_of, template

PAGE = "ui/views/start.py"


@pytest.mark.parametrize("template_id", TEMPLATE_IDS)
def test_a_starter_the_founder_never_saved_is_not_offered_to_carry_on(template_id: str) -> None:
    # Issue 12: the first screen offered to "carry on" a KPO plan in Pune nobody made.
    at = app_on(template(template_id))
    assert at.title[0].value == "Plan the launch of your BPO consultancy"
    name = plain(template(template_id).settings.name)
    assert not any(name in m.value for m in at.markdown)
    assert not at.error


def test_a_stored_plan_is_offered_to_carry_on_with_its_progress() -> None:
    at = app_on(template("offshore_voice_support"))
    at.button(key="start_blank").click().run()
    assert_clean(at)
    at.switch_page(PAGE).run()
    name = plan_of(at).settings.name
    assert any(f"**{plain(name)}**" == m.value for m in at.markdown)
    assert any("1. Specialty" in m.value for m in at.markdown)


def test_a_blank_plan_has_nothing_in_it_and_is_valid() -> None:
    at = app_on(template("offshore_voice_support"))
    at.text_input(key="start_name").set_value("Bogota service desk").run()
    at.button(key="start_blank").click().run()
    assert_clean(at)
    assert at.title[0].value == "Step 1 · Specialty"
    plan = plan_of(at)
    assert plan.settings.name.startswith("Bogota service desk")
    assert plan.specialty.service_lines == [] and plan.business_plan.clients == []
    assert plan.staffing.roles == [] and plan.marketing.channels == []
    assert plan.paperwork.items == [] and plan.resources.items == []
    assert "New blank plan" in at.success[0].value


def test_a_fresh_session_on_a_bare_address_starts_blank_not_on_a_stored_plan() -> None:
    # A bare address used to open the most recently changed stored plan.
    from planner.model.starters import BLANK_NAME

    first = AppTest.from_file(APP, default_timeout=60).run()
    first.button(key="start_blank").click().run()
    assert_clean(first)
    fresh = AppTest.from_file(APP, default_timeout=60).run()
    assert_clean(fresh)
    assert plan_of(fresh).settings.name == BLANK_NAME
    assert "plan" not in fresh.query_params
    # ... and the stored plan is offered by name under "Carry on".
    stored = plan_of(first).settings.name
    assert any(b.label == plain(stored) for b in fresh.button)


def test_sidebar_shows_the_progress_of_every_step() -> None:
    at = app_on(template("offshore_voice_support"))
    texts = [p.proto.text for p in at.sidebar.get("progress")]
    assert [t.split(":")[0] for t in texts] == [
        "1. Specialty", "2. Business plan", "3. Paperwork", "4. Resources", "5. Staffing",
        "6. Marketing",
    ]  # fmt: skip


@pytest.mark.parametrize("template_id", TEMPLATE_IDS)
def test_start_from_a_template_opens_step_1(template_id: str) -> None:
    at = app_on(template("offshore_voice_support"))
    at.radio(key="start_template").set_value(template_id).run()
    at.button(key="start_new").click().run()
    assert_clean(at)
    assert at.title[0].value == "Step 1 · Specialty"
    assert plan_of(at).specialty == template(template_id).specialty
    assert "started from the starter" in at.success[0].value


def _open_file(data: bytes) -> None:
    import streamlit as st

    from planner.model.issues import describe
    from ui.session import state

    state.get_plan()
    refused = state.open_plan_file(st.session_state["file_bytes"], "upload.yaml")
    st.write("\n\n".join(describe(issue) for issue in refused) if refused else "opened")


def _file_app(data: bytes) -> AppTest:
    at = AppTest.from_function(_open_file, args=(data,), default_timeout=30)
    at.session_state["plan"] = template("offshore_voice_support")
    at.session_state["file_bytes"] = data
    return at.run()


def test_a_good_plan_file_opens() -> None:
    other = template("onshore_bookkeeping_payroll")
    at = _file_app(plan_to_yaml(other).encode())
    assert_clean(at)
    assert at.markdown[0].value == "opened"
    opened = plan_of(at)
    # Under its own name, or "name (n)" when a stored plan has it already (one name per plan).
    assert opened.settings.name.startswith(other.settings.name)
    named = opened.settings.model_copy(update={"name": other.settings.name})
    assert opened.model_copy(update={"settings": named}) == other


def test_a_plan_file_opened_twice_gets_a_distinct_name_and_says_so() -> None:
    # Issue 12: an uploaded plan became "... (2)" and looked identical in the sidebar.
    other = template("onshore_bookkeeping_payroll")
    first = plan_of(_file_app(plan_to_yaml(other).encode()))
    at = _file_app(plan_to_yaml(other).encode())
    second = plan_of(at)
    assert second.settings.name != first.settings.name
    assert second.settings.name.startswith(other.settings.name + " (")
    message = at.session_state["plan_flash"]
    assert f"You already have a plan named '{other.settings.name}'" in message
    assert f"this one is named '{second.settings.name}'" in message


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"settings: [unclosed", "not valid YAML"),
        (b"settings:\n  horizon_months: 3\n", "Horizon months: must be greater than or equal"),
        (b"\xff\xfe\x00", "not UTF-8"),
        (b"", "empty"),
        (b"surprise: 1\n", "Surprise: unknown field"),
    ],
)
def test_a_bad_plan_file_is_refused_with_the_reason(data: bytes, says: str) -> None:
    at = _file_app(data)
    assert_clean(at)
    assert says in at.markdown[0].value
    assert plan_of(at) == template("offshore_voice_support")


def test_a_refused_file_lists_each_issue_with_what_is_allowed() -> None:
    """The Start page words each issue a refused file has (as `open_plan_file` returns them): the
    field, what is wrong, and what the field allows (never pydantic's regex or a dotted path)."""
    from ui.views.start import UPLOAD_ERROR

    with pytest.raises(PlanError) as refused:
        parse_plan_text(b"settings:\n  currency: usd\n  horizon_months: 3\n", source="up.yaml")
    plan = template("offshore_voice_support")
    at = app_on(plan)
    at.session_state[UPLOAD_ERROR] = refused.value.issues
    at.run()
    assert_clean(at)
    shown = at.error[0].value
    assert shown.startswith("**This file was not opened**; your current plan is unchanged.")
    # Escaped (plain text: the file's values are shown as typed, never as Markdown).
    assert shown.splitlines()[2:] == [
        "- "
        + plain("Currency: must be a three-letter currency code in capitals, e.g. USD, got 'usd'"),
        "- "
        + plain(
            "Horizon months: must be greater than or equal to 12, got 3; "
            "allowed: a whole number from 12 to 120"
        ),
    ]
    assert plan_of(at) == plan


def test_a_conflict_is_shown_first_with_both_choices() -> None:
    at = app_on(template("offshore_voice_support"))
    at.session_state["plan_conflict"] = "Someone saved revision 4 while you edited revision 3."
    at.run()
    assert_clean(at)
    assert "changed in another tab" in at.error[0].value
    assert "revision 4" in at.error[0].value
    labels = [b.label for b in at.button]
    assert "Load their version (drop my change)" in labels
    assert "Keep mine as a copy" in labels
    at.button(key="conflict_mine").click().run()
    assert_clean(at)
    assert "plan_conflict" not in at.session_state
    assert "Saved your version as" in at.success[0].value


def test_the_step_icons_follow_an_edit_in_the_same_interaction() -> None:
    plan = template("offshore_voice_support")
    at = app_on(plan, "ui/views/specialty.py")
    assert plan.specialty.why
    by_label(at.text_area, "Why this specialty").set_value("").run()
    assert_clean(at)
    assert plan_of(at).specialty.why == ""
    texts = [p.proto.text for p in at.sidebar.get("progress")]
    assert "say why this specialty" in texts[0]
