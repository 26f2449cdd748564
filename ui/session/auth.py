"""Who is using the app: Streamlit's built-in OpenID Connect sign-in (`st.login`, `st.user`,
`st.logout`), switched on by an `[auth]` section in `.streamlit/secrets.toml`:

    [auth]
    redirect_uri = "https://plans.example.com/oauth2callback"
    cookie_secret = "a long random string"
    client_id = "..."
    client_secret = "..."
    server_metadata_url = "https://accounts.example.com/.well-known/openid-configuration"

- Sign-in on (`configured()`): nothing is shown before the visitor signs in (`gate()`), and
  `user()` is the signed-in e-mail, which `ui.session.persistence` opens the plans database as
  (`PlanStore.as_user`): the store, not the page, decides what the user may see and change.
- Sign-in off: `user()` is None, single-user mode as before owners existed (every plan, no owner).

This module imports nothing from `ui`, so `persistence` may use it without a cycle.
"""

from __future__ import annotations

import contextlib
from typing import Any

import streamlit as st

REQUIRED = ("redirect_uri", "cookie_secret", "client_id", "client_secret", "server_metadata_url")
"""The `[auth]` keys sign-in needs (one provider, Streamlit's default `st.login()`)."""
_USER_KEY = "_signed_in_as"


def _auth_section() -> dict[str, Any]:
    try:
        if not st.secrets.load_if_toml_exists():
            return {}
        section = st.secrets.get("auth")
    except Exception:  # an unreadable secrets file: Streamlit reports it itself
        return {}
    return dict(section) if section is not None else {}


def configured() -> bool:
    """Whether sign-in is switched on: an `[auth]` section with every key in REQUIRED."""
    section = _auth_section()
    return all(str(section.get(key, "")).strip() for key in REQUIRED)


def missing_keys() -> list[str]:
    """The REQUIRED keys an `[auth]` section lacks ([] when there is none at all, or all are
    there): a half-written section is a mistake to show, not a reason to run without sign-in
    silently."""
    section = _auth_section()
    if not section:
        return []
    return [key for key in REQUIRED if not str(section.get(key, "")).strip()]


def user() -> str | None:
    """The signed-in user's e-mail (lower-case), or None: sign-in off, or nobody signed in."""
    if not configured():
        return None
    try:
        if not st.user.is_logged_in:
            return None
        email = st.user.get("email")
    except Exception:
        return None
    return str(email).strip().lower() if email else None


def gate() -> None:
    """With sign-in on: stop the page with a sign-in screen until the visitor signs in. When the
    user of this browser session changes (signed out, another signed in), everything the session
    remembered of the last user (their plan, its id, messages) is dropped first."""
    if not configured():
        broken = missing_keys()
        if broken:
            st.error(
                "Sign-in is half set up: the [auth] section of .streamlit/secrets.toml lacks "
                + ", ".join(broken)
                + ". Add them (see the README, 'Running it for a team') or remove the section.",
                icon=":material/lock:",
            )
            st.stop()
        return
    email = user()
    if st.session_state.get(_USER_KEY) not in (None, email):
        for key in list(st.session_state.keys()):
            del st.session_state[key]
    if email is None:
        _sign_in_screen()
        st.stop()
    st.session_state[_USER_KEY] = email


def _sign_in_screen() -> None:
    st.title("BPO Launch Planner")
    logged_in_without_email = False
    with contextlib.suppress(Exception):
        logged_in_without_email = bool(st.user.is_logged_in)
    if logged_in_without_email:
        st.error(
            "Your sign-in did not give an e-mail address, and plans are kept per e-mail. Sign "
            "out and use an account with an e-mail address.",
            icon=":material/lock:",
        )
        st.button("Sign out", on_click=st.logout, key="auth_sign_out_no_email")
        return
    st.info("Sign in to see your plans and the plans shared with you.", icon=":material/lock:")
    st.button("Sign in", type="primary", icon=":material/login:", on_click=st.login)


def sidebar() -> None:
    """Who is signed in and the sign-out button (nothing when sign-in is off)."""
    email = user()
    if email is None:
        return
    st.caption(f"Signed in as **{email}**")
    st.button(
        "Sign out", key="auth_sign_out", on_click=st.logout, icon=":material/logout:",
        width="stretch",
    )  # fmt: skip
