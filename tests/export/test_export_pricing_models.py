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
from tests.export.test_export_recalc_libreoffice import close, recalculate
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
        cached = openpyxl.load_workbook(path, data_only=True)
        formulas = openpyxl.load_workbook(path)
        fresh = openpyxl.load_workbook(done[path], data_only=True)
        wrong = []
        for ws in formulas.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    if cell.data_type != "f":
                        continue
                    want = cached[ws.title][cell.coordinate].value
                    got = fresh[ws.title][cell.coordinate].value
                    if isinstance(want, (int, float)) and isinstance(got, (int, float)):
                        ok = close(float(want), float(got))
                    else:
                        ok = want == got
                    if not ok:
                        wrong.append(f"{ws.title}!{cell.coordinate} {cell.value}: {want} vs {got}")
        assert not wrong, f"{path.stem}: {len(wrong)} differ, first: " + "\n".join(wrong[:8])
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
