"""`python -m planner plans ...` as a user runs it: a subprocess on a database named by
PLANNER_DATABASE_URL. Bad input gives exit code 2 and one message, never a traceback.

The many bad-input cases call `planner.cli.main.main` in this process (same code, a second each
saved);
the main path and a few errors go through a real subprocess."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import yaml

from planner.model.files import load_plan, parse_plan_text, plan_to_yaml, save_plan
from planner.model.plan import Plan
from planner.model.starters import load_template
from planner.storage.store import PlanStore
from tests.support.tools import planner as run_planner

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = sorted((ROOT / "templates" / "plans").glob("*.yaml"))[0]


def with_cash(plan: Plan, cash: float) -> Plan:
    return plan.model_copy(
        update={"financing": plan.financing.model_copy(update={"opening_cash": cash})}
    )


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'plans.db'}"


def planner(db_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    """`python -m planner ...` on the database `db_url`, in a real process."""
    return run_planner(*args, env={"PLANNER_DATABASE_URL": db_url})


def in_process(
    db_url: str, *args: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> subprocess.CompletedProcess[str]:
    """`planner.cli.main.main(args)` here, with its outcome shaped like a subprocess's."""
    from planner.cli.main import main

    monkeypatch.setenv("PLANNER_DATABASE_URL", db_url)
    capsys.readouterr()
    code = main(list(args))
    out, err = capsys.readouterr()
    return subprocess.CompletedProcess(list(args), code, out, err)


def assert_usage_error(result: subprocess.CompletedProcess[str], message: str) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert message in result.stderr


def test_save_list_show_and_export_round_trip(db_url: str, tmp_path: Path) -> None:
    plan = load_plan(TEMPLATE)

    first = planner(db_url, "plans", "save", str(TEMPLATE), "--name", "Manila", "--note", "v one")
    assert first.returncode == 0, first.stderr
    assert "saved version 1 of 'Manila'" in first.stdout

    changed = tmp_path / "changed.yaml"
    financing = plan.financing.model_copy(update={"opening_cash": 123_456.0})
    save_plan(plan.model_copy(update={"financing": financing}), changed)
    second = planner(db_url, "plans", "save", str(changed), "--name", "Manila")
    assert "saved version 2 of 'Manila'" in second.stdout

    listed = json.loads(planner(db_url, "plans", "list", "--json").stdout)
    (entry,) = listed["plans"]
    assert entry["name"] == "Manila"
    assert [(v["number"], v["note"], v["source"]) for v in entry["versions"]] == [
        (1, "v one", "command line"),
        (2, "", "command line"),
    ]
    text = planner(db_url, "plans", "list").stdout
    assert "1 plan in" in text
    assert "Manila" in text
    assert "v1" in text
    assert "v one" in text

    shown = planner(db_url, "plans", "show", "Manila", "--version", "1")
    assert shown.stdout.startswith("# plan 'Manila', version 1")
    assert parse_plan_text(shown.stdout) == plan
    latest = parse_plan_text(planner(db_url, "plans", "show", "Manila").stdout)
    assert latest.financing.opening_cash == 123_456.0  # the working copy is the last save

    for suffix in (".yaml", ".json"):
        out = tmp_path / f"exported{suffix}"
        result = planner(db_url, "plans", "export", "Manila", "--version", "1", "-o", str(out))
        assert result.returncode == 0, result.stderr
        assert load_plan(out) == plan


def test_restore_goes_back_to_a_version_keeping_the_working_copy_first(
    db_url: str, tmp_path: Path
) -> None:
    plan = load_plan(TEMPLATE)
    planner(db_url, "plans", "save", str(TEMPLATE), "--name", "Manila", "--note", "first")
    changed = tmp_path / "changed.yaml"
    save_plan(with_cash(plan, 222_222.0), changed)
    planner(db_url, "plans", "save", str(changed), "--name", "Manila")

    # The working copy is version 2 as saved: nothing to keep.
    result = planner(db_url, "plans", "restore", "Manila", "1")
    assert result.returncode == 0, result.stderr
    assert "kept" not in result.stdout
    assert "the working copy of 'Manila' is now version 1" in result.stdout
    # Version 1 under the plan's one name, "Manila".
    manila = plan.model_copy(
        update={"settings": plan.settings.model_copy(update={"name": "Manila"})}
    )
    assert parse_plan_text(planner(db_url, "plans", "show", "Manila").stdout) == manila

    # A window edits the working copy; going back keeps that edit as version 3 first.
    with PlanStore(db_url) as store:
        draft = store.load_draft(store.list_plans()[0].id)
        store.save_draft(draft.plan_id, with_cash(plan, 333_333.0), draft.revision)
    result = planner(db_url, "plans", "restore", "Manila", "2")
    assert result.returncode == 0, result.stderr
    assert "kept the working copy of 'Manila' as version 3" in result.stdout
    with PlanStore(db_url) as store:
        versions = store.list_versions(draft.plan_id)
        assert [(v.number, v.source) for v in versions][-1] == (3, "command line")
        assert versions[-1].note == "Kept automatically before going back to version 2"
        assert store.load_version(draft.plan_id, 3).financing.opening_cash == 333_333.0
        restored = store.load_draft(draft.plan_id)
        assert restored.plan.financing.opening_cash == 222_222.0
        assert restored.revision == draft.revision + 2  # the window's save, then the go-back


