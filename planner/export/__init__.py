"""Exports: a projection as a live Excel workbook or a written business plan (bytes).

`workbook_bytes(projection)` and `document_bytes(projection, progress)` never touch the web
framework: the app's Export page and the command line both call them and send or write the bytes.
"""

from __future__ import annotations

from planner.export.docx.document import DocumentResult, document_bytes
from planner.export.xlsx.workbook import workbook_bytes

__all__ = ["DocumentResult", "document_bytes", "workbook_bytes"]
