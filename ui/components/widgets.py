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
from dataclasses import dataclass, replace
from typing import Any, TypeVar

import pandas as pd
import streamlit as st
from pydantic import BaseModel, ValidationError

from planner.engine.projection import Projection
from planner.model.files import plan_to_yaml
from planner.model.issues import Issue, explain, issues_from
from planner.model.limits import Bounds, bounds, money_bounds
from planner.model.numbers import NumberSpec, parse_number, show_number
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


@dataclass(frozen=True)
class NumberCell:
    """A number column of an editor: shown as text written by `planner.model.numbers.show_number`
    and read back by its `parse_number` (so "3,5", "-500", "16.5%" and "$14,350,000.00" mean what
    the founder typed), within `spec`'s limits from the model. `config` is the column Streamlit
    draws (a right-aligned text column). `must_type`: a new row must have this cell typed (the
    page marked it required); else a new row's blank cell takes the column's default, or the
    model's."""

    config: Mapping[str, Any]
    spec: NumberSpec
    must_type: bool = False


def _required(model: type[BaseModel], field: str) -> bool:
    """Whether a blank is refused: a field that is optional in the model (default None) may be
    blank; any other needs a value (a cleared price is refused, never stored as 0)."""
    info = model.model_fields.get(field)
    return info is None or info.is_required() or info.default is not None


def _cell(label: str, help: str, spec: NumberSpec, kw: Mapping[str, Any]) -> NumberCell:
    """A NumberCell with `kw` (width, default, disabled...) passed on; a default is shown as the
    founder would type it; "required" is the spec's (a blank is refused with a message naming the
    row and the column, not dropped with a tooltip)."""
    options = {k: v for k, v in kw.items() if k not in ("required", "format", "step")}
    if "default" in options:
        options["default"] = show_number(options["default"], spec) or None
    config = st.column_config.TextColumn(label, help=help, alignment="right", **options)
    return NumberCell(config, spec, must_type=bool(kw.get("required")))


def money_column(
    label: str,
    help: str,
    model: type[BaseModel],
    field: str,
    *,
    currency: str | None = None,
    rate: float | None = None,
    **kw: Any,
) -> NumberCell:
    """An amount of money in an editor, in the plan's currency unless `currency` is given, within
    the limits `model.field` declares, its cap scaled to the plan's currency (or by `rate` units
    per US dollar: costs entered in a location's currency) (`planner.model.limits.money_bounds`);
    shown with its cents when it has any (3.50, not "4")."""
    settings = state.get_plan().settings
    cur = currency or settings.currency
    limits = money_bounds(model, field, settings.rate if rate is None else rate)
    spec = NumberSpec(limits, money=True, required=_required(model, field))
    return _cell(f"{label} ({cur})", help, spec, kw)


def number_column(
    label: str, help: str, model: type[BaseModel], field: str, **kw: Any
) -> NumberCell:
    """A count or quantity in an editor (volume, leads, days), within the limits `model.field`
    declares; a whole-number field refuses fractions."""
    return _cell(
        label, help, NumberSpec(bounds(model, field), required=_required(model, field)), kw
    )


def name_column(label: str, help: str, *, width: str = "large", **kw: Any) -> Any:
    """The first column of an editor: the row's name, kept in view when scrolling. A blank name is
    refused by the model with a message naming the row (not marked required here: Streamlit would
    drop such a row with only a tooltip)."""
    return st.column_config.TextColumn(label, help=help, pinned=True, width=width, **kw)  # type: ignore[arg-type]


def month_column(
    label: str,
    help: str,
    model: type[BaseModel],
    field: str,
    *,
    default: int | None = 1,
    **kw: Any,
) -> NumberCell:
    """A plan month in an editor: from the lowest month `model.field` allows to the plan's horizon
    (the model checks a month against the horizon across sections, so the horizon is the plan's)."""
    limits = bounds(model, field)
    months = state.get_plan().months
    limits = limits._replace(hi=months if limits.hi is None else min(limits.hi, months))
    spec = NumberSpec(limits, required=_required(model, field))
    return _cell(label, help, spec, {**kw, "default": default})


def percent_column(
    label: str, help: str, model: type[BaseModel], field: str, **kw: Any
) -> NumberCell:
    """A rate in an editor, typed and shown as a percentage (5 or 5% is 5%, stored as 0.05),
    within the limits `model.field` declares."""
    spec = NumberSpec(bounds(model, field), percent=True, required=_required(model, field))
    return _cell(label, help + " In percent: 5 is 5%.", spec, kw)


