"""The figures of `planner.charts.figures`, each built once per plan content and reused.

A figure is a pure function of the engine's results, and the results are cached on the plan's
content (`state.projection`); building the plotly figure again on every rerun was most of a step
page's rerun in the profile (about 0.2 s of 0.5 s on the business plan page, for its three charts).
So `cached(figures).cash_balance(p)` builds the figure the first time for this plan content and
returns the same figure object afterwards (in every session of this server: the figure is never
changed once built, only read when drawn). A call with anything but a `Projection` alone (a
chart that takes other arguments) is passed through uncached.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any

import streamlit as st

from planner.engine.projection import Projection


@st.cache_resource(max_entries=256, show_spinner=False)
def _figure(module: str, name: str, content_key: str, _builder: Any, _projection: Any) -> Any:
    # Keyed on the figure's name and the plan's content text; the builder and projection are not
    # hashed (underscore): the same content gives the same projection and so the same figure.
    return _builder(_projection)


class cached:  # used like a module: cached(figures).cash_balance(p)
    """`module`'s figure functions, each cached on the plan content of its `Projection`."""

    def __init__(self, module: ModuleType) -> None:
        self._module = module

    def __getattr__(self, name: str) -> Callable[..., Any]:
        builder = getattr(self._module, name)

        def build(*args: Any, **kwargs: Any) -> Any:
            if kwargs or len(args) != 1 or not isinstance(args[0], Projection):
                return builder(*args, **kwargs)
            projection: Projection = args[0]
            key = projection.plan.content_key()
            return _figure(self._module.__name__, name, key, builder, projection)

        return build
