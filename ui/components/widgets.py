"""Shared page helpers: the table editor round trip, number inputs in a founder's units, KPI cards,
money formatting in the plan's currency, and the page header (conflict banner, one-time messages).

No arithmetic on the plan here beyond unit conversion (percent <-> fraction) and formatting.
"""

from __future__ import annotations

import contextlib
import logging
import math
import re
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Any, TypeVar

import pandas as pd
import streamlit as st
from pydantic import BaseModel, ValidationError

from planner.engine.projection import Projection
from planner.model.files import plan_to_yaml
from planner.model.issues import Issue, explain, issues_from, path_label
from planner.model.limits import Bounds, bounds
from planner.model.plan import Plan
from planner.model.text import plain
from planner.report import format as fmt
from planner.steps.checks import plan_warnings
from planner.steps.progress import STEP_TITLES
from ui.session import state

log = logging.getLogger(__name__)
M = TypeVar("M", bound=BaseModel)


# --- formatting ---------------------------------------------------------------------------------


def money(
    value: float | None,
    currency: str | None = None,
    *,
    cents: bool = False,
    compact: bool = False,
    with_currency: bool = True,
) -> str:
    """`planner.report.format.money` in the plan's currency unless `currency` is given; without the
    symbol (when a label carries it) `planner.report.format.amount`."""
    cur = currency or state.get_plan().settings.currency
    if not with_currency:
        return fmt.amount(value, cur, cents=cents)
    return fmt.money(value, cur, cents=cents, compact=compact)


people = fmt.people
percent = fmt.percent


def money_column(
    label: str,
    help: str,
    model: type[BaseModel],
    field: str,
    *,
    currency: str | None = None,
    **kw: Any,
) -> Any:
    """An amount of money in an editor, in the plan's currency unless `currency` is given, within
    the limits `model.field` declares (an open limit moved inside by a cent)."""
    cur = currency or state.get_plan().settings.currency
    return st.column_config.NumberColumn(
        f"{label} ({cur})", help=help, format="%,.0f", **field_limits(model, field, gap=0.01), **kw
    )


def name_column(label: str, help: str, *, width: str = "large", **kw: Any) -> Any:
    """The first column of an editor: the row's name, required, kept in view when scrolling."""
    return st.column_config.TextColumn(
        label, help=help, required=True, pinned=True, width=width, **kw
    )  # type: ignore[arg-type]


def month_column(
    label: str,
    help: str,
    model: type[BaseModel],
    field: str,
    *,
    default: int | None = 1,
    **kw: Any,
) -> Any:
    """A plan month in an editor: from the lowest month `model.field` allows to the plan's horizon
    (the model checks a month against the horizon across sections, so the horizon is the plan's)."""
    lo, hi = bounds(model, field).input_range()
    months = state.get_plan().months
    return st.column_config.NumberColumn(
        label, help=help, min_value=lo, max_value=months if hi is None else min(hi, months),
        step=1, default=default, **kw,
    )  # fmt: skip


def percent_column(label: str, help: str, model: type[BaseModel], field: str, **kw: Any) -> Any:
    """A rate in an editor, entered as a fraction (0.3 is 30%), within the limits `model.field`
    declares (an open limit moved inside by one step, 0.01)."""
    return st.column_config.NumberColumn(
        label, help=help + " Enter a fraction: 0.3 is 30%.", format="percent", step=0.01,
        **field_limits(model, field, gap=0.01), **kw,
    )  # fmt: skip


# --- page frame --------------------------------------------------------------------------------


def page_header(title: str, intro: str, *, step: str | None = None) -> None:
    """Title, one-line purpose, and any message the founder must see first. A step page names its
    `step`: the plan's warnings for that step then show under the title (see `finish_page`)."""
    show_conflict()
    message = state.flash()
    if message:
        st.success(message)
    st.title(title)
    st.caption(intro)
    if step is not None:
        # Filled when the page has run: its edits are in the plan by then, so a warning the
        # founder has just fixed is gone at once instead of one rerun later.
        _page.warnings = (step, st.container())


_page = threading.local()  # this script run's pending warnings slot (a run is one thread)


def finish_page() -> None:
    """Draw the current step's plan warnings in the slot its header left (app.py calls this after
    every page, also when the page stopped early)."""
    pending = getattr(_page, "warnings", None)
    _page.warnings = None
    if pending is None:
        return
    step, slot = pending
    with slot:
        for warning in current_warnings(step):
            st.warning(plain(warning.message), icon=":material/warning:")


