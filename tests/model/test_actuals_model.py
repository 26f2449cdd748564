"""The plan's actuals section (`Plan.actuals`) and its line keys (`planner.model.actuals_lines`):
which lines exist, and bad figures refused in a founder's words."""

from __future__ import annotations

from typing import Any

import pytest

from planner.cli.main import issue_line
from planner.cli.summary import MONTHLY_FIELDS
from planner.model.actuals_lines import FIXED_LINES, SUMMARY_LINES, is_count, is_stock, line_keys
from planner.model.files import parse_plan_text, plan_from_dict, plan_to_dict, plan_to_yaml
from planner.model.issues import PlanError
from planner.model.labels import COST_LINES
from planner.model.plan import Plan
from tests.support.small_plans import make_plan

ROLES = {"roles": [{"name": "Clerk", "monthly_wage": 1000, "basis": "workload"}]}


def with_actuals(entries: list[dict[str, Any]], mapping: dict[str, str] | None = None) -> Plan:
    plan = make_plan(staffing=ROLES)
    data = plan_to_dict(plan)
    data["actuals"] = {"entries": entries, "mapping": mapping or {}}
    return plan_from_dict(data, source="plan.json")


def problems(entries: list[dict[str, Any]], mapping: dict[str, str] | None = None) -> list[str]:
    with pytest.raises(PlanError) as caught:
        with_actuals(entries, mapping)
    return [issue_line(issue) for issue in caught.value.issues]


def test_the_line_keys_are_the_summarys_monthly_rows_the_cost_lines_and_receivables() -> None:
    assert SUMMARY_LINES == MONTHLY_FIELDS  # the command line's rows, kept equal by this test
    assert set(FIXED_LINES) == {*MONTHLY_FIELDS, *COST_LINES, "receivables"}
    keys = line_keys(make_plan(staffing=ROLES))
    assert keys["volume:forms"] == "Volume: Form processing"
    assert keys["headcount:Clerk"] == "Headcount: Clerk"
    assert all(words and "_" not in words for words in keys.values())


def test_balances_and_counts_are_told_apart_from_money_flows() -> None:
    assert [is_stock(k) for k in ("closing_cash", "receivables", "headcount:Clerk", "revenue")] == [
        True,
        True,
        True,
        False,
    ]
    assert [is_count(k) for k in ("seats", "volume:forms", "marketing")] == [True, True, False]


def test_actual_figures_round_trip_through_a_plan_file() -> None:
    plan = with_actuals(
        [{"month": "2027-02", "line": "revenue", "value": 1500.5}], {"Bank fees": ""}
    )
    again = parse_plan_text(plan_to_yaml(plan))
    assert again.actuals == plan.actuals
    assert again.actuals is not None and again.actuals.mapping == {"Bank fees": ""}


def test_a_plan_without_actuals_has_none() -> None:
    assert Plan().actuals is None


def test_a_month_outside_the_plan_names_the_months_it_covers() -> None:
    (line,) = problems([{"month": "2028-01", "line": "revenue", "value": 1}])
    assert line.startswith("Actual figures, row 1, month")
    assert "2028-01 is not a month of the plan (it covers 2027-01 to 2027-12)" in line


def test_an_unknown_line_lists_the_lines_allowed_and_the_nearest() -> None:
    (line,) = problems([{"month": "2027-01", "line": "revenu", "value": 1}])
    assert "'revenu' is not a line of this plan (did you mean 'revenue'?)" in line
    assert "volume:forms" in line and "headcount:Clerk" in line and "receivables" in line


def test_a_month_and_line_given_twice_is_refused() -> None:
    lines = problems(
        [
            {"month": "2027-01", "line": "revenue", "value": 1},
            {"month": "2027-01", "line": "revenue", "value": 2},
        ]
    )
    assert lines == [
        "Actual figures, row 2, line (actuals.entries.1.line): 2027-01 'revenue' is given twice; "
        "allowed: one figure per month and line"
    ]


def test_a_mapping_to_a_line_the_plan_lacks_is_refused_and_blank_ignores() -> None:
    (line,) = problems([], {"Rent": "rent", "Bank fees": ""})
    assert line.startswith("Account mapping, 'Rent'")
    assert "mapped to 'rent', which is not a line of this plan" in line


@pytest.mark.parametrize("value", [float("nan"), float("inf"), 1e16])
def test_a_value_that_is_not_a_finite_amount_is_refused(value: float) -> None:
    with pytest.raises(PlanError):
        with_actuals([{"month": "2027-01", "line": "revenue", "value": value}])
