"""AppTest: step 2, business plan."""

from __future__ import annotations

import pytest

from planner.engine.pipeline import project
from tests.support.ui import (
    TEMPLATE_IDS,
    app_on,
    assert_clean,
    by_label,
    download_labels,
    downloaded_csv,
    edit_rows,
    errors,
    metric,
    plan_of,
    record_downloads,
    renders,
    template,
    warnings,
)

PAGE = "ui/views/business_plan.py"


@pytest.mark.parametrize("template_id", TEMPLATE_IDS)
def test_renders_with_each_template(template_id: str) -> None:
    renders(template_id, PAGE, "Step 2 · Business plan", charts=3, kpi="Break-even month")


def test_more_opening_cash_raises_the_lowest_cash() -> None:
    plan = template("offshore_voice_support")
    at = app_on(plan, PAGE)
    before = metric(at, "Lowest cash")
    cur = plan.settings.currency
    box = by_label(at.text_input, f"Your own money at the start ({cur})")
    box.input(str(plan.financing.opening_cash + 1_000_000)).run()
    assert_clean(at)
    assert plan_of(at).financing.opening_cash == plan.financing.opening_cash + 1_000_000
    assert metric(at, "Lowest cash") != before


def test_a_higher_price_raises_revenue() -> None:
    plan = template("offshore_voice_support")
    at = app_on(plan, PAGE)
    before = metric(at, "Revenue over the plan")
    price = plan.business_plan.clients[0].services[0].price
    edit_rows(at, "client_services", edited={0: {"price": price * 2}})
    assert_clean(at)
    assert plan_of(at).business_plan.clients[0].services[0].price == price * 2
    assert metric(at, "Revenue over the plan") != before


def test_a_bad_client_row_shows_a_message_and_keeps_the_plan() -> None:
    plan = template("offshore_voice_support")
    at = app_on(plan, PAGE)
    edit_rows(at, "client_services", edited={0: {"price": "-5"}})
    assert_clean(at)
    assert "Row 1 (Northwind Home Goods (US online retailer)), Price (USD)" in errors(at)
    assert plan_of(at) == plan


def test_an_unknown_service_line_is_refused_with_the_allowed_ones() -> None:
    plan = template("offshore_voice_support")
    at = app_on(plan, PAGE)
    edit_rows(at, "client_services", edited={0: {"service_line": "no_such_line"}})
    assert_clean(at)
    assert "is not one of this plan's service lines" in errors(at)
    assert plan_of(at) == plan


def test_a_bad_month_in_the_basics_is_refused() -> None:
    plan = template("offshore_voice_support")
    at = app_on(plan, PAGE)
    by_label(at.text_input, "First month (YYYY-MM)").set_value("2027-13").run()
    assert_clean(at)
    assert "First month" in errors(at)
    assert plan_of(at) == plan


def test_the_monthly_statements_download_as_csv(monkeypatch: pytest.MonkeyPatch) -> None:
    files = record_downloads(monkeypatch)
    plan = template("kpo_research_analytics")
    at = app_on(plan, PAGE)
    assert "Month by month (CSV)" in download_labels(at)
    monthly = downloaded_csv(files, "-pnl-cash-by-month.csv")
    p = project(plan)
    assert list(monthly["month"]) == list(p.monthly["month"])
    assert monthly["revenue"].sum() == pytest.approx(p.monthly["revenue"].sum())
    assert list(monthly["closing_cash"]) == pytest.approx(list(p.monthly["closing_cash"]))


def test_a_second_service_for_a_client_is_one_more_row_and_still_one_client() -> None:
    plan = template("offshore_voice_support")
    first = plan.business_plan.clients[0]
    at = app_on(plan, PAGE)
    n = sum(len(c.services) for c in plan.business_plan.clients)
    added = {"client": first.name, "service_line": "customer_support_chat",
             "monthly_volume": 500.0, "pricing_model": "per_item", "price": 2.5}  # fmt: skip
    edit_rows(at, "client_services", added=[added])
    assert_clean(at)
    new = plan_of(at).business_plan.clients
    assert len(new) == len(plan.business_plan.clients)
    assert [s.service_line for s in new[0].services] == [
        "customer_support_voice",
        "customer_support_chat",
    ]
    assert sum(len(c.services) for c in new) == n + 1


def test_a_price_kept_across_a_pricing_model_change_is_warned_naming_the_client() -> None:
    plan = template("offshore_voice_support")
    name = plan.business_plan.clients[0].name
    at = app_on(plan, PAGE)
    edit_rows(at, "client_services", edited={0: {"pricing_model": "per_item"}})
    assert_clean(at)
    assert plan_of(at).business_plan.clients[0].services[0].pricing_model == "per_item"
    assert f"{name}, Customer support (voice)" in warnings(at)


def test_invoicing_terms_are_edited_in_the_clients_table_and_move_cash() -> None:
    # Net 45 + 10 days late, 2% never paid, invoiced in advance, 50% renewal: saved as typed
    # (percent cells: 2 is 2%), and the lowest cash moves.
    plan = template("offshore_voice_support")
    at = app_on(plan, PAGE)
    before = metric(at, "Lowest cash")
    terms = {"late_days": "10", "bad_debt_rate": "2", "invoicing": "advance",
             "renewal_probability": "50"}  # fmt: skip
    edit_rows(at, "clients", edited={0: terms})
    assert_clean(at)
    first = plan_of(at).business_plan.clients[0]
    assert (first.late_days, first.bad_debt_rate, first.invoicing) == (10, 0.02, "advance")
    assert first.renewal_probability == 0.5
    assert metric(at, "Lowest cash") != before


def test_a_bad_debt_share_over_50_percent_is_refused_in_founder_words() -> None:
    plan = template("offshore_voice_support")
    at = app_on(plan, PAGE)
    edit_rows(at, "clients", edited={0: {"bad_debt_rate": "80"}})
    assert_clean(at)
    message = errors(at)
    assert "Never paid" in message and "50" in message, message
    assert "bad_debt_rate" not in message
    assert plan_of(at) == plan


def test_the_price_list_rise_is_edited_per_service() -> None:
    at = app_on(template("offshore_voice_support"), PAGE)
    edit_rows(at, "client_services", edited={0: {"list_escalation": "4"}})
    assert_clean(at)
    assert plan_of(at).business_plan.clients[0].services[0].list_escalation == 0.04


def test_a_credit_line_is_stored_and_drawn_when_cash_runs_short() -> None:
    plan = template("onshore_bookkeeping_payroll")
    short = plan.financing.model_copy(update={"opening_cash": 150_000})
    at = app_on(plan.model_copy(update={"financing": short}), PAGE)
    assert metric(at, "Most owed on the credit line") in {"$0", "$0.00", "0"}
    cur = plan.settings.currency
    by_label(at.text_input, f"Credit line limit ({cur})").input("100000").run()
    by_label(at.text_input, "Credit line interest a year (%)").input("9").run()
    assert_clean(at)
    line = plan_of(at).financing.credit_line
    assert line is not None and (line.limit, line.yearly_rate) == (100_000, 0.09)
    assert metric(at, "Most owed on the credit line") != "$0"
    assert metric(at, "Funding needed") in {"$0", "$0.00", "0"}  # the line covers the shortfall
    by_label(at.text_input, f"Credit line limit ({cur})").input("0").run()
    assert plan_of(at).financing.credit_line is None  # 0: no credit line


def test_a_year_below_the_dscr_covenant_is_warned() -> None:
    # the onshore starter's first year: EBITDA - tax is negative against its loan's debt service
    at = app_on(template("onshore_bookkeeping_payroll"), PAGE)
    assert "below the 1.25 covenant in Year 1 (2027)" in warnings(at)
    by_label(at.text_input, "Debt-service coverage covenant").input("1.5").run()
    assert plan_of(at).financing.dscr_covenant == 1.5
    assert "below the 1.50 covenant in Year 1 (2027)" in warnings(at)


