"""AppTest: the Risk page (small runs: 20 per plan, so each test stays fast)."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from planner.engine.pipeline import project
from planner.model.drivers import DEFAULT_RISK
from planner.model.plan import Plan
from planner.report import format as fmt
from planner.report.risk import iter_risk, run_risk
from planner.report.risk_words import headline, planned_funding
from tests.support.ui import (
    app_on,
    assert_clean,
    chart_specs,
    download_labels,
    downloaded_csv,
    errors,
    metric,
    plan_of,
    record_downloads,
    template,
    wkey,
)

PAGE = "ui/views/risk.py"
RUNS = 20


def small(template_id: str = "offshore_voice_support", **risk: object) -> Plan:
    """A starter with its risk runs cut to `RUNS` (the documented ranges otherwise)."""
    settings = DEFAULT_RISK.model_copy(update={"runs": RUNS, **risk})
    return template(template_id).model_copy(update={"risk": settings})


def test_the_page_says_the_headline_figures_and_draws_the_four_charts() -> None:
    plan = small()
    at = app_on(plan, PAGE)
    assert at.title[0].value == "Risk"
    expected = run_risk(plan)  # the same seed gives the same runs: the page's figures
    assert at.info[0].value == headline(expected, planned_funding(project(plan)))
    assert "In 9 runs out of 10" in at.info[0].value
    p90 = expected.stats("funding_needed")["p90"]
    assert metric(at, "Funding needed, P90") == fmt.money(p90, "USD", compact=True)
    titles = [spec for spec in chart_specs(at)]
    assert len(titles) == 4
    assert any("across the runs" in t for t in titles)
    assert any("Drivers that matter most" in t for t in titles)
    assert not at.error


def test_the_percentile_table_names_the_currency_once_in_its_cells() -> None:
    """The cells say "$" already; the headers used to add "(USD)" to each of the five columns,
    which pushed P95 and Mean off a 1000 px screen."""
    plan = small()
    at = app_on(plan, PAGE)
    table = next(d.value for d in at.dataframe if "Figure" in d.value.columns)
    assert list(table.columns) == ["Figure", "P5", "P50 (median)", "P90", "P95", "Mean"]
    p50 = run_risk(plan).stats("funding_needed")["p50"]
    assert table.iloc[0]["P50 (median)"] == fmt.money(p50, "USD")  # e.g. "$65,684": symbol kept


def test_the_risk_tables_line_up_right_and_keep_their_names_in_view() -> None:
    """Figures right-aligned under a pinned name column; the drivers' table header short enough
    for the narrow column beside its chart ("Rank correlation with funding needed" was cut)."""
    at = app_on(small(), PAGE)
    stats = next(d for d in at.dataframe if "Figure" in d.value.columns)
    config = json.loads(stats.proto.columns)
    assert config["Figure"] == {"pinned": True}
    assert all(config[h]["alignment"] == "right" for h in ["P5", "P50 (median)", "Mean"])
    drivers = next(d for d in at.dataframe if "Driver" in d.value.columns and
                   "Rank correlation" in d.value.columns)  # fmt: skip
    assert list(drivers.value.columns) == ["Driver", "Rank correlation"]
    # left-aligned (no alignment set): right-aligned, the figures sat off screen at 1000 px
    assert "Rank correlation" not in json.loads(drivers.proto.columns or "{}")


def test_the_runs_download_as_csv_one_row_per_run(monkeypatch: pytest.MonkeyPatch) -> None:
    files = record_downloads(monkeypatch)
    at = app_on(small(), PAGE)
    assert "Every run (CSV)" in download_labels(at)
    table = downloaded_csv(files, "risk-runs.csv")
    assert list(table["run"]) == list(range(1, RUNS + 1))
    expected = run_risk(small()).samples()
    assert table["funding_needed"].round(6).tolist() == expected["funding_needed"].round(6).tolist()


def _editor(at: AppTest) -> pd.DataFrame:
    """The drivers table as the page gave it to the editor."""
    table: pd.DataFrame = at.session_state["_editor_bases"][wkey(at, "risk_drivers")]
    return table


def _save(at: AppTest, edited: dict[int, dict[str, object]]) -> AppTest:
    """Type into the drivers table (row -> column -> value) and press "Save and run"."""
    at.session_state[wkey(at, "risk_drivers")] = {
        "edited_rows": edited, "added_rows": [], "deleted_rows": [],
    }  # fmt: skip
    next(b for b in at.button if b.label == "Save and run").click().run()
    assert_clean(at)
    return at


def _twenty_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    """The documented defaults ask for 2,000 runs: cut them to 20 for a page test."""
    monkeypatch.setattr(
        "ui.session.risk.iter_risk", lambda plan, **kw: iter_risk(plan, runs=RUNS, **kw)
    )


def test_a_plan_without_risk_settings_shows_the_defaults_with_their_reasons(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _twenty_runs(monkeypatch)
    at = app_on(template("offshore_voice_support").model_copy(update={"risk": None}), PAGE)
    table = _editor(at)
    assert table["Driver"].tolist()[:2] == ["Volume", "Handling time"]
    # DEFAULT_RISK volume 0.8 / 1.0 / 1.15 typed as percent changes: (0.8 - 1) x 100 = -20, 0, 15
    assert table.loc[0, ["Low", "Likely", "High"]].tolist() == [-20, 0, 15]
    delay = table[table["Driver"] == "Start delay (months)"].iloc[0]
    assert (delay["Unit"], delay["Low"], delay["High"]) == ("months", 0, 3)
    assert "CCAP" in table[table["Driver"] == "Attrition"].iloc[0]["Why this range"]
    assert any("documented defaults" in c.value for c in at.caption)


def test_a_range_typed_in_percent_is_saved_as_a_multiplier() -> None:
    at = _save(app_on(small(), PAGE), {0: {"Low": -30}})  # volume low -30 % -> 0.7
    risk = plan_of(at).risk
    assert risk is not None and risk.drivers["volume"].low == 0.7
    assert risk.drivers["volume"].high == 1.15  # the rest as it was
    assert not at.error


def test_ranges_out_of_order_are_refused_in_words_and_the_typing_stays() -> None:
    at = app_on(small(), PAGE)
    before = plan_of(at)
    at = _save(at, {0: {"Low": 10}})  # low +10 % above likely 0 %
    assert "Volume" in errors(at) and "in that order" in errors(at)
    assert "risk.drivers" not in errors(at) and "None" not in errors(at)
    assert plan_of(at) == before
    assert at.session_state[wkey(at, "risk_drivers")]["edited_rows"] == {0: {"Low": 10}}


def test_a_start_delay_that_is_not_whole_months_is_refused() -> None:
    at = _save(app_on(small(), PAGE), {4: {"High": 2.5}})
    assert "Start delay (months)" in errors(at) and "whole number of months" in errors(at)


def test_back_to_the_documented_defaults_removes_the_plans_settings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _twenty_runs(monkeypatch)
    at = app_on(small(), PAGE)
    next(b for b in at.button if b.label == "Back to the documented defaults").click().run()
    assert_clean(at)
    assert plan_of(at).risk is None


def test_after_the_risk_page_the_workbook_has_a_risk_sheet(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    import openpyxl

    files = record_downloads(monkeypatch)
    at = app_on(small("nearshore_it_helpdesk"), PAGE)  # runs and keeps the result
    at.switch_page("ui/views/export.py").run()
    assert_clean(at)
    workbook = next(v for k, v in files.items() if k.endswith(".xlsx"))
    assert "Risk" in openpyxl.load_workbook(io.BytesIO(workbook)).sheetnames


def test_no_stray_text_from_the_page_module_is_drawn() -> None:
    # A string on its own line in a page is drawn by Streamlit: a constant's docstring once showed
    # "Risk.runs: from 10 to 20,000 runs." above the title.
    at = app_on(small(), PAGE)
    assert not any("Risk.runs" in m.value for m in at.markdown)
