"""The document model -> a .docx file (python-docx).

A4 portrait with 2 cm margins, Calibri 10.5 pt, the cover on its own page without the footer, then
each block in order: headings, paragraphs, bullets, tables (each fitted part its own Word table,
figures aligned right, the header row bold) and charts 17 cm wide with their bold "Figure N."
captions. The footer names the plan and carries a PAGE field.
"""

from __future__ import annotations

import copy
import io
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from planner.charts import colours
from planner.export.docmodel import (
    CHART_WIDTH_CM,
    MARGIN_CM,
    PAGE_HEIGHT_CM,
    PAGE_WIDTH_CM,
    Block,
    Bullets,
    Chart,
    ColumnFit,
    Cover,
    DocumentModel,
    Heading,
    Paragraph,
    Table,
)


def docx_bytes(model: DocumentModel) -> bytes:
    """The model as a .docx file."""
    doc = Document()
    _setup(doc, model)
    _cover(doc, model.cover)
    for block in model.blocks:
        _block(doc, block)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _setup(doc: Any, model: DocumentModel) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(PAGE_WIDTH_CM), Cm(PAGE_HEIGHT_CM)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(MARGIN_CM))
    section.top_margin, section.bottom_margin = Cm(MARGIN_CM), Cm(MARGIN_CM)
    normal = doc.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(6)
    for name, size in (("Heading 1", 16), ("Heading 2", 12.5), ("Title", 30)):
        doc.styles[name].font.size = Pt(size)
    props = doc.core_properties
    props.title = model.title
    props.subject = "Business plan"
    props.author = "BPO Launch Planner"
    section.different_first_page_header_footer = True
    footer = section.footer.paragraphs[0]
    footer.text = f"{model.footer}  |  page "
    _add_page_field(footer)
    footer.runs[0].font.size = Pt(8)
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _cover(doc: Any, cover: Cover) -> None:
    for _ in range(6):
        doc.add_paragraph()
    doc.add_paragraph(cover.title, style="Title")
    sub = doc.add_paragraph()
    run = sub.add_run(cover.subtitle)
    run.font.size, run.bold = Pt(18), True
    run.font.color.rgb = RGBColor.from_string(colours.DOCUMENT_ACCENT.lstrip("#").upper())
    doc.add_paragraph(cover.description)
    doc.add_paragraph()
    _table(doc, cover.key_figures)
    for _ in range(4):
        doc.add_paragraph()
    note = doc.add_paragraph(cover.note)
    note.runs[0].font.size = Pt(9)
    note.runs[0].italic = True
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _block(doc: Any, block: Block) -> None:
    if isinstance(block, Heading):
        if block.new_page:
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        doc.add_heading(block.text, level=block.level)
    elif isinstance(block, Paragraph):
        doc.add_paragraph(block.text)
    elif isinstance(block, Bullets):
        for item in block.items:
            doc.add_paragraph(item, style="List Bullet")
    elif isinstance(block, Table):
        _table(doc, block)
    else:
        _chart(doc, block)


def _chart(doc: Any, chart: Chart) -> None:
    doc.add_picture(io.BytesIO(chart.png), width=Cm(CHART_WIDTH_CM))
    doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for text in chart.captions:
        caption = doc.add_paragraph(style="Caption")
        caption.add_run(f"Figure {chart.number}. ").bold = True
        caption.add_run(text)


def _table(doc: Any, table: Table) -> None:
    for part in table.parts:
        _table_part(doc, table, part)


def _table_part(doc: Any, source: Table, part: ColumnFit) -> None:
    """The columns `part.columns` of a table, at `part.widths` cm and `part.size_pt`.

    The header row and the first body row are written through python-docx; every further body
    row is a copy of the first with its texts replaced (`_copy_rows`): the same XML python-docx
    writes row by row, in a fraction of the time (a body row differs from another only in its
    texts: the widths, alignments, type size and weight are the column's)."""
    table = doc.add_table(rows=1, cols=len(part.columns))
    table.style = doc.styles["Light Grid Accent 1"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    cols = part.columns
    kept = [source.numeric[c] for c in cols]
    _fill_row(table.rows[0].cells, [source.headers[c] for c in cols], kept)
    for row in source.rows[:1]:
        _fill_row(table.add_row().cells, [row[c] for c in cols], kept)
    for r, table_row in enumerate(table.rows):
        for cell in table_row.cells:
            _small_text(cell, bold=r == 0, size_pt=part.size_pt)
    _set_widths(table, list(part.widths))
    _copy_rows(table, [[row[c] for c in cols] for row in source.rows[1:]])
    doc.add_paragraph()


def _copy_rows(table: Any, texts: list[list[str]]) -> None:
    """Append a row for each of `texts`: a copy of the table's second row (its first body row)
    with each cell's run holding the new text (`CT_R.text`: tabs and line breaks as Word's)."""
    if not texts:
        return
    prototype = table.rows[1]._tr
    for row in texts:
        tr = copy.deepcopy(prototype)
        for run, text in zip(tr.xpath("./w:tc/w:p/w:r"), row, strict=True):
            run.text = text
        table._tbl.append(tr)


def _fill_row(cells: Any, texts: list[str], numeric: list[bool]) -> None:
    """Write a row's texts; a figure column (all but the first) is aligned right."""
    for c, text in enumerate(texts):
        cells[c].text = text
        if numeric[c] and c > 0:
            cells[c].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _small_text(cell: Any, *, bold: bool, size_pt: float = 9.0) -> None:
    """`size_pt` type, no space after; bold set either way: the table style bolds the first
    column and, in some readers, not the header's first cell."""
    for paragraph in cell.paragraphs:
        paragraph.paragraph_format.space_after = Pt(0)
        for run in paragraph.runs:
            run.font.size = Pt(size_pt)
            run.bold = bold


def _set_widths(table: Any, widths: list[float]) -> None:
    """Column widths in cm. Word reads the cells' widths, LibreOffice the grid's: set both, and
    stop autofit."""
    for row in table.rows:
        for c, cell in enumerate(row.cells):
            cell.width = Cm(widths[c])
    table.autofit = False
    for c, column in enumerate(table.columns):
        column.width = Cm(widths[c])


def _add_page_field(paragraph: Any) -> None:
    """A PAGE field (the page number) at the end of a paragraph."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)
    run.font.size = Pt(8)
