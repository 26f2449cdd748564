"""Helpers for the AppTest page tests: start the app on a given plan, find widgets by label, edit a
data_editor through its session state, read KPI cards and the files the download buttons offer."""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from planner.model.files import load_plan
from planner.model.plan import Plan

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
TEMPLATE_FILES = sorted((ROOT / "templates" / "plans").glob("*.yaml"))
TEMPLATE_IDS = [p.stem for p in TEMPLATE_FILES]

# Autosave must never write to the user's own plans database from a test.
_DB_DIR = tempfile.mkdtemp(prefix="planner-ui-tests-")
os.environ["PLANNER_DATABASE_URL"] = f"sqlite:///{_DB_DIR}/plans.db"


def template(template_id: str) -> Plan:
    return load_plan(ROOT / "templates" / "plans" / f"{template_id}.yaml")


def app_on(plan: Plan, page: str | None = None) -> AppTest:
    """The app with `plan` as the current plan, on `page` (a path like "ui/views/staffing.py")."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["plan"] = plan
    at.run()
    assert_clean(at)
    if page is not None:
        at.switch_page(page).run()
        assert_clean(at)
    return at


def renders(
    template_id: str, page: str, title: str, *, charts: int | None = None, kpi: str | None = None
) -> AppTest:
    """The page on a starter template: its title, no exception, no error, `charts` charts and the
    KPI card `kpi` filled in."""
    at = app_on(template(template_id), page)
    assert at.title[0].value == title
    if charts is not None:
        assert len(chart_specs(at)) == charts
    if kpi is not None:
        assert metric(at, kpi)
    assert not at.error
    return at


def assert_clean(at: AppTest) -> None:
    """No exception reached the page."""
    assert not at.exception, "\n\n".join(
        f"{e.message}\n" + "\n".join(e.stack_trace) for e in at.exception
    )


def plan_of(at: AppTest) -> Plan:
    plan: Plan = at.session_state["plan"]
    return plan


def wkey(at: AppTest, name: str) -> str:
    # AppTest's session state has no .get()
    gen = at.session_state["plan_gen"] if "plan_gen" in at.session_state else 0  # noqa: SIM401
    return f"g{gen}:{name}"


def by_label(widgets: Any, label: str) -> Any:
    found = [w for w in widgets if w.label == label]
    assert found, f"no widget labelled {label!r}; labels: {[w.label for w in widgets]}"
    return found[0]


def metric(at: AppTest, label: str) -> str:
    for m in at.metric:
        # A money card carries its currency in the label: "Cash at the end (USD)".
        if m.label == label or m.label.startswith(f"{label} ("):
            return str(m.value)
    raise AssertionError(f"no KPI {label!r}; have {[m.label for m in at.metric]}")


def edit_rows(
    at: AppTest,
    name: str,
    edited: dict[int, dict[str, Any]] | None = None,
    added: list[dict[str, Any]] | None = None,
    deleted: list[int] | None = None,
) -> AppTest:
    """Edit the data_editor with widget name `name` as a user would, then rerun."""
    at.session_state[wkey(at, name)] = {
        "edited_rows": edited or {},
        "added_rows": added or [],
        "deleted_rows": deleted or [],
    }
    at.run()
    return at


def errors(at: AppTest) -> str:
    return "\n".join(str(e.value) for e in at.error)


def chart_specs(at: AppTest) -> list[str]:
    return [c.proto.spec for c in at.get("plotly_chart")]


def record_downloads(monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    """From now on, every file a download button offers, by file name (AppTest keeps no media)."""
    files: dict[str, bytes] = {}
    keep = MemoryMediaFileStorage.load_and_get_id

    def load(self: Any, data: Any, mimetype: str, kind: Any, filename: str | None = None) -> str:
        if filename is not None and isinstance(data, bytes):
            files[filename] = data
        return keep(self, data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", load)
    return files


def download_labels(at: AppTest) -> list[str]:
    return [d.proto.label for d in at.get("download_button")]


def downloaded_csv(files: dict[str, bytes], ending: str) -> pd.DataFrame:
    """The one offered CSV file whose name ends with `ending`, read as a spreadsheet would."""
    found = [name for name in files if name.endswith(ending)]
    assert len(found) == 1, f"want one file ending {ending!r}; offered {sorted(files)}"
    return pd.read_csv(io.BytesIO(files[found[0]]), encoding="utf-8-sig")


def warnings(at: AppTest) -> str:
    return "\n".join(str(w.value) for w in at.warning)
