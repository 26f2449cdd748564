"""The charts' colours (`planner.charts.colours`): one palette, named colours, no second owner."""

from __future__ import annotations

import re

from planner.charts import colours
from planner.charts.overlay import overlay_figure
from planner.engine.pipeline import project
from planner.model.files import load_plan
from planner.report.compare import overlay_series
from tests.support.tools import ROOT

COLOUR = re.compile(r"#[0-9a-fA-F]{6}\b|rgba?\(")


def test_the_palette_has_distinct_colours_for_a_plan_s_roles() -> None:
    assert len(set(colours.PALETTE)) == len(colours.PALETTE) >= 14
    assert {colours.REVENUE, colours.COST, colours.CASH} <= set(colours.PALETTE)
    assert len({colours.REVENUE, colours.COST, colours.CASH, colours.NEUTRAL}) == 4


def test_the_compare_chart_uses_the_palette() -> None:
    p = project(load_plan(ROOT / "templates" / "plans" / "offshore_voice_support.yaml"))
    fig = overlay_figure(overlay_series(p, p, "A", "B"), "closing_cash", "USD")
    assert [t.line.color for t in fig.data] == [colours.PALETTE[0], colours.PALETTE[1]]


def test_no_colour_is_written_outside_the_owner() -> None:
    owner = ROOT / "planner" / "charts" / "colours.py"
    files = [*(ROOT / "planner").rglob("*.py"), *(ROOT / "ui").rglob("*.py")]
    found = [
        f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
        for path in files
        # the workbook's cell styles (fonts, fills) are not chart colours
        if path != owner and path != ROOT / "planner" / "export" / "xlsx" / "layout.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if COLOUR.search(line)
    ]
    assert not found, "\n".join(found)
