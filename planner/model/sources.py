"""Sources that follow the plan: each note says where one figure came from, tied to that figure.

A `Source` names the field it explains (`field`, a dotted path such as "staffing.burden" or
"staffing.roles.2.ratio_per"), the list entry the path goes through by its id or name (`entry`:
"Team lead"; so deleting row 0 does not hand a role's note to the next role), the value the field
had when the note was written (`value`), and any other fields the note assumes (`context`:
{"staffing.shift_pattern": "three_shifts"} for "30% chosen for a 24x7 operation").

The rule (`source_status`):
- "current": the field is there and it, and each context field, still has the recorded value;
- "changed": the field is there but it, or a context field, has another value: the note is kept
  and shown flagged "changed since this source" (the founder edits, confirms or removes it);
- "gone": the field or the list entry is no longer in the plan (a deleted service line): the note
  is dropped from every page and export, and from the plan the next time its sources are saved.

A plan file may give sources the short way, `{field: text}` (or list entries without `value`):
the values are read from the plan as it is loaded (`record`), so a starter's notes are tied to the
starter's own figures. Depends on pydantic only.
"""

from __future__ import annotations

import math
from typing import Annotated, Any, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field

SourceValue = float | str | None
Status = Literal["current", "changed", "gone"]
CHANGED_NOTE = "changed since this source"
"""How a flagged source is marked on the pages, in the workbook and in the document."""

FieldPath = Annotated[str, Field(min_length=1, max_length=200)]


class Source(BaseModel):
    """Where one figure of the plan came from, tied to the value it explains (see the module)."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    field: FieldPath
    text: Annotated[str, Field(min_length=1, max_length=500)]
    value: SourceValue = None
    """The field's value when the note was written (a number, a word, or None for none)."""
    entry: Annotated[str, Field(max_length=120)] | None = None
    """The id (service lines) or name of the list entry the path goes through, if any."""
    context: dict[FieldPath, SourceValue] = Field(default_factory=dict)
    """Other fields the note assumes, with their values then."""


class _Missing:
    pass


MISSING = _Missing()


def _key(item: Any) -> str | None:
    """A list entry's identity: its id (service lines) or its name."""
    for attr in ("id", "name"):
        value = getattr(item, attr, None)
        if isinstance(value, str):
            return value
    return None


def _step(node: Any, part: str, entry: str | None) -> Any:
    if isinstance(node, (list, tuple)):
        if entry is not None:
            return next((x for x in node if _key(x) == entry), MISSING)
        if part.isdigit() and int(part) < len(node):
            return node[int(part)]
        return MISSING
    if isinstance(node, BaseModel):
        return getattr(node, part) if part in type(node).model_fields else MISSING
    if isinstance(node, dict):
        return node.get(part, MISSING)
    return MISSING


def lookup(root: BaseModel, field: str, entry: str | None = None) -> Any:
    """The value at `field` in the plan (`MISSING` when the path leads nowhere); a list along the
    path is entered at the entry whose id or name is `entry` (when given) instead of the index.

    >>> from planner.model.plan import Plan
    >>> agent = {"name": "Agent", "monthly_wage": 450}
    >>> plan = Plan.model_validate({"staffing": {"roles": [agent]}})
    >>> lookup(plan, "staffing.roles.0.monthly_wage"), lookup(plan, "staffing.roles.5.name")
    (450.0, <planner.model.sources._Missing object at ...>)
    >>> lookup(plan, "staffing.roles.7.monthly_wage", entry="Agent")
    450.0
    """
    node: Any = root
    for part in field.split("."):
        node = _step(node, part, entry)
        if node is MISSING:
            return MISSING
    return node


def _scalar(value: Any) -> SourceValue:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int, float)):
        return float(value)
    return value if isinstance(value, str) or value is None else str(value)


def _same(recorded: SourceValue, now: Any) -> bool:
    now = _scalar(now)
    if isinstance(recorded, float) and isinstance(now, float):
        return math.isclose(recorded, now, rel_tol=1e-9, abs_tol=1e-12)
    return bool(recorded == now)


