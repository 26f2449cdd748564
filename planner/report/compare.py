"""Two plans (or two versions of one) side by side: which assumptions differ, how the headline
figures move, and their monthly cash, headcount and costs side by side (drawn by
`planner.charts.overlay`).

Pure functions of plans and projections; no storage, no Streamlit.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import pandas as pd

from planner.engine.months import month_number
from planner.engine.projection import Projection
from planner.model.files import plan_to_dict
from planner.model.labels import KPI_LABELS
from planner.model.plan import Plan
from planner.report import format as fmt

NOT_IN_PLAN = "(not in this plan)"
INCLUDED = "(included)"
MAX_SHOWN = 160
"""Longer text (a narrative section) is cut to this many characters in the differences table."""

KPI_UNITS: tuple[tuple[str, str], ...] = (
    # (Kpis field, unit); the words are planner.model.labels.KPI_LABELS
    ("break_even_month", "month"),
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


def _item_keys(items: list[Any]) -> list[str] | None:
    """How list items are named in a path: by `id`, else `name`, else None (use positions)."""
    for attr in ("id", "name"):
        if items and all(isinstance(i, dict) and isinstance(i.get(attr), str) for i in items):
            keys = [i[attr] for i in items]
            if len(set(keys)) == len(keys):
                return keys
    return None


def _flatten(value: Any, path: str) -> Iterator[tuple[str, Any]]:
    """Leaf values by dotted path: `staffing.shrinkage`, `staffing.roles[Agent].monthly_wage`.

    Lists of records are keyed by id (or name) so a reordered or inserted item does not make every
    later item "differ"; lists of plain values (a role's service lines) are one value.
    """
    if isinstance(value, dict):
        if not value and path:
            yield path, {}
        for key, item in value.items():
            yield from _flatten(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list) and any(isinstance(i, dict) for i in value):
        keys = _item_keys(value) or [str(n + 1) for n in range(len(value))]
        for key, item in zip(keys, value, strict=True):
            yield from _flatten(item, f"{path}[{key}]")
    else:
        yield path, value


def _records(paths: list[str]) -> set[str]:
    """Every list record named in the leaf paths: `staffing.roles[Agent]`, ..."""
    found: set[str] = set()
    for path in paths:
        end = path.find("]")
        while end != -1:
            found.add(path[: end + 1])
            end = path.find("]", end + 1)
    return found


def _within(path: str, record: str) -> bool:
    return path == record or path.startswith((f"{record}.", f"{record}["))


def show_value(value: Any) -> str:
    """An assumption as the differences table shows it: `format.assumption` (as typed: 0.3,
    12,000, yes/no, "a, b", "none"), long text cut to `MAX_SHOWN` characters."""
    text = fmt.assumption(value)
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"


def diff_plans(a: Plan, b: Plan) -> pd.DataFrame:
    """The assumptions that differ between plan a and plan b.

    Columns: field (dotted path, list items by id or name: `staffing.roles[Agent].monthly_wage`),
    a, b (the values as text; a record only one plan has shows as one row, "(included)" against
    "(not in this plan)"). Rows in the plan's section order; empty when the plans are equal.
    """
    flat_a = dict(_flatten(plan_to_dict(a), ""))
    flat_b = dict(_flatten(plan_to_dict(b), ""))
    records_a, records_b = _records(list(flat_a)), _records(list(flat_b))
    only_a, only_b = records_a - records_b, records_b - records_a

    rows: list[tuple[str, str, str]] = []
    reported: set[str] = set()
    for path in list(flat_a) + [p for p in flat_b if p not in flat_a]:
        # A record only one plan has is one row, at its outermost level.
        outer = next((r for r in sorted(only_a | only_b, key=len) if _within(path, r)), None)
        if outer is not None:
            if outer not in reported:
                reported.add(outer)
                in_a = outer in only_a
                rows.append(
                    (outer, INCLUDED if in_a else NOT_IN_PLAN, NOT_IN_PLAN if in_a else INCLUDED)
                )
            continue
        va, vb = flat_a.get(path), flat_b.get(path)
        if path not in flat_a or path not in flat_b or va != vb:
            rows.append(
                (
                    path,
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
