"""Shared fixtures and the hypothesis profile. Helpers tests import (the repository's root,
`require_tool`, `find_executable`) live in `tests/support/tools.py`."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

from tests.support.tools import ROOT

# Property tests judge correctness, not speed (speed is measured in benchmarks/): no per-example
# deadline, which a busy two-core CI machine would turn into flaky failures.
settings.register_profile("planner", deadline=None, print_blob=True)
settings.load_profile("planner")


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT
