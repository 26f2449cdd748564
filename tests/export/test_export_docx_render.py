"""The DOCX renderer writes the document model as python-docx wrote it before the model: body
rows copied from the first (`render._copy_rows`) give the XML that writing each row gives."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from docx.enum.table import WD_TABLE_ALIGNMENT

from planner.engine.pipeline import project
from planner.export.docmodel import ColumnFit, Cover, DocumentModel, Heading, Table
from planner.export.docx import render
from planner.export.docx.document import _Builder
from planner.model.starters import load_template


def _row_by_row(doc: Any, source: Table, part: ColumnFit) -> None:
    """The table as the renderer wrote it before rows were copied: every row via python-docx."""
    table = doc.add_table(rows=1, cols=len(part.columns))
    table.style = doc.styles["Light Grid Accent 1"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    cols = part.columns
    kept = [source.numeric[c] for c in cols]
    render._fill_row(table.rows[0].cells, [source.headers[c] for c in cols], kept)
    for row in source.rows:
        render._fill_row(table.add_row().cells, [row[c] for c in cols], kept)
    for r, table_row in enumerate(table.rows):
        for cell in table_row.cells:
            render._small_text(cell, bold=r == 0, size_pt=part.size_pt)
    render._set_widths(table, list(part.widths))
    doc.add_paragraph()


def _xml(content: bytes) -> bytes:
    return zipfile.ZipFile(io.BytesIO(content)).read("word/document.xml")


def _both_ways(model: DocumentModel, monkeypatch: pytest.MonkeyPatch) -> tuple[bytes, bytes]:
    fast = render.docx_bytes(model)
    monkeypatch.setattr(render, "_table_part", _row_by_row)
    return _xml(fast), _xml(render.docx_bytes(model))


def test_copied_rows_are_the_rows_python_docx_writes_for_awkward_cells(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cells = (
        ("Plain", "1,000"),
        ("", ""),  # an empty cell: a run with no text
        ("   Indented label", "-2,500"),  # leading spaces kept (xml:space="preserve")
        ("Line one\nline two", "3"),  # a line break
        ("Tab\there", "(4)"),  # a tab
        ("<b>&amp; 'quotes' \"too\"", "5%"),
    )
    fit = ColumnFit((0, 1), (12.0, 5.0), 9.0)
    table = Table(("Item", "Amount"), cells, (False, True), (fit,))
    cover = Cover("Plan", "Business plan", "About it.", table, "Note.")
    model = DocumentModel("Plan: business plan", "Plan  |  Business plan", cover, (
        Heading("A section", 1), table,
    ))  # fmt: skip
    fast, reference = _both_ways(model, monkeypatch)
    assert fast == reference
    assert b'xml:space="preserve">   Indented label' in fast and b"<w:br/>" in fast


def test_a_starter_document_is_the_same_either_way(monkeypatch: pytest.MonkeyPatch) -> None:
    model = _Builder(project(load_template("offshore_voice_support")), {}).model()
    fast, reference = _both_ways(model, monkeypatch)
    assert fast == reference
