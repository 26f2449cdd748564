"""The workbook bills the eight pricing models live: a base fee column (Assumptions and Revenue)
only in a plan with a base fee + per contact contract, and, recalculated by LibreOffice, every
formula and statement of a plan using all eight models gives the engine's figures."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

from planner.engine.pipeline import project
from planner.export import workbook_bytes
from planner.export.xlsx.layout import HEADER_ROW
from planner.export.xlsx.statements import STATEMENTS
from planner.model.files import load_plan, plan_from_dict
from tests.export.test_export_recalc_libreoffice import close, formula_differences, recalculate
from tests.support.pricing_plans import eight_models_data, eight_models_plan
from tests.support.tools import ROOT


def _headers(ws: openpyxl.worksheet.worksheet.Worksheet) -> dict[str, int]:
    return {ws.cell(HEADER_ROW + 1, c).value: c for c in range(1, ws.max_column + 1)}


def test_the_revenue_sheet_adds_the_base_fee_to_revenue_as_a_formula() -> None:
    projection = project(eight_models_plan())
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(projection)))
    ws = book["Revenue"]
    cols = _headers(ws)
    fee_col, revenue_col = cols["Base fee"], cols["Revenue"]
    client_col = cols["Client"]
    rows = [
        r
        for r in range(HEADER_ROW + 2, ws.max_row + 1)
        if ws.cell(r, client_col).value == "base_plus_per_item voice"
    ]
    assert rows
    fee_letter = openpyxl.utils.get_column_letter(fee_col)
    for r in rows[:3]:
        fee = str(ws.cell(r, fee_col).value)
        assert fee.startswith("=IF(") and "Assumptions!$S$" in fee
        assert f"+{fee_letter}{r}" in str(ws.cell(r, revenue_col).value)
    assumptions = [c.value for row in book["Assumptions"].iter_rows() for c in row]
    assert "Monthly base fee" in assumptions
    notes = " ".join(str(c.value) for row in ws.iter_rows(max_row=HEADER_ROW) for c in row)
    assert "handled minutes (volume x minutes a contact or item" in notes


def test_the_revenue_sheet_bills_the_outbound_line_under_each_of_the_eight_models() -> None:
    # The dials line: 25% of dials reach someone for 200 s talk + 40 s wrap-up, so a dial is
    # 0.25 x 240 / 60 = 1 handled minute: per handled minute its billed units equal its volume.
    projection = project(eight_models_plan())
    ws = openpyxl.load_workbook(io.BytesIO(workbook_bytes(projection)))["Revenue"]
    cols = _headers(ws)
    rows: dict[str, list[int]] = {}
    for r in range(HEADER_ROW + 2, ws.max_row + 1):
        name = str(ws.cell(r, cols["Client"]).value)
        if name.endswith(" dials") and ws.cell(r, cols["Scenario"]).value == "Plan as it stands":
            rows.setdefault(name.removesuffix(" dials"), []).append(r)
    assert sorted(rows) == sorted(
        {s.pricing_model for c in projection.plan.business_plan.clients for s in c.services}
    )
    for r in rows["per_handled_minute"]:
        volume = float(ws.cell(r, cols["Volume"]).value)
        assert float(ws.cell(r, cols["Billed units"]).value) == pytest.approx(volume * 1.0)
    seats = [float(ws.cell(r, cols["Billed units"]).value) for r in rows["per_seat"]]
    assert max(seats) > 0
    notes = " ".join(str(c.value) for row in ws.iter_rows(max_row=HEADER_ROW) for c in row)
    assert "a dial: contact rate x (talk + wrap-up seconds) / 60" in notes
    assert "a queue or outbound line's peak agents" in notes


def test_a_plan_without_a_base_fee_has_no_base_fee_column() -> None:
    plan = load_plan(ROOT / "templates" / "plans" / "offshore_voice_support.yaml")
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(project(plan))))
    assert "Base fee" not in _headers(book["Revenue"])


@pytest.mark.libreoffice
def test_a_plan_billing_all_eight_models_recalculates_to_the_engine(tmp_path: Path) -> None:
    # Two workbooks: the plan with its scenarios (the switch's price driver on the base fee) and
    # without (plain formulas). LibreOffice recalculates both: every formula gives the value
    # written with it, and the three statements give the engine's monthly figures.
    plain = eight_models_data()
    plain.pop("scenarios")
    plans = {"with_scenarios": eight_models_plan(), "plain": plan_from_dict(plain)}
    projections, files = {}, []
    for name, plan in plans.items():
        projections[name] = project(plan)
        path = tmp_path / f"{name}.xlsx"
        path.write_bytes(workbook_bytes(projections[name]))
        files.append(path)
    done = recalculate(files, tmp_path)
    for path in files:
        _, _, wrong = formula_differences(path, done[path])
        assert not wrong, f"{path.stem}: {len(wrong)} differ, first: " + "\n".join(wrong[:8])
        fresh = openpyxl.load_workbook(done[path], data_only=True)
        monthly = projections[path.stem].monthly
        for sheet, lines in STATEMENTS.items():
            ws = fresh[sheet]
            cols = _headers(ws)
            for key, header in lines:
                got = [ws.cell(HEADER_ROW + 2 + i, cols[header]).value for i in range(len(monthly))]
                want = monthly[key].to_numpy(dtype=float)
                bad = [(i, w, g) for i, (w, g) in enumerate(zip(want, got, strict=True))
                       if not isinstance(g, (int, float)) or not close(float(g), w)]  # fmt: skip
                assert not bad, f"{path.stem} {sheet} / {header}: first {bad[:3]}"


def test_the_documents_clients_table_gives_each_price_with_its_unit_in_words() -> None:
    from planner.export.docx.document import _Builder

    projection = project(eight_models_plan())
    _, rows, _ = _Builder(projection, {}, None)._table_clients()
    prices = [row[-1] for row in rows]
    # amounts in the plan currency (named in the heading), then the unit; base fee + per
    # contact names both amounts
    assert "0.35 per handled minute" in prices
    assert "700.00 per seat" in prices
    assert "11.00 per paid hour" in prices
    assert "1,500.00 a month + 1.20 per contact" in prices


def test_the_summary_text_gives_each_price_with_its_unit_in_words() -> None:
    from planner.cli.summary import summary_text

    text = summary_text(project(eight_models_plan()))
    assert "  prices" in text
    assert "base_plus_per_item voice, Voice: $1,500.00 a month + $1.20 per contact" in text
    assert "per_seat forms, Forms: $400.00 per seat" in text
