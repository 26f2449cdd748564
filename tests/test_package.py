"""The installable package: a wheel built from the repository's files, installed into a fresh
virtual environment, gives a `bpo-planner` command that finds its starter plans, catalogs and
arrival profiles from any folder. Plus the command line's starter-id argument, in process.

The wheel is built from a copy of the tracked files in a temporary folder (setuptools writes
`build/` and `*.egg-info` next to the sources it builds), so the repository is left as it was. The
fresh environment gets the wheel without its dependencies; a `.pth` file lends it the test
environment's installed packages (a full install would download them all again).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from planner.cli.main import main
from planner.model.issues import PlanError
from planner.model.starters import load_plan_or_starter, template_ids
from tests.support.tools import ROOT, require_tool

STARTER = "offshore_voice_support"
PACKAGED = ("planner", "templates", "pyproject.toml", "README.md", "requirements.txt")
PIP = (sys.executable, "-m", "pip", "--disable-pip-version-check", "-q")


def _tracked_files() -> list[str]:
    require_tool(
        (ROOT / ".git").exists() and shutil.which("git") is not None,
        "a git checkout with git",
        "the wheel is built from the tracked files: run from a clone, with git installed",
    )
    listed = subprocess.run(
        ["git", "ls-files", "-z", *PACKAGED],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    return [name for name in listed.split("\0") if name]


def _copy_sources(target: Path) -> None:
    for name in _tracked_files():
        source, copy = ROOT / name, target / name
        copy.parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():  # planner/templates -> ../templates: the build follows it
            copy.symlink_to(os.readlink(source))
        else:
            shutil.copy2(source, copy)


def _build_leftovers() -> set[str]:
    return {
        path.name for path in ROOT.iterdir() if path.name == "build" or ".egg-info" in path.name
    }


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bin/ folder of a fresh virtual environment with the planner's wheel installed."""
    work = tmp_path_factory.mktemp("package")
    before = _build_leftovers()
    _copy_sources(work / "src")
    build = subprocess.run(
        [*PIP, "wheel", "--no-deps", "-w", str(work / "dist"), str(work / "src")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert build.returncode == 0, build.stderr
    assert _build_leftovers() == before, "the build wrote into the repository"
    (wheel,) = (work / "dist").glob("bpo_launch_planner-*.whl")

    env_dir = work / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    install = subprocess.run(
        [*PIP, "--python", str(python), "install", "--no-deps", str(wheel)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert install.returncode == 0, install.stderr
    # Lend the fresh environment this one's packages (pandas, pydantic, ...), after its own.
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    (Path(purelib) / "borrowed.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return env_dir / "bin"


def _run(bin_dir: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    environment["PLANNER_DATABASE_URL"] = f"sqlite:///{cwd / 'plans.db'}"
    return subprocess.run(
        [str(bin_dir / args[0]), *args[1:]],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.package
def test_the_installed_package_is_the_wheel_not_the_checkout(installed, tmp_path):
    result = _run(
        installed, "python", "-c", "import planner; print(planner.__file__)", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()).is_relative_to(installed.parent)


@pytest.mark.package
def test_bpo_planner_lists_the_starters_from_any_folder(installed, tmp_path):
    result = _run(installed, "bpo-planner", "templates", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    listed = {line.split()[0] for line in result.stdout.splitlines() if not line.startswith(" ")}
    assert listed == set(template_ids())


@pytest.mark.package
def test_bpo_planner_computes_a_starter_by_id_and_by_file(installed, tmp_path):
    # Computing needs the catalogs (roles, resources, ...) and the arrival profiles: from the wheel.
    by_id = _run(installed, "bpo-planner", "summary", STARTER, "--json", cwd=tmp_path)
    assert by_id.returncode == 0, by_id.stderr
    copy = tmp_path / "mine.yaml"
    shutil.copy(ROOT / "templates" / "plans" / f"{STARTER}.yaml", copy)
    by_file = _run(installed, "bpo-planner", "summary", "mine.yaml", "--json", cwd=tmp_path)
    assert by_file.returncode == 0, by_file.stderr
    summary = json.loads(by_id.stdout)
    assert summary == json.loads(by_file.stdout)
    assert summary["horizon_months"] == len(summary["monthly"]) > 0


@pytest.mark.package
def test_bpo_planner_exports_a_starter_workbook(installed, tmp_path):
    result = _run(installed, "bpo-planner", "export", STARTER, "-o", "plan.xlsx", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "plan.xlsx").read_bytes()[:2] == b"PK"  # a zip: the xlsx container


@pytest.mark.package
def test_bpo_planner_writes_a_starter_document(installed, tmp_path):
    """The document's skeleton (templates/document/business_plan.yaml) must be in the wheel. Without
    Chrome or Chromium the charts are left out (a note on stderr), the document is still written."""
    result = _run(installed, "bpo-planner", "export", STARTER, "-o", "plan.docx", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    written = tmp_path / "plan.docx"
    assert written.read_bytes()[:2] == b"PK"  # a zip: the docx container
    import docx

    text = "\n".join(p.text for p in docx.Document(str(written)).paragraphs)
    assert load_plan_or_starter(STARTER).settings.name in text


# -- the starter-id argument, in process ----------------------------------------------------------


def test_a_plan_argument_is_a_file_or_a_starter_id(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    starter = load_plan_or_starter(STARTER)
    shutil.copy(ROOT / "templates" / "plans" / f"{STARTER}.yaml", tmp_path / STARTER)
    assert load_plan_or_starter(STARTER) == starter  # an existing file of that name wins
    assert load_plan_or_starter(tmp_path / STARTER) == starter


def test_an_unknown_plan_argument_names_the_starters(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(PlanError) as caught:
        load_plan_or_starter("offshore")
    assert str(caught.value) == (
        "offshore: no such plan file, and no starter plan has that id (starters: "
        + ", ".join(template_ids())
        + ")"
    )
    # A name with a suffix or a folder is a file name: the file's own error, no starter lookup.
    with pytest.raises(PlanError, match=r"cannot read plan file offshore\.yaml"):
        load_plan_or_starter("offshore.yaml")


def test_summary_and_export_take_a_starter_id(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["summary", STARTER, "--json"]) == 0
    assert (
        json.loads(capsys.readouterr().out)["name"] == load_plan_or_starter(STARTER).settings.name
    )
    assert main(["export", STARTER, "-o", "plan.xlsx"]) == 0
    assert (tmp_path / "plan.xlsx").exists()
    assert main(["summary", "nope"]) == 2
    assert "no starter plan has that id" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["summary", "export"])
def test_help_says_plan_may_be_a_starter_id(command, capsys):
    with pytest.raises(SystemExit):
        main([command, "--help"])
    assert "starter's id" in capsys.readouterr().out
