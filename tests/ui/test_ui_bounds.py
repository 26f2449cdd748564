"""The pages' number limits come from the model (`planner.model.limits`), never from a number
written in `ui/`: a limit repeated on a page drifts from the model's (744 hours, 89%).

The rule, read from the source with `ast`: no number literal in a bound of an input or an editor
column, that is in the value of a `min_value=` / `max_value=` keyword, in the value given with the
text "min_value" / "max_value" (a dict entry, `kw.setdefault("min_value", 0.0)`), or in the
positional minimum and maximum of `st.number_input` / `st.slider`. A bound is
`**field_limits(Model, "field")`, `bounds(...)`, a column helper given the model field it edits
(`money_column(..., Client, "price")`), or the plan's horizon.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from planner.model.limits import bounds, money_bounds
from planner.model.plan import Client, Loan, Role, Service, Staffing
from ui.components.widgets import money_column, percent_column

ROOT = Path(__file__).resolve().parents[2]
BOUND_NAMES = {"min_value", "max_value"}
# The positional minimum and maximum: st.number_input(label, min_value, max_value, value, ...).
POSITIONAL_BOUNDS = {"number_input": slice(1, 3), "slider": slice(1, 3)}

# Not plan fields, so the model has no limit for them; each named with its reason.
NOT_PLAN_FIELDS: set[str] = set()
DISPLAY_ONLY = {"ProgressColumn"}  # shows a computed figure (the 0-100 score); nothing is typed


def _name(func: ast.expr) -> str:
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _has_number(node: ast.AST) -> bool:
    return any(
        isinstance(n, ast.Constant) and type(n.value) in (int, float) for n in ast.walk(node)
    )


def _widget_key(call: ast.Call) -> str | None:
    for keyword in call.keywords:
        if keyword.arg == "key" and isinstance(keyword.value, ast.Constant):
            return str(keyword.value.value)
    return None


def _is_bound_name(node: ast.expr | None) -> bool:
    return isinstance(node, ast.Constant) and node.value in BOUND_NAMES


def _bound_values(node: ast.AST) -> Iterator[ast.expr]:
    """The expressions `node` gives as a minimum or maximum."""
    if isinstance(node, ast.Dict):  # {"min_value": 0}
        yield from (v for k, v in zip(node.keys, node.values, strict=True) if _is_bound_name(k))
    elif isinstance(node, ast.Assign):  # kw["max_value"] = 1.0
        if any(isinstance(t, ast.Subscript) and _is_bound_name(t.slice) for t in node.targets):
            yield node.value
    elif isinstance(node, ast.Call):
        name = _name(node.func)
        if name in DISPLAY_ONLY or _widget_key(node) in NOT_PLAN_FIELDS:
            return
        yield from (k.value for k in node.keywords if k.arg in BOUND_NAMES)
        # Streamlit's own st.number_input / st.slider (an attribute call); the widgets' number_input
        # takes (label, value, name, help) and its bounds as `limits=bounds(...)`.
        if name in POSITIONAL_BOUNDS and isinstance(node.func, ast.Attribute):
            yield from node.args[POSITIONAL_BOUNDS[name]]
        if len(node.args) == 2 and _is_bound_name(node.args[0]):  # kw.setdefault("min_value", 0)
            yield node.args[1]


def literal_bounds(tree: ast.AST) -> Iterator[int]:
    """Line numbers of the bounds written as numbers in `tree`."""
    for node in ast.walk(tree):
        yield from (value.lineno for value in _bound_values(node) if _has_number(value))


def _ui_sources() -> list[Path]:
    return [ROOT / "app.py", *sorted((ROOT / "ui").rglob("*.py"))]


def test_the_rule_sees_the_usual_spellings():
    for source in (
        "st.number_input('Paid hours', min_value=1.0, max_value=744.0)",
        "st.number_input('Exchange rate', 0.0001, 1e6, 1.0, key='spec_usd_rate')",
        "st.number_input('Shrinkage (%)', 0.0, 89.0, 30.0)",
        "st.slider('Shrinkage', 0, 89)",
        "st.column_config.NumberColumn('Share', max_value=1 - 0.01)",
        "kw.setdefault('min_value', 0.0)",
        "kw['max_value'] = 1.0",
        "limits = {'min_value': 0, 'max_value': 744}",
    ):
        assert list(literal_bounds(ast.parse(source))), source
    for source in (
        "st.number_input('Paid hours', **field_limits(Staffing, 'paid_hours_per_month'))",
        "money_column('Price', 'Per unit.', Client, 'price', currency=cur)",
        "st.column_config.NumberColumn('Month', min_value=lo, max_value=plan.months)",
        "st.column_config.ProgressColumn(min_value=0, max_value=100)",
        "st.number_input('Value only', value=3.0, step=1.0)",
        "number_input('Weight', weights.get(c, 1.0), 'w', 'Help.', limits=bounds(S, 'w'))",
    ):
        assert not list(literal_bounds(ast.parse(source))), source


def test_no_page_writes_a_limit_as_a_number():
    found = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in _ui_sources()
        for line in literal_bounds(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert not found, "limits written as numbers (read them from planner.model.limits):\n" + (
        "\n".join(found)
    )


@pytest.mark.parametrize(
    ("model", "field"),
    [(Service, "yearly_escalation"), (Loan, "yearly_rate"), (Client, "probability"),
     (Staffing, "shrinkage")],
)  # fmt: skip
def test_percent_column_takes_the_fields_limits(model, field):
    # The cell is read by planner.model.numbers against the model's own bounds, open ends
    # included (0 <= shrinkage < 0.9: 89.99% is taken, 90% refused), not a range moved in by a step.
    cell = percent_column("Rate", "Help.", model, field)
    assert cell.spec.limits == bounds(model, field)
    assert cell.spec.percent


def test_money_column_takes_the_fields_limits():
    # 0 < wage <= USD 1,000,000 in a dollar plan: a wage of 0 is refused at the cell
    wage = money_column("Wage", "Help.", Role, "monthly_wage", currency="USD")
    assert wage.spec.limits == money_bounds(Role, "monthly_wage", 1.0)
    assert wage.spec.limits.hi == 1_000_000.0
    assert wage.config["label"] == "Wage (USD)"
    # 0 <= price <= USD 1,000,000,000 (the cap of every other money field)
    price = money_column("Price", "Help.", Service, "price", currency="USD")
    assert price.spec.limits == money_bounds(Service, "price", 1.0)
    assert price.spec.limits.hi == 1_000_000_000.0


def test_money_column_caps_scale_with_the_plans_currency(monkeypatch):
    # A COP plan (4,300 COP per USD in the table): the wage cap is 1,000,000 x 4,300 =
    # 4,300,000,000, so a COP 18,000,000 director fits (the old cap was 10,000,000 in any currency)
    from planner.model.plan import Plan
    from ui.session import state

    cop = Plan.model_validate({"settings": {"currency": "COP"}})
    monkeypatch.setattr(state, "get_plan", lambda: cop)
    wage = money_column("Wage", "Help.", Role, "monthly_wage")
    assert wage.spec.limits.hi == 4_300_000_000.0
    assert wage.config["label"] == "Wage (COP)"
