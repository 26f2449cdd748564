"""The workbook's Assumptions sheet and the written plan say how each service line is staffed,
in words: the channel, chats at once, the response deadline, the dials (issue 14, item 6)."""

from __future__ import annotations

import io

import docx
import openpyxl
import pytest

from planner.engine.pipeline import project
from planner.export import document_bytes, workbook_bytes
from tests.engine.test_channel_lines import mixed_plan

CHAT = "Chat (several at once): 80% answered within 60 s, 2 chats at once, each 10% longer per "
EMAIL = "E-mail (response deadline): every item answered within 4 hours of opening time"
DIALS = "Outbound dialling: 30% of dials reach someone (180 s talk + 60 s wrap-up), 30 s per"


@pytest.fixture(scope="module")
def projection():  # type: ignore[no-untyped-def]
    return project(mixed_plan())


def test_the_assumptions_sheet_lists_each_lines_channel_settings(projection) -> None:  # type: ignore[no-untyped-def]
    wb = openpyxl.load_workbook(io.BytesIO(workbook_bytes(projection)), data_only=True)
    cells = [str(c.value) for row in wb["Assumptions"].iter_rows() for c in row if c.value]
    assert "How it is staffed" in cells
    assert any(c.startswith(CHAT) for c in cells)
    assert EMAIL in cells
    assert any(c.startswith(DIALS) for c in cells)
    assert "dials per month" in cells


def test_the_document_table_of_service_lines_says_how_each_is_staffed(
    projection, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")  # tables only: no charts needed
    doc = docx.Document(io.BytesIO(document_bytes(projection).content))
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Service line")
    assert [c.text for c in table.rows[0].cells] == [
        "Service line", "Family", "Peak volume", "How it is staffed", "Peak FTE",
    ]  # fmt: skip
    staffed = [r.cells[3].text for r in table.rows[1:]]
    assert any(s.startswith(CHAT) for s in staffed) and EMAIL in staffed
    assert any(s.startswith(DIALS) for s in staffed)
    volumes = [r.cells[2].text for r in table.rows[1:]]
    assert any(v.endswith("dials per month") for v in volumes)
