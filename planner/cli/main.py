"""The command line: one argparse front over the same core functions the app uses.

Each subcommand lives in `planner/cli/<name>.py` and exposes `register(subparsers)`, which adds its
parser and sets `handler=` (a function taking the parsed `argparse.Namespace` and returning an exit
code). Bad input never shows a traceback: a handler raises `UsageError` (or a `PlanError`), the
message goes to stderr (a `PlanError`'s heading, then its issues one per line) and the exit code
is 2.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

COMMAND_MODULES = (
    "planner.cli.summary",
    "planner.cli.staffing",
    "planner.cli.export",
    "planner.cli.plans",
)


class UsageError(Exception):
    """Bad input on the command line: the message names the argument and what is allowed."""


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
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    subparsers.required = True
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


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
        lines = [exc.heading] if exc.heading else []
        lines += [str(issue) for issue in exc.issues]  # "field.path: message", one per line
        print("error: " + "\n".join(lines), file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
