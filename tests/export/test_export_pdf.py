"""The business plan as a PDF: the DOCX's document model typeset by typst, with the same text,
tables and chart images; founder text printed literally; page numbers; charts drawn once."""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest

from planner.charts import render
from planner.charts.render import find_browser
from planner.engine.pipeline import project
from planner.engine.projection import Projection
from planner.export import document_bytes, document_files
from planner.export.docmodel import Chart, Heading, Table
from planner.export.docx.document import _Builder, build_document, chart_names, section_titles
from planner.export.pdf.render import pdf_bytes
from planner.model.files import plan_from_dict, plan_to_dict
from planner.model.starters import load_template
from tests.support.tools import find_executable, require_tool

MARKUP_NAME = 'Acme #set page(width: 1cm) $5 *bold* _it_ [x] <lbl> @ref \\ "q" // c /* d'
"""A plan name made of typst markup: a heading, math, strong, emphasis, content, a label, a
reference, an escape, a comment. Printed literally, none of it may act."""


def _tool(name: str) -> str:
    found = find_executable(name)
    require_tool(found is not None, name, "apt-get install poppler-utils")
    assert found is not None
    return found


def pdf_text(content: bytes, tmp_path: Path, *, first: int | None = None) -> str:
    """The PDF's text by `pdftotext` (poppler), in reading order; `first`: only that page."""
    path = tmp_path / "plan.pdf"
    path.write_bytes(content)
    pages = ["-f", str(first), "-l", str(first)] if first else []
    run = subprocess.run(
        [_tool("pdftotext"), *pages, str(path), "-"], capture_output=True, check=True, timeout=60
    )
    return run.stdout.decode("utf-8")


def pdf_pages(content: bytes, tmp_path: Path) -> int:
    path = tmp_path / "pages.pdf"
    path.write_bytes(content)
    run = subprocess.run([_tool("pdfinfo"), str(path)], capture_output=True, check=True, text=True)
    return int(re.search(r"^Pages:\s+(\d+)", run.stdout, re.MULTILINE).group(1))  # type: ignore[union-attr]


def pdf_images(content: bytes, tmp_path: Path) -> list[tuple[int, int]]:
    """(width, height) in pixels of every image in the PDF (`pdfimages -list`)."""
    path = tmp_path / "images.pdf"
    path.write_bytes(content)
    run = subprocess.run(
        [_tool("pdfimages"), "-list", str(path)], capture_output=True, check=True, text=True
    )
    rows = [line.split() for line in run.stdout.splitlines()[2:] if line.strip()]
    return [(int(r[3]), int(r[4])) for r in rows if r[2] == "image"]


