"""AppTest: step 5, staffing."""

from __future__ import annotations

import pandas as pd
import pytest

from planner.engine.pipeline import project
from planner.model.files import plan_from_dict, plan_to_dict
from planner.model.plan import Plan
from tests.support.ui import (
    TEMPLATE_IDS,
    app_on,
    assert_clean,
    by_label,
    chart_specs,
    download_labels,
    downloaded_csv,
    edit_rows,
    errors,
    metric,
    plan_of,
    record_downloads,
    template,
    warnings,
    wkey,
)

PAGE = "ui/views/staffing.py"


@pytest.mark.parametrize("template_id", TEMPLATE_IDS)
def test_renders_with_each_template(template_id: str) -> None:
    plan = template(template_id)
    at = app_on(plan, PAGE)
    assert at.title[0].value == "Step 5 · Staffing"
    has_queue = any(x.workload.type == "queue" for x in plan.specialty.service_lines)
    # headcount, payroll, workload; plus the service-level curve for queue work
    assert len(chart_specs(at)) == 3 + has_queue
    assert metric(at, "Most people at once")
    assert not at.error


def test_more_shrinkage_needs_more_people() -> None:
    plan = template("offshore_voice_support")
    at = app_on(plan, PAGE)
    before = int(metric(at, "Most people at once").replace(",", ""))
    by_label(at.text_input, "Shrinkage (%)").input("45").run()
    assert_clean(at)
    assert plan_of(at).staffing.shrinkage == pytest.approx(0.45)
    assert int(metric(at, "Most people at once").replace(",", "")) > before


def test_a_longer_handle_time_moves_the_service_level_curve() -> None:
    plan = template("offshore_voice_support")
    at = app_on(plan, PAGE)
    before = at.markdown
    before_text = [m.value for m in before if "agents** meet" in m.value]
    line = plan.specialty.service_lines[0]
    by_label(at.text_input, "Average handle time (seconds)").input(
        str(line.workload.aht_seconds * 2)
    ).run()
    assert_clean(at)
    after_text = [m.value for m in at.markdown if "agents** meet" in m.value]
    assert before_text and after_text and before_text != after_text


def test_a_ratio_role_without_its_ratio_is_refused() -> None:
    plan = template("offshore_voice_support")
    at = app_on(plan, PAGE)
    edit_rows(at, "roles", edited={0: {"basis": "ratio", "ratio_per": None}})
    assert_clean(at)
    assert "needs its 'One per' number" in errors(at)
    assert plan_of(at) == plan


def test_a_duplicate_role_name_is_refused() -> None:
    plan = template("offshore_voice_support")
    at = app_on(plan, PAGE)
    edit_rows(at, "roles", edited={1: {"name": plan.staffing.roles[0].name}})
    assert_clean(at)
    assert "appears twice" in errors(at)
    assert plan_of(at) == plan


def test_edits_survive_moving_between_pages() -> None:
    plan = template("offshore_voice_support")
    at = app_on(plan, PAGE)
    by_label(at.text_input, "Shrinkage (%)").input("41").run()
    edit_rows(at, "roles", edited={0: {"monthly_wage": 777.0}})
    at.switch_page("ui/views/dashboard.py").run()
    at.switch_page("ui/views/marketing.py").run()
    at.switch_page(PAGE).run()
    assert_clean(at)
    assert by_label(at.text_input, "Shrinkage (%)").value == "41"
    assert plan_of(at).staffing.roles[0].monthly_wage == 777.0
    # the table shows the stored plan, with the edit applied once (not twice)
    edit_rows(at, "roles", edited={1: {"monthly_wage": 600.0}})
    roles = plan_of(at).staffing.roles
    assert (roles[0].monthly_wage, roles[1].monthly_wage) == (777.0, 600.0)
    assert len(roles) == len(plan.staffing.roles)


def _without_workload_roles(plan: Plan) -> Plan:
    data = plan_to_dict(plan)
    data["staffing"]["roles"] = [r for r in data["staffing"]["roles"] if r["basis"] != "workload"]
    return plan_from_dict(data, source="test plan")


