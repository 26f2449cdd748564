"""`python -m planner staffing`, run as a user would: a subprocess from the repository root."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WORKED = [
    "--calls", "100", "--interval-seconds", "1800", "--aht-seconds", "180",
    "--answer-seconds", "20", "--service-level", "0.8",
]  # fmt: skip
FIELDS = [
    "traffic_erlangs",
    "agents",
    "service_level",
    "probability_of_waiting",
    "asa_seconds",
    "occupancy",
    "scheduled_agents",
]
HEADER = "calls,interval_seconds,aht_seconds,answer_seconds,service_level,max_occupancy,shrinkage\n"


def staffing(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "planner", "staffing", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_worked_example_as_json():
    # DOMAIN.md: 10 Erlangs, 14 agents, 20 scheduled with 30% shrinkage.
    done = staffing(*WORKED, "--shrinkage", "0.3", "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert list(result) == FIELDS
    assert result["traffic_erlangs"] == 10.0
    assert result["agents"] == 14
    assert result["scheduled_agents"] == 20
    assert round(result["service_level"], 3) == 0.888
    assert round(result["asa_seconds"], 1) == 7.8


def test_worked_example_as_text():
    done = staffing(*WORKED, "--max-occupancy", "0.85")
    assert done.returncode == 0, done.stderr
    lines = dict(line.split(maxsplit=1) for line in done.stdout.splitlines())
    assert list(lines) == FIELDS
    assert lines["agents"] == "14"
    assert lines["scheduled_agents"] == "14"  # no shrinkage


def test_erlang_a_option_adds_abandon_rate():
    done = staffing(*WORKED, "--patience-seconds", "120", "--json")
    result = json.loads(done.stdout)
    assert result["agents"] == 12
    assert 0.05 < result["abandon_rate"] < 0.07


def test_intervals_file_keeps_input_order(tmp_path):
    csv = tmp_path / "week.csv"
    csv.write_text(
        HEADER + "100,1800,180,20,0.8,,0.3\n0,1800,180,20,0.8,,\n210,1800,180,20,0.8,0.7,0.3\n"
    )
    done = staffing("--intervals", str(csv))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == ",".join(FIELDS)
    rows = [line.split(",") for line in lines[1:]]
    # (agents, scheduled): 14 -> ceil(14/0.7) = 20; no calls -> 0; cap 21 / 0.7 = 30 -> 30/0.7 = 43
    assert [(r[1], r[6]) for r in rows] == [("14", "20"), ("0", "0"), ("30", "43")]


def test_intervals_file_as_json(tmp_path):
    csv = tmp_path / "week.csv"
    csv.write_text(
        "calls,interval_seconds,aht_seconds,answer_seconds,service_level\n100,1800,180,20,0.8\n"
    )
    done = staffing("--intervals", str(csv), "--json")
    assert done.returncode == 0, done.stderr
    [row] = json.loads(done.stdout)
    assert row["agents"] == 14 and list(row) == FIELDS


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("100,1800,180,20,0.8,,\n100,1800,180,20,1.2,,\n",
         "row 2, column service_level: service_level must be in (0, 1), got 1.2"),
        ("100,1800,180,20,0.8,,\n100,1800,abc,20,0.8,,\n",
         "row 2, column aht_seconds: aht_seconds must be a number, got 'abc'"),
        ("-3,1800,180,20,0.8,,\n", "row 1, column calls: calls must be >= 0, got -3"),
        ("100,1800,180,20,0.8,,1\n", "row 1, column shrinkage: shrinkage must be in [0, 1), got 1"),
        ("100,,180,20,0.8,,\n",
         "row 1, column interval_seconds: interval_seconds must be > 0, got nothing"),
    ],
)  # fmt: skip
def test_bad_row_names_row_and_column(tmp_path, body, message):
    csv = tmp_path / "bad.csv"
    csv.write_text(HEADER + body)
    done = staffing("--intervals", str(csv))
    assert done.returncode == 2
    assert done.stderr.strip() == f"error: {message}"
    assert "Traceback" not in done.stderr
    assert done.stdout == ""


def test_missing_column(tmp_path):
    csv = tmp_path / "bad.csv"
    csv.write_text("calls,interval_seconds\n100,1800\n")
    done = staffing("--intervals", str(csv))
    assert done.returncode == 2
    assert "missing column(s) aht_seconds, answer_seconds, service_level" in done.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--calls", "100"], "give --interval-seconds, --aht-seconds"),
        ([*WORKED[:-1], "1.2"], "--service-level must be in (0, 1), got 1.2"),
        ([*WORKED, "--shrinkage", "1"], "--shrinkage must be in [0, 1), got 1"),
        ([*WORKED, "--max-occupancy", "0"], "--max-occupancy must be in (0, 1], got 0"),
        ([*WORKED[:-1], "high"], "invalid float value: 'high'"),
        (["--intervals", "/no/such/file.csv"], "no such file: /no/such/file.csv"),
        (["--intervals", "x.csv", "--calls", "3"], "--intervals takes every value from the file"),
    ],
)
def test_bad_arguments(args, message):
    done = staffing(*args)
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr


def test_empty_file(tmp_path):
    csv = tmp_path / "empty.csv"
    csv.write_text("")
    done = staffing("--intervals", str(csv))
    assert done.returncode == 2
    assert "Traceback" not in done.stderr


def test_erlang_a_caps_the_occupancy_it_shows():
    # A = 100 x 300 / 1800 = 16.67 Erlangs; the old cap ceil(16.67 / 0.85) = 20 agents. With 60 s
    # patience 9.5% hang up: 18 agents carry 15.08 Erlangs, 83.8% <= 85%, and meet 80% in 20 s.
    done = staffing(
        "--calls", "100", "--interval-seconds", "1800", "--aht-seconds", "300",
        "--answer-seconds", "20", "--service-level", "0.8", "--max-occupancy", "0.85",
        "--patience-seconds", "60", "--json",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["agents"] == 18
    assert round(result["occupancy"], 4) == 0.8379
