"""What every sheet writer shares: the sheet order, number formats, the `Column` and `Table` records
and `Writer`, which holds the workbook and writes cells, headings and tables.

A `Table` is an immutable record of where a written table sits (its sheet, column letters by key,
first data row and row count): a later sheet that points at an earlier one receives its `Table`
as an argument. The writer itself carries no data between sheets.
"""

from __future__ import annotations

import functools
import io
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt
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
FIRST = HEADER_ROW + 2
"""Excel (1-based) row number of the first data row of a table sheet."""

BLUE = "#1F4E9A"
"""Font colour of input values (the usual modelling convention: inputs blue, formulas black)."""
HEADER_FILL = "#DCE6F1"
TOTAL_FILL = "#F2F2F2"
NOTE_GREY = "#595959"
"""Notes under a title and beside a key figure."""
GRIDLINE = "#D9D9D9"
"""The charts' gridlines: a frame, not a meaning (lines take `planner.charts.colours`)."""
INPUT_NOTE = "Blue: inputs (type over them). Black: formulas."
BASE_SCENARIO = "Plan as it stands"
"""The `Scenario` switch's first choice: the plan without any scenario's changes."""

SHEETS = (
    "Summary",
    "Assumptions",
    "Scenarios",
    "Staffing",
    "Payroll",
    "Pay calendar",
    "Resources",
    "Paperwork",
    "Marketing",
    "Revenue",
    "Profit by client",
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
    "pct3": "0.000%",
    "month": "mmm yyyy",
    "text": "@",
    "general": "General",
}


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
    switched: Sequence[Sequence[Any] | np.ndarray] | None = None
    """An input the app computes that the scenarios change: its values in each scenario (the plan
    as it stands first, `Writer.variants` order). The table holds one block of columns per
    scenario on its right and this column picks the selected one (`Writer._scenario_blocks`)."""


@dataclass(frozen=True)
class Table:
    """Where a table sits: its column letters by key and the Excel row numbers of its data."""

    sheet: str
    letters: Mapping[str, str]
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
            return f"{sheet_ref(self.sheet)}!${letter}${self.first}:${letter}${self.last}"
        return f"{sheet_ref(self.sheet)}!{letter}{self.first}:{letter}{self.last}"

    def cell(self, key: str, row: int) -> str:
        """A cell on its own sheet, relative: H12."""
        return f"{self.letters[key]}{row}"

    def xcell(self, key: str, row: int) -> str:
        """A cell from another sheet: 'P&L'!D12."""
        return f"{sheet_ref(self.sheet)}!{self.letters[key]}{row}"

    def rows(self) -> range:
        return range(self.first, self.first + self.n)


def sheet_ref(name: str) -> str:
    """A sheet name as a formula refers to it: quoted unless it is a plain word."""
    return f"'{name}'" if not name.replace("_", "").isalnum() else name


def letters(keys: Iterable[str], start_col: int = 0) -> dict[str, str]:
    """Column letters by key for columns written left to right from `start_col`."""
    return {key: xl_col_to_name(start_col + i) for i, key in enumerate(keys)}


def keys(columns: list[Column]) -> dict[str, str]:
    """Column letters by key, for writing formulas before the table is written."""
    return letters(c.key for c in columns)


def set_formulas(cols: list[Column], key: str, formulas: list[str]) -> None:
    """Give the column `key` its formulas (one per row)."""
    for c in cols:
        if c.key == key:
            c.formulas = formulas
            return
    raise KeyError(key)


def sumifs(table: Table, key: str, r: int, *criteria: str) -> str:
    """SUMIFS of a detail column over the rows of month A{r} (and more criteria); 0 if empty."""
    if table.n == 0:
        return "0"
    extra = "".join(f",{c}" for c in criteria)
    return f"SUMIFS({table.col(key)},{table.col('month_no')},$A{r}{extra})"


def by_entity(df: pd.DataFrame) -> pd.DataFrame:
    """Rows sorted by entity, then month, with `entity`: the entity's index in the plan.

    The engine's tables list the entities of each month in plan order (month-major), so the
    entity is the row's position within its month; names need not be unique. Detail sheets are
    sorted so: one role's (item's, channel's, client's, loan's) months form a block of consecutive
    rows, which lets a formula look back over its own block.
    """
    entity = df.groupby("month_no", sort=False).cumcount().to_numpy()
    out = df.assign(entity=entity).sort_values(["entity", "month_no"], kind="stable")
    return out.reset_index(drop=True)


def first_rows(df: pd.DataFrame, first: int) -> npt.NDArray[np.int64]:
    """Excel row number of the first row of each row's entity block (month 1 of the entity)."""
    month_no = df["month_no"].to_numpy(dtype=np.int64)
    rows: npt.NDArray[np.int64] = first + np.arange(len(df), dtype=np.int64) - (month_no - 1)
    return rows


