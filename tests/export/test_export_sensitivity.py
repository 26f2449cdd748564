"""The written plan's sensitivity: "What moves the money needed" (the tornado's table, its text and
chart), built through the skeleton (`templates/document/business_plan.yaml`) and `_Builder`."""

from __future__ import annotations

from typing import Any

from planner.engine.pipeline import project
from planner.export.docmodel import Chart, Heading, Paragraph, Table
from planner.export.docx.document import _Builder, chart_names
from planner.model.plan import DriverRange, Risk
from planner.report.sensitivity import TORNADO_HEADERS, tornado
from tests.export.test_export_review import _png
from tests.report.test_sensitivity import small_plan
from tests.support.ui import template


def _section(blocks: tuple[Any, ...], heading: str) -> list[Any]:
    """The blocks from the heading `heading` up to the next heading."""
    start = next(i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.text == heading)
    out = []
    for block in blocks[start + 1 :]:
        if isinstance(block, Heading):
            break
        out.append(block)
    return out


def test_the_skeleton_draws_the_tornado_chart() -> None:
    assert "sensitivity_tornado" in chart_names()


def test_the_document_has_the_tornado_table_text_and_chart() -> None:
    # The small plan (tests/report/test_sensitivity.py): funding needed at volume 0.5 is 7,200,
    # at 1.5 nothing; price 0.9: 3,360, 1.25: nothing; wages 1.0: 2,400 (as planned), 1.1: 3,600.
    plan = small_plan()
    builder = _Builder(project(plan), {name: _png() for name in chart_names()})
    blocks = _section(builder.model().blocks, "What moves the money needed")
    table = next(b for b in blocks if isinstance(b, Table))
    assert table.headers == TORNADO_HEADERS
    assert [list(r) for r in table.rows] == [
        ["Volume", "-50% to +50%", "$7,200", "$0"],
        ["Price", "-10% to +25%", "$3,360", "$0"],
        ["Wages", "as planned to +10%", "$2,400", "$3,600"],
    ]
    text = " ".join(b.text for b in blocks if isinstance(b, Paragraph))
    assert "the plan's own ranges (its risk settings)" in text
    assert "Funding needed swings most with volume: from $0 (Volume +50%) to $7,200" in text
    chart = next(b for b in blocks if isinstance(b, Chart))
    assert chart.name == "sensitivity_tornado"
    assert "dotted line is the plan as written ($2,400)" in chart.captions[0]


def test_without_risk_settings_the_document_says_it_uses_the_defaults() -> None:
    plan = template("onshore_bookkeeping_payroll").model_copy(update={"risk": None})
    builder = _Builder(project(plan), {})
    blocks = _section(builder.model().blocks, "What moves the money needed")
    text = " ".join(b.text for b in blocks if isinstance(b, Paragraph))
    assert "the planner's default ranges" in text
    table = next(b for b in blocks if isinstance(b, Table))
    assert len(table.rows) == 7  # every default driver
    assert not any(isinstance(b, Chart) for b in blocks)  # no images drawn: no chart, no caption


def test_a_driver_that_moves_nothing_is_said_plainly() -> None:
    # Only attrition in the ranges, on a plan with no attrition to scale (the clerk's plan has
    # yearly attrition 0): funding needed is 2,400 at both ends.
    plan = small_plan(Risk(drivers={"attrition": DriverRange(low=0.5, likely=1, high=2)}))
    t = tornado(plan)
    assert t.widest("funding_needed") is None
    builder = _Builder(project(plan), {})
    blocks = _section(builder.model().blocks, "What moves the money needed")
    text = " ".join(b.text for b in blocks if isinstance(b, Paragraph))
    assert "Funding needed does not move with any driver within its range." in text
