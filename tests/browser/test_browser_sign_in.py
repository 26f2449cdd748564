"""In a real browser, against a real OpenID Connect provider (`oidc-provider-mock` on
127.0.0.1:9411, started here) and the app with sign-in switched on (a secrets file in the test's
temporary folder, handed over with `--secrets.files`): two users, Alice and Bob, each in their own
browser context (their own cookies).

What it proves, each step checked in the page and in the plans database:
- a plan made before sign-in was on is claimed by the first user to sign in, and the page says so;
- isolation both ways: neither sees the other's plan, and `?plan=<the other's id>` reads "not
  found", word for word as an id that does not exist;
- shared as viewer: Bob sees it read-only (notice on the page, his edit is not stored, and the
  store refuses his save); as editor: his edit is stored and his saved version names him;
- unshared: Bob's link reads "not found" again; signed out: the sign-in screen is back.

Skips locally without chromium or the provider package; fails under CI=true.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import pytest

from planner.model.starters import list_templates, load_template
from planner.storage.errors import NotFoundError, PermissionDeniedError
from planner.storage.store import PlanStore
from tests.support.app_servers import (
    AppServer,
    chromium_browser,
    oidc_provider,
    plan_id_in,
    wait_until_idle,
)

pytestmark = pytest.mark.browser

ALICE, BOB = "alice@example.com", "bob@example.com"
OPENING_CASH = re.compile(r"^Your own money at the start")
NOT_FOUND = "in this address was not found: there is no such plan, or it is not shared with you"


def sign_in(browser: Any, app: AppServer, issuer: str, email: str) -> Any:
    """A new browser context (its own cookies) signed in as `email` through the provider's form;
    the page it is left on."""
    page = browser.new_context().new_page()
    page.goto(app.url)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{issuer}/**")
    page.locator('input[name="sub"]').fill(email)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{app.url}/**")
    page.get_by_text(f"Signed in as {email}").wait_for(timeout=60_000)
    return page


def edit_cash(page: Any, app: AppServer, value: int, plan_id: int | None = None) -> None:
    """Open the business plan (of `plan_id`, else the session's own plan) and type `value` as the
    opening cash (the caller waits for what it expects to follow)."""
    page.goto(f"{app.url}/business_plan" + (f"?plan={plan_id}" if plan_id else ""))
    box = page.get_by_label(OPENING_CASH)
    box.wait_for(timeout=60_000)
    wait_until_idle(page)
    box.fill(str(value))
    box.press("Enter")


def cash_of(db_url: str, plan_id: int) -> float:
    with PlanStore(db_url) as store:
        return float(store.load_draft(plan_id).plan.financing.opening_cash)


def stored_cash_becomes(db_url: str, plan_id: int, value: float, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while cash_of(db_url, plan_id) != value:
        assert time.monotonic() < deadline, f"plan {plan_id} never stored {value}"
        time.sleep(0.2)


def share_in_page(page: Any, app: AppServer, email: str, role: str) -> None:
    page.goto(f"{app.url}/library")
    page.get_by_role("tab", name="All plans").click()
    page.get_by_text("Sharing of").click()
    box = page.get_by_label("Share with (e-mail)", exact=True)
    box.fill(email)
    box.press("Enter")
    wait_until_idle(page)
    page.get_by_text(role, exact=True).click()
    wait_until_idle(page)
    page.get_by_role("button", name="Share", exact=True).click()
    page.get_by_text(f"Shared with {email} as {role}.").wait_for(timeout=30_000)


def test_two_users_signed_in_through_a_real_provider(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'plans.db'}"
    with PlanStore(db_url) as store:  # made before sign-in was switched on: nobody owns it
        old = store.create_plan("Plan from before sign-in", load_template(list_templates()[0].id))
    with oidc_provider(tmp_path / "provider.log") as issuer, chromium_browser() as browser:
        app = AppServer(db_url, tmp_path, issuer).start()
        try:
            _two_users(browser, app, issuer, db_url, old.id)
        finally:
            app.stop()


def _two_users(browser: Any, app: AppServer, issuer: str, db_url: str, old_id: int) -> None:
    # Before signing in the page shows nothing but the way in.
    anonymous = browser.new_context().new_page()
    anonymous.goto(app.url)
    anonymous.get_by_role("button", name="Sign in").wait_for(timeout=60_000)
    assert anonymous.get_by_text("Plans made before sign-in").count() == 0
    assert anonymous.get_by_text("Dashboard").count() == 0

    alice = sign_in(browser, app, issuer, ALICE)
    alice.get_by_text("Plans made before sign-in was switched on are now yours (1)").wait_for()
    with PlanStore(db_url) as store:
        assert store.get_plan(old_id).owner == ALICE
    edit_cash(alice, app, 111_111, old_id)
    stored_cash_becomes(db_url, old_id, 111_111)
    alice_plan = plan_id_in(alice)
    assert alice_plan == old_id

    bob = sign_in(browser, app, issuer, BOB)
    edit_cash(bob, app, 222_222)  # Bob's first change stores a plan of his own
    bob.wait_for_url(re.compile(r"[?&]plan=\d+"), timeout=30_000)
    bob_plan = plan_id_in(bob)
    assert bob_plan is not None and bob_plan != alice_plan
    stored_cash_becomes(db_url, bob_plan, 222_222)
    with PlanStore(db_url) as store:
        assert store.get_plan(bob_plan).owner == BOB

    # Isolation both ways, in the page ...
    for page, other in ((bob, alice_plan), (alice, bob_plan), (bob, 99_999)):
        page.goto(f"{app.url}/?plan={other}")
        page.get_by_text(f"Plan {other} {NOT_FOUND}").wait_for(timeout=60_000)
    bob.goto(f"{app.url}/library")
    bob.get_by_role("tab", name="All plans").click()
    wait_until_idle(bob)
    assert bob.get_by_text("Plan from before sign-in").count() == 0
    # ... and in storage.
    for user, other in ((BOB, alice_plan), (ALICE, bob_plan)):
        with PlanStore(db_url, user=user) as store, pytest.raises(NotFoundError):
            store.get_plan(other)

    # Shared as viewer: read-only on the page, refused by the store.
    share_in_page(alice, app, BOB, "viewer")
    edit_cash(bob, app, 333_333, alice_plan)
    bob.get_by_text("Read only.").wait_for(timeout=30_000)
    bob.get_by_text("you can only view the plan").first.wait_for(timeout=30_000)
    bob.screenshot(path=str(app.log.parent / "viewer.png"))
    assert cash_of(db_url, alice_plan) == 111_111
    with PlanStore(db_url, user=BOB) as store:
        draft = store.load_draft(alice_plan)
        with pytest.raises(PermissionDeniedError):
            store.save_draft(alice_plan, draft.plan, draft.revision)

    # Shared as editor: Bob's edit is stored, and his version names him.
    share_in_page(alice, app, BOB, "editor")
    alice.screenshot(path=str(app.log.parent / "sharing.png"))
    edit_cash(bob, app, 444_444, alice_plan)
    stored_cash_becomes(db_url, alice_plan, 444_444)
    assert bob.get_by_text("Read only.").count() == 0
    bob.goto(f"{app.url}/library?plan={alice_plan}")
    bob.get_by_label("Note for this version", exact=True).fill("Bob's numbers")
    bob.get_by_role("button", name="Save version").click()
    bob.get_by_text("Saved version 1 of this plan.").wait_for(timeout=30_000)
    with PlanStore(db_url, user=ALICE) as store:
        assert [v.saved_by for v in store.list_versions(alice_plan)] == [BOB]

    # Unshared: not found again.
    alice.goto(f"{app.url}/library")
    alice.get_by_role("tab", name="All plans").click()
    alice.get_by_text("Sharing of").click()
    alice.get_by_role("button", name="Unshare").click()
    alice.get_by_text(f"No longer shared with {BOB}.").wait_for(timeout=30_000)
    bob.goto(f"{app.url}/?plan={alice_plan}")
    bob.get_by_text(f"Plan {alice_plan} {NOT_FOUND}").wait_for(timeout=60_000)

    # Signed out: the provider ends the session and the app asks to sign in again.
    bob.get_by_role("button", name="Sign out").click()
    bob.wait_for_url(f"{issuer}/**")
    bob.get_by_role("button", name="End session").click()
    bob.wait_for_url(f"{app.url}/**")
    bob.get_by_role("button", name="Sign in").wait_for(timeout=60_000)
    assert bob.get_by_text(f"Signed in as {BOB}").count() == 0
    bob.screenshot(path=str(app.log.parent / "signed-out.png"))
