"""Projection -> a live Excel workbook (XlsxWriter).

The workbook is a model, not a print-out. Detail sheets carry the drivers the app computes
(headcount from Erlang C, billed units, seats...) as input values in blue, and every cost line,
subtotal and statement as a black formula over them and over the named inputs on the Assumptions
sheet, so a change typed into the workbook flows through to the P&L, cash flow and balance sheet.
Every formula is written with the engine's value as its cached result, so a reader that does not
recalculate (a viewer, pandas, openpyxl) still sees the numbers; recalculated in a spreadsheet
program, each formula gives the engine's figure to the cent
(tests/test_export_recalc_libreoffice.py).

Sheets, in order: Summary, Assumptions, Staffing, Payroll, Resources, Paperwork, Marketing,
Revenue, Loans, P&L, Cash flow, Balance sheet, Sources. Monthly sheets have one row per month (and
per role, item, channel, client or loan on the detail sheets), headers frozen, printed one page
wide.

Founder text (names, notes) is written through `planner.export.safety.plain_text` as string cells,
so text such as `=HYPERLINK(...)` stays text.
"""

from __future__ import annotations

import functools
import io
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
import xlsxwriter
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from planner.engine.projection import Projection
from planner.export.safety import PlainText, plain_text
from planner.model.plan import Plan

HEADER_ROW = 3
"""0-based row of the column headers on every table sheet (title, subtitle and note above it)."""
DATA_ROW = HEADER_ROW + 1

BLUE = "#1F4E9A"
"""Font colour of input values (the usual modelling convention: inputs blue, formulas black)."""
HEADER_FILL = "#DCE6F1"
TOTAL_FILL = "#F2F2F2"

SHEETS = (
    "Summary",
    "Assumptions",
    "Staffing",
    "Payroll",
    "Resources",
    "Paperwork",
    "Marketing",
    "Revenue",
    "Loans",
    "P&L",
    "Cash flow",
    "Balance sheet",
    "Sources",
)

NUMBER_FORMATS = {
    "money": '#,##0;[Red]-#,##0;"-"',
    "price": '#,##0.00;[Red]-#,##0.00;"-"',
    "int": '#,##0;-#,##0;"-"',
    "dec": '#,##0.0;-#,##0.0;"-"',
    "dec2": "#,##0.00",
    "pct": "0.0%",
    "month": "mmm yyyy",
    "text": "@",
    "general": "General",
}


def workbook_bytes(projection: Projection) -> bytes:
    """The projection as an .xlsx file (bytes): a live model with cached values."""
    buffer = io.BytesIO()
    book = _Book(projection, buffer)
    book.build()
    return buffer.getvalue()


# --- the table writer -----------------------------------------------------------------------


@dataclass
class Column:
    """One column of a table: input values, or formulas (one per row) with the engine's values."""

    key: str
    header: str
    values: Sequence[Any] | np.ndarray
    kind: str = "money"
    """A key of NUMBER_FORMATS; "text" cells go through the safety guard."""
    width: float = 12.0
    formulas: Sequence[str] | None = None
    total: bool = False
    """Bold (a subtotal or total)."""


@dataclass
class Table:
    """Where a table sits: its column letters by key and the Excel row numbers of its data."""

    sheet: str
    letters: dict[str, str]
    first: int
    """Excel (1-based) row number of the first data row."""
    n: int

    @property
    def last(self) -> int:
        return self.first + self.n - 1

    def col(self, key: str, absolute: bool = True) -> str:
        """The whole data column as a range on its sheet: 'Payroll'!$H$5:$H$364."""
        letter = self.letters[key]
        if absolute:
            return f"{_sheet_ref(self.sheet)}!${letter}${self.first}:${letter}${self.last}"
        return f"{_sheet_ref(self.sheet)}!{letter}{self.first}:{letter}{self.last}"

    def cell(self, key: str, row: int) -> str:
        """A cell on its own sheet, relative: H12."""
        return f"{self.letters[key]}{row}"

    def xcell(self, key: str, row: int) -> str:
        """A cell from another sheet: 'P&L'!D12."""
        return f"{_sheet_ref(self.sheet)}!{self.letters[key]}{row}"

    def rows(self) -> range:
        return range(self.first, self.first + self.n)


