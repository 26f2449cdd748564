"""What each field of the plan allows, read from the model itself: one owner for every limit.

The plan's sections declare their bounds once, in pydantic `Field` metadata (`Field(gt=0, le=744)`).
Pages and error messages read them from here instead of repeating the numbers:

- `bounds(Staffing, "paid_hours_per_month")` -> `Bounds(lo=0.0, hi=744.0, lo_open=True, ...)`;
- `Bounds.input_range(gap)` -> the closed range a number input may offer, an open (strict) end
  moved inside by `gap` (shrinkage must stay below 0.9: with a 1% gap the input stops at 0.89);
- `field_at(Plan, ("staffing", "roles", 0, "monthly_wage"))` -> `(Role, "monthly_wage")`, so a
  validation issue can say what its field allows;
- the text patterns (ids, months, currency codes) with their words for a founder.

Depends on pydantic only: the model imports it, never the other way round.
"""

from __future__ import annotations

import types
from typing import Annotated, Any, NamedTuple, Union, get_args, get_origin

import annotated_types as at
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from planner.model.currency import MoneyCap, cap_in
from planner.report.format import assumption

SLUG_PATTERN = r"^[a-z0-9][a-z0-9_\-]*$"
MONTH_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"
CURRENCY_PATTERN = r"^[A-Z]{3}$"
CLOCK_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"

PATTERN_WORDS: dict[str, str] = {
    SLUG_PATTERN: "lower-case letters, digits, '_' and '-', starting with a letter or digit",
    MONTH_PATTERN: "a month written YYYY-MM, e.g. 2027-01",
    CURRENCY_PATTERN: "a three-letter currency code in capitals, e.g. USD",
    CLOCK_PATTERN: "a time of day written HH:MM, e.g. 08:30",
}
"""What a text pattern of the plan allows, in words (an error shows these, not the regex)."""


class Bounds(NamedTuple):
    """The numbers a field allows: `lo` and `hi` (None: no limit on that side); an open end
    (`gt`/`lt` in the model) excludes the bound itself. `whole`: the field takes integers."""

    lo: float | None
    hi: float | None
    lo_open: bool = False
    hi_open: bool = False
    whole: bool = False

    def input_range(self, gap: float = 1.0) -> tuple[Any, Any]:
        """The closed range a number input offers: open ends moved inside by `gap`.

        Integers stay integers (Streamlit refuses an int value with float limits, and the
        reverse). Shrinkage (0 <= s < 0.9) with a gap of 0.01 gives (0.0, 0.89):

        >>> Bounds(0, 0.9, hi_open=True).input_range(0.01)
        (0.0, 0.89)
        >>> Bounds(12, 120, whole=True).input_range()
        (12, 120)
        """
        lo = None if self.lo is None else self.lo + (gap if self.lo_open else 0)
        hi = None if self.hi is None else self.hi - (gap if self.hi_open else 0)
        kind = int if self.whole else float
        # Rounded so 0.9 - 0.01 is 0.89, not 0.8900000000000001.
        return (
            None if lo is None else kind(round(lo, 10)),
            None if hi is None else kind(round(hi, 10)),
        )

    def percent_range(self, gap_pct: float = 1.0) -> tuple[float, float | None]:
        """The range in percent for a rate field (0.3 is 30): open ends moved in by `gap_pct`.

        >>> Bounds(0, 1, hi_open=True).percent_range()
        (0.0, 99.0)
        """
        lo, hi = self.input_range(gap_pct / 100)
        return (
            0.0 if lo is None else round(lo * 100, 8),
            None if hi is None else round(hi * 100, 8),
        )

    def words(self) -> str:
        """What is allowed, in words.

        >>> Bounds(0, 744, lo_open=True).words()
        'a number above 0, up to 744'
        >>> Bounds(0, 0.9, hi_open=True).words()
        'a number from 0 up to (not including) 0.9'
        >>> Bounds(1, 5, whole=True).words()
        'a whole number from 1 to 5'
        >>> Bounds(0, None).words()
        'a number from 0'
        """
        text = "a whole number" if self.whole else "a number"
        if self.lo is not None:
            text += (
                f" above {assumption(self.lo)}" if self.lo_open else f" from {assumption(self.lo)}"
            )
        if self.hi is None:
            return text
        if self.hi_open:
            below = "and below" if self.lo_open else "up to (not including)"
            return f"{text} {below} {assumption(self.hi)}"
        if self.lo is None:
            return f"{text} up to {assumption(self.hi)}"
        return (
            f"{text}, up to {assumption(self.hi)}"
            if self.lo_open
            else f"{text} to {assumption(self.hi)}"
        )


