"""The exports as a lender and an accountant read them: plain words, figures that add up, and
spreadsheets that print and read as money and percentages."""

from __future__ import annotations

import io
import re
import struct
import zlib

import docx
import openpyxl
import pytest

from planner.engine.pipeline import project
from planner.engine.projection import Projection
from planner.export import workbook_bytes
from planner.export.docx.document import _Builder, chart_names
from planner.export.xlsx.layout import HEADER_ROW
from planner.export.xlsx.sources import source_label
from planner.model.files import load_plan, plan_to_dict
from tests.support.tools import ROOT

TEMPLATES = sorted((ROOT / "templates" / "plans").glob("*.yaml"))
SLUG = re.compile(r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b")


def _png() -> bytes:
    """The smallest valid PNG (one white pixel), standing in for a rendered chart."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff"))
        + chunk(b"IEND", b"")
    )


@pytest.fixture(scope="module", params=TEMPLATES, ids=lambda p: p.stem)
def written(request: pytest.FixtureRequest) -> tuple[Projection, _Builder, docx.document.Document]:
    projection = project(load_plan(request.param))
    builder = _Builder(projection, {name: _png() for name in chart_names()})
    return projection, builder, docx.Document(io.BytesIO(builder.build()))


def _all_text(doc: docx.document.Document) -> str:
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_document_has_no_ids_none_or_broken_articles(written: tuple) -> None:
    _, _, doc = written
    text = _all_text(doc)
    assert not SLUG.findall(text), sorted(set(SLUG.findall(text)))
    assert not re.search(r"\bNone\b|\bnan\b|\{\{|\{%", text)
    assert not re.search(r"(?<![&\w])[Aa] (offshore|onshore|office|[aeiou]\w*)\b", text)
    assert "pattern" not in text  # "on a three shifts pattern"


def test_money_is_written_one_way(written: tuple) -> None:
    # "$1,234" (planner.report.format): never "USD1234", "1,234 USD", "$1234" or "(1,234)". The
    # founder's own narrative may say "USD 200,000": that is theirs, not a second format.
    projection, _, doc = written
    cur = projection.plan.settings.currency
    text = _all_text(doc)
    assert cur == "USD" and "$" in text
    assert not re.search(
        rf"\b{cur}\d|\d {cur}\b|{cur} \d{{4}}|\$\d{{4}}|\(\d{1, 3}(,\d{3})+\)", text
    )


def test_every_table_has_a_bold_header_row(written: tuple) -> None:
    _, _, doc = written
    for table in doc.tables:
        runs = [run for cell in table.rows[0].cells for p in cell.paragraphs for run in p.runs]
        assert runs and all(run.bold for run in runs if run.text), table.rows[0].cells[0].text


def test_every_chart_has_a_numbered_caption(written: tuple) -> None:
    _, _, doc = written
    captions = [p.text for p in doc.paragraphs if p.style.name == "Caption"]
    assert len(doc.inline_shapes) == len(chart_names()) == len(captions)
    assert [c.split(".")[0] for c in captions] == [f"Figure {i + 1}" for i in range(len(captions))]


def test_without_charts_there_are_no_orphan_captions() -> None:
    projection = project(load_plan(TEMPLATES[0]))
    doc = docx.Document(io.BytesIO(_Builder(projection, {}).build()))
    assert not [p for p in doc.paragraphs if p.style.name == "Caption"]


def test_funding_sources_equal_uses_and_the_text_names_them(written: tuple) -> None:
    projection, builder, doc = written
    funding = builder.context["funding"]
    uses = sum(x for _, x in funding["uses"])
    assert funding["total"] == pytest.approx(uses, abs=1.0)
    opening = projection.plan.financing.opening_cash
    assert funding["external"] >= opening
    section = _section_text(doc, "Funding request")
    assert builder.f.money(funding["external"]) in section
    assert "Total sources" in _all_text(doc)


def test_staffing_and_compliance_say_specific_figures(written: tuple) -> None:
    projection, builder, doc = written
    team = _section_text(doc, "Team and staffing plan")
    assert f"peaks at {projection.kpis.peak_headcount}" in team
    compliance = _section_text(doc, "Compliance and paperwork")
    if builder.context["longest_lead"]:
        assert "has to start by" in compliance


def _section_text(doc: docx.document.Document, title: str) -> str:
    out, inside = [], False
    for p in doc.paragraphs:
        if p.style.name == "Heading 1":
            inside = p.text == title
        elif inside:
            out.append(p.text)
    return "\n".join(out)


# --- the workbook ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def book() -> tuple[Projection, openpyxl.Workbook]:
    projection = project(load_plan(ROOT / "templates" / "plans" / "offshore_voice_support.yaml"))
    return projection, openpyxl.load_workbook(io.BytesIO(workbook_bytes(projection)))


def test_every_table_sheet_repeats_its_header_row_when_printed(book: tuple) -> None:
    _, wb = book
    for ws in wb.worksheets:
        if ws.title in {"Summary", "Assumptions"}:
            continue  # one page, and a sheet of many small tables each with its own header
        assert ws.print_title_rows, f"{ws.title} has no print titles"
        assert ws.freeze_panes not in (None, "A1"), ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title


def test_sources_sheet_reads_in_words_with_percentages(book: tuple) -> None:
    _, wb = book
    ws = wb["Sources"]
    rows = list(ws.iter_rows(min_row=HEADER_ROW + 2, max_col=2))
    assert rows
    for label, value in rows:
        assert "." not in label.value and "_" not in label.value, label.value
        if isinstance(value.value, float) and value.value < 1:
            assert value.number_format.endswith("%"), (label.value, value.number_format)
        assert ws.row_dimensions[label.row].height, "wrapped sources get a row height"


def test_source_label_names_list_entries() -> None:
    plan = load_plan(ROOT / "templates" / "plans" / "offshore_voice_support.yaml")
    data = plan_to_dict(plan)
    role = plan.staffing.roles[0].name
    assert source_label(data, "staffing.roles.0.monthly_wage") == f"Staffing: {role}, monthly wage"
    assert source_label(data, "financing.tax_rate") == "Financing: tax rate"


def test_balance_check_is_rounded_and_never_minus_zero(book: tuple) -> None:
    _, wb = book
    ws = wb["Balance sheet"]
    header = [c.value for c in ws[HEADER_ROW + 1]]
    col = header.index("Check (0 = balances)") + 1
    formula = ws.cell(HEADER_ROW + 2, col).value
    assert formula.startswith("=ROUND(")


def test_headcount_on_the_summary_is_whole_people(book: tuple) -> None:
    _, wb = book
    ws = wb["Summary"]
    row = next(r for r in ws.iter_rows() if r[0].value == "Headcount at year end")
    assert "." not in row[1].number_format.split(";")[0]


def test_document_lists_current_sources_and_marks_changed_ones() -> None:
    # The nearshore starter with a 35% tax: the Mexican 30% note is marked, not presented as
    # the source of 35%; unchanged notes are listed plainly.
    from planner.model.files import plan_from_dict, plan_to_dict
    from planner.model.starters import load_template

    data = plan_to_dict(load_template("nearshore_it_helpdesk"))
    data["financing"]["tax_rate"] = 0.35
    projection = project(plan_from_dict(data))
    doc = docx.Document(io.BytesIO(_Builder(projection, {}).build()))
    text = _all_text(doc)
    assert "Where the figures come from" in text
    assert "Mexico corporate income tax 30%" in text
    assert "(changed since this source, written for 30%)" in text
    assert "classroom 2-3 weeks" in text  # training weeks unchanged: listed, not marked
    assert text.count("changed since this source, written for") == 1


def test_the_lender_section_shows_dscr_covenant_credit_line_and_contingency() -> None:
    plan = load_plan(ROOT / "templates" / "plans" / "onshore_bookkeeping_payroll.yaml")
    from planner.model.plan import CreditLine

    line = CreditLine(limit=80_000, yearly_rate=0.09)
    fin = plan.financing.model_copy(update={"opening_cash": 120_000, "credit_line": line})
    projection = project(plan.model_copy(update={"financing": fin}))
    builder = _Builder(projection, {})
    headers, rows, _ = builder._table_dscr()
    assert headers[-1] == "Covenant 1.25"
    assert rows[0][0] == "Year 1 (2027)" and rows[0][-1] == "below"  # EBITDA - tax < 0
    funding = {row[0]: row for row in builder._table_funding()[1]}
    assert funding["Credit line"][1] == "$80,000"
    uses = dict(builder.context["funding"]["uses"])
    assert uses["Contingency (10% of the spending above)"] > 0  # the starter's 10%
    assert builder.context["lender"]["below"] == ["Year 1 (2027)"]
