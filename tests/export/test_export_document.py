"""The written business plan: read back, every section is there, with its tables and charts."""

from __future__ import annotations

import io

import docx
import pytest

from planner.charts.render import find_browser
from planner.engine.pipeline import project
from planner.export import document_bytes
from planner.export.docx.document import chart_names, section_titles
from planner.model.files import load_plan
from tests.support.tools import ROOT, require_tool

TEMPLATE = ROOT / "templates" / "plans" / "offshore_voice_support.yaml"
SECTIONS = [
    "Executive summary",
    "Services and specialty",
    "Market and marketing plan",
    "Operations and resources",
    "Team and staffing plan",
    "Compliance and paperwork",
    "Financial plan",
    "Funding request",
]


@pytest.fixture(scope="module")
def projection():  # type: ignore[no-untyped-def]
    return project(load_plan(TEMPLATE))


def _read(content: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(content))


def _check_text_and_tables(doc: docx.document.Document, projection) -> None:  # type: ignore[no-untyped-def]
    plan = projection.plan
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings == SECTIONS
    assert doc.paragraphs[0].text == "" and any(
        p.style.name == "Title" and p.text == plan.settings.name for p in doc.paragraphs
    ), "a cover with the plan's name"
    text = "\n".join(p.text for p in doc.paragraphs)
    # The founder's own words are used as written.
    assert plan.business_plan.narrative.executive_summary.split(".")[0] in text
    assert plan.business_plan.narrative.funding_request.split(".")[0] in text
    tables = doc.tables
    assert len(tables) >= 12
    first_cells = {t.rows[0].cells[0].text for t in tables}
    assert {"Key figure", "Service line", "Client", "Role", "Item", "Source"} <= first_cells
    yearly = [t for t in tables if t.rows[0].cells[0].text == plan.settings.currency]
    assert len(yearly) == 3  # P&L, cash flow, balance sheet by year
    revenue_row = next(r for r in yearly[0].rows if r.cells[0].text == "Revenue")
    year1 = float(projection.monthly["revenue"].iloc[:12].sum())
    assert revenue_row.cells[1].text == f"{round(year1):,.0f}"


def test_skeleton_names_every_section_in_order() -> None:
    assert section_titles() == SECTIONS
    assert chart_names() == [
        "headcount_by_role",
        "revenue_and_costs",
        "costs_by_category",
        "cash_balance",
    ]


def test_document_has_every_section_table_and_chart(projection) -> None:  # type: ignore[no-untyped-def]
    require_tool(find_browser() is not None, "Chrome or Chromium", "apt-get install chromium")
    steps: list[tuple[float, str]] = []
    result = document_bytes(projection, progress=lambda share, text: steps.append((share, text)))
    assert result.charts_included and result.missing is None
    doc = _read(result.content)
    _check_text_and_tables(doc, projection)
    assert len(doc.inline_shapes) == len(chart_names())
    shares = [s for s, _ in steps]
    assert shares == sorted(shares) and shares[-1] == 1.0
    assert any("chart" in text for _, text in steps)


def test_without_a_browser_the_document_has_tables_and_says_what_is_missing(
    projection, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    result = document_bytes(projection)
    assert not result.charts_included
    assert result.missing is not None
    assert "Chromium" in result.missing and "install" in result.missing.lower()
    doc = _read(result.content)
    _check_text_and_tables(doc, projection)
    assert len(doc.inline_shapes) == 0
