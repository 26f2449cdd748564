"""The planner's one rounding rule set: whole-number ceilings and floors that ignore float noise,
and the rounding of a figure for display.

A leaf module (no planner imports), so the engine, the queueing kernels, the KPIs, the steps, the
charts and the report formatting all use the same rules:

- `ceil_exact(x)` / `floor_exact(x)`: a value within `EPS` (1e-9) of a whole number *is* that whole
  number (21 / 0.7 = 30.000000000000004 is 30, not 31); otherwise the ordinary ceiling or floor.
  Negative values are rounded like any other (-3.2 -> -3 up, -4 down); a caller that must never go
  below 0 says so with `np.maximum(..., 0)`.
- `round_half_up(x, digits)`: how a shown number is rounded. Halves go away from zero (62.5 -> 63,
  -62.5 -> -63, 0.125 -> 0.13), unlike Python's `round` and numpy's, which round halves to even
  (62.5 -> 62). Figures are kept as floats in projections and rounded only when shown or exported.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

DISPLAY_ROUNDING = ROUND_HALF_UP
"""How a shown figure is rounded (the `decimal` mode): halves away from zero, 62.5 -> 63."""

EPS = 1e-9
"""Float noise: a value this close to a whole number is that whole number, and a balance this close
to zero is zero."""


def _snap(x: npt.ArrayLike) -> tuple[FloatArray, FloatArray, npt.NDArray[np.bool_]]:
    values = np.asarray(x, dtype=np.float64)
    nearest = np.round(values)
    return values, nearest, np.abs(values - nearest) <= EPS


def ceil_exact(x: npt.ArrayLike) -> FloatArray:
    """The smallest whole number >= x, a value within 1e-9 of a whole number counting as it.

    >>> float(ceil_exact(21 / 0.7))  # 30.000000000000004: noise, not a 31st agent
    30.0
    >>> float(ceil_exact(5.0000000009)), float(ceil_exact(5.000001))
    (5.0, 6.0)
    >>> float(ceil_exact(4.9999999995)), float(ceil_exact(30.2))
    (5.0, 31.0)
    >>> float(ceil_exact(-3.2))  # no floor at 0: a caller that needs one writes np.maximum
    -3.0
    >>> ceil_exact([0.0, -1e-12, 2.5]).tolist()  # -1e-12 is 0, not -0
    [0.0, 0.0, 3.0]
    """
    values, nearest, snapped = _snap(x)
    return np.where(snapped, nearest, np.ceil(values)) + 0.0  # + 0.0 turns -0.0 into 0.0


def floor_exact(x: npt.ArrayLike) -> FloatArray:
    """The largest whole number <= x, a value within 1e-9 of a whole number counting as it.

    >>> float(floor_exact(0.1 + 0.2 + 0.7)), float(floor_exact(2.9999999996))
    (1.0, 3.0)
    >>> float(floor_exact(5.0000000009)), float(floor_exact(5.7))
    (5.0, 5.0)
    >>> float(floor_exact(-3.2))
    -4.0
    """
    values, nearest, snapped = _snap(x)
    return np.where(snapped, nearest, np.floor(values)) + 0.0


def round_half_up(x: float, digits: int = 0) -> float:
    """`x` rounded to `digits` decimals for display, halves away from zero.

    The float is read as its shortest decimal text first (0.125 -> "0.125"), so the half a founder
    sees is the half that is rounded; non-finite values are returned as they are.

    >>> round_half_up(62.5), round(62.5)  # Python rounds halves to even
    (63.0, 62)
    >>> round_half_up(-62.5), round_half_up(0.125, 2), round_half_up(2.675, 2)
    (-63.0, 0.13, 2.68)
    >>> round_half_up(1234.4999), round_half_up(-0.4)
    (1234.0, 0.0)
    """
    if not math.isfinite(x):
        return x
    exact = Decimal(repr(float(x))).quantize(Decimal(1).scaleb(-digits), rounding=DISPLAY_ROUNDING)
    return float(exact) + 0.0


def round_up_count(x: float) -> int:
    """A count of whole things shown from a fractional one, rounded up with `ceil_exact`.

    >>> round_up_count(12.2), round_up_count(12.0000000001), round_up_count(0.0)
    (13, 12, 0)
    """
    return int(ceil_exact(x))
