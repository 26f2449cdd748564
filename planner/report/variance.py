"""Actual figures against the plan: by month and line, year to date, flagged past a threshold,
and the largest variances explained from the drivers where the actuals allow.

The API (for the Actuals page, the workbook sheet, the document section and the command line):

- `plan_figures(projection) -> DataFrame`: the plan's figure for every month and line key
  (`PLAN_COLUMNS`: month, line, plan).
- `variance_table(projection, actuals=None, threshold=0.10) -> DataFrame` (`VARIANCE_COLUMNS`):
  one row per actual figure, in the actuals' order: month, line, label, plan, actual,
  variance = actual - plan, variance_pct = variance / |plan| x 100 (NaN when the plan is 0),
  flagged = |variance_pct| > threshold x 100.
- `year_to_date(projection, actuals=None, threshold=0.10) -> DataFrame` (`YTD_COLUMNS`): per
  line, the plan year of its latest actual month, the months with actuals in that year, plan and
  actual over them (flows summed; balances such as cash, receivables and people the latest
  month's), variance, variance_pct and flagged as above.
- `explanations(projection, actuals=None, threshold=0.10, top=3) -> list[str]`: the largest
  flagged year-to-date variances in words, with the driver behind them when the actuals give it
  ("Direct staff (client work) +12% year to date: 58 people against 52 planned on average,
  2027-01 to 2027-06").
- `variance(projection, actuals=None, threshold=0.10) -> Variance`: all three at once.

`actuals` defaults to the projection's plan's (`projection.plan.actuals`); no actuals give empty
tables. Money in the plan's currency; counts (people, seats, volume) as counted.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from planner.engine.months import plan_year
from planner.engine.projection import Projection
from planner.model.actuals_lines import (
    FIXED_LINES,
    ROLE_PREFIX,
    VOLUME_PREFIX,
    is_stock,
    line_keys,
)
from planner.model.labels import VOLUME_UNITS
from planner.model.plan import Actuals
from planner.report import format as fmt

DEFAULT_THRESHOLD = 0.10
"""A variance is flagged when it is more than 10% of the plan's figure (either way)."""
PLAN_COLUMNS = ("month", "line", "plan")
VARIANCE_COLUMNS = (
    "month",
    "line",
    "label",
    "plan",
    "actual",
    "variance",
    "variance_pct",
    "flagged",
)
YTD_COLUMNS = (
    "line",
    "label",
    "plan_year",
    "months",
    "last_month",
    "plan",
    "actual",
    "variance",
    "variance_pct",
    "flagged",
)
PAYROLL_LINES = {"direct_labour": True, "indirect_labour": False}
"""The payroll lines and whether their people are the direct (client work) roles."""


def plan_figures(projection: Projection) -> pd.DataFrame:
    """The plan's figure for every month and line key of the plan (`PLAN_COLUMNS`): the monthly
    statement's lines, each service line's volume (the workload's, summed over its queues) and
    each role's headcount at the month's end."""
    fixed = projection.monthly.melt(
        id_vars="month", value_vars=list(FIXED_LINES), var_name="line", value_name="plan"
    )
    work = projection.workload.groupby(["month", "service_line"])["volume"].sum()
    volume = work.rename("plan").reset_index()
    volume["line"] = VOLUME_PREFIX + volume["service_line"]
    people = projection.staffing.groupby(["month", "role"])["headcount"].sum()
    roles = people.rename("plan").reset_index()
    roles["line"] = ROLE_PREFIX + roles["role"]
    columns = list(PLAN_COLUMNS)
    table = pd.concat([fixed[columns], volume[columns], roles[columns]], ignore_index=True)
    table["plan"] = table["plan"].astype(float)
    return pd.DataFrame(table)


def _actuals(projection: Projection, actuals: Actuals | None) -> Actuals:
    return actuals if actuals is not None else projection.plan.actuals or Actuals()


