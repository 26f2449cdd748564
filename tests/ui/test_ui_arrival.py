"""AppTest: arrival patterns as a weekly grid with opening hours and time zones (step 5), how a
line's work is measured (steps 1 and 5), caller patience, and the location marker (step 1)."""

from __future__ import annotations

import json

import pytest

from planner.engine.pipeline import project
from planner.model.plan import ItemsWorkload, Plan, QueueWorkload
from planner.model.text import plain
from tests.support.ui import (
    app_on,
    assert_clean,
    by_label,
    chart_specs,
    edit_rows,
    errors,
    plan_of,
    template,
)

STAFFING = "ui/views/staffing.py"
SPECIALTY = "ui/views/specialty.py"
LINE = "customer_support_voice"  # the first tab of offshore_voice_support: a 24x7 queue


def _voice(plan: Plan) -> QueueWorkload:
    work = plan.service_line(LINE).workload
    assert isinstance(work, QueueWorkload)
    return work


def _on_office_hours() -> tuple[Plan, object]:
    plan = template("offshore_voice_support")
    line = plan.service_line(LINE)
    work = _voice(plan).model_copy(update={"profile": "business_hours"})
    lines = [
        x.model_copy(update={"workload": work}) if x.id == LINE else x
        for x in plan.specialty.service_lines
    ]
    plan = plan.model_copy(
        update={"specialty": plan.specialty.model_copy(update={"service_lines": lines})}
    )
    assert line.name
    return plan, app_on(plan, STAFFING)


def test_presets_are_offered_in_words_with_their_hours() -> None:
    at = app_on(template("offshore_voice_support"), STAFFING)
    preset = by_label(at.selectbox, "Start from a preset")
    shown = list(preset.options)  # AppTest gives the options as shown
    assert "Office hours: Mon-Fri 08:00-18:00, Sat 09:00-13:00 (closed Sun)" in shown
    assert "Round the clock: every day 00:00-24:00" in shown
    assert not any(s in {"24x7", "business_hours", "extended_hours"} for s in shown)


def test_editing_opening_hours_stores_the_grid_and_the_engine_uses_it() -> None:
    plan, at = _on_office_hours()
    before = project(plan).workload
    edit_rows(at, f"wl.{LINE}.opening", edited={0: {"hours": "09:00-12:00"}})  # Monday
    assert_clean(at)
    assert not errors(at)
    work = _voice(plan_of(at))
    assert work.pattern is not None
    assert work.pattern.opening_hours["monday"] == "09:00-12:00"
    assert work.pattern.opening_hours["tuesday"] == "08:00-18:00"  # the preset's, loaded
    after = project(plan_of(at)).workload
    # Monday's contacts squeezed into 3 hours need more agents at the peak.
    line_peak = lambda t: t[t.service_line == LINE].peak_agents.max()  # noqa: E731
    assert line_peak(after) > line_peak(before)


def test_editing_a_weight_stores_it_and_showing_the_preset_alone_stores_nothing() -> None:
    _, at = _on_office_hours()
    assert _voice(plan_of(at)).pattern is None  # a page view does not turn a preset into a grid
    edit_rows(at, f"wl.{LINE}.weights", edited={10: {"Sat": 7.5}})  # Saturday 10:00
    assert_clean(at)
    work = _voice(plan_of(at))
    assert work.pattern is not None and work.pattern.hourly_weights["saturday"][10] == 7.5


def test_opening_hours_that_close_before_they_open_are_refused_naming_the_day() -> None:
    plan, at = _on_office_hours()
    edit_rows(at, f"wl.{LINE}.opening", edited={2: {"hours": "17:00-08:00"}})
    assert_clean(at)
    text = errors(at)
    assert "Wednesday" in text and "closes before it opens" in text
    # shown as plain text: "08\:00" in the Markdown is "08:00" on screen
    assert "opens" in text and plain('"08:00-17:00"') in text
    assert plan_of(at) == plan


def test_a_cleared_weight_is_refused_not_stored_as_zero() -> None:
    plan, at = _on_office_hours()
    edit_rows(at, f"wl.{LINE}.weights", edited={9: {"Mon": None}})
    assert_clean(at)
    assert plain("Weights, Monday 09:00-10:00") in errors(at) and "is empty" in errors(at)
    assert plan_of(at) == plan


