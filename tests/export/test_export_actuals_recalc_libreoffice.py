"""The Actuals sheet recalculated by LibreOffice: every starter with its sample actuals gives the
variances of `planner.report.variance`, and an actual typed over in the workbook moves its
variance by exactly the change (the sheet is live, not a print-out)."""

from __future__ import annotations

import math
from pathlib import Path

import openpyxl
import pytest

from planner.engine.pipeline import project
from planner.export import workbook_bytes
from planner.export.xlsx.actuals import SHEET
from planner.model.starters import template_ids
from planner.report.variance import variance_table
from tests.export.test_export_actuals_sheet import with_sample
from tests.export.test_export_recalc_libreoffice import recalculate

pytestmark = pytest.mark.libreoffice

TYPED_OVER = 1234.5
"""Added to the first revenue actual of a copy of one workbook before it is recalculated."""


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple]:
    """Per starter (with its long sample and, for one, its QuickBooks sample, and a copy with an
    actual typed over): (variance table, recalculated workbook path)."""
    workdir = tmp_path_factory.mktemp("recalc-actuals")
    cases = {s: with_sample(s) for s in template_ids()}
    cases["offshore_voice_support_quickbooks"] = with_sample(
        "offshore_voice_support", "quickbooks.xlsx"
    )
    tables, files = {}, []
    for name, plan in cases.items():
        target = workdir / f"{name}.xlsx"
        target.write_bytes(workbook_bytes(project(plan)))
        tables[name] = variance_table(project(plan))
        files.append(target)
    typed = workdir / "typed_over.xlsx"
    book = openpyxl.load_workbook(files[0])
    ws = book[SHEET]
    first_revenue = next(r for r in range(5, ws.max_row + 1) if ws[f"C{r}"].value == "Revenue")
    ws[f"D{first_revenue}"].value = float(ws[f"D{first_revenue}"].value) + TYPED_OVER
    book.save(typed)
    tables["typed_over"] = tables[files[0].stem]
    files.append(typed)
    done = recalculate(files, workdir)
    return {f.stem: (tables[f.stem], done[f], first_revenue if f == typed else None) for f in files}


def _rows(path: Path) -> list[tuple]:
    ws = openpyxl.load_workbook(path, data_only=True)[SHEET]
    return list(ws.iter_rows(min_row=5, values_only=True))


@pytest.mark.parametrize("case", [*template_ids(), "offshore_voice_support_quickbooks"])
def test_recalculated_variances_equal_the_engines(recalculated: dict, case: str) -> None:
    table, path, _ = recalculated[case]
    rows = _rows(path)
    assert len(rows) == len(table) > 0
    for row, rec in zip(rows, table.to_dict("records"), strict=True):
        where = f"{rec['month']} {rec['line']}"
        assert row[4] == pytest.approx(rec["plan"], abs=0.005), where
        assert row[5] == pytest.approx(rec["variance"], abs=0.005), where
        if math.isnan(rec["variance_pct"]):
            assert row[6] in ("", None), where
        else:
            assert row[6] * 100 == pytest.approx(rec["variance_pct"], rel=1e-9, abs=1e-6), where
        flag = ("Over" if rec["variance"] > 0 else "Under") if rec["flagged"] else ""
        assert (row[7] or "") == flag, where


def test_an_actual_typed_over_moves_its_variance_by_the_change(recalculated: dict) -> None:
    # variance = (actual + 1,234.50) - plan = the engine's variance + 1,234.50
    table, path, r = recalculated["typed_over"]
    row = _rows(path)[r - 5]
    rec = table.to_dict("records")[r - 5]
    assert row[5] == pytest.approx(rec["variance"] + TYPED_OVER, abs=0.005)
