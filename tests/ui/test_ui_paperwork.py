"""AppTest: step 3, paperwork."""

from __future__ import annotations

import pytest

from tests.support.ui import (
    TEMPLATE_IDS,
    app_on,
    assert_clean,
    download_labels,
    downloaded_csv,
    edit_rows,
    errors,
    metric,
    plan_of,
    record_downloads,
    renders,
    template,
)

PAGE = "ui/views/paperwork.py"


@pytest.mark.parametrize("template_id", TEMPLATE_IDS)
def test_renders_with_each_template(template_id: str) -> None:
    renders(template_id, PAGE, "Step 3 · Paperwork", kpi="Paperwork fees over the plan")


def test_a_higher_fee_shows_in_the_totals() -> None:
    plan = template("offshore_voice_support")
    at = app_on(plan, PAGE)
    before = metric(at, "One-time fees")
    edit_rows(at, "paperwork", edited={0: {"one_time_fee": 99_999.0}})
    assert_clean(at)
    assert plan_of(at).paperwork.items[0].one_time_fee == 99_999.0
    assert metric(at, "One-time fees") != before


def test_marking_everything_done_counts_it() -> None:
    plan = template("offshore_voice_support")
    at = app_on(plan, PAGE)
    n = len(plan.paperwork.items)
    edit_rows(at, "paperwork", edited={i: {"status": "done"} for i in range(n)})
    assert_clean(at)
    assert metric(at, "Done") == f"{n} of {n}"


def test_an_impossible_lead_time_is_refused_and_the_plan_kept() -> None:
    plan = template("offshore_voice_support")
    at = app_on(plan, PAGE)
    edit_rows(at, "paperwork", edited={0: {"lead_time_days": "5000"}})
    assert_clean(at)
    assert "), Lead time (days): must be at most 730" in errors(at)
    assert plan_of(at) == plan


def test_an_empty_name_is_refused() -> None:
    plan = template("offshore_voice_support")
    at = app_on(plan, PAGE)
    edit_rows(at, "paperwork", added=[{"one_time_fee": "10"}])
    assert_clean(at)
    assert "Row" in errors(at) and "Item" in errors(at)
    assert plan_of(at) == plan


def test_an_implied_compliance_item_can_be_added_to_the_checklist() -> None:
    plan = template("offshore_voice_support")
    at = app_on(plan, PAGE)
    add = [b for b in at.button if b.label == "Add to checklist"]
    assert add, "the offshore voice template has an uncovered compliance item (GDPR)"
    add[0].click().run()
    assert_clean(at)
    items = plan_of(at).paperwork.items
    assert len(items) == len(plan.paperwork.items) + 1
    assert items[-1].category == "compliance"
    assert "to your checklist" in at.success[0].value


def test_the_checklist_with_dates_downloads_as_csv(monkeypatch: pytest.MonkeyPatch) -> None:
    files = record_downloads(monkeypatch)
    plan = template("onshore_bookkeeping_payroll")
    at = app_on(plan, PAGE)
    assert "Checklist with dates (CSV)" in download_labels(at)
    table = downloaded_csv(files, "-paperwork-timeline.csv")
    items = {i.name: i for i in plan.paperwork.items}
    assert sorted(table["item"]) == sorted(items)
    assert list(table["start_by"]) == sorted(table["start_by"])  # what to apply for first on top
    longest = max(items.values(), key=lambda i: i.lead_time_days)
    assert table.iloc[0]["lead_time_days"] == longest.lead_time_days
