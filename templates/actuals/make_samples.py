"""Make the illustrative actuals files of each starter plan (see README.md here):

- `<starter>_long.csv`: the long layout, `month,line,value`;
- `<starter>_quickbooks.xlsx`: a profit and loss by month laid out as QuickBooks Online exports it;
- `<starter>_xero.csv`: the same months laid out as Xero exports a profit and loss (latest month
  first, amounts as text with thousands separators).

The figures are the starter's own projection for its first SAMPLE_MONTHS months with seeded,
plausible deviations (`actual_lines`): the last signed client starting by month 5 starts a month
late (the plan run again with that client's start moved), payroll (direct and indirect staff)
a few percent over, marketing a little off, volumes within +-3 %, rent and everything else as
planned, and closing cash lower by the extra payroll. The three files of a starter carry the same
figures: the P&L accounts add up to the long file's lines, to the cent. Run from the repository
root: `python templates/actuals/make_samples.py`. The same seed gives the same figures (the
.xlsx files differ only in the time they were saved).
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

import numpy as np
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from planner.engine.pipeline import project  # noqa: E402
from planner.model.plan import Plan  # noqa: E402
from planner.model.starters import load_plan_or_starter, template_ids  # noqa: E402
from planner.rounding import round_half_up  # noqa: E402

HERE = Path(__file__).resolve().parent
SAMPLE_MONTHS = 6
SEED = 2027
AMOUNT = "#,##0.00;(#,##0.00)"


def late_client(plan: Plan) -> Plan:
    """The plan with its last signed client starting by month 5 starting a month later."""
    clients = list(plan.business_plan.clients)
    late = [i for i, c in enumerate(clients) if c.status == "signed" and c.start_month <= 5]
    if not late:
        return plan
    i = late[-1]
    clients[i] = clients[i].model_copy(update={"start_month": clients[i].start_month + 1})
    business = plan.business_plan.model_copy(update={"clients": clients})
    return plan.model_copy(update={"business_plan": business})


def cents(value: float) -> float:
    return round_half_up(float(value), 2)


def actual_lines(plan: Plan, seed: int) -> tuple[list[str], dict[str, list[float]], list[str]]:
    """The sample's months, its lines -> one figure per month, and the service line ids (for
    the P&L's sales accounts: `sales:<id>`, which add up to revenue with `refunds`)."""
    rng = np.random.default_rng(seed)
    result = project(late_client(plan))
    n = SAMPLE_MONTHS
    monthly = result.monthly.iloc[:n]
    months = list(monthly["month"])
    over = 1 + rng.uniform(0.02, 0.06, n)  # payroll a few percent over
    lines: dict[str, list[float]] = {}
    ids = [s.id for s in plan.specialty.service_lines]
    by_line = result.revenue.groupby(["month", "service_line"])["revenue"].sum()
    for sid in ids:
        lines[f"sales:{sid}"] = [cents(by_line.get((m, sid), 0.0)) for m in months]
    sales = [sum(lines[f"sales:{sid}"][k] for sid in ids) for k in range(n)]
    lines["refunds"] = [-cents(s * rng.uniform(0.002, 0.006)) for s in sales]
    lines["revenue"] = [cents(s + r) for s, r in zip(sales, lines["refunds"], strict=True)]
    for line in ("direct_labour", "indirect_labour"):
        lines[line] = [cents(v * o) for v, o in zip(monthly[line], over, strict=True)]
    lines["marketing"] = [cents(v * rng.uniform(0.9, 1.1)) for v in monthly["marketing"]]
    for line in ("recruiting_training", "resources_opex", "paperwork", "depreciation", "interest"):
        lines[line] = [cents(v) for v in monthly[line]]
    lines["bank_fees"] = [cents(rng.uniform(35, 60)) for _ in range(n)]
    # Cash moves by what the actual figures differ from the (late-client) projection's.
    costs = ("direct_labour", "indirect_labour", "marketing")
    shortfall = [
        sum(lines[c][k] - monthly[c].iloc[k] for c in costs)
        + lines["bank_fees"][k]
        - (lines["revenue"][k] - monthly["revenue"].iloc[k])
        for k in range(n)
    ]
    lines["closing_cash"] = [
        cents(c - s) for c, s in zip(monthly["closing_cash"], np.cumsum(shortfall), strict=True)
    ]
    lines["receivables"] = [cents(v) for v in monthly["receivables"]]
    lines["headcount"] = [float(v) for v in monthly["headcount"]]
    volume = result.workload.groupby(["month", "service_line"])["volume"].sum()
    for sid in ids:
        lines[f"volume:{sid}"] = [
            float(round(volume.get((m, sid), 0.0) * rng.uniform(0.97, 1.03))) for m in months
        ]
    staff = result.staffing.groupby(["month", "role"])["headcount"].sum()
    for role in plan.staffing.roles:
        lines[f"headcount:{role.name}"] = [float(staff.get((m, role.name), 0.0)) for m in months]
    return months, lines, ids