def _as_cell(column: str, config: Any, model: type[BaseModel]) -> NumberCell | None:
    """Any number column given to `edit_table` as a NumberCell: a plain `NumberColumn` (a page's
    own) is read the same way as the helpers' columns, its limits from the model field of the
    same name, else from the column's own."""
    if isinstance(config, NumberCell):
        return config
    if not isinstance(config, Mapping) or config.get("type_config", {}).get("type") != "number":
        return None
    typed = config["type_config"]
    if column in model.model_fields:
        limits = bounds(model, column)
    else:
        step = typed.get("step")
        limits = Bounds(typed.get("min_value"), typed.get("max_value"),
                        whole=step is not None and float(step).is_integer())  # fmt: skip
    required = _required(model, column) if column in model.model_fields else True
    spec = NumberSpec(limits, percent=typed.get("format") == "percent", required=required)
    kw = {
        k: config[k]
        for k in ("width", "disabled", "pinned", "default")
        if config.get(k) is not None
    }
    return _cell(config.get("label") or column, config.get("help") or "", spec, kw)


# --- page frame --------------------------------------------------------------------------------


def page_header(title: str, intro: str, *, step: str | None = None) -> None:
    """Title, one-line purpose, and any message the founder must see first. A step page names its
    `step`: the plan's warnings for that step then show under the title (see `finish_page`)."""
    show_conflict()
    message = state.flash()
    if message:
        st.success(message)
    warning = state.warn()
    if warning:
        st.warning(warning, icon=":material/search_off:")
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


def number_input(
    label: str,
    value: float | int,
    name: str,
    help: str,
    *,
    limits: Bounds,
    money: bool = False,
    where: Any = None,
    required: bool = True,
    placeholder: str | None = None,
) -> Any:
    """A number field of the plan, typed as text and read by `planner.model.numbers` ("3,5" is
    3.5; "-500" keeps its sign; "1,234" is refused as ambiguous), within the field's `limits`.

    Returns the value to store: what was typed when it is valid, else `value` (the plan keeps it)
    with the reason shown under the field. An untouched field returns `value` exactly. `where`: the
    column or container to draw in (default: the page). Not `required`: a blank is None (an
    optional field such as caller patience)."""
    spec = NumberSpec(limits, money=money, required=required)
    return _number_field(label, value, name, help, spec=spec, where=where, placeholder=placeholder)


def percent_input(
    label: str,
    fraction: float | None,
    name: str,
    help: str,
    *,
    limits: Bounds,
    where: Any = None,
    required: bool = True,
    placeholder: str | None = None,
) -> Any:
    """A percentage on screen, a fraction in the plan ("16.5" on screen is 0.165, exactly), within
    the field's `limits` (`bounds(Staffing, "shrinkage")`: 0 up to, not including, 90%). Not
    `required`: a blank is None (an optional rate such as the share of hours at night)."""
    spec = NumberSpec(limits, percent=True, percent_sign=False, required=required)
    return _number_field(
        f"{label} (%)", fraction, name, help, spec=spec, where=where, placeholder=placeholder
    )


def _number_field(
    label: str,
    value: Any,
    name: str,
    help: str,
    *,
    spec: NumberSpec,
    where: Any,
    placeholder: str | None = None,
) -> Any:
    box = st if where is None else where
    shown = show_number(value, spec)
    typed = box.text_input(label, value=shown, key=wkey(name), help=help, placeholder=placeholder)
    if typed.strip() == shown:
        return value
    parsed = parse_number(typed, spec)
    if isinstance(parsed, Issue):
        box.error(
            f"{label}: {parsed.message}; allowed: {parsed.allowed}. Not saved: the plan keeps "
            f"{shown or 'none'}.",
            icon=":material/error:",
        )
        return value
    return parsed


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


