"""AppTest: the Export page offers the workbook, the document (with progress) and CSV tables."""

from __future__ import annotations

import pytest

from planner.export.tables import TABLES
from tests.support.ui import TEMPLATE_IDS, app_on, assert_clean, template

PAGE = "ui/views/export.py"


def _downloads(at: object) -> dict[str, object]:
    return {d.proto.label: d for d in at.get("download_button")}  # type: ignore[attr-defined]


@pytest.mark.parametrize("template_id", TEMPLATE_IDS)
def test_offers_the_workbook_and_the_tables(template_id: str) -> None:
    at = app_on(template(template_id), PAGE)
    assert at.title[0].value == "Export"
    labels = _downloads(at)
    assert "Download the workbook (.xlsx)" in labels
    assert set(TABLES.values()) <= set(labels)  # each table as CSV
    assert [b.label for b in at.button] == ["Prepare the business plan"]
    assert not at.error


def test_prepares_the_document_and_says_what_is_missing_without_a_browser(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # No browser: the document is still offered, and the page says what is missing and how.
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    at = app_on(template("kpo_research_analytics"), PAGE)
    at.button[0].click().run()
    assert_clean(at)
    downloads = _downloads(at)
    assert "Download the business plan (.docx)" in downloads
    assert "Download the business plan (.pdf)" in downloads  # both files from one preparation
    assert any("Chromium" in w.value for w in at.warning)
    assert not at.button  # the prepared document is kept for this plan
