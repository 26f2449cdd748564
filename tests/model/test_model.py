"""The plan model at its edge: every kind of bad input gets one clear error naming the field, and
plans survive the trip to YAML or JSON text and back unchanged."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings

from planner.model.files import (
    MAX_PLAN_BYTES,
    load_plan,
    parse_plan_text,
    plan_from_dict,
    plan_to_dict,
    plan_to_json,
    plan_to_yaml,
    save_plan,
)
from planner.model.issues import PlanError
from planner.model.plan import Plan
from planner.model.starters import TEMPLATES_DIR
from tests.support.strategies import plans

BASE_FILE = TEMPLATES_DIR / "offshore_voice_support.yaml"


@pytest.fixture(scope="module")
def base() -> dict[str, Any]:
    """A complete, valid plan as plain data (the offshore voice template)."""
    return yaml.safe_load(BASE_FILE.read_text(encoding="utf-8"))


def _error(data: Any) -> str:
    with pytest.raises(PlanError) as info:
        plan_from_dict(data)
    return str(info.value)


def _with(base: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """A deep copy of `base` with the dotted `path` (list indexes as numbers) set to `value`."""
    data = copy.deepcopy(base)
    *parents, last = path.split(".")
    node: Any = data
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    if isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value
    return data


def _without(base: dict[str, Any], path: str) -> dict[str, Any]:
    data = copy.deepcopy(base)
    *parents, last = path.split(".")
    node: Any = data
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    del node[last]
    return data


def test_the_base_plan_is_valid(base: dict[str, Any]) -> None:
    assert plan_from_dict(base).settings.location == "Manila, Philippines"


# --- one error per kind of bad field, naming the field -------------------------------------------


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        # wrong types
        ("staffing.shrinkage", "about a third", "staffing.shrinkage: must be a valid number"),
        ("settings.horizon_months", "three years", "settings.horizon_months: must be a valid"),
        ("resources.items", {"desk": 1}, "resources.items: must be a valid list"),
        ("business_plan.clients.0.monthly_volume", [1, 2], "clients.0.monthly_volume"),
        # negative money and wages
        ("staffing.roles.0.monthly_wage", -450, "staffing.roles.0.monthly_wage: must be greater"),
        ("staffing.roles.0.monthly_wage", 0, "staffing.roles.0.monthly_wage: must be greater"),
        ("financing.opening_cash", -1, "financing.opening_cash: must be greater than or equal"),
        ("resources.items.0.monthly_cost", -130, "resources.items.0.monthly_cost"),
        # rates of 100% or more (rates are fractions: 1.0 is 100%)
        ("staffing.shrinkage", 1.0, "staffing.shrinkage: must be less than 0.9"),
        ("staffing.shrinkage", 30, "staffing.shrinkage: must be less than 0.9, got 30"),
        ("financing.tax_rate", 1.0, "financing.tax_rate: must be less than 1, got 1.0"),
        (
            "specialty.service_lines.0.workload.service_level",
            1.0,
            "specialty.service_lines.0.workload.service_level: must be less than 1",
        ),
        ("staffing.yearly_raise", 1.5, "staffing.yearly_raise: must be less than 1"),
        # a value outside a fixed list
        ("settings.delivery_model", "moonshore", "settings.delivery_model: must be 'onshore'"),
        ("settings.currency", "usd", "settings.currency: must be a three-letter currency code"),
        ("settings.first_month", "2027-13", "settings.first_month"),
        ("staffing.roles.0.basis", "vibes", "staffing.roles.0.basis: must be 'workload'"),
        # non-finite numbers
        ("financing.minimum_cash", float("inf"), "financing.minimum_cash: must be a finite"),
    ],
)
def test_a_bad_value_names_its_field(
    base: dict[str, Any], path: str, value: Any, expected: str
) -> None:
    message = _error(_with(base, path, value))
    assert message.startswith("plan is not a valid plan:\n")
    assert expected in message


def test_a_missing_required_field_is_named(base: dict[str, Any]) -> None:
    message = _error(_without(base, "specialty.service_lines.1.name"))
    assert "specialty.service_lines.1.name: this field is required" in message
    message = _error(_without(base, "staffing.roles.3.monthly_wage"))
    assert "staffing.roles.3.monthly_wage: this field is required" in message


def test_an_unknown_key_is_named_with_a_hint(base: dict[str, Any]) -> None:
    data = _with(base, "settings.colour", "blue")
    assert "settings.colour: unknown field (not part of a plan; check the spelling)" in _error(data)
    data = _with(base, "staffing.shrinkge", 0.3)  # a typo must not silently keep the default
    assert "staffing.shrinkge: unknown field" in _error(data)
    data = _with(base, "budget", {})
    assert "budget: unknown field" in _error(data)


def test_every_problem_is_listed_one_per_line(base: dict[str, Any]) -> None:
    data = _with(base, "staffing.shrinkage", 1.0)
    data = _with(data, "financing.tax_rate", 2)
    lines = _error(data).splitlines()[1:]
    assert [line.split(":")[0] for line in lines] == ["staffing.shrinkage", "financing.tax_rate"]


def test_a_ratio_role_needs_its_ratio(base: dict[str, Any]) -> None:
    data = _without(base, "staffing.roles.2.ratio_per")
    # In words (issue 12): no field names such as ratio_per in the message.
    assert "staffing.roles.2: a role counted by ratio needs its 'One per' number" in _error(data)


def test_a_candidate_needs_a_score_for_every_criterion(base: dict[str, Any]) -> None:
    data = _without(base, "specialty.candidates.0.scores.margin")
    assert "specialty.candidates.0.scores: a score (1 to 5) is needed for margin" in _error(data)
    data = _with(base, "specialty.candidates.0.scores.margin", 6)
    assert "specialty.candidates.0.scores.margin: must be less than or equal to 5" in _error(data)


def test_ids_and_names_must_be_unique(base: dict[str, Any]) -> None:
    data = _with(base, "specialty.service_lines.1.id", "customer_support_voice")
    assert "'customer_support_voice' appears twice" in _error(data)
    data = _with(base, "staffing.roles.1.name", "Customer service agent")
    assert "'Customer service agent' appears twice" in _error(data)


# --- references between sections -----------------------------------------------------------------


def test_a_client_on_an_unknown_service_line_is_named(base: dict[str, Any]) -> None:
    message = _error(_with(base, "business_plan.clients.2.services.0.service_line", "payroll"))
    assert (
        "business_plan.clients.2.services.0.service_line: 'payroll' is not one of this plan's "
        "service lines (it has: Customer support (voice) (id customer_support_voice), "
    ) in message


def test_other_references_to_service_lines_are_checked(base: dict[str, Any]) -> None:
    message = _error(_with(base, "staffing.roles.0.service_lines", ["chat_support"]))
    assert "staffing.roles.0.service_lines: 'chat_support' is not one of this plan's" in message
    message = _error(_with(base, "marketing.won_clients.0.services.0.service_line", "nope"))
    assert (
        "marketing.won_clients.0.services.0.service_line: 'nope' is not one of this plan's"
        in message
    )


def test_a_client_starting_after_the_horizon_is_named(base: dict[str, Any]) -> None:
    message = _error(_with(base, "business_plan.clients.0.start_month", 40))
    assert "business_plan.clients.0.start_month: must be at most the horizon (36), got 40" in (
        message
    )


# --- unsafe or broken files ----------------------------------------------------------------------


def test_a_yaml_alias_bomb_is_refused_before_expansion() -> None:
    # "Billion laughs": nine levels of nine aliases would expand to 9^9 = 387,420,489 strings.
    lines = ['a0: &a0 ["lol"]']
    for level in range(1, 10):
        refs = ", ".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{refs}]")
    with pytest.raises(PlanError, match=r"YAML aliases \(\*name\) are not allowed .* \(line 2\)"):
        parse_plan_text("\n".join(lines))


def test_a_single_alias_is_refused_too() -> None:
    text = "settings: &s {name: A}\nspecialty: {why: x}\nmarketing: *s\n"
    with pytest.raises(PlanError, match="YAML aliases"):
        parse_plan_text(text)


def test_python_object_tags_are_refused() -> None:
    with pytest.raises(PlanError, match="not valid YAML or JSON"):
        parse_plan_text("settings: !!python/object/apply:os.system ['echo hi']\n")


def test_text_over_the_size_limit_is_refused_before_parsing() -> None:
    text = "#" * (MAX_PLAN_BYTES + 1)
    with pytest.raises(
        PlanError, match=r"is 2,000,001 bytes; a plan file may be at most 2,000,000"
    ):
        parse_plan_text(text)


def test_a_file_over_the_size_limit_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        handle.truncate(MAX_PLAN_BYTES + 1)  # a sparse file: the size is all that is checked
    with pytest.raises(PlanError, match=r"huge.yaml is 2,000,001 bytes"):
        load_plan(path)


def test_non_utf8_bytes_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("settings:\n  name: Caf\u00e9 plan\n".encode("latin-1"))
    with pytest.raises(PlanError, match=r"latin1.yaml is not UTF-8 text"):
        load_plan(path)
    with pytest.raises(PlanError, match="not UTF-8 text"):
        parse_plan_text(b"\xff\xfe\x00s\x00e\x00t")


@pytest.mark.parametrize("text", ["", "   \n\n", "# only a comment\n", "---\n"])
def test_an_empty_file_is_refused(tmp_path: Path, text: str) -> None:
    path = tmp_path / "empty.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PlanError, match=r"empty.yaml is empty"):
        load_plan(path)


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(PlanError, match=r"cannot read plan file .*nowhere.yaml"):
        load_plan(tmp_path / "nowhere.yaml")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- settings\n- staffing\n", "a plan must be a mapping of sections, got list"),
        ("just words", "a plan must be a mapping of sections, got str"),
        ("settings: [unclosed\n", "is not valid YAML or JSON"),
        ('{"settings": {"name": "x"}', "is not valid YAML or JSON"),
    ],
)
def test_text_that_is_not_a_plan_is_refused(text: str, expected: str) -> None:
    with pytest.raises(PlanError, match=expected):
        parse_plan_text(text)


def test_the_source_name_is_in_the_message(base: dict[str, Any]) -> None:
    text = yaml.safe_dump(_with(base, "financing.tax_rate", 1.0))
    with pytest.raises(PlanError) as info:
        parse_plan_text(text, source="upload.yaml")
    assert str(info.value).startswith("upload.yaml is not a valid plan:\nfinancing.tax_rate:")


# --- round trips ---------------------------------------------------------------------------------


@pytest.mark.parametrize("dump", [plan_to_yaml, plan_to_json], ids=["yaml", "json"])
def test_a_plan_round_trips_through_text(base: dict[str, Any], dump: Any) -> None:
    plan = plan_from_dict(base)
    again = parse_plan_text(dump(plan))
    assert again == plan
    assert again.content_key() == plan.content_key()


@pytest.mark.parametrize("dump", [plan_to_yaml, plan_to_json], ids=["yaml", "json"])
def test_the_default_plan_round_trips(dump: Any) -> None:
    assert parse_plan_text(dump(Plan())) == Plan()


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_save_and_load_round_trip(base: dict[str, Any], tmp_path: Path, suffix: str) -> None:
    plan = plan_from_dict(base)
    path = tmp_path / f"plan{suffix}"
    save_plan(plan, path)
    text = path.read_text(encoding="utf-8")
    if suffix == ".json":
        assert json.loads(text)["settings"]["name"] == plan.settings.name
    else:
        assert text.startswith("settings:\n")  # sections in step order, not sorted
    assert load_plan(path) == plan


def test_non_ascii_text_survives_a_round_trip(base: dict[str, Any]) -> None:
    plan = plan_from_dict(_with(base, "settings.location", "Bogotá, Colombia — sede Norte"))
    assert parse_plan_text(plan_to_yaml(plan)).settings.location == "Bogotá, Colombia — sede Norte"
    assert parse_plan_text(plan_to_json(plan).encode("utf-8")) == plan


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan=plans())
def test_any_valid_plan_round_trips(plan: Plan) -> None:
    assert parse_plan_text(plan_to_yaml(plan)) == plan
    assert parse_plan_text(plan_to_json(plan)) == plan
    assert plan_from_dict(plan_to_dict(plan)) == plan


def test_an_item_per_person_in_an_unknown_role_names_the_role(base: dict[str, Any]) -> None:
    item = {"name": "Phone licence", "basis": "per_role", "roles": ["Coder"], "monthly_cost": 9}
    data = _with(base, "resources.items", [item])
    with pytest.raises(PlanError) as info:
        plan_from_dict(data)
    (issue,) = info.value.issues
    assert issue.path == ("resources", "items", 0, "roles")
    roles = ", ".join(r["name"] for r in base["staffing"]["roles"])
    assert issue.message == (
        f"'Coder' is not a role of this plan (roles: {roles}); choose its roles again in step 4"
    )
    assert issue.label == "Resources (step 4), row 1 'Phone licence', roles"
    assert issue.allowed == f"a role of this plan: {roles}"


def test_an_item_per_person_in_chosen_roles_needs_a_role(base: dict[str, Any]) -> None:
    item = {"name": "Phone licence", "basis": "per_role", "monthly_cost": 9}
    message = _error(_with(base, "resources.items", [item]))
    assert "it is counted per person in chosen roles, but no role is chosen" in message
    ok = plan_from_dict(_with(base, "resources.items", [{**item, "roles": ["Team leader"]}]))
    assert ok.resources.items[0].roles == ["Team leader"]


def test_flow_style_yaml_is_read_as_yaml_not_refused_as_bad_json() -> None:
    # Issue 12: "{settings: {name: X}}" starts with "{" and was refused as bad JSON.
    plan = parse_plan_text("{settings: {name: X}}")
    assert plan.settings.name == "X"


def test_json_with_a_trailing_comma_is_yaml_and_is_read() -> None:
    # A trailing comma is not JSON, but it is YAML (flow style), which plan files are.
    plan = parse_plan_text('{"settings": {"name": "x"},}')
    assert plan.settings.name == "x"


def test_flow_yaml_that_is_broken_names_yaml_problem() -> None:
    with pytest.raises(PlanError, match="is not valid YAML or JSON"):
        parse_plan_text("{settings: {name: X}")