def _pct(variance: float, plan: float) -> float:
    """variance / |plan| x 100; NaN when the plan is 0 (no share of nothing).

    >>> _pct(12.0, 100.0), _pct(-12.0, -100.0), math.isnan(_pct(5.0, 0.0))
    (12.0, -12.0, True)
    """
    return variance / abs(plan) * 100.0 if plan != 0 else math.nan


def _flag(pct: float, threshold: float) -> bool:
    return not math.isnan(pct) and abs(pct) > threshold * 100.0 + 1e-9


def variance_table(
    projection: Projection, actuals: Actuals | None = None, threshold: float = DEFAULT_THRESHOLD
) -> pd.DataFrame:
    """One row per actual figure (`VARIANCE_COLUMNS`, see the module docstring). A line the plan
    has no figure for in that month (a role added after the plan was run) counts its plan as 0."""
    given = _actuals(projection, actuals)
    labels = line_keys(projection.plan)
    plan = plan_figures(projection).set_index(["month", "line"])["plan"].to_dict()
    rows = []
    for entry in given.entries:
        planned = float(plan.get((entry.month, entry.line), 0.0))
        variance = entry.value - planned
        pct = _pct(variance, planned)
        rows.append(
            (
                entry.month,
                entry.line,
                labels.get(entry.line, entry.line),
                planned,
                entry.value,
                variance,
                pct,
                _flag(pct, threshold),
            )
        )
    return pd.DataFrame(rows, columns=list(VARIANCE_COLUMNS))


def year_to_date(
    projection: Projection, actuals: Actuals | None = None, threshold: float = DEFAULT_THRESHOLD
) -> pd.DataFrame:
    """Per line with actuals, in the order lines were first given (`YTD_COLUMNS`): the plan year
    (1 = the plan's first twelve months) of the line's latest actual month and the months with
    actuals in that year; plan and actual summed over them for a flow, the latest month's for a
    balance (`planner.model.actuals_lines.is_stock`); variance, variance_pct, flagged."""
    table = variance_table(projection, actuals, threshold)
    monthly = projection.monthly
    year_of = {
        str(m): int(y)
        for m, y in zip(monthly["month"], plan_year(monthly["month_no"]), strict=True)
    }
    rows = []
    for line, rows_of_line in table.groupby("line", sort=False):
        group = rows_of_line.sort_values("month")
        last = str(group["month"].iloc[-1])
        year = year_of.get(last, 0)
        within = group[group["month"].map(year_of) == year]
        if is_stock(str(line)):
            planned, actual = float(within["plan"].iloc[-1]), float(within["actual"].iloc[-1])
        else:
            planned, actual = float(within["plan"].sum()), float(within["actual"].sum())
        pct = _pct(actual - planned, planned)
        rows.append(
            (
                line,
                group["label"].iloc[0],
                year,
                len(within),
                last,
                planned,
                actual,
                actual - planned,
                pct,
                _flag(pct, threshold),
            )
        )
    return pd.DataFrame(rows, columns=list(YTD_COLUMNS))


def _signed_pct(pct: float) -> str:
    """A variance % for a sentence, signed: +12%, -8%.

    >>> _signed_pct(12.4), _signed_pct(-8.0), _signed_pct(0.2)
    ('+12%', '-8%', '+0%')
    """
    text = fmt.percent(pct / 100.0)
    return text if text.startswith("-") else f"+{text}"


def _given(table: pd.DataFrame, lines: list[str], months: list[str]) -> pd.DataFrame:
    return table[table["line"].isin(lines) & table["month"].isin(months)]


def _headcounts(
    projection: Projection, table: pd.DataFrame, line: str, month: str
) -> tuple[float, float] | None:
    """The people behind a payroll line in one month, (actual, planned): its roles' headcounts
    when given for every such role, else the total headcount (direct and indirect staff
    together); None when neither was given for that month."""
    direct = PAYROLL_LINES[line]
    roles = [
        f"{ROLE_PREFIX}{r}"
        for r, d in projection.staffing.groupby("role", sort=False)["direct"].first().items()
        if bool(d) == direct
    ]
    given = _given(table, roles, [month])
    if not roles or len(given) != len(roles):
        given = _given(table, ["headcount"], [month])
    if given.empty:
        return None
    return float(given["actual"].sum()), float(given["plan"].sum())


