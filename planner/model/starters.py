"""Starter plans: the YAML files in `templates/plans/`, one complete plan per kind of BPO launch.

A template's id is its file name without `.yaml` (`offshore_voice_support`). Its title is the plan's
`settings.name`; its description is the first paragraph of the comment at the top of the file (up to
a blank `#` line or the first key), or the plan's `specialty.why` when the file has no such comment.

Templates are read-only data: `load_template` returns a fresh, validated `Plan` that the founder
then edits and saves elsewhere. The command line takes a starter's id wherever it takes a plan file
(`load_plan_or_starter`), so an installed `bpo-planner` reaches the starters from any folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from planner.data import template_path
from planner.model.files import load_plan
from planner.model.issues import PlanError
from planner.model.plan import Plan, Settings

TEMPLATES_DIR = template_path("plans")


@dataclass(frozen=True)
class TemplateInfo:
    """One starter plan: what a picker shows and where the file is."""

    id: str
    title: str
    description: str
    path: Path


def template_ids() -> list[str]:
    """Ids of the starter plans, sorted."""
    return sorted(path.stem for path in TEMPLATES_DIR.glob("*.yaml"))


def _path(template_id: str) -> Path:
    ids = template_ids()
    if template_id not in ids:
        raise PlanError(
            f"template: unknown template {template_id!r} (allowed: {', '.join(ids) or 'none'})"
        )
    return TEMPLATES_DIR / f"{template_id}.yaml"


def _top_comment(path: Path) -> str:
    """The first paragraph of the `#` comment before the first key, as one line of text."""
    lines: list[str] = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line.startswith("#"):
            break
        text = line.lstrip("#").strip()
        if not text and lines:
            break
        if text:
            lines.append(text)
    return " ".join(lines)


def load_plan_or_starter(name: str | Path) -> Plan:
    """The plan in the file `name`, or the starter plan whose id is `name`.

    A name that is an existing file, or that looks like a path (has a suffix or a folder), is read
    as a file; any other name is a starter's id. PlanError names the starters when it is neither.
    """
    path = Path(name)
    if path.exists() or path.suffix or len(path.parts) > 1:
        return load_plan(path)
    ids = template_ids()
    if str(name) not in ids:
        raise PlanError(
            f"{name}: no such plan file, and no starter plan has that id "
            f"(starters: {', '.join(ids) or 'none'})"
        )
    return load_template(str(name))


def load_template(template_id: str) -> Plan:
    """The validated plan of a starter template; PlanError names the allowed ids if unknown."""
    return load_plan(_path(template_id))


def list_templates() -> list[TemplateInfo]:
    """Every starter plan, sorted by id, each loaded and validated (a broken file raises)."""
    infos = []
    for template_id in template_ids():
        path = _path(template_id)
        plan = load_plan(path)
        description = _top_comment(path) or plan.specialty.why
        infos.append(
            TemplateInfo(
                id=template_id, title=plan.settings.name, description=description, path=path
            )
        )
    return infos


BLANK_NAME = "My new BPO plan"
"""The name a blank plan starts with (made unique when stored: "My new BPO plan (2)")."""


def blank_plan(name: str = BLANK_NAME) -> Plan:
    """A plan with nothing in it yet: no service lines, candidates, clients, paperwork,
    resources, roles, marketing channels, equity or loans; the settings' defaults (USD, 36
    months from 2027-01, offshore from Manila, one site, office hours) are edited in the steps.
    Valid, and the engine projects it (all figures 0).

    >>> plan = blank_plan()
    >>> (plan.settings.name, plan.specialty.service_lines, plan.staffing.roles)
    ('My new BPO plan', [], [])
    """
    return Plan(settings=Settings(name=name))
