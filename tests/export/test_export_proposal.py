"""A bid kept with the plan (`Plan.bids`) in the exports: a one-page Proposal sheet per bid in the
workbook and a "Proposal for <client>" part per bid in the document (DOCX and PDF); a plan
without bids has neither."""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest

from planner.engine.pipeline import project
from planner.engine.projection import Projection
from planner.export import workbook_bytes
from planner.export.docmodel import Heading, Table
from planner.export.docx.document import _Builder
from planner.export.docx.proposal import protecting_model
from planner.export.docx.render import docx_bytes
from planner.export.pdf.render import pdf_bytes
from planner.export.xlsx.layout import SHEETS
from planner.model.files import plan_from_dict
from planner.model.starters import load_template
from tests.export.test_export_pdf import pdf_pages, pdf_text
from tests.model.test_bid_proposal import proposal, with_bids

CLIENT = "Harbour Health (prospect)"
SECOND = "Quayside Insurance (prospect)"


def _prices() -> list[dict[str, Any]]:
    """Eight prices for a 25 % margin on a month costing 2,700 (1,200 contacts, 3 FTE, 3 seats):
    revenue 2,700 / 0.75 = 3,600, so 3.00 per contact and 1,200 per FTE-month. The margins at
    -20 % and +20 % are given as the desk would store them: the sheet shows, never computes."""
    return [
        {"model": "per_fte_month", "price": 1200.0, "margin_under": 0.25, "margin_forecast": 0.25,
         "margin_over": 0.25},
        {"model": "per_paid_hour", "price": 7.5, "margin_under": 0.25, "margin_forecast": 0.25,
         "margin_over": 0.25},
        {"model": "per_productive_hour", "price": 10.71, "margin_under": 0.25,
         "margin_forecast": 0.25, "margin_over": 0.25},
        {"model": "per_handled_minute", "price": 0.6, "margin_under": 0.1, "margin_forecast": 0.25,
         "margin_over": 0.3},
        {"model": "per_item", "price": 3.0, "margin_under": 0.0625, "margin_forecast": 0.25,
         "margin_over": 0.375},
        {"model": "per_seat", "price": 1200.0, "margin_under": 0.25, "margin_forecast": 0.25,
         "margin_over": 0.2},
        {"model": "monthly_retainer", "price": 3600.0, "margin_under": 0.4,
         "margin_forecast": 0.25, "margin_over": 0.1},
        {"model": "base_plus_per_item", "price": 2.0, "base_fee": 1200.0, "margin_under": 0.2,
         "margin_forecast": 0.25, "margin_over": 0.3},
    ]  # fmt: skip


@cache
def _projection(bids: int) -> Projection:
    """The offshore starter with `bids` bids kept (0: the starter itself)."""
    if bids == 0:
        return project(load_template("offshore_voice_support"))
    made = [proposal(prices=_prices(), chosen_model="per_item")]
    if bids > 1:
        made.append(proposal(client=SECOND, prices=_prices(), chosen_model="monthly_retainer"))
    return project(plan_from_dict(with_bids(*made)))


@cache
def _workbook(bids: int) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(workbook_bytes(_projection(bids))))


def _rows(sheet: Any) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in sheet.iter_rows(values_only=True)]


def _row(rows: list[tuple[Any, ...]], label: str) -> tuple[Any, ...]:
    found = [r for r in rows if r[0] == label]
    assert found, f"no row {label!r}"
    return found[0]


def test_a_plan_without_bids_has_no_proposal_sheet() -> None:
    assert _workbook(0).sheetnames == list(SHEETS)


def test_one_bid_gives_one_proposal_sheet_after_sources() -> None:
    assert _workbook(1).sheetnames == [*SHEETS, "Proposal"]


def test_two_bids_give_two_numbered_proposal_sheets_each_for_its_client() -> None:
    wb = _workbook(2)
    assert wb.sheetnames == [*SHEETS, "Proposal 1", "Proposal 2"]
    assert wb["Proposal 1"]["A1"].value == f"Proposal for {CLIENT}"
    assert wb["Proposal 2"]["A1"].value == f"Proposal for {SECOND}"


def test_the_proposal_sheet_holds_the_service_forecast_staffing_and_costs() -> None:
    rows = _rows(_workbook(1)["Proposal"])
    assert _row(rows, "Channel")[1] == "Voice (calls)"
    # the service line by the name the founder sees in the plan, not its id
    line = _projection(1).plan.bids[0].service_line
    names = {s.id: s.name for s in _projection(1).plan.specialty.service_lines}
    assert _row(rows, "Service line in the plan")[1] == names[line] != line
    assert _row(rows, "Service targets")[1] == "80 % answered within 20 seconds"
    assert _row(rows, "Contacts per month (forecast mean)")[1] == 1200
    assert _row(rows, "Forecast error on held-back weeks (MAPE)")[1] == pytest.approx(0.081)
    assert _row(rows, "Seasonal-naive forecast error (MAPE)")[1] == pytest.approx(0.112)
    assert _row(rows, "Scheduled FTE (the shifts' paid hours)")[1] == 3.0
    assert _row(rows, "Scheduling loss (scheduled / required hours - 1)")[1] == pytest.approx(0.154)
    assert _row(rows, "Seats")[1] == 3
    # the shift: 08:00, 9 paid hours, 3 agents Monday to Friday, none at the weekend
    assert _row(rows, "08:00")[1:9] == (9, 3, 3, 3, 3, 3, 0, 0)
    assert _row(rows, "Cost per FTE-month")[1] == 900
    assert _row(rows, "Cost per contact")[1] == 2.25
    assert _row(rows, "Cost to serve per month")[1] == 2700


