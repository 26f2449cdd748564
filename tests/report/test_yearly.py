"""Plan years (`planner.report.yearly`): hand-checked sums and year-end values, the callers'
tables built from it, and no second place that cuts months into years."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from planner.cli.summary import yearly_table
from planner.engine.pipeline import project
from planner.model.files import load_plan
from planner.report import tables
from planner.report.yearly import plan_year, year_end_label, year_label, yearly
from tests.support.tools import ROOT


@pytest.fixture(scope="module")
def projection():
    return project(load_plan(ROOT / "templates" / "plans" / "offshore_voice_support.yaml"))


def test_a_hand_checked_year_and_a_short_last_year() -> None:
    # 15 months: year 1 = months 1-12, year 2 = months 13-15.
    m = pd.DataFrame(
        {
            "month_no": range(1, 16),
            "revenue": [100.0] * 15,  # flow: 12 x 100 = 1,200; 3 x 100 = 300
            "closing_cash": [10.0 * i for i in range(1, 16)],  # stock: month 12 -> 120, 15 -> 150
            "opening_cash": [10.0 * (i - 1) for i in range(1, 16)],  # opening: 0 and 120
        }
    )
    table = yearly(m, flows=["revenue"], stocks=["closing_cash"], openings=["opening_cash"])
    assert table.to_dict("index") == {
        1: {"revenue": 1200.0, "closing_cash": 120.0, "opening_cash": 0.0},
        2: {"revenue": 300.0, "closing_cash": 150.0, "opening_cash": 120.0},
    }


def test_plan_years_and_their_labels() -> None:
    assert plan_year(pd.Series([1, 12, 13, 36, 37])).tolist() == [1, 1, 2, 3, 4]
    months = [f"2027-{m:02d}" for m in range(4, 13)] + [f"2028-{m:02d}" for m in range(1, 13)]
    assert year_label(months, 1) == "Year 1 (2027-28)"  # April 2027 to March 2028
    assert year_label(months, 2) == "Year 2 (2028, 9 months)"  # April to December 2028: short
    assert year_end_label(months, 1) == "End of year 1 (2027-28)"  # headcount at March 2028
    assert year_end_label(months, 2) == "End of year 2 (2028, 9 months)"


def test_the_summary_and_the_statement_agree_with_the_monthly_figures(projection) -> None:
    m = projection.monthly
    first_year = m[m["month_no"] <= 12]
    table = yearly_table(m)
    year_1 = "Year 1 (2027)"  # the starter runs from January 2027
    assert table.index[0] == year_1
    assert table.loc[year_1, "revenue"] == pytest.approx(first_year["revenue"].sum())
    assert table.loc[year_1, "closing_cash"] == pytest.approx(first_year["closing_cash"].iloc[-1])
    statement = tables.yearly_statement(projection)
    assert list(statement.columns) == list(table.index)  # one spelling of the years
    assert statement.loc["Revenue", year_1] == pytest.approx(table.loc[year_1, "revenue"])
    cash = statement.loc["Cash at year end", year_1]
    assert cash == pytest.approx(table.loc[year_1, "closing_cash"])


def test_the_headcount_table_is_the_year_end_headcount_by_role(projection) -> None:
    s = projection.staffing
    table = tables.headcount_table(projection)
    role = s["role"].iloc[0]
    expected = s[(s["role"] == role) & (s["month_no"] == 12)]["headcount"].sum()
    assert table.loc[role, "End of year 1 (2027)"] == pytest.approx(expected)
    assert list(table.index) == list(dict.fromkeys(s["role"]))  # the plan's role order


YEAR_ARITHMETIC = re.compile(r"//\s*12\b|\b12\s*\*\s*\(\s*year|month_no\"\]\s*-\s*1\)\s*//")


def test_no_second_yearly_aggregation() -> None:
    # Everything that shows figures by year: the engine's own year rules (a raise each plan year,
    # a price escalation, the calendar of month labels) are formulas, not totals for display.
    owner = ROOT / "planner" / "report" / "yearly.py"
    shown = ("report", "charts", "export", "cli", "steps")
    files = [p for part in shown for p in (ROOT / "planner" / part).rglob("*.py")]
    files += list((ROOT / "ui").rglob("*.py"))
    found = [
        f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
        for path in files
        if path != owner
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if YEAR_ARITHMETIC.search(line)
    ]
    assert not found, "\n".join(found)
