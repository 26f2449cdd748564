"""Budget, actual and forecast side by side: the table (and the chart's data) of the Actuals page.

The budget is the plan as it was (its own projection, `Forecast.budget`); the actual figures are
the ones given (`planner.engine.forecast.ACTUALS_COLUMNS`); the forecast is the rolling forecast
(`planner.engine.forecast.rolling_forecast`): the actuals up to the last month with any, then the
plan's assumptions from the actual state.

`budget_table(forecast, actuals) -> DataFrame` (`BUDGET_COLUMNS`): one row per month and line of
`BUDGET_LINES`, months in order, lines in that order within a month:
- month ("YYYY-MM"), line (the monthly column), label (its words, `MONTHLY_STATEMENT_LABELS`);
- budget: the plan's figure; actual: the figure given for that month and line (NaN when none);
- forecast: the forecast's figure (the actual where given up to the last actual month);
- period: "actual" for the months up to the last month with actuals, "forecast" after it (every
  month "forecast" when there are no actuals).
Money in the plan's currency; headcount in people.
"""

from __future__ import annotations

import pandas as pd

from planner.engine.forecast import Forecast
from planner.model.labels import MONTHLY_STATEMENT_LABELS

BUDGET_LINES = ("revenue", "total_costs", "net_income", "closing_cash", "headcount")
"""The lines the Actuals page's chart and table show."""
BUDGET_COLUMNS = ("month", "line", "label", "budget", "actual", "forecast", "period")


def budget_table(forecast: Forecast, actuals: pd.DataFrame) -> pd.DataFrame:
    """Budget, actual and forecast by month and line (module docstring).

    The budget and the forecast come from their monthly tables as they are (no recomputing);
    an actual figure given twice for a month and line is refused by the plan before it gets here
    (`planner.model.plan.Plan`), so each (month, line) has at most one.
    """
    budget = forecast.budget.monthly
    months = budget["month"].tolist()
    given = {
        (str(m), str(k)): float(v)
        for m, k, v in zip(actuals["month"], actuals["line"], actuals["value"], strict=True)
    }
    last = forecast.last_actual_month
    rows = []
    for i, month in enumerate(months):
        period = "actual" if last is not None and month <= last else "forecast"
        for line in BUDGET_LINES:
            rows.append(
                (
                    month,
                    line,
                    MONTHLY_STATEMENT_LABELS[line],
                    float(budget[line].iloc[i]),
                    given.get((month, line), float("nan")),
                    float(forecast.monthly[line].iloc[i]),
                    period,
                )
            )
    return pd.DataFrame(rows, columns=list(BUDGET_COLUMNS))
