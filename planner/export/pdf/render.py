"""The document model -> a PDF, typeset by typst in-process (the `typst` package).

Why typst (typst-py) and not reportlab or LibreOffice:
- **No system tools at run time.** The package is a self-contained wheel (the Rust compiler
  inside); no LibreOffice, no TeX, no browser. It embeds its own fonts (Libertinus Serif, New
  Computer Modern, DejaVu Sans Mono), so the PDF looks the same on a fresh machine, in CI and in a
  container; system fonts are ignored on purpose (`ignore_system_fonts=True`): the output does not
  depend on what happens to be installed, and the compiler does not scan the font folders.
- **Layout for free.** Tables with repeating header rows across pages, headings kept with what
  follows them, widow and orphan control, page numbers from a counter: with reportlab each of
  these is code of our own (Platypus flowables and a page template).
- **Fast**: the offshore starter's plan (about 20 pages with four charts) typesets in well under
  a second.
- **Text is data, never markup.** The model goes to typst as a JSON file that a fixed layout
  (`LAYOUT`) reads with `json()`: every string the founder typed is a typst string value, shown
  as is; a plan named `#set page(...)` or `$5 *deal* [draft] <x> @y` prints those characters and
  runs nothing, with no escaping to get wrong.

Glyphs the embedded fonts lack fall back to another embedded font (typst's font fallback); the
peso sign (₱) and the other currency symbols Babel writes print from Libertinus Serif or DejaVu
Sans Mono. The chart images are the same PNG files the DOCX embeds, 17 cm wide.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from planner.charts import colours
from planner.export.docmodel import (
    CHART_WIDTH_CM,
    MARGIN_CM,
    Block,
    Bullets,
    Chart,
    DocumentModel,
    Heading,
    Paragraph,
    Table,
)

COLOURS = {
    "accent": colours.DOCUMENT_ACCENT,
    "header": colours.DOCUMENT_TABLE_HEADER,
    "rule": colours.DOCUMENT_RULE,
    "footer": colours.DOCUMENT_FOOTER,
    "caption": colours.DOCUMENT_CAPTION,
}
"""The document's colours, as in the DOCX (`planner.charts.colours` owns them)."""

LAYOUT = r"""
#let doc = json("document.json")
#let colour = rgb // typst's colour from a hex text (the values come from planner.charts.colours)
#let (accent, header, rule, footer, caption-grey) = (
  "accent", "header", "rule", "footer", "caption").map(name => colour(doc.colours.at(name)))
#set document(title: doc.title, author: "BPO Launch Planner")
#set page(
  paper: "a4",
  margin: doc.margin_cm * 1cm,
  footer: context {
    let n = counter(page).get().first()
    if n > 1 {
      set text(size: 8pt, fill: footer)
      align(right, doc.footer + "  |  page " + str(n))
    }
  },
)
#set text(font: ("Libertinus Serif", "DejaVu Sans Mono"), size: 10.5pt, lang: "en")
#set par(spacing: 0.9em, leading: 0.6em)
#show heading: set text(fill: accent)
#show heading.where(level: 1): it => block(above: 1.6em, below: 0.8em, sticky: true,
  text(size: 16pt, weight: "bold", it.body))
#show heading.where(level: 2): it => block(above: 1.2em, below: 0.6em, sticky: true,
  text(size: 12.5pt, weight: "bold", it.body))

#let fitted(t, part) = {
  let cols = part.columns
  let head = cols.map(c => text(weight: "bold", t.headers.at(c)))
  let body = t.rows.map(r => cols.map(c => r.at(c))).flatten()
  set text(size: part.size_pt * 1pt)
  set par(justify: false, leading: 0.45em)
  block(above: 0.6em, below: 1.1em, table(
    columns: part.widths.map(w => w * 1cm),
    inset: (x: 0.19cm, y: 0.12cm),
    stroke: 0.5pt + rule,
    fill: (_, y) => if y == 0 { header },
    align: (x, _) => if x > 0 and t.numeric.at(cols.at(x)) { right } else { left },
    table.header(..head),
    ..body,
  ))
}

#let chart(c) = block(breakable: false, above: 0.8em, below: 1em, {
  align(center, image(c.file, width: doc.chart_width_cm * 1cm))
  for caption in c.captions {
    let label = "Figure " + str(c.number) + "."
    block(above: 0.5em, text(size: 9pt, fill: caption-grey, [*#label* #caption]))
  }
})

// The cover: the plan's name, what it is, the key figures; no footer on this page.
#v(4.5cm)
#text(size: 30pt, weight: "bold", doc.cover.title)
#v(0.2cm)
#text(size: 18pt, weight: "bold", fill: accent, doc.cover.subtitle)
#v(0.3cm)
#par(doc.cover.description)
#v(0.5cm)
#for part in doc.cover.key_figures.parts { fitted(doc.cover.key_figures, part) }
#v(1fr)
#text(size: 9pt, style: "italic", doc.cover.note)
#pagebreak()

#for b in doc.blocks {
  if b.kind == "heading" {
    if b.new_page { pagebreak(weak: true) }
    heading(level: b.level, b.text)
  }
  else if b.kind == "paragraph" { par(b.text) }
  else if b.kind == "bullets" { list(..b.items) }
  else if b.kind == "table" { for part in b.parts { fitted(b, part) } }
  else if b.kind == "chart" { chart(b) }
}
"""