MAX_TABLE_ROWS = 22
"""Rows an editor shows without an inner scroll bar (beyond, it keeps a fixed height)."""


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
    title: str = "name",
) -> tuple[list[M] | None, list[Issue]]:
    """Edit a list of models in a table.

    Returns (models, issues). An invalid cell never holds the other edits hostage: the models are
    every row with its valid edits, a refused cell keeping the value the table started from (a row
    that is still invalid then keeps all it had; a new row that cannot be valid is left out), and
    one issue per refused cell, labelled with the row (its name) and the column ("Row 2 (Acme),
    Price (USD): is required ..."). The typed text stays in the table with its message.

    Number columns (the helpers' `NumberCell`s, and any `NumberColumn` a page gives) are text
    cells read by `planner.model.numbers`: exact display, percentages in percent, signs kept, a
    cleared required cell refused. An added row left blank (a pasted column's trailing newline)
    is ignored. `columns` maps each shown field to its column configuration (in order). Fields not
    shown are kept from the row's original item; `to_row`/`from_row` convert nested fields.
    `title`: the column that names a row in its messages (a services table names the client).
    """
    key = wkey(name)
    to_row = to_row or (lambda m: m.model_dump(mode="json"))
    shown = list(columns)
    cells = {col: cell for col, cfg in columns.items() if (cell := _as_cell(col, cfg, model))}
    config: dict[str, Any] = {
        col: dict(cells[col].config) if col in cells else _not_required(cfg)
        for col, cfg in columns.items()
    }

    def build() -> tuple[
        pd.DataFrame, list[dict[str, Any]], list[dict[str, Any]], dict[tuple[Any, str], Any]
    ]:
        originals = [m.model_dump(mode="json") for m in items]
        rows = [to_row(m) for m in items]
        df = pd.DataFrame(rows, columns=shown) if rows else pd.DataFrame(columns=shown)
        for col, cfg in config.items():
            if col in cells:
                df[col] = pd.Series(
                    [show_number(r.get(col), cells[col].spec) for r in rows], dtype="object"
                )
            elif not rows:
                kind = cfg.get("type_config", {}).get("type")
                df[col] = df[col].astype("bool" if kind == "checkbox" else "object")
        return df, originals, rows, {}  # {}: each cell's last value saved, while this base lives

    base_df, originals, base_rows, saved = state.editor_base(key, build)
    # Tall enough for every row, those just added too ("content": the editor's own height
    # follows its rows), up to MAX_TABLE_ROWS; a longer table scrolls inside a fixed height.
    fit: int | str = "content" if len(base_df) < MAX_TABLE_ROWS else 38 + 35 * MAX_TABLE_ROWS
    edited = st.data_editor(
        base_df,
        key=key,
        column_config=config,
        column_order=shown,
        num_rows=num_rows,  # type: ignore[arg-type]
        hide_index=True,
        disabled=list(disabled),
        placeholder="",  # a blank optional cell means "none", not the word None
        width="stretch",
        height=height or fit,  # type: ignore[arg-type]
    )
    labels = {
        col: (cfg.get("label") if isinstance(cfg, Mapping) else None) or col.replace("_", " ")
        for col, cfg in config.items()
    }
    table = _Table(
        model, shown, cells, labels, config, base_df, originals, base_rows, saved, from_row, title
    )
    models: list[M] = []
    errors: list[Issue] = []
    for position, (idx, values) in enumerate(edited.iterrows(), start=1):
        found, problems = table.read_row(position, idx, values)
        errors.extend(problems)
        if found is not None:
            models.append(found)  # type: ignore[arg-type]
    return models, errors


def _not_required(config: Any) -> Any:
    """A column without Streamlit's "required": a row with a blank required cell would be held
    back with only a tooltip; the model refuses it with a message naming the row and column."""
    if not isinstance(config, Mapping):
        return config
    return {k: v for k, v in config.items() if k != "required"}


def _blank(value: Any) -> bool:
    value = _clean(value)
    return value is None or value is False or (isinstance(value, str) and not value.strip())


