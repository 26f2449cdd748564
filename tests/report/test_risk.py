"""The risk runs (planner/report/risk.py): the draws, their statistics and that every run is the
deterministic engine on the plan written for it."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from planner.engine.batch import BatchOutcomes, Draws, project_loop
from planner.engine.pipeline import project
from planner.model.drivers import DEFAULT_RISK, DRIVER_NAMES, effective_risk, prospect_indices
from planner.model.files import plan_from_dict, plan_to_dict
from planner.model.plan import DriverRange, Plan
from planner.model.starters import load_template, template_ids
from planner.report.risk import (
    RiskResult,
    draw_driver,
    draw_runs,
    iter_risk,
    run_risk,
    spearman,
)
from tests.support.small_plans import client, make_plan

NEUTRAL_RANGES = {
    name: {"low": 0, "likely": 0, "high": 0}
    if name == "start_delay_months"
    else {"low": 1, "likely": 1, "high": 1}
    for name in DRIVER_NAMES
}


def _with_risk(plan: Plan, **risk: Any) -> Plan:
    data = plan_to_dict(plan)
    data["risk"] = risk
    return plan_from_dict(data)


def _small_plan(**risk: Any) -> Plan:
    """One signed client losing 500 a month and one prospect (probability 0.5) earning 1,000 a
    month more than it costs: 100 items a month each, 60 minutes an item and 100 paid hours, so
    1 FTE (1,000 a month) per client; Acme pays 5 an item (500), Beacon 20 (2,000)."""
    plan = make_plan(
        business_plan={
            "clients": [
                client(monthly_volume=100, pricing_model="per_item", price=5.0),
                client(
                    name="Beacon",
                    monthly_volume=100,
                    pricing_model="per_item",
                    price=20.0,
                    status="pipeline",
                    probability=0.5,
                ),
            ]
        },
        staffing={"roles": [{"name": "Clerk", "monthly_wage": 1000, "basis": "workload"}]},
        financing={"opening_cash": 3000},
    )
    return _with_risk(plan, **risk) if risk else plan


def _result(funding: list[float], lowest: list[float], **extra: Any) -> RiskResult:
    """A RiskResult over hand-written outcomes (R runs, 3 months)."""
    runs = len(funding)
    cash = extra.pop("closing_cash", np.zeros((runs, 3)))
    outcomes = BatchOutcomes(
        closing_cash=np.asarray(cash, dtype=np.float64),
        net_income=np.zeros((runs, 3)),
        headcount=np.zeros((runs, 3)),
        funding_needed=np.asarray(funding, dtype=np.float64),
        ending_cash=np.asarray(extra.pop("ending", [0.0] * runs), dtype=np.float64),
        lowest_cash=np.asarray(lowest, dtype=np.float64),
        break_even_index=np.asarray(extra.pop("break_even", [-1] * runs), dtype=np.int64),
    )
    draws = Draws(
        values=extra.pop("values", {}),
        signed=extra.pop("signed", np.zeros((runs, 0), dtype=np.bool_)),
    )
    return RiskResult(
        plan_name="Hand",
        currency="USD",
        first_month="2027-01",
        runs=runs,
        seed=0,
        distribution="pert",
        prospects=extra.pop("prospects", ()),
        draws=draws,
        outcomes=outcomes,
    )


# --- the draws ---------------------------------------------------------------------------------


def test_pert_draws_have_the_formulas_mean_mode_and_spread() -> None:
    # a = 0.8, m = 1, b = 1.15: mean (0.8 + 4 x 1 + 1.15) / 6 = 5.95 / 6 = 0.991667.
    # alpha = 1 + 4 x 0.2 / 0.35 = 3.285714, beta = 1 + 4 x 0.15 / 0.35 = 2.714286;
    # the Beta's mode (alpha - 1) / (alpha + beta - 2) = 2.285714 / 4 = 0.571429 -> 0.8 + 0.35 x
    # 0.571429 = 1.0 (the likely value); its variance alpha beta / ((alpha + beta)^2 (alpha +
    # beta + 1)) = 8.918367 / (36 x 7) = 0.035390, x 0.35^2 = 0.0043353, sd 0.065843.
    values = draw_driver(
        np.random.default_rng(1), DriverRange(low=0.8, likely=1.0, high=1.15), "pert", 200_000
    )
    assert values.min() >= 0.8 and values.max() <= 1.15
    assert values.mean() == pytest.approx(0.991667, abs=0.0005)  # standard error 0.00015
    assert values.std() == pytest.approx(0.065843, rel=0.01)
    counts, edges = np.histogram(values, bins=35, range=(0.8, 1.15))  # bins 0.01 wide
    peak = (edges[np.argmax(counts)] + edges[np.argmax(counts) + 1]) / 2
    assert peak == pytest.approx(1.0, abs=0.015)


def test_triangular_and_uniform_draws_have_their_means() -> None:
    # triangular (0.8 + 1 + 1.15) / 3 = 0.983333; uniform (0.8 + 1.15) / 2 = 0.975.
    r = DriverRange(low=0.8, likely=1.0, high=1.15)
    tri = draw_driver(np.random.default_rng(2), r, "triangular", 200_000)
    uni = draw_driver(np.random.default_rng(3), r, "uniform", 200_000)
    assert tri.mean() == pytest.approx(0.983333, abs=0.0005)
    assert uni.mean() == pytest.approx(0.975, abs=0.0005)
    assert uni.min() >= 0.8 and uni.max() < 1.15


def test_a_constant_driver_takes_no_draw_so_the_others_do_not_move() -> None:
    base = _small_plan(seed=11, drivers={"volume": {"low": 0.8, "likely": 1, "high": 1.15}})
    with_wages = _small_plan(
        seed=11,
        drivers={
            "volume": {"low": 0.8, "likely": 1, "high": 1.15},
            "wages": {"low": 1.1, "likely": 1.1, "high": 1.1},
        },
    )
    a, b = draw_runs(base, 50), draw_runs(with_wages, 50)
    assert np.array_equal(a.values["volume"], b.values["volume"])
    assert np.array_equal(a.signed, b.signed)
    assert b.values["wages"].tolist() == [1.1] * 50
    assert "wages" not in a.values  # left out of the settings: not drawn, stays as planned


def test_start_delay_is_drawn_in_whole_months_within_its_range() -> None:
    plan = _small_plan(drivers={"start_delay_months": {"low": 0, "likely": 1, "high": 3}})
    delay = draw_runs(plan, 2000).values["start_delay_months"]
    assert np.array_equal(delay, np.rint(delay))
    assert set(delay.tolist()) <= {0.0, 1.0, 2.0, 3.0}
    assert {0.0, 1.0, 2.0} <= set(delay.tolist())


def test_a_prospect_signs_with_its_probability_times_the_win_rate_capped_at_one() -> None:
    # Beacon 0.5 x win rate 1.2 = 0.6 of the runs; with a win rate of 2.5, min(1, 1.25): always.
    plan = _small_plan(drivers={"win_rate": {"low": 1.2, "likely": 1.2, "high": 1.2}})
    signed = draw_runs(plan, 20_000).signed
    assert signed.shape == (20_000, 1)
    assert signed.mean() == pytest.approx(0.6, abs=0.012)  # 3.5 standard errors
    sure = _small_plan(drivers={"win_rate": {"low": 2.5, "likely": 2.5, "high": 2.5}})
    assert draw_runs(sure, 100).signed.all()


def test_the_same_seed_gives_the_same_draws_and_another_seed_others() -> None:
    plan = load_template("offshore_voice_support")
    a, b, c = draw_runs(plan, 40, 5), draw_runs(plan, 40, 5), draw_runs(plan, 40, 6)
    assert a.values.keys() == b.values.keys() == set(DRIVER_NAMES)
    assert all(np.array_equal(a.values[k], b.values[k]) for k in a.values)
    assert np.array_equal(a.signed, b.signed)
    assert not np.array_equal(a.values["volume"], c.values["volume"])


def test_no_runs_is_refused_in_words() -> None:
    with pytest.raises(ValueError, match="at least 1 run, got 0"):
        draw_runs(_small_plan(), 0)


def test_runs_and_seed_come_from_the_plans_risk_settings_unless_given() -> None:
    plan = _small_plan(runs=30, seed=4, drivers={"price": {"low": 0.9, "likely": 1, "high": 1}})
    assert draw_runs(plan).runs == 30
    assert np.array_equal(draw_runs(plan).values["price"], draw_runs(plan, seed=4).values["price"])
    result = run_risk(plan, 12, 9, engine=project_loop)
    assert (result.runs, result.seed) == (12, 9)


# --- every run is the engine on its plan ------------------------------------------------------


def test_every_run_equals_the_deterministic_engine_on_the_plan_written_for_it() -> None:
    plan = load_template("offshore_voice_support")  # queue lines: Erlang staffing in every run
    result = run_risk(plan, 10, 3)
    for r in range(result.runs):
        alone = project(result.draws.plan_for(plan, r))
        assert np.allclose(
            result.outcomes.closing_cash[r], alone.monthly["closing_cash"], rtol=0, atol=0.005
        )
        assert result.outcomes.funding_needed[r] == pytest.approx(
            alone.kpis.funding_needed, abs=0.005
        )
        assert result.outcomes.lowest_cash[r] == pytest.approx(alone.kpis.lowest_cash, abs=0.005)
        row = result.samples().iloc[r]
        assert row["break_even_month"] == (alone.kpis.break_even_month or "")


def test_with_neutral_drivers_and_no_prospects_every_run_is_the_base_plan() -> None:
    starter = load_template("offshore_voice_support")
    data = plan_to_dict(starter)
    data["business_plan"]["clients"] = [
        c for c in data["business_plan"]["clients"] if c["status"] != "pipeline"
    ]
    data["risk"] = {"runs": 10, "distribution": "pert", "drivers": NEUTRAL_RANGES}
    plan = plan_from_dict(data)
    assert prospect_indices(plan) == ()
    base = project(plan)
    result = run_risk(plan)
    assert result.runs == 10
    for r in range(10):
        assert np.allclose(
            result.outcomes.closing_cash[r], base.monthly["closing_cash"], rtol=0, atol=0.005
        )
        assert np.allclose(
            result.outcomes.net_income[r], base.monthly["net_income"], rtol=0, atol=0.005
        )
    assert np.allclose(result.outcomes.funding_needed, base.kpis.funding_needed, atol=0.005)
    assert np.allclose(result.outcomes.ending_cash, base.kpis.ending_cash, atol=0.005)
    assert np.allclose(result.outcomes.lowest_cash, base.kpis.lowest_cash, atol=0.005)
    assert set(result.samples()["break_even_month"]) == {base.kpis.break_even_month or ""}
    assert result.prob_cash_below_zero == (1.0 if base.kpis.lowest_cash < 0 else 0.0)
    fan = result.cash_fan()
    assert np.allclose(fan["p5"], base.monthly["closing_cash"], atol=0.005)
    assert np.allclose(fan["p95"], base.monthly["closing_cash"], atol=0.005)


# --- the statistics ---------------------------------------------------------------------------


def test_prob_cash_below_zero_counts_runs_whose_lowest_cash_is_below_zero() -> None:
    # lowest cash -1, 0, 5, -0.01: two of four below zero (0 is not below): 0.5.
    assert _result([1, 0, 0, 1], [-1, 0, 5, -0.01]).prob_cash_below_zero == 0.5


def test_prob_cash_below_zero_on_a_small_plan_is_the_share_of_runs_beacon_does_not_sign() -> None:
    # Acme alone: 500 revenue - 1,000 wages = -500 a month, so 3,000 opening cash goes below zero
    # within the year (3,000 - 12 x 1,000 + at most 12 x 500 = -3,000 by month 12). With Beacon:
    # 2,500 - 2,000 = +500 a month, and month 1's 2,000 of wages leave 1,000: never below zero.
    plan = _small_plan(runs=40, seed=1, drivers={})
    result = run_risk(plan, engine=project_loop)
    not_signed = ~result.draws.signed[:, 0]
    assert 0 < not_signed.sum() < 40
    assert np.array_equal(result.outcomes.lowest_cash < 0, not_signed)
    assert result.prob_cash_below_zero == not_signed.sum() / 40


def test_stats_are_numpys_linear_percentiles_hand_checked() -> None:
    # 0, 10, 20, 30, 40: p5 at position 0.05 x 4 = 0.2 -> 2; p50 20; p90 at 3.6 -> 36;
    # p95 at 3.8 -> 38; mean 20.
    result = _result([0, 10, 20, 30, 40], [0] * 5)
    assert result.stats("funding_needed") == {
        "p5": 2.0,
        "p50": 20.0,
        "p90": 36.0,
        "p95": 38.0,
        "mean": 20.0,
    }
    with pytest.raises(ValueError, match="funding_needed, ending_cash, lowest_cash"):
        result.stats("revenue")  # type: ignore[arg-type]


def test_stats_equal_numpys_percentiles_of_the_samples() -> None:
    result = run_risk(load_template("kpo_research_analytics"), 12, 2)
    samples = result.samples()
    for metric in ("funding_needed", "ending_cash", "lowest_cash"):
        column = samples[metric].to_numpy()
        stats = result.stats(metric)  # type: ignore[arg-type]
        for key, q in (("p5", 5), ("p50", 50), ("p90", 90), ("p95", 95)):
            assert stats[key] == float(np.percentile(column, q))
        assert stats["mean"] == pytest.approx(float(column.mean()), rel=1e-12)


def test_the_cash_fan_is_the_percentiles_of_closing_cash_by_month() -> None:
    # month 2: 0, 100, 200, 300, 400 -> p5 20, p25 100, p50 200, p75 300, p95 380.
    cash = np.array([[0, 0, 5], [0, 100, 5], [0, 200, 5], [0, 300, 5], [0, 400, 5]], float)
    fan = _result([0] * 5, [0] * 5, closing_cash=cash).cash_fan()
    assert fan["month"].tolist() == ["2027-01", "2027-02", "2027-03"]
    assert fan.iloc[1][["p5", "p25", "p50", "p75", "p95"]].tolist() == [20, 100, 200, 300, 380]
    assert fan["p95"].tolist() == [0, 380, 5]


def test_break_even_months_count_runs_by_month_and_the_share_without_one() -> None:
    # indexes 0, 2, 2, -1: January 1, February 0, March 2; 1 of 4 never breaks even.
    found = _result([0] * 4, [0] * 4, break_even=[0, 2, 2, -1]).break_even_months()
    assert found.counts.to_dict() == {"2027-01": 1, "2027-02": 0, "2027-03": 2}
    assert found.share_not_within == 0.25
    none = _result([0] * 2, [0] * 2, break_even=[-1, -1]).break_even_months()
    assert none.counts.empty and none.share_not_within == 1.0


def test_spearman_is_the_rank_correlation() -> None:
    # ranks of y 1 3 2 4 against 1 2 3 4: sum of squared differences 2; 1 - 6 x 2 / (4 x 15) = 0.8.
    assert spearman(np.array([1.0, 2, 3, 4]), np.array([10.0, 30, 20, 40])) == pytest.approx(0.8)
    assert np.isnan(spearman(np.array([1.0, 1, 1]), np.array([1.0, 2, 3])))


def test_importance_ranks_drivers_by_rank_correlation_and_leaves_out_constants() -> None:
    # funding 10, 20, 30, 40: volume rises with it (rho 1), price falls against it but with one
    # swap (ranks 4 3 1 2 against 1 2 3 4: d^2 9 + 1 + 4 + 4 = 18; 1 - 6 x 18 / 60 = -0.8);
    # wages do not vary; prospects signed 0 1 0 1 (ranks 1.5 3.5 1.5 3.5): rho 0.447214.
    values = {
        "volume": np.array([1.0, 1.1, 1.2, 1.3]),
        "price": np.array([1.1, 1.0, 0.8, 0.9]),
        "wages": np.ones(4),
    }
    signed = np.array([[False], [True], [False], [True]])
    table = _result(
        [10, 20, 30, 40], [0] * 4, values=values, signed=signed, prospects=("Beacon",)
    ).importance()
    assert table["driver"].tolist() == ["volume", "price", "prospects_signed"]
    assert table["label"].tolist() == ["Volume", "Price", "Prospects signed"]
    assert table["rho"].tolist() == pytest.approx([1.0, -0.8, 0.447214], abs=1e-6)
    flat = _result([5] * 4, [0] * 4, values=values).importance()
    assert flat.empty  # funding needed never varies: nothing drives it


def test_samples_have_one_row_per_run_named_columns_and_blank_break_even() -> None:
    values = {"volume": np.array([0.9, 1.1]), "start_delay_months": np.array([1.0, 0.0])}
    signed = np.array([[True, False, True], [False, False, True]])
    result = _result(
        [5.0, 0.0],
        [-5.0, 1.0],
        ending=[7.0, 8.0],
        break_even=[1, -1],
        values=values,
        signed=signed,
        prospects=("Beacon", "Beacon", "run"),
    )
    samples = result.samples()
    assert samples.columns.tolist() == [
        "run",
        "volume",
        "start_delay_months",
        "Beacon",
        "Beacon (2)",
        "run (2)",
        "funding_needed",
        "ending_cash",
        "lowest_cash",
        "break_even_month",
    ]
    assert samples["run"].tolist() == [1, 2]
    assert samples["Beacon"].tolist() == [True, False]
    assert samples["break_even_month"].tolist() == ["2027-02", ""]


def test_to_json_rounds_money_to_cents_half_up() -> None:
    # every run needs 0.125: each statistic 0.125 -> 0.13 (round() would give 0.12, to even);
    # lowest cash -2.675 -> -2.68 (halves away from zero).
    result = _result([0.125, 0.125], [-2.675, -2.675])
    data = result.to_json()
    assert data["prob_cash_below_zero"] == 1.0
    assert data["funding_needed"] == {
        "p5": 0.13,
        "p50": 0.13,
        "p90": 0.13,
        "p95": 0.13,
        "mean": 0.13,
    }
    assert data["lowest_cash"]["p50"] == -2.68
    assert list(data) == [
        "name",
        "currency",
        "runs",
        "seed",
        "distribution",
        "prob_cash_below_zero",
        "funding_needed",
        "ending_cash",
        "lowest_cash",
    ]


def test_iter_risk_fills_in_and_ends_equal_to_run_risk() -> None:
    plan = _small_plan(drivers={"volume": {"low": 0.8, "likely": 1, "high": 1.15}})
    parts = list(iter_risk(plan, 23, 5, first=5, chunk=8, engine=project_loop))
    assert [p.runs for p in parts] == [5, 13, 21, 23]
    whole = run_risk(plan, 23, 5, engine=project_loop)
    assert parts[-1].samples().equals(whole.samples())
    assert parts[-1].to_json() == whole.to_json()
    assert parts[0].samples().equals(whole.samples().iloc[:5])


@pytest.mark.parametrize("starter", sorted(template_ids()))
def test_a_starter_draws_only_drivers_that_can_change_it(starter: str) -> None:
    # handle_time changes queue and items lines only: a plan of project lines (KPO research,
    # planned in hours) leaves it out, so "what matters most" never lists a driver with no effect.
    plan = load_template(starter)
    kinds = {line.workload.type for line in plan.specialty.service_lines}
    drawn = set(effective_risk(plan).drivers)
    assert ("handle_time" in drawn) == bool(kinds & {"queue", "items"})
    if plan.risk is not None:  # a section of its own differs from the defaults somewhere
        assert plan.risk.drivers != DEFAULT_RISK.drivers