def _strip(tp: Any) -> tuple[Any, list[Any]]:
    """The type under `Annotated[...]` and `X | None`, with the metadata found on the way."""
    found: list[Any] = []
    while True:
        origin = get_origin(tp)
        if origin is Annotated:
            tp, *meta = get_args(tp)
            for item in meta:
                found.extend(item.metadata if isinstance(item, FieldInfo) else [item])
        elif origin in (Union, types.UnionType):
            members = [a for a in get_args(tp) if a is not type(None)]
            if len(members) != 1:
                return tp, found
            tp = members[0]
        else:
            return tp, found


def _number_constraints(tp: Any, meta: list[Any]) -> tuple[Any, list[Any]]:
    """The numeric type and its constraints; for a dict of numbers (weights, scores), its values."""
    tp, more = _strip(tp)
    meta = [*meta, *more]
    if get_origin(tp) is dict:
        tp, values = _strip(get_args(tp)[1])
        meta = [*meta, *values]
    return tp, meta


def bounds(model: type[BaseModel], field: str) -> Bounds:
    """The bounds a section declares for a number field (or for the values of a dict field).

    >>> from planner.model.plan import Staffing
    >>> bounds(Staffing, "paid_hours_per_month")
    Bounds(lo=0.0, hi=744.0, lo_open=True, hi_open=False, whole=False)
    >>> bounds(Staffing, "shrinkage").input_range(0.01)
    (0.0, 0.89)
    """
    info = model.model_fields[field]
    tp, meta = _number_constraints(info.annotation, list(info.metadata))
    if tp not in (int, float):
        raise TypeError(f"{model.__name__}.{field} is not a number field")
    kind: Any = int if tp is int else float
    lo: Any = None
    hi: Any = None
    lo_open = hi_open = False
    for item in meta:
        if isinstance(item, at.Gt):
            lo, lo_open = item.gt, True
        elif isinstance(item, at.Ge):
            lo, lo_open = item.ge, False
        elif isinstance(item, at.Lt):
            hi, hi_open = item.lt, True
        elif isinstance(item, at.Le):
            hi, hi_open = item.le, False
    if any(isinstance(item, MoneyCap) for item in meta):
        # A money field's upper end depends on the plan's currency (`money_bounds`); its hard
        # ceiling (MONEY_CEILING) is no figure to offer a founder.
        hi, hi_open = None, False
    return Bounds(
        lo=None if lo is None else kind(lo),
        hi=None if hi is None else kind(hi),
        lo_open=lo_open,
        hi_open=hi_open,
        whole=tp is int,
    )


def _member_for_tag(tp: Any, tag: str) -> type[BaseModel] | None:
    """The member of a tagged union (the workload kinds) whose `type` is `tag`."""
    for arg in get_args(tp):
        member, _ = _strip(arg)
        if isinstance(member, type) and issubclass(member, BaseModel):
            kind = member.model_fields.get("type")
            if kind is not None and kind.default == tag:
                return member
    return None