def label(mapping: Mapping[str, str], value: str) -> str:
    """An id in words: the mapping's label, or the id with spaces for underscores."""
    return mapping.get(value, value.replace("_", " "))


def month_date(label_: str) -> date:
    """ "YYYY-MM" -> the first day of that month."""
    year, month = label_.split("-")
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


class Writer:
    """The open workbook, its formats and sheets, and the cell writers every sheet uses.

    It holds the projection being written and what follows from it (months, currency), never a
    result of one sheet for another: those travel as returned `Table` records.
    """

    def __init__(
        self, projection: Projection, buffer: io.BytesIO, scenarios: Sequence[Projection] = ()
    ) -> None:
        self.p = projection
        self.plan: Plan = projection.plan
        self.variants: tuple[Projection, ...] = (projection, *scenarios)
        """The plan as it stands, then each scenario's projection (`Plan.scenarios` order): the
        figures the app computes are held for each, and the `Scenario` switch picks one."""
        self.scenario_names: tuple[str, ...] = (
            BASE_SCENARIO,
            *(s.name for s in self.plan.scenarios),
        )
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
        self._add_formats()
        self.sheets: dict[str, Worksheet] = {
            name: self.wb.add_worksheet(name, worksheet_class=_Sheet) for name in SHEETS
        }
        self.months: list[str] = projection.monthly["month"].tolist()
        self.month_dates = [month_date(m) for m in self.months]
        self.n_months = len(self.months)

    def _add_formats(self) -> None:
        wb = self.wb
        self.f_title = wb.add_format({"bold": True, "font_size": 14})
        self.f_subtitle = wb.add_format({"font_size": 10, "font_color": "#404040"})
        # The same, with Excel's quote prefix, for lines that begin with founder text.
        self.f_title_quoted = wb.add_format({"bold": True, "font_size": 14, "quote_prefix": True})
        self.f_subtitle_quoted = wb.add_format(
            {"font_size": 10, "font_color": "#404040", "quote_prefix": True}
        )
        self.f_note = wb.add_format(
            {"italic": True, "font_size": 9, "font_color": NOTE_GREY, "text_wrap": False}
        )
        self.f_header = wb.add_format(
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
        self.f_section = wb.add_format({"bold": True, "font_size": 11, "bottom": 1})
        # text formats with Excel's quote prefix, by (input_, bold)
        self.f_quote: dict[tuple[bool, bool], Any] = {}

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
        subtitle = (
            f"{plain_text(self.plan.settings.name).text}  |  money in {self.currency} per month  "
            f"|  {self.months[0]} to {self.months[-1]}"
        )
        self.line(ws, 1, subtitle, title=False)
        if note:
            ws.write_string(2, 0, note, self.f_note)
        ws.set_row(0, 20)

    def month_columns(self, df: pd.DataFrame) -> list[Column]:
        """The month number and month date columns of a detail table."""
        dates = [self.month_dates[m - 1] for m in df["month_no"].to_numpy()]
        return [
            Column("month_no", "Month no", df["month_no"].to_numpy(), "int", 7),
            Column("month", "Month", dates, "month", 10),
        ]

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
        table = Table(name, letters(c.key for c in columns), header_row + 2, n)
        ws.set_row(header_row, 30)
        self._scenario_blocks(ws, header_row, columns)
        for c, column in enumerate(columns):
            ws.write_string(header_row, c, column.header, self.f_header)
            ws.set_column(c, c, column.width)
            self._write_column(ws, header_row + 1, c, column)
        ws.freeze_panes(header_row + 1, frozen_cols)
        ws.repeat_rows(header_row)
        if n:
            ws.autofilter(header_row, 0, header_row + n, len(columns) - 1)
        return table

    @property
    def has_scenarios(self) -> bool:
        """Whether the plan has scenarios: the `Scenario` switch has more than one choice."""
        return len(self.variants) > 1

    def switched(
        self, table: Callable[[Projection], pd.DataFrame], column: str, rows: pd.DataFrame
    ) -> list[npt.NDArray[np.float64]] | None:
        """A detail table's column in each scenario (`Column.switched`), lined up with `rows` (the
        plan's table, `by_entity` order) by entity and month (blank where a scenario has no such
        row); None for a plan without scenarios."""
        if not self.has_scenarios:
            return None
        index = pd.MultiIndex.from_frame(rows[["entity", "month_no"]])
        out = []
        for projection in self.variants:
            df = by_entity(table(projection)).set_index(["entity", "month_no"])
            out.append(df[column].reindex(index).to_numpy(dtype=float))
        return out

    def _scenario_blocks(self, ws: Worksheet, header_row: int, columns: list[Column]) -> None:
        """For a table with `switched` columns: one block of columns per scenario right of the
        table (after an empty column) holding the app's figures in that scenario (inputs), and
        each switched column's cells (those without a formula of their own) become
        =CHOOSE(ScenarioNo, <the block cells of the row>): the selected scenario's figure."""
        switched = [c for c in columns if c.switched is not None]
        if not switched or not self.has_scenarios:
            return
        n = len(columns[0].values)
        at = len(columns) + 1
        refs: dict[str, list[str]] = {c.key: [] for c in switched}
        for k, name in enumerate(self.scenario_names):
            title = f"Held for scenario {k + 1}: {plain_text(name).text}"
            ws.write_string(header_row - 1, at, title, self.f_section)
            for column in switched:
                assert column.switched is not None
                header = f"{column.header} ({plain_text(name).text})"
                ws.write_string(header_row, at, header, self.f_header)
                ws.set_column(at, at, column.width)
                held = Column(column.key, header, column.switched[k], column.kind)
                self._write_column(ws, header_row + 1, at, held)
                refs[column.key].append(xl_col_to_name(at))
                at += 1
            at += 1
        for column in switched:
            old = list(column.formulas) if column.formulas is not None else [""] * n
            blank = [all(_blank(v[i]) for v in column.switched or ()) for i in range(n)]
            column.formulas = [
                f or ("" if blank[i] else _choose(refs[column.key], header_row + 2 + i))
                for i, f in enumerate(old)
            ]

    def table_sheet(
        self,
        name: str,
        title: str,
        note: str,
        cols: list[Column],
        *,
        frozen: int = 3,
        landscape: bool = True,
    ) -> Table:
        """A whole table sheet: heading, the table, print setup; returns where the table sits."""
        ws = self.sheets[name]
        self.heading(ws, title, note)
        table = self.table(name, cols, frozen_cols=frozen)
        self.print_setup(ws, landscape=landscape)
        return table

    def _write_column(self, ws: Worksheet, row0: int, col: int, column: Column) -> None:
        # The hot loop of the export (a 120-month plan has some 100,000 cells): values are
        # converted with numpy once, and cells go to XlsxWriter's undecorated writers (the public
        # ones only add A1-notation parsing, which row/column numbers do not need).
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
        write_formula = ws._write_formula
        formulas = column.formulas if column.formulas is not None else [""] * len(numbers)
        for i, formula in enumerate(formulas):
            if formula:
                write_formula(row0 + i, col, formula, fmt, numbers[i] if finite[i] else "")
            elif finite[i]:  # this row's figure is an input
                write_number(row0 + i, col, numbers[i], input_fmt)
            else:
                write_blank(row0 + i, col, None, input_fmt)

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
        ref = f"={sheet_ref(sheet)}!{xl_rowcol_to_cell(row, col, row_abs=True, col_abs=True)}"
        self.wb.define_name(name, ref)
        return name


class _Sheet(Worksheet):
    """A worksheet that stores formulas as written.

    XlsxWriter runs some 30 regular-expression substitutions on every formula to add the `_xlfn.`
    prefix to functions newer than the file format; this workbook uses only original functions
    (SUM, SUMIFS, SUMPRODUCT, IF, AND, INDEX, INT, MOD, MAX, MIN, N, PMT, ROUNDUP), so the
    substitutions find nothing and took most of the export time.
    """

    def _prepare_formula(self, formula: str, expand_future_functions: bool = False) -> str:
        return formula[1:] if formula.startswith("=") else formula


def _choose(columns: list[str], row: int) -> str:
    """=CHOOSE(ScenarioNo, B5, C5, ...): the selected scenario's cell of the row."""
    return f"=CHOOSE(ScenarioNo,{','.join(f'{c}{row}' for c in columns)})"


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and not math.isfinite(value))


@functools.lru_cache(maxsize=4096)
def _plain(value: str) -> PlainText:
    # Names repeat on every month's row: check each distinct text once.
    return plain_text(value)


_EXCEL_EPOCH = date(1899, 12, 30)


def _excel_serial(day: date) -> float:
    """The spreadsheet's serial number of a date (1900 date system): 2027-01-01 -> 46388."""
    return float((day - _EXCEL_EPOCH).days)


excel_serial = _excel_serial
"""The same, for a cell written outside a table (the Summary sheet's months)."""


def _header_text(name: str) -> str:
    # '&' starts a header code in Excel's page header: double it.
    return plain_text(name).text.replace("&", "&&")[:80]
