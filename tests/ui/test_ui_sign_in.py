"""AppTest: sign-in (ui.session.auth) and what it changes on the pages. `at.secrets["auth"]`
switches sign-in on and `at.user` is who Streamlit says is signed in (the real provider round trip
is tests/browser/test_browser_sign_in.py).

All UI tests share one temporary database (tests/support/ui.py): each test uses e-mails and plan
names of its own, and looks only at those.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from planner.model.plan import Plan
from planner.model.text import plain
from planner.storage.store import PlanRecord, PlanStore
from tests.support.ui import APP, ROOT, assert_clean, by_label, template

LIBRARY = "ui/views/library.py"
BUSINESS_PLAN = "ui/views/business_plan.py"
AUTH = {
    "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
    "cookie_secret": "a-test-cookie-secret-that-is-long-enough",
    "client_id": "planner-tests",
    "client_secret": "not-a-real-secret",
    "server_metadata_url": "http://127.0.0.1:9411/.well-known/openid-configuration",
}


def email(who: str) -> str:
    return f"{who}-{uuid.uuid4().hex[:8]}@example.com"


def named(name: str) -> Plan:
    plan = template("offshore_voice_support")
    return plan.model_copy(update={"settings": plan.settings.model_copy(update={"name": name})})


def stored(user: str | None, name: str) -> PlanRecord:
    with PlanStore(user=user) as store:  # PLANNER_DATABASE_URL: the UI tests' database
        return store.create_plan(name, named(name))


def signed_in(user: str | None, *, plan_id: int | None = None, page: str | None = None) -> AppTest:
    """The app with sign-in on, as `user` (None: nobody signed in yet), opened on `?plan=`."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["auth"] = AUTH
    at.user = {"is_logged_in": True, "email": user} if user else {"is_logged_in": False}
    if plan_id is not None:
        at.query_params["plan"] = str(plan_id)
    at.run()
    assert_clean(at)
    if page is not None:
        at.switch_page(page).run()
        assert_clean(at)
    return at


def texts(elements: object) -> str:
    return "\n".join(str(e.value) for e in elements)  # type: ignore[attr-defined]


def table(at: AppTest, column: str) -> object:
    for frame in at.dataframe:
        if column in frame.value.columns:
            return frame.value
    raise AssertionError(f"no table with a column {column!r}")


def test_without_sign_in_my_plans_says_everyone_sees_every_plan() -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page(LIBRARY).run()
    assert_clean(at)
    assert "Sign-in is off: everyone who can open this address sees every plan" in texts(at.info)
    assert "Owner" not in table(at, "Plan").columns  # type: ignore[attr-defined]


def test_with_sign_in_on_nothing_but_the_sign_in_button_shows_before_signing_in() -> None:
    at = signed_in(None)
    assert [b.label for b in at.button] == ["Sign in"]
    assert "Sign in to see your plans" in texts(at.info)
    assert "plan" not in at.session_state  # no plan was opened, nothing read from storage
    assert not at.sidebar.caption


def test_a_half_written_auth_section_names_the_missing_keys_and_stops() -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["auth"] = {k: v for k, v in AUTH.items() if k != "client_secret"}
    at.run()
    assert "lacks client_secret" in texts(at.error)
    assert "plan" not in at.session_state


def test_a_user_sees_own_plans_and_plans_shared_with_them_with_owner_and_role() -> None:
    alice, bob = email("alice"), email("bob")
    mine = stored(alice, f"Alice's own {alice}")
    theirs = stored(bob, f"Bob's private {bob}")
    shared = stored(bob, f"Bob's shared {bob}")
    with PlanStore(user=bob) as store:
        store.share(shared.id, alice, "viewer")

    at = signed_in(alice, page=LIBRARY)
    assert f"Signed in as **{alice}**" in texts(at.caption)
    plans = table(at, "Owner")
    rows = {row.Plan.replace("  (open here)", ""): row for row in plans.itertuples()}  # type: ignore[attr-defined]
    assert mine.name in rows and shared.name in rows
    assert theirs.name not in rows
    assert rows[shared.name].Owner == bob
    assert rows[shared.name][5] == "Viewer (read only)"  # "Your role"
    assert rows[mine.name][5] == "Owner (you)"


def test_the_owner_shares_as_editor_and_unshares_from_my_plans() -> None:
    alice, bob = email("alice"), email("bob")
    record = stored(alice, f"To share {alice}")
    at = signed_in(alice, plan_id=record.id, page=LIBRARY)
    at.text_input(key=f"library_share_email_{record.id}").set_value(bob)
    at.radio(key=f"library_share_role_{record.id}").set_value("editor")
    at.button(key=f"library_share_{record.id}").click().run()
    assert_clean(at)
    assert f"Shared with **{bob}** as editor." in texts(at.success)
    with PlanStore(user=alice) as store:
        assert [(s.email, s.role) for s in store.list_shares(record.id)] == [(bob, "editor")]

    at.button(key=f"library_unshare_{record.id}_{bob}").click().run()
    assert_clean(at)
    with PlanStore(user=alice) as store:
        assert store.list_shares(record.id) == []


def test_sharing_with_a_bad_address_says_what_is_allowed_and_shares_nothing() -> None:
    alice = email("alice")
    record = stored(alice, f"Bad share {alice}")
    at = signed_in(alice, plan_id=record.id, page=LIBRARY)
    at.text_input(key=f"library_share_email_{record.id}").set_value("bob at example")
    at.button(key=f"library_share_{record.id}").click().run()
    assert (
        # founder-facing text is shown as plain text (plain(): Markdown escaped, no live address)
        plain(
            "the e-mail address to share with must look like name@example.com, got 'bob at example'"
        )
        in texts(at.error)
    )
    with PlanStore(user=alice) as store:
        assert store.list_shares(record.id) == []


