"""Results to date: what the document's "Results to date" section and the Actuals page say about a
plan with actual figures, in one place.

`results_to_date(projection, threshold) -> ResultsToDate | None` (None when the plan has no actual
figures):

- `months`: the months with actual figures, in order ("YYYY-MM");
- `summary`: the year-to-date variance (`planner.report.variance.year_to_date`) of the lines every
  plan has (`planner.model.actuals_lines.FIXED_LINES`, in that order; roles' people and service
  lines' volume are left to the explanations), columns `YTD_COLUMNS`;
- `explanations`: the largest variances in words (`planner.report.variance.explanations`);
- `forecast`: the rolling forecast from the actuals (`planner.engine.forecast.rolling_forecast`,
  the projection being the budget);
- `budget_end_cash`, `forecast_end_cash`: cash at the end of the plan's last month, budget and
  forecast; `end_cash_difference` = forecast - budget;
- `forecast_lowest_cash`, `forecast_lowest_month`: the forecast's lowest month-end cash and its
  month (the first such month);
- `threshold`: the share of the plan past which a variance is flagged.
Money in the plan's currency.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from planner.engine.forecast import Forecast, actuals_frame, rolling_forecast
from planner.engine.projection import Projection
from planner.model.actuals_lines import FIXED_LINES
from planner.report.variance import DEFAULT_THRESHOLD, explanations, year_to_date


@dataclass(frozen=True)
class ResultsToDate:
    """A plan's results to date (module docstring)."""

    months: tuple[str, ...]
    summary: pd.DataFrame
    explanations: tuple[str, ...]
    forecast: Forecast
    budget_end_cash: float
    forecast_end_cash: float
    forecast_lowest_cash: float
    forecast_lowest_month: str
    threshold: float

    @property
    def end_cash_difference(self) -> float:
        """Forecast - budget cash at the end of the plan."""
        return self.forecast_end_cash - self.budget_end_cash


def results_to_date(
    projection: Projection, threshold: float = DEFAULT_THRESHOLD
) -> ResultsToDate | None:
    """The results to date of `projection`'s plan (None without actual figures)."""
    actuals = projection.plan.actuals
    if actuals is None or not actuals.entries:
        return None
    ytd = year_to_date(projection, actuals, threshold)
    order = {line: i for i, line in enumerate(FIXED_LINES)}
    summary = ytd[ytd["line"].isin(list(order))].copy()
    summary = summary.sort_values("line", key=lambda s: s.map(order)).reset_index(drop=True)
    forecast = rolling_forecast(projection, actuals_frame(actuals))
    cash = forecast.monthly["closing_cash"].astype(float)
    lowest = int(cash.to_numpy().argmin())
    return ResultsToDate(
        months=tuple(sorted({e.month for e in actuals.entries})),
        summary=summary,
        explanations=tuple(explanations(projection, actuals, threshold)),
        forecast=forecast,
        budget_end_cash=float(projection.monthly["closing_cash"].iloc[-1]),
        forecast_end_cash=float(cash.iloc[-1]),
        forecast_lowest_cash=float(cash.iloc[lowest]),
        forecast_lowest_month=str(forecast.monthly["month"].iloc[lowest]),
        threshold=threshold,
    )
