"""`python -m planner risk`: the JSON, the per-run CSV, the kept plans and bad input."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from planner.cli import main as cli_main
from planner.model.drivers import effective_risk
from planner.model.files import load_plan
from planner.model.starters import load_template
from planner.report.risk import run_risk

ROOT = Path(__file__).resolve().parents[2]

PLAN: dict[str, Any] = {
    "settings": {"name": "Tiny back office", "currency": "EUR", "horizon_months": 12},
    "specialty": {
        "service_lines": [
            {
                "id": "forms",
                "name": "Forms",
                "family": "back_office",
                "workload": {"type": "items", "minutes_per_item": 6},
            }
        ]
    },
    "business_plan": {
        "clients": [
            {
                "name": "Acme",
                "service_line": "forms",
                "monthly_volume": 5000,
                "pricing_model": "per_item",
                "price": 1.5,
            },
            {
                "name": "Beacon Insurance",
                "service_line": "forms",
                "monthly_volume": 3000,
                "pricing_model": "per_item",
                "price": 1.6,
                "status": "pipeline",
                "probability": 0.5,
                "start_month": 3,
            },
        ]
    },
    "staffing": {"roles": [{"name": "Clerk", "monthly_wage": 900, "basis": "workload"}]},
    "financing": {"opening_cash": 10000, "minimum_cash": 2000},
    "risk": {
        "runs": 12,
        "seed": 3,
        "drivers": {
            "volume": {"low": 0.8, "likely": 1.0, "high": 1.15},
            "price": {"low": 0.9, "likely": 1.0, "high": 1.0},
            "start_delay_months": {"low": 0, "likely": 1, "high": 3},
        },
    },
}
STATS = ["p5", "p50", "p90", "p95", "mean"]


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.yaml"
    path.write_text(yaml.safe_dump(PLAN), encoding="utf-8")
    return path


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli_main.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, Any]:
    code, out, err = _run(capsys, *argv)
    assert code == 0, err
    data: dict[str, Any] = json.loads(out)
    return data


def test_json_has_the_runs_seed_probability_and_each_figures_percentiles(
    plan_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _json(capsys, "risk", str(plan_file), "--json")
    assert (data["runs"], data["seed"]) == (12, 3)  # from the plan's risk section
    assert data["name"] == "Tiny back office" and data["currency"] == "EUR"
    assert 0 <= data["prob_cash_below_zero"] <= 1
    for metric in ("funding_needed", "ending_cash", "lowest_cash"):
        assert list(data[metric]) == STATS
        assert all(round(v, 2) == v for v in data[metric].values())
        assert data[metric]["p5"] <= data[metric]["p50"] <= data[metric]["p90"]


def test_the_same_seed_gives_identical_json_and_another_seed_different(
    plan_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = _json(capsys, "risk", str(plan_file), "--runs", "20", "--seed", "5", "--json")
    again = _json(capsys, "risk", str(plan_file), "--runs", "20", "--seed", "5", "--json")
    other = _json(capsys, "risk", str(plan_file), "--runs", "20", "--seed", "6", "--json")
    assert first == again
    assert (first["runs"], first["seed"]) == (20, 5)
    assert other != first and other["funding_needed"] != first["funding_needed"]


def test_samples_csv_has_one_row_per_run_in_run_order(
    plan_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "runs.csv"
    data = _json(capsys, "risk", str(plan_file), "--json", "--samples", str(out))
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert list(rows[0]) == [
        "run",
        "volume",
        "price",
        "start_delay_months",
        "Beacon Insurance",
        "funding_needed",
        "ending_cash",
        "lowest_cash",
        "break_even_month",
    ]
    assert [int(r["run"]) for r in rows] == list(range(1, 13))
    assert {r["Beacon Insurance"] for r in rows} <= {"true", "false"}
    assert {r["start_delay_months"] for r in rows} <= {"0.0", "1.0", "2.0", "3.0"}
    funding = sorted(float(r["funding_needed"]) for r in rows)
    assert data["funding_needed"]["p50"] == pytest.approx((funding[5] + funding[6]) / 2, abs=0.01)
    result = run_risk(load_plan(plan_file))
    assert [float(r["volume"]) for r in rows] == result.draws.values["volume"].tolist()


def test_kept_plans_summary_gives_exactly_each_runs_figures(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # offshore_voice_support: queue lines, so each kept plan's staffing is Erlang's again.
    samples, kept = tmp_path / "runs.csv", tmp_path / "kept"
    code, _, err = _run(
        capsys,
        "risk",
        "offshore_voice_support",
        "--runs",
        "10",
        "--json",
        "--samples",
        str(samples),
        "--keep-plans",
        str(kept),
        "--keep",
        "3",
    )
    assert code == 0, err
    assert sorted(p.name for p in kept.iterdir()) == [
        "run-0001.yaml",
        "run-0002.yaml",
        "run-0003.yaml",
    ]
    rows = list(csv.DictReader(io.StringIO(samples.read_text(encoding="utf-8"))))
    for n, row in enumerate(rows[:3], start=1):
        summary = _json(capsys, "summary", str(kept / f"run-{n:04d}.yaml"), "--json")
        kpis = summary["kpis"]
        assert summary["name"].endswith(f"(run {n})")
        assert kpis["funding_needed"] == float(row["funding_needed"])
        assert kpis["ending_cash"] == float(row["ending_cash"])
        assert min(m["closing_cash"] for m in summary["monthly"]) == float(row["lowest_cash"])
        assert (kpis["break_even_month"] or "") == row["break_even_month"]
        text = (kept / f"run-{n:04d}.yaml").read_text(encoding="utf-8")
        assert "risk:" not in text.replace("risk: null", "") and "pipeline" not in text


def test_text_output_says_how_much_to_raise_to_be_safe_nine_times_in_ten(
    plan_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(capsys, "risk", str(plan_file))
    assert code == 0
    assert "Tiny back office: 12 risk runs in EUR, seed 3" in out
    assert "nine times in ten" in out or "at least nine runs in ten" in out
    assert not re.search(r"\b(None|nan)\b", out)
    assert "pert" not in out  # the distribution in words: "PERT (...)"


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (["--runs", "5"], "--runs: between 10 and 20,000 runs, got 5"),
        (["--runs", "20001"], "--runs: between 10 and 20,000 runs, got 20001"),
        (["--seed", "-1"], "--seed: a whole number from 0 to 2147483647, got -1"),
        (["--keep", "2"], "--keep-plans DIR and --keep K go together"),
        (["--keep-plans", "{tmp}/kept", "--keep", "13"], "--keep: at most the 12 runs, got 13"),
        (["--keep-plans", "{tmp}/kept", "--keep", "0"], "--keep: at least 1 run's plan, got 0"),
        (["--keep-plans", "{plan}", "--keep", "2"], "is not a folder"),
        (["--keep-plans", "{tmp}/no/such", "--keep", "2"], "/no does not exist"),
        (["--samples", "{tmp}/no/such.csv"], "--samples: cannot write a CSV file at"),
    ],
)
def test_bad_options_exit_2_with_one_line_naming_the_option(
    plan_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    extra: list[str],
    expected: str,
) -> None:
    argv = [a.format(tmp=tmp_path, plan=plan_file) for a in extra]
    code, out, err = _run(capsys, "risk", str(plan_file), *argv)
    assert code == 2 and out == ""
    assert expected in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_a_missing_plan_exits_2_naming_it(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    done = subprocess.run(
        [sys.executable, "-m", "planner", "risk", str(missing), "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2 and done.stdout == ""
    assert (
        done.stderr.strip() == f"error: cannot read plan file {missing}: No such file or directory"
    )


def test_a_starter_runs_with_its_risk_settings_or_the_defaults(
    capsys: pytest.CaptureFixture[str],
) -> None:
    settings = effective_risk(load_template("kpo_research_analytics"))
    data = _json(capsys, "risk", "kpo_research_analytics", "--runs", "10", "--json")
    assert (data["runs"], data["seed"]) == (10, settings.seed)
    assert data["distribution"] == settings.distribution


def test_a_client_name_like_a_formula_is_not_a_formula_in_the_samples_csv(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = yaml.safe_load(yaml.safe_dump(PLAN))
    data["business_plan"]["clients"][1]["name"] = "=HYPERLINK(1)"
    plan, out = tmp_path / "formula.yaml", tmp_path / "runs.csv"
    plan.write_text(yaml.safe_dump(data), encoding="utf-8")
    code, _, err = _run(capsys, "risk", str(plan), "--json", "--samples", str(out))
    assert code == 0, err
    header = next(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert "'=HYPERLINK(1)" in header and "=HYPERLINK(1)" not in header


def test_text_output_when_the_planned_financing_is_enough_nine_times_in_ten(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # 1,000,000 of opening cash: no run comes near the 2,000 minimum, so P90 funding needed is 0.
    data = yaml.safe_load(yaml.safe_dump(PLAN))
    data["financing"]["opening_cash"] = 1_000_000
    plan = tmp_path / "rich.yaml"
    plan.write_text(yaml.safe_dump(data), encoding="utf-8")
    code, out, _ = _run(capsys, "risk", str(plan))
    assert code == 0
    assert "The planned financing keeps cash above the minimum in at least nine runs in ten." in out
    assert "in 0.0% of runs" in out and "Raise" not in out
