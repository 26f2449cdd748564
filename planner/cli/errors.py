"""The command line's own error: bad input on the command line, as opposed to a bad plan
(`planner.model.issues.PlanError`). Both reach `planner.cli.main.main`, which prints them and
exits with code 2. It lives here, not in `main`, so the command modules that `main` loads never
import `main` back."""

from __future__ import annotations


class UsageError(Exception):
    """Bad input on the command line: the message names the argument and what is allowed."""
