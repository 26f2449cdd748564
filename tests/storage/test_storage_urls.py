"""A database URL's password is never shown, whatever is wrong with the URL: `mask_url` and
`hide_secrets` (planner.storage.urls), and every error `PlanStore` raises for a bad URL."""

from __future__ import annotations

import logging

import pytest

from planner.storage.errors import StorageError
from planner.storage.store import PlanStore
from planner.storage.urls import hide_secrets, mask_url

SECRET = "Tr0ub4dor"


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        # the case from the issue: a port that is not a number
        (
            f"postgresql+psycopg://planner:{SECRET}@127.0.0.1:notaport/db",
            "postgresql+psycopg://planner:***@127.0.0.1:notaport/db",
        ),
        # an unknown driver
        (
            f"nosuchdb://planner:{SECRET}@db.example.com/plans",
            "nosuchdb://planner:***@db.example.com/plans",
        ),
        # no host
        (f"postgresql://planner:{SECRET}@/plans", "postgresql://planner:***@/plans"),
        # special characters, unescaped: "@", "/", ":" and "#" in the password
        (
            "postgresql://planner:p@ss/w:rd#1@db:5432/plans",
            "postgresql://planner:***@db:5432/plans",
        ),
        # special characters, %-escaped
        ("postgresql://planner:p%40ss%2Fw0rd@db/plans", "postgresql://planner:***@db/plans"),
        # no user name, only a password
        (f"postgresql://:{SECRET}@db/plans", "postgresql://:***@db/plans"),
        # a password as a parameter
        (
            f"postgresql://db/plans?sslmode=require&password={SECRET}",
            "postgresql://db/plans?sslmode=require&password=***",
        ),
        # garbage: no scheme at all
        (f"planner:{SECRET}@localhost", "planner:***@localhost"),
        # nothing secret: unchanged
        ("sqlite:////home/ana/plans.db", "sqlite:////home/ana/plans.db"),
        ("postgresql://planner@db/plans", "postgresql://planner@db/plans"),
    ],
)
def test_mask_url_hides_the_password_of_any_url(url: str, shown: str) -> None:
    assert mask_url(url) == shown


def test_hide_secrets_also_removes_a_password_a_driver_repeats() -> None:
    url = "postgresql://planner:p%40ssw0rd@db/plans"
    message = f"cannot use {url}: authentication for p@ssw0rd and p%40ssw0rd failed"
    assert hide_secrets(message, url) == (
        "cannot use postgresql://planner:***@db/plans: authentication for *** and *** failed"
    )


BAD_URLS = [
    f"postgresql+psycopg://planner:{SECRET}@127.0.0.1:notaport/db",
    f"postgresql+psycopg://planner:{SECRET}@127.0.0.1:99999999/db",
    f"nosuchdb://planner:{SECRET}@db.example.com/plans",
    f"postgresql+nosuchdriver://planner:{SECRET}@db.example.com/plans",
    f"postgresql+psycopg://planner:{SECRET}@/plans?host=/nonexistent-socket-folder",
    f"postgresql+psycopg://planner:{SECRET}@127.0.0.1:1/plans",  # nothing listens there
    f"postgresql+psycopg://planner:{SECRET}#x@y@127.0.0.1:1/plans",
    f"planner:{SECRET}@localhost",
    f"::{SECRET}@@",
]


@pytest.mark.parametrize("url", BAD_URLS)
def test_no_error_for_a_bad_url_shows_its_password(
    url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with pytest.raises(StorageError) as refused:
        PlanStore(url).close()
    message = str(refused.value)
    assert SECRET not in message
    assert "***" in message or SECRET not in url  # the URL is shown, masked
    assert SECRET not in caplog.text  # nor in any log line
    assert refused.value.__cause__ is None and refused.value.__suppress_context__


def test_the_issue_case_says_what_is_wrong_without_the_password() -> None:
    with pytest.raises(StorageError) as refused:
        PlanStore(f"postgresql+psycopg://planner:{SECRET}@127.0.0.1:notaport/db")
    assert str(refused.value) == (
        "'postgresql+psycopg://planner:***@127.0.0.1:notaport/db' is not a database URL "
        "(examples: sqlite:////path/plans.db, postgresql+psycopg://user:password@host/dbname)"
    )