def current_warnings(step: str | None = None) -> list[Any]:
    """The current plan's warnings (`planner.steps.checks`), for one step or all; cash warnings too
    when
    the figures can be computed."""
    plan = state.get_plan()
    projection: Projection | None = None
    if step in (None, "business_plan"):
        with contextlib.suppress(Exception):  # the page itself says why figures are missing
            projection = state.projection(plan)
    found = plan_warnings(plan, projection)
    return [w for w in found if step is None or w.step == step]


STEP_NAMES = dict(STEP_TITLES)
STEP_NUMBERS = {key: i for i, (key, _) in enumerate(STEP_TITLES, start=1)}


def step_page(step: str) -> str:
    """The page file of a step (`"staffing"` -> "ui/views/staffing.py")."""
    return f"ui/views/{step}.py"


def warnings_with_links() -> None:
    """Every plan warning, each with a link to the step where it is fixed (the dashboard)."""
    found = current_warnings()
    if not found:
        return
    with st.container(border=True):
        st.markdown(
            f"**:material/warning: {len(found)} thing{'s' if len(found) > 1 else ''} to look at** "
            "before you trust these figures"
        )
        for warning in found:
            text, link = st.columns([4, 1], vertical_alignment="center")
            text.warning(plain(warning.message))
            link.page_link(
                step_page(warning.step),
                label=f"Step {STEP_NUMBERS[warning.step]} · {STEP_NAMES[warning.step]}",
                icon=":material/arrow_forward:",
            )


def show_conflict() -> None:
    """When storage reports the plan was changed elsewhere, say so first, with its choices."""
    from ui.session import persistence

    problem = persistence.storage_error()
    if problem:
        st.warning(
            f"Your plan is kept in this browser tab but could not be saved: {problem}",
            icon=":material/cloud_off:",
        )
    conflict = state.conflict()
    if not conflict:
        return
    with st.container(border=True):
        st.error(
            f"**This plan was changed in another tab or window.** {conflict}  \n"
            "Nothing is saved until you choose:",
            icon=":material/sync_problem:",
        )
        theirs, mine = st.columns(2)
        if theirs.button(
            "Load their version (drop my change)", key="conflict_theirs", width="stretch",
            help="Reload the plan as it was saved elsewhere; your last change here is dropped.",
        ):  # fmt: skip
            state.reload_theirs()
            state.refresh_widgets()
            state.flash("Loaded the version saved elsewhere.")
            st.rerun()
        if mine.button(
            "Keep mine as a copy", key="conflict_mine", type="primary", width="stretch",
            help="Save this tab's plan as a new plan in 'My plans' and carry on editing it.",
        ):  # fmt: skip
            record = state.save_mine_as_copy()
            state.flash(f"Saved your version as **{plain(record.name)}**.")
            st.rerun()


def projection_or_stop() -> Projection:
    """The engine's results for the current plan; when they cannot be computed, say why and stop
    the page (the inputs above stay editable)."""
    try:
        return state.projection()
    except Exception as exc:  # the founder sees a message, never a traceback
        log.exception("projection failed")
        st.error(f"The figures cannot be computed for this plan: {exc}")
        st.stop()
    raise AssertionError("unreachable")


def kpi_card(
    label: str, value: str, explanation: str, *, help: str | None = None, height: int = 190
) -> None:
    """A metric in a bordered card with a one-line explanation under it (cards in a row share one
    height, so the row lines up)."""
    with st.container(border=True, height=height):
        st.metric(label, value, help=help)
        st.caption(explanation)


def section_errors(issues: Sequence[Issue], *, labels: Mapping[str, str] | None = None) -> None:
    """Show validation issues under the field or table they belong to, each named in the page's
    words (`labels`: field name -> the label the page shows) with what the field allows."""
    if not issues:
        return
    st.error("\n".join(f"- {plain(explain(i, labels))}" for i in issues), icon=":material/error:")


# --- number inputs in a founder's units --------------------------------------------------------


def wkey(name: str) -> str:
    """A widget key tied to the loaded plan: loading another plan gives fresh widgets."""
    return f"g{state.generation()}:{name}"


def field_limits(model: type[BaseModel], field: str, gap: float = 1.0) -> dict[str, Any]:
    """`min_value`/`max_value` for an input of a plan field, read from the model's own limits
    (`planner.model.limits`); an open (strict) limit is moved inside by `gap`."""
    lo, hi = bounds(model, field).input_range(gap)
    return {"min_value": lo, "max_value": hi}


