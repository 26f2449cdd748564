"""The command line: one argparse front over the same core functions the app uses.

Each subcommand lives in `planner/cli/<name>.py` and exposes `register(subparsers)`, which adds its
parser and sets `handler=` (a function taking the parsed `argparse.Namespace` and returning an exit
code). Bad input never shows a traceback: a handler raises `UsageError` (or a `PlanError`), the
message goes to stderr (a `PlanError`'s heading, then its issues one per line: the field in words,
its path in the file, what is wrong and what is allowed) and the exit code is 2.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from planner.cli.errors import UsageError

if TYPE_CHECKING:
    from planner.model.issues import Issue, PlanError

COMMAND_MODULES = (
    "planner.cli.summary",
    "planner.cli.staffing",
    "planner.cli.export",
    "planner.cli.plans",
    "planner.cli.risk",
    "planner.cli.scenarios",
    "planner.cli.actuals",
    "planner.cli.bid",
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        raise UsageError(message)


def _program_name() -> str:
    """How the user called us: `bpo-planner` (the installed command) or `python -m planner`."""
    called = os.path.basename(sys.argv[0]) if sys.argv and sys.argv[0] else ""
    return "python -m planner" if called in {"", "__main__.py", "-c"} else called


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=_program_name(),
        description="BPO Launch Planner: compute, staff, export and store launch plans.",
    )
    parser.add_argument(
        "--user",
        metavar="EMAIL",
        help="act as this user on stored plans: only theirs and those shared with them "
        "(default: $PLANNER_USER; without either: single-user mode, every plan)",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    subparsers.required = True
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def issue_line(issue: Issue) -> str:
    """One issue as the command line prints it: the field in words, its dotted path in the file
    (which a founder editing YAML searches for), what is wrong and what is allowed (unless the
    message already says it).

    >>> from planner.model.issues import Issue
    >>> issue_line(Issue(("staffing", "shrinkage"), "must be less than 0.9, got 0.95", "0 to 0.89"))
    'Shrinkage (staffing.shrinkage): must be less than 0.9, got 0.95; allowed: 0 to 0.89'
    >>> issue_line(Issue((), "plan.yaml is empty"))
    'plan.yaml is empty'
    """
    from planner.model.issues import describe, with_allowed

    line = describe(issue)
    if issue.path and issue.where not in line:
        head, sep, message = line.partition(": ")
        line = f"{head} ({issue.where}){sep}{message}"
    return with_allowed(line, issue)


def plan_error_text(exc: PlanError) -> str:
    """A `PlanError` for stderr: its heading (if any), then one line per issue (`issue_line`),
    indented under the heading."""
    lines = [issue_line(issue) for issue in exc.issues]
    if exc.heading:
        return "\n".join([exc.heading, *(f"  {line}" for line in lines)])
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    from planner.model.issues import PlanError

    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        return int(args.handler(args))
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except PlanError as exc:
        print(f"error: {plan_error_text(exc)}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
