"""The risk runs in the exports: the workbook's Risk sheet and the document's Risk section hold
exactly what `planner.report.risk.run_risk` gives for the same plan (20 runs: fast)."""

from __future__ import annotations

import io
from functools import cache

import openpyxl
import pytest

from planner.engine.pipeline import project
from planner.export import workbook_bytes
from planner.export.xlsx.layout import SHEETS
from planner.model.drivers import DEFAULT_RISK
from planner.model.files import load_plan
from planner.model.plan import Plan
from planner.report.risk import RiskResult, run_risk
from tests.support.tools import ROOT

RUNS = 20


@cache
def _plan() -> Plan:
    plan = load_plan(ROOT / "templates" / "plans" / "offshore_voice_support.yaml")
    return plan.model_copy(update={"risk": DEFAULT_RISK.model_copy(update={"runs": RUNS})})


@cache
def _result() -> RiskResult:
    return run_risk(_plan())


@cache
def _sheet_rows() -> list[tuple[object, ...]]:
    content = workbook_bytes(project(_plan()), _result())
    wb = openpyxl.load_workbook(io.BytesIO(content), data_only=True)
    assert wb.sheetnames == [*SHEETS, "Risk"]
    return [tuple(r) for r in wb["Risk"].iter_rows(values_only=True)]


def _row(label: str) -> tuple[object, ...]:
    """The first row labelled `label` (a driver's settings come before its rank correlation)."""
    found = [r for r in _sheet_rows() if r[0] == label]
    assert found, f"no row {label!r}"
    return found[0]


def test_the_risk_sheet_says_its_figures_are_results_of_the_runs() -> None:
    note = str(_sheet_rows()[2][0])
    assert note.startswith(f"Values: results of {RUNS} runs, seed 7; recalculate in the app")


def test_the_risk_sheet_holds_run_risks_percentiles_and_probability() -> None:
    result = _result()
    for metric, label in (
        ("funding_needed", "Funding needed beyond the plan's financing"),
        ("ending_cash", "Cash at the end of the plan"),
        ("lowest_cash", "Lowest cash"),
    ):
        s = result.stats(metric)  # type: ignore[arg-type]
        assert _row(label)[1:6] == pytest.approx([s["p5"], s["p50"], s["p90"], s["p95"], s["mean"]])
    share = _row("Share of runs whose cash falls below zero")[1]
    assert share == pytest.approx(result.prob_cash_below_zero)


def test_the_risk_sheet_holds_the_cash_fan_month_by_month() -> None:
    fan = _result().cash_fan()
    rows = _sheet_rows()
    start = next(i for i, r in enumerate(rows) if r[0] == "Month") + 1
    body = rows[start : start + len(fan)]
    assert len(body) == len(fan)
    assert [r[3] for r in body] == pytest.approx(fan["p50"].tolist())
    assert [r[5] for r in body] == pytest.approx(fan["p95"].tolist())


def test_the_risk_sheet_lists_the_drivers_that_matter_in_order() -> None:
    table = _result().importance()
    rows = _sheet_rows()
    start = next(i for i, r in enumerate(rows) if r[0] == "Driver" and r[1] != "Low") + 1
    body = rows[start : start + len(table)]
    assert [r[0] for r in body] == table["label"].tolist()
    assert [r[1] for r in body] == pytest.approx(table["rho"].tolist())


def test_the_risk_sheet_gives_the_settings_the_runs_used() -> None:
    assert _row("Volume")[1:4] == pytest.approx([0.8, 1.0, 1.15])
    assert _row("Runs")[1] == RUNS and _row("Seed")[1] == 7


def test_without_risk_results_the_workbook_has_no_risk_sheet() -> None:
    wb = openpyxl.load_workbook(io.BytesIO(workbook_bytes(project(_plan()))))
    assert wb.sheetnames == list(SHEETS)


# --- the document's Risk section ------------------------------------------------------------


def _document_text(risk: RiskResult | None) -> tuple[list[str], list[list[str]]]:
    """The Word document's paragraphs and the risk table's rows (no charts: no browser needed)."""
    from docx import Document

    from planner.export.docx.document import _Builder
    from planner.export.docx.render import docx_bytes

    model = _Builder(project(_plan()), {}, risk).model()
    doc = Document(io.BytesIO(docx_bytes(model)))
    paragraphs = [p.text for p in doc.paragraphs]
    tables = [
        [[c.text for c in row.cells] for row in t.rows]
        for t in doc.tables
        if t.rows and t.rows[0].cells[0].text.startswith("Figure (")
    ]
    return paragraphs, tables[0] if tables else []


def test_the_document_has_a_risk_section_with_the_headline_and_the_percentiles() -> None:
    from planner.report import format as fmt
    from planner.report.risk_words import headline, planned_funding

    result = _result()
    paragraphs, table = _document_text(result)
    assert "Risk" in paragraphs
    assert headline(result, planned_funding(project(_plan()))) in paragraphs
    assert any(f"run {RUNS} times (seed 7)" in p for p in paragraphs)
    p90 = result.stats("funding_needed")["p90"]
    assert table[0] == ["Figure (USD)", "P5", "P50 (median)", "P90", "P95", "Mean"]
    assert table[1][0] == "Funding needed beyond the plan's financing"
    assert table[1][3] == fmt.money(p90, "USD")


def test_without_risk_results_the_document_has_no_risk_section() -> None:
    paragraphs, table = _document_text(None)
    assert "Risk" not in paragraphs and table == []


def test_the_risk_section_and_its_chart_are_listed_only_with_risk_results() -> None:
    from planner.export.docx.document import chart_names, section_titles

    assert "Risk" not in section_titles() and "risk_cash_fan" not in chart_names()
    assert "Risk" in section_titles(risk=True) and "risk_cash_fan" in chart_names(risk=True)
