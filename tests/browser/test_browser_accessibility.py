"""WCAG 2 AA on every page, checked by axe-core in a real browser.

With a plan loaded, the test visits each page of the navigation, opens every expander, shows each
tab in turn and runs axe-core's WCAG 2.0/2.1 A and AA rules. Any violation the app controls fails
the test with the page, the rule and the element. Streamlit's own markup that the app cannot change
is excluded below, one (rule, container) pair each, with the reason.

axe-core comes from npm (`bash dev test` installs it into .tools/node; `AXE_CORE_JS` may point at
another copy of axe.min.js). Without it, or without chromium, the test skips with the reason on a
developer machine and fails under CI=true.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.app_browser import (
    PAGES,
    TIMEOUT_MS,
    app_server,
    chromium,
    go,
    settled,
    shot,
    start_new_plan,
)
from tests.support.tools import ROOT, require_tool

pytestmark = pytest.mark.browser

AXE_JS = Path(os.environ.get("AXE_CORE_JS", ROOT / ".tools/node/node_modules/axe-core/axe.min.js"))
SHOTS = ROOT / "artifacts" / "screenshots" / "accessibility"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
STREAMLIT_MARKUP = (
    # (axe rule, CSS selector of the Streamlit container whose nodes are excused, why)
    (
        "list",
        '[data-testid="stSidebarNav"]',
        "st.navigation with sections draws each section's heading as a <div> inside the <ul> "
        "of links; the app only passes the sections, Streamlit writes the markup",
    ),
    (
        "listitem",
        '[data-testid="stSidebarNav"]',
        "the same grouped navigation: its <li> links sit in a <div> wrapper, not directly in "
        "the <ul> (Streamlit's markup)",
    ),
)
RUN_AXE = """async ([rules, excused]) => {
    const result = await axe.run(document, {runOnly: {type: 'tag', values: rules}});
    const excusedNode = (rule, node) => excused.some(([id, container]) => {
        if (id !== rule) return false;
        const el = document.querySelector(node.target[0]);
        return el !== null && el.closest(container) !== null;
    });
    return result.violations
        .map(v => ({id: v.id, impact: v.impact, help: v.help,
                    nodes: v.nodes.filter(n => !excusedNode(v.id, n))
                                  .map(n => ({target: n.target.join(' '),
                                              html: n.html.slice(0, 200),
                                              summary: n.failureSummary}))}))
        .filter(v => v.nodes.length > 0);
}"""


@pytest.fixture(scope="module")
def page_with_plan(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A browser tab on the app with a new plan loaded (pages are then reached by the sidebar's
    links, in the same session)."""
    require_tool(
        AXE_JS.is_file(), "axe-core", "bash dev test installs it: npm install --prefix .tools/node"
    )
    folder = tmp_path_factory.mktemp("a11y")
    with app_server(folder / "plans.db", folder / "server.log") as url, chromium() as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(url)
        start_new_plan(page, "Accessibility check")
        yield page


def _open_everything(page: Any) -> None:
    """Open every closed expander, so axe sees what a founder sees after clicking them."""
    closed = page.locator('[data-testid="stExpander"] details:not([open]) > summary:visible')
    for _ in range(100):  # opening one may draw others; a bound, not a wait
        if closed.count() == 0:
            break
        closed.first.click()
        settled(page, charts=True)


def _violations(page: Any) -> list[dict[str, Any]]:
    page.add_script_tag(content=AXE_JS.read_text(encoding="utf-8"))
    excused = [[rule, container] for rule, container, _ in STREAMLIT_MARKUP]
    found: list[dict[str, Any]] = page.evaluate(RUN_AXE, [WCAG_AA, excused])
    return found


def _scan_page(page: Any, where: str) -> dict[str, list[dict[str, Any]]]:
    """The violations on the page as drawn, then with each other tab shown."""
    _open_everything(page)
    found = {where: _violations(page)}
    tabs = page.locator('[data-testid="stTabs"] [role="tab"]')
    for i in range(tabs.count()):
        tab = tabs.nth(i)
        if tab.get_attribute("aria-selected") == "true":
            continue
        label = tab.inner_text().strip()
        tab.click()
        settled(page, charts=True)
        _open_everything(page)
        found[f"{where}, tab {label!r}"] = _violations(page)
    return found


@pytest.mark.parametrize(("path", "link", "heading"), PAGES, ids=[p[1] for p in PAGES])
def test_page_has_no_wcag_aa_violations(
    page_with_plan: Any, path: str, link: str, heading: str
) -> None:
    page = page_with_plan
    go(page, link, heading)
    found = {where: v for where, v in _scan_page(page, link).items() if v}
    shot(page, SHOTS, path or "start")
    assert not found, f"axe-core WCAG 2 AA violations on {link}:\n" + json.dumps(found, indent=1)


def test_excused_streamlit_markup_is_still_streamlits(page_with_plan: Any) -> None:
    """Each excuse names a container that exists on the page: an excuse for markup that is gone
    (a Streamlit upgrade fixed it, or the app stopped using it) must be removed, not kept."""
    page = page_with_plan
    go(page, PAGES[0][1], PAGES[0][2])
    for rule, container, _ in STREAMLIT_MARKUP:
        assert page.locator(container).count() > 0, (rule, container)