def _sheet_ref(name: str) -> str:
    return f"'{name}'" if not name.replace("_", "").isalnum() else name


def _letters(keys: Iterable[str], start_col: int = 0) -> dict[str, str]:
    return {key: xl_col_to_name(start_col + i) for i, key in enumerate(keys)}


def _month_date(label: str) -> date:
    year, month = label.split("-")
    return date(int(year), int(month), 1)


@dataclass
class _Formats:
    book: Workbook
    cache: dict[tuple[str, bool, bool], Any] = field(default_factory=dict)

    def get(self, kind: str, *, input_: bool = False, bold: bool = False) -> Any:
        key = (kind, input_, bold)
        if key not in self.cache:
            props: dict[str, Any] = {"num_format": NUMBER_FORMATS[kind], "font_size": 10}
            if input_:
                props["font_color"] = BLUE
            if bold:
                props["bold"] = True
                props["bg_color"] = TOTAL_FILL
            if kind == "text":
                props["indent"] = 1  # keeps names clear of the figure to their left
            self.cache[key] = self.book.add_format(props)
        return self.cache[key]


class _Book:
    def __init__(self, projection: Projection, buffer: io.BytesIO) -> None:
        self.p = projection
        self.plan: Plan = projection.plan
        self.currency = self.plan.settings.currency
        self.wb = xlsxwriter.Workbook(
            buffer,
            {
                "in_memory": True,
                # Text is text: never guess a formula, number or link from a string.
                "strings_to_formulas": False,
                "strings_to_numbers": False,
                "strings_to_urls": False,
            },
        )
        self.wb.set_properties(
            {
                "title": plain_text(self.plan.settings.name).text,
                "subject": "BPO launch plan: financial model",
                "comments": "Exported by BPO Launch Planner. Blue cells are inputs; black cells "
                "are formulas.",
            }
        )
        self.wb.set_calc_mode("auto")
        self.fmt = _Formats(self.wb)
        self.f_title = self.wb.add_format({"bold": True, "font_size": 14})
        self.f_subtitle = self.wb.add_format({"font_size": 10, "font_color": "#404040"})
        # The same, with Excel's quote prefix, for lines that begin with founder text.
        self.f_title_quoted = self.wb.add_format(
            {"bold": True, "font_size": 14, "quote_prefix": True}
        )
        self.f_subtitle_quoted = self.wb.add_format(
            {"font_size": 10, "font_color": "#404040", "quote_prefix": True}
        )
        self.f_note = self.wb.add_format(
            {"italic": True, "font_size": 9, "font_color": "#595959", "text_wrap": False}
        )
        self.f_header = self.wb.add_format(
            {
                "bold": True,
                "font_size": 10,
                "bg_color": HEADER_FILL,
                "text_wrap": True,
                "valign": "bottom",
                "align": "center",
                "bottom": 1,
            }
        )
        self.f_section = self.wb.add_format({"bold": True, "font_size": 11, "bottom": 1})
        self.f_quote: dict[
            tuple[bool, bool], Any
        ] = {}  # text formats with Excel's quote prefix, by (input_, bold)
        self.sheets: dict[str, Worksheet] = {
            name: self.wb.add_worksheet(name, worksheet_class=_Sheet) for name in SHEETS
        }
        self.tables: dict[str, Table] = {}
        # Filled by the sheet writers: Excel rows of each input on the Assumptions sheet (by the
        # entity's index in the plan), column widths there, the staffing table in sheet order.
        self.widths: dict[int, float] = {}
        self.client_rows: list[int] = []
        self.won_row = 0
        self.role_rows: list[int] = []
        self.item_rows: list[int] = []
        self.paper_rows: list[int] = []
        self.channel_rows: list[int] = []
        self.loan_rows: list[int] = []
        self.staffing_df = pd.DataFrame()
        self.names: dict[str, str] = {}
        self.months = projection.monthly["month"].tolist()
        self.month_dates = [_month_date(m) for m in self.months]
        self.n_months = len(self.months)

    # --- cell writers ------------------------------------------------------------------------

    def text_format(self, *, input_: bool = False, bold: bool = False, quote: bool = False) -> Any:
        if not quote:
            return self.fmt.get("text", input_=input_, bold=bold)
        key = (input_, bold)
        if key not in self.f_quote:
            props: dict[str, Any] = {"quote_prefix": True, "font_size": 10, "indent": 1}
            if input_:
                props["font_color"] = BLUE
            if bold:
                props["bold"] = True
            self.f_quote[key] = self.wb.add_format(props)
        return self.f_quote[key]

    def write_text(
        self,
        ws: Worksheet,
        row: int,
        col: int,
        value: object,
        *,
        input_: bool = False,
        bold: bool = False,
        fmt: Any = None,
    ) -> None:
        """Founder or app text as a string cell (formula-like text gets Excel's quote prefix)."""
        safe = _plain(value) if isinstance(value, str) else plain_text(value)
        if safe.formula_like:
            ws.write_string(
                row, col, safe.text, self.text_format(input_=input_, bold=bold, quote=True)
            )
        else:
            ws.write_string(row, col, safe.text, fmt or self.text_format(input_=input_, bold=bold))

    def line(self, ws: Worksheet, row: int, text: str, *, title: bool) -> None:
        """A title or subtitle line in column A; quoted when it begins like a formula."""
        safe = plain_text(text)
        if title:
            fmt = self.f_title_quoted if safe.formula_like else self.f_title
        else:
            fmt = self.f_subtitle_quoted if safe.formula_like else self.f_subtitle
        ws.write_string(row, 0, safe.text, fmt)

    def write_number(self, ws: Worksheet, row: int, col: int, value: Any, fmt: Any) -> None:
        if value is None or (isinstance(value, float) and not math.isfinite(value)):
            ws.write_blank(row, col, None, fmt)
        else:
            ws.write_number(row, col, float(value), fmt)

    def heading(self, ws: Worksheet, title: str, note: str = "") -> None:
        ws.write_string(0, 0, title, self.f_title)
        settings = self.plan.settings
        subtitle = (
            f"{plain_text(settings.name).text}  |  money in {self.currency} per month  |  "
            f"{self.months[0]} to {self.months[-1]}"
        )
        self.line(ws, 1, subtitle, title=False)
        if note:
            ws.write_string(2, 0, note, self.f_note)
        ws.set_row(0, 20)

    def table(
        self,
        name: str,
        columns: list[Column],
        *,
        frozen_cols: int = 2,
        header_row: int = HEADER_ROW,
    ) -> Table:
        """Write columns as a table starting at `header_row`; returns where it sits."""
        ws = self.sheets[name]
        n = len(columns[0].values) if columns else 0
        table = Table(name, _letters(c.key for c in columns), header_row + 2, n)
        ws.set_row(header_row, 30)
        for c, column in enumerate(columns):
            ws.write_string(header_row, c, column.header, self.f_header)
            ws.set_column(c, c, column.width)
            self._write_column(ws, header_row + 1, c, column)
        ws.freeze_panes(header_row + 1, frozen_cols)
        ws.repeat_rows(header_row)
        if n:
            ws.autofilter(header_row, 0, header_row + n, len(columns) - 1)
        return table

    def _write_column(self, ws: Worksheet, row0: int, col: int, column: Column) -> None:
        # The hot loop of the export (a 120-month plan has some 100,000 cells): values are
        # converted with numpy once, and cells go to XlsxWriter's undecorated writers (the public
        # ones only add A1-notation parsing, which row/column numbers do not need).
        n = len(column.values)
        if column.kind == "text":
            for i, value in enumerate(column.values):
                self.write_text(ws, row0 + i, col, value, input_=True)
            return
        if column.kind == "month":
            numbers = [_excel_serial(d) for d in column.values]
        else:
            numbers = np.asarray(column.values, dtype=float).tolist()
        finite = [math.isfinite(v) for v in numbers]
        fmt = self.fmt.get(column.kind, bold=column.total)
        input_fmt = self.fmt.get(column.kind, input_=column.kind != "month", bold=column.total)
        write_number, write_blank = ws._write_number, ws._write_blank
        if column.formulas is None:
            for i in range(n):
                if finite[i]:
                    write_number(row0 + i, col, numbers[i], input_fmt)
                else:
                    write_blank(row0 + i, col, None, input_fmt)
            return
        write_formula = ws._write_formula
        for i, formula in enumerate(column.formulas):
            if not formula:  # this row's figure is an input
                if finite[i]:
                    write_number(row0 + i, col, numbers[i], input_fmt)
                else:
                    write_blank(row0 + i, col, None, input_fmt)
            else:
                write_formula(row0 + i, col, formula, fmt, numbers[i] if finite[i] else "")

    def print_setup(self, ws: Worksheet, *, landscape: bool = True) -> None:
        if landscape:
            ws.set_landscape()
        ws.set_paper(9)  # A4
        ws.fit_to_pages(1, 0)
        ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
        ws.set_header(f"&L&8{_header_text(self.plan.settings.name)}&R&8&A")
        ws.set_footer("&L&8BPO Launch Planner&R&8Page &P of &N")

    def define(self, name: str, sheet: str, row: int, col: int) -> str:
        """A workbook name for one cell (0-based row, col); returns the name."""
        ref = f"={_sheet_ref(sheet)}!{xl_rowcol_to_cell(row, col, row_abs=True, col_abs=True)}"
        self.wb.define_name(name, ref)
        self.names[name] = ref
        return name

    # --- build ----------------------------------------------------------------------------------

    def build(self) -> None:
        from planner.export.xlsx import sheets as _sheets  # the sheet writers

        _sheets.assumptions(self)
        _sheets.staffing(self)
        _sheets.payroll(self)
        _sheets.resources(self)
        _sheets.paperwork(self)
        _sheets.marketing(self)
        _sheets.revenue(self)
        _sheets.loans(self)
        _sheets.profit_and_loss(self)
        _sheets.cash_flow(self)
        _sheets.balance_sheet(self)
        _sheets.sources(self)
        _sheets.summary(self)
        self.sheets["Summary"].activate()
        self.wb.close()


class _Sheet(Worksheet):
    """A worksheet that stores formulas as written.

    XlsxWriter runs some 30 regular-expression substitutions on every formula to add the `_xlfn.`
    prefix to functions newer than the file format; this workbook uses only original functions
    (SUM, SUMIFS, SUMPRODUCT, IF, AND, INDEX, INT, MOD, MAX, MIN, N, PMT, ROUNDUP), so the
    substitutions find nothing and took most of the export time.
    """

    def _prepare_formula(self, formula: str, expand_future_functions: bool = False) -> str:
        return formula[1:] if formula.startswith("=") else formula


@functools.lru_cache(maxsize=4096)
def _plain(value: str) -> PlainText:
    # Names repeat on every month's row: check each distinct text once.
    return plain_text(value)


_EXCEL_EPOCH = date(1899, 12, 30)


def _excel_serial(day: date) -> float:
    """The spreadsheet's serial number of a date (1900 date system): 2027-01-01 -> 46388."""
    return float((day - _EXCEL_EPOCH).days)


def _header_text(name: str) -> str:
    # '&' starts a header code in Excel's page header: double it.
    return plain_text(name).text.replace("&", "&&")[:80]
