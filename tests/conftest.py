"""Shared fixtures. Tests that need a system tool (chromium, LibreOffice, PostgreSQL) call
`require_tool`: on a developer machine without it they skip with the reason; under CI=true (where
`.ci/run` installs them) a missing tool is a failure, never a skip."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests judge correctness, not speed (speed is measured in benchmarks/): no per-example
# deadline, which a busy two-core CI machine would turn into flaky failures.
settings.register_profile("planner", deadline=None, print_blob=True)
settings.load_profile("planner")

ROOT = Path(__file__).resolve().parents[1]
IN_CI = os.environ.get("CI", "").lower() == "true"


def require_tool(available: bool, what: str, how: str) -> None:
    """Skip (or, in CI, fail) when `what` is not available; `how` says how to install it."""
    if available:
        return
    message = f"{what} is not available on this machine ({how})"
    if IN_CI:
        pytest.fail(f"{message}; CI=true, where .ci/run installs it, so this is a failure")
    pytest.skip(message)


def find_executable(*names: str) -> str | None:
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT
