"""`python -m planner plans ...`: the stored plans, in the same database as the app.

The database is `PLANNER_DATABASE_URL` (any SQLAlchemy URL), else the app's own setting, `url`
under `[connections.plans]` in `.streamlit/secrets.toml` of the current folder (so run from the
project folder, the command line shares the app's database), else the default SQLite file in the
user's data folder (the one rule is `planner.storage.urls.resolve_url`).

- `plans save PLAN.yaml [--name NAME] [--note TEXT]`: store the file as a new version of the plan
  NAME (default: the plan's `settings.name`), creating the plan if needed. The file also becomes the
  plan's working copy, so a browser tab with the plan open gets a conflict, not an overwrite.
- `plans list [--json]`: the plans, most recently changed first, with their versions.
- `plans show NAME [--version N]`: the working copy (or version N) as YAML, after a comment header.
- `plans export NAME [--version N] -o FILE`: write it as .yaml/.yml/.json (the plan) or
  .xlsx/.docx (the computed workbook or business-plan document).
- `plans restore NAME N`: go back to version N, as the app's "Go back to this version" does (the
  same storage operation): the working copy is kept first as a version of its own unless it is
  already the latest, then version N becomes the working copy; a browser tab with the plan open
  gets a conflict, not an overwrite.
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planner.cli.errors import UsageError
from planner.model.files import load_plan, plan_to_json, plan_to_yaml
from planner.model.plan import Plan
from planner.report import format as fmt

if TYPE_CHECKING:  # SQLAlchemy loads when a plans command runs, not when the command line starts
    from planner.storage.store import PlanRecord, PlanStore

PLAN_SUFFIXES = (".yaml", ".yml", ".json")
COMPUTED_SUFFIXES = (".xlsx", ".docx")
SOURCE = "command line"


def register(subparsers: Any) -> None:
    plans = subparsers.add_parser(
        "plans",
        help="save, list, show, export and restore the stored plans",
        description=(
            "The plans stored by the app, in PLANNER_DATABASE_URL or the default SQLite file "
            "(~/.local/share/bpo-launch-planner/plans.db)."
        ),
    )
    actions = plans.add_subparsers(dest="action", metavar="ACTION", parser_class=type(plans))
    actions.required = True

    save = actions.add_parser(
        "save",
        help="store a plan file as a new version",
        description="Store a plan file as a new version (the plan is created if it is new).",
    )
    save.add_argument("plan", metavar="PLAN.yaml", help="the plan file (.yaml, .yml or .json)")
    save.add_argument("--name", help="the stored plan's name (default: the plan's settings.name)")
    save.add_argument("--note", default="", help="what changed in this version")
    save.set_defaults(handler=_guarded(run_save))

    listing = actions.add_parser(
        "list", help="list plans and versions", description="List the stored plans."
    )
    listing.add_argument("--json", action="store_true", help="print one JSON object")
    listing.set_defaults(handler=_guarded(run_list))

    show = actions.add_parser(
        "show", help="print a stored plan as YAML", description="Print a stored plan as YAML."
    )
    show.add_argument("name", metavar="NAME", help="the plan's name")
    show.add_argument("--version", type=int, metavar="N", help="a saved version (default: latest)")
    show.set_defaults(handler=_guarded(run_show))

    export = actions.add_parser(
        "export",
        help="write a stored plan to a file",
        description="Write a stored plan as .yaml/.yml/.json, or its workbook (.xlsx) or "
        "business-plan document (.docx).",
    )
    export.add_argument("name", metavar="NAME", help="the plan's name")
    export.add_argument("--version", type=int, metavar="N", help="a saved version")
    export.add_argument("-o", "--output", required=True, metavar="FILE", help="the file to write")
    export.set_defaults(handler=_guarded(run_export))

    restore = actions.add_parser(
        "restore",
        help="go back to a saved version",
        description="Make version N the plan's working copy. The working copy it replaces is "
        "kept first as a version of its own, unless it is already the latest version.",
    )
    restore.add_argument("name", metavar="NAME", help="the plan's name")
    restore.add_argument("version", type=int, metavar="N", help="the version to go back to")
    restore.set_defaults(handler=_guarded(run_restore))


SECRETS_FILE = Path(".streamlit") / "secrets.toml"
"""The app's settings file, relative to the folder the command runs in (as Streamlit reads it)."""


def secrets_url(folder: Path | None = None) -> str | None:
    """The app's database URL: `url` under `[connections.plans]` in `.streamlit/secrets.toml` of
    `folder` (the current folder), or None when there is no such file or setting. A file that is
    not TOML is a UsageError naming it (the app would refuse it too)."""
    path = (folder if folder is not None else Path.cwd()) / SECRETS_FILE
    try:
        settings = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise UsageError(f"{path}: cannot read the app's settings ({exc})") from None
    connections = settings.get("connections")
    plans = connections.get("plans") if isinstance(connections, dict) else None
    url = plans.get("url") if isinstance(plans, dict) else None
    return url if isinstance(url, str) else None


def open_store() -> PlanStore:
    """The plans database the app uses when run from this folder (see the module docstring)."""
    from planner.storage.store import PlanStore
    from planner.storage.urls import resolve_url

    return PlanStore(resolve_url(secrets_url=secrets_url()))


Handler = Callable[[argparse.Namespace], int]


def _guarded(handler: Handler) -> Handler:
    """Storage problems are bad input (a wrong URL, a foreign file): a message, exit code 2."""

    def run(args: argparse.Namespace) -> int:
        from planner.storage.errors import StorageError

        try:
            return int(handler(args))
        except StorageError as exc:
            raise UsageError(str(exc)) from None

    return run


def _find(store: PlanStore, name: str) -> PlanRecord:
    record = store.find_plan(name)
    if record is None:
        names = [p.name for p in store.list_plans()]
        shown = ", ".join(f"'{n}'" for n in names[:10]) or "none yet"
        raise UsageError(f"no stored plan is named '{name}' (plans: {shown})")
    return record


def _load(store: PlanStore, record: PlanRecord, version: int | None) -> Plan:
    if version is None:
        return store.load_draft(record.id).plan
    return store.load_version(record.id, version)


def _when(value: datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC")


def run_save(args: argparse.Namespace) -> int:

    plan = load_plan(args.plan)
    name = args.name if args.name is not None else plan.settings.name
    with open_store() as store:
        record = store.find_plan(name)
        if record is None:
            record = store.create_plan(name, plan)
        version = store.save_version(record.id, plan, args.note, source=SOURCE, replace_draft=True)
        print(f"saved version {version.number} of '{record.name}' in {store.location}")
    return 0


def run_list(args: argparse.Namespace) -> int:

    with open_store() as store:
        plans = [(record, store.list_versions(record.id)) for record in store.list_plans()]
        location = store.location
    if args.json:
        data = {
            "database": location,
            "plans": [
                {
                    "id": record.id,
                    "name": record.name,
                    "created_at": record.created_at.isoformat(),
                    "updated_at": record.updated_at.isoformat(),
                    "revision": record.revision,
                    "versions": [
                        {
                            "number": v.number,
                            "note": v.note,
                            "created_at": v.created_at.isoformat(),
                            "source": v.source,
                        }
                        for v in versions
                    ],
                }
                for record, versions in plans
            ],
        }
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return 0
    if not plans:
        print(f"no plans stored yet in {location}")
        return 0
    print(f"{len(plans)} plan{'s' if len(plans) != 1 else ''} in {location}")
    for record, versions in plans:
        count = f"{len(versions)} version{'s' if len(versions) != 1 else ''}"
        print(f"\n{record.name}  (changed {_when(record.updated_at)}, {count})")
        for v in versions:
            note = f"  {v.note}" if v.note else ""
            print(f"  v{v.number:<4} {_when(v.created_at)}{note}")
    return 0


def run_show(args: argparse.Namespace) -> int:

    with open_store() as store:
        record = _find(store, args.name)
        plan = _load(store, record, args.version)
    which = f"version {args.version}" if args.version is not None else "working copy"
    sys.stdout.write(
        f"# plan '{record.name}', {which}; changed {_when(record.updated_at)}; "
        f"{record.version_count} saved version(s)\n"
    )
    sys.stdout.write(plan_to_yaml(plan))
    return 0


def run_export(args: argparse.Namespace) -> int:
    from planner.cli.export import computed_bytes

    output = Path(args.output)
    suffix = output.suffix.lower()
    allowed = ", ".join(PLAN_SUFFIXES + COMPUTED_SUFFIXES)
    if suffix not in PLAN_SUFFIXES + COMPUTED_SUFFIXES:
        raise UsageError(f"-o {output}: the file must end in one of {allowed}")
    if not output.parent.is_dir():
        raise UsageError(f"-o {output}: the folder {output.parent} does not exist")
    with open_store() as store:
        record = _find(store, args.name)
        plan = _load(store, record, args.version)
    if suffix in PLAN_SUFFIXES:
        text = plan_to_json(plan) if suffix == ".json" else plan_to_yaml(plan)
        data = text.encode("utf-8")
    else:
        data = computed_bytes(plan, suffix)
    try:
        output.write_bytes(data)
    except OSError as exc:
        raise UsageError(f"-o {output}: cannot write the file ({exc.strerror})") from None
    print(f"wrote {output} ({fmt.number(len(data))} bytes)")
    return 0


def run_restore(args: argparse.Namespace) -> int:

    with open_store() as store:
        record = _find(store, args.name)
        restored = store.restore_version(record.id, args.version, record.revision, source=SOURCE)
        location = store.location
    if restored.kept is not None:
        print(f"kept the working copy of '{record.name}' as version {restored.kept.number}")
    print(f"the working copy of '{record.name}' is now version {args.version} (in {location})")
    return 0
