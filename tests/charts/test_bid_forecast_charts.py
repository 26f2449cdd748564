"""The Bid desk's charts (`planner.charts.bid_forecast`): the forecast by day after the last weeks
of history with its prediction band, and each billing model's margin at -20 %, 0 and +20 %
volume, drawn from the tiny hand-made bid with figures checked by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from planner.bid.types import BILLING_MODELS
from planner.charts.bid_forecast import forecast_figure, margins_figure
from planner.model.labels import BID_PRICING_LABELS
from tests.support.bid import tiny_bid


def _trace(fig: object, name: str) -> object:
    return next(t for t in fig.data if t.name == name)  # type: ignore[attr-defined]


def test_the_forecast_chart_sums_each_day_and_bands_it() -> None:
    bid = tiny_bid()
    fig = forecast_figure(bid.history, bid.forecast, weeks=2, ahead=1)
    history = _trace(fig, "History")
    forecast = _trace(fig, "Forecast")
    # 2 weeks of history a day each (14 days) and 1 week of forecast (7 days)
    assert len(history.x) == 14 and len(forecast.x) == 7  # type: ignore[attr-defined]
    # The first forecast day (Friday 1 January 2027) is the sum of its 24 hourly forecasts.
    frame = bid.forecast.intervals
    first_day = frame[frame["timestamp"].dt.normalize() == pd.Timestamp("2027-01-01")]
    assert forecast.y[0] == pytest.approx(first_day["contacts"].sum())  # type: ignore[attr-defined]
    band = _trace(fig, "80% prediction interval")
    assert band.y[0] == pytest.approx(first_day["lower"].sum())  # type: ignore[attr-defined]
    assert band.fill == "tonexty"  # type: ignore[attr-defined]
    assert "the last 2 weeks and the next week forecast" in fig.layout.title.text


def test_the_margins_chart_has_three_bars_per_model_with_their_margins() -> None:
    bid = tiny_bid()
    fig = margins_figure(bid.prices)
    assert [t.name for t in fig.data] == ["20% less volume", "As forecast", "20% more volume"]
    under = fig.data[0]
    assert list(under.y) == [BID_PRICING_LABELS[m] for m in BILLING_MODELS]
    assert "per contact" in under.y and "per item / transaction / contact" not in under.y
    assert list(under.x) == pytest.approx([p.margins[-0.2] for p in bid.prices])
    # Every price gives the 25 % target on the forecast volume.
    assert list(fig.data[1].x) == pytest.approx([0.25] * 8)
    assert fig.data[1].text[0] == "25.0%"
    assert fig.layout.barmode == "group"
