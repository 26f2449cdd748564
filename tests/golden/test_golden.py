"""Golden snapshots: for each starter plan, the `summary --json` object and every cell of its
workbook (formula and cached value), compared with the files in `tests/golden/snapshots/`.

They pin the planner's behaviour while the code moves: a refactor must leave them unchanged. An
intended change (a bug fixed) is made by refreshing the snapshots and naming the difference in the
commit message:

    PLANNER_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/golden

(with CI=true the flag fails the tests instead: CI checks the snapshots, it never rewrites them).

Numbers are compared to 1e-9 relative (1e-6 absolute): the same figure computed in another order
may differ in its last bits, which no founder sees and which is not a change of behaviour.
"""

from __future__ import annotations

import io
import json
import math
import os
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from planner.cli.summary import summary_dict
from planner.engine.pipeline import project
from planner.export import workbook_bytes
from planner.model.files import load_plan
from tests.support.tools import IN_CI, ROOT

GOLDEN = Path(__file__).resolve().parent / "snapshots"
STARTERS = sorted(p.stem for p in (ROOT / "templates" / "plans").glob("*.yaml"))
UPDATE = os.environ.get("PLANNER_UPDATE_GOLDEN") == "1"


def _refresh(path: Path, text: str) -> None:
    """Write a refreshed snapshot; under CI=true, fail instead: a test that rewrites its own
    expectation passes by construction, so CI must never run with the flag set."""
    if IN_CI:
        pytest.fail(
            "PLANNER_UPDATE_GOLDEN=1 under CI=true: snapshots are refreshed on a developer "
            "machine, checked with git diff and committed, never rewritten by CI"
        )
    GOLDEN.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _cells(content: bytes) -> list[str]:
    """One line a non-empty cell: sheet, coordinate, formula (or empty), value (JSON)."""
    formulas = openpyxl.load_workbook(io.BytesIO(content))
    values = openpyxl.load_workbook(io.BytesIO(content), data_only=True)
    lines = []
    for ws in formulas.worksheets:
        wv = values[ws.title]
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is None:
                    continue
                formula = cell.value if cell.data_type == "f" else ""
                value = wv[cell.coordinate].value
                if hasattr(value, "isoformat"):
                    value = value.isoformat()
                lines.append(
                    "\t".join([ws.title, cell.coordinate, str(formula), json.dumps(value)])
                )
    names = sorted(
        f"{name}={','.join(f'{s}!{r}' for s, r in dn.destinations)}"
        for name, dn in formulas.defined_names.items()
    )
    return lines + [f"#name\t{n}" for n in names]


def _close(got: Any, want: Any) -> bool:
    if isinstance(got, bool) or isinstance(want, bool):
        return bool(got == want)
    if isinstance(got, int | float) and isinstance(want, int | float):
        return math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-6)
    if isinstance(got, dict) and isinstance(want, dict):
        return got.keys() == want.keys() and all(_close(got[k], want[k]) for k in got)
    if isinstance(got, list) and isinstance(want, list):
        return len(got) == len(want) and all(_close(a, b) for a, b in zip(got, want, strict=True))
    return bool(got == want)


def _compare_cells(got: list[str], want: list[str]) -> list[str]:
    diffs: list[str] = []
    keyed_got = {tuple(line.split("\t")[:2]): line for line in got}
    keyed_want = {tuple(line.split("\t")[:2]): line for line in want}
    for key in sorted(keyed_got.keys() | keyed_want.keys()):
        a, b = keyed_got.get(key), keyed_want.get(key)
        if a is None or b is None:
            diffs.append(f"{'/'.join(key)}: only in {'the snapshot' if a is None else 'the new'}")
            continue
        if a == b:
            continue
        ga, gb = a.split("\t"), b.split("\t")
        if ga[0] == "#name" or ga[2] != gb[2] or not _close(json.loads(ga[3]), json.loads(gb[3])):
            diffs.append(f"{'/'.join(key)}: new {ga[2:]} snapshot {gb[2:]}")
    return diffs


@pytest.mark.parametrize("starter", STARTERS)
def test_summary_json_matches_the_snapshot(starter: str) -> None:
    got = summary_dict(project(load_plan(ROOT / "templates" / "plans" / f"{starter}.yaml")))
    path = GOLDEN / f"{starter}.summary.json"
    if UPDATE:
        _refresh(path, json.dumps(got, indent=1) + "\n")
    want = json.loads(path.read_text(encoding="utf-8"))
    assert _close(got, want), f"{starter}: summary differs from {path.name}"


@pytest.mark.parametrize("starter", STARTERS)
def test_every_workbook_cell_matches_the_snapshot(starter: str) -> None:
    content = workbook_bytes(project(load_plan(ROOT / "templates" / "plans" / f"{starter}.yaml")))
    got = _cells(content)
    path = GOLDEN / f"{starter}.cells.tsv"
    if UPDATE:
        _refresh(path, "\n".join(got) + "\n")
    want = path.read_text(encoding="utf-8").splitlines()
    diffs = _compare_cells(got, want)
    assert not diffs, f"{starter}: {len(diffs)} cells differ, first: " + "; ".join(diffs[:10])


@pytest.mark.parametrize(
    "test", [test_summary_json_matches_the_snapshot, test_every_workbook_cell_matches_the_snapshot]
)
def test_the_refresh_flag_fails_under_ci(test: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    starter = STARTERS[0]
    before = {path.name: path.read_bytes() for path in GOLDEN.glob(f"{starter}.*")}
    monkeypatch.setattr(sys.modules[__name__], "UPDATE", True)
    monkeypatch.setattr(sys.modules[__name__], "IN_CI", True)
    with pytest.raises(pytest.fail.Exception, match="never rewritten by CI"):
        test(starter)
    assert {path.name: path.read_bytes() for path in GOLDEN.glob(f"{starter}.*")} == before
