"""The bid in words (`planner.bid.words`): the history's facts, the staffing, shifts, cost and
price tables as the Bid desk shows them, and the sentences computed from the figures (which model
protects the business when volume falls), each checked against figures worked out by hand."""

from __future__ import annotations

import pandas as pd

from planner.bid import words
from planner.bid.types import BILLING_MODELS, CostToServe, History, Price
from tests.support.bid import tiny_bid


def _flat_history() -> History:
    # 8 weeks of hourly rows with 2 contacts each: 8 x 168 = 1,344 rows, 2,688 contacts.
    stamps = pd.date_range("2026-01-05", periods=8 * 168, freq="60min")
    frame = pd.DataFrame({"timestamp": stamps, "contacts": 2.0, "aht_seconds": 300.0})
    return History(frame, 60, "daily")


def test_history_facts_give_weeks_contacts_interval_and_form() -> None:
    facts = words.history_facts(_flat_history())
    # 1,344 rows x 60 min / 10,080 min a week = 8 weeks
    assert facts["Weeks covered"] == "8 weeks"
    assert facts["Contacts"] == "2,688"
    assert facts["Interval length"] == "60 minutes"
    assert words.history_span(_flat_history()) == (  # the last row: Sunday 1 March, 23:00
        "From 5 Jan 2026 to 1 Mar 2026; the file held daily totals, spread over the day by an "
        "arrival pattern."
    )


def test_staffing_table_turns_handled_minutes_into_hours() -> None:
    table = words.staffing_table(tiny_bid().by_month)
    assert list(table["Month"]) == ["Jan 2027", "Feb 2027", "Mar 2027"]
    # January: 12,020 calls x 300 s / 60 = 60,100 handled minutes = 1,001.7 hours
    assert table.loc[0, "Contacts"] == "12,020"
    assert table.loc[0, "Handled hours"] == "1,002"
    assert table.loc[0, "FTE needed"] == "14.4"  # 14.41
    assert "None" not in table.to_string() and "nan" not in table.to_string()


def test_shifts_table_lists_agents_per_weekday_and_the_week() -> None:
    bid = tiny_bid()
    assert words.shift_months(bid.roster) == ["2027-01", "2027-02", "2027-03"]
    table = words.shifts_table(bid.roster, "2027-01")
    # The tiny bid's January: 13 agents start a 9-hour shift at 08:00 (break 12:00) and 10 at
    # 11:00 (break 15:00), Monday to Friday; nobody at weekends.
    early = table[table["Start"] == "08:00"].iloc[0]
    assert (early["Hours"], early["Break"]) == ("9", "12:00")
    assert [early[d] for d in ("Mon", "Fri", "Sat", "Sun")] == ["13", "13", "", ""]
    assert early["Week"] == "65"  # 13 x 5 weekdays
    assert table[table["Start"] == "11:00"].iloc[0]["Week"] == "50"  # 10 x 5


def _cost(total: float) -> CostToServe:
    return CostToServe(0.0, 10, 1733.3, 1213.3, 30000, 6000, 8, total * 0.7, total * 0.1,
                       total * 0.2, total)  # fmt: skip


def test_cost_table_shows_six_units_with_their_monthly_counts() -> None:
    units = {"per_fte_month": 1000.0, "per_paid_hour": 5.769, "per_productive_hour": 8.242,
             "per_handled_minute": 0.3333, "per_item": 1.6667, "per_seat": 1250.0}  # fmt: skip
    table = words.cost_table(_cost(10_000), units, "USD")
    assert list(table["Cost"]) == [
        "per FTE-month", "per paid hour", "per productive hour", "per handled minute",
        "per contact", "per seat",
    ]  # fmt: skip
    assert list(table["Amount"]) == ["$1,000.00", "$5.77", "$8.24", "$0.33", "$1.67", "$1,250.00"]
    assert list(table["Units a month"])[:2] == ["10", "1,733.3"]


