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


def _cop_plan():  # type: ignore[no-untyped-def]
    from planner.model.files import plan_from_dict, plan_to_dict

    data = plan_to_dict(template("offshore_voice_support"))
    data["settings"]["currency"] = "COP"
    data["settings"]["cost_locations"] = []  # one currency: every cost in COP
    for section, rows in (("staffing", "roles"), ("resources", "items"), ("paperwork", "items")):
        for row in data[section][rows]:
            row.pop("location", None)
    return plan_from_dict(data)


def test_gdpr_added_to_a_cop_plan_is_in_pesos() -> None:
    # Before: 5,000 and 2,000 (the catalogue's US dollars) went into a COP plan as they were.
    # 5,000 x 4,300 = 21,500,000 COP once; 2,000 x 4,300 = 8,600,000 COP a year.
    at = app_on(_cop_plan(), PAGE)
    add = next(b for b in at.button if b.key == "add_compliance_gdpr")
    add.click().run()
    assert_clean(at)
    gdpr = plan_of(at).paperwork.items[-1]
    assert gdpr.name == "GDPR"
    assert (gdpr.one_time_fee, gdpr.yearly_fee) == (21_500_000, 8_600_000)


def test_an_item_marked_not_needed_is_said_so_and_left_out_of_the_cards() -> None:
    # Before: SOC 2 marked "Not needed" still counted in "One-time fees" and "Longest lead time",
    # and its card said "Not on your checklist yet" while the row was there.
    from planner.model.files import plan_from_dict, plan_to_dict

    data = plan_to_dict(template("nearshore_it_helpdesk"))
    soc2 = next(i for i in data["paperwork"]["items"] if "SOC 2" in i["name"])
    assert soc2["status"] == "not_needed"
    plan = plan_from_dict(data)
    at = app_on(plan, PAGE)
    texts = [w.value for w in at.warning]
    assert not any("SOC 2" in t for t in texts)
    assert any("SOC 2" in i.value and "marked *Not needed*" in i.value for i in at.info)
    pursued = [i for i in plan.paperwork.items if i.status != "not_needed"]
    longest = max(i.lead_time_days for i in pursued)
    assert longest < soc2["lead_time_days"]
    assert metric(at, "Longest lead time") == f"{longest} days"


def test_a_start_month_moves_the_item_fees_to_that_month() -> None:
    # the first item of the offshore starter moved to month 13: none of its fees falls in year 1;
    # its one-time fee is paid in month 13 and its yearly fee's years run from there
    from planner.engine.pipeline import project

    plan = template("offshore_voice_support")
    at = app_on(plan, PAGE)
    edit_rows(at, "paperwork", edited={0: {"start_month": 13}})
    assert_clean(at)
    item = plan_of(at).paperwork.items[0]
    assert item.start_month == 13
    fees = project(plan_of(at)).paperwork
    mine = fees[fees.item == item.name]
    assert mine.fee_paid.iloc[:12].sum() == 0 and mine.fee.iloc[:12].sum() == 0
    # fees are typed in PHP and paid at year 2's rate: 58.5 x 1.025 PHP per USD
    rate = plan.settings.cost_location(plan.settings.location).rate * 1.025
    assert mine.fee_paid.iloc[12] == pytest.approx((item.one_time_fee + item.yearly_fee) / rate)


def test_a_start_month_of_zero_is_refused_in_words() -> None:
    plan = template("offshore_voice_support")
    at = app_on(plan, PAGE)
    edit_rows(at, "paperwork", edited={0: {"start_month": "0"}})
    assert_clean(at)
    assert "), Start month: must be at least 1" in errors(at)
    assert plan_of(at) == plan
