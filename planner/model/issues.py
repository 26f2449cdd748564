"""Validation problems as values: each `Issue` names its field path, says what is wrong in a
founder's words and what is allowed. They travel as values from the model (and the catalog) to the
pages, which show each next to its field, and to the command line, which prints one per line.

`PlanError` carries a tuple of issues; its text is one line per issue (`field.path: message`),
under an optional heading ("plan.yaml is not a valid plan:").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from pydantic import BaseModel, ValidationError

from planner.model.labels import PATH_LABELS, SECTION_LABELS, field_label
from planner.model.limits import PATTERN_WORDS, bounds, field_at, section_at

PathPart = str | int


@dataclass(frozen=True)
class Issue:
    """One problem with one field.

    `path`: field names and list indexes from the checked value's top ("staffing", "roles", 0,
    "monthly_wage"); empty when the problem is with the whole value. `message`: what is wrong,
    ready to show after the field ("must be greater than 0, got -450"). `allowed`: what the field
    takes ("a number above 0, up to 10000000"), or "" when nothing short can be said. `label`:
    the path in words as the page that found the issue names it ("Row 1, Monthly cost (USD)"), or
    "" to name it with `path_label`.
    """

    path: tuple[PathPart, ...] = ()
    message: str = ""
    allowed: str = ""
    label: str = ""

    @property
    def where(self) -> str:
        """The dotted path: "staffing.roles.0.monthly_wage" ("" for the whole value)."""
        return ".".join(str(p) for p in self.path)

    @property
    def field(self) -> str:
        """The last field name of the path ("monthly_wage"), "" when it names none."""
        names = [p for p in self.path if isinstance(p, str)]
        return names[-1] if names else ""

    @property
    def row(self) -> int | None:
        """The first list index in the path (0 for the first row of a table), or None."""
        return next((p for p in self.path if isinstance(p, int)), None)

    def within(self, *prefix: PathPart) -> Issue:
        """The same issue, its path under `prefix` (an entry of a catalog file, a row)."""
        return replace(self, path=(*prefix, *self.path))

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.path else self.message


def path_label(path: tuple[PathPart, ...], labels: Mapping[str, str] | None = None) -> str:
    """A path in a founder's words; `labels` names fields the way the page does.

    A row of a list: the list, the row counted from 1, the field (its last name in the path); a
    path that starts at a row (a table's own rows): "Row n" and the field; else the field.

    >>> path_label(("business_plan", "clients", 1, "price"), {"price": "Price"})
    'Clients, row 2, Price'
    >>> path_label(("specialty", "service_lines", 0, "workload", "aht_seconds"))
    'Service lines, row 1, aht seconds'
    >>> path_label((2, "monthly_cost"))
    'Row 3, Monthly cost'
    >>> path_label(("staffing", "shrinkage"))
    'Shrinkage'
    """
    labels = labels or {}

    def name(field: str, capital: bool) -> str:
        words = field.replace("_", " ")
        return labels.get(field, words.capitalize() if capital else words)

    for i, part in enumerate(path):
        if not isinstance(part, int):
            continue
        fields = [p for p in path[i + 1 :] if isinstance(p, str)]
        if i == 0:
            head = f"Row {part + 1}"
            return f"{head}, {name(fields[-1], True)}" if fields else head
        table = str(path[i - 1]).replace("_", " ").capitalize()
        head = f"{table}, row {part + 1}"
        return f"{head}, {name(fields[-1], False)}" if fields else head
    fields = [p for p in path if isinstance(p, str)]
    return name(fields[-1], True) if fields else ""


def describe(issue: Issue, labels: Mapping[str, str] | None = None) -> str:
    """The issue as one sentence for a page: "Clients, row 2, Price: must be ..."; its own
    `label` when it has one, else its path named with `labels`.

    >>> describe(Issue(("staffing", "roles", 0, "monthly_wage"), "this field is required"))
    'Roles, row 1, monthly wage: this field is required'
    """
    label = issue.label or path_label(issue.path, labels)
    return f"{label}: {issue.message}" if label else issue.message


def with_allowed(text: str, issue: Issue) -> str:
    """`text` (the issue in words) followed by what the field allows, unless the issue says
    nothing about it or `text` already does (a pattern's message names its form).

    >>> with_allowed("Shrinkage: must be less than 0.9", Issue(("shrinkage",), "", "0 to 0.89"))
    'Shrinkage: must be less than 0.9; allowed: 0 to 0.89'
    >>> with_allowed("Currency: must be like USD", Issue(("currency",), "", "like USD"))
    'Currency: must be like USD'
    """
    if not issue.allowed or issue.allowed in text:
        return text
    return f"{text}; allowed: {issue.allowed}"


def explain(issue: Issue, labels: Mapping[str, str] | None = None) -> str:
    """`describe` and what the field allows: the line a page lists under a form or table.

    >>> explain(Issue(("staffing", "shrinkage"), "must be less than 0.9, got 0.95", "0 to 0.89"))
    'Shrinkage: must be less than 0.9, got 0.95; allowed: 0 to 0.89'
    """
    return with_allowed(describe(issue, labels), issue)


def _row_name(rows: Any, index: int) -> str:
    """A list entry named as the founder named it (its name, else its id), else "row n"."""
    if isinstance(rows, list) and 0 <= index < len(rows) and isinstance(rows[index], Mapping):
        for attr in ("name", "id", "client", "service_line"):
            value = rows[index].get(attr)
            if isinstance(value, str) and value.strip():
                return value.strip()
    return f"row {index + 1}"


def plan_label(path: tuple[PathPart, ...], data: Any = None) -> str:
    """A path from the plan's top in a founder's words, steps separated by " > ": the section,
    the list, the entry by its name (from `data`, the plan as plain data, when given; else
    "row n"), the field (`planner.model.labels`). The settings are named without their section.

    >>> plan_label(("staffing", "roles", 0, "service_lines"), {"staffing": {"roles": [
    ...     {"name": "Team lead"}]}})
    'Staffing > Roles > Team lead > Service lines'
    >>> plan_label(("settings", "name")), plan_label(("financing", "equity", 1, "amount"))
    ('Plan name', 'Financing > Equity > row 2 > Amount')
    >>> plan_label(("marketing", "won_client", "service_line"))
    'Marketing > Client won by marketing > Service line'
    """
    if tuple(path) in PATH_LABELS:
        return PATH_LABELS[tuple(str(p) for p in path)]
    words: list[str] = []
    node: Any = data
    for i, part in enumerate(path):
        if isinstance(part, int):
            words.append(_row_name(node, part))
        elif i == 0 and part == "settings":
            pass
        elif i == 0 and part in SECTION_LABELS:
            words.append(SECTION_LABELS[part])
        else:
            words.append(field_label(part))
        node = _child(node, part)
    return " > ".join(words)


def _child(node: Any, part: PathPart) -> Any:
    if isinstance(part, int):
        return node[part] if isinstance(node, list) and 0 <= part < len(node) else None
    return node.get(part) if isinstance(node, Mapping) else None


def in_words(issue: Issue, data: Any = None) -> str:
    """One issue with a path from the plan's top as a founder reads it, and what is allowed:
    "Staffing > Roles > Team lead > Service lines: ...". Its own `label` when it has one.

    >>> in_words(Issue(("settings", "name"), "cannot be empty", "some text"))
    'Plan name: cannot be empty; allowed: some text'
    """
    label = issue.label or plan_label(issue.path, data)
    text = f"{label}: {issue.message}" if label else issue.message
    return with_allowed(text, issue)


def error_words(exc: Exception, data: Any = None) -> str:
    """An error for a page: a PlanError's heading and issues in words (`in_words`, its entries
    named from `data` or the data it was raised for), any other error's own text.

    >>> error_words(PlanError([Issue(("settings", "name"), "cannot be empty")], heading="Bad:"))
    'Bad:\\n- Plan name: cannot be empty'
    """
    if not isinstance(exc, PlanError):
        return str(exc)
    data = exc.data if data is None else data
    lines = [in_words(issue, data) for issue in exc.issues]
    if not exc.heading and len(lines) == 1:
        return lines[0]
    return "\n".join(([exc.heading] if exc.heading else []) + [f"- {line}" for line in lines])


class FieldProblems(ValueError):
    """Raised inside a section's validator to report issues at paths below the section (pydantic
    otherwise puts every problem a validator finds at the section itself)."""

    def __init__(self, issues: Iterable[Issue]) -> None:
        self.issues = tuple(issues)
        super().__init__("; ".join(str(i) for i in self.issues))


class PlanError(ValueError):
    """A plan (or catalog, or template) that cannot be used: a tuple of issues, each naming its
    field and what is allowed. Its text: the heading, then one line per issue."""

    def __init__(
        self, problem: str | Issue | Iterable[Issue], *, heading: str = "", data: Any = None
    ) -> None:
        if isinstance(problem, str):
            issues: tuple[Issue, ...] = (Issue(message=problem),)
        elif isinstance(problem, Issue):
            issues = (problem,)
        else:
            issues = tuple(problem)
        self.issues = issues
        self.heading = heading
        self.data = data
        """The plain data that was checked, when known: names list entries in `error_words`."""
        lines = [str(issue) for issue in issues]
        super().__init__("\n".join([heading, *lines] if heading else lines))


# --- pydantic's errors as issues ------------------------------------------------------------------

_WORKLOAD_TAGS = {"queue", "items", "project", "outbound"}

_TYPE_WORDS = {
    "int_parsing": "a whole number",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "float_parsing": "a number",
    "float_type": "a number",
    "finite_number": "a finite number",
    "bool_parsing": "true or false",
    "bool_type": "true or false",
    "string_type": "text",
    "list_type": "a list",
    "dict_type": "a mapping of fields",
    "model_type": "a mapping of fields",
    "model_attributes_type": "a mapping of fields",
}

_BOUND_ERRORS = {"greater_than", "greater_than_equal", "less_than", "less_than_equal"}


def _length_message(kind: str, ctx: Mapping[str, Any], given: Any) -> str | None:
    """Pydantic's length messages ("String should have at least 1 character") in words."""
    size = len(given) if isinstance(given, str | list | dict | tuple) else None
    got = f", got {size}" if size is not None else ""
    if kind == "string_too_short":
        least = int(ctx.get("min_length", 1))
        return "cannot be empty" if least <= 1 else f"needs at least {least} characters{got}"
    if kind == "string_too_long":
        return f"may be at most {ctx.get('max_length')} characters{got}"
    if kind == "too_short":
        return f"needs at least {ctx.get('min_length')} entries{got}"
    if kind == "too_long":
        return f"may have at most {ctx.get('max_length')} entries{got}"
    return None


