"""Reference data shipped inside the package, found through `importlib.resources` (never a path
relative to the source tree), so an installed `bpo-planner` finds it from any folder.

- `planner/data/catalogs/*.yaml`: services, roles, resources, paperwork, compliance, locations;
- `planner/data/arrival_profiles/*.yaml`: weekly arrival patterns;
- `planner/templates/` (a link to the repository's top-level `templates/`, copied into the
  package when it is built): the starter plans and the business-plan document skeleton.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def _resource(package: str, *parts: str) -> Path:
    root = files(package)
    # The package is always installed as files on disk (pip unpacks wheels), so the traversable is
    # a real path; code that globs or opens it can then use pathlib.
    path = Path(str(root.joinpath(*parts)))
    return path


def data_path(*parts: str) -> Path:
    """A file or folder of the reference data, e.g. `data_path("catalogs", "roles.yaml")`."""
    return _resource("planner.data", *parts)


def template_path(*parts: str) -> Path:
    """A file or folder of the starter templates, e.g. `template_path("plans")`."""
    return _resource("planner", "templates", *parts)
