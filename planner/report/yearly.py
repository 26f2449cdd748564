"""Plan years: the one yearly aggregation of monthly figures, and the one way to name a plan year,
used by the command line's summary, the pages' tables and the written plan.

A plan year is 12 plan months counted from the plan's first month (months 1-12 are year 1, 13-24
year 2), whatever the calendar month the plan starts in; a last, shorter year keeps its months.
Over a year a flow (revenue, costs, cash paid) is the sum of its months, a stock (cash, headcount,
loans outstanding) is its last month's value, and an opening balance is its first month's.
A plan year is named "Year 1 (2027)" (`year_label`) over its figures, and "End of year 1 (2027)"
(`year_end_label`) over a stock at its last month; nothing else spells a plan year.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from planner.engine.months import MONTHS_PER_YEAR, plan_year

__all__ = [
    "MONTHS_PER_YEAR",
    "plan_year",
    "year_end_label",
    "year_label",
    "year_months",
    "yearly",
]


def year_months(months: Sequence[str], year: int) -> list[str]:
    """The month labels of plan year `year` (1-based) out of all the plan's month labels.

    >>> year_months([f"2027-{m:02d}" for m in range(3, 13)] + ["2028-01", "2028-02", "2028-03"], 2)
    ['2028-03']
    """
    return list(months[MONTHS_PER_YEAR * (year - 1) : MONTHS_PER_YEAR * year])


def year_label(months: Sequence[str], year: int) -> str:
    """ "Year 1 (2027)" when the plan year is a calendar year, else "Year 1 (2027-28)"; a last year
    cut short by the horizon says how many months it has.

    >>> year_label([f"2027-{m:02d}" for m in range(1, 13)], 1)
    'Year 1 (2027)'
    >>> july_to_june = [f"2027-{m:02d}" for m in range(7, 13)] + [f"2028-0{m}" for m in range(1, 7)]
    >>> year_label(july_to_june, 1)
    'Year 1 (2027-28)'
    >>> year_label([f"2027-{m:02d}" for m in range(1, 13)] + ["2028-01", "2028-02"], 2)
    'Year 2 (2028, 2 months)'
    """
    span = year_months(months, year)
    first, last = span[0][:4], span[-1][:4]
    years = first if first == last else f"{first}-{last[2:]}"
    short = f", {len(span)} months" if len(span) < MONTHS_PER_YEAR else ""
    return f"Year {year} ({years}{short})"


def year_end_label(months: Sequence[str], year: int) -> str:
    """ "End of year 1 (2027)": the heading of a stock (headcount, cash) at the last month of plan
    year `year`, the year in `year_label`'s words.

    >>> july_to_june = [f"2027-{m:02d}" for m in range(7, 13)] + [f"2028-0{m}" for m in range(1, 7)]
    >>> year_end_label(july_to_june, 1)
    'End of year 1 (2027-28)'
    """
    label = year_label(months, year)
    return f"End of {label[0].lower()}{label[1:]}"


def yearly(
    monthly: pd.DataFrame,
    *,
    flows: Sequence[str] = (),
    stocks: Sequence[str] = (),
    openings: Sequence[str] = (),
    by: str | None = None,
) -> pd.DataFrame:
    """`monthly` (one row a plan month, with `month_no`) by plan year.

    Index: year (1, 2, ...), or (by, year) when `by` names a column to keep apart (e.g. "role"
    in the staffing table). Columns in the order asked: each flow summed over the year's months,
    each stock at the year's last month, each opening at the year's first month; units as in
    `monthly`.

    >>> m = pd.DataFrame({"month_no": range(1, 15), "revenue": [10.0] * 14,
    ...                   "closing_cash": [float(i) for i in range(1, 15)]})
    >>> yearly(m, flows=["revenue"], stocks=["closing_cash"]).to_dict("index")
    {1: {'revenue': 120.0, 'closing_cash': 12.0}, 2: {'revenue': 20.0, 'closing_cash': 14.0}}
    """
    keys = [by] if by else []
    with_year = monthly.assign(year=plan_year(monthly["month_no"]))
    grouped = with_year.groupby([*keys, "year"], sort=False)
    parts = [grouped[list(flows)].sum()] if flows else []
    if stocks:
        parts.append(grouped[list(stocks)].last())
    if openings:
        parts.append(grouped[list(openings)].first().add_prefix("__opening__"))
    table = pd.concat(parts, axis=1)
    table.columns = [str(c).removeprefix("__opening__") for c in table.columns]
    return table
