"""`python -m planner export PLAN -o OUT`: the type follows OUT; bad input is one line, exit 2."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import docx
import openpyxl
import pytest

from planner.cli.main import main
from tests.support.tools import ROOT

PLAN = ROOT / "templates" / "plans" / "kpo_research_analytics.yaml"


def test_writes_the_workbook(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "plan.xlsx"
    assert main(["export", str(PLAN), "-o", str(out)]) == 0
    assert openpyxl.load_workbook(out).sheetnames[0] == "Summary"
    assert f"wrote {out}" in capsys.readouterr().out


def test_writes_the_document_without_a_browser(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    out = tmp_path / "plan.DOCX"
    assert main(["export", str(PLAN), "-o", str(out)]) == 0
    assert docx.Document(io.BytesIO(out.read_bytes())).tables
    err = capsys.readouterr().err
    assert err.startswith("note: Charts were left out") and "chromium" in err


def test_writes_the_document_as_a_pdf_without_a_browser(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    out = tmp_path / "plan.pdf"
    assert main(["export", str(PLAN), "-o", str(out)]) == 0
    content = out.read_bytes()
    assert content.startswith(b"%PDF-") and content.rstrip().endswith(b"%%EOF")
    captured = capsys.readouterr()
    assert f"wrote {out}" in captured.out
    assert captured.err.startswith("note: Charts were left out")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["export", str(PLAN), "-o", "plan.txt"], "must end in .xlsx (workbook), .docx or .pdf"),
        (["export", str(PLAN), "-o", "/no/such/folder/plan.xlsx"], "does not exist"),
        (["export", "/no/such/plan.yaml", "-o", "plan.xlsx"], "cannot read plan file"),
        (["export", str(PLAN)], "-o/--output"),
    ],
)
def test_bad_input_is_one_clear_line_and_exit_2(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.chdir(tmp_path)
    assert main(args) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err
    assert not list(tmp_path.iterdir())  # nothing written


def test_an_invalid_plan_is_refused_in_a_subprocess(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("settings:\n  horizon_months: 3\n", encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "planner", "export", str(bad), "-o", str(tmp_path / "x.xlsx")],
        capture_output=True, text=True, cwd=ROOT, timeout=120, check=False,
    )  # fmt: skip
    assert run.returncode == 2
    assert "settings.horizon_months" in run.stderr and "Traceback" not in run.stderr
    assert not (tmp_path / "x.xlsx").exists()
