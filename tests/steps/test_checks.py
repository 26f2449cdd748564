"""Plan warnings: each names the step and says what is wrong in a founder's words."""

from __future__ import annotations

from planner.engine.pipeline import project
from planner.model.files import plan_from_dict
from planner.model.starters import list_templates, load_template
from planner.steps.checks import plan_warnings


def _plan(**overrides: object) -> dict:
    data: dict = {
        "settings": {"horizon_months": 12},
        "specialty": {
            "service_lines": [
                {
                    "id": "payroll",
                    "name": "Payroll",
                    "family": "back_office",
                    "workload": {"type": "items", "minutes_per_item": 6},
                },
            ]
        },
        "business_plan": {
            "clients": [
                {
                    "name": "Acme",
                    "service_line": "payroll",
                    "monthly_volume": 1000,
                    "pricing_model": "per_item",
                    "price": 4,
                    "start_month": 2,
                },
            ]
        },
        "staffing": {
            "roles": [
                {"name": "Payroll clerk", "monthly_wage": 2500, "basis": "workload"},
            ]
        },
        "financing": {"opening_cash": 100000},
    }
    data.update(overrides)
    return data


def test_starter_templates_have_no_staffing_or_financing_warnings() -> None:
    for info in list_templates():
        plan = load_template(info.id)
        assert plan_warnings(plan, project(plan)) == [], info.id


def test_a_sold_service_line_without_a_workload_role_is_flagged_on_staffing() -> None:
    plan = plan_from_dict(_plan(staffing={"roles": []}))
    (warning,) = plan_warnings(plan)
    assert warning.step == "staffing"
    assert "Nobody does the work of 'Payroll'" in warning.message


def test_a_workload_role_starting_after_the_first_client_is_flagged() -> None:
    data = _plan()
    data["staffing"]["roles"][0]["start_month"] = 5  # the client starts in month 2
    (warning,) = plan_warnings(plan_from_dict(data))
    assert "work from month 2" in warning.message
    assert "start in month 5" in warning.message


def test_money_dated_after_the_horizon_is_flagged_as_left_out() -> None:
    data = _plan()
    data["financing"] = {
        "opening_cash": 100000,
        "equity": [{"month": 24, "amount": 5000}],
        "loans": [{"name": "Bank", "amount": 9000, "start_month": 13}],
    }
    messages = [w.message for w in plan_warnings(plan_from_dict(data))]
    assert messages == [
        "Equity injection 1 arrives in month 24, after the plan's 12 months: it is left out.",
        "Loan 'Bank' starts in month 13, after the plan's 12 months: it is left out.",
    ]


def test_cash_below_the_buffer_is_flagged_with_the_funding_needed() -> None:
    data = _plan()
    data["financing"] = {"opening_cash": 0, "minimum_cash": 10000}
    plan = plan_from_dict(data)
    projection = project(plan)
    assert projection.kpis.funding_needed > 0
    cash = [w for w in plan_warnings(plan, projection) if "minimum buffer" in w.message]
    assert len(cash) == 1
    assert f"{projection.kpis.funding_needed:,.0f}" in cash[0].message


def test_an_empty_plan_says_what_to_do_first() -> None:
    steps = [w.step for w in plan_warnings(plan_from_dict({}))]
    assert steps == ["specialty", "business_plan"]


def _marketing_only(channel_start: int, role_start: int) -> dict:
    # No signed client; one channel of 10 leads a month at 50% from `channel_start`, a 2-month
    # sales cycle: the first expected wins (10 x 0.5 = 5) and the first whole client come in
    # month channel_start + 2.
    data = _plan(business_plan={"clients": []})
    data["marketing"] = {
        "channels": [
            {"name": "Referrals", "leads_per_month": 10, "conversion_rate": 0.5,
             "start_month": channel_start},
        ],
        "sales_cycle_months": 2,
        "won_client": {"service_line": "payroll", "monthly_volume": 500, "price": 4,
                       "pricing_model": "per_item"},
    }  # fmt: skip
    data["staffing"]["roles"][0]["start_month"] = role_start
    return data


def test_marketing_wins_count_from_the_first_channel_not_from_month_one() -> None:
    # Channel from month 6, cycle 2: the first win is in month 8, so a clerk hired in month 5 is in
    # time. The old rule (1 + cycle = month 3) called this "billed with no staff".
    plan = plan_from_dict(_marketing_only(channel_start=6, role_start=5))
    assert plan_warnings(plan) == []
    assert plan_warnings(plan, project(plan)) == []


def test_a_role_starting_after_the_first_marketing_win_is_flagged_at_the_win() -> None:
    # Channel from month 2, cycle 2: the first win is in month 4; the clerk starts in month 7.
    plan = plan_from_dict(_marketing_only(channel_start=2, role_start=7))
    for projection in (None, project(plan)):
        (warning,) = [w for w in plan_warnings(plan, projection) if w.step == "staffing"]
        assert "work from month 4" in warning.message
        assert "start in month 7" in warning.message


def test_no_channel_means_no_marketing_work_to_staff() -> None:
    data = _marketing_only(channel_start=1, role_start=12)
    data["marketing"]["channels"] = []
    assert [w for w in plan_warnings(plan_from_dict(data)) if w.step == "staffing"] == []


def test_an_email_deadline_shorter_than_its_interval_is_flagged_on_staffing() -> None:
    # an e-mail line written when answer_seconds was an answer target (20 s): staffed as due
    # within one 30-minute interval, which the founder should hear about
    data = _plan()
    line = data["specialty"]["service_lines"][0]
    line["workload"] = {"type": "queue", "channel": "email", "answer_seconds": 20}
    (warning,) = plan_warnings(plan_from_dict(data))
    assert warning.step == "staffing"
    assert warning.message.startswith("Payroll: the response deadline (20 seconds) is shorter")
    assert "30 minutes" in warning.message and "in hours in step 5" in warning.message
    line["workload"]["answer_seconds"] = 14_400  # 4 hours: nothing to say
    assert plan_warnings(plan_from_dict(data)) == []
