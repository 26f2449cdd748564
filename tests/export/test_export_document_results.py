"""The written plan's "Results to date" section: only when the plan has actual figures; the
variance summary of the months with actuals, the largest variances in words, and the forecast's
cash at the end against the budget's."""

from __future__ import annotations

import io

import docx
import pytest

from planner.engine.pipeline import project
from planner.export.docx.document import (
    Heading,
    Paragraph,
    Table,
    _Builder,
    section_titles,
)
from planner.export.docx.render import docx_bytes
from planner.model.starters import load_template
from planner.report.actuals_import import import_into
from planner.report.results_to_date import results_to_date
from planner.report.variance import year_to_date
from tests.export.test_export_actuals_sheet import with_sample

TITLE = "Results to date"
STARTER = "offshore_voice_support"


def _section(model) -> list:  # type: ignore[no-untyped-def]
    """The blocks of the Results to date section (its heading first), [] when there is none."""
    out, inside = [], False
    for block in model.blocks:
        if isinstance(block, Heading) and block.level == 1:
            inside = block.text == TITLE
        if inside:
            out.append(block)
    return out


def test_no_results_section_without_actuals() -> None:
    model = _Builder(project(load_template(STARTER)), {}).model()
    assert _section(model) == []
    assert TITLE not in section_titles()
    assert section_titles(actuals=True).index(TITLE) == section_titles().index("Funding request")


def test_the_section_shows_the_year_to_date_variance_explanations_and_forecast_cash() -> None:
    plan = with_sample(STARTER)
    projection = project(plan)
    blocks = _section(_Builder(projection, {}).model())
    assert blocks and blocks[0].text == TITLE
    table = next(b for b in blocks if isinstance(b, Table))
    assert table.headers[:3] == ("Line", "Plan (USD)", "Actual (USD)")
    ytd = year_to_date(projection).set_index("label")
    revenue = next(row for row in table.rows if row[0] == "Revenue")
    # the sample's revenue over January to June 2027, summed, to the dollar
    assert revenue[1] == f"{round(ytd.loc['Revenue', 'plan']):,}"
    assert revenue[2] == f"{round(ytd.loc['Revenue', 'actual']):,}"
    assert revenue[5] == ("past threshold" if ytd.loc["Revenue", "flagged"] else "")
    text = " ".join(b.text for b in blocks if isinstance(b, Paragraph))
    assert "6 months, January 2027 to June 2027" in text
    results = results_to_date(projection)
    assert results is not None and results.explanations
    assert results.explanations[0] in text
    assert "None" not in text and "nan" not in text


def test_forecast_cash_against_the_budget_hand_checked() -> None:
    # Only March 2027's closing cash is given, 10,000.00 below the plan's. The forecast carries
    # the difference to the end (rule 4: closing_cash(k) = budget closing_cash(k) + dC, dC =
    # -10,000), so the plan ends with 10,000 less than the budget: "$10,000 less".
    plan = load_template(STARTER)
    budget = project(plan)
    march = float(budget.monthly.loc[budget.monthly["month"] == "2027-03", "closing_cash"].iloc[0])
    csv = f"month,line,value\n2027-03,closing_cash,{march - 10_000:.2f}\n"
    plan, _ = import_into(plan, csv.encode(), "cash.csv")
    projection = project(plan)
    results = results_to_date(projection)
    assert results is not None
    assert results.end_cash_difference == pytest.approx(-10_000, abs=0.01)
    blocks = _section(_Builder(projection, {}).model())
    text = " ".join(b.text for b in blocks if isinstance(b, Paragraph))
    assert "$10,000 less" in text
    assert "1 month, March 2027." in text


def test_the_docx_has_the_section_heading_and_its_table() -> None:
    model = _Builder(project(with_sample(STARTER)), {}).model()
    doc = docx.Document(io.BytesIO(docx_bytes(model)))
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert TITLE in headings
    assert any(t.rows[0].cells[0].text == "Line" for t in doc.tables)