def test_the_proposal_sheet_lists_eight_prices_with_margins_and_marks_the_chosen_one() -> None:
    ws = _workbook(1)["Proposal"]
    rows = _rows(ws)
    header = next(i for i, r in enumerate(rows) if r[0] == "Billing model")
    prices = rows[header + 1 : header + 9]
    assert (
        [r[0] for r in prices]
        == [
            "per FTE per month",
            *(r[0] for r in prices[1:4]),
            "per contact",  # a bid counts contacts, not items
            *(r[0] for r in prices[5:]),
        ]
    )
    per_item = prices[4]
    assert per_item[1:8] == (3, "per contact", 0, 0.0625, 0.25, 0.375, "Chosen")
    base_plus = prices[7]
    assert base_plus[1] == 2 and base_plus[3] == 1200
    assert [r[7] for r in prices].count("Chosen") == 1
    chosen_cell = ws.cell(row=header + 1 + 4 + 1, column=2)  # 1-based: the per-contact price
    other_cell = ws.cell(row=header + 1 + 0 + 1, column=2)
    assert chosen_cell.font.b and not other_cell.font.b
    assert chosen_cell.number_format == '#,##0.00;[Red]-#,##0.00;"-"'
    assert ws.cell(row=header + 1 + 4 + 1, column=6).number_format == "0.0%"


def test_the_proposal_sheet_prints_landscape_on_one_page() -> None:
    ws = _workbook(1)["Proposal"]
    assert ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    # a missing fitToWidth / fitToHeight is the file format's default, 1 page; the other sheets
    # print one page wide and as tall as needed (fitToHeight 0)
    fit = (ws.page_setup.fitToWidth or 1, ws.page_setup.fitToHeight)
    assert fit in ((1, 1), (1, None))


def _headings(projection: Projection) -> list[str]:
    model = _Builder(projection, {}).model()
    return [b.text for b in model.blocks if isinstance(b, Heading) and b.level == 1]


def test_the_document_has_a_proposal_part_only_when_the_plan_has_bids() -> None:
    assert not [h for h in _headings(_projection(0)) if h.startswith("Proposal")]
    assert [h for h in _headings(_projection(2)) if h.startswith("Proposal")] == [
        f"Proposal for {CLIENT}",
        f"Proposal for {SECOND}",
    ]


def test_the_proposal_part_tells_the_forecast_staffing_costs_and_prices() -> None:
    text = _Builder(_projection(1), {}).model().text()
    part = text[text.index(f"Proposal for {CLIENT}") :]
    assert "From 12 weeks of its contact history the next 12 months are forecast at 1,200" in part
    assert "off by 8.1% on average, against 11.2% for repeating the week before" in part
    assert "a scheduling loss of 15.4%" in part
    assert "Cost per FTE-month | 900.00" in part
    per_item = "3.00 per contact |  | 6.3% | 25% | 37.5% | chosen"  # 6.25 % shown to 0.1
    assert f"per contact | {per_item}" in part and "per item" not in part
    # the model that keeps the most margin at 20 % under: the retainer (40 %)
    assert "When volume falls, fixed monthly retainer protects the margin best." in part


def test_models_tied_at_20_percent_under_are_named_together() -> None:
    prices = _prices()
    prices[5]["margin_under"] = 0.4  # per seat now ties with the retainer
    bid = plan_from_dict(with_bids(proposal(prices=prices, chosen_model="per_item"))).bids[0]
    assert protecting_model(bid) == "per seat per month and fixed monthly retainer protect"


def test_each_proposal_starts_a_page_of_its_own() -> None:
    model = _Builder(_projection(2), {}).model()
    headings = [b for b in model.blocks if isinstance(b, Heading) and b.level == 1]
    assert [h.new_page for h in headings if h.text.startswith("Proposal for")] == [True, True]
    assert not any(h.new_page for h in headings if not h.text.startswith("Proposal for"))


def test_each_proposal_has_its_shift_cost_and_price_tables() -> None:
    model = _Builder(_projection(2), {}).model()
    headers = [b.headers[0] for b in model.blocks if isinstance(b, Table)]
    assert headers.count("Shift start") == 2
    assert headers.count("Cost to serve") == 2
    assert headers.count("Billing model") == 2


def test_the_docx_breaks_the_page_before_each_proposal() -> None:
    document = docx.Document(io.BytesIO(docx_bytes(_Builder(_projection(1), {}).model())))
    texts = [p.text for p in document.paragraphs]
    at = texts.index(f"Proposal for {CLIENT}")
    before = document.paragraphs[at - 1]._p.xml
    assert 'w:type="page"' in before


def test_the_pdf_prints_the_proposal(tmp_path: Path) -> None:
    content = pdf_bytes(_Builder(_projection(1), {}).model())
    text = " ".join(pdf_text(content, tmp_path).split())
    assert f"Proposal for {CLIENT}" in text
    assert "protects the margin best" in text
    # the proposal starts its own page: its heading opens the page it is on
    pages = [
        pdf_text(content, tmp_path, first=n) for n in range(1, pdf_pages(content, tmp_path) + 1)
    ]
    page = next(p for p in pages if f"Proposal for {CLIENT}" in p)
    assert page.strip().startswith(f"Proposal for {CLIENT}")
