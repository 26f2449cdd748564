"""Budget, actual and forecast side by side (`planner.report.budget`), on the small plan of
`tests/engine/test_forecast.py` (12 months from 2027-01; last actual month 2027-03)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from planner.engine.forecast import ACTUALS_COLUMNS, rolling_forecast
from planner.report.budget import BUDGET_COLUMNS, BUDGET_LINES, budget_table
from tests.support.forecast_plan import budget


def frame(*figures: tuple[str, str, float]) -> pd.DataFrame:
    return pd.DataFrame(list(figures), columns=list(ACTUALS_COLUMNS))


def test_budget_actual_and_forecast_by_month_and_line() -> None:
    base = budget()
    cash_l = float(base.monthly["closing_cash"].iloc[2]) - 10_000
    actuals = frame(("2027-02", "revenue", 14_000.0), ("2027-03", "closing_cash", cash_l))
    forecast = rolling_forecast(base, actuals)
    table = budget_table(forecast, actuals)
    assert list(table.columns) == list(BUDGET_COLUMNS)
    assert len(table) == 12 * len(BUDGET_LINES)  # every month, every line
    rows = table.set_index(["month", "line"])
    # revenue of 2027-02: budget the plan's, actual 14,000, forecast shows the actual
    feb = rows.loc[("2027-02", "revenue")]
    assert feb["budget"] == base.monthly["revenue"].iloc[1]
    assert (feb["actual"], feb["forecast"], feb["label"]) == (14_000.0, 14_000.0, "Revenue")
    # cash at L: the actual; in 2027-04 the forecast is the budget's less 10,000, no actual
    assert rows.loc[("2027-03", "closing_cash"), "forecast"] == cash_l
    apr = rows.loc[("2027-04", "closing_cash")]
    assert apr["forecast"] == pytest.approx(apr["budget"] - 10_000)
    assert math.isnan(apr["actual"])
    # months up to L are "actual", after it "forecast"
    periods = table.drop_duplicates("month").set_index("month")["period"]
    assert periods.tolist() == ["actual"] * 3 + ["forecast"] * 9


def test_without_actuals_the_forecast_is_the_budget() -> None:
    table = budget_table(rolling_forecast(budget(), frame()), frame())
    assert (table["forecast"] == table["budget"]).all()
    assert table["actual"].isna().all()
    assert set(table["period"]) == {"forecast"}
