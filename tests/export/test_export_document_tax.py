"""The written plan's tax paragraph and table (financial plan), from the plan's tax rules."""

from __future__ import annotations

import io

import docx
import pytest

from planner.engine.pipeline import project
from planner.export import document_bytes
from planner.model.files import load_plan
from tests.support.tools import ROOT

ONSHORE = ROOT / "templates" / "plans" / "onshore_bookkeeping_payroll.yaml"
OFFSHORE = ROOT / "templates" / "plans" / "offshore_voice_support.yaml"


def _document(path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")  # tables and text only
    p = project(load_plan(path))
    return p, docx.Document(io.BytesIO(document_bytes(p).content))


def test_tax_table_applies_the_loss_limit_by_year(monkeypatch: pytest.MonkeyPatch) -> None:
    p, doc = _document(ONSHORE, monkeypatch)
    pbt = p.monthly["profit_before_tax"].to_numpy()
    y1, y2, y3 = (float(pbt[i : i + 12].sum()) for i in (0, 12, 24))
    assert y1 < 0 < y2
    # 22.98% on profit; losses offset at most 80% of a year's profit: year 2 offsets
    # min(year 1's loss, 80% x year 2's profit); year 3 has no loss left.
    offset = min(-y1, 0.8 * y2)
    want = [0.0, 0.2298 * (y2 - offset), 0.2298 * y3]
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Year")
    rows = [[c.text for c in r.cells] for r in table.rows[1:]]
    assert [r[1] for r in rows] == ["22.98% of profit"] * 3
    assert [r[3] for r in rows] == [f"{round(x):,.0f}" for x in want]
    # owed at year end = tax of the year to date - tax paid to date (paid after each quarter)
    owed = p.monthly["tax_payable"].to_numpy()
    assert [r[5] for r in rows] == [f"{round(float(owed[i])):,.0f}" for i in (11, 23, 35)]
    text = "\n".join(par.text for par in doc.paragraphs)
    assert "Income tax is 22.98% of profit from year 1" in text
    assert "losses may offset at most 80% of a year's profit" in text
    assert "after each calendar quarter (in April, July, October and January)" in text
    balance = [t for t in doc.tables if t.rows[0].cells[0].text == "USD"][2]
    assert any(r.cells[0].text == "Tax owed (not yet paid)" for r in balance.rows)


def test_holiday_then_gross_income_in_words(monkeypatch: pytest.MonkeyPatch) -> None:
    _, doc = _document(OFFSHORE, monkeypatch)
    text = "\n".join(par.text for par in doc.paragraphs)
    assert "Income tax is 0% of profit in years 1-4, then 5% of gross income from year 5" in text
    assert "A loss may be carried forward 3 years." in text
    assert "A year without income tax on profit adds no loss." in text
    assert "Over the plan the income tax comes to $0." in text