_NO_INPUT_SHOWN = {"missing", "model_type", "dict_type", "string_too_short", "string_too_long"}
_NO_INPUT_SHOWN |= {"too_short", "too_long", "extra_forbidden", "union_tag_not_found"}


def _pattern_message(ctx: Mapping[str, Any]) -> str:
    # pydantic's text is the regex ("String should match pattern '^[A-Z]{3}$'"): say it in words
    words = PATTERN_WORDS.get(str(ctx.get("pattern")))
    return f"must be {words}" if words else "is not written in the form this field takes"


_KIND_MESSAGES: dict[str, Any] = {
    "extra_forbidden": lambda ctx: "unknown field (not part of a plan; check the spelling)",
    "missing": lambda ctx: "this field is required",
    "string_pattern_mismatch": _pattern_message,
    "union_tag_not_found": lambda ctx: f"needs its type ({ctx.get('discriminator', 'type')})",
    "union_tag_invalid": lambda ctx: f"must be one of {ctx.get('expected_tags', '')}",
}


def _message(err: Mapping[str, Any]) -> str:
    """Pydantic's message in a founder's words, with the value given when it is short.

    Every kind of error is reworded: the known kinds each have a sentence; any other kind's
    "Input should ..." / "String should ..." opening becomes "must ...".
    """
    kind = err["type"]
    ctx: Mapping[str, Any] = err.get("ctx", {})
    msg = str(err["msg"])
    length = _length_message(kind, ctx, err.get("input"))
    if length is not None:
        msg = length
    elif kind in _KIND_MESSAGES:
        msg = _KIND_MESSAGES[kind](ctx)
    elif msg.startswith(("Value error, ", "Assertion failed, ")):
        msg = msg.split(", ", 1)[1]
    elif kind == "literal_error" and "expected" in ctx and " should " not in msg:
        msg = f"must be one of {ctx['expected']}"
    else:
        msg = re.sub(r"^(Input|String|Value|List|Dictionary|Object|Tuple|Set) should", "must", msg)
    if "input" in err and kind not in _NO_INPUT_SHOWN:
        shown = repr(err["input"])
        if len(shown) <= 60:
            msg = f"{msg}, got {shown}"
    return msg


