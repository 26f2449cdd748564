"""The sample contact histories the bid desk offers (`planner/templates/bids/`, made up by
`make_bid_samples.py` there: illustrative, seeded, not any client's data).

Each sample says which channel it is, how to read it (`profile`: the arrival pattern that spreads
daily or monthly totals over the day) and the service targets a prospect might ask for with it.
The Bid page and `python -m planner bid` list them; `sample_path(key)` finds the file.

>>> [sample.key for sample in SAMPLES][:2]
['voice_customer_service', 'chat_web_support']
>>> sample_path("voice_customer_service").name
'voice_customer_service.csv'
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from planner.bid.types import BidChannel, ChannelTargets
from planner.data import template_path

EVERY_DAY = (0, 1, 2, 3, 4, 5, 6)


@dataclass(frozen=True)
class Sample:
    """One sample history: `key` (its id), `title` (in the founder's words), `channel`,
    `file_name` (in `planner/templates/bids/`), `targets` (suggested service targets),
    `description` (what the history shows) and `profile` (the arrival pattern that spreads daily
    or monthly totals; interval files do not need it)."""

    key: str
    title: str
    channel: BidChannel
    file_name: str
    targets: ChannelTargets
    description: str
    profile: str = "business_hours"


SAMPLES: tuple[Sample, ...] = (
    Sample(
        key="voice_customer_service",
        title="Customer service line (voice, 30-minute intervals)",
        channel="voice",
        file_name="voice_customer_service.csv",
        targets=ChannelTargets(
            channel="voice", service_level=0.8, answer_seconds=20, max_occupancy=0.85
        ),
        description=(
            "A US retailer's customer service line, October 2025 to September 2026: open "
            "Mon-Fri 08:00-20:00 and Sat 09:00-17:00, busiest on Mondays and mid-morning, "
            "growing about 8 % a year, quiet or closed on US holidays; calls of about 6.5 minutes."
        ),
    ),
    Sample(
        key="chat_web_support",
        title="Web chat (chat, 30-minute intervals)",
        channel="chat",
        file_name="chat_web_support.csv",
        targets=ChannelTargets(
            channel="chat",
            service_level=0.8,
            answer_seconds=60,
            max_occupancy=0.85,
            concurrency=2,
            concurrency_growth=0.25,
        ),
        description=(
            "Web chat every day 08:00-22:00, fewer and longer contacts than the phone line "
            "(about 9 minutes each), growing about 15 % a year."
        ),
    ),
    Sample(
        key="email_support",
        title="E-mail support (e-mail, 30-minute intervals)",
        channel="email",
        file_name="email_support.csv",
        targets=ChannelTargets(
            channel="email",
            deadline_hours=12,
            open_hour=7,
            close_hour=23,
            open_days=EVERY_DAY,
            max_occupancy=None,
        ),
        description=(
            "E-mails arriving around the clock, fewer at night and at weekends, about 7 minutes "
            "each; answered within 12 hours by a team working 07:00-23:00 every day."
        ),
    ),
    Sample(
        key="outbound_renewals",
        title="Renewal calls (outbound dials, 30-minute intervals)",
        channel="outbound",
        file_name="outbound_renewals.csv",
        targets=ChannelTargets(
            channel="outbound",
            contact_rate=0.3,
            talk_seconds=240,
            wrap_seconds=60,
            no_contact_seconds=30,
            max_occupancy=None,
        ),
        description=(
            "Dials for subscription renewals, Mon-Fri 09:00-20:00 and Sat 10:00-14:00: about "
            "3,000 a weekday, 3 in 10 reach someone (4 minutes' talk and 1 minute's wrap)."
        ),
    ),
    Sample(
        key="back_office_claims_daily",
        title="Claims processing (back office, daily totals)",
        channel="back_office",
        file_name="back_office_claims_daily.csv",
        targets=ChannelTargets(
            channel="back_office",
            deadline_hours=24,
            open_hour=8,
            close_hour=18,
            max_occupancy=None,
        ),
        description=(
            "Insurance claims received per day, April to September 2026, Mon-Fri, about 1,200 "
            "a day at 8 minutes each; spread over the day by the office-hours pattern and done "
            "within 24 hours."
        ),
    ),
    Sample(
        key="voice_help_line_monthly",
        title="Help line (voice, monthly totals)",
        channel="voice",
        file_name="voice_help_line_monthly.csv",
        targets=ChannelTargets(
            channel="voice", service_level=0.8, answer_seconds=30, max_occupancy=0.85
        ),
        description=(
            "Calls offered per month, April 2025 to September 2026, growing about 2 % a month, "
            "about 5.5 minutes each; spread over the days and hours by the extended-hours "
            "pattern (Mon-Fri 07:00-22:00, Sat 08:00-20:00, Sun 10:00-18:00)."
        ),
        profile="extended_hours",
    ),
)


def sample(key: str) -> Sample:
    """The sample with this key; ValueError listing the keys when there is none."""
    for item in SAMPLES:
        if item.key == key:
            return item
    keys = ", ".join(item.key for item in SAMPLES)
    raise ValueError(f"sample history must be one of {keys}; got {key!r}")


def sample_path(key: str) -> Path:
    """The file of the sample with this key (in the installed package's templates)."""
    return template_path("bids", sample(key).file_name)
