"""The sample histories: each listed one exists, is small, reads cleanly with its arrival pattern
and covers what its description says."""

from __future__ import annotations

import pytest

from planner.bid.history import read_history
from planner.bid.samples import SAMPLES, Sample, sample, sample_path
from planner.bid.types import BID_CHANNELS


@pytest.mark.parametrize("item", SAMPLES, ids=lambda s: s.key)
def test_each_sample_is_a_small_file_that_reads_cleanly(item: Sample) -> None:
    path = sample_path(item.key)
    assert path.is_file()
    assert path.stat().st_size < 1_500_000
    assert item.channel in BID_CHANNELS
    assert item.targets.channel == item.channel
    history = read_history(path, profile=item.profile)
    # Interval samples list every interval with a handle time where there were contacts: no notes.
    expected_notes = 0 if history.source == "intervals" else 1
    assert len(history.notes) == expected_notes, history.notes
    assert history.interval_minutes == 30
    weeks = history.intervals["timestamp"].dt.normalize().nunique() / 7
    assert weeks >= 8


def test_interval_samples_cover_a_year_of_30_minute_intervals() -> None:
    voice = read_history(sample_path("voice_customer_service"))
    assert len(voice.intervals) == 365 * 48  # 17,520: 2025-10-01 to 2026-09-30


def test_sample_keys_are_unique_and_an_unknown_key_is_named() -> None:
    keys = [item.key for item in SAMPLES]
    assert len(set(keys)) == len(keys)
    with pytest.raises(ValueError, match=r"^sample history must be one of voice_customer_"):
        sample("nope")
    assert sample("email_support").channel == "email"
