"""The written plan shows the pay calendar (bonuses, night premium) and the loan terms (grace,
variable rate), through the skeleton's `pay_calendar` table and the funding table."""

from __future__ import annotations

import io

import docx
import pytest

from planner.engine.pipeline import project
from planner.export import document_bytes
from planner.model.files import load_plan, plan_from_dict, plan_to_dict
from tests.support.tools import ROOT

TEMPLATE = ROOT / "templates" / "plans" / "offshore_voice_support.yaml"


@pytest.fixture(scope="module")
def doc() -> docx.document.Document:
    data = plan_to_dict(load_plan(TEMPLATE))
    data["financing"]["loans"].append(
        {"name": "Variable loan", "amount": 50_000, "term_months": 36, "grace_months": 3,
         "rates_by_year": [0.08, 0.1]}
    )  # fmt: skip
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("BROWSER_PATH", "/nonexistent/chromium")  # text and tables only: no charts
        content = document_bytes(project(plan_from_dict(data))).content
    return docx.Document(io.BytesIO(content))


def _table(doc: docx.document.Document, first_header: str) -> list[list[str]]:
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == first_header)
    return [[c.text for c in row.cells] for row in table.rows]


def test_the_pay_calendar_table_names_each_bonus_and_the_night_premium(
    doc: docx.document.Document,
) -> None:
    p = project(load_plan(TEMPLATE))
    rows = _table(doc, "Pay item")
    assert rows[1][:3] == [
        "13th-month pay",
        "in December",
        "1 monthly wage a year, no employer costs on it",
    ]
    # Paid in plan year 1 = the December payment, what was accrued January to December.
    december = float(p.pay_calendar["paid"][p.pay_calendar["month_no"] == 12].sum())
    assert december > 0 and rows[1][3] == f"{december:,.0f}"
    assert rows[2][0] == "Night premium"
    assert rows[2][2] == "10% more pay on the 33.3% of shift workers' hours worked 22:00-06:00"
    text = "\n".join(par.text for par in doc.paragraphs)
    assert "The pay calendar: bonuses are expensed month by month" in text


def test_loan_terms_say_grace_and_a_variable_rate(doc: docx.document.Document) -> None:
    terms = {row[0]: row[2] for row in _table(doc, "Source")}
    bank = terms["Five-year term loan for fit-out, workstations and working capital"]
    assert bank.startswith("9.5% a year over 60 months, the first 6 interest only from ")
    variable = terms["Variable loan"]
    assert variable.startswith(
        "variable: 8% in year 1, 10% in year 2 and later over 36 months, the first 3 interest only"
    )


def test_the_yearly_balance_sheet_shows_bonuses_owed(doc: docx.document.Document) -> None:
    balance = next(t for t in doc.tables if "Total assets" in [r.cells[0].text for r in t.rows])
    heads = [row.cells[0].text for row in balance.rows]
    # after the loans and the income tax owed
    assert heads.index("Loans outstanding") + 2 == heads.index("Bonuses owed to staff")