def _words(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def offshore() -> Projection:
    return project(load_template("offshore_voice_support"))


@pytest.fixture(scope="module")
def no_browser_pdf(offshore: Projection) -> bytes:
    mp = pytest.MonkeyPatch()
    mp.setenv("BROWSER_PATH", "/nonexistent/chromium")
    try:
        result = document_bytes(offshore, file_format="pdf")
    finally:
        mp.undo()
    assert not result.charts_included and result.missing and "Chromium" in result.missing
    return result.content


def test_the_pdf_has_every_section_and_table_of_the_document(
    offshore: Projection, no_browser_pdf: bytes, tmp_path: Path
) -> None:
    assert no_browser_pdf.startswith(b"%PDF-")
    text = _words(pdf_text(no_browser_pdf, tmp_path))
    # A cell's text wraps inside its cell, and pdftotext joins a line broken after a hyphen
    # ("customer-" / "experience" -> "customerexperience"): compare without spaces and hyphens.
    solid = "".join(text.split()).replace("-", "")
    for title in section_titles():
        assert title in text, title
    model = _Builder(offshore, {}).model()
    tables = [b for b in model.blocks if isinstance(b, Table)]
    assert len(tables) >= 10
    for table in tables:  # every table's header and first column, whole
        for cell in [*table.headers[:1], *(row[0] for row in table.rows)]:
            assert "".join(cell.split()).replace("-", "") in solid, cell
    assert "Year 1 (2027)" in text and "Cash at the end" in text
    k = offshore.kpis
    assert f"${k.total_revenue:,.0f}" in text  # 4,775,609 on the cover and the key figures


def test_the_pdf_says_what_the_docx_says(offshore: Projection, tmp_path: Path) -> None:
    """Both files come from one model: every paragraph of the DOCX is in the PDF, in order."""
    made = document_files(offshore, formats=("docx", "pdf"))
    paragraphs = [
        _words(p.text)
        for p in docx.Document(io.BytesIO(made.files["docx"])).paragraphs
        if p.text.strip() and p.style.name != "Caption"
    ]
    text = _words(pdf_text(made.files["pdf"], tmp_path))
    at = 0
    for paragraph in paragraphs:
        found = text.find(paragraph[:60], at)
        assert found >= 0, paragraph
        at = found


def test_page_count_and_page_numbers(no_browser_pdf: bytes, tmp_path: Path) -> None:
    pages = pdf_pages(no_browser_pdf, tmp_path)
    assert 5 <= pages <= 30, pages  # 7 pages of text and tables for the offshore plan
    assert "page 1" not in pdf_text(no_browser_pdf, tmp_path, first=1)  # the cover: no footer
    second = _words(pdf_text(no_browser_pdf, tmp_path, first=2))
    assert "Offshore voice and chat support, Manila | Business plan | page 2" in second
    last = _words(pdf_text(no_browser_pdf, tmp_path, first=pages))
    assert f"page {pages}" in last


def test_a_plan_name_made_of_typst_markup_prints_literally(tmp_path: Path) -> None:
    data = plan_to_dict(load_template("kpo_research_analytics"))
    data["settings"]["name"] = MARKUP_NAME
    data["settings"]["location"] = "Pune = *India* #strong[x]"
    projection = project(plan_from_dict(data))
    content = pdf_bytes(_Builder(projection, {}).model())
    first = _words(pdf_text(content, tmp_path, first=1))
    assert first.startswith(_words(MARKUP_NAME)), first[:120]
    assert "Pune = *India* #strong[x]" in first
    assert f"{_words(MARKUP_NAME)} | Business plan | page 2" in _words(
        pdf_text(content, tmp_path, first=2)
    )
    # The page is still A4 (a `#set page(width: 1cm)` that ran would make it 1 cm wide).
    path = tmp_path / "size.pdf"
    path.write_bytes(content)
    info = subprocess.run(
        [_tool("pdfinfo"), str(path)], capture_output=True, text=True, check=True
    ).stdout
    assert "595.276 x 841.89 pts (A4)" in info


def test_the_peso_sign_prints_in_a_peso_plan(tmp_path: Path) -> None:
    # a one-currency starter (the offshore one already pays its Manila costs in PHP)
    data = plan_to_dict(load_template("kpo_research_analytics"))
    data["settings"]["currency"] = "PHP"
    projection = project(plan_from_dict(data))
    text = pdf_text(pdf_bytes(_Builder(projection, {}).model()), tmp_path, first=1)
    revenue = f"₱{round(projection.kpis.total_revenue):,}"
    assert revenue in text  # the cover's total revenue, with the sign (no missing glyph)


def test_a_statement_split_over_two_tables_is_split_the_same_way_in_the_pdf(
    tmp_path: Path,
) -> None:
    """Ten plan years at 8 pt do not fit 17 cm: both files print the years as two tables, each
    repeating the line names (`_fit_columns`), so no figure is cut."""
    plan = load_template("nearshore_it_helpdesk")
    plan = plan.model_copy(
        update={"settings": plan.settings.model_copy(update={"horizon_months": 120})}
    )
    model = _Builder(project(plan), {}).model()
    pnl = next(b for b in model.blocks if isinstance(b, Table) and b.rows[0][0] == "Revenue")
    assert len(pnl.parts) == 2
    text = _words(pdf_text(pdf_bytes(model), tmp_path))
    assert text.count("Year 10 (2036)") >= 3  # P&L, cash flow and balance sheet, each split
    for part in pnl.parts:
        assert sum(part.widths) == pytest.approx(17.0, abs=0.01)


@pytest.fixture
def fresh_charts() -> None:
    """No chart images kept from earlier tests."""
    render.CACHE.clear()


def test_charts_are_drawn_once_and_the_pdf_has_the_docx_images(
    offshore: Projection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_charts: None
) -> None:
    require_tool(find_browser() is not None, "Chrome or Chromium", "apt-get install chromium")
    drawn: list[int] = []
    original = render._BrowserService.render

    def counting(self, figures, opts, done):  # type: ignore[no-untyped-def]
        drawn.append(len(figures))
        return original(self, figures, opts, done)

    monkeypatch.setattr(render._BrowserService, "render", counting)
    steps: list[tuple[float, str]] = []
    made = document_files(offshore, lambda share, text: steps.append((share, text)))
    assert made.charts_included and made.missing is None
    assert drawn == [len(chart_names())]  # one batch, every chart once, for both files
    shares = [s for s, _ in steps]
    assert shares == sorted(shares) and shares[-1] == 1.0
    n = len(chart_names())
    assert [t for _, t in steps if t.startswith("Drawn")][-1] == f"Drawn {n} of {n} charts"
    assert "Typesetting the PDF" in [t for _, t in steps]

    again = document_bytes(offshore, file_format="pdf")
    assert drawn == [len(chart_names())]  # an unchanged plan: the images come from the cache
    assert again.charts_included

    model = build_document(offshore).model
    charts = [b for b in model.blocks if isinstance(b, Chart)]
    media = zipfile.ZipFile(io.BytesIO(made.files["docx"]))
    docx_pngs = [media.read(n) for n in sorted(media.namelist()) if n.startswith("word/media/")]
    assert sorted(docx_pngs) == sorted(c.png for c in charts)  # the DOCX holds the model's PNGs
    assert pdf_images(made.files["pdf"], tmp_path) == [(2000, 960)] * len(charts)  # so does the PDF
    text = _words(pdf_text(made.files["pdf"], tmp_path))
    for chart in charts:
        assert f"Figure {chart.number}. {_words(chart.captions[0])[:50]}" in text


def test_without_a_browser_the_pdf_has_no_images_and_no_captions(
    no_browser_pdf: bytes, tmp_path: Path
) -> None:
    assert pdf_images(no_browser_pdf, tmp_path) == []
    assert "Figure 1." not in pdf_text(no_browser_pdf, tmp_path)


def test_a_cached_image_is_not_used_where_no_browser_is_found(
    offshore: Projection, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The document degrades the same way whatever ran before: images kept from an earlier
    export are not shown once the browser is gone."""
    from planner.charts import figures as charts
    from planner.export.docx.document import CHART_HEIGHT_PX, CHART_WIDTH_PX, for_print

    fig = for_print(charts.cash_balance(offshore))
    key = render.figure_key(fig, width=CHART_WIDTH_PX, height=CHART_HEIGHT_PX, scale=2.0)
    monkeypatch.setattr(render, "CACHE", render._Cache(4))  # the stand-in image stays here
    render.CACHE.put(key, b"\x89PNG cached")
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    images, missing = render.chart_pngs(
        {"cash_balance": lambda: fig}, width=CHART_WIDTH_PX, height=CHART_HEIGHT_PX
    )
    assert images == {} and missing == render.NO_BROWSER


def test_the_image_cache_is_keyed_by_the_figure_and_its_size(offshore: Projection) -> None:
    from planner.charts import figures as charts

    one = charts.cash_balance(offshore)
    same = charts.cash_balance(offshore)
    other = charts.revenue_and_costs(offshore)
    key = render.figure_key
    assert key(one, width=1000, height=480, scale=2) == key(same, width=1000, height=480, scale=2)
    assert key(one, width=1000, height=480, scale=2) != key(other, width=1000, height=480, scale=2)
    assert key(one, width=1000, height=480, scale=2) != key(one, width=900, height=480, scale=2)


def test_the_cache_keeps_the_most_recently_used_images() -> None:
    cache = render._Cache(2)
    cache.put("a", b"1")
    cache.put("b", b"2")
    assert cache.get("a") == b"1"  # "a" used: "b" is now the oldest
    cache.put("c", b"3")
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == (b"1", None, b"3")


def test_headings_of_the_model_are_the_skeleton_sections(offshore: Projection) -> None:
    model = _Builder(offshore, {}).model()
    assert [b.text for b in model.blocks if isinstance(b, Heading) and b.level == 1] == (
        section_titles()
    )