def _step(current: Any, part: str | int) -> tuple[Any, tuple[type[BaseModel], str] | None]:
    """One step down a path: the type found there, and (model, field) when it is a field."""
    current, _ = _strip(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        info = current.model_fields.get(str(part))
        return (None, None) if info is None else (info.annotation, (current, str(part)))
    origin = get_origin(current)
    if origin is list and isinstance(part, int):
        return get_args(current)[0], None
    if origin is dict:
        return get_args(current)[1], None
    if isinstance(part, str):
        return _member_for_tag(current, part), None
    return None, None


def field_at(
    model: type[BaseModel], path: tuple[str | int, ...]
) -> tuple[type[BaseModel], str] | None:
    """The section and field name a validation path ends on, or None when it ends elsewhere.

    >>> from planner.model.plan import Plan
    >>> field_at(Plan, ("staffing", "roles", 0, "monthly_wage"))
    (<class 'planner.model.plan.Role'>, 'monthly_wage')
    >>> field_at(Plan, ("specialty", "service_lines", 0, "workload", "queue", "aht_seconds"))
    (<class 'planner.model.plan.QueueWorkload'>, 'aht_seconds')
    """
    current: Any = model
    found: tuple[type[BaseModel], str] | None = None
    for part in path:
        current, field = _step(current, part)
        if current is None:
            return None
        found = field or found
    return found if found and path and found[1] == str(path[-1]) else _dict_value(found, path)


def section_at(model: type[BaseModel], path: tuple[str | int, ...]) -> type[BaseModel] | None:
    """The section (a model class) a path leads to, or None when it leads to a plain value.

    >>> from planner.model.plan import Plan
    >>> section_at(Plan, ("staffing", "roles", 0)).__name__
    'Role'
    """
    current: Any = model
    for part in path:
        current, _ = _step(current, part)
        if current is None:
            return None
    current, _ = _strip(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _dict_value(
    found: tuple[type[BaseModel], str] | None, path: tuple[str | int, ...]
) -> tuple[type[BaseModel], str] | None:
    """A path into a dict of numbers (`specialty.criteria_weights.margin`) ends on the dict."""
    if found is None or len(path) < 2 or found[1] != str(path[-2]):
        return None
    info = found[0].model_fields[found[1]]
    tp, _ = _strip(info.annotation)
    return found if get_origin(tp) is dict else None


def money_cap(model: type[BaseModel], field: str) -> MoneyCap | None:
    """The cap (in US dollars) a money field declares, None for a field that is not money.

    >>> from planner.model.plan import Role, Channel
    >>> money_cap(Role, "monthly_wage"), money_cap(Channel, "monthly_budget")
    (MoneyCap(usd=1000000.0), MoneyCap(usd=1000000000.0))
    """
    info = model.model_fields.get(field)
    if info is None:
        return None
    _, meta = _strip(info.annotation)
    return next((m for m in [*info.metadata, *meta] if isinstance(m, MoneyCap)), None)


def money_bounds(model: type[BaseModel], field: str, rate: float) -> Bounds:
    """A money field's bounds in a plan's currency: its cap (US dollars) x `rate` (units per US
    dollar) as the upper end. A monthly wage in a COP plan (4,300 COP per USD): above 0, up to
    USD 1,000,000 x 4,300 = 4,300,000,000.

    >>> from planner.model.plan import Role
    >>> money_bounds(Role, "monthly_wage", 4300.0).words()
    'a number above 0, up to 4,300,000,000'
    """
    found = bounds(model, field)
    cap = money_cap(model, field)
    return found if cap is None else found._replace(hi=cap_in(cap, rate), hi_open=False)


def money_over_cap(
    section: BaseModel, rate: float, path: tuple[str | int, ...] = ()
) -> list[tuple[tuple[str | int, ...], float, float]]:
    """Every money field under `section` above its cap at `rate`: (path, value, cap) each, the
    cap in the plan's currency (`money_bounds`)."""
    found: list[tuple[tuple[str | int, ...], float, float]] = []
    for name in type(section).model_fields:
        value = getattr(section, name)
        here = (*path, name)
        cap = money_cap(type(section), name)
        if cap is not None and isinstance(value, (int, float)):
            limit = cap_in(cap, rate)
            if value > limit:
                found.append((here, float(value), limit))
        elif isinstance(value, BaseModel):
            found.extend(money_over_cap(value, rate, here))
        elif isinstance(value, (list, tuple)):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    found.extend(money_over_cap(item, rate, (*here, i)))
    return found
