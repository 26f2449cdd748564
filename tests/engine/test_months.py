"""Month arithmetic (`planner.engine.months`): labels, plan months and plan years."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from planner.engine.months import MONTHS_PER_YEAR, month_labels, month_number, plan_year
from planner.report import yearly


def test_plan_years_count_twelve_months_from_the_first_month() -> None:
    # months 1-12 -> year 1, 13-24 -> year 2, 25 -> year 3, whatever the calendar month
    assert plan_year(np.array([1, 12, 13, 24, 25])).tolist() == [1, 1, 2, 2, 3]
    assert plan_year(pd.Series([12, 13])).tolist() == [1, 2]


def test_the_yearly_report_uses_the_engines_plan_years() -> None:
    assert yearly.plan_year is plan_year
    assert yearly.MONTHS_PER_YEAR == MONTHS_PER_YEAR == 12


def test_month_number_across_a_year_end() -> None:
    # plan starting 2027-11: 2027-11 is month 1, 2027-12 month 2, 2028-01 month 3
    assert month_number("2028-01", "2027-11") == 3
    assert month_number("2027-11", "2027-11") == 1
    assert month_number("2029-12", "2027-01") == 36  # 3 full years


@given(
    st.integers(1990, 2090), st.integers(1, 12), st.integers(1, 600), st.data()
)  # a first month and a horizon
def test_month_number_inverts_month_labels(year: int, month: int, months: int, data) -> None:
    first = f"{year:04d}-{month:02d}"
    labels = month_labels(first, months)
    k = data.draw(st.integers(1, months))
    assert month_number(labels[k - 1], first) == k
