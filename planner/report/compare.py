"""Two plans (or two versions of one) side by side: which assumptions differ, how the headline
figures move, and their monthly cash, headcount and costs side by side (drawn by
`planner.charts.overlay`).

Pure functions of plans and projections; no storage, no Streamlit.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

import pandas as pd

from planner.engine.months import month_number
from planner.engine.projection import Projection
from planner.model.files import plan_to_dict
from planner.model.issues import plan_label
from planner.model.labels import (
    KPI_LABELS,
    NOT_WITHIN_PLAN,
    PATH_LABELS,
    SECTION_LABELS,
    field_label,
)
from planner.model.plan import Plan
from planner.report import format as fmt

NOT_IN_PLAN = "(not in this plan)"
INCLUDED = "(included)"
MAX_SHOWN = 160
"""Longer text (a narrative section) is cut to this many characters in the differences table."""

KPI_UNITS: tuple[tuple[str, str], ...] = (
    # (Kpis field, unit); the words are planner.model.labels.KPI_LABELS
    ("break_even_month", "month"),
    ("payback_month", "month"),
    ("funding_needed", "money"),
    ("ending_cash", "money"),
    ("lowest_cash", "money"),
    ("lowest_cash_month", "month"),
    ("runway_months", "months"),
    ("peak_headcount", "people"),
    ("peak_seats", "seats"),
    ("total_revenue", "money"),
    ("total_costs", "money"),
    ("total_net_income", "money"),
    ("capex_total", "money"),
    ("gross_margin_pct", "%"),
    ("cost_per_seat_month", "money"),
)
UNIT_WORDS = {"month": " (month of the plan)", "months": " (months)", "%": " (%)"}
KPI_ROWS: tuple[tuple[str, str, str], ...] = tuple(
    (field, KPI_LABELS[field] + UNIT_WORDS.get(unit, ""), unit) for field, unit in KPI_UNITS
)
"""The KPIs compared, in order. Months ("YYYY-MM") become the month of the plan (1 = its first), so
plans that start in different months compare on the same scale."""

SERIES: tuple[tuple[str, str], ...] = (
    ("closing_cash", "Cash at month end"),
    ("headcount", "Headcount"),
    ("total_costs", "Total costs per month"),
)
"""The monthly columns overlaid in the comparison charts, with their titles."""


# --- assumptions ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Row:
    """A list entry in a path: matched by `key` (its id, else its name, else its position),
    shown as `shown` (its name, else its id, else "row n")."""

    key: str
    shown: str = dataclass_field(compare=False)


Path = tuple[str | _Row, ...]


def _item_rows(items: list[Any]) -> list[_Row]:
    """How list items are named in a path: by `id`, else `name`, else their position."""
    for attr in ("id", "name"):
        if items and all(isinstance(i, dict) and isinstance(i.get(attr), str) for i in items):
            keys = [i[attr] for i in items]
            if len(set(keys)) == len(keys):
                return [_Row(k, str(i.get("name") or k)) for k, i in zip(keys, items, strict=True)]
    return [_Row(str(n + 1), f"row {n + 1}") for n in range(len(items))]


def _flatten(value: Any, path: Path) -> Iterator[tuple[Path, Any]]:
    """Leaf values by path: ("staffing", "shrinkage"), ("staffing", "roles", Agent, "monthly_wage").

    Lists of records are keyed by id (or name) so a reordered or inserted item does not make every
    later item "differ"; lists of plain values (a role's service lines) are one value.
    """
    if isinstance(value, dict):
        if not value and path:
            yield path, {}
        for key, item in value.items():
            yield from _flatten(item, (*path, str(key)))
    elif isinstance(value, list) and any(isinstance(i, dict) for i in value):
        for row, item in zip(_item_rows(value), value, strict=True):
            yield from _flatten(item, (*path, row))
    else:
        yield path, value


def _records(paths: list[Path]) -> set[Path]:
    """Every list record named in the leaf paths: ("staffing", "roles", Agent), ..."""
    return {p[: i + 1] for p in paths for i, part in enumerate(p) if isinstance(part, _Row)}


def _within(path: Path, record: Path) -> bool:
    return path[: len(record)] == record


def path_words(path: Path) -> str:
    """A compared path in a founder's words (`planner.model.labels`): the section, the list,
    the entry by its name, the field: "Staffing > Roles > Agent > Monthly wage". The settings
    are named without their section ("Plan name")."""
    plain_path = tuple(p for p in path if isinstance(p, str))
    if plain_path in PATH_LABELS and len(plain_path) == len(path):
        return PATH_LABELS[plain_path]
    if len(plain_path) == 2 and plain_path[0] == "sources":
        # A source is keyed by the dotted path of the figure it explains: name that in words.
        parts = [int(p) if p.isdigit() else p for p in plain_path[1].split(".")]
        return f"{SECTION_LABELS['sources']} > {plan_label(tuple(parts))}"
    words: list[str] = []
    for i, part in enumerate(path):
        if isinstance(part, _Row):
            words.append(part.shown)
        elif i == 0 and part == "settings":
            continue
        elif i == 0:
            words.append(SECTION_LABELS.get(part, field_label(part)))
        else:
            words.append(field_label(part))
    return " > ".join(words)


def show_value(value: Any) -> str:
    """An assumption as the differences table shows it: `format.assumption` (as typed: 0.3,
    12,000, yes/no, "a, b", "none"), long text cut to `MAX_SHOWN` characters."""
    text = fmt.assumption(value)
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"


def diff_plans(a: Plan, b: Plan) -> pd.DataFrame:
    """The assumptions that differ between plan a and plan b.

    Columns: field (in words, `path_words`: "Staffing > Roles > Agent > Monthly wage", list
    entries matched by id or name, shown by name), a, b (the values as text; a record only one
    plan has shows as one row, "(included)" against "(not in this plan)"). Rows in the plan's
    section order; empty when the plans are equal. Sources are left out: they explain figures
    (each compared figure is here), they are not assumptions of their own.
    """
    flat_a = {k: v for k, v in _flatten(plan_to_dict(a), ()) if k[:1] != ("sources",)}
    flat_b = {k: v for k, v in _flatten(plan_to_dict(b), ()) if k[:1] != ("sources",)}
    records_a, records_b = _records(list(flat_a)), _records(list(flat_b))
    only_a, only_b = records_a - records_b, records_b - records_a

    rows: list[tuple[str, str, str]] = []
    reported: set[Path] = set()
    for path in list(flat_a) + [p for p in flat_b if p not in flat_a]:
        # A record only one plan has is one row, at its outermost level.
        outer = next((r for r in sorted(only_a | only_b, key=len) if _within(path, r)), None)
        if outer is not None:
            if outer not in reported:
                reported.add(outer)
                in_a = outer in only_a
                rows.append(
                    (
                        path_words(outer),
                        INCLUDED if in_a else NOT_IN_PLAN,
                        NOT_IN_PLAN if in_a else INCLUDED,
                    )
                )
            continue
        va, vb = flat_a.get(path), flat_b.get(path)
        if path not in flat_a or path not in flat_b or va != vb:
            rows.append(
                (
                    path_words(path),
                    show_value(va) if path in flat_a else NOT_IN_PLAN,
                    show_value(vb) if path in flat_b else NOT_IN_PLAN,
                )
            )
    return pd.DataFrame(rows, columns=["field", "a", "b"], dtype="str")


# --- headline figures -------------------------------------------------------------------------


def month_of_plan(month: str | None, first_month: str) -> float:
    """ "YYYY-MM" as the month of the plan (1 = `first_month`, `months.month_number`); NaN for
    None (a figure with no month, such as a break-even never reached).

    >>> month_of_plan("2027-06", "2027-01"), month_of_plan(None, "2027-01")
    (6.0, nan)
    """
    return math.nan if month is None else float(month_number(month, first_month))


def _kpi_value(p: Projection, field: str) -> float:
    value = getattr(p.kpis, field)
    if field.endswith("_month") and field != "cost_per_seat_month":
        return month_of_plan(value, p.plan.settings.first_month)
    return math.nan if value is None else float(value)


def kpi_deltas(pa: Projection, pb: Projection) -> pd.DataFrame:
    """The headline figures of two projections and how b differs from a.

    Columns: kpi (label), unit ("money", "month", "months", "people", "seats", "%"), a, b,
    delta = b - a (float; NaN where a figure does not exist, e.g. no break-even in the horizon).
    """
    rows = []
    for field, label, unit in KPI_ROWS:
        va, vb = _kpi_value(pa, field), _kpi_value(pb, field)
        rows.append((label, unit, va, vb, vb - va))
    frame = pd.DataFrame(rows, columns=["kpi", "unit", "a", "b", "delta"])
    return frame.astype({"kpi": "str", "unit": "str", "a": float, "b": float, "delta": float})


NO_FIGURE = "—"
"""Shown for a figure a plan does not have (no break-even within the horizon, cash that never
runs out): never "None" or "nan"."""
NO_FIGURE_WORDS: dict[str, str] = {
    "break_even_month": NOT_WITHIN_PLAN,
    "payback_month": NOT_WITHIN_PLAN,
    "runway_months": "never runs out",
}


def _shown(value: float, unit: str, currency: str, field_name: str = "") -> str:
    if math.isnan(value):
        return NO_FIGURE_WORDS.get(field_name, NO_FIGURE)
    if unit == "money":
        return fmt.money(value, currency)
    if unit == "%":
        return fmt.percent(value / 100.0, 1, trim=True)
    if unit == "month":
        return f"month {fmt.number(value)}"
    return fmt.number(value)


def kpi_table(pa: Projection, pb: Projection, label_a: str, label_b: str) -> pd.DataFrame:
    """`kpi_deltas` as text for a page: columns Figure, `label_a`, `label_b`, "Change (B - A)";
    money with its currency (a's), months as "month 6", a figure a plan does not have in words
    ("never runs out", "not within the plan") or "—", never "None" or "nan".
    """
    frame = kpi_deltas(pa, pb)
    currency = pa.plan.settings.currency
    fields = [f for f, _, _ in KPI_ROWS]
    out = pd.DataFrame(
        {
            "Figure": frame["kpi"],
            label_a: [
                _shown(v, u, currency, f)
                for v, u, f in zip(frame["a"], frame["unit"], fields, strict=True)
            ],
            label_b: [
                _shown(v, u, pb.plan.settings.currency, f)
                for v, u, f in zip(frame["b"], frame["unit"], fields, strict=True)
            ],
            "Change (B - A)": [
                _shown(d, "number" if u == "month" else u, currency)
                for d, u in zip(frame["delta"], frame["unit"], strict=True)
            ],
        }
    )
    return out.astype("str")


# --- monthly series ---------------------------------------------------------------------------


def overlay_series(pa: Projection, pb: Projection, label_a: str, label_b: str) -> pd.DataFrame:
    """Monthly cash, headcount and costs of both projections, tidy, for overlaid charts.

    Columns: month_no (1 = each plan's first month, so different start months line up), plan
    (label_a or label_b), series (a column of SERIES), value.
    """
    columns = [c for c, _ in SERIES]
    frames = []
    for label, p in ((label_a, pa), (label_b, pb)):
        part = p.monthly[["month_no", *columns]].melt(
            id_vars="month_no", var_name="series", value_name="value"
        )
        part.insert(1, "plan", label)
        frames.append(part)
    out = pd.concat(frames, ignore_index=True)
    return out.astype({"month_no": int, "plan": "str", "series": "str", "value": float})