def test_a_sold_line_nobody_works_on_is_warned_here_and_on_the_dashboard() -> None:
    plan = _without_workload_roles(template("offshore_voice_support"))
    sold = plan.business_plan.clients[0].services[0].service_line
    name = plan.service_line(sold).name
    at = app_on(plan, PAGE)
    assert f"Nobody does the work of '{name}'" in warnings(at)
    at.switch_page("ui/views/dashboard.py").run()
    assert_clean(at)
    assert f"Nobody does the work of '{name}'" in warnings(at)
    links = [link.proto for link in at.get("page_link")]
    assert any(x.label == "Step 5 · Staffing" and x.page == "staffing" for x in links), links


def test_the_warning_goes_as_soon_as_a_workload_role_is_added() -> None:
    plan = _without_workload_roles(template("offshore_voice_support"))
    at = app_on(plan, PAGE)
    assert "Nobody does the work of" in warnings(at)
    agent = {"name": "Agent", "basis": "workload", "monthly_wage": "500", "skill_level": "entry"}
    edit_rows(at, "roles", added=[agent])
    assert_clean(at)
    assert "Nobody does the work of" not in warnings(at)  # in the same run, not one later


def test_the_hiring_plan_and_payroll_download_as_csv(monkeypatch: pytest.MonkeyPatch) -> None:
    files = record_downloads(monkeypatch)
    plan = template("offshore_voice_support")
    at = app_on(plan, PAGE)
    assert {"Hiring plan by month (CSV)", "Payroll by role and month (CSV)"} <= set(
        download_labels(at)
    )
    p = project(plan)
    hiring = downloaded_csv(files, "-hiring-plan-by-month.csv")
    for column in ("headcount", "hires", "leavers"):
        assert hiring[column].sum() == pytest.approx(p.staffing[column].sum())
    assert set(hiring["role"]) == {r.name for r in plan.staffing.roles}
    payroll = downloaded_csv(files, "-payroll-by-month.csv")
    assert payroll["total_cost"].sum() == pytest.approx(p.payroll["total_cost"].sum())


def test_the_of_and_fixed_number_columns_are_blank_for_roles_of_another_basis() -> None:
    # Before: every role showed "workload staff" under "Of", as if agents were a ratio of agents.
    plan = template("offshore_voice_support")
    at = app_on(plan, PAGE)
    shown = next(e.value for e in at.get("data_editor") if "ratio_of" in e.value.columns)
    for role, of in zip(plan.staffing.roles, shown["ratio_of"], strict=True):
        if role.basis == "ratio":
            assert of == role.ratio_of
        else:
            assert pd.isna(of), (role.name, of)  # blank
    for role, fixed in zip(plan.staffing.roles, shown["fixed_count"], strict=True):
        blank = fixed in ("", None) or pd.isna(fixed)
        assert blank == (role.basis != "fixed"), (role.name, fixed)
    # an unrelated edit keeps the ratio roles' "Of" and stores nothing new for the others
    edit_rows(at, "roles", edited={0: {"monthly_wage": 777.0}})
    assert_clean(at)
    stored = plan_of(at).staffing.roles
    assert [r.ratio_of for r in stored] == [r.ratio_of for r in plan.staffing.roles]
    assert [r.fixed_count for r in stored] == [r.fixed_count for r in plan.staffing.roles]
    assert stored[0].monthly_wage == 777.0


def test_the_hiring_plan_shows_whole_people() -> None:
    # Before: hires of 0.2, 1.1, 4.1 a month (attrition as an expected value).
    at = app_on(template("offshore_voice_support"), PAGE)
    # the hiring plan: the one table with a column per month
    hiring = next(d.value for d in at.get("dataframe") if "2027-01" in d.value.columns)
    values = hiring.to_numpy(dtype=float)
    assert (values == values.round()).all()


def test_renaming_a_role_an_item_counts_names_the_item_in_words() -> None:
    # A phone licence per agent; renaming the agent role on this step is refused with a message
    # naming the resource item and what to do, never a path like resources.items.3.roles.
    from planner.model.files import with_section

    plan = template("offshore_voice_support")
    agent = plan.staffing.roles[0].name
    licence = {"name": "Phone licence", "basis": "per_role", "roles": [agent], "monthly_cost": 9}
    items = [*plan_to_dict(plan)["resources"]["items"], licence]
    plan = with_section(plan, "resources.items", items)
    at = app_on(plan, PAGE)
    edit_rows(at, "roles", edited={0: {"name": "Phone agent"}})
    assert_clean(at)
    text = errors(at)
    row = len(items)
    assert f"Resources (step 4), row {row} 'Phone licence', roles: '{agent}' is not a role" in text
    assert "choose its roles again in step 4" in text
    assert "resources.items" not in text


