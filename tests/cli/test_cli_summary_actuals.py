"""`python -m planner summary PLAN --actuals FILE [--mapping MAP.yaml] [--json]`: the rolling
forecast with the same keys as `summary --json`; the plan's own figures as actuals give the plan;
a bad file is one line with exit code 2 and no traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from planner.cli.main import main
from planner.data import template_path
from planner.engine.pipeline import project
from planner.engine.projection import Projection
from planner.model.starters import load_plan_or_starter
from planner.report.variance import plan_figures

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = template_path("actuals")
STARTER = "offshore_voice_support"
L = "2027-06"  # the samples' last month


@cache
def starter() -> Projection:
    return project(load_plan_or_starter(STARTER))


def summary(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, Any, str]:
    code = main(["summary", STARTER, *args])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out and "--json" in args else out), err


def write_csv(path: Path, rows: list[tuple[str, str, float]]) -> Path:
    # repr keeps every float exact, so the plan's own figures come back as they were
    path.write_text("month,line,value\n" + "".join(f'{m},"{k}",{v!r}\n' for m, k, v in rows))
    return path


def test_the_forecast_has_the_summarys_keys_and_the_actual_figures(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, plan, _ = summary(capsys, "--json")
    sample = SAMPLES / f"{STARTER}_long.csv"
    code, forecast, err = summary(capsys, "--actuals", str(sample), "--json")
    assert code == 0, err
    assert list(forecast) == list(plan)
    assert list(forecast["kpis"]) == list(plan["kpis"])
    assert [list(r) for r in forecast["monthly"]] == [list(r) for r in plan["monthly"]]
    # months with actuals carry them: the sample's revenue and cash of 2027-06
    given = {
        (m, k): float(v)
        for m, k, v in (
            line.split(",") for line in sample.read_text().splitlines()[1:] if '"' not in line
        )
    }
    june = next(r for r in forecast["monthly"] if r["month"] == L)
    assert june["revenue"] == given[(L, "revenue")]
    assert june["closing_cash"] == given[(L, "closing_cash")]
    # the next month opens with the actual closing cash: closing - its net cash flow
    july = next(r for r in forecast["monthly"] if r["month"] == "2027-07")
    assert july["closing_cash"] - july["net_cash_flow"] == pytest.approx(
        june["closing_cash"], abs=0.011
    )


def test_the_plans_own_figures_as_actuals_give_the_plans_summary(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    figures = plan_figures(starter())
    rows = [
        (str(m), str(k), float(v))
        for m, k, v in figures[figures["month"] <= L].itertuples(index=False)
    ]
    path = write_csv(tmp_path / "same.csv", rows)
    _, plan, _ = summary(capsys, "--json")
    code, forecast, err = summary(capsys, "--actuals", str(path), "--json")
    assert code == 0, err
    # every monthly figure and KPI to the cent; the exchange-rate moves keep their keys but
    # differ: in a forecast the months up to L are actual, so a rate move reaches only the rest
    fx = forecast.pop("fx_sensitivity")
    assert [list(m) for m in fx] == [list(m) for m in plan.pop("fx_sensitivity")]
    assert forecast == plan


def test_cash_10000_below_plan_lowers_every_later_month_by_10000(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    cash = float(starter().monthly["closing_cash"].iloc[5])  # 2027-06
    path = write_csv(tmp_path / "cash.csv", [(L, "closing_cash", cash - 10_000)])
    _, plan, _ = summary(capsys, "--json")
    code, forecast, _ = summary(capsys, "--actuals", str(path), "--json")
    assert code == 0
    # each month from 2027-06 on: the plan's closing cash - 10,000 (each rounded to cents,
    # so within a cent); the months before as planned
    for before, after in zip(plan["monthly"], forecast["monthly"], strict=True):
        drop = -10_000 if before["month"] >= L else 0
        assert after["closing_cash"] - before["closing_cash"] == pytest.approx(drop, abs=0.011)
    assert forecast["kpis"]["ending_cash"] == pytest.approx(
        plan["kpis"]["ending_cash"] - 10_000, abs=0.011
    )


def test_the_readable_forecast_says_it_is_one(capsys: pytest.CaptureFixture[str]) -> None:
    sample = SAMPLES / f"{STARTER}_xero.csv"
    code, out, err = summary(capsys, "--actuals", str(sample))
    assert code == 0, err
    assert out.startswith("Rolling forecast: actual figures to 2027-06, then the plan's")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            'month,line,value\n2027-01,revenue,"12,3x"\n',
            "error: bad.csv, row 2, column 'value': '12,3x' is not a number; expected a number",
        ),
        (
            "month,line,value\n2026-12,revenue,1\n",
            "error: bad.csv, row 2, column 'month': 2026-12 is not a month of the plan",
        ),
    ],
)
def test_a_bad_file_is_one_line_and_exit_code_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str, expected: str
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(content)
    code, out, err = summary(capsys, "--actuals", str(bad), "--json")
    assert code == 2 and out == ""
    assert err.startswith(expected) and err.count("\n") == 1


def test_a_mapping_without_actuals_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = summary(capsys, "--mapping", str(tmp_path / "map.yaml"), "--json")
    assert code == 2 and out == ""
    assert err == "error: --mapping needs --actuals FILE (the file whose accounts it maps)\n"


def test_in_a_real_process_a_bad_file_shows_no_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("month,line,value\n2027-01,revenu,1\n")
    done = subprocess.run(
        [sys.executable, "-m", "planner", "summary", STARTER, "--actuals", str(bad), "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2 and done.stdout == ""
    assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1
    assert "row 2, column 'line': 'revenu' is not a line of this plan" in done.stderr
