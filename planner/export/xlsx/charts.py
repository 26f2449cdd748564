"""The Summary sheet's native Excel charts, drawn over the statement sheets' cells.

A line has the colour it has in the app (`planner.charts.colours`): revenue green, costs red, cash
blue, people and net income in the neutral grey, seats in the cash blue as on the seats chart."""

from __future__ import annotations

from typing import Any

from xlsxwriter.worksheet import Worksheet

from planner.charts.colours import CASH, COST, NEUTRAL, REVENUE
from planner.export.xlsx.layout import GRIDLINE, Table, Writer
from planner.model.labels import MONTHLY_STATEMENT_LABELS

_GRID = {"visible": True, "line": {"color": GRIDLINE}}


def _chart_range(table: Table, key: str) -> list[Any]:
    c = list(table.letters).index(key)
    return [table.sheet, table.first - 1, c, table.last - 1, c]


def _line_chart(
    w: Writer, months_ref: list[Any], title: str, lines: list[tuple[str, Table, str, str]], y: str
) -> Any:
    """A line chart by month of (name, table, column, colour) lines, y axis titled `y`."""
    chart = w.wb.add_chart({"type": "line"})
    for name, table, key, colour in lines:
        chart.add_series(
            {
                "name": name,
                "categories": months_ref,
                "values": _chart_range(table, key),
                "line": {"color": colour, "width": 2},
            }
        )
    chart.set_title({"name": title, "name_font": {"size": 11}})
    chart.set_x_axis(
        {
            "date_axis": True,
            "num_format": "mmm yy",
            "major_unit": 6 if w.n_months <= 48 else 12,
            "major_unit_type": "months",
            "num_font": {"size": 8, "rotation": -45},
        }
    )
    chart.set_y_axis(
        {"name": y, "num_format": "#,##0", "num_font": {"size": 8}, "major_gridlines": _GRID}
    )
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 520, "height": 300})
    return chart


def _yearly_chart(w: Writer, header: int, years: int, lines: tuple[int, int]) -> Any:
    """Revenue and net income by year, over the Summary's year-by-year table."""
    chart = w.wb.add_chart({"type": "column"})
    for colour, line in zip((REVENUE, NEUTRAL), lines, strict=True):
        chart.add_series(
            {
                "name": ["Summary", header + 1 + line, 0],
                "categories": ["Summary", header, 1, header, years],
                "values": ["Summary", header + 1 + line, 1, header + 1 + line, years],
                "fill": {"color": colour},
            }
        )
    chart.set_title({"name": "Revenue and net income by year", "name_font": {"size": 11}})
    chart.set_y_axis({"num_format": "#,##0", "num_font": {"size": 8}, "major_gridlines": _GRID})
    chart.set_x_axis({"num_font": {"size": 8}})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 520, "height": 300})
    return chart


def summary_charts(
    w: Writer,
    ws: Worksheet,
    pnl: Table,
    cash: Table,
    *,
    row: int,
    yearly: tuple[int, int, int, int],
) -> None:
    """Four charts, two a row, from `row`. yearly: (header row of the year-by-year table, number
    of years, its revenue line, its net income line)."""
    months_ref = ["P&L", pnl.first - 1, 1, pnl.last - 1, 1]
    header, years, revenue_line, net_line = yearly
    words = MONTHLY_STATEMENT_LABELS
    money_lines = [
        (words["revenue"], pnl, "revenue", REVENUE),
        (words["total_costs"], pnl, "total_costs", COST),
    ]
    people = [
        (words["headcount"], pnl, "headcount", NEUTRAL),
        (words["seats"], pnl, "seats", CASH),
    ]
    charts = [
        _line_chart(w, months_ref, "Revenue and costs by month", money_lines, w.currency),
        _line_chart(
            w,
            months_ref,
            "Cash at the end of each month",
            [(words["closing_cash"], cash, "closing_cash", CASH)],
            w.currency,
        ),
        _line_chart(w, months_ref, "People and seats", people, "people"),
    ]
    charts.insert(1, _yearly_chart(w, header, years, (revenue_line, net_line)))
    for i, chart in enumerate(charts):
        ws.insert_chart(
            row + (i // 2) * 16,
            0 if i % 2 == 0 else 3,
            chart,
            {"x_offset": 0 if i % 2 == 0 else 30, "y_offset": 4},
        )