def test_with_caller_patience_the_agents_shown_fit_the_cap_on_the_busy_share_shown() -> None:
    # Erlang A: the cap applies to the "Busy" share the page shows (calls handled / agents), so
    # the agents the page names keep Busy at or under the cap and one agent fewer either misses
    # the service-level target or is busier than the cap (not merely under ceil(A / cap))
    plan = template("offshore_voice_support")
    at = app_on(plan, PAGE)
    by_label(at.text_input, "Caller patience (seconds)").input("60").run()
    assert_clean(at)
    work = plan_of(at).specialty.service_lines[0].workload
    assert work.patience_seconds == 60 and work.max_occupancy is not None
    text = next(m.value for m in at.markdown if "agents** meet" in m.value)
    needed = int(text.split("**")[1].split()[0])
    curve = next(d.value for d in at.dataframe if "Busy" in d.value.columns).set_index("Agents")
    cap = work.max_occupancy * 100
    assert curve.loc[needed, "Busy"] <= cap + 1e-9
    fewer = curve.loc[needed - 1]
    assert fewer["Answered in time"] < work.service_level * 100 or fewer["Busy"] > cap


def test_the_productivity_curve_is_typed_as_percentages_by_week() -> None:
    # "50; 75" is stored as [0.5, 0.75]; hires join earlier (training + 2 weeks), so the payroll
    # over the plan grows
    plan = template("offshore_voice_support").model_copy(deep=True)
    at = app_on(plan, PAGE)
    field = by_label(at.text_input, "Productive after training (% by week)")
    before = metric(at, "Payroll over the plan")
    field.input("50; 75").run()
    assert_clean(at)
    assert plan_of(at).staffing.ramp_up == [0.5, 0.75]
    assert by_label(at.text_input, "Productive after training (% by week)").value == "50; 75"
    assert metric(at, "Payroll over the plan") != before


def test_a_ramp_share_over_100_is_refused_naming_the_week() -> None:
    plan = template("offshore_voice_support")
    at = app_on(plan, PAGE)
    by_label(at.text_input, "Productive after training (% by week)").input("50 150").run()
    text = errors(at)
    assert "Productive after training: week 2: must be at most 100%" in text
    assert "None" not in text
    assert plan_of(at).staffing.ramp_up == plan.staffing.ramp_up


def test_roles_table_sets_work_pattern_and_employment() -> None:
    # a remote contractor: no employer costs, no desk
    plan = template("offshore_voice_support")
    at = app_on(plan, PAGE)
    shown = next(e.value for e in at.get("data_editor") if "work_pattern" in e.value.columns)
    assert list(shown["work_pattern"]) == [r.work_pattern for r in plan.staffing.roles]
    assert list(shown["employment"]) == [r.employment for r in plan.staffing.roles]
    # the operations manager (an office employee in the starter) becomes a remote contractor
    row = next(i for i, r in enumerate(plan.staffing.roles) if r.name == "Operations manager")
    edit_rows(at, "roles", edited={row: {"work_pattern": "remote", "employment": "contractor"}})
    assert_clean(at)
    role = plan_of(at).staffing.roles[row]
    assert (role.work_pattern, role.employment) == ("remote", "contractor")
    before = project(plan).payroll
    after = project(plan_of(at)).payroll
    assert after[after.role == role.name].burden_cost.sum() == 0
    assert before[before.role == role.name].burden_cost.sum() > 0


# --- the channel of a queue line and outbound dialling (issue 14, item 6) ----------------------

CHAT = "customer_support_chat"  # the chat line of offshore_voice_support
TECH = "tech_support_voice"


def _line_fte(plan: Plan, line_id: str) -> float:
    work = project(plan).workload
    return float(work[work.service_line == line_id].fte.sum())


