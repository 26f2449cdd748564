"""AppTest: the Bid desk page. A sample brought in (its targets preloaded), the bid built with the
real desk, the forecast sentence, staffing, shifts, cost and price tables and three charts shown,
the bid added to the plan as a prospect with its proposal; a bad file's message names the row and
column (never a traceback); a channel shows only its own targets; a rerun never builds the same
bid again; a bid that cannot be built says why."""

from __future__ import annotations

from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from planner.bid.history import HistoryError
from planner.bid.samples import SAMPLES
from planner.bid.types import Bid
from planner.model.starters import blank_plan
from tests.support.bid import tiny_bid
from tests.support.ui import app_on, assert_clean, chart_specs, errors, plan_of, template
from ui.session import bid as desk

PAGE = "ui/views/bid.py"
STARTER = "offshore_voice_support"


def texts(elements: Any) -> str:
    return "\n".join(str(e.value) for e in elements)


def _page_text(at: AppTest) -> str:
    return "\n".join(
        texts(e) for e in (at.markdown, at.caption, at.success, at.info, at.warning, at.error)
    )


def _labels(at: AppTest) -> set[str]:
    return {w.label for w in (*at.number_input, *at.multiselect, *at.selectbox)}


def _sample_index(channel: str) -> int:
    return next(i for i, s in enumerate(SAMPLES) if s.channel == channel)


def _with_sample(at: AppTest, channel: str = "voice") -> AppTest:
    at.selectbox(key="bid_sample").set_value(_sample_index(channel)).run()
    at.button(key="bid_use_sample").click().run()
    assert_clean(at)
    return at