LONG_LINES = (
    "revenue",
    "direct_labour",
    "indirect_labour",
    "recruiting_training",
    "resources_opex",
    "paperwork",
    "marketing",
    "depreciation",
    "interest",
    "closing_cash",
    "receivables",
    "headcount",
)


def long_csv(months: list[str], lines: dict[str, list[float]]) -> str:
    keys = [*LONG_LINES, *(k for k in lines if k.startswith(("volume:", "headcount:")))]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["month", "line", "value"])
    for k, month in enumerate(months):
        for key in keys:
            value = lines[key][k]
            writer.writerow([month, key, f"{value:.2f}" if value != int(value) else int(value)])
    return out.getvalue()


def split(total: float, shares: tuple[float, ...]) -> list[float]:
    """`total` in parts by `shares`, each to the cent, the last taking the rounding: they add
    up to `total` exactly."""
    parts = [cents(total * s) for s in shares[:-1]]
    return [*parts, cents(total - sum(parts))]


Rows = list[tuple[str, list[float]]]


def accounts(plan: Plan, lines: dict[str, list[float]]) -> list[tuple[str, Rows]]:
    """The P&L's sections (Income, Cost of Goods Sold, Expenses), each with its accounts (name,
    amount by month); the accounts of a line add up to the line's figure to the cent."""
    names = {s.id: s.name for s in plan.specialty.service_lines}
    income = [(f"Sales - {names[sid]}", lines[f"sales:{sid}"]) for sid in names]
    income.append(("Sales returns and refunds", lines["refunds"]))
    direct = [split(v, (0.82, 0.18)) for v in lines["direct_labour"]]
    cost_of_sales = [
        ("Salaries and wages - client teams", [d[0] for d in direct]),
        ("Payroll taxes and benefits - client teams", [d[1] for d in direct]),
    ]
    opex = [split(v, (0.6, 0.25, 0.15)) for v in lines["resources_opex"]]
    expenses = [
        ("Salaries - management and support", lines["indirect_labour"]),
        ("Recruiting and training", lines["recruiting_training"]),
        ("Rent or lease", [o[0] for o in opex]),
        ("Internet and telephone", [o[1] for o in opex]),
        ("Software subscriptions", [o[2] for o in opex]),
        ("Licences and permits", lines["paperwork"]),
        ("Advertising and marketing", lines["marketing"]),
        ("Bank fees", lines["bank_fees"]),
        ("Depreciation", lines["depreciation"]),
    ]
    if any(lines["interest"]):
        expenses.append(("Interest expense", lines["interest"]))
    return [
        ("Income", income),
        ("Cost of Goods Sold", cost_of_sales),
        ("Expenses", expenses),
    ]


def _sum(rows: Rows, n: int) -> list[float]:
    return [cents(sum(r[1][k] for r in rows)) for k in range(n)]