def _ctx_bounds_words(kind: str, ctx: Mapping[str, Any]) -> str:
    limit = ctx.get({"greater_than": "gt", "greater_than_equal": "ge"}.get(kind, "")) or ctx.get(
        {"less_than": "lt", "less_than_equal": "le"}.get(kind, "")
    )
    word = {
        "greater_than": "above",
        "greater_than_equal": "at least",
        "less_than": "below",
        "less_than_equal": "at most",
    }[kind]
    return f"a number {word} {limit}"


def _allowed(err: Mapping[str, Any], root: type[BaseModel] | None) -> str:
    """What the field allows, in words, from the model's own declarations where it can."""
    kind = err["type"]
    ctx: Mapping[str, Any] = err.get("ctx", {})
    loc = tuple(err["loc"])
    found = field_at(root, loc) if root is not None else None
    if kind in _BOUND_ERRORS:
        if found is not None:
            return bounds(*found).words()
        return _ctx_bounds_words(kind, ctx)
    if kind == "literal_error":
        return f"one of {ctx.get('expected', '')}"
    if kind == "union_tag_invalid":
        return f"one of {ctx.get('expected_tags', '')}"
    if kind == "string_pattern_mismatch":
        return PATTERN_WORDS.get(str(ctx.get("pattern")), "")
    if kind == "string_too_long":
        return f"at most {ctx.get('max_length')} characters"
    if kind == "string_too_short":
        return "some text (it cannot be empty)"
    if kind == "too_long":
        return f"at most {ctx.get('max_length')} entries"
    if kind == "extra_forbidden" and root is not None:
        fields = _fields_of(root, loc[:-1])
        return f"the fields {', '.join(fields)}" if fields else ""
    return _TYPE_WORDS.get(kind, "")


