"""One table of the projection as CSV bytes, for the download buttons of the app's steps.

CSV has no cell types, so a spreadsheet opening it guesses: text that starts like a formula gets a
leading apostrophe (`planner.export.safety`), and money stays unrounded floats.
"""

from __future__ import annotations

import io

import pandas as pd

from planner.engine.projection import Projection
from planner.export.safety import plain_text

TABLES: dict[str, str] = {
    "monthly": "Statements by month (P&L, cash flow, balance sheet)",
    "staffing": "Headcount, hires and leavers by role",
    "payroll": "Payroll by role",
    "pay_calendar": "Bonuses accrued, paid and owed (pay calendar)",
    "workload": "Workload and FTE by service line",
    "revenue": "Revenue by client service",
    "accounts": "Profit by client service (revenue, direct staff cost, contribution)",
    "resources": "Resources: capex, depreciation, opex",
    "paperwork": "Paperwork fees",
    "marketing": "Marketing spend, leads and clients won",
    "loans": "Loan schedules by month",
    "tax": "Income tax by month: the year's rate, figures to date, losses carried forward",
}
"""The projection's tables a founder can download, with what each holds."""


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """A DataFrame as UTF-8 CSV (with a BOM so spreadsheets read accents), text made safe."""
    safe = frame.copy()
    for column in safe.columns:
        if pd.api.types.is_string_dtype(safe[column]) or safe[column].dtype == object:
            safe[column] = [plain_text(v).for_csv() for v in safe[column]]
    buffer = io.StringIO()
    safe.to_csv(buffer, index=False)
    return buffer.getvalue().encode("utf-8-sig")


def table_csv(projection: Projection, name: str) -> bytes:
    """One of `TABLES` of the projection as CSV bytes."""
    if name not in TABLES:
        raise KeyError(f"table must be one of {', '.join(TABLES)}, got {name!r}")
    frame: pd.DataFrame = getattr(projection, name)
    return csv_bytes(frame)