def quickbooks_xlsx(plan: Plan, months: list[str], lines: dict[str, list[float]]) -> bytes:
    n = len(months)
    book = Workbook()
    sheet = book.create_sheet("Profit and Loss", 0)
    book.remove(book.worksheets[1])
    heads = [f"{_month_name(m)} {m[:4]}" for m in months]
    sheet.append([plan.settings.name])
    sheet.append(["Profit and Loss"])
    period = f"{_month_name(months[0], True)} - {_month_name(months[-1], True)} {months[-1][:4]}"
    sheet.append([period])
    sheet.append([])
    sheet.append(["", *heads, "Total"])
    for cell in sheet[5]:
        cell.font = Font(bold=True)
    sections = accounts(plan, lines)
    totals = {}
    for title, rows in sections:
        sheet.append([title])
        for name, values in rows:
            sheet.append([name, *values, cents(sum(values))])
            sheet.cell(sheet.max_row, 1).alignment = Alignment(indent=1)
        totals[title] = _sum(rows, n)
        sheet.append([f"Total {title}", *totals[title], cents(sum(totals[title]))])
        if title == "Cost of Goods Sold":
            gross = [cents(a - b) for a, b in zip(totals["Income"], totals[title], strict=True)]
            sheet.append(["Gross Profit", *gross, cents(sum(gross))])
    net = [cents(g - e) for g, e in zip(gross, totals["Expenses"], strict=True)]
    sheet.append(["Net Operating Income", *net, cents(sum(net))])
    sheet.append(["Net Income", *net, cents(sum(net))])
    sheet.append([])
    sheet.append(["Accrual basis  (illustrative sample made by make_samples.py)"])
    for row in sheet.iter_rows(min_row=6, min_col=2):
        for cell in row:
            cell.number_format = AMOUNT
    sheet.column_dimensions["A"].width = 44
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _month_name(month: str, long: bool = False) -> str:
    import calendar

    number = int(month[5:])
    return calendar.month_name[number] if long else calendar.month_abbr[number]


def _xero_amount(value: float) -> str:
    text = f"{abs(value):,.2f}"
    return f"({text})" if value < 0 else text


def xero_csv(plan: Plan, months: list[str], lines: dict[str, list[float]]) -> str:
    n = len(months)
    order = list(range(n))[::-1]  # Xero lists the latest month first
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["Profit and Loss"])
    writer.writerow([plan.settings.name])
    writer.writerow([f"For the {n} months ended {_month_name(months[-1], True)} {months[-1][:4]}"])
    writer.writerow([])
    writer.writerow(["Account", *(f"{_month_name(months[k])}-{months[k][2:4]}" for k in order)])
    titles = {"Income": "Trading Income", "Cost of Goods Sold": "Less Cost of Sales",
              "Expenses": "Less Operating Expenses"}  # fmt: skip
    totals = {}
    for title, rows in accounts(plan, lines):
        writer.writerow([])
        writer.writerow([titles[title]])
        for name, values in rows:
            writer.writerow([name, *(_xero_amount(values[k]) for k in order)])
        totals[title] = _sum(rows, n)
        label = titles[title].removeprefix("Less ")
        writer.writerow([f"Total {label}", *(_xero_amount(totals[title][k]) for k in order)])
        if title == "Cost of Goods Sold":
            gross = [cents(a - b) for a, b in zip(totals["Income"], totals[title], strict=True)]
            writer.writerow([])
            writer.writerow(["Gross Profit", *(_xero_amount(gross[k]) for k in order)])
    net = [cents(g - e) for g, e in zip(gross, totals["Expenses"], strict=True)]
    writer.writerow([])
    writer.writerow(["Net Profit", *(_xero_amount(net[k]) for k in order)])
    return out.getvalue()


def main() -> None:
    for number, starter in enumerate(template_ids()):
        plan = load_plan_or_starter(starter)
        months, lines, _ = actual_lines(plan, SEED + number)
        (HERE / f"{starter}_long.csv").write_text(long_csv(months, lines), encoding="utf-8")
        (HERE / f"{starter}_quickbooks.xlsx").write_bytes(quickbooks_xlsx(plan, months, lines))
        (HERE / f"{starter}_xero.csv").write_text(xero_csv(plan, months, lines), encoding="utf-8")
        print(f"{starter}: {months[0]} to {months[-1]}")


if __name__ == "__main__":
    main()