def test_the_name_defaults_to_the_plans_own(
    db_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    in_process(db_url, "plans", "save", str(TEMPLATE), monkeypatch=monkeypatch, capsys=capsys)
    with PlanStore(db_url) as store:
        assert [p.name for p in store.list_plans()] == [load_plan(TEMPLATE).settings.name]


def test_a_save_from_the_command_line_is_seen_by_the_app_as_a_newer_revision(db_url: str) -> None:
    with PlanStore(db_url) as store:
        record = store.create_plan("Open in a tab", Plan())
    planner(db_url, "plans", "save", str(TEMPLATE), "--name", "Open in a tab")
    with PlanStore(db_url) as store:
        assert store.get_plan(record.id).revision == record.revision + 1


def test_an_empty_database_lists_nothing(
    db_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    result = in_process(db_url, "plans", "list", monkeypatch=monkeypatch, capsys=capsys)
    assert result.returncode == 0
    assert "no plans stored yet" in result.stdout
    result = in_process(db_url, "plans", "list", "--json", monkeypatch=monkeypatch, capsys=capsys)
    assert json.loads(result.stdout)["plans"] == []


@pytest.mark.parametrize("suffix", [".xlsx", ".docx"])
def test_export_to_a_workbook_or_a_document(db_url: str, tmp_path: Path, suffix: str) -> None:
    planner(db_url, "plans", "save", str(TEMPLATE), "--name", "Book")
    out = tmp_path / f"book{suffix}"
    result = planner(db_url, "plans", "export", "Book", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert out.read_bytes()[:2] == b"PK"  # a zip: an Office Open XML file


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["plans", "show", "Nobody"], "no stored plan is named 'Nobody' (plans: 'Known')"),
        (["plans", "show", "Known", "--version", "9"], "plan 'Known' has no version 9"),
        (["plans", "show", "Known", "--version", "x"], "invalid int value: 'x'"),
        (["plans", "export", "Known", "-o", "out.txt"], "the file must end in one of .yaml"),
        (["plans", "export", "Known", "-o", "/no/such/folder/p.yaml"], "does not exist"),
        (["plans", "export", "Known"], "the following arguments are required: -o"),
        (["plans", "save", "/no/such/plan.yaml"], "cannot read plan file /no/such/plan.yaml"),
        (["plans", "save", str(TEMPLATE), "--name", " "], "a plan name must not be empty"),
        (["plans", "restore", "Known", "9"], "plan 'Known' has no version 9 (versions: none yet)"),
        (["plans", "restore", "Known", "x"], "invalid int value: 'x'"),
        (["plans", "restore", "Nobody", "1"], "no stored plan is named 'Nobody'"),
        (["plans", "restore", "Known"], "the following arguments are required: N"),
        (["plans"], "the following arguments are required: ACTION"),
        (["plans", "frobnicate"], "invalid choice: 'frobnicate'"),
    ],
)
def test_bad_input_is_one_message_and_exit_code_2(
    db_url: str,
    args: list[str],
    message: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with PlanStore(db_url) as store:
        store.create_plan("Known", load_plan(TEMPLATE))
    result = in_process(db_url, *args, monkeypatch=monkeypatch, capsys=capsys)
    assert_usage_error(result, message)


def test_bad_input_in_a_real_process_shows_no_traceback(db_url: str) -> None:
    assert_usage_error(planner(db_url, "plans", "show", "Nobody"), "no stored plan is named")
    assert_usage_error(planner(db_url, "plans", "nope"), "invalid choice: 'nope'")


def test_a_bad_plan_file_names_the_field(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump({"staffing": {"shrinkage": 1.5}}))
    result = in_process(db_url, "plans", "save", str(bad), monkeypatch=monkeypatch, capsys=capsys)
    assert_usage_error(result, "staffing.shrinkage")


def test_a_file_that_is_not_a_database_is_left_alone(tmp_path: Path) -> None:
    not_db = tmp_path / "notes.txt"
    not_db.write_text("shopping list\n")
    result = planner(f"sqlite:///{not_db}", "plans", "list")
    assert_usage_error(result, "is not a plans database (it is not an SQLite file)")
    assert not_db.read_text() == "shopping list\n"


def test_a_bad_url_is_one_message(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    result = in_process("nonsense", "plans", "list", monkeypatch=monkeypatch, capsys=capsys)
    assert_usage_error(result, "is not a database URL")


def _project_folder(tmp_path: Path, url: str) -> Path:
    """A project folder whose `.streamlit/secrets.toml` points the app at `url`."""
    folder = tmp_path / "project"
    (folder / ".streamlit").mkdir(parents=True)
    (folder / ".streamlit" / "secrets.toml").write_text(
        f'[connections.plans]\nurl = "{url}"\n', encoding="utf-8"
    )
    return folder


def test_run_from_the_project_folder_the_cli_uses_the_apps_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """With the URL only in .streamlit/secrets.toml (as the app reads it), the command line
    stores in the same database as the app."""
    from planner.cli.main import main

    apps_db = tmp_path / "apps.db"
    folder = _project_folder(tmp_path, f"sqlite:///{apps_db}")
    plan = folder / "plan.yaml"
    plan.write_text(plan_to_yaml(load_template("offshore_voice_support")), encoding="utf-8")
    monkeypatch.delenv("PLANNER_DATABASE_URL", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # the default, if it were used
    monkeypatch.chdir(folder)
    assert main(["plans", "save", "plan.yaml", "--name", "Shared"]) == 0
    assert str(apps_db) in capsys.readouterr().out
    assert apps_db.exists()
    assert not (tmp_path / "data").exists()
    with PlanStore(f"sqlite:///{apps_db}") as store:
        assert [record.name for record in store.list_plans()] == ["Shared"]


def test_the_environment_variable_wins_over_the_apps_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from planner.cli.plans import secrets_url
    from planner.storage.urls import resolve_url

    folder = _project_folder(tmp_path, "sqlite:///from-secrets.db")
    monkeypatch.chdir(folder)
    assert secrets_url() == "sqlite:///from-secrets.db"
    monkeypatch.setenv("PLANNER_DATABASE_URL", "sqlite:///from-env.db")
    assert resolve_url(secrets_url=secrets_url()) == "sqlite:///from-env.db"
    assert secrets_url(tmp_path) is None  # no settings file: the default database


def test_unreadable_app_settings_are_one_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from planner.cli.main import main

    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text("[connections.plans\n")
    monkeypatch.delenv("PLANNER_DATABASE_URL", raising=False)
    monkeypatch.chdir(tmp_path)
    assert main(["plans", "list"]) == 2
    err = capsys.readouterr().err
    assert "secrets.toml: cannot read the app's settings" in err
    assert "Traceback" not in err


# --- acting as a user: --user / PLANNER_USER ---------------------------------------------------


def as_user(db_url: str, user: str, *args: str) -> subprocess.CompletedProcess[str]:
    """`python -m planner ...` with PLANNER_USER=user, in a real process."""
    return run_planner(*args, env={"PLANNER_DATABASE_URL": db_url, "PLANNER_USER": user})


def test_a_viewers_save_exits_2_with_one_line(db_url: str) -> None:
    saved = planner(
        db_url, "--user", "ana@example.com", "plans", "save", str(TEMPLATE), "--name", "Ana"
    )
    assert saved.returncode == 0, saved.stderr
    shared = planner(db_url, "plans", "share", "Ana", "bo@example.com", "--user", "ana@example.com")
    assert shared.stdout.strip() == "shared 'Ana' with bo@example.com as viewer"

    refused = as_user(db_url, "Bo@Example.com", "plans", "save", str(TEMPLATE), "--name", "Ana")
    assert refused.returncode == 2
    assert refused.stdout == ""
    assert refused.stderr == (
        "error: you can only view the plan 'Ana' (shared with you by ana@example.com): you "
        "cannot save a version of it; ask its owner to share it with you as an editor\n"
    )
    shown = as_user(db_url, "bo@example.com", "plans", "show", "Ana")
    template = load_plan(TEMPLATE)  # saved under the name "Ana": one name per plan
    expected = template.model_copy(
        update={"settings": template.settings.model_copy(update={"name": "Ana"})}
    )
    assert shown.returncode == 0 and parse_plan_text(shown.stdout) == expected


def test_users_see_their_own_plans_and_share_and_unshare_them(
    db_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def run(user: str, *args: str) -> subprocess.CompletedProcess[str]:
        monkeypatch.setenv("PLANNER_USER", user)
        return in_process(db_url, *args, monkeypatch=monkeypatch, capsys=capsys)

    run("ana@example.com", "plans", "save", str(TEMPLATE), "--name", "Secret")
    assert_usage_error(
        run("bo@example.com", "plans", "show", "Secret"),
        "no stored plan is named 'Secret' (plans: none yet)",
    )
    run("ana@example.com", "plans", "share", "Secret", "bo@example.com", "--role", "editor")
    edited = run("bo@example.com", "plans", "save", str(TEMPLATE), "--name", "Secret")
    assert edited.stdout.startswith("saved version 2 of 'Secret'")
    listed = json.loads(run("ana@example.com", "plans", "list", "--json").stdout)
    (entry,) = listed["plans"]
    assert (entry["owner"], entry["access"]) == ("ana@example.com", "owner")
    assert [v["saved_by"] for v in entry["versions"]] == ["ana@example.com", "bo@example.com"]
    text = run("bo@example.com", "plans", "list").stdout
    assert "shared by ana@example.com, you can edit" in text
    assert_usage_error(
        run("bo@example.com", "plans", "unshare", "Secret", "bo@example.com"),
        "only the owner of the plan 'Secret' (ana@example.com) can unshare it",
    )
    gone = run("ana@example.com", "plans", "unshare", "Secret", "bo@example.com")
    assert gone.stdout.strip() == "'Secret' is no longer shared with bo@example.com"
    assert json.loads(run("bo@example.com", "plans", "list", "--json").stdout)["plans"] == []


def test_plans_from_before_sign_in_are_claimed_by_a_named_owner(
    db_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("PLANNER_USER", raising=False)
    in_process(
        db_url,
        "plans",
        "save",
        str(TEMPLATE),
        "--name",
        "Old",
        monkeypatch=monkeypatch,
        capsys=capsys,
    )
    claimed = in_process(
        db_url,
        "plans",
        "claim",
        "--owner",
        "Ana@Example.com",
        monkeypatch=monkeypatch,
        capsys=capsys,
    )
    assert claimed.stdout == "ana@example.com now owns 1 plan:\n  Old\n"
    again = in_process(
        db_url,
        "plans",
        "claim",
        "--owner",
        "bo@example.com",
        monkeypatch=monkeypatch,
        capsys=capsys,
    )
    assert again.stdout.startswith("no plans without an owner in ")
    listed = in_process(db_url, "plans", "list", monkeypatch=monkeypatch, capsys=capsys).stdout
    assert "Old  (changed" in listed and "owned by ana@example.com" in listed  # single-user mode


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--user", "not an address", "plans", "list"),
            "--user (or PLANNER_USER) must look like name@example.com, got 'not an address'",
        ),
        (("plans", "claim"), "--owner: say who gets the plans with no owner"),
        (
            ("plans", "share", "Mine", "bo@example.com", "--role", "admin"),
            "a plan is shared as viewer or editor, got 'admin'",
        ),
        (("plans", "share", "Nope", "bo@example.com"), "no stored plan is named 'Nope'"),
    ],
)
def test_bad_user_and_share_input_is_one_message(
    db_url: str,
    args: tuple[str, ...],
    message: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.delenv("PLANNER_USER", raising=False)
    in_process(
        db_url,
        "plans",
        "save",
        str(TEMPLATE),
        "--name",
        "Mine",
        monkeypatch=monkeypatch,
        capsys=capsys,
    )
    assert_usage_error(in_process(db_url, *args, monkeypatch=monkeypatch, capsys=capsys), message)


def test_a_malformed_database_url_never_shows_its_password(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = "postgresql+psycopg://planner:Sup3r$ecret@127.0.0.1:notaport/db"
    result = in_process(url, "plans", "list", monkeypatch=monkeypatch, capsys=capsys)
    assert_usage_error(result, "'postgresql+psycopg://planner:***@127.0.0.1:notaport/db' is not")
    assert "Sup3r$ecret" not in result.stderr + result.stdout