def entry_of(root: BaseModel, field: str) -> str | None:
    """The id or name of the list entry `field` goes through ("Team lead" for
    "staffing.roles.2.ratio_per"), None when the path holds no list index."""
    node: Any = root
    for part in field.split("."):
        if isinstance(node, (list, tuple)):
            node = _step(node, part, None)
            return None if node is MISSING else _key(node)
        node = _step(node, part, None)
        if node is MISSING:
            return None
    return None


def record(
    root: BaseModel,
    field: str,
    text: str,
    context: tuple[str, ...] | list[str] | dict[str, Any] = (),
) -> Source:
    """A source for `field` as the plan stands: its entry and value now, and the values now of
    the `context` fields (a dict keeps the values it gives)."""
    found = lookup(root, field)
    given = dict(context) if isinstance(context, dict) else {}
    ctx = {
        name: _scalar(given[name] if name in given else lookup(root, name))
        for name in (context if not isinstance(context, dict) else given)
    }
    return Source(
        field=field,
        text=text,
        value=None if found is MISSING else _scalar(found),
        entry=entry_of(root, field),
        context=ctx,
    )


def source_status(root: BaseModel, source: Source) -> Status:
    """Whether a source still explains its figure: "current", "changed" or "gone" (the module)."""
    now = lookup(root, source.field, source.entry)
    if now is MISSING:
        return "gone"
    if not _same(source.value, now):
        return "changed"
    for name, then in source.context.items():
        here = lookup(root, name)
        if here is MISSING or not _same(then, here):
            return "changed"
    return "current"


class ShownSource(NamedTuple):
    """A source as the pages and exports show it: the source, the figure now, its status."""

    source: Source
    value_now: Any
    status: Status

    @property
    def changed(self) -> bool:
        return self.status == "changed"


def shown_sources(root: BaseModel, sources: tuple[Source, ...]) -> list[ShownSource]:
    """The sources still tied to the plan (current or changed, never gone), in their order."""
    out: list[ShownSource] = []
    for source in sources:
        status = source_status(root, source)
        if status != "gone":
            out.append(ShownSource(source, lookup(root, source.field, source.entry), status))
    return out


def with_values(data: Any) -> tuple[Any, list[tuple[int, dict[str, Any]]]]:
    """Plan data with its sources in the long form: `{field: text}` (or `{field: {text, context}}`)
    becomes a list; entries without a `value` are returned (index, entry) to be recorded once the
    plan is read, a `context` given as a list of field names taken out to be recorded too."""
    if not isinstance(data, dict) or "sources" not in data:
        return data, []
    raw = data["sources"]
    if isinstance(raw, dict):
        raw = [
            {"field": str(k), **v} if isinstance(v, dict) else {"field": str(k), "text": v}
            for k, v in raw.items()
        ]
    if not isinstance(raw, (list, tuple)):
        return data, []
    entries: list[Any] = []
    pending: list[tuple[int, dict[str, Any]]] = []
    for i, entry in enumerate(raw):
        kept = entry
        if isinstance(entry, dict) and "value" not in entry:
            pending.append((i, dict(entry)))
            if isinstance(entry.get("context"), (list, tuple)):
                kept = {k: v for k, v in entry.items() if k != "context"}
        entries.append(kept)
    return {**data, "sources": entries}, pending


def current_path(root: BaseModel, source: Source) -> str:
    """The source's field path with the list index where its entry is now ("staffing.roles.1..."
    once the role at row 0 was deleted); the path as written when it holds no entry."""
    parts = source.field.split(".")
    node: Any = root
    for i, part in enumerate(parts):
        if isinstance(node, (list, tuple)) and source.entry is not None:
            index = next((k for k, x in enumerate(node) if _key(x) == source.entry), None)
            if index is None:
                return source.field
            parts[i] = str(index)
            node = node[index]
            continue
        node = _step(node, part, None)
        if node is MISSING:
            return source.field
    return ".".join(parts)
