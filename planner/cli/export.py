"""`python -m planner export PLAN [--scenario NAME] -o OUT.xlsx|OUT.docx|OUT.pdf|OUT.yaml`: the
workbook, the written plan, or the plan itself as a plan file.

PLAN is a plan file or a starter's id (`offshore_voice_support`). --scenario NAME: the plan with
that scenario of its own applied (`planner.model.drivers.apply_scenario`); with OUT.yaml that is a
plain plan file, without scenarios, that loads back and whose `summary` is `summary PLAN
--scenario NAME`'s. An unknown scenario is one line on stderr naming the scenarios there are.

The file type follows OUT's extension. A bad plan, an unknown extension or an unwritable OUT is one
line on stderr and exit code 2. The written plan is a .docx or a PDF (the same document model, two
renderers: `planner.export.docx.document`). For the document, charts need Chrome or Chromium:
without one the document is still written (with its tables) and a note on stderr says what is
missing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planner.cli.errors import UsageError
from planner.report import format as fmt

if TYPE_CHECKING:
    from planner.model.plan import Plan

EXTENSIONS = (".xlsx", ".docx", ".pdf", ".yaml", ".yml")
PLAN_FILES = (".yaml", ".yml")
"""OUT endings that write the plan itself as a plain plan file (with --scenario: that scenario
applied), not its computed figures."""


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "export",
        help=(
            "write a plan's live Excel workbook (.xlsx) or business-plan document (.docx or .pdf)"
        ),
        description=(
            "Compute a plan and write it as a live Excel workbook (OUT ending in .xlsx) or "
            "a business-plan document (OUT ending in .docx for Word, .pdf for a PDF). PLAN is a "
            "plan file (.yaml, .yml or .json) or the id of a starter plan (see the templates "
            "command)."
        ),
    )
    parser.add_argument(
        "plan", metavar="PLAN", help="a plan file, or a starter's id (e.g. offshore_voice_support)"
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        required=True,
        help="the file to write: .xlsx, .docx or .pdf (or .yaml: the plan itself as a plan file)",
    )
    parser.add_argument(
        "--scenario",
        metavar="NAME",
        help="the plan with this scenario of its own applied; with OUT.yaml the result is a plain "
        "plan file (no scenarios) whose summary is `summary PLAN --scenario NAME`",
    )
    parser.set_defaults(handler=run_export)


def run_export(args: argparse.Namespace) -> int:
    out = Path(args.output)
    suffix = out.suffix.lower()
    if suffix not in EXTENSIONS:
        raise UsageError(
            f"-o/--output: the file name must end in .xlsx (workbook), .docx or .pdf "
            f"(document), or .yaml (the plan as a plan file), got {str(out)!r}"
        )
    if not out.parent.is_dir():
        raise UsageError(f"-o/--output: folder {str(out.parent)!r} does not exist")

    from planner.cli.scenario_plan import plan_with_scenario
    from planner.model.starters import load_plan_or_starter

    plan = load_plan_or_starter(args.plan)  # PlanError: exit 2
    plan = plan_with_scenario(plan, getattr(args, "scenario", None), args.plan)
    if suffix in PLAN_FILES:
        from planner.model.files import plan_to_yaml

        content = plan_to_yaml(plan).encode("utf-8")
    else:
        content = computed_bytes(plan, suffix)
    try:
        out.write_bytes(content)
    except OSError as exc:
        raise UsageError(f"-o/--output: cannot write {str(out)!r}: {exc.strerror}") from None
    print(f"wrote {out} ({fmt.number(len(content))} bytes)")
    return 0


def computed_bytes(plan: Plan, suffix: str) -> bytes:
    """The computed plan as file bytes: the workbook (".xlsx") or the business plan (".docx" or
    ".pdf").

    The engine and the exporters load here, not when the command line starts. A document whose
    charts could not be drawn (no browser) is still returned; a note on stderr says what is missing.
    """
    if suffix != ".xlsx":
        from planner.export import prepare_document

        prepare_document()  # the chart browser opens while the engine loads and computes the plan
    from planner.engine.pipeline import project
    from planner.export import document_bytes, workbook_bytes

    projection = project(plan)
    if suffix == ".xlsx":
        return workbook_bytes(projection)
    result = document_bytes(projection, file_format=suffix.lstrip("."))
    if result.missing:
        print(f"note: {result.missing}", file=sys.stderr)
    return result.content
