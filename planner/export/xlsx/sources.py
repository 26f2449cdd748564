"""The Sources sheet: where the plan's figures came from, each input named in words; only the
sources still tied to the plan, those written for another value flagged."""

from __future__ import annotations

import math
import re
from typing import Any

from planner.export.safety import plain_text
from planner.export.xlsx.layout import HEADER_ROW, NUMBER_FORMATS, Writer
from planner.model.files import plan_to_dict
from planner.model.sources import CHANGED_NOTE, current_path, shown_sources
from planner.report.format import assumption, percent

# Inputs that are shares of something (shown as percentages): the last part of a source's path.
# "_rate" (tax_rate, yearly_rate), not a cost location's exchange `rate` (0.96 EUR per USD).
_SHARES = re.compile(
    r"(_rate|shrinkage|burden|attrition|raise|occupancy|service_level|probability|escalation|"
    r"share|abandon|conversion|utilisation|premium|contingency|drift)"
)


def _is_share(path: str, value: float) -> bool:
    """A share (shown as a percentage): a share-like last part of the path, or a bare `rate` that
    is not a cost location's exchange rate (a tax rate by year), at most 1 in size.

    >>> _is_share("financing.tax.schedule.1.rate", 0.05)
    True
    >>> _is_share("settings.cost_locations.0.rate", 0.96)
    False
    """
    last = path.rsplit(".", 1)[-1]
    named = bool(_SHARES.search(last)) or (last == "rate" and "cost_locations" not in path)
    return named and abs(value) <= 1


_FIELD_WORDS = {
    "ratio_per": "one per this many",
    "max_occupancy": "maximum occupancy",
    "monthly_wage": "monthly wage",
}


def source_label(data: Any, path: str) -> str:
    """A source's path in words: "staffing.roles.0.monthly_wage" -> "Staffing: <role>, monthly
    wage" (list entries by their name, no field ids)."""
    parts = path.split(".")
    words: list[str] = []
    node = data
    for i, part in enumerate(parts):
        nxt = parts[i + 1] if i + 1 < len(parts) else ""
        if isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
            name = node.get("name") if isinstance(node, dict) else None
            words.append(plain_text(name).text if name else f"entry {int(part) + 1}")
            continue
        node = node.get(part) if isinstance(node, dict) else None
        if nxt.isdigit() and isinstance(node, list):
            continue  # the list's entry names itself
        words.append(_FIELD_WORDS.get(part, part.replace("_", " ")))
    if not words:
        return path
    head, *rest = words
    return f"{head[:1].upper()}{head[1:]}: {', '.join(rest)}" if rest else head.capitalize()


def written_for(path: str, value: Any) -> str:
    """The value a source was written for, in words: a share as a percentage.

    >>> written_for("financing.tax_rate", 0.3), written_for("staffing.paid_hours_per_month", 190.67)
    ('30%', '190.67')
    >>> written_for("settings.cost_locations.0.rate", 0.96)  # an exchange rate, not a share
    '0.96'
    """
    if isinstance(value, float) and _is_share(path, value):
        return percent(value, 2, trim=True)
    return assumption(value)


def sources(w: Writer) -> None:
    """The Sources sheet: each source still tied to the plan (`planner.model.sources`): the input,
    its value in this plan, the source, and "changed since this source" when the value (or a
    figure the note assumes) is no longer the one the source was written for. Sources of removed
    items are left out."""
    ws = w.sheets["Sources"]
    w.heading(
        ws,
        "Where the defaults came from",
        "Every figure is an editable assumption; this sheet names the public source a figure was "
        f"taken from. A source marked '{CHANGED_NOTE}' was written for another value.",
    )
    data = plan_to_dict(w.plan)
    items = sorted(
        shown_sources(w.plan, w.plan.sources), key=lambda s: current_path(w.plan, s.source)
    )
    widths = (("Input", 46), ("Value in this plan", 16), ("Source", 100), ("Status", 28))
    for c, (title, width) in enumerate(widths):
        ws.write_string(HEADER_ROW, c, title, w.f_header)
        ws.set_column(c, c, width)
    wrap = w.wb.add_format({"text_wrap": True, "valign": "top", "font_size": 10})
    label_wrap = w.wb.add_format({"text_wrap": True, "valign": "top", "font_size": 10})
    if not items:
        ws.write_string(HEADER_ROW + 1, 0, "(this plan names no sources)", w.f_note)
    for i, shown in enumerate(items):
        row = HEADER_ROW + 1 + i
        path = current_path(w.plan, shown.source)
        label = source_label(data, path)
        w.write_text(ws, row, 0, label, fmt=label_wrap)
        _value(w, ws, row, path, shown.value_now)
        source = shown.source.text
        w.write_text(ws, row, 2, source, fmt=wrap)
        status = (
            f"{CHANGED_NOTE} (written for {written_for(path, shown.source.value)})"
            if shown.changed
            else ""
        )
        w.write_text(ws, row, 3, status, fmt=wrap)
        # LibreOffice and Excel do not grow a row for wrapped text written by a program: size it.
        lines = max(
            math.ceil(len(plain_text(source).text) / (widths[2][1] * 1.3)),
            math.ceil(len(label) / (widths[0][1] * 1.3)),
            1,
        )
        ws.set_row(row, 14 * lines)
    ws.freeze_panes(HEADER_ROW + 1, 0)
    ws.repeat_rows(HEADER_ROW)
    w.print_setup(ws)


def _value(w: Writer, ws: Any, row: int, path: str, value: Any) -> None:
    """The input's value now: a number (a share as a percentage) or its text."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        share = _is_share(path, float(value))
        kind = "pct" if share else ("int" if float(value).is_integer() else "price")
        fmt = w.wb.add_format(
            {"num_format": NUMBER_FORMATS[kind], "valign": "top", "font_size": 10}
        )
        ws.write_number(row, 1, float(value), fmt)
    else:
        w.write_text(ws, row, 1, assumption(value))
