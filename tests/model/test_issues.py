"""Validation issues as values: each kind of bad input gives one `Issue` with the field's path, the
founder's words and what the field allows, read from the model's own limits
(`planner.model.limits`)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from planner.data import catalog
from planner.model.files import plan_from_dict
from planner.model.issues import Issue, PlanError, describe, path_label
from planner.model.limits import Bounds, bounds, field_at
from planner.model.plan import Candidate, Financing, QueueWorkload, Role, Settings, Staffing
from planner.model.starters import TEMPLATES_DIR

BASE_FILE = TEMPLATES_DIR / "offshore_voice_support.yaml"


@pytest.fixture(scope="module")
def base() -> dict[str, Any]:
    """A complete, valid plan as plain data (the offshore voice template)."""
    return yaml.safe_load(BASE_FILE.read_text(encoding="utf-8"))


def _issues(base: dict[str, Any], *changes: tuple[str, Any]) -> tuple[Issue, ...]:
    """The issues of `base` with each dotted path set (list indexes as numbers; "-" deletes)."""
    data = copy.deepcopy(base)
    for path, value in changes:
        *parents, last = path.split(".")
        node: Any = data
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        key: Any = int(last) if isinstance(node, list) else last
        if value == "-":
            del node[key]
        else:
            node[key] = value
    with pytest.raises(PlanError) as info:
        plan_from_dict(data)
    return info.value.issues


def _one(base: dict[str, Any], path: str, value: Any) -> Issue:
    (issue,) = _issues(base, (path, value))
    return issue


# --- one issue per kind of bad input -------------------------------------------------------------


def test_a_number_above_its_limit_says_what_the_field_allows(base: dict[str, Any]) -> None:
    # Staffing.paid_hours_per_month is Field(gt=0, le=744): 31 days x 24 hours.
    issue = _one(base, "staffing.paid_hours_per_month", 800)
    assert issue == Issue(
        ("staffing", "paid_hours_per_month"),
        "must be less than or equal to 744, got 800",
        "a number above 0, up to 744",
    )


def test_an_open_limit_is_said_as_such(base: dict[str, Any]) -> None:
    issue = _one(base, "staffing.shrinkage", 0.95)  # Field(ge=0, lt=0.9)
    assert issue.path == ("staffing", "shrinkage")
    assert issue.message == "must be less than 0.9, got 0.95"
    assert issue.allowed == "a number from 0 up to (not including) 0.9"


def test_a_wrong_type_names_the_type_allowed(base: dict[str, Any]) -> None:
    issue = _one(base, "staffing.shrinkage", "about a third")
    assert issue.path == ("staffing", "shrinkage")
    assert issue.message.startswith("must be a valid number")
    assert issue.allowed == "a number"


def test_a_value_outside_a_fixed_list_names_the_list(base: dict[str, Any]) -> None:
    issue = _one(base, "settings.delivery_model", "moonshore")
    assert issue.path == ("settings", "delivery_model")
    assert issue.allowed == "one of 'onshore', 'nearshore' or 'offshore'"


def test_a_missing_field_is_required(base: dict[str, Any]) -> None:
    issue = _one(base, "staffing.roles.3.monthly_wage", "-")
    assert issue == Issue(("staffing", "roles", 3, "monthly_wage"), "this field is required")


def test_an_unknown_field_lists_the_fields_of_its_section(base: dict[str, Any]) -> None:
    issue = _one(base, "staffing.roles.0.wage", 400)
    assert issue.path == ("staffing", "roles", 0, "wage")
    assert issue.message.startswith("unknown field (not part of a plan; check the spelling)")
    assert issue.allowed == "the fields " + ", ".join(Role.model_fields)


def test_a_text_pattern_is_said_in_words(base: dict[str, Any]) -> None:
    issue = _one(base, "settings.currency", "usd")
    assert issue.path == ("settings", "currency")
    assert issue.allowed == "a three-letter currency code in capitals, e.g. USD"
    # the message words the pattern too: never pydantic's "String should match pattern '^[A-Z]{3}$'"
    assert issue.message == "must be a three-letter currency code in capitals, e.g. USD, got 'usd'"
    issue = _one(base, "settings.first_month", "2027-13")
    assert issue.allowed == "a month written YYYY-MM, e.g. 2027-01"


def test_a_workload_field_drops_the_union_tag(base: dict[str, Any]) -> None:
    issue = _one(base, "specialty.service_lines.0.workload.aht_seconds", -1)
    assert issue.path == ("specialty", "service_lines", 0, "workload", "aht_seconds")
    assert issue.allowed == "a number above 0, up to 36,000"  # QueueWorkload: gt=0, le=36_000


def test_a_score_names_its_criterion_and_range(base: dict[str, Any]) -> None:
    issue = _one(base, "specialty.candidates.0.scores.margin", 6)
    assert issue.path == ("specialty", "candidates", 0, "scores", "margin")
    assert issue.allowed == "a whole number from 1 to 5"


def test_an_unknown_service_line_is_an_issue_at_the_reference(base: dict[str, Any]) -> None:
    issue = _one(base, "business_plan.clients.2.services.0.service_line", "payroll")
    # the lines in words (a founder knows them by name), each with the id a plan file writes
    allowed = ", ".join(f"{s['name']} (id {s['id']})" for s in base["specialty"]["service_lines"])
    assert "Customer support (voice) (id customer_support_voice)" in allowed
    assert issue == Issue(
        ("business_plan", "clients", 2, "services", 0, "service_line"),
        f"'payroll' is not one of this plan's service lines (it has: {allowed})",
        f"one of this plan's service lines: {allowed}",
    )


def test_every_broken_reference_is_its_own_issue(base: dict[str, Any]) -> None:
    issues = _issues(
        base,
        ("business_plan.clients.2.services.0.service_line", "payroll"),
        ("business_plan.clients.0.start_month", 40),
        ("marketing.won_clients.0.services.0.service_line", "nope"),
    )
    assert [i.path for i in issues] == [
        ("business_plan", "clients", 0, "start_month"),
        ("business_plan", "clients", 2, "services", 0, "service_line"),
        ("marketing", "won_clients", 0, "services", 0, "service_line"),
    ]
    assert issues[0].message == "must be at most the horizon (36), got 40"
    assert issues[0].allowed == "a month from 1 to the horizon (36)"


def test_a_duplicate_name_points_at_the_second_row(base: dict[str, Any]) -> None:
    issue = _one(base, "staffing.roles.1.name", "Customer service agent")
    assert issue.path == ("staffing", "roles", 1, "name")
    assert issue.message == "each name must be unique, 'Customer service agent' appears twice"


def test_a_plan_that_is_not_a_mapping_is_one_issue() -> None:
    with pytest.raises(PlanError) as info:
        plan_from_dict(["settings"])
    (issue,) = info.value.issues
    assert issue.path == ()
    assert issue.message == "plan: a plan must be a mapping of sections, got list"
    assert issue.allowed.startswith("a mapping of sections")


# --- the text the command line prints ------------------------------------------------------------


def test_the_error_text_is_the_heading_and_one_line_per_issue(base: dict[str, Any]) -> None:
    data = copy.deepcopy(base)
    data["staffing"]["shrinkage"] = 1.0
    data["financing"]["tax_rate"] = 2
    with pytest.raises(PlanError) as info:
        plan_from_dict(data, source="plan.yaml")
    assert str(info.value) == (
        "plan.yaml is not a valid plan:\n"
        "staffing.shrinkage: must be less than 0.9, got 1.0\n"
        "financing.tax_rate: must be less than 1, got 2"
    )
    assert info.value.heading == "plan.yaml is not a valid plan:"


def test_a_plain_message_is_one_issue_with_no_path() -> None:
    error = PlanError("plan.yaml is empty")
    assert error.issues == (Issue(message="plan.yaml is empty"),)
    assert str(error) == "plan.yaml is empty"


# --- the path in words ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "labels", "expected"),
    [
        (("business_plan", "clients", 1, "price"), {"price": "Price"}, "Clients, row 2, Price"),
        (("business_plan", "clients", 1, "price"), None, "Clients, row 2, price"),
        (("staffing", "roles", 0), None, "Roles, row 1"),
        ((2, "monthly_cost"), None, "Row 3, Monthly cost"),
        ((0, "scores", "market_gap"), {"market_gap": "Gap in market"}, "Row 1, Gap in market"),
        ((0,), None, "Row 1"),
        (("settings", "first_month"), {"first_month": "First month"}, "First month"),
        (("staffing", "shrinkage"), None, "Shrinkage"),
        ((), None, ""),
    ],
)
def test_a_path_in_words(
    path: tuple[str | int, ...], labels: dict[str, str] | None, expected: str
) -> None:
    assert path_label(path, labels) == expected


def test_a_page_label_wins_over_the_path() -> None:
    issue = Issue((0, "amount"), "must be greater than or equal to 0, got -1")
    assert describe(issue) == "Row 1, Amount: must be greater than or equal to 0, got -1"
    labelled = Issue((0, "amount"), "must be ...", label="Row 1, Amount (USD)")
    assert describe(labelled, {"amount": "ignored"}) == "Row 1, Amount (USD): must be ..."
    assert describe(Issue(message="plan.yaml is empty")) == "plan.yaml is empty"


# --- the catalog ---------------------------------------------------------------------------------


def test_a_bad_catalog_entry_is_an_issue_under_the_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "roles.yaml").write_text(
        "roles:\n  - {name: Agent, monthly_wage: 400, basis: workload}\n"
        "  - {name: Team lead, monthly_wage: -5, basis: fixed}\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(catalog, "CATALOG_DIR", tmp_path)
    catalog.load_roles.cache_clear()
    try:
        with pytest.raises(PlanError) as info:
            catalog.load_roles()
    finally:
        catalog.load_roles.cache_clear()
    (issue,) = info.value.issues
    assert issue.path == ("roles", 1, "monthly_wage")
    assert issue.message == "must be greater than 0, got -5"
    # Role.monthly_wage: gt=0; its cap depends on a plan's currency, so none is named here
    assert issue.allowed == "a number above 0"
    assert str(info.value).endswith("has a bad entry:\nroles.1.monthly_wage: " + issue.message)


def test_an_unknown_catalog_id_says_what_is_allowed() -> None:
    with pytest.raises(PlanError) as info:
        catalog.compliance_item("sox")
    (issue,) = info.value.issues
    assert issue.message.startswith("catalog: unknown compliance item 'sox' (allowed: ")
    assert "pci_dss" in issue.allowed.split(", ")


# --- limits, read from the model -----------------------------------------------------------------


def test_bounds_come_from_the_field_declarations() -> None:
    assert bounds(Staffing, "paid_hours_per_month") == Bounds(0.0, 744.0, lo_open=True)
    assert bounds(Staffing, "shrinkage") == Bounds(0.0, 0.9, hi_open=True)
    assert bounds(Settings, "horizon_months") == Bounds(12, 120, whole=True)
    assert bounds(Financing, "opening_cash") == Bounds(0.0, None)  # money: no upper limit
    # Optional (`X | None`) and dict-valued fields keep their limits.
    assert bounds(QueueWorkload, "max_occupancy") == Bounds(0.0, 1.0, lo_open=True)
    assert bounds(Candidate, "scores") == Bounds(1, 5, whole=True)
    with pytest.raises(TypeError, match=r"Staffing\.roles is not a number field"):
        bounds(Staffing, "roles")


def test_an_input_range_keeps_inside_open_limits() -> None:
    # The staffing page: paid hours from 1 (a step inside 0) to 744; shrinkage 0% to 89%.
    assert bounds(Staffing, "paid_hours_per_month").input_range(1.0) == (1.0, 744.0)
    assert bounds(Staffing, "shrinkage").percent_range(1.0) == (0.0, 89.0)
    assert bounds(Staffing, "burden").percent_range(1.0) == (0.0, 200.0)
    assert bounds(Settings, "horizon_months").input_range() == (12, 120)
    assert isinstance(bounds(Settings, "horizon_months").input_range()[0], int)
    assert bounds(Financing, "opening_cash").input_range() == (0.0, None)


def test_a_path_leads_to_its_field() -> None:
    from planner.model.plan import Plan

    assert field_at(Plan, ("staffing", "shrinkage")) == (Staffing, "shrinkage")
    assert field_at(Plan, ("specialty", "candidates", 0, "scores", "margin")) == (
        Candidate,
        "scores",
    )
    assert field_at(Plan, ("staffing", "roles", 0)) is None
    assert field_at(Plan, ("nowhere",)) is None


# --- issue 12: every message in founder words -------------------------------------------------


def _plan_error(data: dict) -> PlanError:
    from planner.model.files import plan_from_dict

    with pytest.raises(PlanError) as caught:
        plan_from_dict(data)
    return caught.value


def test_an_empty_plan_name_says_plan_name_cannot_be_empty() -> None:
    # Was "settings.name: String should have at least 1 character, got ''".
    from planner.model.issues import error_words

    error = _plan_error({"settings": {"name": ""}})
    text = error_words(error)
    assert "- Plan name: cannot be empty" in text
    assert "String should" not in text and "settings.name" not in text


def test_a_role_on_a_missing_line_is_named_by_section_role_and_field() -> None:
    # Was "staffing.roles.0.service_lines: 'customer_support_chat' ...".
    from planner.model.issues import error_words

    role = {"name": "Team lead", "monthly_wage": 900, "service_lines": ["customer_support_chat"]}
    won = {"service_line": "nope", "monthly_volume": 10, "price": 1, "pricing_model": "per_item"}
    error = _plan_error({"staffing": {"roles": [role]}, "marketing": {"won_client": won}})
    text = error_words(error)
    assert "Staffing > Roles > Team lead > Service lines: 'customer_support_chat'" in text
    # the old single won client is read as the one kind of won client (issue 12)
    assert "Marketing > Clients won by marketing > row 1 > Services > row 1 > Service line:" in text
    assert "staffing.roles" not in text and "won_client" not in text


@pytest.mark.parametrize(
    ("err", "expected"),
    [
        (
            {"type": "string_too_short", "msg": "x", "input": "", "ctx": {"min_length": 1}},
            "cannot be empty",
        ),
        (
            {"type": "string_too_long", "msg": "x", "input": "a" * 125, "ctx": {"max_length": 120}},
            "may be at most 120 characters, got 125",
        ),
        (
            {"type": "too_long", "msg": "x", "input": [1, 2, 3], "ctx": {"max_length": 2}},
            "may have at most 2 entries, got 3",
        ),
        (
            {"type": "too_short", "msg": "x", "input": [], "ctx": {"min_length": 1}},
            "needs at least 1 entries, got 0",
        ),
        (
            {"type": "multiple_of", "msg": "Input should be a multiple of 5", "input": 7},
            "must be a multiple of 5, got 7",
        ),
        (
            {"type": "string_sub_type", "msg": "String should be a str subclass", "input": 1},
            "must be a str subclass, got 1",
        ),
        (
            {"type": "union_tag_invalid", "msg": "x", "input": {}, "ctx": {"expected_tags": "'a'"}},
            "must be one of 'a', got {}",
        ),
    ],
)
def test_every_pydantic_message_kind_is_reworded(err: dict, expected: str) -> None:
    from planner.model.issues import _message

    assert _message(err) == expected
    assert "should" not in _message(err)
