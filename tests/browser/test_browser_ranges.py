"""In a real browser (issue 9): the range, not one number. A founder opens the offshore starter,
goes to Risk and sees the headline sentence and the fan chart of cash, then to Scenarios and sees
the side-by-side table; at 1000 px wide the Risk page's cards show their whole explanation.

Runs Debian's chromium through Playwright; skips locally without it and fails under CI=true.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser.app_browser import (
    TIMEOUT_MS,
    app_server,
    chromium,
    go,
    settled,
    shot,
    start_new_plan,
)

pytestmark = pytest.mark.browser

STARTER = "Offshore voice and chat support, Manila"
SHOTS = os.environ.get("PLANNER_SHOTS")  # a folder for screenshots, when set


def _plotly_titles(page: object) -> list[str]:
    return page.evaluate(  # type: ignore[attr-defined, no-any-return]
        """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"] .gtitle')]
                 .map(t => t.textContent)"""
    )


def test_risk_headline_and_fan_then_scenarios_side_by_side(tmp_path: Path) -> None:
    with app_server(tmp_path / "plans.db", tmp_path / "server.log") as url, chromium() as browser:
        page = browser.new_page(viewport={"width": 1000, "height": 1000})
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(url)
        start_new_plan(page, "Ranges check", STARTER)

        go(page, "Risk", "Risk")
        headline = page.locator('[data-testid="stAlert"]').filter(has_text="In 9 runs out of 10")
        headline.wait_for()
        text = headline.inner_text()
        assert "of funding beyond the $720,000 your plan raises" in text, text
        assert "cash falls below zero in" in text and "(2,000 runs)" in text, text
        titles = _plotly_titles(page)
        assert "Cash at the end of each month across the runs (USD)" in titles, titles
        fan = page.locator('[data-testid="stPlotlyChart"]').first
        assert fan.locator(".scatterlayer .trace").count() >= 3  # two bands and the median
        # each card shows its whole explanation (a 150 px card cut the second line at 1000 px)
        cut = page.evaluate(
            r"""() => {
                // a card is a block of fixed height that scrolls what does not fit
                const cards = [...document.querySelectorAll('[data-testid="stVerticalBlock"]')]
                    .filter(c => /^Funding needed, P\d+/.test(c.innerText.trim()))
                    .filter(c => getComputedStyle(c).overflowY === 'auto');
                return [cards.length,
                        cards.filter(c => c.scrollHeight > c.clientHeight + 1)
                             .map(c => c.innerText)];
            }"""
        )
        assert cut == [3, []], cut
        if SHOTS:
            shot(page, Path(SHOTS), "ranges-risk")

        go(page, "Scenarios", "Scenarios")
        side = page.locator('[data-testid="stDataFrame"]').filter(has_text="Plan as it stands")
        side.first.wait_for()
        settled(page, charts=True)
        cells = side.first.text_content()  # the grid is a canvas: its accessible cells
        for words in ("Funding needed", "Break-even month", "Slow sales", "Wage pressure"):
            assert words in cells, (words, cells)
        if SHOTS:
            shot(page, Path(SHOTS), "ranges-scenarios")
