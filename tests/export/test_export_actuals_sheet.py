"""The workbook's Actuals sheet: written only with actuals; actuals as inputs, the plan's figures as
formulas pointing at the workbook's own statements, variance and variance % as live formulas, and
cached values equal to `planner.report.variance` (LibreOffice recalculation:
test_export_actuals_recalc_libreoffice.py)."""

from __future__ import annotations

import io
import math

import openpyxl
import pytest

from planner.engine.pipeline import project
from planner.export import workbook_bytes
from planner.export.xlsx.actuals import SHEET
from planner.model.plan import Plan
from planner.model.starters import load_template
from planner.report.actuals_import import import_into
from planner.report.variance import variance_table
from tests.support.tools import ROOT

SAMPLES = ROOT / "templates" / "actuals"


def with_sample(starter: str, layout: str = "long.csv") -> Plan:
    """The starter with its sample actuals of `layout` imported."""
    path = SAMPLES / f"{starter}_{layout}"
    plan, _ = import_into(load_template(starter), path.read_bytes(), path.name)
    return plan


def _sheets(plan: Plan) -> tuple[openpyxl.Workbook, openpyxl.Workbook]:
    data = workbook_bytes(project(plan))
    return (
        openpyxl.load_workbook(io.BytesIO(data), data_only=False),
        openpyxl.load_workbook(io.BytesIO(data), data_only=True),
    )


def test_a_plan_without_actuals_has_no_actuals_sheet() -> None:
    formulas, _ = _sheets(load_template("offshore_voice_support"))
    assert SHEET not in formulas.sheetnames


@pytest.fixture(scope="module")
def voice() -> tuple:
    plan = with_sample("offshore_voice_support")
    formulas, cached = _sheets(plan)
    return plan, formulas[SHEET], cached[SHEET], variance_table(project(plan))


def test_one_row_per_actual_with_the_variance_tables_figures_cached(voice: tuple) -> None:
    _, _, cached, table = voice
    rows = list(cached.iter_rows(min_row=5, values_only=True))
    assert len(rows) == len(table)
    for row, rec in zip(rows, table.to_dict("records"), strict=True):
        assert row[2] == rec["label"]
        assert row[3] == pytest.approx(rec["actual"])
        assert row[4] == pytest.approx(rec["plan"])
        assert row[5] == pytest.approx(rec["variance"])
        if math.isnan(rec["variance_pct"]):
            assert row[6] in ("", None)
        else:
            assert row[6] == pytest.approx(rec["variance_pct"] / 100)
        expected_flag = ("Over" if rec["variance"] > 0 else "Under") if rec["flagged"] else ""
        assert (row[7] or "") == expected_flag


def test_actuals_are_inputs_and_the_plan_points_at_the_statements(voice: tuple) -> None:
    _, formulas, _, table = voice
    lines = table["line"].tolist()
    by_line = {}
    for r, line in enumerate(lines, start=5):
        by_line.setdefault(line, r)
    assert formulas[f"D{by_line['revenue']}"].data_type == "n"  # typed, not a formula
    assert formulas[f"E{by_line['revenue']}"].value == "='P&L'!D5"  # month 1 is the P&L's row 5
    assert formulas[f"E{by_line['closing_cash']}"].value.startswith("='Cash flow'!")
    assert formulas[f"E{by_line['receivables']}"].value.startswith("='Balance sheet'!")
    role = next(line for line in lines if line.startswith("headcount:"))
    assert formulas[f"E{by_line[role]}"].value.startswith("=SUMIFS(Staffing!")
    volume = next(line for line in lines if line.startswith("volume:"))
    assert formulas[f"E{by_line[volume]}"].value.startswith("=SUMIFS(Revenue!")
    plan = voice[0]
    assert plan.scenarios  # the starter's scenarios: one block of Revenue rows each
    assert formulas[f"E{by_line[volume]}"].value.endswith(",Scenario)")  # the switch's block
    r = by_line["revenue"]
    assert formulas[f"F{r}"].value == f"=D{r}-E{r}"
    assert formulas[f"G{r}"].value == f'=IF(E{r}=0,"",F{r}/ABS(E{r}))'


def test_the_variance_is_hand_checked_on_one_changed_figure() -> None:
    # Revenue of the plan's month 6 typed as the plan's figure + 1,000.00: variance 1,000.00,
    # variance % = 1,000 / plan.
    plan = load_template("offshore_voice_support")
    month = project(plan).monthly.iloc[5]
    csv = f"month,line,value\n{month['month']},revenue,{month['revenue'] + 1000:.2f}\n"
    plan, _ = import_into(plan, csv.encode(), "one.csv")
    _, cached = _sheets(plan)
    row = next(cached[SHEET].iter_rows(min_row=5, max_row=5, values_only=True))
    assert row[0] == 6
    assert row[5] == pytest.approx(1000.0, abs=0.006)
    # (the actual was typed to the cent, so the variance is 1,000 within half a cent)
    assert row[6] == pytest.approx(1000.0 / month["revenue"], rel=1e-5)
