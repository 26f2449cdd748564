"""Bid desk: from a prospect's contact history and service targets to a staffed, priced proposal
that joins the plan as a prospect.

Top to bottom: the prospect's history (a CSV, or one of our illustrative samples), the service
and its targets (only the chosen channel's), "Build the bid" (forecast, staffing, shifts, cost
to serve and the eight prices: `planner.bid.desk.make_bid`, with a progress bar), the results,
and "Add to the plan". Widgets and layout only: the stages live in `planner.bid`, their words in
`planner.bid.words`, the session's memory in `ui.session.bid`.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pandas as pd
import streamlit as st

from planner.bid import words
from planner.bid.pricing import unit_costs
from planner.bid.samples import SAMPLES, sample_path
from planner.bid.types import BID_CHANNELS, BILLING_MODELS, Bid, ChannelTargets, History
from planner.charts import bid as roster_charts
from planner.charts import bid_forecast as bid_charts
from planner.data.profiles import DAY_SHORT, available_profiles, preset_label
from planner.model.labels import BID_CHANNEL_LABELS, BID_PRICING_LABELS
from planner.model.text import plain
from planner.report import format as fmt
from ui.components.widgets import chart, page_header, static_table
from ui.session import bid as desk
from ui.session import persistence, state

K = "bid_"  # every widget key on this page starts with it
PROFILES = available_profiles()
DEFAULTS = ChannelTargets()
PERCENT_FIELDS = (
    "service_level", "max_occupancy", "concurrency_growth", "contact_rate", "shrinkage",
)  # fmt: skip
# (No bare strings at module level on a page: Streamlit would write them on it.)
# PERCENT_FIELDS: targets typed as a percentage on the page and kept as fractions.
CHANNEL_FIELDS: dict[str, tuple[str, ...]] = dict(
    zip(
        BID_CHANNELS,
        (
            ("service_level", "answer_seconds", "max_occupancy", "patience_seconds"),  # voice
            (
                "service_level",
                "answer_seconds",
                "max_occupancy",
                "concurrency",
                "concurrency_growth",
            ),  # chat
            ("deadline_hours", "open_hour", "close_hour", "max_occupancy", "open_days"),  # email
            (
                "deadline_hours",
                "open_hour",
                "close_hour",
                "max_occupancy",
                "open_days",
            ),  # back_office
            (
                "contact_rate",
                "talk_seconds",
                "wrap_seconds",
                "no_contact_seconds",
                "max_occupancy",
            ),  # outbound
        ),
        strict=True,
    )
)
# CHANNEL_FIELDS: the targets each channel is staffed by (ChannelTargets), in page order.
FIELDS: dict[str, tuple[str, dict[str, Any], str]] = {
    # field: (label, number_input step, help); out-of-range values are refused by the desk's
    # check_targets / check_margin, naming the field and what is allowed
    "service_level": ("Service level (%)", {"step": 1.0},
                      "The share of contacts answered within the answer time."),
    "answer_seconds": ("Answer time (seconds)", {"step": 5.0},
                       "Contacts answered within this many seconds count as met."),
    "max_occupancy": ("Occupancy cap (%)", {"step": 1.0},
                      "The most of their time agents spend on contacts; above about 85 % people "
                      "burn out."),
    "patience_seconds": ("Callers' patience (seconds)", {"step": 10.0},
                         "How long callers wait on average before hanging up: "
                         "staffed with Erlang A. Leave blank for Erlang C (nobody hangs up)."),
    "concurrency": ("Chats at once", {"step": 1},
                    "How many chats an agent handles at the same time."),
    "concurrency_growth": ("Extra handle time per extra chat (%)", {"step": 5.0},
                           "Each extra chat at once makes every "
                           "chat this much longer (20 %: two at once take 1.2 times as long)."),
    "deadline_hours": ("Response deadline (hours)", {"step": 0.5},
                       "Every item is done within this many opening hours of "
                       "arriving; work arriving while closed waits for the next opening."),
    "open_hour": ("Opens at (hour)", {"step": 1},
                  "The team's first hour of work, local time (0-23)."),
    "close_hour": ("Closes at (hour)", {"step": 1},
                   "The hour the team stops, local time (1-24; 24 is midnight)."),
    "contact_rate": ("Contact rate (%)", {"step": 1.0},
                     "The share of dials that reach someone."),
    "talk_seconds": ("Talk time (seconds)", {"step": 10.0},
                     "Talk time of a dial that reaches someone."),
    "wrap_seconds": ("Wrap-up time (seconds)", {"step": 10.0},
                     "After-call work of a dial that reaches someone."),
    "no_contact_seconds": ("No-contact time (seconds)", {"step": 5.0},
                           "Agent time of a dial that reaches nobody."),
    "shrinkage": ("Shrinkage (%)", {"step": 1.0},
                  "The share of paid time off the work (breaks, training, leave); the open "
                  "plan's by default."),
}  # fmt: skip
CSV_HELP = (
    "A CSV with a header row, in one of three forms: **by interval** (timestamp, contacts and, "
    "if you have it, aht_seconds: one row per 15, 30 or 60 minutes), **daily totals** (date, "
    "contacts[, aht_seconds]) or **monthly totals** (month, contacts[, aht_seconds]); daily and "
    "monthly totals are spread over the hours by an arrival pattern. At least 8 weeks."
)

page_header(
    "Bid desk",
    "From a prospect's contact history and service targets to how many people, on which "
    "shifts, at what price under each billing model, and into your plan as a prospect.",
)
plan = state.get_plan()
read_only = persistence.current_access() == "viewer"


# --- 1. the prospect's history -------------------------------------------------------------------


def _upload() -> None:
    upload = st.session_state.get(K + "upload")
    if upload is None:
        st.session_state[K + "error"] = "Choose a file first."
        return
    desk.bring(upload.name, upload.getvalue(), profile=st.session_state[K + "profile"])


def _percent(field: str, value: Any) -> Any:
    if field in PERCENT_FIELDS and value is not None:
        return round(float(value) * 100, 6)
    return value


def _set_targets(targets: ChannelTargets) -> None:
    """Put `targets` in the target widgets (a sample's suggestions)."""
    st.session_state[K + "channel"] = targets.channel
    for field in FIELDS:
        if field != "shrinkage":
            st.session_state[K + field] = _percent(field, getattr(targets, field))
    st.session_state[K + "open_days"] = list(targets.open_days)


def _use_sample() -> None:
    sample = SAMPLES[int(st.session_state.get(K + "sample", 0))]
    data = sample_path(sample.key).read_bytes()
    desk.bring(f"the sample {sample.title}", data, sample=sample.key, profile=sample.profile)
    _set_targets(sample.targets)


def bring_in() -> None:
    upload, sample = st.columns(2, gap="large")
    with upload, st.container(border=True):
        st.markdown("**The prospect's file**")
        st.file_uploader("Contact history (CSV)", type=["csv"], key=K + "upload")
        st.caption(CSV_HELP)
        st.selectbox(
            "Arrival pattern for daily or monthly totals", available_profiles(),
            format_func=preset_label, key=K + "profile", index=PROFILES.index("business_hours"),
            help="How a day's contacts spread over its hours, and a month's over its days (not "
            "used for a file by interval).",
        )  # fmt: skip
        st.button("Read this file", key=K + "read", on_click=_upload, icon=":material/upload:")
    with sample, st.container(border=True):
        st.markdown("**Try it with a sample**")
        st.selectbox(
            "Sample history", range(len(SAMPLES)), format_func=lambda i: SAMPLES[i].title,
            key=K + "sample", help="Illustrative histories made up for this planner (seeded, "
            "not any real client's): each comes with the targets such a client might ask for.",
        )  # fmt: skip
        chosen = SAMPLES[int(st.session_state.get(K + "sample", 0))]
        st.caption(f"Illustrative. {plain(chosen.description)}")
        st.button("Use this sample", key=K + "use_sample", on_click=_use_sample,
                  icon=":material/science:")  # fmt: skip
    message = st.session_state.pop(K + "error", None)
    if message:
        st.error(plain(message), icon=":material/error:")


def preview(history: History, name: str) -> None:
    facts = words.history_facts(history)
    st.markdown(f"**History read from {plain(name)}**")
    for col, (label, value) in zip(st.columns(len(facts)), facts.items(), strict=True):
        col.metric(label, value)
    st.caption(words.history_span(history))
    for note in history.notes:
        st.info(plain(note), icon=":material/info:")


def history_section() -> History | None:
    st.subheader("1. Prospect's history")
    bring_in()
    file = desk.brought()
    if file is None:
        st.info("Bring in the prospect's history, or try a sample, to build a bid.")
        return None
    found, problem = desk.history(file)
    if found is None:
        st.error(f"{problem}  \nBring in another file, or try a sample.", icon=":material/error:")
        return None
    preview(found, file.name)
    return found


# --- 2. service and targets ----------------------------------------------------------------------


def _defaults() -> None:
    """First visit: the targets' defaults, the plan's shrinkage and a 25 % margin."""
    if K + "channel" not in st.session_state:
        _set_targets(DEFAULTS)
    st.session_state.setdefault(K + "shrinkage", _percent("shrinkage", plan.staffing.shrinkage))
    st.session_state.setdefault(K + "margin", 25.0)


def _input(field: str) -> None:
    label, bounds, help_ = FIELDS[field]
    if field == "open_days":
        return
    st.number_input(label, key=K + field, help=help_, format="%g", **bounds)


def targets_section() -> tuple[ChannelTargets, float] | None:
    """The channel and its targets, the shrinkage and the margin; None (and why, under the
    field) when the open days are left empty."""
    st.subheader("2. Service and targets")
    _defaults()
    channel = st.columns([1, 2])[0].selectbox(
        "Channel", BID_CHANNELS, format_func=lambda c: BID_CHANNEL_LABELS[c], key=K + "channel",
        help="How the work arrives and is staffed: calls and chats wait in a queue, e-mail and "
        "back-office work may wait up to a deadline, outbound dials are paced by the team.",
    )  # fmt: skip
    shown = [f for f in CHANNEL_FIELDS[channel] if f != "open_days"]
    for row in range(0, len(shown), 3):
        for col, field in zip(st.columns(3), shown[row : row + 3], strict=False):
            with col:
                _input(field)
    if "open_days" in CHANNEL_FIELDS[channel]:
        st.multiselect(
            "Open days", range(7), format_func=lambda d: DAY_SHORT[d], key=K + "open_days",
            help="The days the team works; work arriving on other days waits for the next one.",
        )  # fmt: skip
        if not st.session_state.get(K + "open_days"):
            st.error("Choose at least one open day: the team has to work on some day of the week.")
            return None
    left, right, _ = st.columns(3)
    with left:
        _input("shrinkage")
    with right:
        st.number_input(
            "Target margin (%)", step=1.0, key=K + "margin",
            format="%g",
            help="(Revenue - cost) / revenue on the forecast volume: every price gives it.",
        )  # fmt: skip
    return _targets(channel), float(st.session_state[K + "margin"]) / 100


def _targets(channel: str) -> ChannelTargets:
    """The targets in the widgets, as fractions; fields the channel does not use keep their
    defaults."""
    values: dict[str, Any] = {"channel": channel}
    for field in (*CHANNEL_FIELDS[channel], "shrinkage"):
        value = st.session_state.get(K + field)
        if field == "open_days":
            values[field] = tuple(sorted(int(d) for d in value or ()))
        elif field in PERCENT_FIELDS and value is not None:
            values[field] = float(value) / 100
        elif field in ("concurrency", "open_hour", "close_hour"):
            values[field] = int(value)
        else:
            values[field] = None if value is None else float(value)
    return dataclasses.replace(DEFAULTS, **values)


# --- 3. build ------------------------------------------------------------------------------------


def build_section(found: History, targets: ChannelTargets, margin: float) -> Bid | None:
    costing_plan, basis, note = desk.costing(plan, targets.channel)
    st.caption(f"Costs come from {plain(basis.source)}.")
    if note:
        st.info(note, icon=":material/info:")
    st.subheader("3. Build the bid")
    file = desk.brought()
    assert file is not None  # a history was read from it
    key = desk.bid_key(file, targets, margin, basis)
    bid = desk.cached(key)
    clicked = st.button(
        "Build the bid", key=K + "build", type="primary", icon=":material/construction:",
        help="Forecast the next 12 months, staff every interval, choose the shifts and price "
        "the work (about 15 seconds for a year of half hours).",
    )  # fmt: skip
    if clicked and bid is None:
        bar = st.progress(0.0, text="Starting...")
        bid, problem = desk.build(
            key, found, targets=targets, margin=margin, plan=costing_plan,
            progress=lambda share, text: bar.progress(min(max(share, 0.0), 1.0), text=text),
        )  # fmt: skip
        bar.empty()
        if bid is None:
            st.error(f"The bid cannot be built: {problem}", icon=":material/error:")
    elif bid is None:
        bid = desk.latest()
        if bid is None:
            st.info("Press **Build the bid** when the targets are as the prospect asked.")
        else:
            st.warning(
                "The history, the targets, the margin or the plan's costs have changed since "
                "the bid below was built: press **Build the bid** to bring it up to date.",
                icon=":material/update:",
            )
    return bid


# --- 4. results ----------------------------------------------------------------------------------


def forecast_part(bid: Bid) -> None:
    st.subheader("The forecast")
    st.markdown(words.accuracy_sentence(bid.forecast))
    st.caption(f"Method: {plain(bid.forecast.method).rstrip('.')}.")
    chart(bid_charts.forecast_figure(bid.history, bid.forecast), key=K + "forecast_chart")
    st.subheader("Staffing per month")
    static_table(words.staffing_table(bid.by_month), hide_index=True)


def shifts_part(bid: Bid) -> None:
    st.subheader("Shifts")
    months = words.shift_months(bid.roster)
    if not months:
        st.info("No shifts: the forecast has no work to staff.")
        return
    month = st.columns([1, 2])[0].selectbox(
        "Month", months, format_func=words.month_words, key=K + "shift_month",
        help="Each month has its own typical week of shifts, covering its busiest week.",
    )  # fmt: skip
    st.caption(
        "Agents starting each shift on each weekday of a typical week of the month. Hours: the "
        "shift's paid hours; Break: when its unpaid break starts; Week: shifts a week."
    )
    static_table(words.shifts_table(bid.roster, month), hide_index=True)
    chart(roster_charts.coverage_figure(bid.roster, month=month), key=K + "coverage_chart")
    st.markdown(words.loss_sentence(bid.roster))


def money_part(bid: Bid) -> None:
    cur = bid.basis.currency
    st.subheader("Cost to serve")
    forecast_cost = bid.costs[0.0]
    st.caption(
        f"A typical month at the forecast volume: {fmt.money(forecast_cost.total_cost, cur)} "
        f"(staff {fmt.money(forecast_cost.staff_cost, cur)}, seats "
        f"{fmt.money(forecast_cost.seat_cost, cur)}, supervision and overhead "
        f"{fmt.money(forecast_cost.overhead_cost, cur)})."
    )
    static_table(words.cost_table(forecast_cost, unit_costs(forecast_cost), cur), hide_index=True)
    st.subheader("Prices")
    st.markdown(
        f"{words.revenue_sentence(bid.prices, bid.margin, cur)} The last three columns show the "
        "margin left when volume comes in 20% under the forecast, as forecast and 20% over."
    )
    # A static table: its cells wrap, so the margins stay in view at 1000 px (a grid scrolled
    # them off to the right beside the long price of the base fee + per contact model).
    st.table(
        words.prices_table(bid.prices, cur), hide_index=True,
        alt="The eight prices and each one's margin at -20%, 0 and +20% volume",
    )  # fmt: skip
    st.markdown(words.protection_sentence(bid.prices))
    chart(bid_charts.margins_figure(bid.prices), key=K + "margins_chart")


# --- 5. add to the plan --------------------------------------------------------------------------


def _month_words(n: int) -> str:
    """Plan month `n` as the month it is ("Jan 2027")."""
    return words.month_words(pd.Period(plan.settings.first_month, "M") + (int(n) - 1))


def _month_option(n: int) -> str:
    return f"Month {n} ({_month_words(n)})"


def add_part(bid: Bid) -> None:
    st.subheader("Add to the plan")
    st.caption(
        f"Adds the prospect to **{plain(plan.settings.name)}** with this bid's monthly volume, "
        "service and chosen price, and keeps the proposal with the plan."
    )
    with st.form(K + "add_form", border=True):
        left, right = st.columns(2)
        with left:
            model = st.selectbox(
                "Billing model", BILLING_MODELS, format_func=lambda m: BID_PRICING_LABELS[m],
                key=K + "model",
            )  # fmt: skip
            name = st.text_input("Client name", key=K + "client", max_chars=80)
        with right:
            probability = st.number_input(
                "Chance of signing (%)", value=50.0, step=5.0,
                format="%g",
                key=K + "probability", help="How likely the prospect is to sign: its revenue "
                "counts in the plan weighted by it.",
            )  # fmt: skip
            start = st.selectbox(
                "Start month", range(1, plan.months + 1), format_func=_month_option,
                key=K + "start",
            )  # fmt: skip
        submitted = st.form_submit_button(
            "Add to the plan", icon=":material/add_business:", disabled=read_only,
            help="You can only view this plan." if read_only else None,
        )  # fmt: skip
    if not submitted:
        return
    new_plan, problem = desk.with_prospect(
        state.get_plan(), bid, model, client_name=name.strip(),
        probability=float(probability) / 100, start_month=int(start),
    )  # fmt: skip
    if new_plan is None:
        st.error(f"Not added: {problem}", icon=":material/error:")
        return
    state.set_plan(new_plan)
    st.success(
        f"**{plain(name.strip())}** is in the plan as a prospect ({BID_PRICING_LABELS[model]}, "
        f"{fmt.percent(probability / 100, 0)} chance of signing, starting in {_month_words(start)}"
        "). It now "
        "appears in Business plan \u2192 Clients and pricing, on the Dashboard and in the "
        "Export's workbook as its Proposal sheet.",
        icon=":material/check_circle:",
    )


history = history_section()
chosen = targets_section() if history is not None else None
if history is not None and chosen is not None:
    bid = build_section(history, *chosen)
    if bid is not None:
        forecast_part(bid)
        shifts_part(bid)
        money_part(bid)
        add_part(bid)
