"""How the UI reaches storage, read from the source: `ui.session.persistence` is the one adapter
(no other UI module names `PlanStore`), it imports nothing from `ui` but the sign-in
(`ui.session.auth`, which imports nothing from `ui`), and no UI modules import each other in a
circle (imports inside functions count: they only hide the order)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
UI_FILES = [ROOT / "app.py", *sorted((ROOT / "ui").rglob("*.py"))]


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path) -> set[str]:
    """Every module `path` imports, anywhere in the file (`from a import b` gives a and a.b)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def names_used(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    names |= {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
    return names | {
        a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) for a in n.names
    }


def ui_graph() -> dict[str, set[str]]:
    modules = {module_name(path): path for path in UI_FILES}
    return {name: imported(path) & set(modules) for name, path in modules.items()}


def test_only_persistence_touches_the_plan_store() -> None:
    users = sorted(module_name(p) for p in UI_FILES if "PlanStore" in names_used(p))
    assert users == ["ui.session.persistence"]


def test_persistence_imports_nothing_from_the_ui_but_the_sign_in() -> None:
    # The signed-in user is the one thing persistence needs from the session (which user the
    # store acts as); auth itself imports nothing from ui, so no circle can start there.
    graph = ui_graph()
    assert graph["ui.session.persistence"] <= {"ui.session", "ui.session.auth"}
    assert not graph["ui.session.auth"]


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Import circles in `graph` (module -> modules it imports), each as a path that returns to
    where it starts; every module is walked once."""
    found: list[list[str]] = []
    done: set[str] = set()

    def walk(module: str, path: list[str]) -> None:
        for target in sorted(graph.get(module, ())):
            if target in path:
                found.append([*path[path.index(target) :], target])
            elif target not in done:
                walk(target, [*path, target])
        done.add(module)

    for module in sorted(graph):
        if module not in done:
            walk(module, [module])
    return found


def test_the_circle_check_finds_a_circle() -> None:
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c", "a"]]
    assert circles({"a": {"b"}, "b": set(), "c": {"a", "b"}}) == []


def test_no_ui_modules_import_each_other_in_a_circle() -> None:
    assert circles(ui_graph()) == []
