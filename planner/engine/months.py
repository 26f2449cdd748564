"""Month arithmetic and table shapes shared by the engine's modules.

Months of a plan are numbered 1..horizon; arrays over months are numpy vectors of length horizon
(index 0 is month 1). Per-entity figures (one row per role, client, item...) are 2-D arrays of shape
(entities, months). `long_frame` turns them into the tidy tables of `planner.engine.projection`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd

from planner.rounding import FloatArray

MONTHS_PER_YEAR = 12
"""A plan year is 12 plan months from the plan's first month: months 1-12 are year 1, 13-24 year
2 (whatever calendar month the plan starts in)."""


def plan_year(month_no: pd.Series | npt.ArrayLike) -> pd.Series | npt.NDArray[np.int64]:
    """The plan year (1, 2, ...) of plan months numbered from 1: (month_no - 1) // 12 + 1.

    >>> plan_year(np.array([1, 12, 13, 24, 25])).tolist()
    [1, 1, 2, 2, 3]
    """
    if isinstance(month_no, pd.Series):
        return (month_no - 1) // MONTHS_PER_YEAR + 1
    return (np.asarray(month_no, dtype=np.int64) - 1) // MONTHS_PER_YEAR + 1


def _month_index(label: str) -> int:
    """ "YYYY-MM" as months since year 0 (January of year 0 is 0)."""
    return int(label[:4]) * MONTHS_PER_YEAR + int(label[5:7]) - 1


def month_number(label: str, first_month: str) -> int:
    """The plan month (1 = `first_month`) labelled `label` ("YYYY-MM"): the inverse of
    `month_labels`.

    >>> month_number("2027-06", "2027-01"), month_number("2028-01", "2027-11")
    (6, 3)
    """
    return _month_index(label) - _month_index(first_month) + 1


def month_labels(first_month: str, months: int) -> list[str]:
    """Labels "YYYY-MM" for months 1..months from `first_month`.

    >>> month_labels("2027-11", 3)
    ['2027-11', '2027-12', '2028-01']
    """
    start = _month_index(first_month)
    return [
        f"{k // MONTHS_PER_YEAR:04d}-{k % MONTHS_PER_YEAR + 1:02d}"
        for k in range(start, start + months)
    ]


def shift(values: FloatArray, lag: int) -> FloatArray:
    """Move a monthly series `lag` months later (negative: earlier), filling with zeros.

    Works along the last axis, so it shifts every row of a (entities, months) array, or of
    (runs, entities, months) / (runs, months) arrays of many runs at once.

    >>> shift(np.array([[1.0, 2, 3], [4, 5, 6]]), 1).tolist()
    [[0.0, 1.0, 2.0], [0.0, 4.0, 5.0]]
    """
    out = np.zeros_like(values)
    n = values.shape[-1]
    if lag >= n or -lag >= n:
        return out
    if lag >= 0:
        out[..., lag:] = values[..., : n - lag]
    else:
        out[..., : n + lag] = values[..., -lag:]
    return out


def rolling_sum(values: FloatArray, window: int) -> FloatArray:
    """Sum over the last `window` months including the current one (along the last axis)."""
    if window <= 0:
        return np.zeros_like(values)
    total = np.cumsum(values, axis=-1)
    return total - shift(total, window)


KeyColumn = Sequence[str] | npt.NDArray[np.bool_]
"""A per-entity column of `long_frame`: names (a sequence of text) or a bool flag array."""


def long_frame(
    month_no: npt.NDArray[np.int64],
    labels: Sequence[str],
    keys: Mapping[str, KeyColumn],
    values: Mapping[str, npt.ArrayLike],
    columns: Sequence[str],
) -> pd.DataFrame:
    """A tidy table with one row per month and entity, sorted by month then entity (plan order).

    keys: per-entity columns of length k (text, or a numpy bool array for flags); values: (k, n)
    arrays. Columns come out in the order of `columns`; text columns have the `str` dtype.
    """
    n = len(month_no)
    k = len(next(iter(keys.values())))
    # Text is converted once per entity (and once per month label), then repeated by index: far
    # cheaper than converting n x k Python strings.
    entity = np.tile(np.arange(k), n)
    data: dict[str, object] = {
        "month_no": np.repeat(month_no, k),
        "month": pd.array(list(labels), dtype="str").take(np.repeat(np.arange(n), k)),
    }
    for name, col in keys.items():
        if isinstance(col, np.ndarray) and col.dtype == np.bool_:
            data[name] = col[entity]
        else:
            data[name] = pd.array(list(col), dtype="str").take(entity)
    for name, arr in values.items():
        data[name] = np.asarray(arr, dtype=float).T.reshape(-1)
    return pd.DataFrame({c: data[c] for c in columns}, copy=False)