def test_a_contingency_over_100_percent_is_refused_in_words() -> None:
    plan = template("offshore_voice_support")
    at = app_on(plan, PAGE)
    by_label(at.text_input, "Contingency (%)").input("150").run()
    assert 'Contingency (%): must be at most 100%, got "150"' in errors(at)
    assert "a percentage from 0% to 100%" in errors(at)
    assert plan_of(at).financing.contingency == plan.financing.contingency
    by_label(at.text_input, "Contingency (%)").input("10").run()
    assert_clean(at)
    assert plan_of(at).financing.contingency == 0.1


def test_the_lender_view_says_not_within_the_plan_and_explains_the_extra_funding() -> None:
    # offshore starter: the founders' payback is past its 36 months, funding needed is $0 and
    # the contingency is 10% of (equipment + start-up losses), so the request is the contingency
    plan = template("offshore_voice_support")
    at = app_on(plan, PAGE)
    assert metric(at, "Founders' payback") == "not within the plan"  # was "not reached"
    captions = " ".join(c.value for c in at.caption)
    assert "Extra funding requested = funding needed ($0) + the contingency ($62,140)" in captions
    assert "Its highest balance. Interest earned on cash: $10.9K." in captions


def test_the_dscr_table_names_the_currency_of_its_figures() -> None:
    # offshore starter, year 1: EBITDA - tax paid -201,133 against 32,330 of debt service
    at = app_on(template("offshore_voice_support"), PAGE)
    dscr = next(d.value for d in at.dataframe if "DSCR" in d.value.columns)
    assert list(dscr.columns) == [
        "Plan year",
        "EBITDA - tax paid (USD)",
        "Interest + principal (USD)",
        "DSCR",
        "Covenant",
    ]
    assert dscr["EBITDA - tax paid (USD)"].iloc[0] == "-201,133"


def test_a_base_fee_is_typed_once_a_service_is_billed_base_fee_plus_per_contact() -> None:
    # The base fee column shows only while a service is billed "monthly base fee + per contact":
    # switch row 1 to it, then type 5,000,000 a month: saved, and revenue moves.
    plan = template("offshore_voice_support")
    at = app_on(plan, PAGE)
    edit_rows(at, "client_services", edited={0: {"pricing_model": "base_plus_per_item"}})
    assert_clean(at)
    before = metric(at, "Revenue over the plan")
    edit_rows(at, "client_services", edited={0: {"base_fee": "5000000"}})
    assert_clean(at)
    service = plan_of(at).business_plan.clients[0].services[0]
    assert (service.pricing_model, service.base_fee) == ("base_plus_per_item", 5_000_000.0)
    assert metric(at, "Revenue over the plan") != before


def test_a_base_fee_typed_with_another_pricing_model_is_refused_naming_both() -> None:
    # In one editor: the model changed to per item while the base fee cell says 2,000 (as a
    # founder would leave it): the base fee cell is refused with both models named.
    plan = template("offshore_voice_support")
    at = app_on(plan, PAGE)
    edit_rows(at, "client_services", edited={0: {"pricing_model": "base_plus_per_item"}})
    edit_rows(at, "client_services", edited={0: {"pricing_model": "per_item", "base_fee": "2000"}})
    assert_clean(at)
    shown = errors(at)
    assert "Monthly base fee" in shown and "monthly base fee + per contact" in shown
    assert "per item / transaction / contact" in shown
    assert plan_of(at).business_plan.clients[0].services[0].base_fee == 0.0


def test_every_one_of_the_eight_pricing_models_can_be_chosen() -> None:
    plan = template("offshore_voice_support")
    for model in ("per_paid_hour", "per_handled_minute", "per_seat"):
        at = app_on(plan, PAGE)
        edit_rows(at, "client_services", edited={0: {"pricing_model": model}})
        assert_clean(at)
        assert plan_of(at).business_plan.clients[0].services[0].pricing_model == model