def pdf_bytes(model: DocumentModel, *, timestamp: datetime | None = None) -> bytes:
    """The model typeset as a PDF (A4, 2 cm margins, page numbers in the footer from page 2).

    `timestamp` is the PDF's creation date (now by default): the same model and timestamp give
    the same bytes.
    """
    import typst

    with tempfile.TemporaryDirectory(prefix="bpo-plan-pdf-") as folder:
        root = Path(folder)
        data = _data(model, root)
        (root / "document.json").write_text(json.dumps(data, ensure_ascii=False), "utf-8")
        (root / "main.typ").write_text(LAYOUT, "utf-8")
        content = typst.compile(
            str(root / "main.typ"),
            root=str(root),
            ignore_system_fonts=True,
            timestamp=(timestamp or datetime.now(UTC)).replace(microsecond=0),
        )
    if not isinstance(content, bytes):  # one file for a PDF; a list only for PNG/SVG pages
        raise TypeError("typst returned pages, not one PDF")
    return content


def _data(model: DocumentModel, root: Path) -> dict[str, Any]:
    """The model as JSON-ready data for `LAYOUT`; chart images written beside it in `root`."""
    return {
        "title": model.title,
        "footer": model.footer,
        "colours": COLOURS,
        "margin_cm": MARGIN_CM,
        "chart_width_cm": CHART_WIDTH_CM,
        "cover": {
            "title": model.cover.title,
            "subtitle": model.cover.subtitle,
            "description": model.cover.description,
            "note": model.cover.note,
            "key_figures": _table(model.cover.key_figures),
        },
        "blocks": [_block(block, root) for block in model.blocks],
    }


def _block(block: Block, root: Path) -> dict[str, Any]:
    if isinstance(block, Heading):
        return {
            "kind": "heading",
            "level": block.level,
            "text": block.text,
            "new_page": block.new_page,
        }
    if isinstance(block, Paragraph):
        return {"kind": "paragraph", "text": block.text}
    if isinstance(block, Bullets):
        return {"kind": "bullets", "items": list(block.items)}
    if isinstance(block, Table):
        return {"kind": "table", **_table(block)}
    return _chart(block, root)


def _table(table: Table) -> dict[str, Any]:
    return {
        "headers": list(table.headers),
        "rows": [list(row) for row in table.rows],
        "numeric": list(table.numeric),
        "parts": [asdict(part) for part in table.parts],
    }


def _chart(chart: Chart, root: Path) -> dict[str, Any]:
    name = f"chart-{chart.number}.png"
    (root / name).write_bytes(chart.png)
    return {
        "kind": "chart",
        "file": name,
        "number": chart.number,
        "captions": list(chart.captions),
    }
