"""The written plan's scenarios: a "Scenarios" heading, each scenario's changes and a table of
headline figures beside the plan as it stands; nothing of it for a plan without scenarios."""

from __future__ import annotations

import pytest

from planner.engine.pipeline import project
from planner.export.docmodel import Bullets, Heading, Table
from planner.export.docx.document import build_document
from planner.model.files import plan_from_dict
from planner.report.scenarios import HEADLINE_KEYS
from tests.cli.test_cli_scenarios import PLAN


def _blocks(plan_data: dict, monkeypatch: pytest.MonkeyPatch) -> tuple:  # type: ignore[type-arg]
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")  # tables only: no chart browser
    return build_document(project(plan_from_dict(plan_data))).model.blocks


def test_the_scenarios_table_sets_each_scenario_beside_the_plan_as_it_stands(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    blocks = _blocks(PLAN, monkeypatch)
    headings = [b.text for b in blocks if isinstance(b, Heading)]
    assert "Scenarios" in headings
    table = next(b for b in blocks if isinstance(b, Table) and b.headers[0] == "Scenario")
    assert [row[0] for row in table.rows] == ["Plan as it stands", "Price cut", "Late start"]
    assert len(table.headers) == 1 + len(HEADLINE_KEYS)
    assert "Break-even month" in table.headers and "Peak headcount" in table.headers
    revenue = table.headers.index("Total revenue (EUR)")  # the currency in the heading
    # revenue 5,000 x 1.50 x 12 = 90,000; price x 0.8: 72,000; from month 4: 5,000 x 1.50 x 9
    assert [row[revenue] for row in table.rows] == ["90,000", "72,000", "67,500"]
    # each figure column holds one kind of figure: money columns are printed as figures
    assert table.numeric[revenue] and table.numeric[table.headers.index("Funding needed (EUR)")]
    bullets = next(b for b in blocks if isinstance(b, Bullets) and "Price cut" in b.items[0])
    assert bullets.items == (
        "Price cut: Price -20%. Prices 20% down.",
        "Late start: Start delay (months) +3.",
    )


def test_a_plan_without_scenarios_has_no_scenarios_heading_or_table(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    blocks = _blocks({**PLAN, "scenarios": []}, monkeypatch)
    assert "Scenarios" not in [b.text for b in blocks if isinstance(b, Heading)]
    assert not any(isinstance(b, Table) and b.headers[0] == "Scenario" for b in blocks)
    assert "" not in [b.text for b in blocks if isinstance(b, Heading)]
