"""The written business plan as a document model: what the plan says, not how a file writes it.

`planner.export.docx.document` builds one `DocumentModel` from the skeleton and the projection
(cover, headings, paragraphs, bullets, tables already fitted to the page, charts as PNG bytes with
their captions, the running footer); two renderers write it: `planner.export.docx.render` (Word,
python-docx) and `planner.export.pdf.render` (PDF, typst). Both print the same text, the same
tables split the same way and the same chart images, so the two files agree.

Every string in the model is plain text as the reader sees it (founder text already passed
through `planner.export.safety.plain_text`): a renderer escapes it for its own format.
"""

from __future__ import annotations

from dataclasses import dataclass

PAGE_WIDTH_CM, PAGE_HEIGHT_CM = 21.0, 29.7
"""A4 portrait."""
MARGIN_CM = 2.0
"""Each side of the page."""
CHART_WIDTH_CM = 17.0
"""A chart spans the text width: the page less two margins."""


@dataclass(frozen=True)
class ColumnFit:
    """One printed table: the columns it shows (first column always), their widths in cm, and
    the type size."""

    columns: tuple[int, ...]
    widths: tuple[float, ...]
    size_pt: float


@dataclass(frozen=True)
class Heading:
    text: str
    level: int
    """1: a section's title (the plan's chapters); 2: a sub-heading within a section."""
    new_page: bool = False
    """Start a new page with this heading (a one-page part, such as a bid's proposal)."""


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A table of text cells: the header row, the body rows, which columns hold figures
    (aligned right, all but the first), and how it is printed: one or more `ColumnFit` parts, each
    its own table on paper repeating the first column (`document._fit_columns`)."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...]
    parts: tuple[ColumnFit, ...]


@dataclass(frozen=True)
class Chart:
    """One of the app's charts as a PNG image, `CHART_WIDTH_CM` wide, with its numbered
    caption (one entry per paragraph, each printed after "Figure `number`.")."""

    name: str
    png: bytes
    number: int
    captions: tuple[str, ...] = ()


Block = Heading | Paragraph | Bullets | Table | Chart


@dataclass(frozen=True)
class Cover:
    title: str
    """The plan's name."""
    subtitle: str
    description: str
    key_figures: Table
    note: str
    """Small print at the foot of the cover: when and how the document was made."""


@dataclass(frozen=True)
class DocumentModel:
    title: str
    """The file's title property: "<plan name>: business plan"."""
    footer: str
    """The running footer before the page number, on every page but the cover."""
    cover: Cover
    blocks: tuple[Block, ...]

    def text(self) -> str:
        """Every word of the document in reading order, one block a line (for tests and search)."""
        lines = [self.cover.title, self.cover.subtitle, self.cover.description]
        lines += [" | ".join(r) for r in self.cover.key_figures.rows]
        for block in self.blocks:
            if isinstance(block, (Heading, Paragraph)):
                lines.append(block.text)
            elif isinstance(block, Bullets):
                lines.extend(block.items)
            elif isinstance(block, Table):
                lines += [" | ".join(block.headers), *(" | ".join(r) for r in block.rows)]
            else:
                lines.extend(block.captions)
        return "\n".join(lines)
