"""Which database the planner uses: one rule, for the app and the command line alike.

`resolve_url` takes the first of:

1. a URL given in code (`PlanStore(url)`: tests, tools);
2. the `PLANNER_DATABASE_URL` environment variable;
3. the app's configuration: `url` under `[connections.plans]` in `.streamlit/secrets.toml`;
4. an SQLite file in the user's data folder: `$XDG_DATA_HOME/bpo-launch-planner/plans.db`
   (by default `~/.local/share/bpo-launch-planner/plans.db`).

So one environment variable points the app and the command line at the same database, whatever
the app's secrets say.
"""

from __future__ import annotations

import os
from pathlib import Path

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
