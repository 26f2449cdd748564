"""Two app servers on one PostgreSQL database, as a team runs them behind a load balancer: a plan
opened through both and changed in both gets the same conflict handling as two tabs on one server
(the second save is refused, nothing is overwritten, and the page offers the way out).

Real browser (Debian chromium) and a real PostgreSQL cluster (Debian's server binaries, started
by the fixture of tests/storage/test_storage_postgres.py); skips locally without them and fails
under CI=true.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import pytest

from planner.storage.store import PlanStore
from tests.storage.test_storage_postgres import Server as Postgres
from tests.storage.test_storage_postgres import postgres  # noqa: F401 - the fixture
from tests.support.app_servers import AppServer, chromium_browser, plan_id_in, wait_until_idle

pytestmark = [pytest.mark.browser, pytest.mark.postgres]

OPENING_CASH = re.compile(r"^Your own money at the start")


def type_cash(page: Any, value: int) -> None:
    box = page.get_by_label(OPENING_CASH)
    box.wait_for(timeout=60_000)
    wait_until_idle(page)
    box.fill(str(value))
    box.press("Enter")


def stored_cash(db_url: str, plan_id: int) -> float:
    with PlanStore(db_url) as store:
        return float(store.load_draft(plan_id).plan.financing.opening_cash)


def wait_stored(db_url: str, plan_id: int, value: float) -> None:
    deadline = time.monotonic() + 30
    while stored_cash(db_url, plan_id) != value:
        assert time.monotonic() < deadline, f"{value} never stored"
        time.sleep(0.2)


def test_one_plan_changed_through_two_servers_gets_the_conflict_handling(
    postgres: Postgres,  # noqa: F811
    tmp_path: Path,
) -> None:
    db_url = postgres.new_database()
    first = AppServer(db_url, tmp_path).start()
    second = AppServer(db_url, tmp_path).start()
    try:
        with chromium_browser() as browser:
            one = browser.new_context().new_page()
            one.goto(f"{first.url}/business_plan")
            type_cash(one, 111_111)
            one.wait_for_url(re.compile(r"[?&]plan=\d+"), timeout=30_000)
            plan_id = plan_id_in(one)
            assert plan_id is not None
            wait_stored(db_url, plan_id, 111_111)

            # The same plan through the other server (another browser: no shared session).
            two = browser.new_context().new_page()
            two.goto(f"{second.url}/business_plan?plan={plan_id}")
            type_cash(two, 222_222)
            wait_stored(db_url, plan_id, 222_222)

            # The first server's session still holds the older revision: refused, not overwritten.
            type_cash(one, 333_333)
            one.get_by_text("This plan was changed in another window").first.wait_for(
                timeout=30_000
            )
            one.get_by_text("My plans", exact=True).click()  # another run of the same session
            one.get_by_text("This plan was changed in another tab or window.").wait_for(
                timeout=60_000
            )
            assert stored_cash(db_url, plan_id) == 222_222
            one.get_by_role("button", name="Load their version (drop my change)").click()
            one.get_by_text("Loaded the version saved elsewhere.").wait_for(timeout=30_000)
            one.get_by_text("2. Business plan", exact=True).click()  # same session, their figure
            box = one.get_by_label(OPENING_CASH)
            box.wait_for(timeout=60_000)
            one.wait_for_function(
                "([el, want]) => el.value.replace(/[^0-9]/g, '') === want",
                arg=[box.element_handle(), "222222"],
                timeout=30_000,
            )
            assert stored_cash(db_url, plan_id) == 222_222
    finally:
        first.stop()
        second.stop()
