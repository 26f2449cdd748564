"""`python -m planner bid`, run as a user would (a subprocess from the repository root), on the
sample histories: the issue's checks hold on what the command prints and writes.

(a) its staffing per interval is `python -m planner staffing --intervals` on its --intervals-out
file; (b) the chosen shifts, laid over the intervals, cover every one; (c) each price, times its
units, gives the target margin on the forecast volume (and the printed margins at -20 % and +20 %);
(d) the forecast beats seasonal-naive on the held-back weeks. Bad input: exit 2 and one line.

One month is forecast (--months 1) so the tests stay quick; the history is each sample's year.
"""

from __future__ import annotations

import csv
import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from planner.bid.types import BILLING_MODELS, ShiftRules
from planner.cli.main import main
from planner.data import template_path
from planner.model.files import load_plan
from tests.support.tools import planner

MARGIN = 0.25
CASES = {
    # channel: (sample file, the bid's channel flags, the same options for `staffing`)
    "voice": ("voice_customer_service.csv", ["--service-level", "0.8", "--answer-seconds", "20"],
              ["--service-level", "0.8", "--answer-seconds", "20"]),
    "chat": ("chat_web_support.csv", ["--concurrency", "2", "--concurrency-growth", "0.15"],
             ["--concurrency", "2", "--concurrency-growth", "0.15"]),
    "email": ("email_support.csv",
              ["--deadline-hours", "4", "--open-hours", "08-20", "--open-days", "mon-sat"],
              ["--deadline-hours", "4", "--open-hour", "8", "--close-hour", "20"]),
    "outbound": ("outbound_renewals.csv",
                 ["--contact-rate", "0.35", "--talk-seconds", "200", "--wrap-seconds", "45",
                  "--no-contact-seconds", "25"],
                 ["--contact-rate", "0.35", "--talk-seconds", "200", "--wrap-seconds", "45",
                  "--no-contact-seconds", "25"]),
}  # fmt: skip


def sample(name: str) -> Path:
    return Path(str(template_path("bids", name)))


@cache
def bid_run(channel: str, folder: str) -> tuple[dict[str, Any], Path]:
    """The bid's JSON on the channel's sample and the intervals file it wrote."""
    name, flags, _ = CASES[channel]
    out = Path(folder) / f"{channel}-intervals.csv"
    run = planner(
        "bid", "--history", str(sample(name)), "--channel", channel, "--margin", str(MARGIN),
        "--months", "1", "--json", "--intervals-out", str(out), *flags,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout), out


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(tmp_path_factory.mktemp("bids"))


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("channel", list(CASES))
def test_staffing_per_interval_is_the_staffing_command_on_the_intervals_out_file(
    channel: str, folder: str
) -> None:
    bid, out = bid_run(channel, folder)
    _, _, options = CASES[channel]
    command = bid["staffing_command"]  # the bid's targets as flags, printed for the founder
    assert command[:5] == ["staffing", "--intervals", str(out), "--channel", channel]
    given = dict(zip(options[::2], options[1::2], strict=True))
    ongoing = command[-1] == "--ongoing"  # deadline work goes on after the forecast's months
    assert ongoing == (channel == "email")
    flags = command[5:-1] if ongoing else command[5:]
    printed = dict(zip(flags[::2], flags[1::2], strict=True))
    assert {flag: float(printed[flag]) for flag in given} == {
        flag: float(value) for flag, value in given.items()
    }
    if channel == "email":
        assert printed["--open-days"] == "mon,tue,wed,thu,fri,sat"
    run = planner(*command, "--json")
    assert run.returncode == 0, run.stderr
    staffed = json.loads(run.stdout)
    written = _rows(out)
    assert len(staffed) == len(written) == bid["forecast"]["intervals"]
    assert [r["agents"] for r in staffed] == [int(r["agents"]) for r in written]
    assert [r["scheduled_agents"] for r in staffed] == [int(r["scheduled_agents"]) for r in written]
    if channel == "voice":  # the file is also the classic Erlang C CSV: the same agents
        classic = planner("staffing", "--intervals", str(out), "--json")
        assert classic.returncode == 0, classic.stderr
        assert [r["agents"] for r in json.loads(classic.stdout)] == [r["agents"] for r in staffed]
    assert sum(int(r["agents"]) for r in written) > 0


