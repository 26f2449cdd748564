"""`python -m planner staffing --channel ...`: each channel's output is `staff_intervals` on the
same rows; bad input exits 2 with one line naming it; without --channel nothing changes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from planner.bid.types import ChannelTargets
from planner.cli.main import main
from planner.queueing.channels import STAFF_COLUMNS, staff_intervals

ROOT = Path(__file__).resolve().parents[2]

# Friday 18:00 to Monday 09:30 by half hours: an evening, a closed weekend, a Monday morning.
STAMPS = pd.date_range("2027-01-01 18:00", "2027-01-04 09:30", freq="30min")
CONTACTS = np.round(6 + 5 * np.sin(np.arange(STAMPS.size) / 5.0), 1)
AHT = np.round(300 + 60 * np.cos(np.arange(STAMPS.size) / 7.0), 1)


@pytest.fixture
def history(tmp_path: Path) -> Path:
    path = tmp_path / "history.csv"
    frame = pd.DataFrame(
        {"timestamp": STAMPS.strftime("%Y-%m-%d %H:%M"), "contacts": CONTACTS, "aht_seconds": AHT}
    )
    frame.to_csv(path, index=False)
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["staffing", *args])
    out, err = capsys.readouterr()
    return code, out, err


CASES = [
    ("voice", [], ChannelTargets()),
    (
        "voice",
        ["--patience-seconds", "90", "--shrinkage", "0.25", "--max-occupancy", "0.9"],
        ChannelTargets(patience_seconds=90.0, shrinkage=0.25, max_occupancy=0.9),
    ),
    (
        "chat",
        ["--concurrency", "3", "--concurrency-growth", "0.2", "--answer-seconds", "30"],
        ChannelTargets(channel="chat", concurrency=3, concurrency_growth=0.2, answer_seconds=30.0),
    ),
    (
        "email",
        [
            "--deadline-hours",
            "2",
            "--open-hour",
            "8",
            "--close-hour",
            "18",
            "--open-days",
            "mon-fri",
        ],
        ChannelTargets(channel="email", deadline_hours=2.0, close_hour=18),
    ),
    (
        "back_office",
        ["--deadline-hours", "24", "--open-hour", "0", "--close-hour", "24", "--open-days", "all"],
        ChannelTargets(
            channel="back_office",
            deadline_hours=24.0,
            open_hour=0,
            close_hour=24,
            open_days=(0, 1, 2, 3, 4, 5, 6),
        ),
    ),
    (
        "outbound",
        [
            "--contact-rate",
            "0.4",
            "--talk-seconds",
            "200",
            "--wrap-seconds",
            "45",
            "--no-contact-seconds",
            "25",
        ],
        ChannelTargets(
            channel="outbound",
            contact_rate=0.4,
            talk_seconds=200.0,
            wrap_seconds=45.0,
            no_contact_seconds=25.0,
        ),
    ),
]


@pytest.mark.parametrize(("channel", "flags", "targets"), CASES)
def test_each_channel_prints_staff_intervals_of_the_same_rows(
    capsys, history, channel, flags, targets
):
    code, out, err = run(
        capsys, "--intervals", str(history), "--channel", channel, *flags, "--json"
    )
    assert code == 0, err
    expected = staff_intervals(
        CONTACTS, AHT, interval_minutes=30, targets=targets, timestamps=STAMPS
    )
    got = pd.DataFrame(json.loads(out))
    assert list(got.columns) == list(STAFF_COLUMNS)
    assert got.agents.tolist() == expected.agents.tolist()
    assert got.scheduled_agents.tolist() == expected.scheduled_agents.tolist()
    for column in ("contacts", "aht_seconds", "service_level", "occupancy", "backlog"):
        assert got[column].astype(float).tolist() == pytest.approx(
            expected[column].tolist(), nan_ok=True, rel=0, abs=0
        )
    assert got.agents.sum() > 0  # the comparison is not of two empty answers


def test_email_waits_over_the_weekend_in_the_csv_output(capsys, history):
    # Closed from Friday 20:00 to Monday 08:00: no agents then, a backlog that only grows, and
    # service_level does not apply (an empty cell).
    code, out, err = run(capsys, "--intervals", str(history), "--channel", "email")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == ",".join(STAFF_COLUMNS)
    rows = [line.split(",") for line in lines[1:]]
    assert len(rows) == STAMPS.size
    closed = (STAMPS.day_of_week >= 5) | ((STAMPS.day_of_week == 4) & (STAMPS.hour >= 20))
    closed |= (STAMPS.day_of_week == 0) & (STAMPS.hour < 8)
    agents = np.array([int(r[2]) for r in rows])
    backlog = np.array([float(r[6]) for r in rows])
    assert (agents[closed] == 0).all() and (agents[~closed] > 0).any()
    assert (np.diff(backlog[closed]) >= 0).all()
    assert all(r[4] == "" for r in rows)


def test_calls_column_is_read_as_contacts_and_interval_from_flag(capsys, tmp_path):
    # The voice file of `staffing --intervals` names the column calls: 100 calls of 180 s in 30
    # minutes = 10 Erlangs -> 14 agents at 80 % in 20 s; ceil(14 / 0.7) = 20 scheduled.
    path = tmp_path / "calls.csv"
    path.write_text("calls,aht_seconds\n100,180\n")
    code, out, err = run(
        capsys, "--intervals", str(path), "--channel", "voice", "--interval-minutes", "30",
        "--json",
    )  # fmt: skip
    assert code == 0, err
    [row] = json.loads(out)
    assert (row["agents"], row["scheduled_agents"]) == (14, 20)


def test_without_channel_shrinkage_still_defaults_to_none(capsys, tmp_path):
    # The voice command is unchanged: no --shrinkage is 0 (14 agents, 14 scheduled).
    worked = ["--calls", "100", "--interval-seconds", "1800", "--aht-seconds", "180",
              "--answer-seconds", "20", "--service-level", "0.8"]  # fmt: skip
    code, out, _ = run(capsys, *worked, "--json")
    assert code == 0
    assert json.loads(out)["scheduled_agents"] == 14


@pytest.mark.parametrize(
    ("flags", "body", "message"),
    [
        (["--channel", "email"], "contacts,aht_seconds\n1,300\n",
         "missing column(s) timestamp (email and back office need it for the open hours)"),
        (["--channel", "chat"], "timestamp,contacts\n2027-01-04 08:00,1\n2027-01-04 08:30,1\n",
         "missing column(s) aht_seconds"),
        (["--channel", "chat", "--concurrency", "0"], None,
         "Chats at once must be a whole number >= 1, got 0"),
        (["--channel", "email", "--open-days", "weekdays"], None,
         '--open-days must be days like "mon-fri" or "mon,wed,sat", got \'weekdays\''),
        (["--channel", "email", "--deadline-hours", "0.25"], None,
         "Deadline (hours of open time) must be >= 0.5, got 0.25 (shorter than one 30-minute "
         "interval)"),
        (["--channel", "email", "--open-hour", "20", "--close-hour", "8"], None,
         "Closing hour must be after opening hour (20), got 8"),
        (["--channel", "outbound", "--contact-rate", "1.5"], None,
         "Contact rate (share of dials reaching someone) must be in [0, 1], got 1.5"),
        (["--channel", "voice"], "timestamp,contacts,aht_seconds\n2027-01-04 08:00,-2,300\n"
         "2027-01-04 08:30,1,300\n", "row 1, column contacts: contacts must be >= 0, got -2"),
        (["--channel", "chat"], "timestamp,contacts,aht_seconds\n2027-01-04 08:00,2,300\n"
         "2027-01-04 08:30,1,0\n", "row 2, column aht_seconds: aht_seconds must be > 0, got 0"),
        (["--channel", "email"], "timestamp,contacts,aht_seconds\n2027-01-04 08:00,2,300\n"
         "soon,1,300\n", "row 2, column timestamp: must be a date and time such as "
         "2027-01-04 08:30, got 'soon'"),
        (["--channel", "voice"], "contacts,aht_seconds\n1,300\n",
         "give --interval-minutes (or a timestamp column with two rows or more)"),
        (["--channel", "voice", "--calls", "5"], None,
         "--channel takes contacts and handle times from the file; drop --calls"),
        (["--concurrency", "2"], None, "--concurrency need(s) --channel"),
    ],
)  # fmt: skip
def test_bad_input_exits_2_with_one_line_naming_it(capsys, history, flags, body, message):
    path = history
    if body is not None:
        path = history.with_name("bad.csv")
        path.write_text(body)
    code, out, err = run(capsys, "--intervals", str(path), *flags)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert message in err
    assert "Traceback" not in err and "None" not in err


def test_channel_needs_a_file(capsys):
    code, _, err = run(capsys, "--channel", "chat")
    assert code == 2
    assert err == "error: --channel needs --intervals FILE.csv (one interval a row)\n"


def test_as_a_user_runs_it(history):
    done = subprocess.run(
        [sys.executable, "-m", "planner", "staffing", "--intervals", str(history), "--channel",
         "chat", "--concurrency", "2"],
        cwd=ROOT, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    expected = staff_intervals(CONTACTS, AHT, interval_minutes=30,
                               targets=ChannelTargets(channel="chat", concurrency=2))  # fmt: skip
    agents = [int(line.split(",")[2]) for line in done.stdout.splitlines()[1:]]
    assert agents == expected.agents.tolist()


def test_ongoing_email_keeps_each_deadline_window_past_the_files_last_interval(capsys, history):
    # The file ends Monday 09:30, 1.5 open hours into the week. With a 4-hour deadline, Monday's
    # and the weekend's work due after 09:30 is squeezed into the last open intervals unless the
    # work goes on after the file (--ongoing, as a bid's service does): then fewer agents at the
    # end, and the same figures as staff_intervals(ongoing=True).
    flags = ["--intervals", str(history), "--channel", "email", "--deadline-hours", "4"]
    code, out, err = run(capsys, *flags, "--ongoing", "--json")
    assert code == 0, err
    targets = ChannelTargets(channel="email", deadline_hours=4.0)
    expected = staff_intervals(
        CONTACTS, AHT, interval_minutes=30, targets=targets, timestamps=STAMPS, ongoing=True
    )
    ongoing = pd.DataFrame(json.loads(out))
    assert ongoing.agents.tolist() == expected.agents.tolist()
    code, out, err = run(capsys, *flags, "--json")
    cut = pd.DataFrame(json.loads(out))
    assert ongoing.agents.iloc[-1] < cut.agents.iloc[-1]
