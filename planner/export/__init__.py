"""Exports: a projection as a live Excel workbook (`xlsx`), a written business plan (`docx`) or
one table as CSV (`tables`), all as bytes; `safety` keeps founder text from running as a formula.

`workbook_bytes(projection)` and `document_bytes(projection, progress)` never touch the web
framework: the app's Export page and the command line both call them and send or write the bytes.
"""

from __future__ import annotations

from planner.export.docx.document import DocumentResult, document_bytes
from planner.export.xlsx.workbook import workbook_bytes

__all__ = ["DocumentResult", "document_bytes", "workbook_bytes"]