@pytest.fixture
def quick_desk(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The desk replaced by the hand-made bid (built in a blink); records each call."""
    calls: list[Any] = []

    def make_bid(history: Any, targets: Any, **kw: Any) -> Bid:
        calls.append((targets, kw["margin"]))
        kw["progress"](0.5, "Choosing shifts that cover every interval…")
        return tiny_bid(margin=kw["margin"])

    monkeypatch.setattr(desk, "make_bid", make_bid)
    return calls


def test_the_page_offers_the_illustrative_samples_before_any_history() -> None:
    at = app_on(template(STARTER), PAGE)
    assert at.title[0].value == "Bid desk"
    assert "Bring in the prospect's history" in texts(at.info)
    options = at.selectbox(key="bid_sample").options
    assert len(options) == len(SAMPLES) >= 4
    assert "Illustrative." in texts(at.caption)
    assert not at.error and not at.button(key="bid_read").disabled


def test_a_sample_shows_its_preview_and_preloads_its_targets() -> None:
    at = _with_sample(app_on(template(STARTER), PAGE), "chat")
    sample = SAMPLES[_sample_index("chat")]
    assert at.selectbox(key="bid_channel").value == "chat"
    assert at.number_input(key="bid_concurrency").value == sample.targets.concurrency
    # typed as a percentage, kept as a fraction: 0.8 -> 80
    assert at.number_input(key="bid_service_level").value == pytest.approx(
        sample.targets.service_level * 100
    )
    labels = {m.label for m in at.metric}
    assert {"Weeks covered", "Contacts", "Interval length"} <= labels
    assert "Costs come from" in texts(at.caption)


def test_a_blank_plan_is_costed_from_the_desks_starter_and_says_so() -> None:
    at = _with_sample(app_on(blank_plan(), PAGE))
    assert_clean(at)
    note = texts(at.info)
    assert "The open plan cannot cost this bid yet (The plan has no agent role" in note
    assert "the costs come from the starter plan Offshore voice and chat support" in note
    assert "Costs come from Offshore voice and chat support" in texts(at.caption)


def test_the_channel_shows_only_its_own_targets() -> None:
    at = app_on(template(STARTER), PAGE)
    at = _with_sample(at, "voice")
    assert {"Service level (%)", "Callers' patience (seconds)"} <= _labels(at)
    assert "Chats at once" not in _labels(at) and "Contact rate (%)" not in _labels(at)
    at.selectbox(key="bid_channel").set_value("chat").run()
    assert {"Chats at once", "Extra handle time per extra chat (%)"} <= _labels(at)
    assert "Callers' patience (seconds)" not in _labels(at)
    at.selectbox(key="bid_channel").set_value("email").run()
    assert {"Response deadline (hours)", "Opens at (hour)", "Open days"} <= _labels(at)
    assert "Service level (%)" not in _labels(at) and "Chats at once" not in _labels(at)
    at.selectbox(key="bid_channel").set_value("outbound").run()
    assert {"Contact rate (%)", "Talk time (seconds)", "No-contact time (seconds)"} <= _labels(at)
    assert "Response deadline (hours)" not in _labels(at)
    # every channel: shrinkage (the plan's, 30 % on this starter... as a percentage) and margin
    assert {"Shrinkage (%)", "Target margin (%)"} <= _labels(at)
    assert at.number_input(key="bid_margin").value == 25.0


def test_a_bad_file_is_refused_with_its_row_and_column() -> None:
    at = app_on(template(STARTER), PAGE)
    bad = b"timestamp,contacts\n2026-01-05 08:00,12\n2026-01-05 08:30,n/a\n"
    at.session_state[desk.HISTORY_KEY] = desk.Brought("calls.csv", bad)
    at.run()
    assert_clean(at)
    message = errors(at)
    assert message.startswith("calls.csv could not be read: Row 3, column contacts")
    assert "Traceback" not in message and "None" not in message
    assert not at.get("plotly_chart")


def test_the_built_bid_shows_its_tables_and_charts_and_a_rerun_keeps_it(
    quick_desk: list[Any],
) -> None:
    at = _with_sample(app_on(template(STARTER), PAGE))
    at.button(key="bid_build").click().run()
    assert_clean(at)
    text = _page_text(at)
    assert "On the 2 held-back weeks the forecast was off by 6.0% on average" in text
    assert "a scheduling loss of" in text and "If volume comes in 20% under" in text
    assert len(chart_specs(at)) == 3  # forecast, coverage, margins
    headers = [list(d.value.columns) for d in at.dataframe]
    assert headers[0][:2] == ["Month", "Contacts"]  # staffing per month
    assert "Mon" in headers[1]  # the shifts
    assert headers[2][:2] == ["Cost", "Amount"]
    prices = at.table[0].value
    assert list(prices.columns)[:2] == ["Billing model", "Price"] and len(prices) == 8
    at.run()  # a rerun (or a click elsewhere) shows the same bid without building it again
    at.selectbox(key="bid_shift_month").set_value("2027-02").run()
    assert len(quick_desk) == 1 and len(chart_specs(at)) == 3


def test_a_changed_target_keeps_the_last_bid_on_show_and_says_to_build_again(
    quick_desk: list[Any],
) -> None:
    at = _with_sample(app_on(template(STARTER), PAGE))
    at.button(key="bid_build").click().run()
    assert not at.warning
    at.number_input(key="bid_margin").set_value(30.0).run()
    assert "have changed since the bid below was built" in texts(at.warning)
    assert len(at.dataframe) == 3 and len(quick_desk) == 1  # shown, not built again
    at.button(key="bid_build").click().run()
    assert len(quick_desk) == 2 and quick_desk[-1][1] == pytest.approx(0.3)
    assert not at.warning


def test_closing_before_opening_is_refused_in_words_when_building() -> None:
    at = _with_sample(app_on(template(STARTER), PAGE), "email")
    at.number_input(key="bid_open_hour").set_value(20).run()
    at.number_input(key="bid_close_hour").set_value(8).run()
    at.button(key="bid_build").click().run()  # the real desk checks the targets first
    assert_clean(at)
    assert errors(at) == (
        "The bid cannot be built: Closing hour must be after opening hour (20), got 8"
    )
    assert not at.get("plotly_chart")


def test_no_open_day_is_refused_before_anything_is_built() -> None:
    at = _with_sample(app_on(template(STARTER), PAGE), "email")
    at.multiselect(key="bid_open_days").set_value([]).run()
    assert_clean(at)
    assert errors(at).startswith("Choose at least one open day")
    assert not [b for b in at.button if b.key == "bid_build"]


def test_a_bid_the_desk_refuses_says_why(monkeypatch: pytest.MonkeyPatch) -> None:
    def too_short(*args: Any, **kw: Any) -> Bid:
        raise HistoryError("History covers 5 weeks; the forecast needs at least 8 weeks of history")

    monkeypatch.setattr(desk, "make_bid", too_short)
    at = _with_sample(app_on(template(STARTER), PAGE))
    at.button(key="bid_build").click().run()
    assert_clean(at)
    assert "The bid cannot be built: History covers 5 weeks" in errors(at)
    assert not at.get("plotly_chart")


def _add(at: AppTest, name: str, model: str = "per_item") -> AppTest:
    at.selectbox(key="bid_model").set_value(model)
    at.text_input(key="bid_client").input(name)
    at.number_input(key="bid_probability").set_value(60.0)
    at.selectbox(key="bid_start").set_value(4)
    at.button(key="FormSubmitter:bid_add_form-Add to the plan").click().run()
    assert_clean(at)
    return at


def test_adding_the_bid_puts_the_prospect_and_its_proposal_in_the_plan(
    quick_desk: list[Any],
) -> None:
    at = _with_sample(app_on(template(STARTER), PAGE))
    at.button(key="bid_build").click().run()
    at = _add(at, "Acme Retail")
    plan = plan_of(at)
    client = next(c for c in plan.business_plan.clients if c.name == "Acme Retail")
    assert client.status == "pipeline" and client.probability == pytest.approx(0.6)
    assert client.start_month == 4
    assert [b.client for b in plan.bids] == ["Acme Retail"]
    done = texts(at.success)
    assert "Acme Retail" in done and "Business plan" in done and "Dashboard" in done
    assert "60% chance of signing, starting in Apr 2027" in done  # month 4 of a January start
    at.run()  # the next run: the bid stays on the page (a new prospect leaves its costs alone,
    # or the page says the costs moved and shows it until it is built again)
    assert len(at.table) == 1 and len(quick_desk) == 1


def test_a_prospect_without_a_name_is_refused_in_words(quick_desk: list[Any]) -> None:
    at = _with_sample(app_on(template(STARTER), PAGE))
    at.button(key="bid_build").click().run()
    before = plan_of(at)
    at = _add(at, "   ")
    assert errors(at).startswith("Not added:")
    assert "None" not in errors(at) and "business_plan." not in errors(at)
    assert plan_of(at).business_plan.clients == before.business_plan.clients


def test_the_real_desk_builds_a_sample_and_adds_it_to_the_plan() -> None:
    at = _with_sample(app_on(template(STARTER), PAGE))
    at.button(key="bid_build").click().run()
    assert_clean(at)
    assert not at.error
    assert "held-back weeks the forecast was off by" in _page_text(at)
    assert len(at.table[0].value) == 8
    at = _add(at, "Real desk prospect", "monthly_retainer")
    plan = plan_of(at)
    assert any(c.name == "Real desk prospect" for c in plan.business_plan.clients)
    assert plan.bids and plan.bids[-1].client == "Real desk prospect"