def test_a_plan_not_shared_with_me_in_the_address_reads_exactly_like_a_missing_one() -> None:
    alice, bob = email("alice"), email("bob")
    hidden = stored(bob, f"Hidden {bob}")
    with PlanStore() as store:
        missing = max(p.id for p in store.list_plans()) + 1000

    def message(plan_id: int) -> str:
        at = signed_in(alice, plan_id=plan_id)
        found = [w.value for w in at.warning if "was not found" in w.value]
        assert len(found) == 1, texts(at.warning)
        assert at.session_state["plan"].settings.name != hidden.name  # not opened
        assert hidden.name not in texts(at.sidebar.caption)
        return found[0].replace(str(plan_id), "<id>")

    assert message(hidden.id) == message(missing)
    assert "there is no such plan, or it is not shared with you" in message(missing)


def test_a_viewer_sees_read_only_and_their_change_is_not_stored() -> None:
    alice, bob = email("alice"), email("bob")
    record = stored(bob, f"View only {bob}")
    with PlanStore(user=bob) as store:
        store.share(record.id, alice, "viewer")
        before = store.load_draft(record.id)

    at = signed_in(alice, plan_id=record.id, page=BUSINESS_PLAN)
    assert "**Read only.** This plan is shared with you by " + bob in texts(at.info)
    box = by_label(at.text_input, "Your own money at the start (USD)")
    box.set_value(str(float(box.value.replace(",", "")) + 12_345)).run()
    at.run()  # the next run draws the refusal at the top of the page
    assert_clean(at)
    assert "you can only view the plan" in texts(at.warning)
    with PlanStore(user=bob) as store:
        after = store.load_draft(record.id)
    assert after.revision == before.revision
    assert after.plan == before.plan


def test_each_version_shows_who_saved_it() -> None:
    alice, bob = email("alice"), email("bob")
    record = stored(alice, f"Versions by two {alice}")
    with PlanStore(user=alice) as store:
        store.share(record.id, bob, "editor")
    at = signed_in(bob, plan_id=record.id, page=LIBRARY)
    at.text_input(key="library_note").set_value("Bob's figures")
    at.button(key="FormSubmitter:library_save_version-Save version").click().run()
    assert_clean(at)
    at = signed_in(alice, plan_id=record.id, page=LIBRARY)
    versions = table(at, "Saved by")
    assert list(versions["Saved by"]) == [bob]  # type: ignore[index]
    assert f"Owned by {alice}" not in texts(at.caption)  # her own plan: no owner line


def test_the_first_sign_in_claims_plans_made_before_and_says_so() -> None:
    old = stored(None, f"Made before sign-in {uuid.uuid4().hex[:8]}")
    assert old.owner == ""
    newcomer = email("first")
    at = signed_in(newcomer)
    assert "Plans made before sign-in was switched on are now yours" in texts(at.success)
    assert f"**{old.name}**" in texts(at.success)
    with PlanStore() as store:
        assert store.get_plan(old.id).owner == newcomer
    at.run()  # once per session: the message is not repeated
    assert "are now yours" not in texts(at.success)


def test_signing_out_in_the_sidebar_is_there_when_signed_in() -> None:
    at = signed_in(email("alice"))
    assert [b.label for b in at.sidebar.button if b.label == "Sign out"] == ["Sign out"]


# --- `bash dev app`: localhost only unless sign-in is set up ------------------------------------


def _dev_app_arguments(tmp_path: Path, secrets: str | None) -> list[str]:
    """The arguments `bash dev app` gives `python -m streamlit`, with a stand-in python that
    prints them (run from a copy of `dev`, so nothing is installed)."""
    shutil.copy(ROOT / "dev", tmp_path / "dev")
    shutil.copy(ROOT / "requirements.txt", tmp_path / "requirements.txt")
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    fake = venv / "bin" / "python"
    fake.write_text('#!/bin/sh\nfor a in "$@"; do echo "$a"; done\n')
    fake.chmod(0o755)
    stamp = subprocess.run(
        "cat requirements.txt requirements.txt | sha256sum | cut -c1-16",
        shell=True, cwd=tmp_path, capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    (venv / f".installed-{stamp}").touch()
    if secrets is not None:
        (tmp_path / ".streamlit").mkdir()
        (tmp_path / ".streamlit" / "secrets.toml").write_text(secrets)
    done = subprocess.run(
        ["bash", "dev", "app"], check=False, cwd=tmp_path, env={**os.environ, "VENV": str(venv)},
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_dev_app_listens_on_this_computer_only_without_sign_in(tmp_path: Path) -> None:
    args = _dev_app_arguments(tmp_path, None)
    assert args[args.index("--server.address") + 1] == "127.0.0.1"
    other = tmp_path / "other"
    other.mkdir()
    args = _dev_app_arguments(other, '[connections.plans]\nurl = "sqlite:///x.db"\n')
    assert args[args.index("--server.address") + 1] == "127.0.0.1"


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_dev_app_leaves_the_address_to_the_config_with_sign_in(tmp_path: Path) -> None:
    args = _dev_app_arguments(tmp_path, '[auth]\nredirect_uri = "x"\n')
    assert "--server.address" not in args