def percent_input(
    label: str,
    fraction: float,
    name: str,
    help: str,
    *,
    limits: Bounds,
    step: float = 1.0,
) -> float:
    """A percentage on screen, a fraction in the plan (30 on screen is 0.3), within the field's
    `limits` (`bounds(Staffing, "shrinkage")`: 0 to 89%, an open limit moved in by one `step`)."""
    min_pct, max_pct = limits.percent_range(step)
    shown = st.number_input(
        f"{label} (%)",
        min_value=min_pct,
        max_value=max_pct,
        value=round(fraction * 100, 6),
        step=step,
        format="%.1f",
        help=help,
        key=wkey(name),
    )
    return round(shown / 100, 8)


# --- the table editor round trip -----------------------------------------------------------------


def _clean(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    if hasattr(value, "item") and not isinstance(value, (list, dict, str)):
        with contextlib.suppress(ValueError, AttributeError):
            value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, (list, tuple)):
        return list(value)
    if hasattr(value, "tolist"):
        return value.tolist()
    return value


def edit_table(
    name: str,
    items: Sequence[M],
    model: type[M],
    columns: Mapping[str, Any],
    *,
    to_row: Callable[[M], dict[str, Any]] | None = None,
    from_row: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
    num_rows: str = "dynamic",
    disabled: Sequence[str] = (),
    height: int | None = None,
) -> tuple[list[M] | None, list[Issue]]:
    """Edit a list of models in a table.

    Returns (models, issues): the validated rows when every row is valid, else None and one issue
    per problem, its path starting at the row (shown as "Row 2, Price: must be ..."). The user's
    edits stay in the table either way: the caller stores the models only when they are valid.

    `columns` maps each shown field to its column configuration (in order). Fields not shown are
    kept from the row's original item; `to_row`/`from_row` convert nested fields (e.g. scores).
    """
    key = wkey(name)
    to_row = to_row or (lambda m: m.model_dump(mode="json"))
    shown = list(columns)

    def build() -> tuple[pd.DataFrame, list[dict[str, Any]]]:
        originals = [m.model_dump(mode="json") for m in items]
        rows = [to_row(m) for m in items]
        df = pd.DataFrame(rows, columns=shown) if rows else pd.DataFrame(columns=shown)
        for col, cfg in columns.items():
            kind = cfg.get("type_config", {}).get("type") if isinstance(cfg, dict) else None
            if kind == "number":
                # Blank optional numbers (None) show as empty cells, not as the word "None".
                df[col] = pd.to_numeric(df[col], errors="coerce").astype("float64")
            elif not rows:
                df[col] = df[col].astype("bool" if kind == "checkbox" else "object")
        return df, originals

    base_df, originals = state.editor_base(key, build)
    kwargs: dict[str, Any] = {}
    # Tall enough to show every row and the empty row for adding one, without an inner scroll.
    kwargs["height"] = height or min(
        38 + 35 * (len(base_df) + (num_rows in ("dynamic", "add"))), 820
    )
    edited = st.data_editor(
        base_df,
        key=key,
        column_config=dict(columns),
        column_order=shown,
        num_rows=num_rows,  # type: ignore[arg-type]
        hide_index=True,
        disabled=list(disabled),
        placeholder="",  # a blank optional cell means "none", not the word None
        width="stretch",
        **kwargs,
    )
    labels = {
        col: (cfg.get("label") if isinstance(cfg, dict) else None) or col.replace("_", " ")
        for col, cfg in columns.items()
    }
    models: list[M] = []
    errors: list[Issue] = []
    fields = model.model_fields
    for position, (idx, values) in enumerate(edited.iterrows(), start=1):
        original = originals[idx] if isinstance(idx, int) and 0 <= idx < len(originals) else {}
        row = {k: v for k, v in original.items() if k not in shown}
        for col in shown:
            value = _clean(values.get(col))
            if value is None:
                info = fields.get(col)
                if info is not None and info.default is None and not info.is_required():
                    row[col] = None
                continue
            if isinstance(value, str):
                value = value.strip()
            row[col] = value
        if from_row is not None:
            row = from_row(row)
        try:
            models.append(model.model_validate(row))
        except ValidationError as exc:
            for issue in issues_from(exc, model):
                row_issue = issue.within(position - 1)
                errors.append(replace(row_issue, label=path_label(row_issue.path, labels)))
    return (None if errors else models), errors


