"""The repository's root and the system tools some tests need (chromium, LibreOffice, PostgreSQL,
git). A test that needs a tool calls `require_tool`: on a developer machine without it the test
skips with the reason; under CI=true (where `.ci/run` installs them) a missing tool is a failure,
never a skip."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
"""The repository's root folder."""
IN_CI = os.environ.get("CI", "").lower() == "true"
"""True under CI (CI=true): a missing tool or a refreshed snapshot fails instead of passing."""


def require_tool(available: bool, what: str, how: str) -> None:
    """Skip (or, in CI, fail) when `what` is not available; `how` says how to install it."""
    if available:
        return
    message = f"{what} is not available on this machine ({how})"
    if IN_CI:
        pytest.fail(f"{message}; CI=true, where .ci/run installs it, so this is a failure")
    pytest.skip(message)


def find_executable(*names: str) -> str | None:
    """The path of the first of `names` found on PATH, or None."""
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    return None


def planner(
    *args: str, env: dict[str, str] | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """`python -m planner <args>` run from the repository's root, its output captured as text
    (never raises on a non-zero exit: tests read `returncode`, `stdout` and `stderr`); `env`:
    variables set on top of this process's environment (PLANNER_DATABASE_URL, PLANNER_USER)."""
    return subprocess.run(
        [sys.executable, "-m", "planner", *args],
        cwd=ROOT,
        env=None if env is None else {**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
