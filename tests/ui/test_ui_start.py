"""AppTest: the Start page, the navigation and sidebar, opening plan files."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from planner.model.files import parse_plan_text, plan_to_yaml
from planner.model.issues import PlanError
from tests.support.ui import TEMPLATE_IDS, app_on, assert_clean, by_label, plan_of, template

PAGE = "ui/views/start.py"


@pytest.mark.parametrize("template_id", TEMPLATE_IDS)
def test_renders_with_each_template(template_id: str) -> None:
    at = app_on(template(template_id))
    assert at.title[0].value == "Plan the launch of your BPO consultancy"
    assert any(template(template_id).settings.name in m.value for m in at.markdown)
    assert not at.error


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
    assert "started from the template" in at.success[0].value


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
    assert plan_of(at) == other


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
    assert shown.splitlines()[2:] == [
        "- Currency: must be a three-letter currency code in capitals, e.g. USD, got 'usd'",
        "- Horizon months: must be greater than or equal to 12, got 3; "
        "allowed: a whole number from 12 to 120",
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
