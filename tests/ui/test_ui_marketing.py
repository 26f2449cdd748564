"""AppTest: step 6, marketing."""

from __future__ import annotations

import pytest

from planner.engine.pipeline import project
from planner.model.plan import Plan
from tests.support.ui import (
    TEMPLATE_IDS,
    app_on,
    assert_clean,
    chart_specs,
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

PAGE = "ui/views/marketing.py"


@pytest.mark.parametrize("template_id", TEMPLATE_IDS)
def test_renders_with_each_template(template_id: str) -> None:
    renders(template_id, PAGE, "Step 6 · Marketing", charts=3, kpi="Leads over the plan")


def test_more_leads_show_in_the_funnel() -> None:
    plan = template("offshore_voice_support")
    at = app_on(plan, PAGE)
    before = metric(at, "Leads over the plan")
    edit_rows(at, "channels", edited={0: {"leads_per_month": 100.0}})
    assert_clean(at)
    assert plan_of(at).marketing.channels[0].leads_per_month == 100.0
    assert metric(at, "Leads over the plan") != before


def test_deleting_the_won_client_kinds_stops_won_client_revenue() -> None:
    plan = template("offshore_voice_support")
    assert plan.marketing.won_clients
    at = app_on(plan, PAGE)
    edit_rows(at, "won_kinds", deleted=[0])
    assert_clean(at)
    assert plan_of(at).marketing.won_clients == []


def test_the_won_clients_term_is_edited_on_the_page() -> None:
    at = app_on(template("offshore_voice_support"), PAGE)
    edit_rows(at, "won_kinds", edited={0: {"term_months": 18}})
    assert_clean(at)
    assert plan_of(at).marketing.won_clients[0].term_months == 18


def test_two_kinds_of_won_client_with_shares_adding_to_100_percent() -> None:
    at = app_on(template("offshore_voice_support"), PAGE)
    # typed in percent, as the cells show them: 60 is 60%
    edit_rows(at, "won_kinds", edited={0: {"share": "60"}},
              added=[{"name": "Large retailer", "share": "40", "payment_days": "60"}])  # fmt: skip
    assert_clean(at)
    kinds = plan_of(at).marketing.won_clients
    assert [(k.name, k.share) for k in kinds] == [("Won client", 0.6), ("Large retailer", 0.4)]


def test_shares_not_adding_up_are_refused_with_a_message() -> None:
    plan = template("offshore_voice_support")
    at = app_on(plan, PAGE)
    edit_rows(at, "won_kinds", edited={0: {"share": "50"}})  # 50%, the only kind
    assert_clean(at)
    assert "add up to 50" in errors(at)  # "50.0%", not 0.5% (a share typed as 0.5)
    assert plan_of(at) == plan


def test_a_conversion_above_100_percent_is_refused() -> None:
    plan = template("offshore_voice_support")
    at = app_on(plan, PAGE)
    edit_rows(at, "channels", edited={0: {"conversion_rate": "150"}})
    assert_clean(at)
    assert ", Leads who sign: must be at most 100%" in errors(at)
    assert plan_of(at) == plan


def test_the_funnel_by_channel_and_month_downloads_as_csv(monkeypatch: pytest.MonkeyPatch) -> None:
    files = record_downloads(monkeypatch)
    plan = template("offshore_voice_support")
    at = app_on(plan, PAGE)
    assert "Funnel by channel and month (CSV)" in download_labels(at)
    table = downloaded_csv(files, "-marketing-by-month.csv")
    p = project(plan)
    for column in ("spend", "leads", "clients_won"):
        assert table[column].sum() == pytest.approx(p.marketing[column].sum())
    assert set(table["channel"]) == {c.name for c in plan.marketing.channels}


def test_an_empty_plan_says_why_the_charts_are_empty() -> None:
    at = app_on(Plan(), PAGE)
    assert not chart_specs(at)
    assert "No leads yet" in " ".join(i.value for i in at.info)


def test_a_refused_cell_in_what_won_clients_buy_says_why() -> None:
    # The won clients' services table used to drop a refused cell without a word (its issues were
    # shown only when the whole table was refused, which never happens).
    plan = template("offshore_voice_support")
    at = app_on(plan, PAGE)
    edit_rows(at, "won_services", edited={0: {"price": "-5"}})
    assert_clean(at)
    assert "Row 1 (Won client), Price (USD): cannot be negative" in errors(at)
    assert plan_of(at) == plan


def test_churn_renewal_and_terms_of_won_clients_are_edited_on_the_page() -> None:
    # 20% yearly churn, 75% renewal, 5 days late, 1% never paid; the price list rises 3% a year
    at = app_on(template("offshore_voice_support"), PAGE)
    edit_rows(at, "won_kinds", edited={0: {"yearly_churn": "20", "renewal_probability": "75",
                                           "late_days": "5", "bad_debt_rate": "1"}})  # fmt: skip
    assert_clean(at)
    kind = plan_of(at).marketing.won_clients[0]
    assert (kind.yearly_churn, kind.renewal_probability) == (0.2, 0.75)
    assert (kind.late_days, kind.bad_debt_rate) == (5, 0.01)
    edit_rows(at, "won_services", edited={0: {"list_escalation": "3"}})
    assert_clean(at)
    assert plan_of(at).marketing.won_clients[0].services[0].list_escalation == 0.03


def test_what_won_clients_buy_can_be_billed_a_base_fee_plus_per_contact() -> None:
    # Switch the won kind's service to "monthly base fee + per contact": the base fee column
    # appears, and 1,500 a month typed there is saved on the kind's service.
    plan = template("offshore_voice_support")
    at = app_on(plan, PAGE)
    edit_rows(at, "won_services", edited={0: {"pricing_model": "base_plus_per_item"}})
    assert_clean(at)
    edit_rows(at, "won_services", edited={0: {"base_fee": "1500"}})
    assert_clean(at)
    service = plan_of(at).marketing.won_clients[0].services[0]
    assert (service.pricing_model, service.base_fee) == ("base_plus_per_item", 1500.0)
