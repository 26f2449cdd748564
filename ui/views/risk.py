"""Risk: the range, not one number. The plan run many times with volumes, handling times,
prices, win rates, start delays, attrition and wages drawn from their ranges and each prospect
signing or not (`planner.report.risk`); the headline in words, percentiles, charts, the drivers
that matter, the runs as CSV, and the editor of the plan's `risk:` section."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from planner.charts import risk as risk_charts
from planner.engine.projection import Projection
from planner.export.safety import plain_text
from planner.export.tables import csv_bytes
from planner.model.drivers import effective_risk
from planner.model.labels import DISTRIBUTION_LABELS
from planner.model.plan import Risk
from planner.report import format as fmt
from planner.report import risk_words as words
from planner.report.risk import RiskResult
from ui.components.widgets import (
    chart,
    csv_download,
    field_limits,
    kpi_card,
    page_header,
    projection_or_stop,
    section_errors,
    static_table,
    wkey,
)
from ui.session import risk as runs
from ui.session import state

EDITOR = "risk_drivers"
COLUMNS = ("Driver", "Unit", "Low", "Likely", "High")
WHY = "Why this range"  # the documented defaults' reasons
WHAT = "What it changes"  # a plan with its own ranges

page_header(
    "Risk",
    "Your plan run many times, with the things you cannot know for sure drawn from their ranges "
    "and each prospect signing or not: how much funding keeps you safe, and how often cash runs "
    "out.",
)

p = projection_or_stop()
plan = p.plan
cur = plan.settings.currency
planned = words.planned_funding(p)


def headline(result: RiskResult) -> None:
    st.info(words.headline(result, planned), icon=":material/casino:")


def stat_table(result: RiskResult) -> None:
    # The cells carry the currency's symbol ("$65,684"): a "(USD)" in every header said it twice
    # and widened the table past a 1000 px screen (P95 and Mean were scrolled off).
    headers = ["Figure", *(h for _, h in words.STAT_HEADERS)]
    right = {h: st.column_config.Column(alignment="right") for h in headers[1:]}
    static_table(
        pd.DataFrame(words.stat_rows(result), columns=headers),
        hide_index=True,
        column_config={"Figure": st.column_config.Column(pinned=True), **right},
    )
    st.caption(words.STAT_NOTE)


def cards(result: RiskResult) -> None:
    stats = result.stats("funding_needed")
    texts = (
        ("p50", "Half of the runs need no more than this."),
        ("p90", "Raise this much to be safe nine times in ten."),
        ("p95", "Safe in 19 runs out of 20."),
    )
    for col, (key, text) in zip(st.columns(len(texts)), texts, strict=True):
        with col:
            label = f"Funding needed, {key.upper()}"
            # The cards' own height: at 1000 px the explanation wraps to two lines, which a
            # 150 px card cut off at its border.
            kpi_card(label, fmt.money(stats[key], cur, compact=True), text)


def drivers_table(result: RiskResult) -> None:
    table = result.importance()
    if table.empty:
        st.caption("Funding needed is the same in every run: no driver moves it.")
        return
    shown = pd.DataFrame(
        {
            "Driver": table["label"],
            # Short: in the narrow column beside the chart the long header was cut off; the
            # chart's axis and the caption say "with funding needed".
            "Rank correlation": [fmt.number(r, 2) for r in table["rho"]],
        }
    )
    # Left-aligned: in a column narrower than the table, right-aligned figures sit off screen.
    static_table(shown, hide_index=True)
    st.caption(
        "From -1 to 1: near 1, runs with a higher value of the driver need more funding; near "
        "-1, less; near 0, the driver hardly matters (Spearman rank correlation over the runs)."
    )


def show(result: RiskResult) -> None:
    headline(result)
    cards(result)
    stat_table(result)
    chart(risk_charts.cash_fan(result, plan.financing.minimum_cash), key="risk_fan")
    left, right = st.columns(2)
    with left:
        chart(risk_charts.funding_histogram(result, planned), key="risk_funding")
    with right:
        chart(risk_charts.break_even_histogram(result), key="risk_break_even")
    st.subheader("The drivers that matter most")
    left, right = st.columns([3, 2])
    with left:
        chart(risk_charts.drivers_that_matter(result), key="risk_drivers_chart")
    with right:
        drivers_table(result)
    samples = result.samples().rename(columns=lambda c: plain_text(c).for_csv())
    csv_download(
        "Every run (CSV)",
        csv_bytes(samples),
        "risk-runs",
        help="One row per run: each driver's drawn value, which prospects signed, funding "
        "needed, cash at the end, lowest cash and the break-even month.",
        key="risk_samples",
    )


def results(project: Projection) -> None:
    total = effective_risk(project.plan).runs
    slot = st.empty()
    bar = st.progress(0.0, text=f"Running the plan {fmt.number(total)} times...")

    def progress(part: RiskResult) -> None:
        bar.progress(part.runs / total, text=f"{fmt.number(part.runs)} of {fmt.number(total)} runs")
        with slot.container():
            headline(part)
            stat_table(part)

    try:
        result = runs.result(project.plan, progress)
    except Exception as exc:  # the founder sees a message, never a traceback
        bar.empty()
        slot.error(f"The risk runs could not be computed for this plan: {exc}")
        return
    bar.empty()
    slot.empty()
    show(result)


# --- the risk: section ---------------------------------------------------------------------------


def _editor_rows() -> pd.DataFrame:
    rows = [
        (e.label, e.unit, e.low, e.likely, e.high, e.reason or e.meaning)
        for e in words.driver_entries(plan)
    ]
    return pd.DataFrame(rows, columns=[*COLUMNS, WHY if plan.risk is None else WHAT])


def _number(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def settings_editor(risk: Risk) -> None:
    using_defaults = plan.risk is None
    with st.form(wkey("risk_form"), border=True):
        st.markdown("**How the runs are drawn**")
        if using_defaults:
            st.caption(
                "Your plan has no risk settings of its own: these are the documented defaults, "
                "each with the reason for its range. Change any and save to make them your plan's."
            )
        a, b, c = st.columns(3)
        count = a.number_input(
            "Runs", **field_limits(Risk, "runs"), value=risk.runs, step=100,
            key=wkey("risk_runs"), help="How many times the plan is run (10 to 20,000).",
        )  # fmt: skip
        seed = b.number_input(
            "Seed", **field_limits(Risk, "seed"), value=risk.seed, step=1, key=wkey("risk_seed"),
            help="The same seed gives the same runs every time; another seed, other runs.",
        )  # fmt: skip
        names = list(DISTRIBUTION_LABELS)
        shape = c.selectbox(
            "Shape of each range", names, index=names.index(risk.distribution),
            format_func=DISTRIBUTION_LABELS.__getitem__, key=wkey("risk_shape"),
            help="How values between low and high are drawn.",
        )  # fmt: skip
        st.caption(
            "Low, likely and high as a change from your plan in percent (volume -20 means 20% "
            "less), the start delay in whole months. Leave a row blank to keep that driver as "
            "planned in every run."
        )
        base = state.editor_base(wkey(EDITOR), _editor_rows)
        edited = st.data_editor(
            base, key=wkey(EDITOR), hide_index=True, width="stretch", num_rows="fixed",
            disabled=["Driver", "Unit", WHY, WHAT],
            column_config={
                "Low": st.column_config.NumberColumn("Low", format="%g"),
                "Likely": st.column_config.NumberColumn("Likely", format="%g"),
                "High": st.column_config.NumberColumn("High", format="%g"),
                WHY: st.column_config.TextColumn(WHY, width="large"),
                WHAT: st.column_config.TextColumn(WHAT, width="large"),
            },
        )  # fmt: skip
        saved = st.form_submit_button("Save and run", type="primary", icon=":material/play_arrow:")
    if saved:
        entries = {
            e.driver: tuple(_number(edited.iloc[i][k]) for k in ("Low", "Likely", "High"))
            for i, e in enumerate(words.driver_entries(plan))
        }
        section, issues = words.risk_section(int(count), int(seed), str(shape), entries)
        if not issues:
            issues = list(state.update_section("risk", section))
        if issues:
            section_errors(issues)  # the table keeps what was typed
        else:
            st.rerun()
    if not using_defaults and st.button(
        "Back to the documented defaults", key=wkey("risk_defaults"),
        help="Remove your plan's risk settings: the runs then use the documented ranges.",
    ):  # fmt: skip
        section_errors(state.update_section("risk", None))
        state.refresh_widgets()
        st.rerun()


with st.expander("Risk settings: the ranges the runs draw from", expanded=False):
    settings_editor(effective_risk(plan))
results(p)
