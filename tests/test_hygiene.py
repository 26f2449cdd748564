"""The test suite's own hygiene: helpers are imported from `tests/support/`, never from
conftest.py (pytest loads it itself; importing it a second time runs it twice), and the paths that
comments and docstrings name exist."""

from __future__ import annotations

import ast
import re
import subprocess

from tests.support.tools import ROOT, require_tool

# A path in the repository named in text: planner/charts/figures.py, tests/support/ui.py, ...
NAMED_PATH = re.compile(r"\b(?:planner|ui|tests|benchmarks|templates)/[\w/]+\.(?:py|yaml)\b")
# The README is being rewritten this round (its staleness is listed in the work's report); this
# file names stale paths as data; the errors-as-values test names a made-up module ("ui/x.py")
# to check its own pattern.
NOT_CHECKED = {"README.md", "tests/test_hygiene.py"}
MADE_UP = {"ui/x.py"}
# Stale in a file another engineer owns this round (reported to them): (file, path named).
KNOWN_STALE = {("tests/test_architecture.py", "ui/__init__.py")}


def _tracked(*patterns: str) -> list[str]:
    require_tool((ROOT / ".git").exists(), "a git checkout", "the check reads the tracked files")
    listed = subprocess.run(
        ["git", "ls-files", "-z", *patterns], cwd=ROOT, capture_output=True, check=True
    ).stdout.decode()
    return [name for name in listed.split("\0") if name and name not in NOT_CHECKED]


def test_no_test_imports_conftest() -> None:
    importers = []
    for name in _tracked("tests/*.py", "tests/**/*.py"):
        tree = ast.parse((ROOT / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").endswith("conftest"):
                importers.append(name)
    assert not importers, importers


def test_conftest_holds_only_fixtures() -> None:
    tree = ast.parse((ROOT / "tests" / "conftest.py").read_text(encoding="utf-8"))
    functions = [node for node in tree.body if isinstance(node, ast.FunctionDef)]
    not_fixtures = [
        f.name
        for f in functions
        if not any("fixture" in ast.unparse(decorator) for decorator in f.decorator_list)
    ]
    assert not not_fixtures, not_fixtures


def test_every_path_named_in_the_code_and_docs_exists() -> None:
    missing = []
    for name in _tracked("*.py", "*.yaml", "*.md", "*.toml", ".ci/*"):
        text = (ROOT / name).read_text(encoding="utf-8", errors="replace")
        for n, line in enumerate(text.splitlines(), 1):
            for path in NAMED_PATH.findall(line):
                known = path in MADE_UP or (name, path) in KNOWN_STALE
                if not known and not (ROOT / path).exists():
                    missing.append(f"{name}:{n}: {path}")
    assert not missing, "\n".join(missing)
