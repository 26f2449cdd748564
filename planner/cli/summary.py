"""`python -m planner summary PLAN [PLAN ...] [--scenario NAME] [--actuals FILE [--mapping
MAP.yaml]] [--json]` and
`python -m planner templates`.

PLAN is a plan file or a starter's id (`offshore_voice_support`). Several plans: one summary each,
in order (with --json a JSON list of the objects below; one plan: the object itself). --scenario:
each plan with that scenario of its own applied (`planner.model.drivers.apply_scenario`); a plan
without it is one line on stderr naming the scenarios it has, exit code 2.

summary: computes the plan (`planner.engine.pipeline.project`) and prints the KPIs, each client
service's price with its unit in words ("$0.45 per handled minute", "$2,000.00 a month + $1.50
per contact") and a yearly table, or
with --json one JSON object: name, currency, horizon_months, kpis {break_even_month ("YYYY-MM" or
null: the first month from which the trailing three months' net income stays >= 0), payback_month
("YYYY-MM" or null: the first month from which cumulative operating cash flow stays >= 0),
funding_needed, ending_cash, peak_headcount, peak_seats, total_revenue, total_costs,
capex_total, gross_margin_pct, total_tax (income tax over the plan), tax_owed_at_end (income tax
accrued, not yet paid, at the end), and the lender's figures (`lender_keys`): min_dscr,
dscr_by_year, dscr_covenant, founders_irr, founders_payback_month, credit_line_peak,
interest_income}, fx_sensitivity (per cost currency other than the plan's and direction:
currency, reporting_currency "weaker" or "stronger", rate_change -0.1 or 0.1, funding_needed,
funding_needed_change, lowest_cash, lowest_cash_change; empty for one currency) and monthly, one
object per month (month, revenue, total_costs,
ebitda, net_income, net_cash_flow, closing_cash, headcount, seats, total_assets,
total_liabilities_and_equity). Money is rounded to cents.

With --actuals FILE (read as the `actuals` command reads it, merged over the plan's own actuals):
the rolling forecast (`planner.engine.forecast`) with the same keys: its months up to the last
month with actuals carry the actual figures, the next month opens with the actual closing cash,
and the KPIs and exchange-rate moves are the forecast's. A bad file: exit 2, one line naming the
file, the row, the column and what was expected.

templates: lists the starter plans (id, title, description).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from planner.cli.errors import UsageError
from planner.model.labels import price_words
from planner.model.starters import load_plan_or_starter
from planner.report import format as fmt
from planner.report.yearly import year_label, yearly
from planner.rounding import round_half_up

if TYPE_CHECKING:  # pandas and the engine load in the handler: `templates` starts without them
    import pandas as pd

    from planner.engine.forecast import Forecast
    from planner.engine.projection import Projection
    from planner.engine.sensitivity import FxMove
    from planner.model.plan import Plan

MONTHLY_FIELDS = (
    "revenue",
    "total_costs",
    "ebitda",
    "net_income",
    "net_cash_flow",
    "closing_cash",
    "headcount",
    "seats",
    "total_assets",
    "total_liabilities_and_equity",
)


def register(subparsers: Any) -> None:
    summary = subparsers.add_parser(
        "summary",
        help="compute a plan and print its KPIs and yearly figures",
        description=(
            "Compute a plan and print its headline figures. PLAN is a plan file (.yaml, .yml or "
            ".json) or the id of a starter plan (see the templates command)."
        ),
    )
    summary.add_argument(
        "plan",
        metavar="PLAN",
        nargs="+",
        help="a plan file, or a starter's id (e.g. offshore_voice_support); several plans: one "
        "summary each, in order (with --json a JSON list)",
    )
    summary.add_argument(
        "--json",
        action="store_true",
        help="print one JSON object (several plans: a JSON list of them, in order)",
    )
    summary.add_argument(
        "--scenario",
        metavar="NAME",
        help="compute the plan with this scenario of its own applied (see the scenarios command)",
    )
    summary.add_argument(
        "--actuals",
        metavar="FILE",
        help=(
            "actual figures (.csv month,line,value, or a QuickBooks Online / Xero profit and loss "
            "by month): print the rolling forecast from them instead of the plan"
        ),
    )
    summary.add_argument(
        "--mapping",
        metavar="MAP.yaml",
        help="with --actuals: account name -> line key (YAML or JSON; blank ignores the account)",
    )
    summary.set_defaults(handler=run_summary)

    templates = subparsers.add_parser(
        "templates",
        help="list the starter plans",
        description="List the starter plans shipped with the planner.",
    )
    templates.set_defaults(handler=run_templates)


def cents(value: float) -> float:
    """Money rounded to cents by the house rule (`round_half_up`: halves away from zero, never
    -0.0), as the JSON summary shows it.

    >>> cents(0.125), cents(2.675), cents(-0.001)  # round() would give 0.12 and 2.67
    (0.13, 2.68, 0.0)
    """
    return round_half_up(float(value), 2)


def summary_dict(result: Projection, moves: tuple[FxMove, ...] | None = None) -> dict[str, Any]:
    """The JSON summary of a projection (see the module docstring); `moves`: its exchange-rate
    moves when already computed (a rolling forecast's), else `fx_sensitivity(result)`'s."""
    plan, kpis, monthly = result.plan, result.kpis, result.monthly
    rows = []
    for rec in monthly.to_dict("records"):
        row: dict[str, Any] = {"month": rec["month"]}
        for field in MONTHLY_FIELDS:
            if field == "seats":
                row[field] = int(rec[field])
            else:
                row[field] = cents(rec[field])
        rows.append(row)
    return {
        "name": plan.settings.name,
        "currency": plan.settings.currency,
        "horizon_months": plan.settings.horizon_months,
        "kpis": {
            "break_even_month": kpis.break_even_month,
            "payback_month": kpis.payback_month,
            "funding_needed": cents(kpis.funding_needed),
            "ending_cash": cents(kpis.ending_cash),
            "peak_headcount": kpis.peak_headcount,
            "peak_seats": kpis.peak_seats,
            "total_revenue": cents(kpis.total_revenue),
            "total_costs": cents(kpis.total_costs),
            "capex_total": cents(kpis.capex_total),
            "gross_margin_pct": round_half_up(kpis.gross_margin_pct, 2),
            "total_tax": cents(kpis.total_tax),
            "tax_owed_at_end": cents(kpis.tax_owed_at_end),
            **lender_keys(result),
        },
        "fx_sensitivity": fx_sensitivity_list(result, moves),
        "monthly": rows,
    }


def lender_keys(result: Projection) -> dict[str, Any]:
    """The lender's figures of the JSON summary: min_dscr (lowest yearly DSCR, 2 decimals, null
    without debt service), dscr_by_year ([{year, cash_available, debt_service, dscr}], plan years
    with debt service), dscr_covenant, founders_irr (yearly, a fraction to 4 decimals, or null),
    founders_payback_month ("YYYY-MM" or null), credit_line_peak and interest_income (money)."""
    k = result.kpis

    def ratio(x: float | None, digits: int) -> float | None:
        return None if x is None else round_half_up(x, digits)

    return {
        "min_dscr": ratio(k.min_dscr, 2),
        "dscr_by_year": [
            {
                "year": y.year,
                "cash_available": cents(y.cash_available),
                "debt_service": cents(y.debt_service),
                "dscr": round_half_up(y.dscr, 2),
            }
            for y in k.dscr_by_year
        ],
        "dscr_covenant": result.plan.financing.dscr_covenant,
        "founders_irr": ratio(k.founders_irr, 4),
        "founders_payback_month": k.founders_payback_month,
        "credit_line_peak": cents(k.credit_line_peak),
        "interest_income": cents(k.total_interest_income),
    }


def fx_sensitivity_list(
    result: Projection, moves: tuple[FxMove, ...] | None = None
) -> list[dict[str, Any]]:
    """The effect of each cost currency's rate moving 10% (`planner.engine.sensitivity`): one
    object per currency and direction; empty for a plan whose costs are all in its currency.
    `moves`: already computed (a rolling forecast's), else computed here from `result`."""
    from planner.engine.sensitivity import fx_sensitivity

    return [
        {
            "currency": m.currency,
            "reporting_currency": "stronger" if m.move > 0 else "weaker",
            "rate_change": m.move,
            "funding_needed": cents(m.funding_needed),
            "funding_needed_change": cents(m.funding_needed_change),
            "lowest_cash": cents(m.lowest_cash),
            "lowest_cash_change": cents(m.lowest_cash_change),
        }
        for m in (fx_sensitivity(result) if moves is None else moves)
    ]


def yearly_table(monthly: pd.DataFrame) -> pd.DataFrame:
    """Plan years (months 1-12, 13-24, ...): sums of flows, end-of-year cash, headcount, seats.

    Index: the year's heading, `year_label` ("Year 1 (2027)"). Columns: revenue, total_costs,
    ebitda, net_income = sums over the year's months (currency); closing_cash = the year's last
    month (currency); headcount, seats = the year's last month (people, desks).
    """
    flows = ["revenue", "total_costs", "ebitda", "net_income"]
    table = yearly(monthly, flows=flows, stocks=["closing_cash", "headcount", "seats"])
    months = monthly["month"].tolist()
    table.index = [year_label(months, int(y)) for y in table.index]
    return table


def _price_lines(result: Projection) -> list[str]:
    """Each client service's price with its unit in words (`price_words`): "  Acme, Voice:
    $2,000.00 a month + $1.50 per contact"; then a blank line (none without clients)."""
    plan = result.plan
    cur = plan.settings.currency
    lines = []
    for client in plan.business_plan.clients:
        for service in client.services:
            price = price_words(
                service.pricing_model,
                fmt.money(service.price, cur, cents=True),
                fmt.money(service.base_fee, cur, cents=True),
            )
            line = plan.service_line(service.service_line).name
            lines.append(f"  {client.name}, {line}: {price}")
    return ["  prices", *lines, ""] if lines else []


def summary_text(result: Projection) -> str:
    """The KPIs and the `yearly_table` as text; money in the plan's currency, whole units."""
    plan, k = result.plan, result.kpis
    cur = plan.settings.currency

    def money(x: float, *, cents: bool = False) -> str:
        return fmt.money(x, cur, cents=cents)

    lines = [
        f"{plan.settings.name} ({plan.settings.horizon_months} months from "
        f"{plan.settings.first_month}, {cur})",
        "",
        f"  break-even month        {k.break_even_month or 'not within the horizon'}",
        f"  cash payback month      {k.payback_month or 'not within the horizon'}",
        f"  funding needed          {money(k.funding_needed)}",
        f"  ending cash             {money(k.ending_cash)}",
        f"  lowest cash             {money(k.lowest_cash)} ({k.lowest_cash_month})",
        "  runway                  "
        + (
            "cash never falls below zero"
            if k.runway_months is None
            else f"{k.runway_months} months"
        ),
        f"  total revenue           {money(k.total_revenue)}",
        f"  total costs             {money(k.total_costs)}",
        f"  total net income        {money(k.total_net_income)}",
        f"  capex                   {money(k.capex_total)}",
        f"  gross margin            {fmt.percent(k.gross_margin_pct / 100, 1)}",
        "  lowest DSCR             "
        + ("no debt service" if k.min_dscr is None else fmt.number(k.min_dscr, 2))
        + f" (covenant {fmt.number(plan.financing.dscr_covenant, 2)})",
        "  founders' IRR / payback "
        + ("none" if k.founders_irr is None else fmt.percent(k.founders_irr, 1))
        + f" / {k.founders_payback_month or 'not within the horizon'}",
        f"  peak headcount / seats  {k.peak_headcount} / {k.peak_seats}",
        f"  cost per seat-month     {money(k.cost_per_seat_month, cents=True)}",
        f"  cost / price per productive hour  "
        f"{money(k.cost_per_productive_hour, cents=True)} / "
        f"{money(k.price_per_productive_hour, cents=True)}",
        "",
        *_price_lines(result),
    ]
    table = yearly_table(result.monthly)
    shown = table.copy()
    for col in ("revenue", "total_costs", "ebitda", "net_income", "closing_cash"):
        shown[col] = table[col].map(lambda x: fmt.amount(x, cur))
    shown["headcount"] = table["headcount"].map(fmt.people)
    lines.append(shown.to_string())
    return "\n".join(lines)


def forecast_from_file(
    plan: Plan, path: str, mapping_path: str | None
) -> tuple[Forecast, tuple[FxMove, ...]]:
    """The rolling forecast (`planner.engine.forecast`) of `plan` from the actual figures in
    FILE merged over the plan's own (read by `planner.cli.actuals.load_actuals`: a bad file is
    one `UsageError` line naming the row, the column and what was expected), and its
    exchange-rate moves."""
    from planner.cli.actuals import load_actuals
    from planner.engine.forecast import actuals_frame, forecast_fx_sensitivity, rolling_forecast
    from planner.engine.pipeline import project

    plan, _ = load_actuals(plan, path, mapping_path)
    actuals = actuals_frame(plan.actuals)
    forecast = rolling_forecast(project(plan), actuals)
    return forecast, forecast_fx_sensitivity(forecast, actuals)


def run_summary(args: argparse.Namespace) -> int:
    from planner.cli.scenario_plan import plan_with_scenario
    from planner.engine.pipeline import project

    names = [args.plan] if isinstance(args.plan, str) else list(args.plan)
    if args.mapping and not args.actuals:
        raise UsageError("--mapping needs --actuals FILE (the file whose accounts it maps)")
    # Every plan is read (and the scenario found in each) before any is computed: a bad file or
    # an unknown scenario is one line on stderr and nothing on stdout.
    plans = [
        plan_with_scenario(load_plan_or_starter(name), args.scenario, name) for name in names
    ]  # a PlanError's issues are printed by `main`
    outputs: list[tuple[Projection, tuple[FxMove, ...] | None, str]] = []
    for plan in plans:
        if args.actuals:
            forecast, moves = forecast_from_file(plan, args.actuals, args.mapping)
            last = forecast.last_actual_month
            heading = (
                f"Rolling forecast: actual figures to {last}, then the plan's assumptions\n"
                if last
                else "Rolling forecast: no actual figures, so the plan as it is\n"
            )
            outputs.append((forecast.as_projection(), moves, heading))
        else:
            outputs.append((project(plan), None, ""))
    if args.json:
        # One plan: one object (as always); several: a list, one object per plan in order.
        dicts = [summary_dict(result, moves) for result, moves, _ in outputs]
        out: Any = dicts[0] if len(dicts) == 1 else dicts
        json.dump(out, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        print("\n\n".join(heading + summary_text(result) for result, _, heading in outputs))
    return 0


def run_templates(args: argparse.Namespace) -> int:
    from planner.model.starters import list_templates

    infos = list_templates()
    if not infos:
        print("no starter plans found")
        return 0
    width = max(len(t.id) for t in infos)
    for info in infos:
        print(f"{info.id:<{width}}  {info.title}")
        if info.description:
            print(f"{'':<{width}}  {info.description}")
    return 0
