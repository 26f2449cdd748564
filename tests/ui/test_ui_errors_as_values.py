"""Validation issues reach the pages as values (`planner.model.issues.Issue`): no page turns an
error into text and parses it back."""

from __future__ import annotations

import ast
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "ui"

# `re` is allowed where it shapes a file name, never where it reads an error.
RE_ALLOWED_IN = {("ui/components/widgets.py", "file_stem")}


def _re_uses(source: str, module: str) -> set[tuple[str, str]]:
    """(module, enclosing function) of every `re.<something>` in the source ("" at module level)."""
    found: set[tuple[str, str]] = set()

    def visit(node: ast.AST, function: str) -> None:
        for child in ast.iter_child_nodes(node):
            name = function
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                name = child.name
            if (
                isinstance(child, ast.Attribute)
                and isinstance(child.value, ast.Name)
                and child.value.id == "re"
            ):
                found.add((module, function))
            visit(child, name)

    visit(ast.parse(source), "")
    return found


def test_no_page_parses_error_text_with_a_regular_expression() -> None:
    uses: set[tuple[str, str]] = set()
    for path in sorted(UI.rglob("*.py")):
        module = path.relative_to(UI.parent).as_posix()
        uses |= _re_uses(path.read_text(encoding="utf-8"), module)
    assert uses <= RE_ALLOWED_IN, sorted(uses - RE_ALLOWED_IN)


def test_the_check_finds_an_error_parsed_with_a_regular_expression() -> None:
    # What the widgets did before issues were values: the check above must catch it.
    source = (
        "import re\n"
        '_ROW = re.compile(r"^(\\w+)\\.(\\d+)\\.(\\w+):")\n'
        "def friendly_error(line):\n"
        "    return _ROW.match(line) or re.match(r'^(\\w+):', line)\n"
    )
    assert _re_uses(source, "ui/x.py") == {("ui/x.py", ""), ("ui/x.py", "friendly_error")}


def _section_errors_app() -> None:
    from planner.model.issues import Issue
    from ui.components.widgets import section_errors

    section_errors(
        [
            Issue(("staffing", "shrinkage"), "must be less than 0.9, got 0.95", "below 0.9"),
            Issue(("staffing", "roles", 0, "name"), "appears twice"),
        ],
        labels={"shrinkage": "Shrinkage (%)"},
    )


def test_a_section_lists_each_issue_with_what_the_field_allows() -> None:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_section_errors_app, default_timeout=30).run()
    assert not at.exception
    assert at.error[0].value.splitlines() == [
        "- Shrinkage (%): must be less than 0.9, got 0.95; allowed: below 0.9",
        "- Roles, row 1, name: appears twice",  # nothing to say about what is allowed
    ]


def test_a_refused_table_row_says_what_the_field_allows() -> None:
    from tests.support.ui import app_on, assert_clean, edit_rows, errors, plan_of, template

    plan = template("offshore_voice_support")
    at = app_on(plan, "ui/views/business_plan.py")
    edit_rows(at, "client_services", edited={0: {"price": "-5"}})
    assert_clean(at)
    assert errors(at).splitlines()[1:] == [
        "- Row 1 (Northwind Home Goods (US online retailer)), Price (USD): cannot be negative, "
        'got "-5" (the plan keeps 1750); allowed: a number from 0 to 1,000,000,000'
    ]
    assert plan_of(at) == plan