def test_choosing_a_preset_loads_it_in_place_of_the_grid() -> None:
    _, at = _on_office_hours()
    edit_rows(at, f"wl.{LINE}.opening", edited={0: {"hours": "closed"}})
    assert _voice(plan_of(at)).pattern is not None
    by_label(at.selectbox, "Start from a preset").set_value("extended_hours").run()
    assert_clean(at)
    work = _voice(plan_of(at))
    assert (work.profile, work.pattern) == ("extended_hours", None)


def test_clinic_hours_in_new_york_show_a_night_shift_in_manila() -> None:
    _, at = _on_office_hours()
    by_label(at.selectbox, "Your clients' time zone").set_value("America/New_York").run()
    assert_clean(at)
    assert _voice(plan_of(at)).time_zone == "America/New_York"
    # January 2027: New York UTC-5, Manila UTC+8 (the location catalog's zone for Manila).
    table = next(
        df.value for df in at.dataframe if "At your site (Asia/Manila)" in df.value.columns
    )
    assert table.iloc[0].tolist()[:2] == ["Mon 08:00-18:00", "Mon 21:00 to Tue 07:00"]
    captions = " ".join(c.value for c in at.caption)
    assert "+13 h" in captions and "a night shift" in captions


def test_caller_patience_is_a_field_that_changes_staffing() -> None:
    plan = template("offshore_voice_support")
    at = app_on(plan, STAFFING)
    patience = [w for w in at.text_input if w.label == "Caller patience (seconds)"]
    # the two voice lines; the chat line has no callers to hang up (patience is voice only)
    assert len(patience) == 2 and patience[0].value == ""  # blank: Erlang C
    assert "Erlang A" in (patience[0].help or "")
    assert patience[0].placeholder == "Blank: Erlang C"  # what a blank field means, in the field
    before = project(plan).workload
    patience[0].set_value("60").run()
    assert_clean(at)
    assert _voice(plan_of(at)).patience_seconds == 60.0
    after = project(plan_of(at)).workload
    fte = lambda t: t[t.service_line == LINE].fte.sum()  # noqa: E731
    assert fte(after) < fte(before)


def test_switching_a_queue_to_items_keeps_the_handle_time_and_back_restores_the_queue() -> None:
    plan = template("offshore_voice_support")
    at = app_on(plan, STAFFING)
    queue = _voice(plan)
    radio = by_label(at.radio, "How the work is measured")
    radio.set_value("items").run()
    assert_clean(at)
    items = plan_of(at).service_line(LINE).workload
    assert isinstance(items, ItemsWorkload)
    assert items.minutes_per_item == pytest.approx(queue.aht_seconds / 60)
    shown = by_label(at.text_input, "Minutes per item").value  # typed text, as the founder sees it
    assert float(shown) == pytest.approx(queue.aht_seconds / 60)
    by_label(at.radio, "How the work is measured").set_value("queue").run()
    assert_clean(at)
    assert plan_of(at).service_line(LINE).workload == queue


def test_the_service_line_table_chooses_how_work_is_measured() -> None:
    plan = template("offshore_voice_support")
    at = app_on(plan, SPECIALTY)
    edit_rows(at, "service_lines", edited={0: {"measured": "project"}})
    assert_clean(at)
    assert not errors(at)
    assert plan_of(at).service_line(LINE).workload.type == "project"
    assert any("hours per month" in i.value for i in at.info)


def test_the_location_marker_survives_a_name_typed_without_accents() -> None:
    plan = template("nearshore_it_helpdesk")
    at = app_on(plan, SPECIALTY)
    by_label(at.text_input, "Your delivery location").set_value("bogota, colombia").run()
    assert_clean(at)
    spec = next(s for s in chart_specs(at) if "Cost per productive hour" in s)
    labels = json.dumps(json.loads(spec))
    assert "\\u25b6 Bogot\\u00e1" in labels or "▶ Bogotá" in labels
    site = by_label(at.selectbox, "Your site's time zone")
    assert site.format_func("") == "From your location (America/Bogota)"  # type: ignore[misc]


def test_the_sites_time_zone_is_stored_when_chosen() -> None:
    at = app_on(template("offshore_voice_support"), SPECIALTY)
    by_label(at.selectbox, "Your site's time zone").set_value("Asia/Kolkata").run()
    assert_clean(at)
    assert plan_of(at).settings.time_zone == "Asia/Kolkata"