def test_chats_at_once_is_shown_for_the_chat_line_only_and_two_need_fewer_people() -> None:
    plan = template("offshore_voice_support")
    at = app_on(plan, PAGE)
    shown = [w.key for w in at.text_input if w.label == "Chats at once"]
    assert shown == [wkey(at, f"wl.{CHAT}.concurrency")]  # not on the two voice lines
    at.text_input(key=wkey(at, f"wl.{CHAT}.concurrency")).input("2").run()
    assert_clean(at)
    work = plan_of(at).service_line(CHAT).workload
    assert work.concurrency == 2
    assert _line_fte(plan_of(at), CHAT) < _line_fte(plan, CHAT)
    at.text_input(key=wkey(at, f"wl.{CHAT}.growth")).input("10").run()  # typed as a percentage
    assert_clean(at)
    assert plan_of(at).service_line(CHAT).workload.concurrency_growth == pytest.approx(0.1)


def test_more_than_ten_chats_at_once_is_refused_in_words_and_not_saved() -> None:
    at = app_on(template("offshore_voice_support"), PAGE)
    at.text_input(key=wkey(at, f"wl.{CHAT}.concurrency")).input("11").run()
    assert_clean(at)
    assert "Chats at once" in errors(at) and "10" in errors(at)
    assert plan_of(at).service_line(CHAT).workload.concurrency == 1


def test_an_email_line_shows_a_response_deadline_in_hours_and_no_service_level() -> None:
    plan = template("offshore_voice_support")
    at = app_on(plan, PAGE)
    at.radio(key=wkey(at, f"wl.{TECH}.channel")).set_value("email").run()
    assert_clean(at)
    work = plan_of(at).service_line(TECH).workload
    # from voice: a 4-hour deadline, no caller patience
    assert (work.channel, work.answer_seconds, work.patience_seconds) == ("email", 14_400, None)
    deadline = at.text_input(key=wkey(at, f"wl.{TECH}.deadline"))
    assert deadline.label == "Response deadline (hours)" and float(deadline.value) == 4
    keys = {w.key for w in at.text_input}
    assert wkey(at, f"wl.{TECH}.sl") not in keys and wkey(at, f"wl.{TECH}.patience") not in keys
    deadline.input("2").run()
    assert_clean(at)
    assert plan_of(at).service_line(TECH).workload.answer_seconds == 7_200
    # shorter than the 30-minute planning interval: refused, the plan keeps 2 hours
    at.text_input(key=wkey(at, f"wl.{TECH}.deadline")).input("0.25").run()
    assert_clean(at)
    assert "Response deadline (hours)" in errors(at) and "0.5" in errors(at)
    assert plan_of(at).service_line(TECH).workload.answer_seconds == 7_200


def test_switching_chat_to_voice_drops_chats_at_once() -> None:
    at = app_on(template("offshore_voice_support"), PAGE)
    at.text_input(key=wkey(at, f"wl.{CHAT}.concurrency")).input("3").run()
    at.radio(key=wkey(at, f"wl.{CHAT}.channel")).set_value("voice").run()
    assert_clean(at)
    assert not at.error
    work = plan_of(at).service_line(CHAT).workload
    assert (work.channel, work.concurrency, work.concurrency_growth) == ("voice", 1, 0.0)


def test_an_outbound_line_takes_dials_contact_rate_as_a_percentage_and_talk_time() -> None:
    plan = template("offshore_voice_support")
    at = app_on(plan, PAGE)
    at.radio(key=wkey(at, f"wl.{TECH}.kind")).set_value("outbound").run()
    assert_clean(at)
    assert plan_of(at).service_line(TECH).workload.type == "outbound"
    assert any("dials per month" in c.value for c in at.caption)
    at.text_input(key=wkey(at, f"wl.{TECH}.contact_rate")).input("35").run()
    at.text_input(key=wkey(at, f"wl.{TECH}.talk")).input("240").run()
    assert_clean(at)
    work = plan_of(at).service_line(TECH).workload
    assert (work.contact_rate, work.talk_seconds) == (pytest.approx(0.35), 240)
    at.text_input(key=wkey(at, f"wl.{TECH}.contact_rate")).input("0").run()
    assert "Contact rate (%)" in errors(at)  # a rate of 0 would dial for nothing
    assert plan_of(at).service_line(TECH).workload.contact_rate == pytest.approx(0.35)
    assert _line_fte(plan_of(at), TECH) > 0
