"""`python -m planner export PLAN.yaml -o OUT.xlsx|OUT.docx`: the workbook or the written plan.

The file type follows OUT's extension. A bad plan, an unknown extension or an unwritable OUT is one
line on stderr and exit code 2. For the document, charts need Chrome or Chromium: without one the
document is still written (with its tables) and a note on stderr says what is missing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from planner.cli import UsageError

EXTENSIONS = (".xlsx", ".docx")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "export",
        help="write a plan's live Excel workbook (.xlsx) or business-plan document (.docx)",
        description=(
            "Compute a plan file and write it as a live Excel workbook (OUT ending in .xlsx) or "
            "a business-plan document (OUT ending in .docx)."
        ),
    )
    parser.add_argument("plan", metavar="PLAN.yaml", help="the plan file (.yaml, .yml or .json)")
    parser.add_argument(
        "-o", "--output", metavar="OUT", required=True, help="the file to write: .xlsx or .docx"
    )
    parser.set_defaults(handler=run_export)


def run_export(args: argparse.Namespace) -> int:
    out = Path(args.output)
    suffix = out.suffix.lower()
    if suffix not in EXTENSIONS:
        raise UsageError(
            f"-o/--output: the file name must end in .xlsx (workbook) or .docx (document), "
            f"got {str(out)!r}"
        )
    if not out.parent.is_dir():
        raise UsageError(f"-o/--output: folder {str(out.parent)!r} does not exist")

    from planner.engine import project
    from planner.export import document_bytes, workbook_bytes
    from planner.model import load_plan

    projection = project(load_plan(args.plan))  # a PlanError becomes one line and exit 2
    if suffix == ".xlsx":
        content = workbook_bytes(projection)
    else:
        result = document_bytes(projection)
        content = result.content
        if result.missing:
            print(f"note: {result.missing}", file=sys.stderr)
    try:
        out.write_bytes(content)
    except OSError as exc:
        raise UsageError(f"-o/--output: cannot write {str(out)!r}: {exc.strerror}") from None
    print(f"wrote {out} ({len(content):,} bytes)")
    return 0
