"""Actuals: the figures after launch against the plan, the variances explained, and the rolling
forecast beside the budget.

The founder brings in a file (the long CSV or a QuickBooks Online / Xero profit and loss by
month), or tries a sample; an accounting export's account -> line mapping is shown in an editable
table and saved with the plan. Then: the variance by month and line and year to date (past the
threshold shaded and marked in words), the largest variances explained, and budget / actual /
forecast on one chart and in one table. "Keep the plan as it was as the budget" saves a named
version (`ui.components.actuals.BUDGET_NOTE`); while one exists it is the budget every figure
here is compared with.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import pandas as pd
import streamlit as st

from planner.charts.actuals import budget_actual_forecast
from planner.charts.colours import PAST_THRESHOLD_FILL
from planner.engine.forecast import Forecast, actuals_frame, rolling_forecast
from planner.engine.projection import Projection
from planner.model.actuals_lines import is_count, line_keys
from planner.model.issues import PlanError
from planner.model.plan import Plan
from planner.model.text import plain
from planner.report import format as fmt
from planner.report.budget import BUDGET_LINES, budget_table
from planner.report.variance import Variance, variance
from planner.storage.store import StorageError
from ui.components import actuals as act
from ui.components.widgets import chart, page_header, projection_or_stop, static_table
from ui.session import actuals as session_actuals
from ui.session import persistence, state

# (No bare strings at module level on a page: Streamlit would write them on it.)
IGNORE = "Ignore"  # the mapping table's choice for an account left out of the figures
LAST_PL = "actuals_last_pl"  # session: the last P&L imported (name, bytes, its (month, line)s)
CONFIRM = "actuals_confirm_remove"


def _month(label: str) -> str:
    """ "2027-03" -> "Mar 2027"."""
    return pd.Timestamp(f"{label}-01").strftime("%b %Y")


@st.cache_resource(max_entries=16, show_spinner="Carrying the plan forward from the actuals...")
def _forecast(key: str, _plan: Projection) -> Forecast:
    """The rolling forecast of the plan as it is (`_plan`) from its actuals, once per content."""
    return rolling_forecast(_plan, actuals_frame(_plan.plan.actuals))


def _budget(plan: Plan, projection: Projection) -> tuple[Projection, str]:
    """The budget to compare with, and a sentence saying which it is: the version kept as the
    budget (with this plan's actual figures), else the plan as it is now."""
    record = persistence.current_record()
    kept = None
    if record is not None:
        try:
            kept = act.budget_version(persistence.list_versions(record.id))
            budget_plan = persistence.load(record.id, kept.number) if kept else None
        except (StorageError, PlanError):
            kept, budget_plan = None, None
    if kept is None or budget_plan is None:
        return projection, (
            "**The budget is the plan as it is now**: no version is kept as the budget yet. Keep "
            "it before you change the plan, so the figures are compared with what you planned."
        )
    same = (budget_plan.settings.first_month, budget_plan.settings.horizon_months) == (
        plan.settings.first_month,
        plan.settings.horizon_months,
    )
    if not same:
        return projection, (
            f"Version {kept.number} was kept as the budget, but it covers other months than the "
            "plan now does: the plan as it is now is used as the budget."
        )
    kept_plan = budget_plan.model_copy(update={"actuals": plan.actuals})
    when = kept.created_at.strftime("%d %b %Y")
    return state.projection(kept_plan), (
        f"**The budget is version {kept.number}**, kept on {when} (My plans lists it as "
        f"\u201c{act.BUDGET_NOTE}\u201d)."
    )


# --- bringing figures in --------------------------------------------------------------------------


def _apply(outcome: session_actuals.Outcome, what: str) -> None:
    if outcome.plan is None or outcome.result is None:
        st.session_state["actuals_error"] = outcome.message
        return
    state.set_plan(outcome.plan)
    result = outcome.result
    if result.layout == "profit_and_loss":
        pairs = [(e.month, e.line) for e in result.entries]
        data = st.session_state.get("_actuals_bytes", b"")
        st.session_state[LAST_PL] = (what, data, pairs, list(result.unmapped))
    months = list(result.months)
    span = f"{_month(months[0])} to {_month(months[-1])}" if months else "no months"
    left = f" {len(result.unmapped)} accounts are not mapped yet." if result.unmapped else ""
    state.flash(f"Imported {len(result.entries)} figures from {plain(what)} ({span}).{left}")


def _import_upload() -> None:
    upload = st.session_state.get("actuals_upload")
    if upload is None:
        st.session_state["actuals_error"] = "Choose a file first."
        return
    data = upload.getvalue()
    st.session_state["_actuals_bytes"] = data
    _apply(session_actuals.try_import(state.get_plan(), data, upload.name), upload.name)


def _import_sample(samples: list[act.SampleFile]) -> None:
    chosen = samples[int(st.session_state.get("actuals_sample", 0))]
    plan = state.get_plan()
    data = act.sample_bytes(chosen, plan)
    st.session_state["_actuals_bytes"] = data
    _apply(
        session_actuals.try_import(plan, data, chosen.path.name), f"the sample {chosen.path.name}"
    )


def bring_in(plan: Plan, read_only: bool) -> None:
    """Upload a file or try a sample."""
    locked = "You can only view this plan." if read_only else None
    upload, sample = st.columns(2, gap="large")
    with upload, st.container(border=True):
        st.markdown("**Import a file**")
        st.file_uploader(
            "Monthly figures or a profit and loss by month",
            type=["csv", "xlsx"],
            key="actuals_upload",
            help="A CSV with columns month, line, value (month as YYYY-MM; the lines are listed "
            "in the README), or a profit and loss by month exported from QuickBooks Online or "
            "Xero (.xlsx or .csv). Figures for a month and line given again replace the old ones; "
            "every other figure stays.",
            disabled=read_only,
        )
        st.button(
            "Import this file", key="actuals_import", on_click=_import_upload,
            disabled=read_only, help=locked, icon=":material/upload:",
        )  # fmt: skip
    samples = act.samples_for(plan)
    with sample, st.container(border=True):
        st.markdown("**Try it with a sample**")
        st.selectbox(
            "Sample file",
            range(len(samples)),
            format_func=lambda i: samples[i].label,
            key="actuals_sample",
            help="Made-up figures for the first six months of a starter plan (templates/actuals).",
        )
        st.button(
            "Import the sample", key="actuals_try_sample", on_click=_import_sample,
            args=(samples,), disabled=read_only, help=locked, icon=":material/science:",
        )  # fmt: skip
    message = st.session_state.pop("actuals_error", None)
    if message:
        st.error(
            f"{plain(message)}  \nNothing was imported; the figures you had are kept.",
            icon=":material/error:",
        )


# --- the account mapping --------------------------------------------------------------------------


def _reapply(plan: Plan, edited: pd.DataFrame, words: dict[str, str]) -> None:
    name, data, pairs, _ = st.session_state[LAST_PL]
    mapping = {
        str(account): words.get(str(line), "")
        for account, line in zip(edited["Account"], edited["Plan line"], strict=True)
    }
    outcome = session_actuals.try_import(act.without_figures(plan, pairs), data, name, mapping)
    _apply(outcome, name)


def mapping_editor(plan: Plan, read_only: bool) -> None:
    """The accounts of the last profit and loss imported, each mapped to a plan line in words
    (or Ignore), editable; applying it imports the file again with that mapping."""
    last = st.session_state.get(LAST_PL)
    unmapped: list[str] = list(last[3]) if last is not None else []
    if (plan.actuals is None or not plan.actuals.mapping) and not unmapped:
        return
    saved = dict(plan.actuals.mapping) if plan.actuals is not None else {}
    labels = line_keys(plan)
    to_key = {label: key for key, label in labels.items()}
    to_key[IGNORE] = ""
    with st.expander("Accounts and the plan lines they count in", expanded=last is not None):
        st.caption(
            "Each account of your accounting software counts in one line of the plan (accounts "
            "in the same line are added up); \u201cIgnore\u201d leaves an account out. The "
            "mapping is saved with the plan and used for the next file too."
        )
        if unmapped:
            st.warning(
                f"Not mapped yet, so left out: {', '.join(plain(a) for a in unmapped)}. Choose a "
                "plan line for them below and apply the mapping.",
                icon=":material/help:",
            )
        accounts = [*unmapped, *(a for a in saved if a not in unmapped)]
        rows = pd.DataFrame(
            {
                "Account": accounts,
                "Plan line": [labels.get(saved.get(a, ""), IGNORE) for a in accounts],
            }
        )
        edited = st.data_editor(
            rows,
            key="actuals_mapping",
            hide_index=True,
            width="stretch",
            disabled=["Account"] if not read_only else True,
            column_config={
                "Account": st.column_config.TextColumn("Account", width="large"),
                "Plan line": st.column_config.SelectboxColumn(
                    "Plan line", options=[IGNORE, *labels.values()], required=True, width="large"
                ),
            },
        )
        if last is None:
            st.caption("Import the profit and loss again to apply a changed mapping to it.")
            return
        if st.button(
            f"Apply this mapping to {plain(last[0])}", key="actuals_apply_mapping",
            disabled=read_only, icon=":material/sync_alt:",
        ):  # fmt: skip
            _reapply(plan, edited, to_key)
            st.rerun()


# --- the variance ---------------------------------------------------------------------------------


def _shown(line: str, value: float, currency: str) -> str:
    if isinstance(value, float) and math.isnan(value):
        return ""
    if is_count(line):
        return fmt.number(value, 1, trim=True)
    return fmt.amount(value, currency, cents=True)


def _marker(flagged: bool, variance_: float) -> str:
    if not flagged:
        return ""
    return "\u25b2 over" if variance_ > 0 else "\u25bc under"


def _styled(table: pd.DataFrame, currency: str, first: list[tuple[str, str]]) -> Any:
    """A variance table in words: figures as text, the past-threshold cells shaded."""
    rows = []
    for rec in table.to_dict("records"):
        line, pct = str(rec["line"]), float(rec["variance_pct"])
        rows.append(
            {
                **{head: str(rec[col]) for head, col in first},
                "Line": rec["label"],
                "Plan": _shown(line, float(rec["plan"]), currency),
                "Actual": _shown(line, float(rec["actual"]), currency),
                "Variance": _shown(line, float(rec["variance"]), currency),
                "Variance %": "" if math.isnan(pct) else fmt.percent(pct / 100, 1, trim=True),
                "Past threshold": _marker(bool(rec["flagged"]), float(rec["variance"])),
            }
        )
    shown = pd.DataFrame(rows)
    flags = table["flagged"].astype(bool).tolist()

    def shade(column: pd.Series) -> list[str]:
        paint = column.name in ("Variance", "Variance %", "Past threshold")
        fill = f"background-color: {PAST_THRESHOLD_FILL}"
        return [fill if paint and f else "" for f in flags]

    return shown.style.apply(shade, axis=0)


def variance_section(v: Variance, currency: str) -> None:
    st.subheader("Actual against the budget")
    if v.explanations:
        st.markdown("**The largest differences**")
        st.markdown("\n".join(f"- {plain(text)}" for text in v.explanations))
    else:
        st.success(f"No line is more than {fmt.percent(v.threshold)} away from the budget.")
    st.caption(
        f"Variance = actual - budget; variance % = variance / budget. More than "
        f"{fmt.percent(v.threshold)} either way is shaded and marked \u25b2 over or \u25bc under."
    )
    ytd, by_month = st.tabs(["Year to date", "By month"])
    with ytd:
        st.caption(
            "Per line, the months with actuals in the latest plan year: flows added up, balances "
            "(cash, receivables, people) as of the latest month."
        )
        table = v.year_to_date.assign(last=v.year_to_date["last_month"].map(_month))
        static_table(_styled(table, currency, [("Up to", "last")]), hide_index=True)
    with by_month:
        months = list(dict.fromkeys(sorted(v.table["month"])))
        picked = st.selectbox(
            "Month", months, index=len(months) - 1, format_func=_month, key="actuals_month"
        )
        table = v.table[v.table["month"] == picked]
        static_table(_styled(table, currency, []), hide_index=True)


# --- budget, actual and forecast ------------------------------------------------------------------


def forecast_section(forecast: Forecast, budget: Projection, plan: Plan, sentence: str) -> None:
    st.subheader("Budget, actual and forecast")
    cur = plan.settings.currency
    st.markdown(sentence)
    # The budget column is the budget chosen above (the kept version when there is one); the
    # forecast carries the plan as it is now forward.
    against = dataclasses.replace(forecast, budget=budget)
    table = budget_table(against, actuals_frame(plan.actuals))
    end_b = float(budget.monthly["closing_cash"].iloc[-1])
    end_f = float(forecast.monthly["closing_cash"].iloc[-1])
    diff = end_f - end_b
    direction = "more than" if diff > 0.5 else "less than" if diff < -0.5 else "the same as"
    gap = f"{fmt.money(abs(diff), cur)} " if abs(diff) > 0.5 else ""
    st.markdown(
        f"After {_month(forecast.last_actual_month or plan.settings.first_month)} the forecast "
        f"carries the plan forward from the actual cash, receivables and people. It ends with "
        f"**{fmt.money(end_f, cur)}** in the bank, {gap}{direction} the budget's "
        f"{fmt.money(end_b, cur)}."
    )
    chart(budget_actual_forecast(table, cur), key="actuals_chart")
    labels = {line: str(table.loc[table["line"] == line, "label"].iloc[0]) for line in BUDGET_LINES}
    line = st.selectbox(
        "Line in the table", BUDGET_LINES, index=BUDGET_LINES.index("closing_cash"),
        format_func=labels.__getitem__, key="actuals_table_line",
    )  # fmt: skip
    rows = table[table["line"] == line]
    shown = pd.DataFrame(
        {
            "Month": rows["month"].map(_month),
            "Budget": [_shown(line, float(x), cur) for x in rows["budget"]],
            "Actual": [_shown(line, float(x), cur) for x in rows["actual"]],
            "Forecast": [_shown(line, float(x), cur) for x in rows["forecast"]],
            "": ["actual" if p == "actual" else "forecast" for p in rows["period"]],
        }
    )
    st.dataframe(shown, hide_index=True, width="stretch", height=420)


# --- keeping the budget, removing the actuals ----------------------------------------------------


def _keep_budget() -> None:
    try:
        version, saved = persistence.save_version(state.get_plan(), act.BUDGET_NOTE)
    except (StorageError, PlanError) as exc:
        st.session_state["actuals_error"] = f"The budget could not be kept: {exc}"
        return
    if saved:
        state.flash(f"Kept the plan as it is as the budget: version {version.number}.")
    else:
        state.flash(f"Version {version.number} already keeps this very plan; it is the budget now.")


def _remove() -> None:
    plan = state.get_plan()
    state.set_plan(plan.model_copy(update={"actuals": None}))
    st.session_state.pop(LAST_PL, None)
    st.session_state[CONFIRM] = False
    state.flash("Removed the actual figures and the account mapping from this plan.")


def housekeeping(plan: Plan, read_only: bool) -> None:
    locked = "You can only view this plan." if read_only else None
    keep, remove = st.columns(2)
    keep.button(
        "Keep the plan as it was as the budget", key="actuals_keep_budget", on_click=_keep_budget,
        disabled=read_only,
        help=locked or "Saves this plan as a named version in My plans; the figures here are "
        "compared with it from now on, even after you change the plan.",
        icon=":material/bookmark_add:",
    )  # fmt: skip
    if plan.actuals is None or not plan.actuals.entries:
        return
    if not st.session_state.get(CONFIRM):
        if remove.button(
            "Remove the actual figures", key="actuals_remove", disabled=read_only, help=locked,
            icon=":material/delete:",
        ):  # fmt: skip
            st.session_state[CONFIRM] = True
            st.rerun()
        return
    with remove.container(border=True):
        st.warning(
            f"Remove all {len(plan.actuals.entries)} actual figures and the account mapping from "
            "this plan? Saved versions keep theirs.",
            icon=":material/warning:",
        )
        yes, no = st.columns(2)
        yes.button("Yes, remove them", key="actuals_remove_yes", on_click=_remove, type="primary")
        if no.button("Cancel", key="actuals_remove_no"):
            st.session_state[CONFIRM] = False
            st.rerun()


# --- the page -----------------------------------------------------------------------------------


page_header(
    "Actuals",
    "After launch: bring in what really happened, see where it differs from the plan and why, "
    "and where the rest of the plan is heading from here.",
)
projection = projection_or_stop()
plan = projection.plan
read_only = persistence.current_access() == "viewer"
bring_in(plan, read_only)
mapping_editor(plan, read_only)
if plan.actuals is None or not plan.actuals.entries:
    st.info(
        "No actual figures yet. Import a file above, or try a sample to see what this page shows.",
        icon=":material/info:",
    )
    housekeeping(plan, read_only)
    st.stop()
budget, sentence = _budget(plan, projection)
v = variance(budget, plan.actuals)
variance_section(v, plan.settings.currency)
forecast = _forecast(plan.content_key(), projection)
forecast_section(forecast, budget, plan, sentence)
housekeeping(plan, read_only)
