"""Numbers as a founder types them, and back: one parser and one display for every table cell and
number field, so a value round-trips exactly.

`parse_number(text, spec)` turns what was typed into the value the plan stores, or an `Issue`
saying what is wrong and what the field takes; `show_number(value, spec)` writes a stored value
the way the parser reads it back (`parse_number(show_number(v, s), s) == v`).

What is understood (the point is the decimal mark; a comma is a decimal mark only where it
cannot be a thousands separator):

- signs: "-500", "+500", "\u2212500", "(500)" (accounting), "-$500", "$-500";
- currency symbols and codes at either end: "$14,350,000.00", "14350000 COP", "\u20b11,200";
- thousands separators: "14,350,000", "14 350 000", "1'234", "1.234.567", "1.234,5";
- decimal commas: "3,5" is 3.5, "14350000,5" is 14350000.5, "0,125" is 0.125;
- percentages: in a rate field, "16.5" and "16.5%" are both 16.5% (stored as 0.165); a "%" in
  any other field is refused.

Refused, never guessed: "1,234" (one thousand two hundred and thirty-four, or 1.234 with a decimal
comma?), text that is not a number ("12abc", "1e6"), a fraction in a whole-number field, a value
outside the field's bounds (`planner.model.limits.Bounds`), and a blank where the field needs a
value.

Depends on `planner.model.limits` (the bounds) and `planner.model.issues` (the Issue) only.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from planner.model.issues import Issue
from planner.model.limits import Bounds

_SPACES = {" ", "\u00a0", "\u202f", "\u2009", "'", "\u2019"}
_MINUS = {"-", "\u2212", "\u2013"}
_CODE = re.compile(r"^[A-Za-z]{3}\s")
_CODE_END = re.compile(r"\s[A-Za-z]{3}$")
_GROUPED = re.compile(r"^\d{1,3}(?:X\d{3})+$")  # X: the grouping mark, replaced before matching
_PLAIN = re.compile(r"^(?:\d+(?:\.\d*)?|\.\d+)$")
MAX_DECIMALS = 9
"""Decimals kept when a stored value is shown: enough for any rate or price, few enough that float
noise (0.165 x 100 = 16.500000000000004) is not shown."""

POINT_FOR_DECIMALS = "use a point for decimals (3.5) and no thousands separator (1234)"


@dataclass(frozen=True)
class NumberSpec:
    """What a number field takes and how it is shown.

    `limits`: the field's bounds from the model (`bounds(Client, "price")`). `percent`: a rate,
    typed and shown in percent (16.5), stored as a fraction (0.165). `required`: a blank is refused
    (else a blank is None, "none"). `money`: shown with two decimals when it has any (3.50).
    `percent_sign`: shown with a "%" after it (in a table cell; a field's label carries the "%").
    """

    limits: Bounds
    percent: bool = False
    required: bool = True
    money: bool = False
    percent_sign: bool = True


def _is_currency(char: str) -> bool:
    return unicodedata.category(char) == "Sc"


def _strip_currency(text: str) -> str:
    """The text without a currency symbol or three-letter code at either end ("$1,200", "COP 5")."""
    text = text.strip()
    while text and _is_currency(text[0]):
        text = text[1:].strip()
    while text and _is_currency(text[-1]):
        text = text[:-1].strip()
    # A code is set apart by a space ("COP 5", "5 COP"), so "12abc" stays a typing error.
    if _CODE.match(text):
        text = text[4:].strip()
    if _CODE_END.search(text):
        text = text[:-4].strip()
    return text


def _split_sign(text: str) -> tuple[bool, str]:
    """(negative, the rest): a leading sign (before or after a currency), or accounting brackets."""
    text = _strip_currency(text)
    if len(text) > 2 and text[0] == "(" and text[-1] == ")":
        return True, _strip_currency(text[1:-1])
    if text and (text[0] in _MINUS or text[0] == "+"):
        return text[0] in _MINUS, _strip_currency(text[1:])
    return False, text


def _grouped(digits: str, mark: str) -> bool:
    """Whether `digits` is a whole number grouped in thousands by `mark` ("14,350,000")."""
    return bool(_GROUPED.match(digits.replace(mark, "X")))


def _digits(text: str) -> str | None:
    """The number written with a point for decimals and no grouping ("1234.5"), or None when the
    text is not a number; raises `_Ambiguous` for "1,234"."""
    if any(c in _SPACES for c in text):
        # Spaces or apostrophes group thousands ("14 350 000", "1'234.5").
        whole, dot, rest = text.partition("." if "," not in text else ",")
        compact = "".join(c if c not in _SPACES else "X" for c in whole)
        if not _GROUPED.match(compact):
            return None
        text = compact.replace("X", "") + (dot + rest if dot else "")
    commas, points = text.count(","), text.count(".")
    if commas and points:
        # Both: the later one is the decimal mark, the other groups thousands (1.234,5; 1,234.5).
        decimal, group = (",", ".") if text.rfind(",") > text.rfind(".") else (".", ",")
        whole, _, fraction = text.rpartition(decimal)
        if group in fraction or not _grouped(whole, group):
            return None
        text = f"{whole.replace(group, '')}.{fraction}"
    elif commas > 1 or points > 1:
        mark = "," if commas else "."
        if not _grouped(text, mark):
            return None
        text = text.replace(mark, "")
    elif commas == 1:
        whole, _, fraction = text.partition(",")
        if len(fraction) == 3 and whole.isdigit() and 1 <= len(whole) <= 3 and whole != "0":
            raise _Ambiguous
        text = f"{whole}.{fraction}"
    return text if _PLAIN.match(text) else None


class _Ambiguous(Exception):
    """A single comma before three digits: thousands or decimals cannot be told apart."""


def parse_number(typed: object, spec: NumberSpec) -> float | int | Issue | None:
    """The value `typed` stands for under `spec`, or an Issue (its `message` says what is wrong,
    its `allowed` what the field takes; the caller adds the path or label).

    A blank is None when the field is optional. A percentage is divided by 100 exactly
    (Decimal arithmetic, so "16.5" is 0.165, not 0.16499999999999998).

    >>> from planner.model.limits import Bounds
    >>> money = NumberSpec(Bounds(0, None), money=True)
    >>> parse_number("$14,350,000.00", money), parse_number("14350000,5", money)
    (14350000.0, 14350000.5)
    >>> parse_number("-500", NumberSpec(Bounds(None, None)))
    -500.0
    >>> parse_number("16.5", NumberSpec(Bounds(0, 1, hi_open=True), percent=True))
    0.165
    >>> print(parse_number("1,234", money).message)
    "1,234" could be 1234 or 1.234: use a point for decimals (3.5) and no thousands separator (1234)
    """
    if typed is None or (isinstance(typed, float) and math.isnan(typed)):
        typed = ""
    if isinstance(typed, bool):
        return Issue(message=f"must be a number, got {typed}", allowed=allowed_words(spec))
    if isinstance(typed, int | float):
        value = Decimal(repr(float(typed))) if isinstance(typed, float) else Decimal(typed)
        # a number handed over as a value is in the field's units too (5 in a rate is 5%)
        return _checked(value, str(typed), spec)
    text = str(typed).strip()
    if not text:
        if spec.required:
            return Issue(message="is required (the cell is blank)", allowed=allowed_words(spec))
        return None
    return _from_text(text, spec)


def _from_text(text: str, spec: NumberSpec) -> float | int | Issue:
    """A non-blank typed text as the stored value, or the Issue saying why it is refused."""
    negative, body = _split_sign(text)
    if body.endswith("%"):
        if not spec.percent:
            return Issue(message=f'takes a number, not a percentage, got "{text}"',
                         allowed=allowed_words(spec))  # fmt: skip
        negative_inside, body = _split_sign(body[:-1])
        negative = negative != negative_inside
    try:
        digits = _digits(body.strip())
    except _Ambiguous:
        return Issue(
            message=f'"{text}" could be {body.replace(",", "")} or {body.replace(",", ".")}: '
            + POINT_FOR_DECIMALS,
            allowed=allowed_words(spec),
        )
    if digits is None:
        return Issue(message=f'"{text}" is not a number', allowed=allowed_words(spec))
    value = Decimal(digits)  # _digits lets only digits and one point through
    return _checked(-value if negative else value, text, spec)


def _checked(shown: Decimal, text: str, spec: NumberSpec) -> float | int | Issue:
    """`shown` (in the field's units: percent for a rate) checked against the field, as stored."""
    limits = spec.limits
    stored = shown / 100 if spec.percent else shown
    if not stored.is_finite() or not math.isfinite(float(stored)):
        return Issue(message=f'"{text}" is too large', allowed=allowed_words(spec))
    if limits.whole and stored != stored.to_integral_value():
        return Issue(message=f'must be a whole number, got "{text}"', allowed=allowed_words(spec))
    value: float | int = int(stored) if limits.whole else float(stored)
    lo, hi = limits.lo, limits.hi
    problem = ""
    if lo is not None and (value <= lo if limits.lo_open else value < lo):
        if lo == 0 and not limits.lo_open:
            problem = "cannot be negative"
        else:
            problem = f"must be {'above' if limits.lo_open else 'at least'} {_bound(lo, spec)}"
    elif hi is not None and (value >= hi if limits.hi_open else value > hi):
        problem = f"must be {'below' if limits.hi_open else 'at most'} {_bound(hi, spec)}"
    if problem:
        return Issue(message=f'{problem}, got "{text}"', allowed=allowed_words(spec))
    return value


def _bound(value: float, spec: NumberSpec) -> str:
    return show_number(value, NumberSpec(Bounds(None, None), percent=spec.percent))


def allowed_words(spec: NumberSpec) -> str:
    """What the field takes, in its own units ("a percentage from 0% up to (not including) 100%",
    "a number from 0, up to 10,000,000").

    >>> allowed_words(NumberSpec(Bounds(0, 1, hi_open=True), percent=True))
    'a percentage from 0% up to (not including) 100%'
    >>> allowed_words(NumberSpec(Bounds(0, 1e7, lo_open=True)))
    'a number above 0, up to 10,000,000'
    >>> allowed_words(NumberSpec(Bounds(1, None, whole=True), required=False))
    'a whole number from 1, or blank'
    """
    limits = spec.limits
    text = "a percentage" if spec.percent else "a whole number" if limits.whole else "a number"
    lo = None if limits.lo is None else _bound(limits.lo, spec)
    hi = None if limits.hi is None else _bound(limits.hi, spec)
    if lo is not None:
        text += f" above {lo}" if limits.lo_open else f" from {lo}"
    if hi is not None:
        if limits.hi_open:
            text += f" {'and below' if limits.lo_open else 'up to (not including)'} {hi}"
        elif lo is None:
            text += f" up to {hi}"
        else:
            text += f", up to {hi}" if limits.lo_open else f" to {hi}"
    return text if spec.required else f"{text}, or blank"


def show_number(value: float | int | None, spec: NumberSpec) -> str:
    """A stored value the way a founder types it, read back exactly by `parse_number`: thousands
    grouped by commas, a point for decimals, only the decimals the value has (up to
    `MAX_DECIMALS`), money with two when it has any, a rate in percent.

    >>> from planner.model.limits import Bounds
    >>> money = NumberSpec(Bounds(0, None), money=True)
    >>> show_number(3.5, money), show_number(14350000, money), show_number(0.125, money)
    ('3.50', '14,350,000', '0.125')
    >>> show_number(1750, money), show_number(1750.5, money)  # never the ambiguous "1,750"
    ('1750', '1,750.50')
    >>> rate = NumberSpec(Bounds(0, 1), percent=True)
    >>> show_number(0.165, rate), show_number(0.03, rate), show_number(None, rate)
    ('16.5%', '3%', '')
    >>> show_number(-500, NumberSpec(Bounds(None, None)))
    '-500'
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    exact = Decimal(repr(float(value))) if isinstance(value, float) else Decimal(value)
    if spec.percent:
        exact *= 100
    exact = round(exact, MAX_DECIMALS).normalize()
    decimals = max(0, -exact.as_tuple().exponent)  # type: ignore[operator]
    if spec.money and decimals:
        decimals = max(decimals, 2)
    text = f"{exact:,.{decimals}f}"
    if text.startswith("-") and Decimal(text.replace(",", "")) == 0:
        text = text[1:]  # no "-0"
    if text.count(",") == 1 and "." not in text:
        # "1,750" would read as ambiguous (1750 or 1.750) when typed back: shown as 1750, so that
        # editing a shown number never meets the decimal-comma refusal
        text = text.replace(",", "")
    return f"{text}%" if spec.percent and spec.percent_sign else text


RAMP_SHARE = NumberSpec(Bounds(0.0, 1.0, lo_open=True), percent=True, percent_sign=False)
"""A week's share of full productivity after training (`Staffing.ramp_up`): above 0, to 100%."""
_LIST_GAPS = re.compile(r"\s*(?:;|,\s+|\s+|->|\u2192)\s*")


def parse_percent_list(typed: str, spec: NumberSpec = RAMP_SHARE) -> list[float] | Issue:
    """Percentages typed one after another ("50 75", "50; 75", "50, 75", "50 -> 75") as fractions
    ([0.5, 0.75]); blank: an empty list. Each is read by `parse_number` (so "62,5" is 62.5%);
    the first one that is refused is named by its place ("week 2: ...").

    >>> parse_percent_list("50, 75"), parse_percent_list("62,5; 90"), parse_percent_list(" ")
    ([0.5, 0.75], [0.625, 0.9], [])
    >>> print(parse_percent_list("50 150").message)
    week 2: must be at most 100%, got "150"
    """
    parts = [p for p in _LIST_GAPS.split(typed.strip()) if p]
    out: list[float] = []
    for place, part in enumerate(parts, start=1):
        parsed = parse_number(part, spec)
        if isinstance(parsed, Issue) or parsed is None:
            message = parsed.message if isinstance(parsed, Issue) else "is blank"
            allowed = parsed.allowed if isinstance(parsed, Issue) else allowed_words(spec)
            return Issue((), f"week {place}: {message}", allowed)
        out.append(float(parsed))
    return out


def show_percent_list(values: list[float], spec: NumberSpec = RAMP_SHARE) -> str:
    """Fractions as the percentages `parse_percent_list` reads back: [0.5, 0.75] -> "50; 75".

    >>> show_percent_list([0.5, 0.75]), show_percent_list([])
    ('50; 75', '')
    """
    return "; ".join(show_number(v, spec) for v in values)
