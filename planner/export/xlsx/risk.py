"""The Risk sheet: the results of the risk runs (Monte Carlo), as values.

The runs are not formulas (each is a whole run of the engine, queue staffing included), so the
sheet holds their results and says so: "results of N runs, seed S; recalculate in the app". In
order: the settings (runs, seed, the shape of the ranges, each driver's low / likely / high as
the plan holds them), the probability that cash falls below zero, the P5 / P50 / P90 / P95 / mean
of funding needed, cash at the end and the lowest cash (`RiskResult.stats`), cash at the end of
each month at P5 to P95 (`RiskResult.cash_fan`) with a line chart, and the drivers that matter
(`RiskResult.importance`). Every figure is `planner.report.risk`'s: the sheet computes nothing.

Written only when the export is given a `RiskResult` (the app's Export page passes the Risk
page's result); the sheet comes after Sources.
"""

from __future__ import annotations

from typing import Any

from planner.charts.colours import CASH, COST, NEUTRAL
from planner.export.xlsx.layout import GRIDLINE, Writer, _Sheet, month_date
from planner.model.drivers import effective_risk
from planner.model.labels import DISTRIBUTION_LABELS, DRIVER_LABELS
from planner.report import format as fmt
from planner.report.risk import RiskResult
from planner.report.risk_words import METRIC_LABELS, STAT_HEADERS, STAT_NOTE

SHEET = "Risk"
FAN = (("p5", "P5"), ("p25", "P25"), ("p50", "P50 (median)"), ("p75", "P75"), ("p95", "P95"))
"""The cash-by-month columns: key of `RiskResult.cash_fan` and header."""


def risk_sheet(w: Writer, result: RiskResult | None) -> None:
    """Write the Risk sheet from `result` (nothing when None)."""
    if result is None:
        return
    ws = w.wb.add_worksheet(SHEET, worksheet_class=_Sheet)
    w.sheets[SHEET] = ws
    w.heading(
        ws,
        f"Risk: the plan run {fmt.number(result.runs)} times",
        f"Values: results of {fmt.number(result.runs)} runs, seed {result.seed}; recalculate in "
        "the app (Risk page) or with: python -m planner risk PLAN.",
    )
    ws.set_column(0, 0, 44)
    ws.set_column(1, 6, 14)
    row = _settings(w, ws, result, 4)
    row = _probability(w, ws, result, row + 1)
    row = _stats(w, ws, result, row + 1)
    row = _drivers(w, ws, result, row + 1)
    _fan(w, ws, result, row + 1)
    w.print_setup(ws, landscape=False)


def _section(w: Writer, ws: Any, row: int, title: str, headers: list[str]) -> int:
    ws.write_string(row, 0, title, w.f_section)
    for c, header in enumerate(headers):
        ws.write_string(row + 1, c, header, w.f_header)
    return row + 2


def _settings(w: Writer, ws: Any, result: RiskResult, row: int) -> int:
    risk = effective_risk(w.plan)
    source = "this plan's risk settings" if w.plan.risk is not None else "the documented defaults"
    row = _section(w, ws, row, f"Settings ({source})", ["Driver", "Low", "Likely", "High"])
    for name, r in risk.drivers.items():
        w.write_text(ws, row, 0, DRIVER_LABELS[name])
        kind = "int" if name == "start_delay_months" else "dec2"
        for c, value in enumerate((r.low, r.likely, r.high), start=1):
            w.write_number(ws, row, c, value, w.fmt.get(kind))
        row += 1
    ws.write_string(
        row, 0, "Multipliers (1 = as planned, 0.8 = 20% less); the start delay in months.", w.f_note
    )
    lines = [
        ("Runs", result.runs, "int"),
        ("Seed", result.seed, "int"),
    ]
    for label, value, kind in lines:
        row += 1
        w.write_text(ws, row, 0, label)
        w.write_number(ws, row, 1, value, w.fmt.get(kind))
    row += 1
    w.write_text(ws, row, 0, "Shape of each range")
    w.write_text(ws, row, 1, DISTRIBUTION_LABELS[result.distribution])
    return row + 1


def _probability(w: Writer, ws: Any, result: RiskResult, row: int) -> int:
    w.write_text(ws, row, 0, "Share of runs whose cash falls below zero", bold=True)
    w.write_number(ws, row, 1, result.prob_cash_below_zero, w.fmt.get("pct", bold=True))
    return row + 1


def _stats(w: Writer, ws: Any, result: RiskResult, row: int) -> int:
    headers = [f"Figure ({w.currency})", *(h for _, h in STAT_HEADERS)]
    row = _section(w, ws, row, "The range of outcomes", headers)
    for metric, label in METRIC_LABELS.items():
        stats = result.stats(metric)  # type: ignore[arg-type]
        w.write_text(ws, row, 0, label)
        for c, (key, _) in enumerate(STAT_HEADERS, start=1):
            w.write_number(ws, row, c, stats[key], w.fmt.get("money"))
        row += 1
    ws.write_string(row, 0, STAT_NOTE, w.f_note)
    return row + 1


def _drivers(w: Writer, ws: Any, result: RiskResult, row: int) -> int:
    table = result.importance()
    row = _section(
        w, ws, row, "The drivers that matter most", ["Driver", "Rank correlation (-1 to 1)"]
    )
    for label, rho in zip(table["label"], table["rho"], strict=True):
        w.write_text(ws, row, 0, label)
        w.write_number(ws, row, 1, float(rho), w.fmt.get("dec2"))
        row += 1
    ws.write_string(
        row, 0, "Spearman rank correlation of each driver with funding needed over the runs.",
        w.f_note,
    )  # fmt: skip
    return row + 1


def _fan(w: Writer, ws: Any, result: RiskResult, row: int) -> None:
    fan = result.cash_fan()
    headers = ["Month", *(f"{h} ({w.currency})" for _, h in FAN)]
    first = _section(w, ws, row, "Cash at the end of each month across the runs", headers)
    for i, month in enumerate(fan["month"]):
        ws.write_datetime(first + i, 0, month_date(month), w.fmt.get("month"))
        for c, (key, _) in enumerate(FAN, start=1):
            w.write_number(ws, first + i, c, float(fan[key].iloc[i]), w.fmt.get("money"))
    last = first + len(fan) - 1
    chart = w.wb.add_chart({"type": "line"})
    colours = {"p5": COST, "p25": NEUTRAL, "p50": CASH, "p75": NEUTRAL, "p95": COST}
    for c, (key, header) in enumerate(FAN, start=1):
        chart.add_series(
            {
                "name": header,
                "categories": [SHEET, first, 0, last, 0],
                "values": [SHEET, first, c, last, c],
                "line": {
                    "color": colours[key],
                    "width": 2.25 if key == "p50" else 1.25,
                    "dash_type": "solid" if key == "p50" else "dash",
                },
            }
        )
    chart.set_title({"name": f"Cash at the end of each month across the runs ({w.currency})"})
    chart.set_x_axis({"name": "Month", "num_format": "mmm yyyy", "date_axis": True})
    chart.set_y_axis(
        {"name": w.currency, "num_format": "#,##0", "major_gridlines": {"visible": True,
         "line": {"color": GRIDLINE}}}
    )  # fmt: skip
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 720, "height": 360})
    ws.insert_chart(row, 7, chart)
