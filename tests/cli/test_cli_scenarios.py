"""`scenarios`, `summary --scenario`, `summary A B --json` and `export --scenario -o OUT.yaml`,
run through the command line's own entry point (`planner.cli.main.main`) as a user would."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from planner.cli.main import main
from planner.model.files import load_plan
from tests.cli.test_cli_summary import KPI_KEYS
from tests.cli.test_cli_summary import PLAN as TINY_PLAN

# 5,000 forms a month at EUR 1.50 from month 1 over 12 months: 7,500 a month, 90,000 in all.
PLAN: dict[str, Any] = {
    **TINY_PLAN,  # the summary tests' one clerk, with scenarios of its own
    "scenarios": [
        {"name": "Price cut", "description": "Prices 20% down.", "changes": {"price": 0.8}},
        {"name": "Late start", "changes": {"start_delay_months": 3}},
    ],
}


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(PLAN), encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_scenarios_json_lists_the_plan_as_it_stands_then_each_scenario_with_summary_kpis(
    plan_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "scenarios", str(plan_file), "--json")
    assert code == 0
    runs = json.loads(out)
    assert [r["name"] for r in runs] == ["Plan as it stands", "Price cut", "Late start"]
    for r in runs:
        assert list(r["kpis"]) == KPI_KEYS  # the same keys, in the same order, as summary --json
    revenue = [r["kpis"]["total_revenue"] for r in runs]
    # base: 5,000 x 1.50 x 12 = 90,000; price 0.8: 5,000 x 1.20 x 12 = 72,000;
    # start 3 months later (month 4): 5,000 x 1.50 x 9 = 67,500
    assert revenue == [90_000.0, 72_000.0, 67_500.0]
    assert runs[1]["changes"] == {"price": 0.8} and runs[1]["description"] == "Prices 20% down."


def test_scenarios_without_json_is_a_readable_table_naming_each_change(
    plan_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "scenarios", str(plan_file))
    assert code == 0
    assert "Plan as it stands" in out and "Price cut" in out and "Late start" in out
    assert "Total revenue" in out and "€90,000" in out and "€72,000" in out
    assert "Price cut: Price -20%" in out and "Late start: Start delay (months) +3" in out
    assert "None" not in out


def test_summary_with_a_scenario_gives_that_scenarios_figures(
    plan_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "summary", str(plan_file), "--scenario", "price cut", "--json")
    assert code == 0
    got = json.loads(out)
    assert got["name"] == "Tiny back office (Price cut)"
    assert got["kpis"]["total_revenue"] == 72_000.0  # 5,000 x 1.20 x 12
    assert got["monthly"][0]["revenue"] == 6_000.0  # 5,000 x 1.20


def test_an_unknown_scenario_is_one_line_naming_the_scenarios_there_are(
    plan_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for command in (
        ["summary", str(plan_file), "--scenario", "Boom", "--json"],
        ["export", str(plan_file), "--scenario", "Boom", "-o", str(plan_file.with_name("o.yaml"))],
    ):
        code, out, err = run(capsys, *command)
        assert code == 2 and out == ""
        assert err.strip().count("\n") == 0, err
        assert "'Boom' is not one of this plan's scenarios" in err
        assert "Price cut, Late start" in err and "Traceback" not in err
    assert not plan_file.with_name("o.yaml").exists()


def test_a_bad_file_among_several_is_exit_2_and_nothing_on_stdout(
    plan_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "summary", str(plan_file), str(tmp_path / "nosuch.yaml"), "--json")
    assert code == 2 and out == ""
    assert "nosuch.yaml" in err and "Traceback" not in err


def test_summary_of_several_plans_is_a_json_list_in_order_and_one_plan_stays_an_object(
    plan_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "other.yaml"
    other.write_text(
        yaml.safe_dump({**PLAN, "settings": {**PLAN["settings"], "name": "Other"}}),
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "summary", str(other), str(plan_file), "--json")
    assert code == 0
    both = json.loads(out)
    assert isinstance(both, list) and [s["name"] for s in both] == ["Other", "Tiny back office"]
    code, out, _ = run(capsys, "summary", str(plan_file), "--json")
    single = json.loads(out)
    assert isinstance(single, dict) and single == both[1]


def test_export_with_a_scenario_writes_a_plain_plan_whose_summary_is_the_scenarios(
    plan_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_file = tmp_path / "late.yaml"
    code, _, _ = run(
        capsys, "export", str(plan_file), "--scenario", "Late start", "-o", str(out_file)
    )
    assert code == 0
    written = load_plan(out_file)
    assert written.scenarios == []  # a plain plan: the scenario is in its figures
    assert written.business_plan.clients[0].start_month == 4  # month 1 + 3
    run(capsys, "summary", str(out_file), "--json")
    code, from_file, _ = run(capsys, "summary", str(out_file), "--json")
    code, from_scenario, _ = run(
        capsys, "summary", str(plan_file), "--scenario", "Late start", "--json"
    )
    assert json.loads(from_file) == json.loads(from_scenario)
    assert json.loads(from_file)["kpis"]["total_revenue"] == 67_500.0  # 5,000 x 1.50 x 9


def test_every_starter_has_at_least_two_scenarios_each_described(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from planner.model.starters import list_templates, load_template

    for info in list_templates():
        plan = load_template(info.id)
        assert len(plan.scenarios) >= 2, info.id
        assert all(s.description.strip() and s.changes for s in plan.scenarios), info.id