def _prices() -> tuple[Price, ...]:
    # A month costing 7,500 at a 25 % margin: revenue 7,500 / 0.75 = 10,000 for every model.
    # At 20 % less volume, a per-contact price earns 8,000 against a cost of, say, 6,600:
    # (8,000 - 6,600) / 8,000 = 17.5 %; the retainer still earns 10,000: (10,000 - 6,600) /
    # 10,000 = 34 %; base + per contact keeps a fixed part: 26 %.
    under = {"per_item": 0.175, "monthly_retainer": 0.34, "base_plus_per_item": 0.26}
    return tuple(
        Price(m, 2.5, 4000.0 if m == "base_plus_per_item" else 0.0, 10_000.0,
              {-0.2: under.get(m, 0.2), 0.0: 0.25, 0.2: 0.28})
        for m in BILLING_MODELS
    )  # fmt: skip


def test_prices_table_has_eight_models_with_units_and_three_margins() -> None:
    table = words.prices_table(_prices(), "USD")
    assert len(table) == 8
    assert list(table.columns[-3:]) == [
        "Margin at -20% volume", "At the forecast", "At +20% volume",
    ]  # fmt: skip
    row = dict(zip(BILLING_MODELS, table["Price"], strict=True))
    assert row["per_item"] == "$2.50 per contact"
    assert row["per_handled_minute"] == "$2.50 per handled minute"
    assert row["monthly_retainer"] == "$3 a month"  # a whole-unit fee (2.5 rounds half up)
    assert row["base_plus_per_item"] == "$4,000 a month + $2.50 per contact"
    margins = dict(zip(BILLING_MODELS, table["Margin at -20% volume"], strict=True))
    assert margins["per_item"] == "17.5%"
    assert set(table["At the forecast"]) == {"25.0%"}
    assert "None" not in table.to_string()


def test_the_bid_names_the_per_item_model_per_contact_as_its_items_are_contacts() -> None:
    # The plan's "per item / transaction / contact" is, in a bid, the prospect's contacts.
    table = words.prices_table(_prices(), "USD")
    models = dict(zip(BILLING_MODELS, table["Billing model"], strict=True))
    assert models["per_item"] == "per contact"
    assert models["base_plus_per_item"] == "monthly base fee + per contact"
    assert "item" not in " ".join(table["Billing model"])


def test_revenue_sentence_says_the_one_revenue_or_the_range() -> None:
    # Every model of _prices() earns 10,000 at the forecast (7,500 / 0.75).
    assert words.revenue_sentence(_prices(), 0.25, "USD") == (
        "Each price earns $10,000 a month on the forecast volume: a 25% margin."
    )
    odd = (*_prices()[:7], Price("base_plus_per_item", 2.0, 4000.0, 10_400.0, {}))
    assert "earns from $10,000 to $10,400 a month" in words.revenue_sentence(odd, 0.25, "USD")


def test_protection_sentence_names_the_model_that_keeps_most_margin_when_volume_falls() -> None:
    text = words.protection_sentence(_prices())
    # Highest at -20 %: the retainer, 34 %; lowest: per contact, 17.5 %.
    assert text.startswith("If volume comes in 20% under the forecast, fixed monthly retainer")
    assert "(34.0%): it protects the business best" in text
    assert text.endswith("per contact falls furthest, to 17.5%.")


def test_protection_sentence_names_every_model_tied_for_the_best() -> None:
    tied = tuple(Price(p.model, p.price, p.base_fee, p.monthly_revenue,
                       {**p.margins, -0.2: 0.34 if p.model in ("per_seat", "monthly_retainer")
                        else p.margins[-0.2]}) for p in _prices())  # fmt: skip
    text = words.protection_sentence(tied)
    assert (
        "per seat per month and fixed monthly retainer keep the most margin (34.0%): they "
        "protect the business best;" in text
    )


def test_protection_sentence_from_the_tiny_bid_is_computed_from_its_margins() -> None:
    bid = tiny_bid()
    best = max(bid.prices, key=lambda p: p.margins[-0.2])
    worst = min(bid.prices, key=lambda p: p.margins[-0.2])
    text = words.protection_sentence(bid.prices)
    assert f"({best.margins[-0.2] * 100:.1f}%)" in text
    assert text.endswith(f"to {worst.margins[-0.2] * 100:.1f}%.")