def show_row_errors(issues: Sequence[Issue], labels: Mapping[str, str] | None = None) -> None:
    """Say why a table is not saved, one line per issue, under the table."""
    if issues:
        st.error(
            "Not saved yet, fix these first (your edits are kept in the table):\n"
            + "\n".join(f"- {plain(explain(i, labels))}" for i in issues),
            icon=":material/error:",
        )


def save_table(
    section: str, items: list[Any] | None, errors: Sequence[Issue], **labels: str
) -> None:
    """Store a validated table in the plan, or show why not, right under the table. `labels`
    name the table's fields as its columns do."""
    if items is None:
        show_row_errors(errors, labels)
        return
    show_row_errors(
        state.update_section(section, [m.model_dump(mode="json") for m in items]), labels
    )


def save_fields(section: str, labels: Mapping[str, str] | None = None, **changes: Any) -> None:
    """Store changed fields of one section (a dotted path such as "business_plan.narrative"),
    validated with the whole plan; show why not under the fields."""
    current: Any = state.get_plan()
    for part in section.split("."):
        current = getattr(current, part)
    if all(getattr(current, k) == v for k, v in changes.items()):
        return
    section_errors(state.update_section(section, current.model_copy(update=changes)), labels=labels)


def chart(fig: Any, key: str | None = None, *, empty: str | None = None) -> None:
    """Draw a figure; when it has nothing to show and `empty` says why, say that instead of
    drawing blank axes."""
    if empty is not None and not _has_values(fig):
        title = fig.layout.title.text or "This chart"
        with st.container(border=True):
            st.markdown(f"**{plain(title)}**")
            st.info(empty, icon=":material/bar_chart_off:")
        return
    st.plotly_chart(fig, width="stretch", key=key, config={"displaylogo": False})


def _has_values(fig: Any) -> bool:
    """Any trace with a non-zero value on its value axis (y, or x for bars lying down)."""
    for trace in fig.data:
        lying = getattr(trace, "orientation", None) == "h" or trace.type == "funnel"
        values = trace.x if lying else trace.y
        if values is None:
            continue
        numbers = pd.to_numeric(pd.Series(list(values), dtype="float64"), errors="coerce")
        if (numbers.fillna(0) != 0).any():
            return True
    return False


# --- downloads ----------------------------------------------------------------------------------


def file_stem(plan: Plan) -> str:
    """A file-name stem from the plan's name ("Manila Voice 2027" -> "manila-voice-2027")."""
    return re.sub(r"[^A-Za-z0-9]+", "-", plan.settings.name).strip("-").lower() or "bpo-plan"


def plan_download(plan: Plan, *, key: str, icon: str, width: str = "content") -> None:
    """The plan as a YAML file to keep, share or open again on the Start page."""
    st.download_button(
        "Download this plan (YAML)",
        # Made when clicked, not on every rerun: dumping a plan to YAML takes a while.
        data=lambda: plan_to_yaml(plan),
        file_name=f"{plan.settings.name.strip().replace(' ', '_') or 'plan'}.yaml",
        mime="application/x-yaml",
        icon=icon,
        help="A plan file you can keep, share, or open again on the Start page.",
        key=key,
        width=width,  # type: ignore[arg-type]
        on_click="ignore",
    )


def csv_download(label: str, data: bytes, name: str, *, help: str, key: str) -> None:
    """A small button, flush right under (or beside) its table or chart, that downloads the table
    as `<plan>-<name>.csv`."""
    with st.container(horizontal=True, horizontal_alignment="right"):
        st.download_button(
            label,
            data=data,
            file_name=f"{file_stem(state.get_plan())}-{name}.csv",
            mime="text/csv",
            icon=":material/download:",
            help=help,
            key=key,
            on_click="ignore",
        )


def static_table(table: Any, **kwargs: Any) -> None:
    """A read-only table tall enough for all its rows (no inner scroll bar, no empty row)."""
    rows = len(table.data) if hasattr(table, "data") else len(table)  # a Styler or a DataFrame
    st.dataframe(table, width="stretch", height=35 * (rows + 1) + 3, **kwargs)


def plural(n: int, word: str) -> str:
    """`plural(1, "version")` -> "1 version"; `plural(3, "version")` -> "3 versions"."""
    return f"{fmt.number(n)} {word}{'' if n == 1 else 's'}"
