"""How a line's work is measured (switching keeps what means the same), the site's time zone and
the 'your location' marker whatever the accents and case."""

from __future__ import annotations

from datetime import date

import pytest

from planner.data.catalog import find_location, load_locations, place_key
from planner.data.profiles import offset_minutes, preset_label, site_hours
from planner.model.plan import (
    ItemsWorkload,
    OutboundWorkload,
    Plan,
    ProjectWorkload,
    QueueWorkload,
)
from planner.steps.specialty import (
    change_channel,
    change_workload_type,
    compare_delivery_models,
    site_time_zone,
)


def test_a_queue_becomes_items_with_its_handle_time_and_busy_share() -> None:
    # AHT 270 s = 4.5 minutes an item; occupancy 80% becomes the items' utilisation.
    items = change_workload_type(QueueWorkload(aht_seconds=270, max_occupancy=0.8), "items")
    assert items == ItemsWorkload(minutes_per_item=4.5, utilisation=0.8)


def test_items_become_a_queue_with_handle_time_in_seconds() -> None:
    queue = change_workload_type(ItemsWorkload(minutes_per_item=6, utilisation=0.7), "queue")
    assert isinstance(queue, QueueWorkload)
    assert (queue.aht_seconds, queue.max_occupancy) == (360.0, 0.7)
    assert queue.profile == QueueWorkload().profile


def test_a_queue_becomes_outbound_dialling_on_the_same_clients_week_and_back() -> None:
    queue = QueueWorkload(profile="24x7", time_zone="America/New_York", interval_minutes=60,
                          max_occupancy=0.8)  # fmt: skip
    dials = change_workload_type(queue, "outbound")
    assert isinstance(dials, OutboundWorkload)
    assert (dials.profile, dials.time_zone, dials.interval_minutes, dials.max_occupancy) == (
        "24x7",
        "America/New_York",
        60,
        0.8,
    )
    assert dials.talk_seconds == OutboundWorkload().talk_seconds  # a dial's times start afresh
    again = change_workload_type(dials, "queue")
    assert isinstance(again, QueueWorkload) and again.profile == "24x7"


def test_a_channel_switch_keeps_only_settings_the_new_channel_has() -> None:
    chat = QueueWorkload(channel="chat", concurrency=3, concurrency_growth=0.1, answer_seconds=45)
    email = change_channel(chat, "email")
    # a deadline of 4 hours, not 45 s; no chats at once
    assert (email.answer_seconds, email.concurrency, email.concurrency_growth) == (14_400, 1, 0)
    back = change_channel(email, "back_office")
    assert back.answer_seconds == 14_400  # a deadline stays a deadline
    voice = change_channel(chat, "voice")
    assert (voice.answer_seconds, voice.concurrency) == (45, 1)  # an answer target stays


def test_project_and_items_keep_utilisation_and_switching_back_restores_earlier_settings() -> None:
    queue = QueueWorkload(aht_seconds=500, answer_seconds=45, patience_seconds=90)
    project = change_workload_type(queue, "project")
    assert project == ProjectWorkload(utilisation=0.85)
    assert change_workload_type(project, "queue", earlier=queue) == queue
    assert change_workload_type(project, "project") is project


def test_the_location_marker_ignores_accents_and_case() -> None:
    # Typing "Bogota" (no accent) lost the marker: the match was on casefolded text only.
    plan = Plan.model_validate({"settings": {"location": "bogota, colombia"}})
    compared = compare_delivery_models(plan, load_locations())
    assert compared.loc[compared["is_plan_location"], "location"].tolist() == ["Bogotá, Colombia"]


@pytest.mark.parametrize("typed", ["Bogota", "BOGOTÁ", "  Bogota ,  Colombia "])
def test_a_location_is_found_by_its_city_or_whole_name(typed: str) -> None:
    found = find_location(typed, load_locations())
    assert found is not None and found.id == "bogota"


def test_an_unknown_place_is_not_a_catalog_location() -> None:
    assert find_location("Davao, Philippines", load_locations()) is None
    assert find_location("", load_locations()) is None
    assert place_key("Kraków") == "krakow"


def test_the_sites_time_zone_comes_from_the_plan_or_the_catalog() -> None:
    locations = load_locations()
    bogota = Plan.model_validate({"settings": {"location": "Bogota"}})
    assert site_time_zone(bogota, locations) == "America/Bogota"
    own = Plan.model_validate({"settings": {"location": "Davao", "time_zone": "Asia/Manila"}})
    assert site_time_zone(own, locations) == "Asia/Manila"
    unknown = Plan.model_validate({"settings": {"location": "Davao"}})
    assert site_time_zone(unknown, locations) is None


def test_clinic_hours_in_new_york_are_a_night_shift_in_manila() -> None:
    # January: New York UTC-5, Manila UTC+8: +13 h. Mon 08:00-17:00 is Mon 21:00 to Tue 06:00
    # in Manila; night (22:00-06:00) covers 22:00-06:00 = 8 hours = 480 minutes.
    offset = offset_minutes("America/New_York", "Asia/Manila", date(2027, 1, 15))
    assert offset == 13 * 60
    (monday,) = site_hours([(480, 1020)] + [None] * 6, offset)
    assert monday.text() == "Mon 08:00-17:00 -> Mon 21:00 to Tue 06:00"
    assert monday.night_minutes == 480


def test_a_sunday_evening_shift_wraps_to_monday() -> None:
    (sunday,) = site_hours([None] * 6 + [(1200, 1440)], 6 * 60)
    assert sunday.text() == "Sun 20:00-24:00 -> Mon 02:00-06:00"


def test_presets_are_named_in_words_with_their_hours() -> None:
    assert preset_label("extended_hours") == (
        "Extended hours: Mon-Fri 07:00-22:00, Sat 08:00-20:00, Sun 10:00-18:00"
    )
