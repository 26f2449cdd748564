"""The shape of the house, checked on the source: no import circle in `planner/`, `ui/` and
`app.py`, the core never imports Streamlit or `ui`, each layer imports only the layers in `ALLOWED`
(and `ALLOWED` holds nothing the code does not use), the few `KNOWN_EXCEPTIONS` are still needed,
only `ui.session.persistence` and the command line use `PlanStore`, no function in `planner/` is
longer than `MAX_FUNCTION_LINES`, and no code in `planner/` finds files through the source tree's
layout (`Path(__file__).parents[n]`).

Imports are read with `ast`, not by importing: every `import` and `from ... import`, including
those inside functions, except the ones under `if TYPE_CHECKING:` (they never run).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("planner", "ui")
MAX_FUNCTION_LINES = 100

# Layer -> the layers it may import (its own layer always). A module's layer is the longest key of
# LAYER_PREFIXES its dotted name starts with. Lower layers first; a line here is a decision: add a
# dependency only where the code needs it and it points down.
LAYER_PREFIXES = {
    "app": "app",  # app.py: page config, navigation, the sidebar's progress
    "planner": "package",  # planner/__init__.py
    "planner.__main__": "main",  # python -m planner
    "planner.rounding": "rounding",  # the one ceil/floor and display rounding
    "planner.data": "resources",  # planner/data/__init__.py: where the shipped files are
    "planner.data.profiles": "resources",  # arrival profiles: shipped data, read before the model
    "planner.model": "model",  # the plan, its files, limits, labels and issues
    "planner.queueing": "queueing",  # Erlang kernels
    "planner.bid.types": "bid.types",  # the bid desk's value types (a leaf: pandas only)
    "planner.report.format": "format",  # money, percent and numbers for people
    "planner.data.catalog": "data",  # reference catalogs, typed with the model's sections
    "planner.engine": "engine",  # the stages and the Projection
    "planner.report": "report",  # yearly tables, comparisons
    "planner.steps": "steps",  # pure helpers of each step
    "planner.charts": "charts",
    "planner.export": "export",
    "planner.storage": "storage",
    "planner.cli": "cli",
    "ui.session": "ui.session",  # the one module with st.session_state, and persistence
    "ui.components": "ui.components",
    "ui.views": "ui.views",
}
# planner.rounding is the bottom layer: every layer may use it, except storage (which keeps plans
# and computes nothing) and the entry point. planner.data (the locator) and the model come next.
R = {"rounding"}
ALLOWED: dict[str, set[str]] = {
    "package": set(),
    "rounding": set(),
    "resources": set(),
    # starters.py finds the starter files through the locator; limits and files word numbers in
    # messages with the one number format
    "model": R | {"resources", "format"},
    "bid.types": set(),
    # channels.py staffs a channel's ChannelTargets and names their fields in words (model.labels)
    "queueing": R | {"bid.types", "model"},
    "format": R,
    "data": R | {"resources", "model", "format"},
    # project() loads the arrival profiles once; a chat line's service level goes through
    # planner.queueing.channels.staff_intervals, which takes the bid desk's ChannelTargets
    "engine": R | {"resources", "model", "queueing", "bid.types"},
    "report": R | {"model", "engine", "format"},
    "steps": R | {"model", "data", "engine", "format"},
    "charts": R | {"model", "engine", "report", "format"},
    "export": R | {"resources", "model", "engine", "report", "format", "steps", "charts"},
    "storage": {"model"},
    "cli": R
    | {"model", "queueing", "engine", "report", "format", "export", "storage", "bid.types"},
    "main": {"cli"},
    "ui.session": R | {"model", "engine", "report", "storage"},  # report: the risk runs' cache
    # arrival.py shows the arrival patterns' grids and time zones (planner.data.profiles)
    "ui.components": R | {"resources", "model", "engine", "format", "steps", "ui.session"},
    "ui.views": R
    | {
        "resources",
        "model",
        "data",
        "engine",
        "report",
        "format",
        "steps",
        "charts",
        "export",
        "storage",
        "ui.session",
        "ui.components",
    },
    "app": R | {"model", "steps", "ui.session", "ui.components"},
}
# Imports the table does not allow, kept until the code moves, each with the reason. The test fails
# when one is no longer needed, so the list only shrinks.
KNOWN_EXCEPTIONS = {
    # The staffing page's "what one more agent buys" curve is computed beside the tables
    # (planner.report.tables.agents_curve: Erlang over the engine's busiest interval). It belongs
    # in the engine or the Projection; the report layer should only read the Projection.
    ("planner.report.tables", "planner.queueing.erlang"),
}
# PlanStore (the SQL) is reached by the app through ui.session.persistence only, and by the
# command line through planner.cli.plans; pages may catch storage's errors and read its records.
PLAN_STORE_USERS = {"ui.session.persistence", "planner.cli.plans"}


@dataclass(frozen=True)
class Module:
    name: str
    path: Path
    tree: ast.Module
    is_package: bool


def _modules() -> dict[str, Module]:
    app = ROOT / "app.py"
    found = {"app": Module("app", app, ast.parse(app.read_text(encoding="utf-8")), False)}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            is_package = parts[-1] == "__init__"
            if is_package:
                parts.pop()
            name = ".".join(parts)
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            found[name] = Module(name, path, tree, is_package)
    return found


MODULES = _modules()


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _import_nodes(node: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import statement under `node`, at any depth, skipping `if TYPE_CHECKING:` bodies."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.If) and _is_type_checking(child.test):
            for statement in child.orelse:
                yield from _import_nodes(ast.Module(body=[statement], type_ignores=[]))
            continue
        if isinstance(child, ast.Import | ast.ImportFrom):
            yield child
        yield from _import_nodes(child)


def imported_names(module: Module, *, through_packages: bool = True) -> set[str]:
    """Dotted names `module` imports: `import a.b` gives a.b; `from a import b` gives a and a.b
    (a.b counts only if it is a module); relative imports are resolved against the package.

    With `through_packages=False` (the layer check), `from a import b, c` where b and c are modules
    of a gives a.b and a.c only: `from planner.report import format` uses the format module, not
    the report package (whose `__init__` still runs, so the circle check counts it)."""
    package = module.name.split(".") if module.is_package else module.name.split(".")[:-1]
    names = set()
    for node in _import_nodes(module.tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
            continue
        base_parts = package[: len(package) - node.level + 1] if node.level else []
        base = ".".join([*base_parts, *([node.module] if node.module else [])])
        submodules = {f"{base}.{alias.name}" for alias in node.names}
        if through_packages or not submodules <= MODULES.keys():
            names.add(base)
        names.update(submodules)
    return names


def import_graph(*, through_packages: bool = True) -> dict[str, set[str]]:
    """Module -> the modules of planner/, ui/ and app.py it imports (itself excluded)."""
    return {
        name: {
            target
            for target in imported_names(module, through_packages=through_packages)
            if target in MODULES
        }
        - {name}
        for name, module in MODULES.items()
    }


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One import circle per strongly connected group of modules, as a path that returns to its
    start (["a", "b", "a"]); [] when there is none. Tarjan's algorithm, then a shortest path."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(group)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return [_path_back(graph, group) for group in groups]


def _path_back(graph: dict[str, set[str]], group: set[str]) -> list[str]:
    start = min(group)
    previous: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for target in sorted(graph[node] & group):
                if target == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(previous[path[-1]])
                    return [start, *reversed(path[:-1]), start]
                if target not in previous:
                    previous[target] = node
                    following.append(target)
        frontier = following
    raise AssertionError(f"no path back to {start} in {sorted(group)}")


def layer_of(name: str) -> str:
    prefix = max(
        (p for p in LAYER_PREFIXES if name == p or name.startswith(p + ".")),
        key=len,
        default=None,
    )
    if prefix is None:
        raise AssertionError(f"{name}: in no layer; add its folder to LAYER_PREFIXES")
    return LAYER_PREFIXES[prefix]


# -- the checker checked, on small graphs ---------------------------------------------------------


def test_find_cycles_reports_each_circle_as_a_path_back_to_its_start():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a", "e"}, "e": {"d"}, "f": set()}
    assert find_cycles(graph) == [["a", "b", "c", "a"], ["d", "e", "d"]]
    assert find_cycles({"a": {"b"}, "b": set()}) == []


def test_imports_inside_functions_count_and_type_checking_ones_do_not(tmp_path):
    source = (
        "from typing import TYPE_CHECKING\n"
        "import planner.model.plan\n"
        "if TYPE_CHECKING:\n"
        "    from planner.engine.projection import Projection\n"
        "else:\n"
        "    from planner.report import compare\n"
        "def f():\n"
        "    from . import store\n"
        "    from ..model.plan import Plan\n"
    )
    module = Module("planner.storage.x", tmp_path / "x.py", ast.parse(source), is_package=False)
    assert imported_names(module) == {
        "typing",
        "typing.TYPE_CHECKING",
        "planner.model.plan",
        "planner.report",
        "planner.report.compare",
        "planner.storage",
        "planner.storage.store",
        "planner.model.plan.Plan",
    }
    # the layer check counts the modules used, not the packages they are reached through
    assert imported_names(module, through_packages=False) == {
        "typing",
        "typing.TYPE_CHECKING",
        "planner.model.plan",
        "planner.report.compare",
        "planner.storage.store",
        "planner.model.plan.Plan",
    }


# -- the code base --------------------------------------------------------------------------------


def test_modules_were_found():
    assert {"planner.engine.pipeline", "planner.model.plan", "ui.session.state"} <= set(MODULES)


def test_no_import_circle():
    cycles = find_cycles(import_graph())
    assert not cycles, "import circles:\n" + "\n".join(" -> ".join(c) for c in cycles)


def test_core_never_imports_streamlit_or_ui():
    offenders = sorted(
        f"{name} imports {target}"
        for name, module in MODULES.items()
        if name.startswith("planner")
        for target in imported_names(module)
        if target.split(".")[0] in {"streamlit", "ui"}
    )
    assert not offenders, "\n".join(offenders)


def test_allowed_table_names_only_layers():
    layers = set(LAYER_PREFIXES.values())
    assert set(ALLOWED) == layers
    for layer, allowed in ALLOWED.items():
        assert allowed <= layers, f"{layer}: unknown layers {sorted(allowed - layers)}"


def test_every_module_is_in_a_layer():
    for name in MODULES:
        layer_of(name)
    # the longest prefix wins: the resource locator is below the model, the catalogs above it
    assert layer_of("planner.data") == "resources"
    assert layer_of("planner.data.catalog") == "data"
    assert layer_of("planner.export.xlsx.workbook") == "export"
    assert layer_of("planner.report.format") == "format"
    assert layer_of("planner.report.yearly") == "report"


def layer_offenders() -> list[tuple[str, str]]:
    """(module, imported module) pairs against the layer table."""
    graph = import_graph(through_packages=False)
    return sorted(
        (name, target)
        for name, targets in graph.items()
        for target in targets
        if layer_of(target) != layer_of(name) and layer_of(target) not in ALLOWED[layer_of(name)]
    )


def test_layers_import_only_what_the_table_allows():
    offenders = [
        f"{name} ({layer_of(name)}) imports {target} ({layer_of(target)})"
        for name, target in layer_offenders()
        if (name, target) not in KNOWN_EXCEPTIONS
    ]
    assert not offenders, "imports against the layer order:\n" + "\n".join(offenders)


def test_known_exceptions_are_still_needed_and_point_down():
    offenders = set(layer_offenders())
    for name, target in KNOWN_EXCEPTIONS:
        assert (name, target) in offenders, f"{name} -> {target} is allowed now: drop the exception"
        # an exception may skip a rule of the table, never turn the order upside down
        assert layer_of(name) not in ALLOWED[layer_of(target)], f"{name} -> {target} points up"


def test_the_table_allows_only_what_the_code_uses():
    # An allowance nothing uses is a door left open; the bottom layer (rounding) is open to all.
    graph = import_graph(through_packages=False)
    used = {(layer_of(n), layer_of(t)) for n, targets in graph.items() for t in targets}
    unused = sorted(
        f"{layer} -> {allowed}"
        for layer, allowances in ALLOWED.items()
        for allowed in allowances - R
        if (layer, allowed) not in used
    )
    assert not unused, "allowed but not used (drop them from ALLOWED):\n" + "\n".join(unused)


def test_only_persistence_and_the_command_line_use_plan_store():
    users = sorted(
        name
        for name, module in MODULES.items()
        if not name.startswith("planner.storage")
        for node in _import_nodes(module.tree)
        if isinstance(node, ast.ImportFrom)
        and any(alias.name == "PlanStore" for alias in node.names)
    )
    assert set(users) <= PLAN_STORE_USERS, f"PlanStore imported by {sorted(set(users))}"


def test_layer_table_has_no_circle():
    # The table itself must point down: otherwise two layers could grow into each other.
    graph = {layer: allowed - {layer} for layer, allowed in ALLOWED.items()}
    assert find_cycles(graph) == []


def _functions(tree: ast.AST) -> Iterator[ast.FunctionDef | ast.AsyncFunctionDef]:
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node


def test_no_function_in_the_core_is_longer_than_the_limit():
    long = sorted(
        (
            node.end_lineno - node.lineno + 1,
            f"{module.path.relative_to(ROOT)}:{node.lineno} {node.name}",
        )
        for module in MODULES.values()
        if module.name.startswith("planner")
        for node in _functions(module.tree)
        if node.end_lineno is not None and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    )
    assert not long, f"functions over {MAX_FUNCTION_LINES} lines:\n" + "\n".join(
        f"{lines} lines  {where}" for lines, where in reversed(long)
    )


def _is_file_parents(node: ast.AST) -> bool:
    """`Path(__file__).parents` / `.parent` (with any `.resolve()` between)."""
    if not isinstance(node, ast.Attribute) or node.attr not in {"parent", "parents"}:
        return False
    return any(isinstance(n, ast.Name) and n.id == "__file__" for n in ast.walk(node.value))


def test_core_finds_files_through_importlib_resources_not_the_source_tree():
    # An installed package has no repository around it: `Path(__file__).parents[2] / "templates"`
    # works in a checkout only. planner.data finds shipped files with importlib.resources.
    offenders = sorted(
        f"{module.path.relative_to(ROOT)}:{node.lineno}"
        for module in MODULES.values()
        if module.name.startswith("planner")
        for node in ast.walk(module.tree)
        if _is_file_parents(node)
    )
    assert not offenders, "paths built from __file__:\n" + "\n".join(offenders)


def test_file_parents_check_sees_the_usual_spellings():
    for source in (
        "Path(__file__).parents[2] / 'templates'",
        "Path(__file__).resolve().parent",
        "pathlib.Path(__file__).parent.parent",
    ):
        assert any(_is_file_parents(n) for n in ast.walk(ast.parse(source))), source
    assert not any(_is_file_parents(n) for n in ast.walk(ast.parse("files('planner.data')")))