def _fields_of(root: type[BaseModel], path: tuple[PathPart, ...]) -> tuple[str, ...]:
    """The field names of the section at `path` (the root's own for an empty path)."""
    section = section_at(root, path)
    return () if section is None else tuple(section.model_fields)


def _drop_union_tag(loc: tuple[PathPart, ...]) -> tuple[PathPart, ...]:
    """workload.queue.aht_seconds -> workload.aht_seconds; real fields of the same name as a tag
    (resources.items, paperwork.items) are kept."""
    return tuple(
        p
        for i, p in enumerate(loc)
        if not (p in _WORKLOAD_TAGS and i > 0 and loc[i - 1] == "workload")
    )


def issues_from(exc: ValidationError, root: type[BaseModel] | None = None) -> tuple[Issue, ...]:
    """Pydantic's errors as issues, one per problem, in pydantic's order.

    `root` is the model that was validated: with it, `allowed` states the field's own bounds
    ("a number above 0 and at most 744") instead of the one bound that was crossed.
    """
    out: list[Issue] = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        raised = err.get("ctx", {}).get("error")
        if isinstance(raised, FieldProblems):
            # A section's validator reported issues below the section: put them under it.
            out.extend(issue.within(*_drop_union_tag(loc)) for issue in raised.issues)
            continue
        out.append(Issue(_drop_union_tag(loc), _message(err), _allowed(err, root)))
    return tuple(out)
