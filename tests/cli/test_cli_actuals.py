"""`python -m planner actuals PLAN --actuals FILE [--mapping MAP.yaml] --json`: the variance
table as JSON or text, every sample layout, a mapping file, and bad files as one line with
exit code 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from planner.cli.main import main
from planner.data import template_path

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = template_path("actuals")
STARTER = "offshore_voice_support"
ENTRY_KEYS = ["month", "line", "label", "plan", "actual", "variance", "variance_pct", "flagged"]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["actuals", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_variance_as_json_one_entry_per_month_and_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    actuals = tmp_path / "actuals.csv"
    actuals.write_text(
        "month,line,value\n2027-03,revenue,20000\n2027-03,headcount,61\n2027-04,marketing,1300\n"
    )
    code, out, err = run(capsys, STARTER, "--actuals", str(actuals), "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["layout"] == "long" and data["threshold_pct"] == 10.0
    assert [list(e) for e in data["variance"]] == [ENTRY_KEYS] * 3
    revenue = data["variance"][0]
    # The starter plans 22,875.44 of revenue in 2027-03 (its summary --json says so):
    # 20,000 - 22,875.44 = -2,875.44; -2,875.44 / 22,875.44 x 100 = -12.57%
    assert (revenue["month"], revenue["line"], revenue["plan"]) == ("2027-03", "revenue", 22875.44)
    assert revenue["variance"] == -2875.44 and revenue["variance_pct"] == -12.57
    assert revenue["flagged"] is True
    headcount = data["variance"][1]
    assert (headcount["plan"], headcount["actual"], headcount["variance"]) == (61.0, 61.0, 0.0)
    assert headcount["variance_pct"] == 0.0
    assert data["year_to_date"][0]["line"] == "revenue"
    assert data["explanations"] == ["Revenue -13% year to date"]


def test_the_plan_figure_is_the_summarys_figure(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summary", STARTER, "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    code, out, _ = run(capsys, STARTER, "--actuals", str(SAMPLES / f"{STARTER}_long.csv"), "--json")
    assert code == 0
    closing = {r["month"]: r["closing_cash"] for r in summary["monthly"]}
    for entry in json.loads(out)["variance"]:
        if entry["line"] == "closing_cash":
            assert entry["plan"] == closing[entry["month"]]


@pytest.mark.parametrize("kind", ["long.csv", "quickbooks.xlsx", "xero.csv"])
def test_every_sample_layout_reads_on_the_command_line(
    capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    code, out, err = run(capsys, STARTER, "--actuals", str(SAMPLES / f"{STARTER}_{kind}"), "--json")
    assert code == 0, err
    data = json.loads(out)
    months = {e["month"] for e in data["variance"]}
    assert months == {f"2027-0{m}" for m in range(1, 7)}
    assert data["unmapped"] == ([] if kind == "long.csv" else ["Bank fees"])


def test_a_mapping_file_maps_what_the_names_do_not(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    mapping = tmp_path / "map.yaml"
    mapping.write_text("Bank fees: resources_opex\nSales returns and refunds:\n")
    xero = SAMPLES / f"{STARTER}_xero.csv"
    args = ("--actuals", str(xero), "--mapping", str(mapping), "--json")
    code, out, err = run(capsys, STARTER, *args)
    assert code == 0, err
    data = json.loads(out)
    assert data["unmapped"] == []
    assert data["mapping"]["Bank fees"] == "resources_opex"
    assert data["mapping"]["Sales returns and refunds"] == ""


def test_the_readable_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, STARTER, "--actuals", str(SAMPLES / f"{STARTER}_xero.csv"))
    assert code == 0
    assert "actual figures against the plan (USD; flagged past 10%)" in out
    assert "Rent, leases, lines, software" in out
    assert "Accounts left out (map them with --mapping): Bank fees" in out


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            'month,line,value\n2027-01,revenue,"12,3x"\n',
            "error: bad.csv, row 2, column 'value': '12,3x' is not a number; expected a number",
        ),
        (
            "month,line,value\n2026-12,revenue,1\n",
            "error: bad.csv, row 2, column 'month': 2026-12 is not a month of the plan; expected "
            "a month from 2027-01 to 2029-12",
        ),
        ("just some text\n", "error: bad.csv, no row of month headings found"),
    ],
)
def test_a_bad_file_is_one_line_and_exit_code_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str, expected: str
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(content)
    code, out, err = run(capsys, STARTER, "--actuals", str(bad), "--json")
    assert code == 2 and out == ""
    assert err.startswith(expected) and err.count("\n") == 1


def test_a_missing_file_is_named(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, STARTER, "--actuals", str(tmp_path / "nope.csv"))
    assert code == 2
    assert err.startswith("error: the actuals file") and "nope.csv cannot be read" in err


def test_a_bad_mapping_file_is_named(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    mapping = tmp_path / "map.yaml"
    mapping.write_text("- Rent\n")
    xero = SAMPLES / f"{STARTER}_xero.csv"
    code, _, err = run(capsys, STARTER, "--actuals", str(xero), "--mapping", str(mapping))
    assert code == 2
    assert err.startswith("error: map.yaml, the mapping file must map each account name")


def test_in_a_real_process_a_bad_file_shows_no_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("month,line,value\n2027-01,revenu,1\n")
    done = subprocess.run(
        [sys.executable, "-m", "planner", "actuals", STARTER, "--actuals", str(bad), "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2 and done.stdout == ""
    assert "Traceback" not in done.stderr
    said = "row 2, column 'line': 'revenu' is not a line of this plan (did you mean 'revenue'?)"
    assert said in done.stderr
