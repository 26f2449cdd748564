"""The one rounding rule set (`planner.rounding`), and that no module keeps a second one."""

from __future__ import annotations

import ast
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.rounding import ceil_exact, floor_exact, round_half_up, round_up_count
from tests.support.tools import ROOT


@pytest.mark.parametrize(
    ("x", "up", "down"),
    [
        (21 / 0.7, 30, 30),  # 30.000000000000004: float noise of an exact 30
        (5.0000000009, 5, 5),  # within 1e-9 of 5: once 5 in months.py and 6 in erlang.py
        (5.000001, 6, 5),  # a millionth over is real
        (4.9999999995, 5, 5),
        (-3.2, -3, -4),  # once 0 in months.py (clamped) and -3 in erlang.py
        (0.1 + 0.2, 1, 0),
        (-1e-12, 0, 0),
    ],
)
def test_ceil_and_floor_ignore_float_noise_only(x: float, up: int, down: int) -> None:
    assert float(ceil_exact(x)) == up
    assert float(floor_exact(x)) == down


def test_a_zero_from_noise_has_no_sign() -> None:
    assert str(float(ceil_exact(-1e-12))) == "0.0"


@pytest.mark.parametrize(
    ("x", "digits", "shown"),
    [(62.5, 0, 63.0), (-62.5, 0, -63.0), (0.125, 2, 0.13), (2.675, 2, 2.68), (1.45, 1, 1.5)],
)
def test_shown_numbers_round_halves_up(x: float, digits: int, shown: float) -> None:
    # Python's round gives 62, -62, 0.12, 2.67 and 1.4 for these: halves to even, on binary floats.
    assert round_half_up(x, digits) == shown


def test_round_up_count_is_the_exact_ceiling() -> None:
    assert (round_up_count(12.2), round_up_count(12.0000000001)) == (13, 12)


@given(st.floats(-1e9, 1e9, allow_nan=False))
def test_floor_le_x_le_ceil_and_one_apart_at_most(x: float) -> None:
    up, down = float(ceil_exact(x)), float(floor_exact(x))
    assert down - 1e-9 <= x <= up + 1e-9
    assert up - down in (0.0, 1.0)


def test_the_rule_is_imported_from_its_owner_only() -> None:
    # Re-exports (once from the engine's months and the Erlang module) make a second address
    # for the rule; every module names planner.rounding.
    rule = {"EPS", "ceil_exact", "floor_exact", "round_half_up", "round_up_count"}
    found = [
        f"{path.relative_to(ROOT)}: from {node.module} import {alias.name}"
        for folder in ("planner", "ui", "tests", "benchmarks")
        for path in (ROOT / folder).rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom) and node.module not in {None, "planner.rounding"}
        for alias in node.names
        if alias.name in rule and (node.module or "").startswith("planner")
    ]
    assert not found, found


def test_no_second_ceiling_with_a_tolerance() -> None:
    # A ceiling or floor on a value nudged by a tolerance, or rounded to 9 places first, is a
    # second owner of the rule.
    pattern = re.compile(r"(ceil|floor)\(.*(EPS|, *9\)|_EXACT_DECIMALS)|def (ceil|floor)_exact")
    found = [
        f"{path.relative_to(ROOT)}:{n}"
        for folder in ("planner", "ui")
        for path in (ROOT / folder).rglob("*.py")
        if path.name != "rounding.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert not found, found
