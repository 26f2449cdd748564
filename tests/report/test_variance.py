"""Actual figures against the plan (`planner.report.variance`), hand-checked on a small plan:
one items line of 1,000 items a month at 15 each (revenue 15,000 a month), 10 clerks at 1,000
(direct staff 10,000), one manager at 3,000 (indirect 3,000), so costs 13,000 and 11 people."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
import pytest

from planner.engine.projection import Projection
from planner.model.actuals_lines import line_keys
from planner.model.plan import ActualEntry, Actuals
from planner.report.variance import (
    VARIANCE_COLUMNS,
    YTD_COLUMNS,
    explanations,
    plan_figures,
    variance,
    variance_table,
    year_to_date,
)
from tests.support.small_plans import client, run

ROLES = {
    "roles": [
        {"name": "Clerk", "monthly_wage": 1000, "basis": "workload"},
        {"name": "Manager", "monthly_wage": 3000, "basis": "fixed", "fixed_count": 1},
    ]
}


@pytest.fixture(scope="module")
def projection() -> Projection:
    return run(
        business_plan={
            "clients": [client(monthly_volume=1000, pricing_model="per_item", price=15)]
        },
        staffing=ROLES,
    )


def actuals(*figures: tuple[str, str, float]) -> Actuals:
    return Actuals(entries=[ActualEntry(month=m, line=k, value=v) for m, k, v in figures])


def row(table: pd.DataFrame, **where: object) -> dict[str, Any]:
    """The one row of `table` with these values."""
    for key, value in where.items():
        table = table[table[key] == value]
    (found,) = table.to_dict("records")
    return found


def test_the_small_plans_figures(projection: Projection) -> None:
    plan = plan_figures(projection).set_index(["month", "line"])["plan"]
    assert plan[("2027-01", "revenue")] == 15000  # 1,000 items x 15
    assert plan[("2027-01", "direct_labour")] == 10000  # 10 clerks x 1,000
    assert plan[("2027-01", "indirect_labour")] == 3000  # 1 manager x 3,000
    assert plan[("2027-01", "total_costs")] == 13000
    assert plan[("2027-01", "closing_cash")] == -13000  # no cash in; clients pay in 30 days
    assert plan[("2027-02", "closing_cash")] == -11000  # + 15,000 in - 13,000 out
    assert plan[("2027-01", "volume:forms")] == 1000
    assert plan[("2027-01", "headcount:Clerk")] == 10
    assert plan[("2027-01", "headcount")] == 11


def test_actuals_equal_to_the_plan_give_zero_variance_everywhere(projection: Projection) -> None:
    plan = plan_figures(projection)
    first_half = plan[plan["month"] <= "2027-06"]
    same = actuals(*((m, k, v) for m, k, v in first_half.itertuples(index=False)))
    found = variance(projection, same)
    assert len(found.table) == len(first_half)
    assert (found.table["variance"] == 0).all()
    assert (found.year_to_date["variance"] == 0).all()
    # variance % is 0, or blank where the plan is 0 (marketing, interest ...)
    assert all(p == 0 or math.isnan(p) for p in found.table["variance_pct"])
    assert not found.table["flagged"].any() and not found.year_to_date["flagged"].any()
    assert found.explanations == ()


def test_variance_by_month_and_line_hand_checked(projection: Projection) -> None:
    table = variance_table(
        projection,
        actuals(
            ("2027-01", "revenue", 13800.0),
            ("2027-02", "revenue", 13000.0),
            ("2027-01", "marketing", 500.0),
        ),
    )
    assert tuple(table.columns) == VARIANCE_COLUMNS
    jan = row(table, month="2027-01", line="revenue")
    # 13,800 - 15,000 = -1,200; -1,200 / 15,000 x 100 = -8%: inside 10%, not flagged
    assert (jan["plan"], jan["actual"], jan["variance"]) == (15000.0, 13800.0, -1200.0)
    assert jan["variance_pct"] == pytest.approx(-8.0)
    assert jan["flagged"] is False and jan["label"] == "Revenue"
    feb = row(table, month="2027-02", line="revenue")
    # 13,000 - 15,000 = -2,000; -2,000 / 15,000 x 100 = -13.33%: flagged
    assert feb["variance"] == -2000.0 and feb["variance_pct"] == pytest.approx(-13.3333, 1e-4)
    assert feb["flagged"] is True
    # The plan spends nothing on marketing: 500 over, no percentage of 0, not flagged.
    marketing = row(table, line="marketing")
    assert marketing["variance"] == 500.0 and math.isnan(float(marketing["variance_pct"]))
    assert marketing["flagged"] is False


def test_a_negative_plan_figure_takes_the_share_of_its_size(projection: Projection) -> None:
    table = variance_table(projection, actuals(("2027-01", "closing_cash", -14000.0)))
    cash = row(table, line="closing_cash")
    # -14,000 - (-13,000) = -1,000; -1,000 / |-13,000| x 100 = -7.69%: less cash than planned
    assert cash["variance"] == -1000.0
    assert cash["variance_pct"] == pytest.approx(-7.6923, 1e-4)


def test_the_threshold_moves_the_flag(projection: Projection) -> None:
    given = actuals(("2027-01", "revenue", 13800.0))  # -8%
    assert not variance_table(projection, given)["flagged"].iloc[0]
    assert variance_table(projection, given, threshold=0.05)["flagged"].iloc[0]


def test_year_to_date_sums_flows_and_takes_the_latest_balance(projection: Projection) -> None:
    ytd = year_to_date(
        projection,
        actuals(
            ("2027-01", "revenue", 13800.0),
            ("2027-02", "revenue", 13000.0),
            ("2027-01", "closing_cash", -14000.0),
            ("2027-02", "closing_cash", -12500.0),
        ),
    )
    assert tuple(ytd.columns) == YTD_COLUMNS
    revenue = row(ytd, line="revenue")
    # plan 15,000 x 2 = 30,000; actual 13,800 + 13,000 = 26,800; -3,200 / 30,000 = -10.67%
    assert (revenue["plan"], revenue["actual"], revenue["variance"]) == (30000.0, 26800.0, -3200.0)
    assert revenue["variance_pct"] == pytest.approx(-10.6667, 1e-4)
    assert revenue["flagged"] is True
    assert (revenue["plan_year"], revenue["months"], revenue["last_month"]) == (1, 2, "2027-02")
    cash = row(ytd, line="closing_cash")
    # a balance: February's, -12,500 against -11,000: -1,500 / 11,000 = -13.64%
    assert (cash["plan"], cash["actual"], cash["variance"]) == (-11000.0, -12500.0, -1500.0)
    assert cash["variance_pct"] == pytest.approx(-13.6364, 1e-4)


def test_the_largest_variances_are_explained_by_people_and_volume(projection: Projection) -> None:
    given = actuals(
        ("2027-01", "revenue", 13800.0),
        ("2027-02", "revenue", 13000.0),
        ("2027-01", "volume:forms", 920.0),
        ("2027-02", "volume:forms", 870.0),
        ("2027-02", "direct_labour", 11200.0),
        ("2027-02", "headcount:Clerk", 11.0),
        ("2027-02", "marketing", 100.0),
    )
    assert explanations(projection, given) == [
        # 11,200 - 10,000 = +1,200 = +12% of 10,000; 11 clerks against 10 in February
        "Direct staff (client work) +12% year to date: 11 people against 10 planned in 2027-02",
        # -10.67% (above); volume 920 + 870 = 1,790 items against 1,000 x 2 = 2,000
        "Revenue -11% year to date: 1,790 items against 2,000 planned",
        # volume: 1,790 / 2,000 - 1 = -10.5%, shown -11% (halves away from zero); no driver
        "Volume: Form processing -11% year to date",
    ]


def test_payroll_without_role_headcounts_is_explained_by_the_total(projection: Projection) -> None:
    given = actuals(("2027-03", "indirect_labour", 3600.0), ("2027-03", "headcount", 12.0))
    # 3,600 / 3,000 - 1 = +20%; 12 people against 11 (10 clerks and the manager)
    assert explanations(projection, given) == [
        "Managers and support staff +20% year to date: 12 people against 11 planned in 2027-03"
    ]


def test_a_variance_without_its_driver_is_named_alone(projection: Projection) -> None:
    given = actuals(("2027-03", "direct_labour", 12500.0))  # +25%, no headcount given
    assert explanations(projection, given) == ["Direct staff (client work) +25% year to date"]


def test_no_actuals_give_empty_tables(projection: Projection) -> None:
    found = variance(projection)
    assert found.table.empty and found.year_to_date.empty and found.explanations == ()


def test_a_starters_own_figures_give_zero_variance_on_every_line() -> None:
    from planner.engine.pipeline import project
    from planner.model.starters import load_plan_or_starter

    result = project(load_plan_or_starter("nearshore_it_helpdesk"))
    plan = plan_figures(result)
    assert set(plan["line"]) == set(line_keys(result.plan))  # every line has a plan figure
    first_months = plan[plan["month"] <= "2027-06"]
    same = actuals(*((m, k, v) for m, k, v in first_months.itertuples(index=False)))
    found = variance(result, same)
    assert (found.table["variance"] == 0).all() and (found.year_to_date["variance"] == 0).all()
    assert found.explanations == ()


def test_payroll_over_several_months_is_explained_by_people_on_average(
    projection: Projection,
) -> None:
    given = actuals(
        ("2027-01", "direct_labour", 11500.0),
        ("2027-02", "direct_labour", 11500.0),
        ("2027-01", "headcount:Clerk", 11.0),
        ("2027-02", "headcount:Clerk", 12.0),
    )
    # 23,000 / 20,000 - 1 = +15%; clerks (11 + 12) / 2 = 11.5 against 10 each month.
    # The clerks' headcount is a balance: February's 12 against 10 = +20%, the larger variance.
    assert explanations(projection, given) == [
        "Headcount: Clerk +20% year to date",
        "Direct staff (client work) +15% year to date: 11.5 people against 10 planned on "
        "average, 2027-01 to 2027-02",
    ]
