"""`planner/cli/main.py`: the front that loads the command modules and prints their errors."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

from planner.cli import main as cli_main
from planner.model.issues import Issue, PlanError

CLI = Path(cli_main.__file__).parent


def _imported_modules(path: Path) -> set[str]:
    """Every module a file imports, at any depth (inside functions and TYPE_CHECKING too)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


@pytest.mark.parametrize("module", cli_main.COMMAND_MODULES)
def test_no_command_module_imports_the_front_back(module: str) -> None:
    """`main` loads the command modules with importlib, which the architecture test's import graph
    cannot see: a command module importing `planner.cli.main` would close a hidden circle."""
    path = Path(importlib.import_module(module).__file__ or "")
    assert path.parent == CLI
    imported = _imported_modules(path)
    assert "planner.cli.main" not in imported
    assert not any(name.startswith("planner.cli.main.") for name in imported)


def test_a_plan_error_prints_the_heading_then_one_line_per_issue() -> None:
    exc = PlanError(
        [
            Issue(("staffing", "shrinkage"), "must be less than 0.9, got 0.95", "0 to 0.89"),
            Issue(("business_plan", "clients", 1, "price"), "this field is required", "a number"),
            Issue(("settings", "currency"), "must be like USD, got 'usd'", "like USD"),
        ],
        heading="plan.yaml is not a valid plan:",
    )
    assert cli_main.plan_error_text(exc).splitlines() == [
        "plan.yaml is not a valid plan:",
        "  Shrinkage (staffing.shrinkage): must be less than 0.9, got 0.95; allowed: 0 to 0.89",
        "  Clients, row 2, price (business_plan.clients.1.price): this field is required; "
        "allowed: a number",
        # the message already says what is allowed: not said twice
        "  Currency (settings.currency): must be like USD, got 'usd'",
    ]


def test_an_issue_without_a_path_is_its_message() -> None:
    assert cli_main.plan_error_text(PlanError("plan.yaml is empty")) == "plan.yaml is empty"


def test_main_prints_a_plan_error_to_stderr_with_exit_code_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("settings:\n  horizon_months: 5\n", encoding="utf-8")
    assert cli_main.main(["summary", str(bad)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines()[1:] == [
        "  Horizon months (settings.horizon_months): must be greater than or equal to 12, got 5; "
        "allowed: a whole number from 12 to 120"
    ]