def _clock_minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def _at_work(shifts: list[dict[str, Any]], interval_minutes: int) -> dict[str, list[int]]:
    """Agents at work in each interval of the typical week (Monday 00:00 first), month by month,
    laid out from the printed shifts by hand: a shift of L hours starting on weekday d at s
    covers the whole intervals from s to s + L (past midnight and Sunday into Monday) except its
    unpaid break (the default rules: 30 minutes in an 8-hour shift, 60 in a 9-hour one), which
    starts at break_start."""
    rules = ShiftRules()
    breaks = dict(zip(rules.lengths_hours, rules.break_minutes, strict=True))
    slots = 7 * 24 * 60 // interval_minutes
    weeks: dict[str, list[int]] = {}
    for shift in shifts:
        week = weeks.setdefault(str(shift["month"]), [0] * slots)
        start = shift["weekday"] * 24 * 60 + _clock_minutes(shift["start"])
        length = round(shift["length_hours"] * 60)
        pause = (_clock_minutes(shift["break_start"]) - _clock_minutes(shift["start"])) % (24 * 60)
        for offset in range(0, length, interval_minutes):
            if pause <= offset < pause + breaks[shift["length_hours"]]:
                continue
            week[(start + offset) // interval_minutes % slots] += int(shift["agents"])
    return weeks


@pytest.mark.parametrize("channel", list(CASES))
def test_the_chosen_shifts_cover_every_interval(channel: str, folder: str) -> None:
    bid, out = bid_run(channel, folder)
    minutes = bid["forecast"]["interval_minutes"]
    weeks = _at_work(bid["shifts"], minutes)
    short = []
    for row in _rows(out):
        stamp = row["timestamp"]
        day = __import__("datetime").datetime.strptime(stamp, "%Y-%m-%d %H:%M")
        slot = (day.weekday() * 24 * 60 + day.hour * 60 + day.minute) // minutes
        at_work = weeks.get(stamp[:7], [0] * (slot + 1))[slot]
        if at_work < int(row["scheduled_agents"]):
            short.append((stamp, at_work, row["scheduled_agents"]))
    assert not short, short[:5]
    loss = bid["roster"]["scheduled_hours"] / bid["roster"]["required_hours"] - 1
    assert bid["roster"]["scheduling_loss"] == pytest.approx(loss, abs=1e-12)


@pytest.mark.parametrize("channel", list(CASES))
def test_each_price_gives_the_target_margin_on_the_forecast_volume(
    channel: str, folder: str
) -> None:
    bid, _ = bid_run(channel, folder)
    costs = {round(c["volume_change"], 6): c for c in bid["cost_to_serve"]}
    assert set(costs) == {-0.2, 0.0, 0.2}
    assert [p["model"] for p in bid["prices"]] == list(BILLING_MODELS)
    for price in bid["prices"]:
        for change, key in ((-0.2, "-0.2"), (0.0, "0"), (0.2, "0.2")):
            cost = costs[change]
            units = 1.0 if price["unit"] is None else cost[price["unit"]]
            # revenue = price x the case's units + the base fee (retainer: the fee itself)
            revenue = price["price"] * units + price["base_fee"]
            margin = (revenue - cost["total_cost"]) / revenue
            assert price["margins"][key] == pytest.approx(margin, abs=1e-9), (price, key)
            if change == 0.0:
                assert margin == pytest.approx(MARGIN, abs=1e-9), price["model"]


@pytest.mark.parametrize("channel", list(CASES))
def test_the_forecast_beats_seasonal_naive_on_the_held_back_weeks(
    channel: str, folder: str
) -> None:
    forecast = bid_run(channel, folder)[0]["forecast"]
    assert 0 < forecast["mape"] < forecast["naive_mape"]


def test_the_text_output_has_every_section(folder: str) -> None:
    name, flags, _ = CASES["voice"]
    run = planner(
        "bid", "--history", str(sample(name)), "--channel", "voice", "--margin", "0.25",
        "--months", "1", *flags,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    for heading in (
        "Forecast",
        "MAPE",
        "seasonal-naive",
        "Staffing per month",
        "Shifts",
        "Scheduling loss",
        "Cost to serve",
        "Cost per FTE-month",
        "Prices for a 25% margin",
        "Margin at -20 %",
    ):
        assert heading in run.stdout, heading


def test_add_to_plan_writes_a_plan_that_summary_reads_with_the_prospect(tmp_path: Path) -> None:
    out = tmp_path / "with-bid.yaml"
    name, flags, _ = CASES["voice"]
    run = planner(
        "bid", "--history", str(sample(name)), "--channel", "voice", "--margin", "0.2",
        "--months", "1", "--add-to-plan", str(out), "--model", "per_item",
        "--client", "Harbour Health", "--probability", "0.6", *flags,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert f"wrote {out}" in run.stdout
    summary = planner("summary", str(out), "--json")
    assert summary.returncode == 0, summary.stderr
    plan = load_plan(out)
    prospect = next(c for c in plan.business_plan.clients if c.name == "Harbour Health")
    assert prospect.status == "pipeline" and prospect.probability == 0.6
    assert prospect.services[0].pricing_model == "per_item"
    assert [b.client for b in plan.bids] == ["Harbour Health"]
    assert plan.bids[0].chosen_model == "per_item"


# --- bad input: exit 2 and one line naming it -------------------------------------------------

VOICE = str(sample("voice_customer_service.csv"))


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--history", "/no/such.csv", "--channel", "voice", "--margin", "0.2"],
         "--history: no such file"),
        (["--history", VOICE, "--channel", "voice", "--margin", "1"], "target margin"),
        (["--history", VOICE, "--channel", "voice", "--margin", "-0.1"], "target margin"),
        (["--history", VOICE, "--channel", "fax", "--margin", "0.2"], "invalid choice: 'fax'"),
        (["--history", VOICE, "--channel", "voice", "--margin", "0.2", "--service-level", "1.5"],
         "service level"),
        (["--history", VOICE, "--channel", "voice", "--margin", "0.2", "--open-hours", "20-08"],
         "--open-hours"),
        (["--history", VOICE, "--channel", "email", "--margin", "0.2", "--open-days", "mon-xyz"],
         "--open-days"),
        (["--history", VOICE, "--channel", "voice", "--margin", "0.2", "--months", "0"],
         "--months"),
        (["--history", VOICE, "--channel", "voice", "--margin", "0.2", "--add-to-plan", "o.yaml",
          "--model", "per_banana", "--client", "X"], "--model must be one of per_fte_month"),
        (["--history", VOICE, "--channel", "voice", "--margin", "0.2", "--add-to-plan", "o.yaml",
          "--model", "per_item"], "--client"),
        (["--history", VOICE, "--channel", "voice", "--margin", "0.2", "--model", "per_item"],
         "--model goes with --add-to-plan"),
        (["--history", VOICE, "--channel", "voice", "--margin", "0.2", "--plan", "no_such_starter"],
         "no_such_starter"),
    ],
)  # fmt: skip
def test_bad_input_exits_2_with_one_line_naming_it(
    args: list[str], words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["bid", *args]) == 2
    err = capsys.readouterr().err
    last = err.strip().splitlines()[-1]
    assert last.startswith("error: ") and words.lower() in last.lower(), err
    assert "Traceback" not in err


