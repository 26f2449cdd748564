"""How long one rerun of a page takes in one session on one server (AppTest, this process): the
business plan step and the dashboard rerun with the plan unchanged (moving between pages, any
click that changes no figure), and the business plan page right after an edit (opening cash).

The profile of one such rerun (cProfile) showed most of it building plotly figures from a
projection that had not changed; `ui.session.figures` now builds each once per plan content.
Medians of `--runs` reruns (default 12) after a warm-up.
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault(
    "PLANNER_DATABASE_URL", f"sqlite:///{tempfile.mkdtemp(prefix='planner-bench-')}/plans.db"
)
logging.disable(logging.WARNING)  # AppTest outside a server warns about its context

from streamlit.testing.v1 import AppTest  # noqa: E402

from planner.model.files import load_plan  # noqa: E402

PLAN = load_plan(ROOT / "templates" / "plans" / "offshore_voice_support.yaml")
BUSINESS_PLAN = "ui/views/business_plan.py"


def _app() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.session_state["plan"] = PLAN
    at.run()
    at.switch_page(BUSINESS_PLAN).run()
    return at


def _cash_box(at: AppTest) -> object:
    return next(w for w in at.number_input if w.label.startswith("Your own money"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=12)
    runs = parser.parse_args().runs
    value = 500_000.0
    for page in (BUSINESS_PLAN, "ui/views/dashboard.py"):
        at = _app()
        at.switch_page(page).run()
        at.run()
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            at.run()
            times.append(time.perf_counter() - started)
        print(f"{page:<28} rerun, plan unchanged   median {statistics.median(times):.3f} s")
    at = _app()
    times = []
    for _ in range(runs + 2):
        value += 1
        box = _cash_box(at)
        started = time.perf_counter()
        box.set_value(value).run()  # type: ignore[attr-defined]
        times.append(time.perf_counter() - started)
    print(f"{BUSINESS_PLAN:<28} rerun after an edit    median {statistics.median(times[2:]):.3f} s")


if __name__ == "__main__":
    main()
