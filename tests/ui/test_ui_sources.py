"""AppTest: the Sources page: edit, confirm, add and remove a source; flagged and dropped ones."""

from __future__ import annotations

from planner.model.files import plan_from_dict, plan_to_dict
from planner.model.sources import source_status
from tests.support.ui import app_on, assert_clean, edit_rows, errors, plan_of, template, wkey

PAGE = "ui/views/sources.py"


def _colombian():  # type: ignore[no-untyped-def]
    data = plan_to_dict(template("nearshore_it_helpdesk"))
    data["financing"]["tax_rate"] = 0.35
    data["staffing"]["paid_hours_per_month"] = 182
    return plan_from_dict(data)


def _table(at):  # type: ignore[no-untyped-def]
    return next(d.value for d in at.dataframe if "text" in d.value.columns)


def test_changed_sources_are_flagged_on_the_page() -> None:
    at = app_on(_colombian(), PAGE)
    assert at.title[0].value == "Sources of your figures"
    table = _table(at)
    status = dict(zip(table["input"], table["status"], strict=True))
    tax = next(v for k, v in status.items() if "tax rate" in k.lower())
    assert tax == "Changed since this source (written for 30%)"
    hours = next(v for k, v in status.items() if "paid hours" in k.lower())
    assert hours == "Changed since this source (written for 190.67)"


def test_editing_confirming_and_removing_a_source() -> None:
    at = app_on(_colombian(), PAGE)
    table = _table(at)
    row_of = {name: i for i, name in enumerate(table["input"])}
    tax = next(i for k, i in row_of.items() if "tax rate" in k.lower())
    text = "Colombia corporate income tax 35% (Estatuto Tributario, art. 240)"
    edit_rows(at, "sources", edited={tax: {"text": text, "confirm": True}})
    assert_clean(at)
    assert not errors(at)
    plan = plan_of(at)
    source = next(s for s in plan.sources if s.field == "financing.tax_rate")
    assert source.text == text and source.value == 0.35
    assert source_status(plan, source) == "current"
    # remove the hours note
    at = app_on(plan, PAGE)
    table = _table(at)
    hours = next(i for i, k in enumerate(table["input"]) if "paid hours" in k.lower())
    edit_rows(at, "sources", deleted=[hours])
    assert_clean(at)
    assert "staffing.paid_hours_per_month" not in {s.field for s in plan_of(at).sources}


def test_adding_a_source_ties_it_to_the_figure_now() -> None:
    at = app_on(_colombian(), PAGE)
    at.selectbox(key=wkey(at, "source.field")).set_value("staffing.burden")
    at.text_area(key=wkey(at, "source.text")).input("Colombian payroll load: a founder's figure")
    next(b for b in at.button if b.label == "Add source").click().run()
    assert_clean(at)
    added = [s for s in plan_of(at).sources if s.text.startswith("Colombian payroll load")]
    assert len(added) == 1 and added[0].field == "staffing.burden" and added[0].value == 0.31
