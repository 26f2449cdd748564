"""The risk runs in words and the risk: section in a founder's units (planner.report.risk_words)."""

from __future__ import annotations

from functools import cache

import pytest

from planner.engine.pipeline import project
from planner.model.drivers import DEFAULT_RISK
from planner.model.files import load_plan
from planner.model.plan import Plan, Risk
from planner.report.funding import sources_and_uses
from planner.report.risk import RiskResult, run_risk
from planner.report.risk_words import (
    driver_entries,
    headline,
    planned_funding,
    risk_section,
    stat_rows,
)
from tests.support.tools import ROOT


@cache
def _plan() -> Plan:
    plan = load_plan(ROOT / "templates" / "plans" / "offshore_voice_support.yaml")
    return plan.model_copy(update={"risk": DEFAULT_RISK.model_copy(update={"runs": 20})})


@cache
def _result() -> RiskResult:
    return run_risk(_plan())


def test_planned_funding_is_the_external_funding_less_the_extra_request() -> None:
    p = project(_plan())
    fund = sources_and_uses(p)
    assert planned_funding(p) == pytest.approx(fund.external - fund.requested)


def test_the_headline_names_p90_the_plans_funding_and_the_share_below_zero() -> None:
    r = _result()
    text = headline(r, 720_000.0)
    p90 = r.stats("funding_needed")["p90"]
    assert p90 > 0.5
    assert text.startswith("In 9 runs out of 10 you need at most $")
    assert "beyond the $720,000 your plan raises" in text
    # share below zero: a count of runs over 20 is a multiple of 5%, so one decimal trims away
    assert f"in {round(r.prob_cash_below_zero * 100)}% of runs (20 runs)" in text


def test_the_headline_says_the_plans_funding_is_enough_when_p90_needs_nothing() -> None:
    r = _result()
    from dataclasses import replace

    no_funding = replace(r.outcomes, funding_needed=r.outcomes.funding_needed * 0)
    zero = replace(r, outcomes=no_funding)
    assert headline(zero, 500_000.0).startswith(
        "In 9 runs out of 10 the $500,000 your plan raises is enough"
    )


def test_the_percentile_table_has_one_row_per_figure_in_money() -> None:
    rows = stat_rows(_result())
    assert [r[0] for r in rows] == [
        "Funding needed beyond the plan's financing",
        "Cash at the end of the plan",
        "Lowest cash",
    ]
    assert all(cell.startswith(("$", "-$")) for r in rows for cell in r[1:])


def test_the_defaults_are_shown_in_percent_and_months_with_their_reasons() -> None:
    entries = {e.driver: e for e in driver_entries(_plan().model_copy(update={"risk": None}))}
    # volume 0.8 / 1 / 1.15: (0.8 - 1) x 100 = -20, 0, (1.15 - 1) x 100 = 15
    assert (entries["volume"].low, entries["volume"].likely, entries["volume"].high) == (-20, 0, 15)
    assert entries["start_delay_months"].unit == "months"
    assert entries["start_delay_months"].high == 3
    assert "CCAP" in entries["attrition"].reason
    own = {e.driver: e for e in driver_entries(_plan())}
    assert own["attrition"].reason == ""  # the plan's own ranges carry no default reason


def test_a_section_typed_in_percent_becomes_multipliers_the_plan_accepts() -> None:
    section, issues = risk_section(
        500, 3, "triangular",
        {"volume": (-30, 0, 10), "start_delay_months": (0, 1, 2), "wages": (None, None, None)},
    )  # fmt: skip
    assert issues == []
    risk = Risk.model_validate(section)
    # -30 % -> 1 - 0.30 = 0.7; +10 % -> 1.1; the delay stays in months; wages left out
    assert (risk.drivers["volume"].low, risk.drivers["volume"].high) == (0.7, 1.1)
    assert risk.drivers["start_delay_months"].high == 2
    assert "wages" not in risk.drivers


@pytest.mark.parametrize(
    ("entries", "words"),
    [
        ({"volume": (10, 0, 20)}, "low, likely and high must be in that order"),
        ({"volume": (-20, None, 10)}, "needs low, likely and high"),
        ({"price": (-150, 0, 0)}, "-150 is outside what it allows"),
        ({"start_delay_months": (0, 1.5, 3)}, "1.5 is outside what it allows"),
    ],
)
def test_bad_ranges_are_issues_in_words(entries: dict, words: str) -> None:
    _, issues = risk_section(100, 7, "pert", entries)
    assert len(issues) == 1
    assert words in issues[0].message
    assert issues[0].label in ("Volume", "Price", "Start delay (months)")
    assert "None" not in issues[0].message and "None" not in issues[0].allowed
