"""Exports: a projection as a live Excel workbook (`xlsx`), a written business plan (one
document model, `docmodel`, written as DOCX by `docx` and as PDF by `pdf`) or one table as CSV
(`tables`), all as bytes; `safety` keeps founder text from running as a formula.

`workbook_bytes(projection)`, `document_bytes(projection, progress, file_format=...)` and
`document_files(projection, progress)` (both files from one model) never touch the web framework:
the app's Export page and the command line both call them and send or write the bytes.
"""

from __future__ import annotations

from planner.export.docx.document import (
    DocumentFiles,
    DocumentResult,
    document_bytes,
    document_files,
    prepare_document,
)
from planner.export.workbook import workbook_bytes

__all__ = [
    "DocumentFiles",
    "DocumentResult",
    "document_bytes",
    "document_files",
    "prepare_document",
    "workbook_bytes",
]
