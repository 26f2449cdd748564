"""A short list of numbers in one table cell ("6, 12"; "8%; 9.5%"), typed and shown as text.

Parts are split at a semicolon, at spaces, or at a comma followed by a space ("9,5" stays one
number with a decimal comma, as `planner.model.numbers` reads it).
"""

from __future__ import annotations

from planner.model.issues import Issue
from planner.model.numbers import NumberSpec, parse_number, show_number


def _parts(text: object) -> list[str]:
    """The parts typed: split at semicolons, spaces, and commas followed by a space."""
    return str(text or "").replace(";", " ").replace(", ", " ").split()


def list_text(values: list[float] | list[int], spec: NumberSpec) -> str:
    """The list as a founder types it: "6, 12", "8%, 9.5%".

    >>> from planner.model.limits import Bounds
    >>> list_text([0.08, 0.095], NumberSpec(Bounds(0, 1), percent=True))
    '8%, 9.5%'
    """
    return ", ".join(show_number(v, spec) for v in values)


def list_from_text(text: object, spec: NumberSpec) -> list[float | int] | str:
    """The numbers typed in a cell, or the reason they cannot be read (the message names the
    part). A blank cell is an empty list.

    >>> from planner.model.limits import Bounds
    >>> rate = NumberSpec(Bounds(0, 1, hi_open=True), percent=True)
    >>> list_from_text("8, 9.5%; 10", rate), list_from_text("", rate)
    ([0.08, 0.095, 0.1], [])
    >>> list_from_text("8, ten", rate)
    '"ten" is not a number'
    """
    parts = _parts(text)
    values: list[float | int] = []
    for part in parts:
        parsed = parse_number(part, spec)
        if isinstance(parsed, Issue) or parsed is None:
            return parsed.message if isinstance(parsed, Issue) else f'"{part}" is blank'
        values.append(parsed)
    return values


def list_field(text: object, spec: NumberSpec) -> list[float | int] | list[str]:
    """What a row gives the model for a list typed in a cell: the numbers, or the unreadable part
    alone (the model then refuses the cell, naming the column)."""
    values = list_from_text(text, spec)
    if isinstance(values, str):
        unreadable = [p for p in _parts(text) if isinstance(parse_number(p, spec), Issue | None)]
        return unreadable[:1]
    return values
