"""Charts -> PNG through the shared browser (`planner.charts.render`): the same images as stock
kaleido, drawn in one batch, kept by content, and no browser means no images."""

from __future__ import annotations

import asyncio

import pytest

from planner.charts import figures as charts
from planner.charts import render
from planner.engine.pipeline import project
from planner.export.docx.document import CHART_HEIGHT_PX, CHART_WIDTH_PX, chart_names, for_print
from planner.model.starters import load_template
from tests.support.tools import require_tool

SIZE = {"width": CHART_WIDTH_PX, "height": CHART_HEIGHT_PX}


@pytest.fixture(scope="module")
def figures() -> dict[str, object]:
    projection = project(load_template("nearshore_it_helpdesk"))
    return {name: for_print(getattr(charts, name)(projection)) for name in chart_names()}


def _stock_kaleido(figures: list[object]) -> list[bytes]:
    """The images as stock kaleido draws them: its own browser, the page reloaded after each."""
    import kaleido

    async def draw() -> list[bytes]:
        browser = render.find_browser()
        async with kaleido.Kaleido(n=1, mathjax=False, path=browser) as k:
            opts = {"format": "png", "scale": 2.0, **SIZE}
            return [bytes(await k.calc_fig(f, opts=opts)) for f in figures]

    return asyncio.run(draw())


def test_the_shared_browser_draws_the_images_stock_kaleido_draws(
    figures: dict[str, object],
) -> None:
    """Without the page reload between charts (and in one batch, in parallel) the PNG bytes are
    those of stock kaleido, which reloads its page after every chart."""
    require_tool(
        render.find_browser() is not None, "Chrome or Chromium", "apt-get install chromium"
    )
    render.CACHE.clear()
    counts: list[tuple[int, int]] = []
    images, missing = render.chart_pngs(
        {name: (lambda f=fig: f) for name, fig in figures.items()},
        progress=lambda done, total: counts.append((done, total)),
        **SIZE,
    )
    assert missing is None and list(images) == list(figures)
    n = len(figures)  # the written plan's charts (chart_names)
    assert counts[0] == (0, n) and counts[-1] == (n, n)
    assert [images[name] for name in figures] == _stock_kaleido(list(figures.values()))
    assert render.browser_running()  # kept open for the next export


def test_a_cached_plan_builds_no_figure(figures: dict[str, object]) -> None:
    """Given the plan as `source`, a second call finds the images without making the figures."""
    require_tool(
        render.find_browser() is not None, "Chrome or Chromium", "apt-get install chromium"
    )
    made: list[str] = []

    def maker(name: str) -> object:
        made.append(name)
        return figures[name]

    makers = {name: (lambda n=name: maker(n)) for name in figures}
    first, _ = render.chart_pngs(makers, source="plan-a", **SIZE)
    assert sorted(made) == sorted(figures)
    made.clear()
    second, missing = render.chart_pngs(makers, source="plan-a", **SIZE)
    assert made == [] and missing is None and second == first


def test_no_browser_no_images_and_a_message_saying_how(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    images, missing = render.chart_pngs({"x": lambda: pytest.fail("no figure is made")}, **SIZE)
    assert images == {} and missing == render.NO_BROWSER
    render.warm_up()  # nothing to start, and no error
    assert "apt-get install chromium" in render.NO_BROWSER


def test_a_failing_browser_is_a_message_and_is_closed(
    figures: dict[str, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    require_tool(
        render.find_browser() is not None, "Chrome or Chromium", "apt-get install chromium"
    )

    def broken(self, figures, opts, done):  # type: ignore[no-untyped-def]
        raise RuntimeError("Target closed")

    render.CACHE.clear()
    render.SOURCES.clear()
    monkeypatch.setattr(render._BrowserService, "render", broken)
    images, missing = render.chart_pngs({"cash_balance": lambda: figures["cash_balance"]}, **SIZE)
    assert images == {}
    assert missing is not None and missing.startswith("Charts were left out: the chart renderer")
    assert "Target closed" in missing and not render.browser_running()
