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
  .xlsx/.docx/.pdf (the computed workbook or business-plan document).
- `plans restore NAME N`: go back to version N, as the app's "Go back to this version" does (the
  same storage operation): the working copy is kept first as a version of its own unless it is
  already the latest, then version N becomes the working copy; a browser tab with the plan open
  gets a conflict, not an overwrite.
- `plans share NAME EMAIL [--role viewer|editor]`, `plans unshare NAME EMAIL`: who else may see
  (viewer) or also change (editor) the plan; its owner only.
- `plans claim --owner EMAIL`: give every plan that has no owner (made before sign-in was switched
  on, or without `--user`) to EMAIL; a name EMAIL already uses gets " (2)".

Acting as a user: `--user EMAIL` (before or after `plans ACTION`), else the `PLANNER_USER`
environment variable; then every action follows the store's rules (`planner.storage.access`): only
the user's own plans and those shared with them exist, a viewer's save, restore, share... exits 2
with one line. Without a user the command line is in single-user mode and sees every plan.
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
COMPUTED_SUFFIXES = (".xlsx", ".docx", ".pdf")
SOURCE = "command line"
USER_ENV = "PLANNER_USER"


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
        "business-plan document (.docx or .pdf).",
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

    share = actions.add_parser(
        "share",
        help="share a plan with someone (its owner only)",
        description="Let EMAIL see the plan (viewer) or also change it (editor).",
    )
    share.add_argument("name", metavar="NAME", help="the plan's name")
    share.add_argument("email", metavar="EMAIL", help="who to share it with")
    share.add_argument("--role", default="viewer", help="viewer (default) or editor")
    share.set_defaults(handler=_guarded(run_share))

    unshare = actions.add_parser(
        "unshare",
        help="stop sharing a plan with someone (its owner only)",
        description="EMAIL no longer sees the plan.",
    )
    unshare.add_argument("name", metavar="NAME", help="the plan's name")
    unshare.add_argument("email", metavar="EMAIL", help="who to stop sharing it with")
    unshare.set_defaults(handler=_guarded(run_unshare))

    claim = actions.add_parser(
        "claim",
        help="give the plans with no owner to a user",
        description="Give every plan that has no owner (made before sign-in, or without --user) "
        "to EMAIL. A name EMAIL already uses gets ' (2)'.",
    )
    claim.add_argument("--owner", metavar="EMAIL", help="the new owner (default: --user)")
    claim.set_defaults(handler=_guarded(run_claim))

    for action in actions.choices.values():
        # `plans save ... --user EMAIL` as well as `--user EMAIL plans save ...`
        action.add_argument("--user", default=argparse.SUPPRESS, metavar="EMAIL", help=USER_HELP)


USER_HELP = f"act as this user (default: ${USER_ENV}; without either: single-user mode, every plan)"


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


def command_user(args: argparse.Namespace | None = None) -> str | None:
    """Who the command acts as: `--user`, else $PLANNER_USER, else None (single-user mode)."""
    import os

    given = getattr(args, "user", None) if args is not None else None
    from planner.storage.access import clean_email

    user = given if given is not None else os.environ.get(USER_ENV)
    if not user or not user.strip():
        return None
    return clean_email(user, field=f"--user (or {USER_ENV})")


def open_store(args: argparse.Namespace | None = None) -> PlanStore:
    """The plans database the app uses when run from this folder (see the module docstring),
    acting as `command_user(args)`."""
    from planner.storage.store import PlanStore
    from planner.storage.urls import resolve_url

    return PlanStore(resolve_url(secrets_url=secrets_url()), user=command_user(args))


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
    with open_store(args) as store:
        # One storage step: a plan being created under this name by another process at the same
        # moment gets this save as its next version instead of a refusal.
        record, version = store.save_version_named(name, plan, args.note, source=SOURCE)
        print(f"saved version {version.number} of '{record.name}' in {store.location}")
    return 0


def run_list(args: argparse.Namespace) -> int:

    with open_store(args) as store:
        plans = [(record, store.list_versions(record.id)) for record in store.list_plans()]
        location, user = store.location, store.user
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
                    "owner": record.owner,
                    "access": record.access,
                    "versions": [
                        {
                            "number": v.number,
                            "note": v.note,
                            "created_at": v.created_at.isoformat(),
                            "source": v.source,
                            "saved_by": v.saved_by,
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
        print(
            f"\n{record.name}  (changed {_when(record.updated_at)}, {count}{_whose(record, user)})"
        )
        for v in versions:
            note = f"  {v.note}" if v.note else ""
            print(f"  v{v.number:<4} {_when(v.created_at)}{note}")
    return 0


def run_show(args: argparse.Namespace) -> int:

    with open_store(args) as store:
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
    with open_store(args) as store:
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

    with open_store(args) as store:
        record = _find(store, args.name)
        restored = store.restore_version(record.id, args.version, record.revision, source=SOURCE)
        location = store.location
    if restored.kept is not None:
        print(f"kept the working copy of '{record.name}' as version {restored.kept.number}")
    print(f"the working copy of '{record.name}' is now version {args.version} (in {location})")
    return 0


def _whose(record: PlanRecord, user: str | None) -> str:
    """ ", shared by a@x.com, you can view" for a plan shared with the user; ", owned by a@x.com"
    for someone else's plan in single-user mode; "" for the user's own."""
    if record.access == "owner":
        return "" if record.owner == (user or "") else f", owned by {record.owner}"
    can = "view" if record.access == "viewer" else "edit"
    return f", shared by {record.owner or 'nobody yet'}, you can {can}"


def run_share(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        record = _find(store, args.name)
        share = store.share(record.id, args.email, args.role)
    print(f"shared '{record.name}' with {share.email} as {share.role}")
    return 0


def run_unshare(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        record = _find(store, args.name)
        removed = store.unshare(record.id, args.email)
    email = args.email.strip().lower()
    if removed:
        print(f"'{record.name}' is no longer shared with {email}")
    else:
        print(f"'{record.name}' was not shared with {email}; nothing changed")
    return 0


def run_claim(args: argparse.Namespace) -> int:
    owner = args.owner or command_user(args)
    if not owner:
        raise UsageError("--owner: say who gets the plans with no owner (an e-mail address)")
    with open_store(args) as store:
        claimed = store.claim_unowned(owner)
        location = store.location
    if not claimed:
        print(f"no plans without an owner in {location}")
        return 0
    who = claimed[0].owner
    print(f"{who} now owns {len(claimed)} plan{'s' if len(claimed) != 1 else ''}:")
    for record in claimed:
        print(f"  {record.name}")
    return 0
