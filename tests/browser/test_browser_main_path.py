"""The founder's main path in a real browser: the app's own server on loopback, Debian chromium
driven by Playwright.

A new user picks a starter template, walks the six steps, changes an input, sees a KPI on the
dashboard change, downloads the plan file and opens it again (and a bad file is refused). Every
page is saved as a screenshot in artifacts/screenshots/ for a person to look at.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from planner.model.files import parse_plan_text
from tests.browser.app_browser import app_server, chromium

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "artifacts" / "screenshots"
TEMPLATE_TITLE = "Offshore voice and chat support, Manila"
STEPS = (
    ("1. Specialty", "Step 1 · Specialty"),
    ("2. Business plan", "Step 2 · Business plan"),
    ("3. Paperwork", "Step 3 · Paperwork"),
    ("4. Resources", "Step 4 · Resources"),
    ("5. Staffing", "Step 5 · Staffing"),
    ("6. Marketing", "Step 6 · Marketing"),
)
TIMEOUT_MS = 30_000


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on a free loopback port with its own empty plans database (`app_server`)."""
    folder = tmp_path_factory.mktemp("browser")
    with app_server(folder / "plans.db", folder / "server.log") as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium() as b:
        yield b


def _settled(page: object, charts: bool = True) -> None:
    """Wait until the script run is over, lazy widgets are loaded and every chart is drawn."""
    page.wait_for_function(  # type: ignore[attr-defined]
        """() => document.querySelector('[data-testid="stApp"]')
                     ?.getAttribute('data-test-script-state') === 'notRunning'
                 && !document.querySelector('[data-testid="stSkeleton"]')""",
        timeout=TIMEOUT_MS,
    )
    if charts:
        page.locator('[data-testid="stPlotlyChart"]').first.wait_for(timeout=TIMEOUT_MS)  # type: ignore[attr-defined]
        page.wait_for_function(  # type: ignore[attr-defined]
            """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
                     .every(c => c.querySelector('.main-svg'))""",
            timeout=TIMEOUT_MS,
        )


def _shot(page: object, name: str) -> Path:
    """The whole page (Streamlit scrolls inside its own container: grow the viewport to fit)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    height = page.evaluate(  # type: ignore[attr-defined]
        "() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight"
    )
    page.set_viewport_size({"width": 1600, "height": min(int(height) + 40, 8000)})  # type: ignore[attr-defined]
    _settled(page, charts=False)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path))  # type: ignore[attr-defined]
    page.set_viewport_size({"width": 1600, "height": 1000})  # type: ignore[attr-defined]
    return path


def _go(page: object, link: str, heading: str, charts: bool = True) -> None:
    page.locator('[data-testid="stSidebarNav"]').get_by_text(link, exact=True).click()  # type: ignore[attr-defined]
    page.get_by_role("heading", name=heading).wait_for(timeout=TIMEOUT_MS)  # type: ignore[attr-defined]
    _settled(page, charts)


def _input(page: object, label: str) -> object:
    return page.locator(f'input[aria-label="{label}"]')  # type: ignore[attr-defined]


def _kpi(page: object, label: str) -> object:
    card = page.locator('[data-testid="stMetric"]').filter(has_text=label).first  # type: ignore[attr-defined]
    return card.locator('[data-testid="stMetricValue"]')


def test_founder_main_path(server: str, browser: object, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 1600, "height": 1000}, accept_downloads=True)  # type: ignore[attr-defined]
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(server)
    page.get_by_role("heading", name="Plan the launch of your BPO consultancy").wait_for()
    _settled(page, charts=False)
    _shot(page, "00_start")

    # A new plan from a starter template (Start offers a blank plan first, starters below it).
    name_box = _input(page, "Name of your plan")
    expect(name_box).to_have_attribute("placeholder", "My new BPO plan")
    name_box.fill("My Manila centre")
    name_box.press("Enter")
    _settled(page, charts=False)
    page.get_by_text("Or start from a starter", exact=False).click()
    page.get_by_text(TEMPLATE_TITLE, exact=True).click()
    _settled(page, charts=False)
    page.get_by_role("button", name="Start from this starter").click()
    page.get_by_role("heading", name="Step 1 · Specialty").wait_for()
    _settled(page)
    expect(page.get_by_text("New plan 'My Manila centre' started from the starter")).to_be_visible()

    # Walk the six steps; every one draws its figures.
    for i, (link, heading) in enumerate(STEPS, start=1):
        _go(page, link, heading)
        assert page.locator('[data-testid="stException"]').count() == 0, heading
        _shot(page, f"{i:02d}_{heading.split('· ')[1].lower().replace(' ', '_')}")

    _go(page, "Dashboard", "Dashboard")
    cash_before = _kpi(page, "Cash at the end").inner_text()
    _shot(page, "07_dashboard_before")

    # Change an input on step 2: more of the founder's own money at the start.
    _go(page, "2. Business plan", "Step 2 · Business plan")
    lowest_before = _kpi(page, "Lowest cash").inner_text()
    money_box = _input(page, "Your own money at the start (USD)")
    money_box.fill("900000")
    money_box.press("Enter")
    expect(_kpi(page, "Lowest cash")).not_to_have_text(lowest_before)
    _settled(page)
    _shot(page, "08_business_plan_changed")

    _go(page, "Dashboard", "Dashboard")
    expect(_kpi(page, "Cash at the end")).not_to_have_text(cash_before)
    _shot(page, "09_dashboard_after")

    # Download the plan file: it holds the change.
    with page.expect_download() as info:
        page.locator('[data-testid="stSidebar"]').get_by_role(
            "button", name="Download this plan (YAML)"
        ).click()
    saved = tmp_path / "plan.yaml"
    info.value.save_as(saved)
    downloaded = parse_plan_text(saved.read_bytes())
    assert downloaded.financing.opening_cash == 900_000
    assert downloaded.settings.name == "My Manila centre"

    # A bad file is refused with the reason; the plan stays as it was.
    _go(page, "Start", "Plan the launch of your BPO consultancy", charts=False)
    bad = tmp_path / "broken.yaml"
    bad.write_text("settings:\n  horizon_months: 3\n", encoding="utf-8")
    uploader = page.locator('[data-testid="stFileUploaderDropzoneInput"]')
    uploader.set_input_files(str(bad))
    expect(page.get_by_text("This file was not opened")).to_be_visible()
    # the field in words, not its path in the file
    expect(page.get_by_text("Horizon months", exact=False).first).to_be_visible()
    _settled(page, charts=False)
    _shot(page, "10_bad_file_refused")
    expect(page.get_by_text("My Manila centre").first).to_be_visible()

    # Open the downloaded file again (renamed, to see it is the file that was opened).
    changed = downloaded.model_copy(
        update={"settings": downloaded.settings.model_copy(update={"name": "Reopened plan"})}
    )
    from planner.model.files import save_plan

    reopened = tmp_path / "reopened.yaml"
    save_plan(changed, reopened)
    uploader.set_input_files(str(reopened))
    expect(page.get_by_text("you are now editing 'Reopened plan'")).to_be_visible()
    sidebar = page.locator('[data-testid="stSidebar"]')
    expect(sidebar.get_by_text("Editing Reopened plan")).to_be_visible()
    expect(page.get_by_role("heading", name="Carry on")).to_be_visible()
    _settled(page, charts=False)
    _shot(page, "11_plan_reopened")
    _go(page, "2. Business plan", "Step 2 · Business plan")
    expect(_input(page, "Your own money at the start (USD)")).to_have_value("900000")
    with contextlib.suppress(Exception):
        page.close()
