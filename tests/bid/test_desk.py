"""The bid desk (`planner.bid.desk`): a typical month's units at each volume, checked by hand, and
the starter a bid is costed from without a plan."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from planner.bid.desk import (
    bid_units,
    by_month,
    default_plan_for,
    forecast_months,
    handled_minutes,
    starter_for,
)
from planner.bid.types import ChannelTargets, Forecast, Roster

HALF_HOUR = 30


def _roster(*, required: float, scheduled: float, paid: float, peak: int) -> Roster:
    coverage = pd.DataFrame(
        {"timestamp": pd.date_range("2027-01-04", periods=2, freq="30min"),
         "required": [1, peak], "scheduled": [1, peak]}
    )  # fmt: skip
    return Roster(
        shifts=pd.DataFrame(),
        coverage=coverage,
        required_hours=required,
        scheduled_hours=scheduled,
        paid_hours=paid,
        scheduling_loss=scheduled / required - 1,
        fte_by_month=pd.DataFrame(
            {"month": [pd.Period("2027-01", "M")], "required_fte": [1.0], "scheduled_fte": [2.0]}
        ),
    )


def _staffed(scheduled: list[int]) -> pd.DataFrame:
    return pd.DataFrame({"scheduled_agents": scheduled})


def test_the_typical_month_and_the_volume_cases_follow_the_worked_example() -> None:
    # The docstring's example over 12 months: paid 120,000 h, at work 115,500 h, required
    # 110,000 h (loss 5 %); 160 paid hours an FTE-month; shrinkage 30 %; 80 seats.
    roster = _roster(required=110_000, scheduled=115_500, paid=120_000, peak=80)
    # Forecast: 2 intervals of 600 and 400 contacts at 300 s and 360 s over 12 months.
    staffing = pd.DataFrame({"contacts": [600.0, 400.0], "aht_seconds": [300.0, 360.0]})
    # Re-staffed: +20 %: 258,000 agent-intervals x 0.5 h = 129,000 h, peak 94 agents;
    # -20 %: 180,000 x 0.5 h = 90,000 h, peak 64.
    # (2,744 intervals of 94 agents and one of 64: 257,936 + 64 = 258,000 agent-intervals;
    # 2,812 of 64 and one of 32: 179,968 + 32 = 180,000)
    cases = {0.2: _staffed([94] * 2_744 + [64]), -0.2: _staffed([64] * 2_812 + [32])}
    units = bid_units(
        staffing,
        roster,
        cases,
        targets=ChannelTargets(shrinkage=0.3),
        interval_minutes=HALF_HOUR,
        months=12,
        paid_hours_per_month=160,
    )
    assert list(units) == [-0.2, 0.0, 0.2]
    forecast, over, under = units[0.0], units[0.2], units[-0.2]
    # forecast: 120,000 / 12 = 10,000 paid h; / 160 = 62.5 FTE; x 0.7 = 7,000 productive h
    assert (forecast.paid_hours, forecast.fte) == pytest.approx((10_000, 62.5))
    assert forecast.productive_hours == pytest.approx(7_000)
    # contacts: 1,000 / 12; minutes: (600 x 300 + 400 x 360) / 60 / 12 = 5,400 / 12 = 450
    assert forecast.contacts == pytest.approx(1_000 / 12)
    assert forecast.handled_minutes == pytest.approx(450)
    assert forecast.seats == 80
    # +20 %: 129,000 x 1.05 x (120,000 / 115,500) / 12 = 11,727.27 h; 73.30 FTE; 94 seats
    assert over.paid_hours == pytest.approx(129_000 * 1.05 * 120_000 / 115_500 / 12)
    assert over.paid_hours == pytest.approx(11_727.27, abs=0.01)
    assert over.fte == pytest.approx(73.295, abs=0.001)
    assert over.seats == 94
    assert over.contacts == pytest.approx(1_200 / 12)
    assert over.handled_minutes == pytest.approx(540)
    # -20 %: 90,000 x 1.05 x (120,000 / 115,500) / 12 = 8,181.82 h; the 80 seats stay
    assert under.paid_hours == pytest.approx(8_181.82, abs=0.01)
    assert under.seats == 80
    assert under.productive_hours == pytest.approx(under.paid_hours * 0.7)


def test_outbound_handled_minutes_count_only_dials_that_reach_someone() -> None:
    # 2,000 dials x 0.25 reached x (200 + 40) s / 60 = 2,000 minutes; the history's AHT is unused
    targets = ChannelTargets(
        channel="outbound", contact_rate=0.25, talk_seconds=200, wrap_seconds=40
    )
    minutes = handled_minutes(np.array([1_500.0, 500.0]), np.array([999.0, 1.0]), targets)
    assert minutes == pytest.approx(2_000)


def test_by_month_sums_the_intervals_and_takes_the_roster_fte() -> None:
    stamps = pd.date_range("2027-01-31 23:00", periods=4, freq="30min")  # 2 in Jan, 2 in Feb
    staffing = pd.DataFrame(
        {"timestamp": stamps, "contacts": [10.0, 20.0, 30.0, 40.0],
         "aht_seconds": [60.0, 60.0, 120.0, 120.0], "agents": [1, 2, 3, 4],
         "scheduled_agents": [2, 3, 5, 6]}
    )  # fmt: skip
    roster = _roster(required=1, scheduled=1, paid=1, peak=1)
    table = by_month(
        staffing,
        roster,
        targets=ChannelTargets(),
        interval_minutes=HALF_HOUR,
        paid_hours_per_month=160,
    )
    assert [str(m) for m in table["month"]] == ["2027-01", "2027-02"]
    assert table["contacts"].tolist() == [30, 70]
    # January: (10 x 60 + 20 x 60) / 60 = 30 minutes; February: (30 + 40) x 120 / 60 = 140
    assert table["handled_minutes"].tolist() == pytest.approx([30, 140])
    # agents on the work x 0.5 h: (1 + 2) / 2 = 1.5 h and (3 + 4) / 2 = 3.5 h
    assert table["agent_hours"].tolist() == pytest.approx([1.5, 3.5])
    # scheduled agents x 0.5 h / 160: 2.5 / 160 and 5.5 / 160
    assert table["required_fte"].tolist() == pytest.approx([2.5 / 160, 5.5 / 160])
    assert table["peak_agents"].tolist() == [3, 6]
    # the roster knows January only: February has no scheduled FTE (NaN, not 0)
    assert table["scheduled_fte"].iloc[0] == 2.0 and np.isnan(table["scheduled_fte"].iloc[1])


def test_a_year_of_half_hours_is_just_under_twelve_average_months() -> None:
    frame = pd.DataFrame({"timestamp": range(17_520)})
    forecast = Forecast(frame, pd.DataFrame(), 0.1, 0.2, 2, 0.8, "", HALF_HOUR)
    assert forecast_months(forecast) == pytest.approx(365 / (365.25 / 12))


def test_without_a_plan_front_office_bids_cost_from_the_voice_starter_back_office_from_books() -> (
    None
):
    assert starter_for("voice") == starter_for("outbound") == "offshore_voice_support"
    assert starter_for("back_office") == "onshore_bookkeeping_payroll"
    assert default_plan_for("back_office").settings.name.startswith("Onshore bookkeeping")


def test_make_bid_reports_its_stages_in_order_in_words_and_prices_every_model() -> None:
    from planner.bid.desk import make_bid
    from planner.bid.history import read_history
    from planner.bid.types import BILLING_MODELS
    from planner.data import template_path

    history = read_history(str(template_path("bids", "voice_customer_service.csv")))
    seen: list[tuple[float, str]] = []
    bid = make_bid(
        history,
        ChannelTargets(),
        margin=0.2,
        plan=default_plan_for("voice"),
        months=1,
        progress=lambda share, words: seen.append((share, words)),
    )
    shares = [share for share, _ in seen]
    assert shares == sorted(shares) and shares[0] == 0.0 and shares[-1] == 1.0
    words = [text for _, text in seen]
    for stage in (
        "Reading the costs from the plan…",
        "Forecasting the next month…",
        "Staffing every interval of the forecast…",
        "Choosing shifts that cover every interval…",
        "Costing and pricing the bid…",
    ):
        assert stage in words, stage
    assert words.index("Forecasting the next month…") < words.index("Costing and pricing the bid…")
    assert [p.model for p in bid.prices] == list(BILLING_MODELS)
    assert list(bid.costs) == [-0.2, 0.0, 0.2]
    # every price earns the target margin on the forecast volume
    assert all(abs(p.margins[0.0] - 0.2) < 1e-9 for p in bid.prices)
    # the month table and the staffing cover the forecast's intervals
    assert len(bid.staffing) == len(bid.forecast.intervals)
    assert bid.by_month["contacts"].sum() == pytest.approx(bid.forecast.intervals["contacts"].sum())
    assert "Offshore voice" in bid.basis.source


def test_make_bid_staffs_the_forecast_as_work_that_goes_on_after_it(monkeypatch) -> None:
    # A bid's 12 months are not the end of the service: backlog work whose deadline runs past
    # them is done after them (`ongoing=True`), else the last evening of an e-mail or back-office
    # bid would need every late window cleared at once (23 agents against 12 in the e-mail
    # sample's last month).
    from planner.bid.desk import make_bid
    from planner.bid.history import read_history
    from planner.data import template_path
    from planner.queueing import channels

    seen: list[bool] = []
    real = channels.staff_intervals

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(kwargs.get("ongoing", False))
        return real(*args, **kwargs)

    monkeypatch.setattr(channels, "staff_intervals", spy)
    history = read_history(str(template_path("bids", "voice_customer_service.csv")))
    make_bid(history, ChannelTargets(), margin=0.2, plan=default_plan_for("voice"), months=1)
    assert seen and all(seen)
