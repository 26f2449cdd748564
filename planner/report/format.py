"""How figures are written for people: money, percentages and plain numbers, one way everywhere.

The pages, the command line, the written plan, the charts' texts and the plan's warnings all format
through this module (the workbook uses Excel number formats instead). Babel supplies the currency's
symbol, the grouping and each currency's own decimals from CLDR, in English (`LOCALE`):

- `money(x, cur)`: whole units, for statements, totals and cards: "$1,234,568", "₱12,346".
- `money(x, cur, cents=True)`: the currency's own minor units, for a price or a rate: "$12.50";
  JPY and COP have none ("¥13", "COP 13"), nor do currencies whose cash has none
  (`currency_digits`: the fewer of CLDR's digits and cash digits).
- `money(x, cur, compact=True)`: cards with large figures: "$1.23M", "$12.3K" (from 10,000 up).
- `amount(x, cur)`: a figure in a table whose header names the currency: "1,234,568".
- `percent(fraction)`: 0.625 -> "63%"; `number(x)`: "1,234", with `digits` decimals.
- `assumption(value)`: an input of the plan as the founder typed it (every digit kept, grouped),
  for the plans' differences and the workbook's Sources sheet: 12000 -> "12,000", 3.5 -> "3.5".

One rule for all of them: halves are rounded up, away from zero (`planner.rounding`: 62.5 -> 63,
never Python's 62), and a negative figure is written with a leading minus ("-$1,234"), never in
brackets. A figure that rounds to zero is written without a sign. A missing figure (None, NaN) is
"–". A letter symbol (COP) is kept apart from the digits by a no-break space, as CLDR's currency
spacing asks.
"""

from __future__ import annotations

import decimal
import math
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from babel.core import get_global
from babel.numbers import (
    format_compact_currency,
    format_currency,
    format_decimal,
    format_percent,
    get_currency_precision,
    get_currency_symbol,
)

from planner.rounding import DISPLAY_ROUNDING

LOCALE = "en"
"""The language figures are written in: English grouping ("1,234.5") and symbols ("$", "₱")."""
MISSING = "–"
"""What a missing figure (None, NaN) is shown as."""
COMPACT_FROM = 10_000
"""Compact money ("$12.3K") starts here; smaller amounts are written in full."""
NBSP = "\u00a0"


def _exact(x: float) -> Decimal | None:
    """The float as the decimal a person reads (its shortest text), None if missing or infinite."""
    if x is None or not math.isfinite(float(x)):
        return None
    return Decimal(repr(float(x)))


def _unsigned_zero(text: str) -> str:
    """ "-$0" -> "$0": a figure that rounds to zero has no sign."""
    if text.startswith("-") and not any(ch in "123456789" for ch in text):
        return text[1:]
    return text


def currency_digits(currency: str) -> int:
    """The decimals a founder sees for a price or a rate in `currency`: the fewer of CLDR's
    `digits` (the currency's accounting decimals) and its `cashDigits` (what people pay in cash).

    2 for USD, PHP and EUR; 0 for JPY and COP (no centavos in prices or statements), and 0 for
    the currencies whose coins below one unit are out of use although their accounting keeps two
    decimals (CLDR cashDigits 0: TWD, CZK, PKR; HUF). Some CLDR releases give COP digits 2 with
    cashDigits 0: the rule still writes whole pesos.

    >>> [currency_digits(c) for c in ("USD", "PHP", "EUR", "JPY", "COP", "TWD", "CZK", "HUF")]
    [2, 2, 2, 0, 0, 0, 0, 0]
    """
    fractions = get_global("currency_fractions")
    cash_digits = fractions.get(currency, fractions["DEFAULT"])[2]
    return min(int(get_currency_precision(currency)), int(cash_digits))


def _symbol_pattern(currency: str, digits: int) -> str:
    symbol = get_currency_symbol(currency, locale=LOCALE)
    gap = NBSP if symbol[-1:].isalpha() else ""
    number = "#,##0" + ("." + "0" * digits if digits else "")
    return f"¤{gap}{number}"


def _compact_digits(exact: Decimal) -> int:
    """Decimals that give a compact amount three significant digits: 1.23M, 12.3M, 123M."""
    mantissa = abs(exact)
    while mantissa >= 1000:
        mantissa /= 1000
    return 2 if mantissa < 10 else 1 if mantissa < 100 else 0


