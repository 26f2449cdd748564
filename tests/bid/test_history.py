"""Reading a prospect's contact history: every layout, every refusal with its message."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from planner.bid import history as history_module
from planner.bid.history import DEFAULT_AHT_SECONDS, HistoryError, read_history


def _csv(*rows: str) -> bytes:
    return ("\n".join(rows) + "\n").encode()


def _contacts(history: history_module.History) -> list[float]:
    return history.intervals["contacts"].round(9).tolist()


# --- interval files -----------------------------------------------------------------------------


def test_interval_file_reads_timestamps_contacts_and_handle_time() -> None:
    history = read_history(
        _csv(
            "timestamp,contacts,aht_seconds",
            "2026-01-05 08:00,4,300",
            "2026-01-05 08:30,6,200",
            "2026-01-05 09:00,0,",
        )
    )
    assert history.interval_minutes == 30
    assert history.source == "intervals"
    assert history.notes == ()
    frame = history.intervals
    assert list(frame.columns) == ["timestamp", "contacts", "aht_seconds"]
    assert frame["timestamp"].tolist() == list(
        pd.date_range("2026-01-05 08:00", periods=3, freq="30min")
    )
    assert frame["contacts"].tolist() == [4.0, 6.0, 0.0]
    # The empty interval takes the history's contact-weighted mean: (4 x 300 + 6 x 200) / 10 = 240.
    assert frame["aht_seconds"].tolist() == [300.0, 200.0, 240.0]


def test_common_headings_and_handle_time_as_minutes_and_seconds() -> None:
    history = read_history(
        _csv(
            "Date/Time,Calls Offered,AHT",
            "2026-01-05 08:00,10,6:30",
            "2026-01-05 09:00,5,0:05:00",
        )
    )
    assert history.interval_minutes == 60
    assert history.intervals["contacts"].tolist() == [10.0, 5.0]
    assert history.intervals["aht_seconds"].tolist() == [390.0, 300.0]  # 6 x 60 + 30; 5 x 60


def test_separate_date_and_time_columns_and_semicolons() -> None:
    history = read_history(
        _csv("Date;Time;Volume", "2026-01-05;08:00;3", "2026-01-05;08:15;7"), aht_seconds=200
    )
    assert history.interval_minutes == 15
    assert history.intervals["contacts"].tolist() == [3.0, 7.0]
    assert history.intervals["aht_seconds"].tolist() == [200.0, 200.0]


def test_date_and_interval_columns_as_workforce_tools_export_them() -> None:
    history = read_history(
        _csv("Date,Interval,Offered,AHT", "01/05/2026,8:00 AM,3,200", "01/05/2026,8:30 AM,5,400")
    )
    assert history.intervals["timestamp"].tolist() == [
        pd.Timestamp("2026-01-05 08:00"),
        pd.Timestamp("2026-01-05 08:30"),
    ]
    assert history.intervals["contacts"].tolist() == [3.0, 5.0]


def test_a_date_column_holding_times_is_read_as_intervals() -> None:
    history = read_history(
        _csv("date,contacts", "2026-01-05 08:00,3", "2026-01-05 08:30,5"), aht_seconds=60
    )
    assert history.source == "intervals"
    assert history.intervals["contacts"].tolist() == [3.0, 5.0]


def test_thousands_separators_in_contacts() -> None:
    history = read_history(
        _csv("timestamp,contacts", '2026-01-05 08:00,"1,234"', "2026-01-05 08:30,1 005"),
        aht_seconds=60,
    )
    assert history.intervals["contacts"].tolist() == [1234.0, 1005.0]


def test_empty_rows_a_spreadsheet_leaves_at_the_end_are_dropped() -> None:
    history = read_history(
        _csv("timestamp,contacts,aht_seconds", "2026-01-05 08:00,1,60", "2026-01-05 08:30,2,60")
        + b",,\n , ,\n"
    )
    assert history.intervals["contacts"].tolist() == [1.0, 2.0]


def test_rows_in_any_order_are_sorted() -> None:
    history = read_history(
        _csv(
            "timestamp,contacts", "2026-01-05 09:00,2", "2026-01-05 08:00,1", "2026-01-05 08:30,3"
        ),
        aht_seconds=180,
    )
    assert history.intervals["timestamp"].dt.strftime("%H:%M").tolist() == [
        "08:00",
        "08:30",
        "09:00",
    ]
    assert history.intervals["contacts"].tolist() == [1.0, 3.0, 2.0]


def test_missing_intervals_are_zero_with_a_note() -> None:
    history = read_history(
        _csv(
            "timestamp,contacts", "2026-01-05 08:00,1", "2026-01-05 08:30,1", "2026-01-05 10:00,2"
        ),
        aht_seconds=180,
    )
    assert _contacts(history) == [1.0, 1.0, 0.0, 0.0, 2.0]
    assert history.notes == (
        "2 intervals missing from the file (the first: 2026-01-05 09:00) are taken as 0 contacts.",
    )


def test_given_longer_interval_adds_rows_up_with_weighted_handle_time() -> None:
    history = read_history(
        _csv(
            "timestamp,contacts,aht_seconds",
            "2026-01-05 08:00,4,300",
            "2026-01-05 08:15,6,200",
            "2026-01-05 08:30,1,100",
            "2026-01-05 08:45,1,100",
        ),
        interval_minutes=30,
    )
    assert history.interval_minutes == 30
    assert history.intervals["contacts"].tolist() == [10.0, 2.0]
    # 08:00: (4 x 300 + 6 x 200) / 10 = 2400 / 10 = 240 s; 08:30: (100 + 100) / 2 = 100 s.
    assert history.intervals["aht_seconds"].tolist() == [240.0, 100.0]


def test_time_zone_offsets_keep_the_clock_time_written() -> None:
    history = read_history(
        _csv("timestamp,contacts", "2026-01-05T08:00:00-05:00,1", "2026-01-05T08:30:00-05:00,2"),
        aht_seconds=180,
    )
    assert history.intervals["timestamp"].iloc[0] == pd.Timestamp("2026-01-05 08:00")


def test_no_handle_time_column_assumes_the_default_with_a_note() -> None:
    history = read_history(_csv("timestamp,contacts", "2026-01-05 08:00,1", "2026-01-05 08:30,2"))
    assert history.intervals["aht_seconds"].tolist() == [DEFAULT_AHT_SECONDS] * 2
    assert history.notes == (
        "The file gives no average handle time; 300 seconds is assumed (add an aht_seconds "
        "column to use the prospect's own).",
    )


@pytest.mark.parametrize("kind", ["bytes", "text", "str path", "Path", "text file", "bytes file"])
def test_every_kind_of_source(kind: str, tmp_path: Path) -> None:
    data = _csv("timestamp,contacts,aht_seconds", "2026-01-05 08:00,1,60", "2026-01-05 08:30,2,60")
    path = tmp_path / "history.csv"
    path.write_bytes(data)
    source: object = {
        "bytes": data,
        "text": data.decode(),
        "str path": str(path),
        "Path": path,
        "text file": io.StringIO(data.decode()),
        "bytes file": io.BytesIO(data),
    }[kind]
    history = read_history(source)  # type: ignore[arg-type]
    assert history.intervals["contacts"].tolist() == [1.0, 2.0]


# --- daily and monthly totals -------------------------------------------------------------------


def test_daily_totals_spread_by_the_weekday_pattern_hand_checked() -> None:
    # business_hours, Monday 08:00-18:00 hourly weights 6.9, 11.5, 13.8, 12.6, 9.2, 9.2, 11.5,
    # 11.5, 10.3, 6.9: sum 103.4. 100 contacts on Monday 2026-01-05: 08:00 gets
    # 100 x 6.9 / 103.4 = 6.673114..., 10:00 gets 100 x 13.8 / 103.4 = 13.346228...
    history = read_history(
        _csv("date,contacts,aht_seconds", "2026-01-05,100,240"), interval_minutes=60
    )
    frame = history.intervals.set_index("timestamp")
    assert history.source == "daily"
    assert len(frame) == 24
    assert frame.loc["2026-01-05 08:00", "contacts"] == pytest.approx(690 / 103.4)
    assert frame.loc["2026-01-05 10:00", "contacts"] == pytest.approx(1380 / 103.4)
    assert frame.loc["2026-01-05 07:00", "contacts"] == 0
    assert frame["contacts"].sum() == pytest.approx(100)
    assert frame["aht_seconds"].tolist() == pytest.approx([240.0] * 24)
    assert "Daily totals spread over 60-minute intervals" in history.notes[0]


def test_daily_totals_in_30_minute_intervals_halve_each_hour() -> None:
    # 30-minute intervals split each hour's share evenly: 08:00 and 08:30 each get
    # 100 x 6.9 / 103.4 / 2 = 3.336557...
    history = read_history(_csv("date,contacts", "2026-01-05,100"), aht_seconds=240)
    frame = history.intervals.set_index("timestamp")
    assert history.interval_minutes == 30
    assert frame.loc["2026-01-05 08:30", "contacts"] == pytest.approx(345 / 103.4)


def test_missing_days_are_zero_with_a_note() -> None:
    history = read_history(_csv("date,contacts", "2026-01-05,10", "2026-01-07,10"), aht_seconds=60)
    assert history.intervals["timestamp"].dt.normalize().nunique() == 3
    assert history.notes[0] == (
        "1 day missing from the file (the first: 2026-01-06) is taken as 0 contacts."
    )


def test_monthly_totals_shared_by_weekday_weights_then_hours_hand_checked() -> None:
    # business_hours weekday weights (sums of the hourly weights): Mon 103.4, Tue-Thu 90 each,
    # Fri 81, Sat 17, Sun 0; a week 471.4. February 2026 has 28 days, four of each weekday, so
    # its weight is 4 x 471.4 = 1885.6 and 4714 contacts are 4714 / 1885.6 = 2.5 per unit:
    # each Monday 2.5 x 103.4 = 258.5, each Tuesday 2.5 x 90 = 225, each Sunday 0.
    history = read_history(_csv("month,contacts", "2026-02,4714"), aht_seconds=300)
    daily = history.intervals.groupby(history.intervals["timestamp"].dt.normalize())[
        "contacts"
    ].sum()
    assert history.source == "monthly"
    assert len(daily) == 28
    assert daily[pd.Timestamp("2026-02-02")] == pytest.approx(258.5)  # a Monday
    assert daily[pd.Timestamp("2026-02-03")] == pytest.approx(225.0)  # a Tuesday
    assert daily[pd.Timestamp("2026-02-01")] == 0  # a Sunday
    assert daily.sum() == pytest.approx(4714)


def test_monthly_totals_missing_month_and_handle_time_filled() -> None:
    history = read_history(
        _csv("Month,Calls,AHT", "2026-01,1000,300", "2026-03,1000,"), profile="24x7"
    )
    by_month = history.intervals.groupby(history.intervals["timestamp"].dt.month)["contacts"].sum()
    assert by_month.tolist() == pytest.approx([1000, 0, 1000])
    assert set(history.intervals["aht_seconds"]) == {300.0}
    assert history.notes[0] == (
        "1 month missing from the file (the first: 2026-02) is taken as 0 contacts."
    )


# --- refusals -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            ("timestamp,contacts", "2026-01-05 08:00,1", "2026-01-05 08:30,n/a"),
            "Row 3, column contacts: must be a number of contacts, 0 or more; got 'n/a'",
        ),
        (
            ("timestamp,calls", "2026-01-05 08:00,-3"),
            "Row 2, column calls: must be a number of contacts, 0 or more; got '-3'",
        ),
        (
            ("timestamp,contacts", "2026-01-05 08:00,"),
            "Row 2, column contacts: must be a number of contacts, 0 or more; got a blank cell",
        ),
        (
            (
                "timestamp,contacts",
                "2026-01-05 08:00,1",
                "2026-01-05 08:30,2",
                "2026-01-05 08:00,3",
            ),
            "Rows 2 and 4, column timestamp: both give the interval starting 2026-01-05 08:00; "
            "each may appear once (add the two rows together)",
        ),
        (
            ("timestamp,contacts", "2026-01-05 08:00,1", "yesterday,2"),
            "Row 3, column timestamp: must be a date and time such as 2026-01-05 08:30; "
            "got 'yesterday'",
        ),
        (
            (
                "timestamp,contacts",
                "2026-01-05 08:00,1",
                "2026-01-05 08:30,1",
                "2026-01-05 09:00,1",
                "2026-01-05 09:30,1",
                "2026-01-05 09:40,1",
            ),
            "Row 6, column timestamp: 2026-01-05 09:40 does not start a 30-minute interval "
            "(allowed: times on the 30-minute mark, e.g. 08:00, 08:30)",
        ),
        (
            ("timestamp,contacts", "2026-01-05 08:00,1", "2026-01-05 08:20,1"),
            "The rows are 20 minutes apart; a history needs 15-, 30- or 60-minute intervals",
        ),
        (
            ("timestamp,contacts", "2026-01-05 08:00,1"),
            "The file has one interval: give at least two, or say the interval length (15, 30 "
            "or 60 minutes)",
        ),
        (
            ("timestamp,people", "2026-01-05 08:00,1"),
            "The file has no contacts column: name one contacts, calls, calls offered, volume, "
            "chats, emails, items or dials",
        ),
        (
            ("when,contacts", "2026-01-05 08:00,1"),
            "The file has no time column: name one timestamp (or date and time) for intervals, "
            "date for daily totals or month for monthly totals",
        ),
        (
            ("timestamp,contacts,aht", "2026-01-05 08:00,1,long"),
            "Row 2, column aht: must be a handle time in seconds (or m:ss), above 0; got 'long'",
        ),
        (
            ("timestamp,contacts,aht", "2026-01-05 08:00,2,0", "2026-01-05 08:30,1,60"),
            "Row 2, column aht: must be a handle time in seconds (or m:ss), above 0 where there "
            "are contacts; got 0",
        ),
        (
            ("timestamp,calls,volume", "2026-01-05 08:00,1,1"),
            "Columns 'calls' and 'volume' both look like the contacts column; keep one",
        ),
        (
            ("timestamp,contacts", "2026-01-05 08:00,0", "2026-01-05 08:30,0"),
            "The history has no contacts: every row gives 0",
        ),
        (
            ("date,contacts", "2026-01-04,5"),
            "Row 2: 2026-01-04 is a Sunday, which the arrival pattern 'Office hours: Mon-Fri "
            "08:00-18:00, Sat 09:00-13:00 (closed Sun)' keeps closed, but has 5 contacts; choose "
            "a pattern open that day (one of 24x7, business_hours, extended_hours)",
        ),
        (
            ("date,contacts", "2026-01-05,5", "2026-01-05,6"),
            "Rows 2 and 3, column date: both give the day 2026-01-05; each may appear once "
            "(add the two rows together)",
        ),
        (
            ("date,contacts", "5th of Jan,5"),
            "Row 2, column date: must be a date such as 2026-01-05; got '5th of Jan'",
        ),
        (
            ("month,contacts", "2026-01,5", "spring,6"),
            "Row 3, column month: must be a month such as 2026-01; got 'spring'",
        ),
        (
            ("timestamp,contacts",),
            "The file has headings but no rows of history",
        ),
    ],
)
def test_bad_history_is_refused_naming_row_column_and_what_is_allowed(
    rows: tuple[str, ...], message: str
) -> None:
    with pytest.raises(HistoryError) as caught:
        read_history(_csv(*rows))
    assert str(caught.value) == message


def test_empty_file_is_refused() -> None:
    with pytest.raises(HistoryError, match=r"^The file is empty: it needs a heading row"):
        read_history(b"  \n")


def test_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(HistoryError, match=r"^No history file at .*nothing\.csv$"):
        read_history(tmp_path / "nothing.csv")


def test_too_large_file_is_refused_before_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(history_module, "MAX_BYTES", 1_000_000)
    with pytest.raises(HistoryError, match=r"^The file is 1\.0 MB; a history may be at most 1 MB$"):
        read_history(b"x" * 1_000_001)


def test_hourly_rows_are_not_split_into_half_hours() -> None:
    # Before, 30 minutes given for hourly rows filled every half hour with 0 contacts and a note.
    with pytest.raises(HistoryError) as caught:
        read_history(
            _csv("timestamp,contacts", "2026-01-05 08:00,4", "2026-01-05 09:00,6"),
            interval_minutes=30,
        )
    assert str(caught.value) == (
        "The rows are 60 minutes apart: they cannot be split into 30-minute intervals (give 60 "
        "minutes, or leave the length to the file)"
    )


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"interval_minutes": 20}, "The interval length must be 15, 30 or 60 minutes; got 20"),
        (
            {"profile": "nights"},
            "The arrival pattern must be one of 24x7, business_hours, extended_hours; got 'nights'",
        ),
        ({"aht_seconds": 0}, "The handle time must be a number of seconds above 0; got 0"),
    ],
)
def test_bad_settings_are_refused(settings: dict[str, object], message: str) -> None:
    with pytest.raises(HistoryError) as caught:
        read_history(_csv("timestamp,contacts", "2026-01-05 08:00,1"), **settings)  # type: ignore[arg-type]
    assert str(caught.value) == message


def test_history_error_is_a_value_error() -> None:
    assert issubclass(HistoryError, ValueError)
    assert np.isfinite(DEFAULT_AHT_SECONDS)