def test_a_history_with_text_in_a_number_cell_exits_2_naming_the_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("timestamp,contacts\n2026-01-05 08:00,12\n2026-01-05 08:30,n/a\n")
    assert main(["bid", "--history", str(bad), "--channel", "voice", "--margin", "0.2"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: --history bad.csv: ") and "n/a" in err
    assert len(err.splitlines()) == 1


def test_a_too_short_history_exits_2_saying_what_is_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = ["timestamp,contacts"]
    rows += [f"2026-01-{day:02d} {hour:02d}:00,{10 + hour}" for day in range(1, 15)
             for hour in range(24)]  # fmt: skip
    short = tmp_path / "short.csv"
    short.write_text("\n".join(rows) + "\n")
    assert main(["bid", "--history", str(short), "--channel", "voice", "--margin", "0.2"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: --history short.csv: ") and "8 weeks" in err


def test_add_to_plan_with_a_client_name_the_plan_has_exits_2_naming_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    taken = "Cobalt Travel (US online travel agency)"  # a client of the offshore starter
    name, flags, _ = CASES["voice"]
    code = main(
        ["bid", "--history", str(sample(name)), "--channel", "voice", "--margin", "0.2",
         "--months", "1", "--add-to-plan", str(tmp_path / "o.yaml"), "--model", "per_item",
         "--client", taken, *flags]
    )  # fmt: skip
    assert code == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: --add-to-plan: ") and taken in err
    assert len(err.splitlines()) == 1
    assert not (tmp_path / "o.yaml").exists()