def _people_reason(
    projection: Projection, table: pd.DataFrame, line: str, months: list[str]
) -> str:
    """Payroll's driver: the people in the payroll's roles (`_headcounts`), actual against
    planned: in the one month, or on average over the year-to-date months that give them."""
    found = [(m, h) for m in months if (h := _headcounts(projection, table, line, m))]
    if not found:
        return ""
    actual = sum(h[0] for _, h in found) / len(found)
    planned = sum(h[1] for _, h in found) / len(found)
    when = (
        f"in {found[0][0]}" if len(found) == 1 else f"on average, {found[0][0]} to {found[-1][0]}"
    )
    if actual == planned:
        return f"{fmt.people(actual)} people as planned {when}"
    return f"{fmt.people(actual)} people against {fmt.people(planned)} planned {when}"


def _volume_reason(projection: Projection, table: pd.DataFrame, months: list[str]) -> str:
    """Revenue's driver: the volume actually handled over the same months, against the plan,
    summed over the service lines whose volume was given (in their unit when they share one)."""
    lines = {f"{VOLUME_PREFIX}{s.id}": s for s in projection.plan.specialty.service_lines}
    given = _given(table, list(lines), months)
    if given.empty:
        return ""
    units = {VOLUME_UNITS[lines[key].workload.type] for key in given["line"]}
    unit = units.pop().removesuffix(" per month") if len(units) == 1 else "units of work"
    actual, planned = given["actual"].sum(), given["plan"].sum()
    return f"{fmt.number(actual)} {unit} against {fmt.number(planned)} planned"


def explanations(
    projection: Projection,
    actuals: Actuals | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    top: int = 3,
) -> list[str]:
    """The `top` largest flagged year-to-date variances (by |variance_pct|), each in words, with
    its driver where the actuals give it: payroll lines by people (`_people_reason`), revenue by
    volume (`_volume_reason`)."""
    table = variance_table(projection, actuals, threshold)
    ytd = year_to_date(projection, actuals, threshold)
    flagged = ytd[ytd["flagged"].astype(bool)].copy()
    if flagged.empty:
        return []
    flagged["size"] = flagged["variance_pct"].abs()
    sentences = []
    for rec in flagged.sort_values("size", ascending=False).head(top).to_dict("records"):
        line = str(rec["line"])
        months = sorted(table.loc[table["line"] == line, "month"])[-int(rec["months"]) :]
        head = f"{rec['label']} {_signed_pct(rec['variance_pct'])} year to date"
        if line in PAYROLL_LINES:
            reason = _people_reason(projection, table, line, months)
        elif line == "revenue":
            reason = _volume_reason(projection, table, months)
        else:
            reason = ""
        sentences.append(f"{head}: {reason}" if reason else head)
    return sentences


@dataclass(frozen=True)
class Variance:
    """The variance of a plan's actuals: `table` (`VARIANCE_COLUMNS`), `year_to_date`
    (`YTD_COLUMNS`), `explanations` (sentences) and the `threshold` they were flagged at."""

    table: pd.DataFrame
    year_to_date: pd.DataFrame
    explanations: tuple[str, ...]
    threshold: float


def variance(
    projection: Projection, actuals: Actuals | None = None, threshold: float = DEFAULT_THRESHOLD
) -> Variance:
    """`variance_table`, `year_to_date` and `explanations` of one projection and its actuals."""
    return Variance(
        variance_table(projection, actuals, threshold),
        year_to_date(projection, actuals, threshold),
        tuple(explanations(projection, actuals, threshold)),
        threshold,
    )
