"""The rolling forecast: the months with actual figures as they happened, the rest of the horizon
on the plan's assumptions from the actual state at the last of them.

`rolling_forecast(budget, actuals) -> Forecast`. `budget` is the plan's own projection (the plan
as it was: the budget); `actuals` a long table month ("YYYY-MM"), line (a line key of
`planner.model.actuals_lines`), value (`actuals_frame` makes it from a plan's `Actuals`).

The rules (L = the last month with any actual figure; M = the budget's monthly table; a month
"after L" is a forecast month):

1. Months up to L: every monthly column given as a line (the summary lines, the cost lines,
   `receivables`) shows the actual where given, else the budget's figure. `headcount`, when not
   given but some roles' headcounts (`headcount:<role>`) are, is the budget's + the given roles'
   (actual - budget). `opening_cash` of every month = the closing cash shown for the month before
   (so month L + 1 opens with the actual closing cash of L).
2. The state at L, as differences from the budget:
   - cash: dC = actual closing_cash(L) - M.closing_cash(L) (0 when not given for L);
   - receivables: dR = actual receivables(L) - M.receivables(L) (0 when not given for L);
   - people of each role r with `headcount:r` given for L: d_r(L) = actual - budget headcount.
3. People after L (expected people, fractions allowed, like the plan's attrition):
   - d_r(L) > 0 (more people than planned): they stay and leave at the plan's attrition with no
     replacement: d_r(k) = d_r(L) x (1 - yearly_attrition / 12)^(k - L);
   - d_r(L) < 0 (fewer people than planned): the shortfall is hired back after the plan's
     hiring lead: d_r(k) = d_r(L) for L < k <= L + hiring_lead_months, 0 after (hired people are
     paid from the month they join; their recruiting cost is the plan's, unchanged).
   The pay difference dP_r(k) = d_r(k) x the role's paid cost per person in month k = budget
   payroll total_cost / paid of role r in month k (wage + night premium + bonus accrual +
   on-costs; a month where the budget pays nobody in that role takes the nearest month's cost).
   dD(k) = sum of dP_r over direct roles, dI(k) over the others; dP(k) = dD(k) + dI(k).
4. Forecast months k > L, from the budget's row of month k:
   direct_labour + dD, indirect_labour + dI, operating_expenses + dI, gross_profit - dD, total_costs
   + dP, ebitda, ebit, profit_before_tax and net_income - dP: the income tax, interest, interest
   on cash, payments tax, seats, recruiting and the credit line are the budget's, unchanged (the
   forecast does not re-run the tax year or the credit line; funding_needed shows a cash gap);
   headcount + sum over roles of d_r(k);
   cash_from_clients + dR in month L + 1 (the receivables' difference is collected then), so
   receivables after L are the budget's; cash_paid_operations + dP (pay is paid in its month);
   operating_cash_flow and net_cash_flow + (dR in L + 1) - dP;
   closing_cash(k) = M.closing_cash(k) + dC + dR - sum over L < j <= k of dP(j)
   = opening_cash(k) + net_cash_flow(k), and opening_cash(k + 1) = closing_cash(k);
   the balance sheet: total_assets, retained_earnings and total_liabilities_and_equity + (closing
   cash(k) - M.closing_cash(k)): the state's differences are earnings to date (they balance).
5. KPIs (`planner.engine.kpis.compute_kpis` and `planner.engine.lender.lender_figures`) on the
   forecast's monthly table; productive hours = the budget's + sum over forecast months and
   direct roles of d_r(k) x paid_hours_per_month x (1 - shrinkage) (the people above or below
   the plan are trained, fully productive people).

Actual figures equal to the budget's own give a forecast equal to the budget in every monthly
column; no actuals give the budget. Money in the plan's currency per month; people as counts.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

import numpy as np
import pandas as pd

from planner.engine.kpis import compute_kpis
from planner.engine.lender import lender_figures
from planner.engine.projection import MONTHLY_COLUMNS, Kpis, Projection
from planner.engine.sensitivity import FX_MOVE, FxMove, cost_currencies, moved_plan
from planner.model.actuals_lines import ROLE_PREFIX
from planner.model.plan import Actuals
from planner.rounding import FloatArray

ACTUALS_COLUMNS = ("month", "line", "value")
"""The long table of actual figures `rolling_forecast` reads."""
PEOPLE_COLUMNS = ("month_no", "month", "role", "direct", "difference", "pay_difference")
"""One row per forecast month and role with a headcount given for L: difference = d_r(k) people
against the budget, pay_difference = dP_r(k) (money) (module docstring, rule 3)."""
_SHOWN = frozenset(MONTHLY_COLUMNS) - {"month_no", "month", "opening_cash"}
"""Monthly columns an actual figure replaces in the months up to L (rule 1)."""


@dataclass(frozen=True)
class Forecast:
    """A rolling forecast. `budget`: the plan's own projection; `monthly` (`MONTHLY_COLUMNS`)
    and `kpis`: the forecast's; `last_actual_month`: L ("YYYY-MM"; None: no actuals, the
    forecast is the budget); `people`: the people and pay differences (`PEOPLE_COLUMNS`)."""

    budget: Projection
    monthly: pd.DataFrame
    kpis: Kpis
    last_actual_month: str | None
    people: pd.DataFrame

    def as_projection(self) -> Projection:
        """The budget's projection with the forecast's monthly table and KPIs, for what prints a
        projection's monthly table and KPIs (`summary`); its other tables are the budget's."""
        return replace(self.budget, monthly=self.monthly, kpis=self.kpis)


def actuals_frame(actuals: Actuals | None) -> pd.DataFrame:
    """A plan's actual figures as the long table `rolling_forecast` reads (`ACTUALS_COLUMNS`).

    >>> from planner.model.plan import ActualEntry
    >>> actuals_frame(Actuals(entries=[ActualEntry(month="2027-01", line="revenue", value=5.0)]))
         month     line  value
    0  2027-01  revenue    5.0
    """
    rows = [] if actuals is None else [(e.month, e.line, e.value) for e in actuals.entries]
    return pd.DataFrame(rows, columns=list(ACTUALS_COLUMNS)).astype({"value": float})


def role_difference(
    d_last: float, months_after: int, *, yearly_attrition: float, lead: int
) -> FloatArray:
    """d_r(L + 1 .. L + months_after) from d_r(L) (rule 3): above the plan they leave at
    yearly_attrition / 12 a month without replacement; below it they are hired back after
    `lead` months.

    2 people above the plan at 36% a year leave at 3% a month: 2 x 0.97 = 1.94, x 0.97 = 1.8818.
    >>> role_difference(2.0, 3, yearly_attrition=0.36, lead=1).round(6).tolist()
    [1.94, 1.8818, 1.825346]
    >>> role_difference(-3.0, 4, yearly_attrition=0.36, lead=2).tolist()
    [-3.0, -3.0, 0.0, 0.0]
    """
    k = np.arange(1, months_after + 1, dtype=float)
    if d_last > 0:
        out: FloatArray = d_last * (1.0 - yearly_attrition / 12.0) ** k
        return out
    return np.where(k <= lead, d_last, 0.0).astype(float)


def cost_per_person(payroll: pd.DataFrame, role: str) -> FloatArray:
    """The role's paid cost per person each month of the budget: total_cost / paid; a month
    where nobody is paid takes the nearest earlier month's cost, else the nearest later one's
    (0 when the role is never paid)."""
    rows = payroll[payroll["role"] == role].sort_values("month_no")
    paid = rows["paid"].to_numpy(dtype=float)
    cost = rows["total_cost"].to_numpy(dtype=float)
    per = np.where(paid > 1e-9, cost / np.where(paid > 1e-9, paid, 1.0), np.nan)
    filled = pd.Series(per).ffill().bfill().fillna(0.0).to_numpy(dtype=np.float64)
    return np.asarray(filled, dtype=np.float64)


def _checked_actuals(budget: Projection, actuals: pd.DataFrame) -> pd.DataFrame:
    months = set(budget.monthly["month"])
    outside = sorted(set(actuals["month"]) - months)
    if outside:
        raise ValueError(
            f"actual figures for {', '.join(outside)}: not months of the plan "
            f"({budget.monthly['month'].iloc[0]} to {budget.monthly['month'].iloc[-1]})"
        )
    return actuals


def _people(budget: Projection, given_at_last: dict[str, float], last: int) -> pd.DataFrame:
    """Rule 3: d_r(k) and dP_r(k) for each role given at L (row index `last`), k after L."""
    plan, staffing, payroll = budget.plan, budget.staffing, budget.payroll
    months = budget.monthly["month"].to_numpy()
    after = len(months) - last - 1
    frames = []
    for role in staffing["role"].drop_duplicates():
        key = f"{ROLE_PREFIX}{role}"
        if key not in given_at_last or after <= 0:
            continue
        rows = staffing[staffing["role"] == role].sort_values("month_no")
        d_last = given_at_last[key] - float(rows["headcount"].iloc[last])
        d = role_difference(
            d_last,
            after,
            yearly_attrition=plan.staffing.yearly_attrition,
            lead=plan.staffing.hiring_lead_months,
        )
        per = cost_per_person(payroll, str(role))[last + 1 :]
        frames.append(
            pd.DataFrame(
                {
                    "month_no": np.arange(last + 2, len(months) + 1),
                    "month": months[last + 1 :],
                    "role": role,
                    "direct": bool(rows["direct"].iloc[0]),
                    "difference": d,
                    "pay_difference": d * per,
                }
            )
        )
    if not frames:
        return pd.DataFrame(columns=list(PEOPLE_COLUMNS))
    return pd.concat(frames, ignore_index=True)[list(PEOPLE_COLUMNS)]


def _actual_months(monthly: pd.DataFrame, budget: Projection, actuals: pd.DataFrame) -> None:
    """Rule 1, in place on `monthly` (a copy of the budget's): the actuals over the months up
    to L, and the total headcount from the roles' where only they are given."""
    row_of = {str(m): i for i, m in enumerate(monthly["month"])}
    planned = budget.staffing.set_index(["month", "role"])["headcount"].to_dict()
    columns: dict[str, FloatArray] = {}
    totals = set(actuals.loc[actuals["line"] == "headcount", "month"])
    roles_diff: dict[str, float] = {}
    for month, line, value in zip(actuals["month"], actuals["line"], actuals["value"], strict=True):
        if line in _SHOWN:
            column = columns.setdefault(line, monthly[line].to_numpy(dtype=float).copy())
            column[row_of[month]] = float(value)
        elif str(line).startswith(ROLE_PREFIX) and month not in totals:
            plan = float(planned.get((month, str(line).removeprefix(ROLE_PREFIX)), 0.0))
            roles_diff[month] = roles_diff.get(month, 0.0) + float(value) - plan
    if roles_diff:
        people = columns.setdefault("headcount", monthly["headcount"].to_numpy(dtype=float).copy())
        for month, diff in roles_diff.items():
            people[row_of[month]] += diff
    for line, column in columns.items():
        kind = monthly[line].to_numpy().dtype
        whole = np.issubdtype(kind, np.integer) and bool(np.all(column == np.round(column)))
        monthly[line] = column.astype(kind) if whole else column  # seats stay whole numbers


def _forecast_months(
    monthly: pd.DataFrame,
    budget: Projection,
    people: pd.DataFrame,
    state: tuple[float, float],
    last: int,
) -> None:
    """Rule 4, in place on `monthly` for the rows after `last` (L)."""
    n = len(monthly)
    after = slice(last + 1, n)
    months_after = n - last - 1
    d_direct = np.zeros(months_after)
    d_indirect = np.zeros(months_after)
    d_people = np.zeros(months_after)
    for _, rows in people.groupby("role", sort=False):
        pay = rows["pay_difference"].to_numpy(dtype=float)
        if bool(rows["direct"].iloc[0]):
            d_direct += pay
        else:
            d_indirect += pay
        d_people += rows["difference"].to_numpy(dtype=float)
    d_pay = d_direct + d_indirect
    d_cash, d_receivables = state
    collected = np.zeros(months_after)
    collected[:1] = d_receivables
    base = budget.monthly

    def add(column: str, delta: FloatArray) -> None:
        monthly.loc[monthly.index[after], column] = (
            base[column].to_numpy(dtype=float)[after] + delta
        )

    add("direct_labour", d_direct)
    add("indirect_labour", d_indirect)
    add("operating_expenses", d_indirect)
    add("gross_profit", -d_direct)
    add("total_costs", d_pay)
    for column in ("ebitda", "ebit", "profit_before_tax", "net_income"):
        add(column, -d_pay)
    add("headcount", d_people)
    add("cash_from_clients", collected)
    add("cash_paid_operations", d_pay)
    add("operating_cash_flow", collected - d_pay)
    add("net_cash_flow", collected - d_pay)
    d_closing = d_cash + np.cumsum(collected - d_pay)
    for column in (
        "closing_cash",
        "total_assets",
        "retained_earnings",
        "total_liabilities_and_equity",
    ):
        add(column, d_closing)


def rolling_forecast(budget: Projection, actuals: pd.DataFrame) -> Forecast:
    """The rolling forecast of `budget` (the plan's own projection) from `actuals` (the long
    table `ACTUALS_COLUMNS`), by the rules of the module docstring.

    Raises ValueError for a month that is not the plan's (plans check their actuals when
    loaded, `planner.model.plan.Plan`); lines the forecast does not use (volumes) are ignored.
    """
    given = _checked_actuals(budget, actuals)
    if given.empty:
        return Forecast(budget, budget.monthly, budget.kpis, None, _people(budget, {}, 0))
    months = budget.monthly["month"].tolist()
    last = max(months.index(m) for m in given["month"])
    at_last = dict(
        zip(
            given.loc[given["month"] == months[last], "line"],
            given.loc[given["month"] == months[last], "value"].astype(float),
            strict=True,
        )
    )
    base = budget.monthly
    d_cash = at_last.get("closing_cash", float(base["closing_cash"].iloc[last])) - float(
        base["closing_cash"].iloc[last]
    )
    d_receivables = at_last.get("receivables", float(base["receivables"].iloc[last])) - float(
        base["receivables"].iloc[last]
    )
    people = _people(budget, at_last, last)
    monthly = base.copy()
    _actual_months(monthly, budget, given)
    _forecast_months(monthly, budget, people, (d_cash, d_receivables), last)
    closing = monthly["closing_cash"].to_numpy(dtype=float)
    opening = monthly["opening_cash"].to_numpy(dtype=float).copy()
    opening[1:] = closing[:-1]
    monthly["opening_cash"] = opening
    return Forecast(budget, monthly, _kpis(budget, monthly, people), months[last], people)


def _kpis(budget: Projection, monthly: pd.DataFrame, people: pd.DataFrame) -> Kpis:
    """Rule 5: the KPIs and the lender's figures of the forecast's monthly table."""
    staffing = budget.plan.staffing
    direct = budget.staffing[budget.staffing["direct"].astype(bool)]
    hours_per_person = staffing.paid_hours_per_month * (1.0 - staffing.shrinkage)
    extra = people.loc[people["direct"].astype(bool), "difference"].sum() if len(people) else 0.0
    productive = max(0.0, float(direct["productive"].sum() + extra) * hours_per_person)
    kpis = compute_kpis(
        monthly, minimum_cash=budget.plan.financing.minimum_cash, productive_hours=productive
    )
    lender = lender_figures(monthly, budget.plan.financing)
    return replace(kpis, **{f.name: getattr(lender, f.name) for f in fields(lender)})


def forecast_fx_sensitivity(forecast: Forecast, actuals: pd.DataFrame) -> tuple[FxMove, ...]:
    """What a 10% move in each cost currency's rate does to the forecast's funding needed and
    lowest cash (`planner.engine.sensitivity`): the plan with the moved rate, projected and
    forecast from the same actuals, against `forecast`. The months up to L are the actuals in
    both, so the move reaches only the months after L (unlike the plan's own moves)."""
    from planner.engine.pipeline import project

    plan, kpis = forecast.budget.plan, forecast.kpis
    out: list[FxMove] = []
    for currency in cost_currencies(plan):
        for move in (-FX_MOVE, FX_MOVE):
            k = rolling_forecast(project(moved_plan(plan, currency, move)), actuals).kpis
            out.append(
                FxMove(
                    currency=currency,
                    move=move,
                    funding_needed=k.funding_needed,
                    lowest_cash=k.lowest_cash,
                    funding_needed_change=k.funding_needed - kpis.funding_needed,
                    lowest_cash_change=k.lowest_cash - kpis.lowest_cash,
                )
            )
    return tuple(out)
