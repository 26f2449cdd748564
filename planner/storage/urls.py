"""Which database the planner uses: one rule, for the app and the command line alike.

`resolve_url` takes the first of:

1. a URL given in code (`PlanStore(url)`: tests, tools);
2. the `PLANNER_DATABASE_URL` environment variable;
3. the app's configuration: `url` under `[connections.plans]` in `.streamlit/secrets.toml`;
4. an SQLite file in the user's data folder: `$XDG_DATA_HOME/bpo-launch-planner/plans.db`
   (by default `~/.local/share/bpo-launch-planner/plans.db`).

So one environment variable points the app and the command line at the same database, whatever
the app's secrets say.

A URL's password is never shown: `mask_url` is the one way a URL is displayed, and `hide_secrets`
cleans any message that may quote it (every error path of `PlanStore` goes through it), whatever
is wrong with the URL (a bad port, an unknown driver, no host, not a URL at all).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import quote, unquote

import sqlalchemy as sa

DATABASE_URL_ENV = "PLANNER_DATABASE_URL"
APP_FOLDER = "bpo-launch-planner"


def default_database_path() -> Path:
    """`$XDG_DATA_HOME/bpo-launch-planner/plans.db` (XDG_DATA_HOME defaults to ~/.local/share)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / APP_FOLDER / "plans.db"


def resolve_url(explicit: str | None = None, secrets_url: str | None = None) -> str:
    """The database URL: `explicit`, else `PLANNER_DATABASE_URL`, else `secrets_url`, else the
    default SQLite file. Blank values count as not given.

    >>> resolve_url("sqlite:///given.db", secrets_url="sqlite:///secret.db")
    'sqlite:///given.db'
    """
    for url in (explicit, os.environ.get(DATABASE_URL_ENV), secrets_url):
        if url and url.strip():
            return url.strip()
    return f"sqlite:///{default_database_path()}"


def sqlite_path(url: sa.URL) -> Path | None:
    """The file of an SQLite URL; None for an in-memory database."""
    database = url.database or ""
    if database in {"", ":memory:"} or database.startswith("file:"):
        return None
    return Path(database).expanduser()


MASK = "***"
_SECRET_PARAMETER = re.compile(r"(?i)\b(password|passwd|pwd|sslpassword)=([^&;\s]*)")
MIN_SCRUBBED_LENGTH = 4
"""A password this long or longer is also removed from free text (a driver's message); a shorter
one only where the URL spells it, so that masking "ab" does not garble every word with "ab"."""


def _split_password(url: str) -> tuple[str, str, str] | None:
    """`url` as (before the password, the password, from the "@" on), or None without one.

    Written for URLs that are wrong in any way, so it never parses ports or hosts: the user part
    is what comes before the LAST "@" (a password may hold "@", "/", ":" or "#" unescaped), after
    the "scheme://" if there is one; the password is what follows its first ":".
    """
    start = url.find("://")
    start = 0 if start < 0 else start + 3
    at = url.rfind("@")
    if at <= start:
        return None
    colon = url.find(":", start, at)
    if colon < 0:
        return None
    return url[: colon + 1], url[colon + 1 : at], url[at:]


def mask_url(url: str) -> str:
    """The URL with its password (and any `password=` parameter) replaced by `***`, whatever is
    wrong with it: the one way a database URL is shown, in messages, pages and logs.

    >>> mask_url("postgresql+psycopg://planner:s3cr@t/x@127.0.0.1:notaport/db")
    'postgresql+psycopg://planner:***@127.0.0.1:notaport/db'
    >>> mask_url("postgresql://db.example.com/plans?password=hunter2&sslmode=require")
    'postgresql://db.example.com/plans?password=***&sslmode=require'
    >>> mask_url("sqlite:////home/me/plans.db")
    'sqlite:////home/me/plans.db'
    """
    parts = _split_password(url)
    if parts is not None:
        url = f"{parts[0]}{MASK}{parts[2]}"
    return _SECRET_PARAMETER.sub(lambda m: f"{m.group(1)}={MASK}", url)


def url_secrets(url: str) -> list[str]:
    """The secrets a URL holds, as typed and %-decoded: its password and `password=` values."""
    found = [m.group(2) for m in _SECRET_PARAMETER.finditer(url)]
    parts = _split_password(url)
    if parts is not None:
        found.append(parts[1])
    return [s for secret in found for s in {secret, unquote(secret), quote(secret, safe="")} if s]


def hide_secrets(text: str, url: str) -> str:
    """`text` (an error message, a log line) with the URL masked wherever it appears, and its
    password removed wherever else a driver may have repeated it (see MIN_SCRUBBED_LENGTH).

    >>> hide_secrets("cannot use 'mysql://u:topsecret@h/db': topsecret refused", "mysql://u:topsecret@h/db")
    "cannot use 'mysql://u:***@h/db': *** refused"
    """
    text = text.replace(url, mask_url(url))
    for secret in sorted(url_secrets(url), key=len, reverse=True):
        if len(secret) >= MIN_SCRUBBED_LENGTH:
            text = text.replace(secret, MASK)
    return text
