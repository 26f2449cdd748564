"""The risk runs' charts (planner.charts.risk): what each draws comes from the RiskResult."""

from __future__ import annotations

import dataclasses
from functools import cache

import numpy as np
import pandas as pd
import pytest

from planner.charts.risk import (
    break_even_histogram,
    cash_fan,
    drivers_that_matter,
    funding_histogram,
)
from planner.model.drivers import DEFAULT_RISK
from planner.model.files import load_plan
from planner.model.labels import NOT_WITHIN_PLAN
from planner.report.risk import RiskResult, run_risk
from tests.support.tools import ROOT


@cache
def _result() -> RiskResult:
    plan = load_plan(ROOT / "templates" / "plans" / "offshore_voice_support.yaml")
    return run_risk(plan.model_copy(update={"risk": DEFAULT_RISK.model_copy(update={"runs": 20})}))


def test_the_fan_has_both_bands_the_median_zero_and_minimum_cash() -> None:
    fig = cash_fan(_result(), 50_000.0)
    names = [t.name for t in fig.data]
    assert "5% to 95% of runs" in names and "25% to 75%" in names and "Median run" in names
    assert "Zero" in names and "Minimum cash ($50,000)" in names
    median = next(t for t in fig.data if t.name == "Median run")
    assert list(median.y) == pytest.approx(_result().cash_fan()["p50"].tolist())
    assert fig.layout.title.text.endswith("(USD)") and fig.layout.xaxis.title.text == "Month"


def test_no_minimum_cash_line_when_the_plan_keeps_none() -> None:
    assert all(not str(t.name).startswith("Minimum") for t in cash_fan(_result(), 0.0).data)


def test_the_funding_histogram_marks_p50_p90_p95_and_names_the_plans_funding() -> None:
    r = _result()
    fig = funding_histogram(r, 720_000.0)
    stats = r.stats("funding_needed")
    lines = [s.x0 for s in fig.layout.shapes]
    assert lines == pytest.approx([stats["p50"], stats["p90"], stats["p95"]])
    assert "$720,000 the plan raises" in fig.layout.title.text
    assert list(fig.data[0].x) == pytest.approx(r.outcomes.funding_needed.tolist())


def test_the_funding_histogram_title_fits_half_a_narrow_page() -> None:
    """The histogram sits in half the page: its title in one line of 58 characters was cut off
    at 1000 px wide. Each line now holds at most 32 characters (about 260 px of bold 16 px)."""
    fig = funding_histogram(_result(), 720_000.0)
    lines = fig.layout.title.text.split("<br>")
    assert lines == ["Funding needed beyond the", "$720,000 the plan raises (USD)"]
    assert max(len(line) for line in lines) <= 32
    assert fig.layout.margin.t >= 70  # two lines of title above the plot


def test_the_break_even_histogram_counts_every_run_once() -> None:
    r = _result()
    fig = break_even_histogram(r)
    drawn = sum(sum(t.y) for t in fig.data)
    assert drawn == r.runs  # months with a run plus the "not within the plan" bar
    missing = int(np.sum(r.outcomes.break_even_index < 0))
    bars = {t.name: t for t in fig.data}
    if missing:
        assert list(bars[NOT_WITHIN_PLAN.capitalize()].y) == [missing]


def test_the_break_even_axis_keeps_months_without_runs_as_zero_bars() -> None:
    """A time axis: a month no run breaks even in stays on it (a zero bar), so the months after
    it are not drawn closer (the chart dropped such months: Dec 2027 sat next to Feb 2028)."""
    r = _result()
    counts = r.break_even_months().counts
    first, last = str(counts.index[0]), str(counts.index[-1])
    fig = break_even_histogram(r)
    bars = next(t for t in fig.data if t.name == "Breaks even")
    every_month = pd.period_range(first, last, freq="M")
    assert list(bars.x) == [m.strftime("%b %Y") for m in every_month]


def test_a_gap_between_break_even_months_is_drawn_as_an_empty_month() -> None:
    r = _result()
    index = r.outcomes.break_even_index.copy()
    found = index >= 0
    lo = int(index[found].min())
    # two runs: one breaks even in the plan's month lo, the other two months later, none between
    gapped = np.array([lo, lo + 2], dtype=index.dtype)
    outcomes = dataclasses.replace(r.outcomes, break_even_index=gapped)
    two_runs = dataclasses.replace(r, outcomes=outcomes)
    bars = next(t for t in break_even_histogram(two_runs).data if t.name == "Breaks even")
    assert list(bars.y) == [1, 0, 1]  # lo: 1 run, lo + 1: none, lo + 2: 1 run


def test_the_drivers_chart_puts_the_strongest_at_the_top() -> None:
    table = _result().importance()
    fig = drivers_that_matter(_result())
    # plotly draws the first bar at the bottom: the chart's last bar is the strongest driver
    assert fig.data[0].y[-1] == table["label"].iloc[0]
    assert fig.data[0].x[-1] == pytest.approx(table["rho"].iloc[0])
