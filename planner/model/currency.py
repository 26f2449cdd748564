"""Money in the plan's currency: one table of approximate units per US dollar, and the caps every
money field allows, scaled to the plan's currency.

Catalogue figures (paperwork fees, compliance costs, location wages) are written in US dollars,
and each money field of the plan declares its cap in US dollars (`MoneyCap`). A plan in another
currency converts both with the plan's exchange rate: `Settings.units_per_usd` when the founder
set it, else the table below.

`UNITS_PER_USD` is approximate on purpose. It sets limits and catalogue defaults to the right order
of magnitude (a Colombian wage is about 4,000 times its dollar figure), not figures to account with:
the founder confirms the rate on step 1. Rates as of January 2025, rounded to two or three
significant figures, from the central banks' published reference rates (the ECB's euro foreign
exchange reference rates for the European currencies, Banco de la Republica's TRM for COP, the
Bangko Sentral ng Pilipinas reference rate for PHP, the Reserve Bank of India's reference rate for
INR, Banxico's FIX for MXN; the others from their central banks' daily rates).

Depends on nothing in the planner: the model, the catalog and the pages import it.
"""

from __future__ import annotations

import math
from typing import NamedTuple

RATES_AS_OF = "January 2025"
RATES_SOURCE = (
    "central banks' reference rates (ECB, Banco de la Republica TRM, BSP, RBI, Banxico FIX and "
    "others), January 2025, rounded"
)

UNITS_PER_USD: dict[str, float] = {
    # The Americas
    "USD": 1.0, "CAD": 1.43, "MXN": 20.4, "COP": 4300.0, "BRL": 6.0, "ARS": 1050.0, "CLP": 990.0,
    "PEN": 3.75, "UYU": 44.0, "CRC": 505.0, "DOP": 61.5, "GTQ": 7.7, "HNL": 25.4, "NIO": 36.8,
    "PAB": 1.0, "JMD": 157.0, "TTD": 6.8,
    # Europe
    "EUR": 0.96, "GBP": 0.80, "CHF": 0.91, "SEK": 11.1, "NOK": 11.4, "DKK": 7.15, "PLN": 4.05,
    "CZK": 24.3, "HUF": 395.0, "RON": 4.8, "BGN": 1.88, "UAH": 42.0, "TRY": 35.5, "RSD": 112.0,
    # Asia and the Pacific
    "PHP": 58.5, "INR": 86.0, "PKR": 279.0, "BDT": 122.0, "LKR": 296.0, "NPR": 138.0,
    "VND": 25400.0, "MYR": 4.48, "IDR": 16300.0, "THB": 34.3, "CNY": 7.3, "JPY": 157.0,
    "KRW": 1470.0, "SGD": 1.37, "HKD": 7.78, "TWD": 33.0, "AUD": 1.60, "NZD": 1.77,
    # The Middle East and Africa
    "AED": 3.67, "SAR": 3.75, "ILS": 3.6, "EGP": 50.5, "MAD": 10.0, "ZAR": 18.7, "KES": 129.0,
    "NGN": 1550.0, "GHS": 15.0,
}  # fmt: skip
"""Approximate units of each currency per US dollar (see the module docstring for date and
source). The currencies the planner offers: a plan in another currency gives its own rate."""


class MoneyCap(NamedTuple):
    """Field metadata: the most a money field allows, in US dollars (scaled to the plan's currency
    by its exchange rate). `Annotated[float, Field(ge=0), MoneyCap(1e9)]`."""

    usd: float


MONEY_CAP_USD = 1e9
"""A billion US dollars: more than any amount a launch plan holds (a fee, a budget, a loan)."""
WAGE_CAP_USD = 1e6
"""A million US dollars a month: above any one person's wage."""
MONEY_CEILING = 1e15
"""The hard ceiling of every money field in any currency (a field checked on its own, without a
plan, such as a catalogue entry): the caps above stay below it even at 1,000,000 units per USD."""


def known_rate(currency: str) -> float | None:
    """The table's units of `currency` per US dollar, None for a currency not in it.

    >>> known_rate("COP"), known_rate("USD"), known_rate("XYZ")
    (4300.0, 1.0, None)
    """
    return UNITS_PER_USD.get(currency.upper())


def plan_rate(currency: str, units_per_usd: float | None) -> float:
    """The exchange rate a plan uses: the founder's own (`units_per_usd`) when set, else the
    table's; 1.0 only for a currency neither knows (the model refuses such a plan).

    >>> plan_rate("COP", None), plan_rate("COP", 4100.0), plan_rate("USD", None)
    (4300.0, 4100.0, 1.0)
    """
    if units_per_usd is not None:
        return float(units_per_usd)
    return known_rate(currency) or 1.0


def nice(amount: float) -> float:
    """An amount rounded to three significant figures (a default a founder reads at a glance).

    >>> nice(5000 * 4300), nice(2000 * 58.5), nice(1234.5), nice(0.0)
    (21500000.0, 117000.0, 1230.0, 0.0)
    """
    if amount == 0 or not math.isfinite(amount):
        return amount
    digits = 2 - math.floor(math.log10(abs(amount)))
    return float(round(amount, digits))


def from_usd(amount_usd: float, rate: float) -> float:
    """A US-dollar catalogue figure in the plan's currency, `amount_usd x rate` rounded to three
    significant figures; a plan in US dollars (rate 1) keeps the figure as it is.

    GDPR's typical yearly cost, USD 2,000, in a Colombian plan at 4,300 COP per USD:
    2,000 x 4,300 = 8,600,000 COP.

    >>> from_usd(2000, 4300.0), from_usd(5000, 1.0), from_usd(15000, 0.96)
    (8600000.0, 5000, 14400.0)
    """
    if rate == 1.0:
        return amount_usd
    return nice(amount_usd * rate)


def cap_in(cap: MoneyCap, rate: float) -> float:
    """A field's cap in the plan's currency: `cap.usd x rate`, rounded to three significant
    figures. A monthly wage (USD 1,000,000) in COP at 4,300: 4,300,000,000.

    >>> cap_in(MoneyCap(WAGE_CAP_USD), 4300.0), cap_in(MoneyCap(MONEY_CAP_USD), 1.0)
    (4300000000.0, 1000000000.0)
    """
    return nice(cap.usd * rate)


RATE_CEILING = 1e9
"""The most cost-currency units per reporting unit a cost location allows (VND per CHF is about
28,000; a billion leaves room for any pair)."""


def rate_in_year(rate: float, yearly_drift: float, per_year: tuple[float, ...], year: int) -> float:
    """Cost-currency units per reporting unit in plan year `year` (1 = months 1..12).

    With `per_year` rates (year 1, year 2, ...) the year's own rate, the last one for the years
    after; without them `rate x (1 + yearly_drift)^(year - 1)`.

    58 PHP per USD drifting +3% a year: year 2 = 58 x 1.03 = 59.74 PHP per USD.

    >>> rate_in_year(58.0, 0.03, (), 1), round(rate_in_year(58.0, 0.03, (), 2), 6)
    (58.0, 59.74)
    >>> rate_in_year(58.0, 0.03, (57.0, 60.0), 1), rate_in_year(58.0, 0.03, (57.0, 60.0), 5)
    (57.0, 60.0)
    """
    if per_year:
        return float(per_year[min(year, len(per_year)) - 1])
    return float(rate * (1.0 + yearly_drift) ** (year - 1))
