"""Reading and writing plans: plain data, YAML and JSON text, and plan files.

Loading is safe: YAML is read with a safe loader (no tags, no objects), aliases are refused (no
"billion laughs"), files over `MAX_PLAN_BYTES` are refused before parsing, and every problem is an
`Issue` in the `PlanError` raised, naming the field path and what is allowed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from planner.model.issues import Issue, PlanError, issues_from
from planner.model.plan import Plan
from planner.report.format import number

MAX_PLAN_BYTES = 2_000_000
"""Plan files larger than this (2 MB) are refused before parsing: a real plan is a few kB."""


def plan_from_dict(data: Any, *, source: str = "plan") -> Plan:
    """Validate plain data (from YAML, JSON or a form) into a Plan, or raise PlanError with one
    issue per problem, under the heading "<source> is not a valid plan:"."""
    if not isinstance(data, dict):
        got = type(data).__name__
        raise PlanError(
            Issue(
                message=f"{source}: a plan must be a mapping of sections, got {got}",
                allowed="a mapping of sections (settings, specialty, ...)",
            )
        )
    try:
        return Plan.model_validate(data)
    except ValidationError as exc:
        raise PlanError(
            issues_from(exc, Plan), heading=f"{source} is not a valid plan:", data=data
        ) from None


class _NoAliasLoader(yaml.SafeLoader):
    """Safe YAML that refuses anchors and aliases (which would allow exponential expansion)."""

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            # check_event has just parsed the next event into current_event (the stubs leave
            # peek_event, which returns it, untyped).
            event: yaml.Event = self.current_event
            where = f" (line {event.start_mark.line + 1})" if event.start_mark else ""
            raise PlanError(f"YAML aliases (*name) are not allowed in a plan file{where}")
        return super().compose_node(parent, index)


def _too_large(source: str | Path, size: int) -> PlanError:
    return PlanError(
        Issue(
            message=(
                f"{source} is {number(size)} bytes; a plan file may be at most "
                f"{number(MAX_PLAN_BYTES)} bytes"
            ),
            allowed=f"a file of at most {number(MAX_PLAN_BYTES)} bytes",
        )
    )


def _read_text(text: str, source: str) -> Any:
    """The plain data in plan text: YAML, which JSON is too.

    Strict JSON is tried first when the text starts with "{" (it is faster, and JSON that YAML
    1.1 reads differently, such as a tab-indented file, stays JSON); anything else that starts
    with "{" is flow-style YAML (`{settings: {name: X}}`), so a refusal names YAML's problem.
    """
    if text.lstrip().startswith("{"):
        try:
            return json.loads(text)
        except (json.JSONDecodeError, RecursionError):
            pass
    try:
        return yaml.load(text, Loader=_NoAliasLoader)
    except PlanError:
        raise
    except yaml.YAMLError as exc:
        raise PlanError(f"{source} is not valid YAML or JSON: {exc}") from None
    except RecursionError:
        raise PlanError(f"{source} is nested too deeply to be a plan") from None


def parse_plan_text(text: str | bytes, *, source: str = "plan file") -> Plan:
    """Parse YAML (or JSON, which is YAML) plan text into a validated Plan, or raise PlanError."""
    size = len(text.encode("utf-8") if isinstance(text, str) else text)
    if size > MAX_PLAN_BYTES:
        raise _too_large(source, size)
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            raise PlanError(f"{source} is not UTF-8 text (is it a plan file?)") from None
    data = _read_text(text, source)
    if data is None:
        raise PlanError(f"{source} is empty")
    return plan_from_dict(data, source=source)


def load_plan(path: str | Path) -> Plan:
    """Read a plan file (.yaml, .yml or .json), refusing large files before reading them."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise PlanError(f"cannot read plan file {path}: {exc.strerror}") from None
    if size > MAX_PLAN_BYTES:
        raise _too_large(path, size)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PlanError(f"cannot read plan file {path}: {exc.strerror}") from None
    return parse_plan_text(data, source=str(path))


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    """The plan as plain JSON-ready data (round-trips through `plan_from_dict`)."""
    return plan.model_dump(mode="json")


def plan_to_yaml(plan: Plan) -> str:
    """The plan as YAML text, sections in step order (round-trips through `parse_plan_text`)."""
    text: str = yaml.safe_dump(plan_to_dict(plan), sort_keys=False, allow_unicode=True, width=100)
    return text


def plan_to_json(plan: Plan) -> str:
    """The plan as indented JSON text (round-trips through `parse_plan_text`)."""
    return json.dumps(plan_to_dict(plan), indent=2, ensure_ascii=False)


def save_plan(plan: Plan, path: str | Path) -> None:
    """Write the plan file: JSON for a .json path, else YAML (UTF-8)."""
    path = Path(path)
    text = plan_to_json(plan) if path.suffix.lower() == ".json" else plan_to_yaml(plan)
    path.write_text(text, encoding="utf-8")


def with_section(plan: Plan, section: str, value: Any) -> Plan:
    """The plan with one section replaced (`"staffing"`, or a dotted path such as
    `"business_plan.narrative"`) by `value` (a model or plain data), validated as a whole plan:
    PlanError lists the issues, their paths from the plan's top."""
    data = plan_to_dict(plan)
    target = data
    *parents, last = section.split(".")
    for part in parents:
        target = target[part]
    target[last] = value.model_dump(mode="json") if hasattr(value, "model_dump") else value
    return plan_from_dict(data, source="plan")