@dataclass(frozen=True)
class _Table:
    """One editor's columns and starting rows: reads each edited row into a model."""

    model: type[BaseModel]
    shown: list[str]
    cells: Mapping[str, NumberCell]
    labels: Mapping[str, str]
    config: Mapping[str, Any]
    base_df: pd.DataFrame
    originals: list[dict[str, Any]]
    base_rows: list[dict[str, Any]]
    saved: dict[tuple[Any, str], Any]  # (row index, column) -> the cell's last valid value
    from_row: Callable[[dict[str, Any]], dict[str, Any]] | None
    title: str = "name"  # the column that names the row in its messages

    def _untouched_new(self, values: Any) -> bool:
        """An added row with nothing typed in it: every cell blank or its column's default."""
        for col in self.shown:
            value = _clean(values.get(col))
            default = (
                self.config[col].get("default") if isinstance(self.config[col], Mapping) else None
            )
            if not _blank(value) and value != default:
                return False
        return True

    def read_row(
        self, position: int, idx: Any, values: Any
    ) -> tuple[BaseModel | None, list[Issue]]:
        """The row as a model (None for a new row that is blank or cannot be valid) and the
        issues of its refused cells."""
        existing = isinstance(idx, int) and 0 <= idx < len(self.originals)
        if not existing and self._untouched_new(values):
            return None, []
        # The row's title: the page's title column (its name by default), else the first column's
        # words (the kind of won client a service row is for); never a number (an equity month).
        named_by = self.title if self.title in self.shown else self.shown[0]
        title = None if named_by in self.cells else _clean(values.get(named_by))
        where = f"Row {position}" + (f" ({str(title).strip()})" if not _blank(title) else "")
        original = self.originals[idx] if existing else {}
        # What a refused cell falls back to: its last valid value in this editor, else the value
        # the table started from (the plan keeps what it has, not what it had at first).
        first = self.base_rows[idx] if existing else {}
        start = {c: self.saved.get((idx, c), first.get(c)) for c in self.shown if c in first}
        row: dict[str, Any] = {k: v for k, v in original.items() if k not in self.shown}
        problems: list[tuple[str, Issue]] = []
        for col in self.shown:
            cell = self.cells.get(col)
            raw = values.get(col)
            if cell is None:
                self._plain(row, col, raw)
                continue
            text = _clean(raw)
            if not existing and _blank(text):
                # A new row's blank cell takes its column's default, as the browser fills it in,
                # or the model's own default unless the page asks for the cell to be typed.
                text = self.config[col].get("default")
                info = self.model.model_fields.get(col)
                fallback = None if info is None or info.is_required() else info.default
                if _blank(text) and not cell.must_type and fallback is not None:
                    row[col] = fallback
                    continue
            if existing and (text if text is not None else "") == self.base_df.at[idx, col]:
                # untouched: the exact value, not its display; a cell the page shows blank for a
                # field that has a value (a fixed number on a role that is not fixed) keeps it
                kept = first.get(col)
                row[col] = original.get(col) if kept is None and col in original else kept
                continue
            parsed = parse_number(text, cell.spec)
            if isinstance(parsed, Issue):
                problems.append((col, parsed))
                if existing:
                    row[col] = start.get(col)
                continue
            row[col] = parsed
        found, invalid = self._validate(row)
        if problems and not existing:
            said = {c for c, _ in problems}
            problems += [(i.field, i) for i in invalid if i.field not in said]
            return None, [self._issue(where, c, i, kept=None) for c, i in problems]
        if invalid and existing:
            # Put the cells the model refused back to their last valid value; keep the rest.
            for issue in invalid:
                if issue.field in self.shown and issue.field in start:
                    row[issue.field] = start[issue.field]
            problems += [(i.field, i) for i in invalid]
            found, still = self._validate(row)
            if still:
                found = self.model.model_validate(original)
        elif invalid:
            problems += [(i.field, i) for i in invalid]
        if found is not None and not invalid:
            self.saved.update({(idx, c): row.get(c) for c in self.shown if c in self.cells})
        kept = start if existing else None
        return found, [self._issue(where, c, i, kept=kept) for c, i in problems]

    def _plain(self, row: dict[str, Any], col: str, raw: Any) -> None:
        value = _clean(raw)
        if value is None:
            info = self.model.model_fields.get(col)
            if info is not None and info.default is None and not info.is_required():
                row[col] = None
            return
        row[col] = value.strip() if isinstance(value, str) else value

    def _validate(self, row: dict[str, Any]) -> tuple[BaseModel | None, list[Issue]]:
        data = self.from_row(dict(row)) if self.from_row is not None else row
        try:
            return self.model.model_validate(data), []
        except ValidationError as exc:
            return None, list(issues_from(exc, self.model))

    def _issue(
        self, where: str, col: str, issue: Issue, *, kept: Mapping[str, Any] | None
    ) -> Issue:
        """The issue labelled "Row 2 (Acme), Price (USD)", saying what the plan keeps."""
        label = f"{where}, {self.labels[col]}" if col in self.labels else where
        if kept is None:
            note = " (this new row is not added until it is fixed)"
        elif col in self.cells and col in kept:
            note = f" (the plan keeps {show_number(kept[col], self.cells[col].spec) or 'blank'})"
        else:
            note = " (the plan keeps what it had)"
        return replace(issue, message=issue.message + note, label=label)


CELLS_REFUSED = "Not saved, the rest of the table is (your typing stays in the table):"
TABLE_REFUSED = "Not saved yet, fix these first (your edits are kept in the table):"


def show_row_errors(
    issues: Sequence[Issue],
    labels: Mapping[str, str] | None = None,
    *,
    heading: str = TABLE_REFUSED,
) -> None:
    """Say why (part of) a table is not saved, one line per issue, under the table."""
    if issues:
        st.error(
            heading + "\n" + "\n".join(f"- {plain(explain(i, labels))}" for i in issues),
            icon=":material/error:",
        )


def save_table(
    section: str, items: list[Any] | None, errors: Sequence[Issue], **labels: str
) -> None:
    """Store a table's rows in the plan (each refused cell keeps its stored value) and show why
    any cell was refused, right under the table; when the plan as a whole refuses the table
    (a line other sections still use), nothing is stored and that is said instead. `labels` name
    the table's fields as its columns do."""
    if items is not None:
        show_row_errors(
            state.update_section(section, [m.model_dump(mode="json") for m in items]), labels
        )
    show_row_errors(errors, labels, heading=CELLS_REFUSED)


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