def money(value: float | None, currency: str, *, cents: bool = False, compact: bool = False) -> str:
    """`value` in `currency`, with its symbol.

    Whole units unless `cents` (the currency's own decimals); `compact` shortens amounts from
    10,000 up to three significant digits ("$1.23M", "$12.3K", "COP 397M": a card's width holds
    them in any currency) and writes smaller ones in whole units.

    >>> money(1234567.5, "USD"), money(-1234567.5, "USD"), money(62.5, "USD")
    ('$1,234,568', '-$1,234,568', '$63')
    >>> money(12.5, "USD", cents=True), money(12.345, "PHP", cents=True)
    ('$12.50', '₱12.35')
    >>> money(12.5, "JPY", cents=True), money(1234567.5, "JPY")
    ('¥13', '¥1,234,568')
    >>> money(12.5, "COP", cents=True), money(-2500000, "COP")
    ('COP\\xa013', '-COP\\xa02,500,000')
    >>> money(1234567, "USD", compact=True), money(-12345, "PHP", compact=True)
    ('$1.23M', '-₱12.3K')
    >>> money(397_215_000, "COP", compact=True), money(180_645_242, "USD", compact=True)
    ('COP\xa0397M', '$181M')
    >>> money(9999.5, "USD", compact=True), money(-0.4, "USD"), money(None, "USD")
    ('$10,000', '$0', '–')
    """
    exact = _exact(value)  # type: ignore[arg-type]
    if exact is None:
        return MISSING
    with decimal.localcontext(rounding=DISPLAY_ROUNDING):
        if compact and abs(exact) >= COMPACT_FROM:
            text = format_compact_currency(
                exact, currency, locale=LOCALE, fraction_digits=_compact_digits(exact)
            )
            symbol = get_currency_symbol(currency, locale=LOCALE)
            if symbol[-1:].isalpha():
                text = text.replace(symbol, symbol + NBSP, 1)
        else:
            digits = currency_digits(currency) if cents else 0
            text = format_currency(
                exact,
                currency,
                format=_symbol_pattern(currency, digits),
                locale=LOCALE,
                currency_digits=False,
            )
    return _unsigned_zero(text)


def amount(value: float | None, currency: str, *, cents: bool = False) -> str:
    """`value` without the symbol, for a table whose header names the currency.

    >>> amount(1234567.5, "USD"), amount(-1234.5, "USD"), amount(7.5, "USD", cents=True)
    ('1,234,568', '-1,235', '7.50')
    >>> amount(7.5, "JPY", cents=True), amount(float("nan"), "USD")
    ('8', '–')
    """
    digits = currency_digits(currency) if cents else 0
    return number(value, digits)


def _pattern(
    value: float | None, digits: int, trim: bool, formatter: Callable[..., str], suffix: str
) -> str:
    """`value` through Babel's `formatter` with the pattern "#,##0", `digits` decimals ("#" when
    `trim`, so zeros are dropped) and `suffix`, rounded half up; "–" for a missing value."""
    exact = _exact(value)  # type: ignore[arg-type]
    if exact is None:
        return MISSING
    decimals = "." + ("#" if trim else "0") * digits if digits else ""
    with decimal.localcontext(rounding=DISPLAY_ROUNDING):
        text = formatter(exact, format=f"#,##0{decimals}{suffix}", locale=LOCALE)
    return _unsigned_zero(text)


def number(value: float | None, digits: int = 0, *, trim: bool = False) -> str:
    """`value` with grouping and `digits` decimals; `trim` drops decimals that are zero.

    >>> number(1234.5), number(2.25, 1), number(2.0, 1, trim=True), number(0.5, 1, trim=True)
    ('1,235', '2.3', '2', '0.5')
    >>> number(-0.2), number(None)
    ('0', '–')
    """
    return _pattern(value, digits, trim, format_decimal, "")


def percent(fraction: float | None, digits: int = 0, *, trim: bool = False) -> str:
    """A fraction as a percentage with `digits` decimals; `trim` drops decimals that are zero.

    >>> percent(0.625), percent(0.1234, 1), percent(0.3, 1, trim=True), percent(-0.05)
    ('63%', '12.3%', '30%', '-5%')
    >>> percent(float("nan"))
    '–'
    """
    return _pattern(fraction, digits, trim, format_percent, "%")


def people(value: float) -> str:
    """People to one decimal, whole numbers without it: 2.0 -> "2", 0.5 -> "0.5" (a part-time
    role), 0.04 -> "0" (a fraction of an expected replacement hire).

    >>> people(2.0), people(0.5), people(0.04), people(1234.25)
    ('2', '0.5', '0', '1,234.3')
    """
    return number(value, 1, trim=True)


ASSUMPTION_DIGITS = 10
"""Decimals an assumption keeps: every digit a founder types, none of a float's noise (0.1 + 0.2
is 0.30000000000000004, shown "0.3")."""


def assumption(value: Any) -> str:
    """An assumption of the plan as text, as it was typed: numbers with grouping and all their
    decimals (never cut to 2 decimals or 4 significant digits), yes/no, lists and mappings
    item by item; a value that is not set is "none", never "None" or an empty cell.

    A float does not remember trailing zeros: 3.50 typed in a plan is the float 3.5 and shows
    "3.5"; a text value ("3.50") is shown as it is.

    >>> assumption(12000), assumption(12000.0), assumption(1234.5678), assumption(0.1 + 0.2)
    ('12,000', '12,000', '1,234.5678', '0.3')
    >>> assumption(0.000125), assumption(-3.5), assumption("3.50")
    ('0.000125', '-3.5', '3.50')
    >>> assumption(None), assumption(True), assumption([]), assumption(["voice", "chat"])
    ('none', 'yes', 'none', 'voice, chat')
    >>> assumption({"low": 9.5, "high": None})
    'low: 9.5, high: none'
    """
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return number(value)
    if isinstance(value, float):
        return number(value, ASSUMPTION_DIGITS, trim=True)
    if isinstance(value, list | tuple):
        return ", ".join(assumption(v) for v in value) or "none"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {assumption(v)}" for k, v in value.items()) or "none"
    return str(value)
