"""planner.report.scenarios: the plan as it stands and each scenario, side by side."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from planner.engine.pipeline import project
from planner.model.files import plan_from_dict
from planner.model.labels import KPI_LABELS
from planner.report.scenarios import (
    BASE_NAME,
    HEADLINE_KEYS,
    headline_table,
    monthly_long,
    multiplier,
    percent_change,
    scenario_runs,
)
from tests.cli.test_cli_scenarios import PLAN


def test_runs_are_the_base_then_each_scenario_each_projected_on_its_applied_plan() -> None:
    plan = plan_from_dict(PLAN)
    seen: list[str] = []

    def counting(p):  # type: ignore[no-untyped-def]
        seen.append(p.settings.name)
        return project(p)

    runs = scenario_runs(plan, counting)
    assert [r.name for r in runs] == [BASE_NAME, "Price cut", "Late start"]
    # the projection passed in is the one used (the app passes its cached one)
    assert seen == [
        "Tiny back office",
        "Tiny back office (Price cut)",
        "Tiny back office (Late start)",
    ]
    assert runs[0].plan is plan and runs[1].plan.scenarios == []
    assert runs[1].plan.business_plan.clients[0].services[0].price == 1.5 * 0.8


def test_headline_table_has_the_kpi_words_as_rows_and_one_formatted_column_per_scenario() -> None:
    table = headline_table(scenario_runs(plan_from_dict(PLAN)))
    assert list(table.columns) == [BASE_NAME, "Price cut", "Late start"]
    assert list(table.index) == [KPI_LABELS[k] for k in HEADLINE_KEYS]
    # revenue 5,000 x 1.50 x 12 = 90,000; x 0.8 = 72,000; 9 months from month 4 = 67,500
    assert table.loc["Total revenue"].tolist() == ["€90,000", "€72,000", "€67,500"]
    assert table.loc["Peak headcount"].tolist()[0].isdigit()
    assert not table.isin(["None", "nan"]).any().any()


def test_monthly_long_has_one_row_per_scenario_and_month() -> None:
    runs = scenario_runs(plan_from_dict(PLAN))
    long = monthly_long(runs)
    assert list(long.columns) == ["scenario", "month", "month_no", "closing_cash", "headcount"]
    assert len(long) == 3 * 12
    late = long[long["scenario"] == "Late start"]
    assert late["month_no"].tolist() == list(range(1, 13))
    pd.testing.assert_series_equal(
        late["closing_cash"].reset_index(drop=True),
        runs[2].projection.monthly["closing_cash"].astype(float).reset_index(drop=True),
        check_names=False,
    )


def test_percent_change_and_multiplier_round_trip_what_was_typed_exactly() -> None:
    for typed in (-0.2, 0.1, 0.125, -1.0, 4.0, 0.07):
        assert percent_change(multiplier(typed)) == typed
    assert multiplier(-0.2) == 0.8 and multiplier(0.1) == 1.1  # 1 - 0.2, 1 + 0.1 exactly


@given(st.decimals(min_value=-100, max_value=400, places=4, allow_nan=False))
def test_any_typed_percent_change_is_shown_again_exactly(typed: Decimal) -> None:
    # the page: typed text -> change (parse_number) -> multiplier stored -> change -> shown text
    from planner.model.limits import Bounds
    from planner.model.numbers import NumberSpec, parse_number, show_number

    spec = NumberSpec(Bounds(-1, 4), percent=True, required=False)
    change = parse_number(f"{typed}%", spec)
    assert isinstance(change, float)
    shown = show_number(percent_change(multiplier(change)), spec)
    assert Decimal(shown.rstrip("%")) == typed
